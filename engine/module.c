/*
 * module.c - the list of the program's modules, and the registration of
 * what the core keeps in tables of its own (spool handlers, jobs).  The
 * other registries (commands, link pages, mail actions) are read straight
 * from the list when they are looked up.
 */
#include "compat.h"

#include "jobs.h"
#include "module.h"
#include "util.h"

static const struct module *const none[] = { NULL };
static const struct module *const *list = none;

void
modules_init(const struct module *const *mods)
{
	const struct module *const *m;

	if (mods == NULL)
		BUG("no module list");
	list = mods;
	for (m = mods; *m; m++) {
		const struct module_input *in;
		const struct job *j;

		for (in = (*m)->inputs; in && in->apply; in++)
			input_set_handler(in->kind, in->apply);
		for (j = (*m)->jobs; j && j->name; j++)
			jobs_register(j);
	}
}

const struct module *const *
modules_all(void)
{
	return list;
}

const struct module *const *
modules_end(void)
{
	const struct module *const *m = list;

	while (*m)
		m++;
	return m;
}

int
modules_after(struct altc *ctx, const char *machine, const char *event, int64_t id,
    const char *actor, char **errstr_r)
{
	MODULES_EACH(m)
		for (const struct module_hook *h = m->hooks; h && h->machine; h++)
			if (strcmp(h->machine, machine) == 0 && strcmp(h->event, event) == 0 &&
			    h->after(ctx, id, actor, errstr_r) < 0)
				return -1;
	return 0;
}

int
modules_demo(struct altc *ctx, char **errstr_r)
{
	MODULES_EACH(m)
		if (m->demo && m->demo(ctx, errstr_r) < 0)
			return -1;
	return 0;
}
