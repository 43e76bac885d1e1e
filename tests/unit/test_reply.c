/*
 * test_reply.c - the quote stripper and the command line over golden
 * replies: tests/fixtures/mailin/replies/NNN_name.in is a reply body as a
 * client writes it, NNN_name.ref the verb, the arguments and the new text
 * (closings kept, commands read above them).
 */
#include "compat.h"

#include <dirent.h>
#include <setjmp.h>
#include <cmocka.h>

#include "command.h"
#include "reply.h"
#include "reply_int.h"
#include "util.h"

#define REPLY_DIR ALTC_SRCDIR "/tests/fixtures/mailin/replies"

/* slurp - a whole file (not inlined: GCC 12 misreads the out-parameter) */
static __attribute__((noinline)) char *
slurp(const char *path, size_t *len_r)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = read_file(path, &buf, &len);

	assert_int_equal(rc, 0);
	if (len_r)
		*len_r = len;
	return buf;
}

/* ref_field - the value after "key: " on its line, copied */
static char *
ref_field(const char *ref, const char *key)
{
	const char *p = strstr(ref, key), *nl;

	assert_non_null(p);
	p += strlen(key);
	nl = strchr(p, '\n');
	return xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
}

static void
test_one(void **state)
{
	const char *base = *state;
	char *in_path = xasprintf("%s/%s.in", REPLY_DIR, base), *ref_path = xasprintf("%s/%s.ref", REPLY_DIR, base);
	size_t len;
	char *in = slurp(in_path, &len), *ref = slurp(ref_path, NULL);
	char *verb = ref_field(ref, "verb: "), *args = ref_field(ref, "args: ");
	const char *text = strstr(ref, "text:\n") + 6;
	char *want = xstrdup(text);
	struct reply_text r;
	struct command c;

	reply_extract(in, len, NULL, &r);
	str_trim(want);
	assert_string_equal(r.text, want);
	command_parse(r.command, &c);
	if (strcmp(verb, "-") == 0) {
		assert_null(c.verb);
	} else {
		assert_non_null(c.verb);
		assert_string_equal(c.verb, verb);
		assert_string_equal(c.args, args);
	}
	command_release(&c);
	reply_text_release(&r);
	free(want);
	free(verb);
	free(args);
	free(in);
	free(ref);
	free(in_path);
	free(ref_path);
}

/*
 * the command is read above a closing with at most four lines under it
 * (name, title, company, phone): a form line in a signature is not read
 */
static const struct {
	const char *mail, *command;
} closings[] = {
	{ "Lieu : Annecy\n\nCordialement,\nJean Dupont\nResponsable RH\nBENOTTI SAS\n"
	  "T\xc3\xa9l : 04 50 00 00 00\n", "Lieu : Annecy" },
	{ "Lieu : Annecy\n\nCordialement,\nJean Dupont\nResponsable RH\nBENOTTI SAS\n"
	  "T\xc3\xa9l : 04 50 00 00 00\nFax : 04 50 00 00 01\n", NULL },	/* five: no closing */
};

static void
test_closing_tail(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(closings); i++) {
		struct reply_text r;

		reply_extract(closings[i].mail, strlen(closings[i].mail), NULL, &r);
		if (closings[i].command ? strcmp(r.command, closings[i].command) != 0 :
		    strstr(r.command, "Fax") == NULL)
			fail_msg("case %zu: command '%s'", i, r.command);
		reply_text_release(&r);
	}
}

/* reply_next_nonblank looks at the n lines of the scan, never past them */
static void
test_next_nonblank(void **state)
{
	struct reply_line l[4] = {
		{ "", "", 0, 0, 1 }, { "x", "x", 1, 0, 0 }, { "", "", 0, 0, 1 }, { "", "", 0, 0, 1 },
	};
	struct reply_scan sc = { l, 3, NULL, 0, "" };

	(void)state;
	assert_int_equal(reply_next_nonblank(&sc, 0), 1);
	assert_int_equal(reply_next_nonblank(&sc, 1), 1);
	assert_int_equal(reply_next_nonblank(&sc, 2), 3);	/* none: n */
	assert_int_equal(reply_next_nonblank(&sc, 3), 3);
}

/* an empty body, or one of invisible characters only: no text, no command */
static void
test_empty(void **state)
{
	static const char *const bodies[] = { "", "\xef\xbb\xbf", "\xe2\x80\x8b\xe2\x80\x8d" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bodies); i++) {
		struct reply_text r;

		reply_extract(bodies[i], strlen(bodies[i]), NULL, &r);
		assert_string_equal(r.text, "");
		assert_string_equal(r.command, "");
		assert_string_equal(r.posting, "empty");
		reply_text_release(&r);
	}
}

/* the rule that cut the text, as altc inspect shows it */
static void
test_rule(void **state)
{
	static const struct { const char *mail, *rule; } t[] = {
		{ "VALIDER\n\nMon 3 Mar 2025 10:12 Jean Dupont <jean@x.example>:\n> Bonjour\n",
		  "attribution:date-first" },
		{ "VALIDER\n\n> Bonjour\n", "quote" },
		{ "VALIDER\n", "none" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct reply_text r;

		reply_extract(t[i].mail, strlen(t[i].mail), NULL, &r);
		if (strcmp(r.rule, t[i].rule) != 0)
			fail_msg("case %zu: rule %s", i, r.rule);
		reply_text_release(&r);
	}
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	DIR *d = opendir(REPLY_DIR);
	struct dirent *e;
	char **names = NULL;
	struct CMUnitTest *tests;
	size_t n = 0, i;
	int rc;

	if (d == NULL) {
		perror(REPLY_DIR);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 3 && strcmp(e->d_name + l - 3, ".in") == 0) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrndup(e->d_name, l - 3);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	tests = xcalloc(n + 4, sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = names[i];
		tests[i].test_func = test_one;
		tests[i].initial_state = names[i];
	}
	tests[n].name = "closing_tail";
	tests[n].test_func = test_closing_tail;
	tests[n + 1].name = "next_nonblank";
	tests[n + 1].test_func = test_next_nonblank;
	tests[n + 2].name = "empty";
	tests[n + 2].test_func = test_empty;
	tests[n + 3].name = "rule";
	tests[n + 3].test_func = test_rule;
	rc = _cmocka_run_group_tests("reply", tests, n + 4, NULL, NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return rc;
}
