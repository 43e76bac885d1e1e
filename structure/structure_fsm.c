/*
 * structure_fsm.c - the workflow of a partner company of a structure: asked
 * by one of its users, then validated or refused by an admin; a refused
 * partner may be asked again.  Each transition names its mail: the
 * acknowledgement and the admins' review when asked, the user's answer
 * when decided.
 */
#include "compat.h"

#include "fsm.h"
#include "structure.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct fsm_transition partner_t[] = {
	{ "pending", "validate", "validated", NULL, { "structure.partner_decided" } },
	{ "pending", "refuse", "refused", NULL, { "structure.partner_decided" } },
	{ "refused", "request", "pending", NULL,
	  { "structure.partner_received", "structure.partner_review" } },
};
static const struct fsm_state_label partner_l[] = {
	{ "pending", "en attente de validation", "awaiting validation" },
	{ "validated", "validée", "validated" },
	{ "refused", "refusée", "refused" },
};
const struct fsm fsm_partner = { "partner",
	"SELECT state FROM structure_partners WHERE id = ?",
	"UPDATE structure_partners SET state = ?1, updated_at = ?3 WHERE id = ?2",
	partner_t, N(partner_t), partner_l, N(partner_l) };
