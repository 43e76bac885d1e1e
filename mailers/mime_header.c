/*
 * mime_header.c - header values: RFC 2047 words (libetpan's decoder, with
 * our charset fallbacks), address lists (libetpan's RFC 5322 parser, then a
 * plain scan for what it refuses), attachment file names and the PDF check.
 */
#include "compat.h"

#include <ctype.h>
#include <libetpan/libetpan.h>

#include "charset.h"
#include "mime.h"
#include "strbuf.h"
#include "util.h"

/* has_unknown_charset - whether an encoded word names a charset iconv lacks */
static int
has_unknown_charset(const char *v)
{
	const char *p = v;

	while ((p = strstr(p, "=?")) != NULL) {
		const char *q = strchr(p + 2, '?');
		char cs[40];
		size_t n;

		if (q == NULL)
			break;
		n = (size_t)(q - (p + 2));
		if (n > 0 && n < sizeof(cs)) {
			memcpy(cs, p + 2, n);
			cs[n] = '\0';
			if (strchr(cs, '*'))	/* RFC 2231 language suffix */
				*strchr(cs, '*') = '\0';
			if (!charset_known(cs))
				return 1;
		}
		p = q + 1;
	}
	return 0;
}

char *
mime_decode_words(const char *value, int *unknown_r)
{
	struct strbuf sb = STRBUF_INIT;
	char *res = NULL;
	size_t idx = 0, len = strlen(value);
	int unknown = 0;
	const char *deflt = utf8_valid(value, len) ? "utf-8" : "windows-1252";

	if (strstr(value, "=?") == NULL) {
		charset_to_utf8(deflt, value, len, &sb);
		goto out;
	}
	if (has_unknown_charset(value)) {
		unknown = 1;
		deflt = "windows-1252";
	}
	if (mailmime_encoded_phrase_parse(deflt, value, len, &idx, "utf-8", &res) ==
	    MAILIMF_NO_ERROR && res != NULL) {
		/* a word in an unknown charset may come back as raw bytes */
		charset_to_utf8("utf-8", res, strlen(res), &sb);
		free(res);
	} else {
		free(res);
		charset_to_utf8(deflt, value, len, &sb);
	}
out:
	if (unknown_r)
		*unknown_r = unknown;
	/* header text is one line */
	for (size_t i = 0; i < sb.len; i++)
		if (sb.buf[i] == '\r' || sb.buf[i] == '\n' || sb.buf[i] == '\t')
			sb.buf[i] = ' ';
	return strbuf_detach(&sb, NULL);
}

static int
is_local_char(int c)
{
	return isalnum(c) || (c != 0 && strchr(".!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* scan_addresses - every word@domain in a string, for what the parser refused */
static size_t
scan_addresses(const char *v, char **out, size_t max)
{
	size_t n = 0;
	const char *p;

	for (p = strchr(v, '@'); p && n < max; p = strchr(p + 1, '@')) {
		const char *a = p, *b = p + 1;

		while (a > v && is_local_char((unsigned char)a[-1]))
			a--;
		while (*b && (isalnum((unsigned char)*b) || *b == '.' || *b == '-'))
			b++;
		while (b > p + 1 && b[-1] == '.')
			b--;
		if (a == p || b == p + 1)
			continue;
		out[n] = xstrndup(a, (size_t)(b - a));
		str_lower(out[n++]);
	}
	return n;
}

static void
add_mailbox(struct mailimf_mailbox *mb, char **out, size_t *n, size_t max)
{
	if (*n < max && mb->mb_addr_spec && strchr(mb->mb_addr_spec, '@')) {
		out[*n] = xstrdup(mb->mb_addr_spec);
		str_lower(out[(*n)++]);
	}
}

size_t
mime_addresses(const char *value, char **out, size_t max)
{
	struct mailimf_address_list *al = NULL;
	size_t idx = 0, n = 0;
	clistiter *it, *jt;

	if (mailimf_address_list_parse(value, strlen(value), &idx, &al) != MAILIMF_NO_ERROR)
		return scan_addresses(value, out, max);
	for (it = clist_begin(al->ad_list); it; it = clist_next(it)) {
		struct mailimf_address *a = clist_content(it);

		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX)
			add_mailbox(a->ad_data.ad_mailbox, out, &n, max);
		else if (a->ad_data.ad_group->grp_mb_list)
			for (jt = clist_begin(a->ad_data.ad_group->grp_mb_list->mb_list); jt;
			    jt = clist_next(jt))
				add_mailbox(clist_content(jt), out, &n, max);
	}
	mailimf_address_list_free(al);
	if (n == 0)
		return scan_addresses(value, out, max);
	return n;
}

int
mime_is_pdf(const unsigned char *data, size_t len)
{
	size_t head = len < 1024 ? len : 1024, tail = len < 1024 ? len : 1024, i;
	int found = 0;

	for (i = 0; i + 5 <= head; i++)
		if (memcmp(data + i, "%PDF-", 5) == 0) {
			found = 1;
			break;
		}
	if (!found)
		return 0;
	for (i = len - tail; i + 5 <= len; i++)
		if (memcmp(data + i, "%%EOF", 5) == 0)
			return 1;
	return 0;
}

char *
mime_safe_filename(const char *name)
{
	const char *base = name, *p;
	struct strbuf sb = STRBUF_INIT;

	for (p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	for (p = base; *p; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			strbuf_addch(&sb, *p);
	strbuf_rtrim(&sb);
	/* no hidden or relative names */
	while (sb.len > 0 && sb.buf[0] == '.') {
		memmove(sb.buf, sb.buf + 1, sb.len);
		sb.len--;
	}
	if (sb.len == 0)
		strbuf_addstr(&sb, "attachment");
	return strbuf_detach(&sb, NULL);
}
