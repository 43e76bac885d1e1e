/*
 * person_export.c - a person's data handed over (RGPD art. 15 and 20):
 * every row the table of person.c names, by table, with what erasure would
 * keep and why; with a directory, the stored PDFs of the documents and of
 * the modules' tables (field personal_pdfs) copied beside the JSON.
 */
#include "compat.h"

#include <fcntl.h>
#include <json-c/json.h>
#include <unistd.h>

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "document.h"
#include "log.h"
#include "person.h"
#include "person_int.h"
#include "strbuf.h"
#include "util.h"

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
	person_bind(st, id, email, NULL);
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

/*
 * export_documents - copy the files of rows (sha256, filename, id) into
 * dir/documents/PREFIXID-NAME; rows without a hash (an incapacité) are no file
 */
static int
export_documents(struct altc *ctx, json_object *docs, const char *dir, const char *prefix,
    char **errstr_r)
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
		const char *hex = NULL, *name = "document";
		char *src, *dst, *data, *safe;
		size_t len, j;

		if (json_object_object_get_ex(d, "sha256", &v) && v)
			hex = json_object_get_string(v);
		if (hex == NULL || *hex == '\0')
			continue;
		if (json_object_object_get_ex(d, "filename", &v) && v && *json_object_get_string(v))
			name = json_object_get_string(v);
		safe = xstrdup(name);
		for (j = 0; safe[j]; j++)
			if (safe[j] == '/' || (unsigned char)safe[j] < ' ')
				safe[j] = '_';
		json_object_object_get_ex(d, "id", &v);
		src = doc_file(ctx, hex);
		dst = xasprintf("%s/%s%lld-%s", sub, prefix, (long long)json_object_get_int64(v), safe);
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

/* export_files - the stored PDFs of the exported rows: documents, then the modules' tables */
static int
export_files(struct altc *ctx, json_object *tables, const char *dir, char **errstr_r)
{
	json_object *rows;

	if (json_object_object_get_ex(tables, "documents", &rows) &&
	    export_documents(ctx, rows, dir, "", errstr_r) < 0)
		return -1;
	MODULES_EACH(m) {
		for (const char *const *t = m->personal_pdfs; t && *t; t++) {
			char *prefix;
			int rc = 0;

			if (!json_object_object_get_ex(tables, *t, &rows))
				continue;
			prefix = xasprintf("%s-", *t);
			rc = export_documents(ctx, rows, dir, prefix, errstr_r);
			free(prefix);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

int
person_export(struct altc *ctx, const char *email, const char *dir, FILE *fp, char **errstr_r)
{
	json_object *root, *tables, *kept;
	int64_t id;
	int rc = person_find(ctx, email, &id, errstr_r);

	if (rc <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("no person with the address '%s'", email);
		return -1;
	}
	rc = 0;
	root = json_object_new_object();
	tables = json_object_new_object();
	kept = json_object_new_array();
	json_object_object_add(root, "email", json_object_new_string(email));
	json_object_object_add(root, "user_id", id > 0 ? json_object_new_int64(id) : NULL);
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
		char *path;
		FILE *out;

		if (export_files(ctx, tables, dir, errstr_r) < 0)
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
