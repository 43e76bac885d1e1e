/*
 * test_template.c - the renderer, table-driven: interpolation, escaping by
 * mode, sections, loops, inverted sections, standalone lines, strictness.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <unistd.h>

#include "strbuf.h"
#include "template.h"
#include "util.h"

struct case_ {
	const char *src;
	const char *vars;
	enum tmpl_mode mode;
	const char *want;	/* NULL: an error containing err */
	const char *err;
};

static const char vars1[] =
    "{\"name\":\"Zoé <b>&'\\\"\",\"n\":42,\"yes\":true,\"no\":false,\"empty\":\"\","
    "\"zero\":0,\"nil\":null,\"list\":[{\"v\":\"a\"},{\"v\":\"b\"}],\"none\":[],"
    "\"words\":[\"<x>\",\"y\"],\"user\":{\"first\":\"Ana\",\"org\":{\"name\":\"GEA\"}},"
    "\"obj\":{}}";

static const struct case_ cases[] = {
	{ "plain text", vars1, TMPL_TEXT, "plain text", NULL },
	{ "", vars1, TMPL_TEXT, "", NULL },
	{ "Hi {{name}}!", vars1, TMPL_TEXT, "Hi Zoé <b>&'\"!", NULL },
	{ "Hi {{name}}!", vars1, TMPL_HTML, "Hi Zoé &lt;b&gt;&amp;&#39;&quot;!", NULL },
	{ "{{ n }} / {{n}}", vars1, TMPL_HTML, "42 / 42", NULL },
	{ "{{user.first}} {{user.org.name}}", vars1, TMPL_TEXT, "Ana GEA", NULL },
	{ "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}", vars1, TMPL_TEXT, "Y", NULL },
	{ "{{^no}}not{{/no}}{{^yes}}X{{/yes}}", vars1, TMPL_TEXT, "not", NULL },
	{ "{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}", vars1, TMPL_TEXT, "e", NULL },
	{ "{{#zero}}Z{{/zero}}{{^nil}}n{{/nil}}", vars1, TMPL_TEXT, "n", NULL },
	{ "{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}", vars1, TMPL_TEXT, "m", NULL },
	{ "{{#list}}[{{v}}]{{/list}}", vars1, TMPL_TEXT, "[a][b]", NULL },
	{ "{{#list}}{{v}}-{{n}};{{/list}}", vars1, TMPL_TEXT, "a-42;b-42;", NULL },
	{ "{{#none}}x{{/none}}{{^none}}nothing{{/none}}", vars1, TMPL_TEXT, "nothing", NULL },
	{ "{{#words}}[{{.}}]{{/words}}", vars1, TMPL_HTML, "[&lt;x&gt;][y]", NULL },
	{ "{{#user}}{{first}}{{/user}}", vars1, TMPL_TEXT, "Ana", NULL },
	{ "{{#obj}}o{{/obj}}", vars1, TMPL_TEXT, "o", NULL },
	{ "{{list.length}}/{{none.length}}", vars1, TMPL_TEXT, "2/0", NULL },
	{ "{{#list.length}}L:{{#list}}{{v}}{{/list}}{{/list.length}}{{#none.length}}N{{/none.length}}",
	  vars1, TMPL_TEXT, "L:ab", NULL },
	{ "{{user.length}}", vars1, TMPL_TEXT, NULL, "unknown variable" },
	{ "{{#list}}{{#list}}.{{/list}}{{/list}}", vars1, TMPL_TEXT, "....", NULL },
	{ "a{{! a comment }}b", vars1, TMPL_TEXT, "ab", NULL },
	{ "A\n{{#yes}}\nB\n{{/yes}}\nC\n", vars1, TMPL_TEXT, "A\nB\nC\n", NULL },
	{ "A\n  {{#no}}\nB\n  {{/no}}\nC\n", vars1, TMPL_TEXT, "A\nC\n", NULL },
	{ "A\n{{#list}}\n- {{v}}\n{{/list}}\nZ", vars1, TMPL_TEXT, "A\n- a\n- b\nZ", NULL },
	{ "A {{#yes}}B{{/yes}} C\n", vars1, TMPL_TEXT, "A B C\n", NULL },
	{ "x\r\n{{#yes}}\r\ny\r\n{{/yes}}\r\n", vars1, TMPL_TEXT, "x\r\ny\r\n", NULL },
	{ "{ {single} }", vars1, TMPL_TEXT, "{ {single} }", NULL },
	/* strictness */
	{ "{{nosuch}}", vars1, TMPL_TEXT, NULL, "unknown variable 'nosuch'" },
	{ "ok\n{{user.last}}", vars1, TMPL_TEXT, NULL, "line 2: unknown variable 'user.last'" },
	{ "{{nil}}", vars1, TMPL_TEXT, NULL, "not a string" },
	{ "{{yes}}", vars1, TMPL_TEXT, NULL, "not a string" },
	{ "{{list}}", vars1, TMPL_TEXT, NULL, "not a string" },
	{ "{{user}}", vars1, TMPL_TEXT, NULL, "not a string" },
	{ "{{#yes}}open", vars1, TMPL_TEXT, NULL, "not closed" },
	{ "{{/yes}}", vars1, TMPL_TEXT, NULL, "unexpected closing" },
	{ "{{name", vars1, TMPL_TEXT, NULL, "unterminated" },
	{ "{{}}", vars1, TMPL_TEXT, NULL, "malformed" },
	{ "{{a b}}", vars1, TMPL_TEXT, NULL, "malformed" },
	{ "{{{name}}}", vars1, TMPL_TEXT, NULL, "malformed" },
	{ "{{#list}}{{nosuch}}{{/list}}", vars1, TMPL_TEXT, NULL, "unknown variable" },
	{ "{{name}}", NULL, TMPL_TEXT, NULL, "unknown variable" },
};

static void
test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct case_ *c = &cases[i];
		struct json_object *v = c->vars ? json_tokener_parse(c->vars) : NULL;
		struct strbuf out = STRBUF_INIT;
		char *err = NULL;
		int rc;

		if (c->vars)
			assert_non_null(v);
		rc = tmpl_render(c->src, strlen(c->src), v, c->mode, &out, &err);
		if (c->want) {
			if (rc != 0)
				fail_msg("case %zu '%s': %s", i, c->src, err);
			assert_string_equal(out.buf, c->want);
		} else {
			if (rc == 0)
				fail_msg("case %zu '%s' rendered '%s'", i, c->src, out.buf);
			assert_non_null(strstr(err, c->err));
			free(err);
		}
		strbuf_release(&out);
		json_object_put(v);
	}
}

/* deep nesting is refused, not a stack overflow */
static void
test_depth(void **state)
{
	struct strbuf src = STRBUF_INIT, out = STRBUF_INIT;
	struct json_object *v = json_tokener_parse("{\"o\":{}}");
	char *err = NULL;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		strbuf_addstr(&src, "{{#o}}");
	for (i = 0; i < 40; i++)
		strbuf_addstr(&src, "{{/o}}");
	assert_int_equal(tmpl_render(src.buf, src.len, v, TMPL_TEXT, &out, &err), -1);
	assert_non_null(strstr(err, "too deep"));
	free(err);
	strbuf_release(&src);
	strbuf_release(&out);
	json_object_put(v);
}

/*
 * sections nested over lists multiply their work even when they print
 * nothing: 15 levels over a list of 4 would be 4^15 renders; refused quickly
 */
static void
test_work_bound(void **state)
{
	struct strbuf src = STRBUF_INIT, out = STRBUF_INIT;
	struct json_object *v = json_tokener_parse("{\"l\":[{},{},{},{}]}");
	char *err = NULL;
	int i;

	(void)state;
	for (i = 0; i < 15; i++)
		strbuf_addstr(&src, "{{#l}}{{! nothing }}");
	for (i = 0; i < 15; i++)
		strbuf_addstr(&src, "{{/l}}");
	assert_int_equal(tmpl_render(src.buf, src.len, v, TMPL_TEXT, &out, &err), -1);
	assert_non_null(strstr(err, "too complex"));
	free(err);
	/* three levels, as the catalogue's lists are, render */
	strbuf_reset(&src);
	strbuf_reset(&out);
	strbuf_addstr(&src, "{{#l}}{{#l}}{{#l}}.{{/l}}{{/l}}{{/l}}");
	assert_int_equal(tmpl_render(src.buf, src.len, v, TMPL_TEXT, &out, &err), 0);
	assert_int_equal(out.len, 64);
	strbuf_release(&src);
	strbuf_release(&out);
	json_object_put(v);
}

/* the store falls back to fr and refuses path tricks */
static void
test_store(void **state)
{
	char dir[] = "/tmp/test_template.XXXXXX";
	struct tmpl_store *s;
	const char *src;
	size_t len;
	char *err = NULL, *p;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/fr", dir);
	assert_int_equal(mkdir_p(p, 0700), 0);
	free(p);
	p = xasprintf("%s/fr/x.txt", dir);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs("bonjour", fp);
	fclose(fp);
	s = tmpl_store_new(dir);
	assert_int_equal(tmpl_store_get(s, "en", "x", "txt", &src, &len, &err), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(src, "bonjour", 7);
	assert_int_equal(tmpl_store_get(s, "fr", "y", "txt", &src, &len, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(tmpl_store_get(s, "../fr", "x", "txt", &src, &len, &err), -1);
	free(err);
	tmpl_store_free(&s);
	assert_null(s);
	unlink(p);
	free(p);
	p = xasprintf("%s/fr", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_work_bound),
		cmocka_unit_test(test_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
