/*
 * cli_engine.c - the engine's commands: config, init.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "util.h"

static int
cmd_config(struct altc *ctx, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--defaults") == 0) {
		config_print_defaults(stdout);
		return EX_OK;
	}
	if (argc == 1) {
		config_print(ctx->cfg, stdout);
		return EX_OK;
	}
	return cli_usage_error(argv[0], "unexpected argument '%s'", argv[1]);
}

const struct cli_cmd cli_cmds_engine[] = {
	{ "config", cmd_config, CLI_CONFIG,
	  "  altc config             print the effective configuration\n"
	  "  altc config --defaults  print every key with its default and help\n",
	  "show the configuration" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};
