/*
 * http_links.c - the pages behind each kind of link: a module's page for
 * the token's purpose (/s/), link actions (/a/) confirmed by a button, and
 * the one-click unsubscribe (/u/).  GET handlers only read.
 */
#include "compat.h"

#include <unistd.h>

#include "altc.h"
#include "db.h"
#include "http.h"
#include "http_int.h"
#include "log.h"
#include "module.h"
#include "notify.h"
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
	MODULES_EACH(m)
		for (const struct http_action *a = m->links; a && a->purpose; a++)
			if (strcmp(a->purpose, purpose) == 0)
				return a;
	return NULL;
}

/* page_find - the page a module lists for purpose, or NULL */
static const struct http_page *
page_find(const char *purpose)
{
	MODULES_EACH(m)
		for (const struct http_page *p = m->pages; p && p->purpose; p++)
			if (strcmp(p->purpose, purpose) == 0)
				return p;
	return NULL;
}

const char *
http_call_field(const struct http_call *call, const char *name)
{
	return request_field(call->rq, name);
}

void
http_call_file(const struct http_call *call, int fd, uint64_t size, const char *type,
    const char *filename)
{
	struct http_file *f = call->file;

	if (f == NULL)
		BUG("http_call_file outside a request");
	if (f->fd >= 0)
		close(f->fd);
	free(f->filename);
	f->fd = fd;
	f->size = size;
	f->type = type;
	f->filename = xstrdup(filename ? filename : "");
}

/* http_page - /s/TOKEN[/NAME]: the module's page for the token's purpose */
enum MHD_Result
http_page(struct http_server *s, struct MHD_Connection *c, const char *locale,
    const char *token, const char *name, const struct token_info *t, int status,
    const struct request *rq)
{
	const struct http_page *p = page_find(t->purpose);
	struct strbuf body = STRBUF_INIT;
	struct http_file file = { .fd = -1 };
	struct http_call call;
	enum MHD_Result ret;
	char csrf[65], *action;
	unsigned code;

	if (p == NULL)
		return http_message(c, MHD_HTTP_NOT_FOUND, PAGE_GONE, locale, NULL, NULL, NULL);
	http_csrf(s->secret, token, csrf);
	action = xasprintf("/s/%s", token);
	memset(&call, 0, sizeof(call));
	call.ctx = s->ctx;
	call.locale = locale;
	call.token = token;
	call.t = t;
	call.status = status;
	call.post = rq != NULL;
	call.action = action;
	call.csrf = csrf;
	call.rq = rq;
	call.name = name;
	call.file = &file;
	code = p->answer(&call, &body);
	free(action);
	if (file.fd < 0)
		ret = http_send_page(c, code, &body);
	else {
		strbuf_release(&body);
		ret = http_send_file(c, code, &file);
	}
	free(file.filename);
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
		/* what the button will do: the action's own words, else its fixed sentence */
		char *what = a->describe ? a->describe(s->ctx, t) : NULL;

		ret = http_message(c, MHD_HTTP_OK, PAGE_CONFIRM, locale, action, csrf, what ? what :
		    a->what[locale_is_en(locale) && a->what[1] ? 1 : 0]);
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
	rc = notify_unsubscribe(s->ctx, token, &e);
	if (rc == 1 && db_commit(s->ctx->db) == 0)
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
