/*
 * offer_recommend.c - recommendation by a staff member in the student's
 * direction: one student, the offers chosen for them (RECOMMANDER at
 * offres@: the student's address or INE, then offer numbers).  The other
 * direction, one offer to several students, answers the review mail
 * (offer_review.c).  Each offer becomes a manual recommendation and reaches
 * the student at once, with the rating and comment of their formation and
 * a reply key.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "notify.h"
#include "offer.h"
#include "offer_int.h"
#include "strbuf.h"
#include "util.h"

/* find_student - a student by address or INE, 0 when none */
static int64_t
find_student(struct altc *ctx, const char *who)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM users WHERE role = 'student' AND state <> 'closed'"
	    " AND (email = ?1 COLLATE NOCASE OR upper(ine) = upper(?1))");
	int64_t id = 0;

	db_bind_text(st, 1, who);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* may_recommend - an admin, a ga, or the rp of one of the student's formations */
static int
may_recommend(struct altc *ctx, int64_t actor_id, int64_t student_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM users u WHERE u.id = ?1 AND u.state = 'active' AND (u.role IN"
	    " ('admin', 'ga') OR (u.role = 'rp' AND EXISTS (SELECT 1 FROM student_formations s"
	    " JOIN formations f ON f.id = s.formation_id WHERE s.student_id = ?2"
	    " AND f.rp_id = ?1)))");
	int rc;

	db_bind_int(st, 1, actor_id);
	db_bind_int(st, 2, student_id);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc == 1;
}

void
offer_opinion(struct altc *ctx, int64_t offer_id, int64_t student_id, int *rating_r,
    char **comment_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce(l.rating, 0), coalesce(l.comment, '') FROM offer_formations l"
	    " JOIN student_formations s ON s.formation_id = l.formation_id"
	    " WHERE l.offer_id = ?1 AND s.student_id = ?2 AND l.state = 'validated'"
	    " ORDER BY l.rating DESC LIMIT 1");

	*rating_r = 0;
	*comment_r = NULL;
	db_bind_int(st, 1, offer_id);
	db_bind_int(st, 2, student_id);
	if (db_step(ctx->db, st, NULL) == 1) {
		*rating_r = sqlite3_column_int(st, 0);
		*comment_r = xstrdup(db_col_text(st, 1));
	}
	sqlite3_reset(st);
}

/* parse_ids - "12 n°15, #16" into ids; 0, or -1 at the first word that is not a number */
static int
parse_ids(const char *s, struct id_list *ids, char **bad_r)
{
	while (*s) {
		size_t n, k;
		char *end;
		long long v;

		s += strspn(s, " ,;\t");
		if (*s == '\0')
			break;
		if (strncmp(s, "n°", 3) == 0 || strncmp(s, "N°", 3) == 0)
			s += 3;
		else if (*s == '#')
			s++;
		v = strtoll(s, &end, 10);
		n = strcspn(s, " ,;\t");
		if (end == s || (size_t)(end - s) != n || v <= 0) {
			*bad_r = xstrndup(s, n ? n : 1);
			return -1;
		}
		for (k = 0; k < ids->n && ids->v[k] != (int64_t)v; k++)
			;
		if (k == ids->n)	/* an offer named twice is recommended once */
			id_list_add(ids, (int64_t)v);
		s += n;
	}
	return 0;
}

int
offer_recommend_student(struct altc *ctx, int64_t actor_id, const char *args, char **errstr_r)
{
	struct id_list ids = { 0 };
	struct offer_row o;
	char who[256], *bad = NULL;
	int64_t student;
	int rc = ACT_OK;
	size_t n;

	while (*args == ' ' || *args == ':')
		args++;
	n = strcspn(args, " ,;\t");
	(void)xstrlcpy(who, args, n + 1 < sizeof(who) ? n + 1 : sizeof(who));
	if ((student = find_student(ctx, who)) == 0) {
		*errstr_r = xasprintf("'%s' is not the address or INE of a student", who);
		return ACT_EINPUT;
	}
	if (!may_recommend(ctx, actor_id, student)) {
		*errstr_r = xasprintf("only a ga, an admin or the rp of a formation of %s recommends"
		    " offers to them", who);
		return ACT_EDENIED;
	}
	if (parse_ids(args + n, &ids, &bad) < 0 || ids.n == 0) {
		*errstr_r = bad ? xasprintf("'%s' is not an offer number", bad) :
		    xstrdup("no offer number given");
		free(bad);
		id_list_release(&ids);
		return ACT_EINPUT;
	}
	if (db_savepoint(ctx->db, "offer_recommend") < 0) {
		id_list_release(&ids);
		return ACT_EDB;
	}
	for (size_t i = 0; i < ids.n && rc == ACT_OK; i++) {
		sqlite3_stmt *st;
		char *comment;
		int rating, found = offer_load(ctx, ids.v[i], &o, errstr_r);

		if (found <= 0) {
			if (found == 0)
				*errstr_r = xasprintf("no offer %lld", (long long)ids.v[i]);
			rc = found < 0 ? ACT_EDB : ACT_ENOTFOUND;
			break;
		}
		if (strcmp(o.state, "published") != 0) {
			*errstr_r = xasprintf("offer %lld is %s, not published", (long long)o.id,
			    o.state);
			offer_row_release(&o);
			rc = ACT_ESTATE;
			break;
		}
		st = db_prepare(ctx->db,
		    "INSERT INTO recommendations (student_id, offer_id, score, manual, recommended_by,"
		    " created_at) VALUES (?1, ?2, 100, 1, ?3, ?4) ON CONFLICT (student_id, offer_id)"
		    " DO UPDATE SET manual = 1, recommended_by = excluded.recommended_by");
		db_bind_int(st, 1, student);
		db_bind_int(st, 2, o.id);
		db_bind_int(st, 3, actor_id);
		db_bind_int(st, 4, now_epoch());
		offer_opinion(ctx, o.id, student, &rating, &comment);
		if (db_done(ctx->db, st, errstr_r) < 0 ||
		    offer_notify_student(ctx, &o, student, rating, comment, NOTIFY_ACTION,
		    errstr_r) < 0 || db_audit(ctx->db, db_actor(ctx->db, actor_id), "offer", o.id,
		    o.state, "recommend", o.state, who) < 0)
			rc = ACT_EDB;
		free(comment);
		offer_row_release(&o);
	}
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "offer_recommend");
	else if (db_release(ctx->db, "offer_recommend") < 0)
		rc = ACT_EDB;
	id_list_release(&ids);
	return rc;
}
