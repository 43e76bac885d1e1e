/*
 * reply_lines.c - what one line of a reply is: an attribution (possibly
 * wrapped over several lines, or at the end of the reply's own line), an
 * Outlook header block, a separator, a forward marker, a device line or a
 * signature.  The patterns are the tables of reply_rules.c; the cheap
 * tests (a final colon, a date, a colon early in the line) run first, and
 * header labels are matched once per line, so a body is read in linear
 * time.
 */
#include "compat.h"

#include <ctype.h>

#include "reply_int.h"
#include "reply_rules.h"
#include "strbuf.h"
#include "util.h"

#define HEADER_WINDOW 12	/* lines an Outlook header block may span */
#define MAX_SIG_LINES 6		/* lines under a "____" rule or a "-Name" signature */
#define MAX_ATTR_LINES 4	/* an attribution wrapped by the client */

static int
has_digit_or_at(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (isdigit((unsigned char)s[i]) || s[i] == '@')
			return 1;
	return 0;
}

/* has_date - a year (19xx, 20xx) or a time (9:12, 09.12, 9h12) */
static int
has_date(const char *s, size_t len)
{
	for (size_t i = 0; i + 3 < len; i++) {
		const unsigned char *u = (const unsigned char *)s + i;

		if (i > 0 && isdigit(u[-1]))
			continue;
		if ((u[0] == '1' || u[0] == '2') && (u[1] == '9' || u[1] == '0') && isdigit(u[2]) &&
		    isdigit(u[3]) && (i + 4 == len || !isdigit(u[4])))
			return 1;
		if (isdigit(u[0]) && (u[1] == ':' || u[1] == '.' || u[1] == 'h') && isdigit(u[2]) &&
		    isdigit(u[3]))
			return 1;
		if (isdigit(u[0]) && isdigit(u[1]) && i + 4 < len && (u[2] == ':' || u[2] == '.' ||
		    u[2] == 'h') && isdigit(u[3]) && isdigit(u[4]))
			return 1;
	}
	return 0;
}

static int
words(const char *s, size_t len)
{
	int n = 0, in = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

static int
ends_colon(const char *s, size_t len)
{
	return (len >= 1 && s[len - 1] == ':') ||
	    (len >= 3 && memcmp(s + len - 3, "\xef\xbc\x9a", 3) == 0);
}

size_t
reply_next_nonblank(const struct reply_scan *sc, size_t k)
{
	while (k < sc->n && sc->l[k].blank)
		k++;
	return k;
}

static const char *
match(struct reply_scan *sc, enum reply_rule_kind kind, const char *s, size_t len)
{
	const char *m = reply_rule_match(kind, s, len, NULL);

	if (m)
		sc->lang = m;
	return m;
}

/* attribution - the text s is an attribution; quoted_next: a quote follows */
static int
attribution(struct reply_scan *sc, const char *s, size_t len, int quoted_next)
{
	int opener, digits, colon;

	if (len < 6 || len > 600)
		return 0;
	/* cheap tests first: most lines have neither a final colon nor a date */
	colon = ends_colon(s, len);
	digits = has_digit_or_at(s, len);
	if (!colon && !digits)
		return 0;
	opener = reply_rule_match(RR_OPENER, s, len, NULL) != NULL;
	if (digits && (isdigit((unsigned char)s[0]) || s[0] == '[' || s[0] == '(') &&
	    match(sc, RR_DATE_FIRST, s, len)) {
		sc->lang = "date-first";
		return 1;
	}
	if (colon && memchr(s, '@', len) && match(sc, RR_ADDR_COLON, s, len)) {
		if (sc->lang[0] == '\0')
			sc->lang = "date-first";
		return 1;
	}
	if (!colon && !opener)
		return 0;
	if (!match(sc, RR_WROTE, s, len))
		return 0;
	if (colon && (opener || digits))
		return 1;
	if (opener && digits)
		return 1;
	/* "Name wrote:" alone: only right above a quote */
	return colon && words(s, len) <= 8 && quoted_next;
}

/* attr_span - lines of the attribution starting at i (wrapped up to three), 0 if none */
static size_t
attr_span(struct reply_scan *sc, size_t i)
{
	struct reply_line *l = sc->l;
	struct strbuf j = STRBUF_INIT;
	size_t span = 0, a, b;

	for (size_t k = i; k < sc->n && k < i + MAX_ATTR_LINES; k++) {
		size_t after;

		if (l[k].blank || l[k].quoted || l[k].len > 300)
			break;
		if (k > i) {
			/* a wrapped attribution starts like one, with a date, or with a name over the address */
			if (!reply_rule_match(RR_OPENER, l[i].s, l[i].len, NULL) &&
			    !has_date(l[i].s, l[i].len) && !memchr(l[i].s, '@', l[i].len) &&
			    !(words(l[i].s, l[i].len) <= 4 && l[i + 1].len > 0 && l[i + 1].s[0] == '<'))
				break;
			strbuf_addch(&j, ' ');
		}
		strbuf_add(&j, l[k].s, l[k].len);
		after = reply_next_nonblank(sc, k + 1);
		/* Zoho and others put dashes around it: "---- On ... wrote ----" */
		a = 0;
		b = j.len;
		while (a < b && (j.buf[a] == '-' || j.buf[a] == ' '))
			a++;
		while (b > a && (j.buf[b - 1] == '-' || j.buf[b - 1] == ' '))
			b--;
		if (attribution(sc, j.buf + a, b - a, after < sc->n && l[after].quoted)) {
			span = k - i + 1;
			break;
		}
	}
	strbuf_release(&j);
	return span;
}

/* header_field - 1 from, 2 sent/date, 3 to/cc, 4 subject, 0 not a header label */
static int
header_field(struct reply_scan *sc, const struct reply_line *ln)
{
	static const enum reply_rule_kind kinds[] = { RR_HDR_FROM, RR_HDR_SENT, RR_HDR_TO,
	    RR_HDR_SUBJECT };
	size_t i = (size_t)(ln - sc->l);
	int f = 0;

	if (sc->field[i] >= 0)
		return sc->field[i];
	/* a label is short: a colon early in the line */
	if (!ln->blank && !ln->quoted && ln->len <= 1000 &&
	    (memchr(ln->s, ':', ln->len < 40 ? ln->len : 40) ||
	    memmem(ln->s, ln->len < 40 ? ln->len : 40, "\xef\xbc\x9a", 3)))
		for (size_t k = 0; k < ARRAY_SIZE(kinds) && f == 0; k++)
			if (reply_rule_match(kinds[k], ln->s, ln->len, NULL))
				f = (int)k + 1;
	sc->field[i] = (signed char)f;
	return f;
}

/* header_block - an Outlook header block starts at line i */
static int
header_block(struct reply_scan *sc, size_t i)
{
	int first, seen = 0, count = 0, gap = 0;
	const char *lang;

	first = header_field(sc, &sc->l[i]);
	if (first == 1 && match(sc, RR_HDR_FLAT, sc->l[i].s, sc->l[i].len))
		return 1;
	if (first != 1 && first != 2)
		return 0;
	(void)match(sc, first == 1 ? RR_HDR_FROM : RR_HDR_SENT, sc->l[i].s, sc->l[i].len);
	lang = sc->lang;
	for (size_t k = i; k < sc->n && k < i + HEADER_WINDOW; k++) {
		int f = header_field(sc, &sc->l[k]);

		if (f == 0) {
			if (++gap > 3)
				break;
			continue;
		}
		gap = 0;
		if (!(seen & (1 << f)))
			count++;
		seen |= 1 << f;
	}
	sc->lang = lang;
	return (seen & (1 << 1)) && count >= 3;
}

static int
is_rule(const struct reply_line *ln)
{
	if (ln->len < 8)
		return 0;
	for (size_t k = 0; k < ln->len; k++)
		if (ln->s[k] != '_' && ln->s[k] != '-' && ln->s[k] != '=' && ln->s[k] != '*')
			return 0;
	return 1;
}

/* decoration - characters of [-_=*] around a separator's words */
static size_t
decoration(const struct reply_line *ln)
{
	size_t d = 0;

	for (size_t k = 0; k < ln->len; k++)
		d += strchr("-_=*~", ln->s[k]) != NULL;
	return d;
}

/* short_tail - few non-blank lines from i + 1 to the end or to history */
static int
short_tail(struct reply_scan *sc, size_t i, int max)
{
	int count = 0;

	for (size_t k = i + 1; k < sc->n; k++) {
		if (k > i + 64)
			return 0;	/* bounded: a crafted mail of many rules stays linear */
		if (sc->l[k].quoted)
			return 1;
		if (sc->l[k].blank)
			continue;
		if (attr_span(sc, k) || header_block(sc, k))
			return 1;
		if (++count > max)
			return 0;
	}
	return 1;
}

static int
is_sig_dashes(const struct reply_line *ln)
{
	return ln->len == 2 && memcmp(ln->s, "--", 2) == 0;
}

enum reply_kind
reply_classify(struct reply_scan *sc, size_t i, size_t *span_r, const char **rule_r)
{
	struct reply_line *l = sc->l;
	const struct reply_line *ln = &l[i];
	size_t span, k;
	const char *m;

	*span_r = 1;
	*rule_r = NULL;
	sc->lang = "";
	if (match(sc, RR_FORWARD, ln->s, ln->len)) {
		*rule_r = "forward";
		return K_FORWARD;
	}
	/* the reply, then an attribution on the same line */
	if (ends_colon(ln->s, ln->len) && ln->len > 20 && ln->len < 1000 &&
	    has_digit_or_at(ln->s, ln->len) &&
	    !isdigit((unsigned char)ln->s[0]) && !reply_rule_match(RR_OPENER, ln->s, ln->len, NULL) &&
	    (m = reply_rule_match(RR_WROTE_INLINE, ln->s, ln->len, &k)) && k > 0 && k < ln->len) {
		size_t after = reply_next_nonblank(sc, i + 1);

		if (after == sc->n || l[after].quoted) {
			sc->lang = m;
			*rule_r = "attribution";
			*span_r = k;	/* the reply's own length on this line */
			return K_ATTR_INLINE;
		}
	}
	if ((span = attr_span(sc, i)) > 0) {
		*span_r = span;
		*rule_r = "attribution";
		return K_ATTR;
	}
	if (!sc->forward_subject && header_block(sc, i)) {
		*rule_r = "outlook-header";
		return K_HISTORY;
	}
	if (!sc->forward_subject && match(sc, RR_SEPARATOR, ln->s, ln->len)) {
		k = reply_next_nonblank(sc, i + 1);
		if (decoration(ln) >= 2 || (k < sc->n && header_field(sc, &l[k])) || k == sc->n) {
			*rule_r = "separator";
			return K_HISTORY;
		}
	}
	if (is_rule(ln)) {
		k = reply_next_nonblank(sc, i + 1);
		if (k < sc->n && !sc->forward_subject && header_block(sc, k)) {
			*rule_r = "outlook-header";
			return K_HISTORY;
		}
		if (!sc->forward_subject && short_tail(sc, i, MAX_SIG_LINES)) {
			*rule_r = "signature";
			return K_SIG;
		}
	}
	if (words(ln->s, ln->len) <= 10 && match(sc, RR_DEVICE, ln->s, ln->len)) {
		*rule_r = "device";
		return K_DEVICE;
	}
	if (is_sig_dashes(ln) || (ln->len == 2 && memcmp(ln->s, "__", 2) == 0)) {
		*rule_r = "signature";
		return K_SIG;
	}
	/* "-Name" under a blank line (not "—Name", a sign-off) */
	if (i > 0 && l[i - 1].blank && ln->len >= 2 && ln->s[0] == '-' &&
	    isalpha((unsigned char)ln->s[1]) && words(ln->s, ln->len) <= 3 &&
	    short_tail(sc, i, MAX_SIG_LINES)) {
		*rule_r = "signature";
		return K_SIG;
	}
	return K_OWN;
}
