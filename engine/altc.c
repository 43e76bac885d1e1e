/*
 * altc.c - opening the run-time context: configuration, paths, database.
 */
#include "compat.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "util.h"

static char *
absolute(const char *p)
{
	char cwd[PATH_MAX];

	if (*p == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
		return xstrdup(p);
	return xasprintf("%s/%s", cwd, p);
}

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* resolve_share - installed data first, else the source tree (running uninstalled) */
static char *
resolve_share(const char *configured, const char *sub)
{
	char *p;

	if (configured && *configured)
		return absolute(configured);
	p = xasprintf("%s/%s", ALTC_PKGDATADIR, sub);
	if (is_dir(p))
		return p;
	free(p);
	return xasprintf("%s/%s", ALTC_SRCDIR, sub);
}

int
altc_open(struct altc *ctx, const char *config_path, int open_db)
{
	char *err = NULL;
	int explicit, rc;
	const char *path = config_find_path(config_path, &explicit);

	memset(ctx, 0, sizeof(*ctx));
	ctx->config_path = path;
	ctx->cfg = config_load(path, explicit, &err);
	if (ctx->cfg == NULL) {
		log_warnx("configuration: %s", err);
		free(err);
		return EX_CONFIG;
	}
	time_zone_set(config_str(ctx->cfg, "mail.time_zone"));
	ctx->spool = absolute(config_str(ctx->cfg, "paths.spool"));
	ctx->docs = absolute(config_str(ctx->cfg, "paths.docs"));
	ctx->templates = resolve_share(config_str(ctx->cfg, "paths.templates"), "templates");
	ctx->datadir = resolve_share(NULL, "data");
	if (!open_db)
		return EX_OK;
	ctx->db = db_open(config_str(ctx->cfg, "paths.db"), 0, &err);
	if (ctx->db == NULL) {
		log_warnx("database: %s", err);
		free(err);
		if (db_open_temporary())
			rc = EX_TEMPFAIL;	/* disk full, I/O error: worth trying again */
		else
			rc = access(config_str(ctx->cfg, "paths.db"), F_OK) < 0 ? EX_NOINPUT : EX_DATAERR;
		altc_close(ctx);
		return rc;
	}
	return EX_OK;
}

void
altc_close(struct altc *ctx)
{
	db_close(&ctx->db);
	config_free(&ctx->cfg);
	FREE_AND_NULL(ctx->spool);
	FREE_AND_NULL(ctx->docs);
	FREE_AND_NULL(ctx->templates);
	FREE_AND_NULL(ctx->datadir);
}

char *
altc_spool_path(const struct altc *ctx, const char *sub)
{
	return xasprintf("%s/%s", ctx->spool, sub);
}
