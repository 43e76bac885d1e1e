/*
 * admission_cli.c - `altc admission` for staff and admins: a formation's
 * application window and required pieces (with a PDF model to fill), the
 * dossiers listed and shown; the daily sweep job and the module's
 * descriptor.
 */
#include "compat.h"

#include "admission.h"
#include "admission_fsm.h"
#include "admission_mail.h"
#include "altc.h"
#include "cli.h"
#include "db.h"
#include "fsm.h"
#include "interview_slot.h"
#include "jobs.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "status.h"
#include "strbuf.h"
#include "table.h"
#include "util.h"

#define LIST_SQL \
	"SELECT d.id, d.state, f.code, d.rank, c.first_name || ' ' || c.last_name, c.email," \
	" (SELECT count(*) FROM admission_dossier_pieces dp WHERE dp.dossier_id = d.id" \
	"  AND dp.state <> 'received'), d.created_at, d.updated_at, c.birth_date," \
	" coalesce(d.reason, ''), coalesce(d.interview_start, 0), coalesce(d.interview_location, '')," \
	" coalesce(d.deadline_at, 0), d.interview_slots FROM admission_dossiers d JOIN formations f" \
	" ON f.id = d.formation_id JOIN candidates c ON c.id = d.candidate_id"

static const char *const list_cols[] = { "id", "state", "formation", "rank", "candidate",
	"email", "missing", "created", "updated" };

static void
local_time(int64_t t, char buf[32])
{
	if (t)
		epoch_to_local(t, 1, buf, 32);
	else
		buf[0] = '\0';
}

struct table *
admission_list_table(struct altc *ctx, const char *formation, const char *state,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, LIST_SQL " WHERE (?1 IS NULL OR f.code = ?1"
	    " COLLATE NOCASE) AND (?2 IS NULL OR d.state = ?2) ORDER BY d.id");
	struct table *t;
	int rc;

	if (state && !admission_state_valid(state)) {
		*errstr_r = xasprintf("unknown state '%s'", state);
		return NULL;
	}
	t = table_new(list_cols, ARRAY_SIZE(list_cols));
	db_bind_text(st, 1, formation);
	db_bind_text(st, 2, state);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char id[24], rank[24], missing[24], created[32], updated[32];
		const char *v[9];

		xsnprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		xsnprintf(rank, sizeof(rank), "%lld", (long long)sqlite3_column_int64(st, 3));
		xsnprintf(missing, sizeof(missing), "%lld", (long long)sqlite3_column_int64(st, 6));
		local_time(sqlite3_column_int64(st, 7), created);
		local_time(sqlite3_column_int64(st, 8), updated);
		v[0] = id;
		v[1] = db_col_text(st, 1);
		v[2] = db_col_text(st, 2);
		v[3] = rank;
		v[4] = db_col_text(st, 4);
		v[5] = db_col_text(st, 5);
		v[6] = missing;
		v[7] = created;
		v[8] = updated;
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}

/* pieces_text - "label: state (file | incapacité: reason) [refused: why]" lines */
static char *
pieces_text(struct altc *ctx, int64_t id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT r.label, dp.state, coalesce(p.kind, ''),"
	    " coalesce(p.filename, ''), coalesce(p.reason, ''), coalesce(dp.refusal, '')"
	    " FROM admission_dossier_pieces dp JOIN admission_required r ON r.id = dp.required_id"
	    " LEFT JOIN admission_pieces p ON p.id = dp.piece_id WHERE dp.dossier_id = ?"
	    " ORDER BY r.position, r.id");
	struct strbuf sb = STRBUF_INIT;
	int rc;

	db_bind_int(st, 1, id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		strbuf_addf(&sb, "%s%s: %s", sb.len ? "\n" : "", db_col_text(st, 0),
		    db_col_text(st, 1));
		if (strcmp(db_col_text(st, 2), "pdf") == 0)
			strbuf_addf(&sb, " (%s)", db_col_text(st, 3));
		else if (*db_col_text(st, 2))
			strbuf_addf(&sb, " (incapacité: %s)", db_col_text(st, 4));
		if (*db_col_text(st, 5))
			strbuf_addf(&sb, " [refused: %s]", db_col_text(st, 5));
	}
	sqlite3_reset(st);
	if (rc < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* proposed - the slots waiting for the candidate's choice, numbered ("" when none) */
static char *
proposed(const char *json, const char *locale)
{
	struct strbuf sb = STRBUF_INIT;
	struct interview_slot s;
	char *err = NULL;

	for (int64_t n = 1; json && admission_slot_pick(json, n, INT64_MIN, &s, &err) == 0; n++) {
		char *l = interview_slot_label(&s, locale);

		strbuf_addf(&sb, "%s%lld. %s", n > 1 ? "; " : locale_is_en(locale) ?
		    "to choose: " : "à choisir : ", (long long)n, l);
		free(l);
		interview_slot_release(&s);
	}
	free(err);
	return strbuf_detach(&sb, NULL);
}

struct table *
admission_show_table(struct altc *ctx, int64_t id, const char *locale, char **errstr_r)
{
	static const char *const cols[] = { "id", "state", "formation", "rank", "candidate",
		"email", "birth_date", "pieces", "deadline", "interview", "reason", "created",
		"updated" };
	sqlite3_stmt *st = db_prepare(ctx->db, LIST_SQL " WHERE d.id = ?");
	struct table *t = NULL;
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char sid[24], rank[24], created[32], updated[32], when[32], deadline[32];
		char *pieces = pieces_text(ctx, id, errstr_r), *iv;
		const char *v[13];

		xsnprintf(sid, sizeof(sid), "%lld", (long long)id);
		xsnprintf(rank, sizeof(rank), "%lld", (long long)sqlite3_column_int64(st, 3));
		local_time(sqlite3_column_int64(st, 7), created);
		local_time(sqlite3_column_int64(st, 8), updated);
		local_time(sqlite3_column_int64(st, 11), when);
		local_time(sqlite3_column_int64(st, 13), deadline);
		iv = *when ? xasprintf("%s%s%s", when, *db_col_text(st, 12) ? ", " : "",
		    db_col_text(st, 12)) : proposed(sqlite3_column_type(st, 14) == SQLITE_NULL ?
		    NULL : db_col_text(st, 14), locale);
		v[0] = sid;
		v[1] = fsm_state_label(&fsm_dossier, db_col_text(st, 1), locale);
		v[2] = db_col_text(st, 2);
		v[3] = rank;
		v[4] = db_col_text(st, 4);
		v[5] = db_col_text(st, 5);
		v[6] = db_col_text(st, 9);
		v[7] = pieces ? pieces : "";
		v[8] = deadline;
		v[9] = iv;
		v[10] = db_col_text(st, 10);
		v[11] = created;
		v[12] = updated;
		t = table_new(cols, ARRAY_SIZE(cols));
		table_add_row(t, v);
		free(pieces);
		free(iv);
	} else if (rc == 0)
		*errstr_r = xasprintf("no dossier %lld", (long long)id);
	sqlite3_reset(st);
	return t;
}

struct table *
admission_candidates_table(struct altc *ctx, const char *state, char **errstr_r)
{
	static const char *const cols[] = { "id", "email", "name", "state", "dossiers", "created" };
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT c.id, c.email, c.first_name || ' ' ||"
	    " c.last_name, c.state, (SELECT count(*) FROM admission_dossiers d"
	    " WHERE d.candidate_id = c.id), c.created_at FROM candidates c"
	    " WHERE ?1 IS NULL OR c.state = ?1 ORDER BY c.id");
	struct table *t;
	int rc;

	if (state && strcmp(state, "unconfirmed") != 0 && strcmp(state, "confirmed") != 0 &&
	    strcmp(state, "expired") != 0) {
		*errstr_r = xasprintf("unknown state '%s' (unconfirmed, confirmed, expired)", state);
		return NULL;
	}
	t = table_new(cols, ARRAY_SIZE(cols));
	db_bind_text(st, 1, state);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char id[24], n[24], created[32];
		const char *v[6];

		xsnprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 0));
		xsnprintf(n, sizeof(n), "%lld", (long long)sqlite3_column_int64(st, 4));
		local_time(sqlite3_column_int64(st, 5), created);
		v[0] = id;
		v[1] = db_col_text(st, 1);
		v[2] = db_col_text(st, 2);
		v[3] = db_col_text(st, 3);
		v[4] = n;
		v[5] = created;
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}

struct table *
admission_windows_table(struct altc *ctx, char **errstr_r)
{
	static const char *const cols[] = { "formation", "label", "opens", "closes", "pieces" };
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT f.code, f.label, w.opens_on, w.closes_on,"
	    " coalesce((SELECT group_concat(r.label || CASE WHEN r.template_sha256 IS NULL THEN ''"
	    " ELSE ' (' || r.template_filename || ')' END, '; ') FROM (SELECT * FROM"
	    " admission_required WHERE formation_id = f.id ORDER BY position, id) r), '')"
	    " FROM admission_windows w JOIN formations f ON f.id = w.formation_id ORDER BY f.code");
	return db_table(ctx->db, st, cols, ARRAY_SIZE(cols), errstr_r);
}

/* change - one set-up change in its own transaction */
static int
change(struct altc *ctx, int rc_of(struct altc *, const char *, const char *, const char *,
    char **), const char *a, const char *b, const char *c)
{
	char *err = NULL;
	int rc;

	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	rc = rc_of(ctx, a, b, c, &err);
	return cli_finish(ctx, rc, err);
}

static int
piece_remove(struct altc *ctx, const char *code, const char *label, const char *unused,
    char **errstr_r)
{
	(void)unused;
	return admission_piece_remove(ctx, code, label, errstr_r);
}

static int
cmd_admission(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;

	if (argc >= 2 && strcmp(argv[1], "window") == 0) {
		const char *from = cli_take_opt(&argc, argv, "from");
		const char *to = cli_take_opt(&argc, argv, "to");

		if (argc != 3 || from == NULL || to == NULL)
			return cli_usage_error("admission", "window needs CODE --from DATE --to DATE");
		return change(ctx, admission_window_set, argv[2], from, to);
	}
	if (argc >= 3 && strcmp(argv[1], "piece") == 0 && strcmp(argv[2], "add") == 0) {
		const char *model = cli_take_opt(&argc, argv, "template");

		if (argc != 5)
			return cli_usage_error("admission", "piece add needs CODE LABEL");
		return change(ctx, admission_piece_add, argv[3], argv[4], model);
	}
	if (argc >= 3 && strcmp(argv[1], "piece") == 0 && strcmp(argv[2], "remove") == 0) {
		if (argc != 5)
			return cli_usage_error("admission", "piece remove needs CODE LABEL");
		return change(ctx, piece_remove, argv[3], argv[4], NULL);
	}
	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 2 && strcmp(argv[1], "formations") == 0)
		return cli_print_table(admission_windows_table(ctx, &err), fmt, err);
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		const char *formation = cli_take_opt(&argc, argv, "formation");
		const char *state = cli_take_opt(&argc, argv, "state");

		if (argc != 2)
			return cli_usage_error("admission", "unexpected argument '%s'", argv[2]);
		return cli_print_table(admission_list_table(ctx, formation, state, &err), fmt, err);
	}
	if (argc >= 2 && strcmp(argv[1], "candidates") == 0) {
		const char *state = cli_take_opt(&argc, argv, "state");

		if (argc != 2)
			return cli_usage_error("admission", "unexpected argument '%s'", argv[2]);
		return cli_print_table(admission_candidates_table(ctx, state, &err), fmt, err);
	}
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return cli_print_table(admission_show_table(ctx, strtoll(argv[2], NULL, 10), "fr",
		    &err), fmt, err);
	return cli_usage_error("admission", "expected window, piece, formations, list, show or"
	    " candidates");
}

static const struct cli_cmd commands[] = {
	{ "admission", cmd_admission, CLI_DB,
	  "  altc admission window CODE --from DATE --to DATE\n"
	  "  altc admission piece add CODE LABEL [--template FILE.pdf]\n"
	  "  altc admission piece remove CODE LABEL\n"
	  "  altc admission formations [--format text|csv|json]\n"
	  "  altc admission list [--formation CODE] [--state S] [--format text|csv|json]\n"
	  "  altc admission show ID [--format text|csv|json]\n"
	  "  altc admission candidates [--state S] [--format text|csv|json]\n",
	  "applications to the formations: windows, required pieces, dossiers" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

/* run_reminder - the job: the admission interviews of tomorrow, in one transaction */
static int
run_reminder(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	*did_r = 0;
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (admission_remind(ctx, now_epoch(), did_r, errstr_r) < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the admission reminders");
		return -1;
	}
	return 0;
}

static const struct job jobs[] = {
	{ "admission-sweep", JOB_DAILY, "schedule.sweep", NULL, admission_sweep },
	{ "admission-reminder", JOB_DAILY, "schedule.reminders", NULL, run_reminder },
	{ NULL, 0, NULL, NULL, NULL }
};

static const char *const templates[] = {
	"admission.catalogue", "admission.signup", "admission.confirmed", "admission.dossier",
	"admission.to_review", "admission.staff", NULL
};

#define OF_CANDIDATE "(SELECT id FROM candidates WHERE email = ?2)"
#define OF_DOSSIER "(SELECT id FROM admission_dossiers WHERE candidate_id IN " OF_CANDIDATE ")"

/*
 * a candidate is an address, not a user (person.h: ?1 is NULL without an
 * account); the rows go with a user of that address too.  Children first:
 * keys, mail and notifications about the dossiers before the dossiers.
 */
static const struct person_column personal[] = {
	{ "tokens", "object_id", "(object_type = 'candidate' AND object_id IN " OF_CANDIDATE ")"
	  " OR (object_type = 'admission' AND object_id IN " OF_DOSSIER ")", PERSON_DELETE, NULL,
	  "the keys of a candidate's signup and dossiers, the staff's included (hashes)" },
	{ "outbox", "thread", "thread IN (SELECT 'candidate.' || id FROM candidates"
	  " WHERE email = ?2) OR thread IN (SELECT 'admission.' || id FROM admission_dossiers"
	  " WHERE candidate_id IN " OF_CANDIDATE ")", PERSON_DELETE, NULL,
	  "the mail about a candidate's dossiers, the staff's copies with the pieces included" },
	{ "notifications", "vars", "kind IN ('admission.to_review', 'admission.staff')"
	  " AND json_extract(vars, '$.dossier_id') IN " OF_DOSSIER, PERSON_DELETE, NULL,
	  "the staff's notifications about a candidate's dossiers (name, address, pieces)" },
	{ "audit", "object_id", "(object_type = 'candidate' AND object_id IN " OF_CANDIDATE ")"
	  " OR (object_type = 'admission' AND object_id IN " OF_DOSSIER ")", PERSON_KEEP, NULL,
	  "the audit trail of a candidate's signup and dossiers (who decided what, when):"
	  " kept for accountability, the candidate's address replaced as for every audit row" },
	{ "admission_dossier_pieces", "dossier_id", "dossier_id IN " OF_DOSSIER, PERSON_DELETE,
	  NULL, "the state of each piece of a candidate's dossiers" },
	{ "admission_pieces", "candidate_id", "candidate_id IN " OF_CANDIDATE, PERSON_DELETE, NULL,
	  "the pieces a candidate sent (PDFs, incapacités and their reasons)" },
	{ "admission_dossiers", "candidate_id", "candidate_id IN " OF_CANDIDATE, PERSON_DELETE,
	  NULL, "a candidate's applications to the formations and their decisions" },
	{ "candidates", "email", "email = ?2", PERSON_DELETE, NULL,
	  "a candidate's signup: name, birth date, phone, address" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

/* the candidate's PDFs that no other row names */
static const char personal_files[] =
	"SELECT DISTINCT sha256, 'pdf' FROM admission_pieces p WHERE kind = 'pdf'"
	" AND candidate_id IN " OF_CANDIDATE
	" AND NOT EXISTS (SELECT 1 FROM admission_pieces o WHERE o.sha256 = p.sha256"
	"  AND o.candidate_id NOT IN " OF_CANDIDATE ")"
	" AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = p.sha256)"
	" AND NOT EXISTS (SELECT 1 FROM admission_required r WHERE r.template_sha256 = p.sha256)";

static const char *const personal_pdfs[] = { "admission_pieces", NULL };

/*
 * an address whose candidacies all ended (every dossier admitted, refused,
 * withdrawn or closed, or none) before the period; an address that is also
 * an account's is left to the account's own periods
 */
static const struct person_retention retention[] = {
	{ "retention.candidate_days", "SELECT c.email FROM candidates c GROUP BY c.email"
	  " HAVING max(c.updated_at) < ?1"
	  " AND NOT EXISTS (SELECT 1 FROM admission_dossiers d JOIN candidates o"
	  "  ON o.id = d.candidate_id WHERE o.email = c.email AND (d.updated_at >= ?1"
	  "  OR d.state NOT IN ('admitted', 'refused', 'abandoned', 'closed')))"
	  " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.email = c.email)"
	  " ORDER BY min(c.id)" },
	{ NULL, NULL }
};

const struct module admission_module = {
	.name = "admission",
	.commands = commands,
	.jobs = jobs,
	.links = admission_links,
	.mail_actions = admission_mail_actions,
	.verbs = admission_mail_verbs,
	.texts = admission_texts,
	.templates = templates,
	.personal = personal,
	.personal_files = personal_files,
	.personal_pdfs = personal_pdfs,
	.retention = retention,
};
