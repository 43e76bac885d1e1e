/*
 * formation.c - formations and the formations file (libcsv).  Records are
 * handled as they are parsed; the header decides which column is which.
 */
#include "compat.h"

#include <csv.h>

#include "altc.h"
#include "db.h"
#include "formation.h"
#include "log.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

enum fcol { F_CODE, F_LABEL, F_UFR, F_DEPT, F_CAPACITY, F_RP, F_NCOLS };

static const char *const fcol_names[F_NCOLS] = {
	"codeformation", "libformation", "ufr", "departement", "effectif", "rpmail"
};

struct fparse {
	struct altc *ctx;
	const char *rp_state;
	struct formation_report *rep;
	struct strbuf errors;
	int map[32];			/* column index -> enum fcol, -1 unused */
	char *fields[F_NCOLS];
	int col, record, header_done, fatal;
	char *fatal_msg;
};

int64_t
formation_id(struct altc *ctx, const char *code)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id FROM formations WHERE code = ?");
	int64_t id = 0;
	int rc;

	db_bind_text(st, 1, code);
	rc = db_step(ctx->db, st, NULL);
	if (rc == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? -1 : id;
}

int64_t
user_ensure(struct altc *ctx, const char *email, const char *role, const char *state,
    const char *last_name, const char *first_name, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id, role FROM users WHERE email = ?");
	int64_t id = 0, now = now_epoch();
	int rc;

	db_bind_text(st, 1, email);
	rc = db_step(ctx->db, st, errstr_r);
	if (rc == 1) {
		id = sqlite3_column_int64(st, 0);
		if (strcmp(db_col_text(st, 1), role) != 0) {
			*errstr_r = xasprintf("'%s' is already a %s account", email, db_col_text(st, 1));
			id = -1;
		}
	}
	sqlite3_reset(st);
	if (rc != 0)
		return rc < 0 ? -1 : id;
	st = db_prepare(ctx->db,
	    "INSERT INTO users (email, role, state, last_name, first_name, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)");
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, role);
	db_bind_text(st, 3, state);
	db_bind_text(st, 4, last_name ? last_name : "");
	db_bind_text(st, 5, first_name ? first_name : "");
	db_bind_int(st, 6, now);
	db_bind_int(st, 7, now);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	id = sqlite3_last_insert_rowid(ctx->db->h);
	if (db_audit(ctx->db, NULL, "account", id, NULL, "create", state, role) < 0) {
		*errstr_r = xstrdup("cannot write the account's history");
		return -1;
	}
	return id;
}

static void
reject(struct fparse *p, const char *fmt, ...)
{
	va_list ap;

	strbuf_addf(&p->errors, "record %d: ", p->record);
	va_start(ap, fmt);
	strbuf_vaddf(&p->errors, fmt, ap);
	va_end(ap);
	strbuf_addch(&p->errors, '\n');
	p->rep->rejected++;
}

/* apply_record - create or update one formation from the collected fields */
static void
apply_record(struct fparse *p)
{
	const char *code = p->fields[F_CODE] ? p->fields[F_CODE] : "";
	const char *label = p->fields[F_LABEL] ? p->fields[F_LABEL] : "";
	const char *rp = p->fields[F_RP];
	char *err = NULL, *end;
	long capacity = 0;
	int64_t rp_id = 0, existing;
	sqlite3_stmt *st;

	if (*code == '\0' || *label == '\0') {
		reject(p, "code and label are required");
		return;
	}
	if (p->fields[F_CAPACITY] && *p->fields[F_CAPACITY]) {
		capacity = strtol(p->fields[F_CAPACITY], &end, 10);
		if (*end != '\0' || capacity < 0) {
			reject(p, "capacity '%s' is not a number", p->fields[F_CAPACITY]);
			return;
		}
	}
	if (rp && *rp) {
		str_lower(p->fields[F_RP]);
		if (!text_is_email(rp)) {
			reject(p, "RP address '%s' is invalid", rp);
			return;
		}
		rp_id = user_ensure(p->ctx, rp, "rp", p->rp_state, NULL, NULL, &err);
		if (rp_id < 0) {
			reject(p, "%s", err ? err : "cannot create the rp");
			free(err);
			return;
		}
	}
	existing = formation_id(p->ctx, code);
	st = db_prepare(p->ctx->db,
	    "INSERT INTO formations (code, label, ufr, department, capacity, rp_id)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (code) DO UPDATE SET"
	    " label = ?2, ufr = ?3, department = ?4, capacity = ?5, rp_id = coalesce(?6, rp_id)");
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, label);
	db_bind_text(st, 3, p->fields[F_UFR] ? p->fields[F_UFR] : "");
	db_bind_text(st, 4, p->fields[F_DEPT] ? p->fields[F_DEPT] : "");
	db_bind_int(st, 5, capacity);
	if (rp_id > 0)
		db_bind_int(st, 6, rp_id);
	if (db_done(p->ctx->db, st, &err) < 0) {
		p->fatal = 1;
		p->fatal_msg = err;
		return;
	}
	if (existing > 0)
		p->rep->updated++;
	else
		p->rep->created++;
}

static void
on_field(void *s, size_t len, void *arg)
{
	struct fparse *p = arg;

	if (!p->header_done) {
		struct strbuf f = STRBUF_INIT;
		int k;

		if (p->col < (int)ARRAY_SIZE(p->map)) {
			p->map[p->col] = -1;
			/* a UTF-8 BOM before the first name */
			if (p->col == 0 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
				s = (char *)s + 3;
				len -= 3;
			}
			text_fold(&f, s, len, 1);
			for (k = 0; k < F_NCOLS; k++)
				if (strcmp(f.buf, fcol_names[k]) == 0)
					p->map[p->col] = k;
		}
		strbuf_release(&f);
	} else if (p->col < (int)ARRAY_SIZE(p->map) && p->map[p->col] >= 0) {
		int k = p->map[p->col];

		free(p->fields[k]);
		p->fields[k] = xstrndup(s, len);
		str_trim(p->fields[k]);
	}
	p->col++;
}

static void
on_record(int c, void *arg)
{
	struct fparse *p = arg;
	int k;

	(void)c;
	if (!p->header_done) {
		int seen[F_NCOLS] = { 0 };

		for (k = 0; k < p->col && k < (int)ARRAY_SIZE(p->map); k++)
			if (p->map[k] >= 0)
				seen[p->map[k]] = 1;
		if (!seen[F_CODE] || !seen[F_LABEL]) {
			p->fatal = 1;
			p->fatal_msg = xstrdup("the header must name Code_Formation and Lib_Formation");
		}
		p->header_done = 1;
	} else if (!p->fatal) {
		p->record++;
		apply_record(p);
	}
	for (k = 0; k < F_NCOLS; k++)
		FREE_AND_NULL(p->fields[k]);
	p->col = 0;
}

int
formation_import(struct altc *ctx, const char *data, size_t len, const char *rp_state,
    struct formation_report *rep, char **errstr_r)
{
	struct fparse p = { 0 };
	struct csv_parser csv;
	const char *nl = memchr(data, '\n', len);
	size_t hlen = nl ? (size_t)(nl - data) : len;
	unsigned char delim = memchr(data, ';', hlen) ? ';' : ',';

	memset(rep, 0, sizeof(*rep));
	p.ctx = ctx;
	p.rep = rep;
	p.rp_state = rp_state;
	strbuf_init(&p.errors, 0);
	if (!text_is_utf8(data, len)) {
		*errstr_r = xstrdup("the formations file must be UTF-8");
		return -1;
	}
	if (csv_init(&csv, CSV_APPEND_NULL) != 0)
		fatalx("csv_init failed");
	csv_set_delim(&csv, delim);
	if (csv_parse(&csv, data, len, on_field, on_record, &p) != len && !p.fatal) {
		p.fatal = 1;
		p.fatal_msg = xasprintf("malformed CSV: %s", csv_strerror(csv_error(&csv)));
	}
	csv_fini(&csv, on_field, on_record, &p);
	csv_free(&csv);
	for (int k = 0; k < F_NCOLS; k++)
		free(p.fields[k]);
	if (!p.header_done && !p.fatal) {
		p.fatal = 1;
		p.fatal_msg = xstrdup("empty file");
	}
	if (p.fatal) {
		*errstr_r = p.fatal_msg;
		strbuf_release(&p.errors);
		return -1;
	}
	rep->errors = p.errors.len ? strbuf_detach(&p.errors, NULL) : NULL;
	strbuf_release(&p.errors);
	return 0;
}

void
formation_report_release(struct formation_report *rep)
{
	FREE_AND_NULL(rep->errors);
}
