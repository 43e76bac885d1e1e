/*
 * altc.h - the run-time context handed to every command, handler and job:
 * configuration, the open database and the resolved paths.
 */
#ifndef ALTC_ALTC_H
#define ALTC_ALTC_H

#include <stdint.h>

struct config;
struct db;

struct altc {
	struct config *cfg;
	struct db *db;
	const char *config_path;	/* file actually read, or NULL */
	char *spool;			/* [paths] spool, absolute */
	char *docs;			/* [paths] docs */
	char *templates;		/* resolved templates directory */
	char *datadir;			/* resolved data directory (demo files) */
	int dry_run;			/* --analyze: compute, write nothing */
	struct document_batch *doc_batch;	/* documents written, not yet synced (document.h) */
};

/*
 * altc_open - load the configuration (path may be NULL: the usual search) and
 * open the database.  With open_db 0 only the configuration is loaded.
 * Returns 0, or an exit code from sysexits.h with the reason already logged.
 */
int altc_open(struct altc *ctx, const char *config_path, int open_db);
void altc_close(struct altc *ctx);

/* altc_spool_path - "spool/SUB" into a fresh string */
char *altc_spool_path(const struct altc *ctx, const char *sub);

#endif
