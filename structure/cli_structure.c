/*
 * cli_structure.c - `altc structure` for staff: structures added and
 * listed, their users added, their partner companies listed in the three
 * formats and, when no admin answers by mail, validated or refused; and
 * the structure module's descriptor.  Each changing command is one
 * transaction.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "module.h"
#include "person.h"
#include "status.h"
#include "strbuf.h"
#include "structure.h"
#include "structure_int.h"
#include "table.h"
#include "util.h"

/* structure_add_cmd - altc structure add NAME --kind KIND */
static int
structure_add_cmd(struct altc *ctx, int argc, char **argv)
{
	const char *kind = cli_take_opt(&argc, argv, "kind");
	char *err = NULL;
	int64_t id;
	int rc;

	if (argc != 3 || kind == NULL)
		return cli_usage_error("structure", "add needs a NAME and --kind");
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	rc = structure_add(ctx, argv[2], kind, &id, &err);
	if (rc == ACT_OK)
		printf("%lld\n", (long long)id);
	return cli_finish(ctx, rc, err);
}

/* member_add_cmd - altc structure member add STRUCTURE EMAIL [--first-name F] [--last-name L] */
static int
member_add_cmd(struct altc *ctx, int argc, char **argv)
{
	const char *first = cli_take_opt(&argc, argv, "first-name");
	const char *last = cli_take_opt(&argc, argv, "last-name");
	char *err = NULL;
	int64_t id;
	int rc;

	if (argc != 5 || strcmp(argv[2], "add") != 0)
		return cli_usage_error("structure", "member add needs a STRUCTURE and an EMAIL");
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	if ((rc = structure_find(ctx, argv[3], &id, &err)) == ACT_OK)
		rc = structure_member_add(ctx, id, argv[4], first, last, &err);
	return cli_finish(ctx, rc, err);
}

/* decide_cmd - altc structure validate ID / refuse ID REASON...: staff decide */
static int
decide_cmd(struct altc *ctx, int argc, char **argv, int validate)
{
	char *err = NULL, *reason = NULL;
	int rc;

	if ((validate && argc != 3) || (!validate && argc < 4))
		return cli_usage_error("structure", validate ? "validate needs a partner number" :
		    "refuse needs a partner number and a reason");
	if (!validate) {
		struct strbuf b = STRBUF_INIT;

		for (int i = 3; i < argc; i++)
			strbuf_addf(&b, "%s%s", i > 3 ? " " : "", argv[i]);
		reason = strbuf_detach(&b, NULL);
	}
	if (db_begin(ctx->db) < 0) {
		free(reason);
		return EX_TEMPFAIL;
	}
	rc = structure_partner_decide(ctx, strtoll(argv[2], NULL, 10), 0, validate, reason, &err);
	free(reason);
	return cli_finish(ctx, rc, err);
}

static int
cmd_structure(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return cli_print_table(structure_list_table(ctx, &err), fmt, err);
	if (argc == 3 && strcmp(argv[1], "partners") == 0)
		return cli_print_table(structure_partners_table(ctx, argv[2], &err), fmt, err);
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return structure_add_cmd(ctx, argc, argv);
	if (argc >= 3 && strcmp(argv[1], "member") == 0)
		return member_add_cmd(ctx, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "validate") == 0)
		return decide_cmd(ctx, argc, argv, 1);
	if (argc >= 2 && strcmp(argv[1], "refuse") == 0)
		return decide_cmd(ctx, argc, argv, 0);
	return cli_usage_error("structure", "unknown subcommand");
}

static const struct cli_cmd commands[] = {
	{ "structure", cmd_structure, CLI_DB,
	  "  altc structure add NAME --kind opco|cci|cma|mission_locale|agence|autre\n"
	  "  altc structure member add STRUCTURE EMAIL [--first-name F] [--last-name L]\n"
	  "  altc structure list [--format text|csv|json]\n"
	  "  altc structure partners STRUCTURE [--format text|csv|json]\n"
	  "  altc structure validate PARTNER-ID          (what an admin does by reply)\n"
	  "  altc structure refuse PARTNER-ID REASON...\n",
	  "structures (OPCO, CCI, missions locales...): users, partner companies" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "structure_members", "user_id", "user_id = ?1", PERSON_DELETE, NULL,
	  "the person's membership of a structure" },
	{ "structure_partners", "requested_by", "requested_by = ?1", PERSON_UNLINK, NULL,
	  "the user who asked for a partner company (the partner is the structure's)" },
	{ "structure_partners", "decided_by", "decided_by = ?1", PERSON_UNLINK, NULL,
	  "the admin who decided on a partner company" },
	{ "structure_partners", "contact_email", "contact_email = ?2 COLLATE NOCASE", PERSON_UNLINK,
	  NULL, "the person of a partner company who receives its applications" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module structure_module = {
	.name = "structure",
	.commands = commands,
	.mail_actions = structure_mail_actions,
	.verbs = structure_mail_verbs,
	.texts = structure_texts,
	.templates = structure_templates,
	.personal = personal,
};
