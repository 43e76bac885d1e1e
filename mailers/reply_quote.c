/*
 * reply_quote.c - the quote and signature stripper.  Handwritten because
 * nothing in Debian does it for C; line-based and linear (every look-ahead
 * is bounded), and fuzzed.  What a line is (an attribution, a header
 * block, a separator, a device line) is decided by reply_lines.c over the
 * tables of reply_rules.c; this file decides what the lines mean together,
 * in the order of precedence documented in reply.h.
 */
#include "compat.h"

#include <ctype.h>

#include "reply.h"
#include "reply_int.h"
#include "reply_rules.h"
#include "strbuf.h"
#include "util.h"


#define MAX_CLOSING_TAIL 4	/* lines under a closing (name, title, company) */

/* continuation - an unquoted line inside a quote: a wrapped link or long line */
static int
continuation(const struct reply_line *l, size_t i, size_t n)
{
	const struct reply_line *p = &l[i - 1];
	unsigned char c = (unsigned char)l[i].s[0];

	if (i == 0 || i + 1 >= n || !p->quoted || !l[i + 1].quoted || l[i].blank)
		return 0;
	if (l[i].len > 80 || p->len < 60)
		return 0;
	return islower(c) || strchr("/.-_?=&%)>]#", c) != NULL ||
	    memmem(p->s, p->len, "http", 4) != NULL;
}

static void
split_lines(const char *text, size_t len, struct reply_line **lines_r, size_t *n_r)
{
	struct reply_line *l = NULL;
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
block_end(const struct reply_scan *sc, size_t k)
{
	while (k < sc->n && (sc->l[k].quoted || sc->l[k].blank))
		k++;
	return k;
}

/* resumes - the sender's text goes on after the quote block at k */
static int
resumes(struct reply_scan *sc, size_t k)
{
	size_t span;
	const char *rule;
	enum reply_kind kd;

	k = block_end(sc, k);
	if (k >= sc->n)
		return 0;
	kd = reply_classify(sc, k, &span, &rule);
	return kd == K_OWN || kd == K_FORWARD || kd == K_ATTR_INLINE;
}

/* add_line - one line to sb, indented as written except at the top */
static void
add_line(struct strbuf *sb, const struct reply_line *ln)
{
	if (sb->len > 0)
		strbuf_add(sb, ln->raw, (size_t)(ln->s - ln->raw));
	strbuf_add(sb, ln->s, ln->len);
	strbuf_addch(sb, '\n');
}

/* closing_at - the first closing of the own lines [a, b) with a short tail, or b */
static size_t
closing_at(struct reply_scan *sc, const unsigned char *own, size_t a, size_t b)
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
	struct reply_scan sc = { NULL, 0, NULL, 0, "" };
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
		enum reply_kind kd;

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
		kd = reply_classify(&sc, i, &span, &rule);
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
			size_t k = reply_next_nonblank(&sc, i + span);

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
		start = reply_next_nonblank(&sc, 0);
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
