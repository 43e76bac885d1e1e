/*
 * company.c - companies and their people.  The first person to register a
 * SIRET becomes its referent; the next ones are collaborators the referent
 * approves.  Account states move only through fsm_account; the mail each
 * transition names (account.welcome) is queued by the callback here.
 */
#include "compat.h"

#include <json-c/json.h>

/* compact, and "/" left alone (links stay readable in the outbox rows) */
#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "company.h"
#include "config.h"
#include "db.h"
#include "formation.h"
#include "fsm.h"
#include "log.h"
#include "notify.h"
#include "status.h"
#include "student.h"
#include "siret.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "token.h"
#include "util.h"

/* APPROVE is an alias of VALIDER in the reply parser: accept both words */
#define COLLABORATOR_COMMANDS "APPROUVER,VALIDER,ACCEPTER,REFUSER,REJETER"

int
company_find(struct altc *ctx, const char *siret, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id FROM companies WHERE siret = ?");
	char d[SIRET_BUFSZ];
	int rc;

	*id_r = 0;
	if (siret_normalize(siret, d) < 0)
		return 0;
	db_bind_text(st, 1, d);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		*id_r = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

int64_t
company_of_user(struct altc *ctx, int64_t user_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce(company_id, 0) FROM users WHERE id = ? AND role = 'employer'"
	    " AND state = 'active'");
	int64_t id = 0;

	db_bind_int(st, 1, user_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/*
 * insert_company - the row of a checked, new SIRET; note (may be NULL) is
 * what the SIRENE register changed, audited as actor's
 */
static int
insert_company(struct altc *ctx, const struct company_fields *f, const char *state,
    const char *note, const char *actor, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st;
	char d[SIRET_BUFSZ];
	int64_t known;
	int rc;

	if (f->name == NULL || f->siret == NULL) {
		*errstr_r = xstrdup("a company needs a name and a SIRET");
		return ACT_EINPUT;
	}
	if (siret_check(f->siret, errstr_r) < 0)
		return ACT_EINPUT;
	if ((rc = company_find(ctx, f->siret, &known, errstr_r)) != 0) {
		if (rc == 1)
			*errstr_r = xasprintf("SIRET %s is already known", f->siret);
		return rc < 0 ? ACT_EDB : ACT_EINPUT;
	}
	(void)siret_normalize(f->siret, d);
	st = db_prepare(ctx->db,
	    "INSERT INTO companies (siret, name, sector, headcount, address, postal_code, city,"
	    " country, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?, 'France'), ?, ?)");
	db_bind_text(st, 1, d);
	db_bind_text(st, 2, f->name);
	db_bind_text(st, 3, f->sector);
	db_bind_text(st, 4, f->headcount);
	db_bind_text(st, 5, f->address);
	db_bind_text(st, 6, f->postal_code);
	db_bind_text(st, 7, f->city);
	db_bind_text(st, 8, f->country);
	db_bind_text(st, 9, state);
	db_bind_int(st, 10, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	*id_r = sqlite3_last_insert_rowid(ctx->db->h);
	if (note && db_audit(ctx->db, actor, "company", *id_r, NULL, "sirene", NULL, note) < 0) {
		*errstr_r = xstrdup("audit row");
		return ACT_EDB;
	}
	return ACT_OK;
}

/* attach_user - the employer joins company (as its referent when referent) */
static int
attach_user(struct altc *ctx, int64_t user_id, int64_t company_id, int referent,
    const char *phone, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE users SET company_id = ?2, company_referent = ?3,"
	    " phone_fixed = coalesce(?4, phone_fixed) WHERE id = ?1");

	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, company_id);
	db_bind_int(st, 3, referent);
	db_bind_text(st, 4, phone);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	if (!referent)
		return 0;
	st = db_prepare(ctx->db, "UPDATE companies SET referent_id = ?2 WHERE id = ?1");
	db_bind_int(st, 1, company_id);
	db_bind_int(st, 2, user_id);
	return db_done(ctx->db, st, errstr_r);
}

/* new_employer - a fresh employer account; ACT_EINPUT when the address has one */
static int
new_employer(struct altc *ctx, const struct company_fields *f, const char *email,
    const char *state, int64_t *user_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT 1 FROM users WHERE email = ?");
	int rc;

	if (!text_is_email(email)) {
		*errstr_r = xasprintf("'%s' is not an e-mail address", email);
		return ACT_EINPUT;
	}
	db_bind_text(st, 1, email);
	rc = db_step(ctx->db, st, errstr_r);
	sqlite3_reset(st);
	if (rc != 0) {
		if (rc == 1)
			*errstr_r = xasprintf("'%s' already has an account", email);
		return rc < 0 ? ACT_EDB : ACT_EINPUT;
	}
	if ((*user_r = user_ensure(ctx, email, "employer", state, f->last_name, f->first_name,
	    errstr_r)) < 0)
		return ACT_EDB;
	return ACT_OK;
}

/* add_company - company_add once the register has been read (note: what it changed) */
static int
add_company(struct altc *ctx, const struct company_fields *f, const char *note,
    const char *email, int64_t *id_r, char **errstr_r)
{
	int64_t user;
	int rc;

	if (db_savepoint(ctx->db, "company_add") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	rc = insert_company(ctx, f, "active", note, "staff", id_r, errstr_r);
	if (rc == ACT_OK && email && (rc = new_employer(ctx, f, email, "active", &user,
	    errstr_r)) == ACT_OK && attach_user(ctx, user, *id_r, 1, f->phone, errstr_r) < 0)
		rc = ACT_EDB;
	if (rc == ACT_OK && db_audit(ctx->db, "staff", "company", *id_r, NULL, "create", "active",
	    f->name) < 0)
		rc = ACT_EDB;
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "company_add");
	else if (db_release(ctx->db, "company_add") < 0)
		rc = ACT_EDB;
	return rc;
}

int
company_add(struct altc *ctx, const struct company_fields *f, const char *email,
    int64_t *id_r, char **errstr_r)
{
	struct company_fields g;
	char *note = NULL;
	int rc;

	if (f->name == NULL || f->siret == NULL) {
		*errstr_r = xstrdup("a company needs a name and a SIRET");
		return ACT_EINPUT;
	}
	if (siret_check(f->siret, errstr_r) < 0)
		return ACT_EINPUT;
	if ((rc = company_sirene_check(ctx, f, &g, &note, errstr_r)) == ACT_OK)
		rc = add_company(ctx, &g, note, email, id_r, errstr_r);
	company_fields_release(&g);
	free(note);
	return rc;
}

int
company_ensure(struct altc *ctx, const struct company_fields *f, const char *actor,
    int64_t *id_r, char **errstr_r)
{
	int rc;

	if (f->siret == NULL || siret_check(f->siret, errstr_r) < 0) {
		if (f->siret == NULL)
			*errstr_r = xstrdup("a company needs a name and a SIRET");
		return ACT_EINPUT;
	}
	if ((rc = company_find(ctx, f->siret, id_r, errstr_r)) != 0)
		return rc < 0 ? ACT_EDB : ACT_OK;
	if ((rc = insert_company(ctx, f, "active", NULL, actor, id_r, errstr_r)) != ACT_OK)
		return rc;
	if (db_audit(ctx->db, actor, "company", *id_r, NULL, "create", "active", f->name) < 0) {
		*errstr_r = xstrdup("audit row");
		return ACT_EDB;
	}
	log_info("company %lld: %s (SIRET %s) added without an account", (long long)*id_r,
	    f->name, f->siret);
	return ACT_OK;
}

/* queue - one account mail with vars (consumed) */
static int
queue(struct altc *ctx, int64_t user_id, const char *tmpl, json_object *v, const char *token,
    const char *locale, char **errstr_r)
{
	struct notify_msg m = { 0 };
	char thread[64];
	int64_t rc;

	(void)xsnprintf(thread, sizeof(thread), "account.%lld", (long long)user_id);
	m.user_id = user_id;
	m.template = tmpl;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.token = token;
	m.thread = thread;
	m.locale = locale;
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(v);
	return rc < 0 ? -1 : 0;
}

/* register_company - company_register once the register has been read */
static int
register_company(struct altc *ctx, const struct company_fields *f, const char *note,
    const char *email, const char *locale, int64_t *user_id_r, char **errstr_r)
{
	char tok[TOKEN_BUFSZ], *link, day[32];
	int64_t company, ttl = config_int(ctx->cfg, "tokens.confirm_ttl");
	json_object *v;
	int rc, referent;

	if (db_savepoint(ctx->db, "company_register") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	if ((rc = company_find(ctx, f->siret, &company, errstr_r)) < 0) {
		rc = ACT_EDB;
		goto out;
	}
	referent = rc == 0;
	if ((referent && (rc = insert_company(ctx, f, "unconfirmed", note, email, &company,
	    errstr_r)) != 0) ||
	    (rc = new_employer(ctx, f, email, "unconfirmed", user_id_r, errstr_r)) != 0)
		goto out;
	rc = ACT_EDB;
	if (attach_user(ctx, *user_id_r, company, referent, f->phone, errstr_r) < 0 ||
	    token_issue(ctx->db, "confirm_email", "user", *user_id_r, *user_id_r, "", ttl,
	    1, tok, errstr_r) < 0)
		goto out;
	epoch_to_local(now_epoch() + ttl, 1, day, sizeof(day));
	v = json_object_new_object();
	json_object_object_add(v, "first_name", json_object_new_string(f->first_name));
	json_object_object_add(v, "company", json_object_new_string(f->name));
	link = xasprintf("%s/a/%s", config_str(ctx->cfg, "mail.base_url"), tok);
	json_object_object_add(v, "link", json_object_new_string(link));
	free(link);
	json_object_object_add(v, "expires", json_object_new_string(day));
	if (queue(ctx, *user_id_r, "account.confirm_email", v, tok, locale, errstr_r) < 0)
		goto out;
	rc = ACT_OK;
	log_info("employer '%s': registration for SIRET %s (%s)", email, f->siret,
	    referent ? "referent" : "collaborator");
out:
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "company_register");
	else if (db_release(ctx->db, "company_register") < 0)
		rc = ACT_EDB;
	return rc;
}

int
company_register(struct altc *ctx, const struct company_fields *f, const char *email,
    const char *locale, int64_t *user_id_r, char **errstr_r)
{
	struct company_fields g;
	char *missing, *note = NULL;
	int rc;

	if ((missing = company_fields_missing(f, "en")) != NULL) {
		*errstr_r = xasprintf("missing fields: %s", missing);
		free(missing);
		return ACT_EINPUT;
	}
	if (siret_check(f->siret, errstr_r) < 0)
		return ACT_EINPUT;
	if ((rc = company_sirene_check(ctx, f, &g, &note, errstr_r)) == ACT_OK)
		rc = register_company(ctx, &g, note, email, locale, user_id_r, errstr_r);
	company_fields_release(&g);
	free(note);
	return rc;
}

struct account_arg {
	struct altc *ctx;
	int64_t user_id;
};

/* on_account - account.welcome for an employer */
static int
on_account(void *argp, const char *tmpl, char **errstr_r)
{
	struct account_arg *a = argp;
	sqlite3_stmt *st = db_prepare(a->ctx->db, "SELECT first_name FROM users WHERE id = ?");
	json_object *v = json_object_new_object();

	db_bind_int(st, 1, a->user_id);
	if (db_step(a->ctx->db, st, NULL) == 1)
		json_object_object_add(v, "first_name", json_object_new_string(db_col_text(st, 0)));
	sqlite3_reset(st);
	json_object_object_add(v, "is_employer", json_object_new_boolean(1));
	return queue(a->ctx, a->user_id, tmpl, v, NULL, NULL, errstr_r);
}

/* account_fsm - an account transition with its mail; offer_status */
static int
account_fsm(struct altc *ctx, int64_t user_id, const char *event, const char *actor,
    char **errstr_r)
{
	struct account_arg a = { ctx, user_id };

	return fsm_status(fsm_apply(ctx->db, &fsm_account, user_id, event, actor, NULL, on_account,
	    &a, NULL, errstr_r));
}

/* user_company - company, referent flag and the company's referent of an employer */
static int
user_company(struct altc *ctx, int64_t user_id, int64_t *company_r, int *is_ref_r,
    int64_t *referent_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT u.company_id, u.company_referent, coalesce(c.referent_id, 0)"
	    " FROM users u JOIN companies c ON c.id = u.company_id"
	    " WHERE u.id = ? AND u.role = 'employer'");
	int rc;

	db_bind_int(st, 1, user_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		*company_r = sqlite3_column_int64(st, 0);
		*is_ref_r = sqlite3_column_int(st, 1);
		*referent_r = sqlite3_column_int64(st, 2);
	} else if (rc == 0)
		*errstr_r = xasprintf("user %lld is not an employer", (long long)user_id);
	sqlite3_reset(st);
	return rc;
}

int
company_confirm(struct altc *ctx, int64_t user_id, char **errstr_r)
{
	int64_t company, referent;
	int is_ref, rc;

	if ((rc = user_company(ctx, user_id, &company, &is_ref, &referent, errstr_r)) <= 0)
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	if (db_savepoint(ctx->db, "company_confirm") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	if (is_ref) {
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "UPDATE companies SET state = 'active' WHERE id = ?");

		rc = account_fsm(ctx, user_id, "confirm", db_actor(ctx->db, user_id), errstr_r);
		db_bind_int(st, 1, company);
		if (rc == ACT_OK && db_done(ctx->db, st, errstr_r) < 0)
			rc = ACT_EDB;
	} else {
		char tok[TOKEN_BUFSZ];
		json_object *v;
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "SELECT u.first_name, u.last_name, u.email, c.name FROM users u"
		    " JOIN companies c ON c.id = u.company_id WHERE u.id = ?");

		rc = account_fsm(ctx, user_id, "confirm_collaborator", db_actor(ctx->db, user_id),
		    errstr_r);
		if (rc == ACT_OK && referent == 0) {
			*errstr_r = xstrdup("the company has no referent to approve");
			rc = ACT_ESTATE;
		}
		if (rc == ACT_OK && token_issue(ctx->db, "collaborator_review", "user", user_id,
		    referent, COLLABORATOR_COMMANDS, config_int(ctx->cfg, "tokens.reply_ttl"), 1,
		    tok, errstr_r) < 0)
			rc = ACT_EDB;
		if (rc == ACT_OK) {
			v = json_object_new_object();
			db_bind_int(st, 1, user_id);
			if (db_step(ctx->db, st, NULL) == 1) {
				json_object_object_add(v, "first_name",
				    json_object_new_string(db_col_text(st, 0)));
				json_object_object_add(v, "last_name",
				    json_object_new_string(db_col_text(st, 1)));
				json_object_object_add(v, "email",
				    json_object_new_string(db_col_text(st, 2)));
				json_object_object_add(v, "company",
				    json_object_new_string(db_col_text(st, 3)));
			}
			sqlite3_reset(st);
			if (queue(ctx, referent, "account.collaborator_request", v, tok, NULL,
			    errstr_r) < 0)
				rc = ACT_EDB;
		}
	}
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "company_confirm");
	else if (db_release(ctx->db, "company_confirm") < 0)
		rc = ACT_EDB;
	return rc;
}

int
company_collaborator_decide(struct altc *ctx, int64_t user_id, int64_t actor_id, int approve,
    char **errstr_r)
{
	int64_t company, referent;
	int is_ref, rc;

	if ((rc = user_company(ctx, user_id, &company, &is_ref, &referent, errstr_r)) <= 0)
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	if (actor_id != referent) {
		*errstr_r = xstrdup("only the company's referent approves a collaborator");
		return ACT_EDENIED;
	}
	return account_fsm(ctx, user_id, approve ? "approve" : "refuse",
	    db_actor(ctx->db, actor_id), errstr_r);
}

/* set_referent - user becomes the referent of company (and the only one) */
static int
set_referent(struct altc *ctx, int64_t company, int64_t user, const char *actor,
    const char *email, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE users SET company_referent = (id = ?2) WHERE company_id = ?1");

	db_bind_int(st, 1, company);
	db_bind_int(st, 2, user);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	st = db_prepare(ctx->db, "UPDATE companies SET referent_id = ?2 WHERE id = ?1");
	db_bind_int(st, 1, company);
	db_bind_int(st, 2, user);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    db_audit(ctx->db, actor, "company", company, NULL, "referent", NULL, email) < 0)
		return ACT_EDB;
	return ACT_OK;
}

int
company_set_referent(struct altc *ctx, const char *siret, const char *email, char **errstr_r)
{
	sqlite3_stmt *st;
	int64_t company, user = 0;
	int rc;

	if ((rc = company_find(ctx, siret, &company, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("no company with SIRET %s", siret);
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	}
	st = db_prepare(ctx->db,
	    "SELECT id FROM users WHERE email = ? AND company_id = ? AND role = 'employer'"
	    " AND state = 'active'");
	db_bind_text(st, 1, email);
	db_bind_int(st, 2, company);
	if (db_step(ctx->db, st, NULL) == 1)
		user = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (user == 0) {
		*errstr_r = xasprintf("'%s' is not an active employer of SIRET %s", email, siret);
		return ACT_EINPUT;
	}
	return set_referent(ctx, company, user, "staff", email, errstr_r);
}

/* referent_mail - account.referent to user: is_new when they take the role */
static int
referent_mail(struct altc *ctx, int64_t user, int64_t company, int64_t new_ref, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT u.first_name, u.last_name, u.email, c.name FROM users u, companies c"
	    " WHERE u.id = ?1 AND c.id = ?2");
	json_object *v = json_object_new_object();

	db_bind_int(st, 1, new_ref);
	db_bind_int(st, 2, company);
	if (db_step(ctx->db, st, NULL) == 1) {
		json_object_object_add(v, "first_name", json_object_new_string(db_col_text(st, 0)));
		json_object_object_add(v, "last_name", json_object_new_string(db_col_text(st, 1)));
		json_object_object_add(v, "email", json_object_new_string(db_col_text(st, 2)));
		json_object_object_add(v, "company", json_object_new_string(db_col_text(st, 3)));
	}
	sqlite3_reset(st);
	json_object_object_add(v, "is_new", json_object_new_boolean(user == new_ref));
	return queue(ctx, user, "account.referent", v, NULL, NULL, errstr_r);
}

int
company_handover(struct altc *ctx, int64_t actor_id, const char *email, char **errstr_r)
{
	int64_t company, referent, user = 0;
	sqlite3_stmt *st;
	int is_ref, rc;

	if ((rc = user_company(ctx, actor_id, &company, &is_ref, &referent, errstr_r)) <= 0)
		return rc < 0 ? ACT_EDB : ACT_EDENIED;
	if (!is_ref || referent != actor_id) {
		*errstr_r = xstrdup("only the company's referent hands the role over");
		return ACT_EDENIED;
	}
	st = db_prepare(ctx->db,
	    "SELECT id FROM users WHERE email = ? COLLATE NOCASE AND company_id = ?"
	    " AND role = 'employer' AND state = 'active'");
	db_bind_text(st, 1, email);
	db_bind_int(st, 2, company);
	if (db_step(ctx->db, st, NULL) == 1)
		user = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (user == 0 || user == actor_id) {
		*errstr_r = xasprintf("'%s' is not another active employer of your company", email);
		return ACT_EINPUT;
	}
	if ((rc = set_referent(ctx, company, user, db_actor(ctx->db, actor_id), email,
	    errstr_r)) != ACT_OK)
		return rc;
	if (referent_mail(ctx, user, company, user, errstr_r) < 0 ||
	    referent_mail(ctx, actor_id, company, user, errstr_r) < 0)
		return ACT_EDB;
	log_info("company %lld: referent handed over to '%s'", (long long)company, email);
	return ACT_OK;
}
