/*
 * test_student_check.c - INE formats and keys, French dates, ages and phone
 * numbers, table-driven.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "student_check.h"

static void
test_ine(void **state)
{
	static const struct { const char *in; enum ine_kind kind; const char *canon; } cases[] = {
		{ "0494004062M", INE_BEA, "0494004062M" },	/* the documented example */
		{ "0494004062m", INE_BEA, "0494004062M" },
		{ "04940 04062M", INE_BEA, "0494004062M" },
		{ "0494004062A", INE_INVALID, NULL },		/* wrong key */
		{ "7842593016M", INE_INVALID, NULL },		/* 7842593016 mod 23 = 1 -> B */
		{ "7842593016B", INE_BEA, "7842593016B" },
		{ "0000000000A", INE_BEA, "0000000000A" },
		{ "0000000022Z", INE_BEA, "0000000022Z" },	/* 22 -> last letter */
		{ "338600940AA", INE_RNIE, "338600940AA" },
		{ "123456789ab", INE_RNIE, "123456789AB" },
		{ "1234A12345B", INE_APPRENTI, "1234A12345B" },
		{ "1234B12345B", INE_INVALID, NULL },
		{ "12345678AB", INE_INVALID, NULL },
		{ "123456789ABC", INE_INVALID, NULL },
		{ "", INE_INVALID, NULL },
		{ "12345678901", INE_INVALID, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char out[16] = "";
		enum ine_kind k = ine_check(cases[i].in, out);

		if (k != cases[i].kind)
			fail_msg("ine_check('%s') = %d, want %d", cases[i].in, k, cases[i].kind);
		if (cases[i].canon)
			assert_string_equal(out, cases[i].canon);
	}
}

static void
test_dates(void **state)
{
	static const struct { const char *in; const char *iso; } cases[] = {
		{ "17/08/2006", "2006-08-17" }, { "1/2/2003", "2003-02-01" },
		{ "29/02/2004", "2004-02-29" }, { "29/02/2000", "2000-02-29" },
		{ " 05/06/2004 ", "2004-06-05" },
		{ "29/02/2003", NULL }, { "29/02/1900", NULL }, { "31/02/2004", NULL },
		{ "31/04/2004", NULL }, { "00/01/2004", NULL }, { "01/13/2004", NULL },
		{ "2004-06-05", NULL }, { "05/06/04", NULL }, { "05/06/2004x", NULL },
		{ "", NULL }, { "hier", NULL }, { "01/01/1850", NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char iso[11] = "";
		int rc = date_parse_fr(cases[i].in, iso);

		if (cases[i].iso == NULL && rc != -1)
			fail_msg("date '%s' accepted as %s", cases[i].in, iso);
		if (cases[i].iso) {
			if (rc != 0)
				fail_msg("date '%s' refused", cases[i].in);
			assert_string_equal(iso, cases[i].iso);
		}
	}
}

static void
test_age(void **state)
{
	/* 2026-11-23 12:00:00 UTC */
	const int64_t t = 1795435200;

	(void)state;
	assert_int_equal(age_on("2008-11-23", t), 18);
	assert_int_equal(age_on("2008-11-24", t), 17);
	assert_int_equal(age_on("2000-01-01", t), 26);
	assert_int_equal(age_on("2010-12-31", t), 15);
}

static void
test_phones(void **state)
{
	static const struct { const char *in; int kind; const char *out; } cases[] = {
		{ "06 29 11 80 77", PHONE_MOBILE, "06 29 11 80 77" },
		{ "0629118077", PHONE_MOBILE, "06 29 11 80 77" },
		{ "07.12.34.56.78", PHONE_MOBILE, "07 12 34 56 78" },
		{ "+33 6 29 11 80 77", PHONE_MOBILE, "06 29 11 80 77" },
		{ "+33 (0)6 29 11 80 77", PHONE_MOBILE, "06 29 11 80 77" },
		{ "0033629118077", PHONE_MOBILE, "06 29 11 80 77" },
		{ "04 50 12 34 56", PHONE_FIXED, "04 50 12 34 56" },
		{ "09-50-12-34-56", PHONE_FIXED, "09 50 12 34 56" },
		{ "0612", -1, NULL }, { "00 12 34 56 78", -1, NULL },
		{ "06 12 34 56 78 9", -1, NULL }, { "06 12 ab 56 78", -1, NULL }, { "", -1, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char out[15] = "";
		int k = phone_normalise_fr(cases[i].in, out);

		if (k != cases[i].kind)
			fail_msg("phone '%s' = %d, want %d", cases[i].in, k, cases[i].kind);
		if (cases[i].out)
			assert_string_equal(out, cases[i].out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ine),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_phones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
