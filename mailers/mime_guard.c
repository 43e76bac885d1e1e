/*
 * mime_guard.c - what is done to a mail before libetpan reads it: a linear
 * scan that refuses a structure whose parse would be quadratic (too many
 * nested multiparts, too many parts), and the normalisation of CR-only
 * line ends and of NUL bytes in the header block.
 */
#include "compat.h"

#include <ctype.h>
#include <stdint.h>
#include <sys/random.h>

#include "mime.h"
#include "strbuf.h"
#include "util.h"

#define DEFAULT_MAX_NESTING 100
#define DEFAULT_MAX_PARTS 1000
#define MAX_BOUNDARY 70		/* RFC 2046: 1 to 70 characters */

/* boundary_param - the value of a boundary= parameter on this line into b; 0 when none */
static int
boundary_param(const char *p, size_t n, char b[MAX_BOUNDARY + 1])
{
	static const char key[] = "boundary=";
	size_t kl = sizeof(key) - 1, i, k = 0;

	for (i = 0; i + kl <= n; i++) {
		/* the '=' first: base64 lines are long and hold none but in their padding */
		const char *eq = memchr(p + i + kl - 1, '=', n - (i + kl - 1));

		if (eq == NULL)
			return 0;
		i = (size_t)(eq - p) - (kl - 1);
		if (strncasecmp(p + i, key, kl) != 0 || (i > 0 && isalnum((unsigned char)p[i - 1])))
			continue;
		i += kl;
		if (i < n && p[i] == '"') {
			for (i++; i < n && p[i] != '"' && k < MAX_BOUNDARY; i++)
				b[k++] = p[i];
		} else {
			for (; i < n && !isspace((unsigned char)p[i]) && p[i] != ';' && k < MAX_BOUNDARY; i++)
				b[k++] = p[i];
		}
		b[k] = '\0';
		return k > 0;
	}
	return 0;
}

/*
 * mime_structure_check - one pass over the lines before libetpan: the declared
 * boundaries not yet closed are the nesting, the delimiter lines the parts.
 * A boundary= in a text body counts as well: a mail that talks that much
 * about boundaries is not one to read anyway.
 */
int
mime_structure_check(const char *data, size_t len, const struct mime_limits *lim, char **errstr_r)
{
	int max_nesting = lim->max_nesting > 0 ? lim->max_nesting : DEFAULT_MAX_NESTING;
	int max_parts = lim->max_parts > 0 ? lim->max_parts : DEFAULT_MAX_PARTS;
	char (*open)[MAX_BOUNDARY + 1] = xcalloc((size_t)max_nesting + 1, sizeof(*open));
	const char *p = data, *end = data + len;
	int nopen = 0, parts = 0, rc = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char b[MAX_BOUNDARY + 1];

		if (n > 2 && p[0] == '-' && p[1] == '-') {
			for (int i = nopen - 1; i >= 0; i--) {
				size_t bl = strlen(open[i]);

				if (n - 2 < bl || memcmp(p + 2, open[i], bl) != 0)
					continue;
				if (n - 2 >= bl + 2 && p[2 + bl] == '-' && p[3 + bl] == '-')
					nopen = i;	/* closed, with whatever it held */
				else if (++parts > max_parts) {
					*errstr_r = xasprintf("MIME structure refused: more than %d parts",
					    max_parts);
					rc = -1;
				}
				break;
			}
		} else if (n > 9 && boundary_param(p, n, b)) {
			int known = 0;

			for (int i = 0; i < nopen && !known; i++)
				known = strcmp(open[i], b) == 0;
			if (!known && nopen == max_nesting) {
				*errstr_r = xasprintf("MIME structure refused: more than %d nested"
				    " multiparts", max_nesting);
				rc = -1;
			} else if (!known)
				memcpy(open[nopen++], b, sizeof(b));
		}
		if (rc < 0 || nl == NULL)
			break;
		p = nl + 1;
	}
	free(open);
	return rc;
}

/*
 * mime_prepare - the bytes libetpan reads: a mail with CR-only line ends (old
 * Mac mailers) gets LF ones, and a NUL in the header block, which would cut
 * a value where C strings read it, shows as U+FFFD
 */
void
mime_prepare(const char *data, size_t len, struct strbuf *out)
{
	size_t probe = len < 65536 ? len : 65536;
	int cr_only = memchr(data, '\n', probe) == NULL && memchr(data, '\r', probe) != NULL;
	char prev = '\0';
	size_t i, from;

	strbuf_grow(out, len);
	for (i = 0; i < len; i++) {
		char c = data[i];

		if (cr_only && c == '\r')
			c = '\n';
		if (c == '\0') {
			strbuf_addstr(out, "\xef\xbf\xbd");
			prev = c;
			continue;
		}
		strbuf_addch(out, c);
		if (c == '\n' && prev == '\n')
			break;
		if (c != '\r')
			prev = c;
	}
	if (i >= len)
		return;
	/* the body: copied as is, in one piece */
	from = out->len;
	strbuf_add(out, data + i + 1, len - i - 1);
	for (char *p = out->buf + from, *end = out->buf + out->len; cr_only && p < end; p++) {
		if ((p = memchr(p, '\r', (size_t)(end - p))) == NULL)
			break;
		*p = '\n';
	}
}

/* header_says - the header block [p, end) has a field name: value holding word */
static int
header_says(const char *p, const char *end, const char *name, const char *word)
{
	size_t nl = strlen(name), wl = strlen(word);

	for (const char *l = p; l < end;) {
		const char *e = memchr(l, '\n', (size_t)(end - l));

		if (e == NULL)
			e = end;
		if ((size_t)(e - l) > nl && strncasecmp(l, name, nl) == 0 && l[nl] == ':') {
			/* the value, with its folded lines */
			const char *v = l + nl + 1, *ve = e;

			while (ve < end && ve + 1 < end && (ve[1] == ' ' || ve[1] == '\t')) {
				const char *n2 = memchr(ve + 1, '\n', (size_t)(end - ve - 1));

				ve = n2 ? n2 : end;
			}
			for (; v + wl <= ve; v++)
				if (strncasecmp(v, word, wl) == 0)
					return 1;
			return 0;
		}
		l = e + 1;
	}
	return 0;
}

/*
 * mime_skeleton - data with the bodies of large base64 leaf parts of a
 * multipart replaced by a short marker.  libetpan finds the end of a part
 * by reading it byte by byte; a skeleton spares it the bulk of a mail with
 * attachments, and the walk takes each body from the original bytes
 * (mime_skeleton_body).  The marker holds a nonce no body can guess.  A
 * base64 body holds no line starting with "--", so its end is the first
 * delimiter line of an open boundary; a part with any other line starting
 * with "-" is left whole.  The caller checks that libetpan met every marker
 * as a whole body, and parses the mail again without a skeleton otherwise.
 * out stays empty when no part is worth it.
 */
void
mime_skeleton(const char *data, size_t len, size_t min, struct mime_skeleton *sk,
    struct strbuf *out)
{
	char (*open)[MAX_BOUNDARY + 1] = NULL;
	const char *p = data, *end = data + len, *hdr = NULL, *body = NULL, *copied = data;
	int nopen = 0, cap = 0, dirty = 0;
	enum { TOP, HEADERS, BODY } state = TOP;

	uint32_t r = (uint32_t)((uintptr_t)data >> 4 ^ len);

	memset(sk, 0, sizeof(*sk));
	(void)getrandom(&r, sizeof(r), GRND_NONBLOCK);
	(void)xsnprintf(sk->nonce, sizeof(sk->nonce), "%08lx", (unsigned long)r);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char b[MAX_BOUNDARY + 1];
		int delim = -1;

		if (n > 2 && p[0] == '-' && p[1] == '-') {
			/* "--" boundary ["--"], then only white space (RFC 2046 §5.1.1) */
			for (int i = nopen - 1; i >= 0 && delim < 0; i--) {
				size_t bl = strlen(open[i]), k = 2 + bl;

				if (n < k || memcmp(p + 2, open[i], bl) != 0)
					continue;
				if (n >= k + 2 && p[k] == '-' && p[k + 1] == '-')
					k += 2;
				while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
					k++;
				if (k == n)
					delim = i;
			}
		}
		if (delim < 0 && state == BODY && n > 0 && p[0] == '-')
			dirty = 1;	/* not base64, and maybe a delimiter to libetpan: kept whole */
		if (delim >= 0) {
			size_t bl = strlen(open[delim]);

			if (state == BODY && hdr != NULL && body != NULL) {
				/* the body ends before the line break ahead of the delimiter */
				const char *be = p;

				if (be > body && be[-1] == '\n')
					be--;
				if (be > body && be[-1] == '\r')
					be--;
				if (be > body && (size_t)(be - body) >= min && !dirty &&
				    header_says(hdr, body, "content-transfer-encoding", "base64") &&
				    !header_says(hdr, body, "content-type", "multipart/") &&
				    !header_says(hdr, body, "content-type", "message/") &&
				    sk->n < MIME_SKELETON_MAX) {
					sk->cut[sk->n].from = (size_t)(body - data);
					sk->cut[sk->n].len = (size_t)(be - body);
					strbuf_add(out, copied, (size_t)(body - copied));
					strbuf_addf(out, "AltcCut%s%06zu", sk->nonce, sk->n);
					copied = be;
					sk->n++;
				}
			}
			dirty = 0;
			if (n - 2 >= bl + 2 && p[2 + bl] == '-' && p[3 + bl] == '-') {
				nopen = delim;	/* closed, with whatever it held */
				state = BODY;	/* the epilogue: nothing to cut */
				hdr = body = NULL;
			} else {
				nopen = delim + 1;
				state = HEADERS;
				hdr = nl ? nl + 1 : end;
				body = NULL;
			}
		} else if (state != BODY && (n == 0 || (n == 1 && p[0] == '\r'))) {
			/* the end of a header block: the body starts on the next line */
			body = nl ? nl + 1 : end;
			state = BODY;
		} else if (state != BODY && n > 9 && boundary_param(p, n, b)) {
			int known = 0;

			for (int i = 0; i < nopen && !known; i++)
				known = strcmp(open[i], b) == 0;
			if (!known) {
				if (nopen == cap) {
					cap = cap ? cap * 2 : 8;
					open = xreallocarray(open, (size_t)cap, sizeof(*open));
				}
				memcpy(open[nopen++], b, sizeof(b));
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(open);
	if (sk->n > 0)
		strbuf_add(out, copied, (size_t)(end - copied));
}

/* mime_skeleton_body - the original body a marker of sk stands for: 1 found, 0 not a marker */
int
mime_skeleton_body(const struct mime_skeleton *sk, const char *p, size_t len, size_t *from_r,
    size_t *len_r)
{
	size_t idx = 0;

	if (sk == NULL || sk->n == 0 || len != 7 + 8 + 6 || memcmp(p, "AltcCut", 7) != 0 ||
	    memcmp(p + 7, sk->nonce, 8) != 0)
		return 0;
	for (size_t i = 15; i < 21; i++) {
		if (!isdigit((unsigned char)p[i]))
			return 0;
		idx = idx * 10 + (size_t)(p[i] - '0');
	}
	if (idx >= sk->n)
		return 0;
	*from_r = sk->cut[idx].from;
	*len_r = sk->cut[idx].len;
	return 1;
}
