/*
 * bounce.c - the bounce score of a user, kept in users.bounce_score and
 * users.bounce_at.  Decay is a reset: a score older than the window expires
 * (Mailman's bounce_info_stale_after), so occasional soft bounces over
 * months never add up.
 */
#include "compat.h"

#include "altc.h"
#include "bounce.h"
#include "config.h"
#include "db.h"
#include "util.h"

int
bounce_record(struct altc *ctx, int64_t user_id, int hard, const char *status,
    int *unreachable_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT bounce_score, bounce_at, unreachable FROM users WHERE id = ?");
	int64_t now = now_epoch(), window = config_int(ctx->cfg, "bounces.window");
	double score = 0, threshold = (double)config_int(ctx->cfg, "bounces.threshold");
	int was = 0, rc;
	char detail[96];

	db_bind_int(st, 1, user_id);
	rc = db_step(ctx->db, st, errstr_r);
	if (rc == 1) {
		score = sqlite3_column_double(st, 0);
		if (sqlite3_column_type(st, 1) == SQLITE_NULL ||
		    sqlite3_column_int64(st, 1) + window < now)
			score = 0;
		was = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("bounce for unknown user %lld", (long long)user_id);
		return -1;
	}
	score = hard ? threshold : score + 1;
	*unreachable_r = was || score >= threshold;
	st = db_prepare(ctx->db,
	    "UPDATE users SET bounce_score = ?, bounce_at = ?, unreachable = ?, updated_at = ?"
	    " WHERE id = ?");
	sqlite3_bind_double(st, 1, score);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, *unreachable_r);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, user_id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	xsnprintf(detail, sizeof(detail), "status %s, score %.0f/%.0f", status, score, threshold);
	return db_audit(ctx->db, NULL, "user", user_id, was ? "unreachable" : "reachable",
	    hard ? "bounce.hard" : "bounce.soft", *unreachable_r ? "unreachable" : "reachable",
	    detail) < 0 ? -1 : 0;
}
