/*
 * cli_ops.c - the operator's commands: backup and restore, status, and the
 * personal data of one person (export, erase).  Registered in cli.c's
 * table of layers like every other command table.
 */
#include "compat.h"

#include <dirent.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "backup.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "strbuf.h"
#include "table.h"
#include "util.h"

static int
cmd_backup(struct altc *ctx, int argc, char **argv)
{
	char *err = NULL;

	if (argc != 2)
		return cli_usage_error(argv[0], "expected one DIR");
	if (backup_make(ctx, argv[1], &err) < 0) {
		log_warnx("backup: %s", err);
		free(err);
		return EX_CANTCREAT;
	}
	printf("backup written to %s\n", argv[1]);
	return EX_OK;
}

static int
cmd_restore(struct altc *ctx, int argc, char **argv)
{
	int force = cli_take_flag(&argc, argv, "force");
	char *err = NULL;

	if (argc != 2)
		return cli_usage_error(argv[0], "expected one DIR");
	if (backup_restore(ctx, argv[1], force, &err) < 0) {
		log_warnx("restore: %s", err);
		free(err);
		return EX_CANTCREAT;
	}
	printf("restored %s into %s (database %s); run 'altc check', then start the daemon\n",
	    argv[1], ctx->spool, config_str(ctx->cfg, "paths.db"));
	return EX_OK;
}

/* dir_stats - regular files in a directory (not .reason files) and the oldest mtime */
static size_t
dir_stats(const char *dir, int64_t *oldest_r)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || (len > 7 && strcmp(e->d_name + len - 7, ".reason") == 0))
			continue;
		p = xasprintf("%s/%s", dir, e->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
			n++;
			if (*oldest_r == 0 || st.st_mtime < *oldest_r)
				*oldest_r = st.st_mtime;
		}
		free(p);
	}
	closedir(d);
	return n;
}

/* add_kv - one "what;value" row */
static void
add_kv(struct table *t, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
add_kv(struct table *t, const char *what, const char *fmt, ...)
{
	struct strbuf v = STRBUF_INIT;
	const char *row[2];
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&v, fmt, ap);
	va_end(ap);
	row[0] = what;
	row[1] = v.buf;
	table_add_row(t, row);
	strbuf_release(&v);
}

static void
add_time(struct table *t, const char *what, int64_t when)
{
	char iso[40];

	if (when == 0) {
		add_kv(t, what, "never");
		return;
	}
	epoch_to_iso(when, iso, sizeof(iso));
	add_kv(t, what, "%s (%lld s ago)", iso, (long long)(now_epoch() - when));
}

static int
cmd_status(struct altc *ctx, int argc, char **argv)
{
	static const char *const cols[] = { "what", "value" };
	static const char *const queues[] = { "mail/new", "mail/cur", "import/new", "import/cur",
	    "outbox/new", "failed" };
	enum table_format fmt;
	struct table *t;
	sqlite3_stmt *st;
	int64_t oldest = 0;
	size_t i;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc != 1)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
	t = table_new(cols, ARRAY_SIZE(cols));
	for (i = 0; i < ARRAY_SIZE(queues); i++) {
		char *p = altc_spool_path(ctx, queues[i]), *what = xasprintf("spool %s", queues[i]);
		int64_t o = 0;
		size_t n = dir_stats(p, &o);

		add_kv(t, what, "%zu", n);
		/* waiting inputs only: failed/ and the outbox Maildir are not inputs */
		if (strncmp(queues[i], "mail/", 5) == 0 || strncmp(queues[i], "import/", 7) == 0)
			if (o && (oldest == 0 || o < oldest))
				oldest = o;
		free(p);
		free(what);
	}
	add_time(t, "oldest waiting input", oldest);
	st = db_prepare(ctx->db, "SELECT coalesce(sum(state = 'queued' AND attempts = 0), 0),"
	    " coalesce(sum(state = 'queued' AND attempts > 0), 0), coalesce(sum(state = 'failed'), 0),"
	    " coalesce(min(CASE WHEN state = 'queued' THEN created_at END), 0) FROM outbox");
	if (db_step(ctx->db, st, NULL) == 1) {
		add_kv(t, "outbox queued", "%lld", (long long)sqlite3_column_int64(st, 0));
		add_kv(t, "outbox deferred (retrying)", "%lld", (long long)sqlite3_column_int64(st, 1));
		add_kv(t, "outbox failed", "%lld", (long long)sqlite3_column_int64(st, 2));
		add_time(t, "oldest queued mail", sqlite3_column_int64(st, 3));
	}
	sqlite3_reset(st);
	st = db_prepare(ctx->db, "SELECT recipient, last_error, attempts FROM"
	    " (SELECT rcpt AS recipient, last_error, attempts, id FROM outbox"
	    "  WHERE state = 'queued' AND attempts > 0 ORDER BY id LIMIT 5)");
	while (db_step(ctx->db, st, NULL) == 1)
		add_kv(t, "deferred mail", "%s: %d attempts: %s", db_col_text(st, 0),
		    sqlite3_column_int(st, 2), db_col_text(st, 1));
	sqlite3_reset(st);
	st = db_prepare(ctx->db, "SELECT count(*) FROM inbound WHERE state = 'failed'");
	if (db_step(ctx->db, st, NULL) == 1)
		add_kv(t, "failed inputs (ledger)", "%lld", (long long)sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	st = db_prepare(ctx->db, "SELECT filename, reason FROM inbound WHERE state = 'failed'"
	    " ORDER BY received_at DESC, id DESC LIMIT 5");
	while (db_step(ctx->db, st, NULL) == 1)
		add_kv(t, "failed input", "%s: %s", db_col_text(st, 0), db_col_text(st, 1));
	sqlite3_reset(st);
	st = db_prepare(ctx->db, "SELECT name, last_run FROM jobs ORDER BY name");
	while (db_step(ctx->db, st, NULL) == 1) {
		char *what = xasprintf("job %s last run", db_col_text(st, 0));

		add_time(t, what, sqlite3_column_int64(st, 1));
		free(what);
	}
	sqlite3_reset(st);
	table_print(t, fmt, stdout);
	table_free(&t);
	return EX_OK;
}

int
cli_check_owner(struct altc *ctx)
{
	struct stat st;
	struct passwd *pw;
	char owner[64];

	if (stat(ctx->spool, &st) < 0 || st.st_uid == geteuid())
		return 0;
	if ((pw = getpwuid(st.st_uid)) != NULL)
		xsnprintf(owner, sizeof(owner), "%s", pw->pw_name);
	else
		xsnprintf(owner, sizeof(owner), "%lu", (unsigned long)st.st_uid);
	/* root passes every permission check the daemon's user may fail */
	printf("user: the spool belongs to '%s', not to the user running this check: run every"
	    " altc command as '%s' (sudo -u %s altc check)\n", owner, owner, owner);
	return 1;
}

static const struct cli_cmd commands[] = {
	{ "backup", cmd_backup, CLI_DB,
	  "  altc backup DIR          spool, database (online) and documents into DIR\n",
	  "copy the instance while the daemon runs" },
	{ "restore", cmd_restore, CLI_CONFIG,
	  "  altc restore DIR [--force]   a backup back into the configured paths (daemon stopped)\n",
	  "bring a backup back" },
	{ "status", cmd_status, CLI_DB,
	  "  altc status [--format text|csv|json]\n",
	  "queues, oldest input, last job runs, failed inputs, deferred mail" },
	{ "person export", cmd_person_export, CLI_DB,
	  "  altc person export EMAIL [-o DIR]   everything held about a person, as JSON\n",
	  "export the personal data of one person" },
	{ "person erase", cmd_person_erase, CLI_DB,
	  "  altc person erase EMAIL  delete or anonymise a person's data (what the law keeps stays)\n",
	  "erase the personal data of one person" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

const struct module ops_module = {
	.name = "ops",
	.commands = commands,
};
