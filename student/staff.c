/*
 * staff.c - creating staff accounts.  Everything happens in the caller's
 * transaction: the user, the formation links, the audit row, the token and
 * the activation mail commit together or not at all.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "formation.h"
#include "notify.h"
#include "staff.h"
#include "token.h"
#include "util.h"

static const char *const roles[] = { "rp", "ga", "admin" };

/* plausible_address - one '@', no spaces or controls, something on both sides */
static int
plausible_address(const char *a)
{
	const char *at = strchr(a, '@'), *p;

	if (at == NULL || at == a || at[1] == '\0' || strchr(at + 1, '@') || strlen(a) > 254 ||
	    strchr(at, '.') == NULL)
		return 0;
	for (p = a; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || strchr("<>()[],;:\"\\", *p))
			return 0;
	return 1;
}

static int
link_formation(struct altc *ctx, const char *role, int64_t uid, const char *code,
    char **errstr_r)
{
	int64_t fid = formation_id(ctx, code);
	sqlite3_stmt *st;

	if (fid <= 0) {
		*errstr_r = xasprintf("unknown formation '%s'", code);
		return -1;
	}
	if (strcmp(role, "rp") == 0) {
		st = db_prepare(ctx->db, "UPDATE formations SET rp_id = ? WHERE id = ?");
		db_bind_int(st, 1, uid);
		db_bind_int(st, 2, fid);
		return db_done(ctx->db, st, errstr_r) < 0 ? -1 : 0;
	}
	st = db_prepare(ctx->db,
	    "INSERT OR IGNORE INTO delegations (rp_id, ga_id, formation_id)"
	    " SELECT rp_id, ?, id FROM formations WHERE id = ? AND rp_id IS NOT NULL");
	db_bind_int(st, 1, uid);
	db_bind_int(st, 2, fid);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	if (sqlite3_changes(ctx->db->h) == 0) {
		*errstr_r = xasprintf("formation '%s' has no rp to delegate from", code);
		return -1;
	}
	return 0;
}

static int64_t
insert_user(struct altc *ctx, const char *role, const char *email, const char *name,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "INSERT INTO users (email, role, state, first_name, last_name, locale, created_at,"
	    " updated_at) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?)");
	sqlite3_stmt *ex = db_prepare(ctx->db, "SELECT role FROM users WHERE email = ?");
	char *first = xstrdup(name), *sp;
	int64_t now = now_epoch();
	int rc;

	db_bind_text(ex, 1, email);
	rc = db_step(ctx->db, ex, errstr_r);
	if (rc == 1)
		*errstr_r = xasprintf("'%s' already has an account (%s)", email, db_col_text(ex, 0));
	sqlite3_reset(ex);
	if (rc != 0) {
		free(first);
		return -1;
	}
	str_trim(first);
	sp = strchr(first, ' ');
	if (sp)
		*sp++ = '\0';
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, role);
	db_bind_text(st, 3, first);
	db_bind_text(st, 4, sp ? str_trim(sp) : "");
	db_bind_text(st, 5, config_str(ctx->cfg, "mail.locale"));
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now);
	rc = db_done(ctx->db, st, errstr_r);
	free(first);
	return rc < 0 ? -1 : sqlite3_last_insert_rowid(ctx->db->h);
}

/* activation_vars - the account.activation variables (see templates/VARIABLES.md) */
static char *
activation_vars(struct altc *ctx, int64_t uid, const char *role, const char *tok,
    int64_t expires)
{
	struct json_object *v = json_object_new_object();
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT first_name, last_name FROM users WHERE id = ?");
	char *s, key[16];

	db_bind_int(st, 1, uid);
	if (db_step(ctx->db, st, NULL) == 1) {
		json_object_object_add(v, "first_name", json_object_new_string(db_col_text(st, 0)));
		json_object_object_add(v, "last_name", json_object_new_string(db_col_text(st, 1)));
	}
	sqlite3_reset(st);
	json_object_object_add(v, "role", json_object_new_string(role));
	xsnprintf(key, sizeof(key), "is_%s", role);
	json_object_object_add(v, key, json_object_new_boolean(1));
	s = xasprintf("%s/s/%s", config_str(ctx->cfg, "mail.base_url"), tok);
	json_object_object_add(v, "link", json_object_new_string(s));
	free(s);
	s = notify_format_date(config_str(ctx->cfg, "mail.locale"), expires);
	json_object_object_add(v, "expires", json_object_new_string(s));
	free(s);
	s = xstrdup(json_object_to_json_string_ext(v,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(v);
	return s;
}

int64_t
staff_add(struct altc *ctx, const char *role, const char *email, const char *name,
    const char *const *formations, size_t nformations, char **errstr_r)
{
	struct notify_msg m;
	char tok[TOKEN_BUFSZ], *vars;
	int64_t uid, ttl = config_int(ctx->cfg, "tokens.activation_ttl");
	size_t i;

	for (i = 0; i < ARRAY_SIZE(roles) && strcmp(roles[i], role) != 0; i++)
		;
	if (i == ARRAY_SIZE(roles)) {
		*errstr_r = xasprintf("role '%s' is not a staff role (rp, ga or admin)", role);
		return -1;
	}
	if (!plausible_address(email)) {
		*errstr_r = xasprintf("'%s' is not a valid e-mail address", email);
		return -1;
	}
	if (strcmp(role, "admin") == 0 && nformations > 0) {
		*errstr_r = xstrdup("an admin has no formations");
		return -1;
	}
	if (name == NULL || strpbrk(name, "\r\n") != NULL || *name == '\0') {
		*errstr_r = xstrdup("a name (one line) is required");
		return -1;
	}
	if ((uid = insert_user(ctx, role, email, name, errstr_r)) < 0)
		return -1;
	for (i = 0; i < nformations; i++)
		if (link_formation(ctx, role, uid, formations[i], errstr_r) < 0)
			return -1;
	if (db_audit(ctx->db, NULL, "user", uid, NULL, "create", "pending", role) < 0) {
		*errstr_r = xstrdup("cannot write the audit row");
		return -1;
	}
	if (token_issue(ctx->db, "activation", "user", uid, uid, "", ttl, 1, tok, errstr_r) < 0)
		return -1;
	vars = activation_vars(ctx, uid, role, tok, now_epoch() + ttl);
	memset(&m, 0, sizeof(m));
	m.user_id = uid;
	m.template = "account.activation";
	m.importance = NOTIFY_ACTION;
	m.vars_json = vars;
	if (notify_queue(ctx, &m, errstr_r) < 0) {
		free(vars);
		return -1;
	}
	free(vars);
	return uid;
}
