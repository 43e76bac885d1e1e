/*
 * company_demo.c - the employers of the demo instance (DESIGN §4): BENOTTI
 * SAS, which accepts one-click applications, and Genesii, each with its
 * referent.  Data, not code: the table below is the whole of it.
 */
#include "compat.h"

#include "altc.h"
#include "company.h"
#include "db.h"
#include "formation.h"
#include "util.h"

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
company_demo(struct altc *ctx, char **errstr_r)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(demo_companies); i++)
		if (add_company(ctx, &demo_companies[i], errstr_r) < 0)
			return -1;
	return 0;
}
