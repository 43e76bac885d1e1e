/*
 * modules.h - the modules the altc program is made of, in the order their
 * commands are listed and their demo data loaded.
 */
#ifndef ALTC_MODULES_H
#define ALTC_MODULES_H

struct module;

/* altc_modules - the NULL-terminated table */
extern const struct module *const altc_modules[];

/* altc_modules_init - hand the table to the core (modules_init); idempotent */
void altc_modules_init(void);

#endif
