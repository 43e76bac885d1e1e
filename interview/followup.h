/*
 * followup.h - the referents' follow-up of the students they follow: a
 * message mailed to the student, and private notes that only staff read.
 * A staff member follows a student when they are the rp of one of the
 * student's formations, a ga with that rp's delegation, the student's
 * referent, or an admin.
 */
#ifndef ALTC_FOLLOWUP_H
#define ALTC_FOLLOWUP_H

#include <stdint.h>
#include <stdio.h>

struct altc;

enum { FOLLOWUP_OK = 0, FOLLOWUP_EDB = -1, FOLLOWUP_EINPUT = -2, FOLLOWUP_EDENIED = -3 };

/* followup_follows - 1 when staff_id follows student_id, 0 when not, -1 on SQL error */
int followup_follows(struct altc *ctx, int64_t staff_id, int64_t student_id);

/*
 * followup_add - a note (is_message 0) or a message mailed to the student
 * (is_message 1) by staff_id, in the caller's transaction; a status above
 * with *errstr_r (a user_text format)
 */
int followup_add(struct altc *ctx, int64_t staff_id, int64_t student_id, int is_message,
    const char *body, char **errstr_r);

/*
 * followup_student_of - the student a staff mail is about, from its key's
 * object: an application, a mission sheet, an interview or the student's
 * own account.  1 with *student_r, 0 when the object names no student
 * (unknown kind or row), -1 on SQL error.
 */
int followup_student_of(struct altc *ctx, const char *object_type, int64_t object_id,
    int64_t *student_r);

/*
 * followup_autonomy - staff_id, who follows student_id, makes the student
 * autonomous or not (application.h), in the caller's transaction, and gets
 * a confirmation keyed for the next follow-up command (purpose
 * student_followup); a status above with *errstr_r (a user_text format)
 */
int followup_autonomy(struct altc *ctx, int64_t staff_id, int64_t student_id, int autonomous,
    char **errstr_r);

/*
 * followup_print - messages, notes and the history of the student's
 * applications (relayed files included), interviews and mission sheets, in order
 */
int followup_print(struct altc *ctx, int64_t student_id, FILE *out, char **errstr_r);

#endif
