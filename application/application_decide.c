/*
 * application_decide.c - the decisions on an application, who may take
 * each, and the employer's views of an offer's applications (CANDIDATURES,
 * the reminder).  A decision is a state-table event; its mail to the
 * student carries the employer's message.
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "application.h"
#include "application_int.h"
#include "company.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "notify.h"
#include "structure.h"
#include "token.h"
#include "util.h"

static const struct {
	enum application_decision d;
	const char *event;
	int side;	/* 'e' employer, 's' student, 'r' referent */
} decisions[] = {
	{ APPLICATION_SHORTLIST, "shortlist", 'e' },
	{ APPLICATION_ACCEPT, "accept", 'e' },
	{ APPLICATION_REFUSE, "refuse", 'e' },
	{ APPLICATION_ABANDON, "abandon", 's' },
	{ APPLICATION_REFERENT_VALIDATE, "referent_validate", 'r' },
	{ APPLICATION_REFERENT_REFUSE, "referent_refuse", 'r' },
};

/* user_role - the role of a user ("" when unknown), into buf */
static void
user_role(struct altc *ctx, int64_t user_id, char *buf, size_t size)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT role FROM users WHERE id = ?");

	buf[0] = '\0';
	db_bind_int(st, 1, user_id);
	if (db_step(ctx->db, st, NULL) == 1)
		(void)xstrlcpy(buf, db_col_text(st, 0), size);
	sqlite3_reset(st);
}

/* allowed - whether actor_id may take a decision of side on a */
static int
allowed(struct altc *ctx, const struct app_row *a, int64_t actor_id, int side)
{
	char role[16];

	if (actor_id == 0)
		return 1;
	if (side == 's')
		return actor_id == a->student_id;
	if (side == 'e') {
		/* the company's employers; the author of a structure's offer, its users once shared */
		if (company_of_user(ctx, actor_id) == a->company_id || actor_id == a->employer_id)
			return 1;
		if (a->spontaneous)
			return structure_manages_company(ctx, actor_id, a->company_id);
		return a->shared && structure_is_member(ctx, a->structure_id, actor_id);
	}
	user_role(ctx, actor_id, role, sizeof(role));
	return actor_id == app_referent(ctx, a->student_id) || strcmp(role, "ga") == 0 ||
	    strcmp(role, "admin") == 0 || strcmp(role, "rp") == 0;
}

/* status_of - an fsm result as an application status, with the refusal in errstr */
static int
status_of(int rc, const struct app_row *a, char **errstr_r)
{
	if (rc == FSM_OK)
		return APPLICATION_OK;
	if (rc == FSM_ILLEGAL || rc == FSM_REFUSED) {
		free(*errstr_r);
		*errstr_r = xasprintf("the application is already %s", a->state);
		return APPLICATION_ESTATE;
	}
	return rc == FSM_NOT_FOUND ? APPLICATION_ENOTFOUND : APPLICATION_EDB;
}

/* revoke_keys - the reply keys of an accepted application, not its documents' links */
static int
revoke_keys(struct altc *ctx, int64_t app_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE tokens SET revoked = 1"
	    " WHERE object_type = 'application' AND object_id = ? AND purpose <> 'document_download'");

	db_bind_int(st, 1, app_id);
	return db_done(ctx->db, st, errstr_r) < 0 ? -1 : 0;
}

int
application_decide(struct altc *ctx, int64_t app_id, int64_t actor_id,
    enum application_decision d, const char *message, char **errstr_r)
{
	struct app_row a;
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(decisions) && decisions[i].d != d; i++)
		;
	if (i == ARRAY_SIZE(decisions))
		BUG("bad application decision %d", (int)d);
	if ((rc = app_load(ctx, app_id, &a, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no application %lld", (long long)app_id);
		return rc == 0 ? APPLICATION_ENOTFOUND : APPLICATION_EDB;
	}
	if (!allowed(ctx, &a, actor_id, decisions[i].side)) {
		*errstr_r = xasprintf("application %lld is not yours to decide", (long long)app_id);
		rc = APPLICATION_EDENIED;
	} else if ((d == APPLICATION_REFERENT_REFUSE || (a.spontaneous && d == APPLICATION_REFUSE)) &&
	    (message == NULL || *message == '\0')) {
		*errstr_r = xstrdup("a refusal needs a motif: REFUSER followed by the motif");
		rc = APPLICATION_EINPUT;
	} else if (a.spontaneous && d == APPLICATION_ACCEPT) {
		*errstr_r = xstrdup("a spontaneous application is shortlisted or refused");
		rc = APPLICATION_ESTATE;
	} else if (d == APPLICATION_ACCEPT && revoke_keys(ctx, app_id, errstr_r) < 0) {
		/*
		 * accepted: the old keys die first, the acceptance mails keys for
		 * MISSION; the employer keeps the documents' links (the contract
		 * is drawn up from them)
		 */
		rc = APPLICATION_EDB;
	} else {
		rc = app_fsm(ctx, app_id, decisions[i].event,
		    actor_id ? app_user_email(ctx, actor_id) : NULL, message, errstr_r);
		rc = status_of(rc, &a, errstr_r);
	}
	/* a closed application takes no more decisions: its keys are spent */
	if (rc == APPLICATION_OK && (d == APPLICATION_REFUSE ||
	    d == APPLICATION_ABANDON || d == APPLICATION_REFERENT_REFUSE) &&
	    token_revoke_object(ctx->db, "application", app_id, errstr_r) < 0)
		rc = APPLICATION_EDB;
	app_row_release(&a);
	return rc;
}

/* group - the applications of an offer in a list of states, as template items */
static int
group(struct altc *ctx, int64_t offer_id, const char *states, json_object *out, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT a.id, trim(u.first_name || ' ' || u.last_name), a.created_at,"
	    " coalesce((SELECT group_concat(d.filename, ', ') FROM application_documents ad"
	    "   JOIN documents d ON d.id = ad.document_id WHERE ad.application_id = a.id"
	    "   AND d.type IN " APP_EMPLOYER_TYPES "), '')"
	    " FROM applications a JOIN users u ON u.id = a.student_id"
	    " WHERE a.offer_id = ?1 AND instr(?2, ',' || a.state || ',') > 0 ORDER BY a.id");
	int rc;

	db_bind_int(st, 1, offer_id);
	db_bind_text(st, 2, states);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		json_object *o = json_object_new_object();
		char *when = notify_format_date("fr", sqlite3_column_int64(st, 2));

		json_object_object_add(o, "id", json_object_new_int64(sqlite3_column_int64(st, 0)));
		json_object_object_add(o, "student_name", json_object_new_string(db_col_text(st, 1)));
		json_object_object_add(o, "date", json_object_new_string(when));
		json_object_object_add(o, "documents", json_object_new_string(db_col_text(st, 3)));
		json_object_array_add(out, o);
		free(when);
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

int
application_send_list(struct altc *ctx, int64_t offer_id, int64_t user_id, char **errstr_r)
{
	static const struct { const char *key, *states; } groups[] = {
		{ "pending", ",pending," }, { "shortlisted", ",shortlisted," },
		{ "accepted", ",accepted," }, { "refused", ",refused," },
		{ "abandoned", ",abandoned," },
	};
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT title FROM offers WHERE id = ?");
	struct notify_msg m = { 0 };
	char thread[64];
	json_object *v;
	int rc = 0;

	db_bind_int(st, 1, offer_id);
	if (db_step(ctx->db, st, errstr_r) != 1) {
		sqlite3_reset(st);
		return -1;
	}
	v = json_object_new_object();
	json_object_object_add(v, "offer_title", json_object_new_string(db_col_text(st, 0)));
	json_object_object_add(v, "offer_id", json_object_new_int64(offer_id));
	sqlite3_reset(st);
	for (size_t i = 0; i < ARRAY_SIZE(groups) && rc == 0; i++) {
		json_object *a = json_object_new_array();
		char has[32];

		rc = group(ctx, offer_id, groups[i].states, a, errstr_r);
		(void)xsnprintf(has, sizeof(has), "has_%s", groups[i].key);
		json_object_object_add(v, has, json_object_new_boolean(json_object_array_length(a)));
		json_object_object_add(v, groups[i].key, a);
	}
	(void)xsnprintf(thread, sizeof(thread), "offer.%lld", (long long)offer_id);
	m.user_id = user_id;
	m.template = "application.list";
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.thread = thread;
	if (rc == 0 && notify_queue(ctx, &m, errstr_r) < 0)
		rc = -1;
	json_object_put(v);
	return rc;
}

int
application_remind(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r)
{
	long long days = config_int(ctx->cfg, "applications.remind_days");
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	*did_r = 0;
	if (days == 0)
		return 0;
	st = db_prepare(ctx->db, "SELECT id FROM applications WHERE state = 'pending'"
	    " AND offer_id IS NOT NULL AND reminded_at IS NULL AND updated_at <= ? ORDER BY id");
	db_bind_int(st, 1, now - days * 86400);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct app_row a;

		if (app_load(ctx, ids[i], &a, errstr_r) != 1) {
			rc = -1;
			break;
		}
		rc = app_notify(ctx, &a, "application.reminder", NULL, errstr_r);
		app_row_release(&a);
		st = db_prepare(ctx->db, "UPDATE applications SET reminded_at = ? WHERE id = ?");
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, ids[i]);
		if (rc == 0 && db_done(ctx->db, st, errstr_r) < 0)
			rc = -1;
		if (rc == 0)
			(*did_r)++;
	}
	free(ids);
	return rc;
}

int64_t
application_employer_of(struct altc *ctx, int64_t app_id)
{
	struct app_row a;
	int64_t id = 0;

	if (app_load(ctx, app_id, &a, NULL) == 1)
		id = a.employer_id;
	app_row_release(&a);
	return id;
}

int
application_employer_side(struct altc *ctx, int64_t app_id, int64_t user_id)
{
	struct app_row a;
	int rc = 0;

	if (user_id != 0 && app_load(ctx, app_id, &a, NULL) == 1)
		rc = allowed(ctx, &a, user_id, 'e');
	app_row_release(&a);
	return rc;
}
