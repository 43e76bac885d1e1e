/*
 * structure.c - structures and their users: adding them (staff), who
 * belongs to which, and who answers for a partner company.  The partner
 * workflow is structure_partner.c's.
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "config.h"
#include "db.h"
#include "formation.h"
#include "log.h"
#include "notify.h"
#include "status.h"
#include "structure.h"
#include "structure_int.h"
#include "text.h"
#include "token.h"
#include "util.h"

const char *const structure_kinds[] = {
	"opco", "cci", "cma", "mission_locale", "agence", "autre", NULL
};

/* the words people use for each kind, as text_key folds them */
static const struct { const char *word, *kind; } kind_words[] = {
	{ "opco", "opco" }, { "cci", "cci" }, { "chambre_de_commerce", "cci" },
	{ "cma", "cma" }, { "chambre_de_metiers", "cma" },
	{ "mission_locale", "mission_locale" }, { "missionlocale", "mission_locale" },
	{ "ml", "mission_locale" }, { "agence", "agence" }, { "agency", "agence" },
	{ "agence_de_recrutement", "agence" }, { "recruitment_agency", "agence" },
	{ "cabinet", "agence" }, { "autre", "autre" }, { "other", "autre" },
};

const char *
structure_kind(const char *word)
{
	char *k = text_key(word ? word : "");
	const char *kind = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(kind_words) && kind == NULL; i++)
		if (strcmp(k, kind_words[i].word) == 0)
			kind = kind_words[i].kind;
	free(k);
	return kind;
}

int
structure_add(struct altc *ctx, const char *name, const char *kind, int64_t *id_r,
    char **errstr_r)
{
	const char *k = structure_kind(kind);
	sqlite3_stmt *st;
	char *n = str_trim(xstrdup(name ? name : ""));
	int rc;

	if (k == NULL) {
		*errstr_r = xasprintf("unknown kind of structure '%s'", kind ? kind : "");
		free(n);
		return ACT_EINPUT;
	}
	if (*n == '\0' || strlen(n) > 200) {
		*errstr_r = xstrdup("a structure needs a name (200 characters at most)");
		free(n);
		return ACT_EINPUT;
	}
	st = db_prepare(ctx->db, "SELECT 1 FROM structures WHERE name = ?");
	db_bind_text(st, 1, n);
	rc = db_step(ctx->db, st, errstr_r);
	sqlite3_reset(st);
	if (rc != 0) {
		if (rc == 1)
			*errstr_r = xasprintf("a structure is already named '%s'", n);
		free(n);
		return rc < 0 ? ACT_EDB : ACT_EINPUT;
	}
	st = db_prepare(ctx->db, "INSERT INTO structures (name, kind, created_at) VALUES (?, ?, ?)");
	db_bind_text(st, 1, n);
	db_bind_text(st, 2, k);
	db_bind_int(st, 3, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0) {
		free(n);
		return ACT_EDB;
	}
	*id_r = sqlite3_last_insert_rowid(ctx->db->h);
	rc = db_audit(ctx->db, NULL, "structure", *id_r, NULL, "create", k, n) < 0 ? ACT_EDB : ACT_OK;
	if (rc == ACT_OK)
		log_info("structure %lld: %s (%s) added", (long long)*id_r, n, k);
	else
		*errstr_r = xstrdup("audit row");
	free(n);
	return rc;
}

int
structure_find(struct altc *ctx, const char *name, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM structures WHERE name = ?1 OR CAST(id AS TEXT) = ?1");
	int rc;

	*id_r = 0;
	db_bind_text(st, 1, name);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		*id_r = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == 0)
		*errstr_r = xasprintf("no structure named '%s'", name);
	return rc < 0 ? ACT_EDB : rc == 0 ? ACT_ENOTFOUND : ACT_OK;
}

int
structure_key(struct altc *ctx, int64_t structure_id, int64_t user_id, char tok[TOKEN_BUFSZ],
    char **errstr_r)
{
	return token_issue(ctx->db, STRUCTURE_MEMBER_PURPOSE, "structure", structure_id, user_id,
	    STRUCTURE_MEMBER_COMMANDS, config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r);
}

int
structure_queue(struct altc *ctx, int64_t user_id, const char *tmpl, json_object *v,
    const char *token, const char *thread, char **errstr_r)
{
	struct notify_msg m = { 0 };
	int64_t rc;

	m.user_id = user_id;
	m.template = tmpl;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.token = token;
	m.thread = thread;
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(v);
	return rc < 0 ? -1 : 0;
}

/* welcome - structure.welcome to a new user, with the key that takes PARTENAIRE */
static int
welcome(struct altc *ctx, int64_t structure_id, int64_t user_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT s.name, s.kind, u.first_name FROM structures s, users u"
	    " WHERE s.id = ?1 AND u.id = ?2");
	char tok[TOKEN_BUFSZ], thread[64];
	json_object *v = json_object_new_object();

	db_bind_int(st, 1, structure_id);
	db_bind_int(st, 2, user_id);
	if (db_step(ctx->db, st, NULL) == 1) {
		json_object_object_add(v, "structure", json_object_new_string(db_col_text(st, 0)));
		json_object_object_add(v, "kind", json_object_new_string(db_col_text(st, 1)));
		json_object_object_add(v, "first_name", json_object_new_string(db_col_text(st, 2)));
	}
	sqlite3_reset(st);
	if (structure_key(ctx, structure_id, user_id, tok, errstr_r) < 0) {
		json_object_put(v);
		return -1;
	}
	(void)xsnprintf(thread, sizeof(thread), "structure.%lld", (long long)structure_id);
	return structure_queue(ctx, user_id, "structure.welcome", v, tok, thread, errstr_r);
}

int
structure_member_add(struct altc *ctx, int64_t structure_id, const char *email,
    const char *first_name, const char *last_name, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT u.id, u.role, u.state, (SELECT s.name FROM structure_members m"
	    "  JOIN structures s ON s.id = m.structure_id WHERE m.user_id = u.id)"
	    " FROM users u WHERE u.email = ?");
	int64_t user = 0;
	int rc;

	if (!text_is_email(email)) {
		*errstr_r = xasprintf("'%s' is not an e-mail address", email);
		return ACT_EINPUT;
	}
	db_bind_text(st, 1, email);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		user = sqlite3_column_int64(st, 0);
		if (strcmp(db_col_text(st, 1), "employer") != 0 ||
		    strcmp(db_col_text(st, 2), "active") != 0) {
			*errstr_r = xasprintf("'%s' is not an active employer's account", email);
			rc = ACT_EINPUT;
		} else if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
			*errstr_r = xasprintf("'%s' is already a user of the structure %s", email,
			    db_col_text(st, 3));
			rc = ACT_ESTATE;
		} else
			rc = ACT_OK;
	} else if (rc == 0)
		rc = ACT_OK;
	else
		rc = ACT_EDB;
	sqlite3_reset(st);
	if (rc != ACT_OK)
		return rc;
	if (db_savepoint(ctx->db, "structure_member") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	rc = ACT_EDB;
	if (user == 0 && (user = user_ensure(ctx, email, "employer", "active", last_name,
	    first_name, errstr_r)) < 0)
		goto out;
	st = db_prepare(ctx->db, "INSERT INTO structure_members (structure_id, user_id, created_at)"
	    " VALUES (?, ?, ?)");
	db_bind_int(st, 1, structure_id);
	db_bind_int(st, 2, user);
	db_bind_int(st, 3, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    db_audit(ctx->db, NULL, "structure", structure_id, NULL, "member", NULL, email) < 0 ||
	    welcome(ctx, structure_id, user, errstr_r) < 0)
		goto out;
	rc = ACT_OK;
	log_info("structure %lld: '%s' added as a user", (long long)structure_id, email);
out:
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "structure_member");
	else if (db_release(ctx->db, "structure_member") < 0)
		rc = ACT_EDB;
	if (rc == ACT_EDB && *errstr_r == NULL)
		*errstr_r = xstrdup("database error");
	return rc;
}

int64_t
structure_of_user(struct altc *ctx, int64_t user_id)
{
	return db_int_for_id(ctx->db, "SELECT m.structure_id FROM structure_members m"
	    " JOIN users u ON u.id = m.user_id WHERE m.user_id = ? AND u.role = 'employer'"
	    " AND u.state = 'active'", user_id);
}

int
structure_is_member(struct altc *ctx, int64_t structure_id, int64_t user_id)
{
	return structure_id != 0 && structure_of_user(ctx, user_id) == structure_id;
}

int
structure_members(struct altc *ctx, int64_t structure_id, struct id_list *l, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT m.user_id FROM structure_members m JOIN users u ON u.id = m.user_id"
	    " WHERE m.structure_id = ? AND u.role = 'employer' AND u.state = 'active'"
	    " ORDER BY m.user_id");

	db_bind_int(st, 1, structure_id);
	return id_list_query(ctx->db, st, l, errstr_r);
}

int
structure_manages_company(struct altc *ctx, int64_t user_id, int64_t company_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM structure_partners p WHERE p.company_id = ?2 AND p.state = 'validated'"
	    " AND p.structure_id = ?1");
	int64_t sid = structure_of_user(ctx, user_id);
	int rc;

	if (sid == 0 || company_id == 0)
		return 0;
	db_bind_int(st, 1, sid);
	db_bind_int(st, 2, company_id);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc == 1;
}

int64_t
structure_contact_of(struct altc *ctx, int64_t company_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce((SELECT m.user_id FROM structure_members m JOIN users u"
	    "   ON u.id = m.user_id WHERE m.structure_id = p.structure_id"
	    "   AND m.user_id = p.requested_by AND u.role = 'employer' AND u.state = 'active'),"
	    " (SELECT m.user_id FROM structure_members m JOIN users u ON u.id = m.user_id"
	    "   WHERE m.structure_id = p.structure_id AND u.role = 'employer'"
	    "   AND u.state = 'active' ORDER BY m.user_id LIMIT 1), 0)"
	    " FROM structure_partners p WHERE p.company_id = ? AND p.state = 'validated'"
	    " ORDER BY p.updated_at, p.id LIMIT 1");
	int64_t id = 0;

	db_bind_int(st, 1, company_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}
