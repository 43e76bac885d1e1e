/*
 * student_check.h - validation of the personal fields a student gives, shared
 * by the import (batch/) and the signup (link page and reply mail): INE
 * formats and keys, French dates, e-mail addresses, French phone numbers.
 * Pure functions: no database, no allocation except where stated.
 */
#ifndef ALTC_STUDENT_CHECK_H
#define ALTC_STUDENT_CHECK_H

#include <stddef.h>
#include <stdint.h>

enum ine_kind {
	INE_INVALID = 0,
	INE_RNIE,	/* \d{9}[A-Z]{2} */
	INE_BEA,	/* \d{10}[A-Z], key = table[first ten digits mod 23] */
	INE_APPRENTI,	/* \d{4}A\d{5}[A-Z] */
};

/*
 * ine_check - classify an INE (spaces ignored, letters folded to upper case)
 * and write its canonical form into out (16 bytes) when valid.
 */
enum ine_kind ine_check(const char *s, char out[16]);

/*
 * date_parse_fr - "dd/mm/yyyy" (one-digit day or month accepted) into ISO
 * "yyyy-mm-dd" (11 bytes).  -1 for anything else, including 31/02/2004.
 */
int date_parse_fr(const char *s, char iso[11]);

/* age_on - full years between ISO birth date and the UTC day of epoch t */
int age_on(const char iso[11], int64_t t);

enum phone_kind { PHONE_MOBILE = 1, PHONE_FIXED = 2 };

/*
 * phone_normalise_fr - a French number ("06 29 11 80 77", "+33629118077",
 * "06.29.11.80.77") into "06 29 11 80 77" (15 bytes).  Returns its kind
 * (mobile 06/07, fixed 01-05/08/09) or -1 when it is not a French number.
 */
int phone_normalise_fr(const char *s, char out[15]);

#endif
