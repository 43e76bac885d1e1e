/*
 * mail_confirm.c - staff commands confirmed from the staff member's own
 * mailbox.  A From address is forgeable: a command that creates accounts
 * and came to a fixed address without proof of the mailbox is held
 * (engine/pending.h) and the staff member, at their registered address,
 * gets staff.confirm: what would be done and a single-use key (purpose
 * staff_confirm, CONFIRMER and ANNULER, tokens.staff_confirm_ttl).
 * CONFIRMER runs the same action again on the command kept, now
 * authenticated; ANNULER drops it.  The pipeline has already checked that
 * the answer comes from the key's owner.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mail_action.h"
#include "notify.h"
#include "pending.h"
#include "token.h"
#include "util.h"

#define CONFIRM_PURPOSE "staff_confirm"

/* queue_mail - staff.confirm to user_id with vars (taken over) and an optional key */
static int
queue_mail(struct altc *ctx, int64_t user_id, const char *tok, int64_t id, json_object *vars,
    char **errstr_r)
{
	struct notify_msg m = { 0 };
	char thread[48];
	int64_t rc;

	xsnprintf(thread, sizeof(thread), "pending_command.%lld", (long long)id);
	m.user_id = user_id;
	m.template = "staff.confirm";
	m.importance = NOTIFY_ACTION;
	m.token = tok;
	m.thread = thread;
	m.vars_json = json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(vars);
	return rc < 0 ? -1 : 0;
}

enum input_result
mail_action_hold(struct altc *ctx, const struct mail_request *req, const char *summary_json,
    char **reason_r)
{
	int64_t ttl = config_int(ctx->cfg, "tokens.staff_confirm_ttl"), id = 0;
	char tok[TOKEN_BUFSZ], when[32], *err = NULL;
	json_object *vars;
	int rc;

	if (req->sender_user_id == 0 || req->verb == NULL)
		BUG("a held command needs a known sender and a verb");
	rc = pending_hold(ctx->db, req->sender_user_id, req->route, req->verb, req->text, ttl,
	    &id, &err);
	if (rc == 1)
		return mail_action_refuse(req, "invalid", xstrdup(locale_is_en(req->locale) ?
		    "this command is too long to be confirmed: send fewer lines at a time" :
		    "cette commande est trop longue pour être confirmée : envoyez moins de lignes"
		    " à la fois"), xasprintf("%s: command longer than %d bytes", req->verb,
		    PENDING_TEXT_MAX), reason_r);
	if (rc == 2)
		return mail_action_refuse(req, "not_possible", xstrdup(locale_is_en(req->locale) ?
		    "too many commands are waiting for your confirmation: confirm or cancel them"
		    " first" : "trop de commandes attendent votre confirmation : confirmez-les ou"
		    " annulez-les d’abord"), xasprintf("%s: %d commands already wait for"
		    " confirmation", req->verb, PENDING_OPEN_MAX), reason_r);
	if (rc < 0 || token_issue(ctx->db, CONFIRM_PURPOSE, "pending_command", id,
	    req->sender_user_id, "CONFIRMER,ANNULER", ttl, 1, tok, &err) < 0)
		goto tempfail;
	vars = summary_json ? json_tokener_parse(summary_json) : json_object_new_object();
	if (vars == NULL)
		BUG("summary of a held command is not JSON");
	epoch_to_local(now_epoch() + ttl, 1, when, sizeof(when));
	json_object_object_add(vars, "is_request", json_object_new_boolean(1));
	json_object_object_add(vars, "verb", json_object_new_string(req->verb));
	json_object_object_add(vars, "address", json_object_new_string(req->route));
	json_object_object_add(vars, "expires", json_object_new_string(when));
	json_object_object_add(vars, "ttl_hours", json_object_new_int64(ttl / 3600));
	if (queue_mail(ctx, req->sender_user_id, tok, id, vars, &err) < 0)
		goto tempfail;
	log_info("%s at %s from '%s': held until confirmed (command %lld)", req->verb, req->route,
	    req->sender, (long long)id);
	return INPUT_DONE;
tempfail:
	*reason_r = xasprintf("database: %s", err ? err : "?");
	free(err);
	return INPUT_TEMPFAIL;
}

/* refusal - the answer to a key whose command cannot be decided any more */
static enum input_result
refusal(const struct mail_request *req, int st, char **reason_r)
{
	static const struct {
		const char *code, *why;
	} r[] = {
		[PENDING_UNKNOWN] = { "unknown_token", "no such held command" },
		[PENDING_EXPIRED] = { "expired_token", "the held command expired" },
		[PENDING_DONE] = { "spent_token", "the held command was already decided" },
		[PENDING_WRONG_USER] = { "wrong_sender", "the held command is someone else's" },
	};

	return mail_action_refuse(req, r[st].code, NULL, xasprintf("%s: %s", req->verb, r[st].why),
	    reason_r);
}

/* replay - the held command applied as if it had come on the sender's own key */
static enum input_result
replay(struct altc *ctx, const struct mail_request *req, const struct pending_command *p,
    char **reason_r)
{
	const struct mail_action *a = mail_action_with_verb(p->route, p->verb);
	struct mail_request r = *req;
	struct command cmd;
	enum input_result res;

	if (a == NULL) {
		*reason_r = xasprintf("no action takes %s at %s any more", p->verb, p->route);
		return INPUT_REJECTED;
	}
	command_parse(p->text ? p->text : "", &cmd);
	r.route = p->route;
	r.verb = p->verb;
	r.args = cmd.verb && strcmp(cmd.verb, p->verb) == 0 && cmd.args ? cmd.args : "";
	r.text = p->text ? p->text : "";
	r.form = cmd.form;
	r.nform = cmd.nform;
	r.token = NULL;
	r.token_clear = NULL;
	r.attachments = NULL;
	r.nattachments = 0;
	r.authenticated = 1;
	res = a->apply(ctx, &r, reason_r);
	command_release(&cmd);
	return res;
}

/* confirm_apply - CONFIRMER or ANNULER on the key of a held command */
static enum input_result
confirm_apply(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct pending_command p;
	enum input_result res;
	char *err = NULL;
	int confirm, st;

	if (req->token == NULL || req->verb == NULL || req->sender_user_id == 0) {
		*reason_r = xstrdup("a held command is decided on its key, by its author");
		return INPUT_REJECTED;
	}
	confirm = strcmp(req->verb, "CONFIRMER") == 0;
	st = pending_take(ctx->db, req->token->object_id, req->sender_user_id, confirm, &p, &err);
	if (st < 0) {
		*reason_r = xasprintf("database: %s", err ? err : "?");
		free(err);
		return INPUT_TEMPFAIL;
	}
	if (st != PENDING_OK)
		return refusal(req, st, reason_r);
	if (!confirm) {
		json_object *vars = json_object_new_object();

		json_object_object_add(vars, "is_cancelled", json_object_new_boolean(1));
		json_object_object_add(vars, "verb", json_object_new_string(p.verb));
		json_object_object_add(vars, "address", json_object_new_string(p.route));
		pending_release(&p);
		if (queue_mail(ctx, req->sender_user_id, NULL, req->token->object_id, vars,
		    &err) < 0) {
			*reason_r = xasprintf("database: %s", err ? err : "?");
			free(err);
			return INPUT_TEMPFAIL;
		}
		log_info("held command %lld cancelled by '%s'", (long long)p.id, req->sender);
		return INPUT_DONE;
	}
	log_info("held command %lld confirmed by '%s'", (long long)p.id, req->sender);
	res = replay(ctx, req, &p, reason_r);
	pending_release(&p);
	/* refused now (the state changed meanwhile): the key is spent all the same */
	if (res == INPUT_REJECTED && token_consume(ctx->db, req->token->id, &err) < 0) {
		free(*reason_r);
		*reason_r = xasprintf("database: %s", err ? err : "?");
		free(err);
		return INPUT_TEMPFAIL;
	}
	return res;
}

static const char *const confirm_verbs[] = { "CONFIRMER", "ANNULER", NULL };

const struct mail_action mail_confirm_actions[] = {
	{ CONFIRM_PURPOSE, confirm_verbs, confirm_apply, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};
