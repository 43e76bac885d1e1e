/*
 * mission_export.h - the export of mission sheets for the apprentice
 * training centre (CFA): CSV for Excel, XLSX, and a printable A4 PDF, one
 * sheet per page.  A NULL formation or state means all.  Each returns 0
 * with the number of sheets in *n_r, or -1 with *errstr_r.
 */
#ifndef ALTC_MISSION_EXPORT_H
#define ALTC_MISSION_EXPORT_H

#include <stddef.h>
#include <stdio.h>

struct altc;
struct mission_sheet;

enum mission_export_format { MEXPORT_CSV, MEXPORT_XLSX, MEXPORT_PDF };

/* mission_export_each - fn on every sheet selected, in formation and name order */
int mission_export_each(struct altc *ctx, const char *formation, const char *state,
    int (*fn)(void *arg, const struct mission_sheet *s), void *arg, char **errstr_r);

/* mission_export_csv - UTF-8 with a BOM, ';', CRLF, every field quoted */
int mission_export_csv(struct altc *ctx, const char *formation, const char *state, FILE *fp,
    size_t *n_r, char **errstr_r);
/* mission_export_xlsx - one worksheet, bold header, real dates, filter */
int mission_export_xlsx(struct altc *ctx, const char *formation, const char *state,
    const char *path, size_t *n_r, char **errstr_r);
/* mission_export_pdf - A4, one sheet per page (more when its text is long) */
int mission_export_pdf(struct altc *ctx, const char *formation, const char *state,
    const char *path, size_t *n_r, char **errstr_r);

/* mission_export_file - any format into path ("-" for CSV on stdout) */
int mission_export_file(struct altc *ctx, const char *formation, const char *state,
    enum mission_export_format fmt, const char *path, size_t *n_r, char **errstr_r);

#endif
