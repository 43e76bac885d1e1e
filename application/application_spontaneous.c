/*
 * application_spontaneous.c - spontaneous applications by mail.  A
 * registered student writes to offres@, or answers a mail that shows
 * offers (search results), "CANDIDATURE SPONTANEE" followed by the
 * company's SIRET or name (or the number of one of its offers) and a
 * message, with a CV and a letter attached or the defaults: the company's
 * referent, or the structure's user who answers for a partner company,
 * gets one mail and decides as for an offer.  A company's referent turns
 * them off and on with SPONTANEES NON / OUI (at offres@, or in reply to a
 * spontaneous application).
 */
#include "compat.h"

#include "altc.h"
#include "application.h"
#include "application_int.h"
#include "application_mail.h"
#include "company.h"
#include "db.h"
#include "siret.h"
#include "status.h"
#include "strbuf.h"
#include "structure.h"
#include "text.h"
#include "util.h"

int
application_spontaneous_setting(struct altc *ctx, int64_t user_id, int64_t company_id, int on,
    char **errstr_r)
{
	int64_t referent;

	if (company_id == 0 && (company_id = company_of_user(ctx, user_id)) == 0) {
		*errstr_r = xstrdup("only a company's referent sets its spontaneous applications");
		return APPLICATION_EDENIED;
	}
	referent = company_referent(ctx, company_id);
	if (user_id != referent &&
	    (referent != 0 || !structure_manages_company(ctx, user_id, company_id))) {
		*errstr_r = xstrdup("only a company's referent sets its spontaneous applications");
		return APPLICATION_EDENIED;
	}
	/* the act_status codes are the application ones */
	return company_set_spontaneous(ctx, company_id, on, user_id, errstr_r);
}

/* skip_word - whether the word at *p folds to one of words (then *p goes past it) */
static int
skip_word(const char **p, const char *const *words)
{
	const char *s = *p, *e;
	char *w, *k;
	int hit = 0;

	while (*s == ' ' || *s == ':')
		s++;
	for (e = s; *e && *e != ' ' && *e != '\n' && *e != ':' && *e != ','; e++)
		;
	w = xstrndup(s, (size_t)(e - s));
	k = text_key(w);
	for (size_t i = 0; words[i] && !hit; i++)
		hit = strcmp(k, words[i]) == 0;
	free(w);
	free(k);
	if (hit) {
		while (*e == ' ' || *e == ':' || *e == ',')
			e++;
		*p = e;
	}
	return hit;
}

/* yes_no - OUI / NON (ON, OFF, YES, NO) at the start of *p: 1, 0, -1; skips it */
static int
yes_no(const char **p)
{
	static const char *const yes[] = { "oui", "yes", "on", "o", NULL };
	static const char *const no[] = { "non", "no", "off", "n", NULL };

	if (skip_word(p, yes))
		return 1;
	if (skip_word(p, no))
		return 0;
	return -1;
}

/* the words around the company: "CANDIDATURE SPONTANEE", "SPONTANEOUS APPLICATION" */
static const char *const spontaneous_words[] = {
	"spontanee", "spontane", "spontanees", "spontaneous", "application", "a", NULL
};

/*
 * below - the lines under the command line, without the form lines that
 * name the company (Entreprise, SIRET): the student's message; caller frees
 */
static char *
below(const struct mail_request *req)
{
	const char *t = req->text ? req->text : "", *nl;
	struct strbuf b = STRBUF_INIT;

	while (*t == '\n' || *t == '\r' || *t == ' ' || *t == '\t')
		t++;
	for (t = (nl = strchr(t, '\n')) ? nl + 1 : ""; *t; t = nl ? nl + 1 : "") {
		size_t len = (nl = strchr(t, '\n')) ? (size_t)(nl - t) : strlen(t);
		char *line = xstrndup(t, len), *colon = strchr(line, ':'), *key = NULL;

		if (colon) {
			*colon = '\0';
			key = text_key(line);
			*colon = ':';
		}
		if (key == NULL || (strcmp(key, "entreprise") != 0 && strcmp(key, "siret") != 0 &&
		    strcmp(key, "company") != 0 && strcmp(key, "raison_sociale") != 0))
			strbuf_addf(&b, "%s\n", line);
		free(key);
		free(line);
	}
	return str_trim(strbuf_detach(&b, NULL));
}

/*
 * company_of - the company a student names after CANDIDATURE: a SIRET (the
 * rest of the line is the message), an offer number ("n°12"), or the rest
 * of the line as its name; a form line Entreprise or SIRET wins.  ACT_OK
 * with *company_r and *message_r (caller frees), or a refusal.
 */
static int
company_of(struct altc *ctx, const struct mail_request *req, int64_t *company_r,
    char **message_r, char **errstr_r)
{
	const char *p = req->args ? req->args : "", *form = mail_form_get(req, "siret");
	char d[SIRET_BUFSZ], *line = NULL, *text;
	size_t n = 0;
	int rc;

	*message_r = NULL;
	while (skip_word(&p, spontaneous_words))
		;
	if (form == NULL)
		form = mail_form_get(req, "entreprise");
	/* the lines under the command are the message */
	text = below(req);
	if (form) {
		line = xstrdup(form);
		*message_r = str_trim(xstrdup(p));	/* the first line's words are the message then */
	} else {
		/* a SIRET: 14 digits, spaces allowed, then the message */
		const char *q = p;

		while (*q && n < 14 && ((*q >= '0' && *q <= '9') || *q == ' ')) {
			n += *q >= '0' && *q <= '9';
			q++;
		}
		char *cand = n == 14 ? xstrndup(p, (size_t)(q - p)) : NULL;
		int is_siret = cand && siret_normalize(cand, d) == 0;

		free(cand);
		if (is_siret) {
			line = xstrdup(d);
			*message_r = str_trim(xstrdup(q));
		} else {
			long long num = 0;

			q = p;
			if (strncasecmp(q, "n\xc2\xb0", 3) == 0 || *q == '#')
				q += *q == '#' ? 1 : 3;
			while (*q == ' ')
				q++;
			if (*q >= '0' && *q <= '9' && strspn(q, "0123456789") < 10) {
				sqlite3_stmt *st = db_prepare(ctx->db,
				    "SELECT company_id FROM offers WHERE id = ?"
				    " AND (state = 'published' OR state = 'pending')");

				num = strtoll(q, (char **)&q, 10);
				db_bind_int(st, 1, num);
				if (db_step(ctx->db, st, NULL) == 1)
					*company_r = sqlite3_column_int64(st, 0);
				sqlite3_reset(st);
				if (*company_r == 0) {
					*errstr_r = xasprintf("no open offer %lld", num);
					free(text);
					return ACT_EINPUT;
				}
				while (*q == ' ' || *q == ',' || *q == ':')
					q++;
				*message_r = xstrdup(q);
			} else {
				line = xstrdup(p);
				*message_r = xstrdup("");
			}
		}
	}
	if (*text) {
		char *m = xasprintf("%s%s%s", *message_r, **message_r ? "\n" : "", text);

		free(*message_r);
		*message_r = str_trim(m);
	}
	free(text);
	if (*company_r)
		return ACT_OK;
	rc = company_lookup(ctx, line, company_r, errstr_r);
	free(line);
	if (rc != ACT_OK)
		FREE_AND_NULL(*message_r);
	return rc;
}

enum input_result
application_mail_spontaneous(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct application_request r = { 0 };
	enum input_result res;
	int64_t *docs = NULL, id, company = 0;
	size_t ndocs = 0;
	char *err = NULL, *message = NULL;
	int status;

	if (req->sender_user_id == 0)
		return mail_action_refuse(req, "unknown_sender", NULL,
		    xasprintf("spontaneous application from unknown sender '%s'", req->sender),
		    reason_r);
	if (req->token && req->token->user_id != req->sender_user_id) {
		*reason_r = xstrdup("a student's key answered by someone else");
		return INPUT_REJECTED;
	}
	if ((status = company_of(ctx, req, &company, &message, &err)) != ACT_OK)
		return application_mail_refuse(req, status, err, reason_r);
	if (db_savepoint(ctx->db, "application_spontaneous") < 0) {
		free(message);
		*reason_r = xstrdup("savepoint failed");
		return INPUT_TEMPFAIL;
	}
	if ((res = document_mail_store(ctx, req, req->sender_user_id, &docs, &ndocs, reason_r)) !=
	    INPUT_DONE) {
		db_rollback_to(ctx->db, "application_spontaneous");
		free(message);
		return res;
	}
	r.student_id = req->sender_user_id;
	r.company_id = company;
	r.comment = message;
	r.docs = docs;
	r.ndocs = ndocs;
	status = application_create(ctx, &r, &id, &err);
	free(docs);
	free(message);
	if (status != APPLICATION_OK)
		db_rollback_to(ctx->db, "application_spontaneous");
	else if (db_release(ctx->db, "application_spontaneous") < 0)
		status = APPLICATION_EDB;
	return application_mail_refuse(req, status, err, reason_r);
}

enum input_result
application_mail_setting(struct altc *ctx, const struct mail_request *req, int64_t company_id,
    char **reason_r)
{
	static const char *const words[] = { "spontanees", "spontanee", "spontaneous",
		"candidatures", "applications", NULL };
	const char *p = req->args ? req->args : "";
	char *err = NULL;
	int on, rc;

	while (skip_word(&p, words))
		;
	if ((on = yes_no(&p)) < 0)
		return application_mail_refuse(req, APPLICATION_EINPUT,
		    xstrdup("SPONTANEES OUI or SPONTANEES NON"), reason_r);
	/* at offres@, a structure's user names the partner company after OUI / NON */
	if (company_id == 0 && *p && (rc = company_lookup(ctx, p, &company_id, &err)) != ACT_OK)
		return application_mail_refuse(req, rc, err, reason_r);
	rc = application_spontaneous_setting(ctx, req->sender_user_id, company_id, on, &err);
	return application_mail_refuse(req, rc, err, reason_r);
}

/* offres - at offres@: CANDIDATURE SPONTANEE (a student), SPONTANEES (a company) */
enum input_result
application_mail_offres(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->verb && strcmp(req->verb, APP_SPONTANEOUS_VERB) == 0)
		return application_mail_spontaneous(ctx, req, reason_r);
	if (req->sender_user_id == 0)
		return mail_action_refuse(req, "unknown_sender", NULL,
		    xasprintf("%s from unknown sender '%s'", req->verb ? req->verb : "-",
		    req->sender), reason_r);
	return application_mail_setting(ctx, req, 0, reason_r);
}
