/*
 * application_fsm.c - the application workflow of DESIGN §7: one per
 * (student, offer), reviewed by the referent of a non-autonomous student,
 * then decided by the employer.
 */
#include "compat.h"

#include "db.h"
#include "fsm.h"
#include "application_fsm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NONE { NULL }

/* application */
static const struct fsm_transition application_t[] = {
	{ "referent_review", "referent_validate", "pending", NULL, { "application.received", "application.sent" } },
	{ "referent_review", "referent_refuse", "refused", NULL, { "application.refused" } },
	{ "referent_review", "abandon", "abandoned", NULL, NONE },
	{ "referent_review", "close", "refused", NULL, { "application.refused" } },
	{ "pending", "shortlist", "shortlisted", NULL, { "application.shortlisted" } },
	{ "pending", "accept", "accepted", NULL, { "application.accepted" } },
	{ "pending", "refuse", "refused", NULL, { "application.refused" } },
	{ "pending", "abandon", "abandoned", NULL, { "application.abandoned" } },
	{ "pending", "close", "refused", NULL, { "application.refused" } },
	{ "shortlisted", "accept", "accepted", NULL, { "application.accepted" } },
	{ "shortlisted", "refuse", "refused", NULL, { "application.refused" } },
	{ "shortlisted", "abandon", "abandoned", NULL, { "application.abandoned" } },
	{ "shortlisted", "close", "refused", NULL, { "application.refused" } },
};
static const struct fsm_state_label application_l[] = {
	{ "referent_review", "en attente du référent", "awaiting the referent" },
	{ "pending", "à traiter", "to process" },
	{ "shortlisted", "recevable", "shortlisted" },
	{ "accepted", "acceptée", "accepted" },
	{ "refused", "refusée", "refused" },
	{ "abandoned", "abandonnée", "withdrawn" },
};
const struct fsm fsm_application = { "application",
	"SELECT state FROM applications WHERE id = ?",
	"UPDATE applications SET state = ?1, updated_at = ?3 WHERE id = ?2",
	application_t, N(application_t), application_l, N(application_l) };
