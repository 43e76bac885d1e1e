/*
 * route.c - recipient routing and token discovery.  The local parts are a
 * table; tokens are found by scanning for 32 base32 letters in the places
 * DESIGN lists, in its order, so a client that rewrites the display name or
 * a provider without plus addressing still reaches the right object.
 */
#include "compat.h"

#include <ctype.h>

#include "mime.h"
#include "route.h"
#include "util.h"

#define MAX_ADDRS 64

static const struct {
	const char *local;
	enum route_kind kind;
	int token_needed;
} locals[] = {
	{ "reply", ROUTE_REPLY, 1 },
	{ "msg", ROUTE_MSG, 1 },
	{ "bounces", ROUTE_BOUNCES, 0 },
	{ "offres", ROUTE_OFFRES, 0 },
	{ "documents", ROUTE_DOCUMENTS, 0 },
	{ "inscription", ROUTE_INSCRIPTION, 0 },
	{ "missions", ROUTE_MISSIONS, 0 },
	{ "formations", ROUTE_FORMATIONS, 0 },
	{ "parrainage", ROUTE_PARRAINAGE, 0 },
};

/* headers holding recipients, in order of trust */
static const char *const rcpt_headers[] = {
	"Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc",
};

int
route_is_platform(const char *addr, const char *domain)
{
	const char *at = strrchr(addr, '@');
	size_t ll;

	if (at == NULL || strcasecmp(at + 1, domain) != 0)
		return 0;
	ll = strcspn(addr, "+@");
	for (size_t i = 0; i < ARRAY_SIZE(locals); i++)
		if (strlen(locals[i].local) == ll && strncasecmp(addr, locals[i].local, ll) == 0)
			return 1;
	return 0;
}

const char *
route_name(enum route_kind kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(locals); i++)
		if (locals[i].kind == kind)
			return locals[i].local;
	return "none";
}

/* match_address - route of one address when it is ours and known */
static int
match_address(const char *addr, const char *domain, struct route *r)
{
	const char *at = strrchr(addr, '@'), *plus;
	size_t base;

	if (at == NULL || strcasecmp(at + 1, domain) != 0)
		return 0;
	plus = memchr(addr, '+', (size_t)(at - addr));
	base = plus ? (size_t)(plus - addr) : (size_t)(at - addr);
	for (size_t i = 0; i < ARRAY_SIZE(locals); i++) {
		if (strlen(locals[i].local) != base || strncasecmp(addr, locals[i].local, base) != 0)
			continue;
		r->kind = locals[i].kind;
		r->name = locals[i].local;
		r->token_needed = locals[i].token_needed;
		(void)xstrlcpy(r->address, addr, sizeof(r->address));
		str_lower(r->address);
		r->tag[0] = '\0';
		if (plus && (size_t)(at - plus - 1) < sizeof(r->tag)) {
			memcpy(r->tag, plus + 1, (size_t)(at - plus - 1));
			r->tag[at - plus - 1] = '\0';
			str_lower(r->tag);
		}
		return 1;
	}
	return 0;
}

static int
is_b32(int c)
{
	c = tolower(c);
	return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

/*
 * scan_token - a token in s: 32 base32 letters after one of the prefixes
 * (case-insensitive), not followed by another letter or digit
 */
static int
scan_token(const char *s, const char *const *prefixes, size_t np, char out[TOKEN_BUFSZ])
{
	for (size_t k = 0; k < np; k++) {
		size_t pl = strlen(prefixes[k]);
		const char *p = s;

		while ((p = strcasestr(p, prefixes[k])) != NULL) {
			const char *t = p + pl;
			size_t n = 0;

			while (n <= TOKEN_CHARS && t[n] && is_b32((unsigned char)t[n]))
				n++;
			if (n == TOKEN_CHARS && !isalnum((unsigned char)t[n])) {
				memcpy(out, t, TOKEN_CHARS);
				out[TOKEN_CHARS] = '\0';
				str_lower(out);
				return 1;
			}
			p += pl;
		}
	}
	return 0;
}

/* token_in_references - <TOKEN.kind@domain> among the echoed Message-IDs */
static int
token_in_references(const struct mime_msg *m, const char *domain, char out[TOKEN_BUFSZ])
{
	static const char *const hdrs[] = { "In-Reply-To", "References" };

	for (size_t h = 0; h < ARRAY_SIZE(hdrs); h++) {
		const char *v = mime_header_get(m, hdrs[h], 0), *p;

		for (p = v ? strchr(v, '<') : NULL; p; p = strchr(p + 1, '<')) {
			const char *end = strchr(p, '>'), *at;
			size_t n = 0;

			if (end == NULL)
				break;
			while (p + 1 + n < end && is_b32((unsigned char)p[1 + n]))
				n++;
			at = memchr(p, '@', (size_t)(end - p));
			if (n == TOKEN_CHARS && p[1 + n] == '.' && at &&
			    (size_t)(end - at - 1) == strlen(domain) &&
			    strncasecmp(at + 1, domain, strlen(domain)) == 0) {
				memcpy(out, p + 1, TOKEN_CHARS);
				out[TOKEN_CHARS] = '\0';
				str_lower(out);
				return 1;
			}
		}
	}
	return 0;
}

static void
find_token(const struct mime_msg *m, const char *domain, struct route *r)
{
	static const char *const subject_prefixes[] = { "[AC-" };
	static const char *const body_prefixes[] = { "reply+", "msg+", "[AC-" };
	char *addrs[MAX_ADDRS];
	size_t n, i, h;

	if (token_is_wellformed(r->tag, strlen(r->tag))) {
		(void)xstrlcpy(r->token, r->tag, sizeof(r->token));
		r->token_source = "address";
		return;
	}
	/* another plus address of the same kind among the recipients */
	for (h = 0; h < ARRAY_SIZE(rcpt_headers); h++) {
		const char *v;

		for (int nth = 0; (v = mime_header_get(m, rcpt_headers[h], nth)) != NULL; nth++) {
			n = mime_addresses(v, addrs, MAX_ADDRS);
			for (i = 0; i < n; i++) {
				struct route tmp;

				memset(&tmp, 0, sizeof(tmp));
				if (r->token_source == NULL && match_address(addrs[i], domain, &tmp) &&
				    tmp.kind == r->kind && token_is_wellformed(tmp.tag, strlen(tmp.tag))) {
					(void)xstrlcpy(r->token, tmp.tag, sizeof(r->token));
					r->token_source = "address";
				}
				free(addrs[i]);
			}
		}
	}
	if (r->token_source)
		return;
	if (token_in_references(m, domain, r->token))
		r->token_source = "references";
	else if (scan_token(m->subject, subject_prefixes, ARRAY_SIZE(subject_prefixes), r->token))
		r->token_source = "subject";
	else if (scan_token(m->text, body_prefixes, ARRAY_SIZE(body_prefixes), r->token))
		r->token_source = "body";
}

void
route_find(const struct mime_msg *m, const char *envelope_rcpt, const char *domain,
    struct route *r)
{
	char *addrs[MAX_ADDRS];
	size_t h, i, n;

	memset(r, 0, sizeof(*r));
	if (envelope_rcpt && *envelope_rcpt && strchr(envelope_rcpt, '@')) {
		const char *at = strrchr(envelope_rcpt, '@');

		/* the envelope is authoritative for our domain */
		if (strcasecmp(at + 1, domain) == 0) {
			if (match_address(envelope_rcpt, domain, r))
				goto token;
			(void)xstrlcpy(r->unknown, envelope_rcpt, sizeof(r->unknown));
			return;
		}
	}
	for (h = 0; h < ARRAY_SIZE(rcpt_headers) && r->kind == ROUTE_NONE; h++) {
		const char *v;

		for (int nth = 0; (v = mime_header_get(m, rcpt_headers[h], nth)) != NULL; nth++) {
			n = mime_addresses(v, addrs, MAX_ADDRS);
			for (i = 0; i < n; i++) {
				const char *at = strrchr(addrs[i], '@');

				if (r->kind == ROUTE_NONE && !match_address(addrs[i], domain, r) &&
				    r->unknown[0] == '\0' && at && strcasecmp(at + 1, domain) == 0)
					(void)xstrlcpy(r->unknown, addrs[i], sizeof(r->unknown));
				free(addrs[i]);
			}
			if (r->kind != ROUTE_NONE)
				break;
		}
	}
	if (r->kind == ROUTE_NONE)
		return;
token:
	if (r->kind == ROUTE_REPLY || r->kind == ROUTE_MSG)
		find_token(m, domain, r);
}
