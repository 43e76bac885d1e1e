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
#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "config.h"
#include "db.h"
#include "fsm.h"
#include "jobs.h"
#include "log.h"
#include "notify.h"
#include "offer.h"
#include "offer_int.h"
#include "util.h"

#define DAY 86400

int
offer_owner_of(struct altc *ctx, int64_t offer_id, int64_t user_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM offers o JOIN users u ON u.company_id = o.company_id"
	    " WHERE o.id = ?1 AND u.id = ?2 AND u.role = 'employer' AND u.state = 'active'");
	int rc;

	db_bind_int(st, 1, offer_id);
	db_bind_int(st, 2, user_id);
	rc = db_step(ctx->db, st, errstr_r);
	sqlite3_reset(st);
	return rc;
}

struct close_arg {
	struct altc *ctx;
	int64_t app_id;
	const struct offer_row *o;
};

/* on_close - application.refused to the student, with the reason */
static int
on_close(void *argp, const char *tmpl, char **errstr_r)
{
	struct close_arg *a = argp;
	sqlite3_stmt *st = db_prepare(a->ctx->db, "SELECT student_id FROM applications WHERE id = ?");
	struct notify_msg m = { 0 };
	json_object *v = json_object_new_object();
	char thread[64];
	int64_t rc = -1;

	db_bind_int(st, 1, a->app_id);
	if (db_step(a->ctx->db, st, errstr_r) == 1)
		m.user_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (m.user_id == 0) {
		json_object_put(v);
		return -1;
	}
	json_object_object_add(v, "offer_title", json_object_new_string(a->o->title));
	json_object_object_add(v, "company", json_object_new_string(a->o->company));
	json_object_object_add(v, "message", json_object_new_string(
	    "L'offre a été pourvue : merci de votre candidature. / The position has been filled."));
	(void)xsnprintf(thread, sizeof(thread), "application.%lld", (long long)a->app_id);
	m.template = tmpl;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.thread = thread;
	rc = notify_queue(a->ctx, &m, errstr_r);
	json_object_put(v);
	return rc < 0 ? -1 : 0;
}

/* close_applications - every open application of a filled offer */
static int
close_applications(struct altc *ctx, const struct offer_row *o, const char *actor,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM applications WHERE offer_id = ? AND state IN ('referent_review','pending','shortlisted')");
	struct id_list l = { 0 };
	int rc = 0;

	db_bind_int(st, 1, o->id);
	if (id_list_query(ctx->db, st, &l, errstr_r) < 0)
		return -1;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		struct close_arg a = { ctx, l.v[i], o };

		if (fsm_apply(ctx->db, &fsm_application, l.v[i], "close", actor, "offer filled",
		    on_close, &a, NULL, errstr_r) != FSM_OK)
			rc = -1;
	}
	id_list_release(&l);
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
		return OFFER_EDB;
	id = sqlite3_last_insert_rowid(ctx->db->h);
	st = db_prepare(ctx->db,
	    "INSERT INTO offer_formations (offer_id, formation_id, assigned_to)"
	    " SELECT ?2, l.formation_id, f.rp_id FROM offer_formations l"
	    " JOIN formations f ON f.id = l.formation_id WHERE l.offer_id = ?1");
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return OFFER_EDB;
	st = db_prepare(ctx->db,
	    "INSERT INTO offer_criteria (offer_id, criterion_id, value)"
	    " SELECT ?2, criterion_id, value FROM offer_criteria WHERE offer_id = ?1");
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, id);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    db_audit(ctx->db, offer_actor(ctx, actor_id), "offer", id, NULL, "duplicate",
	    "pending", o->title) < 0 || offer_load(ctx, id, &copy, errstr_r) != 1)
		return OFFER_EDB;
	rc = offer_notify_received(ctx, &copy, errstr_r) < 0 ||
	    offer_send_for_review(ctx, &copy, offer_actor(ctx, actor_id), errstr_r) < 0 ?
	    OFFER_EDB : OFFER_OK;
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
		return OFFER_ESTATE;
	}
	db_bind_int(st, 1, o->id);
	db_bind_int(st, 2, now_epoch());
	db_bind_int(st, 3, config_int(ctx->cfg, "offers.expiry_days") * DAY);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    db_audit(ctx->db, offer_actor(ctx, actor_id), "offer", o->id, o->state, "extend",
	    o->state, NULL) < 0)
		return OFFER_EDB;
	return OFFER_OK;
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
		return rc < 0 ? OFFER_EDB : OFFER_ENOTFOUND;
	}
	if (actor_id && (rc = offer_owner_of(ctx, offer_id, actor_id, errstr_r)) <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("user %lld does not manage offer %lld",
			    (long long)actor_id, (long long)offer_id);
		offer_row_release(&o);
		return rc < 0 ? OFFER_EDB : OFFER_EDENIED;
	}
	if (db_savepoint(ctx->db, "offer_life") < 0) {
		offer_row_release(&o);
		*errstr_r = xstrdup("savepoint failed");
		return OFFER_EDB;
	}
	who = xstrdup(actor_id ? offer_actor(ctx, actor_id) : "staff");
	switch (op) {
	case OFFER_DUPLICATE:
		rc = duplicate(ctx, &o, actor_id, new_id_r, errstr_r);
		break;
	case OFFER_EXTEND:
		rc = extend(ctx, &o, actor_id, errstr_r);
		break;
	default:
		rc = offer_fsm(ctx, offer_id, events[op], who, NULL, errstr_r);
		if (rc == OFFER_OK && op == OFFER_FILL && close_applications(ctx, &o, who, errstr_r) < 0)
			rc = OFFER_EDB;
		if (rc == OFFER_OK && op != OFFER_FILL) {
			sqlite3_stmt *st = db_prepare(ctx->db,
			    "UPDATE offers SET archived_at = CASE WHEN state = 'archived' THEN ?2"
			    " ELSE archived_at END WHERE id = ?1");

			db_bind_int(st, 1, offer_id);
			db_bind_int(st, 2, now_epoch());
			if (db_done(ctx->db, st, errstr_r) < 0)
				rc = OFFER_EDB;
		}
		break;
	}
	if (rc != OFFER_OK)
		db_rollback_to(ctx->db, "offer_life");
	else if (db_release(ctx->db, "offer_life") < 0)
		rc = OFFER_EDB;
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

			if (r == OFFER_ESTATE) {	/* archived by the first pass */
				FREE_AND_NULL(*errstr_r);
				continue;
			}
			if (r != OFFER_OK)
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

void
offers_register_jobs(void)
{
	static const struct job j = { "offer-expiry", JOB_DAILY, "schedule.sweep", NULL, sweep_job };

	jobs_register(&j);
}
