/*
 * test_sirene.c - the SIRENE register extract: the formatting of names and
 * addresses (tables), the loader (both kinds of file, columns in another
 * order, ';' exports, quoted commas, rows that are not public, bad headers,
 * bad lines skipped or a file refused, a reload replacing the register)
 * and the checks of a company's registration against it.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "company.h"
#include "company_mail.h"
#include "config.h"
#include "sirene.h"
#include "status.h"
#include "strbuf.h"
#include "test_offer_util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *number, *rep, *type, *street, *complement, *want;
} addresses[] = {
	{ "12", "B", "AV", "DES ALPES", NULL, "12 bis avenue des Alpes" },
	{ "5", "T", "BD", "DU GENERAL DE GAULLE", NULL, "5 ter boulevard du General de Gaulle" },
	{ "2", NULL, "RTE", "DE POISY", "ZI DES GLAISES", "2 route de Poisy, ZI des Glaises" },
	{ "7", "A", "RUE", "LOUIS XIV", NULL, "7A rue Louis XIV" },
	{ "3", NULL, "PL", "DE L'\xc3\x89GLISE", NULL, "3 place de l'\xc3\x89glise" },
	{ "1", NULL, "CHE", "DES \xc3\x89" "COLIERS", NULL, "1 chemin des \xc3\x89" "coliers" },
	{ "9", "Q", "IMP", "SAINT-JEAN", NULL, "9 quater impasse Saint-Jean" },
	{ "4", NULL, "QUAI", "D'ORSAY", NULL, "4 quai d'Orsay" },
	{ NULL, NULL, NULL, "LE BOURG", NULL, "Le Bourg" },
	{ "10", NULL, "XYZ", "DES LILAS", NULL, "10 xyz des Lilas" },
	{ NULL, NULL, NULL, NULL, "BATIMENT B", "Batiment B" },
	{ "8", "B", NULL, NULL, NULL, "8 bis" },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
	{ "", "", "", "", "", NULL },
};

static void
test_address(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(addresses); i++) {
		char *a = sirene_address(addresses[i].number, addresses[i].rep, addresses[i].type,
		    addresses[i].street, addresses[i].complement);

		if (addresses[i].want == NULL)
			assert_null(a);
		else
			assert_string_equal(a, addresses[i].want);
		free(a);
	}
}

static const struct {
	const char *in, *want;
} titles[] = {
	{ "SAINT-GERMAIN-EN-LAYE", "Saint-Germain-en-Laye" },
	{ "LE MANS", "Le Mans" },
	{ "PARIS 15", "Paris 15" },
	{ "L'HAY-LES-ROSES", "L'Hay-les-Roses" },
	{ "BOULOGNE-SUR-MER", "Boulogne-sur-Mer" },
	{ "\xc5\x92UVRE", "\xc5\x92uvre" },
	{ "ANNECY", "Annecy" },
	{ "", NULL },
};

static void
test_title(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(titles); i++) {
		char *t = sirene_title(titles[i].in, 1);

		if (titles[i].want == NULL)
			assert_null(t);
		else
			assert_string_equal(t, titles[i].want);
		free(t);
	}
	assert_string_equal(sirene_street_type("AV"), "avenue");
	assert_string_equal(sirene_street_type("rte"), "route");
	assert_null(sirene_street_type("NOPE"));
}

static const struct {
	const char *denomination, *unit_usual, *usual, *sign, *first, *last, *want;
} names[] = {
	{ "ALPES CONSEIL", "AC", "USUEL", "ENSEIGNE", NULL, NULL, "ALPES CONSEIL" },
	{ NULL, "AC USUEL", "USUEL", "ENSEIGNE", NULL, NULL, "AC USUEL" },
	{ NULL, NULL, "USUEL", "ENSEIGNE", NULL, NULL, "USUEL" },
	{ NULL, NULL, NULL, "ENSEIGNE", "JEAN", "DUPONT", "ENSEIGNE" },
	{ NULL, NULL, NULL, NULL, "JEAN", "DUPONT", "JEAN DUPONT" },
	{ "", "", "", "", NULL, "DUPONT", "DUPONT" },
	{ NULL, NULL, NULL, NULL, "JEAN", NULL, NULL },
};

static void
test_name(void **state)
{
	char buf[32];

	(void)state;
	for (size_t i = 0; i < N(names); i++) {
		char *n = sirene_name(names[i].denomination, names[i].unit_usual, names[i].usual,
		    names[i].sign, names[i].first, names[i].last);

		if (names[i].want == NULL)
			assert_null(n);
		else
			assert_string_equal(n, names[i].want);
		free(n);
	}
	assert_string_equal(sirene_group(12345678, buf, sizeof(buf)), "12,345,678");
	assert_string_equal(sirene_group(1000, buf, sizeof(buf)), "1,000");
	assert_string_equal(sirene_group(999, buf, sizeof(buf)), "999");
	assert_string_equal(sirene_group(0, buf, sizeof(buf)), "0");
}

/* a StockEtablissement in INSEE's column order (cut short), and a StockUniteLegale */
static const char etab_csv[] =
	"siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,"
	"etatAdministratifEtablissement,enseigne1Etablissement,denominationUsuelleEtablissement,"
	"numeroVoieEtablissement,indiceRepetitionEtablissement,typeVoieEtablissement,"
	"libelleVoieEtablissement,complementAdresseEtablissement,codePostalEtablissement,"
	"libelleCommuneEtablissement,etablissementSiege\n"
	"732829320,00074,73282932000074,O,2000-01-01,A,,,12,B,AV,DES ALPES,,74000,ANNECY,true\n"
	"807540091,00004,80754009100004,O,2000-01-01,F,,,2,,RTE,DE POISY,"
	"\"ZI DES GLAISES, BAT B\",74330,POISY,true\n"
	"356000000,00001,35600000000001,P,2000-01-01,A,SECRET,,1,,RUE,CACHEE,,75001,PARIS 1,true\n"
	"443061841,00013,44306184100013,O,2000-01-01,A,,,3,,PL,DE LA GARE,,73000,CHAMBERY,true\n"
	"552100554,00021,55210055400021,O,2000-01-01,A,LE FOURNIL,,1,,RUE,DU PAIN,,69001,LYON 1,true\n";

/* columns in another order, extra ones, a quoted name with a comma */
static const char units_csv[] =
	"categorieJuridiqueUniteLegale,autreColonne,denominationUniteLegale,siren,"
	"etatAdministratifUniteLegale,statutDiffusionUniteLegale,nomUniteLegale,prenom1UniteLegale\n"
	"5499,x,\"ALPES CONSEIL, SARL\",732829320,A,O,,\n"
	"5710,x,BENOTTI SAS,807540091,A,O,,\n"
	"5710,x,VIEILLE MAISON,443061841,C,O,,\n"
	"1000,x,,552100554,A,O,DUPONT,JEAN\n"
	"1000,x,,356000000,A,P,SECRETE,PERSONNE\n";

/* write - data into a file of the test's directory; the path (caller frees) */
static char *
write_file(struct altc *ctx, const char *name, const char *data)
{
	char *p = xasprintf("%s/%s", ctx->spool, name);

	testlib_write(p, data);
	return p;
}

/* load - one or two files; the status, with the stats of the first kept in st */
static int
load(struct altc *ctx, const char *a, const char *b, struct sirene_file_stats *st0,
    char **err)
{
	const char *paths[2] = { a, b };
	struct sirene_file_stats st[2];
	int rc;

	memset(st, 0, sizeof(st));
	rc = sirene_load(ctx->db, paths, b ? 2 : 1, 0, st, err);
	if (st0)
		*st0 = st[0];
	else
		sirene_file_stats_release(&st[0]);
	sirene_file_stats_release(&st[1]);
	return rc;
}

static void
test_load_and_lookup(void **state)
{
	struct altc *ctx = *state;
	char *e = write_file(ctx, "StockEtablissement.csv", etab_csv);
	char *u = write_file(ctx, "StockUniteLegale.csv", units_csv), *err = NULL, *s;
	struct sirene_entry en;
	int64_t rows;

	assert_int_equal(sirene_loaded(ctx->db, NULL, NULL, &err), 0);
	assert_int_equal(load(ctx, e, u, NULL, &err), 0);
	assert_int_equal(sirene_loaded(ctx->db, &rows, NULL, &err), 1);
	assert_int_equal(rows, 5);
	assert_int_equal(q_int(ctx, "SELECT rows FROM sirene_loads WHERE kind = 'units'"), 5);

	assert_int_equal(sirene_lookup(ctx->db, "73282932000074", &en, &err), 1);
	assert_false(en.closed || en.ceased);
	assert_string_equal(en.name, "ALPES CONSEIL, SARL");
	assert_string_equal(en.address, "12 bis avenue des Alpes");
	assert_string_equal(en.postal_code, "74000");
	assert_string_equal(en.city, "Annecy");
	sirene_entry_release(&en);

	assert_int_equal(sirene_lookup(ctx->db, "80754009100004", &en, &err), 1);
	assert_true(en.closed);
	assert_string_equal(en.address, "2 route de Poisy, ZI des Glaises, Bat B");
	sirene_entry_release(&en);

	assert_int_equal(sirene_lookup(ctx->db, "44306184100013", &en, &err), 1);
	assert_true(en.ceased);
	sirene_entry_release(&en);

	assert_int_equal(sirene_lookup(ctx->db, "55210055400021", &en, &err), 1);
	assert_string_equal(en.name, "LE FOURNIL");	/* the sign before the person */
	sirene_entry_release(&en);

	/* not public: the state only, nothing stored of its name or address */
	assert_int_equal(sirene_lookup(ctx->db, "35600000000001", &en, &err), 1);
	assert_false(en.diffusible);
	assert_null(en.name);
	assert_null(en.address);
	assert_null(en.city);
	sirene_entry_release(&en);
	s = q_text(ctx, "SELECT coalesce(sign, '') || coalesce(street, '') || coalesce(city, '')"
	    " FROM sirene_establishments WHERE siret = '35600000000001'");
	assert_string_equal(s, "");
	free(s);
	s = q_text(ctx, "SELECT coalesce(last_name, '') || coalesce(first_name, '') || state"
	    " FROM sirene_units WHERE siren = '356000000'");
	assert_string_equal(s, "A");
	free(s);

	assert_int_equal(sirene_lookup(ctx->db, "95181909300018", &en, &err), 0);
	s = sirene_summary(ctx->db);
	assert_non_null(strstr(s, "5 establishments loaded on"));
	free(s);
	free(e);
	free(u);
}

/* a ';' export with the columns in another order, in Windows-1252 */
static void
test_semicolon_export(void **state)
{
	struct altc *ctx = *state;
	char *p = write_file(ctx, "old.csv",
	    "libelleCommuneEtablissement;etatAdministratifEtablissement;siret;"
	    "statutDiffusionEtablissement;libelleVoieEtablissement;typeVoieEtablissement;"
	    "numeroVoieEtablissement;codePostalEtablissement\r\n"
	    "CHAMB\xc9RY;A;44306184100013;O;DE LA GARE;PL;3;73000\r\n"), *err = NULL;
	struct sirene_file_stats st;
	struct sirene_entry en;

	assert_int_equal(load(ctx, p, NULL, &st, &err), 0);
	assert_int_equal(st.kind, SIRENE_ESTABLISHMENTS);
	assert_int_equal(st.delim, ';');
	assert_int_equal(st.rows, 1);
	sirene_file_stats_release(&st);
	assert_int_equal(sirene_lookup(ctx->db, "44306184100013", &en, &err), 1);
	assert_string_equal(en.address, "3 place de la Gare");
	assert_string_equal(en.city, "Chamb\xc3\xa9ry");
	assert_null(en.name);
	sirene_entry_release(&en);
	free(p);
}

static const struct {
	const char *csv, *error;
} bad_headers[] = {
	{ "siret,statutDiffusionEtablissement,enseigne1Etablissement\n73282932000074,O,X\n",
	  "lacks the columns etatAdministratifEtablissement" },
	{ "siren,denominationUniteLegale\n732829320,X\n",
	  "lacks the columns statutDiffusionUniteLegale, etatAdministratifUniteLegale" },
	{ "nom,prenom,mail\na,b,c\n", "not a SIRENE stock file" },
	{ "", "empty file" },
	{ "siret,statutDiffusionEtablissement,etatAdministratifEtablissement\n", "no row to load" },
};

/* a refused file leaves the register loaded before */
static void
test_bad_header(void **state)
{
	struct altc *ctx = *state;
	char *e = write_file(ctx, "e.csv", etab_csv), *err = NULL;

	assert_int_equal(load(ctx, e, NULL, NULL, &err), 0);
	for (size_t i = 0; i < N(bad_headers); i++) {
		char *p = write_file(ctx, "bad.csv", bad_headers[i].csv);

		assert_int_equal(load(ctx, p, NULL, NULL, &err), -1);
		assert_non_null(strstr(err, bad_headers[i].error));
		FREE_AND_NULL(err);
		free(p);
	}
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sirene_establishments"), 5);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%%_load'"), 0);
	free(e);
}

/* a bad line in the middle is skipped and counted; a file of bad lines is refused */
static void
test_bad_lines(void **state)
{
	struct altc *ctx = *state;
	struct strbuf sb = STRBUF_INIT;
	struct sirene_file_stats st;
	char *p, *err = NULL;

	p = write_file(ctx, "e.csv",
	    "siret,statutDiffusionEtablissement,etatAdministratifEtablissement,libelleVoieEtablissement\n"
	    "73282932000074,O,A,DES ALPES\n"
	    "80754009100004,O,A\n"
	    "8075400910000X,O,A,RUE\n"
	    "80754009100004,O,Z,RUE\n"
	    "\n"
	    "95181909300018,O,A,DU LAC\n");
	assert_int_equal(load(ctx, p, NULL, &st, &err), 0);
	assert_int_equal(st.rows, 2);
	assert_int_equal(st.skipped, 3);
	assert_int_equal(st.bad_line[0], 2);
	assert_string_equal(st.bad_why[0], "3 fields where the header has 4");
	assert_string_equal(st.bad_why[1], "SIRET '8075400910000X' is not 14 digits");
	assert_string_equal(st.bad_why[2], "state 'Z' is not A or F");
	sirene_file_stats_release(&st);
	assert_int_equal(q_int(ctx, "SELECT skipped FROM sirene_loads"), 3);
	free(p);

	strbuf_addstr(&sb, "siret,statutDiffusionEtablissement,etatAdministratifEtablissement\n"
	    "73282932000074,O,A\n");
	for (int i = 0; i < 20; i++)
		strbuf_addstr(&sb, "123,O,A\n");
	p = write_file(ctx, "garbage.csv", sb.buf);
	assert_int_equal(load(ctx, p, NULL, NULL, &err), -1);
	assert_non_null(strstr(err, "20 bad lines of 21: not loaded"));
	free(err);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sirene_establishments"), 2);
	strbuf_release(&sb);
	free(p);
}

/* a second load replaces the first; two files of one kind add up */
static void
test_reload(void **state)
{
	struct altc *ctx = *state;
	char *e = write_file(ctx, "e.csv", etab_csv), *err = NULL;
	char *f = write_file(ctx, "f.csv", "siret,statutDiffusionEtablissement,"
	    "etatAdministratifEtablissement\n95181909300018,O,A\n");

	assert_int_equal(load(ctx, e, NULL, NULL, &err), 0);
	assert_int_equal(load(ctx, f, NULL, NULL, &err), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sirene_establishments"), 1);
	assert_int_equal(load(ctx, e, f, NULL, &err), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sirene_establishments"), 6);
	assert_int_equal(q_int(ctx, "SELECT rows FROM sirene_loads"), 6);
	free(e);
	free(f);
}

static const struct mail_form_field form[] = {
	{ "raison_sociale", "Alpes" }, { "siret", "SIRET" }, { "adresse", "4 av de Genève" },
	{ "code_postal", "74000" }, { "ville", "Annecy" }, { "nom", "Perrin" },
	{ "prenom", "Léa" },
};

static struct mail_answer answer;

/* inscription - the registration of siret by mail from sender; the result */
static enum input_result
inscription(struct altc *ctx, const char *sender, const char *siret)
{
	struct mail_form_field f[N(form)];
	struct mail_request r;
	char *reason = NULL;
	enum input_result res;

	memcpy(f, form, sizeof(f));
	f[1].value = (char *)siret;
	free(answer.detail);
	memset(&answer, 0, sizeof(answer));
	memset(&r, 0, sizeof(r));
	r.answer = &answer;
	r.route = "inscription";
	r.sender = sender;
	r.subject = "Inscription";
	r.locale = "fr";
	r.args = "";
	r.form = f;
	r.nform = N(f);
	assert_int_equal(db_begin(ctx->db), 0);
	res = company_mail_inscription(ctx, &r, &reason);
	assert_int_equal(db_commit(ctx->db), 0);
	free(reason);
	return res;
}

static void
test_registration(void **state)
{
	struct altc *ctx = *state;
	char *e = write_file(ctx, "e.csv", etab_csv), *u = write_file(ctx, "u.csv", units_csv);
	struct company_fields f;
	char *err = NULL, *s;
	int64_t id;

	/* without a register, the key alone decides */
	assert_int_equal(inscription(ctx, "a@x.example", "44306184100013"), INPUT_DONE);
	assert_int_equal(load(ctx, e, u, NULL, &err), 0);

	assert_int_equal(inscription(ctx, "b@x.example", "73282932000074"), INPUT_DONE);
	s = q_text(ctx, "SELECT name || '|' || address || '|' || postal_code || '|' || city"
	    " FROM companies WHERE siret = '73282932000074'");
	assert_string_equal(s, "ALPES CONSEIL, SARL|12 bis avenue des Alpes|74000|Annecy");
	free(s);
	s = q_text(ctx, "SELECT detail FROM audit WHERE event = 'sirene'");
	assert_non_null(strstr(s, "typed: name 'Alpes', address '4 av de Genève, 74000 Annecy'"));
	free(s);

	assert_int_equal(inscription(ctx, "c@x.example", "80754009100004"), INPUT_REJECTED);
	assert_non_null(strstr(answer.detail, "établissement fermé"));
	assert_int_equal(inscription(ctx, "c@x.example", "44306184100013"), INPUT_REJECTED);
	assert_non_null(strstr(answer.detail, "entreprise cessée"));
	assert_int_equal(inscription(ctx, "c@x.example", "12345678901237"), INPUT_REJECTED);
	assert_non_null(strstr(answer.detail, "SIRET inconnu du répertoire SIRENE"));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM users WHERE email = 'c@x.example'"), 0);

	/* not public: accepted with what was typed */
	assert_int_equal(inscription(ctx, "d@x.example", "35600000000001"), INPUT_DONE);
	s = q_text(ctx, "SELECT name || '|' || address FROM companies WHERE siret = '35600000000001'");
	assert_string_equal(s, "Alpes|4 av de Genève");
	free(s);

	/* staff: the same checks; an unknown SIRET only noted when so configured */
	company_fields_init(&f);
	(void)company_fields_set(&f, "raison_sociale", "Le pain");
	(void)company_fields_set(&f, "siret", "55210055400021");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(company_add(ctx, &f, NULL, &id, &err), ACT_OK);
	(void)company_fields_set(&f, "siret", "12345678901237");
	assert_int_equal(company_add(ctx, &f, NULL, &id, &err), ACT_EINPUT);
	assert_string_equal(err, "SIRET 12345678901237 is not in the SIRENE register");
	FREE_AND_NULL(err);
	assert_int_equal(config_set(ctx->cfg, "company.refuse_unknown_siret", "no", &err), 0);
	assert_int_equal(company_add(ctx, &f, NULL, &id, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	company_fields_release(&f);
	s = q_text(ctx, "SELECT name || '|' || address || '|' || city FROM companies"
	    " WHERE siret = '55210055400021'");
	assert_string_equal(s, "LE FOURNIL|1 rue du Pain|Lyon 1");
	free(s);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE event = 'sirene'"
	    " AND detail = 'SIRET not in the SIRENE register'"), 1);
	free(answer.detail);
	memset(&answer, 0, sizeof(answer));
	free(e);
	free(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_name),
		cmocka_unit_test_setup_teardown(test_load_and_lookup, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_semicolon_export, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_bad_header, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_bad_lines, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_reload, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_registration, test_demo_setup, test_demo_teardown),
	};

	log_init(1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
