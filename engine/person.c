/*
 * person.c - personal data (RGPD): the table of every column that names a
 * person, the lookup of a person by address, and the erasure and retention
 * that walk it (the export is person_export.c).
 *
 * The table is the one place to extend when a table gains a user reference
 * or an address column; tests/unit/test_person.c compares it with the
 * schema.  Erasure runs the rows in order (children before parents) inside
 * one transaction; the user row itself stays as an anonymous tombstone so
 * that what must be kept (validated mission sheets, the audit trail) still
 * points at a row.  doc/personal-data.md says the same for people.
 */
#include "compat.h"

#include <strings.h>
#include <unistd.h>

#include "altc.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "log.h"
#include "person.h"
#include "person_int.h"
#include "util.h"

#define DAY 86400

/*
 * The core's own tables (notifications, tokens, mail, ledger, audit, the
 * account itself); each module lists its tables in its descriptor
 * (module.h, field personal), children before parents.
 */
const struct person_column person_core_columns[] = {
	{ "notifications", "user_id", "user_id = ?1", PERSON_DELETE, NULL,
	  "the person's notification center" },
	{ "pending_commands", "user_id", "user_id = ?1 OR instr(lower(body), lower(?2)) > 0",
	  PERSON_DELETE, NULL,
	  "the staff commands the person sent or that name their address, held until confirmed" },
	{ "tokens", "user_id", "user_id = ?1", PERSON_DELETE, NULL,
	  "the person's links and reply keys (hashes)" },
	{ "outbox", "user_id", "user_id = ?1 OR rcpt = ?2", PERSON_DELETE, NULL,
	  "the mail sent to the person" },
	{ "outbox", "rcpt", "user_id = ?1 OR rcpt = ?2", PERSON_DELETE, NULL,
	  "the mail sent to the person's address" },
	{ "error_budget", "sender", "sender = ?2 OR sender = 'user:' || ?1", PERSON_DELETE, NULL,
	  "the count of error replies sent to the person today" },
	{ "inbound", "sender", "sender = ?2 OR instr(reason, ?2) > 0", PERSON_UNLINK,
	  "UPDATE inbound SET sender = CASE WHEN sender = ?2 THEN NULL ELSE sender END,"
	  " reason = replace(reason, ?2, ?3) WHERE sender = ?2 OR instr(reason, ?2) > 0",
	  "the ledger of applied mail (Message-IDs) keeps refusing replays, without the sender" },
	{ "audit", "actor", "actor = ?2 OR instr(detail, ?2) > 0 OR (object_type = 'user' AND object_id = ?1)",
	  PERSON_KEEP,
	  "UPDATE audit SET actor = CASE WHEN actor = ?2 THEN ?3 ELSE actor END,"
	  " detail = replace(detail, ?2, ?3)"
	  " WHERE actor = ?2 OR instr(detail, ?2) > 0",
	  "the audit trail (who decided what, when): kept for accountability, the address"
	  " replaced by erased:ID (erased:audit-N without an account)" },
	{ "users", "email", "id = ?1", PERSON_ANONYMISE,
	  "UPDATE users SET email = 'erased-' || id || '@erased.invalid', state = 'erased',"
	  " last_name = '', first_name = '', phone_mobile = NULL, phone_fixed = NULL, ine = NULL,"
	  " birth_date = NULL, address1 = NULL, address2 = NULL, postal_code = NULL, city = NULL,"
	  " country = NULL, last_school = NULL, parcours = NULL, family_contact = NULL,"
	  " referent_id = NULL, notify_email = 0, notify_optional = 0, updated_at = strftime('%s')"
	  " WHERE id = ?1",
	  "the account: identity, contact details, INE, birth date, address, school;"
	  " an anonymous row stays for what is kept" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

int
person_covers(const char *table, const char *column)
{

	PERSON_EACH(c)
		if (strcmp(c->table, table) == 0 && strcmp(c->column, column) == 0)
			return 1;
	return 0;
}

/* find_user - id of the address; 0 when unknown, -1 on SQL error */
static int64_t
find_user(struct altc *ctx, const char *email, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id FROM users WHERE email = ?");
	int64_t id = 0;
	int rc;

	db_bind_text(st, 1, email);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? -1 : id;
}

/* person_bind - the parameters of the table's statements (person_int.h) */
void
person_bind(sqlite3_stmt *st, int64_t id, const char *email, const char *tag)
{
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
	if (tag && sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_text(st, 3, tag, -1, SQLITE_TRANSIENT);
}

/* person_find - an account, else any listed row naming the address (person_int.h) */
int
person_find(struct altc *ctx, const char *email, int64_t *id_r, char **errstr_r)
{
	if ((*id_r = find_user(ctx, email, errstr_r)) != 0)
		return *id_r < 0 ? -1 : 1;
	PERSON_EACH(c) {
		char *sql = sqlite3_mprintf("SELECT 1 FROM \"%w\" WHERE %s LIMIT 1", c->table,
		    c->where);
		sqlite3_stmt *st;
		int rc;

		if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK) {
			*errstr_r = xasprintf("%s: %s", c->table, sqlite3_errmsg(ctx->db->h));
			sqlite3_free(sql);
			return -1;
		}
		sqlite3_free(sql);
		person_bind(st, 0, email, NULL);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE) {
			*errstr_r = xasprintf("%s: %s", c->table, sqlite3_errstr(rc));
			return -1;
		}
	}
	return 0;
}

/* run_sql - one erasure statement with the person's id, address and tag */
static int
run_sql(struct altc *ctx, const char *sql, int64_t id, const char *email, const char *tag,
    size_t *changes_r, char **errstr_r)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("%s: %s", sql, sqlite3_errmsg(ctx->db->h));
		return -1;
	}
	person_bind(st, id, email, tag);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("%s: %s", sql, sqlite3_errmsg(ctx->db->h));
		return -1;
	}
	*changes_r += (size_t)sqlite3_changes(ctx->db->h);
	return 0;
}

/* the core's files: the person's documents that no other row will name */
#define DOCUMENT_FILES \
	"SELECT DISTINCT sha256, 'pdf' FROM documents d WHERE user_id = ?1" \
	" AND id NOT IN (SELECT description_doc_id FROM offers WHERE description_doc_id IS NOT NULL)" \
	" AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.sha256 = d.sha256" \
	"  AND (o.user_id IS NOT ?1 OR o.id IN (SELECT description_doc_id FROM offers" \
	"  WHERE description_doc_id IS NOT NULL)))"

/* add_files - the paths of the stored files sql selects (hash, extension) onto *v */
static void
add_files(struct altc *ctx, const char *sql, int64_t id, const char *email, char ***v,
    size_t *n)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	person_bind(st, id, email, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*v = xreallocarray(*v, *n + 2, sizeof(**v));
		(*v)[(*n)++] = document_file(ctx, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
		(*v)[*n] = NULL;
	}
	sqlite3_finalize(st);
}

/* doomed_files - paths of the person's stored files that no other row will name */
static char **
doomed_files(struct altc *ctx, int64_t id, const char *email)
{
	char **v = NULL;
	size_t n = 0;

	if (id > 0)
		add_files(ctx, DOCUMENT_FILES, id, email, &v, &n);
	MODULES_EACH(m)
		if (m->personal_files)
			add_files(ctx, m->personal_files, id, email, &v, &n);
	return v;
}

/*
 * erase_id - the erasure of one person (user id, or 0 without an account)
 * inside the caller's transaction; the audit row comes first, so that a
 * person without an account is named in what is kept by that row's id
 */
static int
erase_id(struct altc *ctx, int64_t id, const char *email, const char *reason, char ***files_r,
    char **errstr_r)
{
	size_t changes = 0;
	int64_t audit_id;
	char *detail, *tag;
	sqlite3_stmt *st;
	int rc = 0;

	*files_r = doomed_files(ctx, id, email);
	if (db_audit(ctx->db, NULL, id > 0 ? "user" : "person", id, NULL, "erase", "erased",
	    reason) < 0) {
		*errstr_r = xstrdup("cannot write the audit row");
		return -1;
	}
	audit_id = sqlite3_last_insert_rowid(ctx->db->h);
	tag = id > 0 ? xasprintf("erased:%lld", (long long)id) :
	    xasprintf("erased:audit-%lld", (long long)audit_id);
	PERSON_EACH(c) {
		char *sql;

		if (rc < 0)
			continue;
		if (c->erase_sql)
			sql = sqlite3_mprintf("%s", c->erase_sql);
		else if (c->erase == PERSON_DELETE)
			sql = sqlite3_mprintf("DELETE FROM \"%w\" WHERE %s", c->table, c->where);
		else if (c->erase == PERSON_UNLINK)
			sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = NULL WHERE %s", c->table,
			    c->column, c->where);
		else
			continue;	/* kept as is */
		rc = run_sql(ctx, sql, id, email, tag, &changes, errstr_r);
		sqlite3_free(sql);
	}
	free(tag);
	if (rc < 0)
		return -1;
	detail = xasprintf("%s; %zu rows deleted or anonymised", reason, changes);
	st = db_prepare(ctx->db, "UPDATE audit SET detail = ? WHERE id = ?");
	db_bind_text(st, 1, detail);
	db_bind_int(st, 2, audit_id);
	rc = db_done(ctx->db, st, errstr_r);
	free(detail);
	return rc < 0 ? -1 : 0;
}

static void
remove_files(char **files)
{
	size_t i;

	for (i = 0; files && files[i]; i++) {
		if (unlink(files[i]) < 0 && errno != ENOENT)
			log_warn("cannot remove '%s'", files[i]);
		free(files[i]);
	}
	free(files);
}

int
person_erase(struct altc *ctx, const char *email, const char *reason, char **errstr_r)
{
	char **files = NULL;
	int64_t id;
	int rc = person_find(ctx, email, &id, errstr_r);

	if (rc <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("no person with the address '%s'", email);
		return -1;
	}
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (erase_id(ctx, id, email, reason, &files, errstr_r) < 0 || db_commit(ctx->db) < 0) {
		db_rollback(ctx->db);
		for (size_t i = 0; files && files[i]; i++)
			free(files[i]);
		free(files);
		if (*errstr_r == NULL)
			*errstr_r = xstrdup("cannot commit the erasure");
		return -1;
	}
	remove_files(files);	/* after the commit: a crash leaves a file, never a dangling row */
	if (id > 0)
		log_info("person %lld erased (%s)", (long long)id, reason);
	else
		log_info("a person without an account erased (%s)", reason);
	return 0;
}

/* retention_add - the addresses whose retention period r says is over */
static int
retention_add(struct altc *ctx, const struct person_retention *r, int64_t now, char ***v,
    size_t *n, char **errstr_r)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(ctx->db->h, r->sql, -1, &st, NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("retention %s: %s", r->key, sqlite3_errmsg(ctx->db->h));
		return -1;
	}
	sqlite3_bind_int64(st, 1, now - config_int(ctx->cfg, r->key) * DAY);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *e = (const char *)sqlite3_column_text(st, 0);
		size_t i;

		for (i = 0; e && i < *n && strcasecmp((*v)[i], e) != 0; i++)
			;
		if (e == NULL || i < *n)
			continue;	/* once each */
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = xstrdup(e);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("retention %s: %s", r->key, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

const struct person_retention person_core_retention[] = {
	{ "retention.unregistered_days", "SELECT email FROM users WHERE role = 'student'"
	  " AND state = 'imported' AND created_at < ?1 ORDER BY id" },
	{ "retention.closed_days", "SELECT email FROM users WHERE state = 'closed'"
	  " AND updated_at < ?1 ORDER BY id" },
	{ NULL, NULL }
};

int
person_sweep(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	int64_t now = now_epoch();
	char **emails = NULL;
	size_t n = 0, i;
	int rc = 0;

	*did_r = 0;
	MODULES_EACH(m)
		for (const struct person_retention *r = m->retention; rc == 0 && r && r->key; r++)
			rc = retention_add(ctx, r, now, &emails, &n, errstr_r);
	for (i = 0; i < n; i++) {
		if (rc == 0 && person_erase(ctx, emails[i], "retention period over", errstr_r) < 0)
			rc = -1;
		else if (rc == 0)
			(*did_r)++;
		free(emails[i]);
	}
	free(emails);
	return rc;
}
int
cmd_person_erase(struct altc *ctx, int argc, char **argv)
{
	char *err = NULL;

	if (argc != 3)
		return cli_usage_error("person erase", "expected EMAIL");
	if (person_erase(ctx, argv[2], "erased on request (altc person erase)", &err) < 0) {
		log_warnx("person erase: %s", err);
		free(err);
		return EX_DATAERR;
	}
	printf("%s: erased\n", argv[2]);
	return EX_OK;
}
