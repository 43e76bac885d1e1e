/*
 * signup.c - the student signup and the two small link actions that share
 * its endpoint.  Values missing from a form fall back to what the import
 * stored, so a bare reply to the invitation registers a student whose file
 * already had everything.  Tokens are spent only here, by a POST or a reply.
 */
#include "compat.h"

#include <json-c/json.h>
#include <time.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "log.h"
#include "module.h"
#include "notify.h"
#include "signup.h"
#include "student.h"
#include "student_check.h"
#include "token.h"
#include "util.h"

static const struct {
	const char *key, *fr, *en;
} fields[SIGNUP_NFIELDS] = {
	{ "portable", "Téléphone portable", "Mobile phone" },
	{ "fixe", "Téléphone fixe", "Landline phone" },
	{ "ine", "INE", "INE (student number)" },
	{ "date_de_naissance", "Date de naissance", "Date of birth" },
	{ "parcours", "Parcours", "Track" },
	{ "contact_famille", "Contact familial", "Family contact" },
};

enum msg { M_REQUIRED, M_MOBILE, M_PHONE, M_INE, M_DATE, M_MINOR, M_NMSG };

static const char *const messages[M_NMSG][2] = {
	{ "Champ obligatoire.", "This field is required." },
	{ "Numéro de portable français attendu (06 ou 07, dix chiffres).",
	  "A French mobile number is expected (06 or 07, ten digits)." },
	{ "Numéro de téléphone français attendu (dix chiffres).",
	  "A French phone number is expected (ten digits)." },
	{ "INE invalide (ex. 123456789AB ou 0494004062M).",
	  "Invalid INE (e.g. 123456789AB or 0494004062M)." },
	{ "Date attendue au format jj/mm/aaaa.", "A date in the form dd/mm/yyyy is expected." },
	{ "Obligatoire pour un étudiant mineur.", "Required for a student under 18." },
};

static const char *
msg(enum msg m, const char *locale)
{
	return messages[m][locale_is_en(locale)];
}

const char *
signup_field_key(enum signup_field f)
{
	return fields[f].key;
}

const char *
signup_field_label(enum signup_field f, const char *locale)
{
	return locale_is_en(locale) ? fields[f].en : fields[f].fr;
}

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

int
signup_validate(const struct signup_form *f, int64_t now, const char *locale,
    struct signup_errors *e, char *norm[SIGNUP_NFIELDS])
{
	char buf[16], iso[11];
	int i, kind;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		norm[i] = NULL;
	if (empty(f->v[SIGNUP_MOBILE]))
		e->msg[SIGNUP_MOBILE] = msg(M_REQUIRED, locale);
	else if (phone_normalise_fr(f->v[SIGNUP_MOBILE], buf) != PHONE_MOBILE)
		e->msg[SIGNUP_MOBILE] = msg(M_MOBILE, locale);
	else
		norm[SIGNUP_MOBILE] = xstrdup(buf);
	if (!empty(f->v[SIGNUP_FIXED])) {
		if ((kind = phone_normalise_fr(f->v[SIGNUP_FIXED], buf)) < 0)
			e->msg[SIGNUP_FIXED] = msg(M_PHONE, locale);
		else
			norm[SIGNUP_FIXED] = xstrdup(buf);
	}
	if (!empty(f->v[SIGNUP_INE])) {
		if (ine_check(f->v[SIGNUP_INE], buf) == INE_INVALID)
			e->msg[SIGNUP_INE] = msg(M_INE, locale);
		else
			norm[SIGNUP_INE] = xstrdup(buf);
	}
	if (empty(f->v[SIGNUP_BIRTH]))
		e->msg[SIGNUP_BIRTH] = msg(M_REQUIRED, locale);
	else if (date_parse_fr(f->v[SIGNUP_BIRTH], iso) < 0)
		e->msg[SIGNUP_BIRTH] = msg(M_DATE, locale);
	else {
		norm[SIGNUP_BIRTH] = xstrdup(iso);
		if (age_on(iso, now) < 18 && empty(f->v[SIGNUP_FAMILY]))
			e->msg[SIGNUP_FAMILY] = msg(M_MINOR, locale);
	}
	if (!empty(f->v[SIGNUP_PARCOURS]))
		norm[SIGNUP_PARCOURS] = xstrdup(f->v[SIGNUP_PARCOURS]);
	if (!empty(f->v[SIGNUP_FAMILY]))
		norm[SIGNUP_FAMILY] = xstrdup(f->v[SIGNUP_FAMILY]);
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		if (e->msg[i])
			e->n++;
	return e->n;
}

/* expiry_text - "24/11/2026 18:33", local time (mail.time_zone) */
static void
expiry_text(int64_t t, char *buf, size_t size)
{
	epoch_to_local(t, 1, buf, size);
}

/* invite - the token and the mail for user u; new_user: see notify_msg */
static int
invite(struct altc *ctx, const struct user_ref *u, const char *formation, int new_user,
    char *token_r, char **errstr_r)
{
	int64_t ttl = config_int(ctx->cfg, "import.invitation_ttl");
	int64_t user_id = u->id;
	char tok[TOKEN_BUFSZ], expires[64];
	struct notify_msg m = { 0 };
	json_object *vars;
	char *link;
	int rc;

	if (token_issue(ctx->db, "signup", "user", user_id, user_id, "INSCRIPTION", ttl, 1,
	    tok, errstr_r) < 0)
		return -1;
	link = xasprintf("%s/s/%s", config_str(ctx->cfg, "mail.base_url"), tok);
	expiry_text(now_epoch() + ttl, expires, sizeof(expires));
	vars = json_object_new_object();
	json_object_object_add(vars, "first_name", json_object_new_string(u->first_name));
	json_object_object_add(vars, "last_name", json_object_new_string(u->last_name));
	json_object_object_add(vars, "formation", json_object_new_string(formation));
	json_object_object_add(vars, "link", json_object_new_string(link));
	json_object_object_add(vars, "expires", json_object_new_string(expires));
	m.user_id = user_id;
	m.template = "import.invitation";
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	m.token = tok;
	if (new_user) {
		m.new_user = 1;
		m.rcpt = u->email;
		m.locale = *u->locale ? u->locale : NULL;
	}
	rc = notify_queue(ctx, &m, errstr_r) < 0 ? -1 : 0;
	json_object_put(vars);
	free(link);
	if (rc == 0 && token_r)
		(void)xstrlcpy(token_r, tok, TOKEN_BUFSZ);
	return rc;
}

int
signup_invite(struct altc *ctx, int64_t user_id, const char *formation,
    char *token_r, char **errstr_r)
{
	char label[256];
	struct user_ref u;
	int rc;

	if ((rc = user_find_id(ctx->db, user_id, &u, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("no account %lld", (long long)user_id);
		return -1;
	}
	if (formation == NULL) {
		if (student_formation_label(ctx->db, user_id, label, sizeof(label), errstr_r) < 0)
			return -1;
		formation = label;
	}
	return invite(ctx, &u, formation, 0, token_r, errstr_r);
}

int
signup_invite_new(struct altc *ctx, const struct user_ref *u, const char *formation,
    char **errstr_r)
{
	return invite(ctx, u, formation, 1, NULL, errstr_r);
}

int
signup_values_on_file(struct db *db, int64_t uid, char *v[SIGNUP_NFIELDS], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT phone_mobile, phone_fixed, ine, birth_date, parcours, family_contact"
	    " FROM users WHERE id = ?");
	int rc, i;

	db_bind_int(st, 1, uid);
	rc = db_step(db, st, errstr_r);
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		v[i] = rc == 1 ? xstrdup(db_col_text(st, i)) : xstrdup("");
	if (rc == 1 && *v[SIGNUP_BIRTH]) {
		/* stored ISO, the form speaks dd/mm/yyyy */
		char *iso = v[SIGNUP_BIRTH];

		v[SIGNUP_BIRTH] = xasprintf("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
		free(iso);
	}
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

void
signup_values_free(char *v[SIGNUP_NFIELDS])
{
	int i;

	for (i = 0; i < SIGNUP_NFIELDS; i++)
		FREE_AND_NULL(v[i]);
}

/* check_token - the token's status for purpose; -1 on SQL error */
static int
check_token(struct altc *ctx, const char *token, const char *purpose,
    struct token_info *t, char **errstr_r)
{
	int st = token_lookup(ctx->db, token, t, errstr_r);

	if (st < 0)
		return -1;
	if (st != TOKEN_UNKNOWN && strcmp(t->purpose, purpose) != 0)
		return TOKEN_UNKNOWN;
	return st;
}

/*
 * link_owner - the live token of purpose and its owner, who must be in
 * state: -1 on SQL error, SIGNUP_GONE or SIGNUP_EXPIRED, else SIGNUP_DONE
 * (meaning the link may be used) with *t and *u filled.
 */
static int
link_owner(struct altc *ctx, const char *token, const char *purpose, const char *state,
    struct token_info *t, struct user_ref *u, int64_t *user_id_r, char **errstr_r)
{
	int st, rc;

	if ((st = check_token(ctx, token, purpose, t, errstr_r)) < 0)
		return -1;
	if (user_id_r)
		*user_id_r = t->user_id;
	if (st == TOKEN_UNKNOWN || st == TOKEN_SPENT)
		return SIGNUP_GONE;
	if ((rc = user_find_id(ctx->db, t->user_id, u, errstr_r)) < 0)
		return -1;
	if (rc == 0 || strcmp(u->state, state) != 0)
		return SIGNUP_GONE;
	return st == TOKEN_EXPIRED ? SIGNUP_EXPIRED : SIGNUP_DONE;
}

static int
store_profile(struct db *db, int64_t uid, char *n[SIGNUP_NFIELDS], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "UPDATE users SET phone_mobile = ?, phone_fixed = ?, ine = ?, birth_date = ?,"
	    " parcours = ?, family_contact = ?, updated_at = ? WHERE id = ?");
	int i;

	for (i = 0; i < SIGNUP_NFIELDS; i++)
		db_bind_text(st, i + 1, n[i]);
	db_bind_int(st, 7, now_epoch());
	db_bind_int(st, 8, uid);
	return db_done(db, st, errstr_r);
}

struct notify_arg {
	struct altc *ctx;
	int64_t user_id;
	const char *vars_json;
	const char *token;	/* the mail's reply key, or NULL */
};

/* queue_fsm_notify - a notification named by an account transition */
static int
queue_fsm_notify(void *arg, const char *template_name, char **errstr_r)
{
	struct notify_arg *a = arg;
	struct notify_msg m = { 0 };

	m.user_id = a->user_id;
	m.template = template_name;
	m.importance = NOTIFY_ACTION;
	m.vars_json = a->vars_json;
	m.token = a->token;
	return notify_queue(a->ctx, &m, errstr_r) < 0 ? -1 : 0;
}

/*
 * account_event - fire an account transition, its audit row, its
 * notifications (account.welcome: first_name and is_student / is_staff)
 * and the other modules' hooks on it
 */
static int
account_event(struct altc *ctx, const struct user_ref *u, const char *event, char **errstr_r)
{
	json_object *vars = json_object_new_object();
	struct notify_arg a = { ctx, u->id, NULL, NULL };
	char tok[TOKEN_BUFSZ];
	int rc;

	/*
	 * a student answers the welcome with CHERCHER, POSTULER or PROFIL (their
	 * criteria): the key of the offers' mail to students (offer_student)
	 */
	if (strcmp(u->role, "student") == 0) {
		if (token_issue(ctx->db, "offer_student", "user", u->id, u->id,
		    "POSTULER,CHERCHER,PROFIL",
		    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0)
			return -1;
		a.token = tok;
	}

	json_object_object_add(vars, "first_name", json_object_new_string(u->first_name));
	json_object_object_add(vars, "last_name", json_object_new_string(u->last_name));
	json_object_object_add(vars, strcmp(u->role, "student") == 0 ? "is_student" :
	    strcmp(u->role, "employer") == 0 ? "is_employer" : "is_staff", json_object_new_boolean(1));
	a.vars_json = json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = fsm_apply(ctx->db, &fsm_account, u->id, event, u->email, NULL, queue_fsm_notify, &a,
	    NULL, errstr_r) == FSM_OK ? 0 : -1;
	/* what other modules do then */
	if (rc == 0 && modules_after(ctx, "account", event, u->id, u->email, errstr_r) < 0)
		rc = -1;
	json_object_put(vars);
	return rc;
}

/*
 * revoke_signup - every other signup link of the user dies with the signup
 * (signup tokens are issued on the object ("user", id): tokens_object index)
 */
static int
revoke_signup(struct altc *ctx, int64_t uid, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE tokens SET revoked = 1 WHERE object_type = 'user' AND object_id = ?"
	    " AND purpose = 'signup'");

	db_bind_int(st, 1, uid);
	return db_done(ctx->db, st, errstr_r);
}

int
signup_complete(struct altc *ctx, const char *token, const struct signup_form *f,
    const char *locale, struct signup_errors *e, int64_t *user_id_r, char **errstr_r)
{
	struct token_info t;
	struct user_ref u;
	struct signup_form merged;
	char *file[SIGNUP_NFIELDS] = { 0 }, *norm[SIGNUP_NFIELDS] = { 0 };
	int rc, i;

	memset(e, 0, sizeof(*e));
	if ((rc = link_owner(ctx, token, "signup", "imported", &t, &u, user_id_r, errstr_r)) !=
	    SIGNUP_DONE)
		return rc;
	if (signup_values_on_file(ctx->db, u.id, file, errstr_r) < 0) {
		signup_values_free(file);
		return -1;
	}
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		merged.v[i] = (f && !empty(f->v[i])) ? f->v[i] : file[i];
	if (signup_validate(&merged, now_epoch(), locale, e, norm) > 0) {
		rc = SIGNUP_INVALID;
	} else if (store_profile(ctx->db, u.id, norm, errstr_r) < 0 ||
	    token_consume(ctx->db, t.id, errstr_r) < 0 ||
	    revoke_signup(ctx, u.id, errstr_r) < 0 ||
	    account_event(ctx, &u, "signup", errstr_r) < 0) {
		rc = -1;
	} else
		rc = SIGNUP_DONE;
	signup_values_free(file);
	signup_values_free(norm);
	return rc;
}

/* links_today - signup links issued to the user in the last 24 hours */
static int
links_today(struct db *db, int64_t uid, int *n_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM tokens WHERE object_type = 'user'"
	    " AND object_id = ? AND purpose = 'signup' AND created_at > ?");
	int rc;

	db_bind_int(st, 1, uid);
	db_bind_int(st, 2, now_epoch() - 86400);
	rc = db_step(db, st, errstr_r);
	*n_r = rc == 1 ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

int
signup_resend(struct altc *ctx, const char *token, char **errstr_r)
{
	struct token_info t;
	struct user_ref u;
	int st, rc, n;

	if ((st = check_token(ctx, token, "signup", &t, errstr_r)) < 0)
		return -1;
	if (st != TOKEN_EXPIRED)
		return 0;	/* a live link needs no other; a used or revoked one gets none */
	if ((rc = user_find_id(ctx->db, t.user_id, &u, errstr_r)) <= 0)
		return rc;
	if (strcmp(u.state, "imported") != 0)
		return 0;
	if (links_today(ctx->db, u.id, &n, errstr_r) < 0)
		return -1;
	if (n >= SIGNUP_RESEND_PER_DAY) {
		log_info("account %lld: no fresh signup link, %d sent within a day", (long long)u.id, n);
		return 2;
	}
	if (revoke_signup(ctx, u.id, errstr_r) < 0 || signup_invite(ctx, u.id, NULL, NULL, errstr_r) < 0)
		return -1;
	log_info("account %lld: fresh signup link sent to '%s'", (long long)u.id, u.email);
	return 1;
}

int
account_activate(struct altc *ctx, const char *token, int64_t *user_id_r, char **errstr_r)
{
	struct token_info t;
	struct user_ref u;
	int rc;

	if ((rc = link_owner(ctx, token, "activation", "pending", &t, &u, user_id_r, errstr_r)) !=
	    SIGNUP_DONE)
		return rc;
	if (token_consume(ctx->db, t.id, errstr_r) < 0 ||
	    account_event(ctx, &u, "activate", errstr_r) < 0)
		return -1;
	return SIGNUP_DONE;
}

