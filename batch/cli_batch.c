/*
 * cli_batch.c - the commands of this layer (see cli.h).
 */
#include "compat.h"

#include "cli.h"

const struct cli_cmd cli_cmds_batch[] = {
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

#include "input.h"

/* batch_register_inputs - no handler yet: such inputs go to failed/ with a reason */
void
batch_register_inputs(void)
{
}
