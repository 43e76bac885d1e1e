/*
 * application_cli.c - `altc application list|show`, `altc document list`
 * and `altc student set EMAIL --autonomous yes|no` for staff, in the three
 * output formats.
 */
#include "compat.h"

#include "altc.h"
#include "application.h"
#include "application_fsm.h"
#include "application_mail.h"
#include "cli.h"
#include "db.h"
#include "document_user.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "table.h"
#include "util.h"

static int
print_table(struct table *t, enum table_format fmt, char *err)
{
	if (t == NULL) {
		log_warnx("%s", err ? err : "failed");
		free(err);
		return EX_NOINPUT;
	}
	table_print(t, fmt, stdout);
	table_free(&t);
	return EX_OK;
}

static const char *const list_cols[] = { "id", "state", "offer", "offer_title", "company",
	"student", "one_click", "documents", "created", "updated" };

#define LIST_SQL \
	"SELECT a.id, a.state, coalesce(a.offer_id, 0), coalesce(o.title, '(spontaneous)')," \
	" c.name, s.email, a.one_click," \
	" (SELECT count(*) FROM application_documents ad WHERE ad.application_id = a.id)," \
	" a.created_at, a.updated_at, coalesce(a.comment, '')" \
	" FROM applications a LEFT JOIN offers o ON o.id = a.offer_id" \
	" JOIN companies c ON c.id = a.company_id JOIN users s ON s.id = a.student_id"

/* add_rows - the rows of st into t (its columns: list_cols, then comment when show) */
static int
add_rows(struct altc *ctx, sqlite3_stmt *st, struct table *t, char **errstr_r)
{
	int rc;

	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char num[5][24], created[32], updated[32];
		const char *v[11];

		(void)xsnprintf(num[0], sizeof(num[0]), "%lld", (long long)sqlite3_column_int64(st, 0));
		(void)xsnprintf(num[1], sizeof(num[1]), "%lld", (long long)sqlite3_column_int64(st, 2));
		(void)xsnprintf(num[2], sizeof(num[2]), "%s", sqlite3_column_int(st, 6) ? "yes" : "no");
		(void)xsnprintf(num[3], sizeof(num[3]), "%lld", (long long)sqlite3_column_int64(st, 7));
		epoch_to_iso(sqlite3_column_int64(st, 8), created, sizeof(created));
		epoch_to_iso(sqlite3_column_int64(st, 9), updated, sizeof(updated));
		v[0] = num[0];
		v[1] = db_col_text(st, 1);
		v[2] = num[1];
		v[3] = db_col_text(st, 3);
		v[4] = db_col_text(st, 4);
		v[5] = db_col_text(st, 5);
		v[6] = num[2];
		v[7] = num[3];
		v[8] = created;
		v[9] = updated;
		v[10] = db_col_text(st, 10);
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	return rc;
}

struct table *
application_list_table(struct altc *ctx, int64_t offer_id, const char *student,
    const char *state, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, LIST_SQL
	    " WHERE (?1 = 0 OR a.offer_id = ?1) AND (?2 IS NULL OR s.email = lower(?2))"
	    " AND (?3 IS NULL OR a.state = ?3) ORDER BY a.id");
	struct table *t;

	if (state && !application_state_valid(state)) {
		*errstr_r = xasprintf("unknown state '%s'", state);
		return NULL;
	}
	if (student && db_int_for(ctx->db, "SELECT count(*) FROM users WHERE email = lower(?)",
	    student) == 0) {
		*errstr_r = xasprintf("no student '%s'", student);
		return NULL;
	}
	t = table_new(list_cols, ARRAY_SIZE(list_cols));
	db_bind_int(st, 1, offer_id);
	db_bind_text(st, 2, student);
	db_bind_text(st, 3, state);
	if (add_rows(ctx, st, t, errstr_r) < 0)
		table_free(&t);
	return t;
}

struct table *
application_show_table(struct altc *ctx, int64_t app_id, char **errstr_r)
{
	static const char *const cols[] = { "id", "state", "offer", "offer_title", "company",
		"student", "one_click", "documents", "created", "updated", "comment" };
	sqlite3_stmt *st = db_prepare(ctx->db, LIST_SQL " WHERE a.id = ?");
	struct table *t = table_new(cols, ARRAY_SIZE(cols));

	db_bind_int(st, 1, app_id);
	if (add_rows(ctx, st, t, errstr_r) < 0)
		table_free(&t);
	else if (table_rows(t) == 0) {
		*errstr_r = xasprintf("no application %lld", (long long)app_id);
		table_free(&t);
	}
	return t;
}

static int
cmd_application(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		const char *offer = cli_take_opt(&argc, argv, "offer");
		const char *student = cli_take_opt(&argc, argv, "student");
		const char *state = cli_take_opt(&argc, argv, "state");

		if (argc != 2)
			return cli_usage_error("application", "unexpected argument '%s'", argv[2]);
		if (offer && student)
			return cli_usage_error("application", "--offer or --student, not both");
		return print_table(application_list_table(ctx, offer ? strtoll(offer, NULL, 10) : 0,
		    student, state, &err), fmt, err);
	}
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return print_table(application_show_table(ctx, strtoll(argv[2], NULL, 10), &err),
		    fmt, err);
	return cli_usage_error("application", "expected 'list' or 'show ID'");
}

static int
cmd_document(struct altc *ctx, int argc, char **argv)
{
	static const char *const cols[] = { "id", "type", "label", "version", "filename", "size",
		"default", "reference", "sha256", "created" };
	struct document_rows rows;
	enum table_format fmt;
	struct table *t;
	char *err = NULL;
	int64_t uid;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc != 3 || strcmp(argv[1], "list") != 0)
		return cli_usage_error("document", "expected 'list EMAIL'");
	uid = db_int_for(ctx->db, "SELECT coalesce(max(id), 0) FROM users WHERE email = lower(?)",
	    argv[2]);
	if (uid <= 0) {
		log_warnx("no user '%s'", argv[2]);
		return EX_NOINPUT;
	}
	if (document_user_list(ctx, uid, &rows, &err) < 0)
		return print_table(NULL, fmt, err);
	t = table_new(cols, ARRAY_SIZE(cols));
	for (size_t i = 0; i < rows.n; i++) {
		const struct document_row *r = &rows.v[i];
		char id[24], ver[16], size[24], created[32];
		const char *v[10];

		(void)xsnprintf(id, sizeof(id), "%lld", (long long)r->id);
		(void)xsnprintf(ver, sizeof(ver), "%d", r->version);
		(void)xsnprintf(size, sizeof(size), "%lld", (long long)r->size);
		epoch_to_iso(r->created_at, created, sizeof(created));
		v[0] = id;
		v[1] = r->type;
		v[2] = r->label;
		v[3] = ver;
		v[4] = r->filename;
		v[5] = size;
		v[6] = r->is_default ? "yes" : "no";
		v[7] = r->is_reference ? "yes" : "no";
		v[8] = r->sha256;
		v[9] = created;
		table_add_row(t, v);
	}
	document_rows_release(&rows);
	return print_table(t, fmt, NULL);
}

/* set_referent - the staff member (address) who follows student id, audited; an exit code */
static int
set_referent(struct altc *ctx, int64_t id, const char *email)
{
	int64_t ref = db_int_for(ctx->db, "SELECT id FROM users WHERE email = lower(?)"
	    " AND role IN ('rp', 'ga', 'admin') AND state <> 'closed'", email);
	sqlite3_stmt *st;
	char *err = NULL;

	if (ref == 0) {
		log_warnx("no staff account '%s'", email);
		return EX_NOINPUT;
	}
	st = db_prepare(ctx->db, "UPDATE users SET referent_id = ?2, updated_at = ?3 WHERE id = ?1");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, ref);
	db_bind_int(st, 3, now_epoch());
	if (db_done(ctx->db, st, &err) < 0 || db_audit(ctx->db, "staff", "user", id, NULL,
	    "set_referent", NULL, db_actor(ctx->db, ref)) < 0) {
		log_warnx("%s", err ? err : "audit row");
		free(err);
		return EX_TEMPFAIL;
	}
	return EX_OK;
}

/*
 * altc student set EMAIL [--autonomous yes|no] [--referent STAFF]: a
 * referent's switch, and who follows the student, audited
 */
static int
cmd_student_set(struct altc *ctx, int argc, char **argv)
{
	const char *aut = cli_take_opt(&argc, argv, "autonomous");
	const char *referent = cli_take_opt(&argc, argv, "referent");
	int64_t id;
	int yes = -1, rc;
	char *err = NULL;

	if (argc != 3 || (aut == NULL && referent == NULL) ||
	    (aut && (yes = document_yes(aut)) < 0))
		return cli_usage_error("student set", "needs EMAIL --autonomous yes|no"
		    " and/or --referent STAFF");
	if ((id = db_int_for(ctx->db, "SELECT id FROM users WHERE email = lower(?)"
	    " AND role = 'student'", argv[2])) == 0) {
		log_warnx("no such student '%s'", argv[2]);
		return EX_NOINPUT;
	}
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	if (aut && (rc = application_set_autonomous(ctx, id, yes, NULL, &err)) != APPLICATION_OK) {
		db_rollback(ctx->db);
		log_warnx("%s", err);
		free(err);
		return rc == APPLICATION_EDB ? EX_TEMPFAIL : EX_NOINPUT;
	}
	if (referent && (rc = set_referent(ctx, id, referent)) != EX_OK) {
		db_rollback(ctx->db);
		return rc;
	}
	return db_commit(ctx->db) < 0 ? EX_TEMPFAIL : EX_OK;
}

static const struct cli_cmd commands[] = {
	{ "application", cmd_application, CLI_DB,
	  "  altc application list [--offer ID | --student EMAIL] [--state S] [--format F]\n"
	  "  altc application show ID [--format text|csv|json]\n",
	  "applications of students to offers: list, show" },
	{ "document", cmd_document, CLI_DB,
	  "  altc document list EMAIL [--format text|csv|json]\n",
	  "the documents of a student (latest version of each label)" },
	{ "student set", cmd_student_set, CLI_DB,
	  "  altc student set EMAIL [--autonomous yes|no] [--referent STAFF]\n",
	  "make a student autonomous or not (applications checked by the referent), name their"
	  " referent" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const char *const templates[] = {
	"application.received", "application.sent", "application.shortlisted",
	"application.accepted", "application.refused", "application.abandoned",
	"application.to_review", "application.reminder", "application.list", "document.receipt",
	"application.advice", "application.advice_sent", "application.advice_reply",
	"application.spontaneous", "application.spontaneous_sent",
	NULL
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "application_documents", "application_id",
	  "application_id IN (SELECT id FROM applications WHERE student_id = ?1)", PERSON_DELETE, NULL,
	  "the documents the person sent with each application (links, the files go with documents)" },
	{ "interviews", "application_id",
	  "application_id IN (SELECT id FROM applications WHERE student_id = ?1)", PERSON_DELETE, NULL,
	  "interview slots of the person's applications" },
	{ "applications", "student_id", "student_id = ?1", PERSON_DELETE, NULL,
	  "the person's applications" },
	{ "documents", "user_id", "user_id = ?1 AND id NOT IN (SELECT description_doc_id FROM offers"
	  " WHERE description_doc_id IS NOT NULL)", PERSON_DELETE, NULL,
	  "the person's documents (CV, cover letters, books) and their files" },
	{ "documents", "user_id", "user_id = ?1 AND id IN (SELECT description_doc_id FROM offers"
	  " WHERE description_doc_id IS NOT NULL)", PERSON_UNLINK, NULL,
	  "offer descriptions the person uploaded: the company's, kept without the uploader" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module application_module = {
	.name = "application",
	.commands = commands,
	.jobs = application_jobs,
	.pages = application_pages,
	.links = application_links,
	.mail_actions = application_mail_actions,
	.verbs = application_mail_verbs,
	.texts = application_texts,
	.templates = templates,
	.hooks = application_hooks,
	.personal = personal,
};
