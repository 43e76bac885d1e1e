/*
 * recommend_write.c - what a run writes: the differences between each
 * recomputed list and its stored self (lines gone are unranked and dropped
 * when in no list and not manual; lines new, moved or rescored are
 * upserted, and so is every line of a changed pair, whose matched criteria
 * may read differently with the same score), the true score of the manual
 * recommendations, and one info notification (for the digest) to each
 * student and employer whose list gained a line, one pending at a time.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "notify.h"
#include "recommend.h"
#include "recommend_int.h"
#include "strbuf.h"
#include "util.h"

static int
upsert(struct altc *ctx, const struct rec_model *m, uint32_t s, uint32_t o, int score,
    int offer_side, int rank, int64_t now, struct strbuf *mb, char **errstr_r)
{
	static const char *const sql[2] = {
	    "INSERT INTO recommendations (student_id, offer_id, score, matched, student_rank,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (student_id, offer_id)"
	    " DO UPDATE SET score = excluded.score, matched = excluded.matched,"
	    " student_rank = excluded.student_rank",
	    "INSERT INTO recommendations (student_id, offer_id, score, matched, offer_rank,"
	    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (student_id, offer_id)"
	    " DO UPDATE SET score = excluded.score, matched = excluded.matched,"
	    " offer_rank = excluded.offer_rank",
	};
	sqlite3_stmt *st = db_prepare(ctx->db, sql[offer_side]);

	strbuf_reset(mb);
	(void)rec_model_score(m, s, o, mb, NULL);
	db_bind_int(st, 1, rec_model_student_id(m, s));
	db_bind_int(st, 2, rec_model_offer_id(m, o));
	db_bind_int(st, 3, score);
	db_bind_keep(st, 4, mb->buf);
	db_bind_int(st, 5, rank);
	db_bind_int(st, 6, now);
	return db_done(ctx->db, st, errstr_r);
}

/* unrank - a line left a list: clear its rank, drop it when in no list and not manual */
static int
unrank(struct altc *ctx, int64_t sid, int64_t oid, int offer_side, char **errstr_r)
{
	static const char *const sql[2] = {
	    "UPDATE recommendations SET student_rank = NULL WHERE student_id = ?1 AND offer_id = ?2",
	    "UPDATE recommendations SET offer_rank = NULL WHERE student_id = ?1 AND offer_id = ?2",
	};
	sqlite3_stmt *st = db_prepare(ctx->db, sql[offer_side]);

	db_bind_int(st, 1, sid);
	db_bind_int(st, 2, oid);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	st = db_prepare(ctx->db, "DELETE FROM recommendations WHERE student_id = ?1"
	    " AND offer_id = ?2 AND manual = 0 AND student_rank IS NULL AND offer_rank IS NULL");
	db_bind_int(st, 1, sid);
	db_bind_int(st, 2, oid);
	return db_done(ctx->db, st, errstr_r);
}

/*
 * write_list - the differences between a row's new list and its stored
 * one: lines gone are unranked, lines new or moved or rescored are
 * written, and so is every line of a dirty pair (its matched criteria may
 * read differently with the same score).  *gained when a line is new.
 */
static int
write_list(struct altc *ctx, const struct rec_model *m, const struct redo *r, int offer_side,
    uint32_t row, int64_t now, struct strbuf *mb, int *gained, struct rec_run_stats *stats,
    char **errstr_r)
{
	const struct rec_hit *nw, *old;
	size_t nn, no;
	const uint8_t *dirty_row = offer_side ? r->o : r->s, *dirty_other = offer_side ? r->s : r->o;

	nw = offer_side ? rec_model_top_offer(m, row, &nn) : rec_model_top_student(m, row, &nn);
	old = rec_model_old_list(m, offer_side, row, &no);
	*gained = 0;
	for (size_t i = 0; i < no; i++) {
		size_t j;

		for (j = 0; j < nn && nw[j].other != old[i].other; j++)
			;
		if (j < nn)
			continue;
		stats->removed++;
		if (unrank(ctx, offer_side ? rec_model_student_id(m, old[i].other) :
		    rec_model_student_id(m, row), offer_side ? rec_model_offer_id(m, row) :
		    rec_model_offer_id(m, old[i].other), offer_side, errstr_r) < 0)
			return -1;
	}
	for (size_t i = 0; i < nn; i++) {
		size_t j;

		for (j = 0; j < no && old[j].other != nw[i].other; j++)
			;
		if (j == no)
			*gained = 1;
		else if (j == i && old[j].score == nw[i].score && !dirty_row[row] &&
		    !dirty_other[nw[i].other])
			continue;
		stats->written++;
		if (upsert(ctx, m, offer_side ? nw[i].other : row, offer_side ? row : nw[i].other,
		    nw[i].score, offer_side, (int)i + 1, now, mb, errstr_r) < 0)
			return -1;
	}
	return 0;
}

/* holds_dirty - whether a list has a line with a changed row (to write again) */
static int
holds_dirty(const struct rec_model *m, int offer_side, uint32_t row, const uint8_t *dirty_other)
{
	size_t n;
	const struct rec_hit *h = offer_side ? rec_model_top_offer(m, row, &n) :
	    rec_model_top_student(m, row, &n);

	for (size_t i = 0; i < n; i++)
		if (dirty_other[h[i].other])
			return 1;
	return 0;
}

int
rec_write_lists(struct altc *ctx, const struct rec_model *m, struct redo *r, const uint8_t *only_s,
    const uint8_t *only_o, int64_t now, struct rec_run_stats *stats, char **errstr_r)
{
	struct strbuf mb = STRBUF_INIT;
	int rc = -1, gained;

	for (uint32_t s = 0; s < rec_model_students(m); s++) {
		if (only_s ? !only_s[s] : !r->s[s] && !rec_model_list_changed(m, 0, s) &&
		    !holds_dirty(m, 0, s, r->o))
			continue;
		stats->redo_students++;
		if (write_list(ctx, m, r, 0, s, now, &mb, &gained, stats, errstr_r) < 0)
			goto out;
		if (gained)
			id_list_add(&r->notify_s, rec_model_student_id(m, s));
	}
	for (uint32_t o = 0; o < rec_model_offers(m); o++) {
		if (only_o ? !only_o[o] : !r->o[o] && !rec_model_list_changed(m, 1, o) &&
		    !holds_dirty(m, 1, o, r->s))
			continue;
		stats->redo_offers++;
		if (write_list(ctx, m, r, 1, o, now, &mb, &gained, stats, errstr_r) < 0)
			goto out;
		if (gained)
			id_list_add(&r->notify_o, rec_model_offer_id(m, o));
	}
	rc = 0;
out:
	strbuf_release(&mb);
	return rc;
}

/*
 * drop_stale - the lines of offers no longer published and of students
 * gone; the manual ones stay (they are kept out of the lists when read)
 */
int
rec_drop_stale(struct altc *ctx, struct rec_run_stats *stats, char **errstr_r)
{
	static const char *const sql[] = {
	    "UPDATE recommendations SET student_rank = NULL, offer_rank = NULL"
	    " WHERE offer_id IN (SELECT id FROM offers WHERE state <> 'published')"
	    " AND (student_rank IS NOT NULL OR offer_rank IS NOT NULL)",
	    "UPDATE recommendations SET student_rank = NULL, offer_rank = NULL"
	    " WHERE student_id IN (SELECT id FROM users WHERE role = 'student'"
	    " AND state <> 'registered') AND (student_rank IS NOT NULL OR offer_rank IS NOT NULL)",
	    "DELETE FROM recommendations WHERE manual = 0 AND student_rank IS NULL"
	    " AND offer_rank IS NULL",
	};

	int unranked = 0;

	for (size_t i = 0; i < 2; i++) {
		if (db_exec(ctx->db, sql[i], errstr_r) < 0)
			return -1;
		unranked += sqlite3_changes(ctx->db->h);
	}
	/* the lines that left a list were dropped as they left: scan only for these */
	if (unranked == 0)
		return 0;
	if (db_exec(ctx->db, sql[2], errstr_r) < 0)
		return -1;
	stats->removed += (size_t)sqlite3_changes(ctx->db->h);
	return 0;
}

/* rescore_manual - the true score of the manual recommendations, for the lists */
int
rec_rescore_manual(struct altc *ctx, const struct rec_model *m, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT student_id, offer_id FROM recommendations"
	    " WHERE manual = 1");
	struct id_list s = { 0 }, o = { 0 };
	struct strbuf mb = STRBUF_INIT;
	int rc;

	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		id_list_add(&s, sqlite3_column_int64(st, 0));
		id_list_add(&o, sqlite3_column_int64(st, 1));
	}
	for (size_t i = 0; i < s.n && rc == 0; i++) {
		int64_t si = rec_model_find_student(m, s.v[i]), oi = rec_model_find_offer(m, o.v[i]);
		int sc;

		if (si < 0 || oi < 0)
			continue;
		strbuf_reset(&mb);
		if ((sc = rec_model_score(m, (uint32_t)si, (uint32_t)oi, &mb, NULL)) < 0)
			sc = 0;
		st = db_prepare(ctx->db, "UPDATE recommendations SET score = ?3, matched = ?4"
		    " WHERE student_id = ?1 AND offer_id = ?2");
		db_bind_int(st, 1, s.v[i]);
		db_bind_int(st, 2, o.v[i]);
		db_bind_int(st, 3, sc);
		db_bind_text(st, 4, mb.buf);
		rc = db_done(ctx->db, st, errstr_r);
	}
	id_list_release(&s);
	id_list_release(&o);
	strbuf_release(&mb);
	return rc < 0 ? -1 : 0;
}

/*
 * notify_one - an info notification (recommend.offers, recommend.profiles)
 * to a user with lines not yet shown, unless one is pending already
 */
static int
notify_one(struct altc *ctx, int64_t user_id, const char *kind, const char *count_sql,
    struct rec_run_stats *stats, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT 1 FROM notifications WHERE user_id = ?1"
	    " AND kind = ?2 AND digested_at IS NULL LIMIT 1");
	struct notify_msg msg = { 0 };
	char vars[64];
	int rc;
	int64_t n;

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, kind);
	if ((rc = db_step(ctx->db, st, errstr_r)) != 0) {
		sqlite3_reset(st);
		return rc < 0 ? -1 : 0;
	}
	st = db_prepare(ctx->db, count_sql);
	db_bind_int(st, 1, user_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) < 0)
		return -1;
	n = rc ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (n == 0)
		return 0;
	xsnprintf(vars, sizeof(vars), "{\"count\":%lld}", (long long)n);
	msg.user_id = user_id;
	msg.template = kind;
	msg.importance = NOTIFY_INFO;
	msg.vars_json = vars;
	if (notify_queue(ctx, &msg, errstr_r) < 0)
		return -1;
	stats->notified++;
	return 0;
}

/*
 * notify_new - the students and the employers whose lists gained a line
 * (an offer's author, else its company's referent)
 */
int
rec_notify_new(struct altc *ctx, const struct redo *r, struct rec_run_stats *stats, char **errstr_r)
{
	struct id_list authors = { 0 };
	int rc = 0;

	for (size_t i = 0; i < r->notify_s.n && rc == 0; i++)
		rc = notify_one(ctx, r->notify_s.v[i], "recommend.offers",
		    "SELECT count(*) FROM recommendations WHERE student_id = ?1"
		    " AND (student_rank IS NOT NULL OR manual = 1) AND student_seen_at IS NULL",
		    stats, errstr_r);
	for (size_t i = 0; i < r->notify_o.n && rc == 0; i++) {
		sqlite3_stmt *st = db_prepare(ctx->db, "SELECT coalesce(o.author_id, c.referent_id)"
		    " FROM offers o JOIN companies c ON c.id = o.company_id WHERE o.id = ?"
		    " AND coalesce(o.author_id, c.referent_id) IS NOT NULL");
		size_t j;
		int64_t a;

		db_bind_int(st, 1, r->notify_o.v[i]);
		if ((rc = db_step(ctx->db, st, errstr_r)) <= 0) {
			sqlite3_reset(st);
			rc = rc < 0 ? -1 : 0;
			continue;
		}
		a = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		rc = 0;
		for (j = 0; j < authors.n && authors.v[j] != a; j++)
			;
		if (j == authors.n)
			id_list_add(&authors, a);
	}
	for (size_t i = 0; i < authors.n && rc == 0; i++)
		rc = notify_one(ctx, authors.v[i], "recommend.profiles",
		    "SELECT count(*) FROM recommendations r JOIN offers o ON o.id = r.offer_id"
		    " JOIN users e ON e.id = ?1 AND e.company_id = o.company_id"
		    " WHERE r.offer_rank IS NOT NULL AND r.offer_seen_at IS NULL",
		    stats, errstr_r);
	id_list_release(&authors);
	return rc;
}
