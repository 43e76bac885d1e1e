/*
 * cli_mailout.c - the commands of this layer (see cli.h).
 */
#include "compat.h"

#include "cli.h"

const struct cli_cmd cli_cmds_mailout[] = {
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};
