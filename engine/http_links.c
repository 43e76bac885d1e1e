/*
 * http_links.c - the pages behind each kind of link: the signup form and its
 * POST (one transaction, committed only when the signup is applied), the
 * staff activation, a fresh link for an expired one, link actions (/a/) of
 * other capabilities, and the one-click unsubscribe.  GET handlers only read.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "http.h"
#include "http_int.h"
#include "log.h"
#include "signup.h"
#include "student.h"
#include "student_check.h"
#include "token.h"
#include "util.h"

static const struct http_action *actions[16];
static size_t nactions;

void
http_action_register(const struct http_action *a)
{
	if (nactions == ARRAY_SIZE(actions))
		BUG("too many link actions");
	actions[nactions++] = a;
}

static const struct http_action *
action_find(const char *purpose)
{
	size_t i;

	for (i = 0; i < nactions; i++)
		if (strcmp(actions[i]->purpose, purpose) == 0)
			return actions[i];
	return NULL;
}

/* signup_form - the form for the token's account, with values and errors */
static enum MHD_Result
signup_form(struct http_server *s, struct MHD_Connection *c, const char *locale,
    const char *token, const struct token_info *t, const struct request *rq,
    const struct signup_errors *err)
{
	struct page_signup p = { 0 };
	struct user_ref u;
	struct strbuf body = STRBUF_INIT;
	char formation[256], csrf[65], iso[11], *file[SIGNUP_NFIELDS] = { 0 }, *e = NULL;
	char *action = xasprintf("/s/%s", token);
	enum MHD_Result ret;
	int i;

	if (user_find_id(s->ctx->db, t->user_id, &u, &e) <= 0 ||
	    student_formation_label(s->ctx->db, u.id, formation, sizeof(formation), &e) < 0 ||
	    signup_values_on_file(s->ctx->db, u.id, file, &e) < 0) {
		log_warnx("http: %s", e ? e : "account vanished");
		free(e);
		free(action);
		signup_values_free(file);
		return http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, locale, NULL, NULL, NULL);
	}
	http_csrf(s->secret, token, csrf);
	p.locale = locale;
	p.action = action;
	p.csrf = csrf;
	p.last_name = u.last_name;
	p.first_name = u.first_name;
	p.email = u.email;
	p.formation = formation;
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		p.v[i] = rq ? rq->v[P_FIELDS + i].buf : file[i];
	p.err = err;
	p.minor = date_parse_fr(p.v[SIGNUP_BIRTH], iso) == 0 && age_on(iso, now_epoch()) < 18;
	page_signup_form(&body, &p);
	ret = http_send_page(c, err ? MHD_HTTP_UNPROCESSABLE_CONTENT : MHD_HTTP_OK, &body);
	signup_values_free(file);
	free(action);
	return ret;
}

/* http_signup_post - POST /s/TOKEN: one transaction, committed only on success */
enum MHD_Result
http_signup_post(struct http_server *s, struct MHD_Connection *c, const char *locale,
    const char *token, const struct token_info *t, const struct request *rq)
{
	struct db *db = s->ctx->db;
	struct signup_form f;
	struct signup_errors err;
	char *e = NULL, *action = xasprintf("/s/%s", token), csrf[65];
	enum MHD_Result ret;
	int rc, i;

	http_csrf(s->secret, token, csrf);
	if (db_begin(db) < 0) {
		free(action);
		return http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, locale, NULL, NULL, NULL);
	}
	if (strcmp(rq->v[P_DO].buf, "resend") == 0) {
		rc = signup_resend(s->ctx, token, &e);
		rc = rc == 1 ? 100 : rc == 0 ? SIGNUP_GONE : -1;
	} else if (strcmp(t->purpose, "activation") == 0)
		rc = account_activate(s->ctx, token, NULL, &e);
	else {
		for (i = 0; i < SIGNUP_NFIELDS; i++)
			f.v[i] = rq->v[P_FIELDS + i].buf;
		rc = signup_complete(s->ctx, token, &f, locale, &err, NULL, &e);
	}
	if ((rc == SIGNUP_DONE || rc == 100) && db_commit(db) < 0)
		rc = -1;
	else if (rc != SIGNUP_DONE && rc != 100)
		db_rollback(db);
	switch (rc) {
	case 100:
		ret = http_message(c, MHD_HTTP_OK, PAGE_RESENT, locale, NULL, NULL, NULL);
		break;
	case SIGNUP_DONE:
		ret = http_message(c, MHD_HTTP_OK, strcmp(t->purpose, "activation") == 0 ?
		    PAGE_ACTIVATED : PAGE_REGISTERED, locale, NULL, NULL, NULL);
		break;
	case SIGNUP_INVALID:
		ret = signup_form(s, c, locale, token, t, rq, &err);
		break;
	case SIGNUP_EXPIRED:
		ret = http_message(c, MHD_HTTP_GONE, PAGE_EXPIRED, locale, action, csrf, NULL);
		break;
	case SIGNUP_GONE:
		ret = http_message(c, MHD_HTTP_GONE, PAGE_GONE, locale, NULL, NULL, NULL);
		break;
	default:
		log_warnx("http: signup: %s", e ? e : "failed");
		ret = http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, locale, NULL, NULL, NULL);
	}
	free(e);
	free(action);
	return ret;
}

/* http_signup_get - GET /s/TOKEN: a page, never a change */
enum MHD_Result
http_signup_get(struct http_server *s, struct MHD_Connection *c, const char *locale,
    const char *token, const struct token_info *t, int status)
{
	struct user_ref u;
	char csrf[65], *action, *e = NULL;
	enum MHD_Result ret;
	int found = user_find_id(s->ctx->db, t->user_id, &u, &e);

	free(e);
	if (found <= 0)
		return http_message(c, MHD_HTTP_GONE, PAGE_GONE, locale, NULL, NULL, NULL);
	http_csrf(s->secret, token, csrf);
	action = xasprintf("/s/%s", token);
	if (strcmp(t->purpose, "activation") == 0) {
		if (status == TOKEN_OK && strcmp(u.state, "pending") == 0)
			ret = http_message(c, MHD_HTTP_OK, PAGE_ACTIVATE, locale, action, csrf, u.email);
		else
			ret = http_message(c, MHD_HTTP_GONE, PAGE_GONE, locale, NULL, NULL, NULL);
	} else if (strcmp(u.state, "imported") != 0)
		ret = http_message(c, MHD_HTTP_GONE, PAGE_GONE, locale, NULL, NULL, NULL);
	else if (status == TOKEN_OK)
		ret = signup_form(s, c, locale, token, t, NULL, NULL);
	else
		ret = http_message(c, MHD_HTTP_GONE, PAGE_EXPIRED, locale, action, csrf, NULL);
	free(action);
	return ret;
}

/* http_link_action - /a/TOKEN through a registered capability */
enum MHD_Result
http_link_action(struct http_server *s, struct MHD_Connection *c, const char *locale,
    const char *token, const struct token_info *t, int status, int post)
{
	const struct http_action *a = action_find(t->purpose);
	char csrf[65], *action, *e = NULL;
	enum MHD_Result ret;

	if (status != TOKEN_OK || a == NULL)
		return http_message(c, MHD_HTTP_GONE, PAGE_GONE, locale, NULL, NULL, NULL);
	http_csrf(s->secret, token, csrf);
	action = xasprintf("/a/%s", token);
	if (!post) {
		char *what = a->describe ? a->describe(s->ctx, t) : NULL;

		ret = http_message(c, MHD_HTTP_OK, PAGE_CONFIRM, locale, action, csrf, what);
		free(what);
	} else if (db_begin(s->ctx->db) < 0)
		ret = http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, locale, NULL, NULL, NULL);
	else if (a->apply(s->ctx, t, &e) < 0 || token_consume(s->ctx->db, t->id, &e) < 0 ||
	    db_commit(s->ctx->db) < 0) {
		db_rollback(s->ctx->db);
		log_warnx("http: action %s: %s", t->purpose, e ? e : "failed");
		ret = http_message(c, MHD_HTTP_UNPROCESSABLE_CONTENT, PAGE_ERROR, locale, NULL, NULL, NULL);
	} else
		ret = http_message(c, MHD_HTTP_OK, PAGE_CONFIRMED, locale, NULL, NULL, NULL);
	free(e);
	free(action);
	return ret;
}

/* http_unsubscribe - GET shows a button; POST (one-click, RFC 8058) acts */
enum MHD_Result
http_unsubscribe(struct http_server *s, struct MHD_Connection *c, const char *locale,
    const char *token, int post)
{
	char *e = NULL, *action;
	enum MHD_Result ret;
	int rc;

	if (!post) {
		action = xasprintf("/u/%s", token);
		ret = http_message(c, MHD_HTTP_OK, PAGE_UNSUB, locale, action, "", NULL);
		free(action);
		return ret;
	}
	if (db_begin(s->ctx->db) < 0)
		return http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, locale, NULL, NULL, NULL);
	rc = account_unsubscribe(s->ctx, token, &e);
	if (rc == SIGNUP_DONE && db_commit(s->ctx->db) == 0)
		ret = http_message(c, MHD_HTTP_OK, PAGE_UNSUBSCRIBED, locale, NULL, NULL, NULL);
	else {
		db_rollback(s->ctx->db);
		if (rc < 0)
			log_warnx("http: unsubscribe: %s", e);
		ret = http_message(c, rc < 0 ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_GONE,
		    rc < 0 ? PAGE_ERROR : PAGE_GONE, locale, NULL, NULL, NULL);
	}
	free(e);
	return ret;
}
