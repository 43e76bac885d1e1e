/*
 * cli_offer.c - `altc offer` for staff: list and show in the three formats,
 * offers created for a company (options or a form file with the same labels
 * as the mail form), the life-cycle commands; and the offer module's
 * descriptor.  Each changing command is one transaction.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "company.h"
#include "db.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "offer.h"
#include "offer_int.h"
#include "offer_mail.h"
#include "table.h"
#include "util.h"

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
		rc = rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	} else
		rc = offer_create(ctx, &f, company, 0, 0, &id, &err);
	offer_fields_release(&f);
	if (rc == ACT_OK)
		printf("%lld\n", (long long)id);
	return cli_finish(ctx, rc, err);
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
		return cli_print_table(offer_list_table(ctx, status, formation, siret, &err), fmt, err);
	}
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		return cli_print_table(offer_show_table(ctx, strtoll(argv[2], NULL, 10), &err), fmt, err);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return offer_add(ctx, argc - 1, argv + 1);
	for (size_t i = 0; argc == 3 && i < sizeof(life) / sizeof(life[0]); i++)
		if (strcmp(argv[1], life[i].name) == 0) {
			int64_t copy = 0;
			int rc;

			if (db_begin(ctx->db) < 0)
				return EX_TEMPFAIL;
			rc = offer_lifecycle(ctx, strtoll(argv[2], NULL, 10), 0, life[i].op, &copy, &err);
			if (rc == ACT_OK && copy)
				printf("%lld\n", (long long)copy);
			return cli_finish(ctx, rc, err);
		}
	return cli_usage_error("offer", "unknown subcommand");
}

static const struct cli_cmd commands[] = {
	{ "offer", cmd_offer, CLI_DB,
	  "  altc offer list [--status S] [--formation CODE] [--company SIRET] [--format F]\n"
	  "  altc offer show ID [--format text|csv|json]\n"
	  "  altc offer add --company SIRET [--form FILE] [--title T] [--formations C,...]\n"
	  "      [--duration D] [--positions N] [--location L] [--description TEXT]\n"
	  "      [--missions TEXT] [--skills S] [--contract C] [--expires YYYY-MM-DD]\n"
	  "  altc offer fill|withdraw|archive|duplicate|extend ID\n",
	  "offers: list, show, add, life cycle" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "recommendations", "student_id", "student_id = ?1", PERSON_DELETE, NULL,
	  "offers recommended to the person" },
	{ "recommendations", "recommended_by", "recommended_by = ?1", PERSON_UNLINK, NULL,
	  "the staff member who recommended an offer" },
	{ "student_criteria", "student_id", "student_id = ?1", PERSON_DELETE, NULL,
	  "the person's search criteria" },
	{ "offers", "author_id", "author_id = ?1", PERSON_UNLINK, NULL,
	  "the author of an offer (the offer is the company's)" },
	{ "offers", "contact_email", "contact_email = ?2 COLLATE NOCASE", PERSON_UNLINK, NULL,
	  "the partner company's contact named on an offer of a structure" },
	{ "offer_formations", "assigned_to", "assigned_to = ?1", PERSON_UNLINK, NULL,
	  "the staff member an offer is assigned to" },
	{ "offer_formations", "decided_by", "decided_by = ?1", PERSON_UNLINK, NULL,
	  "the staff member who decided an offer" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module offer_module = {
	.name = "offer",
	.commands = commands,
	.jobs = offer_jobs,
	.mail_actions = offer_mail_actions,
	.verbs = offer_mail_verbs,
	.texts = offer_texts,
	.templates = offer_templates,
	.personal = personal,
};
