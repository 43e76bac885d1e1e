/*
 * cli_formation.c - `altc formation`: load the formations file, list the
 * formations with their capacity and students; the module's descriptor.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "formation.h"
#include "formation_stats.h"
#include "jobs.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "table.h"
#include "text.h"
#include "util.h"

static int formation_set(struct altc *ctx, int argc, char **argv);

static int
cmd_formation(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 3 && strcmp(argv[1], "import") == 0) {
		struct formation_report rep;
		char *data, *err = NULL;
		size_t len;

		if (read_file(argv[2], &data, &len) < 0) {
			log_warn("cannot read '%s'", argv[2]);
			return EX_NOINPUT;
		}
		if (db_begin(ctx->db) < 0) {
			free(data);
			return EX_TEMPFAIL;
		}
		if (formation_import(ctx, data, len, "pending", &rep, &err) < 0) {
			db_rollback(ctx->db);
			log_warnx("%s: %s", argv[2], err);
			free(err);
			free(data);
			return EX_DATAERR;
		}
		free(data);
		if (db_commit(ctx->db) < 0)
			return EX_TEMPFAIL;
		printf("%s: %zu created, %zu updated, %zu rejected\n", argv[2], rep.created,
		    rep.updated, rep.rejected);
		if (rep.errors)
			fputs(rep.errors, stdout);
		formation_report_release(&rep);
		return rep.rejected ? EX_DATAERR : EX_OK;
	}
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		static const char *const cols[] = { "code", "label", "ufr", "department",
		    "capacity", "students", "rp" };
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "SELECT f.code, f.label, f.ufr, f.department, f.capacity,"
		    " (SELECT count(*) FROM student_formations sf WHERE sf.formation_id = f.id),"
		    " coalesce(u.email, '') FROM formations f LEFT JOIN users u ON u.id = f.rp_id"
		    " ORDER BY f.code");
		struct table *t = table_new(cols, ARRAY_SIZE(cols));

		while (db_step(ctx->db, st, NULL) == 1) {
			const char *row[7];
			int i;

			for (i = 0; i < 7; i++)
				row[i] = db_col_text(st, i);
			table_add_row(t, row);
		}
		sqlite3_reset(st);
		table_print(t, fmt, stdout);
		table_free(&t);
		return EX_OK;
	}
	if (argc >= 3 && strcmp(argv[1], "set") == 0)
		return formation_set(ctx, argc, argv);
	return cli_usage_error(argv[0], "expected 'import FILE', 'list' or 'set CODE'");
}

/* formation_set - `formation set CODE --cfa EMAIL [--rncp X] [--diploma Y]` */
static int
formation_set(struct altc *ctx, int argc, char **argv)
{
	const char *cfa = cli_take_opt(&argc, argv, "cfa");
	const char *rncp = cli_take_opt(&argc, argv, "rncp");
	const char *diploma = cli_take_opt(&argc, argv, "diploma");
	sqlite3_stmt *st;
	char *err = NULL;
	int64_t id;

	if (argc != 3)
		return cli_usage_error(argv[0], "expected 'set CODE --cfa EMAIL"
		    " [--rncp X] [--diploma Y]'");
	if (cfa == NULL && rncp == NULL && diploma == NULL)
		return cli_usage_error(argv[0], "nothing to set: give --cfa, --rncp or --diploma");
	if (cfa && *cfa && !text_is_email(cfa)) {
		log_warnx("'%s' is not a valid e-mail address", cfa);
		return EX_DATAERR;
	}
	if ((id = formation_id(ctx, argv[2])) <= 0) {
		log_warnx("formation '%s' not found", argv[2]);
		return id < 0 ? EX_TEMPFAIL : EX_NOINPUT;
	}
	st = db_prepare(ctx->db, "UPDATE formations SET"
	    " cfa_email = CASE WHEN ?1 IS NULL THEN cfa_email ELSE nullif(?1, '') END,"
	    " rncp_code = CASE WHEN ?2 IS NULL THEN rncp_code ELSE nullif(?2, '') END,"
	    " diploma_code = CASE WHEN ?3 IS NULL THEN diploma_code ELSE nullif(?3, '') END"
	    " WHERE id = ?4");
	if (cfa)
		db_bind_keep(st, 1, cfa);
	if (rncp)
		db_bind_keep(st, 2, rncp);
	if (diploma)
		db_bind_keep(st, 3, diploma);
	db_bind_int(st, 4, id);
	if (db_done(ctx->db, st, &err) < 0) {
		log_warnx("formation '%s': %s", argv[2], err);
		free(err);
		return EX_TEMPFAIL;
	}
	printf("formation %s updated\n", argv[2]);
	return EX_OK;
}

/* cmd_stats - `altc stats [--formation CODE]`: the figures of each formation */
static int
cmd_stats(struct altc *ctx, int argc, char **argv)
{
	const char *code = cli_take_opt(&argc, argv, "formation");
	struct formation_stats s;
	enum table_format fmt;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc != 1)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
	if (formation_stats_load(ctx, code, 0, &s, &err) < 0)
		return cli_print_table(NULL, fmt, err);
	if (code && s.n == 0) {
		log_warnx("formation '%s' not found", code);
		return EX_NOINPUT;
	}
	{
		struct table *t = formation_stats_table(&s);

		formation_stats_release(&s);
		return cli_print_table(t, fmt, NULL);
	}
}

static const struct cli_cmd commands[] = {
	{ "formation", cmd_formation, CLI_DB,
	  "  altc formation import FILE\n"
	  "  altc formation list [--format text|csv|json]\n"
	  "  altc formation set CODE [--cfa EMAIL] [--rncp X] [--diploma Y]\n",
	  "load or list formations (Code_Formation;Lib_Formation;UFR;Departement;Effectif;RP_Mail)" },
	{ "stats", cmd_stats, CLI_DB,
	  "  altc stats [--formation CODE] [--format text|csv|json]\n",
	  "per formation: students, with an alternance, searching, applications per student,"
	  " signature and mission-validation rates (%)" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const struct job jobs[] = {
	{ "stats-weekly", JOB_WEEKLY, "schedule.stats", NULL, stats_weekly },
	{ NULL, 0, NULL, NULL, NULL }
};

static const char *const templates[] = { "stats.weekly", NULL };

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "formations", "cfa_email", "cfa_email = ?2", PERSON_UNLINK, NULL,
	  "the address the formation's CFA receives its exports at" },
	{ "delegations", "rp_id", "rp_id = ?1", PERSON_DELETE, NULL, "delegations given" },
	{ "delegations", "ga_id", "ga_id = ?1", PERSON_DELETE, NULL, "delegations received" },
	{ "formations", "rp_id", "rp_id = ?1", PERSON_UNLINK, NULL,
	  "the responsible teacher of a formation" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module formation_module = {
	.name = "formation",
	.commands = commands,
	.jobs = jobs,
	.templates = templates,
	.demo = formation_demo,
	.personal = personal,
};
