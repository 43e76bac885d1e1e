/*
 * text.c - folding and escaping.  The folding table covers the Latin-1 and
 * Latin Extended-A letters French and its neighbours use; that is what
 * column headers, commands and names contain.
 */
#include "compat.h"

#include <ctype.h>

#include "strbuf.h"
#include "text.h"
#include "util.h"

struct fold { unsigned int cp; const char *ascii; };

static const struct fold folds[] = {
	{ 0xC0, "a" }, { 0xC1, "a" }, { 0xC2, "a" }, { 0xC3, "a" }, { 0xC4, "a" }, { 0xC5, "a" },
	{ 0xC6, "ae" }, { 0xC7, "c" }, { 0xC8, "e" }, { 0xC9, "e" }, { 0xCA, "e" }, { 0xCB, "e" },
	{ 0xCC, "i" }, { 0xCD, "i" }, { 0xCE, "i" }, { 0xCF, "i" }, { 0xD1, "n" }, { 0xD2, "o" },
	{ 0xD3, "o" }, { 0xD4, "o" }, { 0xD5, "o" }, { 0xD6, "o" }, { 0xD8, "o" }, { 0xD9, "u" },
	{ 0xDA, "u" }, { 0xDB, "u" }, { 0xDC, "u" }, { 0xDD, "y" }, { 0xDF, "ss" },
	{ 0xE0, "a" }, { 0xE1, "a" }, { 0xE2, "a" }, { 0xE3, "a" }, { 0xE4, "a" }, { 0xE5, "a" },
	{ 0xE6, "ae" }, { 0xE7, "c" }, { 0xE8, "e" }, { 0xE9, "e" }, { 0xEA, "e" }, { 0xEB, "e" },
	{ 0xEC, "i" }, { 0xED, "i" }, { 0xEE, "i" }, { 0xEF, "i" }, { 0xF1, "n" }, { 0xF2, "o" },
	{ 0xF3, "o" }, { 0xF4, "o" }, { 0xF5, "o" }, { 0xF6, "o" }, { 0xF8, "o" }, { 0xF9, "u" },
	{ 0xFA, "u" }, { 0xFB, "u" }, { 0xFC, "u" }, { 0xFD, "y" }, { 0xFF, "y" },
	{ 0x152, "oe" }, { 0x153, "oe" }, { 0x178, "y" },
};

/* utf8_decode - one code point at s (n bytes left); its length in *len_r, 0 on error */
static unsigned int
utf8_decode(const unsigned char *s, size_t n, size_t *len_r)
{
	unsigned int cp;
	size_t len, i;

	if (s[0] < 0x80) { *len_r = 1; return s[0]; }
	if ((s[0] & 0xE0) == 0xC0) { len = 2; cp = s[0] & 0x1F; }
	else if ((s[0] & 0xF0) == 0xE0) { len = 3; cp = s[0] & 0x0F; }
	else if ((s[0] & 0xF8) == 0xF0) { len = 4; cp = s[0] & 0x07; }
	else { *len_r = 0; return 0; }
	if (len > n) { *len_r = 0; return 0; }
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) { *len_r = 0; return 0; }
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*len_r = len;
	return cp;
}

void
text_fold(struct strbuf *out, const char *str, size_t n, int drop_sep)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		size_t len, k;
		unsigned int cp = utf8_decode(s + i, n - i, &len);

		if (len == 0) {		/* not UTF-8: keep the byte */
			strbuf_addch(out, s[i++]);
			continue;
		}
		if (cp < 0x80) {
			if (!(drop_sep && (cp == ' ' || cp == '_' || cp == '-' || cp == '.' || cp == '\t')))
				strbuf_addch(out, tolower((int)cp));
		} else if (cp == 0xA0) {
			if (!drop_sep)
				strbuf_addch(out, ' ');
		} else {
			for (k = 0; k < ARRAY_SIZE(folds); k++)
				if (folds[k].cp == cp)
					break;
			if (k < ARRAY_SIZE(folds))
				strbuf_addstr(out, folds[k].ascii);
			else
				strbuf_add(out, s + i, len);
		}
		i += len;
	}
}

char *
text_key(const char *label)
{
	struct strbuf f = STRBUF_INIT, k = STRBUF_INIT;
	size_t i;

	text_fold(&f, label, strlen(label), 0);
	for (i = 0; i < f.len; i++) {
		char c = f.buf[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			strbuf_addch(&k, c);
		else if (k.len > 0 && k.buf[k.len - 1] != '_')
			strbuf_addch(&k, '_');
	}
	while (k.len > 0 && k.buf[k.len - 1] == '_')
		strbuf_setlen(&k, k.len - 1);
	strbuf_release(&f);
	return strbuf_detach(&k, NULL);
}

int
text_fold_eq(const char *a, const char *b, int drop_sep)
{
	struct strbuf fa = STRBUF_INIT, fb = STRBUF_INIT;
	int eq;

	text_fold(&fa, a, strlen(a), drop_sep);
	text_fold(&fb, b, strlen(b), drop_sep);
	eq = fa.len == fb.len && memcmp(fa.buf, fb.buf, fa.len) == 0;
	strbuf_release(&fa);
	strbuf_release(&fb);
	return eq;
}

void
text_html_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\'': strbuf_addstr(out, "&#39;"); break;
		default: strbuf_addch(out, *s);
		}
	}
}

void
text_size(struct strbuf *out, long long bytes, const char *locale)
{
	int en = locale_is_en(locale);
	long long tenths;

	if (bytes < 0)
		bytes = 0;
	if (bytes < 1000)
		strbuf_addf(out, "%lld %s", bytes, en ? "B" : "o");
	else if (bytes < 999500)
		strbuf_addf(out, "%lld %s", (bytes + 500) / 1000, en ? "kB" : "ko");
	else {
		tenths = (bytes + 50000) / 100000;
		strbuf_addf(out, "%lld%c%lld %s", tenths / 10, en ? '.' : ',', tenths % 10,
		    en ? "MB" : "Mo");
	}
}

int
text_is_email(const char *s)
{
	const char *at = strchr(s, '@'), *dot, *p;

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL || strlen(s) > 254)
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("<>()[],;:\"\\", *p))
			return 0;
	if (strstr(s, "\xef\xbf\xbd") != NULL)
		return 0;	/* U+FFFD: a byte that was not text (a NUL, bad encoding) */
	dot = strrchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0' && strlen(dot + 1) >= 2 &&
	    at[1] != '.' && strstr(s, "..") == NULL && s[strlen(s) - 1] != '.';
}

int
text_is_utf8(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		utf8_decode((const unsigned char *)s + i, n - i, &len);
		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}

int
text_truncate(char *s, size_t max)
{
	size_t n = strlen(s), cut;

	if (n <= max)
		return 0;
	cut = max - 3;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;	/* not inside a UTF-8 sequence */
	memcpy(s + cut, "\xe2\x80\xa6", 4);
	return 1;
}

char *
text_excerpt(const char *s, size_t max_chars)
{
	struct strbuf out = STRBUF_INIT;
	size_t chars = 0, len = strlen(s), i = 0, k;
	int space = 0;

	while (i < len && isspace((unsigned char)s[i]))
		i++;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == ' ') {
			space = 1;
			i++;
			continue;
		}
		utf8_decode((const unsigned char *)s + i, len - i, &k);
		if (k == 0) {
			i++;	/* a stray byte: dropped */
			continue;
		}
		if (space && out.len) {
			strbuf_addch(&out, ' ');
			chars++;
		}
		space = 0;
		if (chars >= max_chars) {
			strbuf_rtrim(&out);
			strbuf_addstr(&out, "\xe2\x80\xa6");
			break;
		}
		strbuf_add(&out, s + i, k);
		chars++;
		i += k;
	}
	return strbuf_detach(&out, NULL);
}
