/*
 * http_int.h - what the link endpoint's two files share (http.c: the server,
 * requests and routing; http_links.c: the pages of each kind of link).
 * Private to engine/http*.c.
 */
#ifndef ALTC_HTTP_INT_H
#define ALTC_HTTP_INT_H

#include <microhttpd.h>
#include <time.h>

#include "altc.h"
#include "http_pages.h"
#include "signup.h"
#include "strbuf.h"

struct altc;
struct token_info;

struct http_server {
	struct altc *ctx;		/* &own: what the handlers use */
	struct altc own;		/* the server thread's connection and configuration */
	struct MHD_Daemon *d;
	char secret[65];
};

/* the POST fields we read */
enum pkey { P_CSRF, P_DO, P_FIELDS, P_N = P_FIELDS + SIGNUP_NFIELDS };

struct request {
	struct MHD_PostProcessor *pp;
	struct strbuf v[P_N];
	size_t total;
	int too_big;
	time_t started;		/* CLOCK_MONOTONIC seconds: a body must come within http.timeout */
};

/* http_send_page - the page with the security headers; releases body */
enum MHD_Result http_send_page(struct MHD_Connection *c, unsigned int status, struct strbuf *body);
/* http_message - a page_message answer */
enum MHD_Result http_message(struct MHD_Connection *c, unsigned int status, enum page_kind kind,
    const char *locale, const char *action, const char *csrf, const char *detail);

/* the handlers of http_links.c, called once the request is complete */
enum MHD_Result http_signup_get(struct http_server *s, struct MHD_Connection *c,
    const char *locale, const char *token, const struct token_info *t, int status);
enum MHD_Result http_signup_post(struct http_server *s, struct MHD_Connection *c,
    const char *locale, const char *token, const struct token_info *t,
    const struct request *rq);
enum MHD_Result http_link_action(struct http_server *s, struct MHD_Connection *c,
    const char *locale, const char *token, const struct token_info *t, int status, int post);
enum MHD_Result http_unsubscribe(struct http_server *s, struct MHD_Connection *c,
    const char *locale, const char *token, int post);

#endif
