/*
 * import_header.h - the columns of a student import and how a header row maps
 * onto them.  Names match ignoring case, accents, spaces and underscores;
 * a repeated name keeps every occurrence (the first non-empty value wins);
 * unknown columns and an empty trailing column are ignored.
 */
#ifndef ALTC_IMPORT_HEADER_H
#define ALTC_IMPORT_HEADER_H

#include <stddef.h>

#include "csv_reader.h"

enum import_col {
	COL_NOM, COL_PRENOM, COL_FIXE, COL_PORTABLE, COL_MAIL, COL_DERNIER_ETAB,
	COL_AVIS, COL_DATE_AVIS, COL_DATE_NAISSANCE, COL_INE, COL_CLE_INE,
	COL_ADRESSE_1, COL_ADRESSE_2, COL_CODE_POSTAL, COL_COMMUNE, COL_PAYS,
	COL_CODE_FORMATION, COL_LIB_FORMATION,
	COL_COUNT
};

struct import_header {
	int *col;		/* csv index -> enum import_col, or -1 */
	size_t ncsv;
	int present[COL_COUNT];
};

/* import_col_name - the documented column name ("Date_Naissance") */
const char *import_col_name(enum import_col c);
/* import_col_lookup - a header cell to its column, or -1 */
int import_col_lookup(const char *cell);

/*
 * import_header_parse - map a header record.  Returns 0, or -1 with
 * *errstr_r naming the missing required columns (in French).
 */
int import_header_parse(struct import_header *h, const struct csv_record *rec, char **errstr_r);
void import_header_release(struct import_header *h);

/*
 * import_header_values - the value of every column for one record into
 * vals[COL_COUNT] (pointers into rec, "" when absent); values are trimmed
 * of surrounding white space in place.
 */
void import_header_values(const struct import_header *h, const struct csv_record *rec,
    const char *vals[COL_COUNT]);
/* import_header_source - the field import_header_values takes column c from, or -1 */
int import_header_source(const struct import_header *h, const struct csv_record *rec,
    enum import_col c);

#endif
