/*
 * compose_render.c - from an outbox row to subject, text and HTML.
 *
 * Files (see templates/VARIABLES.md): LOCALE/NAME.txt starts with a line
 * "Subject: ..." (itself a template) followed by the text body;
 * LOCALE/NAME.html is the HTML body fragment.  Both are spliced into
 * LOCALE/layout.txt and LOCALE/layout.html at the literal marker
 * %%CONTENT%%, so greeting, signature and footer live in one place.
 * Variables are the row's JSON plus common ones added here; the row's own
 * values win, except that common names are always defined.
 */
#include "compat.h"

#include <json-c/json.h>
#include <time.h>

#include "compose.h"
#include "notify.h"
#include "outbox_db.h"
#include "strbuf.h"
#include "template.h"
#include "token.h"
#include "util.h"

const char *
compose_reply_local(struct json_object *vars)
{
	struct json_object *r;

	if (vars && json_object_object_get_ex(vars, "reply_route", &r) &&
	    json_object_is_type(r, json_type_string) && strcmp(json_object_get_string(r), "msg") == 0)
		return "msg";
	return "reply";
}

#define MARKER "%%CONTENT%%"

void
rendered_release(struct rendered *r)
{
	FREE_AND_NULL(r->subject);
	json_object_put(r->vars);
	r->vars = NULL;
	strbuf_release(&r->text);
	strbuf_release(&r->html);
}

char *
compose_date(const char *locale, int64_t t)
{
	return notify_format_date(locale, t);
}

static void
set_default(struct json_object *o, const char *key, struct json_object *v)
{
	if (json_object_object_get_ex(o, key, NULL))
		json_object_put(v);
	else
		json_object_object_add(o, key, v);
}

/* build_vars - the row's variables plus the common ones */
static struct json_object *
build_vars(const struct compose_env *env, const struct outbox_row *row, char **errstr_r)
{
	struct json_object *v, *tok;
	char *s;

	v = json_tokener_parse(*row->vars ? row->vars : "{}");
	if (v == NULL || !json_object_is_type(v, json_type_object)) {
		json_object_put(v);
		*errstr_r = xasprintf("outbox %lld: variables are not a JSON object", (long long)row->id);
		return NULL;
	}
	set_default(v, "platform_name", json_object_new_string(env->from_name));
	set_default(v, "platform_address", json_object_new_string(env->from));
	set_default(v, "base_url", json_object_new_string(env->base_url));
	set_default(v, "domain", json_object_new_string(env->domain));
	set_default(v, "recipient_name", json_object_new_string(row->rcpt_name ? row->rcpt_name : ""));
	set_default(v, "recipient_email", json_object_new_string(row->rcpt));
	s = compose_date(row->locale, row->created_at);
	set_default(v, "date", json_object_new_string(s));
	free(s);
	s = row->token ? xasprintf("%s+%s@%s", compose_reply_local(v), row->token, env->domain) :
	    xstrdup("");
	set_default(v, "reply_address", json_object_new_string(s));
	free(s);
	set_default(v, "actionable", json_object_new_boolean(row->token != NULL));
	if (json_object_object_get_ex(v, "unsubscribe_token", &tok) &&
	    json_object_is_type(tok, json_type_string)) {
		s = xasprintf("%s/u/%s", env->base_url, json_object_get_string(tok));
		set_default(v, "unsubscribe_url", json_object_new_string(s));
		free(s);
	}
	return v;
}

/* splice - render layout and put body at its marker */
static int
splice(const struct compose_env *env, const char *locale, const char *ext,
    struct json_object *vars, enum tmpl_mode mode, struct strbuf *body, char **errstr_r)
{
	struct strbuf lay = STRBUF_INIT;
	const char *src, *m;
	size_t len;
	char *err = NULL;

	if (tmpl_store_get(env->store, locale, "layout", ext, &src, &len, errstr_r) < 0)
		return -1;
	if (tmpl_render(src, len, vars, mode, &lay, &err) < 0) {
		*errstr_r = xasprintf("layout.%s: %s", ext, err);
		free(err);
		strbuf_release(&lay);
		return -1;
	}
	if ((m = strstr(lay.buf, MARKER)) == NULL) {
		*errstr_r = xasprintf("layout.%s has no %s marker", ext, MARKER);
		strbuf_release(&lay);
		return -1;
	}
	{
		struct strbuf out = STRBUF_INIT;

		strbuf_add(&out, lay.buf, (size_t)(m - lay.buf));
		strbuf_add(&out, body->buf, body->len);
		strbuf_rtrim(&out);
		strbuf_addstr(&out, m + strlen(MARKER));
		strbuf_release(body);
		*body = out;
	}
	strbuf_release(&lay);
	return 0;
}

static int
render_file(const struct compose_env *env, const struct outbox_row *row, const char *ext,
    const char *src, size_t len, struct json_object *vars, enum tmpl_mode mode,
    struct strbuf *out, char **errstr_r)
{
	char *err = NULL;

	if (tmpl_render(src, len, vars, mode, out, &err) < 0) {
		*errstr_r = xasprintf("%s/%s.%s: %s", row->locale, row->template, ext, err);
		free(err);
		return -1;
	}
	return 0;
}

int
compose_render(const struct compose_env *env, const struct outbox_row *row,
    struct rendered *out, char **errstr_r)
{
	struct json_object *vars;
	struct strbuf subj = STRBUF_INIT;
	const char *src, *nl, *body;
	size_t len;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	strbuf_init(&out->text, 0);
	strbuf_init(&out->html, 0);
	if ((vars = build_vars(env, row, errstr_r)) == NULL)
		return -1;
	if (tmpl_store_get(env->store, row->locale, row->template, "txt", &src, &len, errstr_r) < 0)
		goto out;
	nl = memchr(src, '\n', len);
	if (strncmp(src, "Subject:", 8) != 0 || nl == NULL) {
		*errstr_r = xasprintf("%s/%s.txt: the first line must be 'Subject: ...'",
		    row->locale, row->template);
		goto out;
	}
	if (render_file(env, row, "txt", src + 8, (size_t)(nl - src - 8), vars, TMPL_TEXT,
	    &subj, errstr_r) < 0)
		goto out;
	out->subject = hdr_clean(subj.buf);
	str_trim(out->subject);
	json_object_object_add(vars, "subject", json_object_new_string(out->subject));
	body = nl + 1;
	/* an optional "Digest: ..." line is the item's detail in a digest, not body */
	if ((size_t)(src + len - body) > 7 && strncmp(body, "Digest:", 7) == 0 &&
	    (nl = memchr(body, '\n', (size_t)(src + len - body))) != NULL)
		body = nl + 1;
	if (body < src + len && *body == '\n')
		body++;
	if (render_file(env, row, "txt", body, (size_t)(src + len - body), vars, TMPL_TEXT,
	    &out->text, errstr_r) < 0 ||
	    splice(env, row->locale, "txt", vars, TMPL_TEXT, &out->text, errstr_r) < 0)
		goto out;
	if (tmpl_store_get(env->store, row->locale, row->template, "html", &src, &len, errstr_r) < 0 ||
	    render_file(env, row, "html", src, len, vars, TMPL_HTML, &out->html, errstr_r) < 0 ||
	    splice(env, row->locale, "html", vars, TMPL_HTML, &out->html, errstr_r) < 0)
		goto out;
	rc = 0;
out:
	strbuf_release(&subj);
	out->vars = vars;
	if (rc < 0)
		rendered_release(out);
	return rc;
}

char *
compose_digest_line(const struct compose_env *env, const struct outbox_row *row,
    char **errstr_r)
{
	struct json_object *vars;
	struct strbuf line = STRBUF_INIT;
	const char *src, *nl, *d;
	size_t len;
	char *out = NULL;

	*errstr_r = NULL;
	if ((vars = build_vars(env, row, errstr_r)) == NULL)
		return NULL;
	if (tmpl_store_get(env->store, row->locale, row->template, "txt", &src, &len, errstr_r) == 0 &&
	    (nl = memchr(src, '\n', len)) != NULL) {
		d = nl + 1;
		nl = memchr(d, '\n', (size_t)(src + len - d));
		if (nl && nl - d > 7 && strncmp(d, "Digest:", 7) == 0 &&
		    render_file(env, row, "txt", d + 7, (size_t)(nl - d - 7), vars, TMPL_TEXT,
		    &line, errstr_r) == 0) {
			out = hdr_clean(line.buf);
			str_trim(out);
		}
	}
	strbuf_release(&line);
	json_object_put(vars);
	return out;
}

char *
compose_subject(const struct compose_env *env, const struct outbox_row *row, char **errstr_r)
{
	struct json_object *vars;
	struct strbuf subj = STRBUF_INIT;
	const char *src, *nl;
	size_t len;
	char *out = NULL;

	if ((vars = build_vars(env, row, errstr_r)) == NULL)
		return NULL;
	if (tmpl_store_get(env->store, row->locale, row->template, "txt", &src, &len, errstr_r) == 0) {
		nl = memchr(src, '\n', len);
		if (strncmp(src, "Subject:", 8) != 0 || nl == NULL)
			*errstr_r = xasprintf("%s.txt: no subject line", row->template);
		else if (render_file(env, row, "txt", src + 8, (size_t)(nl - src - 8), vars,
		    TMPL_TEXT, &subj, errstr_r) == 0) {
			out = hdr_clean(subj.buf);
			str_trim(out);
		}
	}
	strbuf_release(&subj);
	json_object_put(vars);
	return out;
}
