/*
 * offer_int.h - what the offer*.c files share and nobody else needs: the
 * loaded offer, the notifications they queue, and small id lists.
 */
#ifndef ALTC_OFFER_INT_H
#define ALTC_OFFER_INT_H

#include <stddef.h>
#include <stdint.h>

#include "jobs.h"
#include "offer.h"
#include "token.h"
#include "user_text.h"

struct altc;
struct db;
struct id_list;

struct offer_row {
	int64_t id, company_id, author_id, doc_id, expires_at;
	char *title, *company, *location, *duration, *positions, *description, *missions;
	char *state;
	int handicap;		/* the company's commitment to disabled workers (shown to students) */
	int64_t structure_id;	/* posted by a structure's user, else 0 */
	int shared;		/* every user of that structure receives its mails */
};

/*
 * offer_owners - who receives the mails of an offer's owner: its author,
 * then, when it is shared, every other active user of its structure
 */
int offer_owners(struct altc *ctx, const struct offer_row *o, struct id_list *l,
    char **errstr_r);


/* offer_load - 1 loaded, 0 unknown, -1 SQL error */
int offer_load(struct altc *ctx, int64_t id, struct offer_row *o, char **errstr_r);
void offer_row_release(struct offer_row *o);

/* the notifications of the offer workflow (offer_notify.c) */
int offer_notify_received(struct altc *ctx, const struct offer_row *o, char **errstr_r);
int offer_notify_to_validate(struct altc *ctx, const struct offer_row *o, int64_t of_id,
    char **errstr_r);
int offer_notify_pool(struct altc *ctx, const struct offer_row *o, char **errstr_r);
int offer_notify_transferred(struct altc *ctx, const struct offer_row *o, int64_t of_id,
    int64_t from_id, char **errstr_r);
int offer_notify_published(struct altc *ctx, const struct offer_row *o, char **errstr_r);
int offer_notify_rejected(struct altc *ctx, const struct offer_row *o, const char *formation,
    const char *reason, char **errstr_r);

/*
 * offer_opinion - the rating (0: none) and comment (malloc'ed, or NULL) a
 * formation of the student gave the offer when validating it: what a
 * student is shown wherever the offer is
 */
void offer_opinion(struct altc *ctx, int64_t offer_id, int64_t student_id, int *rating_r,
    char **comment_r);

/* offer_notify_students - offer.new_for_formation to the students of a formation (0: all) */
int offer_notify_students(struct altc *ctx, const struct offer_row *o, int64_t formation_id,
    int rating, const char *comment, char **errstr_r);
int offer_notify_student(struct altc *ctx, const struct offer_row *o, int64_t student_id,
    int rating, const char *comment, int importance, char **errstr_r);
int offer_notify_expiring(struct altc *ctx, const struct offer_row *o, char **errstr_r);
/* offer_notify_shared - offer.shared to the structure's users but actor_id, each with a key */
int offer_notify_shared(struct altc *ctx, const struct offer_row *o, int64_t actor_id,
    char **errstr_r);

/* offer_send_for_review - reset every link of the offer and ask each reviewer again */
int offer_send_for_review(struct altc *ctx, const struct offer_row *o, const char *actor,
    char **errstr_r);

/* offer_fsm - fsm_apply on the offer whose notifications are queued by offer_notify.c */
int offer_fsm(struct altc *ctx, int64_t offer_id, const char *event, const char *actor,
    const char *detail, char **errstr_r);


/* offer_jobs - the nightly "offer-expiry" job (schedule.sweep) running offer_sweep */
extern const struct job offer_jobs[];
/* offer_texts - French of the offers' refusals (offer_text.c) */
extern const struct user_text offer_texts[];

#endif
