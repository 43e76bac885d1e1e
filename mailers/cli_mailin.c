/*
 * cli_mailin.c - the commands of the mail-in layer (see cli.h): inspect a
 * mail without applying it, poll the IMAP source once.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "config.h"
#include "imap_source.h"
#include "inbound.h"
#include "jobs.h"
#include "log.h"
#include "mail_action.h"
#include "mailers.h"
#include "module.h"
#include "util.h"

static int
cmd_inspect(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	const char *rcpt;
	char *data, *err = NULL;
	size_t len;
	int rc;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	rcpt = cli_take_opt(&argc, argv, "rcpt");
	if (argc != 2)
		return cli_usage_error(argv[0], "expected one FILE");
	if (fmt == TABLE_CSV)
		return cli_usage_error(argv[0], "inspect prints text or json");
	if (read_file(argv[1], &data, &len) < 0) {
		log_warn("%s", argv[1]);
		return EX_NOINPUT;
	}
	rc = inbound_inspect(ctx, data, len, rcpt, fmt == TABLE_JSON, stdout, &err);
	free(data);
	if (rc < 0) {
		log_warnx("%s: %s", argv[1], err);
		free(err);
		return EX_DATAERR;
	}
	return EX_OK;
}

static int
cmd_imap(struct altc *ctx, int argc, char **argv)
{
	size_t n = 0;
	char *err = NULL;

	if (argc != 2 || strcmp(argv[1], "poll") != 0)
		return cli_usage_error(argv[0], "expected 'poll'");
	if (imap_poll(ctx, &n, &err) < 0) {
		log_warnx("%s", err);
		free(err);
		return EX_TEMPFAIL;
	}
	printf("%zu\n", n);
	return EX_OK;
}

/* check_mailbox - altc check's line for the IMAP source; the number of problems */
static int
check_mailbox(struct altc *ctx)
{
	const char *url = config_str(ctx->cfg, "imap.url");
	char *err = NULL;
	size_t n;

	if (*url == '\0') {
		printf("mailbox: no IMAP source: mail comes through altc deliver\n");
		return 0;
	}
	if (imap_probe(ctx, &n, &err) < 0) {
		printf("mailbox: %s: %s\n", url, err);
		free(err);
		return 1;
	}
	printf("mailbox: %s: ok (%zu unseen)\n", url, n);
	return 0;
}

static const struct cli_cmd commands[] = {
	{ "inspect", cmd_inspect, CLI_CONFIG,
	  "  altc inspect FILE [--rcpt ADDR] [--format text|json]\n"
	  "      what the engine understands of a mail (route, token, robot, bounce,\n"
	  "      reply text, command, form, attachments, errors); changes nothing\n",
	  "explain how an inbound mail is understood" },
	{ "imap", cmd_imap, CLI_CONFIG,
	  "  altc imap poll          fetch unseen mail from imap.url into the spool\n",
	  "poll the IMAP mailbox once" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const char *const templates[] = { "staff.confirm", NULL };

const struct module mailin_module = {
	.name = "mail-in",
	.commands = commands,
	.jobs = imap_jobs,
	.inputs = inbound_inputs,
	.mail_actions = mail_confirm_actions,	/* CONFIRMER, ANNULER on a held staff command */
	.templates = templates,
	.check = check_mailbox,
};
