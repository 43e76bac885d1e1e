/*
 * inbound.h - the INPUT_MAIL handler and what it understands of a mail.
 *
 * inbound_analyse is the read-only half (parse, robot check, bounce
 * reading, routing, token discovery, reply text, command and form); `altc
 * inspect` prints it and inbound_apply acts on it: bounce scoring, sender
 * and token checks, AIDE/STOP, dispatch to the registered mail_action, and
 * error replies (reply.error, budgeted per sender and day).
 *
 * Replies: AIDE is answered with template reply.help, vars {"route",
 * "address", "verbs": [{"verb"}], "original_subject", "stopped": false};
 * STOP switches optional notifications off and is confirmed with the same
 * template and "stopped": true; REPRENDRE switches them back on ("resumed"),
 * COPIE OUI|NON the e-mail copy of notifications ("copy_on", "copy_off").  Errors use reply.error with {"code",
 * "is_<code>": true, "detail", "allowed": [{"verb"}], "original_subject",
 * "in_reply_to"}.  Both are threaded with the token's object ("offer.42")
 * when there is one, else with "mail.<Message-ID>".
 */
#ifndef ALTC_INBOUND_H
#define ALTC_INBOUND_H

#include <stddef.h>
#include <stdio.h>

#include "command.h"
#include "dsn.h"
#include "input.h"
#include "mime.h"
#include "module.h"
#include "reply.h"
#include "route.h"

struct altc;
struct config;

struct inbound_view {
	struct mime_msg msg;
	const char *automatic;		/* robot_check reason, or NULL */
	int is_bounce;
	struct dsn_result dsn;
	struct route route;
	struct reply_text reply;	/* what the sender wrote, and the command text */
	struct command cmd;
};

/* inbound_analyse - understand a mail without touching the database; -1 when it is not a mail */
int inbound_analyse(const struct config *cfg, const void *data, size_t len,
    const char *envelope_rcpt, struct inbound_view *v, char **errstr_r);
void inbound_view_release(struct inbound_view *v);

/* inbound_apply - the INPUT_MAIL handler (see input.h) */
enum input_result inbound_apply(struct altc *ctx, const struct input *in, char **reason_r);
/* inbound_inputs - that handler, as the mail-in module lists it */
extern const struct module_input inbound_inputs[];

/* error codes of reply.error */
enum inbound_error {
	IERR_UNKNOWN_TOKEN, IERR_EXPIRED_TOKEN, IERR_SPENT_TOKEN, IERR_WRONG_SENDER,
	IERR_NOT_ALLOWED, IERR_NOT_UNDERSTOOD, IERR_ATTACHMENT_REFUSED, IERR_UNKNOWN_SENDER,
	IERR_MISSING_FIELDS, IERR_RATE_LIMITED, IERR_INVALID, IERR_OTHER,
	IERR_FOREIGN_REPLY,	/* to a token's owner: someone else answered (detail: who) */
	IERR_UNAUTHENTICATED,	/* a staff command without DMARC from the trusted MTA */
	IERR_NOT_PERMITTED,	/* an action's refusal: not this sender's to do */
	IERR_NOT_POSSIBLE,	/* an action's refusal: not in the object's current state */
};

/* inbound_error_by_name - the code of a reply.error code name; unknown: IERR_INVALID */
enum inbound_error inbound_error_by_name(const char *name);

struct inbound_reply {
	int64_t user_id;		/* recipient user, or 0 */
	const char *rcpt;		/* address when user_id is 0 */
	const char *locale;		/* for unknown senders */
	const char *thread;		/* thread key or NULL */
	const char *in_reply_to;	/* Message-ID of the mail answered, or NULL */
	const char *subject;		/* subject of the mail answered */
	const char *const *verbs;	/* NULL-terminated allowed verbs, or NULL */
	const char *route, *address;	/* for reply.help */
	int token_owner;		/* the recipient proved a valid token: help is not budgeted */
	int too_large;			/* attachment_refused: for its size, not for a fake PDF */
	int unverified;			/* the trusted MTA failed SPF and DMARC for the sender */
};

/*
 * inbound_send_error - queue reply.error within the sender's daily budget
 * (then one rate_limited notice, then nothing) and the platform's
 * (limits.error_replies_global_per_day), never to an unverified sender
 * that did not prove a token of its own.  It echoes at most a short,
 * one-line excerpt of the subject; detail (which the caller makes an
 * excerpt when it quotes the sender) is cut to 4000 bytes.  Returns 1
 * queued, 0 not sent, -1 with errstr.
 */
int inbound_send_error(struct altc *ctx, const struct inbound_reply *r, enum inbound_error code,
    const char *detail, char **errstr_r);
/* what a reply.help confirms besides the list of commands */
enum inbound_help {
	HELP_ONLY,
	HELP_STOPPED,		/* STOP: optional notifications off */
	HELP_RESUMED,		/* REPRENDRE: back on */
	HELP_COPY_ON,		/* COPIE OUI: notifications copied by e-mail */
	HELP_COPY_OFF,		/* COPIE NON: only mail that is the only way to act */
};

/*
 * inbound_send_help - queue reply.help (what: a setting it confirms), within
 * the same budget unless r->token_owner (an answer to a token's owner cannot
 * be turned against a third party)
 */
int inbound_send_help(struct altc *ctx, const struct inbound_reply *r, enum inbound_help what,
    char **errstr_r);
/* inbound_error_name - "unknown_token", ... */
const char *inbound_error_name(enum inbound_error code);

/*
 * inbound_inspect - print the analysis of a mail (JSON or text) to fp,
 * with the token checked against the database when one can be opened;
 * writes nothing.  -1 with errstr when the data is not a mail.
 */
int inbound_inspect(struct altc *ctx, const void *data, size_t len, const char *rcpt, int json,
    FILE *fp, char **errstr_r);

#endif
