/*
 * cli_company.c - `altc company` for staff: list and show in the three
 * formats, a company added with its referent, the referent's handover; and
 * the company module's descriptor.  Each changing command is one
 * transaction.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "company.h"
#include "company_mail.h"
#include "db.h"
#include "log.h"
#include "module.h"
#include "person.h"
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
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return company_add_cmd(ctx, argc - 1, argv + 1);
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
	  "  altc company referent SIRET EMAIL\n",
	  "employer companies: list, show, add, referent handover" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "companies", "referent_id", "referent_id = ?1", PERSON_UNLINK, NULL,
	  "the referent of a company" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

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
};
