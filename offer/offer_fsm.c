/*
 * offer_fsm.c - the offer workflow of DESIGN §7: the offer itself and its
 * validation per formation.  One row per legal (state, event); anything
 * else is refused by fsm_apply with a clear error.
 */
#include "compat.h"

#include "db.h"
#include "fsm.h"
#include "offer.h"

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
