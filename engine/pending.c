/*
 * pending.c - the table of held staff commands (pending.h): a row per
 * command, a state that only moves once, from pending to confirmed or
 * cancelled, and the audit rows of each move.
 */
#include "compat.h"

#include "db.h"
#include "pending.h"
#include "util.h"

int
pending_hold(struct db *db, int64_t user_id, const char *route, const char *verb,
    const char *text, int64_t ttl, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st;
	int64_t now = now_epoch();
	char detail[96];

	if (text == NULL)
		text = "";
	if (strlen(text) > PENDING_TEXT_MAX)
		return 1;
	st = db_prepare(db, "SELECT count(*) FROM pending_commands WHERE user_id = ?1"
	    " AND state = 'pending' AND expires_at > ?2");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, now);
	if (db_step(db, st, errstr_r) < 0)
		return -1;
	if (sqlite3_column_int64(st, 0) >= PENDING_OPEN_MAX) {
		sqlite3_reset(st);
		return 2;
	}
	sqlite3_reset(st);
	st = db_prepare(db,
	    "INSERT INTO pending_commands (user_id, route, verb, body, expires_at, created_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, route);
	db_bind_text(st, 3, verb);
	db_bind_text(st, 4, text);
	db_bind_int(st, 5, now + ttl);
	db_bind_int(st, 6, now);
	if (db_done(db, st, errstr_r) < 0)
		return -1;
	*id_r = sqlite3_last_insert_rowid(db->h);
	xsnprintf(detail, sizeof(detail), "%s at %s, until confirmed", verb, route);
	if (db_audit(db, db_actor(db, user_id), "pending_command", *id_r, NULL, "command.held",
	    "pending", detail) < 0) {
		*errstr_r = xstrdup("cannot write the audit row");
		return -1;
	}
	return 0;
}

/* load - the row id into p (text included); 1, 0 when none, -1 on SQL error */
static int
load(struct db *db, int64_t id, struct pending_command *p, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT user_id, route, verb, state, expires_at, body FROM pending_commands"
	    " WHERE id = ?1");
	int rc;

	memset(p, 0, sizeof(*p));
	db_bind_int(st, 1, id);
	if ((rc = db_step(db, st, errstr_r)) == 1) {
		p->id = id;
		p->user_id = sqlite3_column_int64(st, 0);
		(void)xstrlcpy(p->route, db_col_text(st, 1), sizeof(p->route));
		(void)xstrlcpy(p->verb, db_col_text(st, 2), sizeof(p->verb));
		(void)xstrlcpy(p->state, db_col_text(st, 3), sizeof(p->state));
		p->expires_at = sqlite3_column_int64(st, 4);
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			p->text = xstrdup(db_col_text(st, 5));
	}
	sqlite3_reset(st);
	return rc;
}

int
pending_take(struct db *db, int64_t id, int64_t user_id, int confirm,
    struct pending_command *p_r, char **errstr_r)
{
	const char *to = confirm ? "confirmed" : "cancelled";
	sqlite3_stmt *st;
	char event[32];
	int rc;

	if ((rc = load(db, id, p_r, errstr_r)) <= 0)
		return rc < 0 ? -1 : PENDING_UNKNOWN;
	if (p_r->user_id != user_id)
		rc = PENDING_WRONG_USER;
	else if (strcmp(p_r->state, "pending") != 0)
		rc = PENDING_DONE;
	else if (p_r->expires_at <= now_epoch())
		rc = PENDING_EXPIRED;
	else
		rc = PENDING_OK;
	if (rc != PENDING_OK) {
		free(p_r->text);
		p_r->text = NULL;
		return rc;
	}
	st = db_prepare(db, "UPDATE pending_commands SET state = ?2, body = NULL, decided_at = ?3"
	    " WHERE id = ?1 AND state = 'pending'");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, to);
	db_bind_int(st, 3, now_epoch());
	if (db_done(db, st, errstr_r) < 0)
		goto fail;
	xsnprintf(event, sizeof(event), "command.%s", to);
	if (db_audit(db, db_actor(db, user_id), "pending_command", id, "pending", event, to,
	    p_r->verb) < 0) {
		*errstr_r = xstrdup("cannot write the audit row");
		goto fail;
	}
	(void)xstrlcpy(p_r->state, to, sizeof(p_r->state));
	return PENDING_OK;
fail:
	pending_release(p_r);
	return -1;
}

void
pending_release(struct pending_command *p)
{
	free(p->text);
	p->text = NULL;
}
