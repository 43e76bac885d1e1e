/*
 * student_add.h - a student account created one at a time, for students
 * who were not in an import (Atouts pour tous, a late admission): by `altc
 * student add` or by a staff member's mail to inscription@ (ETUDIANT and
 * form lines).  The account is the import's: state imported, the
 * formation, the invitation with its signup link.
 */
#ifndef ALTC_STUDENT_ADD_H
#define ALTC_STUDENT_ADD_H

#include <stdint.h>

#include "mail_action.h"
#include "user_text.h"

struct altc;

struct student_new {
	const char *last_name, *first_name, *email;
	const char *formation;		/* code */
	const char *birth_date;		/* JJ/MM/AAAA or AAAA-MM-JJ, optional */
	const char *ine;		/* optional, checked */
};

/*
 * student_add_one - create the student (or give a known one the formation)
 * inside the caller's transaction, and queue the invitation.  actor_id 0:
 * the command line; else an rp of the formation, a ga or an admin.  An ACT_
 * status (status.h); *id_r the student.
 */
int student_add_one(struct altc *ctx, int64_t actor_id, const struct student_new *n,
    int64_t *id_r, char **errstr_r);

/*
 * student_mail_add - ETUDIANT at inscription@ from staff: held until the
 * staff member confirms it from their mailbox (mail_action_hold), at once
 * when req->authenticated
 */
enum input_result student_mail_add(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

/* student_texts - French of the student module's refusals */
extern const struct user_text student_texts[];

#endif
