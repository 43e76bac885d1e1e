/*
 * sponsor.h - sponsorship (parrainage, the Atouts pour tous programme) and
 * the chargé de mission.
 *
 * A chargé de mission is a staff account with the grant mission_officer
 * (given by an administrator, `altc staff grant`); they create referent
 * accounts (staff who follow students) and register sponsors, people
 * (staff or volunteers, with or without an account) who sponsor a student.
 *
 * A student asks for a sponsor (PARRAINAGE); the request goes to their
 * referent, else to the staff of their formations, with a sponsor proposed
 * from the pool (the active sponsor with the fewest active sponsorships).
 * One of them answers VALIDER [sponsor] (the one proposed without a name)
 * or REFUSER motif; on validation the student and the sponsor each get the
 * other's contact; either of them or a referent who follows the student
 * ends it with FIN.  Every move goes through fsm_sponsorship with its audit
 * row and its mail in the caller's transaction.
 *
 * Errors: the functions return an act_status (status.h); on anything but
 * ACT_OK, *errstr_r holds an English sentence whose French is in
 * sponsor_text.c, and nothing was changed.
 */
#ifndef ALTC_SPONSOR_H
#define ALTC_SPONSOR_H

#include <stdint.h>

#include "command.h"
#include "mail_action.h"
#include "user_text.h"

struct altc;
struct fsm;
struct table;

/* the grants of staff (table staff_grants) */
#define GRANT_MISSION_OFFICER "mission_officer"
#define GRANT_REFERENT "referent"

/* staff_grant_has - 1 when user_id holds grant kind, 0 when not, -1 on SQL error */
int staff_grant_has(struct altc *ctx, int64_t user_id, const char *kind);

/*
 * staff_grant_set - give (on 1) or take back (on 0) grant kind ("mission-officer"
 * or "mission_officer") to the staff account email, audited with actor
 */
int staff_grant_set(struct altc *ctx, const char *email, const char *kind, int on,
    const char *actor, char **errstr_r);

/* staff_grant_table - the grants: email, name, role, grant, since */
struct table *staff_grant_table(struct altc *ctx, char **errstr_r);

/*
 * mission_officer_check - whether actor_id may create referents and
 * sponsors: an admin or a chargé de mission (0: the command line, always)
 */
int mission_officer_check(struct altc *ctx, int64_t actor_id, char **errstr_r);

/*
 * referent_create - a referent account (an rp without formations, marked
 * referent) created by actor_id, with the staff activation link mailed as
 * `altc user add` does; name is "Last First" (the last word is the first
 * name) as the REFERENT lines give it.  *id_r the new account.
 */
int referent_create(struct altc *ctx, int64_t actor_id, const char *email, const char *name,
    int64_t *id_r, char **errstr_r);

/*
 * sponsor_add - register email as a sponsor ("Last First" as above), linked
 * to the account of that address when there is one; a sponsor removed
 * before is active again
 */
int sponsor_add(struct altc *ctx, int64_t actor_id, const char *email, const char *name,
    int64_t *id_r, char **errstr_r);
/*
 * sponsor_remove - the sponsor leaves the pool (their sponsorships go on);
 * with erase, their row goes and the sponsorships lose the link (`altc
 * person erase` of the address also covers the mail and the audit trail)
 */
int sponsor_remove(struct altc *ctx, const char *email, int erase, const char *actor,
    char **errstr_r);

/*
 * sponsor_find - an active sponsor by address, else by name ("First Last"
 * or "Last First", any case and accents); ACT_ENOTFOUND, or ACT_EINPUT
 * when the name fits several
 */
int sponsor_find(struct altc *ctx, const char *what, int64_t *id_r, char **errstr_r);

/*
 * sponsor_propose - the active sponsor with the fewest active sponsorships
 * (never the student themselves), 0 if none
 */
int64_t sponsor_propose(struct altc *ctx, int64_t student_id);

/* sponsor_table - the pool: email, name, account, active, sponsorships */
struct table *sponsor_table(struct altc *ctx, char **errstr_r);

/* the sponsorship workflow (sponsorship_fsm.c) */
extern const struct fsm fsm_sponsorship;

/*
 * sponsorship_request - student_id asks for a sponsor (message may be
 * NULL): a request in state requested, mailed to the referents
 * (sponsorship_referents) and confirmed to the student.  One open request
 * or sponsorship at a time.
 */
int sponsorship_request(struct altc *ctx, int64_t student_id, const char *message,
    int64_t *id_r, char **errstr_r);

/*
 * sponsorship_validate - actor_id (0: the command line), who follows the
 * student, pairs them with the sponsor named by who (an address or a name;
 * NULL or "": the one proposed); message (may be NULL) goes to both
 */
int sponsorship_validate(struct altc *ctx, int64_t id, int64_t actor_id, const char *who,
    const char *message, char **errstr_r);

/* sponsorship_refuse - actor_id, who follows the student, refuses with a motif */
int sponsorship_refuse(struct altc *ctx, int64_t id, int64_t actor_id, const char *motif,
    char **errstr_r);

/*
 * sponsorship_end - an active sponsorship ends, by the student, the sponsor
 * (by address: a volunteer has no account) or a staff member who follows
 * the student (actor_id 0 and by NULL: the command line); the others are told
 */
int sponsorship_end(struct altc *ctx, int64_t id, int64_t actor_id, const char *by,
    const char *reason, char **errstr_r);

/*
 * sponsorship_referents - who is asked: the student's referent, else the rp
 * and the delegated ga of their formations (active accounts); a malloc'ed
 * array in *ids_r, its size returned, -1 on SQL error
 */
int sponsorship_referents(struct altc *ctx, int64_t student_id, int64_t **ids_r);

/* sponsorship_table - sponsorships (state NULL: all): id, state, student, sponsor, ... */
struct table *sponsorship_table(struct altc *ctx, const char *state, char **errstr_r);

/* sponsorship_state_valid - whether s names a state of fsm_sponsorship */
int sponsorship_state_valid(const char *s);

/* the mail actions (sponsor_mail.c) */
extern const struct mail_action sponsor_mail_actions[];
extern const struct mail_verb sponsor_mail_verbs[];
/* sponsor_texts - French of the module's refusals */
extern const struct user_text sponsor_texts[];

/* sponsor_module - the descriptor */
struct module;
extern const struct module sponsor_module;

#endif
