/*
 * charset.h - text of any declared charset to UTF-8 (glibc iconv).  Mail
 * lies about charsets: "us-ascii" or "utf-8" bodies with Latin-1 bytes are
 * read as windows-1252, and an unknown charset is read as windows-1252 and
 * reported so the caller can note it.
 */
#ifndef ALTC_CHARSET_H
#define ALTC_CHARSET_H

#include <stddef.h>

struct strbuf;

/*
 * charset_to_utf8 - append len bytes of text declared in charset (NULL or ""
 * means us-ascii) to out as UTF-8; undecodable bytes become U+FFFD.
 * Returns 0, or 1 when charset was unknown and windows-1252 was used.
 */
int charset_to_utf8(const char *charset, const char *in, size_t len, struct strbuf *out);

enum charset_reading {
	CHARSET_DECLARED,	/* read as declared */
	CHARSET_UTF8,		/* declared a legacy charset, but valid UTF-8 with 8-bit bytes */
	CHARSET_CP1252,		/* declared UTF-8 or ASCII, but not valid UTF-8 */
	CHARSET_UNKNOWN,	/* unknown to iconv: read as windows-1252 */
};

/*
 * charset_read - charset_to_utf8 that says which reading was used: the
 * declared charset, or the one the bytes plausibly are.
 */
enum charset_reading charset_read(const char *charset, const char *in, size_t len,
    struct strbuf *out);

/* charset_known - 1 when iconv can convert from charset */
int charset_known(const char *charset);

/* utf8_valid - 1 when s[0..len) is well-formed UTF-8 */
int utf8_valid(const char *s, size_t len);

/*
 * utf8_fold - append s to out folded for comparisons: Latin letters without
 * accents (é -> e, œ -> oe, ß -> ss), typographic apostrophes and spaces
 * made ASCII, upper case when upper is set, else lower case.
 */
void utf8_fold(const char *s, size_t len, int upper, struct strbuf *out);

#endif
