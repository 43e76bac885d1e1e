/*
 * application_mail.c - applications by reply.  POSTULER on a mail that
 * shows offers (with PDFs attached, or none for the defaults), the
 * employer's decisions and CANDIDATURES, the student's ABANDONNER, the
 * referent's VALIDER / REFUSER (MESSAGE, the masked relay, is the
 * interview module's).  Registration of the whole workflow is here too.
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "application.h"
#include "application_int.h"
#include "application_mail.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "jobs.h"
#include "notify.h"
#include "token.h"
#include "user_text.h"
#include "util.h"

enum input_result
application_mail_refuse(const struct mail_request *req, int status, char *err, char **reason_r)
{
	static const struct { int status; const char *code, *what; } codes[] = {
		{ APPLICATION_EINPUT, "invalid", "invalid" },
		{ APPLICATION_EDENIED, "not_permitted", "not permitted" },
		{ APPLICATION_ESTATE, "not_possible", "not possible now" },
		{ APPLICATION_ENOTFOUND, "other", "not found" },
	};
	const char *e = err ? err : "";

	if (status == APPLICATION_OK) {
		free(err);
		return INPUT_DONE;
	}
	if (status == APPLICATION_EDB) {
		*reason_r = xasprintf("database: %s", e);
		free(err);
		return INPUT_TEMPFAIL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if (codes[i].status == status) {
			req->answer->code = codes[i].code;
			free(req->answer->detail);
			req->answer->detail = user_text(req->locale, e);
			*reason_r = xasprintf("%s: %s", codes[i].what, e);
			free(err);
			return INPUT_REJECTED;
		}
	BUG("application status %d", status);
}

/* split_number - "12 Je suis motivé" -> 12 and the rest; 0 when no number leads */
static int64_t
split_number(const char *args, const char **rest_r)
{
	const char *p = args;
	int64_t n = 0;

	while (*p == ' ' || *p == '#')
		p++;
	if (strncasecmp(p, "n°", 3) == 0)
		p += 3;
	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9') {
		*rest_r = args;
		return 0;
	}
	while (*p >= '0' && *p <= '9' && n < 1000000000)
		n = n * 10 + (*p++ - '0');
	while (*p == ' ' || *p == ':' || *p == ',' || *p == '-')
		p++;
	*rest_r = p;
	return n;
}

enum input_result
application_mail_apply(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	const struct token_info *t = req->token;
	struct application_request r = { 0 };
	enum input_result res;
	const char *comment;
	int64_t *docs = NULL, id, n = split_number(req->args ? req->args : "", &comment);
	size_t ndocs = 0;
	char *err = NULL;
	int status;

	if (t == NULL)
		return application_mail_refuse(req, APPLICATION_EINPUT,
		    xstrdup("reply to a mail that shows the offer"), reason_r);
	r.student_id = req->sender_user_id;
	r.offer_id = n ? n : (strcmp(t->object_type, "offer") == 0 ? t->object_id : 0);
	if (r.offer_id == 0)
		return application_mail_refuse(req, APPLICATION_EINPUT, xstrdup(
		    "which offer? write POSTULER followed by the offer number"), reason_r);
	if (db_savepoint(ctx->db, "application_mail") < 0) {
		*reason_r = xstrdup("savepoint failed");
		return INPUT_TEMPFAIL;
	}
	if ((res = document_mail_store(ctx, req, req->sender_user_id, &docs, &ndocs, reason_r)) !=
	    INPUT_DONE) {
		db_rollback_to(ctx->db, "application_mail");
		return res;
	}
	r.comment = comment;
	r.docs = docs;
	r.ndocs = ndocs;
	status = application_create(ctx, &r, &id, &err);
	free(docs);
	if (status != APPLICATION_OK)
		db_rollback_to(ctx->db, "application_mail");
	else if (db_release(ctx->db, "application_mail") < 0)
		status = APPLICATION_EDB;
	return application_mail_refuse(req, status, err, reason_r);
}

/* decide - one verb of a table into application_decide */
static enum input_result
decide(struct altc *ctx, const struct mail_request *req, enum application_decision d,
    char **reason_r)
{
	char *err = NULL;
	int rc = application_decide(ctx, req->token->object_id, req->sender_user_id, d,
	    req->args, &err);

	return application_mail_refuse(req, rc, err, reason_r);
}

enum input_result
application_mail_employer(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	static const struct { const char *verb; enum application_decision d; } verbs[] = {
		{ "RECEVABLE", APPLICATION_SHORTLIST }, { "ACCEPTER", APPLICATION_ACCEPT },
		{ "REFUSER", APPLICATION_REFUSE },
	};
	char *err = NULL;

	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("a decision needs a reply key and a command");
		return INPUT_REJECTED;
	}
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (strcmp(req->verb, verbs[i].verb) == 0)
			return decide(ctx, req, verbs[i].d, reason_r);
	if (strcmp(req->verb, "SPONTANEES") == 0 || (strcmp(req->verb, "CANDIDATURES") == 0 &&
	    req->args && strncasecmp(req->args, "spontan", 7) == 0)) {
		int64_t app = req->token->object_id;
		sqlite3_stmt *st = db_prepare(ctx->db, "SELECT company_id FROM applications WHERE id = ?");
		int64_t company = 0;

		db_bind_int(st, 1, app);
		if (db_step(ctx->db, st, NULL) == 1)
			company = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return application_mail_setting(ctx, req, company, reason_r);
	}
	if (strcmp(req->verb, "CANDIDATURES") == 0) {
		int64_t offer = application_offer_of(ctx, req->token->object_id);

		if (offer == 0)	/* a spontaneous application: the setting only */
			return application_mail_refuse(req, APPLICATION_EINPUT,
			    xstrdup("SPONTANEES OUI or SPONTANEES NON"), reason_r);
		if (application_send_list(ctx, offer, req->sender_user_id, &err) < 0)
			return application_mail_refuse(req, APPLICATION_EDB,
			    err ? err : xstrdup("offer unknown"), reason_r);
		return INPUT_DONE;
	}
	*reason_r = xasprintf("command %s not understood here", req->verb);
	return INPUT_REJECTED;
}

enum input_result
application_mail_student(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("a command is needed");
		return INPUT_REJECTED;
	}
	if (strcmp(req->verb, "ABANDONNER") == 0)
		return decide(ctx, req, APPLICATION_ABANDON, reason_r);
	if (strcmp(req->verb, "CONSEIL") == 0) {
		char *err = NULL, *text = mail_request_text(req);
		int rc = application_ask_advice(ctx, req->token->object_id, req->sender_user_id,
		    text, &err);

		free(text);
		return application_mail_refuse(req, rc, err, reason_r);
	}
	*reason_r = xasprintf("command %s not understood here", req->verb);
	return INPUT_REJECTED;
}

/*
 * referent_edit - with VALIDER, the referent of a non-autonomous student may
 * send the application on with its message rewritten (a line "Message :")
 * and documents replaced (PDFs attached, kept as the student's documents)
 */
static enum input_result
referent_edit(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	const char *comment = NULL;
	enum input_result res;
	int64_t *docs = NULL, student;
	size_t ndocs = 0;
	char *err = NULL;
	int rc;

	for (size_t i = 0; i < req->nform && comment == NULL; i++)
		if (strncmp(req->form[i].key, "message", 7) == 0)
			comment = req->form[i].value;
	if (comment == NULL && req->nattachments == 0)
		return INPUT_DONE;
	if ((student = application_student_of(ctx, req->token->object_id)) == 0)
		return application_mail_refuse(req, APPLICATION_ENOTFOUND, xasprintf(
		    "no application %lld", (long long)req->token->object_id), reason_r);
	/* the documents are the student's, sent by their referent */
	if ((res = document_mail_store(ctx, req, student, &docs, &ndocs, reason_r)) != INPUT_DONE)
		return res;
	rc = application_referent_edit(ctx, req->token->object_id, req->sender_user_id, comment,
	    docs, ndocs, &err);
	free(docs);
	return rc == APPLICATION_OK ? INPUT_DONE : application_mail_refuse(req, rc, err, reason_r);
}

enum input_result
application_mail_referent(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("a decision needs a reply key and a command");
		return INPUT_REJECTED;
	}
	if (strcmp(req->verb, "VALIDER") == 0) {
		enum input_result res = referent_edit(ctx, req, reason_r);

		return res != INPUT_DONE ? res :
		    decide(ctx, req, APPLICATION_REFERENT_VALIDATE, reason_r);
	}
	if (strcmp(req->verb, "REFUSER") == 0)
		return decide(ctx, req, APPLICATION_REFERENT_REFUSE, reason_r);
	if (strcmp(req->verb, "CONSEIL") == 0) {
		char *err = NULL, *text = mail_request_text(req);
		int rc = application_give_advice(ctx, req->token->object_id, req->sender_user_id,
		    text, &err);

		free(text);
		return application_mail_refuse(req, rc, err, reason_r);
	}
	*reason_r = xasprintf("command %s not understood here", req->verb);
	return INPUT_REJECTED;
}

static const char *const documents_verbs[] = { "DOCUMENTS", "SUPPRIMER", NULL };
static const char *const apply_verbs[] = { "POSTULER", NULL };
static const char *const spontaneous_verbs[] = { APP_SPONTANEOUS_VERB, NULL };
static const char *const offres_verbs[] = { APP_SPONTANEOUS_VERB, "SPONTANEES", NULL };
static const char *const employer_verbs[] = { "RECEVABLE", "ACCEPTER", "REFUSER",
	"CANDIDATURES", "SPONTANEES", NULL };
static const char *const student_verbs[] = { "ABANDONNER", "CONSEIL", NULL };
static const char *const referent_verbs[] = { "VALIDER", "REFUSER", "CONSEIL", NULL };

const struct mail_action application_mail_actions[] = {
	{ "documents", documents_verbs, document_mail_apply, NULL, 0 },
	{ "documents_owner", documents_verbs, document_mail_apply, "DOCUMENTS", 0 },
	{ "apply", apply_verbs, application_mail_apply, NULL, 0 },
	/* the keys of the offer mails a student receives (the offer module's), and
	 * of the digest's recommended offers (the recommendation module's) */
	{ "offer_student", apply_verbs, application_mail_apply, NULL, 0 },
	/* a spontaneous application at offres@ or by reply to search results */
	{ "offer_student", spontaneous_verbs, application_mail_spontaneous, NULL, 0 },
	{ "offres", offres_verbs, application_mail_offres, NULL, 0 },
	{ "recommend", apply_verbs, application_mail_apply, NULL, 0 },
	{ "application_employer", employer_verbs, application_mail_employer, NULL, 0 },
	{ "application_student", student_verbs, application_mail_student, NULL, 0 },
	{ "application_referent", referent_verbs, application_mail_referent, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

/* the verbs of these actions that the reply parser does not know of itself */
const struct mail_verb application_mail_verbs[] = {
	{ "RECEVABLE", "RECEVABLE" }, { "SHORTLIST", "RECEVABLE" },
	{ "CANDIDATURES", "CANDIDATURES" }, { "APPLICATIONS", "CANDIDATURES" },
	{ "DOCUMENTS", "DOCUMENTS" }, { "SUPPRIMER", "SUPPRIMER" }, { "DELETE", "SUPPRIMER" },
	{ "CONSEIL", "CONSEIL" }, { "ADVICE", "CONSEIL" },
	/* two words: "Candidature en un clic : oui" stays a form line */
	{ "CANDIDATURE SPONTANEE", APP_SPONTANEOUS_VERB },
	{ "CANDIDATURE SPONTANEES", APP_SPONTANEOUS_VERB },
	{ "SPONTANEOUS APPLICATION", APP_SPONTANEOUS_VERB }, { "SPONTANEOUS", APP_SPONTANEOUS_VERB },
	{ "SPONTANEES", "SPONTANEES" }, { "CANDIDATURES SPONTANEES", "SPONTANEES" },
	{ "SPONTANEOUS APPLICATIONS", "SPONTANEES" },
	{ NULL, NULL }
};

/* run_reminder - the job: one transaction for the whole sweep */
static int
run_reminder(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (application_remind(ctx, now_epoch(), did_r, errstr_r) < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the application reminders");
		return -1;
	}
	return 0;
}

const struct job application_jobs[] = {
	{ "application-reminder", JOB_DAILY, "schedule.sweep", NULL, run_reminder },
	{ NULL, 0, NULL, NULL, NULL }
};
