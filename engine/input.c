/*
 * input.c - the registry of input handlers, one per spool kind.
 */
#include "compat.h"

#include "input.h"
#include "util.h"

static input_apply_fn handlers[INPUT_NKINDS];

void
input_set_handler(enum input_kind kind, input_apply_fn fn)
{
	if ((unsigned)kind >= INPUT_NKINDS)
		BUG("bad input kind %d", (int)kind);
	handlers[kind] = fn;
}

input_apply_fn
input_handler(enum input_kind kind)
{
	if ((unsigned)kind >= INPUT_NKINDS)
		BUG("bad input kind %d", (int)kind);
	return handlers[kind];
}

void
input_register_all(void)
{
	mailers_register_inputs();
	offers_register_mail_actions();
	application_register_mail_actions();
	batch_register_inputs();
}
