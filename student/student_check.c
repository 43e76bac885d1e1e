/*
 * student_check.c - field checks shared by the import and the signup.  The
 * INE rules are those of the French national student identifier (RNIE,
 * BEA with its mod-23 key, apprentice numbers); dates are calendar-checked
 * by hand because strptime accepts 31/02.
 */
#include "compat.h"

#include <ctype.h>
#include <time.h>

#include "student_check.h"
#include "util.h"

static const char bea_keys[] = "ABCDEFGHJKLMNPRSTUVWXYZ";

/* match - s against a pattern of 'd' (digit), 'L' (upper letter), other = itself */
static int
match(const char *s, const char *pat)
{
	for (; *pat; s++, pat++) {
		if (*s == '\0')
			return 0;
		if (*pat == 'd' ? !isdigit((unsigned char)*s) :
		    *pat == 'L' ? !(*s >= 'A' && *s <= 'Z') : *s != *pat)
			return 0;
	}
	return *s == '\0';
}

enum ine_kind
ine_check(const char *s, char out[16])
{
	char c[16];
	size_t n = 0;
	unsigned long long num = 0;
	int i;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (n + 1 >= sizeof(c))
			return INE_INVALID;
		c[n++] = (char)toupper((unsigned char)*s);
	}
	c[n] = '\0';
	if (match(c, "ddddddddddL")) {
		for (i = 0; i < 10; i++)
			num = num * 10 + (unsigned)(c[i] - '0');
		if (bea_keys[num % 23] != c[10])
			return INE_INVALID;
		(void)xstrlcpy(out, c, 16);
		return INE_BEA;
	}
	if (match(c, "dddddddddLL")) {
		(void)xstrlcpy(out, c, 16);
		return INE_RNIE;
	}
	if (match(c, "ddddAdddddL")) {
		(void)xstrlcpy(out, c, 16);
		return INE_APPRENTI;
	}
	return INE_INVALID;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* digits - parse 1..maxn digits at *p; -1 when none */
static int
digits(const char **p, int minn, int maxn)
{
	int v = 0, n = 0;

	while (isdigit((unsigned char)**p) && n < maxn) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= minn ? v : -1;
}

int
date_parse_fr(const char *s, char iso[11])
{
	const char *p = s;
	int d, m, y;

	while (*p == ' ')
		p++;
	if ((d = digits(&p, 1, 2)) < 0 || *p++ != '/' ||
	    (m = digits(&p, 1, 2)) < 0 || *p++ != '/' ||
	    (y = digits(&p, 4, 4)) < 0)
		return -1;
	while (*p == ' ')
		p++;
	if (*p != '\0' || y < 1900 || y > 2100 || m < 1 || m > 12 ||
	    d < 1 || d > days_in_month(y, m))
		return -1;
	return xsnprintf(iso, 11, "%04d-%02d-%02d", y, m, d) < 0 ? -1 : 0;
}

int
age_on(const char iso[11], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int y, m, d, age;

	if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || gmtime_r(&tt, &tm) == NULL)
		return -1;
	age = tm.tm_year + 1900 - y;
	if (tm.tm_mon + 1 < m || (tm.tm_mon + 1 == m && tm.tm_mday < d))
		age--;
	return age;
}

int
phone_normalise_fr(const char *s, char out[15])
{
	char all[24], d[11];
	size_t n = 0, skip = 0;
	const char *p = s;
	int intl;

	while (*p == ' ')
		p++;
	intl = *p == '+';
	if (intl)
		p++;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof(all))
				return -1;
			all[n++] = *p;
		} else if (!strchr(" .-/()", *p))
			return -1;
	}
	all[n] = '\0';
	if (intl || (n > 4 && memcmp(all, "0033", 4) == 0)) {
		/* +33 6..., +33 (0)6..., 0033 6... */
		skip = intl ? 2 : 4;
		if (n < skip || memcmp(all + skip - 2, "33", 2) != 0)
			return -1;
		if (all[skip] == '0')
			skip++;
		if (n - skip != 9)
			return -1;
		d[0] = '0';
		memcpy(d + 1, all + skip, 9);
	} else {
		if (n != 10)
			return -1;
		memcpy(d, all, 10);
	}
	d[10] = '\0';
	if (d[0] != '0' || d[1] == '0')
		return -1;
	(void)xsnprintf(out, 15, "%.2s %.2s %.2s %.2s %.2s", d, d + 2, d + 4, d + 6, d + 8);
	return d[1] == '6' || d[1] == '7' ? PHONE_MOBILE : PHONE_FIXED;
}
