/*
 * interview.c - the interviews of applications: their rows, their state
 * table (interview_fsm.c) and the mail of each step.  The slots of an
 * interview are a JSON array in its row; the booked one is copied to
 * start_at/end_at so that "first come first served" between candidates of
 * one employer is one indexed query.  The invitation's UID is
 * interview-ID@domain for the whole life of the interview and its
 * SEQUENCE is raised by every booking and cancellation.
 */
#include "compat.h"

#include <json-c/json.h>
#include <time.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "status.h"
#include "interview.h"
#include "interview_fsm.h"
#include "log.h"
#include "notify.h"
#include "token.h"
#include "util.h"

struct iv_row {
	int64_t id, app_id, student_id, employer_id, chosen, start_at, end_at, sequence;
	char *state, *slots, *location, *offer_title, *company, *student_name, *student_email,
	    *employer_name, *employer_email;
};

static char *
col_dup(sqlite3_stmt *st, int col)
{
	return xstrdup(db_col_text(st, col));
}

static void
iv_release(struct iv_row *r)
{
	free(r->state);
	free(r->slots);
	free(r->location);
	free(r->offer_title);
	free(r->company);
	free(r->student_name);
	free(r->student_email);
	free(r->employer_name);
	free(r->employer_email);
	memset(r, 0, sizeof(*r));
}

/* iv_load - 1 loaded, 0 unknown, -1 SQL error */
static int
iv_load(struct altc *ctx, int64_t id, struct iv_row *r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT i.id, i.application_id, a.student_id, i.employer_id, coalesce(i.chosen, 0),"
	    " coalesce(i.start_at, 0), coalesce(i.end_at, 0), i.sequence, i.state, i.slots,"
	    " i.location, o.title, c.name, trim(s.first_name || ' ' || s.last_name), s.email,"
	    " trim(e.first_name || ' ' || e.last_name), e.email"
	    " FROM interviews i JOIN applications a ON a.id = i.application_id"
	    " JOIN offers o ON o.id = a.offer_id JOIN companies c ON c.id = o.company_id"
	    " JOIN users s ON s.id = a.student_id JOIN users e ON e.id = i.employer_id"
	    " WHERE i.id = ?");
	int rc;

	memset(r, 0, sizeof(*r));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		r->id = sqlite3_column_int64(st, 0);
		r->app_id = sqlite3_column_int64(st, 1);
		r->student_id = sqlite3_column_int64(st, 2);
		r->employer_id = sqlite3_column_int64(st, 3);
		r->chosen = sqlite3_column_int64(st, 4);
		r->start_at = sqlite3_column_int64(st, 5);
		r->end_at = sqlite3_column_int64(st, 6);
		r->sequence = sqlite3_column_int64(st, 7);
		r->state = col_dup(st, 8);
		r->slots = col_dup(st, 9);
		r->location = sqlite3_column_type(st, 10) == SQLITE_NULL ? NULL : col_dup(st, 10);
		r->offer_title = col_dup(st, 11);
		r->company = col_dup(st, 12);
		r->student_name = col_dup(st, 13);
		r->student_email = col_dup(st, 14);
		r->employer_name = col_dup(st, 15);
		r->employer_email = col_dup(st, 16);
		if (*r->student_name == '\0') {
			free(r->student_name);
			r->student_name = xstrdup(r->student_email);
		}
		if (*r->employer_name == '\0') {
			free(r->employer_name);
			r->employer_name = xstrdup(r->company);
		}
	}
	sqlite3_reset(st);
	return rc;
}

static const char *
locale_of(struct altc *ctx, int64_t user_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT locale FROM users WHERE id = ?");
	const char *l = "fr";

	db_bind_int(st, 1, user_id);
	if (db_step(ctx->db, st, NULL) == 1 && strcmp(db_col_text(st, 0), "en") == 0)
		l = "en";
	sqlite3_reset(st);
	return l;
}

/* slots_json - the slots as stored */
static char *
slots_json(const struct interview_slot *slots, size_t n)
{
	json_object *a = json_object_new_array();
	char *s;

	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "start", json_object_new_int64(slots[i].start));
		json_object_object_add(o, "end", json_object_new_int64(slots[i].end));
		if (slots[i].location)
			json_object_object_add(o, "location",
			    json_object_new_string(slots[i].location));
		json_object_array_add(a, o);
	}
	s = xstrdup(json_object_to_json_string_ext(a, JSON_PLAIN));
	json_object_put(a);
	return s;
}

/* slot_at - slot n (from 1) of the stored array; 0, or -1 when there is none */
static int
slot_at(const char *json, int64_t n, struct interview_slot *s)
{
	json_object *a = json_tokener_parse(json), *o, *v;
	int rc = -1;

	if (a && json_object_is_type(a, json_type_array) && n >= 1 &&
	    (size_t)n <= json_object_array_length(a)) {
		o = json_object_array_get_idx(a, (size_t)n - 1);
		s->start = json_object_object_get_ex(o, "start", &v) ? json_object_get_int64(v) : 0;
		s->end = json_object_object_get_ex(o, "end", &v) ? json_object_get_int64(v) : 0;
		s->location = json_object_object_get_ex(o, "location", &v) ?
		    xstrdup(json_object_get_string(v)) : NULL;
		rc = 0;
	}
	json_object_put(a);
	return rc;
}

/* slots_vars - [{"n", "label"}] of the stored slots for a reader of locale */
static json_object *
slots_vars(const char *json, const char *locale)
{
	json_object *out = json_object_new_array();
	struct interview_slot s;

	for (int64_t n = 1; slot_at(json, n, &s) == 0; n++) {
		json_object *o = json_object_new_object();
		char *l = interview_slot_label(&s, locale);

		json_object_object_add(o, "n", json_object_new_int64(n));
		json_object_object_add(o, "label", json_object_new_string(l));
		json_object_array_add(out, o);
		free(l);
		interview_slot_release(&s);
	}
	return out;
}

/* booked_label - the booked slot for a reader of locale */
static char *
booked_label(const struct iv_row *r, const char *locale)
{
	struct interview_slot s = { r->start_at, r->end_at, r->location };

	if (r->start_at == 0)
		return xstrdup(locale_is_en(locale) ? "not set yet" : "pas encore fixé");
	return interview_slot_label(&s, locale);
}

/* send_one - one mail of the interview to one side, with its reply key when verbs is set */
static int
send_one(struct altc *ctx, const struct iv_row *r, int64_t to, const char *template_name,
    json_object *v, const char *verbs, char **errstr_r)
{
	struct notify_msg m = { 0 };
	char tok[TOKEN_BUFSZ], thread[64];
	int rc;

	if (verbs && token_issue(ctx->db, to == r->student_id ? "interview_student" :
	    "interview_employer", "interview", r->id, to, verbs,
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0) {
		json_object_put(v);
		return INTERVIEW_EDB;
	}
	(void)xsnprintf(thread, sizeof(thread), "application.%lld", (long long)r->app_id);
	m.user_id = to;
	m.template = template_name;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.token = verbs ? tok : NULL;
	m.thread = thread;
	rc = notify_queue(ctx, &m, errstr_r) < 0 ? INTERVIEW_EDB : INTERVIEW_OK;
	json_object_put(v);
	return rc;
}

static json_object *
base_vars(const struct iv_row *r)
{
	json_object *v = json_object_new_object();

	json_object_object_add(v, "offer_title", json_object_new_string(r->offer_title));
	json_object_object_add(v, "company", json_object_new_string(r->company));
	json_object_object_add(v, "student_name", json_object_new_string(r->student_name));
	return v;
}

/* calendar - the "calendar" variable (templates/VARIABLES.md) of the booked slot */
static json_object *
calendar(struct altc *ctx, const struct iv_row *r, const char *attendee, int cancel)
{
	json_object *c = json_object_new_object(), *att = json_object_new_array();
	char *uid = xasprintf("interview-%lld@%s", (long long)r->id,
	    config_str(ctx->cfg, "mail.domain"));
	char *summary = xasprintf("Entretien : %s (%s) \xe2\x80\x94 %s", r->offer_title,
	    r->company, r->student_name);

	json_object_object_add(c, "uid", json_object_new_string(uid));
	json_object_object_add(c, "start", json_object_new_int64(r->start_at));
	json_object_object_add(c, "end", json_object_new_int64(r->end_at));
	json_object_object_add(c, "summary", json_object_new_string(summary));
	if (r->location)
		json_object_object_add(c, "location", json_object_new_string(r->location));
	json_object_object_add(c, "attendee", json_object_new_string(attendee));
	json_object_array_add(att, json_object_new_string(r->employer_email));
	json_object_array_add(att, json_object_new_string(r->student_email));
	json_object_object_add(c, "attendees", att);
	json_object_object_add(c, "sequence", json_object_new_int64(r->sequence));
	json_object_object_add(c, "tzid", json_object_new_string(
	    config_str(ctx->cfg, "mail.time_zone")));
	if (cancel)
		json_object_object_add(c, "method", json_object_new_string("CANCEL"));
	free(uid);
	free(summary);
	return c;
}

/* mail_proposed - the numbered slots to the student, the slots understood to the employer */
static int
mail_proposed(struct altc *ctx, const struct iv_row *r, const char *moved_by, char **errstr_r)
{
	json_object *v = base_vars(r);
	char tok[TOKEN_BUFSZ], *url;
	int rc;

	json_object_object_add(v, "slots", slots_vars(r->slots, locale_of(ctx, r->student_id)));
	/* the same choice on a page (interview_http.c): GET lists the slots, POST books one */
	if (token_issue(ctx->db, "interview_pick", "interview", r->id, r->student_id, "CRENEAU",
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0) {
		json_object_put(v);
		return INTERVIEW_EDB;
	}
	url = xasprintf("%s/s/%s", config_str(ctx->cfg, "mail.base_url"), tok);
	json_object_object_add(v, "pick_url", json_object_new_string(url));
	free(url);
	if ((rc = send_one(ctx, r, r->student_id, "interview.proposed", v, INTERVIEW_STUDENT_VERBS,
	    errstr_r)) != INTERVIEW_OK)
		return rc;
	v = base_vars(r);
	json_object_object_add(v, "slots", slots_vars(r->slots, locale_of(ctx, r->employer_id)));
	if (moved_by)
		json_object_object_add(v, "moved_by", json_object_new_string(moved_by));
	return send_one(ctx, r, r->employer_id, "interview.slots", v, INTERVIEW_EMPLOYER_VERBS,
	    errstr_r);
}

/* mail_both - template to both sides, with the invitation when the slot is booked */
static int
mail_both(struct altc *ctx, const struct iv_row *r, const char *template_name, int cancel,
    const char *by, char **errstr_r)
{
	const int64_t who[2] = { r->student_id, r->employer_id };
	int rc = INTERVIEW_OK;

	for (int i = 0; i < 2 && rc == INTERVIEW_OK; i++) {
		const char *loc = locale_of(ctx, who[i]);
		json_object *v = base_vars(r);
		char *slot = booked_label(r, loc);

		json_object_object_add(v, "slot", json_object_new_string(slot));
		json_object_object_add(v, "other_name", json_object_new_string(
		    i == 0 ? r->company : r->student_name));
		if (by)
			json_object_object_add(v, "cancelled_by", json_object_new_string(by));
		if (r->start_at)
			json_object_object_add(v, "calendar", calendar(ctx, r,
			    i == 0 ? r->student_email : r->employer_email, cancel));
		free(slot);
		rc = send_one(ctx, r, who[i], template_name, v, cancel ? NULL : i == 0 ?
		    INTERVIEW_STUDENT_VERBS : INTERVIEW_EMPLOYER_VERBS, errstr_r);
	}
	return rc;
}

/* the interview statuses are the workflows' (status.h): fsm_status maps a transition */
_Static_assert((int)INTERVIEW_OK == (int)ACT_OK && (int)INTERVIEW_EDB == (int)ACT_EDB &&
    (int)INTERVIEW_ESTATE == (int)ACT_ESTATE && (int)INTERVIEW_ENOTFOUND == (int)ACT_ENOTFOUND,
    "interview statuses differ from status.h");

/* fire - a transition without the fsm's own notifications (the caller sends richer ones) */
static int
fire(struct altc *ctx, int64_t id, const char *event, int64_t actor, char **errstr_r)
{
	return fsm_status(fsm_apply(ctx->db, &fsm_interview, id, event,
	    db_actor(ctx->db, actor), NULL, NULL, NULL, NULL, errstr_r));
}

static int
exec_sql(struct altc *ctx, sqlite3_stmt *st, char **errstr_r)
{
	return db_done(ctx->db, st, errstr_r) < 0 ? INTERVIEW_EDB : INTERVIEW_OK;
}

int64_t
interview_of_application(struct altc *ctx, int64_t app_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM interviews WHERE application_id = ? ORDER BY id DESC LIMIT 1");
	int64_t id = 0;
	int rc;

	db_bind_int(st, 1, app_id);
	if ((rc = db_step(ctx->db, st, NULL)) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? -1 : id;
}

/* set_slots - no slot booked any more, and new slots when given */
static int
set_slots(struct altc *ctx, int64_t id, const struct interview_slot *slots, size_t n,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE interviews SET slots = coalesce(?2, slots),"
	    " chosen = NULL, start_at = NULL, end_at = NULL, location = NULL, reminded_at = NULL,"
	    " updated_at = ?3 WHERE id = ?1");
	char *js = slots ? slots_json(slots, n) : NULL;

	db_bind_int(st, 1, id);
	if (js)
		db_bind_text(st, 2, js);
	else
		sqlite3_bind_null(st, 2);
	db_bind_int(st, 3, now_epoch());
	free(js);
	return exec_sql(ctx, st, errstr_r);
}

int
interview_propose(struct altc *ctx, int64_t app_id, int64_t employer_id,
    const struct interview_slot *slots, size_t nslots, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st;
	struct iv_row r;
	int64_t id;
	char *js;
	int rc;

	if (nslots == 0 || nslots > SLOT_MAX) {
		*errstr_r = xasprintf("give between 1 and %lld slots, one a line", (long long)SLOT_MAX);
		return INTERVIEW_EINPUT;
	}
	st = db_prepare(ctx->db, "SELECT state FROM applications WHERE id = ?");
	db_bind_int(st, 1, app_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) != 1) {
		sqlite3_reset(st);
		if (rc == 0)
			*errstr_r = xasprintf("no application %lld", (long long)app_id);
		return rc == 0 ? INTERVIEW_ENOTFOUND : INTERVIEW_EDB;
	}
	if (strcmp(db_col_text(st, 0), "pending") != 0 &&
	    strcmp(db_col_text(st, 0), "shortlisted") != 0) {
		*errstr_r = xasprintf("the application is already %s", db_col_text(st, 0));
		sqlite3_reset(st);
		return INTERVIEW_ESTATE;
	}
	sqlite3_reset(st);
	if ((id = interview_of_application(ctx, app_id)) < 0) {
		*errstr_r = xstrdup("cannot read the interviews");
		return INTERVIEW_EDB;
	}
	if (id > 0 && (rc = iv_load(ctx, id, &r, errstr_r)) == 1) {
		int booked = strcmp(r.state, "booked") == 0, cancelled = strcmp(r.state, "cancelled") == 0;

		iv_release(&r);
		if (booked) {
			*errstr_r = xstrdup("the interview is booked: DEPLACER to move it");
			return INTERVIEW_ESTATE;
		}
		if (cancelled && (rc = fire(ctx, id, "propose", employer_id, errstr_r)) != INTERVIEW_OK)
			return rc;
		if ((rc = set_slots(ctx, id, slots, nslots, errstr_r)) != INTERVIEW_OK)
			return rc;
	} else {
		st = db_prepare(ctx->db, "INSERT INTO interviews (application_id, employer_id, state,"
		    " slots, created_at, updated_at) VALUES (?1, ?2, 'proposed', ?3, ?4, ?4)");
		js = slots_json(slots, nslots);
		db_bind_int(st, 1, app_id);
		db_bind_int(st, 2, employer_id);
		db_bind_text(st, 3, js);
		db_bind_int(st, 4, now_epoch());
		free(js);
		if ((rc = exec_sql(ctx, st, errstr_r)) != INTERVIEW_OK)
			return rc;
		id = sqlite3_last_insert_rowid(ctx->db->h);
		if (db_audit(ctx->db, db_actor(ctx->db, employer_id), "interview", id, NULL,
		    "propose", "proposed", NULL) < 0) {
			*errstr_r = xstrdup("cannot write the audit row");
			return INTERVIEW_EDB;
		}
		log_info("interview %lld: proposed for application %lld", (long long)id,
		    (long long)app_id);
	}
	if ((rc = iv_load(ctx, id, &r, errstr_r)) != 1)
		return rc == 0 ? INTERVIEW_ENOTFOUND : INTERVIEW_EDB;
	rc = mail_proposed(ctx, &r, NULL, errstr_r);
	iv_release(&r);
	if (id_r)
		*id_r = id;
	return rc;
}

/* side - 1 the student, 2 the employer, 0 neither */
static int
side(const struct iv_row *r, int64_t user_id)
{
	return user_id == r->student_id ? 1 : user_id == r->employer_id ? 2 : 0;
}

int
interview_book(struct altc *ctx, int64_t id, int64_t user_id, int64_t n, char **errstr_r)
{
	struct interview_slot s = { 0 };
	sqlite3_stmt *st;
	struct iv_row r;
	int rc;

	if ((rc = iv_load(ctx, id, &r, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no interview %lld", (long long)id);
		return rc == 0 ? INTERVIEW_ENOTFOUND : INTERVIEW_EDB;
	}
	rc = INTERVIEW_OK;
	if (side(&r, user_id) != 1) {
		*errstr_r = xstrdup("only the candidate books a slot");
		rc = INTERVIEW_EDENIED;
	} else if (strcmp(r.state, "proposed") != 0) {
		*errstr_r = xasprintf("the interview is %s", r.state);
		rc = INTERVIEW_ESTATE;
	} else if (n < 1 || slot_at(r.slots, n, &s) < 0) {
		*errstr_r = xasprintf("there is no slot %lld: CRENEAU followed by the number of a slot",
		    (long long)n);
		rc = INTERVIEW_EINPUT;
	} else if (s.start <= now_epoch()) {
		*errstr_r = xasprintf("slot %lld is past: choose another", (long long)n);
		rc = INTERVIEW_EINPUT;
	}
	if (rc != INTERVIEW_OK)
		goto out;
	/* first come first served among the employer's candidates */
	st = db_prepare(ctx->db, "SELECT count(*) FROM interviews WHERE employer_id = ?1"
	    " AND state = 'booked' AND id != ?2 AND start_at < ?4 AND end_at > ?3");
	db_bind_int(st, 1, r.employer_id);
	db_bind_int(st, 2, r.id);
	db_bind_int(st, 3, s.start);
	db_bind_int(st, 4, s.end);
	if (db_step(ctx->db, st, errstr_r) != 1) {
		sqlite3_reset(st);
		rc = INTERVIEW_EDB;
		goto out;
	}
	if (sqlite3_column_int64(st, 0) > 0) {
		*errstr_r = xasprintf("slot %lld was just booked by another candidate: choose another",
		    (long long)n);
		rc = INTERVIEW_ESTATE;
	}
	sqlite3_reset(st);
	if (rc != INTERVIEW_OK || (rc = fire(ctx, id, "book", user_id, errstr_r)) != INTERVIEW_OK)
		goto out;
	st = db_prepare(ctx->db, "UPDATE interviews SET chosen = ?2, start_at = ?3, end_at = ?4,"
	    " location = ?5, sequence = sequence + 1, reminded_at = NULL WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, n);
	db_bind_int(st, 3, s.start);
	db_bind_int(st, 4, s.end);
	if (s.location)
		db_bind_text(st, 5, s.location);
	else
		sqlite3_bind_null(st, 5);
	if ((rc = exec_sql(ctx, st, errstr_r)) != INTERVIEW_OK)
		goto out;
	iv_release(&r);
	if (iv_load(ctx, id, &r, errstr_r) != 1) {
		rc = INTERVIEW_EDB;
		goto out;
	}
	rc = mail_both(ctx, &r, "interview.confirmed", 0, NULL, errstr_r);
out:
	interview_slot_release(&s);
	iv_release(&r);
	return rc;
}

int
interview_cancel(struct altc *ctx, int64_t id, int64_t user_id, char **errstr_r)
{
	struct iv_row r;
	int rc, who;

	if ((rc = iv_load(ctx, id, &r, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no interview %lld", (long long)id);
		return rc == 0 ? INTERVIEW_ENOTFOUND : INTERVIEW_EDB;
	}
	if ((who = side(&r, user_id)) == 0) {
		*errstr_r = xstrdup("this interview is not yours");
		rc = INTERVIEW_EDENIED;
	} else if ((rc = fire(ctx, id, "cancel", user_id, errstr_r)) == INTERVIEW_OK) {
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "UPDATE interviews SET sequence = sequence + 1 WHERE id = ?1 AND start_at IS NOT NULL");

		db_bind_int(st, 1, id);
		if ((rc = exec_sql(ctx, st, errstr_r)) == INTERVIEW_OK) {
			r.sequence++;
			rc = mail_both(ctx, &r, "interview.cancelled", 1,
			    who == 1 ? r.student_name : r.company, errstr_r);
		}
	} else if (rc == INTERVIEW_ESTATE) {
		free(*errstr_r);
		*errstr_r = xasprintf("the interview is %s", r.state);
	}
	iv_release(&r);
	return rc;
}

int
interview_move(struct altc *ctx, int64_t id, int64_t user_id,
    const struct interview_slot *slots, size_t nslots, char **errstr_r)
{
	struct iv_row r;
	int rc, who;

	if ((rc = iv_load(ctx, id, &r, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no interview %lld", (long long)id);
		return rc == 0 ? INTERVIEW_ENOTFOUND : INTERVIEW_EDB;
	}
	who = side(&r, user_id);
	if (who == 0) {
		*errstr_r = xstrdup("this interview is not yours");
		rc = INTERVIEW_EDENIED;
	} else if (nslots > 0 && who != 2) {
		*errstr_r = xstrdup("only the employer proposes slots");
		rc = INTERVIEW_EDENIED;
	} else if (strcmp(r.state, "booked") == 0) {
		rc = fire(ctx, id, "reschedule", user_id, errstr_r);
	} else if (strcmp(r.state, "proposed") != 0 || nslots == 0) {
		*errstr_r = xasprintf("the interview is %s", r.state);
		rc = INTERVIEW_ESTATE;
	}
	if (rc == INTERVIEW_OK)
		rc = set_slots(ctx, id, nslots ? slots : NULL, nslots, errstr_r);
	iv_release(&r);
	if (rc != INTERVIEW_OK)
		return rc;
	if (iv_load(ctx, id, &r, errstr_r) != 1)
		return INTERVIEW_EDB;
	rc = mail_proposed(ctx, &r, who == 1 ? r.student_name : NULL, errstr_r);
	iv_release(&r);
	return rc;
}

int
interview_remind(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r)
{
	sqlite3_stmt *st;
	struct id_list ids = { 0 };
	time_t t = (time_t)now;
	struct tm tm;
	int64_t from, to;
	int rc = INTERVIEW_OK;

	/* tomorrow, local time: from its midnight to the next */
	localtime_r(&t, &tm);
	tm.tm_mday += 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	from = (int64_t)mktime(&tm);
	tm.tm_mday += 1;
	tm.tm_isdst = -1;
	to = (int64_t)mktime(&tm);
	st = db_prepare(ctx->db, "SELECT id FROM interviews WHERE state = 'booked'"
	    " AND reminded_at IS NULL AND start_at >= ?1 AND start_at < ?2 ORDER BY start_at");
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	if (id_list_query(ctx->db, st, &ids, errstr_r) < 0)
		return INTERVIEW_EDB;
	for (size_t i = 0; i < ids.n && rc == INTERVIEW_OK; i++) {
		struct iv_row r;

		if (iv_load(ctx, ids.v[i], &r, errstr_r) != 1) {
			rc = INTERVIEW_EDB;
			break;
		}
		rc = mail_both(ctx, &r, "interview.reminder", 0, NULL, errstr_r);
		iv_release(&r);
		st = db_prepare(ctx->db, "UPDATE interviews SET reminded_at = ?2 WHERE id = ?1");
		db_bind_int(st, 1, ids.v[i]);
		db_bind_int(st, 2, now);
		if (rc == INTERVIEW_OK)
			rc = exec_sql(ctx, st, errstr_r);
		if (rc == INTERVIEW_OK)
			(*did_r)++;
	}
	id_list_release(&ids);
	return rc;
}

int
interview_slot_labels(struct altc *ctx, int64_t id, const char *locale, char ***labels_r,
    size_t *n_r, char **state_r, char **title_r, char **errstr_r)
{
	struct iv_row r;
	struct interview_slot s;
	char **v = NULL;
	size_t n = 0;
	int rc;

	if ((rc = iv_load(ctx, id, &r, errstr_r)) != 1)
		return rc;
	for (int64_t k = 1; slot_at(r.slots, k, &s) == 0; k++) {
		v = xreallocarray(v, n + 2, sizeof(*v));
		v[n++] = interview_slot_label(&s, locale);
		v[n] = NULL;
		interview_slot_release(&s);
	}
	*labels_r = v;
	*n_r = n;
	*state_r = xstrdup(r.state);
	*title_r = xasprintf("%s \xe2\x80\x94 %s", r.offer_title, r.company);
	iv_release(&r);
	return 1;
}
