/*
 * cli_mission.c - `altc mission` for staff (list, show, add, export), the
 * weekly export to each formation's CFA, the sheet drafted when an
 * application is accepted, and the mission module's descriptor.
 */
#include "compat.h"

#include <json-c/json.h>
#include <sys/stat.h>

#include "altc.h"
#include "cli.h"
#include "command.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "mail_action.h"
#include "mission.h"
#include "mission_export.h"
#include "mission_int.h"
#include "mission_mail.h"
#include "module.h"
#include "notify.h"
#include "person.h"
#include "student.h"
#include "table.h"
#include "util.h"

/* read_form - "Label : value" lines of a file into f (the same labels as by mail) */
static int
read_form(const char *path, struct mission_fields *f)
{
	char *data, *line, *save = NULL;
	size_t len;

	if (read_file(path, &data, &len) < 0) {
		log_warn("cannot read '%s'", path);
		return -1;
	}
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':'), *key;

		if (colon == NULL)
			continue;
		*colon = '\0';
		key = command_form_key(str_trim(line));
		(void)mission_fields_set(f, key, str_trim(colon + 1));
		free(key);
	}
	free(data);
	return 0;
}

static int
mission_add(struct altc *ctx, int argc, char **argv)
{
	const char *student = cli_take_opt(&argc, argv, "student");
	const char *offer = cli_take_opt(&argc, argv, "offer");
	const char *form = cli_take_opt(&argc, argv, "form");
	const char *submit_as = cli_take_opt(&argc, argv, "submit-as");
	struct mission_origin o = { 0 };
	struct mission_fields f = { 0 };
	struct user_ref u;
	char *err = NULL;
	int64_t id;
	int rc;

	if (student == NULL || argc != 1)
		return cli_usage_error("mission", "add needs --student EMAIL");
	if (user_find_email(ctx->db, student, &u, &err) <= 0 || strcmp(u.role, "student") != 0) {
		free(err);
		log_warnx("'%s' is not a student", student);
		return EX_NOINPUT;
	}
	o.student_id = u.id;
	o.author_id = u.id;
	o.offer_id = offer ? strtoll(offer, NULL, 10) : 0;
	if (form && read_form(form, &f) < 0)
		return EX_NOINPUT;
	if (db_begin(ctx->db) < 0) {
		mission_fields_release(&f);
		return EX_TEMPFAIL;
	}
	rc = mission_create(ctx, &o, &f, &id, &err);
	if (rc == ACT_OK && submit_as) {
		struct user_ref by;

		if (user_find_email(ctx->db, submit_as, &by, NULL) <= 0) {
			rc = ACT_ENOTFOUND;
			err = xasprintf("no user '%s'", submit_as);
		} else
			rc = mission_submit(ctx, id, by.id, &err);
	}
	mission_fields_release(&f);
	if (rc == ACT_OK)
		printf("%lld\n", (long long)id);
	return cli_finish(ctx, rc, err);
}

static int
mission_export_cmd(struct altc *ctx, int argc, char **argv)
{
	static const struct { const char *name; enum mission_export_format f; } formats[] = {
		{ "csv", MEXPORT_CSV }, { "xlsx", MEXPORT_XLSX }, { "pdf", MEXPORT_PDF },
	};
	const char *formation = cli_take_opt(&argc, argv, "formation");
	const char *state = cli_take_opt(&argc, argv, "state");
	const char *format = cli_take_opt(&argc, argv, "format");
	const char *out = cli_take_opt(&argc, argv, "o");
	char *err = NULL;
	size_t i, n;

	if (out == NULL)
		out = cli_take_opt(&argc, argv, "output");
	if (argc != 1 || format == NULL)
		return cli_usage_error("mission", "export needs --format csv|xlsx|pdf");
	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(format, formats[i].name) == 0)
			break;
	if (i == ARRAY_SIZE(formats))
		return cli_usage_error("mission", "unknown format '%s'", format);
	if (out == NULL && formats[i].f != MEXPORT_CSV)
		return cli_usage_error("mission", "--format %s needs -o FILE", format);
	if (mission_export_file(ctx, formation, state, formats[i].f, out ? out : "-", &n,
	    &err) < 0) {
		log_warnx("export: %s", err);
		free(err);
		return EX_CANTCREAT;
	}
	if (out && strcmp(out, "-") != 0)
		fprintf(stderr, "%zu mission sheet(s) written to %s\n", n, out);
	return EX_OK;
}

static int
cmd_mission(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;

	if (argc >= 2 && strcmp(argv[1], "export") == 0)
		return mission_export_cmd(ctx, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return mission_add(ctx, argc - 1, argv + 1);
	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		const char *formation = cli_take_opt(&argc, argv, "formation");
		const char *state = cli_take_opt(&argc, argv, "state");

		if (argc != 2)
			return cli_usage_error("mission", "unexpected argument '%s'", argv[2]);
		return cli_print_table(mission_list_table(ctx, formation, state, &err), fmt, err);
	}
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return cli_print_table(mission_show_table(ctx, strtoll(argv[2], NULL, 10), "fr", &err),
		    fmt, err);
	return cli_usage_error("mission", "expected list, show, add or export");
}

/* draft_on_accept - an accepted application gets its sheet, prefilled, to both parties */
static int
draft_on_accept(struct altc *ctx, int64_t application_id, const char *actor, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT student_id, offer_id FROM applications WHERE id = ?");
	struct mission_origin o = { 0 };
	int64_t id;

	(void)actor;
	db_bind_int(st, 1, application_id);
	if (db_step(ctx->db, st, errstr_r) == 1) {
		o.student_id = sqlite3_column_int64(st, 0);
		o.offer_id = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (o.student_id == 0)
		return *errstr_r ? -1 : 0;
	if ((id = mission_of_application(ctx, application_id, errstr_r)) != 0)
		return id < 0 ? -1 : 0;
	o.author_id = o.student_id;
	o.application_id = application_id;
	return mission_create(ctx, &o, NULL, &id, errstr_r) == ACT_OK ? 0 : -1;
}

/* ---- the weekly export to the CFA ---- */

struct cfa {
	int64_t formation_id;
	char *code, *label, *email;
};

/* attach - one file of the export as attachments_json entry */
static void
attach(json_object *a, const char *path, const char *name, const char *type)
{
	json_object *d = json_object_new_object();

	json_object_object_add(d, "path", json_object_new_string(path));
	json_object_object_add(d, "filename", json_object_new_string(name));
	json_object_object_add(d, "type", json_object_new_string(type));
	json_object_array_add(a, d);
}

/* send_cfa - the validated sheets of one formation, as CSV and PDF, to its CFA */
static int
send_cfa(struct altc *ctx, const struct cfa *c, int64_t fresh, char **errstr_r)
{
	char day[11], *dir = altc_spool_path(ctx, "reports"), *csv, *pdf, *cname, *pname;
	struct notify_msg m = { 0 };
	json_object *v = json_object_new_object(), *a = json_object_new_array();
	size_t n = 0, n2 = 0;
	sqlite3_stmt *st;
	int rc = -1;

	epoch_to_iso(now_epoch(), day, sizeof(day));
	cname = xasprintf("fiches-mission-%s-%s.csv", c->code, day);
	pname = xasprintf("fiches-mission-%s-%s.pdf", c->code, day);
	csv = xasprintf("%s/%s", dir, cname);
	pdf = xasprintf("%s/%s", dir, pname);
	if (mission_export_file(ctx, c->code, "validated", MEXPORT_CSV, csv, &n, errstr_r) < 0 ||
	    mission_export_file(ctx, c->code, "validated", MEXPORT_PDF, pdf, &n2, errstr_r) < 0)
		goto out;
	attach(a, csv, cname, "text/csv; charset=utf-8");
	attach(a, pdf, pname, "application/pdf");
	json_object_object_add(v, "formation", json_object_new_string(c->label));
	json_object_object_add(v, "code", json_object_new_string(c->code));
	json_object_object_add(v, "count", json_object_new_int64((int64_t)n));
	json_object_object_add(v, "fresh", json_object_new_int64(fresh));
	m.rcpt = c->email;
	m.template = "mission.export";
	m.importance = NOTIFY_ACTION;
	m.locale = "fr";
	m.vars_json = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	m.attachments_json = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (notify_queue(ctx, &m, errstr_r) < 0)
		goto out;
	st = db_prepare(ctx->db, "UPDATE missions SET exported_at = ? WHERE formation_id = ?"
	    " AND state = 'validated' AND exported_at IS NULL");
	db_bind_int(st, 1, now_epoch());
	db_bind_int(st, 2, c->formation_id);
	rc = db_done(ctx->db, st, errstr_r);
out:
	json_object_put(v);
	json_object_put(a);
	free(dir);
	free(csv);
	free(pdf);
	free(cname);
	free(pname);
	return rc;
}

/* cfa_export - each formation with a CFA address and newly validated sheets gets its export */
static int
cfa_export(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT f.id, f.code, f.label, f.cfa_email, count(*) FROM formations f"
	    " JOIN missions m ON m.formation_id = f.id AND m.state = 'validated'"
	    "  AND m.exported_at IS NULL"
	    " WHERE coalesce(f.cfa_email, '') <> '' GROUP BY f.id ORDER BY f.code");
	struct cfa *list = NULL;
	int64_t *fresh = NULL;
	size_t n = 0;
	int rc = 0, r;

	*did_r = 0;
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("the database is unavailable");
		return -1;
	}
	while ((r = db_step(ctx->db, st, errstr_r)) == 1) {
		list = xreallocarray(list, n + 1, sizeof(*list));
		fresh = xreallocarray(fresh, n + 1, sizeof(*fresh));
		list[n].formation_id = sqlite3_column_int64(st, 0);
		list[n].code = xstrdup(db_col_text(st, 1));
		list[n].label = xstrdup(db_col_text(st, 2));
		list[n].email = xstrdup(db_col_text(st, 3));
		fresh[n++] = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (r < 0)
		rc = -1;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && send_cfa(ctx, &list[i], fresh[i], errstr_r) < 0)
			rc = -1;
		else if (rc == 0)
			(*did_r)++;
		free(list[i].code);
		free(list[i].label);
		free(list[i].email);
	}
	free(list);
	free(fresh);
	if (rc < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the CFA export");
		return -1;
	}
	return 0;
}

static const struct cli_cmd commands[] = {
	{ "mission", cmd_mission, CLI_DB,
	  "  altc mission list [--formation CODE] [--state S] [--format text|csv|json]\n"
	  "  altc mission show ID [--format text|csv|json]\n"
	  "  altc mission add --student EMAIL [--offer ID] [--form FILE] [--submit-as EMAIL]\n"
	  "  altc mission export [--formation CODE] [--state S] --format csv|xlsx|pdf [-o FILE]\n",
	  "mission sheets: list, show, add, export for the CFA (CSV, XLSX, PDF)" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const struct job jobs[] = {
	{ "cfa-export", JOB_WEEKLY, "schedule.cfa_export", NULL, cfa_export },
	{ NULL, 0, NULL, NULL, NULL }
};

static const struct module_hook hooks[] = {
	{ "application", "accept", draft_on_accept },
	{ NULL, NULL, NULL }
};

static const char *const templates[] = {
	"mission.draft", "mission.to_validate", "mission.validated", "mission.rejected",
	"mission.export", NULL
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "missions", "author_id", "author_id = ?1", PERSON_UNLINK, NULL,
	  "who wrote a mission sheet (the student or the employer)" },
	{ "missions", "tutor_email", "tutor_email = ?2", PERSON_UNLINK, NULL,
	  "the apprenticeship tutor's address on a mission sheet" },
	{ "missions", "student_id", "student_id = ?1 AND state <> 'validated'", PERSON_DELETE, NULL,
	  "mission sheets not validated" },
	{ "missions", "student_id", "student_id = ?1 AND state = 'validated'", PERSON_KEEP,
	  "UPDATE missions SET application_id = NULL WHERE student_id = ?1 AND state = 'validated'",
	  "validated mission sheets: the record of an apprenticeship contract, kept with the"
	  " contract's file (5 years); the name is gone with the user row" },
	{ "missions", "decided_by", "decided_by = ?1", PERSON_UNLINK, NULL,
	  "the staff member who decided a mission sheet" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module mission_module = {
	.name = "mission",
	.commands = commands,
	.jobs = jobs,
	.mail_actions = mission_mail_actions,
	.verbs = mission_mail_verbs,
	.texts = mission_texts,
	.templates = templates,
	.hooks = hooks,
	.personal = personal,
};
