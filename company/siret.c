/*
 * siret.c - SIRET validation.  The Luhn key covers the 14 digits; La Poste
 * numbers its many establishments past what the key allows, so INSEE checks
 * only that their digit sum is a multiple of 5.
 */
#include "compat.h"

#include "siret.h"
#include "util.h"

#define LA_POSTE_SIREN "356000000"

int
siret_normalize(const char *s, char out[SIRET_BUFSZ])
{
	size_t n = 0;

	out[0] = '\0';
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n == SIRET_LEN) {
				out[0] = '\0';
				return -1;
			}
			out[n++] = *s;
		} else if (*s != ' ' && *s != '.' && *s != '-' && *s != '\t') {
			out[0] = '\0';
			return -1;
		}
	}
	out[n] = '\0';
	if (n != SIRET_LEN) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* luhn_sum - Luhn sum of the digits, doubling every second digit from the right */
static int
luhn_sum(const char *d)
{
	int sum = 0;

	for (int i = 0; i < SIRET_LEN; i++) {
		int v = d[SIRET_LEN - 1 - i] - '0';

		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum;
}

static int
digit_sum(const char *d)
{
	int sum = 0;

	for (int i = 0; i < SIRET_LEN; i++)
		sum += d[i] - '0';
	return sum;
}

int
siret_check(const char *s, char **errstr_r)
{
	char d[SIRET_BUFSZ];

	if (siret_normalize(s, d) < 0) {
		*errstr_r = xasprintf("SIRET '%s' is not 14 digits", s);
		return -1;
	}
	if (strncmp(d, LA_POSTE_SIREN, 9) == 0) {
		if (digit_sum(d) % 5 != 0) {
			*errstr_r = xasprintf("SIRET '%s' of La Poste fails its check", d);
			return -1;
		}
		return 0;
	}
	if (luhn_sum(d) % 10 != 0) {
		*errstr_r = xasprintf("SIRET '%s' fails its check digit", d);
		return -1;
	}
	return 0;
}
