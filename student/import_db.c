/*
 * import_db.c - rows of the import history.
 */
#include "compat.h"

#include "db.h"
#include "import_db.h"
#include "table.h"
#include "util.h"

int64_t
import_db_begin(struct db *db, const char *filename, const char *sha256,
    const char *type, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO imports (filename, sha256, type, status, started_at)"
	    " VALUES (?, ?, ?, 'running', ?)");

	db_bind_text(st, 1, filename);
	db_bind_text(st, 2, sha256);
	db_bind_text(st, 3, type);
	db_bind_int(st, 4, now_epoch());
	if (db_done(db, st, errstr_r) < 0)
		return -1;
	return sqlite3_last_insert_rowid(db->h);
}

int
import_db_finish(struct db *db, int64_t id, const struct import_counts *c, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE imports SET status = ?, lines = ?, created = ?, rejected = ?, log_path = ?,"
	    " rejects_path = ?, finished_at = ? WHERE id = ?");

	db_bind_text(st, 1, c->status);
	db_bind_int(st, 2, c->lines);
	db_bind_int(st, 3, c->created);
	db_bind_int(st, 4, c->rejected);
	db_bind_text(st, 5, c->log_path);
	db_bind_text(st, 6, c->rejects_path);
	db_bind_int(st, 7, now_epoch());
	db_bind_int(st, 8, id);
	return db_done(db, st, errstr_r);
}

struct table *
import_db_table(struct db *db, char **errstr_r)
{
	static const char *const cols[] = {
		"id", "fichier", "date", "type", "statut", "lignes", "crees", "rejetees"
	};
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id, filename, started_at, type, status, lines, created, rejected"
	    " FROM imports ORDER BY id DESC");
	struct table *t = table_new(cols, ARRAY_SIZE(cols));
	int rc;

	while ((rc = db_step(db, st, errstr_r)) == 1) {
		char date[32];
		const char *v[ARRAY_SIZE(cols)];
		size_t i;

		epoch_to_iso(sqlite3_column_int64(st, 2), date, sizeof(date));
		for (i = 0; i < ARRAY_SIZE(cols); i++)
			v[i] = db_col_text(st, (int)i);
		v[2] = date;
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}
