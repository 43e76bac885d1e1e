/*
 * fsm_tables.c - the workflows of DESIGN §7 written out.  One row per legal
 * (state, event); anything else is refused by fsm_apply with a clear error.
 */
#include "compat.h"

#include "db.h"
#include "fsm.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NONE { NULL }

/* an offer is published only once a formation has validated it (or none is targeted) */
static int
offer_has_validation(struct db *db, int64_t id, const char **why_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT count(*) FILTER (WHERE state = 'validated'), count(*)"
	    " FROM offer_formations WHERE offer_id = ?");
	int ok = 0;

	db_bind_int(st, 1, id);
	if (db_step(db, st, NULL) == 1)
		ok = sqlite3_column_int(st, 0) > 0 || sqlite3_column_int(st, 1) == 0;
	sqlite3_reset(st);
	if (!ok)
		*why_r = "no formation has validated the offer";
	return ok;
}

/* an offer is rejected only when every targeted formation rejected it (or the pool did) */
static int
offer_all_rejected(struct db *db, int64_t id, const char **why_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT count(*) FILTER (WHERE state <> 'rejected'), count(*)"
	    " FROM offer_formations WHERE offer_id = ?");
	int ok = 0;

	db_bind_int(st, 1, id);
	if (db_step(db, st, NULL) == 1)
		ok = sqlite3_column_int(st, 0) == 0;	/* none targeted: the pool decided */
	sqlite3_reset(st);
	if (!ok)
		*why_r = "a formation has not rejected the offer";
	return ok;
}

/* a minor must have given a family contact before completing the signup */
static int
student_signup_complete(struct db *db, int64_t id, const char **why_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT birth_date, coalesce(family_contact, '') FROM users WHERE id = ?");
	int ok = 0;

	db_bind_int(st, 1, id);
	if (db_step(db, st, NULL) == 1) {
		const char *bd = db_col_text(st, 0);	/* YYYY-MM-DD */

		ok = *bd != '\0';
		if (!ok)
			*why_r = "birth date missing";
		else if (*db_col_text(st, 1) == '\0') {
			/* the engine's clock (ALTC_NOW in tests), as signup reads it */
			sqlite3_stmt *q = db_prepare(db,
			    "SELECT date(?1, '+18 years') > date(?2, 'unixepoch')");

			db_bind_text(q, 1, bd);
			db_bind_int(q, 2, now_epoch());
			if (db_step(db, q, NULL) == 1 && sqlite3_column_int(q, 0)) {
				ok = 0;
				*why_r = "a minor must give a family contact";
			}
			sqlite3_reset(q);
		}
	}
	sqlite3_reset(st);
	return ok;
}

/* account: students, staff and employers */
static const struct fsm_transition account_t[] = {
	{ "imported", "signup", "registered", student_signup_complete, { "account.welcome" } },
	{ "imported", "close", "closed", NULL, NONE },
	{ "registered", "close", "closed", NULL, NONE },
	{ "pending", "activate", "active", NULL, { "account.welcome" } },
	{ "pending", "close", "closed", NULL, NONE },
	{ "unconfirmed", "confirm", "active", NULL, { "account.welcome" } },
	{ "unconfirmed", "confirm_collaborator", "awaiting_approval", NULL, NONE },
	{ "unconfirmed", "close", "closed", NULL, NONE },
	{ "awaiting_approval", "approve", "active", NULL, { "account.welcome" } },
	{ "awaiting_approval", "refuse", "closed", NULL, NONE },
	{ "active", "close", "closed", NULL, NONE },
};
static const struct fsm_state_label account_l[] = {
	{ "imported", "étudiant potentiel", "prospective student" },
	{ "registered", "inscrit", "registered" },
	{ "pending", "en attente d'activation", "awaiting activation" },
	{ "unconfirmed", "adresse à confirmer", "address to confirm" },
	{ "awaiting_approval", "en attente d'approbation", "awaiting approval" },
	{ "active", "actif", "active" },
	{ "closed", "fermé", "closed" },
};
const struct fsm fsm_account = { "account",
	"SELECT state FROM users WHERE id = ?",
	"UPDATE users SET state = ?1, updated_at = ?3 WHERE id = ?2",
	account_t, N(account_t), account_l, N(account_l) };

/* offer */
static const struct fsm_transition offer_t[] = {
	{ "pending", "publish", "published", offer_has_validation, { "offer.published" } },
	{ "pending", "reject", "rejected", offer_all_rejected, { "offer.rejected" } },
	{ "pending", "edit", "pending", NULL, { "offer.to_validate" } },
	{ "pending", "expire", "archived", NULL, NONE },
	{ "pending", "withdraw", "withdrawn", NULL, NONE },
	{ "pending", "archive", "archived", NULL, NONE },
	{ "rejected", "edit", "pending", NULL, { "offer.to_validate" } },
	{ "rejected", "archive", "archived", NULL, NONE },
	{ "published", "edit", "pending", NULL, { "offer.to_validate" } },
	{ "published", "fill", "filled", NULL, NONE },
	{ "published", "withdraw", "withdrawn", NULL, NONE },
	{ "published", "archive", "archived", NULL, NONE },
	{ "published", "expire", "archived", NULL, NONE },
	{ "filled", "archive", "archived", NULL, NONE },
	{ "withdrawn", "archive", "archived", NULL, NONE },
	{ "rejected", "expire", "archived", NULL, NONE },
	{ "archived", "edit", "pending", NULL, { "offer.to_validate" } },
};
static const struct fsm_state_label offer_l[] = {
	{ "pending", "en attente de validation", "awaiting validation" },
	{ "published", "publiée", "published" },
	{ "rejected", "rejetée", "rejected" },
	{ "filled", "pourvue", "filled" },
	{ "withdrawn", "retirée", "withdrawn" },
	{ "archived", "archivée", "archived" },
};
const struct fsm fsm_offer = { "offer",
	"SELECT state FROM offers WHERE id = ?",
	"UPDATE offers SET state = ?1, updated_at = ?3 WHERE id = ?2",
	offer_t, N(offer_t), offer_l, N(offer_l) };

/* offer x formation: validation per formation */
static const struct fsm_transition offer_formation_t[] = {
	{ "pending", "validate", "validated", NULL, NONE },
	{ "pending", "reject", "rejected", NULL, NONE },
	{ "pending", "transfer", "pending", NULL, { "offer.transferred" } },
	{ "validated", "reset", "pending", NULL, NONE },
	{ "rejected", "reset", "pending", NULL, NONE },
};
static const struct fsm_state_label offer_formation_l[] = {
	{ "pending", "à valider", "to validate" },
	{ "validated", "validée", "validated" },
	{ "rejected", "rejetée", "rejected" },
};
const struct fsm fsm_offer_formation = { "offer_formation",
	"SELECT state FROM offer_formations WHERE rowid = ?",
	"UPDATE offer_formations SET state = ?1, decided_at = ?3 WHERE rowid = ?2",
	offer_formation_t, N(offer_formation_t), offer_formation_l, N(offer_formation_l) };

/* application */
static const struct fsm_transition application_t[] = {
	{ "referent_review", "referent_validate", "pending", NULL, { "application.received", "application.sent" } },
	{ "referent_review", "referent_refuse", "refused", NULL, { "application.refused" } },
	{ "referent_review", "abandon", "abandoned", NULL, NONE },
	{ "pending", "shortlist", "shortlisted", NULL, { "application.shortlisted" } },
	{ "pending", "accept", "accepted", NULL, { "application.accepted" } },
	{ "pending", "refuse", "refused", NULL, { "application.refused" } },
	{ "pending", "abandon", "abandoned", NULL, NONE },
	{ "pending", "close", "refused", NULL, { "application.refused" } },
	{ "shortlisted", "accept", "accepted", NULL, { "application.accepted" } },
	{ "shortlisted", "refuse", "refused", NULL, { "application.refused" } },
	{ "shortlisted", "abandon", "abandoned", NULL, NONE },
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
