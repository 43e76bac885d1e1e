/*
 * student_add.c - one student at a time, outside an import: the checks of
 * an import line (address, birth date, INE, formation), who may add
 * (student_add.h), then the account and its invitation as the import makes
 * them.  A staff member's ETUDIANT at inscription@ is held until they
 * confirm it from their mailbox, unless the mail proves it already.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "db.h"
#include "formation_db.h"
#include "log.h"
#include "signup.h"
#include "status.h"
#include "student.h"
#include "student_add.h"
#include "student_check.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* may_add - admin, an active ga, or the formation's active rp */
static int
may_add(struct altc *ctx, int64_t actor_id, int64_t formation_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT u.role, coalesce(f.rp_id, 0) FROM users u, formations f"
	    " WHERE u.id = ?1 AND f.id = ?2 AND u.state = 'active'");
	int ok = 0;

	db_bind_int(st, 1, actor_id);
	db_bind_int(st, 2, formation_id);
	if (db_step(ctx->db, st, NULL) == 1) {
		const char *role = db_col_text(st, 0);

		ok = strcmp(role, "admin") == 0 || strcmp(role, "ga") == 0 ||
		    (strcmp(role, "rp") == 0 && sqlite3_column_int64(st, 1) == actor_id);
	}
	sqlite3_reset(st);
	return ok;
}

/* check - the values of n, normalised into email, birth and ine; an ACT_ status */
static int
check(const struct student_new *n, char email[256], char birth[11], char ine[16],
    char **errstr_r)
{
	struct strbuf miss = STRBUF_INIT;
	int rc;

	if (empty(n->last_name))
		strbuf_addstr(&miss, "Nom");
	if (empty(n->first_name))
		strbuf_addf(&miss, "%sPrénom", miss.len ? ", " : "");
	if (empty(n->email))
		strbuf_addf(&miss, "%sE-mail", miss.len ? ", " : "");
	if (empty(n->formation))
		strbuf_addf(&miss, "%sFormation", miss.len ? ", " : "");
	if (miss.len) {
		*errstr_r = xasprintf("a new student needs: %s", miss.buf);
		strbuf_release(&miss);
		return ACT_EINPUT;
	}
	if (!text_is_email(n->email) || xstrlcpy(email, n->email, 256) < 0) {
		*errstr_r = xasprintf("'%s' is not an e-mail address", n->email);
		return ACT_EINPUT;
	}
	str_lower(email);
	birth[0] = '\0';
	if (!empty(n->birth_date)) {
		char fr[16];
		int y, m, d;

		/* AAAA-MM-JJ is read as JJ/MM/AAAA */
		if (sscanf(n->birth_date, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
		    xsnprintf(fr, sizeof(fr), "%02d/%02d/%04d", d, m, y) >= 0)
			rc = date_parse_fr(fr, birth);
		else
			rc = date_parse_fr(n->birth_date, birth);
		if (rc < 0) {
			*errstr_r = xasprintf("birth date '%s' is not a date (DD/MM/YYYY)",
			    n->birth_date);
			return ACT_EINPUT;
		}
	}
	ine[0] = '\0';
	if (!empty(n->ine) && ine_check(n->ine, ine) == INE_INVALID) {
		*errstr_r = xasprintf("INE '%s' is not valid", n->ine);
		return ACT_EINPUT;
	}
	return ACT_OK;
}

int
student_add_one(struct altc *ctx, int64_t actor_id, const struct student_new *n,
    int64_t *id_r, char **errstr_r)
{
	char email[256], birth[11], ine[16];
	struct formation_ref f;
	struct user_ref u;
	int rc;

	if ((rc = check(n, email, birth, ine, errstr_r)) != ACT_OK)
		return rc;
	if ((rc = formation_find(ctx->db, n->formation, &f, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("unknown formation '%s'", n->formation);
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	}
	if (actor_id && !may_add(ctx, actor_id, f.id)) {
		*errstr_r = xasprintf("only the rp of %s, a ga or an admin adds a student to it",
		    f.code);
		return ACT_EDENIED;
	}
	if ((rc = user_find_email(ctx->db, email, &u, errstr_r)) < 0)
		return ACT_EDB;
	if (rc == 1 && strcmp(u.role, "student") != 0) {
		*errstr_r = xasprintf("'%s' is the address of another account", email);
		return ACT_EINPUT;
	}
	if (rc == 1) {
		if ((rc = student_has_formation(ctx->db, u.id, f.id, errstr_r)) != 0) {
			if (rc > 0)
				*errstr_r = xasprintf("%s is already a student of %s", email, f.code);
			return rc < 0 ? ACT_EDB : ACT_ESTATE;
		}
		*id_r = u.id;
	} else {
		struct student_fields sf = {
			.last_name = n->last_name, .first_name = n->first_name, .email = email,
			.ine = *ine ? ine : NULL, .birth_date = *birth ? birth : NULL,
		};

		if (student_create(ctx->db, &sf, id_r, errstr_r) < 0)
			return ACT_EDB;
	}
	if (student_add_formation(ctx->db, *id_r, f.id, 0, "ajout manuel", NULL, errstr_r) < 0 ||
	    db_audit(ctx->db, actor_id ? db_actor(ctx->db, actor_id) : "staff", "user", *id_r,
	    NULL, "formation", NULL, f.code) < 0)
		return ACT_EDB;
	/* a student who has not signed up yet gets the signup link (again) */
	if ((rc != 1 || strcmp(u.state, "imported") == 0) &&
	    signup_invite(ctx, *id_r, f.label, NULL, errstr_r) < 0)
		return ACT_EDB;
	log_info("student '%s' added to %s", email, f.code);
	return ACT_OK;
}

/*
 * hold - the student n would be added: the command waits for the staff
 * member's confirmation (mail_action_hold), with what it would do
 */
static enum input_result
hold(struct altc *ctx, const struct mail_request *req, const struct student_new *n,
    char **reason_r)
{
	json_object *v = json_object_new_object(), *list = json_object_new_array(),
	    *o = json_object_new_object();
	struct formation_ref f;
	struct user_ref u;
	enum input_result res;
	char *err = NULL, *name = xasprintf("%s %s", n->first_name, n->last_name);
	int known = user_find_email(ctx->db, n->email, &u, &err) == 1;

	free(err);
	err = NULL;
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "email", json_object_new_string(n->email));
	json_object_object_add(o, "formation", json_object_new_string(
	    formation_find(ctx->db, n->formation, &f, &err) == 1 ? f.label : n->formation));
	json_object_object_add(o, "code", json_object_new_string(n->formation));
	json_object_object_add(o, "known", json_object_new_boolean(known));
	json_object_array_add(list, o);
	json_object_object_add(v, "is_students", json_object_new_boolean(1));
	json_object_object_add(v, "created", list);
	res = mail_action_hold(ctx, req, json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE), reason_r);
	json_object_put(v);
	free(name);
	free(err);
	return res;
}

/*
 * student_mail_add - ETUDIANT and form lines.  Without proof of the
 * sender's mailbox (req->authenticated) the student is added in a savepoint
 * rolled back, to find what would be done or refused, and the command is
 * held until the staff member confirms it.
 */
enum input_result
student_mail_add(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct student_new n = {
		.last_name = mail_form_get(req, "nom"),
		.first_name = mail_form_get(req, "prenom"),
		.email = mail_form_get(req, "e_mail"),
		.formation = mail_form_get(req, "formations"),
		.birth_date = mail_form_get(req, "date_de_naissance"),
		.ine = mail_form_get(req, "ine"),
	};
	char *err = NULL;
	int64_t id;
	int rc;

	if (n.ine == NULL)
		n.ine = mail_form_get(req, "code_ine");
	if (req->sender_user_id == 0) {
		*reason_r = xstrdup("ETUDIANT from an unknown sender");
		return INPUT_REJECTED;
	}
	if (db_savepoint(ctx->db, "student_add") < 0)
		return INPUT_TEMPFAIL;
	if (!req->authenticated)
		log_mute(1);	/* a dry run: nothing it logs is done */
	rc = student_add_one(ctx, req->sender_user_id, &n, &id, &err);
	if (!req->authenticated)
		log_mute(0);
	if (rc != ACT_OK || !req->authenticated)
		db_rollback_to(ctx->db, "student_add");
	else if (db_release(ctx->db, "student_add") < 0)
		rc = ACT_EDB;
	if (rc == ACT_OK && !req->authenticated)
		return hold(ctx, req, &n, reason_r);
	return mail_action_result(req, rc, err, reason_r);
}
