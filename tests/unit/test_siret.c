/*
 * test_siret.c - SIRET normalisation and checks: Luhn over 14 digits, the La
 * Poste exception (digit sum divisible by 5), malformed input.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "siret.h"

static const struct {
	const char *in;
	int valid;
	const char *normalized;	/* NULL when not 14 digits */
} cases[] = {
	{ "80754009100004", 1, "80754009100004" },		/* BENOTTI SAS */
	{ "95181909300018", 1, "95181909300018" },		/* Genesii */
	{ "807 540 091 00004", 1, "80754009100004" },		/* spaces as printed */
	{ "807.540.091-00004", 1, "80754009100004" },
	{ "80754009100005", 0, "80754009100005" },		/* wrong key */
	{ "80754009100040", 0, "80754009100040" },		/* swapped digits */
	{ "35600000049837", 1, "35600000049837" },		/* La Poste: sum 45, Luhn fails */
	{ "35600000000048", 0, "35600000000048" },		/* La Poste: Luhn ok, sum 26 */
	{ "35600000000001", 1, "35600000000001" },		/* La Poste: sum 15, Luhn fails */
	{ "8075400910000", 0, NULL },				/* 13 digits */
	{ "807540091000040", 0, NULL },				/* 15 digits */
	{ "8075400910000A", 0, NULL },
	{ "", 0, NULL },
};

static void
test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[SIRET_BUFSZ], *err = NULL;
		int rc = siret_check(cases[i].in, &err);

		if (cases[i].valid) {
			assert_int_equal(rc, 0);
			assert_null(err);
		} else {
			assert_int_equal(rc, -1);
			assert_non_null(err);
			free(err);
		}
		if (cases[i].normalized) {
			assert_int_equal(siret_normalize(cases[i].in, out), 0);
			assert_string_equal(out, cases[i].normalized);
		} else {
			assert_int_equal(siret_normalize(cases[i].in, out), -1);
			assert_string_equal(out, "");
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
