/*
 * xlsx_reader.h - the first visible worksheet of an Office Open XML workbook
 * (.xlsx, .xlsm, transitional or strict) as the record stream of
 * csv_reader.h, so the import takes a spreadsheet under the rules of a CSV.
 *
 * Each cell is written as a CSV exported by a French spreadsheet would
 * hold it: shared, inline and rich-text strings in full, numbers stored as
 * floats written as integers when they are ("4.94004062E9" -> 4940040620),
 * a number format made only of zeros ("00000") pads with them, dates and
 * times in the 1900 or the 1904 system as jj/mm/aaaa (hh:mm), booleans as
 * VRAI/FAUX, an error cell empty with a warning.  Record index 0 is the
 * first row holding a value (the header); a later row's index is its row
 * number minus the header's, so the report's line numbers match the sheet.
 * Blank rows are not handed over; every record is padded to the header's
 * width.
 *
 * The archive is read from memory with libzip and every part through
 * libxml2's streaming reader: memory holds the shared strings and one row,
 * never the sheet.  A part whose declared size is over the limit, whose
 * compression ratio is over the limit (past 1 MB), or that inflates past
 * its declared size is refused, and so is any XML carrying a DTD (no entity
 * is ever expanded, nothing is fetched from the network).
 *
 * Messages (errors and warnings) are in French: they reach staff through
 * the import report and the failed/ reason.
 */
#ifndef ALTC_XLSX_READER_H
#define ALTC_XLSX_READER_H

#include <stddef.h>

#include "csv_reader.h"

/* defaults of struct xlsx_limits */
#define XLSX_MAX_BYTES ((size_t)200 * 1024 * 1024)
#define XLSX_MAX_RATIO 100

struct xlsx_limits {
	size_t max_bytes;	/* uncompressed, every part read added up */
	unsigned max_ratio;	/* uncompressed / compressed, for a part over 1 MB */
};

enum xlsx_magic {
	XLSX_MAGIC_NONE,	/* not an archive: text, a CSV */
	XLSX_MAGIC_ZIP,		/* a ZIP archive: perhaps a workbook */
	XLSX_MAGIC_OLE,		/* OLE2 compound file: .xls, or a password-protected workbook */
};

/* xlsx_magic - what the first bytes say (8 are enough) */
enum xlsx_magic xlsx_magic(const void *p, size_t len);
/* xlsx_ole_refusal - the staff message refusing an OLE2 file */
const char *xlsx_ole_refusal(void);

/* warnings of a record are handed over just before it */
typedef void (*xlsx_warn_fn)(void *arg, size_t index, const char *msg);

struct xlsx_reader;

/*
 * xlsx_reader_open - the workbook in data[len], which must outlive the
 * reader; lim NULL for the defaults.  Reads the content types, the
 * workbook and its relationships, the styles and the shared strings.
 * NULL with *errstr_r saying why (an ODS, a Word document, a corrupt
 * archive, a zip bomb, a DTD...).
 */
struct xlsx_reader *xlsx_reader_open(const void *data, size_t len,
    const struct xlsx_limits *lim, char **errstr_r);
/* xlsx_reader_sheet - the name of the sheet read */
const char *xlsx_reader_sheet(const struct xlsx_reader *x);
/*
 * xlsx_reader_rows - every row of the sheet to fn (NULL: only check the
 * sheet reads to its end); may be called again to read it once more.
 * -1 with *errstr_r when the sheet is malformed or fn returned -1
 * ("stopped"); records before the failure were handed over.
 */
int xlsx_reader_rows(struct xlsx_reader *x, csv_record_fn fn, xlsx_warn_fn warn, void *arg,
    char **errstr_r);
/* xlsx_reader_progress - bytes of the sheet's XML read so far, of *total_r */
size_t xlsx_reader_progress(const struct xlsx_reader *x, size_t *total_r);
void xlsx_reader_free(struct xlsx_reader **x);

#endif
