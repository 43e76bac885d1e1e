/*
 * offer_csv.c - several offers in one CSV attachment: the same labels as
 * the mail form, as column headers.  Parsed with libcsv; the delimiter is
 * the one of ';' and ',' the header line uses most.
 */
#include "compat.h"

#include <csv.h>

#include "log.h"
#include "offer.h"
#include "util.h"

#define MAX_COLS 64

struct csv_state {
	char *keys[MAX_COLS];		/* normalised header labels */
	size_t nkeys, col;
	int header_done;
	struct offer_fields *rows;
	size_t nrows;
	struct offer_fields cur;
	size_t cur_set;
};

static void
on_field(void *data, size_t len, void *arg)
{
	struct csv_state *s = arg;
	char *v = xstrndup(data, len);

	if (!s->header_done) {
		if (s->nkeys < MAX_COLS)
			s->keys[s->nkeys++] = offer_form_key(v);
	} else if (s->col < s->nkeys && len > 0)
		s->cur_set += offer_fields_set(&s->cur, s->keys[s->col], v);
	s->col++;
	free(v);
}

static void
on_row(int c, void *arg)
{
	struct csv_state *s = arg;

	(void)c;
	s->col = 0;
	if (!s->header_done) {
		s->header_done = 1;
		return;
	}
	if (s->cur_set == 0) {		/* a blank line */
		offer_fields_release(&s->cur);
		return;
	}
	s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof(*s->rows));
	s->rows[s->nrows++] = s->cur;
	offer_fields_init(&s->cur);
	s->cur_set = 0;
}

int
offer_csv_parse(const unsigned char *data, size_t len, struct offer_fields **rows_r,
    size_t *n_r, char **errstr_r)
{
	struct csv_state s;
	struct csv_parser p;
	size_t semi = 0, comma = 0, known = 0, i;
	struct offer_fields probe;

	memset(&s, 0, sizeof(s));
	offer_fields_init(&s.cur);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	for (i = 0; i < len && data[i] != '\n'; i++) {
		semi += data[i] == ';';
		comma += data[i] == ',';
	}
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		fatalx("csv_init failed");
	csv_set_delim(&p, semi >= comma ? ';' : ',');
	if (csv_parse(&p, data, len, on_field, on_row, &s) != len ||
	    csv_fini(&p, on_field, on_row, &s) != 0) {
		*errstr_r = xasprintf("CSV: %s", csv_strerror(csv_error(&p)));
		csv_free(&p);
		goto fail;
	}
	csv_free(&p);
	offer_fields_init(&probe);
	for (i = 0; i < s.nkeys; i++)
		known += offer_fields_set(&probe, s.keys[i], "x");
	offer_fields_release(&probe);
	if (known == 0) {
		*errstr_r = xstrdup("CSV: no offer field in the header line");
		goto fail;
	}
	for (i = 0; i < s.nkeys; i++)
		free(s.keys[i]);
	offer_fields_release(&s.cur);
	*rows_r = s.rows;
	*n_r = s.nrows;
	return 0;
fail:
	for (i = 0; i < s.nkeys; i++)
		free(s.keys[i]);
	for (i = 0; i < s.nrows; i++)
		offer_fields_release(&s.rows[i]);
	free(s.rows);
	offer_fields_release(&s.cur);
	return -1;
}
