/*
 * cli_offer.c - `altc offer` and `altc company` for staff: list and show in
 * the three formats, offers created for a company (options or a form file
 * with the same labels as the mail form), the life-cycle commands, and the
 * company's referent handover.  Each changing command is one transaction.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "company.h"
#include "db.h"
#include "log.h"
#include "offer.h"
#include "table.h"
#include "util.h"

/* exit_of - the sysexits code of an engine status */
static int
exit_of(int status)
{
	switch (status) {
	case OFFER_OK: return EX_OK;
	case OFFER_EDB: return EX_TEMPFAIL;
	case OFFER_ENOTFOUND: return EX_NOINPUT;
	case OFFER_EDENIED: return EX_NOPERM;
	default: return EX_DATAERR;
	}
}

/* finish - commit or roll back after a change; prints the error */
static int
finish(struct altc *ctx, int status, char *err)
{
	if (status != OFFER_OK) {
		db_rollback(ctx->db);
		log_warnx("%s", err ? err : "failed");
		free(err);
		return exit_of(status);
	}
	free(err);
	return db_commit(ctx->db) < 0 ? EX_TEMPFAIL : EX_OK;
}

static int
print_table(struct table *t, enum table_format fmt, char *err)
{
	if (t == NULL) {
		log_warnx("%s", err);
		free(err);
		return EX_NOINPUT;
	}
	table_print(t, fmt, stdout);
	table_free(&t);
	return EX_OK;
}

/* offer_add - from --form FILE and/or the field options */
static int
offer_add(struct altc *ctx, int argc, char **argv)
{
	static const struct { const char *opt, *key; } opts[] = {
		{ "title", "intitule" }, { "formations", "formations" }, { "duration", "duree" },
		{ "positions", "postes" }, { "location", "lieu" }, { "description", "descriptif" },
		{ "missions", "missions" }, { "skills", "competences" },
		{ "contract", "type_de_contrat" }, { "expires", "expiration" },
	};
	const char *siret = cli_take_opt(&argc, argv, "company");
	const char *form = cli_take_opt(&argc, argv, "form");
	struct offer_fields f;
	char *err = NULL, *data;
	int64_t company, id;
	size_t len;
	int rc;

	offer_fields_init(&f);
	if (form) {
		if (read_file(form, &data, &len) < 0) {
			log_warn("cannot read '%s'", form);
			return EX_NOINPUT;
		}
		(void)offer_fields_parse(&f, data);
		free(data);
	}
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const char *v = cli_take_opt(&argc, argv, opts[i].opt);

		if (v)
			(void)offer_fields_set(&f, opts[i].key, v);
	}
	if (argc != 1 || (siret == NULL && f.siret == NULL)) {
		offer_fields_release(&f);
		return cli_usage_error("offer", "add needs --company SIRET and fields");
	}
	if (db_begin(ctx->db) < 0) {
		offer_fields_release(&f);
		return EX_TEMPFAIL;
	}
	if ((rc = company_find(ctx, siret ? siret : f.siret, &company, &err)) != 1) {
		if (rc == 0)
			err = xasprintf("no company with SIRET %s", siret ? siret : f.siret);
		rc = rc < 0 ? OFFER_EDB : OFFER_ENOTFOUND;
	} else
		rc = offer_create(ctx, &f, company, 0, 0, &id, &err);
	offer_fields_release(&f);
	if (rc == OFFER_OK)
		printf("%lld\n", (long long)id);
	return finish(ctx, rc, err);
}

static int
cmd_offer(struct altc *ctx, int argc, char **argv)
{
	static const struct { const char *name; enum offer_life op; } life[] = {
		{ "fill", OFFER_FILL }, { "withdraw", OFFER_WITHDRAW }, { "archive", OFFER_ARCHIVE },
		{ "duplicate", OFFER_DUPLICATE }, { "extend", OFFER_EXTEND },
	};
	enum table_format fmt;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		const char *status = cli_take_opt(&argc, argv, "status");
		const char *formation = cli_take_opt(&argc, argv, "formation");
		const char *siret = cli_take_opt(&argc, argv, "company");

		if (argc != 2)
			return cli_usage_error("offer", "unexpected argument '%s'", argv[2]);
		return print_table(offer_list_table(ctx, status, formation, siret, &err), fmt, err);
	}
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return print_table(offer_show_table(ctx, strtoll(argv[2], NULL, 10), &err), fmt, err);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return offer_add(ctx, argc - 1, argv + 1);
	for (size_t i = 0; argc == 3 && i < sizeof(life) / sizeof(life[0]); i++)
		if (strcmp(argv[1], life[i].name) == 0) {
			int64_t copy = 0;
			int rc;

			if (db_begin(ctx->db) < 0)
				return EX_TEMPFAIL;
			rc = offer_lifecycle(ctx, strtoll(argv[2], NULL, 10), 0, life[i].op, &copy, &err);
			if (rc == OFFER_OK && copy)
				printf("%lld\n", (long long)copy);
			return finish(ctx, rc, err);
		}
	return cli_usage_error("offer", "unknown subcommand");
}

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
	return finish(ctx, rc, err);
}

static int
cmd_company(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return print_table(company_list_table(ctx, &err), fmt, err);
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return print_table(company_show_table(ctx, argv[2], &err), fmt, err);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return company_add_cmd(ctx, argc - 1, argv + 1);
	if (argc == 4 && strcmp(argv[1], "referent") == 0) {
		if (db_begin(ctx->db) < 0)
			return EX_TEMPFAIL;
		return finish(ctx, company_set_referent(ctx, argv[2], argv[3], &err), err);
	}
	return cli_usage_error("company", "unknown subcommand");
}

const struct cli_cmd cli_cmds_offer[] = {
	{ "offer", cmd_offer, CLI_DB,
	  "  altc offer list [--status S] [--formation CODE] [--company SIRET] [--format F]\n"
	  "  altc offer show ID [--format text|csv|json]\n"
	  "  altc offer add --company SIRET [--form FILE] [--title T] [--formations C,...]\n"
	  "      [--duration D] [--positions N] [--location L] [--description TEXT]\n"
	  "      [--missions TEXT] [--skills S] [--contract C] [--expires YYYY-MM-DD]\n"
	  "  altc offer fill|withdraw|archive|duplicate|extend ID\n",
	  "offers: list, show, add, life cycle" },
	{ "company", cmd_company, CLI_DB,
	  "  altc company list [--format text|csv|json]\n"
	  "  altc company show SIRET [--format text|csv|json]\n"
	  "  altc company add --siret S --name N [--email REFERENT] [--city C] [--address A]\n"
	  "      [--postal-code P] [--sector S] [--headcount H] [--first-name F] [--last-name L]\n"
	  "  altc company referent SIRET EMAIL\n",
	  "employer companies: list, show, add, referent handover" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};
