/*
 * table.h - list/show output in the three formats every command accepts:
 * text (aligned columns), csv (';' separated, for French spreadsheets,
 * written with libcsv's quoting) and json (an array of objects, json-c).
 */
#ifndef ALTC_TABLE_H
#define ALTC_TABLE_H

#include <stdio.h>

enum table_format { TABLE_TEXT, TABLE_CSV, TABLE_JSON };

struct table;

/* table_format_parse - "text", "csv" or "json"; -1 otherwise */
int table_format_parse(const char *s, enum table_format *out);

/* table_new - columns are copied; ncols >= 1 */
struct table *table_new(const char *const *columns, size_t ncols);
/* table_add_row - one row of ncols strings (NULL prints empty / null) */
void table_add_row(struct table *t, const char *const *values);
/* table_print - whole table; a text table with one row prints as key: value */
void table_print(const struct table *t, enum table_format fmt, FILE *fp);
size_t table_rows(const struct table *t);

/*
 * table_csv_cell - one quoted CSV cell (libcsv) of len bytes.  A cell that
 * a spreadsheet would run as a formula (first byte = + - @ TAB or CR, the
 * OWASP rule) is written with a leading ' unless it is a plain number.
 * Every CSV that staff open in a spreadsheet is written through it.
 */
void table_csv_cell(FILE *fp, const char *v, size_t len);
void table_free(struct table **t);

#endif
