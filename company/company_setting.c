/*
 * company_setting.c - a company as people name it in a mail (its SIRET or
 * its name), and its setting for spontaneous applications: on by default,
 * switched by its referent (the application workflow checks who asks),
 * audited, and confirmed by mail.
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "company.h"
#include "db.h"
#include "log.h"
#include "notify.h"
#include "siret.h"
#include "status.h"
#include "text.h"
#include "util.h"

/* looks_like_siret - s is 14 digits once its spaces, dots and dashes are left out */
static int
looks_like_siret(const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			n++;
		else if (*s != ' ' && *s != '.' && *s != '-')
			return 0;
	}
	return n == 14;
}

int
company_lookup(struct altc *ctx, const char *text, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st;
	char *want, *t = str_trim(xstrdup(text ? text : ""));
	int64_t found = 0;
	int n = 0, rc;

	*id_r = 0;
	if (*t == '\0') {
		free(t);
		*errstr_r = xstrdup("which company? give its SIRET or its name");
		return ACT_EINPUT;
	}
	if (looks_like_siret(t)) {
		if (siret_check(t, errstr_r) < 0) {
			free(t);
			return ACT_EINPUT;
		}
		if ((rc = company_find(ctx, t, &found, errstr_r)) < 0) {
			free(t);
			return ACT_EDB;
		}
		if (rc == 0) {
			*errstr_r = xasprintf("no company with SIRET %s", t);
			free(t);
			return ACT_EINPUT;
		}
		free(t);
		*id_r = found;
		return ACT_OK;
	}
	/* by name: the same letters, whatever the case, accents and punctuation */
	want = text_key(t);
	st = db_prepare(ctx->db, "SELECT id, name FROM companies WHERE state = 'active' ORDER BY id");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		char *k = text_key(db_col_text(st, 1));

		if (*want && strcmp(k, want) == 0) {
			found = sqlite3_column_int64(st, 0);
			n++;
		}
		free(k);
	}
	sqlite3_reset(st);
	free(want);
	if (rc < 0) {
		free(t);
		return ACT_EDB;
	}
	if (n != 1) {
		*errstr_r = n == 0 ? xasprintf("no company named '%s' on the platform", t) :
		    xasprintf("several companies are named '%s': give the SIRET", t);
		free(t);
		return ACT_EINPUT;
	}
	free(t);
	*id_r = found;
	return ACT_OK;
}

int64_t
company_referent(struct altc *ctx, int64_t company_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT u.id FROM companies c JOIN users u ON u.id = c.referent_id"
	    " WHERE c.id = ? AND u.state = 'active' AND u.role = 'employer'");
	int64_t id = 0;

	db_bind_int(st, 1, company_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int
company_spontaneous(struct altc *ctx, int64_t company_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT spontaneous FROM companies WHERE id = ?");
	int rc;

	db_bind_int(st, 1, company_id);
	rc = db_step(ctx->db, st, NULL) == 1 ? sqlite3_column_int(st, 0) != 0 : -1;
	sqlite3_reset(st);
	return rc;
}

int
company_set_spontaneous(struct altc *ctx, int64_t company_id, int on, int64_t actor_id,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE companies SET spontaneous = ?2 WHERE id = ?1");
	struct notify_msg m = { 0 };
	char thread[64], *name;
	json_object *v;
	int64_t rc;

	db_bind_int(st, 1, company_id);
	db_bind_int(st, 2, on != 0);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	if (sqlite3_changes(ctx->db->h) != 1) {
		*errstr_r = xasprintf("no company %lld", (long long)company_id);
		return ACT_ENOTFOUND;
	}
	if (db_audit(ctx->db, actor_id ? db_actor(ctx->db, actor_id) : NULL, "company", company_id,
	    NULL, "spontaneous", on ? "on" : "off", NULL) < 0) {
		*errstr_r = xstrdup("audit row");
		return ACT_EDB;
	}
	st = db_prepare(ctx->db, "SELECT name FROM companies WHERE id = ?");
	db_bind_int(st, 1, company_id);
	name = xstrdup(db_step(ctx->db, st, NULL) == 1 ? db_col_text(st, 0) : "");
	sqlite3_reset(st);
	log_info("company %lld (%s): spontaneous applications %s", (long long)company_id, name,
	    on ? "on" : "off");
	if (actor_id == 0) {
		free(name);
		return ACT_OK;
	}
	v = json_object_new_object();
	json_object_object_add(v, "company", json_object_new_string(name));
	json_object_object_add(v, "on", json_object_new_boolean(on != 0));
	free(name);
	(void)xsnprintf(thread, sizeof(thread), "company.%lld", (long long)company_id);
	m.user_id = actor_id;
	m.template = "account.spontaneous";
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.thread = thread;
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(v);
	return rc < 0 ? ACT_EDB : ACT_OK;
}
