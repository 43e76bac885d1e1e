/*
 * cli_batch.h - the batch layer's commands (cli_cmds_batch in cli.h) and the
 * one the engine's "user" command hands over to.
 */
#ifndef ALTC_CLI_BATCH_H
#define ALTC_CLI_BATCH_H

struct altc;

/*
 * cli_user_delegate - "user delegate --from RP --to GA [--formations C,...]",
 * argv[0] = "delegate"; returns a sysexits.h code.
 */
int cli_user_delegate(struct altc *ctx, int argc, char **argv);

#endif
