/*
 * cli_student.c - the student module's commands: students (list, show),
 * staff accounts (user add) and delegations (user delegate); and the
 * module's descriptor.  Commands
 * that change state open and commit their own transaction.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "formation_db.h"
#include "log.h"
#include "mailuser.h"
#include "module.h"
#include "person.h"
#include "signup.h"
#include "signup_mail.h"
#include "staff.h"
#include "status.h"
#include "student.h"
#include "student_add.h"
#include "table.h"
#include "util.h"

/* student_add_cmd - altc student add: one student outside an import */
static int
student_add_cmd(struct altc *ctx, int argc, char **argv)
{
	struct student_new n = { 0 };
	char *err = NULL;
	int64_t id;
	int rc;

	n.email = cli_take_opt(&argc, argv, "email");
	n.first_name = cli_take_opt(&argc, argv, "first-name");
	n.last_name = cli_take_opt(&argc, argv, "last-name");
	n.formation = cli_take_opt(&argc, argv, "formation");
	n.birth_date = cli_take_opt(&argc, argv, "birth-date");
	n.ine = cli_take_opt(&argc, argv, "ine");
	if (argc != 2)
		return cli_usage_error("student", "unexpected argument '%s'", argv[2]);
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	if ((rc = student_add_one(ctx, 0, &n, &id, &err)) == ACT_OK)
		printf("student %lld: %s in %s, invitation queued\n", (long long)id, n.email,
		    n.formation);
	return cli_finish(ctx, rc, err);
}

static int
cmd_student(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	struct table *t;
	char *err = NULL;
	const char *email = NULL;

	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return student_add_cmd(ctx, argc, argv);
	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc == 3 && strcmp(argv[1], "show") == 0)
		email = argv[2];
	else if (!(argc == 2 && strcmp(argv[1], "list") == 0))
		return cli_usage_error(argv[0], "expected 'list' or 'show EMAIL'");
	if ((t = student_table(ctx->db, email, &err)) == NULL) {
		log_warnx("%s", err);
		free(err);
		return EX_SOFTWARE;
	}
	if (email && table_rows(t) == 0) {
		log_warnx("no student '%s'", email);
		table_free(&t);
		return EX_NOINPUT;
	}
	table_print(t, fmt, stdout);
	table_free(&t);
	return EX_OK;
}

/* split_codes - "GEA,TC" into a NULL-terminated array of trimmed codes */
static char **
split_codes(const char *list, size_t *n_r)
{
	char *copy = xstrdup(list), *p = copy, **v = NULL;
	size_t n = 0;

	while (p != NULL) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		str_trim(p);
		if (*p) {
			v = xreallocarray(v, n + 2, sizeof(*v));
			v[n++] = xstrdup(p);
			v[n] = NULL;
		}
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	*n_r = n;
	return v;
}

static int
cmd_user(struct altc *ctx, int argc, char **argv)
{
	const char *role = cli_take_opt(&argc, argv, "role");
	const char *email = cli_take_opt(&argc, argv, "email");
	const char *name = cli_take_opt(&argc, argv, "name");
	const char *forms = cli_take_opt(&argc, argv, "formations");
	char **codes = NULL, *err = NULL;
	size_t n = 0, i;
	int64_t id;

	if (argc != 2 || strcmp(argv[1], "add") != 0 || !role || !email || !name)
		return cli_usage_error(argv[0], "expected add --role R --email E --name N");
	if (forms)
		codes = split_codes(forms, &n);
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	id = staff_add(ctx, role, email, name, (const char *const *)codes, n, &err);
	for (i = 0; i < n; i++)
		free(codes[i]);
	free(codes);
	if (id < 0) {
		db_rollback(ctx->db);
		log_warnx("user add: %s", err);
		free(err);
		return EX_DATAERR;
	}
	if (db_commit(ctx->db) < 0)
		return EX_TEMPFAIL;
	printf("user %lld: %s (%s), activation mail queued\n", (long long)id, email, role);
	return EX_OK;
}

static int
user_delegate(struct altc *ctx, int argc, char **argv)
{
	const char *from = cli_take_opt(&argc, argv, "from");
	const char *to = cli_take_opt(&argc, argv, "to");
	const char *codes = cli_take_opt(&argc, argv, "formations");
	char *err = NULL;

	if (from == NULL || to == NULL || argc != 1)
		return cli_usage_error("user delegate", "needs --from RP --to GA");
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	if (delegation_add(ctx->db, from, to, codes, &err) < 0) {
		db_rollback(ctx->db);
		log_warnx("delegate: %s", err);
		free(err);
		return EX_DATAERR;
	}
	if (db_commit(ctx->db) < 0)
		return EX_TEMPFAIL;
	printf("%s acts for %s on %s\n", to, from, codes && *codes ? codes : "all formations");
	return EX_OK;
}

static int
cmd_user_delegate(struct altc *ctx, int argc, char **argv)
{
	return user_delegate(ctx, argc - 1, argv + 1);
}

/* on_off - 1 for on/yes/oui, 0 for off/no/non, -1 otherwise */
static int
on_off(const char *v)
{
	if (strcasecmp(v, "on") == 0 || strcasecmp(v, "yes") == 0 || strcasecmp(v, "oui") == 0)
		return 1;
	if (strcasecmp(v, "off") == 0 || strcasecmp(v, "no") == 0 || strcasecmp(v, "non") == 0)
		return 0;
	return -1;
}

/* cmd_user_notify - a person's notification settings, as STOP / REPRENDRE / COPIE set them */
static int
cmd_user_notify(struct altc *ctx, int argc, char **argv)
{
	const char *opt = cli_take_opt(&argc, argv, "optional");
	const char *mail = cli_take_opt(&argc, argv, "email");
	int o = opt ? on_off(opt) : -2, e = mail ? on_off(mail) : -2;
	struct mailuser u;
	char *err = NULL;
	int rc;

	if (argc != 3 || o == -1 || e == -1)
		return cli_usage_error("user notify", "expected EMAIL [--optional on|off]"
		    " [--email on|off]");
	if ((rc = mailuser_by_email(ctx->db, argv[2], &u, &err)) <= 0) {
		log_warnx("user notify: %s", rc < 0 ? err : "no such user");
		free(err);
		return rc < 0 ? EX_TEMPFAIL : EX_NOINPUT;
	}
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	if ((o >= 0 && mailuser_set_notify_optional(ctx->db, u.id, o, &err) < 0) ||
	    (e >= 0 && mailuser_set_notify_email(ctx->db, u.id, e, &err) < 0) ||
	    (o >= 0 && db_audit(ctx->db, "staff", "account", u.id, NULL, "notify",
	    NULL, o ? "optional notifications on" : "optional notifications off") < 0) ||
	    (e >= 0 && db_audit(ctx->db, "staff", "account", u.id, NULL, "notify",
	    NULL, e ? "e-mail copy on" : "e-mail copy off") < 0)) {
		db_rollback(ctx->db);
		log_warnx("user notify: %s", err ? err : "audit");
		free(err);
		return EX_TEMPFAIL;
	}
	if (db_commit(ctx->db) < 0)
		return EX_TEMPFAIL;
	if ((rc = mailuser_by_email(ctx->db, argv[2], &u, &err)) == 1)
		printf("%s: optional notifications %s, e-mail copy %s\n", u.email,
		    u.notify_optional ? "on" : "off", u.notify_email ? "on" : "off");
	free(err);
	return EX_OK;
}

static const struct cli_cmd commands[] = {
	{ "student", cmd_student, CLI_DB,
	  "  altc student list [--format text|csv|json]\n"
	  "  altc student show EMAIL [--format text|csv|json]\n"
	  "  altc student add --email E --first-name F --last-name L --formation CODE\n"
	  "      [--birth-date DD/MM/YYYY] [--ine INE]\n",
	  "students: list, show, add one outside an import (the invitation is queued)" },
	{ "user add", cmd_user, CLI_DB,
	  "  altc user add --role rp|ga|admin --email E --name N [--formations C,...]\n",
	  "create a staff account and queue its activation mail" },
	{ "user notify", cmd_user_notify, CLI_DB,
	  "  altc user notify EMAIL [--optional on|off] [--email on|off]\n",
	  "show or set the notification settings (optional mail, e-mail copy) of a person" },
	{ "user delegate", cmd_user_delegate, CLI_DB,
	  "  altc user delegate --from RP --to GA [--formations CODE,...]\n",
	  "let a ga act for an rp (all or some formations)" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const char *const templates[] = {
	"import.invitation", "account.welcome", "account.activation", NULL
};

/* the columns that name a person (person.h), children first */
static const struct person_column personal[] = {
	{ "consents", "user_id", "user_id = ?1", PERSON_KEEP, NULL,
	  "the consent given at signup, with its date and wording: the proof that the"
	  " processing was agreed to (RGPD art. 7(1))" },
	{ "student_formations", "student_id", "student_id = ?1", PERSON_DELETE, NULL,
	  "the person's formations and admission decisions (from the import)" },
	{ "users", "referent_id", "referent_id = ?1", PERSON_UNLINK, NULL,
	  "the referent of non-autonomous students" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module student_module = {
	.name = "student",
	.commands = commands,
	.pages = signup_pages,
	.mail_actions = signup_mail_actions,
	.verbs = signup_mail_verbs,
	.texts = student_texts,
	.templates = templates,
	.personal = personal,
};
