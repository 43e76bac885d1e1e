/*
 * interview_fsm.c - the interview workflow of DESIGN §7: slots proposed by
 * the employer, one booked by the student, cancelled or moved by either.
 */
#include "compat.h"

#include "db.h"
#include "fsm.h"
#include "interview_fsm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NONE { NULL }

/* interview */
static const struct fsm_transition interview_t[] = {
	{ "proposed", "book", "booked", NULL, { "interview.confirmed" } },
	{ "proposed", "cancel", "cancelled", NULL, { "interview.cancelled" } },
	{ "booked", "cancel", "cancelled", NULL, { "interview.cancelled" } },
	{ "booked", "reschedule", "proposed", NULL, { "interview.proposed" } },
	{ "cancelled", "propose", "proposed", NULL, { "interview.proposed" } },
};
static const struct fsm_state_label interview_l[] = {
	{ "proposed", "créneaux proposés", "slots proposed" },
	{ "booked", "confirmé", "booked" },
	{ "cancelled", "annulé", "cancelled" },
};
const struct fsm fsm_interview = { "interview",
	"SELECT state FROM interviews WHERE id = ?",
	"UPDATE interviews SET state = ?1, updated_at = ?3 WHERE id = ?2",
	interview_t, N(interview_t), interview_l, N(interview_l) };
