/*
 * sirene.h - an offline extract of the national company register: the
 * SIRENE stock files INSEE publishes (StockEtablissement, StockUniteLegale;
 * CSV, a header line, UTF-8), loaded into the database so that a company's
 * registration can be checked (unknown SIRET, closed establishment, ceased
 * legal unit) and its name and address filled in.
 *
 * A load streams each file (memory holds one record), fills a staging table
 * per kind, and swaps the staging tables in with one short transaction at
 * the end: a load that fails leaves the previous register as it was.  The
 * staging fill is committed in batches so that the daemon's own writes are
 * not held up for the minutes a national file takes.
 *
 * Rows the register marks as not public (statutDiffusion P or N) keep their
 * state only: no name, no address is stored for them.
 */
#ifndef ALTC_SIRENE_H
#define ALTC_SIRENE_H

#include <stddef.h>
#include <stdint.h>

struct db;

enum sirene_kind { SIRENE_NONE, SIRENE_ESTABLISHMENTS, SIRENE_UNITS };

/* a few skipped lines are reported by number, the rest only counted */
#define SIRENE_BAD_SHOWN 5

struct sirene_file_stats {
	enum sirene_kind kind;
	int64_t rows;			/* rows kept */
	int64_t skipped;		/* bad lines skipped */
	int64_t bad_line[SIRENE_BAD_SHOWN];	/* data line numbers (1 = after the header) */
	char *bad_why[SIRENE_BAD_SHOWN];
	char delim;
	double seconds;
};

void sirene_file_stats_release(struct sirene_file_stats *st);

/* sirene_kind_name - "establishments" or "units" */
const char *sirene_kind_name(enum sirene_kind k);

/*
 * sirene_load - load the n files (each a StockEtablissement or a
 * StockUniteLegale, told by its header; two files of one kind add up) and
 * replace the register's tables of the kinds they hold.  st (n entries) is
 * filled as the files are read.  Bad lines are skipped and counted; a file
 * is refused when more than 10 of its lines, and more than 1 %, are bad, or
 * when it holds no row.  -1 with *errstr_r: nothing changed.  Runs its own
 * transactions: db must not be in one.  With progress, the share of each
 * file read so far is redrawn on stderr.
 */
int sirene_load(struct db *db, const char *const *paths, size_t n, int progress,
    struct sirene_file_stats *st, char **errstr_r);

/* what the register says of one SIRET */
struct sirene_entry {
	int closed;		/* the establishment is closed (F) */
	int ceased;		/* its legal unit has ceased (C) */
	int diffusible;		/* 0: the register keeps its name and address private */
	char *name;		/* the formatted values, NULL when unknown or private */
	char *address, *postal_code, *city;
};

void sirene_entry_release(struct sirene_entry *e);

/*
 * sirene_loaded - whether establishments are loaded: 1 (with the rows and
 * the time of the load when the pointers are not NULL), 0 when not, -1 on error
 */
int sirene_loaded(struct db *db, int64_t *rows_r, int64_t *at_r, char **errstr_r);

/*
 * sirene_summary - one line on the loads ("1,234 establishments loaded on
 * ... from FILE; ..."), NULL when nothing was ever loaded.  Caller frees.
 */
char *sirene_summary(struct db *db);

/* sirene_lookup - the entry of a normalised SIRET: 1 found, 0 unknown, -1 with errstr */
int sirene_lookup(struct db *db, const char *siret, struct sirene_entry *e, char **errstr_r);

/*
 * The formatting of the register's values (sirene_format.c); every
 * function returns a new string, NULL when there is nothing to show.
 */

/* sirene_street_type - the words of a street type ("AV" -> "avenue"); NULL when unknown */
const char *sirene_street_type(const char *code);
/*
 * sirene_title - an upper-case label written as people write it: each word
 * capitalised, the small words of French names (de, la, les, sur, en...)
 * in lower case unless first, known abbreviations (ZI, BP...) and Roman
 * numerals left alone.  "SAINT-GERMAIN-EN-LAYE" -> "Saint-Germain-en-Laye".
 */
char *sirene_title(const char *s, int first_upper);
/* sirene_address - "12 bis avenue des Alpes, Bâtiment B" from the register's parts */
char *sirene_address(const char *number, const char *repetition, const char *type,
    const char *street, const char *complement);
/*
 * sirene_name - the company's name: the legal unit's denomination, else
 * its usual name, else the establishment's usual name or sign, else
 * "FIRST LAST" for a person
 */
char *sirene_name(const char *denomination, const char *unit_usual, const char *usual,
    const char *sign, const char *first_name, const char *last_name);

/* sirene_group - n with a comma every three digits into buf */
const char *sirene_group(int64_t n, char *buf, size_t size);

#endif
