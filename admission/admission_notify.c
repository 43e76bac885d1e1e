/*
 * admission_notify.c - the mails of admissions: the catalogue, and for each
 * step of a dossier the candidate's mail (in the candidate's language,
 * with the pieces and what is still missing) and the staff's (the PDFs of
 * a complete dossier attached).  Candidates are not users: their mail goes
 * to the address they confirmed, their keys belong to no user.
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
#include "document.h"
#include "formation_db.h"
#include "fsm.h"
#include "interview_slot.h"
#include "log.h"
#include "notify.h"
#include "token.h"
#include "util.h"

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

void
admission_today(char out[11])
{
	time_t t = (time_t)now_epoch();
	struct tm tm;

	localtime_r(&t, &tm);
	(void)strftime(out, 11, "%Y-%m-%d", &tm);
}

/* shown - an ISO date as people read it: 31/03/2027 */
static json_object *
shown(const char *iso)
{
	char buf[16];

	if (strlen(iso) != 10)
		return json_object_new_string(iso);
	xsnprintf(buf, sizeof(buf), "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	return json_object_new_string(buf);
}

static void
add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

int
admission_who_load(struct altc *ctx, int64_t id, struct admission_who *w, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT email, first_name, last_name, birth_date,"
	    " locale, state FROM candidates WHERE id = ?");
	int rc;

	memset(w, 0, sizeof(*w));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		w->id = id;
		(void)xstrlcpy(w->email, db_col_text(st, 0), sizeof(w->email));
		(void)xstrlcpy(w->first_name, db_col_text(st, 1), sizeof(w->first_name));
		(void)xstrlcpy(w->last_name, db_col_text(st, 2), sizeof(w->last_name));
		(void)xstrlcpy(w->birth_date, db_col_text(st, 3), sizeof(w->birth_date));
		(void)xstrlcpy(w->locale, db_col_text(st, 4), sizeof(w->locale));
		(void)xstrlcpy(w->state, db_col_text(st, 5), sizeof(w->state));
	}
	sqlite3_reset(st);
	return rc;
}

/* pieces_of_formation - the pieces a formation asks for, as catalogue items */
static json_object *
pieces_of_formation(struct altc *ctx, int64_t formation_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT label, template_sha256 IS NOT NULL"
	    " FROM admission_required WHERE formation_id = ? ORDER BY position, id");
	json_object *a = json_object_new_array();
	int rc;

	db_bind_int(st, 1, formation_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		json_object *p = json_object_new_object();

		add_str(p, "label", db_col_text(st, 0));
		json_object_object_add(p, "model", json_object_new_boolean(
		    sqlite3_column_int(st, 1)));
		json_object_array_add(a, p);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

json_object *
admission_catalogue_vars(struct altc *ctx, const char *locale, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT f.id, f.code, f.label, w.opens_on,"
	    " w.closes_on FROM admission_windows w JOIN formations f ON f.id = w.formation_id"
	    " WHERE w.closes_on >= ?1 ORDER BY f.code");
	json_object *list = json_object_new_array();
	struct id_list ids = { 0 };
	char today[11];
	int rc;

	(void)locale;
	admission_today(today);
	db_bind_text(st, 1, today);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		json_object *f = json_object_new_object();

		id_list_add(&ids, sqlite3_column_int64(st, 0));
		add_str(f, "code", db_col_text(st, 1));
		add_str(f, "label", db_col_text(st, 2));
		json_object_object_add(f, "opens", shown(db_col_text(st, 3)));
		json_object_object_add(f, "closes", shown(db_col_text(st, 4)));
		json_object_object_add(f, "open", json_object_new_boolean(
		    strcmp(db_col_text(st, 3), today) <= 0));
		json_object_array_add(list, f);
	}
	sqlite3_reset(st);
	for (size_t i = 0; rc == 0 && i < ids.n; i++) {
		json_object *p = pieces_of_formation(ctx, ids.v[i], errstr_r);

		if (p == NULL)
			rc = -1;
		else
			json_object_object_add(json_object_array_get_idx(list, i), "pieces", p);
	}
	id_list_release(&ids);
	if (rc < 0) {
		json_object_put(list);
		return NULL;
	}
	return list;
}

/* models - the PDF models of the pieces of a dossier, as attachments_json entries */
static json_object *
models(struct altc *ctx, int64_t dossier_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT r.template_sha256, r.template_filename"
	    " FROM admission_required r JOIN admission_dossier_pieces dp ON dp.required_id = r.id"
	    " WHERE dp.dossier_id = ? AND r.template_sha256 IS NOT NULL AND dp.state <> 'received'"
	    " ORDER BY r.position, r.id");
	json_object *a = json_object_new_array();
	int rc;

	db_bind_int(st, 1, dossier_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		json_object *d = json_object_new_object();
		char *path = document_file(ctx, db_col_text(st, 0), "pdf");

		add_str(d, "path", path);
		add_str(d, "filename", db_col_text(st, 1));
		add_str(d, "type", "application/pdf");
		json_object_array_add(a, d);
		free(path);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

int
admission_mail_candidate(struct altc *ctx, const struct admission_who *w,
    const char *template_name, json_object *vars, const char *purpose,
    const char *object_type, int64_t object_id, const char *commands, int64_t ttl,
    int64_t dossier_id, int attach_models, char **errstr_r)
{
	struct notify_msg m = { 0 };
	json_object *att = NULL;
	char tok[TOKEN_BUFSZ], thread[64];
	int rc = -1;

	add_str(vars, "first_name", w->first_name);
	add_str(vars, "last_name", w->last_name);
	if (purpose && token_issue(ctx->db, purpose, object_type, object_id, 0, commands,
	    ttl ? ttl : config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0)
		goto out;
	if (attach_models && dossier_id && (att = models(ctx, dossier_id, errstr_r)) == NULL)
		goto out;
	if (dossier_id)
		xsnprintf(thread, sizeof(thread), "admission.%lld", (long long)dossier_id);
	else
		xsnprintf(thread, sizeof(thread), "candidate.%lld", (long long)w->id);
	m.rcpt = w->email;
	m.template = template_name;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(vars, JSON_PLAIN);
	m.token = purpose ? tok : NULL;
	m.thread = thread;
	m.locale = *w->locale ? w->locale : "fr";
	if (att && json_object_array_length(att) > 0)
		m.attachments_json = json_object_to_json_string_ext(att, JSON_PLAIN);
	rc = notify_queue(ctx, &m, errstr_r) < 0 ? -1 : 0;
out:
	json_object_put(vars);
	json_object_put(att);
	return rc;
}

struct dossier_row {
	int64_t id, candidate_id, formation_id, rank, rp_id;
	int64_t deadline, start, end, seq;
	char code[64], label[256], state[24];
	char *reason, *location, *slots;
};

static void
dossier_row_release(struct dossier_row *d)
{
	free(d->reason);
	free(d->location);
	free(d->slots);
}

static int
dossier_row_load(struct altc *ctx, int64_t id, struct dossier_row *d, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT d.candidate_id, d.formation_id, d.rank,"
	    " coalesce(f.rp_id, 0), coalesce(d.deadline_at, 0), coalesce(d.interview_start, 0),"
	    " coalesce(d.interview_end, 0), d.interview_seq, f.code, f.label, d.state, d.reason,"
	    " d.interview_location, d.interview_slots FROM admission_dossiers d JOIN formations f"
	    " ON f.id = d.formation_id WHERE d.id = ?");
	int rc;

	memset(d, 0, sizeof(*d));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		d->id = id;
		d->candidate_id = sqlite3_column_int64(st, 0);
		d->formation_id = sqlite3_column_int64(st, 1);
		d->rank = sqlite3_column_int64(st, 2);
		d->rp_id = sqlite3_column_int64(st, 3);
		d->deadline = sqlite3_column_int64(st, 4);
		d->start = sqlite3_column_int64(st, 5);
		d->end = sqlite3_column_int64(st, 6);
		d->seq = sqlite3_column_int64(st, 7);
		(void)xstrlcpy(d->code, db_col_text(st, 8), sizeof(d->code));
		(void)xstrlcpy(d->label, db_col_text(st, 9), sizeof(d->label));
		(void)xstrlcpy(d->state, db_col_text(st, 10), sizeof(d->state));
		if (sqlite3_column_type(st, 11) != SQLITE_NULL)
			d->reason = xstrdup(db_col_text(st, 11));
		if (sqlite3_column_type(st, 12) != SQLITE_NULL)
			d->location = xstrdup(db_col_text(st, 12));
		if (sqlite3_column_type(st, 13) != SQLITE_NULL)
			d->slots = xstrdup(db_col_text(st, 13));
	} else if (rc == 0)
		*errstr_r = xasprintf("no dossier %lld", (long long)id);
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
}

/* piece_list - the pieces of a dossier (all, and those still missing) into vars */
static int
piece_list(struct altc *ctx, int64_t id, json_object *vars, json_object *att, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT r.label, dp.state, coalesce(dp.refusal, ''),"
	    " coalesce(p.kind, ''), coalesce(p.filename, ''), coalesce(p.reason, ''),"
	    " coalesce(p.sha256, ''), r.template_sha256 IS NOT NULL, r.position"
	    " FROM admission_dossier_pieces dp JOIN admission_required r ON r.id = dp.required_id"
	    " LEFT JOIN admission_pieces p ON p.id = dp.piece_id WHERE dp.dossier_id = ?"
	    " ORDER BY r.position, r.id");
	json_object *all = json_object_new_array(), *missing = json_object_new_array();
	int rc, n = 0;

	db_bind_int(st, 1, id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		json_object *p = json_object_new_object();
		const char *state = db_col_text(st, 1), *kind = db_col_text(st, 3);
		int received = strcmp(state, "received") == 0;

		json_object_object_add(p, "number", json_object_new_int(++n));
		add_str(p, "label", db_col_text(st, 0));
		json_object_object_add(p, "received", json_object_new_boolean(received));
		json_object_object_add(p, "refused", json_object_new_boolean(
		    strcmp(state, "refused") == 0));
		json_object_object_add(p, "missing", json_object_new_boolean(
		    strcmp(state, "missing") == 0));
		add_str(p, "refusal", db_col_text(st, 2));
		json_object_object_add(p, "incapacity", json_object_new_boolean(
		    received && strcmp(kind, "incapacity") == 0));
		add_str(p, "filename", db_col_text(st, 4));
		add_str(p, "reason", db_col_text(st, 5));
		json_object_object_add(p, "model", json_object_new_boolean(
		    sqlite3_column_int(st, 7)));
		if (!received)
			json_object_array_add(missing, json_object_get(p));
		if (att && received && strcmp(kind, "pdf") == 0) {
			json_object *d = json_object_new_object();
			char *path = document_file(ctx, db_col_text(st, 6), "pdf");

			add_str(d, "path", path);
			add_str(d, "filename", db_col_text(st, 4));
			add_str(d, "type", "application/pdf");
			json_object_array_add(att, d);
			free(path);
		}
		json_object_array_add(all, p);
	}
	sqlite3_reset(st);
	json_object_object_add(vars, "pieces", all);
	json_object_object_add(vars, "missing", missing);
	json_object_object_add(vars, "complete", json_object_new_boolean(
	    json_object_array_length(missing) == 0));
	return rc < 0 ? -1 : 0;
}

/* calendar - the "calendar" variable of the convocation (compose_ical.c) */
static json_object *
calendar(struct altc *ctx, const struct dossier_row *d, const struct admission_who *w,
    const char *attendee, int cancel)
{
	json_object *c = json_object_new_object(), *att = json_object_new_array();
	char *uid = xasprintf("admission-%lld@%s", (long long)d->id,
	    config_str(ctx->cfg, "mail.domain"));
	char *summary = xasprintf("Entretien d\xe2\x80\x99" "admission : %s \xe2\x80\x94 %s %s",
	    d->label, w->first_name, w->last_name);

	add_str(c, "uid", uid);
	json_object_object_add(c, "start", json_object_new_int64(d->start));
	json_object_object_add(c, "end", json_object_new_int64(d->end));
	add_str(c, "summary", summary);
	if (d->location)
		add_str(c, "location", d->location);
	add_str(c, "attendee", attendee);
	json_object_array_add(att, json_object_new_string(w->email));
	json_object_object_add(c, "attendees", att);
	json_object_object_add(c, "sequence", json_object_new_int64(d->seq));
	add_str(c, "tzid", config_str(ctx->cfg, "mail.time_zone"));
	if (cancel)
		add_str(c, "method", "CANCEL");
	free(uid);
	free(summary);
	return c;
}

/* common_vars - what every mail of a dossier says */
static json_object *
common_vars(const struct dossier_row *d, const char *event, const char *locale)
{
	json_object *v = json_object_new_object();
	char flag[40];

	add_str(v, "event", event);
	xsnprintf(flag, sizeof(flag), "is_%s", event);
	json_object_object_add(v, flag, json_object_new_boolean(1));
	json_object_object_add(v, "dossier_id", json_object_new_int64(d->id));
	add_str(v, "formation_code", d->code);
	add_str(v, "formation", d->label);
	json_object_object_add(v, "rank", json_object_new_int64(d->rank));
	add_str(v, "state", fsm_state_label(&fsm_dossier, d->state, locale));
	if (d->reason)
		add_str(v, "reason", d->reason);
	if (d->deadline) {
		char *day = notify_format_date(locale, d->deadline);

		add_str(v, "deadline", day);
		free(day);
	}
	if (d->start) {
		struct interview_slot s = { d->start, d->end, d->location };
		char *label = interview_slot_label(&s, locale);

		add_str(v, "slot", label);
		free(label);
	}
	if (d->slots) {
		json_object *a = json_object_new_array();
		struct interview_slot s;
		char *err = NULL;

		/* the slots proposed, numbered for CRENEAU n (past ones too: the number stays) */
		for (int64_t n = 1; admission_slot_pick(d->slots, n, INT64_MIN, &s, &err) == 0; n++) {
			json_object *o = json_object_new_object();
			char *label = interview_slot_label(&s, locale);

			json_object_object_add(o, "n", json_object_new_int64(n));
			add_str(o, "label", label);
			json_object_array_add(a, o);
			free(label);
			interview_slot_release(&s);
		}
		free(err);
		json_object_object_add(v, "slots", a);
	}
	return v;
}

/*
 * invitation - the calendar a mail of event carries: the slot set
 * (REQUEST), or the slot given up (CANCEL) when slots are proposed again,
 * the interview is cancelled or the candidate asks to move it
 */
static int
invitation(const struct dossier_row *d, const char *event)
{
	if (d->start == 0)
		return 0;
	if (strcmp(event, "interview") == 0 || strcmp(event, "reminder") == 0)
		return 1;
	if (strcmp(event, "slots") == 0 || strcmp(event, "interview_cancelled") == 0 ||
	    strcmp(event, "move_asked") == 0)
		return 2;
	return 0;
}

/* merge - the keys of extra (consumed, may be NULL) into v */
static void
merge(json_object *v, json_object *extra)
{
	if (extra == NULL)
		return;
	json_object_object_foreach(extra, k, x)
		json_object_object_add(v, k, json_object_get(x));
	json_object_put(extra);
}

int
admission_notify_dossier(struct altc *ctx, int64_t id, const char *event, char **errstr_r)
{
	return admission_notify_dossier_with(ctx, id, event, NULL, errstr_r);
}

int
admission_notify_dossier_with(struct altc *ctx, int64_t id, const char *event,
    json_object *extra, char **errstr_r)
{
	struct dossier_row d;
	struct admission_who w;
	json_object *v;
	int alive, rc, inv;

	if (dossier_row_load(ctx, id, &d, errstr_r) < 0) {
		json_object_put(extra);
		return -1;
	}
	if ((rc = admission_who_load(ctx, d.candidate_id, &w, errstr_r)) <= 0) {
		dossier_row_release(&d);
		json_object_put(extra);
		if (rc == 0)
			*errstr_r = xasprintf("dossier %lld: no candidate", (long long)id);
		return -1;
	}
	v = common_vars(&d, event, w.locale);
	merge(v, extra);
	if (piece_list(ctx, id, v, NULL, errstr_r) < 0) {
		json_object_put(v);
		dossier_row_release(&d);
		return -1;
	}
	if ((inv = invitation(&d, event)) != 0)
		json_object_object_add(v, "calendar", calendar(ctx, &d, &w, w.email, inv == 2));
	alive = admission_dossier_open(d.state);
	json_object_object_add(v, "alive", json_object_new_boolean(alive));
	json_object_object_add(v, "locked", json_object_new_boolean(
	    strcmp(d.state, "incomplete") != 0 && strcmp(d.state, "piece_refused") != 0));
	rc = admission_mail_candidate(ctx, &w, "admission.dossier", v,
	    alive ? "admission_dossier" : NULL, "admission", id, ADMISSION_DOSSIER_VERBS, 0, id,
	    strcmp(event, "received") == 0, errstr_r);
	dossier_row_release(&d);
	return rc;
}

/*
 * staff_of - who acts on a dossier, as for offers: the formation's rp and
 * every active ga the rp delegated the formation (or all theirs) to
 */
static int
staff_of(struct altc *ctx, const struct dossier_row *d, struct id_list *l, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT DISTINCT g.ga_id FROM delegations g"
	    " JOIN users u ON u.id = g.ga_id AND u.state = 'active' AND u.role = 'ga'"
	    " WHERE g.rp_id = ?1 AND g.ga_id <> ?1 AND (g.formation_id IS NULL"
	    " OR g.formation_id = ?2) ORDER BY g.ga_id");

	id_list_add(l, d->rp_id);
	db_bind_int(st, 1, d->rp_id);
	db_bind_int(st, 2, d->formation_id);
	return id_list_query(ctx->db, st, l, errstr_r);
}

int
admission_may_act(struct altc *ctx, int64_t id, int64_t user_id)
{
	return db_int_for_id(ctx->db, "SELECT 1 FROM users WHERE id = ? AND role = 'admin'"
	    " AND state = 'active'", user_id) == 1 ||
	    formation_staff_may(ctx->db, db_int_for_id(ctx->db,
	    "SELECT formation_id FROM admission_dossiers WHERE id = ?", id), user_id);
}

int
admission_notify_staff(struct altc *ctx, int64_t id, const char *event, char **errstr_r)
{
	return admission_notify_staff_with(ctx, id, event, NULL, errstr_r);
}

int
admission_notify_staff_with(struct altc *ctx, int64_t id, const char *event,
    json_object *extra, char **errstr_r)
{
	struct dossier_row d;
	struct admission_who w;
	struct id_list to = { 0 };
	json_object *v = NULL, *att = NULL;
	char thread[64], *name = NULL;
	int review = strcmp(event, "transmitted") == 0, rc = -1, inv;
	/* the staff answers the interview's mails too: ENTRETIEN again, ANNULER */
	int keyed = review || (strcmp(event, "abandoned") != 0 && strcmp(event, "closed") != 0);
	const char *loc;

	if (dossier_row_load(ctx, id, &d, errstr_r) < 0) {
		json_object_put(extra);
		return -1;
	}
	inv = invitation(&d, event);
	if (d.rp_id == 0) {
		json_object_put(extra);
		log_warnx("formation '%s' has no rp: dossier %lld %s, nobody told", d.code,
		    (long long)id, event);
		dossier_row_release(&d);
		return 0;
	}
	if (admission_who_load(ctx, d.candidate_id, &w, errstr_r) <= 0 ||
	    staff_of(ctx, &d, &to, errstr_r) < 0)
		goto out;
	loc = "fr";
	v = common_vars(&d, event, loc);
	merge(v, extra);
	extra = NULL;
	name = xasprintf("%s %s", w.first_name, w.last_name);
	add_str(v, "candidate_name", name);
	add_str(v, "candidate_email", w.email);
	json_object_object_add(v, "birth_date", shown(w.birth_date));
	att = json_object_new_array();
	if (piece_list(ctx, id, v, review ? att : NULL, errstr_r) < 0)
		goto out;
	if (review) {
		/* a dossier complete again after a piece was sent back */
		sqlite3_stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM audit WHERE"
		    " object_type = 'admission' AND object_id = ? AND event = 'complete'");

		db_bind_int(st, 1, id);
		if (db_step(ctx->db, st, errstr_r) < 0)
			goto out;
		json_object_object_add(v, "again", json_object_new_boolean(
		    sqlite3_column_int64(st, 0) > 1));
		sqlite3_reset(st);
	}
	xsnprintf(thread, sizeof(thread), "admission.%lld", (long long)id);
	rc = 0;
	/* each with a key of their own: the sender of a reply must be its owner */
	for (size_t i = 0; i < to.n && rc == 0; i++) {
		struct notify_msg m = { 0 };
		char tok[TOKEN_BUFSZ];

		if (inv)
			json_object_object_add(v, "calendar", calendar(ctx, &d, &w,
			    db_actor(ctx->db, to.v[i]), inv == 2));
		if (keyed && token_issue(ctx->db, "admission_staff", "admission", id, to.v[i],
		    ADMISSION_STAFF_VERBS, config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok,
		    errstr_r) < 0) {
			rc = -1;
			break;
		}
		m.user_id = to.v[i];
		m.template = review ? "admission.to_review" : "admission.staff";
		m.importance = NOTIFY_ACTION;
		m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
		m.token = keyed ? tok : NULL;
		m.thread = thread;
		if (json_object_array_length(att) > 0)
			m.attachments_json = json_object_to_json_string_ext(att, JSON_PLAIN);
		rc = notify_queue(ctx, &m, errstr_r) < 0 ? -1 : 0;
	}
out:
	json_object_put(extra);
	json_object_put(v);
	json_object_put(att);
	free(name);
	id_list_release(&to);
	dossier_row_release(&d);
	return rc;
}

int
admission_fire(struct altc *ctx, int64_t id, const char *event, const char *actor,
    const char *detail, char **errstr_r)
{
	enum fsm_result r = fsm_apply(ctx->db, &fsm_dossier, id, event, actor, detail, NULL, NULL,
	    NULL, errstr_r);

	return r == FSM_OK ? 0 : r == FSM_ERROR ? -1 : -2;
}
