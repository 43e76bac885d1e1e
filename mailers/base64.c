/*
 * base64.c - base64 encoding and decoding of MIME bodies (RFC 2045 §6.8)
 * straight into a strbuf sized once.
 */
#include "compat.h"

#include <pthread.h>

#include "base64.h"

static const char enc[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
base64_encoded_size(size_t len)
{
	size_t chars = (len + 2) / 3 * 4;
	size_t lines = chars == 0 ? 1 : (chars + BASE64_LINE - 1) / BASE64_LINE;

	return chars + 2 * lines;
}

/* enc2[v] - the two characters of the 12 bits v, built once */
static char enc2[4096][2];
static pthread_once_t enc2_once = PTHREAD_ONCE_INIT;

static void
enc2_fill(void)
{
	for (unsigned v = 0; v < 4096; v++) {
		enc2[v][0] = enc[v >> 6];
		enc2[v][1] = enc[v & 63];
	}
}

void
base64_encode_body(struct strbuf *out, const unsigned char *p, size_t len)
{
	/* a full line: BASE64_LINE characters from BASE64_LINE / 4 * 3 bytes */
	const size_t line_in = BASE64_LINE / 4 * 3;
	size_t i = 0;
	char *o;

	(void)pthread_once(&enc2_once, enc2_fill);
	strbuf_grow(out, base64_encoded_size(len));
	o = out->buf + out->len;
	while (len - i >= line_in) {
		for (const unsigned char *q = p + i, *e = q + line_in; q < e; q += 3) {
			unsigned v = (unsigned)q[0] << 16 | (unsigned)q[1] << 8 | q[2];

			memcpy(o, enc2[v >> 12], 2);
			memcpy(o + 2, enc2[v & 4095], 2);
			o += 4;
		}
		i += line_in;
		*o++ = '\r';
		*o++ = '\n';
	}
	if (i < len || len == 0) {
		for (; i + 3 <= len; i += 3) {
			unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];

			memcpy(o, enc2[v >> 12], 2);
			memcpy(o + 2, enc2[v & 4095], 2);
			o += 4;
		}
		if (i < len) {
			unsigned v = (unsigned)p[i] << 16 | (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0);

			o[0] = enc[v >> 18];
			o[1] = enc[(v >> 12) & 63];
			o[2] = i + 1 < len ? enc[(v >> 6) & 63] : '=';
			o[3] = '=';
			o += 4;
		}
		*o++ = '\r';
		*o++ = '\n';
	}
	out->len = (size_t)(o - out->buf);
	out->buf[out->len] = '\0';
}

/* 0-63 for the alphabet, 64 for '=', 65 for CR and LF, 255 for anything else */
#define PAD 64
#define EOL 65
#define BAD 255

static const unsigned char dec[256] = {
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255,  65, 255, 255,  65, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,  62, 255, 255, 255,  63,
	 52,  53,  54,  55,  56,  57,  58,  59,  60,  61, 255, 255, 255,  64, 255, 255,
	255,   0,   1,   2,   3,   4,   5,   6,   7,   8,   9,  10,  11,  12,  13,  14,
	 15,  16,  17,  18,  19,  20,  21,  22,  23,  24,  25, 255, 255, 255, 255, 255,
	255,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,  38,  39,  40,
	 41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
	255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
};

int
base64_decode_clean(const char *p, size_t len, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)p, *end = s + len;
	size_t start = out->len;
	unsigned q[4];
	int n = 0, pad = 0;
	char *o;

	strbuf_grow(out, len / 4 * 3 + 3);
	o = out->buf + out->len;
	for (; s < end; s++) {
		unsigned char v;

		/* whole groups of four alphabet characters, the bulk of a line */
		while (n == 0 && !pad && end - s >= 4 &&
		    ((dec[s[0]] | dec[s[1]] | dec[s[2]] | dec[s[3]]) & 0xc0) == 0) {
			unsigned g = (unsigned)dec[s[0]] << 18 | (unsigned)dec[s[1]] << 12 |
			    (unsigned)dec[s[2]] << 6 | dec[s[3]];

			o[0] = (char)(g >> 16);
			o[1] = (char)(g >> 8);
			o[2] = (char)g;
			o += 3;
			s += 4;
		}
		if (s == end)
			break;
		v = dec[*s];

		if (v == EOL)
			continue;
		if (v == BAD || (pad && v != PAD))
			goto refuse;
		if (v == PAD) {
			/* "xx==" or "xxx=": only in the last two places of a group */
			if (n < 2)
				goto refuse;
			pad++;
		}
		q[n++] = v;
		if (n < 4)
			continue;
		n = 0;
		*o++ = (char)(q[0] << 2 | q[1] >> 4);
		if (pad == 2 && q[2] == PAD) {
			if ((q[1] & 15) != 0)
				goto refuse;
			continue;
		}
		if (pad == 2)
			goto refuse;
		*o++ = (char)((q[1] & 15) << 4 | q[2] >> 2);
		if (pad == 1) {
			if ((q[2] & 3) != 0)
				goto refuse;
			continue;
		}
		*o++ = (char)((q[2] & 3) << 6 | q[3]);
	}
	if (n != 0)
		goto refuse;
	out->len = (size_t)(o - out->buf);
	out->buf[out->len] = '\0';
	return 0;
refuse:
	out->len = start;
	out->buf[out->len] = '\0';
	return -1;
}
