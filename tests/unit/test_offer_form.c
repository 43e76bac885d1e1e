/*
 * test_offer_form.c - the offer form: every label and alias lands in its
 * field (after the pipeline's normalisation), "Label : value" parsing with
 * continued lists, the missing-field list, and offers in a CSV file.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "offer.h"
#include "util.h"

#define FIELD(m) offsetof(struct offer_fields, m)

/* label as typed -> field it fills */
static const struct {
	const char *label;
	size_t off;
} labels[] = {
	{ "Intitulé", FIELD(title) }, { "Intitule", FIELD(title) }, { "INTITULÉ", FIELD(title) },
	{ "Titre", FIELD(title) }, { "Title", FIELD(title) }, { "Job title", FIELD(title) },
	{ "Intitulé du poste", FIELD(title) },
	{ "Durée", FIELD(duration) }, { "Duration", FIELD(duration) },
	{ "Durée du contrat", FIELD(duration) },
	{ "Postes", FIELD(positions) }, { "Nombre de postes", FIELD(positions) },
	{ "Positions", FIELD(positions) },
	{ "Formations", FIELD(formations) }, { "Formation", FIELD(formations) },
	{ "Trainings", FIELD(formations) },
	{ "Compétences", FIELD(skills) }, { "Skills", FIELD(skills) },
	{ "Lieu", FIELD(location) }, { "Location", FIELD(location) },
	{ "Lieu de travail", FIELD(location) },
	{ "Type de contrat", FIELD(contract_type) }, { "Contrat", FIELD(contract_type) },
	{ "Contract type", FIELD(contract_type) },
	{ "Mobilité", FIELD(mobility) }, { "Mobility", FIELD(mobility) },
	{ "Langues", FIELD(languages) }, { "Languages", FIELD(languages) },
	{ "Secteur", FIELD(sector) }, { "Secteur d'activité", FIELD(sector) },
	{ "Ancienneté", FIELD(seniority) }, { "Seniority", FIELD(seniority) },
	{ "Missions", FIELD(missions) }, { "Activités", FIELD(missions) },
	{ "Descriptif", FIELD(description) }, { "Description", FIELD(description) },
	{ "Expiration", FIELD(expires) }, { "Date d'expiration", FIELD(expires) },
	{ "Handicap", FIELD(handicap) },
	{ "Candidature en un clic", FIELD(one_click) },
	{ "SIRET", FIELD(siret) }, { "N° SIRET", FIELD(siret) }, { "Numéro SIRET", FIELD(siret) },
};

static const char *
field_at(const struct offer_fields *f, size_t off)
{
	return *(char *const *)((const char *)f + off);
}

static void
test_labels(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		struct offer_fields f;
		char *key = offer_form_key(labels[i].label);

		offer_fields_init(&f);
		assert_int_equal(offer_fields_set(&f, key, "  valeur  "), 1);
		assert_non_null(field_at(&f, labels[i].off));
		assert_string_equal(field_at(&f, labels[i].off), "valeur");
		assert_int_equal(offer_fields_count(&f), 1);
		offer_fields_release(&f);
		free(key);
	}
}

static void
test_unknown_and_empty(void **state)
{
	struct offer_fields f;

	(void)state;
	offer_fields_init(&f);
	assert_int_equal(offer_fields_set(&f, "cordialement", "x"), 0);
	assert_int_equal(offer_fields_set(&f, "intitule", "   "), 1);
	assert_null(f.title);
	assert_int_equal(offer_fields_count(&f), 0);
	offer_fields_release(&f);
}

static void
test_parse(void **state)
{
	static const char text[] =
		"Bonjour,\n\nIntitulé : Assistant(e) RH\nDurée : 2 ans\n"
		"Type de contrat: apprentissage\nMissions :\n- Paie\n- Entretiens annuels\n\n"
		"Lieu : Poisy (74330)\nVu sur http://example.org/x\nCordialement,\n";
	struct offer_fields f;

	(void)state;
	offer_fields_init(&f);
	assert_int_equal(offer_fields_parse(&f, text), 5);
	assert_string_equal(f.title, "Assistant(e) RH");
	assert_string_equal(f.duration, "2 ans");
	assert_string_equal(f.contract_type, "apprentissage");
	assert_string_equal(f.missions, "- Paie\n- Entretiens annuels");
	assert_string_equal(f.location, "Poisy (74330)");
	offer_fields_release(&f);
	/* a blank line ends a list; a colon far in a sentence is no label */
	offer_fields_init(&f);
	assert_int_equal(offer_fields_parse(&f, "Missions :\n- Paie\n\n- signé : la direction\n"
	    "Nous recherchons une personne motivée pour notre équipe, lieu : Annecy\n"), 1);
	assert_string_equal(f.missions, "- Paie");
	assert_null(f.location);
	offer_fields_release(&f);
}

static const struct {
	const char *title, *duration, *location, *description, *missions;
	int pdf;
	const char *missing_fr;
} missing_cases[] = {
	{ "T", "2 ans", "Annecy", "D", NULL, 0, NULL },
	{ "T", "2 ans", "Annecy", NULL, "- a", 0, NULL },
	{ "T", "2 ans", "Annecy", NULL, NULL, 1, NULL },
	{ "T", "2 ans", "Annecy", NULL, NULL, 0, "Descriptif" },
	{ NULL, "2 ans", "Annecy", "D", NULL, 0, "Intitulé" },
	{ NULL, NULL, NULL, NULL, NULL, 0, "Intitulé, Durée, Lieu, Descriptif" },
	{ NULL, NULL, NULL, NULL, NULL, 1, "Intitulé, Durée, Lieu" },
};

static void
test_missing(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(missing_cases) / sizeof(missing_cases[0]); i++) {
		struct offer_fields f;
		char *m;

		offer_fields_init(&f);
		if (missing_cases[i].title) (void)offer_fields_set(&f, "intitule", missing_cases[i].title);
		if (missing_cases[i].duration) (void)offer_fields_set(&f, "duree", missing_cases[i].duration);
		if (missing_cases[i].location) (void)offer_fields_set(&f, "lieu", missing_cases[i].location);
		if (missing_cases[i].description)
			(void)offer_fields_set(&f, "descriptif", missing_cases[i].description);
		if (missing_cases[i].missions)
			(void)offer_fields_set(&f, "missions", missing_cases[i].missions);
		m = offer_fields_missing(&f, missing_cases[i].pdf, "fr");
		if (missing_cases[i].missing_fr) {
			assert_non_null(m);
			assert_string_equal(m, missing_cases[i].missing_fr);
		} else
			assert_null(m);
		free(m);
		offer_fields_release(&f);
	}
	/* English labels, and the blank form lists every field */
	{
		struct offer_fields f;
		char *m;

		offer_fields_init(&f);
		m = offer_fields_missing(&f, 0, "en");
		assert_string_equal(m, "Title, Duration, Location, Description");
		free(m);
		offer_fields_release(&f);
		assert_non_null(strstr(offer_form_blank("fr"), "Intitulé :\n"));
		assert_non_null(strstr(offer_form_blank("en"), "Contract type :\n"));
	}
	/* the form sent back with what was given, a list under its label */
	{
		struct offer_fields f;
		char *form;

		offer_fields_init(&f);
		(void)offer_fields_set(&f, "lieu", "Annecy");
		(void)offer_fields_set(&f, "missions", "- paie\n- SIRH");
		form = offer_form_filled(&f, "fr");
		assert_non_null(strstr(form, "\nLieu : Annecy\n"));
		assert_non_null(strstr(form, "\nMissions :\n- paie\n- SIRH\n"));
		assert_non_null(strstr(form, "\nDurée :\n"));
		assert_int_equal(strncmp(form, "Intitulé :\n", strlen("Intitulé :\n")), 0);
		free(form);
		offer_fields_release(&f);
	}
}

static void
test_csv(void **state)
{
	static const char csv[] =
		"\xef\xbb\xbfIntitulé;Durée;Lieu;Descriptif;Formations\r\n"
		"Comptable;2 ans;Annecy;\"Tenue; des comptes\";BUT3-GEA-GEMA\r\n"
		";;;;\r\n"
		"Commercial;1 an;Lyon;Vente;\r\n";
	static const char bad[] = "foo,bar\n1,2\n";
	struct offer_fields *rows = NULL;
	char *err = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(offer_csv_parse((const unsigned char *)csv, strlen(csv), &rows, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].title, "Comptable");
	assert_string_equal(rows[0].description, "Tenue; des comptes");
	assert_string_equal(rows[0].formations, "BUT3-GEA-GEMA");
	assert_string_equal(rows[1].location, "Lyon");
	assert_null(rows[1].formations);
	for (size_t i = 0; i < n; i++)
		offer_fields_release(&rows[i]);
	free(rows);
	assert_int_equal(offer_csv_parse((const unsigned char *)bad, strlen(bad), &rows, &n, &err), -1);
	assert_non_null(strstr(err, "header"));
	free(err);
	/* the separator is the one the header line uses most: two columns by a comma */
	{
		static const char two[] = "Intitulé,Lieu\nComptable,Annecy\n";

		assert_int_equal(offer_csv_parse((const unsigned char *)two, strlen(two), &rows, &n,
		    &err), 0);
		assert_int_equal(n, 1);
		assert_string_equal(rows[0].title, "Comptable");
		assert_string_equal(rows[0].location, "Annecy");
		offer_fields_release(&rows[0]);
		free(rows);
	}
}

static const struct {
	const char *args, *keywords, *place;
} splits[] = {
	{ "comptable", "comptable", NULL },
	{ "assistant RH à Annecy", "assistant RH", "Annecy" },
	{ "commercial a Lyon", "commercial", "Lyon" },
	{ "developer in Paris", "developer", "Paris" },
	{ "à Annecy", "à Annecy", NULL },
	{ "chargé de mission à la vente à Aix les Bains", "chargé de mission à la vente",
	    "Aix les Bains" },
};

static void
test_search_split(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		char *kw, *place;

		offer_search_split(splits[i].args, &kw, &place);
		assert_string_equal(kw, splits[i].keywords);
		if (splits[i].place) {
			assert_non_null(place);
			assert_string_equal(place, splits[i].place);
		} else
			assert_null(place);
		free(kw);
		free(place);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_unknown_and_empty),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_search_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
