/*
 * http.c - the link endpoint's server: MHD with its own thread (epoll) and
 * its own SQLite connection and copy of the configuration, so that no mail,
 * import or job of the daemon's loop ever delays a click, and MHD's
 * timeouts are kept by MHD itself.  One thread serves every connection, so
 * requests are applied one at a time, each in its own transaction.
 * Connections are limited in number, per address and in idle time, a body
 * in total time; an oversized URL, header block or body is answered at once
 * (414, 431, 413).
 * Requests are collected (form fields through MHD's post processor),
 * checked (token syntax, anti-forgery value) and routed on their first path
 * segment to http_links.c.  A page may answer with a file: it is streamed
 * from its descriptor, offered for saving, never cached.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <microhttpd.h>
#include <sys/random.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "http_int.h"
#include "http_pages.h"
#include "log.h"
#include "strbuf.h"
#include "text.h"
#include "token.h"
#include "util.h"

#define POST_MAX 16384
#define URL_MAX 2048
#define HEADERS_MAX 8192

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
csrf_ok(const struct http_server *s, const char *token, const char *got)
{
	char want[65];
	unsigned char diff = 0;
	size_t i;

	http_csrf(s->secret, token, want);
	if (strlen(got) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		diff |= (unsigned char)(want[i] ^ got[i]);
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

/* attr_char - what RFC 8187 lets a value carry unencoded */
static int
attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("!#$&+-.^_`|~", c) != NULL);
}

/* safe_name - filename without directory, controls, leading dots or blanks, bounded */
static void
safe_name(struct strbuf *out, const char *filename)
{
	const char *base = filename, *p, *ext;
	size_t max = 150, cut, extlen = 0;

	for (p = filename; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == '.' || *base == ' ')
		base++;
	for (p = base; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			strbuf_addch(out, *p);
	strbuf_rtrim(out);
	if (!text_is_utf8(out->buf, out->len))
		for (size_t i = 0; i < out->len; i++)
			if ((unsigned char)out->buf[i] >= 0x80)
				out->buf[i] = '_';
	if (out->len <= max)
		return;
	/* too long: the stem is cut on a character boundary, a short extension kept */
	if ((ext = strrchr(out->buf, '.')) != NULL && strlen(ext) <= 16)
		extlen = strlen(ext);
	cut = max - extlen;
	while (cut > 0 && ((unsigned char)out->buf[cut] & 0xc0) == 0x80)
		cut--;
	memmove(out->buf + cut, out->buf + out->len - extlen, extlen);
	strbuf_setlen(out, cut + extlen);
}

void
http_disposition(struct strbuf *out, const char *filename)
{
	struct strbuf name = STRBUF_INIT;

	safe_name(&name, filename ? filename : "");
	if (name.len == 0)
		strbuf_addstr(&name, "download");
	strbuf_addstr(out, "attachment; filename=\"");
	for (size_t i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.buf[i];

		if ((c & 0xc0) == 0x80)
			continue;	/* one '_' per character */
		strbuf_addch(out, c >= 0x80 || c == '"' || c == '\\' || c == '%' ? '_' : c);
	}
	strbuf_addstr(out, "\"; filename*=UTF-8''");
	for (size_t i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.buf[i];

		if (attr_char(c))
			strbuf_addch(out, c);
		else
			strbuf_addf(out, "%%%02X", c);
	}
	strbuf_release(&name);
}

enum MHD_Result
http_send_file(struct MHD_Connection *c, unsigned int status, struct http_file *f)
{
	struct MHD_Response *r = MHD_create_response_from_fd64(f->size, f->fd);
	struct strbuf cd = STRBUF_INIT;
	enum MHD_Result ret;

	if (r == NULL) {
		close(f->fd);
		f->fd = -1;
		return http_message(c, MHD_HTTP_SERVICE_UNAVAILABLE, PAGE_ERROR, "fr", NULL, NULL, NULL);
	}
	f->fd = -1;	/* MHD closes it with the response */
	http_disposition(&cd, f->filename);
	MHD_add_response_header(r, "Content-Type", f->type);
	MHD_add_response_header(r, "Content-Disposition", cd.buf);
	MHD_add_response_header(r, "Cache-Control", "private, no-store");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy", "default-src 'none'; sandbox");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	strbuf_release(&cd);
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
	size_t i;

	(void)kind; (void)filename; (void)content_type; (void)transfer_encoding; (void)off;
	if (key == NULL)
		return MHD_YES;	/* a multipart part without a name */
	for (i = 0; i < rq->nfields; i++)
		if (strcmp(rq->key[i], key) == 0)
			break;
	if (i == rq->nfields) {
		if (rq->nfields == HTTP_MAX_FIELDS || strlen(key) > 64)
			return MHD_YES;	/* no page has that many fields: ignored */
		rq->key[i] = xstrdup(key);
		strbuf_init(&rq->v[i], 0);
		rq->nfields++;
	}
	strbuf_add(&rq->v[i], data, size);
	return MHD_YES;
}

const char *
request_field(const struct request *rq, const char *name)
{
	for (size_t i = 0; rq && i < rq->nfields; i++)
		if (strcmp(rq->key[i], name) == 0)
			return rq->v[i].buf;
	return "";
}

static void
request_free(struct request *rq)
{
	if (rq == NULL)
		return;
	if (rq->pp)
		MHD_destroy_post_processor(rq->pp);
	for (size_t i = 0; i < rq->nfields; i++) {
		free(rq->key[i]);
		strbuf_release(&rq->v[i]);
	}
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
	const char *name;
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
	name = url[3 + len] == '/' ? url + 4 + len : "";
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
	if (post && !csrf_ok(s, token, request_field(rq, "csrf")))
		return http_message(c, MHD_HTTP_FORBIDDEN, PAGE_BAD_REQUEST, locale, NULL, NULL, NULL);
	if (kind == 'a')
		return http_link_action(s, c, locale, token, &t, status, post);
	return http_page(s, c, locale, token, name, &t, status, post ? rq : NULL);
}

static time_t
mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* add_header_size - MHD_get_connection_values callback summing the header bytes */
static enum MHD_Result
add_header_size(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/* oversized - 414, 431 or 413 for what must not be read further; 0 when the request is fine */
static unsigned int
oversized(struct MHD_Connection *c, const char *url, int post)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	size_t headers = 0;

	if (strlen(url) > URL_MAX)
		return MHD_HTTP_URI_TOO_LONG;
	(void)MHD_get_connection_values(c, MHD_HEADER_KIND, add_header_size, &headers);
	if (headers > HEADERS_MAX)
		return MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
	if (post && cl && strtoull(cl, NULL, 10) > POST_MAX)
		return MHD_HTTP_CONTENT_TOO_LARGE;
	return 0;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct request *rq = *con_cls;
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	unsigned int too;

	(void)version;
	if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return http_message(c, MHD_HTTP_METHOD_NOT_ALLOWED, PAGE_NOT_FOUND, "fr", NULL, NULL, NULL);
	if (rq == NULL) {
		/* answered before the body is read: MHD then closes the connection */
		if ((too = oversized(c, url, post)) != 0)
			return http_message(c, too, PAGE_BAD_REQUEST, "fr", NULL, NULL, NULL);
		rq = xcalloc(1, sizeof(*rq));
		rq->started = mono_seconds();
		if (post)
			rq->pp = MHD_create_post_processor(c, 4096, on_post_field, rq);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		/* a body trickled in under the idle timeout still ends */
		if (mono_seconds() - rq->started > (time_t)config_int(s->ctx->cfg, "http.timeout"))
			return MHD_NO;
		rq->total += n;
		if (rq->total > POST_MAX) {
			/* a chunked body without a length: stop reading at the limit */
			if (rq->too_big++)
				return MHD_NO;
			return http_message(c, MHD_HTTP_CONTENT_TOO_LARGE, PAGE_BAD_REQUEST, "fr",
			    NULL, NULL, NULL);
		}
		if (rq->pp)
			MHD_post_process(rq->pp, upload_data, n);
		return MHD_YES;
	}
	if (rq->too_big)
		return MHD_YES;
	return route(s, c, url, post, rq);
}

/* own_context - the thread's context: its own connection to the same file, its own configuration */
static int
own_context(struct http_server *s, const struct altc *ctx, char **errstr_r)
{
	const char *file = sqlite3_db_filename(ctx->db->h, "main");

	s->own.cfg = config_dup(ctx->cfg);
	s->own.config_path = ctx->config_path;
	s->own.spool = ctx->spool ? xstrdup(ctx->spool) : NULL;
	s->own.docs = ctx->docs ? xstrdup(ctx->docs) : NULL;
	s->own.templates = ctx->templates ? xstrdup(ctx->templates) : NULL;
	s->own.datadir = ctx->datadir ? xstrdup(ctx->datadir) : NULL;
	s->ctx = &s->own;
	if (file == NULL || *file == '\0') {
		*errstr_r = xstrdup("the link endpoint needs a database file");
		return -1;
	}
	return (s->own.db = db_open(file, 0, errstr_r)) == NULL ? -1 : 0;
}

static void
server_free(struct http_server *s)
{
	altc_close(&s->own);
	free(s);
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
	if (!sqlite3_threadsafe()) {
		*errstr_r = xstrdup("this SQLite is built without thread support");
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	if (own_context(s, ctx, errstr_r) < 0 || load_secret(s, errstr_r) < 0) {
		server_free(s);
		return NULL;
	}
	s->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, (uint16_t)port,
	    NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)config_int(ctx->cfg, "http.max_connections"),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)config_int(ctx->cfg, "http.per_address_connections"),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)config_int(ctx->cfg, "http.timeout"),
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768, MHD_OPTION_END);
	if (s->d == NULL) {
		*errstr_r = xasprintf("cannot listen on %s:%lld", listen, port);
		server_free(s);
		return NULL;
	}
	log_info("link endpoint on http://%s:%d", listen, http_port(s));
	return s;
}

int
http_port(const struct http_server *s)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);

	return i ? (int)i->port : -1;
}

void
http_stop(struct http_server **sp)
{
	struct http_server *s = *sp;

	if (s == NULL)
		return;
	MHD_stop_daemon(s->d);	/* joins the thread */
	server_free(s);
	*sp = NULL;
}
