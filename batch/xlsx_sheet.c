/*
 * xlsx_sheet.c - the rows of the sheet, one at a time from the streaming
 * reader: a cell lands in the column its reference names (rows and cells
 * may be missing), its value is written as a French spreadsheet's CSV
 * export would write it, and the row goes to the callback as a record.
 * A merged range needs nothing: its value is in its first cell only, the
 * others are empty.
 */
#include "compat.h"

#include <ctype.h>
#include <math.h>

#include "util.h"
#include "xlsx_int.h"

#define T_START XML_READER_TYPE_ELEMENT
#define T_END XML_READER_TYPE_END_ELEMENT
#define MAX_COLS 16384		/* XFD */
#define MAX_ROWS 1048576L

struct rows {
	struct xlsx_reader *x;
	struct xlsx_part p;
	csv_record_fn fn;
	xlsx_warn_fn warn;
	void *arg;
	struct strbuf *cell;
	unsigned char *num;	/* the cell was a number */
	char **ptrs;
	size_t *lens;
	size_t acell;		/* cells allocated */
	size_t touched;		/* cells written in this row */
	size_t width;		/* last non-empty cell + 1 */
	struct strbuf warns;	/* this row's warnings, NUL-separated */
	long row, header_row;
	size_t header_width;
	struct strbuf v, is;	/* the cell's <v> and inline string */
};

/* cell_name - "C7" */
static void
cell_name(char buf[16], size_t col, long row)
{
	char l[4];
	int n = 0, i, o = 0;

	col++;
	while (col > 0 && n < 3) {
		l[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = n - 1; i >= 0; i--)
		buf[o++] = l[i];
	(void)xsnprintf(buf + o, 16 - (size_t)o, "%ld", row);
}

/* ref_col - the column of a reference such as "C7", or -1 */
static long
ref_col(const char *ref)
{
	long c = 0;
	int n = 0;

	for (; isalpha((unsigned char)*ref); ref++) {
		if (++n > 3)
			return -1;
		c = c * 26 + (toupper((unsigned char)*ref) - 'A' + 1);
	}
	if (n == 0 || c > MAX_COLS || *ref < '0' || *ref > '9')
		return -1;
	return c - 1;
}

static void
warn_add(struct rows *s, size_t col, const char *what)
{
	char name[16];

	cell_name(name, col, s->row);
	strbuf_addf(&s->warns, "cellule %s : %s", name, what);
	strbuf_addch(&s->warns, '\0');
}

/* days_civil - the proleptic Gregorian date of a day count from 1970-01-01 */
static void
days_civil(long z, int *y_r, int *m_r, int *d_r)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d_r = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m_r = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y_r = (int)(yoe + era * 400 + (*m_r <= 2));
}

/*
 * serial_date - a serial number as jj/mm/aaaa and/or hh:mm[:ss]: the 1900
 * system counts 1900-02-29, a day that never was (Lotus's bug, kept by
 * Excel), so serial 60 shows as such and later serials are one day off
 * 1899-12-31; the 1904 system counts from 1904-01-01.  -1 out of range.
 */
static int
serial_date(struct strbuf *out, double v, enum xlsx_fmt kind, int date1904)
{
	long long secs;
	long days;
	int y, m, d, sec;

	if (!isfinite(v) || v < 0 || v >= 2958466.0)
		return -1;
	secs = llround(v * 86400.0);
	days = (long)(secs / 86400);
	sec = (int)(secs % 86400);
	if (kind != FMT_TIME) {
		if (date1904)
			days_civil(days - 24107, &y, &m, &d);	/* 1904-01-01 is day -24107 of 1970 */
		else if (days == 60 || days == 0) {
			y = 1900;
			m = days ? 2 : 1;
			d = days ? 29 : 0;
		} else
			days_civil(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
		if (y > 9999)
			return -1;
		strbuf_addf(out, "%02d/%02d/%04d", d, m, y);
	}
	if (kind == FMT_DATE)
		return 0;
	if (kind == FMT_DATETIME)
		strbuf_addch(out, ' ');
	strbuf_addf(out, "%02d:%02d", sec / 3600, sec / 60 % 60);
	if (sec % 60)
		strbuf_addf(out, ":%02d", sec % 60);
	return 0;
}

/* number - a number cell: integers without ".0" or exponent, dates by their format */
static void
number(struct rows *s, struct strbuf *out, const char *raw, const struct xlsx_style *st)
{
	char *end, buf[40];
	double v = strtod(raw, &end);

	if (end == raw || *end != '\0') {
		strbuf_addstr(out, raw);	/* not a number after all: as stored */
		return;
	}
	if (st->kind != FMT_NUMBER && serial_date(out, v, (enum xlsx_fmt)st->kind, s->x->date1904) == 0)
		return;
	if (v == floor(v) && fabs(v) < 1e15) {
		if (v == 0)
			v = 0;	/* no "-0" */
		strbuf_addf(out, "%0*.0f", v >= 0 ? st->pad : 0, v);
		return;
	}
	(void)xsnprintf(buf, sizeof(buf), "%.15g", v);
	if (strtod(buf, NULL) != v)
		(void)xsnprintf(buf, sizeof(buf), "%.17g", v);
	strbuf_addstr(out, buf);
}

/* iso_date - a t="d" cell (ISO 8601) as jj/mm/aaaa [hh:mm] */
static void
iso_date(struct strbuf *out, const char *raw)
{
	int y, m, d, hh = 0, mm = 0, n = 0;

	if (sscanf(raw, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3) {
		strbuf_addstr(out, raw);
		return;
	}
	strbuf_addf(out, "%02d/%02d/%04d", d, m, y);
	if ((raw[n] == 'T' || raw[n] == ' ') && sscanf(raw + n + 1, "%2d:%2d", &hh, &mm) == 2 &&
	    (hh || mm))
		strbuf_addf(out, " %02d:%02d", hh, mm);
}

static void
grow(struct rows *s, size_t n)
{
	size_t na = s->acell;

	if (n <= s->acell)
		return;
	while (na < n)
		na = na ? 2 * na : 32;
	s->cell = xreallocarray(s->cell, na, sizeof(*s->cell));
	s->num = xreallocarray(s->num, na, 1);
	s->ptrs = xreallocarray(s->ptrs, na, sizeof(*s->ptrs));
	s->lens = xreallocarray(s->lens, na, sizeof(*s->lens));
	for (size_t i = s->acell; i < na; i++) {
		strbuf_init(&s->cell[i], 0);
		s->num[i] = 0;
	}
	s->acell = na;
}

/* value - the cell's text into s->cell[col] from its type, <v> and <is> */
static int
value(struct rows *s, size_t col, const char *t, long style, int has_v, int has_f,
    char **errstr_r)
{
	struct strbuf *out = &s->cell[col];
	static const struct xlsx_style general = { FMT_NUMBER, 0 };
	char name[16];

	if (t && strcmp(t, "inlineStr") == 0) {
		xlsx_unescape(&s->is);
		strbuf_add(out, s->is.buf, s->is.len);
		return 0;
	}
	/* a formula never computed: no <v>, or an empty one for a number */
	if (!has_v || (s->v.len == 0 && (t == NULL || strcmp(t, "n") == 0))) {
		if (has_f)
			warn_add(s, col, "formule sans valeur calculée, lue vide");
		return 0;
	}
	if (t == NULL || strcmp(t, "n") == 0) {
		number(s, out, s->v.buf, style >= 0 && (size_t)style < s->x->nxf ?
		    &s->x->xf[style] : &general);
		s->num[col] = 1;
	} else if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(s->v.buf, &end, 10);

		if (end == s->v.buf || *end || i >= s->x->nsst) {
			cell_name(name, col, s->row);
			*errstr_r = xasprintf("cellule %s : chaîne partagée n°%s absente", name, s->v.buf);
			return -1;
		}
		strbuf_addstr(out, s->x->sst.buf + s->x->sst_off[i]);
	} else if (strcmp(t, "str") == 0) {
		xlsx_unescape(&s->v);
		strbuf_add(out, s->v.buf, s->v.len);
	} else if (strcmp(t, "b") == 0)
		strbuf_addstr(out, strcmp(s->v.buf, "1") == 0 ? "VRAI" : "FAUX");
	else if (strcmp(t, "d") == 0)
		iso_date(out, s->v.buf);
	else if (strcmp(t, "e") == 0) {
		char *w = xasprintf("erreur %.32s, lue vide", s->v.buf);

		warn_add(s, col, w);
		free(w);
	} else
		strbuf_add(out, s->v.buf, s->v.len);
	return 0;
}

/* cell - a <c> element: its reference, type and style, then its content */
static int
cell(struct rows *s, long *col, char **errstr_r)
{
	xmlTextReaderPtr rd = s->p.rd;
	char *ref = xlsx_attr(rd, "r"), *t = xlsx_attr(rd, "t"), *st = xlsx_attr(rd, "s");
	int depth = xmlTextReaderDepth(rd), rc = 0, has_v = 0, has_f = 0, in_is = 0, in_rph = 0;
	long style = st ? strtol(st, NULL, 10) : 0;

	*col = ref ? ref_col(ref) : *col + 1;
	if (*col < 0 || *col >= MAX_COLS) {
		*errstr_r = xasprintf("ligne %ld : référence de cellule '%.16s' invalide", s->row,
		    ref ? ref : "");
		rc = -1;
		goto out;
	}
	strbuf_reset(&s->v);
	strbuf_reset(&s->is);
	if (!xmlTextReaderIsEmptyElement(rd))
		for (;;) {
			int empty;

			if ((rc = xlsx_part_next(&s->p, errstr_r)) <= 0) {
				if (rc == 0)
					*errstr_r = xasprintf("XML tronqué dans %s", s->p.name);
				rc = -1;
				goto out;
			}
			if (xlsx_is(rd, T_END, "c") && xmlTextReaderDepth(rd) == depth)
				break;
			empty = xmlTextReaderIsEmptyElement(rd);
			if (xlsx_is(rd, T_START, "v")) {
				has_v = 1;
				rc = xlsx_text(&s->p, &s->v, errstr_r);
			} else if (xlsx_is(rd, T_START, "f"))
				has_f = 1;
			else if (xlsx_is(rd, T_START, "is"))
				in_is = !empty;
			else if (xlsx_is(rd, T_END, "is"))
				in_is = 0;
			else if (xlsx_is(rd, T_START, "rPh"))
				in_rph = !empty;
			else if (xlsx_is(rd, T_END, "rPh"))
				in_rph = 0;
			else if (in_is && !in_rph && xlsx_is(rd, T_START, "t"))
				rc = xlsx_text(&s->p, &s->is, errstr_r);
			if (rc < 0)
				goto out;
		}
	rc = 0;
	grow(s, (size_t)*col + 1);
	strbuf_reset(&s->cell[*col]);
	s->num[*col] = 0;
	if (s->touched < (size_t)*col + 1)
		s->touched = (size_t)*col + 1;
	if ((rc = value(s, (size_t)*col, t, style, has_v, has_f, errstr_r)) == 0 &&
	    s->cell[*col].len && s->width < (size_t)*col + 1)
		s->width = (size_t)*col + 1;
out:
	free(ref);
	free(t);
	free(st);
	return rc < 0 ? -1 : 0;
}

/* emit - the row as a record (a blank row is not one) */
static int
emit(struct rows *s, char **errstr_r)
{
	struct csv_record rec;
	size_t n, i;
	const char *w;

	if (s->width == 0)
		goto reset;
	if (s->header_row == 0) {
		s->header_row = s->row;
		s->header_width = s->width;
	}
	n = s->width > s->header_width ? s->width : s->header_width;
	grow(s, n);
	rec.index = (size_t)(s->row - s->header_row);
	for (w = s->warns.buf; s->warn && w < s->warns.buf + s->warns.len; w += strlen(w) + 1)
		s->warn(s->arg, rec.index, w);
	if (s->fn) {
		for (i = 0; i < n; i++) {
			s->ptrs[i] = s->cell[i].buf;
			s->lens[i] = s->cell[i].len;
		}
		rec.n = n;
		rec.field = s->ptrs;
		rec.len = s->lens;
		rec.numeric = s->num;
		if (s->fn(s->arg, &rec) < 0) {
			*errstr_r = xstrdup("stopped");
			return -1;
		}
	}
reset:
	for (i = 0; i < s->touched; i++) {
		strbuf_reset(&s->cell[i]);
		s->num[i] = 0;
	}
	s->touched = s->width = 0;
	strbuf_reset(&s->warns);
	return 0;
}

/* row_start - a <row>: its number, which only grows */
static int
row_start(struct rows *s, char **errstr_r)
{
	char *r = xlsx_attr(s->p.rd, "r");
	long n = r ? strtol(r, NULL, 10) : s->row + 1;

	free(r);
	if (n <= s->row || n > MAX_ROWS) {
		*errstr_r = xasprintf("feuille %s : ligne %ld après la ligne %ld", s->x->sheet_name, n,
		    s->row);
		return -1;
	}
	s->row = n;
	return 0;
}

static int
read_rows(struct rows *s, char **errstr_r)
{
	int rc, in_row = 0;
	long col = -1;

	while ((rc = xlsx_part_next(&s->p, errstr_r)) == 1) {
		xmlTextReaderPtr rd = s->p.rd;

		if (xlsx_is(rd, T_START, "row")) {
			if (row_start(s, errstr_r) < 0)
				return -1;
			col = -1;
			in_row = !xmlTextReaderIsEmptyElement(rd);
		} else if (xlsx_is(rd, T_END, "row")) {
			in_row = 0;
			if (emit(s, errstr_r) < 0)
				return -1;
		} else if (in_row && xlsx_is(rd, T_START, "c") && cell(s, &col, errstr_r) < 0)
			return -1;
	}
	return rc;
}

int
xlsx_reader_rows(struct xlsx_reader *x, csv_record_fn fn, xlsx_warn_fn warn, void *arg,
    char **errstr_r)
{
	struct rows s;
	size_t used = x->used, i;
	int rc;

	memset(&s, 0, sizeof(s));
	s.x = x;
	s.fn = fn;
	s.warn = warn;
	s.arg = arg;
	strbuf_init(&s.warns, 0);
	strbuf_init(&s.v, 0);
	strbuf_init(&s.is, 0);
	if ((rc = xlsx_part_open(x, &s.p, x->sheet_path, errstr_r)) > 0) {
		*errstr_r = xasprintf("partie %s absente", x->sheet_path);
		return -1;
	}
	if (rc == 0) {
		x->sheet_done = 0;
		x->sheet_total = s.p.declared;
		s.p.progress = &x->sheet_done;
		rc = read_rows(&s, errstr_r);
	}
	/* the same sheet read again does not count twice against the limit */
	x->used = used;
	xlsx_part_close(&s.p);
	for (i = 0; i < s.acell; i++)
		strbuf_release(&s.cell[i]);
	free(s.cell);
	free(s.num);
	free(s.ptrs);
	free(s.lens);
	strbuf_release(&s.warns);
	strbuf_release(&s.v);
	strbuf_release(&s.is);
	return rc < 0 ? -1 : 0;
}
