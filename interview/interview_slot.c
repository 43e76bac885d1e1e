/*
 * interview_slot.c - one interview slot from one typed line.  A cursor walks
 * the line: optional "le" and weekday, a date (numeric, ISO, or day and
 * month name, the year and even the month optional), a start time ("10h30",
 * "10 h 30", "10:30", "midi"), an optional end, then what is left: a
 * duration ("(45 min)", "durée 1h") and the place or video link, kept as
 * written.  Local time goes through mktime() twice (summer and winter) so
 * a time skipped when clocks go forward is refused rather than moved, and
 * a repeated one takes its first (summer) occurrence.
 */
#include "compat.h"

#include <ctype.h>
#include <time.h>

#include "interview_slot.h"
#include "strbuf.h"
#include "util.h"

static const char *const months[][3] = {
	{ "jan", "janvier", "January" }, { "fe", "février", "February" },
	{ "mar", "mars", "March" }, { "av", "avril", "April" }, { "mai", "mai", "May" },
	{ "juin", "juin", "June" }, { "juil", "juillet", "July" }, { "ao", "août", "August" },
	{ "sep", "septembre", "September" }, { "oct", "octobre", "October" },
	{ "nov", "novembre", "November" }, { "de", "décembre", "December" },
};
/* English stems that the French ones miss */
static const char *const months_en[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul",
	"aug", "sep", "oct", "nov", "dec" };
static const char *const wdays[][3] = {
	{ "dim", "dimanche", "Sunday" }, { "lun", "lundi", "Monday" }, { "mar", "mardi", "Tuesday" },
	{ "mer", "mercredi", "Wednesday" }, { "jeu", "jeudi", "Thursday" },
	{ "ven", "vendredi", "Friday" }, { "sam", "samedi", "Saturday" },
};
static const char *const wdays_en[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* fold_word - the word at p, lower-case ASCII without accents, in buf; its length in bytes */
static size_t
fold_word(const char *p, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, n = 0;

	while (s[i] && (isalpha(s[i]) || s[i] >= 0x80)) {
		char c = 0;

		if (s[i] == 0xc3 && s[i + 1] >= 0x80) {
			unsigned char b = s[i + 1] | 0x20;

			c = b >= 0xa0 && b <= 0xa5 ? 'a' : b == 0xa7 ? 'c' : b >= 0xa8 && b <= 0xab ?
			    'e' : b >= 0xac && b <= 0xaf ? 'i' : b >= 0xb2 && b <= 0xb6 ? 'o' :
			    b >= 0xb9 && b <= 0xbc ? 'u' : 0;
			i += 2;
		} else if (s[i] >= 0x80) {
			i++;
		} else
			c = (char)tolower(s[i++]);
		if (c && n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = '\0';
	return i;
}

static const char *
skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || (unsigned char)*p == 0xa0 ||
	    ((unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0))
		p += (unsigned char)*p == 0xc2 ? 2 : 1;
	return p;
}

/* digits - up to max digits at p into *v; how many were read */
static int
digits(const char **pp, int max, int *v)
{
	const char *p = *pp;
	int n = 0;

	*v = 0;
	while (n < max && isdigit((unsigned char)*p)) {
		*v = *v * 10 + (*p++ - '0');
		n++;
	}
	if (n > 0 && !isdigit((unsigned char)*p))
		*pp = p;
	else
		n = 0;
	return n;
}

static int
month_of(const char *w)
{
	size_t len = strlen(w);

	if (len < 3 && strcmp(w, "ao") != 0)
		return 0;
	for (int i = 0; i < 12; i++) {
		const char *stem = months[i][0];

		if ((strncmp(w, stem, strlen(stem)) == 0 && (i != 2 || strncmp(w, "mars", 4) == 0 ||
		    strcmp(w, "mar") == 0 || strncmp(w, "march", 5) == 0)) ||
		    (len >= 3 && strncmp(w, months_en[i], 3) == 0))
			return i + 1;
	}
	return 0;
}

static int
wday_of(const char *w)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(w, wdays[i][1]) == 0 || strcmp(w, wdays[i][0]) == 0 ||
		    (strlen(w) >= 3 && strncmp(w, wdays_en[i], 3) == 0))
			return i;
	return -1;
}

/* parse_time - "10h30", "10 h", "10:30", "midi"; minutes since midnight or -1 */
static int
parse_time(const char **pp)
{
	const char *p = skip_space(*pp);
	char w[16];
	int h, m = 0;

	if (isalpha((unsigned char)*p)) {
		size_t n = fold_word(p, w, sizeof(w));

		if (strcmp(w, "midi") == 0 || strcmp(w, "noon") == 0) {
			*pp = p + n;
			return 12 * 60;
		}
		return -1;
	}
	if (digits(&p, 2, &h) == 0 || h > 23)
		return -1;
	p = skip_space(p);
	if (*p != 'h' && *p != 'H' && *p != ':')
		return -1;
	p = skip_space(p + 1);
	if (isdigit((unsigned char)*p) && (digits(&p, 2, &m) != 2 || m > 59))
		return -1;
	if (isalpha((unsigned char)*p) && tolower((unsigned char)*p) != 'h')
		return -1;	/* "1 hour", "10 heures" are not times we know */
	*pp = p;
	return h * 60 + m;
}

/* parse_minutes - "45 min", "1h30", "1 h" -> minutes, or -1 */
static int
parse_minutes(const char **pp, int need_unit)
{
	const char *p = skip_space(*pp);
	char w[16];
	int a, b = 0;

	if (digits(&p, 3, &a) == 0)
		return -1;
	p = skip_space(p);
	fold_word(p, w, sizeof(w));
	if (strncmp(w, "min", 3) == 0 || strcmp(w, "mn") == 0) {
		*pp = p + fold_word(p, w, sizeof(w));
		return a;
	}
	if (w[0] == 'h' && (w[1] == '\0' || strncmp(w, "heure", 5) == 0 || strncmp(w, "hour", 4) == 0)) {
		p = skip_space(p + fold_word(p, w, sizeof(w)));
		if (isdigit((unsigned char)*p) && digits(&p, 2, &b) == 0)
			return -1;
		*pp = p;
		return a * 60 + b;
	}
	if (need_unit)
		return -1;
	*pp = p;
	return a;
}

/* local_epoch - y-m-d H:M local as epoch; -1 when the date does not exist, -2 when the time does not */
static int
local_epoch(int y, int mon, int d, int minutes, int64_t *t_r)
{
	int ok[2] = { 0, 0 };
	time_t t[2];

	for (int dst = 1; dst >= 0; dst--) {
		struct tm tm = { 0 }, back;

		tm.tm_year = y - 1900;
		tm.tm_mon = mon - 1;
		tm.tm_mday = d;
		tm.tm_hour = minutes / 60;
		tm.tm_min = minutes % 60;
		tm.tm_isdst = dst;
		if ((t[dst] = mktime(&tm)) == (time_t)-1)
			continue;
		localtime_r(&t[dst], &back);
		if (back.tm_year == y - 1900 && back.tm_mon == mon - 1 && back.tm_mday == d &&
		    back.tm_hour == minutes / 60 && back.tm_min == minutes % 60)
			ok[dst] = 1;
	}
	if (ok[1] || ok[0]) {
		*t_r = ok[1] ? t[1] : t[0];
		return 0;
	}
	{
		/* the day exists at noon: the hour was skipped by the change of offset */
		struct tm tm = { 0 }, back;
		time_t n;

		tm.tm_year = y - 1900;
		tm.tm_mon = mon - 1;
		tm.tm_mday = d;
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		n = mktime(&tm);
		localtime_r(&n, &back);
		return back.tm_mday == d && back.tm_mon == mon - 1 ? -2 : -1;
	}
}

static int fail(char **errstr_r, const char *fmt, const char *line)
    __attribute__((format(printf, 2, 0)));

static int
fail(char **errstr_r, const char *fmt, const char *line)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	*errstr_r = xasprintf(fmt, line);
#pragma GCC diagnostic pop
	return -1;
}

/* rest - the duration and the place in what follows the time */
static int
rest(const char *p, int *minutes_r, char **location_r)
{
	struct strbuf place = STRBUF_INIT;
	char w[24];

	while (*p) {
		const char *q = skip_space(p), *word = q;
		int m;

		if (*q == '(') {
			const char *r = q + 1;
			char kw[16];

			r = skip_space(r);
			r += fold_word(r, kw, sizeof(kw));
			if (strcmp(kw, "duree") != 0)
				r = q + 1;
			if ((m = parse_minutes(&r, 0)) > 0 && *(r = skip_space(r)) == ')') {
				*minutes_r = m;
				p = r + 1;
				continue;
			}
		}
		if (isalpha((unsigned char)*q) || (unsigned char)*q >= 0x80) {
			size_t n = fold_word(q, w, sizeof(w));
			const char *r = skip_space(q + n);

			if (strcmp(w, "duree") == 0 || strcmp(w, "pendant") == 0 ||
			    strcmp(w, "duration") == 0) {
				if (*r == ':')
					r++;
				if ((m = parse_minutes(&r, 0)) > 0) {
					*minutes_r = m;
					p = r;
					continue;
				}
			}
		}
		if (isdigit((unsigned char)*q) && (p == q || q[-1] == ' ')) {
			const char *r = q;

			if ((m = parse_minutes(&r, 1)) > 0 && (*r == '\0' || !isalnum((unsigned char)*r))) {
				*minutes_r = m;
				p = r;
				continue;
			}
		}
		/* not a duration: one character of the place, as written */
		(void)word;
		strbuf_addch(&place, *p++);
	}
	{
		char *s = strbuf_detach(&place, NULL), *b = s, *e;

		for (;;) {
			char kw[16];
			size_t n;

			while (*b && strchr(" ,;:-", *b))
				b++;
			if (strncmp(b, "\xe2\x80\x93", 3) == 0 || strncmp(b, "\xe2\x80\x94", 3) == 0) {
				b += 3;
				continue;
			}
			n = fold_word(b, kw, sizeof(kw));
			if (n > 0 && (strcmp(kw, "lieu") == 0 || strcmp(kw, "place") == 0 ||
			    strcmp(kw, "location") == 0 || strcmp(kw, "visio") == 0) &&
			    *skip_space(b + n) == ':') {
				b = (char *)skip_space(b + n) + 1;
				continue;
			}
			break;
		}
		e = b + strlen(b);
		while (e > b && strchr(" ,;:-(", e[-1]))
			e--;
		*e = '\0';
		*location_r = *b ? xstrdup(b) : NULL;
		free(s);
	}
	return 0;
}

int
interview_slot_parse(const char *line, int64_t now, struct interview_slot *slot, char **errstr_r)
{
	const char *p = line;
	int wday = -1, y = 0, mon = 0, d = 0, start, end = -1, minutes = SLOT_DEFAULT_MINUTES, rc;
	int y2 = 0, ylen;
	int64_t t, te;
	char w[24];
	char *location = NULL;

	/* "le", "the", a weekday */
	for (;;) {
		size_t n;

		p = skip_space(p);
		n = fold_word(p, w, sizeof(w));
		if (n == 0)
			break;
		if (strcmp(w, "le") == 0 || strcmp(w, "the") == 0 || strcmp(w, "on") == 0)
			p += n;
		else if (wday < 0 && (wday = wday_of(w)) >= 0)
			p += n + (p[n] == '.');
		else
			break;
		while (*p == ',' || *p == ' ')
			p++;
	}
	/* the date */
	if (!isdigit((unsigned char)*p))
		return fail(errstr_r, "unreadable slot '%s': no date", line);
	{
		const char *q = p;
		int a, la = digits(&q, 4, &a);

		if (la == 4 && *q == '-') {
			q++;
			if (digits(&q, 2, &mon) == 0 || *q++ != '-' || digits(&q, 2, &d) == 0)
				return fail(errstr_r, "unreadable slot '%s': no date", line);
			y = a;
		} else if (la <= 2 && (*q == '/' || *q == '.' || *q == '-') &&
		    isdigit((unsigned char)q[1])) {
			char sep = *q++;

			d = a;
			if (digits(&q, 2, &mon) == 0)
				return fail(errstr_r, "unreadable slot '%s': no date", line);
			if (*q == sep && isdigit((unsigned char)q[1])) {
				q++;
				if ((ylen = digits(&q, 4, &y2)) != 2 && ylen != 4)
					return fail(errstr_r, "unreadable slot '%s': no date", line);
				y = ylen == 2 ? 2000 + y2 : y2;
			}
		} else if (la <= 2) {
			const char *r = skip_space(q);
			size_t n;

			if (*r == 'h' || *r == 'H' || *r == ':')
				return fail(errstr_r, "unreadable slot '%s': no date", line);
			d = a;
			n = fold_word(r, w, sizeof(w));
			if (r == q && (strcmp(w, "er") == 0 || strcmp(w, "st") == 0 ||
			    strcmp(w, "nd") == 0 || strcmp(w, "rd") == 0 || strcmp(w, "th") == 0)) {
				q = r + n;	/* "1er", "2nd" */
				r = skip_space(q);
				n = fold_word(r, w, sizeof(w));
			}
			if (n > 0 && (mon = month_of(w)) > 0) {
				q = r + n;
				if (*q == '.')
					q++;
				r = skip_space(q);
				{
					const char *s = r;

					if (digits(&s, 4, &y2) == 4 && *skip_space(s) != 'h' &&
					    *skip_space(s) != ':') {
						y = y2;
						q = s;
					}
				}
			}
		} else
			return fail(errstr_r, "unreadable slot '%s': no date", line);
		p = q;
	}
	if (d < 1 || d > 31 || mon > 12 || (mon == 0 && y != 0) || (mon < 1 && y != 0))
		return fail(errstr_r, "slot '%s': that date does not exist", line);
	/* the start time, after "à", "at", "de", "from", ",", "-" */
	for (;;) {
		size_t n;

		p = skip_space(p);
		if (*p == ',' || *p == '-') {
			p++;
			continue;
		}
		n = fold_word(p, w, sizeof(w));
		if (n > 0 && (strcmp(w, "a") == 0 || strcmp(w, "at") == 0 || strcmp(w, "de") == 0 ||
		    strcmp(w, "des") == 0 || strcmp(w, "from") == 0)) {
			p += n;
			continue;
		}
		break;
	}
	if ((start = parse_time(&p)) < 0)
		return fail(errstr_r, "unreadable slot '%s': no time", line);
	/* an end: "-11:00", "à 11h", "to 11" */
	{
		const char *q = skip_space(p);
		size_t n = 0;

		if (*q == '-')
			n = 1;
		else if (strncmp(q, "\xe2\x80\x93", 3) == 0)
			n = 3;
		else {
			n = fold_word(q, w, sizeof(w));
			if (!(strcmp(w, "a") == 0 || strcmp(w, "to") == 0 || strcmp(w, "jusqu") == 0))
				n = 0;
			else if (q[n] == '\'')
				n++;
		}
		if (n > 0) {
			const char *r = q + n;
			int e = parse_time(&r);

			if (e < 0) {
				/* "-11" without h: an hour when it follows a range dash */
				const char *s = skip_space(r);
				int h;

				if (digits(&s, 2, &h) > 0 && h <= 23 && !isalpha((unsigned char)*s)) {
					e = h * 60;
					r = s;
				}
			}
			if (e >= 0) {
				end = e;
				p = r;
			}
		}
	}
	rest(p, &minutes, &location);
	if (minutes <= 0 || minutes > 8 * 60) {
		free(location);
		return fail(errstr_r, "slot '%s': the duration is not plausible", line);
	}
	/* the missing year or month: the next such day */
	{
		time_t tn = (time_t)now;
		struct tm nowtm;
		int yy, mm, tries = 0;

		localtime_r(&tn, &nowtm);
		yy = y ? y : nowtm.tm_year + 1900;
		mm = mon ? mon : nowtm.tm_mon + 1;
		for (;;) {
			rc = local_epoch(yy, mm, d, start, &t);
			if (rc == 0 && (y || t > now))
				break;
			if (rc == -2 && (y || mon))
				break;
			if (y || tries++ > 13) {
				if (rc == 0)
					break;
				break;
			}
			if (mon)
				yy++;
			else if (++mm > 12) {
				mm = 1;
				yy++;
			}
		}
		mon = mm;
		y = yy;
	}
	if (rc == -1) {
		free(location);
		return fail(errstr_r, "slot '%s': that date does not exist", line);
	}
	if (rc == -2) {
		free(location);
		return fail(errstr_r, "slot '%s': that time does not exist (clocks go forward)", line);
	}
	if (wday >= 0) {
		time_t tt = (time_t)t;
		struct tm tm;

		localtime_r(&tt, &tm);
		if (tm.tm_wday != wday) {
			free(location);
			*errstr_r = xasprintf("slot '%s': that day is a %s", line, wdays[tm.tm_wday][1]);
			return -1;
		}
	}
	if (t <= now) {
		free(location);
		return fail(errstr_r, "slot '%s' is in the past", line);
	}
	if (end >= 0) {
		if (end <= start || local_epoch(y, mon, d, end, &te) < 0) {
			free(location);
			return fail(errstr_r, "slot '%s': the end is before the start", line);
		}
	} else
		te = t + (int64_t)minutes * 60;
	slot->start = t;
	slot->end = te;
	slot->location = location;
	return 0;
}

void
interview_slot_release(struct interview_slot *slot)
{
	free(slot->location);
	slot->location = NULL;
}

char *
interview_slot_label(const struct interview_slot *slot, const char *locale)
{
	int en = locale_is_en(locale);
	time_t a = (time_t)slot->start, b = (time_t)slot->end;
	struct tm ta, tb;

	localtime_r(&a, &ta);
	localtime_r(&b, &tb);
	return xasprintf("%s %d %s %d, %02d:%02d\xe2\x80\x93%02d:%02d%s%s",
	    wdays[ta.tm_wday][en ? 2 : 1], ta.tm_mday, months[ta.tm_mon][en ? 2 : 1],
	    ta.tm_year + 1900, ta.tm_hour, ta.tm_min, tb.tm_hour, tb.tm_min,
	    slot->location ? " \xe2\x80\x94 " : "", slot->location ? slot->location : "");
}
