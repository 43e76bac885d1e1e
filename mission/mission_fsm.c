/*
 * mission_fsm.c - the mission sheet workflow of DESIGN §7: drafted, submitted,
 * validated or rejected (then corrected and submitted again) by the rp.
 */
#include "compat.h"

#include "db.h"
#include "fsm.h"
#include "mission_fsm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NONE { NULL }

/* mission sheet */
static const struct fsm_transition mission_t[] = {
	{ "draft", "edit", "draft", NULL, NONE },
	{ "draft", "submit", "submitted", NULL, { "mission.to_validate" } },
	{ "submitted", "validate", "validated", NULL, { "mission.validated" } },
	{ "submitted", "reject", "rejected", NULL, { "mission.rejected" } },
	{ "rejected", "edit", "rejected", NULL, NONE },
	{ "rejected", "submit", "submitted", NULL, { "mission.to_validate" } },
};
static const struct fsm_state_label mission_l[] = {
	{ "draft", "brouillon", "draft" },
	{ "submitted", "à valider", "to validate" },
	{ "validated", "en cours", "in progress" },
	{ "rejected", "à corriger", "to correct" },
};
const struct fsm fsm_mission = { "mission",
	"SELECT state FROM missions WHERE id = ?",
	"UPDATE missions SET state = ?1, updated_at = ?3 WHERE id = ?2",
	mission_t, N(mission_t), mission_l, N(mission_l) };
