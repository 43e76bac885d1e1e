/*
 * table.c - tabular output shared by every list and show command.
 */
#include "compat.h"

#include <csv.h>
#include <json-c/json.h>

#include "strbuf.h"
#include "table.h"
#include "util.h"

struct table {
	char **cols;
	size_t ncols;
	char **cells;		/* nrows * ncols, NULL allowed */
	size_t nrows, alloc;
};

int
table_format_parse(const char *s, enum table_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = TABLE_TEXT;
	else if (strcmp(s, "csv") == 0)
		*out = TABLE_CSV;
	else if (strcmp(s, "json") == 0)
		*out = TABLE_JSON;
	else
		return -1;
	return 0;
}

struct table *
table_new(const char *const *columns, size_t ncols)
{
	struct table *t = xcalloc(1, sizeof(*t));
	size_t i;

	t->ncols = ncols;
	t->cols = xcalloc(ncols, sizeof(char *));
	for (i = 0; i < ncols; i++)
		t->cols[i] = xstrdup(columns[i]);
	return t;
}

void
table_add_row(struct table *t, const char *const *values)
{
	size_t i;

	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->cells = xreallocarray(t->cells, t->alloc, t->ncols * sizeof(char *));
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = values[i] ? xstrdup(values[i]) : NULL;
	t->nrows++;
}

size_t
table_rows(const struct table *t)
{
	return t->nrows;
}

/* utf8_width - display columns of a UTF-8 string (code points) */
static size_t
utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static void
print_text(const struct table *t, FILE *fp)
{
	size_t *w = xcalloc(t->ncols, sizeof(size_t));
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		w[c] = utf8_width(t->cols[c]);
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * t->ncols + c];
			size_t len = v ? utf8_width(v) : 0;

			if (len > w[c])
				w[c] = len;
		}
	for (c = 0; c < t->ncols; c++)
		fprintf(fp, "%s%-*s", c ? "  " : "",
		    (int)(w[c] + strlen(t->cols[c]) - utf8_width(t->cols[c])),
		    t->cols[c]);
	fputc('\n', fp);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * t->ncols + c];

			if (v == NULL)
				v = "";
			if (c == t->ncols - 1)
				fprintf(fp, "%s%s", c ? "  " : "", v);
			else
				fprintf(fp, "%s%-*s", c ? "  " : "",
				    (int)(w[c] + strlen(v) - utf8_width(v)), v);
		}
		fputc('\n', fp);
	}
	free(w);
}

/* plain_number - [+-]digits[.,digits]: harmless, left as a number */
static int
plain_number(const char *v, size_t len)
{
	size_t i = 1, digits = 0;

	if (len < 2 || (v[0] != '-' && v[0] != '+'))
		return 0;
	for (; i < len && v[i] >= '0' && v[i] <= '9'; i++)
		digits++;
	if (digits && i < len && (v[i] == '.' || v[i] == ',')) {
		for (i++, digits = 0; i < len && v[i] >= '0' && v[i] <= '9'; i++)
			digits++;
	}
	return digits > 0 && i == len;
}

void
table_csv_cell(FILE *fp, const char *v, size_t len)
{
	if (len > 0 && strchr("=+-@\t\r", v[0]) != NULL && v[0] != '\0' && !plain_number(v, len)) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addch(&sb, '\'');
		strbuf_add(&sb, v, len);
		csv_fwrite2(fp, sb.buf, sb.len, '"');
		strbuf_release(&sb);
		return;
	}
	csv_fwrite2(fp, v, len, '"');
}

static void
print_csv_row(char *const *vals, size_t n, FILE *fp)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			fputc(';', fp);
		if (vals[i])
			table_csv_cell(fp, vals[i], strlen(vals[i]));
	}
	fputs("\r\n", fp);
}

void
table_print(const struct table *t, enum table_format fmt, FILE *fp)
{
	size_t r, c;

	switch (fmt) {
	case TABLE_TEXT:
		print_text(t, fp);
		break;
	case TABLE_CSV:
		print_csv_row(t->cols, t->ncols, fp);
		for (r = 0; r < t->nrows; r++)
			print_csv_row(t->cells + r * t->ncols, t->ncols, fp);
		break;
	case TABLE_JSON: {
		json_object *arr = json_object_new_array();

		for (r = 0; r < t->nrows; r++) {
			json_object *o = json_object_new_object();

			for (c = 0; c < t->ncols; c++) {
				const char *v = t->cells[r * t->ncols + c];

				json_object_object_add(o, t->cols[c], v ? json_object_new_string(v) : NULL);
			}
			json_object_array_add(arr, o);
		}
		fprintf(fp, "%s\n", json_object_to_json_string_ext(arr,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
		break;
	}
	}
}

void
table_free(struct table **tp)
{
	struct table *t = *tp;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	free(t);
	*tp = NULL;
}
