/*
 * main.c - the altc binary: hand argv to the command dispatcher.
 */
#include "compat.h"

#include "cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
