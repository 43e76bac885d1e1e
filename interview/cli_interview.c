/*
 * cli_interview.c - `altc interview list` and the referents' `altc student
 * message|note|history` for staff, the reminder job of the day before, and
 * the interview module's descriptor.
 */
#include "compat.h"

#include <sysexits.h>

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "followup.h"
#include "interview.h"
#include "interview_mail.h"
#include "jobs.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "relay_files.h"
#include "strbuf.h"
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

/* user_id - the id of an address with a role, 0 when unknown */
static int64_t
user_id(struct altc *ctx, const char *email, const char *roles)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id FROM users WHERE email = lower(?1)"
	    " AND instr(',' || ?2 || ',', ',' || role || ',') > 0");
	int64_t id = 0;

	db_bind_text(st, 1, email);
	db_bind_text(st, 2, roles);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* altc student message|note EMAIL --by STAFF TEXT...: a referent's follow-up */
static int
cmd_followup(struct altc *ctx, int argc, char **argv)
{
	const char *by = cli_take_opt(&argc, argv, "by");
	int is_message = strcmp(argv[1], "message") == 0;
	struct strbuf text = STRBUF_INIT;
	int64_t student, staff;
	char *err = NULL;
	int rc;

	if (argc < 4 || by == NULL)
		return cli_usage_error(is_message ? "student message" : "student note",
		    "needs EMAIL --by STAFF TEXT");
	if ((student = user_id(ctx, argv[2], "student")) == 0 ||
	    (staff = user_id(ctx, by, "rp,ga,admin")) == 0) {
		log_warnx("no such %s '%s'", student ? "staff member" : "student",
		    student ? by : argv[2]);
		return EX_NOINPUT;
	}
	for (int i = 3; i < argc; i++)
		strbuf_addf(&text, "%s%s", i > 3 ? " " : "", argv[i]);
	if (db_begin(ctx->db) < 0) {
		strbuf_release(&text);
		return EX_TEMPFAIL;
	}
	rc = followup_add(ctx, staff, student, is_message, text.buf, &err);
	strbuf_release(&text);
	if (rc != FOLLOWUP_OK) {
		db_rollback(ctx->db);
		log_warnx("%s", err);
		free(err);
		return rc == FOLLOWUP_EDB ? EX_TEMPFAIL : rc == FOLLOWUP_EDENIED ? EX_NOPERM : EX_DATAERR;
	}
	return db_commit(ctx->db) < 0 ? EX_TEMPFAIL : EX_OK;
}

/* altc student history EMAIL: messages, notes and the applications' history, in order */
static int
cmd_history(struct altc *ctx, int argc, char **argv)
{
	int64_t student;
	char *err = NULL;

	if (argc != 3)
		return cli_usage_error("student history", "needs EMAIL");
	if ((student = user_id(ctx, argv[2], "student")) == 0) {
		log_warnx("no such student '%s'", argv[2]);
		return EX_NOINPUT;
	}
	if (followup_print(ctx, student, stdout, &err) < 0) {
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
	{ "student message", cmd_followup, CLI_DB,
	  "  altc student message EMAIL --by STAFF TEXT\n",
	  "a referent's message to a student they follow (mailed and kept)" },
	{ "student note", cmd_followup, CLI_DB,
	  "  altc student note EMAIL --by STAFF TEXT\n",
	  "a private note about a student, for staff only" },
	{ "student history", cmd_history, CLI_DB,
	  "  altc student history EMAIL\n",
	  "messages, notes and the history of a student's applications and interviews" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const char *const templates[] = {
	"interview.proposed", "interview.slots", "interview.confirmed", "interview.cancelled",
	"interview.reminder", "student.message", "student.autonomy", NULL
};

/* the columns that name a person (person.h); the application module erases the rows */
static const struct person_column personal[] = {
	{ "student_notes", "student_id", "student_id = ?1", PERSON_DELETE, NULL,
	  "the referents' messages to the person and their notes about the person" },
	{ "student_notes", "author_id", "author_id = ?1", PERSON_UNLINK, NULL,
	  "messages and notes the person wrote as staff: the student's, kept without the author" },
	{ "interviews", "employer_id", "employer_id = ?1", PERSON_UNLINK, NULL,
	  "interviews the person proposed as an employer: the candidate's, kept without the employer" },
	{ "relay_files", "application_id",
	  "application_id IN (SELECT id FROM applications WHERE student_id = ?1)", PERSON_DELETE, NULL,
	  "the files relayed both ways about the person's applications, and their bytes" },
	{ "relay_files", "sender_id", "sender_id = ?1", PERSON_UNLINK, NULL,
	  "files the person relayed as an employer: the candidate's, kept without the sender" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

/* the bytes of the relayed files only the person's applications name (interview_relay.c) */
static const char personal_files[] =
	"SELECT DISTINCT sha256, '" RELAY_FILE_EXT "' FROM relay_files r"
	" WHERE application_id IN (SELECT id FROM applications WHERE student_id = ?1)"
	" AND NOT EXISTS (SELECT 1 FROM relay_files o WHERE o.sha256 = r.sha256"
	"  AND o.application_id NOT IN (SELECT id FROM applications WHERE student_id = ?1))";

const struct module interview_module = {
	.name = "interview",
	.commands = commands,
	.jobs = jobs,
	.pages = interview_pages,
	.mail_actions = interview_mail_actions,
	.verbs = interview_mail_verbs,
	.texts = interview_texts,
	.templates = templates,
	.personal = personal,
	.personal_files = personal_files,
};
