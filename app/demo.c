/*
 * demo.c - loading the demo instance.  Data, not code: the tables below are
 * the whole of it.
 */
#include "compat.h"

#include "altc.h"
#include "config.h"
#include "db.h"
#include "demo.h"
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

struct demo_company {
	const char *siret, *name, *sector, *address, *postal, *city;
	int one_click;
	const char *email, *last, *first;
};

static const struct demo_company demo_companies[] = {
	{ "80754009100004", "BENOTTI SAS", "Commerce de détail", "12 avenue de Genève",
	  "74000", "Annecy", 1, "rh@benotti.example", "Benotti", "Marc" },
	{ "95181909300018", "Genesii", "Conseil en systèmes informatiques", "3 rue du Pré-Paillard",
	  "74940", "Annecy-le-Vieux", 0, "contact@genesii.example", "Roux", "Nadia" },
};

static int
add_company(struct altc *ctx, const struct demo_company *c, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "INSERT INTO companies (siret, name, sector, address, postal_code, city, country,"
	    " one_click, created_at) VALUES (?, ?, ?, ?, ?, ?, 'France', ?, ?)"
	    " ON CONFLICT (siret) DO NOTHING");
	int64_t company, user;

	db_bind_text(st, 1, c->siret);
	db_bind_text(st, 2, c->name);
	db_bind_text(st, 3, c->sector);
	db_bind_text(st, 4, c->address);
	db_bind_text(st, 5, c->postal);
	db_bind_text(st, 6, c->city);
	db_bind_int(st, 7, c->one_click);
	db_bind_int(st, 8, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	st = db_prepare(ctx->db, "SELECT id FROM companies WHERE siret = ?");
	db_bind_text(st, 1, c->siret);
	if (db_step(ctx->db, st, errstr_r) != 1) {
		sqlite3_reset(st);
		return -1;
	}
	company = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if ((user = user_ensure(ctx, c->email, "employer", "active", c->last, c->first, errstr_r)) < 0)
		return -1;
	st = db_prepare(ctx->db,
	    "UPDATE users SET company_id = ?1, company_referent = 1 WHERE id = ?2;");
	db_bind_int(st, 1, company);
	db_bind_int(st, 2, user);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	st = db_prepare(ctx->db, "UPDATE companies SET referent_id = ?1 WHERE id = ?2");
	db_bind_int(st, 1, user);
	db_bind_int(st, 2, company);
	return db_done(ctx->db, st, errstr_r);
}

int
demo_load(struct altc *ctx, char **errstr_r)
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
	for (i = 0; i < ARRAY_SIZE(demo_companies); i++)
		if (add_company(ctx, &demo_companies[i], errstr_r) < 0)
			return -1;
	return 0;
}
