/*
 * test_outbox.c - the backoff table, the Maildir back-end (protocol, LF
 * line ends, Return-Path, idempotent file name) and outbox_flush over the
 * Maildir back-end with a real database: rows marked sent only once the
 * file is there, a resend byte-identical, composition failures recorded
 * without blaming the recipient.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "formation.h"
#include "mailuser.h"
#include "notify.h"
#include "outbox.h"
#include "outbox_db.h"
#include "outbox_journal.h"
#include "test_outbox_ctx.h"
#include "token.h"

static struct altc ctx;
static char dir[] = "/tmp/test_outbox.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	test_ctx_open(&ctx, dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_ctx_close(&ctx, dir);
	return 0;
}

static void
test_backoff(void **state)
{
	static const struct { int attempts; int64_t base, max, want; } t[] = {
		{ 1, 300, 14400, 300 }, { 2, 300, 14400, 600 }, { 3, 300, 14400, 1200 },
		{ 5, 300, 14400, 4800 }, { 6, 300, 14400, 9600 }, { 7, 300, 14400, 14400 },
		{ 40, 300, 14400, 14400 }, { 0, 60, 3600, 60 }, { 3, 1, 2, 2 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (outbox_backoff(t[i].attempts, t[i].base, t[i].max) != t[i].want)
			fail_msg("attempts %d: %lld", t[i].attempts,
			    (long long)outbox_backoff(t[i].attempts, t[i].base, t[i].max));
}

static size_t
files_in(const char *sub)
{
	char *p = xasprintf("%s/%s", ctx.spool, sub);
	DIR *d = opendir(p);
	struct dirent *e;
	size_t n = 0;

	free(p);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
test_maildir_backend(void **state)
{
	const struct outbox_backend *be = &outbox_maildir_backend;
	struct outbox_msg m = { 7, "bounces+7@univ.example", "zoe@etu.example",
	    "Subject: x\r\n\r\nline 1\r\nline 2\r\n", 30 };
	void *st = NULL;
	char *err = NULL, *name, *path, *buf;
	size_t len;

	(void)state;
	assert_int_equal(be->open(&ctx, &st, &err), 0);
	assert_int_equal(be->send(st, &m, &err), OUTBOX_SENT);
	assert_int_equal(be->send(st, &m, &err), OUTBOX_SENT);	/* a resend replaces */
	assert_int_equal(be->sync(st, &err), 0);
	be->close(st);
	assert_int_equal(files_in("outbox/new"), 1);
	assert_int_equal(files_in("outbox/tmp"), 0);
	name = outbox_maildir_name(7, "univ.example");
	path = xasprintf("%s/outbox/new/%s", ctx.spool, name);
	assert_int_equal(read_file(path, &buf, &len), 0);
	assert_string_equal(buf, "Return-Path: <bounces+7@univ.example>\nSubject: x\n\nline 1\nline 2\n");
	free(buf);
	unlink(path);
	free(path);
	free(name);
}

static int64_t
queue(int64_t uid, const char *template, const char *vars)
{
	struct notify_msg m;
	char *err = NULL;
	int64_t id;

	memset(&m, 0, sizeof(m));
	m.user_id = uid;
	m.template = template;
	m.importance = NOTIFY_ACTION;
	m.vars_json = vars;
	m.thread = "offer.42";
	assert_int_equal(db_begin(ctx.db), 0);
	id = notify_queue(&ctx, &m, &err);
	assert_int_equal(db_commit(ctx.db), 0);
	assert_true(id > 0);
	return id;
}

static void
test_flush_maildir(void **state)
{
	struct outbox_row r;
	char *err = NULL, *name, *path, *first, *second;
	size_t sent, len;
	int64_t uid, ok, bad;

	(void)state;
	uid = user_ensure(&ctx, "rh@benotti.example", "employer", "active", "Benotti", "Marc", &err);
	assert_true(uid > 0);
	ok = queue(uid, "offer.rejected", "{\"offer_title\":\"Stagiaire\",\"formation\":\"GEA\","
	    "\"reason\":\"Ce n’est pas une alternance.\"}");
	bad = queue(uid, "offer.rejected", "{\"offer_title\":\"Stagiaire\"}");	/* missing variables */

	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	assert_int_equal(sent, 1);
	assert_int_equal(files_in("outbox/new"), 1);
	assert_int_equal(outbox_db_get(ctx.db, ok, &r, &err), 1);
	assert_string_equal(r.state, "sent");
	assert_int_equal(r.attempts, 1);
	outbox_row_release(&r);
	assert_int_equal(outbox_db_get(ctx.db, bad, &r, &err), 1);
	assert_string_equal(r.state, "failed");
	assert_non_null(strstr(r.last_error, "unknown variable"));
	outbox_row_release(&r);

	/* a compose failure is not the recipient's fault */
	{
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(ctx.db->h, "SELECT unreachable FROM users WHERE id = ?",
		    -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, uid);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
	}

	/* nothing due: nothing sent */
	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	assert_int_equal(sent, 0);

	/* a crash before the commit: the row is queued again; the resend is identical */
	name = outbox_maildir_name(ok, "univ.example");
	path = xasprintf("%s/outbox/new/%s", ctx.spool, name);
	assert_int_equal(read_file(path, &first, &len), 0);
	assert_non_null(strstr(first, "Message-ID: <altc-"));
	assert_non_null(strstr(first, "References: <thread-offer-42@univ.example>"));
	assert_int_equal(db_exec(ctx.db, "UPDATE outbox SET state = 'queued' WHERE state = 'sent'", NULL), 0);
	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	assert_int_equal(sent, 1);
	assert_int_equal(files_in("outbox/new"), 1);
	assert_int_equal(read_file(path, &second, &len), 0);
	assert_string_equal(first, second);
	free(first);
	free(second);
	free(path);
	free(name);
}

/* a retry that is not due yet is left alone; a due one goes */
static void
test_not_due(void **state)
{
	char *err = NULL, *sql;
	size_t sent;
	int64_t uid, id;

	(void)state;
	uid = user_ensure(&ctx, "contact@genesii.example", "employer", "active", "G", "C", &err);
	id = queue(uid, "offer.expiring", "{\"offer_title\":\"Comptable\",\"expires\":\"1er décembre\"}");
	sql = xasprintf("UPDATE outbox SET next_attempt_at = %lld WHERE id = %lld",
	    (long long)now_epoch() + 3600, (long long)id);
	assert_int_equal(db_exec(ctx.db, sql, NULL), 0);
	free(sql);
	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	assert_int_equal(sent, 0);
	setenv("ALTC_NOW", "4102444800", 1);	/* 2100 */
	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	unsetenv("ALTC_NOW");
	assert_int_equal(sent, 1);
}

/* col_text - one text value of a query with one int64 parameter (caller frees; NULL for NULL) */
static char *
col_text(const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(ctx.db->h, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

/* the clear token stays in the outbox row only until the mail is written; the center never has it */
static void
test_tokens_forgotten(void **state)
{
	struct notify_msg m;
	char tok[TOKEN_BUFSZ], *err = NULL, *vars, *v, *name, *path, *mail;
	size_t sent, len;
	int64_t uid, id;

	(void)state;
	uid = user_ensure(&ctx, "zoe@etu.example", "student", "imported", "Leonard", "Zoe", &err);
	assert_true(uid > 0);
	assert_int_equal(db_begin(ctx.db), 0);
	assert_int_equal(token_issue(ctx.db, "signup", "user", uid, uid, "INSCRIPTION", 3600, 1, tok,
	    &err), 0);
	vars = xasprintf("{\"first_name\":\"Zoe\",\"last_name\":\"Leonard\",\"formation\":\"GEA\","
	    "\"link\":\"http://127.0.0.1:8080/s/%s\",\"expires\":\"demain\"}", tok);
	memset(&m, 0, sizeof(m));
	m.user_id = uid;
	m.template = "import.invitation";
	m.importance = NOTIFY_ACTION;
	m.vars_json = vars;
	m.token = tok;
	id = notify_queue(&ctx, &m, &err);
	assert_true(id > 0);
	assert_int_equal(db_commit(ctx.db), 0);
	v = col_text("SELECT vars FROM notifications WHERE user_id = ?", uid);
	assert_null(strstr(v, tok));
	assert_non_null(strstr(v, "\"link\":\"http://127.0.0.1:8080/s/\""));
	free(v);
	v = col_text("SELECT token FROM outbox WHERE id = ?", id);
	assert_string_equal(v, tok);	/* queued: needed to write the mail */
	free(v);
	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	assert_int_equal(sent, 1);
	assert_null(col_text("SELECT token FROM outbox WHERE id = ?", id));
	v = col_text("SELECT vars FROM outbox WHERE id = ?", id);
	assert_null(strstr(v, tok));
	assert_non_null(strstr(v, "Zoe"));
	free(v);
	/* the Message-ID (it carries the key) is kept masked, and still found from a bounce */
	v = col_text("SELECT message_id FROM outbox WHERE id = ?", id);
	assert_null(strstr(v, tok));
	free(v);
	{
		char *mid = xasprintf("<%s.import-invitation@univ.example>", tok), rcpt[256];
		int64_t who = 0;

		assert_int_equal(mailuser_outbox_by_message_id(ctx.db, mid, &who, rcpt, &err), 1);
		assert_int_equal(who, uid);
		free(mid);
	}
	name = outbox_maildir_name(id, "univ.example");
	path = xasprintf("%s/outbox/new/%s", ctx.spool, name);
	assert_int_equal(read_file(path, &mail, &len), 0);
	assert_non_null(strstr(mail, tok));	/* the mail has it */
	free(mail);
	free(path);
	free(name);
	free(vars);
}

/*
 * The journal of a killed run: an accepted message it names is recorded as
 * sent (at the time it was accepted) without going again; a line of another
 * database (same id, another creation time) and a torn last line change
 * nothing; a run that finds the journal locked by another sends nothing.
 */
static void
test_journal_replay(void **state)
{
	struct outbox_journal j;
	struct outbox_row r;
	sqlite3_stmt *st;
	char *err = NULL, *line, *path;
	size_t sent, len;
	int64_t uid, a, b;
	int fd;

	(void)state;
	uid = user_ensure(&ctx, "zoe@etu.example", "student", "active", "Martin", "Zoé", &err);
	a = queue(uid, "offer.expiring", "{\"offer_title\":\"A\",\"expires\":\"1er mai\"}");
	b = queue(uid, "offer.expiring", "{\"offer_title\":\"B\",\"expires\":\"1er mai\"}");
	assert_int_equal(outbox_db_get(ctx.db, a, &r, &err), 1);

	assert_int_equal(outbox_journal_open(&j, ctx.db->path, &err), 0);
	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	assert_int_equal(sent, 0);
	outbox_journal_close(&j);

	path = xasprintf("%s-sent", ctx.db->path);
	line = xasprintf("%lld %lld 1700000000 <x.a@univ.example>\n"
	    "%lld %lld 1700000000 <x.b@univ.example>\n%lld 1 2 <torn",
	    (long long)a, (long long)r.created_at, (long long)b, (long long)r.created_at - 99,
	    (long long)b);
	outbox_row_release(&r);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	close(fd);
	free(line);

	assert_int_equal(outbox_flush(&ctx, &sent, &err), 0);
	assert_int_equal(sent, 1);	/* b only: a was accepted before the kill */
	assert_int_equal(sqlite3_prepare_v2(ctx.db->h, "SELECT state, sent_at, message_id"
	    " FROM outbox WHERE id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, a);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "sent");
	assert_int_equal(sqlite3_column_int64(st, 1), 1700000000);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "<x.a@univ.example>");
	sqlite3_finalize(st);
	assert_int_equal(outbox_db_get(ctx.db, b, &r, &err), 1);
	assert_string_equal(r.state, "sent");
	outbox_row_release(&r);
	assert_int_equal(read_file(path, &line, &len), 0);
	assert_int_equal(len, 0);	/* emptied once committed */
	free(line);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_maildir_backend),
		cmocka_unit_test(test_flush_maildir),
		cmocka_unit_test(test_not_due),
		cmocka_unit_test(test_tokens_forgotten),
		cmocka_unit_test(test_journal_replay),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
