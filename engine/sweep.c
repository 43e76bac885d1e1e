/*
 * sweep.c - retention and expiry.  Database clean-up runs in one
 * transaction; old done/ directories are removed afterwards (they are only
 * copies kept for audit, the ledger remembers what was applied).
 */
#include "compat.h"

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "person.h"
#include "sweep.h"
#include "util.h"

#define DAY 86400

static const char *const sweep_sql[] = {
	/* tokens dead for a month are of no use even to explain an error */
	"DELETE FROM tokens WHERE expires_at < ?1 - 30 * 86400"
	" OR (revoked = 1 AND created_at < ?1 - 30 * 86400)",
	/* a held staff command never confirmed: its text goes with its key */
	"DELETE FROM pending_commands WHERE expires_at < ?1 - 30 * 86400",
	"DELETE FROM error_budget WHERE day < date(?1, 'unixepoch', '-2 days')",
	/* attempt counters of inputs that ended (quarantined ones) */
	"DELETE FROM inbound_attempts WHERE filename IN (SELECT filename FROM inbound)",
};

static int
remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int rc = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", path, de->d_name);
		if (unlink(p) < 0 && errno == EISDIR)
			rc |= remove_tree(p);
		free(p);
	}
	closedir(d);
	return rmdir(path) | rc;
}

/* prune_done - remove done/YYYY-MM-DD older than retention.days */
static size_t
prune_done(struct altc *ctx, int64_t now)
{
	char *done = xasprintf("%s/done", ctx->spool), limit[16];
	time_t t = (time_t)(now - config_int(ctx->cfg, "retention.days") * DAY);
	struct tm tm;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	gmtime_r(&t, &tm);
	strftime(limit, sizeof(limit), "%Y-%m-%d", &tm);
	if ((d = opendir(done)) == NULL) {
		free(done);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (strlen(de->d_name) != 10 || de->d_name[4] != '-' || strcmp(de->d_name, limit) >= 0)
			continue;
		p = xasprintf("%s/%s", done, de->d_name);
		if (remove_tree(p) < 0)
			log_warn("cannot remove '%s'", p);
		else
			n++;
		free(p);
	}
	closedir(d);
	free(done);
	return n;
}

int
sweep_run(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	int64_t now = now_epoch();
	size_t i, did = 0;

	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(sweep_sql); i++) {
		sqlite3_stmt *st = db_prepare(ctx->db, sweep_sql[i]);

		db_bind_int(st, 1, now);
		if (db_done(ctx->db, st, errstr_r) < 0) {
			db_rollback(ctx->db);
			return -1;
		}
		did += (size_t)sqlite3_changes(ctx->db->h);
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the sweep");
		return -1;
	}
	did += prune_done(ctx, now);
	/* the retention periods of personal data (person.c) */
	{
		size_t erased = 0;

		if (person_sweep(ctx, &erased, errstr_r) < 0)
			return -1;
		did += erased;
	}
	*did_r = did;
	return 0;
}
