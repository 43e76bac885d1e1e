/*
 * mail_action.h - the interface between the inbound mail pipeline and the
 * capabilities that act on mail (signup, offers, applications, documents,
 * missions).  The pipeline parses, routes, authenticates the token and
 * extracts the command; an action only sees this digest, never MIME.
 *
 * Registration: an action registers for a token purpose (reply+TOKEN and
 * links) or for a fixed address (offres@, documents@, inscription@) with the
 * verbs it accepts.  The pipeline answers "not allowed here" / "not
 * understood" itself, listing the verbs of the purpose.
 */
#ifndef ALTC_MAIL_ACTION_H
#define ALTC_MAIL_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "input.h"
#include "token.h"

struct altc;

struct mail_form_field {
	char *key;	/* normalised: lower case, no accents, spaces as '_' ("date_de_naissance") */
	char *value;	/* trimmed UTF-8 */
};

struct mail_attachment {
	char *filename;		/* decoded (RFC 2047/2231), path components removed */
	char *content_type;	/* lower case "type/subtype" */
	const unsigned char *data;
	size_t len;
	int is_pdf;		/* checked by content (%PDF- header and %%EOF trailer) */
};

/*
 * mail_answer - what the pipeline tells the sender of a refused input: the
 * action fills it before returning INPUT_REJECTED (both fields optional).
 */
struct mail_answer {
	const char *code;	/* a reply.error code (templates/VARIABLES.md); NULL: "invalid" */
	char *detail;		/* the explanation in the sender's language, malloc'ed;
				 * NULL: the reason itself */
};

struct mail_request {
	const char *route;		/* "reply", "offres", "documents", "inscription", "missions",
				 * "formations", "msg" */
	const char *message_id;		/* without <> */
	const char *sender;		/* From address, lower case */
	const char *sender_name;	/* decoded display name, may be "" */
	int64_t sender_user_id;		/* 0 when the address is unknown */
	const char *subject;		/* decoded UTF-8 */
	const char *locale;		/* "fr" or "en": the user's, else guessed */
	const char *token_clear;	/* the token as found, or NULL */
	const struct token_info *token;	/* verified token (status OK), or NULL */
	const char *verb;		/* canonical upper-case verb ("VALIDER"), or NULL */
	const char *args;		/* the rest of the command line, trimmed, may be "" */
	const char *text;		/* new text of the reply (quotes, signature removed) */
	const struct mail_form_field *form;
	size_t nform;
	const struct mail_attachment *attachments;
	size_t nattachments;
	struct mail_answer *answer;	/* never NULL; see struct mail_answer */
	/*
	 * authenticated: the sender proved they hold the mailbox: the mail
	 * came on a key of theirs, confirms a held command (mail_action_hold),
	 * or the trusted MTA says dmarc=pass for the From domain
	 */
	int authenticated;
};

/*
 * mail_request_text - what the sender wrote with a command: its arguments,
 * then the lines below the command line, trimmed ("" when nothing); caller
 * frees
 */
char *mail_request_text(const struct mail_request *req);

/* mail_form_get - value of a form field by normalised key, or NULL */
const char *mail_form_get(const struct mail_request *req, const char *key);

/*
 * An action applies the request inside the input's savepoint.  It returns
 * INPUT_DONE when applied, INPUT_REJECTED with *reason_r for the failed/
 * reason file (the pipeline then mails reply.error, within the sender's
 * daily budget, with req->answer's code and detail, or "invalid" and the
 * reason), INPUT_TEMPFAIL on a transient error.
 */
typedef enum input_result (*mail_action_fn)(struct altc *ctx,
    const struct mail_request *req, char **reason_r);

struct mail_action {
	const char *purpose;		/* token purpose, or route for fixed addresses */
	const char *const *verbs;	/* NULL-terminated canonical verbs accepted */
	mail_action_fn apply;
	/*
	 * default_verb: the verb of a reply that holds no command (a student
	 * answering the invitation with form lines only), or NULL.
	 * expired_ok: an expired token of this purpose still reaches apply, from
	 * its owner only, with req->token NULL and req->token_clear set, so the
	 * action can send a fresh one.
	 */
	const char *default_verb;
	int expired_ok;
};

/*
 * Modules list their actions in their descriptor (module.h); an action
 * registered by hand comes first.
 * mail_action_register - add an action (static storage, not copied)
 */
void mail_action_register(const struct mail_action *a);
/* mail_action_find - the action of a purpose/route, or NULL */
const struct mail_action *mail_action_find(const char *purpose);
/*
 * mail_action_nth - the nth action (from 0) of a purpose/route, in the
 * order mail_action_find looks; NULL after the last
 */
const struct mail_action *mail_action_nth(const char *purpose, size_t n);
/*
 * mail_action_find_verb - the first action of a purpose/route that lists
 * verb, else mail_action_find's: several modules may act on one address or
 * key, each for its own verbs (inscription@: employers register, staff add
 * a student with ETUDIANT)
 */
const struct mail_action *mail_action_find_verb(const char *purpose, const char *verb);

/*
 * mail_action_with_verb - the first action of a purpose/route that lists
 * verb, or NULL when none does
 */
const struct mail_action *mail_action_with_verb(const char *purpose, const char *verb);

/*
 * Verbs a person may write on any key they received, whatever the mail was
 * about (a student asks for a sponsor on any mail): actions registered for
 * these purposes, by the kind of the key's owner.  Their verbs come after
 * those of the key's own actions (a verb of the key wins), are not limited
 * by the key's commands, and never spend a single-use key.
 */
#define MAIL_ANY_STUDENT_KEY "*student"
#define MAIL_ANY_STAFF_KEY "*staff"

/*
 * mail_action_refuse - INPUT_REJECTED with the failed/ reason, and what the
 * sender is told: a reply.error code and the detail in their language (both
 * strings are taken over)
 */
enum input_result mail_action_refuse(const struct mail_request *req, const char *code,
    char *detail, char *reason, char **reason_r);

/*
 * mail_action_result - a workflow status (status.h) as an input result: refused ones get
 * the code of the status and the engine's message in the sender's language
 */
enum input_result mail_action_result(const struct mail_request *req, int status, char *err,
    char **reason_r);

/*
 * mail_action_hold - a staff command that would create accounts, sent to a
 * fixed address without req->authenticated: nothing is done; the command
 * is kept (engine/pending.h) and the staff member gets staff.confirm at
 * their registered address, with summary_json (the template's variables
 * saying what would be done, a JSON object) and a single-use key that takes
 * CONFIRMER (the action then runs again with req->authenticated set) or
 * ANNULER, for tokens.staff_confirm_ttl.  INPUT_DONE, INPUT_REJECTED when
 * the text is too long to be kept, INPUT_TEMPFAIL on SQL error.
 */
enum input_result mail_action_hold(struct altc *ctx, const struct mail_request *req,
    const char *summary_json, char **reason_r);

/* the action of the key of a held command: CONFIRMER, ANNULER (mail_confirm.c) */
extern const struct mail_action mail_confirm_actions[];

#endif
