/*
 * test_offer_search.c - CHERCHER: the offers of the student's formations
 * that match, best first (a word in the title outranks the same word in the
 * description), accents and case ignored, the place as a filter, pending
 * offers apart, and user text that cannot break the MATCH syntax.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "offer.h"
#include "strbuf.h"
#include "table.h"
#include "test_offer_util.h"

/* the offers of the fixture: title, description, location, formations, state */
static const struct {
	const char *title, *description, *location, *formations, *state;
} offers[] = {
	/* 1 */ { "Comptable", "Tenue des comptes clients", "Annecy", "BUT3-GEA-GPRH", "published" },
	/* 2 */ { "Assistant RH", "Aide au service comptable et paie", "Annecy", "BUT3-GEA-GPRH",
	    "published" },
	/* 3 */ { "Assistante de gestion en comptabilité", "Saisie", "Lyon", "BUT3-GEA-GPRH",
	    "published" },
	/* 4 */ { "Comptable junior", "Bilans", "Annecy", "BUT3-TC-MDEE", "published" },
	/* 5 */ { "Comptable fournisseurs", "Factures", "Chambéry", "BUT3-GEA-GPRH", "pending" },
	/* 6 */ { "Commercial", "Vente", "Annecy", "", "published" },
	/* 7 */ { "Comptable (retirée)", "x", "Annecy", "BUT3-GEA-GPRH", "withdrawn" },
};

static int
setup(void **state)
{
	struct altc *ctx;

	test_demo_setup(state);
	ctx = *state;
	for (size_t i = 0; i < sizeof(offers) / sizeof(offers[0]); i++) {
		struct offer_fields f;
		char *err = NULL, *sql;
		int64_t id;

		offer_fields_init(&f);
		(void)offer_fields_set(&f, "intitule", offers[i].title);
		(void)offer_fields_set(&f, "descriptif", offers[i].description);
		(void)offer_fields_set(&f, "lieu", offers[i].location);
		(void)offer_fields_set(&f, "duree", "1 an");
		(void)offer_fields_set(&f, "formations", offers[i].formations);
		if (offer_create(ctx, &f, 1, 0, 0, &id, &err) != ACT_OK)
			fatalx("offer: %s", err);
		offer_fields_release(&f);
		sql = sqlite3_mprintf("UPDATE offers SET state = %Q WHERE id = %lld;"
		    "UPDATE offer_formations SET state = 'validated' WHERE offer_id = %lld AND %Q <> 'pending'",
		    offers[i].state, (long long)id, (long long)id, offers[i].state);
		if (db_exec(ctx->db, sql, &err) < 0)
			fatalx("%s", err);
		sqlite3_free(sql);
	}
	*state = ctx;
	return 0;
}

static const struct {
	const char *student, *keywords, *place;
	const char *published, *others;	/* expected ids, best first */
} cases[] = {
	/* title before description; another formation's offer (4) and the withdrawn one excluded */
	{ "alice@etu.example", "comptable", NULL, "1,3,2", "5" },
	/* long words match on their first six letters, accents and case ignored */
	{ "alice@etu.example", "COMPTAB", NULL, "1,3,2", "5" },
	{ "alice@etu.example", "comptabilité", NULL, "1,3,2", "5" },
	{ "alice@etu.example", "assistante", NULL, "2,3", "" },
	/* short words match whole */
	{ "alice@etu.example", "compt", NULL, "", "" },
	/* the place filters on the location */
	{ "alice@etu.example", "comptable", "Annecy", "1,2", "" },
	{ "alice@etu.example", "comptable", "chambery", "", "5" },
	/* several words: all of them */
	{ "alice@etu.example", "comptable paie", NULL, "2", "" },
	/* an offer that targets no formation is for every student */
	{ "carol@etu.example", "commercial", NULL, "6", "" },
	{ "carol@etu.example", "comptable", NULL, "4", "" },
	/* MATCH syntax in user text is just words */
	{ "alice@etu.example", "\"comptable\" OR NEAR(x* ^", NULL, "", "" },
	{ "alice@etu.example", "comptable)", NULL, "1,3,2", "5" },
};

static char *
ids(const struct offer_hits *h)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < h->n; i++)
		strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)h->v[i].id);
	return strbuf_detach(&sb, NULL);
}

static void
test_search(void **state)
{
	struct altc *ctx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct offer_hits pub, other;
		char *err = NULL, *got;

		assert_int_equal(offer_search(ctx, uid(ctx, cases[i].student), cases[i].keywords,
		    cases[i].place, 10, &pub, &other, &err), ACT_OK);
		got = ids(&pub);
		if (strcmp(got, cases[i].published) != 0)
			fail_msg("case %zu: published %s, expected %s", i, got, cases[i].published);
		free(got);
		got = ids(&other);
		if (strcmp(got, cases[i].others) != 0)
			fail_msg("case %zu: others %s, expected %s", i, got, cases[i].others);
		free(got);
		offer_hits_release(&pub);
		offer_hits_release(&other);
	}
}

static void
test_refused(void **state)
{
	struct altc *ctx = *state;
	struct offer_hits pub, other;
	char *err = NULL;

	/* nothing to search for */
	assert_int_equal(offer_search(ctx, uid(ctx, "alice@etu.example"), "de la", NULL, 10, &pub,
	    &other, &err), ACT_EINPUT);
	free(err);
	err = NULL;
	/* only students search */
	assert_int_equal(offer_search(ctx, uid(ctx, "rh@benotti.example"), "comptable", NULL, 10,
	    &pub, &other, &err), ACT_EDENIED);
	free(err);
	/* the limit holds */
	assert_int_equal(offer_search(ctx, uid(ctx, "alice@etu.example"), "comptable", NULL, 1,
	    &pub, &other, &err), ACT_OK);
	assert_int_equal(pub.n, 1);
	assert_int_equal(pub.v[0].id, 1);
	assert_string_equal(pub.v[0].company, "BENOTTI SAS");
	offer_hits_release(&pub);
	offer_hits_release(&other);
}

static void
test_index_follows_edits(void **state)
{
	struct altc *ctx = *state;
	struct offer_hits pub, other;
	struct offer_fields f;
	char *err = NULL;

	offer_fields_init(&f);
	(void)offer_fields_set(&f, "intitule", "Contrôleur de gestion");
	assert_int_equal(offer_edit(ctx, 1, &f, 0, 0, &err), ACT_OK);
	offer_fields_release(&f);
	/* back to pending after the edit, found under its new title only */
	assert_int_equal(offer_search(ctx, uid(ctx, "alice@etu.example"), "controleur", NULL, 10,
	    &pub, &other, &err), ACT_OK);
	assert_int_equal(pub.n, 0);
	assert_int_equal(other.n, 1);
	assert_int_equal(other.v[0].id, 1);
	offer_hits_release(&pub);
	offer_hits_release(&other);
	assert_int_equal(offer_search(ctx, uid(ctx, "alice@etu.example"), "comptable", NULL, 10,
	    &pub, &other, &err), ACT_OK);
	/* 1 is no longer found under its old title */
	assert_int_equal(pub.n, 2);
	assert_int_equal(pub.v[0].id, 3);
	assert_int_equal(pub.v[1].id, 2);
	offer_hits_release(&pub);
	offer_hits_release(&other);
}

/* "mots-clés à lieu": the last separator splits the place off */
static const struct {
	const char *args, *keywords, *place;	/* place NULL: none */
} splits[] = {
	{ "comptable à Annecy", "comptable", "Annecy" },
	{ "stage à la mer à Annecy", "stage à la mer", "Annecy" },
	{ "assistant a Lyon", "assistant", "Lyon" },
	{ "accountant in Lyon", "accountant", "Lyon" },
	{ "comptable", "comptable", NULL },
	{ "comptable à ", "comptable", NULL },
};

static void
test_split(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		char *kw, *place;

		offer_search_split(splits[i].args, &kw, &place);
		if (strcmp(kw, splits[i].keywords) != 0)
			fail_msg("case %zu: keywords '%s'", i, kw);
		if (splits[i].place == NULL ? place != NULL :
		    place == NULL || strcmp(place, splits[i].place) != 0)
			fail_msg("case %zu: place '%s'", i, place ? place : "(none)");
		free(kw);
		free(place);
	}
}

/* table_csv - t printed as CSV (freed), or NULL */
static char *
table_csv(struct table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if (t == NULL)
		return NULL;
	fp = open_memstream(&buf, &len);
	table_print(t, TABLE_CSV, fp);
	fclose(fp);
	table_free(&t);
	return buf;
}

/* the staff's lists: every offer of a state or a formation, one offer in full */
static void
test_tables(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL, *s;

	s = table_csv(offer_list_table(ctx, "pending", NULL, NULL, &err));
	assert_non_null(s);
	assert_non_null(strstr(s, "\n\"5\";\"pending\";\"Comptable fournisseurs\";\"BENOTTI SAS\";"
	    "\"80754009100004\";\"BUT3-GEA-GPRH:pending\";\"Chambéry\";"));
	assert_null(strstr(s, "\n\"1\";"));
	free(s);
	s = table_csv(offer_list_table(ctx, NULL, "but3-tc-mdee", NULL, &err));
	assert_non_null(s);
	assert_non_null(strstr(s, "\n\"4\";\"published\";\"Comptable junior\";"));
	assert_null(strstr(s, "\n\"1\";"));
	free(s);
	/* nothing matches: the header alone */
	s = table_csv(offer_list_table(ctx, "archived", NULL, NULL, &err));
	assert_non_null(s);
	assert_string_equal(s, "\"id\";\"state\";\"title\";\"company\";\"siret\";"
	    "\"formations\";\"location\";\"expires\"\r\n");
	free(s);
	s = table_csv(offer_show_table(ctx, 2, &err));
	assert_non_null(s);
	assert_non_null(strstr(s, "\n\"2\";\"published\";\"Assistant RH\";\"BENOTTI SAS\";"
	    "\"80754009100004\";\"1 an\";\"1\";\"Annecy\";"));
	free(s);
	assert_null(offer_show_table(ctx, 999, &err));
	assert_string_equal(err, "no offer 999");
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_edits, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_tables, setup, test_demo_teardown),
		cmocka_unit_test(test_split),
	};

	log_init(1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
