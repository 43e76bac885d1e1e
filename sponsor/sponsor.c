/*
 * sponsor.c - the chargé de mission's side of the programme: the grants of
 * staff, the referent accounts they create and the pool of sponsors.
 * Everything runs in the caller's transaction and is audited there.
 */
#include "compat.h"

#include "altc.h"
#include "charset.h"
#include "db.h"
#include "log.h"
#include "sponsor.h"
#include "staff.h"
#include "status.h"
#include "strbuf.h"
#include "table.h"
#include "util.h"

int
staff_grant_has(struct altc *ctx, int64_t user_id, const char *kind)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM staff_grants g JOIN users u ON u.id = g.user_id"
	    " WHERE g.user_id = ?1 AND g.kind = ?2 AND u.state <> 'closed'");
	int rc;

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, kind);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc;
}

/* grant_kind - the stored name of a grant as people type it, NULL if unknown */
static const char *
grant_kind(const char *kind)
{
	if (strcasecmp(kind, "mission-officer") == 0 || strcasecmp(kind, GRANT_MISSION_OFFICER) == 0 ||
	    strcasecmp(kind, "charge-de-mission") == 0)
		return GRANT_MISSION_OFFICER;
	if (strcasecmp(kind, GRANT_REFERENT) == 0)
		return GRANT_REFERENT;
	return NULL;
}

int
staff_grant_set(struct altc *ctx, const char *email, const char *kind, int on,
    const char *actor, char **errstr_r)
{
	const char *k = grant_kind(kind);
	sqlite3_stmt *st;
	int64_t uid;

	if (k == NULL) {
		*errstr_r = xasprintf("unknown grant '%s' (mission-officer or referent)", kind);
		return ACT_EINPUT;
	}
	uid = db_int_for(ctx->db, "SELECT id FROM users WHERE email = ? AND role IN ('rp', 'ga',"
	    " 'admin') AND state <> 'closed'", email);
	if (uid == 0) {
		*errstr_r = xasprintf("no staff account '%s'", email);
		return ACT_ENOTFOUND;
	}
	if (on) {
		st = db_prepare(ctx->db, "INSERT OR IGNORE INTO staff_grants (user_id, kind,"
		    " granted_by, created_at) VALUES (?1, ?2, ?3, ?4)");
		db_bind_text(st, 3, actor);
		db_bind_int(st, 4, now_epoch());
	} else
		st = db_prepare(ctx->db, "DELETE FROM staff_grants WHERE user_id = ?1 AND kind = ?2");
	db_bind_int(st, 1, uid);
	db_bind_text(st, 2, k);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	if (sqlite3_changes(ctx->db->h) == 0) {
		*errstr_r = xasprintf(on ? "'%s' already holds the grant %s" :
		    "'%s' does not hold the grant %s", email, k);
		return ACT_ESTATE;
	}
	if (db_audit(ctx->db, actor, "user", uid, NULL, on ? "grant" : "revoke", NULL, k) < 0) {
		*errstr_r = xstrdup("cannot write the audit row");
		return ACT_EDB;
	}
	log_info("staff '%s': %s %s", email, on ? "granted" : "revoked", k);
	return ACT_OK;
}

struct table *
staff_grant_table(struct altc *ctx, char **errstr_r)
{
	static const char *const cols[] = { "email", "name", "role", "grant", "granted_by",
		"since" };
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT u.email, trim(u.first_name || ' ' || u.last_name), u.role, g.kind,"
	    " coalesce(g.granted_by, ''), g.created_at FROM staff_grants g"
	    " JOIN users u ON u.id = g.user_id ORDER BY g.kind, u.email");
	struct table *t = table_new(cols, ARRAY_SIZE(cols));
	int rc;

	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char since[32];
		const char *v[6];

		epoch_to_iso(sqlite3_column_int64(st, 5), since, sizeof(since));
		for (int i = 0; i < 5; i++)
			v[i] = db_col_text(st, i);
		v[5] = since;
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}

int
mission_officer_check(struct altc *ctx, int64_t actor_id, char **errstr_r)
{
	int rc;

	if (actor_id == 0)
		return ACT_OK;
	if (db_int_for(ctx->db, "SELECT 1 FROM users WHERE email = ? AND role = 'admin'"
	    " AND state = 'active'", db_actor(ctx->db, actor_id)) == 1)
		return ACT_OK;
	if ((rc = staff_grant_has(ctx, actor_id, GRANT_MISSION_OFFICER)) < 0) {
		*errstr_r = xstrdup("cannot read the grants");
		return ACT_EDB;
	}
	if (rc == 1)
		return ACT_OK;
	*errstr_r = xstrdup("only a chargé de mission or an administrator may do this");
	return ACT_EDENIED;
}

/* split_name - "Dupont Jean" into first "Jean" and last "Dupont" (caller frees both) */
static void
split_name(const char *name, char **first_r, char **last_r)
{
	char *s = str_trim(xstrdup(name ? name : "")), *sp = strrchr(s, ' ');

	if (sp == NULL) {
		*first_r = xstrdup("");
		*last_r = s;
		return;
	}
	*sp = '\0';
	*first_r = xstrdup(sp + 1);
	*last_r = xstrdup(str_trim(s));
	free(s);
}

int
referent_create(struct altc *ctx, int64_t actor_id, const char *email, const char *name,
    int64_t *id_r, char **errstr_r)
{
	char *first, *last, *full;
	sqlite3_stmt *st;
	int rc;

	if ((rc = mission_officer_check(ctx, actor_id, errstr_r)) != ACT_OK)
		return rc;
	if (name == NULL || *name == '\0') {
		*errstr_r = xstrdup("a referent needs an address and a name: REFERENT address"
		    " Last-name First-name");
		return ACT_EINPUT;
	}
	split_name(name, &first, &last);
	full = xasprintf("%s%s%s", first, *first ? " " : "", last);
	free(first);
	free(last);
	if (db_savepoint(ctx->db, "referent_create") < 0) {
		free(full);
		*errstr_r = xstrdup("cannot open a savepoint");
		return ACT_EDB;
	}
	*id_r = staff_add(ctx, "rp", email, full, NULL, 0, errstr_r);
	free(full);
	if (*id_r < 0) {
		db_rollback_to(ctx->db, "referent_create");
		return ACT_EINPUT;
	}
	st = db_prepare(ctx->db, "INSERT INTO staff_grants (user_id, kind, granted_by, created_at)"
	    " VALUES (?1, 'referent', ?2, ?3)");
	db_bind_int(st, 1, *id_r);
	db_bind_text(st, 2, actor_id ? db_actor(ctx->db, actor_id) : "staff");
	db_bind_int(st, 3, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0 || db_audit(ctx->db, actor_id ?
	    db_actor(ctx->db, actor_id) : "staff", "user", *id_r, NULL, "referent_create", NULL,
	    email) < 0) {
		db_rollback_to(ctx->db, "referent_create");
		if (*errstr_r == NULL)
			*errstr_r = xstrdup("cannot write the audit row");
		return ACT_EDB;
	}
	if (db_release(ctx->db, "referent_create") < 0) {
		*errstr_r = xstrdup("cannot release the savepoint");
		return ACT_EDB;
	}
	log_info("referent '%s' created by %s", email, actor_id ? db_actor(ctx->db, actor_id) :
	    "staff");
	return ACT_OK;
}

/* plausible - one '@' with something on both sides and a dot after it, no space */
static int
plausible(const char *a)
{
	const char *at = strchr(a, '@');

	return at && at != a && strchr(at + 1, '@') == NULL && strchr(at, '.') &&
	    strpbrk(a, " \t\r\n<>()[],;:\"\\") == NULL && strlen(a) < 255;
}

int
sponsor_add(struct altc *ctx, int64_t actor_id, const char *email, const char *name,
    int64_t *id_r, char **errstr_r)
{
	const char *actor = actor_id ? db_actor(ctx->db, actor_id) : "staff";
	char *first, *last, *lower;
	sqlite3_stmt *st;
	int rc;

	if ((rc = mission_officer_check(ctx, actor_id, errstr_r)) != ACT_OK)
		return rc;
	if (email == NULL || !plausible(email)) {
		*errstr_r = xasprintf("'%s' is not a valid e-mail address", email ? email : "");
		return ACT_EINPUT;
	}
	lower = xstrdup(email);
	str_lower(lower);
	if ((*id_r = db_int_for(ctx->db, "SELECT id FROM sponsors WHERE email = ?", lower)) > 0) {
		st = db_prepare(ctx->db, "UPDATE sponsors SET active = 1 WHERE id = ?1 AND NOT active");
		db_bind_int(st, 1, *id_r);
		rc = db_done(ctx->db, st, errstr_r) < 0 ? ACT_EDB : sqlite3_changes(ctx->db->h) ?
		    ACT_OK : ACT_ESTATE;
		if (rc == ACT_ESTATE)
			*errstr_r = xasprintf("'%s' is already a sponsor", lower);
		else if (rc == ACT_OK && db_audit(ctx->db, actor, "sponsor", *id_r, NULL, "activate",
		    NULL, lower) < 0)
			rc = ACT_EDB;
		free(lower);
		return rc;
	}
	split_name(name, &first, &last);
	if (*first == '\0' && *last == '\0' && db_int_for(ctx->db, "SELECT count(*) FROM users"
	    " WHERE email = ? AND trim(first_name || last_name) <> ''", lower) == 0) {
		*errstr_r = xstrdup("a sponsor needs a name: PARRAIN address Last-name First-name");
		free(first);
		free(last);
		free(lower);
		return ACT_EINPUT;
	}
	st = db_prepare(ctx->db,
	    "INSERT INTO sponsors (email, first_name, last_name, user_id, locale, created_by,"
	    " created_at) SELECT ?1, coalesce(nullif(?2, ''), u.first_name, ''),"
	    " coalesce(nullif(?3, ''), u.last_name, ''), u.id, coalesce(u.locale, 'fr'), ?4, ?5"
	    " FROM (SELECT 1) LEFT JOIN users u ON u.email = ?1 AND u.state <> 'closed'");
	db_bind_text(st, 1, lower);
	db_bind_text(st, 2, first);
	db_bind_text(st, 3, last);
	db_bind_text(st, 4, actor);
	db_bind_int(st, 5, now_epoch());
	free(first);
	free(last);
	rc = ACT_OK;
	if (db_done(ctx->db, st, errstr_r) < 0)
		rc = ACT_EDB;
	else {
		*id_r = sqlite3_last_insert_rowid(ctx->db->h);
		if (db_audit(ctx->db, actor, "sponsor", *id_r, NULL, "create", NULL, lower) < 0)
			rc = ACT_EDB;
	}
	if (rc == ACT_OK)
		log_info("sponsor '%s' added by %s", lower, actor);
	free(lower);
	return rc;
}

int
sponsor_remove(struct altc *ctx, const char *email, int erase, const char *actor,
    char **errstr_r)
{
	static const char *const unlink_sql[] = {
		"UPDATE sponsorships SET sponsor_id = NULL WHERE sponsor_id = ?1",
		"UPDATE sponsorships SET proposed_id = NULL WHERE proposed_id = ?1",
		"DELETE FROM sponsors WHERE id = ?1",
	};
	int64_t id = db_int_for(ctx->db, erase ? "SELECT id FROM sponsors WHERE email = ?" :
	    "SELECT id FROM sponsors WHERE email = ? AND active", email);
	sqlite3_stmt *st;

	if (id == 0) {
		*errstr_r = xasprintf("no sponsor '%s' in the pool", email);
		return ACT_ENOTFOUND;
	}
	for (size_t i = erase ? 0 : ARRAY_SIZE(unlink_sql); i < ARRAY_SIZE(unlink_sql); i++) {
		st = db_prepare(ctx->db, unlink_sql[i]);
		db_bind_int(st, 1, id);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return ACT_EDB;
	}
	if (!erase) {
		st = db_prepare(ctx->db, "UPDATE sponsors SET active = 0 WHERE id = ?1");
		db_bind_int(st, 1, id);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return ACT_EDB;
	}
	return db_audit(ctx->db, actor, "sponsor", id, NULL, erase ? "erase" : "remove", NULL,
	    erase ? NULL : email) < 0 ? ACT_EDB : ACT_OK;
}

/* fold - s folded for comparisons (no case, no accents, single spaces); caller frees */
static char *
fold(const char *s)
{
	struct strbuf f = STRBUF_INIT;
	char *out, *w;
	int space = 1;

	utf8_fold(s, strlen(s), 0, &f);
	out = w = xmalloc(f.len + 1);
	for (size_t i = 0; i < f.len; i++) {
		int is_space = f.buf[i] == ' ' || f.buf[i] == '\t' || f.buf[i] == '-';

		if (is_space && !space)
			*w++ = ' ';
		else if (!is_space)
			*w++ = f.buf[i];
		space = is_space;
	}
	while (w > out && w[-1] == ' ')
		w--;
	*w = '\0';
	strbuf_release(&f);
	return out;
}

int
sponsor_find(struct altc *ctx, const char *what, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st;
	char *want, *trimmed = str_trim(xstrdup(what ? what : ""));
	size_t n = 0;
	int rc;

	*id_r = 0;
	/* "Jean Dupont <jean@x>" and "<jean@x>" name the address */
	if (strchr(trimmed, '<') && strchr(trimmed, '>')) {
		char *a = strchr(trimmed, '<') + 1;

		a[strcspn(a, ">")] = '\0';
		memmove(trimmed, a, strlen(a) + 1);
	}
	if (strchr(trimmed, '@')) {
		*id_r = db_int_for(ctx->db, "SELECT id FROM sponsors WHERE email = ? AND active",
		    trimmed);
		if (*id_r == 0)
			*errstr_r = xasprintf("'%s' is not a registered sponsor", trimmed);
		free(trimmed);
		return *id_r ? ACT_OK : ACT_ENOTFOUND;
	}
	want = fold(trimmed);
	st = db_prepare(ctx->db, "SELECT id, first_name, last_name FROM sponsors WHERE active"
	    " ORDER BY id");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char *a = xasprintf("%s %s", db_col_text(st, 1), db_col_text(st, 2));
		char *b = xasprintf("%s %s", db_col_text(st, 2), db_col_text(st, 1));
		char *fa = fold(a), *fb = fold(b);

		if (*want && (strcmp(fa, want) == 0 || strcmp(fb, want) == 0)) {
			n++;
			*id_r = sqlite3_column_int64(st, 0);
		}
		free(a);
		free(b);
		free(fa);
		free(fb);
	}
	sqlite3_reset(st);
	free(want);
	if (rc < 0) {
		free(trimmed);
		return ACT_EDB;
	}
	rc = n == 1 ? ACT_OK : n == 0 ? ACT_ENOTFOUND : ACT_EINPUT;
	if (n == 0)
		*errstr_r = xasprintf("'%s' is not a registered sponsor", trimmed);
	else if (n > 1)
		*errstr_r = xasprintf("several sponsors are called '%s': give the address", trimmed);
	if (n != 1)
		*id_r = 0;
	free(trimmed);
	return rc;
}

int64_t
sponsor_propose(struct altc *ctx, int64_t student_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT s.id FROM sponsors s WHERE s.active AND s.user_id IS NOT ?1"
	    " ORDER BY (SELECT count(*) FROM sponsorships p WHERE p.sponsor_id = s.id"
	    "   AND p.state = 'active'), s.id LIMIT 1");
	int64_t id = 0;

	db_bind_int(st, 1, student_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

struct table *
sponsor_table(struct altc *ctx, char **errstr_r)
{
	static const char *const cols[] = { "email", "name", "account", "active", "sponsorships",
		"added_by" };
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT s.email, trim(s.first_name || ' ' || s.last_name), coalesce(u.role, ''),"
	    " CASE WHEN s.active THEN 'yes' ELSE 'no' END,"
	    " (SELECT count(*) FROM sponsorships p WHERE p.sponsor_id = s.id AND p.state = 'active'),"
	    " coalesce(s.created_by, '')"
	    " FROM sponsors s LEFT JOIN users u ON u.id = s.user_id ORDER BY s.id");
	return db_table(ctx->db, st, cols, ARRAY_SIZE(cols), errstr_r);
}
