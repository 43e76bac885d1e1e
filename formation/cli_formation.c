/*
 * cli_formation.c - `altc formation`: load the formations file, list the
 * formations with their capacity and students; the module's descriptor.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "formation.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "table.h"
#include "util.h"

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
	return cli_usage_error(argv[0], "expected 'import FILE' or 'list'");
}

static const struct cli_cmd commands[] = {
	{ "formation", cmd_formation, CLI_DB,
	  "  altc formation import FILE\n"
	  "  altc formation list [--format text|csv|json]\n",
	  "load or list formations (Code_Formation;Lib_Formation;UFR;Departement;Effectif;RP_Mail)" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

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
	.demo = formation_demo,
	.personal = personal,
};
