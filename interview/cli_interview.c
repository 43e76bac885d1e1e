/*
 * cli_interview.c - `altc interview list` for staff, the reminder job of
 * the day before, and the interview module's descriptor.
 */
#include "compat.h"

#include <sysexits.h>

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "interview.h"
#include "interview_mail.h"
#include "jobs.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "util.h"

/* altc interview list [--application ID]: one line per interview */
static int
cmd_interview(struct altc *ctx, int argc, char **argv)
{
	const char *app = cli_take_opt(&argc, argv, "application");
	sqlite3_stmt *st;
	char *err = NULL;
	int rc;

	if (argc < 2 || strcmp(argv[1], "list") != 0 || argc != 2)
		return cli_usage_error("interview", "list [--application ID]");
	st = db_prepare(ctx->db, "SELECT i.id, i.application_id, i.state, i.sequence,"
	    " coalesce(i.start_at, 0), coalesce(i.end_at, 0), coalesce(i.location, ''),"
	    " json_array_length(i.slots) FROM interviews i"
	    " WHERE ?1 IS NULL OR i.application_id = ?1 ORDER BY i.id");
	if (app)
		db_bind_int(st, 1, strtoll(app, NULL, 10));
	else
		sqlite3_bind_null(st, 1);
	printf("id\tapplication\tstate\tsequence\tslots\tstart\tend\tlocation\n");
	while ((rc = db_step(ctx->db, st, &err)) == 1) {
		char a[32] = "", b[32] = "";

		if (sqlite3_column_int64(st, 4)) {
			epoch_to_local(sqlite3_column_int64(st, 4), 1, a, sizeof(a));
			epoch_to_local(sqlite3_column_int64(st, 5), 1, b, sizeof(b));
		}
		printf("%lld\t%lld\t%s\t%lld\t%lld\t%s\t%s\t%s\n",
		    (long long)sqlite3_column_int64(st, 0), (long long)sqlite3_column_int64(st, 1),
		    db_col_text(st, 2), (long long)sqlite3_column_int64(st, 3),
		    (long long)sqlite3_column_int64(st, 7), a, b, db_col_text(st, 6));
	}
	sqlite3_reset(st);
	if (rc < 0) {
		log_warnx("%s", err);
		free(err);
		return EX_TEMPFAIL;
	}
	return EX_OK;
}

/* run_reminder - the job: the interviews of tomorrow, in one transaction */
static int
run_reminder(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (interview_remind(ctx, now_epoch(), did_r, errstr_r) != INTERVIEW_OK) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the interview reminders");
		return -1;
	}
	return 0;
}

static const struct job jobs[] = {
	{ "interview-reminder", JOB_DAILY, "schedule.reminders", NULL, run_reminder },
	{ NULL, 0, NULL, NULL, NULL }
};

static const struct cli_cmd commands[] = {
	{ "interview", cmd_interview, CLI_DB,
	  "  altc interview list [--application ID]\n",
	  "interviews of applications: slots, booked time, invitation sequence" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const char *const templates[] = {
	"interview.proposed", "interview.slots", "interview.confirmed", "interview.cancelled",
	"interview.reminder", NULL
};

/* the columns that name a person (person.h); the application module erases the rows */
static const struct person_column personal[] = {
	{ "interviews", "employer_id", "employer_id = ?1", PERSON_UNLINK, NULL,
	  "interviews the person proposed as an employer: the candidate's, kept without the employer" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module interview_module = {
	.name = "interview",
	.commands = commands,
	.jobs = jobs,
	.mail_actions = interview_mail_actions,
	.verbs = interview_mail_verbs,
	.texts = interview_texts,
	.templates = templates,
	.personal = personal,
};
