/*
 * http.c - the link endpoint's server: MHD in external-select mode with
 * epoll, so the single-threaded daemon owns the database handle and MHD never
 * runs concurrently with the spool.  Requests are collected (form fields
 * through MHD's post processor), checked (token syntax, anti-forgery value)
 * and routed on their first path segment to http_links.c.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <microhttpd.h>
#include <sys/random.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "http_int.h"
#include "http_pages.h"
#include "log.h"
#include "signup.h"
#include "strbuf.h"
#include "token.h"
#include "util.h"

#define POST_MAX 16384

void
http_csrf(const char *secret, const char *token, char out[65])
{
	unsigned char mac[32];
	char hash[65];
	size_t i;

	token_hash(token, strlen(token), hash);
	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, secret, strlen(secret), hash, 64, mac) != 0)
		BUG("gnutls_hmac_fast failed");
	for (i = 0; i < 32; i++)
		(void)xsnprintf(out + 2 * i, 3, "%02x", mac[i]);
}

/* csrf_ok - constant-time comparison with the expected value */
static int
csrf_ok(const struct http_server *s, const char *token, const struct strbuf *got)
{
	char want[65];
	unsigned char diff = 0;
	size_t i;

	http_csrf(s->secret, token, want);
	if (got->len != 64)
		return 0;
	for (i = 0; i < 64; i++)
		diff |= (unsigned char)(want[i] ^ got->buf[i]);
	return diff == 0;
}

/* load_secret - the HMAC key, created once in table settings */
static int
load_secret(struct http_server *s, char **errstr_r)
{
	struct db *db = s->ctx->db;
	sqlite3_stmt *st = db_prepare(db, "SELECT value FROM settings WHERE key = 'http.secret'");
	unsigned char raw[32];
	size_t i;
	int rc = db_step(db, st, errstr_r);

	if (rc == 1)
		(void)xstrlcpy(s->secret, db_col_text(st, 0), sizeof(s->secret));
	sqlite3_reset(st);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		*errstr_r = xasprintf("getrandom: %s", strerror(errno));
		return -1;
	}
	for (i = 0; i < sizeof(raw); i++)
		(void)xsnprintf(s->secret + 2 * i, 3, "%02x", raw[i]);
	st = db_prepare(db, "INSERT INTO settings (key, value) VALUES ('http.secret', ?)");
	db_bind_text(st, 1, s->secret);
	if (db_begin(db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (db_done(db, st, errstr_r) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) < 0 ? -1 : 0;
}

enum MHD_Result
http_send_page(struct MHD_Connection *c, unsigned int status, struct strbuf *body)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(body->len, body->buf,
	    MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	strbuf_release(body);
	return ret;
}

enum MHD_Result
http_message(struct MHD_Connection *c, unsigned int status, enum page_kind kind,
    const char *locale, const char *action, const char *csrf, const char *detail)
{
	struct strbuf body = STRBUF_INIT;

	page_message(&body, kind, locale, action, csrf, detail);
	return http_send_page(c, status, &body);
}

static enum MHD_Result
on_post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
    const char *content_type, const char *transfer_encoding, const char *data,
    uint64_t off, size_t size)
{
	struct request *rq = cls;
	int i;

	(void)kind; (void)filename; (void)content_type; (void)transfer_encoding; (void)off;
	if (key == NULL)
		return MHD_YES;	/* a multipart part without a name */
	if (strcmp(key, "csrf") == 0)
		i = P_CSRF;
	else if (strcmp(key, "do") == 0)
		i = P_DO;
	else {
		for (i = 0; i < SIGNUP_NFIELDS; i++)
			if (strcmp(key, signup_field_key((enum signup_field)i)) == 0)
				break;
		if (i == SIGNUP_NFIELDS)
			return MHD_YES;
		i += P_FIELDS;
	}
	strbuf_add(&rq->v[i], data, size);
	return MHD_YES;
}

static void
request_free(struct request *rq)
{
	int i;

	if (rq == NULL)
		return;
	if (rq->pp)
		MHD_destroy_post_processor(rq->pp);
	for (i = 0; i < P_N; i++)
		strbuf_release(&rq->v[i]);
	free(rq);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls; (void)c; (void)toe;
	request_free(*con_cls);
	*con_cls = NULL;
}

/* route - the request is complete: dispatch on "/X/TOKEN" */
static enum MHD_Result
route(struct http_server *s, struct MHD_Connection *c, const char *url, int post,
    struct request *rq)
{
	const char *locale = page_locale(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
	struct token_info t;
	char token[TOKEN_BUFSZ], kind, *e = NULL;
	size_t len;
	int status;

	if (strlen(url) < 4 || url[0] != '/' || url[2] != '/' || !strchr("sau", url[1]))
		return http_message(c, MHD_HTTP_NOT_FOUND, PAGE_NOT_FOUND, locale, NULL, NULL, NULL);
	kind = url[1];
	len = strcspn(url + 3, "/?");
	if (!token_is_wellformed(url + 3, len))
		return http_message(c, MHD_HTTP_NOT_FOUND, PAGE_NOT_FOUND, locale, NULL, NULL, NULL);
	memcpy(token, url + 3, len);
	token[len] = '\0';
	if (s->ctx->db->in_tx)
		return http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, locale, NULL, NULL, NULL);
	if (kind == 'u')
		return http_unsubscribe(s, c, locale, token, post);
	if ((status = token_lookup(s->ctx->db, token, &t, &e)) < 0) {
		log_warnx("http: %s", e);
		free(e);
		return http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, locale, NULL, NULL, NULL);
	}
	if (status == TOKEN_UNKNOWN)
		return http_message(c, MHD_HTTP_NOT_FOUND, PAGE_GONE, locale, NULL, NULL, NULL);
	if (post && !csrf_ok(s, token, &rq->v[P_CSRF]))
		return http_message(c, MHD_HTTP_FORBIDDEN, PAGE_BAD_REQUEST, locale, NULL, NULL, NULL);
	if (kind == 'a')
		return http_link_action(s, c, locale, token, &t, status, post);
	if (strcmp(t.purpose, "signup") != 0 && strcmp(t.purpose, "activation") != 0)
		return http_message(c, MHD_HTTP_NOT_FOUND, PAGE_GONE, locale, NULL, NULL, NULL);
	if (!post)
		return http_signup_get(s, c, locale, token, &t, status);
	return http_signup_post(s, c, locale, token, &t, rq);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct request *rq = *con_cls;
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;

	(void)version;
	if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return http_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, PAGE_NOT_FOUND, "fr", NULL, NULL, NULL);
	if (rq == NULL) {
		int i;

		rq = xcalloc(1, sizeof(*rq));
		for (i = 0; i < P_N; i++)
			strbuf_init(&rq->v[i], 0);
		if (post)
			rq->pp = MHD_create_post_processor(c, 4096, on_post_field, rq);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		rq->total += *upload_data_size;
		if (rq->total > POST_MAX)
			rq->too_big = 1;
		else if (rq->pp)
			MHD_post_process(rq->pp, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (rq->too_big)
		return http_message(c, MHD_HTTP_CONTENT_TOO_LARGE, PAGE_BAD_REQUEST, "fr", NULL, NULL, NULL);
	return route(s, c, url, post, rq);
}

struct http_server *
http_start(struct altc *ctx, char **errstr_r)
{
	struct http_server *s;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	long long port = config_int(ctx->cfg, "http.port");
	const char *listen = config_str(ctx->cfg, "http.listen");

	*errstr_r = NULL;
	if (port == 0)
		return NULL;
	if (inet_pton(AF_INET, listen, &sin.sin_addr) != 1) {
		*errstr_r = xasprintf("http.listen '%s' is not an IPv4 address", listen);
		return NULL;
	}
	sin.sin_port = htons((uint16_t)port);
	s = xcalloc(1, sizeof(*s));
	s->ctx = ctx;
	if (load_secret(s, errstr_r) < 0) {
		free(s);
		return NULL;
	}
	s->d = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG, (uint16_t)port, NULL, NULL,
	    on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, 64U, MHD_OPTION_CONNECTION_TIMEOUT, 30U,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_END);
	if (s->d == NULL) {
		*errstr_r = xasprintf("cannot listen on %s:%lld", listen, port);
		free(s);
		return NULL;
	}
	log_info("link endpoint on http://%s:%d", listen, http_port(s));
	return s;
}

int
http_fd(const struct http_server *s)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_EPOLL_FD);

	return i ? i->epoll_fd : -1;
}

int
http_port(const struct http_server *s)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);

	return i ? (int)i->port : -1;
}

void
http_run(struct http_server *s)
{
	MHD_run(s->d);
}

void
http_stop(struct http_server **sp)
{
	struct http_server *s = *sp;

	if (s == NULL)
		return;
	MHD_stop_daemon(s->d);
	free(s);
	*sp = NULL;
}
