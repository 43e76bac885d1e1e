/*
 * mission_mail.c - mission sheets by mail.  At missions@ a student (for
 * themselves) or an employer (naming the student in an "Étudiant" line)
 * sends the form lines of a sheet made off-platform: the draft comes back
 * with a key, what is missing named.  On that key, form lines correct the
 * draft, SOUMETTRE submits it, MISSION with form lines corrects a rejected
 * sheet and submits it again.  The reviewers answer VALIDER [commentaire]
 * or REJETER motif on theirs.
 */
#include "compat.h"

#include "altc.h"
#include "command.h"
#include "db.h"
#include "formation_db.h"
#include "mail_action.h"
#include "mission.h"
#include "mission_int.h"
#include "mission_mail.h"
#include "student.h"
#include "util.h"

static int
is_en(const struct mail_request *req)
{
	return locale_is_en(req->locale);
}

/* form - the sheet's fields among the form lines; the number found */
static int
form(const struct mail_request *req, struct mission_fields *f)
{
	int n = 0;

	for (size_t i = 0; i < req->nform; i++)
		n += mission_fields_set(f, req->form[i].key, req->form[i].value);
	return n;
}

/* form_value - the first of keys among the form lines, or NULL */
static const char *
form_value(const struct mail_request *req, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *v = mail_form_get(req, *keys);

		if (v && *v)
			return v;
	}
	return NULL;
}

/* student_of - who the sheet is for: the sender when a student, else the "Étudiant" line */
static int
student_of(struct altc *ctx, const struct mail_request *req, int64_t *id_r, char **errstr_r)
{
	static const char *const keys[] = { "etudiant", "e_mail_de_l_etudiant", "student",
	    "apprenti", "alternant", "e_mail_etudiant", "student_e_mail", NULL };
	struct user_ref u;
	const char *who;
	int rc;

	if ((rc = user_find_id(ctx->db, req->sender_user_id, &u, errstr_r)) <= 0)
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	if (strcmp(u.role, "student") == 0) {
		*id_r = u.id;
		return ACT_OK;
	}
	if (strcmp(u.role, "employer") != 0) {
		*errstr_r = xstrdup("only a student or an employer sends a mission sheet");
		return ACT_EDENIED;
	}
	if ((who = form_value(req, keys)) == NULL) {
		*errstr_r = xstrdup("missing fields: Étudiant");
		return ACT_EINPUT;
	}
	if ((rc = user_find_email(ctx->db, who, &u, errstr_r)) < 0)
		return ACT_EDB;
	if (rc == 0 || strcmp(u.role, "student") != 0) {
		*errstr_r = xasprintf("'%s' is not the address of a student", who);
		return ACT_EINPUT;
	}
	*id_r = u.id;
	return ACT_OK;
}

/* missions - a sheet made off-platform */
static enum input_result
missions(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	static const char *const formation_keys[] = { "formation", "formations", "code_formation",
	    NULL };
	struct mission_origin o = { 0 };
	struct mission_fields f = { 0 };
	const char *code;
	char *err = NULL;
	int64_t id = 0;
	int rc;

	if (req->sender_user_id == 0)
		return mail_action_refuse(req, "unknown_sender", xstrdup(is_en(req) ?
		    "Mission sheets come from the student or the employer, from the address known"
		    " to the platform." :
		    "Les fiches mission viennent de l'étudiant ou de l'employeur, depuis l'adresse"
		    " connue de la plateforme."),
		    xasprintf("'%s' is not a known address", req->sender), reason_r);
	if (req->verb && strcmp(req->verb, "SOUMETTRE") != 0 && strcmp(req->verb, "MISSION") != 0)
		return mail_action_refuse(req, "not_understood", NULL,
		    xasprintf("command %s not understood at missions@", req->verb), reason_r);
	if ((rc = student_of(ctx, req, &o.student_id, &err)) != ACT_OK)
		return mail_action_result(req, rc, err, reason_r);
	if ((code = form_value(req, formation_keys)) != NULL) {
		struct formation_ref fr;

		if ((rc = formation_find(ctx->db, code, &fr, &err)) <= 0) {
			if (rc == 0)
				err = xasprintf("unknown formation '%s'", code);
			return mail_action_result(req, rc < 0 ? ACT_EDB : ACT_EINPUT, err, reason_r);
		}
		o.formation_id = fr.id;
	}
	o.author_id = req->sender_user_id;
	(void)form(req, &f);
	if (db_savepoint(ctx->db, "mission_mail") < 0) {
		mission_fields_release(&f);
		*reason_r = xstrdup("savepoint failed");
		return INPUT_TEMPFAIL;
	}
	rc = mission_create(ctx, &o, &f, &id, &err);
	/* SOUMETTRE with a complete form submits at once */
	if (rc == ACT_OK && req->verb && strcmp(req->verb, "SOUMETTRE") == 0)
		rc = mission_submit(ctx, id, req->sender_user_id, &err);
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "mission_mail");
	else if (db_release(ctx->db, "mission_mail") < 0)
		rc = ACT_EDB;
	mission_fields_release(&f);
	return mail_action_result(req, rc, err, reason_r);
}

/* author - form lines, MISSION or SOUMETTRE on the author's key */
static enum input_result
author(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct mission_fields f = { 0 };
	const char *verb = req->verb ? req->verb : "MODIFIER";
	int64_t id = req->token->object_id, me = req->sender_user_id;
	int n = form(req, &f), rc = ACT_OK, was_rejected;
	struct mission_sheet s;
	char *err = NULL;

	if (mission_sheet_load(ctx, id, &s, &err) < 0) {
		mission_fields_release(&f);
		return mail_action_result(req, ACT_ENOTFOUND, err, reason_r);
	}
	was_rejected = strcmp(s.state, "rejected") == 0;
	mission_sheet_release(&s);
	if (db_savepoint(ctx->db, "mission_author") < 0) {
		mission_fields_release(&f);
		*reason_r = xstrdup("savepoint failed");
		return INPUT_TEMPFAIL;
	}
	if (n > 0 || strcmp(verb, "MODIFIER") == 0)
		rc = mission_edit(ctx, id, me, &f, &err);
	/* SOUMETTRE submits; MISSION on a rejected sheet corrects it and submits it again */
	if (rc == ACT_OK && (strcmp(verb, "SOUMETTRE") == 0 ||
	    (strcmp(verb, "MISSION") == 0 && was_rejected)))
		rc = mission_submit(ctx, id, me, &err);
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "mission_author");
	else if (db_release(ctx->db, "mission_author") < 0)
		rc = ACT_EDB;
	mission_fields_release(&f);
	return mail_action_result(req, rc, err, reason_r);
}

/* review - VALIDER [commentaire] or REJETER motif on a reviewer's key */
static enum input_result
review(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL;
	int validate, rc;

	if (req->verb == NULL) {
		*reason_r = xstrdup("a decision needs a command");
		return INPUT_REJECTED;
	}
	validate = strcmp(req->verb, "VALIDER") == 0;
	if (!validate && strcmp(req->verb, "REJETER") != 0) {
		*reason_r = xasprintf("command %s not understood here", req->verb);
		return INPUT_REJECTED;
	}
	rc = mission_decide(ctx, req->token->object_id, req->sender_user_id, validate,
	    req->args ? req->args : "", &err);
	return mail_action_result(req, rc, err, reason_r);
}

/*
 * from_application - MISSION, with or without form lines, on the key of an
 * accepted application: its sheet (drafted at the acceptance, or now) is
 * completed with the lines given, or mailed again
 */
static enum input_result
from_application(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT student_id, offer_id FROM applications WHERE id = ? AND state = 'accepted'");
	struct mission_origin o = { 0 };
	struct mission_fields f = { 0 };
	int64_t app = req->token->object_id, id;
	char *err = NULL;
	int n = form(req, &f), rc = ACT_OK;

	db_bind_int(st, 1, app);
	if (db_step(ctx->db, st, NULL) == 1) {
		o.student_id = sqlite3_column_int64(st, 0);
		o.offer_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (o.student_id == 0) {
		mission_fields_release(&f);
		return mail_action_result(req, ACT_ESTATE,
		    xstrdup("a mission sheet follows an accepted application"), reason_r);
	}
	if ((id = mission_of_application(ctx, app, &err)) < 0) {
		mission_fields_release(&f);
		return mail_action_result(req, ACT_EDB, err, reason_r);
	}
	if (db_savepoint(ctx->db, "mission_app") < 0) {
		mission_fields_release(&f);
		*reason_r = xstrdup("savepoint failed");
		return INPUT_TEMPFAIL;
	}
	o.author_id = req->sender_user_id;
	o.application_id = app;
	if (id == 0)
		rc = mission_create(ctx, &o, &f, &id, &err);
	else if (n > 0)
		rc = mission_edit(ctx, id, req->sender_user_id, &f, &err);
	else if (mission_notify_draft(ctx, id, req->sender_user_id, 0, &err) < 0)
		rc = ACT_EDB;
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "mission_app");
	else if (db_release(ctx->db, "mission_app") < 0)
		rc = ACT_EDB;
	mission_fields_release(&f);
	return mail_action_result(req, rc, err, reason_r);
}

static const char *const missions_verbs[] = { "SOUMETTRE", "MISSION", NULL };
static const char *const application_verbs[] = { "MISSION", NULL };
static const char *const author_verbs[] = { "MODIFIER", "SOUMETTRE", "MISSION", NULL };
static const char *const review_verbs[] = { "VALIDER", "REJETER", NULL };

const struct mail_action mission_mail_actions[] = {
	{ "missions", missions_verbs, missions, NULL, 0 },
	{ "mission_author", author_verbs, author, "MODIFIER", 0 },
	{ "mission_review", review_verbs, review, NULL, 0 },
	/* the keys of an accepted application's mails (the application module's) */
	{ "application_student", application_verbs, from_application, NULL, 0 },
	{ "application_employer", application_verbs, from_application, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

const struct mail_verb mission_mail_verbs[] = {
	{ "SOUMETTRE", "SOUMETTRE" }, { "SUBMIT", "SOUMETTRE" }, { "ENVOYER", "SOUMETTRE" },
	{ "MODIFIER", "MODIFIER" }, { "CORRIGER", "MODIFIER" },
	{ NULL, NULL }
};
