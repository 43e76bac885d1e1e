/*
 * sponsorship.c - the sponsorship workflow: the request (an insert, like
 * an application's creation: who is asked depends on the student), then
 * every move through fsm_sponsorship, whose transitions name the mail each
 * party gets.  The request, the decision and the end are each one audit
 * row and their mail, in the caller's transaction; every mail of one
 * sponsorship shares the thread "sponsorship.ID".
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "config.h"
#include "db.h"
#include "followup.h"
#include "fsm.h"
#include "log.h"
#include "notify.h"
#include "sponsor.h"
#include "status.h"
#include "table.h"
#include "token.h"
#include "util.h"

/* the verbs of each party's key */
#define REFERENT_VERBS "VALIDER,REFUSER,FIN"
#define PARTY_VERBS "FIN"

static const struct fsm_transition sponsorship_t[] = {
	{ "requested", "validate", "active", NULL,
	  { "sponsorship.accepted", "sponsorship.sponsor" } },
	{ "requested", "refuse", "refused", NULL, { "sponsorship.refused" } },
	{ "active", "end", "ended", NULL, { "sponsorship.ended" } },
};
static const struct fsm_state_label sponsorship_l[] = {
	{ "requested", "demandé", "requested" },
	{ "active", "en cours", "active" },
	{ "refused", "refusé", "refused" },
	{ "ended", "terminé", "ended" },
};
const struct fsm fsm_sponsorship = { "sponsorship",
	"SELECT state FROM sponsorships WHERE id = ?",
	"UPDATE sponsorships SET state = ?1, updated_at = ?3 WHERE id = ?2",
	sponsorship_t, ARRAY_SIZE(sponsorship_t), sponsorship_l, ARRAY_SIZE(sponsorship_l) };

int
sponsorship_state_valid(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(sponsorship_l); i++)
		if (strcmp(sponsorship_l[i].state, s) == 0)
			return 1;
	return 0;
}

/* one sponsorship with the names and addresses of its parties */
struct sp_row {
	int64_t id, student_id, sponsor_id, proposed_id, decided_by, sponsor_user;
	char *state, *message, *reason, *student_name, *student_email, *formation,
	    *sponsor_name, *sponsor_email, *sponsor_locale, *referent_name, *referent_email,
	    *proposed_name, *proposed_email;
};

static void
sp_release(struct sp_row *r)
{
	char **s[] = { &r->state, &r->message, &r->reason, &r->student_name, &r->student_email,
		&r->formation, &r->sponsor_name, &r->sponsor_email, &r->sponsor_locale,
		&r->referent_name, &r->referent_email, &r->proposed_name, &r->proposed_email };

	for (size_t i = 0; i < ARRAY_SIZE(s); i++)
		free(*s[i]);
	memset(r, 0, sizeof(*r));
}

#define NAME(p) \
	"coalesce(nullif(trim(" p ".first_name || ' ' || " p ".last_name), ''), " p ".email)"

/* sp_load - 1 loaded, 0 unknown, -1 SQL error */
static int
sp_load(struct altc *ctx, int64_t id, struct sp_row *r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT p.id, p.student_id, coalesce(p.sponsor_id, 0), coalesce(p.proposed_id, 0),"
	    " coalesce(p.decided_by, 0), coalesce(sp.user_id, 0), p.state, coalesce(p.message, ''),"
	    " coalesce(p.reason, ''), " NAME("s") ", s.email,"
	    " coalesce((SELECT f.code || ' - ' || f.label FROM student_formations sf"
	    "   JOIN formations f ON f.id = sf.formation_id WHERE sf.student_id = s.id"
	    "   ORDER BY sf.created_at DESC LIMIT 1), ''),"
	    " coalesce(" NAME("sp") ", ''), coalesce(sp.email, ''), coalesce(sp.locale, 'fr'),"
	    " coalesce(" NAME("r") ", ''), coalesce(r.email, ''),"
	    " coalesce(" NAME("pp") ", ''), coalesce(pp.email, '')"
	    " FROM sponsorships p JOIN users s ON s.id = p.student_id"
	    " LEFT JOIN sponsors sp ON sp.id = p.sponsor_id"
	    " LEFT JOIN sponsors pp ON pp.id = p.proposed_id"
	    " LEFT JOIN users r ON r.id = p.decided_by WHERE p.id = ?");
	char **text[] = { &r->state, &r->message, &r->reason, &r->student_name, &r->student_email,
		&r->formation, &r->sponsor_name, &r->sponsor_email, &r->sponsor_locale,
		&r->referent_name, &r->referent_email, &r->proposed_name, &r->proposed_email };
	int rc;

	memset(r, 0, sizeof(*r));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		r->id = sqlite3_column_int64(st, 0);
		r->student_id = sqlite3_column_int64(st, 1);
		r->sponsor_id = sqlite3_column_int64(st, 2);
		r->proposed_id = sqlite3_column_int64(st, 3);
		r->decided_by = sqlite3_column_int64(st, 4);
		r->sponsor_user = sqlite3_column_int64(st, 5);
		for (size_t i = 0; i < ARRAY_SIZE(text); i++)
			*text[i] = xstrdup(db_col_text(st, 6 + (int)i));
	}
	sqlite3_reset(st);
	return rc;
}

int
sponsorship_referents(struct altc *ctx, int64_t student_id, int64_t **ids_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT r.id FROM users s JOIN users r ON r.id = s.referent_id"
	    " WHERE s.id = ?1 AND r.state = 'active'");
	int n = 0, rc;

	*ids_r = NULL;
	db_bind_int(st, 1, student_id);
	while ((rc = db_step(ctx->db, st, NULL)) == 1) {
		*ids_r = xreallocarray(*ids_r, (size_t)n + 1, sizeof(**ids_r));
		(*ids_r)[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc < 0 || n > 0)
		return rc < 0 ? -1 : n;
	/* no referent: the staff of the student's formations */
	st = db_prepare(ctx->db,
	    "SELECT f.rp_id FROM student_formations sf JOIN formations f ON f.id = sf.formation_id"
	    " JOIN users r ON r.id = f.rp_id WHERE sf.student_id = ?1 AND r.state = 'active'"
	    " UNION"
	    " SELECT d.ga_id FROM student_formations sf JOIN formations f ON f.id = sf.formation_id"
	    " JOIN delegations d ON d.rp_id = f.rp_id AND (d.formation_id IS NULL"
	    "   OR d.formation_id = f.id)"
	    " JOIN users g ON g.id = d.ga_id WHERE sf.student_id = ?1 AND g.state = 'active'"
	    " ORDER BY 1");
	db_bind_int(st, 1, student_id);
	while ((rc = db_step(ctx->db, st, NULL)) == 1) {
		*ids_r = xreallocarray(*ids_r, (size_t)n + 1, sizeof(**ids_r));
		(*ids_r)[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		FREE_AND_NULL(*ids_r);
		return -1;
	}
	return n;
}

static void
add_str(json_object *v, const char *key, const char *s)
{
	if (s && *s)
		json_object_object_add(v, key, json_object_new_string(s));
}

/* vars - the variables every sponsorship mail may show (templates/VARIABLES.md) */
static json_object *
vars(const struct sp_row *r)
{
	json_object *v = json_object_new_object();

	json_object_object_add(v, "sponsorship_id", json_object_new_int64(r->id));
	add_str(v, "student_name", r->student_name);
	add_str(v, "student_email", r->student_email);
	add_str(v, "formation", r->formation);
	add_str(v, "sponsor_name", r->sponsor_name);
	add_str(v, "sponsor_email", r->sponsor_email);
	add_str(v, "referent_name", r->referent_name);
	add_str(v, "referent_email", r->referent_email);
	add_str(v, "message", r->message);
	add_str(v, "reason", r->reason);
	return v;
}

/*
 * mail_party - one mail of a sponsorship to a user (to) or an address without
 * account (rcpt, locale), with a key of purpose when given
 */
static int
mail_party(struct altc *ctx, const struct sp_row *r, const char *tmpl, int64_t to,
    const char *rcpt, const char *locale, const char *purpose, const char *verbs,
    json_object *v, char **errstr_r)
{
	struct notify_msg m = { 0 };
	char tok[TOKEN_BUFSZ], thread[64];
	int64_t rc;

	if (purpose && token_issue(ctx->db, purpose, "sponsorship", r->id, to, verbs,
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0)
		return -1;
	(void)xsnprintf(thread, sizeof(thread), "sponsorship.%lld", (long long)r->id);
	m.user_id = to;
	m.rcpt = to ? NULL : rcpt;
	m.locale = to ? NULL : locale;
	m.template = tmpl;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.token = purpose ? tok : NULL;
	m.thread = thread;
	rc = notify_queue(ctx, &m, errstr_r);
	return rc < 0 ? -1 : 0;
}

/* to_sponsor - a mail to the sponsor: their account, else their address */
static int
to_sponsor(struct altc *ctx, const struct sp_row *r, const char *tmpl, const char *purpose,
    json_object *v, char **errstr_r)
{
	return mail_party(ctx, r, tmpl, r->sponsor_user, r->sponsor_email, r->sponsor_locale,
	    purpose, PARTY_VERBS, v, errstr_r);
}

struct fsm_arg {
	struct altc *ctx;
	int64_t id;
	const char *note;		/* the referent's message with VALIDER */
	char ended_by;			/* 's' student, 'p' sponsor, 'r' staff, 0 the CLI */
	int64_t ended_staff;
};

/* on_transition - each template of a transition, to its recipients */
static int
on_transition(void *arg, const char *tmpl, char **errstr_r)
{
	struct fsm_arg *f = arg;
	struct sp_row r;
	json_object *v;
	int rc = 0;

	if ((rc = sp_load(f->ctx, f->id, &r, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no sponsorship %lld", (long long)f->id);
		return -1;
	}
	v = vars(&r);
	add_str(v, "note", f->note);
	rc = 0;
	if (strcmp(tmpl, "sponsorship.accepted") == 0)
		rc = mail_party(f->ctx, &r, tmpl, r.student_id, NULL, NULL, "sponsorship_student",
		    PARTY_VERBS, v, errstr_r);
	else if (strcmp(tmpl, "sponsorship.sponsor") == 0)
		rc = to_sponsor(f->ctx, &r, tmpl, "sponsorship_sponsor", v, errstr_r);
	else if (strcmp(tmpl, "sponsorship.refused") == 0)
		/* the key takes PARRAINAGE, the verb of any key: ask again */
		rc = mail_party(f->ctx, &r, tmpl, r.student_id, NULL, NULL, "sponsorship_student",
		    "PARRAINAGE", v, errstr_r);
	else if (strcmp(tmpl, "sponsorship.ended") == 0) {
		json_object_object_add(v, f->ended_by == 's' ? "by_student" : f->ended_by == 'p' ?
		    "by_sponsor" : "by_staff", json_object_new_boolean(1));
		if (f->ended_by != 's')
			rc = mail_party(f->ctx, &r, tmpl, r.student_id, NULL, NULL, NULL, NULL, v,
			    errstr_r);
		if (rc == 0 && f->ended_by != 'p')
			rc = to_sponsor(f->ctx, &r, tmpl, NULL, v, errstr_r);
		if (rc == 0 && r.decided_by && (f->ended_by != 'r' || f->ended_staff != r.decided_by))
			rc = mail_party(f->ctx, &r, tmpl, r.decided_by, NULL, NULL, NULL, NULL, v,
			    errstr_r);
	} else
		BUG("sponsorship template %s", tmpl);
	json_object_put(v);
	sp_release(&r);
	return rc;
}

/* fire - event on sponsorship id; an act_status with errstr */
static int
fire(struct altc *ctx, struct fsm_arg *f, const char *event, const char *actor,
    const char *detail, char **errstr_r)
{
	enum fsm_result rc;
	char *e = NULL;

	rc = fsm_apply(ctx->db, &fsm_sponsorship, f->id, event, actor, detail, on_transition, f,
	    NULL, &e);
	switch (rc) {
	case FSM_OK:
		free(e);
		return ACT_OK;
	case FSM_NOT_FOUND:
		free(e);
		*errstr_r = xasprintf("no sponsorship %lld", (long long)f->id);
		return ACT_ENOTFOUND;
	case FSM_ILLEGAL:
	case FSM_REFUSED:
		free(e);
		*errstr_r = xstrdup("the sponsorship cannot change now");
		return ACT_ESTATE;
	default:
		*errstr_r = e ? e : xstrdup("database error");
		return ACT_EDB;
	}
}

/* open_one - the student's open request or sponsorship, 0 if none */
static int64_t
open_one(struct altc *ctx, int64_t student_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id FROM sponsorships WHERE student_id = ?"
	    " AND state IN ('requested', 'active') LIMIT 1");
	int64_t id = 0;

	db_bind_int(st, 1, student_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* notify_request - the request to each referent, and its receipt to the student */
static int
notify_request(struct altc *ctx, int64_t id, const int64_t *refs, int nrefs, char **errstr_r)
{
	struct sp_row r;
	json_object *v;
	int rc;

	if (sp_load(ctx, id, &r, errstr_r) != 1)
		return -1;
	v = vars(&r);
	add_str(v, "proposed_name", r.proposed_name);
	add_str(v, "proposed_email", r.proposed_email);
	rc = 0;
	for (int i = 0; i < nrefs && rc == 0; i++)
		rc = mail_party(ctx, &r, "sponsorship.request", refs[i], NULL, NULL,
		    "sponsorship_referent", REFERENT_VERBS, v, errstr_r);
	json_object_object_add(v, "referents", json_object_new_int(nrefs));
	if (rc == 0)
		rc = mail_party(ctx, &r, "sponsorship.requested", r.student_id, NULL, NULL, NULL,
		    NULL, v, errstr_r);
	json_object_put(v);
	sp_release(&r);
	return rc;
}

int
sponsorship_request(struct altc *ctx, int64_t student_id, const char *message,
    int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st;
	int64_t *refs = NULL, proposed, open;
	int n, rc = ACT_OK;

	if (db_int_for(ctx->db, "SELECT count(*) FROM users WHERE email = ? AND role = 'student'"
	    " AND state <> 'closed'", db_actor(ctx->db, student_id)) != 1) {
		*errstr_r = xstrdup("only students ask for a sponsor");
		return ACT_EDENIED;
	}
	if ((open = open_one(ctx, student_id)) != 0) {
		*errstr_r = xasprintf("you already have a sponsorship request or a sponsor"
		    " (sponsorship %lld)", (long long)open);
		return ACT_ESTATE;
	}
	if ((n = sponsorship_referents(ctx, student_id, &refs)) <= 0) {
		*errstr_r = xstrdup(n < 0 ? "cannot read the referents" :
		    "no referent follows you: ask your formation's team");
		return n < 0 ? ACT_EDB : ACT_EINPUT;
	}
	if (db_savepoint(ctx->db, "sponsorship_request") < 0) {
		free(refs);
		*errstr_r = xstrdup("cannot open a savepoint");
		return ACT_EDB;
	}
	proposed = sponsor_propose(ctx, student_id);
	st = db_prepare(ctx->db, "INSERT INTO sponsorships (student_id, proposed_id, state, message,"
	    " created_at, updated_at) VALUES (?1, ?2, 'requested', ?3, ?4, ?4)");
	db_bind_int(st, 1, student_id);
	if (proposed)
		db_bind_int(st, 2, proposed);
	db_bind_text(st, 3, message && *message ? message : NULL);
	db_bind_int(st, 4, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		rc = ACT_EDB;
	else {
		*id_r = sqlite3_last_insert_rowid(ctx->db->h);
		if (db_audit(ctx->db, db_actor(ctx->db, student_id), "sponsorship", *id_r, NULL,
		    "create", "requested", message) < 0 ||
		    notify_request(ctx, *id_r, refs, n, errstr_r) < 0) {
			if (*errstr_r == NULL)
				*errstr_r = xstrdup("cannot write the audit row");
			rc = ACT_EDB;
		}
	}
	free(refs);
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "sponsorship_request");
	else if (db_release(ctx->db, "sponsorship_request") < 0)
		rc = ACT_EDB;
	if (rc == ACT_OK)
		log_info("sponsorship %lld: student '%s' asks for a sponsor (%d asked)",
		    (long long)*id_r, db_actor(ctx->db, student_id), n);
	return rc;
}

/* follows - ACT_OK when actor_id (0: the command line) follows the student of r */
static int
follows(struct altc *ctx, int64_t actor_id, const struct sp_row *r, char **errstr_r)
{
	int rc;

	if (actor_id == 0)
		return ACT_OK;
	if ((rc = followup_follows(ctx, actor_id, r->student_id)) == 1)
		return ACT_OK;
	*errstr_r = xstrdup(rc < 0 ? "cannot read the formations" : "you do not follow this student");
	return rc < 0 ? ACT_EDB : ACT_EDENIED;
}

/* sponsor_user - the account of a sponsor (0: a volunteer) and its address into email */
static int64_t
sponsor_user(struct altc *ctx, int64_t sponsor, char email[256])
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce(user_id, 0), email FROM sponsors WHERE id = ?");
	int64_t uid = 0;

	db_bind_int(st, 1, sponsor);
	if (db_step(ctx->db, st, NULL) == 1) {
		uid = sqlite3_column_int64(st, 0);
		(void)xstrlcpy(email, db_col_text(st, 1), 256);
	}
	sqlite3_reset(st);
	return uid;
}

/* decided - record who decided, the sponsor and the motif before the transition */
static int
decided(struct altc *ctx, int64_t id, int64_t actor_id, int64_t sponsor, const char *reason,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE sponsorships SET decided_by = ?2,"
	    " sponsor_id = ?3, reason = ?4, decided_at = ?5 WHERE id = ?1");

	db_bind_int(st, 1, id);
	if (actor_id)
		db_bind_int(st, 2, actor_id);
	if (sponsor)
		db_bind_int(st, 3, sponsor);
	db_bind_text(st, 4, reason);
	db_bind_int(st, 5, now_epoch());
	return db_done(ctx->db, st, errstr_r) < 0 ? ACT_EDB : ACT_OK;
}

/* decide - the checks and the move of VALIDER and REFUSER, in a savepoint */
static int
decide(struct altc *ctx, int64_t id, int64_t actor_id, const char *who, const char *text,
    int validate, char **errstr_r)
{
	struct fsm_arg f = { ctx, id, NULL, 0, 0 };
	const char *actor = actor_id ? db_actor(ctx->db, actor_id) : "staff";
	char email[256] = "";
	int64_t sponsor = 0;
	struct sp_row r;
	int rc;

	if ((rc = sp_load(ctx, id, &r, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no sponsorship %lld", (long long)id);
		return rc == 0 ? ACT_ENOTFOUND : ACT_EDB;
	}
	if ((rc = follows(ctx, actor_id, &r, errstr_r)) != ACT_OK) {
		sp_release(&r);
		return rc;
	}
	if (strcmp(r.state, "requested") != 0) {
		*errstr_r = xasprintf("the sponsorship is already %s", r.state);
		sp_release(&r);
		return ACT_ESTATE;
	}
	if (validate && who && *who)
		rc = sponsor_find(ctx, who, &sponsor, errstr_r);
	else if (validate) {
		sponsor = r.proposed_id && db_int_for(ctx->db, "SELECT active FROM sponsors"
		    " WHERE email = ?", r.proposed_email) == 1 ? r.proposed_id :
		    sponsor_propose(ctx, r.student_id);
		if (sponsor == 0) {
			*errstr_r = xstrdup("no sponsor is available: VALIDER followed by the address"
			    " of a registered sponsor");
			rc = ACT_EINPUT;
		}
	} else if (text == NULL || *text == '\0') {
		*errstr_r = xstrdup("a refusal needs a motif: REFUSER followed by the motif");
		rc = ACT_EINPUT;
	}
	if (rc == ACT_OK && validate && sponsor_user(ctx, sponsor, email) == r.student_id) {
		*errstr_r = xstrdup("a student cannot be their own sponsor");
		rc = ACT_EINPUT;
	}
	sp_release(&r);
	if (rc != ACT_OK)
		return rc;
	if (db_savepoint(ctx->db, "sponsorship_decide") < 0) {
		*errstr_r = xstrdup("cannot open a savepoint");
		return ACT_EDB;
	}
	f.note = validate ? text : NULL;
	if ((rc = decided(ctx, id, actor_id, sponsor, validate ? NULL : text, errstr_r)) == ACT_OK)
		rc = fire(ctx, &f, validate ? "validate" : "refuse", actor, validate ? email : text,
		    errstr_r);
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "sponsorship_decide");
	else if (db_release(ctx->db, "sponsorship_decide") < 0)
		rc = ACT_EDB;
	return rc;
}

int
sponsorship_validate(struct altc *ctx, int64_t id, int64_t actor_id, const char *who,
    const char *message, char **errstr_r)
{
	return decide(ctx, id, actor_id, who, message, 1, errstr_r);
}

int
sponsorship_refuse(struct altc *ctx, int64_t id, int64_t actor_id, const char *motif,
    char **errstr_r)
{
	return decide(ctx, id, actor_id, NULL, motif, 0, errstr_r);
}

int
sponsorship_end(struct altc *ctx, int64_t id, int64_t actor_id, const char *by,
    const char *reason, char **errstr_r)
{
	struct fsm_arg f = { ctx, id, NULL, 0, 0 };
	const char *actor = "staff";
	struct sp_row r;
	int rc;

	if ((rc = sp_load(ctx, id, &r, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no sponsorship %lld", (long long)id);
		return rc == 0 ? ACT_ENOTFOUND : ACT_EDB;
	}
	rc = ACT_OK;
	if (actor_id && actor_id == r.student_id)
		f.ended_by = 's';
	else if ((actor_id && actor_id == r.sponsor_user) ||
	    (by && *r.sponsor_email && strcasecmp(by, r.sponsor_email) == 0))
		f.ended_by = 'p';
	else if (actor_id) {
		f.ended_by = 'r';
		f.ended_staff = actor_id;
		rc = follows(ctx, actor_id, &r, errstr_r);
	} else if (by) {
		*errstr_r = xstrdup("only the student, the sponsor or a referent ends a sponsorship");
		rc = ACT_EDENIED;
	}
	if (f.ended_by == 'p' && !actor_id)
		actor = r.sponsor_email;
	else if (actor_id)
		actor = db_actor(ctx->db, actor_id);
	if (rc == ACT_OK && strcmp(r.state, "active") != 0) {
		*errstr_r = xasprintf("the sponsorship is %s: only an active one ends", r.state);
		rc = ACT_ESTATE;
	}
	if (rc == ACT_OK) {
		sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE sponsorships SET ended_at = ?2,"
		    " reason = ?3 WHERE id = ?1");

		db_bind_int(st, 1, id);
		db_bind_int(st, 2, now_epoch());
		db_bind_text(st, 3, reason && *reason ? reason : NULL);
		if (db_savepoint(ctx->db, "sponsorship_end") < 0 || db_done(ctx->db, st, errstr_r) < 0)
			rc = ACT_EDB;
		else if ((rc = fire(ctx, &f, "end", actor, reason, errstr_r)) != ACT_OK)
			db_rollback_to(ctx->db, "sponsorship_end");
		else if (db_release(ctx->db, "sponsorship_end") < 0)
			rc = ACT_EDB;
	}
	sp_release(&r);
	return rc;
}

struct table *
sponsorship_table(struct altc *ctx, const char *state, char **errstr_r)
{
	static const char *const cols[] = { "id", "state", "student", "sponsor", "decided_by",
		"created", "decided", "ended", "message", "reason" };
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT p.id, p.state, s.email, coalesce(sp.email, ''), coalesce(r.email, ''),"
	    " p.created_at, p.decided_at, p.ended_at, coalesce(p.message, ''), coalesce(p.reason, '')"
	    " FROM sponsorships p JOIN users s ON s.id = p.student_id"
	    " LEFT JOIN sponsors sp ON sp.id = p.sponsor_id LEFT JOIN users r ON r.id = p.decided_by"
	    " WHERE ?1 IS NULL OR p.state = ?1 ORDER BY p.id");
	struct table *t = table_new(cols, ARRAY_SIZE(cols));
	int rc;

	db_bind_text(st, 1, state);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char id[24], when[3][32];
		const char *v[10];

		(void)xsnprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		for (int i = 0; i < 3; i++) {
			when[i][0] = '\0';
			if (sqlite3_column_type(st, 5 + i) != SQLITE_NULL)
				epoch_to_iso(sqlite3_column_int64(st, 5 + i), when[i], sizeof(when[i]));
		}
		v[0] = id;
		for (int i = 1; i < 5; i++)
			v[i] = db_col_text(st, i);
		v[5] = when[0];
		v[6] = when[1];
		v[7] = when[2];
		v[8] = db_col_text(st, 8);
		v[9] = db_col_text(st, 9);
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}
