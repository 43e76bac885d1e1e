/*
 * reply_quote.c - the quote and signature stripper.  Handwritten because
 * nothing in Debian does it for C; line-based and linear (every look-ahead
 * is bounded), and fuzzed.  What a line is (an attribution, a header
 * label, a separator, a device line, a closing) is decided by the tables of
 * reply_rules.c; this file decides what the lines mean together, in the
 * order of precedence documented in reply.h.
 */
#include "compat.h"

#include <ctype.h>

#include "reply.h"
#include "reply_rules.h"
#include "strbuf.h"
#include "util.h"

#define HEADER_WINDOW 12	/* lines an Outlook header block may span */
#define MAX_SIG_LINES 6		/* lines under a "____" rule or a "-Name" signature */
#define MAX_CLOSING_TAIL 4	/* lines under a closing (name, title, company) */
#define MAX_ATTR_LINES 4	/* an attribution wrapped by the client */

enum kind {
	K_OWN, K_ATTR, K_ATTR_INLINE, K_HISTORY, K_FORWARD, K_DEVICE, K_SIG,
};

struct line {
	const char *raw;	/* the line as written (indentation kept) */
	const char *s;		/* trimmed start */
	size_t len;		/* trimmed length */
	int quoted;
	int blank;
};

struct scan {
	struct line *l;
	size_t n;
	signed char *field;	/* header_field of each line, -1 not yet known */
	int forward_subject;	/* the mail is a forward: header blocks are kept */
	const char *lang;	/* row of the last rule matched */
};

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

/* next_nonblank - the first non-blank line from k, n when none */
static size_t
next_nonblank(const struct scan *sc, size_t k)
{
	while (k < sc->n && sc->l[k].blank)
		k++;
	return k;
}

static const char *
match(struct scan *sc, enum reply_rule_kind kind, const char *s, size_t len)
{
	const char *m = reply_rule_match(kind, s, len, NULL);

	if (m)
		sc->lang = m;
	return m;
}

/* attribution - the text s is an attribution; quoted_next: a quote follows */
static int
attribution(struct scan *sc, const char *s, size_t len, int quoted_next)
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
attr_span(struct scan *sc, size_t i)
{
	struct line *l = sc->l;
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
		after = next_nonblank(sc, k + 1);
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
header_field(struct scan *sc, const struct line *ln)
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
header_block(struct scan *sc, size_t i)
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
is_rule(const struct line *ln)
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
decoration(const struct line *ln)
{
	size_t d = 0;

	for (size_t k = 0; k < ln->len; k++)
		d += strchr("-_=*~", ln->s[k]) != NULL;
	return d;
}

/* short_tail - few non-blank lines from i + 1 to the end or to history */
static int
short_tail(struct scan *sc, size_t i, int max)
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
is_sig_dashes(const struct line *ln)
{
	return ln->len == 2 && memcmp(ln->s, "--", 2) == 0;
}

/* classify - what line i starts; *span_r lines it covers, *rule_r its name */
static enum kind
classify(struct scan *sc, size_t i, size_t *span_r, const char **rule_r)
{
	struct line *l = sc->l;
	const struct line *ln = &l[i];
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
		size_t after = next_nonblank(sc, i + 1);

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
		k = next_nonblank(sc, i + 1);
		if (decoration(ln) >= 2 || (k < sc->n && header_field(sc, &l[k])) || k == sc->n) {
			*rule_r = "separator";
			return K_HISTORY;
		}
	}
	if (is_rule(ln)) {
		k = next_nonblank(sc, i + 1);
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

/* continuation - an unquoted line inside a quote: a wrapped link or long line */
static int
continuation(const struct line *l, size_t i, size_t n)
{
	const struct line *p = &l[i - 1];
	unsigned char c = (unsigned char)l[i].s[0];

	if (i == 0 || i + 1 >= n || !p->quoted || !l[i + 1].quoted || l[i].blank)
		return 0;
	if (l[i].len > 80 || p->len < 60)
		return 0;
	return islower(c) || strchr("/.-_?=&%)>]#", c) != NULL ||
	    memmem(p->s, p->len, "http", 4) != NULL;
}

static void
split_lines(const char *text, size_t len, struct line **lines_r, size_t *n_r)
{
	struct line *l = NULL;
	size_t n = 0, alloc = 0;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *q = p;

		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			l = xreallocarray(l, alloc, sizeof(*l));
		}
		while (ll > 0 && (p[ll - 1] == '\r' || p[ll - 1] == ' ' || p[ll - 1] == '\t'))
			ll--;
		/* no-break spaces (C2 A0) count as white space at both ends */
		while (ll >= 2 && (unsigned char)p[ll - 2] == 0xc2 && (unsigned char)p[ll - 1] == 0xa0)
			ll -= 2;
		while (q < p + ll && (*q == ' ' || *q == '\t' ||
		    (q + 1 < p + ll && (unsigned char)q[0] == 0xc2 && (unsigned char)q[1] == 0xa0)))
			q += *q == ' ' || *q == '\t' ? 1 : 2;
		l[n].raw = p;
		l[n].s = q;
		l[n].len = (size_t)(p + ll - q);
		l[n].quoted = l[n].len > 0 && *q == '>';
		l[n].blank = l[n].len == 0;
		n++;
		p = nl ? nl + 1 : end;
	}
	for (size_t i = 1; i + 1 < n; i++)
		if (!l[i].quoted && continuation(l, i, n))
			l[i].quoted = 1;
	*lines_r = l;
	*n_r = n;
}

/* strip_invisible - text without BOMs, zero-width spaces and NULs */
static char *
strip_invisible(const char *text, size_t len, size_t *len_r)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_grow(&sb, len);
	for (size_t i = 0; i < len; i++) {
		const unsigned char *u = (const unsigned char *)text + i;

		if (i + 2 < len && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
			i += 2;
			continue;
		}
		if (i + 2 < len && u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x8b || u[2] == 0x8c ||
		    u[2] == 0x8d)) {
			i += 2;
			continue;
		}
		if (text[i] == '\0')
			continue;
		strbuf_addch(&sb, text[i]);
	}
	return strbuf_detach(&sb, len_r);
}

/* block_end - the first line after the quoted (and blank) lines from k */
static size_t
block_end(const struct scan *sc, size_t k)
{
	while (k < sc->n && (sc->l[k].quoted || sc->l[k].blank))
		k++;
	return k;
}

/* resumes - the sender's text goes on after the quote block at k */
static int
resumes(struct scan *sc, size_t k)
{
	size_t span;
	const char *rule;
	enum kind kd;

	k = block_end(sc, k);
	if (k >= sc->n)
		return 0;
	kd = classify(sc, k, &span, &rule);
	return kd == K_OWN || kd == K_FORWARD || kd == K_ATTR_INLINE;
}

/* add_line - one line to sb, indented as written except at the top */
static void
add_line(struct strbuf *sb, const struct line *ln)
{
	if (sb->len > 0)
		strbuf_add(sb, ln->raw, (size_t)(ln->s - ln->raw));
	strbuf_add(sb, ln->s, ln->len);
	strbuf_addch(sb, '\n');
}

/* closing_at - the first closing of the own lines [a, b) with a short tail, or b */
static size_t
closing_at(struct scan *sc, const unsigned char *own, size_t a, size_t b)
{
	int before = 0;

	for (size_t i = a; i < b; i++) {
		int tail = 0;
		size_t k;

		if (!own[i] || sc->l[i].blank)
			continue;
		if (before && sc->l[i].len < 120 &&
		    reply_rule_match(RR_CLOSING, sc->l[i].s, sc->l[i].len, NULL)) {
			for (k = i + 1; k < b; k++)
				tail += own[k] && !sc->l[k].blank;
			if (tail <= MAX_CLOSING_TAIL)
				return i;
		}
		before++;
	}
	return b;
}

void
reply_extract(const char *text, size_t len, const char *subject, struct reply_text *r)
{
	struct scan sc = { NULL, 0, NULL, 0, "" };
	size_t clen, i, span, end, start, first_own = (size_t)-1, lead_quote = (size_t)-1;
	size_t own_tail = 0, quote_before = (size_t)-1, close, lead_attr = (size_t)-1;
	char *clean = strip_invisible(text, len, &clen);
	unsigned char *own;
	int segments = 0, in_segment = 0;
	const char *rule = NULL, *lang = "";
	struct strbuf t = STRBUF_INIT, c = STRBUF_INIT;

	memset(r, 0, sizeof(*r));
	if (subject) {
		static const char *const fwd[] = { "fwd:", "fw:", "tr:", "wg:", "rv:", "i:",
		    "doorst:", "vs:", "enc:", "fwd :", "tr :", "trans:" };

		for (size_t k = 0; k < ARRAY_SIZE(fwd); k++)
			if (strncasecmp(subject, fwd[k], strlen(fwd[k])) == 0)
				sc.forward_subject = 1;
	}
	split_lines(clean, clen, &sc.l, &sc.n);
	own = xcalloc(sc.n + 1, 1);
	sc.field = xmalloc(sc.n + 1);
	memset(sc.field, -1, sc.n + 1);
	end = sc.n;
	for (i = 0; i < sc.n; i++) {
		enum kind kd;

		if (sc.l[i].blank)
			continue;
		if (sc.l[i].quoted) {
			size_t k = block_end(&sc, i);

			if (!resumes(&sc, i)) {
				end = i;
				rule = "quote";
				break;
			}
			if (first_own == (size_t)-1 && lead_quote == (size_t)-1)
				lead_quote = i;
			quote_before = i;
			in_segment = 0;
			i = k - 1;
			continue;
		}
		kd = classify(&sc, i, &span, &rule);
		lang = sc.lang;
		if (kd == K_OWN) {
			if (first_own == (size_t)-1) {
				first_own = i;
				if (quote_before != (size_t)-1)
					lead_quote = quote_before;
			}
			if (!in_segment)
				segments++;
			in_segment = 1;
			own[i] = 1;
			own_tail = i + 1;
			rule = NULL;
			continue;
		}
		if (kd == K_ATTR) {
			size_t k = next_nonblank(&sc, i + span);

			if (k < sc.n && sc.l[k].quoted && resumes(&sc, k)) {
				/* bottom-posted or inline: the answer is under the quote */
				if (first_own == (size_t)-1 && lead_attr == (size_t)-1)
					lead_attr = i;
				i = k - 1;
				rule = NULL;
				continue;
			}
		}
		if (kd == K_ATTR_INLINE) {
			if (first_own == (size_t)-1)
				first_own = i;
			segments += !in_segment;
			own[i] = 2;	/* own up to span bytes */
			sc.l[i].len = span;
			own_tail = i + 1;
			end = i + 1;
			break;
		}
		if (kd == K_FORWARD) {
			for (size_t k = i; k < sc.n; k++)
				own[k] = !sc.l[k].quoted;
			if (first_own == (size_t)-1)
				first_own = i;
			rule = "forward";
			end = sc.n;
			own_tail = sc.n;
			segments += !in_segment;
			break;
		}
		end = i;
		break;
	}
	if (end > sc.n)
		end = sc.n;
	r->cut_line = rule && strcmp(rule, "forward") != 0 ? (int)end + 1 : 0;
	if (first_own == (size_t)-1) {
		r->posting = "empty";
		start = end = 0;
	} else if (lead_quote != (size_t)-1 && lead_quote < first_own) {
		/*
		 * under a quote: the quote (and its attribution) is kept only when
		 * the sender answers several parts of it
		 */
		r->posting = segments > 1 ? "inline" : "bottom";
		start = segments > 1 ? lead_quote : first_own;
		if (segments > 1 && lead_attr < lead_quote)
			start = lead_attr;
	} else {
		r->posting = "top";
		start = next_nonblank(&sc, 0);
		if (start > first_own)
			start = first_own;
	}
	if (own_tail < end && first_own != (size_t)-1) {
		/* trailing quoted or blank lines are not the sender's */
		size_t b = end;

		while (b > own_tail && (sc.l[b - 1].blank || sc.l[b - 1].quoted))
			b--;
		end = b;
	}
	for (i = start; i < end; i++)
		add_line(&t, &sc.l[i]);
	strbuf_rtrim(&t);
	close = first_own == (size_t)-1 ? 0 : closing_at(&sc, own, first_own, end);
	for (i = first_own == (size_t)-1 ? 0 : first_own; i < close; i++) {
		if (own[i])
			add_line(&c, &sc.l[i]);
		else if (sc.l[i].blank && c.len > 0 && c.buf[c.len - 1] == '\n' &&
		    (c.len < 2 || c.buf[c.len - 2] != '\n'))
			strbuf_addch(&c, '\n');
		else if (sc.l[i].quoted && c.len > 0 && (c.len < 2 || c.buf[c.len - 2] != '\n'))
			strbuf_addch(&c, '\n');
	}
	strbuf_rtrim(&c);
	r->text = strbuf_detach(&t, NULL);
	r->command = strbuf_detach(&c, NULL);
	if (rule == NULL)
		r->rule = xstrdup("none");
	else if (lang && *lang)
		r->rule = xasprintf("%s:%s", rule, lang);
	else
		r->rule = xstrdup(rule);
	free(own);
	free(sc.field);
	free(sc.l);
	free(clean);
}

void
reply_text_release(struct reply_text *r)
{
	free(r->text);
	free(r->command);
	free(r->rule);
	memset(r, 0, sizeof(*r));
}

char *
reply_new_text(const char *text, size_t len)
{
	struct reply_text r;
	char *s;

	reply_extract(text, len, NULL, &r);
	s = r.text;
	r.text = NULL;
	reply_text_release(&r);
	return s;
}
