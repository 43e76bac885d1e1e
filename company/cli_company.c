/*
 * cli_company.c - `altc company` for staff: list and show in the three
 * formats, a company added with its referent, the referent's handover; and
 * the company module's descriptor.  Each changing command is one
 * transaction.  register-load replaces the SIRENE register extract
 * (sirene.h), and altc check shows what is loaded.
 */
#include "compat.h"

#include <unistd.h>

#include "altc.h"
#include "cli.h"
#include "company.h"
#include "company_mail.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "sirene.h"
#include "status.h"
#include "table.h"
#include "util.h"

static int
company_add_cmd(struct altc *ctx, int argc, char **argv)
{
	static const struct { const char *opt, *key; } opts[] = {
		{ "siret", "siret" }, { "name", "raison_sociale" }, { "sector", "secteur" },
		{ "headcount", "effectif" }, { "address", "adresse" }, { "postal-code", "code_postal" },
		{ "city", "ville" }, { "country", "pays" }, { "last-name", "nom" },
		{ "first-name", "prenom" }, { "phone", "telephone" },
	};
	const char *email = cli_take_opt(&argc, argv, "email");
	struct company_fields f;
	char *err = NULL;
	int64_t id;
	int rc;

	company_fields_init(&f);
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const char *v = cli_take_opt(&argc, argv, opts[i].opt);

		if (v)
			(void)company_fields_set(&f, opts[i].key, v);
	}
	if (argc != 1 || f.siret == NULL || f.name == NULL) {
		company_fields_release(&f);
		return cli_usage_error("company", "add needs --siret and --name");
	}
	if (db_begin(ctx->db) < 0) {
		company_fields_release(&f);
		return EX_TEMPFAIL;
	}
	rc = company_add(ctx, &f, email, &id, &err);
	company_fields_release(&f);
	return cli_finish(ctx, rc, err);
}

/* register_load_cmd - altc company register-load FILE...: the files, then the swap */
static int
register_load_cmd(struct altc *ctx, int argc, char **argv)
{
	struct sirene_file_stats *st = xcalloc((size_t)argc, sizeof(*st));
	char *err = NULL, n1[32], n2[32], n3[32];
	int rc;

	rc = sirene_load(ctx->db, (const char *const *)argv, (size_t)argc, isatty(STDERR_FILENO),
	    st, &err);
	for (int i = 0; i < argc && st[i].kind != SIRENE_NONE; i++) {
		double secs = st[i].seconds > 0.001 ? st[i].seconds : 0.001;

		for (int64_t b = 0; b < st[i].skipped && b < SIRENE_BAD_SHOWN; b++)
			log_warnx("%s: record %lld skipped: %s", argv[i], (long long)st[i].bad_line[b],
			    st[i].bad_why[b]);
		if (st[i].skipped > SIRENE_BAD_SHOWN)
			log_warnx("%s: %lld more records skipped", argv[i],
			    (long long)(st[i].skipped - SIRENE_BAD_SHOWN));
		printf("%s: %s, %s rows (%s skipped) in %.1f s: %s rows/s\n", argv[i],
		    sirene_kind_name(st[i].kind), sirene_group(st[i].rows, n1, sizeof(n1)),
		    sirene_group(st[i].skipped, n2, sizeof(n2)), st[i].seconds,
		    sirene_group((int64_t)((double)st[i].rows / secs), n3, sizeof(n3)));
	}
	for (int i = 0; i < argc; i++)
		sirene_file_stats_release(&st[i]);
	free(st);
	if (rc < 0) {
		log_warnx("%s; the register is unchanged", err);
		free(err);
		return EX_DATAERR;
	}
	return EX_OK;
}

static int
cmd_company(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return cli_print_table(company_list_table(ctx, &err), fmt, err);
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return cli_print_table(company_show_table(ctx, argv[2], &err), fmt, err);
	if (argc >= 3 && strcmp(argv[1], "register-load") == 0)
		return register_load_cmd(ctx, argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return company_add_cmd(ctx, argc - 1, argv + 1);
	if (argc == 4 && strcmp(argv[1], "spontaneous") == 0) {
		int64_t id;
		int on = strcmp(argv[3], "on") == 0 || strcmp(argv[3], "oui") == 0;

		if (!on && strcmp(argv[3], "off") != 0 && strcmp(argv[3], "non") != 0)
			return cli_usage_error("company", "spontaneous takes on or off");
		if (db_begin(ctx->db) < 0)
			return EX_TEMPFAIL;
		switch (company_find(ctx, argv[2], &id, &err)) {
		case 1:
			return cli_finish(ctx, company_set_spontaneous(ctx, id, on, 0, &err), err);
		case 0:
			return cli_finish(ctx, ACT_ENOTFOUND, xasprintf("no company with SIRET %s",
			    argv[2]));
		default:
			return cli_finish(ctx, ACT_EDB, err);
		}
	}
	if (argc == 4 && strcmp(argv[1], "referent") == 0) {
		if (db_begin(ctx->db) < 0)
			return EX_TEMPFAIL;
		return cli_finish(ctx, company_set_referent(ctx, argv[2], argv[3], &err), err);
	}
	return cli_usage_error("company", "unknown subcommand");
}

static const struct cli_cmd commands[] = {
	{ "company", cmd_company, CLI_DB,
	  "  altc company list [--format text|csv|json]\n"
	  "  altc company show SIRET [--format text|csv|json]\n"
	  "  altc company add --siret S --name N [--email REFERENT] [--city C] [--address A]\n"
	  "      [--postal-code P] [--sector S] [--headcount H] [--first-name F] [--last-name L]\n"
	  "  altc company referent SIRET EMAIL\n"
	  "  altc company spontaneous SIRET on|off   whether it takes spontaneous applications\n"
	  "  altc company register-load FILE...   the SIRENE stock files (StockEtablissement,\n"
	  "      StockUniteLegale) that registrations are checked against\n",
	  "employer companies: list, show, add, referent handover, spontaneous applications,"
	  " SIRENE register" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "companies", "referent_id", "referent_id = ?1", PERSON_UNLINK, NULL,
	  "the referent of a company" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

/* check_register - altc check's line on the SIRENE register; never a problem */
static int
check_register(struct altc *ctx)
{
	struct db *db;
	char *err = NULL, *line;

	if ((db = db_open(config_str(ctx->cfg, "paths.db"), 0, &err)) == NULL) {
		free(err);	/* the database line has said it */
		return 0;
	}
	if ((line = sirene_summary(db)) != NULL)
		printf("register: %s\n", line);
	else
		printf("register: no SIRENE register loaded: a SIRET is checked by its key only\n");
	free(line);
	db_close(&db);
	return 0;
}

const struct module company_module = {
	.name = "company",
	.commands = commands,
	.links = company_links,
	.mail_actions = company_mail_actions,
	.verbs = company_mail_verbs,
	.texts = company_texts,
	.templates = company_templates,
	.demo = company_demo,
	.personal = personal,
	.check = check_register,
};
