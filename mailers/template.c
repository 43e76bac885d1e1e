/*
 * template.c - the mail template renderer.  Debian has no maintained
 * Mustache library for C, so this is a small interpreter working straight
 * on the source text: literal runs are copied, tags are looked up in a
 * stack of JSON contexts.  It is strict about variables (see template.h),
 * bounded in nesting and output size, and fuzzed (tests/fuzz).
 */
#include "compat.h"

#include <json-c/json.h>

#include "strbuf.h"
#include "template.h"
#include "util.h"

struct render {
	const char *src;	/* whole template, for line numbers */
	enum tmpl_mode mode;
	struct json_object *stack[TMPL_MAX_DEPTH + 1];
	int depth;		/* index of the top context */
	struct strbuf *out;
	struct json_object *length;	/* scratch value of "list.length" */
	size_t tags;		/* rendered so far, against TMPL_MAX_TAGS */
	char *err;
};

/* one parsed tag: kind is 0 (variable), '#', '^', '/', '!' */
struct tag {
	const char *start, *end;	/* "{{" ... "}}" inclusive span */
	int kind;
	const char *name;
	size_t nlen;
};

static int render_span(struct render *r, const char *p, const char *end);

static int
line_of(const struct render *r, const char *p)
{
	int n = 1;
	const char *s;

	for (s = r->src; s < p; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* fail - record "line N: what 'name'" (name may be NULL); returns -1 */
static int
fail(struct render *r, const char *at, const char *what, const char *name, size_t nlen)
{
	if (r->err != NULL)
		return -1;
	if (name != NULL)
		r->err = xasprintf("line %d: %s '%.*s'", line_of(r, at), what, (int)nlen, name);
	else
		r->err = xasprintf("line %d: %s", line_of(r, at), what);
	return -1;
}

void
tmpl_escape_html(struct strbuf *out, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		strbuf_add(out, s + run, i - run);
		strbuf_addstr(out, rep);
		run = i + 1;
	}
	strbuf_add(out, s + run, len - run);
}

/* next_tag - find the next "{{...}}" at or after p; 0 when none, -1 malformed */
static int
next_tag(struct render *r, const char *p, const char *end, struct tag *t)
{
	const char *open = NULL, *q, *close = NULL;

	for (q = p; q + 1 < end; q++)
		if (q[0] == '{' && q[1] == '{') {
			open = q;
			break;
		}
	if (open == NULL)
		return 0;
	for (q = open + 2; q + 1 < end; q++)
		if (q[0] == '}' && q[1] == '}') {
			close = q;
			break;
		}
	if (close == NULL)
		return fail(r, open, "unterminated tag", NULL, 0);
	t->start = open;
	t->end = close + 2;
	q = open + 2;
	while (q < close && (*q == ' ' || *q == '\t'))
		q++;
	t->kind = 0;
	if (q < close && (*q == '#' || *q == '^' || *q == '/' || *q == '!'))
		t->kind = *q++;
	if (t->kind == '!') {
		t->name = q;
		t->nlen = 0;
		return 1;
	}
	while (q < close && (*q == ' ' || *q == '\t'))
		q++;
	t->name = q;
	while (q < close && (*q == '_' || *q == '.' || *q == '-' ||
	    (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
		q++;
	t->nlen = (size_t)(q - t->name);
	while (q < close && (*q == ' ' || *q == '\t'))
		q++;
	if (q != close || t->nlen == 0)
		return fail(r, open, "malformed tag", NULL, 0);
	return 1;
}

/*
 * standalone - whether tag t sits alone on its line; if so widen [*ls, *le)
 * to the whole line (leading blanks and the newline).
 */
static int
standalone(const struct render *r, const char *p, const char *end, const struct tag *t,
    const char **ls, const char **le)
{
	const char *a = t->start, *b = t->end;

	if (t->kind == 0)
		return 0;
	while (a > p && (a[-1] == ' ' || a[-1] == '\t'))
		a--;
	if (a > r->src && a[-1] != '\n')
		return 0;
	while (b < end && (*b == ' ' || *b == '\t'))
		b++;
	if (b < end && *b == '\r')
		b++;
	if (b < end && *b != '\n')
		return 0;
	if (b < end)
		b++;
	*ls = a;
	*le = b;
	return 1;
}

/* lookup - resolve a (dotted) name in the context stack; NULL when missing */
static int
lookup(struct render *r, const char *name, size_t nlen, struct json_object **val_r)
{
	struct json_object *cur = NULL;
	const char *seg = name, *dot;
	size_t slen;
	int i, found = 0;

	if (nlen == 1 && name[0] == '.') {
		*val_r = r->stack[r->depth];
		return 1;
	}
	dot = memchr(name, '.', nlen);
	slen = dot ? (size_t)(dot - name) : nlen;
	for (i = r->depth; i >= 0 && !found; i--) {
		struct json_object *ctx = r->stack[i];
		char key[128];

		if (ctx == NULL || !json_object_is_type(ctx, json_type_object) || slen >= sizeof(key))
			continue;
		memcpy(key, seg, slen);
		key[slen] = '\0';
		found = json_object_object_get_ex(ctx, key, &cur);
	}
	if (!found)
		return 0;
	while (dot != NULL) {
		char key[128];

		seg = dot + 1;
		dot = memchr(seg, '.', (size_t)(name + nlen - seg));
		slen = dot ? (size_t)(dot - seg) : (size_t)(name + nlen - seg);
		if (slen == 0 || slen >= sizeof(key) || cur == NULL)
			return 0;
		memcpy(key, seg, slen);
		key[slen] = '\0';
		if (cur != NULL && json_object_is_type(cur, json_type_array) &&
		    strcmp(key, "length") == 0 && dot == NULL) {
			/* "list.length": how many elements, for "{{#list.length}}" headings */
			int64_t n = (int64_t)json_object_array_length(cur);

			if (r->length == NULL)
				r->length = json_object_new_int64(n);
			else
				json_object_set_int64(r->length, n);
			*val_r = r->length;
			return 1;
		}
		if (cur == NULL || !json_object_is_type(cur, json_type_object) ||
		    !json_object_object_get_ex(cur, key, &cur))
			return 0;
	}
	*val_r = cur;
	return 1;
}

static int
truthy(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null: return 0;
	case json_type_boolean: return json_object_get_boolean(v);
	case json_type_int: return json_object_get_int64(v) != 0;
	case json_type_double: return json_object_get_double(v) != 0.0;
	case json_type_string: return json_object_get_string_len(v) > 0;
	case json_type_array: return json_object_array_length(v) > 0;
	case json_type_object: return 1;
	}
	return 0;
}

static int
emit_var(struct render *r, const struct tag *t)
{
	struct json_object *v;
	const char *s;
	size_t len;
	char num[64];

	if (!lookup(r, t->name, t->nlen, &v))
		return fail(r, t->start, "unknown variable", t->name, t->nlen);
	switch (json_object_get_type(v)) {
	case json_type_string:
		s = json_object_get_string(v);
		len = (size_t)json_object_get_string_len(v);
		break;
	case json_type_int:
		xsnprintf(num, sizeof(num), "%lld", (long long)json_object_get_int64(v));
		s = num;
		len = strlen(num);
		break;
	case json_type_double:
		xsnprintf(num, sizeof(num), "%g", json_object_get_double(v));
		s = num;
		len = strlen(num);
		break;
	default:
		return fail(r, t->start, "not a string or a number: variable",
		    t->name, t->nlen);
	}
	if (r->mode == TMPL_HTML)
		tmpl_escape_html(r->out, s, len);
	else
		strbuf_add(r->out, s, len);
	return 0;
}

/*
 * find_close - the "{{/name}}" matching an open section whose body starts
 * at p, counting nested sections of the same name.
 */
static int
find_close(struct render *r, const struct tag *open, const char *p, const char *end,
    struct tag *close)
{
	int level = 1, rc;

	while ((rc = next_tag(r, p, end, close)) == 1) {
		p = close->end;
		if (close->nlen != open->nlen || memcmp(close->name, open->name, open->nlen) != 0)
			continue;
		if (close->kind == '#' || close->kind == '^')
			level++;
		else if (close->kind == '/' && --level == 0)
			return 0;
	}
	if (rc == 0)
		return fail(r, open->start, "section not closed:", open->name, open->nlen);
	return -1;
}

static int
render_body(struct render *r, struct json_object *ctx, const char *p, const char *end)
{
	int rc;

	if (r->depth >= TMPL_MAX_DEPTH)
		return fail(r, p, "sections nested too deep", NULL, 0);
	r->stack[++r->depth] = ctx;
	rc = render_span(r, p, end);
	r->depth--;
	return rc;
}

static int
render_section(struct render *r, const struct tag *t, const char *body, const char *body_end)
{
	struct json_object *v = NULL;
	int present = lookup(r, t->name, t->nlen, &v);
	size_t i, n;

	if (t->kind == '^')
		return (present && truthy(v)) ? 0 : render_span(r, body, body_end);
	if (!present || !truthy(v))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return render_body(r, v, body, body_end);
	n = json_object_array_length(v);
	for (i = 0; i < n; i++)
		if (render_body(r, json_object_array_get_idx(v, i), body, body_end) < 0)
			return -1;
	return 0;
}

/* render_span - render src[p..end) into r->out */
static int
render_span(struct render *r, const char *p, const char *end)
{
	struct tag t, close;
	const char *ls, *le;
	int rc;

	while ((rc = next_tag(r, p, end, &t)) == 1) {
		int alone = standalone(r, p, end, &t, &ls, &le);

		strbuf_add(r->out, p, (size_t)((alone ? ls : t.start) - p));
		p = alone ? le : t.end;
		if (r->out->len > TMPL_MAX_OUTPUT)
			return fail(r, t.start, "output too large", NULL, 0);
		/* nested sections over lists multiply: bounded even when they print nothing */
		if (++r->tags > TMPL_MAX_TAGS)
			return fail(r, t.start, "template too complex", NULL, 0);
		switch (t.kind) {
		case '!':
			break;
		case 0:
			if (emit_var(r, &t) < 0)
				return -1;
			break;
		case '/':
			return fail(r, t.start, "unexpected closing tag", t.name, t.nlen);
		default:	/* '#' or '^' */
			if (find_close(r, &t, p, end, &close) < 0)
				return -1;
			/* a closing tag alone on its line takes the line with it */
			if (!standalone(r, p, end, &close, &ls, &le)) {
				ls = close.start;
				le = close.end;
			}
			if (render_section(r, &t, p, ls) < 0)
				return -1;
			p = le;
			break;
		}
	}
	if (rc < 0)
		return -1;
	strbuf_add(r->out, p, (size_t)(end - p));
	return 0;
}

int
tmpl_render(const char *src, size_t len, struct json_object *vars,
    enum tmpl_mode mode, struct strbuf *out, char **errstr_r)
{
	struct render r;

	memset(&r, 0, sizeof(r));
	r.src = src;
	r.mode = mode;
	r.stack[0] = vars;
	r.out = out;
	if (render_span(&r, src, src + len) < 0) {
		json_object_put(r.length);
		*errstr_r = r.err ? r.err : xstrdup("render error");
		return -1;
	}
	json_object_put(r.length);
	return 0;
}
