/*
 * authres.c - Authentication-Results (RFC 8601) read as the grammar says:
 * authserv-id [version] *(";" method[/version]=result [reason] *property),
 * with CFWS comments removed first (quoted strings kept) so that a comment
 * or a property value such as smtp.mailfrom=dmarc=pass@x is never taken
 * for a result.  Only the topmost run of headers from the trusted
 * authserv-id is read.
 */
#include "compat.h"

#include <ctype.h>

#include "authres.h"
#include "mime.h"
#include "strbuf.h"
#include "util.h"

/* strip_comments - the value without (comments), nested ones included; quoted strings kept */
static void
strip_comments(const char *s, struct strbuf *out)
{
	int depth = 0, quoted = 0;

	for (; *s; s++) {
		if (quoted) {
			if (*s == '\\' && s[1]) {
				strbuf_addch(out, *s++);
			} else if (*s == '"')
				quoted = 0;
			strbuf_addch(out, *s);
		} else if (depth > 0) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '(')
				depth++;
			else if (*s == ')' && --depth == 0)
				strbuf_addch(out, ' ');
		} else if (*s == '(') {
			depth = 1;
		} else {
			if (*s == '"')
				quoted = 1;
			strbuf_addch(out, *s);
		}
	}
}

/* join_equals - blanks around '=' and '/' removed ("dmarc = pass" is allowed CFWS) */
static void
join_equals(struct strbuf *sb)
{
	size_t o = 0;

	for (size_t i = 0; i < sb->len; i++) {
		char c = sb->buf[i];

		if (isspace((unsigned char)c)) {
			size_t k = i;

			while (k < sb->len && isspace((unsigned char)sb->buf[k]))
				k++;
			if ((o > 0 && (sb->buf[o - 1] == '=' || sb->buf[o - 1] == '/')) ||
			    (k < sb->len && (sb->buf[k] == '=' || sb->buf[k] == '/'))) {
				i = k - 1;
				continue;
			}
			c = ' ';
		}
		sb->buf[o++] = c;
	}
	strbuf_setlen(sb, o);
}

/* next_token - the next blank-separated token of *sp */
static int
next_token(char **sp, struct strbuf *tok)
{
	char *s = *sp;

	strbuf_reset(tok);
	while (*s && isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return 0;
	while (*s && !isspace((unsigned char)*s))
		strbuf_addch(tok, *s++);
	*sp = s;
	return 1;
}

/* domain_of - the domain part of an address or a bare domain, without quotes */
static void
domain_of(const char *v, char *out, size_t size)
{
	const char *at = strrchr(v, '@');
	size_t n;

	v = at ? at + 1 : v;
	if (*v == '"')
		v++;
	n = strcspn(v, "\">");
	if (n >= size)
		n = size - 1;
	memcpy(out, v, n);
	out[n] = '\0';
	str_lower(out);
	while (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

static void
merge(enum authres_result *into, enum authres_result r)
{
	if (r == AUTHRES_FAIL || *into == AUTHRES_UNKNOWN)
		*into = r;
}

/* resinfo - one "method=result props..." clause */
static void
resinfo(char *clause, const char *from_domain, struct authres *r)
{
	struct strbuf tok = STRBUF_INIT;
	char method[32] = "", result[32] = "", dom[256];
	int is_dmarc, is_spf, about_from = 0;
	char *eq, *slash;

	if (!next_token(&clause, &tok) || (eq = strchr(tok.buf, '=')) == NULL)
		goto out;
	*eq = '\0';
	if ((slash = strchr(tok.buf, '/')) != NULL)
		*slash = '\0';
	(void)xstrlcpy(method, tok.buf, sizeof(method));
	(void)xstrlcpy(result, eq + 1, sizeof(result));
	str_lower(method);
	str_lower(result);
	is_dmarc = strcmp(method, "dmarc") == 0;
	is_spf = strcmp(method, "spf") == 0;
	if (!is_dmarc && !is_spf)
		goto out;
	while (next_token(&clause, &tok)) {
		if ((eq = strchr(tok.buf, '=')) == NULL)
			continue;
		*eq = '\0';
		str_lower(tok.buf);
		if ((is_dmarc && strcmp(tok.buf, "header.from") == 0) ||
		    (is_spf && strcmp(tok.buf, "smtp.mailfrom") == 0)) {
			domain_of(eq + 1, dom, sizeof(dom));
			about_from = *from_domain && strcmp(dom, from_domain) == 0;
		}
	}
	merge(is_dmarc ? &r->dmarc : &r->spf,
	    strcmp(result, "pass") == 0 && about_from ? AUTHRES_PASS : AUTHRES_FAIL);
out:
	strbuf_release(&tok);
}

int
authres_parse(const char *value, const char *from_domain, char *id, size_t idsize,
    struct authres *r)
{
	struct strbuf clean = STRBUF_INIT, tok = STRBUF_INIT;
	char *s, *semi, *head;
	int rc = -1;

	id[0] = '\0';
	strip_comments(value, &clean);
	join_equals(&clean);
	if (clean.len == 0)
		goto out;
	s = clean.buf;
	semi = strchr(s, ';');
	if (semi)
		*semi = '\0';
	head = s;
	if (!next_token(&head, &tok))
		goto out;
	(void)xstrlcpy(id, tok.buf, idsize);
	str_lower(id);
	rc = 0;
	while (semi) {
		/* clauses end at ';' outside quoted strings */
		char *c = semi + 1;
		int quoted = 0;

		for (s = c; *s && (quoted || *s != ';'); s++)
			if (*s == '"' && (s == c || s[-1] != '\\'))
				quoted = !quoted;
		semi = *s ? s : NULL;
		*s = '\0';
		resinfo(c, from_domain, r);
	}
out:
	strbuf_release(&clean);
	strbuf_release(&tok);
	return rc;
}

void
authres_read(const struct mime_msg *m, const char *authserv_id, struct authres *r)
{
	char id[256], from_domain[256] = "";
	const char *v;

	memset(r, 0, sizeof(*r));
	if (authserv_id == NULL || *authserv_id == '\0')
		return;
	if (m->from && strchr(m->from, '@'))
		domain_of(m->from, from_domain, sizeof(from_domain));
	for (int nth = 0; (v = mime_header_get(m, "Authentication-Results", nth)) != NULL; nth++) {
		struct authres one;

		memset(&one, 0, sizeof(one));
		if (authres_parse(v, from_domain, id, sizeof(id), &one) < 0 ||
		    strcasecmp(id, authserv_id) != 0)
			break;	/* another writer: this one and everything below are ignored */
		r->trusted = 1;
		if (one.dmarc != AUTHRES_UNKNOWN)
			merge(&r->dmarc, one.dmarc);
		if (one.spf != AUTHRES_UNKNOWN)
			merge(&r->spf, one.spf);
	}
}
