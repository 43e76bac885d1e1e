/*
 * testlib.c - throw-away instances for the unit tests.
 */
#include "compat.h"

#include <dirent.h>
#include <ftw.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "spool.h"
#include "testlib.h"
#include "util.h"

char *
testlib_tmpdir(void)
{
	char *t = xasprintf("%s/altc-unit.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");

	if (mkdtemp(t) == NULL)
		fatal("mkdtemp");
	return t;
}

void
testlib_instance(struct altc *ctx)
{
	char *dir = testlib_tmpdir(), *err = NULL, *p;

	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = config_load(NULL, 0, &err);
	ctx->spool = xasprintf("%s/spool", dir);
	ctx->docs = xasprintf("%s/docs", dir);
	ctx->templates = xasprintf("%s/templates", ALTC_SRCDIR);
	ctx->datadir = xasprintf("%s/data", ALTC_SRCDIR);
	p = xasprintf("%s/altconnect.db", dir);
	if (config_set(ctx->cfg, "paths.db", p, &err) < 0 ||
	    config_set(ctx->cfg, "paths.spool", ctx->spool, &err) < 0)
		fatalx("config: %s", err);
	if (spool_create(ctx, &err) < 0)
		fatalx("spool: %s", err);
	if ((ctx->db = db_open(p, 1, &err)) == NULL)
		fatalx("db: %s", err);
	free(p);
	free(dir);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void
testlib_rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
testlib_instance_free(struct altc *ctx)
{
	char *dir = xstrdup(ctx->spool);

	*strrchr(dir, '/') = '\0';
	altc_close(ctx);
	testlib_rm_rf(dir);
	free(dir);
}

size_t
testlib_count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && de->d_type == DT_REG)
			n++;
	closedir(d);
	return n;
}

void
testlib_write(const char *path, const char *data)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(data, fp) == EOF || fclose(fp) == EOF)
		fatal("write %s", path);
}
