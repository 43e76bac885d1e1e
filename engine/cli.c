/*
 * cli.c - argument dispatch for the altc binary: global options, command
 * lookup across the layer tables, help, and the shared option helpers.
 */
#include "compat.h"

#include <getopt.h>

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "log.h"
#include "module.h"
#include "status.h"
#include "table.h"
#include "util.h"

/* CMDS_EACH - for (c = each command of each module) */
#define CMDS_EACH(c) \
	MODULES_EACH(mod) \
		for (const struct cli_cmd *c = mod->commands; c && c->name; c++)

/* find_cmd2 - "WORD SUBWORD" commands first ("user add"), then "WORD"; *nwords_r words used */
static const struct cli_cmd *find_cmd(const char *name);

static const struct cli_cmd *
find_cmd2(int argc, char **argv, int *nwords_r)
{
	const struct cli_cmd *c = NULL;

	if (argc > 1 && argv[1][0] != '-') {
		char *two = xasprintf("%s %s", argv[0], argv[1]);

		c = find_cmd(two);
		free(two);
	}
	*nwords_r = c ? 2 : 1;
	return c ? c : find_cmd(argv[0]);
}

/* print_family - the usage of every "WORD ..." command, for a bare WORD */
static int
print_family(const char *word, FILE *fp)
{
	size_t wlen = strlen(word);
	int n = 0;

	CMDS_EACH(c)
		if (strncmp(c->name, word, wlen) == 0 && c->name[wlen] == ' ') {
			if (n++ == 0)
				fprintf(fp, "usage:\n");
			fputs(c->usage, fp);
		}
	return n;
}

static const struct cli_cmd *
find_cmd(const char *name)
{
	CMDS_EACH(c)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void
print_help(FILE *fp)
{
	fprintf(fp, "usage: altc [-c FILE] [-v|-q] COMMAND [ARGS]\n\n"
	    "altconnect: an apprenticeship matching platform run by mail and batch jobs.\n\n"
	    "commands:\n");
	CMDS_EACH(c)
		fprintf(fp, "  %-14s %s\n", c->name, c->summary);
	fprintf(fp, "\nRun 'altc COMMAND --help' for the usage of one command.\n"
	    "The configuration is -c FILE, else $ALTC_CONFIG, else ./altconnect.conf, else\n"
	    "%s/altconnect.conf; relative paths in it are relative to its directory.\n",
	    ALTC_CONFDIR);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	const struct cli_cmd *c = find_cmd(cmd);
	va_list ap;

	fprintf(stderr, "altc %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c)
		fprintf(stderr, "usage:\n%s", c->usage);
	return EX_USAGE;
}

/* remove n entries at i from argv */
static void
drop_args(int *argc, char **argv, int i, int n)
{
	memmove(argv + i, argv + i + n, (size_t)(*argc - i - n + 1) * sizeof(char *));
	*argc -= n;
}

const char *
cli_take_opt(int *argc, char **argv, const char *name)
{
	size_t nlen = strlen(name);
	int i;

	for (i = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			break;
		/* a one-letter option also goes by a single dash: -o FILE */
		if (nlen == 1 && a[0] == '-' && a[1] == name[0] && a[2] == '\0' && i + 1 < *argc) {
			const char *v = argv[i + 1];

			drop_args(argc, argv, i, 2);
			return v;
		}
		if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, nlen) != 0)
			continue;
		if (a[2 + nlen] == '=') {
			const char *v = a + 3 + nlen;

			drop_args(argc, argv, i, 1);
			return v;
		}
		if (a[2 + nlen] == '\0' && i + 1 < *argc) {
			const char *v = argv[i + 1];

			drop_args(argc, argv, i, 2);
			return v;
		}
	}
	return NULL;
}

int
cli_take_flag(int *argc, char **argv, const char *name)
{
	int i;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0) {
			drop_args(argc, argv, i, 1);
			return 1;
		}
	}
	return 0;
}

int
cli_take_format(int *argc, char **argv, enum table_format *fmt_r)
{
	const char *f = cli_take_opt(argc, argv, "format");

	*fmt_r = TABLE_TEXT;
	if (f && table_format_parse(f, fmt_r) < 0) {
		fprintf(stderr, "altc: unknown format '%s' (text, csv or json)\n", f);
		return -1;
	}
	return 0;
}

/*
 * retry_code - what an MTA must see: only bad input (a refused message, a
 * recipient no spool file can name) is final for a CLI_MTA command
 */
static int
retry_code(const struct cli_cmd *cmd, int rc)
{
	if (cmd->needs == CLI_MTA && rc != EX_OK && rc != EX_DATAERR && rc != EX_NOUSER &&
	    rc != EX_TEMPFAIL) {
		log_warnx("exit %d turned into %d (temporary failure) so that the mail is kept", rc,
		    EX_TEMPFAIL);
		return EX_TEMPFAIL;
	}
	return rc;
}

int
cli_main(int argc, char **argv)
{
	const char *config_opt = NULL;
	const struct cli_cmd *cmd;
	struct altc ctx;
	int ch, verbose = 0, rc, nwords;

	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};

	while ((ch = getopt_long(argc, argv, "+c:hvqV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': config_opt = optarg; break;
		case 'v': verbose = 1; break;
		case 'q': verbose = -1; break;
		case 'V': printf("altc %s\n", PACKAGE_VERSION); return EX_OK;
		case 'h': print_help(stdout); return EX_OK;
		default: print_help(stderr); return EX_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	log_init(1, verbose);
	if (argc == 0) {
		print_help(stderr);
		return EX_USAGE;
	}
	if (strcmp(argv[0], "help") == 0) {
		if (argc > 1 && (cmd = find_cmd2(argc - 1, argv + 1, &nwords)) != NULL) {
			printf("usage:\n%s\n%s\n", cmd->usage, cmd->summary);
			return EX_OK;
		}
		if (argc > 1 && print_family(argv[1], stdout))
			return EX_OK;
		print_help(stdout);
		return EX_OK;
	}
	if ((cmd = find_cmd2(argc, argv, &nwords)) == NULL) {
		if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) &&
		    print_family(argv[0], stdout))
			return EX_OK;
		if (print_family(argv[0], stderr))
			return EX_USAGE;
		fprintf(stderr, "altc: '%s' is not a command; see 'altc help'\n", argv[0]);
		return EX_USAGE;
	}
	if (argc > nwords && (strcmp(argv[nwords], "--help") == 0 || strcmp(argv[nwords], "-h") == 0)) {
		printf("usage:\n%s\n%s\n", cmd->usage, cmd->summary);
		return EX_OK;
	}
	memset(&ctx, 0, sizeof(ctx));
	if (cmd->needs != CLI_NONE) {
		rc = altc_open(&ctx, config_opt, cmd->needs == CLI_DB);
		if (rc != EX_OK)
			return retry_code(cmd, rc);
	} else
		ctx.config_path = config_opt;
	rc = cmd->run(&ctx, argc, argv);
	altc_close(&ctx);
	return retry_code(cmd, rc);
}

int
cli_status_exit(int status)
{
	switch (status) {
	case ACT_OK: return EX_OK;
	case ACT_EDB: return EX_TEMPFAIL;
	case ACT_ENOTFOUND: return EX_NOINPUT;
	case ACT_EDENIED: return EX_NOPERM;
	default: return EX_DATAERR;
	}
}

int
cli_finish(struct altc *ctx, int status, char *err)
{
	if (status != ACT_OK) {
		db_rollback(ctx->db);
		log_warnx("%s", err ? err : "failed");
		free(err);
		return cli_status_exit(status);
	}
	free(err);
	return db_commit(ctx->db) < 0 ? EX_TEMPFAIL : EX_OK;
}

int
cli_print_table(struct table *t, enum table_format fmt, char *err)
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
