/*
 * compose_header.c - header values that cannot break the header block:
 * controls (CR and LF above all) become spaces before anything else, text
 * that is not plain ASCII becomes RFC 2047 B-encoded words cut on UTF-8
 * boundaries, lines are folded near 78 columns, addresses are checked
 * against a conservative addr-spec.  libetpan parses these back in tests.
 */
#include "compat.h"

#include <time.h>

#include "compose.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#define LINE_MAX_SOFT 78
#define WORD_OVERHEAD 12	/* "=?UTF-8?B?" + "?=" */
#define NAME_MAX_CHARS 64	/* of a display name in To: and From: */

char *
hdr_clean(const char *s)
{
	char *c = xstrdup(s), *p;

	for (p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

static int
plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static void
base64(struct strbuf *out, const unsigned char *p, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		strbuf_addch(out, b64[p[i] >> 2]);
		strbuf_addch(out, b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
		strbuf_addch(out, b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)]);
		strbuf_addch(out, b64[p[i + 2] & 63]);
	}
	if (i < len) {
		strbuf_addch(out, b64[p[i] >> 2]);
		if (i + 1 < len) {
			strbuf_addch(out, b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
			strbuf_addch(out, b64[(p[i + 1] & 15) << 2]);
		} else {
			strbuf_addch(out, b64[(p[i] & 3) << 4]);
			strbuf_addch(out, '=');
		}
		strbuf_addch(out, '=');
	}
}

/* fold_ascii - append words of s, folding before a word that would pass the limit */
static void
fold_ascii(struct strbuf *out, const char *s, size_t used)
{
	size_t col = used;

	while (*s) {
		const char *sp = strchr(s + 1, ' ');
		size_t wlen = sp ? (size_t)(sp - s) : strlen(s);

		if (col + wlen > LINE_MAX_SOFT && col > used && *s == ' ') {
			strbuf_addstr(out, "\r\n");
			col = 0;
		}
		strbuf_add(out, s, wlen);
		col += wlen;
		s += wlen;
	}
}

/* encode_words - B-encoded words of at most 75 characters, folded between words */
static void
encode_words(struct strbuf *out, const char *s, size_t used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), col = used;

	while (len > 0) {
		size_t room = col + WORD_OVERHEAD + 4 < LINE_MAX_SOFT ?
		    (LINE_MAX_SOFT - col - WORD_OVERHEAD) / 4 * 3 : 0;
		size_t n;

		if (room < 3) {
			strbuf_addstr(out, "\r\n ");
			col = 1;
			continue;
		}
		if (room > 45)
			room = 45;
		n = len < room ? len : room;
		/* never cut a UTF-8 sequence between two words */
		while (n < len && n > 1 && (p[n] & 0xC0) == 0x80)
			n--;
		strbuf_addstr(out, "=?UTF-8?B?");
		base64(out, p, n);
		strbuf_addstr(out, "?=");
		col += WORD_OVERHEAD + (n + 2) / 3 * 4;
		p += n;
		len -= n;
		if (len > 0) {
			strbuf_addstr(out, "\r\n ");
			col = 1;
		}
	}
}

void
hdr_encode_text(struct strbuf *out, const char *s, size_t used)
{
	char *c = hdr_clean(s);

	if (plain_ascii(c) && strstr(c, "=?") == NULL)
		fold_ascii(out, c, used);
	else
		encode_words(out, c, used);
	free(c);
}

int
hdr_address_ok(const char *addr)
{
	const char *at = strchr(addr, '@'), *p;

	if (at == NULL || at == addr || at[1] == '\0' || strchr(at + 1, '@') != NULL ||
	    strlen(addr) > 254)
		return 0;
	for (p = addr; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch <= 0x20 || ch >= 0x7f || strchr("<>()[],;:\"\\", ch) != NULL)
			return 0;
	}
	return at[1] != '.' && p[-1] != '.';
}

/* phrase_safe - a display name that a quoted-string carries as is */
static int
phrase_safe(const char *s)
{
	return plain_ascii(s) && strstr(s, "=?") == NULL;
}

void
hdr_mailbox(struct strbuf *out, const char *name, const char *addr, size_t used)
{
	char *clean = hdr_clean(name ? name : "");
	/* a display name is a name: at most NAME_MAX_CHARS characters, then "…" */
	char *c = text_excerpt(clean, NAME_MAX_CHARS);
	size_t start = out->len;

	free(clean);
	str_trim(c);
	if (*c != '\0') {
		if (phrase_safe(c)) {
			const char *p;

			strbuf_addch(out, '"');
			for (p = c; *p; p++) {
				if (*p == '"' || *p == '\\')
					strbuf_addch(out, '\\');
				strbuf_addch(out, *p);
			}
			strbuf_addch(out, '"');
		} else {
			encode_words(out, c, used);
		}
		{
			const char *nl = strrchr(out->buf + start, '\n');
			size_t col = nl ? (size_t)(out->buf + out->len - nl - 1) : used + out->len - start;

			strbuf_addstr(out, col + strlen(addr) + 3 > LINE_MAX_SOFT ? "\r\n <" : " <");
		}
		strbuf_addstr(out, addr);
		strbuf_addch(out, '>');
	} else {
		strbuf_addstr(out, addr);
	}
	free(c);
}

void
hdr_date(struct strbuf *out, int64_t t)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
	    "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strbuf_addf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
	    months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * qp_encode - quoted-printable (RFC 2045) of UTF-8 text: hard line breaks
 * (LF or CRLF) become CRLF, lines stay within 76 characters with soft
 * breaks that never split an escape, '=', controls, bytes >= 0x7f and
 * white space before a line end are escaped, and so is the F of a line
 * starting with "From " (mbox readers).  A table, not snprintf: bodies are
 * encoded once per message and a flush composes thousands.
 */
void
qp_encode(struct strbuf *out, const char *in, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0;
	char *p;

	/* worst case: every byte escaped (3) plus a soft break every 25 bytes */
	strbuf_grow(out, len * 4 + 16);
	p = out->buf + out->len;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		int eol_next, esc;

		if (c == '\n' || (c == '\r' && i + 1 < len && in[i + 1] == '\n')) {
			if (c == '\r')
				i++;
			*p++ = '\r';
			*p++ = '\n';
			col = 0;
			continue;
		}
		eol_next = i + 1 == len || in[i + 1] == '\n' ||
		    (in[i + 1] == '\r' && i + 2 < len && in[i + 2] == '\n');
		esc = c == '=' || c >= 0x7f || (c < 0x20 && c != '\t') ||
		    ((c == ' ' || c == '\t') && eol_next) ||
		    (col == 0 && c == 'F' && len - i >= 5 && memcmp(in + i, "From ", 5) == 0);
		/* room for this (1 or 3) and, unless the line ends here, a soft break */
		if (col + (esc ? 3 : 1) > (eol_next ? 76u : 75u)) {
			*p++ = '=';
			*p++ = '\r';
			*p++ = '\n';
			col = 0;
		}
		if (esc) {
			*p++ = '=';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
			col += 3;
		} else {
			*p++ = (char)c;
			col++;
		}
	}
	strbuf_setlen(out, (size_t)(p - out->buf));
}
