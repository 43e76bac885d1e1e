/*
 * outbox_db.c - queries behind the outbox and the notification center.
 * Statements are string literals so db_prepare caches them: a flush of ten
 * thousand messages prepares each one once.
 */
#include "compat.h"

#include "db.h"
#include "outbox_db.h"
#include "table.h"
#include "token.h"
#include "util.h"

#define ROW_COLUMNS \
	"o.id, COALESCE(o.user_id, 0), o.rcpt," \
	" COALESCE(TRIM(u.first_name || ' ' || u.last_name), ''), o.template, o.locale," \
	" o.vars, o.token, o.thread, o.attachments, o.state, o.attempts, o.next_attempt_at," \
	" o.created_at, o.last_error FROM outbox o LEFT JOIN users u ON u.id = o.user_id"

static char *
col_dup_or_null(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	return xstrdup(db_col_text(st, col));
}

static void
read_row(sqlite3_stmt *st, struct outbox_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->user_id = sqlite3_column_int64(st, 1);
	r->rcpt = xstrdup(db_col_text(st, 2));
	r->rcpt_name = xstrdup(db_col_text(st, 3));
	r->template = xstrdup(db_col_text(st, 4));
	r->locale = xstrdup(db_col_text(st, 5));
	r->vars = xstrdup(db_col_text(st, 6));
	r->token = col_dup_or_null(st, 7);
	r->thread = col_dup_or_null(st, 8);
	r->attachments = col_dup_or_null(st, 9);
	r->state = xstrdup(db_col_text(st, 10));
	r->attempts = sqlite3_column_int(st, 11);
	r->next_attempt_at = sqlite3_column_int64(st, 12);
	r->created_at = sqlite3_column_int64(st, 13);
	r->last_error = col_dup_or_null(st, 14);
}

void
outbox_row_release(struct outbox_row *r)
{
	free(r->rcpt);
	free(r->rcpt_name);
	free(r->template);
	free(r->locale);
	free(r->vars);
	free(r->token);
	free(r->thread);
	free(r->attachments);
	free(r->state);
	free(r->last_error);
	memset(r, 0, sizeof(*r));
}

int
outbox_db_due(struct db *db, int64_t now, int64_t after, size_t max,
    struct outbox_row **rows_r, size_t *n_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " ROW_COLUMNS
	    " WHERE o.state = 'queued' AND o.next_attempt_at <= ? AND o.id > ?"
	    " ORDER BY o.id LIMIT ?");
	struct outbox_row *rows = xcalloc(max ? max : 1, sizeof(*rows));
	size_t n = 0;
	int rc = 0;

	db_bind_int(st, 1, now);
	db_bind_int(st, 2, after);
	db_bind_int(st, 3, (int64_t)max);
	while (n < max && (rc = db_step(db, st, errstr_r)) == 1)
		read_row(st, &rows[n++]);
	sqlite3_reset(st);
	if (n < max && rc < 0) {
		while (n > 0)
			outbox_row_release(&rows[--n]);
		free(rows);
		return -1;
	}
	*rows_r = rows;
	*n_r = n;
	return 0;
}

int
outbox_db_get(struct db *db, int64_t id, struct outbox_row *r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " ROW_COLUMNS " WHERE o.id = ?");
	int rc;

	db_bind_int(st, 1, id);
	rc = db_step(db, st, errstr_r);
	if (rc == 1)
		read_row(st, r);
	sqlite3_reset(st);
	return rc;
}

/*
 * forget_tokens - a row that will not be written again keeps no clear token
 * (only their hashes are kept, in table tokens): the token column is
 * cleared and every issued token cut out of the variables
 */
static int
forget_tokens(struct db *db, int64_t id, char **errstr_r)
{
	sqlite3_stmt *q = db_prepare(db, "SELECT vars FROM outbox WHERE id = ?");
	sqlite3_stmt *u = db_prepare(db, "UPDATE outbox SET token = NULL, vars = COALESCE(?, vars)"
	    " WHERE id = ?");
	char *vars = NULL, *clean = NULL;
	int rc;

	db_bind_int(q, 1, id);
	rc = db_step(db, q, errstr_r);
	if (rc == 1)
		vars = xstrdup(db_col_text(q, 0));
	sqlite3_reset(q);
	if (rc < 0 || (vars && token_scrub(db, vars, &clean, errstr_r) < 0)) {
		free(vars);
		return -1;
	}
	db_bind_text(u, 1, clean);
	db_bind_int(u, 2, id);
	rc = db_done(db, u, errstr_r);
	free(vars);
	free(clean);
	return rc;
}

int
outbox_db_mark_sent(struct db *db, int64_t id, const char *message_id, int64_t now,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE outbox SET state = 'sent', sent_at = ?, message_id = ?,"
	    " attempts = attempts + 1, last_error = NULL WHERE id = ?");
	char *masked = message_id ? token_mask(message_id) : NULL;
	int rc;

	db_bind_int(st, 1, now);
	db_bind_text(st, 2, masked);	/* our Message-IDs carry the reply key */
	db_bind_int(st, 3, id);
	rc = db_done(db, st, errstr_r);
	free(masked);
	if (rc < 0)
		return -1;
	return forget_tokens(db, id, errstr_r);
}

int
outbox_db_mark_retry(struct db *db, int64_t id, int attempts, int64_t next,
    const char *error, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?"
	    " WHERE id = ? AND state = 'queued'");

	db_bind_int(st, 1, attempts);
	db_bind_int(st, 2, next);
	db_bind_text(st, 3, error);
	db_bind_int(st, 4, id);
	return db_done(db, st, errstr_r);
}

int
outbox_db_hasten(struct db *db, int64_t now, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE outbox SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at > ?");

	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	return db_done(db, st, errstr_r);
}

int
outbox_db_mark_failed(struct db *db, int64_t id, int attempts, const char *error,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE outbox SET state = 'failed', attempts = ?, last_error = ? WHERE id = ?");

	db_bind_int(st, 1, attempts);
	db_bind_text(st, 2, error);
	db_bind_int(st, 3, id);
	if (db_done(db, st, errstr_r) < 0)
		return -1;
	return forget_tokens(db, id, errstr_r);
}

int
outbox_db_mark_unreachable(struct db *db, int64_t user_id, const char *why, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE users SET unreachable = 1, bounce_at = ?, updated_at = ? WHERE id = ?"
	    " AND unreachable = 0");
	int64_t now = now_epoch();

	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, user_id);
	if (db_done(db, st, errstr_r) < 0)
		return -1;
	if (sqlite3_changes(db->h) > 0 &&
	    db_audit(db, NULL, "user", user_id, NULL, "unreachable", NULL, why) < 0) {
		*errstr_r = xstrdup("cannot write the audit row");
		return -1;
	}
	return 0;
}

static void
iso(int64_t t, char buf[32])
{
	if (t == 0)
		buf[0] = '\0';
	else
		epoch_to_iso(t, buf, 32);
}

struct table *
outbox_db_list(struct db *db, const char *state, char **errstr_r)
{
	static const char *const cols[] = { "id", "state", "template", "rcpt", "attempts",
	    "created", "next_attempt", "last_error" };
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id, state, template, rcpt, attempts, created_at, next_attempt_at,"
	    " COALESCE(last_error, '') FROM outbox WHERE ?1 IS NULL OR state = ?1 ORDER BY id DESC");
	struct table *t = table_new(cols, ARRAY_SIZE(cols));
	int rc;

	db_bind_text(st, 1, state);
	while ((rc = db_step(db, st, errstr_r)) == 1) {
		char id[24], att[16], cr[32], nx[32];
		const char *v[8];

		xsnprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		xsnprintf(att, sizeof(att), "%d", sqlite3_column_int(st, 4));
		iso(sqlite3_column_int64(st, 5), cr);
		iso(strcmp(db_col_text(st, 1), "queued") == 0 ? sqlite3_column_int64(st, 6) : 0, nx);
		v[0] = id; v[1] = db_col_text(st, 1); v[2] = db_col_text(st, 2);
		v[3] = db_col_text(st, 3); v[4] = att; v[5] = cr; v[6] = nx;
		v[7] = db_col_text(st, 7);
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}

struct table *
outbox_db_show(struct db *db, int64_t id, char **errstr_r)
{
	static const char *const cols[] = { "id", "state", "template", "locale", "rcpt",
	    "user_id", "thread", "token", "attempts", "created", "next_attempt", "sent",
	    "message_id", "last_error", "vars", "attachments" };
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id, state, template, locale, rcpt, COALESCE(user_id, ''), COALESCE(thread, ''),"
	    " CASE WHEN token IS NULL THEN 'no' ELSE 'yes' END, attempts, created_at,"
	    " next_attempt_at, COALESCE(sent_at, 0), COALESCE(message_id, ''),"
	    " COALESCE(last_error, ''), vars, COALESCE(attachments, '') FROM outbox WHERE id = ?");
	struct table *t;
	char sid[24], att[16], cr[32], nx[32], sent[32];
	const char *v[16];
	int rc, i;

	db_bind_int(st, 1, id);
	if ((rc = db_step(db, st, errstr_r)) <= 0) {
		sqlite3_reset(st);
		if (rc == 0)
			*errstr_r = xasprintf("no outbox message %lld", (long long)id);
		return NULL;
	}
	t = table_new(cols, ARRAY_SIZE(cols));
	for (i = 0; i < 16; i++)
		v[i] = db_col_text(st, i);
	xsnprintf(sid, sizeof(sid), "%lld", (long long)sqlite3_column_int64(st, 0));
	xsnprintf(att, sizeof(att), "%d", sqlite3_column_int(st, 8));
	iso(sqlite3_column_int64(st, 9), cr);
	iso(sqlite3_column_int64(st, 10), nx);
	iso(sqlite3_column_int64(st, 11), sent);
	v[0] = sid; v[8] = att; v[9] = cr; v[10] = nx; v[11] = sent;
	table_add_row(t, v);
	sqlite3_reset(st);
	return t;
}

int
outbox_db_counts(struct db *db, int64_t counts_r[3], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT COALESCE(SUM(state = 'queued'), 0), COALESCE(SUM(state = 'sent'), 0),"
	    " COALESCE(SUM(state = 'failed'), 0) FROM outbox");
	int rc = db_step(db, st, errstr_r);

	if (rc == 1) {
		counts_r[0] = sqlite3_column_int64(st, 0);
		counts_r[1] = sqlite3_column_int64(st, 1);
		counts_r[2] = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

struct table *
notify_db_list(struct db *db, const char *email, char **errstr_r)
{
	static const char *const cols[] = { "id", "created", "kind", "importance", "digested",
	    "vars" };
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT n.id, n.created_at, n.kind, n.importance, COALESCE(n.digested_at, 0), n.vars"
	    " FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = ?"
	    " ORDER BY n.id DESC");
	sqlite3_stmt *uq = db_prepare(db, "SELECT 1 FROM users WHERE email = ?");
	struct table *t;
	int rc;

	db_bind_text(uq, 1, email);
	rc = db_step(db, uq, errstr_r);
	sqlite3_reset(uq);
	if (rc <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("no user '%s'", email);
		return NULL;
	}
	t = table_new(cols, ARRAY_SIZE(cols));
	db_bind_text(st, 1, email);
	while ((rc = db_step(db, st, errstr_r)) == 1) {
		char id[24], cr[32], dg[32];
		const char *v[6];

		xsnprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		iso(sqlite3_column_int64(st, 1), cr);
		iso(sqlite3_column_int64(st, 4), dg);
		v[0] = id; v[1] = cr; v[2] = db_col_text(st, 2); v[3] = db_col_text(st, 3);
		v[4] = dg; v[5] = db_col_text(st, 5);
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}

int
digest_db_users(struct db *db, int64_t **ids_r, int **mailable_r, size_t *n_r,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT u.id, u.notify_email AND u.notify_optional AND NOT u.unreachable"
	    " FROM users u WHERE EXISTS"
	    " (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.digested_at IS NULL"
	    "  AND n.importance IN ('info', 'optional')) ORDER BY u.id");
	int64_t *ids = NULL;
	int *ok = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	while ((rc = db_step(db, st, errstr_r)) == 1) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			ids = xreallocarray(ids, alloc, sizeof(*ids));
			ok = xreallocarray(ok, alloc, sizeof(*ok));
		}
		ids[n] = sqlite3_column_int64(st, 0);
		ok[n++] = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		free(ids);
		free(ok);
		return -1;
	}
	*ids_r = ids;
	*mailable_r = ok;
	*n_r = n;
	return 0;
}

int
digest_db_items(struct db *db, int64_t user_id, struct digest_item **items_r,
    size_t *n_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id, kind, vars, created_at FROM notifications WHERE user_id = ?"
	    " AND digested_at IS NULL AND importance IN ('info', 'optional') ORDER BY id");
	struct digest_item *items = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	db_bind_int(st, 1, user_id);
	while ((rc = db_step(db, st, errstr_r)) == 1) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			items = xreallocarray(items, alloc, sizeof(*items));
		}
		items[n].id = sqlite3_column_int64(st, 0);
		items[n].kind = xstrdup(db_col_text(st, 1));
		items[n].vars = xstrdup(db_col_text(st, 2));
		items[n++].created_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		digest_items_free(items, n);
		return -1;
	}
	*items_r = items;
	*n_r = n;
	return 0;
}

void
digest_items_free(struct digest_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].kind);
		free(items[i].vars);
	}
	free(items);
}

int
digest_db_mark(struct db *db, int64_t user_id, int64_t upto, int64_t now, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE notifications SET digested_at = ?1 WHERE user_id = ?2 AND id <= ?3"
	    " AND digested_at IS NULL AND importance IN ('info', 'optional')");
	sqlite3_stmt *u = db_prepare(db, "UPDATE users SET digest_at = ?1 WHERE id = ?2");

	db_bind_int(st, 1, now);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, upto);
	if (db_done(db, st, errstr_r) < 0)
		return -1;
	db_bind_int(u, 1, now);
	db_bind_int(u, 2, user_id);
	return db_done(db, u, errstr_r);
}

char *
digest_db_user_locale(struct db *db, int64_t user_id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT locale FROM users WHERE id = ?");
	char *loc = NULL;

	db_bind_int(st, 1, user_id);
	if (db_step(db, st, NULL) == 1)
		loc = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return loc ? loc : xstrdup("");
}
