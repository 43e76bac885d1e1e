/*
 * template.h - a small, strict Mustache-like renderer for mail templates.
 *
 * Syntax: {{name}} and dotted {{a.b}} interpolate a string or number (HTML-
 * escaped in TMPL_HTML mode, raw in TMPL_TEXT mode); {{.}} is the current
 * item; {{#x}}...{{/x}} renders when x is true, a non-empty string, a
 * non-zero number or an object, once per element when x is an array;
 * {{^x}}...{{/x}} renders when x is missing, null, false, "", 0 or [];
 * {{! comment}} is dropped; {{list.length}} is the number of elements of
 * an array (for "{{#list.length}}heading{{/list.length}}").  A section or
 * comment tag alone on its line takes the whole line with it.
 *
 * Strict: interpolating a name that is missing, null, a boolean, an object
 * or an array is a render error (a sent mail never shows a blank).  Section
 * tags on a missing name count as false, the Mustache convention for
 * optional blocks (reply.error's is_<code> flags rely on it).
 */
#ifndef ALTC_TEMPLATE_H
#define ALTC_TEMPLATE_H

#include <stddef.h>

struct json_object;
struct strbuf;

enum tmpl_mode {
	TMPL_TEXT,	/* values raw */
	TMPL_HTML,	/* values HTML-escaped */
};

#define TMPL_MAX_DEPTH 16		/* nested sections */
#define TMPL_MAX_OUTPUT (4u << 20)	/* bytes produced by one render */
#define TMPL_MAX_TAGS 1000000		/* tags rendered by one render (sections repeat theirs) */

/*
 * tmpl_render - render src[0..len) with vars (a JSON object, may be NULL)
 * appended to out.  Returns 0, or -1 with *errstr_r ("line N: ...");
 * out then holds a partial result the caller must discard.
 */
int tmpl_render(const char *src, size_t len, struct json_object *vars,
    enum tmpl_mode mode, struct strbuf *out, char **errstr_r);

/* tmpl_escape_html - append s[0..len) with & < > " ' escaped */
void tmpl_escape_html(struct strbuf *out, const char *s, size_t len);

/*
 * struct tmpl_store - template files read once and kept: DIR/LOCALE/NAME.EXT,
 * falling back to DIR/fr when the locale has no such file.
 */
struct tmpl_store;

struct tmpl_store *tmpl_store_new(const char *dir);
void tmpl_store_free(struct tmpl_store **store);
/*
 * tmpl_store_get - the content of NAME.EXT for locale (borrowed, valid until
 * the store is freed).  -1 with *errstr_r when no locale has it.
 */
int tmpl_store_get(struct tmpl_store *store, const char *locale, const char *name,
    const char *ext, const char **src_r, size_t *len_r, char **errstr_r);

/* tmpl_catalogue - every template name the platform sends, NULL-terminated */
extern const char *const tmpl_catalogue[];

#endif
