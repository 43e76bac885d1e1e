/*
 * application.h - applications of students to offers (DESIGN §7): one per
 * (student, offer), never re-opened once abandoned.  A non-autonomous
 * student's application waits for their referent (referent_review); then
 * the employer receives it with the student's documents (pending), and
 * decides: shortlisted (recevable), accepted or refused.  Every move goes
 * through fsm_application (engine/fsm_tables.c), with its audit row and
 * its mail in the caller's transaction.
 *
 * Errors: the functions return an application_status; on anything but
 * APPLICATION_OK, *errstr_r holds an English sentence whose French is in
 * mailers/user_text.c, and nothing was changed.
 */
#ifndef ALTC_APPLICATION_H
#define ALTC_APPLICATION_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"

struct altc;
struct table;

enum application_status {
	APPLICATION_OK = 0,
	APPLICATION_EDB = -1,		/* database error: retry later */
	APPLICATION_EINPUT = -2,	/* a missing document, a missing motif */
	APPLICATION_EDENIED = -3,	/* not this person's to decide */
	APPLICATION_ESTATE = -4,	/* already decided, already applied, cap reached */
	APPLICATION_ENOTFOUND = -5,	/* no such application or offer */
};

/* what a student sends: the documents attached, or none for the defaults */
struct application_request {
	int64_t student_id, offer_id;
	int64_t company_id;		/* offer_id 0: a spontaneous application to this company */
	const char *comment;		/* may be NULL or "" */
	const int64_t *docs;		/* documents ids, NULL with ndocs 0: the default CV and LM */
	size_t ndocs;
	int one_click;			/* sent from the one-click page */
};

/*
 * application_create - a new application in state pending (or
 * referent_review for a non-autonomous student), mailed to the employer
 * (or the referent) and confirmed to the student.  *id_r the new id.
 */
int application_create(struct altc *ctx, const struct application_request *r, int64_t *id_r,
    char **errstr_r);

/*
 * A spontaneous application (offer_id 0, company_id set) goes the same
 * way: one per (student, company), refused when the company does not take
 * them (its referent's setting) or has nobody on the platform to read
 * them; the company's referent, or the structure's user who answers for a
 * partner company, receives application.spontaneous with the student's
 * profile, CV and letter, and answers RECEVABLE, REFUSER motif or MESSAGE.
 */

/*
 * application_spontaneous_setting - SPONTANEES OUI|NON from user_id about
 * company_id (0: the user's own company): its referent, or for a partner
 * company without an active referent the structure's user who answers for
 * it.  An application_status.
 */
int application_spontaneous_setting(struct altc *ctx, int64_t user_id, int64_t company_id,
    int on, char **errstr_r);

/* application_employer_of - who answers an application first for the company, 0 if nobody */
int64_t application_employer_of(struct altc *ctx, int64_t app_id);
/*
 * application_employer_side - whether user_id answers the application for
 * the company (its employers, the author of a structure's offer, the
 * structure's users of a shared offer or of a partner company)
 */
int application_employer_side(struct altc *ctx, int64_t app_id, int64_t user_id);

enum application_decision {
	APPLICATION_SHORTLIST,		/* RECEVABLE (employer) */
	APPLICATION_ACCEPT,		/* ACCEPTER (employer) */
	APPLICATION_REFUSE,		/* REFUSER (employer) */
	APPLICATION_ABANDON,		/* ABANDONNER (student) */
	APPLICATION_REFERENT_VALIDATE,	/* VALIDER (referent) */
	APPLICATION_REFERENT_REFUSE,	/* REFUSER motif (referent) */
};

/*
 * application_decide - one decision by actor_id (0: staff at the command
 * line, allowed everything) with an optional message for the student.
 */
int application_decide(struct altc *ctx, int64_t app_id, int64_t actor_id,
    enum application_decision d, const char *message, char **errstr_r);

/*
 * application_ask_advice - CONSEIL: the student of an open application asks
 * their referent for advice on it (text: their question, may be empty);
 * the referent gets the application and answers the student with MESSAGE.
 */
int application_ask_advice(struct altc *ctx, int64_t app_id, int64_t student_id,
    const char *text, char **errstr_r);

/*
 * application_give_advice - CONSEIL by the referent: advice on the student's
 * application (text, required) mailed to the student with a key on which
 * they may ask again, kept in the student's follow-up as a message.  Only by
 * the referent who is asked for the student's applications (app_referent).
 */
int application_give_advice(struct altc *ctx, int64_t app_id, int64_t referent_id,
    const char *text, char **errstr_r);

/*
 * application_referent_edit - before validating, the referent of a
 * non-autonomous student replaces the application's message (comment,
 * NULL: kept) and its documents of the types of docs (a new CV replaces the
 * CV...).  Only in state referent_review, only by that referent.
 */
int application_referent_edit(struct altc *ctx, int64_t app_id, int64_t referent_id,
    const char *comment, const int64_t *docs, size_t ndocs, char **errstr_r);

/* application_student_of - the student of an application, 0 if none */
int64_t application_student_of(struct altc *ctx, int64_t app_id);

/*
 * application_send_list - CANDIDATURES: the applications of an offer by
 * state, mailed to the employer user_id (who must manage the offer).
 */
int application_send_list(struct altc *ctx, int64_t offer_id, int64_t user_id, char **errstr_r);

/* application_remind - the reminder sweep: employers with applications pending for days */
int application_remind(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r);

/*
 * application_one_click_link - the one-click link of an offer for a student
 * into *url_r (caller frees), or NULL when the employer, the student or the
 * documents do not allow it.  -1 with errstr on SQL error.
 */
int application_one_click_link(struct altc *ctx, int64_t student_id, int64_t offer_id,
    char **url_r, char **errstr_r);

/* application_links - the one-click page (/a/TOKEN, purpose apply_one_click) */
extern const struct http_action application_links[];

/* application_pages - the page of the links to an application's documents (/s/TOKEN) */
extern const struct http_page application_pages[];
/*
 * application_set_autonomous - whether student_id's next applications go
 * straight to the employer (autonomous 1) or wait for the referent first
 * (0), audited with actor (NULL: staff at the command line), in the
 * caller's transaction.  APPLICATION_ENOTFOUND when student_id is no student.
 */
int application_set_autonomous(struct altc *ctx, int64_t student_id, int autonomous,
    const char *actor, char **errstr_r);

/* application_offer_of - the offer of an application, 0 when unknown */
int64_t application_offer_of(struct altc *ctx, int64_t app_id);

/*
 * application_list_table - for the CLI: offer_id (0: any), student email
 * (NULL: any), state (NULL: any).  NULL with errstr on an unknown student.
 */
struct table *application_list_table(struct altc *ctx, int64_t offer_id, const char *student,
    const char *state, char **errstr_r);
/* application_show_table - one application as a key/value table, NULL if unknown */
struct table *application_show_table(struct altc *ctx, int64_t app_id, char **errstr_r);

/* application_state_valid - whether s names a state of fsm_application */
int application_state_valid(const char *s);

#endif
