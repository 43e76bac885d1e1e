/*
 * cli.h - git-style subcommands.  Each module lists its commands in its
 * descriptor (module.h); cli_main looks them up in the modules' order.
 * A command gets the opened context and argv with argv[0] = its first word
 * (argv[1] is the second word of a two-word command), and returns a
 * sysexits.h code.
 */
#ifndef ALTC_CLI_H
#define ALTC_CLI_H

#include <stdio.h>

#include "table.h"

struct altc;

enum cli_needs {
	CLI_NONE,	/* nothing opened (help, config --defaults) */
	CLI_CONFIG,	/* configuration only */
	CLI_DB,		/* configuration and the database */
	CLI_MTA,	/* configuration only, run by an MTA (altc deliver): every failure
			   but bad input (EX_DATAERR) exits EX_TEMPFAIL, so the MTA keeps
			   the mail until the cause (configuration, permissions, disk) is fixed */
};

struct cli_cmd {
	const char *name;	/* "outbox", or two words ("user add") for a verb a module adds */
	int (*run)(struct altc *ctx, int argc, char **argv);
	enum cli_needs needs;
	const char *usage;	/* "altc NAME ..." lines, shown by --help */
	const char *summary;	/* one line for altc help */
};

/* cli_main - the altc binary, once modules_init has been given the modules */
int cli_main(int argc, char **argv);

/* cli_check_owner - altc check's line when the spool is another user's; 0 or 1 problem */
int cli_check_owner(struct altc *ctx);

/* cli_usage_error - print "usage: ..." of cmd on stderr; returns EX_USAGE */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * cli_take_format - remove "--format F" / "--format=F" from argv (updating
 * *argc); *fmt_r defaults to text.  -1 on an unknown format (message printed).
 */
int cli_take_format(int *argc, char **argv, enum table_format *fmt_r);

/* cli_take_opt - remove "--name VALUE" / "--name=VALUE" (and "-n VALUE" for a one-letter name); NULL if absent */
const char *cli_take_opt(int *argc, char **argv, const char *name);
/* cli_status_exit - the sysexits code of a workflow status (status.h) */
int cli_status_exit(int status);
/*
 * cli_finish - after a change in ctx's open transaction: commit when status
 * is ACT_OK, else roll back and log err; err is freed.  An exit code.
 */
int cli_finish(struct altc *ctx, int status, char *err);
/* cli_print_table - print t (freed) in fmt; NULL: log err (freed), EX_NOINPUT */
int cli_print_table(struct table *t, enum table_format fmt, char *err);
/* cli_take_flag - remove "--name" from argv; 1 if it was there */
int cli_take_flag(int *argc, char **argv, const char *name);

#endif
