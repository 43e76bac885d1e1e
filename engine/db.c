/*
 * db.c - opening, migrating and querying the SQLite database.  Statements
 * are prepared once per connection and kept in a small cache keyed by the
 * SQL text pointer (every caller passes a string literal).
 */
#include "compat.h"

#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "db_schema.h"
#include "log.h"
#include "table.h"
#include "text.h"
#include "util.h"

struct db_stmt_cache {
	const char **sql;
	sqlite3_stmt **st;
	size_t n, alloc;
};

int
db_schema_version(void)
{
	int n = 0;

	while (db_migrations[n] != NULL)
		n++;
	return n;
}

int
db_exec(struct db *db, const char *sql, char **errstr_r)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (errstr_r)
			*errstr_r = xasprintf("%s: %s", db->path, msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
pragma_int(struct db *db, const char *sql, int *out, char **errstr_r)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("%s: %s", db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		*errstr_r = xasprintf("%s: %s", db->path, sqlite3_errmsg(db->h));
		sqlite3_finalize(st);
		return -1;
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* migrate - apply the missing migrations, each in its own transaction */
static int
migrate(struct db *db, char **errstr_r)
{
	int version, target = db_schema_version();

	if (pragma_int(db, "PRAGMA user_version", &version, errstr_r) < 0)
		return -1;
	if (version > target) {
		*errstr_r = xasprintf("%s: schema version %d is newer than this altc (%d)",
		    db->path, version, target);
		return -1;
	}
	for (; version < target; version++) {
		char pragma[64];

		if (db_exec(db, "BEGIN IMMEDIATE", errstr_r) < 0)
			return -1;
		xsnprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", version + 1);
		if (db_exec(db, db_migrations[version], errstr_r) < 0 ||
		    db_exec(db, pragma, errstr_r) < 0) {
			db_exec(db, "ROLLBACK", NULL);
			return -1;
		}
		if (db_exec(db, "COMMIT", errstr_r) < 0)
			return -1;
		log_debug("database '%s' migrated to version %d", db->path, version + 1);
	}
	return 0;
}

/* the SQLite result code of the last failed db_open (0: not SQLite's) */
static int open_failure;

int
db_open_temporary(void)
{
	switch (open_failure & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_CANTOPEN:
	case SQLITE_NOMEM:
		return 1;
	default:
		return 0;
	}
}

struct db *
db_open(const char *path, int create, char **errstr_r)
{
	struct db *db;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	open_failure = 0;

	if (create)
		flags |= SQLITE_OPEN_CREATE;
	else if (access(path, F_OK) < 0) {
		*errstr_r = xasprintf("%s: %s (run 'altc init' first)", path, strerror(errno));
		return NULL;
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	db->cache = xcalloc(1, sizeof(*db->cache));
	rc = sqlite3_open_v2(path, &db->h, flags, NULL);
	if (rc != SQLITE_OK) {
		*errstr_r = xasprintf("%s: %s", path, db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		open_failure = db->h ? sqlite3_extended_errcode(db->h) : rc;
		db_close(&db);
		return NULL;
	}
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_extended_result_codes(db->h, 1);
	if (db_exec(db, "PRAGMA journal_mode = WAL", errstr_r) < 0 ||
	    db_exec(db, "PRAGMA foreign_keys = ON", errstr_r) < 0 ||
	    db_exec(db, "PRAGMA synchronous = NORMAL", errstr_r) < 0 ||
	    /* the journal of each input's savepoint stays in memory instead of
	     * a temporary file written page by page (and the sorts too) */
	    db_exec(db, "PRAGMA temp_store = MEMORY", errstr_r) < 0 ||
	    migrate(db, errstr_r) < 0) {
		open_failure = sqlite3_extended_errcode(db->h);
		db_close(&db);
		return NULL;
	}
	return db;
}

void
db_close(struct db **dbp)
{
	struct db *db = *dbp;
	size_t i;

	if (db == NULL)
		return;
	if (db->cache) {
		for (i = 0; i < db->cache->n; i++)
			sqlite3_finalize(db->cache->st[i]);
		free(db->cache->sql);
		free(db->cache->st);
		free(db->cache);
	}
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
	*dbp = NULL;
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	struct db_stmt_cache *c = db->cache;
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->sql[i] == sql) {
			sqlite3_reset(c->st[i]);
			sqlite3_clear_bindings(c->st[i]);
			return c->st[i];
		}
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		BUG("cannot prepare '%s': %s", sql, sqlite3_errmsg(db->h));
	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 64;
		c->sql = xreallocarray(c->sql, c->alloc, sizeof(*c->sql));
		c->st = xreallocarray(c->st, c->alloc, sizeof(*c->st));
	}
	c->sql[c->n] = sql;
	c->st[c->n++] = st;
	return st;
}

int
db_step(struct db *db, sqlite3_stmt *st, char **errstr_r)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if (errstr_r)
		*errstr_r = xasprintf("%s: %s", db->path, sqlite3_errmsg(db->h));
	return -1;
}

int
db_done(struct db *db, sqlite3_stmt *st, char **errstr_r)
{
	int rc;

	while ((rc = db_step(db, st, errstr_r)) == 1)
		;
	sqlite3_reset(st);
	return rc;
}

struct table *
db_table(struct db *db, sqlite3_stmt *st, const char *const *cols, size_t ncols, char **errstr_r)
{
	struct table *t = table_new(cols, ncols);
	const char **vals = xcalloc(ncols, sizeof(*vals));
	int rc;

	while ((rc = db_step(db, st, errstr_r)) == 1) {
		for (size_t i = 0; i < ncols; i++)
			vals[i] = (const char *)sqlite3_column_text(st, (int)i);
		table_add_row(t, vals);
	}
	sqlite3_reset(st);
	free(vals);
	if (rc < 0)
		table_free(&t);
	return t;
}

const char *
db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

/* a NULL pointer binds SQL NULL (sqlite3_bind_text's own rule) */
void
db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

void
db_bind_keep(sqlite3_stmt *st, int idx, const char *s)
{
	sqlite3_bind_text(st, idx, s, -1, SQLITE_STATIC);
}

void
db_bind_int(sqlite3_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st, idx, v);
}

int64_t
db_int_for(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int64_t v = 0;

	db_bind_text(st, 1, arg);
	if (db_step(db, st, NULL) == 1)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

int64_t
db_int_for_id(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int64_t v = 0;

	db_bind_int(st, 1, id);
	if (db_step(db, st, NULL) == 1)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

int
db_begin(struct db *db)
{
	char *err = NULL;

	if (db_exec(db, "BEGIN IMMEDIATE", &err) < 0) {
		log_warnx("%s", err);
		free(err);
		return -1;
	}
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	char *err = NULL;

	if (db_exec(db, "COMMIT", &err) < 0) {
		log_warnx("%s", err);
		free(err);
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	if (sqlite3_get_autocommit(db->h) == 0)
		db_exec(db, "ROLLBACK", NULL);
	db->in_tx = 0;
}

int
db_savepoint(struct db *db, const char *name)
{
	char sql[128];
	char *err = NULL;

	xsnprintf(sql, sizeof(sql), "SAVEPOINT \"%s\"", name);
	if (db_exec(db, sql, &err) < 0) {
		log_warnx("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

int
db_release(struct db *db, const char *name)
{
	char sql[128];
	char *err = NULL;

	xsnprintf(sql, sizeof(sql), "RELEASE \"%s\"", name);
	if (db_exec(db, sql, &err) < 0) {
		log_warnx("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

void
db_rollback_to(struct db *db, const char *name)
{
	char sql[160];

	xsnprintf(sql, sizeof(sql), "ROLLBACK TO \"%s\"; RELEASE \"%s\"", name, name);
	db_exec(db, sql, NULL);
}

int
db_integrity(struct db *db, char **errstr_r)
{
	sqlite3_stmt *st;
	const char *answer;
	int rc = 0;

	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("%s: %s", db->path, sqlite3_errmsg(db->h));
		return -1;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		*errstr_r = xasprintf("%s: %s", db->path, sqlite3_errmsg(db->h));
		rc = -1;
	} else if (strcmp((answer = db_col_text(st, 0)), "ok") != 0) {
		*errstr_r = xasprintf("%s: integrity check: %s", db->path, answer);
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

void
id_list_add(struct id_list *l, int64_t id)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = id;
}

void
id_list_release(struct id_list *l)
{
	FREE_AND_NULL(l->v);
	l->n = 0;
}

int
id_list_query(struct db *db, void *stp, struct id_list *l, char **errstr_r)
{
	sqlite3_stmt *st = stp;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		id_list_add(l, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("%s", sqlite3_errmsg(db->h));
		return -1;
	}
	return 0;
}

const char *
db_actor(struct db *db, int64_t user_id)
{
	static char buf[256];
	sqlite3_stmt *st = db_prepare(db, "SELECT email FROM users WHERE id = ?");

	buf[0] = '\0';
	db_bind_int(st, 1, user_id);
	if (user_id && db_step(db, st, NULL) == 1)
		(void)xstrlcpy(buf, db_col_text(st, 0), sizeof(buf));
	sqlite3_reset(st);
	return buf;
}

int
db_audit(struct db *db, const char *actor, const char *object_type, int64_t object_id,
    const char *from_state, const char *event, const char *to_state, const char *detail)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO audit (at, actor, object_type, object_id, from_state, event, to_state, detail)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	char *err = NULL, *cut = NULL;

	if (detail && strlen(detail) > DB_AUDIT_DETAIL_MAX) {
		cut = xstrdup(detail);
		(void)text_truncate(cut, DB_AUDIT_DETAIL_MAX);
		detail = cut;
	}
	db_bind_int(st, 1, now_epoch());
	db_bind_keep(st, 2, actor);
	db_bind_keep(st, 3, object_type);
	db_bind_int(st, 4, object_id);
	db_bind_keep(st, 5, from_state);
	db_bind_keep(st, 6, event);
	db_bind_keep(st, 7, to_state);
	db_bind_keep(st, 8, detail);
	if (db_done(db, st, &err) < 0) {
		log_warnx("audit: %s", err);
		free(err);
		free(cut);
		return -1;
	}
	free(cut);
	return 0;
}

int64_t
db_audit_count(struct db *db, const char *event, const char *actor, int64_t since)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM audit WHERE event = ?1"
	    " AND actor = ?2 AND at > ?3");
	int64_t n = 0;

	db_bind_text(st, 1, event);
	db_bind_text(st, 2, actor);
	db_bind_int(st, 3, since);
	if (db_step(db, st, NULL) == 1)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}
