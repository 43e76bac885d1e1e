/*
 * sirene.c - what the loaded register says of one SIRET: the state of the
 * establishment and of its legal unit, and the name and address formatted
 * from the register's parts when they are public.  The formatting happens
 * here, at lookup, rather than at load: the stored values are the
 * register's own, and a load stays a plain copy.
 */
#include "compat.h"

#include "db.h"
#include "sirene.h"
#include "strbuf.h"
#include "util.h"

void
sirene_entry_release(struct sirene_entry *e)
{
	FREE_AND_NULL(e->name);
	FREE_AND_NULL(e->address);
	FREE_AND_NULL(e->postal_code);
	FREE_AND_NULL(e->city);
}

int
sirene_loaded(struct db *db, int64_t *rows_r, int64_t *at_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT rows, loaded_at FROM sirene_loads WHERE kind = 'establishments' AND rows > 0");
	int rc = db_step(db, st, errstr_r);

	if (rc == 1 && rows_r)
		*rows_r = sqlite3_column_int64(st, 0);
	if (rc == 1 && at_r)
		*at_r = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return rc;
}

/* text - column i, NULL when SQL NULL or empty */
static const char *
text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s && *s ? s : NULL;
}

int
sirene_lookup(struct db *db, const char *siret, struct sirene_entry *e, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT e.state, e.diffusible, e.sign, e.usual_name, e.number, e.repetition,"
	    " e.street_type, e.street, e.complement, e.postal_code, e.city,"
	    " u.state, u.name, u.usual_name, u.first_name, u.last_name"
	    " FROM sirene_establishments e LEFT JOIN sirene_units u ON u.siren = substr(e.siret, 1, 9)"
	    " WHERE e.siret = ?");
	int rc;

	memset(e, 0, sizeof(*e));
	db_bind_text(st, 1, siret);
	if ((rc = db_step(db, st, errstr_r)) == 1) {
		e->closed = strcmp(db_col_text(st, 0), "F") == 0;
		e->diffusible = sqlite3_column_int(st, 1);
		e->ceased = strcmp(db_col_text(st, 11), "C") == 0;
	}
	/* a private establishment shows nothing, not even its unit's name */
	if (rc == 1 && e->diffusible) {
		e->name = sirene_name(text(st, 12), text(st, 13), text(st, 3), text(st, 2),
		    text(st, 14), text(st, 15));
		e->address = sirene_address(text(st, 4), text(st, 5), text(st, 6), text(st, 7),
		    text(st, 8));
		if (text(st, 9))
			e->postal_code = xstrdup(text(st, 9));
		e->city = sirene_title(text(st, 10), 1);
	}
	sqlite3_reset(st);
	return rc;
}

char *
sirene_summary(struct db *db)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT kind, files, rows, skipped, loaded_at FROM sirene_loads ORDER BY kind");
	struct strbuf sb = STRBUF_INIT;
	char n[32], when[40];

	while (db_step(db, st, NULL) == 1) {
		epoch_to_local(sqlite3_column_int64(st, 4), 1, when, sizeof(when));
		strbuf_addf(&sb, "%s%s %s loaded on %s from %s", sb.len ? "; " : "",
		    sirene_group(sqlite3_column_int64(st, 2), n, sizeof(n)), db_col_text(st, 0),
		    when, db_col_text(st, 1));
		if (sqlite3_column_int64(st, 3) > 0)
			strbuf_addf(&sb, " (%s lines skipped)",
			    sirene_group(sqlite3_column_int64(st, 3), n, sizeof(n)));
	}
	sqlite3_reset(st);
	return sb.len ? strbuf_detach(&sb, NULL) : (strbuf_release(&sb), NULL);
}
