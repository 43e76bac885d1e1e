/*
 * spool_claim.c - the consumer side of the spool.  Files are claimed by
 * rename into cur/, applied in group transactions (one savepoint each, so a
 * bad input never rolls back its neighbours), and moved to done/ or failed/
 * only after the commit.  The inbound ledger makes a replay after a crash a
 * no-op; files found in cur/ at start-up are replayed one per transaction,
 * with their attempt counted first, so a poison input that kills the daemon
 * is quarantined after limits.max_attempts tries instead of looping.
 */
#include "compat.h"

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "log.h"
#include "sha256.h"
#include "spool.h"
#include "spool_name.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#define GROUP_MAX 256

enum fate { FATE_DONE, FATE_FAILED, FATE_KEEP };

struct claimed {
	char *name;
	char *cur;		/* path in cur/ */
	enum fate fate;
	char *reason;
	char *quarantine;	/* set: refuse it with this reason unless already applied */
};

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* list_dir - regular, non-hidden files of dir, sorted; NULL-terminated */
static char **
list_dir(const char *dir, size_t *n_r)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	*n_r = 0;
	if (d == NULL) {
		log_warn("cannot read '%s'", dir);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			if (n + 1 >= alloc) {
				alloc = alloc ? alloc * 2 : 64;
				names = xreallocarray(names, alloc, sizeof(char *));
			}
			names[n++] = xstrdup(de->d_name);
		} else
			log_debug("ignoring '%s': not a regular file", p);
		free(p);
	}
	closedir(d);
	if (names) {
		qsort(names, n, sizeof(char *), cmp_names);
		names[n] = NULL;
	}
	*n_r = n;
	return names;
}

static void
free_names(char **names)
{
	size_t i;

	for (i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}

/* header_value - the unfolded value of the header at data[i] after its name of nlen bytes */
static char *
header_value(const unsigned char *data, size_t len, size_t i, size_t nlen)
{
	struct strbuf v = STRBUF_INIT;
	size_t j = i + nlen;
	char *s;

	for (;;) {
		const unsigned char *e = memchr(data + j, '\n', len - j);
		size_t end = e ? (size_t)(e - data) : len;

		strbuf_add(&v, data + j, end - j);
		j = end + 1;
		if (j >= len || (data[j] != ' ' && data[j] != '\t'))
			break;
	}
	if (memchr(v.buf, '\0', v.len) != NULL || v.len >= 990) {
		strbuf_release(&v);
		return NULL;
	}
	s = xstrdup(str_trim(v.buf));
	strbuf_release(&v);
	return s;
}

/*
 * ledger_key - "mid:<Message-ID>" from the header block, else
 * "sha256:<hex>", followed by " rcpt:ADDRESS" (the envelope recipient, else
 * the first Delivered-To): the same mail sent to offres@ and documents@ is
 * two inputs, the same copy delivered twice is one.
 */
static char *
ledger_key(enum input_kind kind, const unsigned char *data, size_t len, const char *rcpt)
{
	char hex[SHA256_HEXSZ], *mid = NULL, *dto = NULL, *key, *r;
	size_t i = 0;

	while (kind == INPUT_MAIL && i < len) {
		const char *line = (const char *)data + i;
		const unsigned char *nl = memchr(data + i, '\n', len - i);
		size_t llen = nl ? (size_t)(nl - (data + i)) : len - i;

		if (llen == 0 || (llen == 1 && line[0] == '\r'))
			break;	/* end of headers */
		if (mid == NULL && llen >= 11 && strncasecmp(line, "Message-ID:", 11) == 0)
			mid = header_value(data, len, i, 11);
		else if (dto == NULL && llen >= 13 && strncasecmp(line, "Delivered-To:", 13) == 0)
			dto = header_value(data, len, i, 13);
		i += llen + 1;
	}
	if (mid && *mid)
		key = xasprintf("mid:%s", mid);
	else {
		sha256_hex(data, len, hex);
		key = xasprintf("sha256:%s", hex);
	}
	if (kind == INPUT_MAIL && ((rcpt && *rcpt) || (dto && *dto))) {
		r = xstrdup(rcpt && *rcpt ? rcpt : dto);
		str_lower(r);
		free(mid);
		mid = key;
		key = xasprintf("%s rcpt:%s", mid, r);
		free(r);
	}
	free(mid);
	free(dto);
	return key;
}

/* ledger_find - state of a key ("done"/"failed") and its reason, 0 if absent */
static int
ledger_find(struct db *db, const char *key, char **state_r, char **reason_r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT state, reason FROM inbound WHERE key = ?");
	int rc;

	db_bind_text(st, 1, key);
	rc = db_step(db, st, NULL);
	if (rc == 1) {
		*state_r = xstrdup(db_col_text(st, 0));
		*reason_r = xstrdup(db_col_text(st, 1));
	}
	sqlite3_reset(st);
	return rc;
}

static int
ledger_add(struct db *db, const char *key, enum input_kind kind, const char *name,
    const char *state, const char *reason)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO inbound (key, kind, filename, state, reason, received_at)"
	    " VALUES (?, ?, ?, ?, ?, ?)");
	char *err = NULL;

	db_bind_text(st, 1, key);
	db_bind_text(st, 2, spool_kind_dir(kind));
	db_bind_text(st, 3, name);
	db_bind_text(st, 4, state);
	db_bind_text(st, 5, reason);
	db_bind_int(st, 6, now_epoch());
	if (db_done(db, st, &err) < 0) {
		log_warnx("inbound ledger: %s", err);
		free(err);
		return -1;
	}
	return 0;
}

/* attempt_count - bump and return the attempts of a file name (its own statement) */
static int
attempt_count(struct db *db, const char *name, const char *error)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO inbound_attempts (filename, attempts, last_error) VALUES (?1, 1, ?2)"
	    " ON CONFLICT (filename) DO UPDATE SET attempts = attempts + 1,"
	    " last_error = coalesce(?2, last_error) RETURNING attempts");
	int n = 0;

	db_bind_text(st, 1, name);
	db_bind_text(st, 2, error);
	if (db_step(db, st, NULL) == 1)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

static char *
last_error(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT last_error FROM inbound_attempts WHERE filename = ?");
	char *e = NULL;

	db_bind_text(st, 1, name);
	if (db_step(db, st, NULL) == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL)
		e = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return e;
}

static void
forget_attempts(struct db *db, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM inbound_attempts WHERE filename = ?");

	db_bind_text(st, 1, name);
	db_done(db, st, NULL);
}

/*
 * apply_one - one claimed input inside the open transaction.  Sets c->fate;
 * returns -1 only when the database itself failed (the group is abandoned).
 */
static int
apply_one(struct altc *ctx, enum input_kind kind, struct claimed *c, struct spool_stats *stats)
{
	struct input in = { 0 };
	unsigned char *data = NULL;
	char *key = NULL, *lstate = NULL, *lreason = NULL, *reason = NULL;
	input_apply_fn fn;
	enum input_result res;
	size_t len;
	int rc = 0, maxatt = (int)config_int(ctx->cfg, "limits.max_attempts");

	if (read_file(c->cur, (char **)&data, &len) < 0) {
		if (errno == ENOENT) {	/* another consumer finished it */
			c->fate = FATE_KEEP;
			return 0;
		}
		reason = xasprintf("cannot read: %s", strerror(errno));
		goto tempfail;
	}
	in.envelope_rcpt = spool_name_tag(c->name, 'R');
	key = ledger_key(kind, data, len, in.envelope_rcpt);
	switch (ledger_find(ctx->db, key, &lstate, &lreason)) {
	case -1:
		rc = -1;
		goto out;
	case 1:
		/* already applied (a replay after a crash, or the same mail twice) */
		log_info("%s '%s': already processed as %s", spool_kind_dir(kind), c->name, key);
		stats->duplicates++;
		if (strcmp(lstate, "failed") == 0) {
			/* the original went to failed/: a replay follows it there */
			c->fate = FATE_FAILED;
			c->reason = xstrdup(*lreason ? lreason : "refused");
		} else
			c->fate = FATE_DONE;
		goto out;
	}
	if (c->quarantine) {
		/* interrupted too often: a poison input, refused without running it again */
		if (ledger_add(ctx->db, key, kind, c->name, "failed", c->quarantine) < 0) {
			rc = -1;
			goto out;
		}
		c->fate = FATE_FAILED;
		c->reason = xstrdup(c->quarantine);
		stats->failed++;
		goto out;
	}
	if (db_savepoint(ctx->db, "input") < 0) {
		rc = -1;
		goto out;
	}
	in.kind = kind;
	in.path = c->cur;
	in.name = c->name;
	in.data = data;
	in.len = len;
	fn = input_handler(kind);
	if (fn == NULL) {
		res = INPUT_REJECTED;
		reason = xasprintf("no handler for %s inputs in this version", spool_kind_dir(kind));
	} else
		res = fn(ctx, &in, &reason);
	if (reason)	/* copied into the ledger, the attempts and the .reason file */
		(void)text_truncate(reason, SPOOL_REASON_MAX);
	switch (res) {
	case INPUT_DONE:
		if (ledger_add(ctx->db, key, kind, c->name, "done", NULL) < 0 ||
		    db_release(ctx->db, "input") < 0) {
			rc = -1;
			goto out;
		}
		c->fate = FATE_DONE;
		stats->done++;
		break;
	case INPUT_REJECTED:
		if (reason == NULL)
			reason = xstrdup("refused");
		if (ledger_add(ctx->db, key, kind, c->name, "failed", reason) < 0 ||
		    db_release(ctx->db, "input") < 0) {
			rc = -1;
			goto out;
		}
		c->fate = FATE_FAILED;
		c->reason = reason;
		reason = NULL;
		stats->failed++;
		break;
	case INPUT_TEMPFAIL:
		db_rollback_to(ctx->db, "input");
		goto tempfail;
	}
	forget_attempts(ctx->db, c->name);
	goto out;

tempfail:
	if (attempt_count(ctx->db, c->name, reason) >= maxatt) {
		char *why = xasprintf("quarantined after %d failed attempts: %s", maxatt,
		    reason ? reason : "unknown error");

		if (key)
			ledger_add(ctx->db, key, kind, c->name, "failed", why);
		c->fate = FATE_FAILED;
		c->reason = why;
		stats->failed++;
	} else {
		log_warnx("%s '%s': %s (will retry)", spool_kind_dir(kind), c->name,
		    reason ? reason : "temporary failure");
		c->fate = FATE_KEEP;
		stats->deferred++;
	}
out:
	free((char *)in.envelope_rcpt);
	free(reason);
	free(key);
	free(lstate);
	free(lreason);
	free(data);
	return rc;
}

/*
 * finish - move a committed input to done_dir or failed/ (+ .reason).  No
 * fsync per file: a move lost in a crash leaves the input in cur/, where the
 * ledger turns its replay into the same move.
 */
static void
finish(struct altc *ctx, enum input_kind kind, struct claimed *c, const char *done_dir)
{
	char *dst;
	const char *dir;
	char *faildir = NULL;

	if (c->fate == FATE_KEEP)
		return;
	if (c->fate == FATE_DONE)
		dir = done_dir;
	else {
		char *rpath = xasprintf("%s/failed/%s.reason", ctx->spool, c->name);
		char *tmp = xasprintf("%s.tmp", rpath);
		FILE *fp = fopen(tmp, "w");

		if (fp == NULL || fprintf(fp, "%s\n", c->reason ? c->reason : "refused") < 0 ||
		    fclose(fp) == EOF || rename(tmp, rpath) < 0)
			log_warn("cannot write '%s'", rpath);
		log_info("%s '%s' failed: %s", spool_kind_dir(kind), c->name,
		    c->reason ? c->reason : "refused");
		free(rpath);
		free(tmp);
		dir = faildir = xasprintf("%s/failed", ctx->spool);
	}
	dst = xasprintf("%s/%s", dir, c->name);
	if (rename(c->cur, dst) < 0)
		log_warn("cannot move '%s' to '%s'", c->cur, dst);
	free(dst);
	free(faildir);
}

/* finish_group - move a committed group, then sync the directories once */
static void
finish_group(struct altc *ctx, enum input_kind kind, struct claimed *g, size_t n)
{
	char day[16], *done_dir, *faildir;
	time_t t = (time_t)now_epoch();
	struct tm tm;
	size_t i;

	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	done_dir = xasprintf("%s/done/%s", ctx->spool, day);
	faildir = xasprintf("%s/failed", ctx->spool);
	if (mkdir(done_dir, 0750) < 0 && errno != EEXIST && mkdir_p(done_dir, 0750) < 0)
		log_warn("cannot create '%s'", done_dir);
	for (i = 0; i < n; i++)
		finish(ctx, kind, &g[i], done_dir);
	(void)fsync_dir(done_dir);
	(void)fsync_dir(faildir);
	free(done_dir);
	free(faildir);
}

/* release_group - free a group; inputs to retry go back to new/ for the next drain */
static void
release_group(struct claimed *g, size_t n, const char *newdir, struct strbuf *deferred)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (g[i].fate == FATE_KEEP && newdir != NULL) {
			char *back = xasprintf("%s/%s", newdir, g[i].name);

			if (rename(g[i].cur, back) < 0)
				log_warn("cannot return '%s' to new/", g[i].cur);
			free(back);
			strbuf_addf(deferred, "/%s/", g[i].name);
		}
		free(g[i].name);
		free(g[i].cur);
		free(g[i].reason);
		free(g[i].quarantine);
	}
}

/* run_group - apply n claimed inputs in one transaction, then move them */
static int
run_group(struct altc *ctx, enum input_kind kind, struct claimed *g, size_t n,
    struct spool_stats *stats)
{
	struct spool_stats before = *stats;
	char *errstr = NULL;
	size_t i;

	if (db_begin(ctx->db) < 0)
		return -1;
	/* the documents the group stores are synced together, before its commit */
	document_batch_begin(ctx);
	for (i = 0; i < n; i++) {
		if (apply_one(ctx, kind, &g[i], stats) < 0)
			goto fail;
	}
	if (document_batch_sync(ctx, &errstr) < 0) {
		log_warnx("%s", errstr);
		free(errstr);
		goto fail;
	}
	document_batch_end(ctx);
	if (db_commit(ctx->db) < 0)
		goto fail;
	finish_group(ctx, kind, g, n);
	return 0;
fail:
	/* nothing of the group was applied: every input is retried later */
	document_batch_end(ctx);
	db_rollback(ctx->db);
	*stats = before;
	for (i = 0; i < n; i++)
		g[i].fate = FATE_KEEP;
	return -1;
}

/* recover_one - count an attempt for a file left in cur/ by a crash, in its own commit */
static int
count_recovery(struct altc *ctx, const char *name)
{
	int n;

	if (db_begin(ctx->db) < 0)
		return -1;
	n = attempt_count(ctx->db, name, NULL);
	if (db_commit(ctx->db) < 0)
		return -1;
	return n;
}

static int
drain_kind(struct altc *ctx, enum input_kind kind, int recover_cur, struct spool_stats *stats)
{
	const char *kd = spool_kind_dir(kind);
	char *newdir = xasprintf("%s/%s/new", ctx->spool, kd);
	char *curdir = xasprintf("%s/%s/cur", ctx->spool, kd);
	int maxatt = (int)config_int(ctx->cfg, "limits.max_attempts");
	struct claimed group[GROUP_MAX];
	struct strbuf deferred = STRBUF_INIT;	/* "/name/" of inputs to retry later */
	size_t n = 0, i, count;
	char **names;
	int rc = 0;

	if (recover_cur && (names = list_dir(curdir, &count)) != NULL) {
		/* interrupted by a crash: replay one per transaction */
		for (i = 0; names[i] && rc == 0; i++) {
			struct claimed c = { 0 };
			int att = count_recovery(ctx, names[i]);

			if (att < 0) {
				rc = -1;
				break;
			}
			c.name = xstrdup(names[i]);
			c.cur = xasprintf("%s/%s", curdir, names[i]);
			log_info("%s '%s': resuming after an interruption (attempt %d)", kd, c.name, att);
			if (att >= maxatt) {
				char *le = last_error(ctx->db, c.name);

				c.quarantine = xasprintf("quarantined after %d interrupted attempts%s%s",
				    maxatt, le ? ": " : "", le ? le : "");
				free(le);
			}
			rc = run_group(ctx, kind, &c, 1, stats);
			release_group(&c, 1, newdir, &deferred);
		}
		free_names(names);
	}
	while (rc == 0 && (names = list_dir(newdir, &count)) != NULL && count > 0) {
		size_t taken = 0;

		for (i = 0; names[i] && rc == 0; i++) {
			char *src, *dst, *tag = xasprintf("/%s/", names[i]);

			if (deferred.len && strstr(deferred.buf, tag) != NULL) {
				free(tag);
				continue;
			}
			free(tag);
			src = xasprintf("%s/%s", newdir, names[i]);
			dst = xasprintf("%s/%s", curdir, names[i]);

			if (rename(src, dst) < 0) {
				if (errno != ENOENT)
					log_warn("cannot claim '%s'", src);
				free(src);
				free(dst);
				continue;
			}
			free(src);
			group[n].name = xstrdup(names[i]);
			group[n].cur = dst;
			group[n].fate = FATE_KEEP;
			group[n].reason = NULL;
			group[n].quarantine = NULL;
			n++;
			taken++;
			if (n == GROUP_MAX) {
				rc = run_group(ctx, kind, group, n, stats);
				release_group(group, n, newdir, &deferred);
				n = 0;
			}
		}
		if (rc == 0 && n > 0) {
			rc = run_group(ctx, kind, group, n, stats);
			release_group(group, n, newdir, &deferred);
			n = 0;
		}
		free_names(names);
		if (taken == 0)
			break;
	}
	if (n > 0)
		release_group(group, n, newdir, &deferred);
	strbuf_release(&deferred);
	free(newdir);
	free(curdir);
	return rc;
}

int
spool_drain(struct altc *ctx, unsigned kinds, int recover_cur, struct spool_stats *st_r)
{
	struct spool_stats st = { 0 };
	int k, rc = 0;

	for (k = 0; k < INPUT_NKINDS && rc == 0; k++)
		if (kinds & (1u << k))
			rc = drain_kind(ctx, (enum input_kind)k, recover_cur, &st);
	if (st_r)
		*st_r = st;
	return rc;
}
