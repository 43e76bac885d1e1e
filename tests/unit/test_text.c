/*
 * test_text.c - strbuf, folding, escaping, address checks and the table
 * output formats.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "util.h"

static const struct { const char *in; int drop; const char *out; } folds[] = {
	{ "Date_Naissance", 1, "datenaissance" },
	{ "Date Naissance", 1, "datenaissance" },
	{ "Prénom", 1, "prenom" },
	{ "CLÉ INE", 1, "cleine" },
	{ "Cœur Œuvre", 0, "coeur oeuvre" },
	{ "Département", 0, "departement" },
	{ "TRANSFÉRER", 0, "transferer" },
	{ "Straße", 0, "strasse" },
	{ "\xE9t\xE9", 0, "\xE9t\xE9" },	/* not UTF-8: bytes kept */
};

static void
test_fold(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(folds); i++) {
		struct strbuf sb = STRBUF_INIT;

		text_fold(&sb, folds[i].in, strlen(folds[i].in), folds[i].drop);
		assert_string_equal(sb.buf, folds[i].out);
		strbuf_release(&sb);
	}
	assert_true(text_fold_eq("Code_Formation", "code formation", 1));
	assert_false(text_fold_eq("Code_Formation", "code formations", 1));
}

static const struct { const char *s; int ok; } emails[] = {
	{ "emilie.martin0@etu.example", 1 }, { "a@b.fr", 1 }, { "x+tag@univ.example", 1 },
	{ "", 0 }, { "plain", 0 }, { "@b.fr", 0 }, { "a@", 0 }, { "a@b", 0 }, { "a b@c.fr", 0 },
	{ "a@@b.fr", 0 }, { "a@b..fr", 0 }, { "a@b.fr.", 0 }, { "a@.b.fr", 0 }, { "a<b@c.fr", 0 },
	{ "a@b.f", 0 }, { "dan\xef\xbf\xbd@evil.example", 0 }, { "a\x7f@b.fr", 0 },
};

static void
test_email(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(emails); i++)
		if (text_is_email(emails[i].s) != emails[i].ok)
			fail_msg("'%s' should be %s", emails[i].s, emails[i].ok ? "valid" : "invalid");
}

static void
test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *p;
	size_t len, i;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%zu,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	strbuf_add(&sb, "a\0b", 3);
	assert_int_equal(sb.buf[sb.len - 2], '\0');
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "  x  ");
	strbuf_rtrim(&sb);
	assert_string_equal(sb.buf, "  x");
	text_html_escape(&sb, "<a href=\"x\">&'</a>");
	assert_string_equal(sb.buf, "  x&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	p = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen(p));
	assert_int_equal(sb.len, 0);
	free(p);
	strbuf_release(&sb);
}

static char *
render(const struct table *t, enum table_format f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	table_print(t, f, fp);
	fclose(fp);
	return buf;
}

static void
test_table(void **state)
{
	static const char *const cols[] = { "code", "label" };
	static const char *const r1[] = { "GEA", "Gestion; \"RH\"" };
	static const char *const r2[] = { "TC", NULL };
	struct table *t = table_new(cols, 2);
	enum table_format f;
	char *out;

	(void)state;
	table_add_row(t, r1);
	table_add_row(t, r2);
	assert_int_equal(table_format_parse("csv", &f), 0);
	assert_int_equal(table_format_parse("xml", &f), -1);
	out = render(t, TABLE_CSV);
	assert_string_equal(out, "\"code\";\"label\"\r\n\"GEA\";\"Gestion; \"\"RH\"\"\"\r\n\"TC\";\r\n");
	free(out);
	out = render(t, TABLE_JSON);
	assert_non_null(strstr(out, "\"label\": \"Gestion; \\\"RH\\\"\""));
	assert_non_null(strstr(out, "\"label\": null"));
	free(out);
	out = render(t, TABLE_TEXT);
	assert_non_null(strstr(out, "code  label"));
	assert_non_null(strstr(out, "GEA   Gestion; \"RH\""));
	free(out);
	table_free(&t);
	assert_null(t);
}

/* cells a spreadsheet would run as formulas get a leading quote; numbers stay numbers */
static void
test_csv_formula(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "=HYPERLINK(\"http://x\";\"y\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\"" },
		{ "@SUM(A1:A9)", "\"'@SUM(A1:A9)\"" },
		{ "+33 6 12", "\"'+33 6 12\"" },
		{ "-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\"" },
		{ "=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"" },
		{ "\tx", "\"'\tx\"" },
		{ "\rx", "\"'\rx\"" },
		{ "-12", "\"-12\"" },
		{ "+3,5", "\"+3,5\"" },
		{ "Dupont", "\"Dupont\"" },
		{ "a=b", "\"a=b\"" },
		{ "", "\"\"" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&buf, &len);

		table_csv_cell(fp, cases[i].in, strlen(cases[i].in));
		fclose(fp);
		if (strcmp(buf, cases[i].out) != 0)
			fail_msg("'%s': got %s, want %s", cases[i].in, buf, cases[i].out);
		free(buf);
	}
}

/* what may be echoed to a sender: one short line; a cut keeps characters whole */
static void
test_excerpt(void **state)
{
	static const struct { const char *in; size_t max; const char *out; } cases[] = {
		{ "Bonjour", 60, "Bonjour" },
		{ "  a\r\nb\t\x1b[2J  c ", 60, "a b [2J c" },
		{ "BUY CHEAP BUY CHEAP", 10, "BUY CHEAP\xe2\x80\xa6" },
		{ "\xc3\xa9t\xc3\xa9 \xc3\xa9t\xc3\xa9", 4, "\xc3\xa9t\xc3\xa9\xe2\x80\xa6" },
		{ "a\xff\xfe b", 60, "a b" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = text_excerpt(cases[i].in, cases[i].max);

		if (strcmp(got, cases[i].out) != 0)
			fail_msg("excerpt %zu: got '%s', want '%s'", i, got, cases[i].out);
		free(got);
	}
	/* in place: never inside a UTF-8 sequence, "…" at the end */
	(void)xstrlcpy(buf, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", sizeof(buf));
	assert_int_equal(text_truncate(buf, 8), 1);
	assert_string_equal(buf, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	assert_int_equal(text_truncate(buf, 30), 0);
}

static void
test_html_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	text_html_escape(&sb, "<a href='x' title=\"y\">Tom & Jerry</a>");
	assert_string_equal(sb.buf,
	    "&lt;a href=&#39;x&#39; title=&quot;y&quot;&gt;Tom &amp; Jerry&lt;/a&gt;");
	strbuf_release(&sb);
}

/* sizes as the mails and pages show them */
static void
test_size(void **state)
{
	static const struct { long long n; const char *fr, *en; } sizes[] = {
		{ -1, "0 o", "0 B" },
		{ 0, "0 o", "0 B" },
		{ 999, "999 o", "999 B" },
		{ 1000, "1 ko", "1 kB" },
		{ 20480, "20 ko", "20 kB" },
		{ 999499, "999 ko", "999 kB" },
		{ 999500, "1,0 Mo", "1.0 MB" },
		{ 1250000, "1,3 Mo", "1.3 MB" },
		{ 5000000, "5,0 Mo", "5.0 MB" },
		{ 12345678901LL, "12345,7 Mo", "12345.7 MB" },
	};
	struct strbuf b = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		strbuf_reset(&b);
		text_size(&b, sizes[i].n, "fr");
		assert_string_equal(b.buf, sizes[i].fr);
		strbuf_reset(&b);
		text_size(&b, sizes[i].n, "en");
		assert_string_equal(b.buf, sizes[i].en);
	}
	strbuf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_csv_formula),
		cmocka_unit_test(test_excerpt),
		cmocka_unit_test(test_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
