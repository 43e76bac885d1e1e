/*
 * admission_staff.c - the formation's side of a transmitted dossier: a
 * piece sent back with its reason (the dossier unlocks for it until the
 * deadline), the interview convocation (an invitation with a stable UID
 * and a raised SEQUENCE when it moves), the decision; and the daily job
 * that expires unconfirmed signups and closes the dossiers left incomplete.
 */
#include "compat.h"

#include <json-c/json.h>
#include <time.h>

#include "admission.h"
#include "admission_fsm.h"
#include "admission_int.h"
#include "altc.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "interview_slot.h"
#include "log.h"
#include "status.h"
#include "strbuf.h"
#include "text.h"
#include "token.h"
#include "util.h"

#define DAY 86400

static int
begin(struct altc *ctx, char **errstr_r)
{
	if (db_savepoint(ctx->db, "admission_staff") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	return ACT_OK;
}

static int
end(struct altc *ctx, int rc)
{
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "admission_staff");
	else if (db_release(ctx->db, "admission_staff") < 0)
		rc = ACT_EDB;
	return rc;
}

/* fire - a transition as a status: ESTATE with the dossier's state when illegal */
static int
fire(struct altc *ctx, int64_t id, const char *event, int64_t staff_id, const char *detail,
    char **errstr_r)
{
	int r = admission_fire(ctx, id, event, staff_id ? db_actor(ctx->db, staff_id) : NULL,
	    detail, errstr_r);

	if (r == -2) {
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "SELECT state FROM admission_dossiers WHERE id = ?");

		free(*errstr_r);
		*errstr_r = NULL;
		db_bind_int(st, 1, id);
		if (db_step(ctx->db, st, NULL) == 1)
			*errstr_r = xasprintf("not possible now: the dossier is %s",
			    db_col_text(st, 0));
		else
			*errstr_r = xasprintf("no dossier %lld", (long long)id);
		sqlite3_reset(st);
		return ACT_ESTATE;
	}
	return r < 0 ? ACT_EDB : ACT_OK;
}

int
admission_refuse_piece(struct altc *ctx, int64_t id, int64_t staff_id, const char *label,
    const char *reason, char **errstr_r)
{
	sqlite3_stmt *st;
	int64_t req = 0, deadline;
	char *key, *detail, state[16] = "";
	int rc, r;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	key = text_key(label);
	/* by its label, or by its number in the dossier's list */
	st = db_prepare(ctx->db, "SELECT r.id, dp.state FROM admission_dossier_pieces dp"
	    " JOIN admission_required r ON r.id = dp.required_id WHERE dp.dossier_id = ?1"
	    " AND (r.label_key = ?2 OR (SELECT count(*) FROM admission_required r2"
	    "  JOIN admission_dossier_pieces d2 ON d2.required_id = r2.id AND d2.dossier_id = ?1"
	    "  WHERE r2.position < r.position OR (r2.position = r.position AND r2.id <= r.id))"
	    "  = CAST(?3 AS INTEGER))");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, key);
	db_bind_text(st, 3, label);
	if ((r = db_step(ctx->db, st, errstr_r)) == 1) {
		req = sqlite3_column_int64(st, 0);
		(void)xstrlcpy(state, db_col_text(st, 1), sizeof(state));
	}
	sqlite3_reset(st);
	free(key);
	if (r < 0)
		goto out;
	if (r == 0) {
		*errstr_r = xasprintf("this dossier has no piece '%s'", label);
		rc = ACT_EINPUT;
		goto out;
	}
	if (strcmp(state, "received") != 0) {
		*errstr_r = xasprintf("the piece '%s' is not received: nothing to send back", label);
		rc = ACT_ESTATE;
		goto out;
	}
	detail = xasprintf("%s: %s", label, reason);
	rc = fire(ctx, id, "refuse_piece", staff_id, detail, errstr_r);
	free(detail);
	if (rc != ACT_OK)
		goto out;
	rc = ACT_EDB;
	deadline = now_epoch() + config_int(ctx->cfg, "admission.resend_days") * DAY;
	st = db_prepare(ctx->db, "UPDATE admission_dossier_pieces SET state = 'refused',"
	    " refusal = ?, updated_at = ? WHERE dossier_id = ? AND required_id = ?");
	db_bind_text(st, 1, reason);
	db_bind_int(st, 2, now_epoch());
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, req);
	if (db_done(ctx->db, st, errstr_r) < 0)
		goto out;
	st = db_prepare(ctx->db, "UPDATE admission_dossiers SET deadline_at = ? WHERE id = ?");
	db_bind_int(st, 1, deadline);
	db_bind_int(st, 2, id);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    admission_notify_dossier(ctx, id, "piece_refused", errstr_r) < 0)
		goto out;
	rc = ACT_OK;
out:
	return end(ctx, rc);
}

/* slots_label - the slots as the audit keeps them: "label; label" in French */
static char *
slots_label(const struct interview_slot *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		char *l = interview_slot_label(&v[i], "fr");

		strbuf_addf(&sb, "%s%s", i ? "; " : "", l);
		free(l);
	}
	return strbuf_detach(&sb, NULL);
}

/* booked - whether dossier id has a slot set (an invitation out); 1, 0, -1 */
static int
booked(struct altc *ctx, int64_t id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT interview_start IS NOT NULL,"
	    " interview_slots IS NOT NULL FROM admission_dossiers WHERE id = ?");
	int rc, b = 0;

	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		b = sqlite3_column_int(st, 0) ? 1 : sqlite3_column_int(st, 1) ? 2 : 0;
	sqlite3_reset(st);
	return rc < 0 ? -1 : b;
}

/* run - one UPDATE of dossier id (?1) */
static int
run(struct altc *ctx, int64_t id, const char *sql, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, sql);

	db_bind_int(st, 1, id);
	return db_done(ctx->db, st, errstr_r);
}

#define CLEAR_SLOT "UPDATE admission_dossiers SET interview_start = NULL," \
	" interview_end = NULL, interview_location = NULL, interview_slots = NULL WHERE id = ?1"

/* set_slot - the slot of the invitation; its SEQUENCE raised when one went out before */
static int
set_slot(struct altc *ctx, int64_t id, const struct interview_slot *slot, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE admission_dossiers SET interview_start = ?,"
	    " interview_end = ?, interview_location = ?, interview_slots = NULL,"
	    " interview_seq = interview_seq + interview_sent, interview_sent = 1,"
	    " interview_reminded_at = NULL WHERE id = ?");

	db_bind_int(st, 1, slot->start);
	db_bind_int(st, 2, slot->end);
	db_bind_text(st, 3, slot->location);
	db_bind_int(st, 4, id);
	return db_done(ctx->db, st, errstr_r);
}

int
admission_convene(struct altc *ctx, int64_t id, int64_t staff_id,
    const struct interview_slot *slots, size_t n, char **errstr_r)
{
	sqlite3_stmt *st;
	char *label, *js;
	int rc, was;

	if (n == 0)
		BUG("admission_convene without a slot");
	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	label = slots_label(slots, n);
	rc = fire(ctx, id, "convene", staff_id, label, errstr_r);
	free(label);
	if (rc != ACT_OK)
		goto out;
	rc = ACT_EDB;
	if (n == 1) {
		/* one slot: a convocation, as before */
		if (set_slot(ctx, id, &slots[0], errstr_r) < 0 ||
		    admission_notify_dossier(ctx, id, "interview", errstr_r) < 0 ||
		    admission_notify_staff(ctx, id, "interview", errstr_r) < 0)
			goto out;
		rc = ACT_OK;
		goto out;
	}
	/* a choice: the former invitation, if any, is cancelled by the same mails */
	if ((was = booked(ctx, id, errstr_r)) < 0 || (was == 1 && run(ctx, id,
	    "UPDATE admission_dossiers SET interview_seq = interview_seq + 1 WHERE id = ?1",
	    errstr_r) < 0))
		goto out;
	st = db_prepare(ctx->db, "UPDATE admission_dossiers SET interview_slots = ? WHERE id = ?");
	js = admission_slots_json(slots, n);
	db_bind_text(st, 1, js);
	db_bind_int(st, 2, id);
	free(js);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    admission_notify_dossier(ctx, id, "slots", errstr_r) < 0 ||
	    admission_notify_staff(ctx, id, "slots", errstr_r) < 0)
		goto out;
	st = db_prepare(ctx->db, "UPDATE admission_dossiers SET interview_start = NULL,"
	    " interview_end = NULL, interview_location = NULL WHERE id = ?");
	db_bind_int(st, 1, id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		goto out;
	rc = ACT_OK;
out:
	return end(ctx, rc);
}

/* slots_of - the proposed slots of dossier id (caller frees), NULL when none; -1 on error */
static int
slots_of(struct altc *ctx, int64_t id, char **json_r, char state_r[24], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT interview_slots, state FROM"
	    " admission_dossiers WHERE id = ?");
	int rc;

	*json_r = NULL;
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			*json_r = xstrdup(db_col_text(st, 0));
		(void)xstrlcpy(state_r, db_col_text(st, 1), 24);
	} else if (rc == 0)
		*errstr_r = xasprintf("no dossier %lld", (long long)id);
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
}

int
admission_book(struct altc *ctx, int64_t id, int64_t candidate_id, int64_t n, char **errstr_r)
{
	struct interview_slot s = { 0, 0, NULL };
	char state[24], *js = NULL, *who = NULL, *label, detail[32];
	int rc;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	if (slots_of(ctx, id, &js, state, errstr_r) < 0)
		goto out;
	if (strcmp(state, "interview") != 0 || js == NULL) {
		*errstr_r = xstrdup("no interview slot waits for your choice");
		rc = ACT_ESTATE;
		goto out;
	}
	if (admission_slot_pick(js, n, now_epoch(), &s, errstr_r) < 0) {
		rc = ACT_EINPUT;
		goto out;
	}
	who = admission_candidate_email(ctx, candidate_id);
	label = interview_slot_label(&s, "fr");
	xsnprintf(detail, sizeof(detail), "%lld: ", (long long)n);
	{
		char *d = xasprintf("%s%s", detail, label);

		rc = admission_fire(ctx, id, "book", who, d, errstr_r) == 0 ? ACT_OK : ACT_EDB;
		free(d);
	}
	free(label);
	if (rc != ACT_OK)
		goto out;
	rc = ACT_EDB;
	if (set_slot(ctx, id, &s, errstr_r) < 0 ||
	    admission_notify_dossier(ctx, id, "interview", errstr_r) < 0 ||
	    admission_notify_staff(ctx, id, "interview", errstr_r) < 0)
		goto out;
	rc = ACT_OK;
out:
	interview_slot_release(&s);
	free(js);
	free(who);
	return end(ctx, rc);
}

int
admission_interview_cancel(struct altc *ctx, int64_t id, int64_t staff_id,
    int64_t candidate_id, char **errstr_r)
{
	json_object *x;
	char *who = NULL;
	int rc, was, r;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	if ((was = booked(ctx, id, errstr_r)) < 0)
		goto out;
	if (was == 0) {
		*errstr_r = xstrdup("there is no interview to cancel");
		rc = ACT_ESTATE;
		goto out;
	}
	if (staff_id)
		rc = fire(ctx, id, "cancel_interview", staff_id, NULL, errstr_r);
	else {
		who = admission_candidate_email(ctx, candidate_id);
		r = admission_fire(ctx, id, "cancel_interview", who, NULL, errstr_r);
		rc = r == 0 ? ACT_OK : r == -1 ? ACT_EDB : ACT_ESTATE;
		if (rc == ACT_ESTATE) {
			free(*errstr_r);
			*errstr_r = xstrdup("there is no interview to cancel");
		}
	}
	if (rc != ACT_OK)
		goto out;
	rc = ACT_EDB;
	if (was == 1 && run(ctx, id, "UPDATE admission_dossiers SET interview_seq ="
	    " interview_seq + 1 WHERE id = ?1", errstr_r) < 0)
		goto out;
	x = json_object_new_object();
	json_object_object_add(x, "by_candidate", json_object_new_boolean(staff_id == 0));
	if (admission_notify_dossier_with(ctx, id, "interview_cancelled", x, errstr_r) < 0)
		goto out;
	x = json_object_new_object();
	json_object_object_add(x, "by_candidate", json_object_new_boolean(staff_id == 0));
	if (admission_notify_staff_with(ctx, id, "interview_cancelled", x, errstr_r) < 0 ||
	    run(ctx, id, CLEAR_SLOT, errstr_r) < 0)
		goto out;
	rc = ACT_OK;
out:
	free(who);
	return end(ctx, rc);
}

int
admission_interview_move(struct altc *ctx, int64_t id, int64_t candidate_id,
    const char *message, char **errstr_r)
{
	json_object *x;
	char *who = NULL;
	int rc, was, r = 0;

	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	rc = ACT_EDB;
	if ((was = booked(ctx, id, errstr_r)) < 0)
		goto out;
	who = admission_candidate_email(ctx, candidate_id);
	if (was == 0 || (r = admission_fire(ctx, id, "move", who, message && *message ? message :
	    NULL, errstr_r)) == -2) {
		free(*errstr_r);
		*errstr_r = xstrdup("there is no interview to move");
		rc = ACT_ESTATE;
		goto out;
	}
	if (r != 0)
		goto out;
	if (was == 1 && run(ctx, id, "UPDATE admission_dossiers SET interview_seq ="
	    " interview_seq + 1 WHERE id = ?1", errstr_r) < 0)
		goto out;
	x = json_object_new_object();
	if (message && *message)
		json_object_object_add(x, "message", json_object_new_string(message));
	if (admission_notify_staff_with(ctx, id, "move_asked", x, errstr_r) < 0 ||
	    admission_notify_dossier(ctx, id, "move_asked", errstr_r) < 0 ||
	    run(ctx, id, CLEAR_SLOT, errstr_r) < 0)
		goto out;
	rc = ACT_OK;
out:
	free(who);
	return end(ctx, rc);
}

int
admission_decide(struct altc *ctx, int64_t id, int64_t staff_id, const char *event,
    const char *reason, char **errstr_r)
{
	static const struct { const char *event, *mail; int final; } events[] = {
		{ "admit", "admitted", 1 }, { "waitlist", "waitlisted", 0 },
		{ "refuse", "refused", 1 },
	};
	sqlite3_stmt *st;
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(events) && strcmp(events[i].event, event) != 0; i++)
		;
	if (i == ARRAY_SIZE(events))
		BUG("decision '%s'", event);
	if (strcmp(event, "refuse") == 0 && (reason == NULL || *reason == '\0')) {
		*errstr_r = xstrdup("a refusal needs a reason: REFUSER reason");
		return ACT_EINPUT;
	}
	if ((rc = begin(ctx, errstr_r)) != ACT_OK)
		return rc;
	if ((rc = fire(ctx, id, event, staff_id, reason, errstr_r)) != ACT_OK)
		goto out;
	rc = ACT_EDB;
	/* a decision ends a choice still open */
	st = db_prepare(ctx->db, "UPDATE admission_dossiers SET reason = ?, decided_at = ?,"
	    " interview_slots = NULL WHERE id = ?");
	db_bind_text(st, 1, reason && *reason ? reason : NULL);
	db_bind_int(st, 2, now_epoch());
	db_bind_int(st, 3, id);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    (events[i].final && token_revoke_object(ctx->db, "admission", id, errstr_r) < 0) ||
	    admission_notify_dossier(ctx, id, events[i].mail, errstr_r) < 0)
		goto out;
	rc = ACT_OK;
out:
	return end(ctx, rc);
}

int
admission_remind(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r)
{
	sqlite3_stmt *st;
	struct id_list ids = { 0 };
	time_t t = (time_t)now;
	struct tm tm;
	int64_t from, to;
	int rc = 0;

	/* tomorrow, local time, as the offer interviews' reminders */
	localtime_r(&t, &tm);
	tm.tm_mday += 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	from = (int64_t)mktime(&tm);
	tm.tm_mday += 1;
	tm.tm_isdst = -1;
	to = (int64_t)mktime(&tm);
	st = db_prepare(ctx->db, "SELECT id FROM admission_dossiers WHERE state = 'interview'"
	    " AND interview_reminded_at IS NULL AND interview_start >= ?1 AND interview_start < ?2"
	    " ORDER BY interview_start");
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	if (id_list_query(ctx->db, st, &ids, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < ids.n && rc == 0; i++) {
		st = db_prepare(ctx->db, "UPDATE admission_dossiers SET interview_reminded_at = ?2"
		    " WHERE id = ?1");
		db_bind_int(st, 1, ids.v[i]);
		db_bind_int(st, 2, now);
		if (admission_notify_dossier(ctx, ids.v[i], "reminder", errstr_r) < 0 ||
		    admission_notify_staff(ctx, ids.v[i], "reminder", errstr_r) < 0 ||
		    db_done(ctx->db, st, errstr_r) < 0)
			rc = -1;
		else
			(*did_r)++;
	}
	id_list_release(&ids);
	return rc;
}

/* close_all - the dossiers st selects are closed as incomplete, both sides told */
static int
close_all(struct altc *ctx, sqlite3_stmt *st, const char *why, size_t *did_r, char **errstr_r)
{
	struct id_list ids = { 0 };
	int rc = 0;

	if (id_list_query(ctx->db, st, &ids, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < ids.n && rc == 0; i++) {
		sqlite3_stmt *t = db_prepare(ctx->db, "SELECT transmitted_at IS NOT NULL"
		    " FROM admission_dossiers WHERE id = ?");
		int sent;

		db_bind_int(t, 1, ids.v[i]);
		sent = db_step(ctx->db, t, errstr_r) == 1 && sqlite3_column_int(t, 0);
		sqlite3_reset(t);
		if (admission_fire(ctx, ids.v[i], "close", NULL, why, errstr_r) != 0 ||
		    token_revoke_object(ctx->db, "admission", ids.v[i], errstr_r) < 0 ||
		    admission_notify_dossier(ctx, ids.v[i], "closed", errstr_r) < 0 ||
		    (sent && admission_notify_staff(ctx, ids.v[i], "closed", errstr_r) < 0))
			rc = -1;
		else
			(*did_r)++;
	}
	id_list_release(&ids);
	return rc;
}

/* expire_signups - unconfirmed candidates past admission.confirm_days */
static int
expire_signups(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id FROM candidates WHERE"
	    " state = 'unconfirmed' AND created_at <= ?");
	struct id_list ids = { 0 };
	int rc = 0;

	db_bind_int(st, 1, now_epoch() - config_int(ctx->cfg, "admission.confirm_days") * DAY);
	if (id_list_query(ctx->db, st, &ids, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < ids.n && rc == 0; i++) {
		if (fsm_apply(ctx->db, &fsm_candidate, ids.v[i], "expire", NULL,
		    "address not confirmed in time", NULL, NULL, NULL, errstr_r) != FSM_OK ||
		    token_revoke_object(ctx->db, "candidate", ids.v[i], errstr_r) < 0)
			rc = -1;
		else
			(*did_r)++;
	}
	id_list_release(&ids);
	return rc;
}

int
admission_sweep(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	sqlite3_stmt *st;
	char today[11];

	*did_r = 0;
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("the database is unavailable");
		return -1;
	}
	if (expire_signups(ctx, did_r, errstr_r) < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT id FROM admission_dossiers WHERE state = 'piece_refused'"
	    " AND deadline_at <= ?");
	db_bind_int(st, 1, now_epoch());
	if (close_all(ctx, st, "piece not sent again before the deadline", did_r, errstr_r) < 0)
		goto fail;
	admission_today(today);
	st = db_prepare(ctx->db, "SELECT d.id FROM admission_dossiers d JOIN admission_windows w"
	    " ON w.formation_id = d.formation_id WHERE d.state = 'incomplete' AND w.closes_on < ?");
	db_bind_text(st, 1, today);
	if (close_all(ctx, st, "incomplete when applications closed", did_r, errstr_r) < 0)
		goto fail;
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the admission sweep");
		return -1;
	}
	return 0;
fail:
	db_rollback(ctx->db);
	return -1;
}
