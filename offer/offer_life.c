/*
 * offer_life.c - the employer's life cycle of an offer (POURVUE, RETIRER,
 * ARCHIVER, DUPLIQUER, PROLONGER) and the nightly sweep: a warning
 * offers.warn_days before the expiry, archiving at the expiry and after
 * offers.archive_days whatever the state.  Filling an offer closes its open
 * applications with the polite application.refused.
 */
#include "compat.h"

#include <json-c/json.h>

/* compact, and "/" left alone (links stay readable in the outbox rows) */

#include "altc.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "jobs.h"
#include "log.h"
#include "module.h"
#include "notify.h"
#include "offer.h"
#include "offer_int.h"
#include "structure.h"
#include "util.h"

#define DAY 86400

/*
 * offer_owner_of - the company's employers, the offer's author (a
 * structure's user posting for a partner), and every user of the
 * structure once the offer is shared
 */
int
offer_owner_of(struct altc *ctx, int64_t offer_id, int64_t user_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = ?2 AND u.role = 'employer'"
	    "   AND u.state = 'active' AND (u.company_id = o.company_id OR u.id = o.author_id)),"
	    " coalesce(o.structure_id, 0), o.shared FROM offers o WHERE o.id = ?1");
	int rc;

	db_bind_int(st, 1, offer_id);
	db_bind_int(st, 2, user_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1 && sqlite3_column_int(st, 0) == 0)
		rc = sqlite3_column_int(st, 2) &&
		    structure_is_member(ctx, sqlite3_column_int64(st, 1), user_id);
	sqlite3_reset(st);
	return rc;
}

int
offer_share(struct altc *ctx, int64_t offer_id, int64_t actor_id, char **errstr_r)
{
	sqlite3_stmt *st;
	struct offer_row o;
	int rc;

	if ((rc = offer_load(ctx, offer_id, &o, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("no offer %lld", (long long)offer_id);
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	}
	if (actor_id && (rc = offer_owner_of(ctx, offer_id, actor_id, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("user %lld does not manage offer %lld",
			    (long long)actor_id, (long long)offer_id);
		rc = rc < 0 ? ACT_EDB : ACT_EDENIED;
	} else if (o.structure_id == 0) {
		*errstr_r = xstrdup("only a structure's offer is shared with the structure");
		rc = ACT_ESTATE;
	} else if (o.shared) {
		*errstr_r = xstrdup("offer already shared with the structure");
		rc = ACT_ESTATE;
	} else if (db_savepoint(ctx->db, "offer_share") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		rc = ACT_EDB;
	} else {
		st = db_prepare(ctx->db, "UPDATE offers SET shared = 1, updated_at = ?2 WHERE id = ?1");
		db_bind_int(st, 1, offer_id);
		db_bind_int(st, 2, now_epoch());
		o.shared = 1;
		rc = db_done(ctx->db, st, errstr_r) < 0 ||
		    db_audit(ctx->db, db_actor(ctx->db, actor_id), "offer", offer_id, o.state, "share",
		    o.state, NULL) < 0 || offer_notify_shared(ctx, &o, actor_id, errstr_r) < 0 ?
		    ACT_EDB : ACT_OK;
		if (rc != ACT_OK)
			db_rollback_to(ctx->db, "offer_share");
		else if (db_release(ctx->db, "offer_share") < 0)
			rc = ACT_EDB;
		else
			log_info("offer %lld: shared with structure %lld", (long long)offer_id,
			    (long long)o.structure_id);
	}
	offer_row_release(&o);
	return rc;
}

/* duplicate - a pending copy of the offer (same fields, formations, criteria) */
static int
duplicate(struct altc *ctx, const struct offer_row *o, int64_t actor_id, int64_t *new_id_r,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "INSERT INTO offers (company_id, author_id, state, title, duration, positions,"
	    " description, description_doc_id, missions, location, contract_type, keywords,"
	    " handicap, one_click, duplicated_from, expires_at, created_at, updated_at)"
	    " SELECT company_id, coalesce(?2, author_id), 'pending', title, duration, positions,"
	    " description, description_doc_id, missions, location, contract_type, keywords,"
	    " handicap, one_click, id, ?3, ?4, ?4 FROM offers WHERE id = ?1");
	struct offer_row copy;
	int64_t now = now_epoch(), id;
	int rc;

	db_bind_int(st, 1, o->id);
	if (actor_id)
		db_bind_int(st, 2, actor_id);
	db_bind_int(st, 3, now + config_int(ctx->cfg, "offers.expiry_days") * DAY);
	db_bind_int(st, 4, now);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	id = sqlite3_last_insert_rowid(ctx->db->h);
	st = db_prepare(ctx->db,
	    "INSERT INTO offer_formations (offer_id, formation_id, assigned_to)"
	    " SELECT ?2, l.formation_id, f.rp_id FROM offer_formations l"
	    " JOIN formations f ON f.id = l.formation_id WHERE l.offer_id = ?1");
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	st = db_prepare(ctx->db,
	    "INSERT INTO offer_criteria (offer_id, criterion_id, value)"
	    " SELECT ?2, criterion_id, value FROM offer_criteria WHERE offer_id = ?1");
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, id);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    db_audit(ctx->db, db_actor(ctx->db, actor_id), "offer", id, NULL, "duplicate",
	    "pending", o->title) < 0 || offer_load(ctx, id, &copy, errstr_r) != 1)
		return ACT_EDB;
	rc = offer_notify_received(ctx, &copy, errstr_r) < 0 ||
	    offer_send_for_review(ctx, &copy, db_actor(ctx->db, actor_id), errstr_r) < 0 ?
	    ACT_EDB : ACT_OK;
	offer_row_release(&copy);
	if (new_id_r)
		*new_id_r = id;
	return rc;
}

/* extend - push the expiry back by offers.expiry_days */
static int
extend(struct altc *ctx, const struct offer_row *o, int64_t actor_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE offers SET expires_at = max(expires_at, ?2) + ?3, warned_at = NULL,"
	    " updated_at = ?2 WHERE id = ?1");

	if (strcmp(o->state, "pending") != 0 && strcmp(o->state, "published") != 0) {
		*errstr_r = xasprintf("an offer %s cannot be extended", o->state);
		return ACT_ESTATE;
	}
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, now_epoch());
	db_bind_int(st, 3, config_int(ctx->cfg, "offers.expiry_days") * DAY);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    db_audit(ctx->db, db_actor(ctx->db, actor_id), "offer", o->id, o->state, "extend",
	    o->state, NULL) < 0)
		return ACT_EDB;
	return ACT_OK;
}

int
offer_lifecycle(struct altc *ctx, int64_t offer_id, int64_t actor_id, enum offer_life op,
    int64_t *new_id_r, char **errstr_r)
{
	static const char *const events[] = {
		[OFFER_FILL] = "fill", [OFFER_WITHDRAW] = "withdraw", [OFFER_ARCHIVE] = "archive",
	};
	struct offer_row o;
	char *who;
	int rc;

	if ((rc = offer_load(ctx, offer_id, &o, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("no offer %lld", (long long)offer_id);
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	}
	if (actor_id && (rc = offer_owner_of(ctx, offer_id, actor_id, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("user %lld does not manage offer %lld",
			    (long long)actor_id, (long long)offer_id);
		offer_row_release(&o);
		return rc < 0 ? ACT_EDB : ACT_EDENIED;
	}
	if (db_savepoint(ctx->db, "offer_life") < 0) {
		offer_row_release(&o);
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	who = xstrdup(actor_id ? db_actor(ctx->db, actor_id) : "staff");
	switch (op) {
	case OFFER_DUPLICATE:
		rc = duplicate(ctx, &o, actor_id, new_id_r, errstr_r);
		break;
	case OFFER_EXTEND:
		rc = extend(ctx, &o, actor_id, errstr_r);
		break;
	default:
		rc = offer_fsm(ctx, offer_id, events[op], who, NULL, errstr_r);
		/* what other workflows do when the offer is filled (its applications close) */
		if (rc == ACT_OK && op == OFFER_FILL &&
		    modules_after(ctx, "offer", "fill", offer_id, who, errstr_r) < 0)
			rc = ACT_EDB;
		if (rc == ACT_OK && op != OFFER_FILL) {
			sqlite3_stmt *st = db_prepare(ctx->db,
			    "UPDATE offers SET archived_at = CASE WHEN state = 'archived' THEN ?2"
			    " ELSE archived_at END WHERE id = ?1");

			db_bind_int(st, 1, offer_id);
			db_bind_int(st, 2, now_epoch());
			if (db_done(ctx->db, st, errstr_r) < 0)
				rc = ACT_EDB;
		}
		break;
	}
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "offer_life");
	else if (db_release(ctx->db, "offer_life") < 0)
		rc = ACT_EDB;
	free(who);
	offer_row_release(&o);
	return rc;
}

/* sweep_list - ids of a sweep query bound with (now, a second epoch) */
static int
sweep_list(struct altc *ctx, const char *sql, int64_t a, int64_t b, struct id_list *l,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, sql);

	db_bind_int(st, 1, a);
	db_bind_int(st, 2, b);
	return id_list_query(ctx->db, st, l, errstr_r);
}

int
offer_sweep(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r)
{
	static const char warn_sql[] =
	    "SELECT id FROM offers WHERE state = 'published' AND warned_at IS NULL"
	    " AND expires_at > ?1 AND expires_at <= ?2";
	static const char expire_sql[] =
	    "SELECT id FROM offers WHERE state IN ('pending','published','rejected')"
	    " AND expires_at <= ?1 AND ?2 = ?2";
	static const char old_sql[] =
	    "SELECT id FROM offers WHERE state <> 'archived' AND created_at <= ?2 AND ?1 = ?1";
	struct id_list warn = { 0 }, expire = { 0 }, old = { 0 };
	int rc = -1;

	*did_r = 0;
	if (sweep_list(ctx, warn_sql, now, now + config_int(ctx->cfg, "offers.warn_days") * DAY,
	    &warn, errstr_r) < 0 || sweep_list(ctx, expire_sql, now, 0, &expire, errstr_r) < 0 ||
	    sweep_list(ctx, old_sql, now, now - config_int(ctx->cfg, "offers.archive_days") * DAY,
	    &old, errstr_r) < 0)
		goto out;
	for (size_t i = 0; i < warn.n; i++) {
		sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE offers SET warned_at = ?2 WHERE id = ?1");
		struct offer_row o;

		if (offer_load(ctx, warn.v[i], &o, errstr_r) != 1)
			goto out;
		db_bind_int(st, 1, warn.v[i]);
		db_bind_int(st, 2, now);
		rc = db_done(ctx->db, st, errstr_r) < 0 || offer_notify_expiring(ctx, &o, errstr_r) < 0;
		offer_row_release(&o);
		if (rc)
			goto out;
		++*did_r;
	}
	rc = -1;
	for (int pass = 0; pass < 2; pass++) {
		const struct id_list *l = pass == 0 ? &expire : &old;

		for (size_t i = 0; i < l->n; i++) {
			sqlite3_stmt *st = db_prepare(ctx->db,
			    "UPDATE offers SET archived_at = ?2 WHERE id = ?1 AND state = 'archived'");
			int r = offer_fsm(ctx, l->v[i], pass == 0 ? "expire" : "archive", NULL,
			    pass == 0 ? "expired" : "older than offers.archive_days", errstr_r);

			if (r == ACT_ESTATE) {	/* archived by the first pass */
				FREE_AND_NULL(*errstr_r);
				continue;
			}
			if (r != ACT_OK)
				goto out;
			db_bind_int(st, 1, l->v[i]);
			db_bind_int(st, 2, now);
			if (db_done(ctx->db, st, errstr_r) < 0)
				goto out;
			++*did_r;
		}
	}
	rc = 0;
	if (*did_r)
		log_info("offer sweep: %zu offers warned or archived", *did_r);
out:
	id_list_release(&warn);
	id_list_release(&expire);
	id_list_release(&old);
	return rc;
}

/* sweep_job - the job wrapper: one transaction for the whole sweep */
static int
sweep_job(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (offer_sweep(ctx, now_epoch(), did_r, errstr_r) < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the offer sweep");
		return -1;
	}
	return 0;
}

const struct job offer_jobs[] = {
	{ "offer-expiry", JOB_DAILY, "schedule.sweep", NULL, sweep_job },
	{ NULL, 0, NULL, NULL, NULL }
};
