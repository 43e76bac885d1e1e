/*
 * fuzz_csv.c - libFuzzer harness of the CSV side of imports: the streaming
 * reader (encoding and delimiter detection, iconv, libcsv) fed in two
 * chunks cut where the input says, the student import header and the
 * values of every record, and the offers CSV parser.  Every field handed
 * to the callback must be as long as the reader says.
 */
#include "compat.h"

#include "csv_reader.h"
#include "import_header.h"
#include "offer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct state {
	struct import_header h;
	int have_header;
};

static int
on_record(void *arg, const struct csv_record *rec)
{
	struct state *st = arg;
	const char *vals[COL_COUNT];
	char *err = NULL;
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (strnlen(rec->field[i], rec->len[i] + 1) > rec->len[i])
			abort();
	if (rec->index == 0) {
		st->have_header = import_header_parse(&st->h, rec, &err) == 0;
		free(err);
		return 0;
	}
	if (st->have_header)
		import_header_values(&st->h, rec, vals);
	return rec->index > 2000 ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st;
	struct csv_reader *r;
	struct offer_fields *rows = NULL;
	size_t cut = size ? data[0] % (size + 1) : 0, n = 0, i;
	char *err = NULL;

	memset(&st, 0, sizeof(st));
	r = csv_reader_new(on_record, &st, 0, CSV_ENC_UNKNOWN);
	if (csv_reader_feed(r, data, cut, &err) == 0 &&
	    csv_reader_feed(r, data + cut, size - cut, &err) == 0)
		(void)csv_reader_finish(r, &err);
	free(err);
	err = NULL;
	csv_reader_free(&r);
	if (st.have_header)
		import_header_release(&st.h);

	if (offer_csv_parse(data, size, &rows, &n, &err) == 0) {
		for (i = 0; i < n; i++)
			offer_fields_release(&rows[i]);
		free(rows);
	}
	free(err);
	return 0;
}
