/*
 * xlsx_int.h - what the files of the XLSX reader share: the reader itself,
 * a part of the archive opened as a libxml2 streaming reader (xlsx_zip.c),
 * the workbook's tables (xlsx_book.c), and the rows (xlsx_sheet.c).
 */
#ifndef ALTC_XLSX_INT_H
#define ALTC_XLSX_INT_H

#include <libxml/xmlreader.h>
#include <zip.h>

#include "strbuf.h"
#include "xlsx_reader.h"

/* what a cell's number format makes of a number */
enum xlsx_fmt { FMT_NUMBER, FMT_DATE, FMT_TIME, FMT_DATETIME };

struct xlsx_style {
	unsigned char kind;	/* enum xlsx_fmt */
	unsigned char pad;	/* "00000": digits an integer is padded to, 0 none */
};

struct xlsx_reader {
	zip_t *zip;
	struct xlsx_limits lim;
	size_t used;		/* declared bytes of the parts opened so far */
	char *book;		/* "xl/workbook.xml" */
	char *sheet_name, *sheet_path;
	char *sst_path, *styles_path;
	int date1904;
	/* shared strings: NUL-separated in one buffer */
	struct strbuf sst;
	size_t *sst_off, nsst;
	/* styles: cellXfs index -> format */
	struct xlsx_style *xf;
	size_t nxf;
	/* progress of the sheet */
	size_t sheet_done, sheet_total;
};

/* an open part: the XML reader over the inflated bytes */
struct xlsx_part {
	struct xlsx_reader *x;
	zip_file_t *zf;
	xmlTextReaderPtr rd;
	const char *name;
	size_t got, declared;
	size_t *progress;	/* bytes read so far, or NULL */
	char *err;		/* first error (bomb, zip or XML) */
};

/*
 * xlsx_part_open - part name of the archive; 0, 1 when there is no such
 * part (nothing opened), -1 with *errstr_r when it is over a limit
 */
int xlsx_part_open(struct xlsx_reader *x, struct xlsx_part *p, const char *name,
    char **errstr_r);
/*
 * xlsx_part_next - the next node: 1, 0 at the end, -1 with *errstr_r on
 * malformed XML, a DTD, or an archive error
 */
int xlsx_part_next(struct xlsx_part *p, char **errstr_r);
void xlsx_part_close(struct xlsx_part *p);

/* helpers over the current node */
int xlsx_is(xmlTextReaderPtr rd, int type, const char *local);
char *xlsx_attr(xmlTextReaderPtr rd, const char *local);
/* xlsx_text - the text of the current element (its text children) into sb */
int xlsx_text(struct xlsx_part *p, struct strbuf *sb, char **errstr_r);
/* xlsx_unescape - the _xHHHH_ escapes of OOXML strings, in place */
void xlsx_unescape(struct strbuf *sb);

/* xlsx_book_read - content types, workbook, relationships, styles, shared strings */
int xlsx_book_read(struct xlsx_reader *x, char **errstr_r);
/* xlsx_fmt_classify - what a custom format code shows a number as */
enum xlsx_fmt xlsx_fmt_classify(const char *code, unsigned char *pad_r);

#endif
