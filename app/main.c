/*
 * main.c - the altc binary: the program's modules, then the command
 * dispatcher.
 */
#include "compat.h"

#include "cli.h"
#include "modules.h"

int
main(int argc, char **argv)
{
	altc_modules_init();
	return cli_main(argc, argv);
}
