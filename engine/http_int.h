/*
 * http_int.h - what the link endpoint's two files share (http.c: the server,
 * requests and routing; http_links.c: the pages of each kind of link, those
 * of the modules found by the token's purpose).
 * Private to engine/http*.c.
 */
#ifndef ALTC_HTTP_INT_H
#define ALTC_HTTP_INT_H

#include <microhttpd.h>
#include <time.h>

#include "altc.h"
#include "http.h"
#include "http_pages.h"
#include "strbuf.h"

struct altc;
struct token_info;

struct http_server {
	struct altc *ctx;		/* &own: what the handlers use */
	struct altc own;		/* the server thread's connection and configuration */
	struct MHD_Daemon *d;
	char secret[65];
};

/* the fields of a POST: the first HTTP_MAX_FIELDS names, each value bounded by POST_MAX */
#define HTTP_MAX_FIELDS 24

struct request {
	struct MHD_PostProcessor *pp;
	char *key[HTTP_MAX_FIELDS];
	struct strbuf v[HTTP_MAX_FIELDS];
	size_t nfields;
	size_t total;
	int too_big;
	time_t started;		/* CLOCK_MONOTONIC seconds: a body must come within http.timeout */
};

/* request_field - the value of a POST field ("" when absent) */
const char *request_field(const struct request *rq, const char *name);

/* http_send_page - the page with the security headers; releases body */
enum MHD_Result http_send_page(struct MHD_Connection *c, unsigned int status, struct strbuf *body);
/* http_send_file - f's file (taken: f->fd is -1 after) with the download headers */
enum MHD_Result http_send_file(struct MHD_Connection *c, unsigned int status, struct http_file *f);
/* http_message - a page_message answer */
enum MHD_Result http_message(struct MHD_Connection *c, unsigned int status, enum page_kind kind,
    const char *locale, const char *action, const char *csrf, const char *detail);

/* the handlers of http_links.c, called once the request is complete */
enum MHD_Result http_page(struct http_server *s, struct MHD_Connection *c,
    const char *locale, const char *token, const char *name, const struct token_info *t,
    int status, const struct request *rq);
enum MHD_Result http_link_action(struct http_server *s, struct MHD_Connection *c,
    const char *locale, const char *token, const struct token_info *t, int status, int post);
enum MHD_Result http_unsubscribe(struct http_server *s, struct MHD_Connection *c,
    const char *locale, const char *token, int post);

#endif
