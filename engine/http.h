/*
 * http.h - the link endpoint (DESIGN §9), libmicrohttpd in a thread of its
 * own with its own database connection: the daemon's loop never delays it.
 *
 *   GET  /s/TOKEN   the page a module lists for the token's purpose (the
 *                   signup form, the account activation...); never spends a
 *                   token
 *   GET  /s/TOKEN/NAME  the same page, asked for NAME (one file of a list);
 *                   the page may answer with a file instead of HTML
 *   POST /s/TOKEN   that page's form: the module acts in one transaction
 *   GET  /a/TOKEN   confirmation page of a link action; POST performs it
 *   GET  /u/TOKEN   unsubscribe page; POST /u/TOKEN one-click (RFC 8058)
 *
 * Every POST from a page carries an anti-forgery value: an HMAC-SHA256 of
 * the token's hash under a server secret kept in table settings.  Each POST
 * is one transaction.
 */
#ifndef ALTC_HTTP_H
#define ALTC_HTTP_H

#include <stdint.h>

struct altc;
struct http_server;
struct strbuf;
struct token_info;

/*
 * http_start - listen on http.listen:http.port (port 0 in the config: off,
 * returns NULL with *errstr_r NULL) and serve in a new thread, which opens
 * its own connection to ctx's database file and keeps a copy of ctx's
 * configuration (restart it to apply a new one).  Call with the signals the
 * caller handles blocked.  NULL with *errstr_r on failure.
 */
struct http_server *http_start(struct altc *ctx, char **errstr_r);
/* http_stop - close the listener and the connections, join the thread */
void http_stop(struct http_server **s);
/* http_port - the bound port (useful when http.port asked for any) */
int http_port(const struct http_server *s);

/* a capability acting through /a/TOKEN (a click instead of a reply) */
struct http_action {
	const char *purpose;
	/* apply - inside the request's transaction; 0, or -1 with *errstr_r */
	int (*apply)(struct altc *ctx, const struct token_info *t, char **errstr_r);
	/* what the button does, shown by GET before anything happens: French, English */
	const char *what[2];
	/* describe - what the button will do, shown by GET (may be NULL; caller frees) */
	char *(*describe)(struct altc *ctx, const struct token_info *t);
};
/*
 * Modules list their link actions (and pages, below) in their descriptor
 * (module.h); an action registered by hand comes first.
 * http_action_register - static storage, not copied
 */
void http_action_register(const struct http_action *a);

/* the statuses a module's page answers with */
enum http_status {
	HTTP_OK = 200,
	HTTP_NOT_FOUND = 404,		/* nothing of that name behind this link */
	HTTP_GONE = 410,		/* used, unknown or expired link */
	HTTP_UNPROCESSABLE = 422,	/* a form with errors, shown again */
	HTTP_TOO_MANY = 429,		/* enough of that for today */
	HTTP_UNAVAILABLE = 503,		/* temporary failure */
};

/*
 * what a page answers instead of HTML (http_call_file): the bytes of an
 * open file, offered for saving under a name
 */
struct http_file {
	int fd;				/* -1: none, the page's HTML is sent */
	uint64_t size;
	const char *type;		/* media type, static storage */
	char *filename;			/* owned */
};

/* one request for a module's page behind /s/TOKEN */
struct http_call {
	struct altc *ctx;
	const char *locale;		/* "fr" or "en", from Accept-Language */
	const char *token;		/* the clear token of the URL */
	const struct token_info *t;	/* what token_lookup found */
	int status;			/* its token_lookup status (TOKEN_OK, TOKEN_EXPIRED...) */
	int post;			/* a POST whose anti-forgery value is checked */
	const char *action;		/* "/s/TOKEN": where the page's forms post */
	const char *csrf;		/* the anti-forgery value the page's forms carry */
	const void *rq;			/* the POST fields: read them with http_call_field */
	const char *name;		/* NAME of /s/TOKEN/NAME; "" for /s/TOKEN */
	struct http_file *file;		/* set by http_call_file */
};

/*
 * http_call_file - answer with the first size bytes of the open file fd
 * instead of the page's HTML (which is dropped): type as Content-Type, an
 * attachment named filename (sanitised by http_disposition), not cached,
 * not sniffed.  fd is taken: the engine closes it, whatever happens.
 * Return HTTP_OK from the page after it.
 */
void http_call_file(const struct http_call *call, int fd, uint64_t size, const char *type,
    const char *filename);

/*
 * http_disposition - "attachment; filename=\"...\"; filename*=UTF-8''..."
 * (RFC 6266, RFC 8187) for a name a user gave: no directory, no control
 * character, at most 150 bytes; an ASCII fallback with '_' for what
 * a quoted string cannot carry; "download" when nothing is left
 */
void http_disposition(struct strbuf *out, const char *filename);

/* http_call_field - a field of the POST ("" when absent or not a POST) */
const char *http_call_field(const struct http_call *call, const char *name);

/* a module's page behind /s/TOKEN for the tokens of one purpose */
struct http_page {
	const char *purpose;
	/*
	 * answer - write the whole page into body and return the HTTP status
	 * (or hand back a file with http_call_file; call->name says which).
	 * GET must not change anything; a POST opens and ends its own
	 * transaction (committed only when the page reports success).
	 */
	unsigned (*answer)(const struct http_call *call, struct strbuf *body);
};

/* http_csrf - the anti-forgery value of a clear token into out (65 bytes) */
void http_csrf(const char *secret, const char *token, char out[65]);

#endif
