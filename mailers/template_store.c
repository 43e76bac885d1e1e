/*
 * template_store.c - template files read once per process and kept in a
 * small list: a flush renders thousands of messages from a few dozen files.
 * A locale without a file falls back to fr, the platform's default.
 */
#include "compat.h"

#include "template.h"
#include "util.h"

const char *const tmpl_catalogue[] = {
	"import.invitation", "import.report",
	"account.activation", "account.confirm_email", "account.welcome",
	"offer.received", "offer.to_validate", "offer.transferred", "offer.rejected",
	"offer.published", "offer.new_for_formation", "offer.expiring",
	"application.received", "application.sent", "application.to_review",
	"application.accepted", "application.refused", "application.shortlisted",
	"interview.proposed", "interview.confirmed", "interview.cancelled",
	"message.relay",
	"mission.to_validate", "mission.validated", "mission.rejected",
	"digest.daily", "stats.weekly", "reply.error", "reply.help", "staff.confirm",
	NULL
};

struct tmpl_file {
	char *key;		/* "locale/name.ext" as asked */
	char *src;
	size_t len;
};

struct tmpl_store {
	char *dir;
	struct tmpl_file *files;
	size_t n, alloc;
};

struct tmpl_store *
tmpl_store_new(const char *dir)
{
	struct tmpl_store *s = xcalloc(1, sizeof(*s));

	s->dir = xstrdup(dir);
	return s;
}

void
tmpl_store_free(struct tmpl_store **sp)
{
	struct tmpl_store *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->files[i].key);
		free(s->files[i].src);
	}
	free(s->files);
	free(s->dir);
	free(s);
	*sp = NULL;
}

/* safe_part - locale and names come from the database: no path tricks */
static int
safe_part(const char *s)
{
	if (*s == '\0' || *s == '.')
		return 0;
	for (; *s; s++)
		if (!(*s == '_' || *s == '.' || *s == '-' || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

int
tmpl_store_get(struct tmpl_store *s, const char *locale, const char *name,
    const char *ext, const char **src_r, size_t *len_r, char **errstr_r)
{
	const char *locales[2] = { locale, "fr" };
	char *key;
	size_t i;
	int l;

	if (!safe_part(locale) || !safe_part(name) || !safe_part(ext)) {
		*errstr_r = xasprintf("bad template name '%s/%s.%s'", locale, name, ext);
		return -1;
	}
	key = xasprintf("%s/%s.%s", locale, name, ext);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->files[i].key, key) == 0) {
			free(key);
			*src_r = s->files[i].src;
			*len_r = s->files[i].len;
			return 0;
		}
	for (l = 0; l < 2; l++) {
		char *path = xasprintf("%s/%s/%s.%s", s->dir, locales[l], name, ext);
		char *buf;
		size_t len;
		int rc = read_file(path, &buf, &len);

		free(path);
		if (rc < 0)
			continue;
		if (s->n == s->alloc) {
			s->alloc = s->alloc ? s->alloc * 2 : 32;
			s->files = xreallocarray(s->files, s->alloc, sizeof(*s->files));
		}
		s->files[s->n].key = key;
		s->files[s->n].src = buf;
		s->files[s->n].len = len;
		s->n++;
		*src_r = buf;
		*len_r = len;
		return 0;
	}
	*errstr_r = xasprintf("no template '%s.%s' in %s/%s nor %s/fr", name, ext,
	    s->dir, locale, s->dir);
	free(key);
	return -1;
}
