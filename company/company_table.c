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

/* rows - every row of st into a new table */
static struct table *
rows(struct altc *ctx, sqlite3_stmt *st, const char *const *cols, size_t n, char **errstr_r)
{
	struct table *t = table_new(cols, n);
	const char *vals[16];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t i = 0; i < n; i++)
			vals[i] = sqlite3_column_type(st, (int)i) == SQLITE_NULL ? NULL :
			    (const char *)sqlite3_column_text(st, (int)i);
		table_add_row(t, vals);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("%s", sqlite3_errmsg(ctx->db->h));
		table_free(&t);
	}
	return t;
}

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

	return rows(ctx, st, cols, N(cols), errstr_r);
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
	if ((t = rows(ctx, st, cols, N(cols), errstr_r)) != NULL && table_rows(t) == 0) {
		*errstr_r = xasprintf("no company with SIRET %s", d);
		table_free(&t);
	}
	return t;
}
