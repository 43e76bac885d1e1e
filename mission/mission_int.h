/*
 * mission_int.h - what the mission*.c files share and nobody else needs:
 * a sheet loaded whole, the state transition with its mail, the rights.
 */
#ifndef ALTC_MISSION_INT_H
#define ALTC_MISSION_INT_H

#include <stdint.h>

#include "mission.h"

/* a sheet with everything its mail and its export show ("" for unknown text) */
struct mission_sheet {
	int64_t id, student_id, author_id, company_id, formation_id, application_id, offer_id;
	int64_t decided_by, submitted_at, decided_at;
	char *state, *comment;
	char *v[MF_N];				/* the form's fields (dates in ISO) */
	char *student_name, *student_email, *student_ine, *student_birth;
	char *formation_code, *formation_label, *rncp_code, *diploma_code;
	char *rp_name, *rp_email;
};

/* mission_sheet_load - 0, or -1 with errstr (no such sheet included) */
int mission_sheet_load(struct altc *ctx, int64_t id, struct mission_sheet *s, char **errstr_r);
void mission_sheet_release(struct mission_sheet *s);
/*
 * MISSION_SHEET_SQL - the SELECT list and FROM clause of mission_sheet_load
 * (the export reads many at once); a literal, as db_prepare caches by address
 */
#define MISSION_SHEET_SQL \
	"SELECT m.id, m.student_id, coalesce(m.author_id, 0), coalesce(m.company_id, 0)," \
	" coalesce(m.formation_id, 0), coalesce(m.application_id, 0), coalesce(m.offer_id, 0)," \
	" coalesce(m.decided_by, 0), coalesce(m.submitted_at, 0), coalesce(m.decided_at, 0)," \
	" m.state, m.comment," \
	" m.company_name, m.siret, m.company_address, m.tutor, m.tutor_email, m.contract_manager," \
	" m.start_date, m.end_date, m.subject, m.activities, m.school_year, m.promotion," \
	" trim(s.first_name || ' ' || s.last_name), s.email, s.ine, s.birth_date," \
	" f.code, f.label, f.rncp_code, f.diploma_code," \
	" trim(coalesce(r.first_name, '') || ' ' || coalesce(r.last_name, '')), r.email" \
	" FROM missions m JOIN users s ON s.id = m.student_id" \
	" LEFT JOIN formations f ON f.id = m.formation_id" \
	" LEFT JOIN users r ON r.id = f.rp_id"

/* mission_sheet_read - fill s from a row of mission_sheet_sql */
void mission_sheet_read(void *stmt, struct mission_sheet *s);

/* mission_field_column - the column of table missions that holds a field */
const char *mission_field_column(enum mission_field i);

/* mission_fsm - a transition of fsm_mission with the mail it names; act_status */
int mission_fsm(struct altc *ctx, int64_t id, const char *event, const char *actor,
    const char *detail, char **errstr_r);

/* mission_may_edit - the author, the student or the student's employer */
int mission_may_edit(struct altc *ctx, int64_t id, int64_t user_id);
/* mission_may_review - the formation's rp, or a ga delegated by that rp for it, active */
int mission_may_review(struct altc *ctx, int64_t id, int64_t user_id);

/*
 * mission_notify_draft - the draft (its fields, what is missing, how to
 * submit) to its author with a reply key; also to the student and the
 * employer when both - the sheet of an accepted application.
 */
int mission_notify_draft(struct altc *ctx, int64_t id, int64_t author_id, int both,
    char **errstr_r);

#endif
