/*
 * mime_guard.c - what is done to a mail before libetpan reads it: a linear
 * scan that refuses a structure whose parse would be quadratic (too many
 * nested multiparts, too many parts), and the normalisation of CR-only
 * line ends and of NUL bytes in the header block.
 */
#include "compat.h"

#include <ctype.h>

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
