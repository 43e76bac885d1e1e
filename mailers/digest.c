/*
 * digest.c - gathering the undigested notifications of each user into one
 * digest.daily outbox row.  The items are summarised at queue time (the
 * subject line of each notification's template in the user's locale, and
 * its "Digest:" line when it has one), so
 * the digest row is self-contained and renders deterministically later.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "compose.h"
#include "config.h"
#include "db.h"
#include "digest.h"
#include "log.h"
#include "module.h"
#include "notify.h"
#include "outbox_db.h"
#include "template.h"
#include "token.h"
#include "util.h"

/* summary - the subject of the item's own template, else its kind */
static char *
summary(const struct compose_env *env, const struct digest_item *it, const char *locale)
{
	struct outbox_row row;
	char *err = NULL, *s;

	memset(&row, 0, sizeof(row));
	row.rcpt = (char *)"";
	row.rcpt_name = (char *)"";
	row.template = it->kind;
	row.locale = (char *)locale;
	row.vars = it->vars;
	row.created_at = it->created_at;
	if ((s = compose_subject(env, &row, &err)) == NULL) {
		log_debug("digest: no summary for %s: %s", it->kind, err);
		free(err);
		s = xstrdup(it->kind);
	}
	return s;
}

/* detail - the "Digest:" line of the item's template, or NULL */
static char *
detail(const struct compose_env *env, const struct digest_item *it, const char *locale)
{
	struct outbox_row row;
	char *err = NULL, *s;

	memset(&row, 0, sizeof(row));
	row.rcpt = (char *)"";
	row.rcpt_name = (char *)"";
	row.template = it->kind;
	row.locale = (char *)locale;
	row.vars = it->vars;
	row.created_at = it->created_at;
	if ((s = compose_digest_line(env, &row, &err)) == NULL && err) {
		log_debug("digest: no detail for %s: %s", it->kind, err);
		free(err);
	}
	return s;
}

static int64_t
queue_one(struct altc *ctx, const struct compose_env *env, int64_t uid,
    const struct digest_item *items, size_t n, char **errstr_r)
{
	struct json_object *vars = json_object_new_object(), *list = json_object_new_array(), *reply;
	struct notify_msg m;
	char tok[TOKEN_BUFSZ], *loc = digest_db_user_locale(ctx->db, uid);
	const char *locale = *loc ? loc : config_str(ctx->cfg, "mail.locale");
	char apply[TOKEN_BUFSZ];
	int64_t rc = -1;
	size_t i, offers = 0;

	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object(), *iv, *id;
		char *s = summary(env, &items[i], locale), *when = compose_date(locale, items[i].created_at);
		char *d = detail(env, &items[i], locale);

		json_object_object_add(o, "kind", json_object_new_string(items[i].kind));
		/* an offer shown here can be answered POSTULER n (the applications' key) */
		if (strcmp(items[i].kind, "offer.new_for_formation") == 0 &&
		    (iv = json_tokener_parse(items[i].vars)) != NULL) {
			if (json_object_object_get_ex(iv, "offer_id", &id)) {
				json_object_object_add(o, "offer_id",
				    json_object_new_int64(json_object_get_int64(id)));
				offers++;
			}
			json_object_put(iv);
		}
		json_object_object_add(o, "summary", json_object_new_string(s));
		if (d)
			json_object_object_add(o, "detail", json_object_new_string(d));
		free(d);
		json_object_object_add(o, "when", json_object_new_string(when));
		json_object_array_add(list, o);
		free(s);
		free(when);
	}
	json_object_object_add(vars, "count", json_object_new_int64((int64_t)n));
	json_object_object_add(vars, "has_offers", json_object_new_boolean(offers > 0));
	json_object_object_add(vars, "items", list);
	if (token_issue(ctx->db, "unsubscribe", "user", uid, uid, "STOP",
	    config_int(ctx->cfg, "tokens.reply_ttl"), 1, tok, errstr_r) < 0)
		goto out;
	json_object_object_add(vars, "unsubscribe_token", json_object_new_string(tok));
	MODULES_EACH(mod)
		if (mod->digest && mod->digest(ctx, uid, locale, vars, errstr_r) < 0)
			goto out;
	memset(&m, 0, sizeof(m));
	if (json_object_object_get_ex(vars, "reply_token", &reply))
		m.token = json_object_get_string(reply);
	m.user_id = uid;
	m.template = "digest.daily";
	m.importance = NOTIFY_ACTION;
	/* one reply key: a section's (it takes POSTULER n too), else one for the offers shown */
	if (offers > 0 && m.token == NULL) {
		if (token_issue(ctx->db, "apply", "user", uid, uid, "POSTULER",
		    config_int(ctx->cfg, "tokens.reply_ttl"), 0, apply, errstr_r) < 0)
			goto out;
		m.token = apply;
	}
	m.vars_json = json_object_to_json_string_ext(vars,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	m.locale = locale;
	/* a reply takes POSTULER n when offers are shown, and STOP, REPRENDRE, COPIE, AIDE */
	if (m.token == NULL)
		m.token = tok;
	rc = notify_queue_mail(ctx, &m, errstr_r);
out:
	json_object_put(vars);
	free(loc);
	return rc;
}

int
digest_run(struct altc *ctx, size_t *sent_r, char **errstr_r)
{
	struct compose_env env;
	int64_t *ids = NULL, now = now_epoch();
	int *mailable = NULL;
	size_t n = 0, i, queued = 0;
	int rc = -1;

	*sent_r = 0;
	memset(&env, 0, sizeof(env));
	env.domain = config_str(ctx->cfg, "mail.domain");
	env.from = config_str(ctx->cfg, "mail.from");
	env.from_name = config_str(ctx->cfg, "mail.from_name");
	env.base_url = config_str(ctx->cfg, "mail.base_url");
	env.store = tmpl_store_new(ctx->templates);
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		goto out;
	}
	if (digest_db_users(ctx->db, &ids, &mailable, &n, errstr_r) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		struct digest_item *items;
		size_t ni;
		int64_t q = 0;

		if (digest_db_items(ctx->db, ids[i], &items, &ni, errstr_r) < 0)
			goto fail;
		if (ni > 0 && mailable[i])
			q = queue_one(ctx, &env, ids[i], items, ni, errstr_r);
		if (q < 0 || (ni > 0 && digest_db_mark(ctx->db, ids[i], items[ni - 1].id, now,
		    errstr_r) < 0)) {
			digest_items_free(items, ni);
			goto fail;
		}
		if (q > 0)
			queued++;
		digest_items_free(items, ni);
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the digests");
		goto out;
	}
	*sent_r = queued;
	rc = 0;
	goto out;
fail:
	db_rollback(ctx->db);
out:
	free(ids);
	free(mailable);
	tmpl_store_free(&env.store);
	return rc;
}
