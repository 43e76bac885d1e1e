/*
 * account_fsm.c - the account workflow of DESIGN §7 (students, staff and
 * employers): one row per legal (state, event), anything else refused.
 */
#include "compat.h"

#include "db.h"
#include "fsm.h"
#include "util.h"
#include "student.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define NONE { NULL }

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
