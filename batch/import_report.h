/*
 * import_report.h - what an import run leaves for staff: a log
 * (spool/reports/import-N.log), the rejected lines as CSV
 * (import-N-rejets.csv: line;nom;prenom;email;raison, UTF-8 with BOM,
 * written with libcsv), the report mail with both attached, and a progress
 * bar on a terminal.  With analyze no file is created: the log goes to the
 * echo stream only.
 */
#ifndef ALTC_IMPORT_REPORT_H
#define ALTC_IMPORT_REPORT_H

#include <stdint.h>
#include <stdio.h>

struct altc;

struct import_report {
	FILE *log, *rejects, *echo;
	char *log_path, *rejects_path;
	int analyze;
};

/* import_report_open - create the files of run id; -1 with *errstr_r */
int import_report_open(struct import_report *rep, struct altc *ctx, int64_t id,
    int analyze, FILE *echo, char **errstr_r);
/* import_report_log - one line in the log (and the echo stream), control characters as \xNN */
void import_report_log(struct import_report *rep, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* import_report_reject - one rejected record */
void import_report_reject(struct import_report *rep, int64_t line, const char *nom,
    const char *prenom, const char *email, const char *reason);
/* import_report_close - flush and close; -1 with *errstr_r on a write error */
int import_report_close(struct import_report *rep, char **errstr_r);
void import_report_release(struct import_report *rep);

/* import_report_mail - import.report to every address of import.report_to */
int import_report_mail(struct altc *ctx, const struct import_report *rep, int64_t id,
    const char *filename, const char *status, int64_t lines, int64_t created,
    int64_t rejected, char **errstr_r);

/* import_progress - redraw the bar on stderr (done/total bytes) */
void import_progress(size_t done, size_t total, int final);

#endif
