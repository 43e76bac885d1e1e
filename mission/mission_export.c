/*
 * mission_export.c - mission sheets for the apprentice training centre and
 * for staff: the export rows (DESIGN §7: formation, apprentice, company,
 * mission), written as CSV for Excel (UTF-8 with a BOM, ';', libcsv's
 * quoting, formula-looking cells neutralised) or XLSX (libxlsxwriter, real
 * dates); the PDF is mission_pdf.c's.  Also the list and show tables.
 */
#include "compat.h"

#include <csv.h>
#include <xlsxwriter.h>

#include "altc.h"
#include "db.h"
#include "mission_export.h"
#include "mission_int.h"
#include "strbuf.h"
#include "table.h"
#include "util.h"

/* the columns of the export: a header and where its value is */
enum col_kind { C_FORM, C_TEXT, C_DATE };
struct export_col {
	const char *header;
	enum col_kind kind;
	int field;		/* C_FORM: enum mission_field */
	size_t off;		/* C_TEXT: offset of a char * in struct mission_sheet */
};

#define S(m) offsetof(struct mission_sheet, m)

static const struct export_col cols[] = {
	{ "Code formation", C_TEXT, 0, S(formation_code) },
	{ "Formation", C_TEXT, 0, S(formation_label) },
	{ "Code RNCP", C_TEXT, 0, S(rncp_code) },
	{ "Code diplôme", C_TEXT, 0, S(diploma_code) },
	{ "Promotion", C_FORM, MF_PROMOTION, 0 },
	{ "Année scolaire", C_FORM, MF_SCHOOL_YEAR, 0 },
	{ "Responsable pédagogique", C_TEXT, 0, S(rp_name) },
	{ "E-mail du responsable", C_TEXT, 0, S(rp_email) },
	{ "Apprenti", C_TEXT, 0, S(student_name) },
	{ "E-mail de l'apprenti", C_TEXT, 0, S(student_email) },
	{ "INE", C_TEXT, 0, S(student_ine) },
	{ "Date de naissance", C_DATE, 0, S(student_birth) },
	{ "Entreprise", C_FORM, MF_COMPANY, 0 },
	{ "SIRET", C_FORM, MF_SIRET, 0 },
	{ "Adresse", C_FORM, MF_ADDRESS, 0 },
	{ "Responsable du contrat", C_FORM, MF_MANAGER, 0 },
	{ "Maître d'apprentissage", C_FORM, MF_TUTOR, 0 },
	{ "E-mail du maître d'apprentissage", C_FORM, MF_TUTOR_EMAIL, 0 },
	{ "Date de début", C_FORM, MF_START, 0 },
	{ "Date de fin", C_FORM, MF_END, 0 },
	{ "Sujet", C_FORM, MF_SUBJECT, 0 },
	{ "Activités", C_FORM, MF_ACTIVITIES, 0 },
	{ "État", C_TEXT, 0, S(state) },
};

static const char *
value(const struct mission_sheet *s, const struct export_col *c)
{
	if (c->kind == C_FORM)
		return s->v[c->field];
	return *(char *const *)((const char *)s + c->off);
}

static int
is_date(const struct export_col *c)
{
	return c->kind == C_DATE || (c->kind == C_FORM && (c->field == MF_START || c->field == MF_END));
}

static const char *
state_fr(const char *state)
{
	static const struct { const char *en, *fr; } t[] = {
		{ "draft", "brouillon" }, { "submitted", "à valider" }, { "validated", "validée" },
		{ "rejected", "à corriger" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(t[i].en, state) == 0)
			return t[i].fr;
	return state;
}

int
mission_export_each(struct altc *ctx, const char *formation, const char *state,
    int (*fn)(void *arg, const struct mission_sheet *s), void *arg, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, MISSION_SHEET_SQL
	    " WHERE (?1 IS NULL OR f.code = ?1 COLLATE NOCASE) AND (?2 IS NULL OR m.state = ?2)"
	    " ORDER BY f.code, s.last_name, s.first_name, m.id");
	struct mission_sheet s;
	int rc = 0, r = 0;

	if (formation)
		db_bind_text(st, 1, formation);
	if (state)
		db_bind_text(st, 2, state);
	while (rc == 0 && (r = db_step(ctx->db, st, errstr_r)) == 1) {
		mission_sheet_read(st, &s);
		rc = fn(arg, &s);
		mission_sheet_release(&s);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc < 0 || r < 0 ? -1 : 0;
}

/* cell - what a cell shows: dates as dd/mm/yyyy, states in French */
static void
cell(const struct mission_sheet *s, const struct export_col *c, struct strbuf *out)
{
	const char *v = value(s, c);
	int y, m, d;

	strbuf_reset(out);
	if (c->kind == C_TEXT && c->off == S(state))
		v = state_fr(v);
	if (is_date(c) && sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3)
		strbuf_addf(out, "%02d/%02d/%04d", d, m, y);
	else
		strbuf_addstr(out, v);
}

/* ---- CSV ---- */

struct csv_out {
	FILE *fp;
	struct strbuf cell;
	size_t n;
};

/* csv_field - one quoted field; a cell a spreadsheet would run as a formula starts with a quote */
static int
csv_field(FILE *fp, const char *s, int last)
{
	int rc;

	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL) {
		char *safe = xasprintf("'%s", s);

		rc = csv_fwrite2(fp, safe, strlen(safe), '"');
		free(safe);
	} else
		rc = csv_fwrite2(fp, s, strlen(s), '"');
	if (rc < 0)
		return -1;
	return fputs(last ? "\r\n" : ";", fp) == EOF ? -1 : 0;
}

static int
csv_row(void *arg, const struct mission_sheet *s)
{
	struct csv_out *o = arg;

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		cell(s, &cols[i], &o->cell);
		if (csv_field(o->fp, o->cell.buf, i + 1 == ARRAY_SIZE(cols)) < 0)
			return -1;
	}
	o->n++;
	return 0;
}

int
mission_export_csv(struct altc *ctx, const char *formation, const char *state, FILE *fp,
    size_t *n_r, char **errstr_r)
{
	struct csv_out o = { fp, STRBUF_INIT, 0 };
	int rc = 0;

	if (fputs("\xef\xbb\xbf", fp) == EOF)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(cols); i++)
		rc = csv_field(fp, cols[i].header, i + 1 == ARRAY_SIZE(cols));
	if (rc == 0)
		rc = mission_export_each(ctx, formation, state, csv_row, &o, errstr_r);
	strbuf_release(&o.cell);
	if (rc < 0 && *errstr_r == NULL)
		*errstr_r = xstrdup("cannot write the CSV");
	*n_r = o.n;
	return rc;
}

/* ---- XLSX ---- */

struct xlsx_out {
	lxw_worksheet *ws;
	lxw_format *date, *wrap;
	struct strbuf cell;
	size_t n;
};

static int
xlsx_row(void *arg, const struct mission_sheet *s)
{
	struct xlsx_out *o = arg;
	lxw_row_t r = (lxw_row_t)(o->n + 1);

	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		const char *v = value(s, &cols[i]);
		lxw_datetime dt = { 0 };
		lxw_col_t c = (lxw_col_t)i;

		if (is_date(&cols[i]) && sscanf(v, "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day) == 3)
			worksheet_write_datetime(o->ws, r, c, &dt, o->date);
		else {
			cell(s, &cols[i], &o->cell);
			worksheet_write_string(o->ws, r, c, o->cell.buf,
			    cols[i].kind == C_FORM && cols[i].field == MF_ACTIVITIES ? o->wrap : NULL);
		}
	}
	o->n++;
	return 0;
}

int
mission_export_xlsx(struct altc *ctx, const char *formation, const char *state, const char *path,
    size_t *n_r, char **errstr_r)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	struct xlsx_out o = { 0 };
	lxw_format *bold;
	lxw_error e;
	int rc;

	*n_r = 0;
	if (wb == NULL) {
		*errstr_r = xasprintf("cannot create '%s'", path);
		return -1;
	}
	o.ws = workbook_add_worksheet(wb, "Fiches mission");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	o.date = workbook_add_format(wb);
	format_set_num_format(o.date, "dd/mm/yyyy");
	o.wrap = workbook_add_format(wb);
	format_set_text_wrap(o.wrap);
	strbuf_init(&o.cell, 0);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		double w = cols[i].kind == C_FORM && cols[i].field == MF_ACTIVITIES ? 60 :
		    is_date(&cols[i]) ? 12 : 22;

		worksheet_set_column(o.ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL);
		worksheet_write_string(o.ws, 0, (lxw_col_t)i, cols[i].header, bold);
	}
	worksheet_freeze_panes(o.ws, 1, 0);
	rc = mission_export_each(ctx, formation, state, xlsx_row, &o, errstr_r);
	if (rc == 0 && o.n > 0)
		worksheet_autofilter(o.ws, 0, 0, (lxw_row_t)o.n, (lxw_col_t)(ARRAY_SIZE(cols) - 1));
	strbuf_release(&o.cell);
	if ((e = workbook_close(wb)) != LXW_NO_ERROR && rc == 0) {
		*errstr_r = xasprintf("'%s': %s", path, lxw_strerror(e));
		rc = -1;
	}
	*n_r = o.n;
	return rc;
}

/* ---- tables for the CLI ---- */

static int
list_row(void *arg, const struct mission_sheet *s)
{
	const char *row[7];
	char id[24], start[16], end[16];
	int y, m, d;

	(void)xsnprintf(id, sizeof(id), "%lld", (long long)s->id);
	(void)xstrlcpy(start, s->v[MF_START], sizeof(start));
	(void)xstrlcpy(end, s->v[MF_END], sizeof(end));
	if (sscanf(start, "%4d-%2d-%2d", &y, &m, &d) == 3)
		(void)xsnprintf(start, sizeof(start), "%02d/%02d/%04d", d, m, y);
	if (sscanf(end, "%4d-%2d-%2d", &y, &m, &d) == 3)
		(void)xsnprintf(end, sizeof(end), "%02d/%02d/%04d", d, m, y);
	row[0] = id;
	row[1] = s->state;
	row[2] = s->formation_code;
	row[3] = s->student_email;
	row[4] = s->v[MF_COMPANY];
	row[5] = start;
	row[6] = end;
	table_add_row(arg, row);
	return 0;
}

struct table *
mission_list_table(struct altc *ctx, const char *formation, const char *state, char **errstr_r)
{
	static const char *const hdr[] = { "id", "state", "formation", "student", "company",
	    "start", "end" };
	struct table *t = table_new(hdr, ARRAY_SIZE(hdr));

	if (mission_export_each(ctx, formation, state, list_row, t, errstr_r) < 0) {
		table_free(&t);
		return NULL;
	}
	return t;
}

struct table *
mission_show_table(struct altc *ctx, int64_t id, const char *locale, char **errstr_r)
{
	static const char *const hdr[] = { "field", "value" };
	struct mission_sheet s;
	struct strbuf v = STRBUF_INIT;
	struct table *t;
	char num[24];
	const char *row[2];

	(void)locale;
	if (mission_sheet_load(ctx, id, &s, errstr_r) < 0)
		return NULL;
	t = table_new(hdr, 2);
	(void)xsnprintf(num, sizeof(num), "%lld", (long long)s.id);
	row[0] = "id";
	row[1] = num;
	table_add_row(t, row);
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++) {
		cell(&s, &cols[i], &v);
		row[0] = cols[i].header;
		row[1] = v.buf;
		table_add_row(t, row);
	}
	if (*s.comment) {
		row[0] = "Commentaire";
		row[1] = s.comment;
		table_add_row(t, row);
	}
	strbuf_release(&v);
	mission_sheet_release(&s);
	return t;
}
