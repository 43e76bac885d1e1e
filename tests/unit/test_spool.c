/*
 * test_spool.c - the spool protocol: delivery into new/, claim, group
 * commit with a savepoint per input, done/ and failed/ with reasons, the
 * ledger (no input applied twice), recovery of cur/ after a crash, and
 * quarantine after repeated failures.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "spool.h"
#include "spool_name.h"
#include "strbuf.h"
#include "testlib.h"
#include "test_fault.h"
#include "util.h"

static int applied, flaky;

/* the test handler acts on the body: APPLY, REJECT, TEMPFAIL */
static enum input_result
fake_apply(struct altc *ctx, const struct input *in, char **reason_r)
{
	const char *body = memmem(in->data, in->len, "\n\n", 2);

	body = body ? body + 2 : (const char *)in->data;
	if (strncmp(body, "REJECT", 6) == 0) {
		*reason_r = xstrdup("rejected by the test");
		return INPUT_REJECTED;
	}
	if (strncmp(body, "FLAKY", 5) == 0 && flaky-- > 0) {
		*reason_r = xasprintf("not yet %d", flaky);
		return INPUT_TEMPFAIL;
	}
	if (strncmp(body, "SPAWN", 5) == 0) {
		/* a mail arrives while this one waits for a retry */
		static const char m[] = "Message-ID: <spawned@x>\n\nAPPLY\n";
		char *err = NULL;

		if (spool_deliver(ctx, INPUT_MAIL, m, strlen(m), NULL, NULL, &err) < 0)
			free(err);
		*reason_r = xstrdup("later");
		return INPUT_TEMPFAIL;
	}
	if (strncmp(body, "BREAKDB", 7) == 0) {
		/* the ledger row that follows cannot be written: the database failed */
		db_exec(ctx->db, "DROP TABLE inbound", NULL);
		return INPUT_DONE;
	}
	if (strncmp(body, "TEMPFAIL", 8) == 0) {
		/* a state change that must be rolled back */
		db_exec(ctx->db, "INSERT INTO settings VALUES ('tempfail', 'x')", NULL);
		*reason_r = xstrdup("try later");
		return INPUT_TEMPFAIL;
	}
	{
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "INSERT INTO settings (key, value) VALUES (?, 'applied')");
		char *key = xasprintf("applied-%d", ++applied);

		db_bind_text(st, 1, key);
		free(key);
		if (db_done(ctx->db, st, NULL) < 0)
			return INPUT_TEMPFAIL;
	}
	return INPUT_DONE;
}

static int
count_applied(struct altc *ctx)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT count(*) FROM settings WHERE value = 'applied'");
	int n;

	assert_int_equal(db_step(ctx->db, st, NULL), 1);
	n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

static void
put(struct altc *ctx, const char *msgid, const char *body)
{
	static int n;
	/* a different Received line each time: a replay differs from the original */
	char *mail = msgid ? xasprintf("Received: by mx%d\nMessage-ID:\n <%s>\nSubject: t\n\n%s\n",
	    ++n, msgid, body) : xasprintf("Subject: t\n\n%s\n", body);
	char *err = NULL;

	assert_int_equal(spool_deliver(ctx, INPUT_MAIL, mail, strlen(mail),
	    "reply+abc@univ.example", NULL, &err), 0);
	free(mail);
}

static size_t
count(struct altc *ctx, const char *sub)
{
	char *p = altc_spool_path(ctx, sub);
	size_t n = testlib_count_files(p);

	free(p);
	return n;
}

static size_t
count_done(struct altc *ctx)
{
	char day[16], *sub;
	time_t t = time(NULL);
	struct tm tm;
	size_t n;

	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	sub = xasprintf("done/%s", day);
	n = count(ctx, sub);
	free(sub);
	return n;
}

static int
setup(void **state)
{
	struct altc *ctx = xcalloc(1, sizeof(*ctx));

	testlib_instance(ctx);
	input_set_handler(INPUT_MAIL, fake_apply);
	applied = 0;
	flaky = 0;
	*state = ctx;
	return 0;
}

static int
teardown(void **state)
{
	struct altc *ctx = *state;

	testlib_instance_free(ctx);
	free(ctx);
	input_set_handler(INPUT_MAIL, NULL);
	return 0;
}

static void
test_names(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *r, *n;

	(void)state;
	spool_unique_name(&sb, "Reply+AbC@univ.example", "../../etc/Liste étudiants.csv");
	assert_null(strchr(sb.buf, '/'));
	/* an address stays readable in the name: only what must be is encoded */
	assert_non_null(strstr(sb.buf, ",R=Reply+AbC@univ.example,N=Liste%20%C3%A9tudiants.csv"));
	r = spool_name_tag(sb.buf, 'R');
	n = spool_name_tag(sb.buf, 'N');
	assert_string_equal(r, "Reply+AbC@univ.example");
	assert_string_equal(n, "Liste étudiants.csv");
	assert_null(spool_name_tag("123.M1P2.host", 'R'));
	/* a percent-encoded last character, a tag followed by another */
	strbuf_reset(&sb);
	spool_unique_name(&sb, "a b@x.example", "liste (1)");
	assert_int_equal(strspn(sb.buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789@._+-,=%"), strlen(sb.buf));	/* Maildir-safe: encoded */
	free(r);
	free(n);
	r = spool_name_tag(sb.buf, 'R');
	n = spool_name_tag(sb.buf, 'N');
	assert_string_equal(r, "a b@x.example");
	assert_string_equal(n, "liste (1)");
	free(r);
	free(n);
	/* the host part: up to its first dot, without the separators of a name, bounded */
	{
		char h[SPOOL_HOST_MAX + 1];

		spool_host_part("mx1.univ.example", h);
		assert_string_equal(h, "mx1");
		spool_host_part("a/b:c,d", h);
		assert_string_equal(h, "a_b_c_d");
		spool_host_part("0123456789012345678901234567890123456789", h);
		assert_string_equal(h, "01234567890123456789012345678901");
		spool_host_part("", h);
		assert_string_equal(h, "");
	}
	r = spool_name_tag("1.M2.host,N=x%2", 'N');	/* a truncated escape is kept as is */
	assert_string_equal(r, "x%2");
	free(r);
	r = spool_name_tag("1.M2.host,N=a%2C,R=b%40c", 'R');
	n = spool_name_tag("1.M2.host,N=a%2C,R=b%40c", 'N');
	assert_string_equal(r, "b@c");
	assert_string_equal(n, "a,");
	free(r);
	free(n);
	strbuf_release(&sb);
}

static void
test_group_fates(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;

	put(ctx, "a@x", "APPLY");
	put(ctx, "b@x", "REJECT");
	put(ctx, "c@x", "APPLY");
	put(ctx, NULL, "APPLY");	/* no Message-ID: keyed by SHA-256 */
	assert_int_equal(count(ctx, "mail/new"), 4);
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 3);
	assert_int_equal(st.failed, 1);
	assert_int_equal(count_applied(ctx), 3);
	assert_int_equal(count(ctx, "mail/new"), 0);
	assert_int_equal(count(ctx, "mail/cur"), 0);
	assert_int_equal(count_done(ctx), 3);
	assert_int_equal(count(ctx, "failed"), 2);	/* the input and its .reason */
	{
		char *p = altc_spool_path(ctx, "failed");
		DIR *d = opendir(p);
		struct dirent *de;
		int seen = 0;

		while ((de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);

			if (l > 7 && strcmp(de->d_name + l - 7, ".reason") == 0) {
				char *rp = xasprintf("%s/%s", p, de->d_name), *txt;

				assert_int_equal(read_file(rp, &txt, NULL), 0);
				assert_string_equal(txt, "rejected by the test\n");
				free(txt);
				free(rp);
				seen = 1;
			}
		}
		closedir(d);
		free(p);
		assert_true(seen);
	}
	/* the same messages again: nothing applied twice */
	put(ctx, "a@x", "APPLY");
	put(ctx, "b@x", "REJECT");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.duplicates, 2);
	assert_int_equal(count_applied(ctx), 3);
	assert_int_equal(count(ctx, "failed"), 4);	/* the replay follows the original */
	assert_int_equal(count_done(ctx), 4);
	{
		/* ... with the original's reason: the failed replay is b@x's */
		char *p = altc_spool_path(ctx, "failed");
		DIR *d = opendir(p);
		struct dirent *de;
		int reasons = 0;

		while ((de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);
			char *fp = xasprintf("%s/%s", p, de->d_name), *txt = NULL;

			if (l > 7 && strcmp(de->d_name + l - 7, ".reason") == 0) {
				assert_int_equal(read_file(fp, &txt, NULL), 0);
				assert_string_equal(txt, "rejected by the test\n");
				reasons++;
			} else if (de->d_name[0] != '.') {
				assert_int_equal(read_file(fp, &txt, NULL), 0);
				assert_non_null(strstr(txt, "<b@x>"));
			}
			free(txt);
			free(fp);
		}
		closedir(d);
		free(p);
		assert_int_equal(reasons, 2);
	}
}

static void
test_tempfail_and_quarantine(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;
	sqlite3_stmt *q;
	int i;

	put(ctx, "t@x", "TEMPFAIL");
	put(ctx, "ok@x", "APPLY");
	for (i = 1; i <= 3; i++) {
		assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
		if (i < 3) {
			assert_int_equal(st.deferred, 1);
			assert_int_equal(count(ctx, "mail/new"), 1);	/* back for a retry */
		}
	}
	assert_int_equal(st.failed, 1);
	assert_int_equal(count(ctx, "mail/new"), 0);
	assert_int_equal(count(ctx, "failed"), 2);
	assert_int_equal(count_applied(ctx), 1);
	/* the tempfail's own change was rolled back every time */
	q = db_prepare(ctx->db, "SELECT count(*) FROM settings WHERE key = 'tempfail'");
	assert_int_equal(db_step(ctx->db, q, NULL), 1);
	assert_int_equal(sqlite3_column_int(q, 0), 0);
	sqlite3_reset(q);
}

/* put_raw - a mail as given, into new/ */
static void
put_raw(struct altc *ctx, const char *mail)
{
	char *err = NULL;

	assert_int_equal(spool_deliver(ctx, INPUT_MAIL, mail, strlen(mail), NULL, NULL, &err), 0);
}

static int
sql_int(struct altc *ctx, const char *sql)
{
	sqlite3_stmt *st = db_prepare(ctx->db, sql);
	int n;

	assert_int_equal(db_step(ctx->db, st, NULL), 1);
	n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

/*
 * a row of the loop that cannot be written (the input's effect, its ledger
 * row, its attempt count): nothing is lost nor applied twice; the next
 * drain, recovering what the failed one left in cur/, applies it once
 */
static void
test_drain_faults(void **state)
{
	static const struct {
		const char *body, *state;
		int applied;
	} t[] = { { "APPLY", "done", 1 }, { "REJECT", "failed", 0 } };
	struct altc *ctx = *state;
	struct spool_stats st;

	fault_install(ctx->db);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int n;

		for (n = 1; n < 100; n++) {
			char *id = xasprintf("fault%zu.%d@x", i, n), *sql;
			int before = count_applied(ctx), fired;

			put(ctx, id, t[i].body);
			fault_arm(ctx->db, n);
			(void)spool_drain(ctx, 1u << INPUT_MAIL, 0, &st);
			fired = fault_disarm(ctx->db);
			assert_false(ctx->db->in_tx);
			assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 1, &st), 0);
			if (count_applied(ctx) != before + t[i].applied)
				fail_msg("%s, row %d failed: applied %d times", t[i].body, n,
				    count_applied(ctx) - before);
			sql = xasprintf("SELECT count(*) FROM inbound WHERE key LIKE 'mid:<%s>%%'"
			    " AND state = '%s'", id, t[i].state);
			if (sql_int(ctx, sql) != 1)
				fail_msg("%s, row %d failed: the ledger does not hold it once as %s",
				    t[i].body, n, t[i].state);
			free(sql);
			assert_int_equal(count(ctx, "mail/new") + count(ctx, "mail/cur"), 0);
			free(id);
			if (!fired)
				break;
		}
		assert_true(n > 1 && n < 100);
	}
}

/* more inputs than one group holds: applied in several groups, each once */
static void
test_many_inputs(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;
	int before = count_applied(ctx);

	for (int i = 0; i < 300; i++) {
		char *m = xasprintf("Message-ID: <batch%d@x>\nSubject: t\n\nAPPLY\n", i);

		put_raw(ctx, m);
		free(m);
	}
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 300);
	assert_int_equal(st.duplicates, 0);
	assert_int_equal(count_applied(ctx), before + 300);
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound WHERE key LIKE 'mid:<batch%'"), 300);
	/* nothing left behind */
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 0);
}

/* the ledger key: the Message-ID header in any case, folded or not */
static void
test_ledger_key(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;

	put_raw(ctx, "Received: by mx1\nMessage-ID: <case@x>\nSubject: t\n\nAPPLY\n");
	put_raw(ctx, "Received: by mx2\nMessage-Id: <case@x>\nSubject: t\n\nAPPLY\n");
	put_raw(ctx, "Received: by mx3\nmessage-id:    <case@x>  \nSubject: t\n\nAPPLY\n");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.duplicates, 2);
	assert_int_equal(count_applied(ctx), 1);
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound WHERE key = 'mid:<case@x>'"), 1);
	/* the first header line too: a copy relayed with other headers is the same mail */
	put_raw(ctx, "Message-ID: <first@x>\nSubject: t\n\nAPPLY\n");
	put_raw(ctx, "Message-ID: <first@x>\nSubject: t\nX-Spam-Score: 0.1\n\nAPPLY\n");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.duplicates, 1);
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound WHERE key = 'mid:<first@x>'"), 1);
	/* a Message-ID in the body is not a header; two bodies that differ are two inputs */
	put_raw(ctx, "Subject: t\n\nAPPLY\nMessage-ID: <case@x>\n");
	put_raw(ctx, "Subject: t\n\nAPPLY\nMessage-ID: <case@x>\n\n");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 2);
	assert_int_equal(st.duplicates, 0);
	/* the same bytes without a Message-ID: the SHA-256 makes it a duplicate */
	put_raw(ctx, "Subject: t\n\nAPPLY\nMessage-ID: <case@x>\n");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.duplicates, 1);
	assert_int_equal(count_applied(ctx), 4);
	/* an empty Message-ID does not key every such mail alike */
	put_raw(ctx, "Message-ID: \nSubject: a\n\nAPPLY\n");
	put_raw(ctx, "Message-ID: \nSubject: b\n\nAPPLY\n");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 2);
	assert_int_equal(count_applied(ctx), 6);
}

/* a temporary failure then a success: applied once, its attempts forgotten */
static void
test_tempfail_then_success(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;

	flaky = 2;	/* fails twice, then works: max_attempts (3) is not reached */
	put(ctx, "flaky@x", "FLAKY");
	{
		/* a hidden file (another producer's temporary) and a directory: not inputs */
		char *p = altc_spool_path(ctx, "mail/new/.partial"), *dir = altc_spool_path(ctx, "mail/new/sub");

		testlib_write(p, "Subject: t\n\nAPPLY\n");
		assert_int_equal(mkdir(dir, 0700), 0);
		free(p);
		free(dir);
	}
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.deferred, 1);
	assert_int_equal(sql_int(ctx, "SELECT attempts FROM inbound_attempts"), 1);
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.deferred, 1);
	assert_int_equal(sql_int(ctx, "SELECT attempts FROM inbound_attempts"), 2);
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound_attempts"
	    " WHERE last_error = 'not yet 0'"), 1);	/* the latest error */
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.failed, 0);
	assert_int_equal(count_applied(ctx), 1);
	assert_int_equal(count_done(ctx), 1);
	assert_int_equal(count(ctx, "mail/new"), 0);	/* regular, non-hidden files */
	{
		char *p = altc_spool_path(ctx, "mail/new/.partial"), *dir = altc_spool_path(ctx, "mail/new/sub");

		assert_int_equal(access(p, F_OK), 0);
		assert_int_equal(access(dir, F_OK), 0);
		free(p);
		free(dir);
	}
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound_attempts"), 0);
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound WHERE state = 'done'"), 1);
}

/* an input deferred in a drain does not hold back the mail that arrives meanwhile */
static void
test_deferred_and_newcomer(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;

	put(ctx, "waits@x", "SPAWN");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(st.deferred, 1);
	assert_int_equal(st.done, 1);	/* the newcomer, in the same drain */
	assert_int_equal(count_applied(ctx), 1);
	assert_int_equal(count(ctx, "mail/new"), 1);	/* the deferred one, for the next drain */
}

/* a database failure in a group: nothing of the group is kept, every input stays */
static void
test_group_rollback(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;

	put(ctx, "first@x", "APPLY");
	put(ctx, "broken@x", "BREAKDB");
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), -1);
	assert_false(ctx->db->in_tx);
	assert_int_equal(count_applied(ctx), 0);
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound"), 0);	/* the table is back */
	assert_int_equal(count(ctx, "mail/new"), 2);
	assert_int_equal(count(ctx, "mail/cur"), 0);
	assert_int_equal(count_done(ctx), 0);
	assert_int_equal(st.done, 0);
}

static void
test_recover_cur(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;
	char *newd = altc_spool_path(ctx, "mail/new"), *curd = altc_spool_path(ctx, "mail/cur");
	DIR *d;
	struct dirent *de;

	/* a crash after claiming: the file sits in cur/ and is applied at start-up */
	put(ctx, "crash@x", "APPLY");
	d = opendir(newd);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *a = xasprintf("%s/%s", newd, de->d_name), *b = xasprintf("%s/%s", curd, de->d_name);

		assert_int_equal(rename(a, b), 0);
		free(a);
		free(b);
	}
	closedir(d);
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 0, &st), 0);
	assert_int_equal(count(ctx, "mail/cur"), 1);	/* not without recover */
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 1, &st), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(count(ctx, "mail/cur"), 0);
	assert_int_equal(count_applied(ctx), 1);

	/* a poison input already found in cur/ twice (two crashes) is quarantined at the third */
	{
		char *p = xasprintf("%s/poison.M1P1.host", curd);

		testlib_write(p, "Message-ID: <poison@x>\n\nAPPLY\n");
		free(p);
		assert_int_equal(db_exec(ctx->db, "INSERT INTO inbound_attempts VALUES"
		    " ('poison.M1P1.host', 2, 'killed')", NULL), 0);
	}
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 1, &st), 0);
	assert_int_equal(st.failed, 1);
	assert_int_equal(count_applied(ctx), 1);
	assert_int_equal(count(ctx, "failed"), 2);
	/* its reason says why, with the error of the last attempt */
	{
		char *fd = altc_spool_path(ctx, "failed"), *text = NULL;
		size_t len;

		d = opendir(fd);
		while ((de = readdir(d)) != NULL) {
			size_t l = strlen(de->d_name);

			if (l > 7 && strcmp(de->d_name + l - 7, ".reason") == 0) {
				char *rp = xasprintf("%s/%s", fd, de->d_name);

				assert_int_equal(read_file(rp, &text, &len), 0);
				free(rp);
			}
		}
		closedir(d);
		assert_non_null(text);
		if (strstr(text, "quarantined after 3 interrupted attempts: killed") == NULL)
			fail_msg("reason: %s", text);
		free(text);
		free(fd);
	}
	free(newd);
	free(curd);
}

/* busy_once - the busy handler of the test below: the other writer ends, this BEGIN fails */
static int
busy_once(void *arg, int n)
{
	(void)n;
	assert_int_equal(db_exec(arg, "ROLLBACK", NULL), 0);
	return 0;
}

/*
 * recovery when the database is busy: -1, and what a crash left in cur/
 * stays there uncounted and unapplied, even if the database is free again
 * right after (another process held it for a moment)
 */
static void
test_recover_db_busy(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;
	char *p = altc_spool_path(ctx, "mail/cur/left.M1P1.host"), *err = NULL;
	struct db *other = db_open(sqlite3_db_filename(ctx->db->h, "main"), 0, &err);

	assert_non_null(other);
	testlib_write(p, "Message-ID: <left@x>\n\nAPPLY\n");
	free(p);
	assert_int_equal(db_exec(other, "BEGIN IMMEDIATE", NULL), 0);
	sqlite3_busy_handler(ctx->db->h, busy_once, other);
	assert_int_equal(spool_drain(ctx, 1u << INPUT_MAIL, 1, &st), -1);
	sqlite3_busy_timeout(ctx->db->h, 10000);
	db_close(&other);
	assert_int_equal(count(ctx, "mail/cur"), 1);
	assert_int_equal(count(ctx, "mail/new"), 0);
	assert_int_equal(count_applied(ctx), 0);
	assert_int_equal(sql_int(ctx, "SELECT count(*) FROM inbound_attempts"), 0);
}

static void
test_no_handler(void **state)
{
	struct altc *ctx = *state;
	struct spool_stats st;
	char *err = NULL;

	assert_int_equal(spool_deliver(ctx, INPUT_IMPORT, "a;b\n1;2\n", 8, NULL, "x.csv", &err), 0);
	assert_int_equal(spool_drain(ctx, 1u << INPUT_IMPORT, 0, &st), 0);
	assert_int_equal(st.failed, 1);
	assert_int_equal(count(ctx, "failed"), 2);
}

static void
test_unwritable(void **state)
{
	struct altc ctx = { 0 };
	char *err = NULL;

	(void)state;
	ctx.spool = xstrdup("/proc/altc-spool");
	assert_int_equal(spool_create(&ctx, &err), -1);
	assert_non_null(strstr(err, "/proc/altc-spool"));
	free(err);
	free(ctx.spool);
}

/* every envelope recipient either fits with room for NAME.reason, or is refused with nothing written */
static void
test_long_recipient(void **state)
{
	struct altc *ctx = *state;
	char rcpt[400], *err = NULL;
	size_t delivered = 0;

	for (size_t n = 150; n < sizeof(rcpt); n += 7) {
		memset(rcpt, 'a', n);
		memcpy(rcpt + n - 13, "@univ.example", 14);
		rcpt[0] = '%';	/* percent-encoded: three bytes in the name */
		errno = 0;
		if (spool_deliver(ctx, INPUT_MAIL, "Subject: t\n\nx\n", 15, rcpt, NULL, &err) == 0) {
			delivered++;
			continue;
		}
		assert_int_equal(errno, ENAMETOOLONG);
		assert_non_null(strstr(err, "too long"));
		free(err);
		err = NULL;
	}
	assert_true(delivered > 0);
	assert_int_equal(count(ctx, "mail/new"), delivered);
	assert_int_equal(count(ctx, "mail/tmp"), 0);
	/* each name leaves room for its .reason */
	{
		char *dir = altc_spool_path(ctx, "mail/new");
		DIR *d = opendir(dir);
		struct dirent *e;

		while ((e = readdir(d)) != NULL)
			assert_true(strlen(e->d_name) + strlen(".reason") <= 255);
		closedir(d);
		free(dir);
	}
}

/* open_fds - descriptors open in this process */
static int
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* a delivery leaves no descriptor open: the daemon delivers for months */
static void
test_no_descriptor_left(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL;
	int before = open_fds();

	for (int i = 0; i < 5; i++)
		assert_int_equal(spool_deliver(ctx, INPUT_MAIL, "Subject: t\n\nAPPLY\n", 15, NULL, NULL,
		    &err), 0);
	assert_int_equal(count(ctx, "mail/new"), 5);
	assert_int_equal(open_fds(), before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test_setup_teardown(test_group_fates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tempfail_and_quarantine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_inputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drain_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tempfail_then_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred_and_newcomer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_cur, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_db_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_handler, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_recipient, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_descriptor_left, setup, teardown),
		cmocka_unit_test(test_unwritable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
