/*
 * offer.c - creating and editing offers.  A new or edited offer goes to
 * validation: one offer_formations link per targeted formation, each with
 * its reviewer (the formation's rp) asked by mail with a reply key; with no
 * formation the ga pool is asked.  Validation is checked up front and done
 * inside one savepoint, so a refused form leaves nothing behind.
 */
#include "compat.h"

#include <time.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "formation.h"
#include "fsm.h"
#include "log.h"
#include "offer.h"
#include "offer_int.h"
#include "strbuf.h"
#include "token.h"
#include "util.h"

int
offer_load(struct altc *ctx, int64_t id, struct offer_row *o, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT o.id, o.company_id, coalesce(o.author_id, c.referent_id, 0),"
	    " coalesce(o.description_doc_id, 0), o.expires_at, o.title, c.name,"
	    " coalesce(o.location, ''), coalesce(o.duration, ''), o.positions,"
	    " coalesce(o.description, ''), coalesce(o.missions, ''), o.state, o.handicap,"
	    " coalesce(o.structure_id, 0), o.shared"
	    " FROM offers o JOIN companies c ON c.id = o.company_id WHERE o.id = ?");
	int rc;

	memset(o, 0, sizeof(*o));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		o->id = sqlite3_column_int64(st, 0);
		o->company_id = sqlite3_column_int64(st, 1);
		o->author_id = sqlite3_column_int64(st, 2);
		o->doc_id = sqlite3_column_int64(st, 3);
		o->expires_at = sqlite3_column_int64(st, 4);
		o->title = xstrdup(db_col_text(st, 5));
		o->company = xstrdup(db_col_text(st, 6));
		o->location = xstrdup(db_col_text(st, 7));
		o->duration = xstrdup(db_col_text(st, 8));
		o->positions = xstrdup(db_col_text(st, 9));
		o->description = xstrdup(db_col_text(st, 10));
		o->missions = xstrdup(db_col_text(st, 11));
		o->state = xstrdup(db_col_text(st, 12));
		o->handicap = sqlite3_column_int(st, 13) != 0;
		o->structure_id = sqlite3_column_int64(st, 14);
		o->shared = sqlite3_column_int(st, 15) != 0;
	}
	sqlite3_reset(st);
	return rc;
}

void
offer_row_release(struct offer_row *o)
{
	free(o->title);
	free(o->company);
	free(o->location);
	free(o->duration);
	free(o->positions);
	free(o->description);
	free(o->missions);
	free(o->state);
	memset(o, 0, sizeof(*o));
}

struct fsm_arg {
	struct altc *ctx;
	int64_t offer_id;
	const char *actor;
};

/* on_offer_event - queue what an offer transition names */
static int
on_offer_event(void *argp, const char *tmpl, char **errstr_r)
{
	struct fsm_arg *a = argp;
	struct offer_row o;
	int rc;

	/* a rejection was told per formation, with its motif, as it happened */
	if (strcmp(tmpl, "offer.rejected") == 0)
		return 0;
	if (offer_load(a->ctx, a->offer_id, &o, errstr_r) != 1)
		return -1;
	if (strcmp(tmpl, "offer.published") == 0)
		rc = offer_notify_published(a->ctx, &o, errstr_r);
	else if (strcmp(tmpl, "offer.to_validate") == 0)
		rc = offer_send_for_review(a->ctx, &o, a->actor, errstr_r);
	else
		BUG("offer transition names unknown template %s", tmpl);
	offer_row_release(&o);
	return rc;
}

int
offer_fsm(struct altc *ctx, int64_t offer_id, const char *event, const char *actor,
    const char *detail, char **errstr_r)
{
	struct fsm_arg a = { ctx, offer_id, actor };

	return fsm_status(fsm_apply(ctx->db, &fsm_offer, offer_id, event, actor, detail,
	    on_offer_event, &a, NULL, errstr_r));
}

int
offer_send_for_review(struct altc *ctx, const struct offer_row *o, const char *actor,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT rowid FROM offer_formations WHERE offer_id = ? ORDER BY formation_id");
	sqlite3_stmt *clr = db_prepare(ctx->db,
	    "UPDATE offer_formations SET decided_by = NULL, rating = NULL, comment = NULL"
	    " WHERE rowid = ?");
	struct id_list l = { 0 };
	int rc = 0;

	db_bind_int(st, 1, o->id);
	if (id_list_query(ctx->db, st, &l, errstr_r) < 0 ||
	    token_revoke_object(ctx->db, "offer_pool", o->id, errstr_r) < 0)
		rc = -1;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		enum fsm_result r;

		if (token_revoke_object(ctx->db, "offer_formation", l.v[i], errstr_r) < 0) {
			rc = -1;
			break;
		}
		r = fsm_apply(ctx->db, &fsm_offer_formation, l.v[i], "reset", actor, "offer edited",
		    NULL, NULL, NULL, errstr_r);
		if (r == FSM_ILLEGAL) {
			free(*errstr_r);	/* already pending */
			*errstr_r = NULL;
		} else if (r != FSM_OK) {
			rc = -1;
			break;
		}
		db_bind_int(clr, 1, l.v[i]);
		if (db_done(ctx->db, clr, errstr_r) < 0 ||
		    offer_notify_to_validate(ctx, o, l.v[i], errstr_r) < 0)
			rc = -1;
	}
	if (rc == 0 && l.n == 0)
		rc = offer_notify_pool(ctx, o, errstr_r);
	id_list_release(&l);
	return rc;
}

/* parse_date - "YYYY-MM-DD" or "DD/MM/YYYY" to epoch at noon UTC; -1 when neither */
static int64_t
parse_date(const char *s)
{
	struct tm tm = { 0 };
	int y, m, d;
	char c;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &c) != 3 &&
	    sscanf(s, "%2d/%2d/%4d%c", &d, &m, &y, &c) != 3)
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > 31 || y < 2000 || y > 2200)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return (int64_t)timegm(&tm);
}

/* yes - a yes/no form value */
static int
yes(const char *v)
{
	return v && (strncasecmp(v, "oui", 3) == 0 || strncasecmp(v, "yes", 3) == 0 ||
	    strcmp(v, "1") == 0 || strncasecmp(v, "o", 2) == 0);
}

/* resolve_formations - codes separated by commas, semicolons or spaces into ids */
static int
resolve_formations(struct altc *ctx, const char *codes, struct id_list *ids, char **errstr_r)
{
	char *copy = xstrdup(codes ? codes : ""), *p = copy;
	int rc = ACT_OK;

	while (rc == ACT_OK && *p) {
		size_t n = strcspn(p, ",; \t\n");
		int64_t id;

		if (n > 0) {
			char save = p[n];

			p[n] = '\0';
			if ((id = formation_id(ctx, p)) < 0)
				rc = ACT_EDB;
			else if (id == 0) {
				*errstr_r = xasprintf("unknown formation '%s'", p);
				rc = ACT_EINPUT;
			} else {
				size_t i;

				for (i = 0; i < ids->n && ids->v[i] != id; i++)
					;
				if (i == ids->n)
					id_list_add(ids, id);
			}
			p[n] = save;
		}
		p += n;
		if (*p)
			p++;
	}
	if (rc == ACT_EDB)
		*errstr_r = xasprintf("formation lookup: %s", sqlite3_errmsg(ctx->db->h));
	free(copy);
	return rc;
}

/* keywords - the searchable text that has no column of its own */
static char *
keywords(const struct offer_fields *f)
{
	const char *parts[] = { f->skills, f->sector, f->contract_type, f->languages, f->mobility };
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i]) {
			if (sb.len)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, parts[i]);
		}
	return strbuf_detach(&sb, NULL);
}

/* set_links - the offer's formation links (replacing the old ones) and criteria */
static int
set_links(struct altc *ctx, int64_t offer_id, const struct id_list *ids,
    const struct offer_fields *f, char **errstr_r)
{
	static const struct { const char *criterion; size_t off; } crit[] = {
		{ "sector", offsetof(struct offer_fields, sector) },
		{ "skills", offsetof(struct offer_fields, skills) },
		{ "contract", offsetof(struct offer_fields, contract_type) },
		{ "location", offsetof(struct offer_fields, location) },
		{ "seniority", offsetof(struct offer_fields, seniority) },
		{ "mobility", offsetof(struct offer_fields, mobility) },
		{ "languages", offsetof(struct offer_fields, languages) },
	};
	sqlite3_stmt *st;

	if (ids) {
		st = db_prepare(ctx->db, "DELETE FROM offer_formations WHERE offer_id = ?");
		db_bind_int(st, 1, offer_id);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return -1;
		for (size_t i = 0; i < ids->n; i++) {
			st = db_prepare(ctx->db,
			    "INSERT INTO offer_formations (offer_id, formation_id, assigned_to)"
			    " SELECT ?1, id, rp_id FROM formations WHERE id = ?2");
			db_bind_int(st, 1, offer_id);
			db_bind_int(st, 2, ids->v[i]);
			if (db_done(ctx->db, st, errstr_r) < 0)
				return -1;
		}
	}
	for (size_t i = 0; i < sizeof(crit) / sizeof(crit[0]); i++) {
		const char *v = *(char *const *)((const char *)f + crit[i].off);

		if (v == NULL)
			continue;
		st = db_prepare(ctx->db,
		    "DELETE FROM offer_criteria WHERE offer_id = ?1 AND criterion_id ="
		    " (SELECT id FROM criteria WHERE name = ?2)");
		db_bind_int(st, 1, offer_id);
		db_bind_text(st, 2, crit[i].criterion);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return -1;
		st = db_prepare(ctx->db,
		    "INSERT INTO offer_criteria (offer_id, criterion_id, value)"
		    " SELECT ?1, id, ?3 FROM criteria WHERE name = ?2");
		db_bind_int(st, 1, offer_id);
		db_bind_text(st, 2, crit[i].criterion);
		db_bind_text(st, 3, v);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return -1;
	}
	return 0;
}

/* check_values - the values that must parse; fills positions and expiry */
static int
check_values(struct altc *ctx, const struct offer_fields *f, int64_t *positions_r,
    int64_t *expires_r, char **errstr_r)
{
	char *end;

	*positions_r = 1;
	if (f->positions) {
		long v = strtol(f->positions, &end, 10);

		if (end == f->positions || v < 1 || v > 1000) {
			*errstr_r = xasprintf("positions '%s' is not a number from 1 to 1000",
			    f->positions);
			return ACT_EINPUT;
		}
		*positions_r = v;
	}
	*expires_r = now_epoch() + config_int(ctx->cfg, "offers.expiry_days") * 86400;
	if (f->expires && (*expires_r = parse_date(f->expires)) < 0) {
		*errstr_r = xasprintf("expiry '%s' is not a date (YYYY-MM-DD)", f->expires);
		return ACT_EINPUT;
	}
	if (f->title && strlen(f->title) > 300) {
		*errstr_r = xstrdup("the title is longer than 300 characters");
		return ACT_EINPUT;
	}
	return ACT_OK;
}

/*
 * begin_write - check the values, resolve the formations (when with_formations)
 * and open the savepoint sp; ACT_OK or the error, with nothing left to release
 */
static int
begin_write(struct altc *ctx, const struct offer_fields *f, int with_formations,
    int64_t *positions_r, int64_t *expires_r, struct id_list *ids, const char *sp,
    char **errstr_r)
{
	int rc;

	if ((rc = check_values(ctx, f, positions_r, expires_r, errstr_r)) != ACT_OK ||
	    (with_formations &&
	    (rc = resolve_formations(ctx, f->formations, ids, errstr_r)) != ACT_OK)) {
		id_list_release(ids);
		return rc;
	}
	if (db_savepoint(ctx->db, sp) < 0) {
		*errstr_r = xstrdup("savepoint failed");
		id_list_release(ids);
		return ACT_EDB;
	}
	return ACT_OK;
}

int
offer_create(struct altc *ctx, const struct offer_fields *f, int64_t company_id,
    int64_t author_id, int64_t doc_id, int64_t *id_r, char **errstr_r)
{
	return offer_create_from(ctx, f, company_id, author_id, doc_id, NULL, id_r, errstr_r);
}

int
offer_create_from(struct altc *ctx, const struct offer_fields *f, int64_t company_id,
    int64_t author_id, int64_t doc_id, const struct offer_origin *origin, int64_t *id_r,
    char **errstr_r)
{
	struct id_list ids = { 0 };
	struct offer_row o;
	sqlite3_stmt *st;
	int64_t positions, expires, now = now_epoch();
	char *kw, *missing;
	int rc;

	if ((missing = offer_fields_missing(f, doc_id != 0, "en")) != NULL) {
		*errstr_r = xasprintf("missing fields: %s", missing);
		free(missing);
		return ACT_EINPUT;
	}
	if ((rc = begin_write(ctx, f, 1, &positions, &expires, &ids, "offer_create",
	    errstr_r)) != ACT_OK)
		return rc;
	kw = keywords(f);
	st = db_prepare(ctx->db,
	    "INSERT INTO offers (company_id, author_id, title, duration, positions, description,"
	    " description_doc_id, missions, location, contract_type, keywords, handicap, one_click,"
	    " expires_at, created_at, updated_at, structure_id, shared, contact_email)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15,"
	    " ?16, ?17, ?18)");
	db_bind_int(st, 1, company_id);
	if (author_id)
		db_bind_int(st, 2, author_id);
	db_bind_text(st, 3, f->title);
	db_bind_text(st, 4, f->duration);
	db_bind_int(st, 5, positions);
	db_bind_text(st, 6, f->description);
	if (doc_id)
		db_bind_int(st, 7, doc_id);
	db_bind_text(st, 8, f->missions);
	db_bind_text(st, 9, f->location);
	db_bind_text(st, 10, f->contract_type);
	db_bind_text(st, 11, kw);
	db_bind_int(st, 12, yes(f->handicap));
	db_bind_int(st, 13, yes(f->one_click));
	db_bind_int(st, 14, expires);
	db_bind_int(st, 15, now);
	if (origin && origin->structure_id)
		db_bind_int(st, 16, origin->structure_id);
	db_bind_int(st, 17, origin && origin->shared);
	db_bind_text(st, 18, origin ? origin->contact : NULL);
	free(kw);
	rc = ACT_EDB;
	if (db_done(ctx->db, st, errstr_r) < 0)
		goto fail;
	*id_r = sqlite3_last_insert_rowid(ctx->db->h);
	if (set_links(ctx, *id_r, &ids, f, errstr_r) < 0 ||
	    db_audit(ctx->db, db_actor(ctx->db, author_id), "offer", *id_r, NULL, "create",
	    "pending", f->title) < 0)
		goto fail;
	if (offer_load(ctx, *id_r, &o, errstr_r) != 1)
		goto fail;
	rc = offer_notify_received(ctx, &o, errstr_r) < 0 ||
	    offer_send_for_review(ctx, &o, db_actor(ctx->db, author_id), errstr_r) < 0 ?
	    ACT_EDB : ACT_OK;
	offer_row_release(&o);
	if (rc != ACT_OK)
		goto fail;
	id_list_release(&ids);
	log_info("offer %lld: created by company %lld", (long long)*id_r, (long long)company_id);
	return db_release(ctx->db, "offer_create") < 0 ? ACT_EDB : ACT_OK;
fail:
	db_rollback_to(ctx->db, "offer_create");
	id_list_release(&ids);
	return rc;
}

int
offer_edit(struct altc *ctx, int64_t offer_id, const struct offer_fields *f, int64_t doc_id,
    int64_t actor_id, char **errstr_r)
{
	struct id_list ids = { 0 };
	sqlite3_stmt *st;
	int64_t positions, expires;
	char *kw;
	int rc;

	if (offer_fields_count(f) == 0 && doc_id == 0) {
		*errstr_r = xstrdup("no field to change");
		return ACT_EINPUT;
	}
	if ((rc = begin_write(ctx, f, f->formations != NULL, &positions, &expires, &ids,
	    "offer_edit", errstr_r)) != ACT_OK)
		return rc;
	kw = keywords(f);
	st = db_prepare(ctx->db,
	    "UPDATE offers SET title = coalesce(?2, title), duration = coalesce(?3, duration),"
	    " positions = CASE WHEN ?4 THEN ?5 ELSE positions END,"
	    " description = coalesce(?6, description),"
	    " description_doc_id = coalesce(?7, description_doc_id),"
	    " missions = coalesce(?8, missions), location = coalesce(?9, location),"
	    " contract_type = coalesce(?10, contract_type),"
	    " keywords = CASE WHEN ?11 = '' THEN keywords ELSE ?11 END,"
	    " expires_at = CASE WHEN ?12 THEN ?13 ELSE max(expires_at, ?13) END,"
	    " warned_at = NULL, updated_at = ?14 WHERE id = ?1");
	db_bind_int(st, 1, offer_id);
	db_bind_text(st, 2, f->title);
	db_bind_text(st, 3, f->duration);
	db_bind_int(st, 4, f->positions != NULL);
	db_bind_int(st, 5, positions);
	db_bind_text(st, 6, f->description);
	if (doc_id)
		db_bind_int(st, 7, doc_id);
	db_bind_text(st, 8, f->missions);
	db_bind_text(st, 9, f->location);
	db_bind_text(st, 10, f->contract_type);
	db_bind_text(st, 11, kw);
	db_bind_int(st, 12, f->expires != NULL);
	db_bind_int(st, 13, expires);
	db_bind_int(st, 14, now_epoch());
	free(kw);
	rc = ACT_EDB;
	if (db_done(ctx->db, st, errstr_r) < 0)
		goto fail;
	if (sqlite3_changes(ctx->db->h) == 0) {
		*errstr_r = xasprintf("no offer %lld", (long long)offer_id);
		rc = ACT_ENOTFOUND;
		goto fail;
	}
	if (set_links(ctx, offer_id, f->formations ? &ids : NULL, f, errstr_r) < 0)
		goto fail;
	/* the "edit" transition names offer.to_validate: every link is asked again */
	if ((rc = offer_fsm(ctx, offer_id, "edit", db_actor(ctx->db, actor_id), "edited",
	    errstr_r)) != ACT_OK)
		goto fail;
	id_list_release(&ids);
	return db_release(ctx->db, "offer_edit") < 0 ? ACT_EDB : ACT_OK;
fail:
	db_rollback_to(ctx->db, "offer_edit");
	id_list_release(&ids);
	return rc;
}
