/*
 * test_http.c - the link endpoint over a real socket, served by its own
 * thread while the test writes requests and reads answers.  GET never
 * changes anything; a POST needs the page's anti-forgery value; errors keep
 * the typed values; every value is escaped; expired links offer a new one.
 */
#include "compat.h"

#include "consent.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "http.h"
#include "http_pages.h"
#include "import.h"
#include "modules.h"
#include "signup.h"
#include "strbuf.h"
#include "token.h"

#include "import_testenv.h"

struct env {
	struct altc *ctx;
	struct http_server *s;
	int port;
	char tok[TOKEN_BUFSZ];
};

static int
free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static int
setup(void **state)
{
	struct env *e = xcalloc(1, sizeof(*e));
	struct import_opts o = { .filename = "x", .type = "manual" };
	struct import_stats st;
	char *err = NULL, port[16];
	sqlite3_stmt *q;

	e->ctx = testenv_open(1);
	assert_int_equal(db_begin(e->ctx->db), 0);
	assert_int_equal(import_file(e->ctx, FIXTURE("ecandidat_utf8_bom.csv"), &o, &st, &err), 0);
	assert_int_equal(db_commit(e->ctx->db), 0);
	import_stats_release(&st);
	assert_int_equal(sqlite3_prepare_v2(e->ctx->db->h, "SELECT token FROM outbox WHERE rcpt ="
	    " 'elodie.unal@ex.example'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	(void)xstrlcpy(e->tok, (const char *)sqlite3_column_text(q, 0), sizeof(e->tok));
	sqlite3_finalize(q);
	e->port = free_port();
	(void)xsnprintf(port, sizeof(port), "%d", e->port);
	assert_int_equal(config_set(e->ctx->cfg, "http.port", port, &err), 0);
	altc_modules_init();
	assert_int_equal(config_set(e->ctx->cfg, "http.timeout", "2", &err), 0);
	assert_int_equal(config_set(e->ctx->cfg, "http.per_address_connections", "8", &err), 0);
	e->s = http_start(e->ctx, &err);
	if (e->s == NULL)
		fail_msg("http_start: %s", err);
	assert_int_equal(http_port(e->s), e->port);
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;

	http_stop(&e->s);
	assert_null(e->s);
	testenv_close(e->ctx);
	free(e);
	return 0;
}

/* request - one HTTP/1.0 exchange; the status code, the body into *body_r */
static int
request(struct env *e, const char *method, const char *path, const char *body,
    const char *extra, char **body_r)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct strbuf req = STRBUF_INIT, resp = STRBUF_INIT;
	int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0, i;
	size_t sent = 0;
	char *hdr_end;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)e->port);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	strbuf_addf(&req, "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n%s", method, path, extra ? extra : "");
	if (body)
		strbuf_addf(&req, "Content-Type: application/x-www-form-urlencoded\r\n"
		    "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	else
		strbuf_addstr(&req, "\r\n");
	for (i = 0; i < 5000; i++) {
		char buf[4096];
		ssize_t n;

		if (sent < req.len && (n = send(fd, req.buf + sent, req.len - sent, MSG_NOSIGNAL)) > 0)
			sent += (size_t)n;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0)
			break;
		if (n > 0)
			strbuf_add(&resp, buf, (size_t)n);
		else {
			struct pollfd p = { fd, POLLIN, 0 };

			(void)poll(&p, 1, 10);
		}
	}
	close(fd);
	assert_int_equal(sscanf(resp.buf, "HTTP/1.%*d %d", &status), 1);
	hdr_end = strstr(resp.buf, "\r\n\r\n");
	assert_non_null(hdr_end);
	*body_r = xstrdup(hdr_end + 4);
	strbuf_release(&req);
	strbuf_release(&resp);
	return status;
}

/* http_csrf_for - the anti-forgery value of a token, as the page would carry it */
static void
http_csrf_for(struct env *e, const char *tok, char **csrf_r)
{
	char buf[65];
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_prepare_v2(e->ctx->db->h, "SELECT value FROM settings WHERE"
	    " key = 'http.secret'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	http_csrf((const char *)sqlite3_column_text(q, 0), tok, buf);
	sqlite3_finalize(q);
	*csrf_r = xstrdup(buf);
}

static char *
csrf_of(const char *page)
{
	const char *p = strstr(page, "name=\"csrf\" value=\"");

	assert_non_null(p);
	return xstrndup(p + strlen("name=\"csrf\" value=\""), 64);
}

static long long
state_is(struct env *e, const char *state)
{
	char *sql = xasprintf("SELECT count(*) FROM users WHERE email = 'elodie.unal@ex.example'"
	    " AND state = '%s'", state);
	long long n = testenv_count(e->ctx, sql);

	free(sql);
	return n;
}

static void
test_get_changes_nothing(void **state)
{
	struct env *e = *state;
	char *path = xasprintf("/s/%s", e->tok), *body;
	long long audit = testenv_count(e->ctx, "SELECT count(*) FROM audit");
	int i;

	for (i = 0; i < 2; i++) {
		assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
		assert_non_null(strstr(body, "<html lang=\"fr\">"));
		assert_non_null(strstr(body, "value=\"elodie.unal@ex.example\" readonly"));
		assert_non_null(strstr(body, "<label for=\"portable\">"));
		assert_null(strstr(body, "<script"));
		free(body);
	}
	assert_int_equal(state_is(e, "imported"), 1);
	assert_int_equal(testenv_count(e->ctx, "SELECT sum(uses) FROM tokens"), 0);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM audit"), audit);
	assert_int_equal(request(e, "GET", path, NULL, "Accept-Language: en-GB,en;q=0.8,fr;q=0.5\r\n",
	    &body), 200);
	assert_non_null(strstr(body, "Complete your signup"));
	free(body);
	free(path);
}

static void
test_post(void **state)
{
	struct env *e = *state;
	char *path = xasprintf("/s/%s", e->tok), *body, *csrf, *form;

	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	csrf = csrf_of(body);
	free(body);
	/* no or a wrong anti-forgery value */
	assert_int_equal(request(e, "POST", path, "portable=0611223344", NULL, &body), 403);
	free(body);
	assert_int_equal(request(e, "POST", path, "csrf=0000&portable=0611223344", NULL, &body), 403);
	free(body);
	assert_int_equal(state_is(e, "imported"), 1);
	/* errors next to the fields, typed values kept and escaped */
	form = xasprintf("csrf=%s&portable=12%%3Cb%%3E&fixe=&date_de_naissance=29%%2F02%%2F2004", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 422);
	assert_non_null(strstr(body, "id=\"portable-err\""));
	assert_non_null(strstr(body, "aria-describedby=\"portable-hint portable-err\" aria-invalid=\"true\""));
	assert_non_null(strstr(body, "value=\"12&lt;b&gt;\""));
	assert_non_null(strstr(body, "value=\"29/02/2004\""));
	free(body);
	free(form);
	assert_int_equal(state_is(e, "imported"), 1);
	/* right values, but the consent box not ticked: the form again, nothing done */
	form = xasprintf("csrf=%s&portable=06+11+22+33+44&date_de_naissance=29%%2F02%%2F2004"
	    "&parcours=GEMA", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 422);
	assert_non_null(strstr(body, "id=\"consentement-err\""));
	assert_non_null(strstr(body, "value=\"GEMA\""));
	free(body);
	free(form);
	assert_int_equal(state_is(e, "imported"), 1);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM consents"), 0);
	form = xasprintf("csrf=%s&portable=06+11+22+33+44&date_de_naissance=29%%2F02%%2F2004"
	    "&parcours=GEMA&consentement=oui", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 200);
	assert_non_null(strstr(body, "Inscription confirmée"));
	free(body);
	assert_int_equal(state_is(e, "registered"), 1);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM tokens WHERE purpose = 'signup'"
	    " AND uses = 1"), 1);
	/* the consent recorded with its wording, language, version and way */
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM consents WHERE kind = 'signup'"
	    " AND via = 'page' AND locale = 'fr' AND version = '" CONSENT_VERSION "'"
	    " AND wording LIKE 'J’accepte que la plateforme traite mes données%'"
	    " AND given_at > 0"), 1);
	/* the link is used up now */
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	assert_non_null(strstr(body, "Lien déjà utilisé"));
	free(body);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 410);
	free(body);
	free(form);
	free(csrf);
	free(path);
}

static void
test_escaping(void **state)
{
	struct env *e = *state;
	char *path = xasprintf("/s/%s", e->tok), *body;

	assert_int_equal(sqlite3_exec(e->ctx->db->h, "UPDATE users SET last_name ="
	    " '<script>alert(\"x\")</script>' WHERE email = 'elodie.unal@ex.example'", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	assert_null(strstr(body, "<script>"));
	assert_non_null(strstr(body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
	free(body);
	free(path);
}

/* resend_latest - POST do=resend with the newest signup link, expired first when asked */
static void
resend_latest(struct env *e, int expire, int want)
{
	char tok[TOKEN_BUFSZ], secret[65], csrf[65], *path, *form, *body = NULL, *err = NULL;
	sqlite3_stmt *q;

	if (expire)
		assert_int_equal(db_exec(e->ctx->db, "UPDATE tokens SET expires_at = 1"
		    " WHERE purpose = 'signup'", &err), 0);
	assert_int_equal(sqlite3_prepare_v2(e->ctx->db->h, "SELECT token FROM outbox WHERE rcpt ="
	    " 'elodie.unal@ex.example' ORDER BY id DESC LIMIT 1", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	(void)xstrlcpy(tok, (const char *)sqlite3_column_text(q, 0), sizeof(tok));
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(e->ctx->db->h, "SELECT value FROM settings WHERE key ="
	    " 'http.secret'", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	(void)xstrlcpy(secret, (const char *)sqlite3_column_text(q, 0), sizeof(secret));
	sqlite3_finalize(q);
	http_csrf(secret, tok, csrf);
	path = xasprintf("/s/%s", tok);
	form = xasprintf("csrf=%s&do=resend", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), want);
	free(body);
	free(form);
	free(path);
}

static void
test_expired(void **state)
{
	struct env *e = *state;
	char *path = xasprintf("/s/%s", e->tok), *body, *csrf, *form;

	setenv("ALTC_NOW", "1795600000", 1);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	assert_non_null(strstr(body, "Lien expiré"));
	assert_non_null(strstr(body, "value=\"resend\""));
	csrf = csrf_of(body);
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM outbox WHERE rcpt ="
	    " 'elodie.unal@ex.example'"), 1);
	form = xasprintf("csrf=%s&do=resend", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 200);
	assert_non_null(strstr(body, "Nouveau lien envoyé"));
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM outbox WHERE rcpt ="
	    " 'elodie.unal@ex.example' AND template = 'import.invitation'"), 2);
	/* the old link was revoked: no second resend from it */
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 410);
	free(body);
	free(form);
	free(csrf);
	free(path);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM tokens WHERE purpose = 'signup'"
	    " AND revoked = 0 AND object_id = (SELECT id FROM users WHERE email ="
	    " 'elodie.unal@ex.example')"), 1);
	/* a link still valid sends nothing, however often asked */
	resend_latest(e, 0, 410);
	resend_latest(e, 0, 410);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM outbox WHERE rcpt ="
	    " 'elodie.unal@ex.example' AND template = 'import.invitation'"), 2);
	/* expired links: fresh ones up to SIGNUP_RESEND_PER_DAY a day, then a polite refusal */
	resend_latest(e, 1, 200);
	resend_latest(e, 1, 200);
	resend_latest(e, 1, 429);
	resend_latest(e, 1, 429);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM outbox WHERE rcpt ="
	    " 'elodie.unal@ex.example' AND template = 'import.invitation'"), 1 + SIGNUP_RESEND_PER_DAY);
	setenv("ALTC_NOW", "1795435200", 1);
}

static void
test_unknown_and_unsubscribe(void **state)
{
	struct env *e = *state;
	char tok[TOKEN_BUFSZ], *err = NULL, *path, *body;

	assert_int_equal(request(e, "GET", "/s/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, NULL, &body), 404);
	free(body);
	assert_int_equal(request(e, "GET", "/x", NULL, NULL, &body), 404);
	free(body);
	/* a live signup token under another letter is no link */
	path = xasprintf("/x/%s", e->tok);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 404);
	assert_null(strstr(body, "<form"));
	free(body);
	free(path);
	assert_int_equal(token_issue(e->ctx->db, "unsubscribe", "user", 1, 1, "", 3600, 0, tok, &err), 0);
	path = xasprintf("/u/%s", tok);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT notify_optional FROM users WHERE id = 1"), 1);
	assert_int_equal(request(e, "POST", path, "List-Unsubscribe=One-Click", NULL, &body), 200);
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT notify_optional FROM users WHERE id = 1"), 0);
	free(path);
}

/* a staff activation link: a page with a button, the POST activates */
static void
test_activation(void **state)
{
	struct env *e = *state;
	char tok[TOKEN_BUFSZ], *err = NULL, *path, *body, *csrf, *form;
	int64_t uid;

	assert_int_equal(db_begin(e->ctx->db), 0);
	uid = user_ensure(e->ctx, "ga2@univ.example", "ga", "pending", "Gest", "Ion", &err);
	assert_true(uid > 0);
	assert_int_equal(token_issue(e->ctx->db, "activation", "user", uid, uid, "", 3600, 1, tok,
	    &err), 0);
	assert_int_equal(db_commit(e->ctx->db), 0);
	path = xasprintf("/s/%s", tok);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	assert_non_null(strstr(body, "Activer votre compte"));
	csrf = csrf_of(body);
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM users WHERE state = 'pending'"
	    " AND email = 'ga2@univ.example'"), 1);
	form = xasprintf("csrf=%s&do=confirm", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 200);
	assert_non_null(strstr(body, "Compte activé"));
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM users WHERE state = 'active'"
	    " AND email = 'ga2@univ.example'"), 1);
	free(form);
	free(csrf);
	free(path);
}

/* an expired or spent activation link answers 410, never the form */
static void
test_activation_gone(void **state)
{
	struct env *e = *state;
	char tok[TOKEN_BUFSZ], *err = NULL, *path, *body, *csrf, *form;
	int64_t uid;

	assert_int_equal(db_begin(e->ctx->db), 0);
	uid = user_ensure(e->ctx, "ga3@univ.example", "ga", "pending", "Gest", "Ion", &err);
	assert_true(uid > 0);
	assert_int_equal(token_issue(e->ctx->db, "activation", "user", uid, uid, "", 3600, 1, tok,
	    &err), 0);
	assert_int_equal(db_commit(e->ctx->db), 0);
	path = xasprintf("/s/%s", tok);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	csrf = csrf_of(body);
	free(body);
	form = xasprintf("csrf=%s&do=confirm", csrf);
	/* expired: neither the page nor the POST activates */
	setenv("ALTC_NOW", "1795440000", 1);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	assert_null(strstr(body, "Activer votre compte"));
	free(body);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 410);
	assert_null(strstr(body, "Compte activé"));
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM users WHERE state = 'pending'"
	    " AND email = 'ga3@univ.example'"), 1);
	setenv("ALTC_NOW", "1795435200", 1);
	/* in time: activated once, then the link is spent */
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 200);
	free(body);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	assert_null(strstr(body, "Activer votre compte"));
	free(body);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 410);
	free(body);
	/* an unspent link of an account already active (activated by hand): 410 */
	{
		char tok2[TOKEN_BUFSZ], *p2, *csrf2, *form2;

		assert_int_equal(token_issue(e->ctx->db, "activation", "user", uid, uid, "", 3600, 1,
		    tok2, &err), 0);
		p2 = xasprintf("/s/%s", tok2);
		assert_int_equal(request(e, "GET", p2, NULL, NULL, &body), 410);
		assert_null(strstr(body, "Activer votre compte"));
		free(body);
		http_csrf_for(e, tok2, &csrf2);
		form2 = xasprintf("csrf=%s&do=confirm", csrf2);
		assert_int_equal(request(e, "POST", p2, form2, NULL, &body), 410);
		free(body);
		/* nothing spent: the new link is still unused */
		assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM tokens WHERE purpose ="
		    " 'activation' AND user_id = (SELECT id FROM users WHERE email = 'ga3@univ.example')"
		    " AND uses = 0"), 1);
		/* an activation link is not an unsubscribe link */
		free(p2);
		p2 = xasprintf("/u/%s", tok2);
		assert_int_equal(testenv_count(e->ctx, "SELECT notify_optional FROM users WHERE"
		    " email = 'ga3@univ.example'"), 1);
		assert_int_equal(request(e, "POST", p2, "List-Unsubscribe=One-Click", NULL, &body), 410);
		free(body);
		assert_int_equal(testenv_count(e->ctx, "SELECT notify_optional FROM users WHERE"
		    " email = 'ga3@univ.example'"), 1);
		free(form2);
		free(csrf2);
		free(p2);
	}
	/* spent while the account is pending again (reset by an admin): still 410 */
	assert_int_equal(sqlite3_exec(e->ctx->db->h, "UPDATE users SET state = 'pending'"
	    " WHERE email = 'ga3@univ.example'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	assert_null(strstr(body, "Activer votre compte"));
	free(body);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 410);
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM users WHERE state = 'pending'"
	    " AND email = 'ga3@univ.example'"), 1);
	free(form);
	free(csrf);
	free(path);
}

/* a link action: GET shows, POST applies once, then 410 */
static int applied_actions;

static int
count_action(struct altc *ctx, const struct token_info *t, char **errstr_r)
{
	if (t->object_id == 99) {
		/* a change made before failing must be rolled back */
		(void)db_exec(ctx->db, "INSERT INTO settings (key, value) VALUES ('half', 'done')", NULL);
		*errstr_r = xstrdup("refused by the test");
		return -1;
	}
	applied_actions++;
	return 0;
}

static const struct http_action count_http_action = { "test.count", count_action,
	{ "Compter ce clic.", "Count this click." }, NULL };

static void
test_link_action(void **state)
{
	struct env *e = *state;
	char tok[TOKEN_BUFSZ], bad[TOKEN_BUFSZ], *err = NULL, *path, *body, *csrf, *form;

	http_action_register(&count_http_action);
	applied_actions = 0;
	assert_int_equal(token_issue(e->ctx->db, "test.count", "user", 1, 1, "", 3600, 1, tok,
	    &err), 0);
	path = xasprintf("/a/%s", tok);
	/* GET (a scanner, twice): a page with a button, nothing spent */
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	assert_null(strstr(body, "<script"));
	assert_non_null(strstr(body, "Compter ce clic."));	/* what it does, in French */
	csrf = csrf_of(body);
	free(body);
	assert_int_equal(request(e, "GET", path, NULL, "Accept-Language: en-GB,en;q=0.8\r\n",
	    &body), 200);
	assert_non_null(strstr(body, "Count this click."));
	free(body);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	free(body);
	assert_int_equal(applied_actions, 0);
	assert_int_equal(testenv_count(e->ctx, "SELECT uses FROM tokens WHERE purpose = 'test.count'"), 0);
	/* a POST without the page's value does nothing */
	assert_int_equal(request(e, "POST", path, "do=confirm", NULL, &body), 403);
	free(body);
	assert_int_equal(applied_actions, 0);
	/* the POST applies once */
	form = xasprintf("csrf=%s&do=confirm", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 200);
	free(body);
	assert_int_equal(applied_actions, 1);
	assert_int_equal(testenv_count(e->ctx, "SELECT uses FROM tokens WHERE purpose = 'test.count'"), 1);
	/* then the link is gone */
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 410);
	free(body);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	free(body);
	assert_int_equal(applied_actions, 1);
	free(form);
	free(csrf);
	free(path);
	/* an action that fails spends nothing */
	assert_int_equal(token_issue(e->ctx->db, "test.count", "user", 99, 1, "", 3600, 1, bad,
	    &err), 0);
	path = xasprintf("/a/%s", bad);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	csrf = csrf_of(body);
	free(body);
	form = xasprintf("csrf=%s&do=confirm", csrf);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 422);
	free(body);
	assert_int_equal(testenv_count(e->ctx, "SELECT uses FROM tokens WHERE object_id = 99"), 0);
	assert_int_equal(testenv_count(e->ctx, "SELECT count(*) FROM settings WHERE key = 'half'"), 0);
	assert_false(e->ctx->db->in_tx);
	/* the link cannot be spent (a database failure): 422, it works once the database does */
	{
		char ok[TOKEN_BUFSZ], *p2, *c2, *f2;

		assert_int_equal(token_issue(e->ctx->db, "test.count", "user", 5, 1, "", 3600, 1, ok,
		    &err), 0);
		p2 = xasprintf("/a/%s", ok);
		assert_int_equal(request(e, "GET", p2, NULL, NULL, &body), 200);
		c2 = csrf_of(body);
		free(body);
		f2 = xasprintf("csrf=%s&do=confirm", c2);
		/* the pages have a connection of their own: a trigger every connection sees */
		assert_int_equal(db_exec(e->ctx->db, "CREATE TRIGGER spend_fault BEFORE UPDATE ON tokens"
		    " BEGIN SELECT RAISE(ABORT, 'disk full'); END", NULL), 0);
		assert_int_equal(request(e, "POST", p2, f2, NULL, &body), 422);
		free(body);
		assert_int_equal(db_exec(e->ctx->db, "DROP TRIGGER spend_fault", NULL), 0);
		assert_int_equal(testenv_count(e->ctx, "SELECT uses FROM tokens WHERE purpose = 'test.count'"
		    " AND object_id = 5"), 0);
		assert_false(e->ctx->db->in_tx);
		assert_int_equal(request(e, "POST", p2, f2, NULL, &body), 200);
		free(body);
		assert_int_equal(testenv_count(e->ctx, "SELECT uses FROM tokens WHERE purpose = 'test.count'"
		    " AND object_id = 5"), 1);
		free(f2);
		free(c2);
		free(p2);
	}
	/* an expired action link: 410 for both */
	setenv("ALTC_NOW", "1795440000", 1);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	free(body);
	assert_int_equal(request(e, "POST", path, form, NULL, &body), 410);
	free(body);
	setenv("ALTC_NOW", "1795435200", 1);
	/* an action token is no signup link */
	free(path);
	path = xasprintf("/s/%s", tok);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 404);
	assert_null(strstr(body, "<form"));
	free(body);
	/* a purpose no action is registered for: 410 */
	assert_int_equal(token_issue(e->ctx->db, "test.none", "user", 1, 1, "", 3600, 1, bad,
	    &err), 0);
	free(path);
	path = xasprintf("/a/%s", bad);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 410);
	free(body);
	free(form);
	free(csrf);
	free(path);
}

/* the name offered for saving: no directory, no header injection, RFC 8187 encoded */
static void
test_disposition(void **state)
{
	static const struct {
		const char *in, *ascii, *utf8;
	} cases[] = {
		{ "cv.pdf", "cv.pdf", "cv.pdf" },
		{ "CV Léa Dupont.pdf", "CV L_a Dupont.pdf", "CV%20L%C3%A9a%20Dupont.pdf" },
		{ "../../etc/passwd", "passwd", "passwd" },
		{ "C:\\Users\\lea\\cv.pdf", "cv.pdf", "cv.pdf" },
		{ "a\"b\r\nSet-Cookie: x.pdf", "a_bSet-Cookie: x.pdf", "a%22bSet-Cookie%3A%20x.pdf" },
		{ "100%;x.pdf", "100_;x.pdf", "100%25%3Bx.pdf" },
		{ "\xff\xfe.pdf", "__.pdf", "__.pdf" },
		{ "  .hidden.pdf ", "hidden.pdf", "hidden.pdf" },
		{ "", "download", "download" },
		{ "...", "download", "download" },
		{ NULL, "download", "download" },
	};
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT, lng = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		strbuf_reset(&out);
		strbuf_reset(&want);
		http_disposition(&out, cases[i].in);
		strbuf_addf(&want, "attachment; filename=\"%s\"; filename*=UTF-8''%s", cases[i].ascii,
		    cases[i].utf8);
		assert_string_equal(out.buf, want.buf);
	}
	/* a long name keeps its extension and a whole last character */
	strbuf_addstr(&lng, "é");
	for (int i = 0; i < 200; i++)
		strbuf_addch(&lng, 'a');
	strbuf_addstr(&lng, ".pdf");
	strbuf_reset(&out);
	http_disposition(&out, lng.buf);
	assert_non_null(strstr(out.buf, "aaaa.pdf\"; filename*=UTF-8''%C3%A9aaa"));
	assert_int_equal(strlen(strchr(out.buf, '"') + 1), 1 + 144 + 4 + strlen("\"; filename*=UTF-8''") +
	    6 + 144 + 4);
	strbuf_release(&lng);
	strbuf_release(&out);
	strbuf_release(&want);
}

static void
test_locale(void **state)
{
	(void)state;
	assert_string_equal(page_locale(NULL), "fr");
	assert_string_equal(page_locale("en-US,en;q=0.9"), "en");
	assert_string_equal(page_locale("fr-FR,fr;q=0.9,en;q=0.8"), "fr");
	assert_string_equal(page_locale("de-DE"), "fr");
}

/* a page has a form only when it has both a button and an address to post to */
static void
test_page_button(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	page_message(&out, PAGE_CONFIRM, "fr", "/l/abc", "tok", NULL);
	assert_non_null(strstr(out.buf, "<form method=\"post\" action=\"/l/abc\">"));
	assert_non_null(strstr(out.buf, ">Confirmer</button></form>"));
	strbuf_reset(&out);
	/* a button, nowhere to post: no form */
	page_message(&out, PAGE_CONFIRM, "fr", NULL, NULL, NULL);
	assert_null(strstr(out.buf, "<form"));
	strbuf_reset(&out);
	/* a result page has no button, even with an address */
	page_message(&out, PAGE_CONFIRMED, "fr", "/l/abc", "tok", NULL);
	assert_null(strstr(out.buf, "<form"));
	assert_non_null(strstr(out.buf, "action est enregistrée."));
	strbuf_release(&out);
}

/* connect_from - a connected socket from the loopback address src (127.0.0.X) */
static int
connect_from(struct env *e, const char *src)
{
	struct sockaddr_in sin = { .sin_family = AF_INET }, me = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_int_equal(inet_pton(AF_INET, src, &me.sin_addr), 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&me, sizeof(me)), 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)e->port);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	return fd;
}

/*
 * exchange - send data, read until the server closes or ms pass; the status
 * code, 0 when closed without an answer, -1 when still open at the end
 */
static int
exchange(int fd, const char *data, size_t len, int ms)
{
	struct strbuf resp = STRBUF_INIT;
	int status = -1;

	if (len)
		(void)send(fd, data, len, MSG_NOSIGNAL);
	for (int waited = 0; waited < ms; waited += 10) {
		struct pollfd p = { fd, POLLIN, 0 };
		char buf[4096];
		ssize_t n;

		if (poll(&p, 1, 10) <= 0)
			continue;
		if ((n = recv(fd, buf, sizeof(buf), 0)) <= 0) {
			status = 0;
			break;
		}
		strbuf_add(&resp, buf, (size_t)n);
	}
	if (resp.len && sscanf(resp.buf, "HTTP/1.%*d %d", &status) != 1)
		status = 0;
	strbuf_release(&resp);
	return status;
}

/* oversized URL, headers and body are answered at once, the body never read */
static void
test_oversized(void **state)
{
	struct env *e = *state;
	struct strbuf r = STRBUF_INIT;
	int fd;

	strbuf_addstr(&r, "GET /s/");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&r, 'a');
	strbuf_addstr(&r, " HTTP/1.1\r\nHost: x\r\n\r\n");
	fd = connect_from(e, "127.0.0.1");
	assert_int_equal(exchange(fd, r.buf, r.len, 1500), 414);
	close(fd);
	strbuf_reset(&r);
	strbuf_addf(&r, "GET /s/%s HTTP/1.1\r\nHost: x\r\n", e->tok);
	for (int i = 0; i < 10; i++) {
		strbuf_addf(&r, "X-Pad-%d: ", i);
		for (int k = 0; k < 1000; k++)
			strbuf_addch(&r, 'b');
		strbuf_addstr(&r, "\r\n");
	}
	strbuf_addstr(&r, "\r\n");
	fd = connect_from(e, "127.0.0.1");
	assert_int_equal(exchange(fd, r.buf, r.len, 1500), 431);
	close(fd);
	strbuf_reset(&r);
	/* 10 MB announced, nothing sent: the answer comes without waiting for it */
	strbuf_addf(&r, "POST /s/%s HTTP/1.1\r\nHost: x\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n", e->tok);
	fd = connect_from(e, "127.0.0.1");
	assert_int_equal(exchange(fd, r.buf, r.len, 1500), 413);
	close(fd);
	strbuf_release(&r);
}

/* idle connections from one address neither block others nor stay for ever */
static void
test_connection_limits(void **state)
{
	struct env *e = *state;
	int idle[70], fd, status;
	char *body = NULL, *req;

	for (size_t i = 0; i < ARRAY_SIZE(idle); i++) {
		idle[i] = connect_from(e, "127.0.0.1");
		(void)send(idle[i], "GET /s/", 7, MSG_NOSIGNAL);	/* a partial request */
	}
	/* connections opened and closed at once stall nobody */
	for (int i = 0; i < 64; i++)
		close(connect_from(e, "127.0.0.3"));
	/* another visitor is served at once */
	fd = connect_from(e, "127.0.0.2");
	req = xasprintf("GET /s/%s HTTP/1.0\r\nHost: x\r\n\r\n", e->tok);
	status = exchange(fd, req, strlen(req), 1500);
	close(fd);
	assert_int_equal(status, 200);
	/* the partial requests are dropped after http.timeout (2 s here) */
	assert_int_equal(exchange(idle[0], NULL, 0, 4000), 0);
	for (size_t i = 0; i < ARRAY_SIZE(idle); i++)
		close(idle[i]);
	free(req);
	free(body);
	/* a body trickled a byte a second, under the idle timeout, is cut at http.timeout */
	req = xasprintf("POST /s/%s HTTP/1.1\r\nHost: x\r\nContent-Type: "
	    "application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n", e->tok);
	fd = connect_from(e, "127.0.0.4");
	status = exchange(fd, req, strlen(req), 200);
	for (int i = 0; i < 8 && status == -1; i++)
		status = exchange(fd, "x", 1, 1000);
	assert_int_not_equal(status, -1);	/* closed well before the 100 bytes */
	close(fd);
	free(req);
}

/* the daemon's loop holding a write transaction does not stop a page */
static void
test_not_blocked_by_spool(void **state)
{
	struct env *e = *state;
	char *path = xasprintf("/s/%s", e->tok), *body = NULL, *err = NULL;

	assert_int_equal(db_begin(e->ctx->db), 0);
	assert_int_equal(db_exec(e->ctx->db, "UPDATE users SET updated_at = updated_at + 1", &err), 0);
	assert_int_equal(request(e, "GET", path, NULL, NULL, &body), 200);
	assert_non_null(strstr(body, "csrf"));
	db_rollback(e->ctx->db);
	free(body);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locale),
		cmocka_unit_test(test_page_button),
		cmocka_unit_test(test_disposition),
		cmocka_unit_test_setup_teardown(test_get_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_post, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_unsubscribe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversized, setup, teardown),
		cmocka_unit_test_setup_teardown(test_connection_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_blocked_by_spool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_activation_gone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_action, setup, teardown),
	};

	setenv("ALTC_NOW", "1795435200", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
