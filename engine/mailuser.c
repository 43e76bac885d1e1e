/*
 * mailuser.c - SQL of the inbound mail pipeline.  Every statement is a
 * literal so db_prepare caches it: the daemon runs these thousands of
 * times per group transaction.
 */
#include "compat.h"

#include "db.h"
#include "mailuser.h"
#include "token.h"
#include "util.h"

#define USER_COLS "SELECT id, email, role, state, locale, first_name, last_name," \
	" notify_optional, unreachable, notify_email FROM users "

static int
read_user(struct db *db, sqlite3_stmt *st, struct mailuser *u, char **errstr_r)
{
	int rc = db_step(db, st, errstr_r);

	memset(u, 0, sizeof(*u));
	if (rc == 1) {
		const char *first = db_col_text(st, 5), *last = db_col_text(st, 6);

		u->id = sqlite3_column_int64(st, 0);
		(void)xstrlcpy(u->email, db_col_text(st, 1), sizeof(u->email));
		(void)xstrlcpy(u->role, db_col_text(st, 2), sizeof(u->role));
		(void)xstrlcpy(u->state, db_col_text(st, 3), sizeof(u->state));
		(void)xstrlcpy(u->locale, db_col_text(st, 4), sizeof(u->locale));
		(void)xsnprintf(u->name, sizeof(u->name), "%s%s%s", first, *first && *last ? " " : "", last);
		u->notify_optional = sqlite3_column_int(st, 7);
		u->unreachable = sqlite3_column_int(st, 8);
		u->notify_email = sqlite3_column_int(st, 9);
	}
	sqlite3_reset(st);
	return rc;
}

int
mailuser_by_email(struct db *db, const char *email, struct mailuser *u, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, USER_COLS "WHERE email = ? COLLATE NOCASE");

	db_bind_text(st, 1, email);
	return read_user(db, st, u, errstr_r);
}

int
mailuser_by_id(struct db *db, int64_t id, struct mailuser *u, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, USER_COLS "WHERE id = ?");

	db_bind_int(st, 1, id);
	return read_user(db, st, u, errstr_r);
}

int
mailuser_is_staff(const struct mailuser *u)
{
	return strcmp(u->role, "rp") == 0 || strcmp(u->role, "ga") == 0 ||
	    strcmp(u->role, "admin") == 0;
}

int
mailuser_set_notify_optional(struct db *db, int64_t id, int on, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE users SET notify_optional = ?, updated_at = ? WHERE id = ?");

	db_bind_int(st, 1, on ? 1 : 0);
	db_bind_int(st, 2, now_epoch());
	db_bind_int(st, 3, id);
	return db_done(db, st, errstr_r) < 0 ? -1 : 0;
}

int
mailuser_set_notify_email(struct db *db, int64_t id, int on, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE users SET notify_email = ?, updated_at = ? WHERE id = ?");

	db_bind_int(st, 1, on ? 1 : 0);
	db_bind_int(st, 2, now_epoch());
	db_bind_int(st, 3, id);
	return db_done(db, st, errstr_r) < 0 ? -1 : 0;
}

int
mailuser_error_budget(struct db *db, const char *sender, const char *day, int *count_r,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO error_budget (sender, day, count) VALUES (?, ?, 1)"
	    " ON CONFLICT (sender, day) DO UPDATE SET count = count + 1 RETURNING count");
	int rc;

	db_bind_text(st, 1, sender);
	db_bind_text(st, 2, day);
	rc = db_step(db, st, errstr_r);
	*count_r = rc == 1 ? sqlite3_column_int(st, 0) : 0;
	if (rc == 1 && db_step(db, st, errstr_r) < 0)
		rc = -1;
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
read_outbox(struct db *db, sqlite3_stmt *st, int64_t *user_id_r, char rcpt[256], char **errstr_r)
{
	int rc = db_step(db, st, errstr_r);

	if (rc == 1) {
		*user_id_r = sqlite3_column_int64(st, 0);
		(void)xstrlcpy(rcpt, db_col_text(st, 1), 256);
	}
	sqlite3_reset(st);
	return rc;
}

int
mailuser_outbox_by_id(struct db *db, int64_t id, int64_t *user_id_r, char rcpt[256],
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT user_id, rcpt FROM outbox WHERE id = ?");

	db_bind_int(st, 1, id);
	return read_outbox(db, st, user_id_r, rcpt, errstr_r);
}

int
mailuser_outbox_by_message_id(struct db *db, const char *message_id, int64_t *user_id_r,
    char rcpt[256], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT user_id, rcpt FROM outbox WHERE message_id = ?1 OR message_id = '<' || ?1 || '>'");
	char *masked = token_mask(message_id);	/* as mark_sent stored it */
	int rc;

	db_bind_text(st, 1, masked);
	rc = read_outbox(db, st, user_id_r, rcpt, errstr_r);
	free(masked);
	return rc;
}
