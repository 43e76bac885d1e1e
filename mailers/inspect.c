/*
 * inspect.c - `altc inspect FILE`: what the pipeline understands of a mail,
 * without applying it.  Read-only: the database, when there is one, is only
 * asked about the token; without one the token is reported as not checked.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "inbound.h"
#include "token.h"
#include "util.h"

static const char *const token_states[] = {
	[TOKEN_OK] = "ok", [TOKEN_UNKNOWN] = "unknown", [TOKEN_EXPIRED] = "expired",
	[TOKEN_SPENT] = "spent",
};

static json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
token_json(struct db *db, const struct route *r)
{
	json_object *o;
	struct token_info t;
	char *err = NULL;
	int st;

	if (r->token[0] == '\0')
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "value", jstr(r->token));
	json_object_object_add(o, "source", jstr(r->token_source));
	if (db == NULL) {
		json_object_object_add(o, "status", jstr("not checked (no database)"));
		return o;
	}
	st = token_lookup(db, r->token, &t, &err);
	if (st < 0) {
		json_object_object_add(o, "status", jstr(err));
		free(err);
		return o;
	}
	json_object_object_add(o, "status", jstr(token_states[st]));
	if (st != TOKEN_UNKNOWN) {
		json_object_object_add(o, "purpose", jstr(t.purpose));
		json_object_object_add(o, "object_type", jstr(t.object_type));
		json_object_object_add(o, "object_id", json_object_new_int64(t.object_id));
		json_object_object_add(o, "user_id", json_object_new_int64(t.user_id));
		json_object_object_add(o, "commands", jstr(t.commands));
	}
	return o;
}

/* view_json - the analysis as a JSON object (caller puts it) */
static json_object *
view_json(struct db *db, const struct inbound_view *v)
{
	json_object *o = json_object_new_object(), *a, *f;
	size_t i;

	json_object_object_add(o, "route", jstr(route_name(v->route.kind)));
	json_object_object_add(o, "address", jstr(v->route.address[0] ? v->route.address : NULL));
	json_object_object_add(o, "from", jstr(v->msg.from));
	json_object_object_add(o, "subject", jstr(v->msg.subject));
	json_object_object_add(o, "message_id", jstr(v->msg.message_id));
	json_object_object_add(o, "token", token_json(db, &v->route));
	json_object_object_add(o, "automatic", json_object_new_boolean(v->automatic != NULL));
	json_object_object_add(o, "automatic_reason", jstr(v->automatic));
	if (v->is_bounce) {
		json_object *b = json_object_new_object();

		json_object_object_add(b, "recipient", jstr(v->dsn.recipient));
		json_object_object_add(b, "status", jstr(v->dsn.status));
		json_object_object_add(b, "action", jstr(v->dsn.action));
		json_object_object_add(b, "hard", json_object_new_boolean(v->dsn.hard));
		json_object_object_add(b, "reason", jstr(v->dsn.reason));
		json_object_object_add(b, "original_message_id",
		    jstr(v->dsn.original_id[0] ? v->dsn.original_id : NULL));
		json_object_object_add(o, "bounce", b);
	} else
		json_object_object_add(o, "bounce", NULL);
	json_object_object_add(o, "body", jstr(v->msg.text));
	json_object_object_add(o, "reply_text", jstr(v->reply.text));
	json_object_object_add(o, "reply_rule", jstr(v->reply.rule));
	json_object_object_add(o, "reply_posting", jstr(v->reply.posting));
	json_object_object_add(o, "reply_cut_line", json_object_new_int(v->reply.cut_line));
	json_object_object_add(o, "html_quote", jstr(v->msg.text_is_html ? v->msg.html_cut : NULL));
	json_object_object_add(o, "charset", jstr(v->msg.charset_read));
	json_object_object_add(o, "command_text", jstr(v->reply.command));
	if (v->cmd.verb) {
		json_object *c = json_object_new_object();

		json_object_object_add(c, "verb", jstr(v->cmd.verb));
		json_object_object_add(c, "args", jstr(v->cmd.args));
		json_object_object_add(o, "command", c);
	} else
		json_object_object_add(o, "command", NULL);
	f = json_object_new_object();
	for (i = 0; i < v->cmd.nform; i++)
		json_object_object_add(f, v->cmd.form[i].key, jstr(v->cmd.form[i].value));
	json_object_object_add(o, "form", f);
	a = json_object_new_array();
	for (i = 0; i < v->msg.nattachments; i++) {
		const struct mail_attachment *m = &v->msg.attachments[i];
		json_object *x = json_object_new_object();

		json_object_object_add(x, "filename", jstr(m->filename));
		json_object_object_add(x, "content_type", jstr(m->content_type));
		json_object_object_add(x, "size", json_object_new_int64((int64_t)m->len));
		json_object_object_add(x, "is_pdf", json_object_new_boolean(m->is_pdf));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "attachments", a);
	a = json_object_new_array();
	for (i = 0; i < v->msg.nerrors; i++)
		json_object_array_add(a, jstr(v->msg.errors[i]));
	for (i = 0; i < v->msg.nrefused; i++) {
		char *s = xasprintf("attachment refused: %s: larger than limits.attachment_bytes",
		    v->msg.refused[i]);

		json_object_array_add(a, jstr(s));
		free(s);
	}
	json_object_object_add(o, "errors", a);
	return o;
}

/* print_text - one "key: value" line per entry, lists indented */
static void
print_text(json_object *o, FILE *fp)
{
	json_object_object_foreach(o, key, val) {
		if (val && json_object_is_type(val, json_type_array)) {
			fprintf(fp, "%s:\n", key);
			for (size_t i = 0; i < json_object_array_length(val); i++)
				fprintf(fp, "  - %s\n", json_object_to_json_string_ext(
				    json_object_array_get_idx(val, i), JSON_C_TO_STRING_PLAIN |
				    JSON_C_TO_STRING_NOSLASHESCAPE));
		} else if (val && json_object_is_type(val, json_type_string)) {
			const char *s = json_object_get_string(val);

			if (strchr(s, '\n')) {
				fprintf(fp, "%s: |\n", key);
				for (const char *p = s; *p;) {
					const char *nl = strchr(p, '\n');
					int n = nl ? (int)(nl - p) : (int)strlen(p);

					fprintf(fp, "  %.*s\n", n, p);
					p += n + (nl ? 1 : 0);
				}
			} else
				fprintf(fp, "%s: %s\n", key, s);
		} else
			fprintf(fp, "%s: %s\n", key, val ? json_object_to_json_string_ext(val,
			    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "null");
	}
}

int
inbound_inspect(struct altc *ctx, const void *data, size_t len, const char *rcpt, int json,
    FILE *fp, char **errstr_r)
{
	struct inbound_view v;
	struct db *db = ctx->db;
	json_object *o;
	char *err = NULL;

	if (inbound_analyse(ctx->cfg, data, len, rcpt, &v, errstr_r) < 0)
		return -1;
	if (db == NULL)
		db = db_open(config_str(ctx->cfg, "paths.db"), 0, &err);
	free(err);
	o = view_json(db, &v);
	if (json)
		fprintf(fp, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		print_text(o, fp);
	json_object_put(o);
	if (db != ctx->db)
		db_close(&db);
	inbound_view_release(&v);
	return 0;
}
