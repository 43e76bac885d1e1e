/*
 * siret.h - the French company identifier: 14 digits (SIREN 9 + NIC 5)
 * whose Luhn sum is a multiple of 10, except La Poste (SIREN 356000000)
 * whose establishments only have a digit sum divisible by 5.
 */
#ifndef ALTC_SIRET_H
#define ALTC_SIRET_H

#define SIRET_LEN 14
#define SIRET_BUFSZ (SIRET_LEN + 1)

/*
 * siret_normalize - copy the digits of s (spaces, dots and dashes allowed
 * between them) into out.  -1 when anything else is found or the count is
 * not 14; out is then an empty string.
 */
int siret_normalize(const char *s, char out[SIRET_BUFSZ]);

/* siret_check - 0 when s is a valid SIRET (after normalisation), else -1 with *errstr_r */
int siret_check(const char *s, char **errstr_r);

#endif
