/*
 * interview.h - interviews between the employer and the student of one
 * application (DESIGN §7): the employer proposes slots, the student books
 * one, either side cancels or moves it; each booked change mails both an
 * invitation (text/calendar) with a stable UID and a raised SEQUENCE.
 *
 * Every function runs inside the caller's transaction and returns one of
 * the codes below; on failure *errstr_r holds an English message that is
 * also a user_text format (interview_text.c), and nothing was changed.
 */
#ifndef ALTC_INTERVIEW_H
#define ALTC_INTERVIEW_H

#include "http.h"

#include <stddef.h>
#include <stdint.h>

#include "interview_slot.h"

struct altc;

enum {
	INTERVIEW_OK = 0,
	INTERVIEW_EDB = -1,		/* SQL error: transient */
	INTERVIEW_EINPUT = -2,		/* unreadable or impossible slot, bad number */
	INTERVIEW_EDENIED = -3,		/* not the employer or the student of it */
	INTERVIEW_ESTATE = -4,		/* not possible in this state, slot taken */
	INTERVIEW_ENOTFOUND = -5,
};

/* the verbs of each side's reply keys */
#define INTERVIEW_STUDENT_VERBS "CRENEAU,ANNULER,DEPLACER"
#define INTERVIEW_EMPLOYER_VERBS "ENTRETIEN,ANNULER,DEPLACER"

/*
 * interview_propose - slots of the employer for application app_id: a new
 * interview, or new slots for its open one (not a booked one).  The student
 * is mailed the numbered slots, the employer the slots as understood.
 * *id_r (may be NULL) is the interview.
 */
int interview_propose(struct altc *ctx, int64_t app_id, int64_t employer_id,
    const struct interview_slot *slots, size_t nslots, int64_t *id_r, char **errstr_r);

/* interview_book - slot n (from 1) of interview id for its student, first come first served */
int interview_book(struct altc *ctx, int64_t id, int64_t user_id, int64_t n, char **errstr_r);

/* interview_cancel - by either side; both mailed, with METHOD:CANCEL when it was booked */
int interview_cancel(struct altc *ctx, int64_t id, int64_t user_id, char **errstr_r);

/*
 * interview_move - by either side: a booked slot is freed and the student
 * chooses again, among new slots when the employer gives some (nslots > 0);
 * the next booking sends both an updated REQUEST
 */
int interview_move(struct altc *ctx, int64_t id, int64_t user_id,
    const struct interview_slot *slots, size_t nslots, char **errstr_r);

/* interview_remind - reminders of the booked interviews of the day after now's */
int interview_remind(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r);

/* interview_of_application - the latest interview of an application, 0 when none, -1 */
int64_t interview_of_application(struct altc *ctx, int64_t app_id);

/*
 * interview_slot_labels - the proposed slots of interview id as a reader of
 * locale reads them (NULL-terminated, caller frees each and the array), its
 * state and "offer — company"; 1, 0 when unknown, -1 with errstr
 */
int interview_slot_labels(struct altc *ctx, int64_t id, const char *locale, char ***labels_r,
    size_t *n_r, char **state_r, char **title_r, char **errstr_r);

/* interview_pages - the page where a student picks a slot (/s/TOKEN, interview_http.c) */
extern const struct http_page interview_pages[];

#endif
