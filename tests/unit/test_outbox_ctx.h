/*
 * test_outbox_ctx.h - a throw-away instance for the mail-out unit tests:
 * a temporary directory holding the database (db_open creates it) and the
 * spool, default configuration, the source tree's templates.
 */
#ifndef TEST_OUTBOX_CTX_H
#define TEST_OUTBOX_CTX_H

#include <stdlib.h>
#include <string.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "util.h"

static inline void
test_ctx_open(struct altc *ctx, char *dir_template)
{
	char *err = NULL, *dbpath;

	memset(ctx, 0, sizeof(*ctx));
	if (mkdtemp(dir_template) == NULL)
		abort();
	ctx->cfg = config_load(NULL, 0, &err);
	dbpath = xasprintf("%s/altc.db", dir_template);
	ctx->db = db_open(dbpath, 1, &err);
	free(dbpath);
	if (ctx->cfg == NULL || ctx->db == NULL)
		abort();
	ctx->spool = xasprintf("%s/spool", dir_template);
	ctx->docs = xasprintf("%s/docs", dir_template);
	ctx->templates = xstrdup(ALTC_SRCDIR "/templates");
	ctx->datadir = xstrdup(ALTC_SRCDIR "/data");
}

static inline void
test_ctx_close(struct altc *ctx, const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	altc_close(ctx);
	if (system(cmd) != 0)
		abort();
	free(cmd);
}

#endif
