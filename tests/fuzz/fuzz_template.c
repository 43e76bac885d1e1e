/*
 * fuzz_template.c - libFuzzer harness of the template renderer: any input
 * is rendered in both modes against a fixed set of variables (strings,
 * numbers, booleans, nested objects, arrays); the renderer must return 0
 * or -1 with a message, never crash, loop or overflow.  Built only by
 * "make fuzz" (clang -fsanitize=fuzzer,address,undefined); seeds are in
 * tests/fuzz/template/.
 *
 *   make fuzz && mkdir -p corpus &&
 *   tests/fuzz/fuzz_template -max_total_time=60 corpus $(srcdir)/tests/fuzz/template
 */
#include "compat.h"

#include <json-c/json.h>

#include "strbuf.h"
#include "template.h"

static struct json_object *vars;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tmpl_mode modes[] = { TMPL_TEXT, TMPL_HTML };
	size_t i;

	if (vars == NULL)
		vars = json_tokener_parse(
		    "{\"name\":\"Zoé <b>&\",\"n\":42,\"f\":1.5,\"yes\":true,\"no\":false,"
		    "\"nil\":null,\"empty\":\"\",\"list\":[{\"v\":\"a\",\"w\":[1,2]},{\"v\":\"b\"}],"
		    "\"words\":[\"x\",\"y\",\"z\"],\"user\":{\"first\":\"Ana\",\"org\":{\"name\":\"GEA\"}},"
		    "\"obj\":{}}");
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		struct strbuf out = STRBUF_INIT;
		char *err = NULL;

		if (tmpl_render((const char *)data, size, vars, modes[i], &out, &err) < 0) {
			if (err == NULL)
				__builtin_trap();	/* an error always says why */
			free(err);
		}
		strbuf_release(&out);
	}
	return 0;
}
