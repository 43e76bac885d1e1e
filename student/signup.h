/*
 * signup.h - a student's signup: the invitation (single-use link and reply
 * key), the validation of the form (link page or reply mail), the change
 * imported -> registered, and a fresh invitation when the link expired.
 * Also the staff activation (purpose "activation") and the one-click
 * unsubscribe (purpose "unsubscribe") that share the link endpoint.
 * Everything runs inside the caller's transaction.
 */
#ifndef ALTC_SIGNUP_H
#define ALTC_SIGNUP_H

#include <stdint.h>

struct altc;
struct db;
struct user_ref;

enum signup_field {
	SIGNUP_MOBILE, SIGNUP_FIXED, SIGNUP_INE, SIGNUP_BIRTH, SIGNUP_PARCOURS, SIGNUP_FAMILY,
	SIGNUP_NFIELDS
};

/* the form values as typed (NULL or "" = not given: the value on file is kept) */
struct signup_form {
	const char *v[SIGNUP_NFIELDS];
};

/* per-field error: a message in the request's locale, or NULL */
struct signup_errors {
	const char *msg[SIGNUP_NFIELDS];
	int n;
};

/* signup_field_key - form key of a field ("portable", "date_de_naissance"...) */
const char *signup_field_key(enum signup_field f);
/* signup_field_label - its label in locale ("fr" or "en") */
const char *signup_field_label(enum signup_field f, const char *locale);

/*
 * signup_validate - check (and normalise into norm_r, caller frees each)
 * the merged values; now is the day the age is computed on.  Returns the
 * number of errors.
 */
int signup_validate(const struct signup_form *f, int64_t now, const char *locale,
    struct signup_errors *e, char *norm_r[SIGNUP_NFIELDS]);

/*
 * signup_values_on_file - what the account holds for each field (the birth
 * date as dd/mm/yyyy, "" when unknown); free with signup_values_free.
 */
int signup_values_on_file(struct db *db, int64_t user_id, char *v_r[SIGNUP_NFIELDS],
    char **errstr_r);
void signup_values_free(char *v[SIGNUP_NFIELDS]);

/*
 * signup_invite - issue a signup token (ttl import.invitation_ttl, one use,
 * command INSCRIPTION) and queue import.invitation; formation may be NULL
 * (then the student's latest one).  The clear token goes into token_r when
 * not NULL (TOKEN_BUFSZ).  -1 with *errstr_r.
 */
int signup_invite(struct altc *ctx, int64_t user_id, const char *formation,
    char *token_r, char **errstr_r);

/*
 * signup_invite_new - the same for a student created in the running
 * transaction with the default preferences (the import): u is what was
 * just written, so nothing is read back.
 */
int signup_invite_new(struct altc *ctx, const struct user_ref *u, const char *formation,
    char **errstr_r);

enum signup_outcome {
	SIGNUP_DONE,		/* registered, token spent, welcome queued */
	SIGNUP_INVALID,		/* errors filled, nothing changed */
	SIGNUP_EXPIRED,		/* the link expired: offer a fresh one */
	SIGNUP_GONE,		/* unknown, spent, or the account is no longer imported */
};

/*
 * signup_complete - apply a signup with the token of the link or reply.
 * user_id_r (may be NULL) receives the account.  Returns an outcome, or -1
 * with *errstr_r on a database error.
 */
int signup_complete(struct altc *ctx, const char *token, const struct signup_form *f,
    const char *locale, struct signup_errors *e, int64_t *user_id_r, char **errstr_r);

/* fresh signup links a user may receive within 24 hours (the first invitation included) */
#define SIGNUP_RESEND_PER_DAY 3

/*
 * signup_resend - a fresh invitation for the holder of an expired signup
 * token whose account is still imported; the older links are revoked.
 * Returns 1 when sent, 0 when there is nothing to resend (the link still
 * works, was used or revoked), 2 when SIGNUP_RESEND_PER_DAY links were
 * already issued within a day, -1 on error.
 */
int signup_resend(struct altc *ctx, const char *token, char **errstr_r);

/* account_activate - staff activation link: -> active.  Same outcomes (no INVALID). */
int account_activate(struct altc *ctx, const char *token, int64_t *user_id_r, char **errstr_r);


#endif
