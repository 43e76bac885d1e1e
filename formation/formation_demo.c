/*
 * formation_demo.c - the formations' part of the demo instance (DESIGN §4):
 * the staff, the formations of data/formations.csv, and a ga who acts for
 * every rp.  Data, not code: the table below is the whole of it.
 */
#include "compat.h"

#include <errno.h>

#include "altc.h"
#include "db.h"
#include "formation.h"
#include "log.h"
#include "util.h"

struct demo_user {
	const char *email, *role, *last, *first;
};

static const struct demo_user demo_staff[] = {
	{ "rp.gea@univ.example", "rp", "Lambert", "Claire" },
	{ "rp.tc@univ.example", "rp", "Moreau", "Julien" },
	{ "ga@univ.example", "ga", "Garnier", "Sophie" },
	{ "admin@univ.example", "admin", "Admin", "Plateforme" },
};

int
formation_demo(struct altc *ctx, char **errstr_r)
{
	struct formation_report rep;
	char *path = xasprintf("%s/formations.csv", ctx->datadir), *data;
	size_t len, i;
	int64_t ga = 0;
	sqlite3_stmt *st;

	if (read_file(path, &data, &len) < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	for (i = 0; i < ARRAY_SIZE(demo_staff); i++) {
		const struct demo_user *u = &demo_staff[i];
		int64_t id = user_ensure(ctx, u->email, u->role, "active", u->last, u->first, errstr_r);

		if (id < 0) {
			free(data);
			return -1;
		}
		if (strcmp(u->role, "ga") == 0)
			ga = id;
	}
	if (formation_import(ctx, data, len, "active", &rep, errstr_r) < 0) {
		free(data);
		return -1;
	}
	free(data);
	if (rep.errors)
		log_warnx("demo formations: %s", rep.errors);
	formation_report_release(&rep);
	/* the ga acts by delegation of every rp, for all their formations */
	st = db_prepare(ctx->db,
	    "INSERT OR IGNORE INTO delegations (rp_id, ga_id, formation_id)"
	    " SELECT DISTINCT rp_id, ?, NULL FROM formations WHERE rp_id IS NOT NULL");
	db_bind_int(st, 1, ga);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	return 0;
}
