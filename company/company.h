/*
 * company.h - employers (DESIGN §7 Account): a company is known by its
 * SIRET and has one referent; other people of the same company join as
 * collaborators once the referent approves.  Registration by mail to
 * inscription@: the address is confirmed first (token purpose
 * "confirm_email", object "user", by the link /a/TOKEN or a reply), then the
 * account is active (first person: referent) or awaits the referent's
 * approval (token purpose "collaborator_review", object "user" = the
 * newcomer, issued to the referent, commands APPROUVER,REFUSER and the aliases
 * VALIDER, ACCEPTER, REJETER).  The confirmation token allows any command:
 * any reply from the right address confirms.
 *
 * All functions run in the caller's transaction and change nothing when
 * they fail; errors use the codes of offer.h (ACT_EINPUT...).
 */
#ifndef ALTC_COMPANY_H
#define ALTC_COMPANY_H

#include <stdint.h>

struct altc;
struct table;

struct company_fields {
	char *name, *siret, *sector, *headcount, *address, *postal_code, *city, *country;
	char *last_name, *first_name, *phone;
};

void company_fields_init(struct company_fields *f);
void company_fields_release(struct company_fields *f);
/* company_fields_copy - dst (uninitialised) becomes a deep copy of src */
void company_fields_copy(struct company_fields *dst, const struct company_fields *src);
/* company_fields_set - by normalised form key ("raison_sociale", "siret"...); 1 if known */
int company_fields_set(struct company_fields *f, const char *key, const char *value);
/* company_fields_missing - labels of missing required fields, comma separated, or NULL */
char *company_fields_missing(const struct company_fields *f, const char *locale);

/*
 * company_sirene_check - f against the SIRENE register when one is loaded
 * (sirene.h): ACT_EINPUT with *errstr_r for a SIRET the register does not
 * know (unless company.refuse_unknown_siret is off), a closed establishment
 * or a ceased legal unit; else ACT_OK with *out (uninitialised before) a
 * copy of f whose name and address are the register's when it shows them,
 * and *typed_r what f said instead (for the audit; NULL when nothing
 * changed).  Without a register *out is a plain copy.  ACT_EDB on error.
 */
int company_sirene_check(struct altc *ctx, const struct company_fields *f,
    struct company_fields *out, char **typed_r, char **errstr_r);

/* company_find - id of a SIRET (normalised first) into *id_r: 1 found, 0 not, -1 error */
int company_find(struct altc *ctx, const char *siret, int64_t *id_r, char **errstr_r);
/* company_of_user - the company of an active employer, 0 when none */
int64_t company_of_user(struct altc *ctx, int64_t user_id);

/*
 * company_add - staff: an active company (SIRET checked) and, when email is
 * given, its referent's active account.  ACT_EINPUT when the SIRET is bad
 * or already known.
 */
int company_add(struct altc *ctx, const struct company_fields *f, const char *email,
    int64_t *id_r, char **errstr_r);

/*
 * company_register - a request to inscription@ from email: checks the
 * SIRET, creates the company when new (state "unconfirmed") and the
 * employer account (state "unconfirmed"), issues the confirmation token and
 * queues account.confirm_email.  ACT_EINPUT for a bad SIRET or an address
 * that already has an account.
 */
int company_register(struct altc *ctx, const struct company_fields *f, const char *email,
    const char *locale, int64_t *user_id_r, char **errstr_r);

/*
 * company_confirm - the address of user_id is confirmed: the referent of a
 * new company becomes active (and the company too); a collaborator waits
 * for the referent, who is asked by mail with a reply key.
 */
int company_confirm(struct altc *ctx, int64_t user_id, char **errstr_r);

/* company_collaborator_decide - the referent (actor_id) approves or refuses user_id */
int company_collaborator_decide(struct altc *ctx, int64_t user_id, int64_t actor_id, int approve,
    char **errstr_r);

/*
 * company_handover - the referent (actor_id) hands the role over to another
 * active employer of the company, by address; both are told
 * (account.referent).  An ACT_ status, with errstr on a refusal.
 */
int company_handover(struct altc *ctx, int64_t actor_id, const char *email, char **errstr_r);
/* company_set_referent - hand the referent role of siret to the active employer email */
int company_set_referent(struct altc *ctx, const char *siret, const char *email,
    char **errstr_r);

/*
 * company_lookup - the active company a person names: a SIRET (spaces
 * allowed) or its name (any case and accents).  ACT_OK with *id_r;
 * ACT_EINPUT with errstr when none or several companies match.
 */
int company_lookup(struct altc *ctx, const char *text, int64_t *id_r, char **errstr_r);

/*
 * company_ensure - the company of f->siret, created active without an
 * account when new (f already checked against the register by the
 * caller), audited as actor.  ACT_OK with *id_r.
 */
int company_ensure(struct altc *ctx, const struct company_fields *f, const char *actor,
    int64_t *id_r, char **errstr_r);

/* company_referent - the active referent of a company, 0 when none */
int64_t company_referent(struct altc *ctx, int64_t company_id);

/* company_spontaneous - whether a company takes spontaneous applications: 1, 0, -1 unknown */
int company_spontaneous(struct altc *ctx, int64_t company_id);

/*
 * company_set_spontaneous - the company takes spontaneous applications
 * (on) or not, audited as actor_id (0: staff at the command line), who is
 * told by mail (account.spontaneous).  Who may is the caller's to check.
 */
int company_set_spontaneous(struct altc *ctx, int64_t company_id, int on, int64_t actor_id,
    char **errstr_r);

struct table *company_list_table(struct altc *ctx, char **errstr_r);
/* company_show_table - the company with its people, one row per person */
struct table *company_show_table(struct altc *ctx, const char *siret, char **errstr_r);

/* company_demo - the employers of the demo instance */
int company_demo(struct altc *ctx, char **errstr_r);
/* company_module - employer accounts: commands, mail actions, texts, demo data */
struct module;
extern const struct module company_module;

#endif
