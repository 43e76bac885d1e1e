/*
 * import_testenv.h - a throw-away instance for the unit tests of the import
 * area: a temporary directory with a fresh database, the default
 * configuration and the formations of tests/fixtures/import/formations.csv.
 * Included by one test program at a time (static functions).
 */
#ifndef ALTC_IMPORT_TESTENV_H
#define ALTC_IMPORT_TESTENV_H

#include <ftw.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "formation.h"
#include "util.h"

#define FIXTURE(name) ALTC_SRCDIR "/tests/fixtures/import/" name

static char testenv_dir[64];

static int
testenv_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void
testenv_must(int ok, const char *what, char *err)
{
	if (!ok) {
		fprintf(stderr, "test setup: %s: %s\n", what, err ? err : "");
		abort();
	}
}

/* testenv_open - the instance; formations loaded when with_formations */
static struct altc *
testenv_open(int with_formations)
{
	struct altc *ctx = xcalloc(1, sizeof(*ctx));
	char *err = NULL, *dbpath, *data;
	size_t len;

	(void)xstrlcpy(testenv_dir, "/tmp/altc-unit.XXXXXX", sizeof(testenv_dir));
	testenv_must(mkdtemp(testenv_dir) != NULL, "mkdtemp", NULL);
	ctx->cfg = config_load(NULL, 0, &err);
	testenv_must(ctx->cfg != NULL, "config", err);
	dbpath = xasprintf("%s/test.db", testenv_dir);
	ctx->db = db_open(dbpath, 1, &err);
	testenv_must(ctx->db != NULL, "db_open", err);
	free(dbpath);
	ctx->spool = xasprintf("%s/spool", testenv_dir);
	ctx->docs = xasprintf("%s/docs", testenv_dir);
	ctx->templates = xstrdup(ALTC_SRCDIR "/templates");
	ctx->datadir = xstrdup(ALTC_SRCDIR "/data");
	if (with_formations) {
		struct formation_report rep = { 0 };

		testenv_must(read_file(FIXTURE("formations.csv"), &data, &len) == 0, "read", NULL);
		testenv_must(db_begin(ctx->db) == 0, "begin", NULL);
		testenv_must(formation_import(ctx, data, len, "active", &rep, &err) == 0,
		    "formation_import", err);
		testenv_must(db_commit(ctx->db) == 0, "commit", NULL);
		formation_report_release(&rep);
		free(data);
	}
	return ctx;
}

static void
testenv_close(struct altc *ctx)
{
	altc_close(ctx);
	free(ctx);
	nftw(testenv_dir, testenv_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* testenv_count - the integer answer of a SELECT count(*) ... */
static long long
testenv_count(struct altc *ctx, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#endif
