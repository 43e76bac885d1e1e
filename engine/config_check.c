/*
 * config_check.c - what a configuration value means, beyond its type and
 * bounds: addresses, domains, URLs, locales, listen addresses.  One row per
 * key that has a meaning to check; config.c calls config_check_value for
 * every value it reads, so a bad one is refused at load (altc check, daemon
 * start, SIGHUP) with the file, the line and the key, instead of failing
 * later on the first mail.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <ctype.h>

#include "config.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

typedef int (*check_fn)(const char *v, char **why_r);

/* is_domain - letters, digits, hyphens and dots, at least one dot, no empty label */
static int
is_domain(const char *v)
{
	const char *p;
	size_t label = 0;
	int dots = 0;

	if (*v == '\0' || strlen(v) > 253)
		return 0;
	for (p = v; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			label = 0;
			dots++;
		} else if (isalnum((unsigned char)*p) || *p == '-') {
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	return label > 0 && dots > 0;
}

static int
check_domain(const char *v, char **why_r)
{
	if (is_domain(v))
		return 0;
	*why_r = xasprintf("'%s' is not a domain name (like alternance.univ.example)", v);
	return -1;
}

int
config_split_mailbox(const char *v, char **name_r, char **addr_r)
{
	const char *lt = strrchr(v, '<'), *gt;
	char *name, *addr;

	if (lt == NULL) {
		addr = xstrdup(v);
		name = NULL;
	} else {
		if ((gt = strchr(lt, '>')) == NULL || gt[1] != '\0')
			return -1;
		addr = xstrndup(lt + 1, (size_t)(gt - lt - 1));
		name = xstrndup(v, (size_t)(lt - v));
		str_trim(name);
		if (name[0] == '"' && strlen(name) >= 2 && name[strlen(name) - 1] == '"') {
			memmove(name, name + 1, strlen(name));
			name[strlen(name) - 1] = '\0';
		}
	}
	str_trim(addr);
	if (!text_is_email(addr)) {
		free(addr);
		free(name);
		return -1;
	}
	*addr_r = addr;
	if (name_r)
		*name_r = name;
	else
		free(name);
	return 0;
}

/* check_mailbox - "addr@domain" or "Display Name <addr@domain>" */
static int
check_mailbox(const char *v, char **why_r)
{
	char *addr;

	if (config_split_mailbox(v, NULL, &addr) == 0) {
		free(addr);
		return 0;
	}
	*why_r = xasprintf("'%s' is not a mail address (name@domain, or Name <name@domain>)", v);
	return -1;
}

static int
check_address_list(const char *v, char **why_r)
{
	char *copy = xstrdup(v), *p = copy, *next;
	int rc = 0;

	for (; p && rc == 0; p = next) {
		if ((next = strchr(p, ',')) != NULL)
			*next++ = '\0';
		str_trim(p);
		if (*p == '\0')
			continue;
		if (!text_is_email(p)) {
			*why_r = xasprintf("'%s' is not a mail address", p);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

/* url_host_ok - "scheme://host[:port][/path]" with one of the schemes, a host and a numeric port */
static int
url_ok(const char *v, const char *const *schemes, char **why_r)
{
	const char *p = strstr(v, "://"), *host, *end;
	size_t i, n;

	if (*v == '\0')
		return 0;	/* empty: the feature is off */
	for (i = 0; p && schemes[i]; i++)
		if ((size_t)(p - v) == strlen(schemes[i]) && strncasecmp(v, schemes[i], strlen(schemes[i])) == 0)
			break;
	if (p == NULL || schemes[i] == NULL) {
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; schemes[i]; i++)
			strbuf_addf(&sb, "%s%s://", i ? " or " : "", schemes[i]);
		*why_r = xasprintf("'%s' is not a URL starting with %s", v, sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	host = p + 3;
	if (*host == '[')
		end = strchr(host, ']') ? strchr(host, ']') + 1 : host;
	else
		end = host + strcspn(host, ":/");
	if (end == host) {
		*why_r = xasprintf("'%s' has no host", v);
		return -1;
	}
	if (*end == ':') {
		n = strspn(end + 1, "0123456789");
		if (n == 0 || n > 5 || (end[1 + n] != '\0' && end[1 + n] != '/') || atoi(end + 1) > 65535) {
			*why_r = xasprintf("'%s' has a bad port", v);
			return -1;
		}
	}
	for (p = v; *p; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p)) {
			*why_r = xasprintf("'%s' contains a space", v);
			return -1;
		}
	return 0;
}

static int
check_smtp_url(const char *v, char **why_r)
{
	static const char *const s[] = { "smtp", "smtps", NULL };

	return url_ok(v, s, why_r);
}

static int
check_imap_url(const char *v, char **why_r)
{
	static const char *const s[] = { "imap", "imaps", NULL };

	return url_ok(v, s, why_r);
}

static int
check_base_url(const char *v, char **why_r)
{
	static const char *const s[] = { "http", "https", NULL };

	if (*v == '\0') {
		*why_r = xstrdup("the links in mail need a base URL (https://host)");
		return -1;
	}
	if (v[strlen(v) - 1] == '/') {
		*why_r = xasprintf("'%s' ends with '/' (links would have '//')", v);
		return -1;
	}
	return url_ok(v, s, why_r);
}

static int
check_locale(const char *v, char **why_r)
{
	if (strcmp(v, "fr") == 0 || strcmp(v, "en") == 0)
		return 0;
	*why_r = xasprintf("'%s' is not a locale (fr or en)", v);
	return -1;
}

static int
check_ipv4(const char *v, char **why_r)
{
	struct in_addr a;

	if (inet_pton(AF_INET, v, &a) == 1)
		return 0;
	*why_r = xasprintf("'%s' is not an IPv4 address (like 127.0.0.1)", v);
	return -1;
}

static int
check_no_space(const char *v, char **why_r)
{
	const char *p;

	for (p = v; *p; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p)) {
			*why_r = xasprintf("'%s' contains a space", v);
			return -1;
		}
	return 0;
}

static const struct {
	const char *key;
	check_fn check;
} meanings[] = {
	{ "mail.domain", check_domain },
	{ "mail.from", check_mailbox },
	{ "mail.locale", check_locale },
	{ "mail.base_url", check_base_url },
	{ "smtp.url", check_smtp_url },
	{ "smtp.user", check_no_space },
	{ "imap.url", check_imap_url },
	{ "imap.user", check_no_space },
	{ "http.listen", check_ipv4 },
	{ "import.report_to", check_address_list },
	{ "security.trusted_authserv_id", check_no_space },
};

int
config_check_value(const char *key, const char *value, char **why_r)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(meanings); i++)
		if (strcmp(meanings[i].key, key) == 0)
			return meanings[i].check(value, why_r);
	return 0;
}
