/*
 * import_db.h - the import history (table imports): one row per run, opened
 * when the run starts and completed with its counts at the end.
 */
#ifndef ALTC_IMPORT_DB_H
#define ALTC_IMPORT_DB_H

#include <stdint.h>

struct db;
struct table;

/* import_db_begin - a new history row (status "running"); its id or -1 */
int64_t import_db_begin(struct db *db, const char *filename, const char *sha256,
    const char *type, char **errstr_r);

struct import_counts {
	const char *status;	/* "done" or "failed" */
	int64_t lines, created, rejected;
	const char *log_path, *rejects_path;	/* may be NULL */
};

int import_db_finish(struct db *db, int64_t id, const struct import_counts *c, char **errstr_r);

/* import_db_table - the history, newest first; NULL with *errstr_r on error */
struct table *import_db_table(struct db *db, char **errstr_r);

#endif
