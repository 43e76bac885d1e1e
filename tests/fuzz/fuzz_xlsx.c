/*
 * fuzz_xlsx.c - libFuzzer harness of the XLSX reader: the archive opened
 * from memory, the workbook's parts read, the sheet read twice (the check
 * and the records) with small limits so a bomb costs little.  Every field
 * handed to the callback must be as long as the reader says.  The seeds
 * store their parts uncompressed, so mutations reach the XML.
 */
#include "compat.h"

#include "xlsx_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
on_record(void *arg, const struct csv_record *rec)
{
	(void)arg;
	for (size_t i = 0; i < rec->n; i++)
		if (strnlen(rec->field[i], rec->len[i] + 1) != rec->len[i])
			abort();
	return rec->index > 2000 ? -1 : 0;
}

static void
on_warning(void *arg, size_t index, const char *msg)
{
	(void)arg;
	(void)index;
	if (*msg == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct xlsx_limits lim = { 4 * 1024 * 1024, 100 };
	struct xlsx_reader *x;
	char *err = NULL;

	(void)xlsx_magic(data, size);
	if ((x = xlsx_reader_open(data, size, &lim, &err)) != NULL &&
	    xlsx_reader_rows(x, NULL, NULL, NULL, &err) == 0)
		(void)xlsx_reader_rows(x, on_record, on_warning, NULL, &err);
	free(err);
	xlsx_reader_free(&x);
	return 0;
}
