/*
 * cli_mailout.c - the commands of the mail-out layer (see cli.h): the
 * outbox (flush, list, show), the digest and the notification center.  Commands that change state open and commit their own
 * transaction; only "outbox flush" delivers.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "digest.h"
#include "jobs.h"
#include "log.h"
#include "mailers.h"
#include "module.h"
#include "outbox.h"
#include "outbox_db.h"
#include "table.h"
#include "util.h"

static int
print_table(struct table *t, enum table_format fmt, char *err)
{
	if (t == NULL) {
		log_warnx("%s", err);
		free(err);
		return EX_DATAERR;
	}
	table_print(t, fmt, stdout);
	table_free(&t);
	return EX_OK;
}

static int
cmd_outbox(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if ((argc == 2 || argc == 3) && strcmp(argv[1], "flush") == 0) {
		size_t sent;
		int64_t counts[3] = { 0, 0, 0 };

		if (argc == 3 && strcmp(argv[2], "--now") != 0)
			return cli_usage_error(argv[0], "unexpected argument '%s'", argv[2]);
		/* --now: the retry times of deferred mail are not waited for */
		if (argc == 3 && outbox_db_hasten(ctx->db, now_epoch(), &err) < 0) {
			log_warnx("outbox: %s", err);
			free(err);
			return EX_TEMPFAIL;
		}
		if (outbox_flush(ctx, &sent, &err) < 0) {
			log_warnx("outbox: %s", err);
			free(err);
			return EX_TEMPFAIL;
		}
		if (outbox_db_counts(ctx->db, counts, &err) < 0) {
			log_warnx("%s", err);
			free(err);
			return EX_SOFTWARE;
		}
		printf("outbox: %zu sent, %lld queued, %lld failed\n", sent,
		    (long long)counts[0], (long long)counts[2]);
		return EX_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		const char *state = cli_take_opt(&argc, argv, "state");

		if (argc != 2)
			return cli_usage_error(argv[0], "unexpected argument '%s'", argv[2]);
		if (state && strcmp(state, "queued") != 0 && strcmp(state, "sent") != 0 &&
		    strcmp(state, "failed") != 0)
			return cli_usage_error(argv[0], "unknown state '%s' (queued, sent or failed)",
			    state);
		return print_table(outbox_db_list(ctx->db, state, &err), fmt, err);
	}
	if (argc == 3 && strcmp(argv[1], "show") == 0) {
		char *end;
		long long id = strtoll(argv[2], &end, 10);

		if (*end != '\0' || id <= 0)
			return cli_usage_error(argv[0], "'%s' is not an outbox id", argv[2]);
		return print_table(outbox_db_show(ctx->db, id, &err), fmt, err);
	}
	return cli_usage_error(argv[0], "expected flush, list or show ID");
}

static int
cmd_digest(struct altc *ctx, int argc, char **argv)
{
	size_t queued;
	char *err = NULL;

	if (argc > 1)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
	if (digest_run(ctx, &queued, &err) < 0) {
		log_warnx("digest: %s", err);
		free(err);
		return EX_SOFTWARE;
	}
	printf("digest: %zu queued (delivered by 'altc outbox flush' or the daemon)\n", queued);
	return EX_OK;
}

static int
cmd_notification(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	const char *user;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	user = cli_take_opt(&argc, argv, "user");
	if (argc != 2 || strcmp(argv[1], "list") != 0 || user == NULL)
		return cli_usage_error(argv[0], "expected list --user EMAIL");
	return print_table(notify_db_list(ctx->db, user, &err), fmt, err);
}

static const struct cli_cmd commands[] = {
	{ "outbox", cmd_outbox, CLI_DB,
	  "  altc outbox flush [--now]    --now: also the mail waiting for its retry time\n"
	  "  altc outbox list [--state queued|sent|failed] [--format text|csv|json]\n"
	  "  altc outbox show ID [--format text|csv|json]\n",
	  "deliver queued mail now, or inspect the outbox" },
	{ "digest", cmd_digest, CLI_DB,
	  "  altc digest\n",
	  "queue the daily digests now" },
	{ "notification", cmd_notification, CLI_DB,
	  "  altc notification list --user EMAIL [--format text|csv|json]\n",
	  "show a user's notification center" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const struct job jobs[] = {
	{ "digest", JOB_DAILY, "schedule.digest", NULL, digest_run },
	{ "outbox", JOB_EACH_PASS, NULL, NULL, outbox_flush },
	{ NULL, 0, NULL, NULL, NULL }
};

const struct module mailout_module = {
	.name = "mail-out",
	.commands = commands,
	.jobs = jobs,
};
