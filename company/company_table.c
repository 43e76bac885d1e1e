/*
 * company_table.c - companies as staff read them: the list, and one company
 * with its people and offers, in the three formats of table.h.
 */
#include "compat.h"

#include "altc.h"
#include "company.h"
#include "db.h"
#include "siret.h"
#include "table.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct table *
company_list_table(struct altc *ctx, char **errstr_r)
{
	static const char *const cols[] = { "siret", "name", "state", "city", "referent", "people",
		"offers" };
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT c.siret, c.name, c.state, c.city, r.email,"
	    " (SELECT count(*) FROM users u WHERE u.company_id = c.id),"
	    " (SELECT count(*) FROM offers o WHERE o.company_id = c.id)"
	    " FROM companies c LEFT JOIN users r ON r.id = c.referent_id ORDER BY c.name");

	return db_table(ctx->db, st, cols, N(cols), errstr_r);
}

struct table *
company_show_table(struct altc *ctx, const char *siret, char **errstr_r)
{
	static const char *const cols[] = { "siret", "name", "sector", "headcount", "address",
		"postal_code", "city", "country", "one_click", "email", "person", "state", "referent" };
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT c.siret, c.name, c.sector, c.headcount, c.address, c.postal_code, c.city,"
	    " c.country, c.one_click, u.email, trim(u.first_name || ' ' || u.last_name), u.state,"
	    " u.company_referent FROM companies c LEFT JOIN users u ON u.company_id = c.id"
	    " WHERE c.siret = ? ORDER BY u.company_referent DESC, u.id");
	char d[SIRET_BUFSZ];
	struct table *t;

	if (siret_normalize(siret, d) < 0) {
		*errstr_r = xasprintf("'%s' is not a SIRET", siret);
		return NULL;
	}
	db_bind_text(st, 1, d);
	if ((t = db_table(ctx->db, st, cols, N(cols), errstr_r)) != NULL && table_rows(t) == 0) {
		*errstr_r = xasprintf("no company with SIRET %s", d);
		table_free(&t);
	}
	return t;
}
