/*
 * cli_sponsor.c - the sponsorship module's commands (the grants of staff,
 * referent accounts, the pool of sponsors, the sponsorships), the French of
 * its refusals and its descriptor.  Commands that change state open and
 * commit their own transaction.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "sponsor.h"
#include "status.h"
#include "table.h"
#include "user_text.h"
#include "util.h"

/* by_actor - the staff account of --by EMAIL (0: none given); -1 when unknown */
static int64_t
by_actor(struct altc *ctx, const char *by)
{
	int64_t id;

	if (by == NULL)
		return 0;
	id = db_int_for(ctx->db, "SELECT id FROM users WHERE email = ? AND role IN ('rp', 'ga',"
	    " 'admin')", by);
	if (id == 0)
		log_warnx("no staff account '%s'", by);
	return id ? id : -1;
}

/* altc staff grant|revoke EMAIL mission-officer, altc staff list */
static int
cmd_staff(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	char *err = NULL;
	int on;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return cli_print_table(staff_grant_table(ctx, &err), fmt, err);
	if (argc != 4 || (strcmp(argv[1], "grant") != 0 && strcmp(argv[1], "revoke") != 0))
		return cli_usage_error("staff", "expected grant|revoke EMAIL mission-officer, or list");
	on = strcmp(argv[1], "grant") == 0;
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	return cli_finish(ctx, staff_grant_set(ctx, argv[2], argv[3], on, "staff", &err), err);
}

/* altc referent add EMAIL --name "Last First" [--by EMAIL] */
static int
cmd_referent(struct altc *ctx, int argc, char **argv)
{
	const char *name = cli_take_opt(&argc, argv, "name");
	int64_t by = by_actor(ctx, cli_take_opt(&argc, argv, "by")), id;
	char *err = NULL;
	int rc;

	if (argc != 3 || strcmp(argv[1], "add") != 0 || name == NULL)
		return cli_usage_error("referent", "expected add EMAIL --name \"LAST FIRST\"");
	if (by < 0)
		return EX_NOINPUT;
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	if ((rc = referent_create(ctx, by, argv[2], name, &id, &err)) == ACT_OK)
		printf("referent %lld: %s, activation mail queued\n", (long long)id, argv[2]);
	return cli_finish(ctx, rc, err);
}

/* altc sponsor add|remove|list */
static int
cmd_sponsor(struct altc *ctx, int argc, char **argv)
{
	const char *name = cli_take_opt(&argc, argv, "name");
	int64_t by = by_actor(ctx, cli_take_opt(&argc, argv, "by")), id;
	int erase = cli_take_flag(&argc, argv, "erase");
	enum table_format fmt;
	char *err = NULL;
	int rc;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (by < 0)
		return EX_NOINPUT;
	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return cli_print_table(sponsor_table(ctx, &err), fmt, err);
	if (argc == 3 && strcmp(argv[1], "add") == 0) {
		if (db_begin(ctx->db) < 0)
			return EX_TEMPFAIL;
		if ((rc = sponsor_add(ctx, by, argv[2], name, &id, &err)) == ACT_OK)
			printf("sponsor %lld: %s\n", (long long)id, argv[2]);
		return cli_finish(ctx, rc, err);
	}
	if (argc == 3 && strcmp(argv[1], "remove") == 0) {
		if (db_begin(ctx->db) < 0)
			return EX_TEMPFAIL;
		return cli_finish(ctx, sponsor_remove(ctx, argv[2], erase, "staff", &err), err);
	}
	return cli_usage_error("sponsor", "expected add EMAIL --name \"LAST FIRST\", remove EMAIL"
	    " or list");
}

/* altc sponsorship list [--state S], validate|refuse|end ID */
static int
cmd_sponsorship(struct altc *ctx, int argc, char **argv)
{
	const char *state = cli_take_opt(&argc, argv, "state");
	const char *sponsor = cli_take_opt(&argc, argv, "sponsor");
	const char *reason = cli_take_opt(&argc, argv, "reason");
	enum table_format fmt;
	char *err = NULL;
	int64_t id;
	int rc;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if (state && !sponsorship_state_valid(state))
			return cli_usage_error("sponsorship", "unknown state '%s' (requested, active,"
			    " refused, ended)", state);
		return cli_print_table(sponsorship_table(ctx, state, &err), fmt, err);
	}
	if (argc != 3 || (id = strtoll(argv[2], NULL, 10)) <= 0)
		return cli_usage_error("sponsorship", "expected list, or validate|refuse|end ID");
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	if (strcmp(argv[1], "validate") == 0)
		rc = sponsorship_validate(ctx, id, 0, sponsor, NULL, &err);
	else if (strcmp(argv[1], "refuse") == 0)
		rc = sponsorship_refuse(ctx, id, 0, reason, &err);
	else if (strcmp(argv[1], "end") == 0)
		rc = sponsorship_end(ctx, id, 0, NULL, reason, &err);
	else {
		db_rollback(ctx->db);
		return cli_usage_error("sponsorship", "unknown action '%s'", argv[1]);
	}
	return cli_finish(ctx, rc, err);
}

static const struct cli_cmd commands[] = {
	{ "staff", cmd_staff, CLI_DB,
	  "  altc staff grant|revoke EMAIL mission-officer\n"
	  "  altc staff list [--format text|csv|json]\n",
	  "the grants of staff: the chargé de mission creates referents and sponsors" },
	{ "referent", cmd_referent, CLI_DB,
	  "  altc referent add EMAIL --name \"LAST FIRST\" [--by EMAIL]\n",
	  "create a referent account (an rp without formations) and queue its activation mail" },
	{ "sponsor", cmd_sponsor, CLI_DB,
	  "  altc sponsor add EMAIL --name \"LAST FIRST\" [--by EMAIL]\n"
	  "  altc sponsor remove EMAIL [--erase]\n"
	  "  altc sponsor list [--format text|csv|json]\n",
	  "the pool of sponsors (staff or volunteers)" },
	{ "sponsorship", cmd_sponsorship, CLI_DB,
	  "  altc sponsorship list [--state requested|active|refused|ended] [--format text|csv|json]\n"
	  "  altc sponsorship validate ID [--sponsor EMAIL]\n"
	  "  altc sponsorship refuse ID --reason TEXT\n"
	  "  altc sponsorship end ID [--reason TEXT]\n",
	  "the sponsorships of students: list, decide, end" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const char *const templates[] = {
	"sponsorship.request", "sponsorship.requested", "sponsorship.accepted",
	"sponsorship.sponsor", "sponsorship.refused", "sponsorship.ended", "sponsor.created",
	NULL
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "sponsorships", "student_id", "student_id = ?1", PERSON_DELETE, NULL,
	  "the person's requests for a sponsor and their sponsorships" },
	{ "sponsorships", "decided_by", "decided_by = ?1", PERSON_UNLINK, NULL,
	  "the sponsorships the person decided as a referent" },
	{ "sponsorships", "sponsor_id", "sponsor_id IN (SELECT id FROM sponsors WHERE email = ?2"
	  " OR user_id = ?1)",
	  PERSON_UNLINK, NULL, "the sponsorships where the person is the sponsor" },
	{ "sponsorships", "proposed_id", "proposed_id IN (SELECT id FROM sponsors WHERE email = ?2"
	  " OR user_id = ?1)",
	  PERSON_UNLINK, NULL, "the requests where the person was proposed as sponsor" },
	{ "sponsors", "user_id", "user_id = ?1", PERSON_DELETE, NULL,
	  "the person's registration as a sponsor, with their account" },
	{ "sponsors", "email", "email = ?2", PERSON_DELETE, NULL,
	  "the person's registration as a sponsor, by their address" },
	{ "staff_grants", "user_id", "user_id = ?1", PERSON_DELETE, NULL,
	  "the duties given to the person's staff account" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct user_text sponsor_texts[] = {
	{ "only students ask for a sponsor", "seuls les étudiants peuvent demander un parrain",
	  NULL, UT_MESSAGE },
	{ "you already have a sponsorship request or a sponsor (sponsorship %lld)",
	  "vous avez déjà une demande de parrainage ou un parrain (parrainage n° {1})", NULL,
	  UT_MESSAGE },
	{ "only a chargé de mission or an administrator may do this",
	  "seul un chargé de mission ou un administrateur peut le faire", NULL, UT_MESSAGE },
	{ "a referent needs an address and a name: REFERENT address Last-name First-name",
	  "un référent s’inscrit avec son adresse et son nom : REFERENT adresse Nom Prénom", NULL,
	  UT_MESSAGE },
	{ "a sponsor needs a name: PARRAIN address Last-name First-name",
	  "un parrain s’inscrit avec son adresse et son nom : PARRAIN adresse Nom Prénom", NULL,
	  UT_MESSAGE },
	{ "'%s' already has an account (%s)", "« {1} » a déjà un compte", NULL, UT_MESSAGE },
	{ "'%s' is not a valid e-mail address", "« {1} » n’est pas une adresse e-mail valable",
	  NULL, UT_MESSAGE },
	{ "'%s' is already a sponsor", "« {1} » est déjà parrain", NULL, UT_MESSAGE },
	{ "'%s' is not a registered sponsor", "« {1} » n’est pas un parrain inscrit : un chargé"
	  " de mission l’inscrit (PARRAIN adresse Nom Prénom)", NULL, UT_MESSAGE },
	{ "several sponsors are called '%s': give the address",
	  "plusieurs parrains s’appellent « {1} » : indiquez l’adresse", NULL, UT_MESSAGE },
	{ "no sponsor is available: VALIDER followed by the address of a registered sponsor",
	  "aucun parrain n’est disponible : VALIDER suivi de l’adresse d’un parrain inscrit", NULL,
	  UT_MESSAGE },
	{ "a student cannot be their own sponsor", "un étudiant ne peut pas être son propre"
	  " parrain", NULL, UT_MESSAGE },
	{ "the sponsorship is already %s", "le parrainage est déjà {1s}", NULL, UT_MESSAGE },
	{ "the sponsorship cannot change now", "le parrainage ne peut plus changer", NULL,
	  UT_MESSAGE },
	{ "the sponsorship is %s: only an active one ends",
	  "le parrainage est {1s} : seul un parrainage en cours peut prendre fin", NULL, UT_MESSAGE },
	{ "only the student, the sponsor or a referent ends a sponsorship",
	  "seuls l’étudiant, son parrain ou un référent qui le suit peuvent mettre fin au"
	  " parrainage", NULL, UT_MESSAGE },
	{ "no sponsorship %lld", "le parrainage {1} n’existe pas", NULL, UT_MESSAGE },
	{ "requested", "demandé", NULL, UT_STATE },
	{ "active", "en cours", NULL, UT_STATE },
	{ "ended", "terminé", NULL, UT_STATE },
	{ NULL, NULL, NULL, 0 }
};

const struct module sponsor_module = {
	.name = "sponsor",
	.commands = commands,
	.mail_actions = sponsor_mail_actions,
	.verbs = sponsor_mail_verbs,
	.texts = sponsor_texts,
	.templates = templates,
	.personal = personal,
};
