/*
 * db.h - the SQLite database: opened in WAL mode with foreign keys, schema
 * and migrations owned here (PRAGMA user_version), prepared statements cached
 * per connection.  No SQL outside engine/.
 *
 * Transactions: db_begin/db_commit/db_rollback for the outer transaction,
 * db_savepoint/db_release/db_rollback_to for one input inside a group commit.
 */
#ifndef ALTC_DB_H
#define ALTC_DB_H

#include <sqlite3.h>
#include <stdint.h>

struct db {
	sqlite3 *h;
	char *path;
	struct db_stmt_cache *cache;
	int in_tx;
};

/*
 * db_open - open (creating when create is set) and migrate to the current
 * schema.  NULL with *errstr_r on failure (not a database, newer schema,
 * unreadable file); the file is left untouched.
 */
struct db *db_open(const char *path, int create, char **errstr_r);

/*
 * db_open_temporary - whether the last db_open that failed met a condition
 * that may pass (disk full, I/O error, locked, cannot open the journal), as
 * opposed to a missing, foreign or newer database
 */
int db_open_temporary(void);
void db_close(struct db **db);

/* current schema version of this build */
int db_schema_version(void);

/*
 * db_prepare - a cached prepared statement for sql (reset and unbound);
 * dies on a malformed statement (a programmer error).
 */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
/* db_exec - run sql without results; -1 with *errstr_r (may be NULL) */
int db_exec(struct db *db, const char *sql, char **errstr_r);

int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
int db_savepoint(struct db *db, const char *name);
int db_release(struct db *db, const char *name);
void db_rollback_to(struct db *db, const char *name);

/* small helpers for one-row queries; return -1 with errstr on SQL error, 0 no row, 1 a row */
int db_step(struct db *db, sqlite3_stmt *st, char **errstr_r);
/* run a statement to completion; -1 on error */
int db_done(struct db *db, sqlite3_stmt *st, char **errstr_r);
const char *db_col_text(sqlite3_stmt *st, int col);	/* "" for NULL */
/*
 * db_table - every row of st (its first ncols columns, NULL kept) in a new
 * table with these column names; st is reset.  NULL with errstr on error.
 */
struct table;
struct table *db_table(struct db *db, sqlite3_stmt *st, const char *const *cols, size_t ncols,
    char **errstr_r);
/* bind a C string or NULL; -1 length means NUL-terminated */
void db_bind_text(sqlite3_stmt *st, int idx, const char *s);
/*
 * db_bind_keep - the same without a copy: s must stay valid and unchanged
 * until the statement is reset (db_done, or the next db_prepare of it).
 * For the hot inserts whose values live in the caller's frame.
 */
void db_bind_keep(sqlite3_stmt *st, int idx, const char *s);
void db_bind_int(sqlite3_stmt *st, int idx, int64_t v);
/* db_int_for - first column of the first row of sql run with one text parameter; 0 if none */
int64_t db_int_for(struct db *db, const char *sql, const char *arg);
/* db_int_for_id - the same with one integer parameter */
int64_t db_int_for_id(struct db *db, const char *sql, int64_t id);

/* db_integrity - PRAGMA integrity_check; 0 when "ok", else -1 with the answer */
int db_integrity(struct db *db, char **errstr_r);

/* a list of row ids, read from a query's first column */
struct id_list {
	int64_t *v;
	size_t n;
};

void id_list_add(struct id_list *l, int64_t id);
void id_list_release(struct id_list *l);
/* id_list_query - every first column of st (bound, reset at the end); -1 on error */
int id_list_query(struct db *db, void *st, struct id_list *l, char **errstr_r);

/* db_actor - the address of a user for the audit rows (static buffer, "" for 0) */
const char *db_actor(struct db *db, int64_t user_id);

/* longest audit detail kept, in bytes (longer ones are cut, "…" at the end) */
#define DB_AUDIT_DETAIL_MAX 2000

/* db_audit - one audit row (actor may be NULL for the system) */
int db_audit(struct db *db, const char *actor, const char *object_type, int64_t object_id,
    const char *from_state, const char *event, const char *to_state, const char *detail);

/* db_audit_count - audit rows of event by actor since the epoch since (rate limits) */
int64_t db_audit_count(struct db *db, const char *event, const char *actor, int64_t since);

#endif
