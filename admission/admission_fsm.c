/*
 * admission_fsm.c - the dossier of a candidate for a formation: incomplete
 * while pieces are missing, transmitted to the formation's rp (and locked)
 * once complete, unlocked for one piece the rp refuses until it comes back
 * (or the deadline closes it), then an interview and a decision.  The
 * candidate may abandon it while it is alive.
 */
#include "compat.h"

#include "admission_fsm.h"
#include "db.h"
#include "fsm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NONE { NULL }

static const struct fsm_transition candidate_t[] = {
	{ "unconfirmed", "confirm", "confirmed", NULL, NONE },
	{ "unconfirmed", "expire", "expired", NULL, NONE },
};
static const struct fsm_state_label candidate_l[] = {
	{ "unconfirmed", "adresse à confirmer", "address to confirm" },
	{ "confirmed", "adresse confirmée", "address confirmed" },
	{ "expired", "inscription expirée", "signup expired" },
};
const struct fsm fsm_candidate = { "candidate",
	"SELECT state FROM candidates WHERE id = ?",
	"UPDATE candidates SET state = ?1, updated_at = ?3 WHERE id = ?2",
	candidate_t, N(candidate_t), candidate_l, N(candidate_l) };

/* the mails of each transition are queued by admission.c, richer than templates alone */
static const struct fsm_transition dossier_t[] = {
	{ "incomplete", "piece", "incomplete", NULL, NONE },
	{ "incomplete", "complete", "transmitted", NULL, NONE },
	{ "incomplete", "abandon", "abandoned", NULL, NONE },
	{ "incomplete", "close", "closed", NULL, NONE },
	{ "transmitted", "refuse_piece", "piece_refused", NULL, NONE },
	{ "transmitted", "convene", "interview", NULL, NONE },
	{ "transmitted", "admit", "admitted", NULL, NONE },
	{ "transmitted", "waitlist", "waitlisted", NULL, NONE },
	{ "transmitted", "refuse", "refused", NULL, NONE },
	{ "transmitted", "abandon", "abandoned", NULL, NONE },
	{ "piece_refused", "refuse_piece", "piece_refused", NULL, NONE },
	{ "piece_refused", "piece", "piece_refused", NULL, NONE },
	{ "piece_refused", "complete", "transmitted", NULL, NONE },
	{ "piece_refused", "abandon", "abandoned", NULL, NONE },
	{ "piece_refused", "close", "closed", NULL, NONE },
	{ "interview", "convene", "interview", NULL, NONE },
	/* the candidate chooses a slot, asks to move it; either side cancels */
	{ "interview", "book", "interview", NULL, NONE },
	{ "interview", "move", "interview", NULL, NONE },
	{ "interview", "cancel_interview", "transmitted", NULL, NONE },
	{ "interview", "admit", "admitted", NULL, NONE },
	{ "interview", "waitlist", "waitlisted", NULL, NONE },
	{ "interview", "refuse", "refused", NULL, NONE },
	{ "interview", "abandon", "abandoned", NULL, NONE },
	{ "waitlisted", "convene", "interview", NULL, NONE },
	{ "waitlisted", "admit", "admitted", NULL, NONE },
	{ "waitlisted", "refuse", "refused", NULL, NONE },
	{ "waitlisted", "abandon", "abandoned", NULL, NONE },
	/* an admitted candidate may still give up the place */
	{ "admitted", "abandon", "abandoned", NULL, NONE },
};
static const struct fsm_state_label dossier_l[] = {
	{ "incomplete", "incomplet", "incomplete" },
	{ "transmitted", "transmis à la formation", "sent to the formation" },
	{ "piece_refused", "pièce à renvoyer", "piece to send again" },
	{ "interview", "entretien", "interview" },
	{ "admitted", "admis", "admitted" },
	{ "waitlisted", "liste d’attente", "waiting list" },
	{ "refused", "refusé", "refused" },
	{ "abandoned", "abandonné", "withdrawn" },
	{ "closed", "clos (incomplet)", "closed (incomplete)" },
};
const struct fsm fsm_dossier = { "admission",
	"SELECT state FROM admission_dossiers WHERE id = ?",
	"UPDATE admission_dossiers SET state = ?1, updated_at = ?3 WHERE id = ?2",
	dossier_t, N(dossier_t), dossier_l, N(dossier_l) };

int
admission_state_valid(const char *s)
{
	for (size_t i = 0; i < N(dossier_l); i++)
		if (strcmp(dossier_l[i].state, s) == 0)
			return 1;
	return 0;
}

int
admission_dossier_open(const char *s)
{
	return strcmp(s, "refused") != 0 && strcmp(s, "abandoned") != 0 &&
	    strcmp(s, "closed") != 0 && strcmp(s, "admitted") != 0;
}
