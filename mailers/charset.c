/*
 * charset.c - charset conversion with glibc iconv.  Descriptors are opened
 * once per charset and kept (a daemon converts the same three charsets all
 * day); the folding table for accent-insensitive matching is data.
 */
#include "compat.h"

#include <ctype.h>
#include <iconv.h>

#include "charset.h"
#include "strbuf.h"
#include "util.h"

#define CACHE_MAX 16

struct conv {
	char name[40];
	iconv_t cd;	/* (iconv_t)-1 when the charset is unknown */
};

static struct conv cache[CACHE_MAX];
static size_t ncache;

int
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		size_t n;
		unsigned int c = *p;

		if (c < 0x80) { p++; continue; }
		if (c >= 0xc2 && c <= 0xdf) n = 1;
		else if (c >= 0xe0 && c <= 0xef) n = 2;
		else if (c >= 0xf0 && c <= 0xf4) n = 3;
		else return 0;
		if ((size_t)(end - p) <= n)
			return 0;
		for (size_t i = 1; i <= n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		if (c == 0xe0 && p[1] < 0xa0) return 0;
		if (c == 0xed && p[1] >= 0xa0) return 0;
		if (c == 0xf0 && p[1] < 0x90) return 0;
		if (c == 0xf4 && p[1] >= 0x90) return 0;
		p += n + 1;
	}
	return 1;
}

/* normalise - lower-case charset name without quotes or spaces */
static void
normalise(const char *cs, char *out, size_t size)
{
	size_t n = 0;

	for (; cs && *cs && n + 1 < size; cs++)
		if (!isspace((unsigned char)*cs) && *cs != '"' && *cs != '\'')
			out[n++] = (char)tolower((unsigned char)*cs);
	out[n] = '\0';
}

/* lookup - the cached descriptor of a normalised name, opening it once */
static iconv_t
lookup(const char *name)
{
	static const struct { const char *alias, *real; } aliases[] = {
		{ "latin1", "ISO-8859-1" }, { "latin-1", "ISO-8859-1" },
		{ "cp1252", "WINDOWS-1252" }, { "x-cp1252", "WINDOWS-1252" },
		{ "ansi_x3.4-1968", "ASCII" }, { "ks_c_5601-1987", "CP949" },
		{ "x-mac-roman", "MACINTOSH" }, { "unicode-1-1-utf-7", "UTF-7" },
	};
	const char *real = name;
	size_t i;

	for (i = 0; i < ncache; i++)
		if (strcmp(cache[i].name, name) == 0)
			return cache[i].cd;
	for (i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(aliases[i].alias, name) == 0)
			real = aliases[i].real;
	if (ncache == CACHE_MAX) {
		/* an unusual mail with many charsets: open without caching */
		return (iconv_t)-2;
	}
	(void)xstrlcpy(cache[ncache].name, name, sizeof(cache[ncache].name));
	cache[ncache].cd = iconv_open("UTF-8", real);
	return cache[ncache++].cd;
}

/* convert - run iconv, replacing every undecodable byte by U+FFFD */
static void
convert(iconv_t cd, const char *in, size_t len, struct strbuf *out)
{
	char *ip = (char *)in;
	size_t il = len;

	iconv(cd, NULL, NULL, NULL, NULL);
	while (il > 0) {
		char *op;
		size_t ol, room = il * 4 + 16;

		strbuf_grow(out, room);
		op = out->buf + out->len;
		ol = room;
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			strbuf_setlen(out, (size_t)(op - out->buf));
			if (errno == E2BIG)
				continue;
			/* EILSEQ or EINVAL (truncated input): skip one byte */
			strbuf_addstr(out, "\xef\xbf\xbd");
			ip++;
			il--;
			iconv(cd, NULL, NULL, NULL, NULL);
			continue;
		}
		strbuf_setlen(out, (size_t)(op - out->buf));
	}
}

int
charset_known(const char *charset)
{
	char name[40];
	iconv_t cd;

	normalise(charset, name, sizeof(name));
	if (*name == '\0' || strcmp(name, "utf-8") == 0 || strcmp(name, "us-ascii") == 0 ||
	    strcmp(name, "utf8") == 0)
		return 1;
	cd = lookup(name);
	if (cd == (iconv_t)-2) {
		cd = iconv_open("UTF-8", name);
		if (cd == (iconv_t)-1)
			return 0;
		iconv_close(cd);
		return 1;
	}
	return cd != (iconv_t)-1;
}

/* legacy - a declared charset that valid UTF-8 bytes are unlikely to be in earnest */
static int
legacy(const char *name)
{
	static const char *const prefixes[] = {
		"iso-8859", "iso8859", "latin", "windows-", "cp", "x-cp", "big5", "gb", "euc-",
		"shift_jis", "sjis", "koi8", "iso-2022", "x-mac", "macintosh", "tis-620", "ks_c",
	};

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

static int
has_8bit(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

enum charset_reading
charset_read(const char *charset, const char *in, size_t len, struct strbuf *out)
{
	char name[40];
	iconv_t cd;
	enum charset_reading how = CHARSET_DECLARED;

	normalise(charset, name, sizeof(name));
	if (*name == '\0' || strcmp(name, "utf-8") == 0 || strcmp(name, "utf8") == 0 ||
	    strcmp(name, "us-ascii") == 0 || strcmp(name, "ascii") == 0) {
		if (utf8_valid(in, len)) {
			strbuf_add(out, in, len);
			return CHARSET_DECLARED;
		}
		/* mislabelled Latin text: the usual culprit is windows-1252 */
		(void)xstrlcpy(name, "windows-1252", sizeof(name));
		how = CHARSET_CP1252;
	} else if (legacy(name) && has_8bit(in, len) && utf8_valid(in, len)) {
		/* a webmail or phone that labels its UTF-8 with the locale's charset */
		strbuf_add(out, in, len);
		return CHARSET_UTF8;
	} else if (strcmp(name, "iso-8859-1") == 0 || strcmp(name, "latin1") == 0 ||
	    strcmp(name, "iso8859-1") == 0 || strcmp(name, "latin-1") == 0) {
		/* 0x80-0x9f are windows-1252 punctuation in practice, never C1 controls */
		(void)xstrlcpy(name, "windows-1252", sizeof(name));
	}
	cd = lookup(name);
	if (cd == (iconv_t)-1) {
		how = CHARSET_UNKNOWN;
		cd = lookup("windows-1252");
	}
	if (cd == (iconv_t)-2) {
		cd = iconv_open("UTF-8", name);
		if (cd == (iconv_t)-1) {
			how = CHARSET_UNKNOWN;
			cd = iconv_open("UTF-8", "WINDOWS-1252");
		}
		convert(cd, in, len, out);
		iconv_close(cd);
		return how;
	}
	convert(cd, in, len, out);
	return how;
}

int
charset_to_utf8(const char *charset, const char *in, size_t len, struct strbuf *out)
{
	return charset_read(charset, in, len, out) == CHARSET_UNKNOWN;
}

/* fold table: UTF-8 sequences of Latin letters and their ASCII base */
static const struct { const char *from, *to; } folds[] = {
	{ "à", "a" }, { "á", "a" }, { "â", "a" }, { "ä", "a" }, { "ã", "a" }, { "å", "a" },
	{ "À", "A" }, { "Á", "A" }, { "Â", "A" }, { "Ä", "A" }, { "Ã", "A" }, { "Å", "A" },
	{ "ç", "c" }, { "Ç", "C" }, { "è", "e" }, { "é", "e" }, { "ê", "e" }, { "ë", "e" },
	{ "È", "E" }, { "É", "E" }, { "Ê", "E" }, { "Ë", "E" }, { "ì", "i" }, { "í", "i" },
	{ "î", "i" }, { "ï", "i" }, { "Ì", "I" }, { "Í", "I" }, { "Î", "I" }, { "Ï", "I" },
	{ "ñ", "n" }, { "Ñ", "N" }, { "ò", "o" }, { "ó", "o" }, { "ô", "o" }, { "ö", "o" },
	{ "õ", "o" }, { "Ò", "O" }, { "Ó", "O" }, { "Ô", "O" }, { "Ö", "O" }, { "Õ", "O" },
	{ "ù", "u" }, { "ú", "u" }, { "û", "u" }, { "ü", "u" }, { "Ù", "U" }, { "Ú", "U" },
	{ "Û", "U" }, { "Ü", "U" }, { "ÿ", "y" }, { "Ÿ", "Y" }, { "œ", "oe" }, { "Œ", "OE" },
	{ "æ", "ae" }, { "Æ", "AE" }, { "ß", "ss" }, { "’", "'" }, { "‘", "'" },
	{ "\xc2\xa0", " " }, { "\xe2\x80\xaf", " " }, { "–", "-" }, { "—", "-" },
};

void
utf8_fold(const char *s, size_t len, int upper, struct strbuf *out)
{
	size_t i = 0, k;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			strbuf_addch(out, upper ? toupper(c) : tolower(c));
			i++;
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(folds); k++) {
			size_t fl = strlen(folds[k].from);

			if (fl <= len - i && memcmp(s + i, folds[k].from, fl) == 0)
				break;
		}
		if (k < ARRAY_SIZE(folds)) {
			const char *t = folds[k].to;

			for (; *t; t++)
				strbuf_addch(out, upper ? toupper((unsigned char)*t) :
				    tolower((unsigned char)*t));
			i += strlen(folds[k].from);
		} else {
			strbuf_addch(out, (char)c);
			i++;
		}
	}
}
