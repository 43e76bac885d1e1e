/*
 * user_text.c - French for the engine's refusals that reach a sender, from
 * the tables the modules list in their descriptors (see user_text.h for
 * the form of an entry).  A unit test checks that every refusal written in
 * the offer and company sources has its entry.
 */
#include "compat.h"

#include "module.h"
#include "strbuf.h"
#include "user_text.h"
#include "util.h"

#define MAX_ARGS 6
#define MAX_LEN 2000	/* longer messages are passed on as they are */
#define MAX_STEPS 200000	/* backtracking steps per format and message */

/* TEXTS_EACH - for (t = each entry of each module's table) */
#define TEXTS_EACH(t) \
	MODULES_EACH(mod) \
		for (const struct user_text *t = mod->texts; t && t->en; t++)

/* conversion - length of the printf conversion at p, 0 if none */
static size_t
conversion(const char *p)
{
	static const char *const convs[] = { "%s", "%lld", "%zu", "%d" };

	for (size_t i = 0; i < ARRAY_SIZE(convs); i++)
		if (strncmp(p, convs[i], strlen(convs[i])) == 0)
			return strlen(convs[i]);
	return 0;
}

/*
 * match - whether s is an instance of fmt; the arguments' spans in arg/len.
 * Backtracking over several arguments can explode on a crafted message (the
 * arguments hold what people wrote): *steps bounds the work, and a message
 * that exhausts it is passed on untranslated.
 */
static int
match(const char *fmt, const char *s, const char *arg[MAX_ARGS], size_t len[MAX_ARGS], int n,
    long *steps)
{
	size_t c;

	while (*fmt && (c = conversion(fmt)) == 0) {
		if (*fmt++ != *s++)
			return 0;
	}
	if (*fmt == '\0')
		return *s == '\0';
	if (n == MAX_ARGS)
		return 0;
	for (size_t l = 0;; l++) {	/* shortest argument first */
		if (--*steps < 0)
			return 0;
		arg[n] = s;
		len[n] = l;
		if (match(fmt + c, s + l, arg, len, n + 1, steps))
			return 1;
		if (s[l] == '\0')
			return 0;
	}
}

static void
add_state(struct strbuf *out, const char *s, size_t len)
{
	TEXTS_EACH(t)
		if (t->kind == UT_STATE && strlen(t->en) == len && strncmp(t->en, s, len) == 0) {
			strbuf_addstr(out, t->fr);
			return;
		}
	strbuf_add(out, s, len);
}

/* expand - a template of the table with the arguments (en: the English rewording) */
static char *
expand(const char *tmpl, const char *arg[MAX_ARGS], const size_t len[MAX_ARGS], int nargs,
    int en)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = tmpl;

	while (*p) {
		int k = p[0] == '{' && p[1] >= '1' && p[1] <= '0' + nargs ? p[1] - '1' : -1;
		char kind = k >= 0 ? p[2] : 0;

		if (k >= 0 && kind == '}') {
			strbuf_add(&out, arg[k], len[k]);
			p += 3;
		} else if (k >= 0 && (kind == 's' || kind == 't') && p[3] == '}') {
			if (kind == 's' && !en)
				add_state(&out, arg[k], len[k]);
			else if (kind == 's')
				strbuf_add(&out, arg[k], len[k]);
			else {
				char *inner = xstrndup(arg[k], len[k]), *t = user_text(en ? "en" : "fr", inner);

				strbuf_addstr(&out, t);
				free(t);
				free(inner);
			}
			p += 4;
		} else
			strbuf_addch(&out, *p++);
	}
	return strbuf_detach(&out, NULL);
}

char *
user_text(const char *locale, const char *msg)
{
	const char *arg[MAX_ARGS];
	size_t len[MAX_ARGS];

	int en = locale_is_en(locale);

	if (strlen(msg) > MAX_LEN)
		return xstrdup(msg);
	TEXTS_EACH(t) {
		int n = 0;

		if (t->kind != UT_MESSAGE || (en && t->en_out == NULL))
			continue;
		for (const char *p = t->en; *p; p++)
			n += *p == '%' && conversion(p) > 0;
		long steps = MAX_STEPS;

		if (match(t->en, msg, arg, len, 0, &steps))
			return expand(en ? t->en_out : t->fr, arg, len, n, en);
	}
	return xstrdup(msg);
}

const char *const *
user_text_formats(void)
{
	static const char **list;
	size_t n = 0;

	free(list);
	list = NULL;
	TEXTS_EACH(t)
		if (t->kind == UT_MESSAGE) {
			list = xreallocarray(list, n + 2, sizeof(*list));
			list[n++] = t->en;
		}
	if (list == NULL)
		list = xcalloc(1, sizeof(*list));
	list[n] = NULL;
	return list;
}
