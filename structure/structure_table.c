/*
 * structure_table.c - structures as staff read them: the list, and one
 * structure's partner companies, in the three formats of table.h.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "status.h"
#include "structure.h"
#include "table.h"
#include "util.h"

struct table *
structure_list_table(struct altc *ctx, char **errstr_r)
{
	static const char *const cols[] = { "id", "name", "kind", "users", "partners",
		"pending", "offers" };
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT s.id, s.name, s.kind,"
	    " (SELECT count(*) FROM structure_members m WHERE m.structure_id = s.id),"
	    " (SELECT count(*) FROM structure_partners p WHERE p.structure_id = s.id"
	    "   AND p.state = 'validated'),"
	    " (SELECT count(*) FROM structure_partners p WHERE p.structure_id = s.id"
	    "   AND p.state = 'pending'),"
	    " (SELECT count(*) FROM offers o WHERE o.structure_id = s.id)"
	    " FROM structures s ORDER BY s.name");

	return db_table(ctx->db, st, cols, ARRAY_SIZE(cols), errstr_r);
}

struct table *
structure_partners_table(struct altc *ctx, const char *structure, char **errstr_r)
{
	static const char *const cols[] = { "id", "siret", "name", "city", "state", "contact",
		"requested_by", "decided_by", "reason", "offers" };
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT p.id, p.siret, p.name, p.city, p.state, p.contact_email, r.email, d.email,"
	    " p.reason, (SELECT count(*) FROM offers o WHERE o.structure_id = p.structure_id"
	    "   AND o.company_id = p.company_id)"
	    " FROM structure_partners p LEFT JOIN users r ON r.id = p.requested_by"
	    " LEFT JOIN users d ON d.id = p.decided_by WHERE p.structure_id = ?"
	    " ORDER BY p.name, p.id");
	int64_t id;

	if (structure_find(ctx, structure, &id, errstr_r) != ACT_OK)
		return NULL;
	db_bind_int(st, 1, id);
	return db_table(ctx->db, st, cols, ARRAY_SIZE(cols), errstr_r);
}
