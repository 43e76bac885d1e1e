/*
 * fuzz_date.c - libFuzzer harness of the parsers of what people type in
 * forms and CSV cells: dates (dd/mm/yyyy, then the age on a fixed day),
 * INE numbers with their keys, and French phone numbers.  A date that
 * parses must come back as a valid ISO date.
 */
#include "compat.h"

#include "student_check.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1), iso[11], ine[16], phone[15];

	memcpy(s, data, size);
	s[size] = '\0';
	if (date_parse_fr(s, iso) == 0) {
		int y, m, d;

		if (strlen(iso) != 10 || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
		    m < 1 || m > 12 || d < 1 || d > 31)
			abort();
		(void)age_on(iso, 1767225600);	/* 2026-01-01 */
	}
	(void)ine_check(s, ine);
	(void)phone_normalise_fr(s, phone);
	free(s);
	return 0;
}
