/*
 * module.h - what a module of the program hands to the core.  The program
 * is a list of modules (the core itself, the mail library, each workflow,
 * the batch jobs), kept in one table next to main; each module exports one
 * descriptor and the core only iterates over the list it is given: it never
 * calls a module by name.
 *
 * The fields the core does not read itself (mail actions, verbs, texts) are
 * pointers to types of the mail library, declared here only by name; the
 * mail library iterates over them the same way.
 *
 * Every array ends with an entry whose first field is NULL; every field
 * may be NULL.
 */
#ifndef ALTC_MODULE_H
#define ALTC_MODULE_H

#include <stdint.h>

#include "input.h"

struct altc;
struct cli_cmd;
struct job;
struct http_action;
struct http_page;
struct json_object;
struct mail_action;	/* mailers/mail_action.h */
struct mail_verb;	/* mailers/command.h */
struct user_text;	/* mailers/user_text.h */
struct person_column;	/* person.h */
struct person_retention;	/* person.h */

/*
 * module_hook - what a module does when an object of another module changes
 * state, inside the same transaction (filling an offer closes the open
 * applications to it, without the offer knowing of applications).
 */
struct module_hook {
	const char *machine;	/* the fsm's name: "offer"; NULL ends the list */
	const char *event;	/* "fill" */
	int (*after)(struct altc *ctx, int64_t id, const char *actor, char **errstr_r);
};

/*
 * profile_field - an optional field a module adds to a page where a user
 * describes themselves (the student's signup form): the page shows it,
 * checks it with the rest, and stores it in the page's transaction.
 */
struct profile_field {
	const char *key;		/* form field name, "secteur"; NULL ends the list */
	const char *label[2];		/* French, English */
	const char *hint[2];		/* under the label; may be NULL */
	/* check - NULL when value is acceptable, else the error for the reader (caller frees) */
	char *(*check)(const char *value, const char *locale);
	/* store - a non-empty checked value for user; -1 with errstr */
	int (*store)(struct altc *ctx, int64_t user_id, const char *value, char **errstr_r);
	/* value - what is on file for user, in locale (caller frees; NULL: nothing) */
	char *(*value)(struct altc *ctx, int64_t user_id, const char *locale);
};

struct module_input {
	enum input_kind kind;
	input_apply_fn apply;	/* NULL ends the list */
};

struct module {
	const char *name;			/* "offer", for messages and tests */
	const struct cli_cmd *commands;		/* altc COMMAND; ends with a NULL name */
	const struct job *jobs;			/* scheduled work; NULL name ends */
	const struct module_input *inputs;	/* spool handlers, one per kind in all */
	const struct http_page *pages;		/* forms behind /s/TOKEN, by token purpose */
	const struct http_action *links;	/* actions behind /a/TOKEN, by token purpose */
	const struct mail_action *mail_actions;	/* reply verbs, by purpose or route */
	const struct mail_verb *verbs;		/* verbs the reply parser learns; NULL alias ends */
	const struct user_text *texts;		/* French of its refusals; NULL format ends */
	const char *const *templates;		/* the mail templates it queues */
	const struct module_hook *hooks;	/* after other modules' transitions */
	const struct person_column *personal;	/* columns naming a person (person.h) */
	const struct profile_field *signup;	/* optional fields of the student's signup form */
	/*
	 * personal_files - SQL selecting (content hash, extension) of the
	 * stored files (document.h) that only the person's rows name, ?1 the
	 * user id and ?2 the address: person_erase removes them after its
	 * commit.  The documents table's PDFs are the core's own.
	 */
	const char *personal_files;
	/*
	 * personal_pdfs - its tables whose rows hold a stored PDF (columns id,
	 * sha256, filename): person_export copies their files; NULL ends
	 */
	const char *const *personal_pdfs;
	/* retention - when the sweep erases a person (person.h) */
	const struct person_retention *retention;
	/* check - print the lines of `altc check`; the number of problems found */
	int (*check)(struct altc *ctx);
	/* demo - load its part of the demo instance, in the caller's transaction */
	int (*demo)(struct altc *ctx, char **errstr_r);
	/*
	 * digest - add its sections to the variables of a user's daily digest,
	 * in the digest's transaction: 1 when it added one, 0 if not, -1 with
	 * errstr.  A section that invites an answer sets "reply_token" (a clear
	 * token) unless an earlier module did; the digest then carries it.
	 */
	int (*digest)(struct altc *ctx, int64_t user_id, const char *locale,
	    struct json_object *vars, char **errstr_r);
};

/* the core's own commands and jobs (init, serve, deliver, check, sweep...) */
extern const struct module core_module;
/* the operator's commands: backup, restore, status, person export and erase (cli_ops.c) */
extern const struct module ops_module;

/*
 * modules_init - take the program's modules (a NULL-terminated list in
 * static storage) and register their inputs and jobs.  Called once, before
 * any command; calling it again with the same list is harmless.
 */
void modules_init(const struct module *const *mods);

/* modules_all - the list given to modules_init (an empty list before) */
const struct module *const *modules_all(void);
/* modules_end - the list's terminating NULL entry */
const struct module *const *modules_end(void);

/*
 * modules_after - the hooks of every module for (machine, event) on object
 * id, after its transition, in the caller's transaction; -1 with errstr.
 */
int modules_after(struct altc *ctx, const char *machine, const char *event, int64_t id,
    const char *actor, char **errstr_r);

/* modules_demo - every module's part of the demo instance, in order; -1 with errstr */
int modules_demo(struct altc *ctx, char **errstr_r);

/* MODULES_EACH - for (m = each module) */
#define MODULES_EACH(m) \
	for (const struct module *const *m##_it = modules_all(), *m; (m = *m##_it) != NULL; m##_it++)

#endif
