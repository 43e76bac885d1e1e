/*
 * csv_reader.h - a streaming CSV reader over libcsv for the exports people
 * really send: the delimiter (';', ',' or TAB) and the encoding (UTF-8 with
 * or without BOM, UTF-16 LE or BE with its BOM, else Windows-1252,
 * converted with iconv) are detected on the
 * first chunk, then every record is handed to a callback as UTF-8 fields.
 * Memory holds one record, never the file.
 *
 * Life cycle: csv_reader_new, csv_reader_feed (any number of chunks),
 * csv_reader_finish, csv_reader_free.
 */
#ifndef ALTC_CSV_READER_H
#define ALTC_CSV_READER_H

#include <stddef.h>

struct csv_record {
	size_t n;		/* number of fields */
	char **field;		/* NUL-terminated UTF-8, owned by the reader */
	size_t *len;
	size_t index;		/* 0 for the first record (the header), then 1, 2... */
	const unsigned char *numeric;	/* per field, 1 when a spreadsheet stored a
					   number (xlsx_reader.h); NULL from a CSV */
};

/* the callback returns 0 to go on, -1 to stop (feed/finish then return -1) */
typedef int (*csv_record_fn)(void *arg, const struct csv_record *rec);

enum csv_encoding { CSV_ENC_UNKNOWN, CSV_ENC_UTF8, CSV_ENC_UTF8_BOM, CSV_ENC_CP1252,
	CSV_ENC_UTF16LE, CSV_ENC_UTF16BE };

struct csv_reader;

/* delim 0: detect from the first line; encoding UNKNOWN: detect */
struct csv_reader *csv_reader_new(csv_record_fn fn, void *arg, char delim,
    enum csv_encoding enc);
/* -1 with *errstr_r on a callback stop or a conversion failure */
int csv_reader_feed(struct csv_reader *r, const void *data, size_t len, char **errstr_r);
/* flush the last record (a file without a final newline) */
int csv_reader_finish(struct csv_reader *r, char **errstr_r);
void csv_reader_free(struct csv_reader **r);

char csv_reader_delim(const struct csv_reader *r);
enum csv_encoding csv_reader_encoding(const struct csv_reader *r);
const char *csv_encoding_name(enum csv_encoding e);

/*
 * csv_detect - the detection on its own: encoding of the buffer (a BOM of
 * UTF-8 or UTF-16, else valid UTF-8, else Windows-1252; a UTF-8 sequence cut
 * at the end of the buffer counts as valid) and the delimiter of its first
 * line (the most frequent of ';', ',' and TAB outside quotes, ';' when tied).
 */
enum csv_encoding csv_detect_encoding(const unsigned char *p, size_t len);
char csv_detect_delim(const unsigned char *p, size_t len);

#endif
