/*
 * http.h - the link endpoint (DESIGN §9), libmicrohttpd driven by the
 * daemon's own loop: no thread, MHD's epoll fd is polled with the spool's.
 *
 *   GET  /s/TOKEN   signup form (purpose signup) or account activation page
 *                   (purpose activation); never spends a token
 *   POST /s/TOKEN   validates and registers / activates, or (do=resend) mails
 *                   a fresh link when the old one expired
 *   GET  /a/TOKEN   confirmation page of a link action; POST performs it
 *   GET  /u/TOKEN   unsubscribe page; POST /u/TOKEN one-click (RFC 8058)
 *
 * Every POST from a page carries an anti-forgery value: an HMAC-SHA256 of
 * the token's hash under a server secret kept in table settings.  Each POST
 * is one transaction.
 */
#ifndef ALTC_HTTP_H
#define ALTC_HTTP_H

struct altc;
struct http_server;
struct token_info;

/*
 * http_start - listen on http.listen:http.port (port 0 in the config: off,
 * returns NULL with *errstr_r NULL).  NULL with *errstr_r on failure.
 */
struct http_server *http_start(struct altc *ctx, char **errstr_r);
/* http_fd - fd to poll for input */
int http_fd(const struct http_server *s);
/* http_run - serve what is ready; call when http_fd is readable or periodically */
void http_run(struct http_server *s);
void http_stop(struct http_server **s);
/* http_port - the bound port (useful when http.port asked for any) */
int http_port(const struct http_server *s);

/* a capability acting through /a/TOKEN (a click instead of a reply) */
struct http_action {
	const char *purpose;
	/* apply - inside the request's transaction; 0, or -1 with *errstr_r */
	int (*apply)(struct altc *ctx, const struct token_info *t, char **errstr_r);
	/* describe - what the button will do, shown by GET (may be NULL; caller frees) */
	char *(*describe)(struct altc *ctx, const struct token_info *t);
};
/* http_action_register - static storage, not copied */
void http_action_register(const struct http_action *a);

/* http_csrf - the anti-forgery value of a clear token into out (65 bytes) */
void http_csrf(const char *secret, const char *token, char out[65]);

#endif
