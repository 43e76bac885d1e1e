/*
 * offer_review.c - the decisions on an offer, one formation at a time:
 * VALIDER publishes the offer for that formation's students, REJETER tells
 * the employer why, TRANSFERER hands the link to another reviewer with a
 * fresh reply key, RECOMMANDER points students of the formation to a
 * validated offer.  Who may decide is checked here, not trusted from the
 * reply key: the formation's rp, the user the link was transferred to, a ga
 * delegated by that rp, or an admin.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "fsm.h"
#include "log.h"
#include "notify.h"
#include "offer.h"
#include "offer_int.h"
#include "strbuf.h"
#include "text.h"
#include "token.h"
#include "util.h"

struct link {
	int64_t of_id, offer_id, formation_id, rp_id, assigned_to;
	char *state, *formation, *offer_state;
	int rating;
	char *comment;
};

static void
link_release(struct link *l)
{
	free(l->state);
	free(l->formation);
	free(l->offer_state);
	free(l->comment);
}

/* load_link - 1 found, 0 unknown, -1 error */
static int
load_link(struct altc *ctx, int64_t of_id, struct link *l, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT l.offer_id, l.formation_id, coalesce(f.rp_id, 0), coalesce(l.assigned_to, 0),"
	    " l.state, f.code || ' - ' || f.label, o.state, coalesce(l.rating, 0),"
	    " coalesce(l.comment, '')"
	    " FROM offer_formations l JOIN formations f ON f.id = l.formation_id"
	    " JOIN offers o ON o.id = l.offer_id WHERE l.rowid = ?");
	int rc;

	memset(l, 0, sizeof(*l));
	db_bind_int(st, 1, of_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		l->of_id = of_id;
		l->offer_id = sqlite3_column_int64(st, 0);
		l->formation_id = sqlite3_column_int64(st, 1);
		l->rp_id = sqlite3_column_int64(st, 2);
		l->assigned_to = sqlite3_column_int64(st, 3);
		l->state = xstrdup(db_col_text(st, 4));
		l->formation = xstrdup(db_col_text(st, 5));
		l->offer_state = xstrdup(db_col_text(st, 6));
		l->rating = sqlite3_column_int(st, 7);
		l->comment = xstrdup(db_col_text(st, 8));
	} else if (rc == 0)
		*errstr_r = xasprintf("no offer link %lld", (long long)of_id);
	sqlite3_reset(st);
	return rc;
}

/*
 * user_role - the role of an active user into role (16 bytes): 1, 0 when
 * unknown or inactive, -1 on a database error (errstr)
 */
static int
user_role(struct altc *ctx, int64_t id, char role[16], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT role FROM users WHERE id = ? AND state = 'active'");
	int rc;

	db_bind_int(st, 1, id);
	role[0] = '\0';
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		(void)xstrlcpy(role, db_col_text(st, 0), 16);
	sqlite3_reset(st);
	return rc;
}

/*
 * not_activated - 1 when a staff account still waits for its activation, 0
 * when not, -1 on a database error (each said in errstr)
 */
static int
not_activated(struct altc *ctx, int64_t id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT email FROM users WHERE id = ? AND state = 'pending'"
	    " AND role IN ('rp', 'ga', 'admin')");
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		*errstr_r = xasprintf("the account %s is not activated yet", db_col_text(st, 0));
	sqlite3_reset(st);
	return rc;
}

/* delegated - whether ga_id holds a delegation of rp_id for formation_id; -1 on error */
static int
delegated(struct altc *ctx, int64_t rp_id, int64_t ga_id, int64_t formation_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM delegations WHERE rp_id = ?1 AND ga_id = ?2"
	    " AND (formation_id IS NULL OR formation_id = ?3)");
	int rc;

	db_bind_int(st, 1, rp_id);
	db_bind_int(st, 2, ga_id);
	db_bind_int(st, 3, formation_id);
	rc = db_step(ctx->db, st, errstr_r);
	sqlite3_reset(st);
	return rc;
}

/* may_review - the rule of offer_may_review on a loaded link: 1, 0, -1 on error */
static int
may_review(struct altc *ctx, const struct link *l, int64_t user_id, char **errstr_r)
{
	char role[16];
	int rc;

	if ((rc = user_role(ctx, user_id, role, errstr_r)) <= 0)
		return rc;
	if (strcmp(role, "admin") == 0 || user_id == l->rp_id ||
	    (user_id == l->assigned_to && strcmp(role, "rp") == 0))
		return 1;
	if (strcmp(role, "ga") != 0 || l->rp_id == 0)
		return 0;
	return delegated(ctx, l->rp_id, user_id, l->formation_id, errstr_r);
}

int
offer_may_review(struct altc *ctx, int64_t of_id, int64_t user_id, char **errstr_r)
{
	struct link l;
	int rc;

	if ((rc = load_link(ctx, of_id, &l, errstr_r)) <= 0)
		return rc < 0 ? -1 : 0;
	rc = may_review(ctx, &l, user_id, errstr_r);
	link_release(&l);
	return rc;
}

/* parse_rating - "[note 1-5] [commentaire]"; -1 on a number out of range */
static int
parse_rating(const char *args, int *rating_r, const char **comment_r)
{
	const char *p = args;
	char *end;
	long v;

	*rating_r = 0;
	while (*p == ' ' || *p == ':')
		p++;
	*comment_r = p;
	if (*p < '0' || *p > '9')
		return 0;
	v = strtol(p, &end, 10);
	if (*end == '/' && end[1] == '5')	/* "4/5" */
		end += 2;
	if (*end != '\0' && *end != ' ' && *end != ',' && *end != '.')
		return 0;	/* a comment that starts with a digit */
	if (v < 1 || v > 5)
		return -1;
	*rating_r = (int)v;
	while (*end == ' ' || *end == ',' || *end == '.' || *end == '-')
		end++;
	*comment_r = end;
	return 0;
}

/* publish - the offer is visible for the link's formation (0: all students) */
static int
publish(struct altc *ctx, int64_t offer_id, int64_t formation_id, int rating,
    const char *comment, const char *actor, char **errstr_r)
{
	struct offer_row o;
	int rc;

	if (offer_load(ctx, offer_id, &o, errstr_r) != 1)
		return ACT_EDB;
	if (strcmp(o.state, "pending") == 0) {
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "UPDATE offers SET published_at = ?2 WHERE id = ?1");

		db_bind_int(st, 1, offer_id);
		db_bind_int(st, 2, now_epoch());
		rc = db_done(ctx->db, st, errstr_r) < 0 ? ACT_EDB :
		    offer_fsm(ctx, offer_id, "publish", actor, NULL, errstr_r);
	} else
		rc = offer_notify_published(ctx, &o, errstr_r) < 0 ? ACT_EDB : ACT_OK;
	if (rc == ACT_OK && offer_notify_students(ctx, &o, formation_id, rating, comment,
	    errstr_r) < 0)
		rc = ACT_EDB;
	offer_row_release(&o);
	return rc;
}

static int
decide_validate(struct altc *ctx, const struct link *l, int64_t actor_id, const char *args,
    char **errstr_r)
{
	sqlite3_stmt *st;
	const char *comment, *actor = db_actor(ctx->db, actor_id);
	char *who = xstrdup(actor);
	int rating, rc;

	if (parse_rating(args, &rating, &comment) < 0) {
		*errstr_r = xstrdup("the rating must be from 1 to 5");
		free(who);
		return ACT_EINPUT;
	}
	if ((rc = fsm_status(fsm_apply(ctx->db, &fsm_offer_formation, l->of_id, "validate", who,
	    comment, NULL, NULL, NULL, errstr_r))) != ACT_OK) {
		free(who);
		return rc;
	}
	st = db_prepare(ctx->db,
	    "UPDATE offer_formations SET decided_by = ?2, rating = ?3, comment = ?4 WHERE rowid = ?1");
	db_bind_int(st, 1, l->of_id);
	db_bind_int(st, 2, actor_id);
	if (rating)
		db_bind_int(st, 3, rating);
	db_bind_text(st, 4, *comment ? comment : NULL);
	rc = db_done(ctx->db, st, errstr_r) < 0 ? ACT_EDB :
	    publish(ctx, l->offer_id, l->formation_id, rating, comment, who, errstr_r);
	free(who);
	return rc;
}

static int
decide_reject(struct altc *ctx, const struct link *l, int64_t actor_id, const char *args,
    char **errstr_r)
{
	sqlite3_stmt *st;
	struct offer_row o;
	char *who = xstrdup(db_actor(ctx->db, actor_id));
	int rc = ACT_EDB, left = 1;

	while (*args == ' ' || *args == ':')
		args++;
	if (*args == '\0') {
		*errstr_r = xstrdup("a rejection needs a motif");
		free(who);
		return ACT_EINPUT;
	}
	if ((rc = fsm_status(fsm_apply(ctx->db, &fsm_offer_formation, l->of_id, "reject", who,
	    args, NULL, NULL, NULL, errstr_r))) != ACT_OK) {
		free(who);
		return rc;
	}
	rc = ACT_EDB;
	st = db_prepare(ctx->db,
	    "UPDATE offer_formations SET decided_by = ?2, comment = ?3 WHERE rowid = ?1");
	db_bind_int(st, 1, l->of_id);
	db_bind_int(st, 2, actor_id);
	db_bind_text(st, 3, args);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    token_revoke_object(ctx->db, "offer_formation", l->of_id, errstr_r) < 0 ||
	    offer_load(ctx, l->offer_id, &o, errstr_r) != 1)
		goto out;
	if (offer_notify_rejected(ctx, &o, l->formation, args, errstr_r) == 0) {
		st = db_prepare(ctx->db,
		    "SELECT count(*) FROM offer_formations WHERE offer_id = ? AND state <> 'rejected'");
		db_bind_int(st, 1, l->offer_id);
		if (db_step(ctx->db, st, errstr_r) == 1)
			left = sqlite3_column_int(st, 0);
		sqlite3_reset(st);
		rc = left == 0 && strcmp(o.state, "pending") == 0 ?
		    offer_fsm(ctx, l->offer_id, "reject", who, args, errstr_r) : ACT_OK;
	}
	offer_row_release(&o);
out:
	free(who);
	return rc;
}

/* user_by_email - id of a user by address, 0 when unknown */
static int64_t
user_by_email(struct altc *ctx, const char *email)
{
	return db_int_for(ctx->db, "SELECT id FROM users WHERE email = ?", email);
}

static int
decide_transfer(struct altc *ctx, const struct link *l, int64_t actor_id, const char *args,
    char **errstr_r)
{
	struct link moved = *l;
	struct offer_row o;
	sqlite3_stmt *st;
	char addr[256], *who;
	int64_t to;
	int rc;

	while (*args == ' ' || *args == ':')
		args++;
	(void)xstrlcpy(addr, args, sizeof(addr));
	addr[strcspn(addr, " ,;<>")] = '\0';
	if (!text_is_email(addr) || (to = user_by_email(ctx, addr)) == 0) {
		*errstr_r = xasprintf("'%s' is not the address of a staff member", addr);
		return ACT_EINPUT;
	}
	moved.assigned_to = to;
	if (to == actor_id || (rc = may_review(ctx, &moved, to, errstr_r)) == 0) {
		*errstr_r = xasprintf("%s cannot review offers of %s", addr, l->formation);
		return ACT_EDENIED;
	}
	if (rc < 0)
		return ACT_EDB;
	if (strcmp(l->state, "pending") != 0) {
		*errstr_r = xasprintf("the link is already %s", l->state);
		return ACT_ESTATE;
	}
	st = db_prepare(ctx->db, "UPDATE offer_formations SET assigned_to = ?2 WHERE rowid = ?1");
	db_bind_int(st, 1, l->of_id);
	db_bind_int(st, 2, to);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    token_revoke_object(ctx->db, "offer_formation", l->of_id, errstr_r) < 0)
		return ACT_EDB;
	who = xstrdup(db_actor(ctx->db, actor_id));
	rc = fsm_status(fsm_apply(ctx->db, &fsm_offer_formation, l->of_id, "transfer", who, addr,
	    NULL, NULL, NULL, errstr_r));
	free(who);
	if (rc != ACT_OK)
		return rc;
	if (offer_load(ctx, l->offer_id, &o, errstr_r) != 1)
		return ACT_EDB;
	rc = offer_notify_transferred(ctx, &o, l->of_id, actor_id, errstr_r) < 0 ? ACT_EDB :
	    ACT_OK;
	offer_row_release(&o);
	return rc;
}

/* find_student - a student of the formation by address or INE; 0 when none */
static int64_t
find_student(struct altc *ctx, int64_t formation_id, const char *who)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT u.id FROM users u JOIN student_formations s ON s.student_id = u.id"
	    " WHERE s.formation_id = ?1 AND u.role = 'student' AND u.state <> 'closed'"
	    " AND (u.email = ?2 COLLATE NOCASE OR upper(u.ine) = upper(?2))");
	int64_t id = 0;

	db_bind_int(st, 1, formation_id);
	db_bind_text(st, 2, who);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

static int
decide_recommend(struct altc *ctx, const struct link *l, int64_t actor_id, const char *args,
    char **errstr_r)
{
	struct strbuf unknown = STRBUF_INIT;
	struct id_list ids = { 0 };
	struct offer_row o;
	char *copy = xstrdup(args), *p = copy;
	int rc = ACT_OK;

	if (strcmp(l->state, "validated") != 0) {
		*errstr_r = xstrdup("only a validated offer can be recommended");
		free(copy);
		return ACT_ESTATE;
	}
	while (*p) {
		size_t n = strcspn(p, " ,;\t\n");

		if (n > 0) {
			int64_t id;

			char save = p[n];

			p[n] = '\0';
			if ((id = find_student(ctx, l->formation_id, p)) == 0)
				strbuf_addf(&unknown, "%s%s", unknown.len ? ", " : "", p);
			else
				id_list_add(&ids, id);
			p[n] = save;
			p += n;
		}
		if (*p)
			p++;
	}
	free(copy);
	if (unknown.len || ids.n == 0) {
		*errstr_r = unknown.len ? xasprintf("not students of %s: %s", l->formation,
		    unknown.buf) : xstrdup("no student address or INE given");
		strbuf_release(&unknown);
		id_list_release(&ids);
		return ACT_EINPUT;
	}
	strbuf_release(&unknown);
	if (offer_load(ctx, l->offer_id, &o, errstr_r) != 1) {
		id_list_release(&ids);
		return ACT_EDB;
	}
	for (size_t i = 0; i < ids.n && rc == ACT_OK; i++) {
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "INSERT INTO recommendations (student_id, offer_id, score, manual, recommended_by,"
		    " created_at) VALUES (?1, ?2, 100, 1, ?3, ?4) ON CONFLICT (student_id, offer_id)"
		    " DO UPDATE SET manual = 1, recommended_by = excluded.recommended_by");

		db_bind_int(st, 1, ids.v[i]);
		db_bind_int(st, 2, l->offer_id);
		db_bind_int(st, 3, actor_id);
		db_bind_int(st, 4, now_epoch());
		if (db_done(ctx->db, st, errstr_r) < 0 ||
		    offer_notify_student(ctx, &o, ids.v[i], l->rating, l->comment, NOTIFY_ACTION,
		    errstr_r) < 0)
			rc = ACT_EDB;
	}
	if (rc == ACT_OK && db_audit(ctx->db, db_actor(ctx->db, actor_id), "offer", l->offer_id,
	    o.state, "recommend", o.state, args) < 0)
		rc = ACT_EDB;
	offer_row_release(&o);
	id_list_release(&ids);
	return rc;
}

/* offer_closed - the offer no longer takes decisions */
static int
offer_closed(const char *state, char **errstr_r)
{
	if (strcmp(state, "pending") == 0 || strcmp(state, "published") == 0)
		return 0;
	*errstr_r = xasprintf("the offer is %s", state);
	return 1;
}

int
offer_review(struct altc *ctx, int64_t of_id, int64_t actor_id, enum offer_decision d,
    const char *args, char **errstr_r)
{
	struct link l;
	int rc;

	if ((rc = load_link(ctx, of_id, &l, errstr_r)) <= 0)
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	if ((rc = not_activated(ctx, actor_id, errstr_r)) != 0) {
		link_release(&l);
		return rc < 0 ? ACT_EDB : ACT_EDENIED;
	}
	if ((rc = may_review(ctx, &l, actor_id, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("user %lld may not review offers of %s",
			    (long long)actor_id, l.formation);
		link_release(&l);
		return rc < 0 ? ACT_EDB : ACT_EDENIED;
	}
	if (offer_closed(l.offer_state, errstr_r)) {
		link_release(&l);
		return ACT_ESTATE;
	}
	if (db_savepoint(ctx->db, "offer_review") < 0) {
		link_release(&l);
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	rc = ACT_EDB;
	switch (d) {
	case OFFER_VALIDATE: rc = decide_validate(ctx, &l, actor_id, args, errstr_r); break;
	case OFFER_REJECT: rc = decide_reject(ctx, &l, actor_id, args, errstr_r); break;
	case OFFER_TRANSFER: rc = decide_transfer(ctx, &l, actor_id, args, errstr_r); break;
	case OFFER_RECOMMEND: rc = decide_recommend(ctx, &l, actor_id, args, errstr_r); break;
	}
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "offer_review");
	else if (db_release(ctx->db, "offer_review") < 0) {
		*errstr_r = xstrdup("release failed");
		rc = ACT_EDB;
	}
	link_release(&l);
	return rc;
}

int
offer_review_pool(struct altc *ctx, int64_t offer_id, int64_t actor_id, enum offer_decision d,
    const char *args, char **errstr_r)
{
	struct offer_row o;
	char role[16], *who;
	const char *comment;
	int rating, rc;

	if ((rc = not_activated(ctx, actor_id, errstr_r)) != 0)
		return rc < 0 ? ACT_EDB : ACT_EDENIED;
	if ((rc = user_role(ctx, actor_id, role, errstr_r)) < 0)
		return ACT_EDB;
	if (rc == 0 || (strcmp(role, "ga") != 0 && strcmp(role, "admin") != 0)) {
		*errstr_r = xstrdup("only a ga or an admin decides on an offer without formation");
		return ACT_EDENIED;
	}
	if ((rc = offer_load(ctx, offer_id, &o, errstr_r)) <= 0)
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	if (d == OFFER_TRANSFER || d == OFFER_RECOMMEND) {
		*errstr_r = xstrdup("the offer targets no formation");
		offer_row_release(&o);
		return ACT_EINPUT;
	}
	if (strcmp(o.state, "pending") != 0) {
		*errstr_r = xasprintf("the offer is already %s", o.state);
		offer_row_release(&o);
		return ACT_ESTATE;
	}
	while (*args == ' ' || *args == ':')
		args++;
	if (d == OFFER_REJECT && *args == '\0') {
		*errstr_r = xstrdup("a rejection needs a motif");
		offer_row_release(&o);
		return ACT_EINPUT;
	}
	if (d == OFFER_VALIDATE && parse_rating(args, &rating, &comment) < 0) {
		*errstr_r = xstrdup("the rating must be from 1 to 5");
		offer_row_release(&o);
		return ACT_EINPUT;
	}
	if (db_savepoint(ctx->db, "offer_pool") < 0) {
		offer_row_release(&o);
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	who = xstrdup(db_actor(ctx->db, actor_id));
	if (token_revoke_object(ctx->db, "offer_pool", offer_id, errstr_r) < 0)
		rc = ACT_EDB;
	else if (d == OFFER_VALIDATE)
		rc = publish(ctx, offer_id, 0, rating, comment, who, errstr_r);
	else
		rc = offer_notify_rejected(ctx, &o, "toutes formations", args, errstr_r) < 0 ?
		    ACT_EDB : offer_fsm(ctx, offer_id, "reject", who, args, errstr_r);
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "offer_pool");
	else if (db_release(ctx->db, "offer_pool") < 0)
		rc = ACT_EDB;
	free(who);
	offer_row_release(&o);
	return rc;
}
