/*
 * mission_notify.c - a sheet loaded whole, its transitions and their mail:
 * the draft to its author (a key that takes form lines, MISSION and
 * SOUMETTRE), the request to validate to the formation's rp and each ga
 * delegated for it (a key each that takes VALIDER and REJETER), the decision
 * to the student and the employer.  Every message of a sheet shares the
 * thread "mission.ID".
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "mission_fsm.h"
#include "mission_int.h"
#include "notify.h"
#include "strbuf.h"
#include "token.h"
#include "util.h"

#define AUTHOR_COMMANDS "MISSION,SOUMETTRE,MODIFIER"
#define REVIEW_COMMANDS "VALIDER,REJETER,MESSAGE,NOTE,AUTONOMIE"


static char *
col(sqlite3_stmt *st, int i)
{
	return xstrdup(db_col_text(st, i));
}

void
mission_sheet_read(void *stmt, struct mission_sheet *s)
{
	sqlite3_stmt *st = stmt;
	int64_t *ids[] = { &s->id, &s->student_id, &s->author_id, &s->company_id,
	    &s->formation_id, &s->application_id, &s->offer_id, &s->decided_by,
	    &s->submitted_at, &s->decided_at };
	int c = 0;

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++)
		*ids[i] = sqlite3_column_int64(st, c++);
	s->state = col(st, c++);
	s->comment = col(st, c++);
	for (int i = 0; i < MF_N; i++)
		s->v[i] = col(st, c++);
	s->student_name = col(st, c++);
	s->student_email = col(st, c++);
	s->student_ine = col(st, c++);
	s->student_birth = col(st, c++);
	s->formation_code = col(st, c++);
	s->formation_label = col(st, c++);
	s->rncp_code = col(st, c++);
	s->diploma_code = col(st, c++);
	s->rp_name = col(st, c++);
	s->rp_email = col(st, c++);
}

int
mission_sheet_load(struct altc *ctx, int64_t id, struct mission_sheet *s, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, MISSION_SHEET_SQL " WHERE m.id = ?");
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		mission_sheet_read(st, s);
	else if (rc == 0)
		*errstr_r = xasprintf("no mission sheet %lld", (long long)id);
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
}

void
mission_sheet_release(struct mission_sheet *s)
{
	char **texts[] = { &s->state, &s->comment, &s->student_name, &s->student_email,
	    &s->student_ine, &s->student_birth, &s->formation_code, &s->formation_label,
	    &s->rncp_code, &s->diploma_code, &s->rp_name, &s->rp_email };

	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		FREE_AND_NULL(*texts[i]);
	for (int i = 0; i < MF_N; i++)
		FREE_AND_NULL(s->v[i]);
}

static void
add_str(json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

/* fr_date - ISO "2027-01-14" as "14/01/2027" (anything else as it is) */
static void
fr_date(const char *iso, char out[16])
{
	int y, m, d;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
		(void)xsnprintf(out, 16, "%02d/%02d/%04d", d, m, y);
	else
		(void)xstrlcpy(out, iso, 16);
}

/* sheet_vars - what every mission template shows */
static json_object *
sheet_vars(const struct mission_sheet *s, const char *locale)
{
	json_object *v = json_object_new_object(), *list = json_object_new_array();
	char start[16], end[16];
	struct strbuf lack = STRBUF_INIT;

	fr_date(s->v[MF_START], start);
	fr_date(s->v[MF_END], end);
	json_object_object_add(v, "mission_id", json_object_new_int64(s->id));
	add_str(v, "student_name", s->student_name);
	add_str(v, "company", *s->v[MF_COMPANY] ? s->v[MF_COMPANY] : "(entreprise à préciser)");
	add_str(v, "formation", *s->formation_code ? s->formation_label : "");
	add_str(v, "subject", s->v[MF_SUBJECT]);
	add_str(v, "start_date", start);
	add_str(v, "end_date", end);
	add_str(v, "tutor", s->v[MF_TUTOR]);
	add_str(v, "activities", s->v[MF_ACTIVITIES]);
	for (int i = 0; i < MF_N; i++) {
		json_object *f = json_object_new_object();
		const char *val = s->v[i];

		if (i == MF_START)
			val = start;
		else if (i == MF_END)
			val = end;
		add_str(f, "label", mission_field_label((enum mission_field)i, locale));
		add_str(f, "value", val);
		json_object_object_add(f, "required",
		    json_object_new_boolean(mission_field_required((enum mission_field)i)));
		json_object_array_add(list, f);
		if (mission_field_required((enum mission_field)i) && *s->v[i] == '\0')
			strbuf_addf(&lack, "%s%s", lack.len ? ", " : "",
			    mission_field_label((enum mission_field)i, locale));
	}
	json_object_object_add(v, "fields", list);
	add_str(v, "missing", lack.buf);
	strbuf_release(&lack);
	json_object_object_add(v, "is_rejected",
	    json_object_new_boolean(strcmp(s->state, "rejected") == 0));
	if (*s->comment)
		add_str(v, "comment", s->comment);
	return v;
}

/* send - queue one message with vars (consumed) */
static int
send(struct altc *ctx, int64_t user_id, const char *tmpl, int64_t id, json_object *vars,
    const char *token, char **errstr_r)
{
	struct notify_msg m = { 0 };
	char thread[64];
	int64_t rc;

	(void)xsnprintf(thread, sizeof(thread), "mission.%lld", (long long)id);
	m.user_id = user_id;
	m.template = tmpl;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	m.token = token;
	m.thread = thread;
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(vars);
	return rc < 0 ? -1 : 0;
}

/* user_locale - a user's locale ("fr" when unknown) */
static void
user_locale(struct altc *ctx, int64_t id, char out[8])
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT locale FROM users WHERE id = ?");

	(void)xstrlcpy(out, "fr", 8);
	db_bind_int(st, 1, id);
	if (db_step(ctx->db, st, NULL) == 1 && *db_col_text(st, 0))
		(void)xstrlcpy(out, db_col_text(st, 0), 8);
	sqlite3_reset(st);
}

/* to_author - tmpl to one author of the sheet, with a key that takes the form */
static int
to_author(struct altc *ctx, const struct mission_sheet *s, int64_t user_id, const char *tmpl,
    json_object *extra, char **errstr_r)
{
	char tok[TOKEN_BUFSZ], locale[8];
	json_object *v;

	user_locale(ctx, user_id, locale);
	if (token_issue(ctx->db, "mission_author", "mission", s->id, user_id, AUTHOR_COMMANDS,
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0) {
		json_object_put(extra);
		return -1;
	}
	v = sheet_vars(s, locale);
	if (extra) {
		json_object_object_foreach(extra, k, val)
			json_object_object_add(v, k, json_object_get(val));
		json_object_put(extra);
	}
	return send(ctx, user_id, tmpl, s->id, v, tok, errstr_r);
}

/* employer - the employer user of a sheet: its author when an employer, else the company's referent */
static int64_t
employer(struct altc *ctx, const struct mission_sheet *s)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT CASE WHEN (SELECT role FROM users WHERE id = ?1) = 'employer' THEN ?1"
	    " ELSE (SELECT coalesce(referent_id, 0) FROM companies WHERE id = ?2) END");
	int64_t id = 0;

	db_bind_int(st, 1, s->author_id);
	db_bind_int(st, 2, s->company_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int
mission_notify_draft(struct altc *ctx, int64_t id, int64_t author_id, int both, char **errstr_r)
{
	struct mission_sheet s;
	int64_t emp;
	int rc;

	if (mission_sheet_load(ctx, id, &s, errstr_r) < 0)
		return -1;
	if (!both)
		rc = to_author(ctx, &s, author_id ? author_id : s.student_id, "mission.draft", NULL,
		    errstr_r);
	else {
		rc = to_author(ctx, &s, s.student_id, "mission.draft", NULL, errstr_r);
		if (rc == 0 && (emp = employer(ctx, &s)) != 0)
			rc = to_author(ctx, &s, emp, "mission.draft", NULL, errstr_r);
	}
	mission_sheet_release(&s);
	return rc;
}

/* reviewers - the formation's rp and every ga delegated for it; the ga pool without an rp */
static int
reviewers(struct altc *ctx, const struct mission_sheet *s, struct id_list *l, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT f.rp_id FROM formations f JOIN users u ON u.id = f.rp_id"
	    "  WHERE f.id = ?1 AND u.state = 'active'"
	    " UNION SELECT d.ga_id FROM formations f JOIN delegations d ON d.rp_id = f.rp_id"
	    "  AND (d.formation_id IS NULL OR d.formation_id = f.id)"
	    "  JOIN users u ON u.id = d.ga_id WHERE f.id = ?1 AND u.state = 'active'"
	    " UNION SELECT id FROM users WHERE role = 'ga' AND state = 'active'"
	    "  AND (SELECT rp_id FROM formations WHERE id = ?1) IS NULL");

	db_bind_int(st, 1, s->formation_id);
	return id_list_query(ctx->db, st, l, errstr_r);
}

/* to_reviewers - mission.to_validate to each reviewer with a key of their own */
static int
to_reviewers(struct altc *ctx, const struct mission_sheet *s, char **errstr_r)
{
	struct id_list l = { 0 };
	int rc = 0;

	if (reviewers(ctx, s, &l, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		char tok[TOKEN_BUFSZ], locale[8];

		user_locale(ctx, l.v[i], locale);
		if (token_issue(ctx->db, "mission_review", "mission", s->id, l.v[i],
		    REVIEW_COMMANDS, config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0)
			rc = -1;
		else
			rc = send(ctx, l.v[i], "mission.to_validate", s->id, sheet_vars(s, locale), tok,
			    errstr_r);
	}
	id_list_release(&l);
	return rc;
}

/* to_parties - the decision to the student and the employer; a rejection keyed for the fix */
static int
to_parties(struct altc *ctx, const struct mission_sheet *s, const char *tmpl, char **errstr_r)
{
	int64_t who[2] = { s->student_id, employer(ctx, s) };
	int rc = 0;

	for (size_t i = 0; i < 2 && rc == 0; i++) {
		char locale[8];
		json_object *v;

		if (who[i] == 0 || (i == 1 && who[1] == who[0]))
			continue;
		if (strcmp(tmpl, "mission.rejected") == 0) {
			v = json_object_new_object();
			add_str(v, "reason", s->comment);
			rc = to_author(ctx, s, who[i], tmpl, v, errstr_r);
			continue;
		}
		user_locale(ctx, who[i], locale);
		rc = send(ctx, who[i], tmpl, s->id, sheet_vars(s, locale), NULL, errstr_r);
	}
	return rc;
}

struct fsm_arg {
	struct altc *ctx;
	int64_t id;
};

/* on_event - what a transition names: the reviewers asked, or the parties told */
static int
on_event(void *argp, const char *tmpl, char **errstr_r)
{
	struct fsm_arg *a = argp;
	struct mission_sheet s;
	int rc;

	if (mission_sheet_load(a->ctx, a->id, &s, errstr_r) < 0)
		return -1;
	/* the transition is written: the sheet as loaded shows its new state */
	if (strcmp(tmpl, "mission.to_validate") == 0)
		rc = to_reviewers(a->ctx, &s, errstr_r);
	else
		rc = to_parties(a->ctx, &s, tmpl, errstr_r);
	mission_sheet_release(&s);
	return rc;
}

int
mission_fsm(struct altc *ctx, int64_t id, const char *event, const char *actor,
    const char *detail, char **errstr_r)
{
	struct fsm_arg a = { ctx, id };

	return fsm_status(fsm_apply(ctx->db, &fsm_mission, id, event, actor, detail, on_event, &a,
	    NULL, errstr_r));
}
