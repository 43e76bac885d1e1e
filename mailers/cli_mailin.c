/*
 * cli_mailin.c - the commands of this layer (see cli.h).
 */
#include "compat.h"

#include "cli.h"

const struct cli_cmd cli_cmds_mailin[] = {
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

#include "input.h"

/* mailers_register_inputs - no handler yet: such inputs go to failed/ with a reason */
void
mailers_register_inputs(void)
{
}
