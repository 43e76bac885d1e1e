/*
 * import.h - the student import of DESIGN §8: a CSV stream or an XLSX
 * workbook in (told by its first bytes), every data record created or
 * rejected with a reason, a history row, a log and a CSV
 * of rejected lines in spool/reports, an invitation per created student and
 * a report mail.  The run changes the database only through the engine and
 * inside the caller's transaction (a savepoint for spool drops, the CLI's
 * own transaction for a manual run); it never commits.  With analyze set it
 * writes no file and the caller rolls the transaction back.
 */
#ifndef ALTC_IMPORT_H
#define ALTC_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "module.h"

struct altc;
struct import_run;

struct import_opts {
	const char *filename;	/* shown in the history and the report */
	const char *type;	/* "batch" or "manual" */
	int analyze;		/* compute the report, write no file */
	int progress;		/* draw a progress bar on stderr */
	size_t total;		/* bytes expected (progress bar), 0 unknown */
	FILE *out;		/* per-line outcomes are echoed here (may be NULL) */
};

struct import_stats {
	int64_t id;		/* history row */
	int64_t lines, created, rejected, warnings;
	int failed;		/* the file as a whole was refused (header) */
	char *log_path, *rejects_path;	/* NULL with analyze */
};

/* the rejection reasons, worded for staff */
enum import_reason {
	REASON_NONE,
	REASON_MISSING,		/* Champ obligatoire manquant (X) */
	REASON_EMAIL,		/* E-mail invalide */
	REASON_DATE,		/* Date invalide */
	REASON_AVIS_NO,		/* Avis défavorable */
	REASON_AVIS_WAIT,	/* Avis non définitif */
	REASON_FORMATION,	/* Formation introuvable */
	REASON_DUPLICATE,	/* Doublon */
	REASON_EMAIL_TAKEN,	/* E-mail déjà existant */
	REASON_FULL,		/* Effectif atteint */
};

const char *import_reason_text(enum import_reason r);

/* import_avis - REASON_NONE for an admissible avis, else why the line is rejected */
enum import_reason import_avis(const char *avis);

struct import_run *import_run_new(struct altc *ctx, const struct import_opts *o);
/*
 * -1 with *errstr_r on a database error, or a refused header or format
 * (stats.failed); a workbook is held until import_run_finish reads it
 */
int import_run_feed(struct import_run *r, const void *data, size_t len, char **errstr_r);
/* finish the parse, write the history, the report files and the report mail */
int import_run_finish(struct import_run *r, struct import_stats *st_r, char **errstr_r);
void import_run_free(struct import_run **r);
void import_stats_release(struct import_stats *st);

/* import_file - a whole file read chunk by chunk through a run */
int import_file(struct altc *ctx, const char *path, const struct import_opts *o,
    struct import_stats *st_r, char **errstr_r);

/* import_inputs - the spool handler of import drops (import_input.c) */
extern const struct module_input import_inputs[];
/* batch_module - the imports' commands and spool handler */
extern const struct module batch_module;

#endif
