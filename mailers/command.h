/*
 * command.h - the command and the form of a reply's new text.  The command
 * is the first non-empty line (greetings such as "Bonjour," skipped): a verb
 * from the verb table, case- and accent-insensitive, French with English
 * aliases, an optional ':' and the arguments.  Form lines are "key: value"
 * lines; keys are normalised (lower case, no accents, spaces as '_') and
 * mapped through the alias table (English and variant labels to one key);
 * lines starting with "- " under a key continue its value.
 */
#ifndef ALTC_COMMAND_H
#define ALTC_COMMAND_H

#include <stddef.h>

#include "mail_action.h"

/* a verb as people type it (folded upper case) and its canonical form */
struct mail_verb {
	const char *alias;
	const char *verb;
};

struct command {
	char *verb;		/* canonical upper-case verb, or NULL */
	char *args;		/* rest of the command line, trimmed ("" when none) */
	char *line;		/* the first meaningful line as written, or NULL */
	struct mail_form_field *form;
	size_t nform;
};

/* command_parse - fill c (zeroed first) from a reply's new text (UTF-8) */
void command_parse(const char *text, struct command *c);
void command_release(struct command *c);

/* command_verb - canonical verb of a word (any case, accents), or NULL */
const char *command_verb(const char *word);

/*
 * command_add_verb - teach the parser another alias of a canonical verb
 * (static strings, not copied); a new canonical verb is its own alias.
 * Modules list theirs in their descriptor (module.h), read on each lookup.
 */
void command_add_verb(const char *alias, const char *canonical);

/* command_form_key - normalised and alias-mapped key of a label (caller frees) */
char *command_form_key(const char *label);

#endif
