/*
 * person.c - personal data (RGPD): the table of every column that names a
 * person, and the export, erasure and retention that walk it.
 *
 * The table is the one place to extend when a table gains a user reference
 * or an address column; tests/unit/test_person.c compares it with the
 * schema.  Erasure runs the rows in order (children before parents) inside
 * one transaction; the user row itself stays as an anonymous tombstone so
 * that what must be kept (validated mission sheets, the audit trail) still
 * points at a row.  doc/personal-data.md says the same for people.
 */
#include "compat.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "cli.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "log.h"
#include "person.h"
#include "strbuf.h"
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
	{ "inbound", "sender", "sender = ?2", PERSON_UNLINK, NULL,
	  "the ledger of applied mail (Message-IDs) keeps refusing replays, without the sender" },
	{ "audit", "actor", "actor = ?2 OR instr(detail, ?2) > 0 OR (object_type = 'user' AND object_id = ?1)",
	  PERSON_KEEP,
	  "UPDATE audit SET actor = CASE WHEN actor = ?2 THEN 'erased:' || ?1 ELSE actor END,"
	  " detail = replace(detail, ?2, 'erased:' || ?1)"
	  " WHERE actor = ?2 OR instr(detail, ?2) > 0",
	  "the audit trail (who decided what, when): kept for accountability, the address"
	  " replaced by erased:ID" },
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

/* table_where - the rows of every entry of table, OR-ed (export shows each row once) */
static char *
table_where(const char *table)
{
	struct strbuf sb = STRBUF_INIT;

	PERSON_EACH(c)
		if (strcmp(c->table, table) == 0)
			strbuf_addf(&sb, "%s(%s)", sb.len ? " OR " : "", c->where);
	return strbuf_detach(&sb, NULL);
}

static json_object *
rows_json(struct altc *ctx, const char *table, int64_t id, const char *email, char **errstr_r)
{
	char *where = table_where(table);
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" WHERE %s", table, where);
	json_object *arr = json_object_new_array();
	sqlite3_stmt *st;
	int rc;

	free(where);
	if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("%s: %s", table, sqlite3_errmsg(ctx->db->h));
		sqlite3_free(sql);
		json_object_put(arr);
		return NULL;
	}
	sqlite3_free(sql);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_object *o = json_object_new_object();
		int i;

		for (i = 0; i < sqlite3_column_count(st); i++) {
			json_object *v = NULL;

			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER: v = json_object_new_int64(sqlite3_column_int64(st, i)); break;
			case SQLITE_FLOAT: v = json_object_new_double(sqlite3_column_double(st, i)); break;
			case SQLITE_NULL: v = NULL; break;
			default: v = json_object_new_string((const char *)sqlite3_column_text(st, i)); break;
			}
			json_object_object_add(o, sqlite3_column_name(st, i), v);
		}
		json_object_array_add(arr, o);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("%s: %s", table, sqlite3_errstr(rc));
		json_object_put(arr);
		return NULL;
	}
	return arr;
}

/* doc_file - the store's path of a document's content */
static char *
doc_file(struct altc *ctx, const char *hex)
{
	return document_file(ctx, hex, "pdf");
}

/* export_documents - copy the person's files into dir/documents/ID-NAME */
static int
export_documents(struct altc *ctx, json_object *docs, const char *dir, char **errstr_r)
{
	char *sub = xasprintf("%s/documents", dir);
	size_t i;
	int rc = 0;

	if (mkdir_p(sub, 0700) < 0) {
		*errstr_r = xasprintf("%s: %s", sub, strerror(errno));
		free(sub);
		return -1;
	}
	for (i = 0; i < json_object_array_length(docs) && rc == 0; i++) {
		json_object *d = json_object_array_get_idx(docs, i), *v;
		const char *hex = "", *name = "document";
		char *src, *dst, *data, *safe;
		size_t len, j;

		if (json_object_object_get_ex(d, "sha256", &v))
			hex = json_object_get_string(v);
		if (json_object_object_get_ex(d, "filename", &v) && *json_object_get_string(v))
			name = json_object_get_string(v);
		safe = xstrdup(name);
		for (j = 0; safe[j]; j++)
			if (safe[j] == '/' || (unsigned char)safe[j] < ' ')
				safe[j] = '_';
		json_object_object_get_ex(d, "id", &v);
		src = doc_file(ctx, hex);
		dst = xasprintf("%s/%lld-%s", sub, (long long)json_object_get_int64(v), safe);
		if (read_file(src, &data, &len) == 0) {
			int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

			if (fd < 0 || write_full(fd, data, len) < 0) {
				*errstr_r = xasprintf("%s: %s", dst, strerror(errno));
				rc = -1;
			}
			if (fd >= 0)
				close(fd);
			free(data);
			json_object_object_add(d, "exported_as", json_object_new_string(dst + strlen(dir) + 1));
		} else
			json_object_object_add(d, "missing_file", json_object_new_string(src));
		free(src);
		free(dst);
		free(safe);
	}
	free(sub);
	return rc;
}

int
person_export(struct altc *ctx, const char *email, const char *dir, FILE *fp, char **errstr_r)
{
	json_object *root, *tables, *kept;
	int64_t id = find_user(ctx, email, errstr_r);
	int rc = 0;

	if (id <= 0) {
		if (id == 0)
			*errstr_r = xasprintf("no person with the address '%s'", email);
		return -1;
	}
	root = json_object_new_object();
	tables = json_object_new_object();
	kept = json_object_new_array();
	json_object_object_add(root, "email", json_object_new_string(email));
	json_object_object_add(root, "user_id", json_object_new_int64(id));
	json_object_object_add(root, "exported_at", json_object_new_int64(now_epoch()));
	PERSON_EACH(c) {
		json_object *rows;

		if (rc != 0)
			continue;

		if (c->erase == PERSON_KEEP || c->erase == PERSON_ANONYMISE) {
			json_object *k = json_object_new_object();

			json_object_object_add(k, "table", json_object_new_string(c->table));
			json_object_object_add(k, "what", json_object_new_string(c->why));
			json_object_array_add(kept, k);
		}
		if (json_object_object_get_ex(tables, c->table, NULL))
			continue;
		if ((rows = rows_json(ctx, c->table, id, email, errstr_r)) == NULL)
			rc = -1;
		else
			json_object_object_add(tables, c->table, rows);
	}
	json_object_object_add(root, "tables", tables);
	json_object_object_add(root, "kept_after_erasure", kept);
	if (rc == 0 && dir) {
		json_object *docs;
		char *path;
		FILE *out;

		if (json_object_object_get_ex(tables, "documents", &docs) &&
		    export_documents(ctx, docs, dir, errstr_r) < 0)
			rc = -1;
		path = xasprintf("%s/person.json", dir);
		if (rc == 0 && (out = fopen(path, "w")) != NULL) {
			fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY), out);
			fputc('\n', out);
			if (fclose(out) != 0)
				rc = -1;
		} else if (rc == 0)
			rc = -1;
		if (rc < 0 && *errstr_r == NULL)
			*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		free(path);
	} else if (rc == 0) {
		fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY), fp);
		fputc('\n', fp);
	}
	json_object_put(root);
	return rc;
}

/* run_sql - one erasure statement with the person's id and address */
static int
run_sql(struct altc *ctx, const char *sql, int64_t id, const char *email, size_t *changes_r,
    char **errstr_r)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		*errstr_r = xasprintf("%s: %s", sql, sqlite3_errmsg(ctx->db->h));
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
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
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, email, -1, SQLITE_TRANSIENT);
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

	add_files(ctx, DOCUMENT_FILES, id, email, &v, &n);
	MODULES_EACH(m)
		if (m->personal_files)
			add_files(ctx, m->personal_files, id, email, &v, &n);
	return v;
}

/* erase_id - the erasure of one user inside the caller's transaction */
static int
erase_id(struct altc *ctx, int64_t id, const char *email, const char *reason, char ***files_r,
    char **errstr_r)
{
	size_t changes = 0;
	char *detail;

	*files_r = doomed_files(ctx, id, email);
	PERSON_EACH(c) {
		char *sql;
		int rc;

		if (c->erase_sql)
			sql = sqlite3_mprintf("%s", c->erase_sql);
		else if (c->erase == PERSON_DELETE)
			sql = sqlite3_mprintf("DELETE FROM \"%w\" WHERE %s", c->table, c->where);
		else if (c->erase == PERSON_UNLINK)
			sql = sqlite3_mprintf("UPDATE \"%w\" SET \"%w\" = NULL WHERE %s", c->table,
			    c->column, c->where);
		else
			continue;	/* kept as is */
		rc = run_sql(ctx, sql, id, email, &changes, errstr_r);
		sqlite3_free(sql);
		if (rc < 0)
			return -1;
	}
	detail = xasprintf("%s; %zu rows deleted or anonymised", reason, changes);
	if (db_audit(ctx->db, NULL, "user", id, NULL, "erase", "erased", detail) < 0) {
		free(detail);
		*errstr_r = xstrdup("cannot write the audit row");
		return -1;
	}
	free(detail);
	return 0;
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
	int64_t id = find_user(ctx, email, errstr_r);
	char **files = NULL;

	if (id <= 0) {
		if (id == 0)
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
	log_info("person %lld erased (%s)", (long long)id, reason);
	return 0;
}

int
person_sweep(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	int64_t now = now_epoch();
	int64_t unreg = config_int(ctx->cfg, "retention.unregistered_days") * DAY;
	int64_t closed = config_int(ctx->cfg, "retention.closed_days") * DAY;
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT email FROM users WHERE"
	    " (role = 'student' AND state = 'imported' AND created_at < ?1)"
	    " OR (state = 'closed' AND updated_at < ?2) ORDER BY id");
	char **emails = NULL;
	size_t n = 0, i;
	int rc = 0;

	*did_r = 0;
	db_bind_int(st, 1, now - unreg);
	db_bind_int(st, 2, now - closed);
	while (db_step(ctx->db, st, NULL) == 1) {
		emails = xreallocarray(emails, n + 1, sizeof(*emails));
		emails[n++] = xstrdup(db_col_text(st, 0));
	}
	sqlite3_reset(st);
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
cmd_person_export(struct altc *ctx, int argc, char **argv)
{
	const char *dir = NULL;
	char *err = NULL;

	if (argc == 5 && strcmp(argv[3], "-o") == 0)
		dir = argv[4];
	else if (argc != 3)
		return cli_usage_error("person export", "expected EMAIL [-o DIR]");
	if (dir && mkdir_p(dir, 0700) < 0) {
		log_warn("cannot create '%s'", dir);
		return EX_CANTCREAT;
	}
	if (person_export(ctx, argv[2], dir, stdout, &err) < 0) {
		log_warnx("person export: %s", err);
		free(err);
		return EX_DATAERR;
	}
	if (dir)
		printf("%s/person.json\n", dir);
	return EX_OK;
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
