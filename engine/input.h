/*
 * input.h - how an input claimed from the spool is applied.  The spool layer
 * (engine) claims a file, opens the transaction and a savepoint, and calls
 * the handler registered for its kind; mailers/ registers the mail handler,
 * batch/ the import handler.  The handler changes state, writes audit rows
 * and queues notifications through the engine API, all inside that
 * savepoint; it never commits.
 */
#ifndef ALTC_INPUT_H
#define ALTC_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct altc;

enum input_kind {
	INPUT_MAIL,	/* spool/mail */
	INPUT_IMPORT,	/* spool/import */
	INPUT_NKINDS
};

struct input {
	enum input_kind kind;
	const char *path;		/* claimed file in cur/ */
	const char *name;		/* its base name */
	const unsigned char *data;	/* whole content, not NUL-safe: use len */
	size_t len;
	const char *envelope_rcpt;	/* from the file name's ",R=" tag, or NULL */
};

enum input_result {
	INPUT_DONE = 0,		/* applied (or deliberately ignored): done/ */
	INPUT_REJECTED = 1,	/* refused for a reason: failed/ + .reason, state kept */
	INPUT_TEMPFAIL = 2,	/* could not be applied now: retried, quarantined after N */
};

/*
 * A handler returns an input_result.  With INPUT_REJECTED it sets *reason_r
 * (one line, for the .reason file); its state changes (say, an error reply
 * queued) are kept.  With INPUT_TEMPFAIL the savepoint is rolled back.
 */
typedef enum input_result (*input_apply_fn)(struct altc *ctx, const struct input *in,
    char **reason_r);

/* input_set_handler - install the handler of a kind (NULL: no handler) */
void input_set_handler(enum input_kind kind, input_apply_fn fn);
input_apply_fn input_handler(enum input_kind kind);

/* input_register_all - install every layer's handlers (called by serve/once) */
void input_register_all(void);

/* each layer installs its handlers through one function */
void mailers_register_inputs(void);
void offers_register_mail_actions(void);
void application_register_mail_actions(void);
void batch_register_inputs(void);

#endif
