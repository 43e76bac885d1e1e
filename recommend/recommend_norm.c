/*
 * recommend_norm.c - what people type, made comparable.  A value is folded
 * (lower case, no accents, punctuation as spaces), each word loses a plural
 * s or x, and the result is looked up in the synonyms table, which maps
 * every way of writing a value to one key and one spelling to show.
 *
 * Places: a postal code or "(74)" gives the département; otherwise the
 * commune, département or region is looked up by name in the data files.
 * The data is small (a few hundred lines) and read once per run.
 */
#include "compat.h"

#include <ctype.h>

#include "recommend.h"
#include "recommend_int.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

struct rec_norm {
	struct rec_dict syn;		/* alias key -> index in canon */
	char **canon_key, **canon_shown;
	size_t ncanon;
	struct rec_dict depts;		/* code ("74", "2a") and name key -> dept index */
	struct rec_dict regions;	/* name key -> region index */
	struct rec_dict communes;	/* commune key -> dept index */
	char **dept_code;		/* by dept index, as written ("74", "2A") */
	int *dept_region;
	size_t ndepts, nregions;
};

/* ---- the dictionary ---- */

void
rec_dict_init(struct rec_dict *d)
{
	d->cap = 64;
	d->n = 0;
	d->keys = xcalloc(d->cap, sizeof(*d->keys));
	d->vals = xcalloc(d->cap, sizeof(*d->vals));
}

void
rec_dict_release(struct rec_dict *d)
{
	for (size_t i = 0; i < d->cap; i++)
		free(d->keys[i]);
	FREE_AND_NULL(d->keys);
	FREE_AND_NULL(d->vals);
	d->cap = d->n = 0;
}

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int32_t
rec_dict_get(const struct rec_dict *d, const char *key)
{
	for (size_t i = hash(key) & (d->cap - 1); d->keys[i]; i = (i + 1) & (d->cap - 1))
		if (strcmp(d->keys[i], key) == 0)
			return d->vals[i];
	return -1;
}

int32_t
rec_dict_put(struct rec_dict *d, const char *key, int32_t val)
{
	size_t i;

	if (2 * (d->n + 1) > d->cap) {
		struct rec_dict big = { xcalloc(2 * d->cap, sizeof(char *)),
		    xcalloc(2 * d->cap, sizeof(int32_t)), 2 * d->cap, d->n };

		for (size_t k = 0; k < d->cap; k++) {
			if (d->keys[k] == NULL)
				continue;
			for (i = hash(d->keys[k]) & (big.cap - 1); big.keys[i]; i = (i + 1) & (big.cap - 1))
				;
			big.keys[i] = d->keys[k];
			big.vals[i] = d->vals[k];
		}
		free(d->keys);
		free(d->vals);
		*d = big;
	}
	for (i = hash(key) & (d->cap - 1); d->keys[i]; i = (i + 1) & (d->cap - 1))
		if (strcmp(d->keys[i], key) == 0)
			return d->vals[i];
	d->keys[i] = xstrdup(key);
	d->vals[i] = val;
	d->n++;
	return val;
}

/* ---- folding ---- */

void
rec_fold(struct strbuf *out, const char *s, size_t len)
{
	struct strbuf f = STRBUF_INIT;

	text_fold(&f, s, len, 0);
	strbuf_reset(out);
	for (size_t i = 0; i < f.len; i++) {
		unsigned char c = (unsigned char)f.buf[i];

		if (isalnum(c) || c >= 0x80)
			strbuf_addch(out, (char)c);
		else if (out->len > 0 && out->buf[out->len - 1] != ' ')
			strbuf_addch(out, ' ');
	}
	strbuf_rtrim(out);
	strbuf_release(&f);
}

/* key_of - folded, each word without its plural s or x */
static void
key_of(struct strbuf *out, const char *s, size_t len)
{
	struct strbuf f = STRBUF_INIT;
	size_t i = 0;

	rec_fold(&f, s, len);
	strbuf_reset(out);
	while (i < f.len) {
		size_t j = i;

		while (j < f.len && f.buf[j] != ' ')
			j++;
		if (j - i > 3 && (f.buf[j - 1] == 's' || f.buf[j - 1] == 'x') && f.buf[j - 2] != 's')
			strbuf_add(out, f.buf + i, j - i - 1);
		else
			strbuf_add(out, f.buf + i, j - i);
		if (j < f.len)
			strbuf_addch(out, ' ');
		i = j + 1;
	}
	strbuf_release(&f);
}

/* canon - the synonym of a key, or -1 */
static int32_t
canon(const struct rec_norm *n, const char *key)
{
	return n ? rec_dict_get(&n->syn, key) : -1;
}

char *
rec_norm_key(const struct rec_norm *n, const char *text)
{
	struct strbuf k = STRBUF_INIT;
	int32_t c;

	key_of(&k, text, strlen(text));
	if ((c = canon(n, k.buf)) >= 0) {
		strbuf_release(&k);
		return xstrdup(n->canon_key[c]);
	}
	return strbuf_detach(&k, NULL);
}

/* is_sep - a list separator at s: , ; / | newline + or the word et / and */
static size_t
sep_len(const char *s, size_t at, size_t len)
{
	if (strchr(",;/|\n+", s[at]))
		return 1;
	if (at > 0 && s[at - 1] == ' ') {
		if (at + 3 <= len && strncasecmp(s + at, "et ", 3) == 0)
			return 3;
		if (at + 4 <= len && strncasecmp(s + at, "and ", 4) == 0)
			return 4;
	}
	return 0;
}

size_t
rec_norm_values(const struct rec_norm *n, const char *text,
    void (*fn)(void *arg, const char *key, const char *shown), void *arg)
{
	struct strbuf k = STRBUF_INIT;
	size_t len = strlen(text), i = 0, start = 0, count = 0;

	while (i <= len) {
		size_t sl = i < len ? sep_len(text, i, len) : 1;

		if (sl == 0) {
			i++;
			continue;
		}
		if (i > start) {
			char *v = xstrndup(text + start, i - start);
			int32_t c;

			/* '|' and newlines separate the stored matched values */
			for (char *q = v; *q; q++)
				if (*q == '|' || *q == '\n' || *q == '\r')
					*q = ' ';
			str_trim(v);
			while (*v == '-' || *v == '*') {	/* "- item" lines */
				memmove(v, v + 1, strlen(v));
				str_trim(v);
			}
			key_of(&k, v, strlen(v));
			if (k.len > 0) {
				if ((c = canon(n, k.buf)) >= 0)
					fn(arg, n->canon_key[c], n->canon_shown[c]);
				else
					fn(arg, k.buf, v);
				count++;
			}
			free(v);
		}
		i += sl;
		start = i;
	}
	strbuf_release(&k);
	return count;
}

/* ---- places and mobility ---- */

int
rec_norm_mobility(const char *text)
{
	static const struct { const char *word; int level; } words[] = {
		{ "local", REC_MOB_LOCAL }, { "commune", REC_MOB_LOCAL }, { "ville", REC_MOB_LOCAL },
		{ "city", REC_MOB_LOCAL }, { "depart", REC_MOB_DEPT }, { "dept", REC_MOB_DEPT },
		{ "region", REC_MOB_REGION }, { "nation", REC_MOB_NATION },
		{ "france", REC_MOB_NATION }, { "partout", REC_MOB_NATION },
		{ "international", REC_MOB_NATION }, { "country", REC_MOB_NATION },
	};
	struct strbuf f = STRBUF_INIT;
	int level = -1;

	rec_fold(&f, text, strlen(text));
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && level < 0; i++)
		if (strstr(f.buf, words[i].word))
			level = words[i].level;
	strbuf_release(&f);
	return level;
}

/* dept_of_code - the département of a postal code (5 digits at s) */
static int
dept_of_code(const struct rec_norm *n, const char *s)
{
	char code[4];

	if (s[0] == '9' && s[1] == '7')
		xsnprintf(code, sizeof(code), "%.3s", s);
	else if (s[0] == '2' && s[1] == '0')
		xsnprintf(code, sizeof(code), "%s", strncmp(s, "202", 3) < 0 ? "2a" : "2b");
	else
		xsnprintf(code, sizeof(code), "%.2s", s);
	return rec_dict_get(&n->depts, code);
}

int
rec_norm_place(const struct rec_norm *n, const char *text, struct rec_place *p)
{
	struct strbuf rest = STRBUF_INIT, k = STRBUF_INIT;
	const char *s = text;
	size_t len = strlen(text);

	memset(p, 0, sizeof(*p));
	p->dept = p->region = -1;
	for (size_t i = 0; i < len; i++) {
		size_t j = i;

		while (j < len && isdigit((unsigned char)s[j]))
			j++;
		if (j - i == 5 && p->dept < 0) {		/* a postal code */
			p->dept = dept_of_code(n, s + i);
			i = j - 1;
			continue;
		}
		if (s[i] == '(') {			/* "(74)", "(2A)" */
			const char *close = strchr(s + i, ')');

			if (close && close - (s + i) <= 4) {
				char code[4];
				int d;

				xsnprintf(code, sizeof(code), "%.*s", (int)(close - s - i - 1), s + i + 1);
				str_lower(code);
				if ((d = rec_dict_get(&n->depts, code)) >= 0)
					p->dept = d;
				i = (size_t)(close - s);
				continue;
			}
		}
		if (j > i) {
			strbuf_add(&rest, s + i, j - i);
			i = j - 1;
		} else
			strbuf_addch(&rest, s[i]);
	}
	str_trim(rest.buf);
	rest.len = strlen(rest.buf);
	rec_fold(&k, rest.buf, rest.len);
	if (k.len > 0) {
		int d = rec_dict_get(&n->communes, k.buf), r;

		if (d >= 0 || p->dept >= 0) {
			xstrlcpy(p->commune, k.buf, sizeof(p->commune));
			if (p->dept < 0)
				p->dept = d;
		} else if ((d = rec_dict_get(&n->depts, k.buf)) >= 0)
			p->dept = d;
		else if ((r = rec_dict_get(&n->regions, k.buf)) >= 0)
			p->region = r;
		else
			xstrlcpy(p->commune, k.buf, sizeof(p->commune));
	}
	if (p->dept >= 0)
		p->region = n->dept_region[p->dept];
	if (rest.len > 0 && p->dept >= 0 && p->commune[0])
		xsnprintf(p->shown, sizeof(p->shown), "%s (%s)", rest.buf, n->dept_code[p->dept]);
	else if (rest.len > 0)
		xsnprintf(p->shown, sizeof(p->shown), "%s", rest.buf);
	else if (p->dept >= 0)
		xsnprintf(p->shown, sizeof(p->shown), "%s", n->dept_code[p->dept]);
	strbuf_release(&rest);
	strbuf_release(&k);
	return p->dept >= 0 || p->region >= 0 || p->commune[0];
}

/* ---- loading ---- */

/* next_line - the next line of data that is neither empty nor a comment */
static char *
next_line(char **cur)
{
	char *line;

	while ((line = *cur) != NULL && *line) {
		char *nl = strchr(line, '\n');

		if (nl) {
			*nl = '\0';
			*cur = nl + 1;
		} else
			*cur = line + strlen(line);
		str_trim(line);
		if (*line && *line != '#')
			return line;
	}
	return NULL;
}

static int
load_file(const char *datadir, const char *name, char **data_r, char **errstr_r)
{
	char *path = xasprintf("%s/recommend/%s", datadir, name);
	size_t len;
	int rc = read_file(path, data_r, &len);

	if (rc < 0)
		*errstr_r = xasprintf("cannot read '%s': %s", path, strerror(errno));
	free(path);
	return rc;
}

static void
add_synonyms(struct rec_norm *n, char *line)
{
	char *colon = strchr(line, ':'), *alias, *next, *en;
	struct strbuf k = STRBUF_INIT;
	int32_t c;

	if (colon)
		*colon = '\0';
	/* "anglais | English": shown as "anglais|English", the English also a spelling */
	if ((en = strchr(line, '|')) != NULL) {
		*en++ = '\0';
		str_trim(en);
	}
	str_trim(line);
	key_of(&k, line, strlen(line));
	if (k.len == 0) {
		strbuf_release(&k);
		return;
	}
	n->canon_key = xreallocarray(n->canon_key, n->ncanon + 1, sizeof(char *));
	n->canon_shown = xreallocarray(n->canon_shown, n->ncanon + 1, sizeof(char *));
	c = (int32_t)n->ncanon++;
	n->canon_key[c] = xstrdup(k.buf);
	n->canon_shown[c] = en && *en ? xasprintf("%s|%s", line, en) : xstrdup(line);
	rec_dict_put(&n->syn, k.buf, c);
	if (en && *en) {
		key_of(&k, en, strlen(en));
		if (k.len)
			rec_dict_put(&n->syn, k.buf, c);
	}
	for (alias = colon ? colon + 1 : NULL; alias; alias = next) {
		if ((next = strchr(alias, ',')) != NULL)
			*next++ = '\0';
		key_of(&k, alias, strlen(alias));
		if (k.len)
			rec_dict_put(&n->syn, k.buf, c);
	}
	strbuf_release(&k);
}

static void
add_dept(struct rec_norm *n, char *line)
{
	char *f[3], *p = line;
	struct strbuf k = STRBUF_INIT;
	int32_t d, r;

	for (int i = 0; i < 3; i++) {
		f[i] = p ? p : (char *)"";
		if (p && (p = strchr(p, ';')) != NULL)
			*p++ = '\0';
		str_trim(f[i]);
	}
	if (!*f[0] || !*f[2])
		return;
	d = (int32_t)n->ndepts++;
	n->dept_code = xreallocarray(n->dept_code, n->ndepts, sizeof(char *));
	n->dept_region = xreallocarray(n->dept_region, n->ndepts, sizeof(int));
	n->dept_code[d] = xstrdup(f[0]);
	rec_fold(&k, f[0], strlen(f[0]));
	rec_dict_put(&n->depts, k.buf, d);
	rec_fold(&k, f[1], strlen(f[1]));
	rec_dict_put(&n->depts, k.buf, d);
	rec_fold(&k, f[2], strlen(f[2]));
	r = rec_dict_put(&n->regions, k.buf, (int32_t)n->nregions);
	if ((size_t)r == n->nregions)
		n->nregions++;
	n->dept_region[d] = r;
	strbuf_release(&k);
}

static void
add_commune(struct rec_norm *n, char *line)
{
	char *semi = strchr(line, ';');
	struct strbuf k = STRBUF_INIT;
	int32_t d;

	if (semi == NULL)
		return;
	*semi = '\0';
	rec_fold(&k, semi + 1, strlen(semi + 1));
	if ((d = rec_dict_get(&n->depts, k.buf)) >= 0) {
		rec_fold(&k, line, strlen(line));
		rec_dict_put(&n->communes, k.buf, d);
	}
	strbuf_release(&k);
}

struct rec_norm *
rec_norm_load(const char *datadir, char **errstr_r)
{
	static const struct { const char *file; void (*add)(struct rec_norm *, char *); } files[] = {
		{ "synonymes.txt", add_synonyms }, { "departements.txt", add_dept },
		{ "communes.txt", add_commune },
	};
	struct rec_norm *n = xcalloc(1, sizeof(*n));

	rec_dict_init(&n->syn);
	rec_dict_init(&n->depts);
	rec_dict_init(&n->regions);
	rec_dict_init(&n->communes);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *data, *cur, *line;

		if (load_file(datadir, files[i].file, &data, errstr_r) < 0) {
			rec_norm_free(&n);
			return NULL;
		}
		for (cur = data; (line = next_line(&cur)) != NULL; )
			files[i].add(n, line);
		free(data);
	}
	return n;
}

void
rec_norm_free(struct rec_norm **np)
{
	struct rec_norm *n = *np;

	if (n == NULL)
		return;
	for (size_t i = 0; i < n->ncanon; i++) {
		free(n->canon_key[i]);
		free(n->canon_shown[i]);
	}
	for (size_t i = 0; i < n->ndepts; i++)
		free(n->dept_code[i]);
	free(n->canon_key);
	free(n->canon_shown);
	free(n->dept_code);
	free(n->dept_region);
	rec_dict_release(&n->syn);
	rec_dict_release(&n->depts);
	rec_dict_release(&n->regions);
	rec_dict_release(&n->communes);
	free(n);
	*np = NULL;
}
