/*
 * inbound_reply.c - the answers of the pipeline: reply.error and
 * reply.help, with variables built by json-c, never quoting the original
 * body (no backscatter): a short one-line excerpt of the subject at most.
 * Within limits.error_replies_per_day per recipient and day (then one
 * rate_limited notice says no more will come) and a global daily budget,
 * and only to a sender the trusted MTA did not find forged.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "inbound.h"
#include "log.h"
#include "mailuser.h"
#include "notify.h"
#include "text.h"
#include "util.h"

#define EXCERPT_SUBJECT 60	/* characters of the subject an answer may echo */
#define DETAIL_MAX 4000		/* bytes of the detail of an answer */

static const char *const error_names[] = {
	[IERR_UNKNOWN_TOKEN] = "unknown_token", [IERR_EXPIRED_TOKEN] = "expired_token",
	[IERR_SPENT_TOKEN] = "spent_token", [IERR_WRONG_SENDER] = "wrong_sender",
	[IERR_NOT_ALLOWED] = "not_allowed", [IERR_NOT_UNDERSTOOD] = "not_understood",
	[IERR_ATTACHMENT_REFUSED] = "attachment_refused", [IERR_UNKNOWN_SENDER] = "unknown_sender",
	[IERR_MISSING_FIELDS] = "missing_fields", [IERR_RATE_LIMITED] = "rate_limited",
	[IERR_INVALID] = "invalid", [IERR_OTHER] = "other", [IERR_FOREIGN_REPLY] = "foreign_reply",
	[IERR_UNAUTHENTICATED] = "unauthenticated", [IERR_NOT_PERMITTED] = "not_permitted",
	[IERR_NOT_POSSIBLE] = "not_possible",
};

const char *
inbound_error_name(enum inbound_error code)
{
	if ((size_t)code >= ARRAY_SIZE(error_names))
		BUG("bad error code %d", (int)code);
	return error_names[code];
}

enum inbound_error
inbound_error_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(error_names); i++)
		if (error_names[i] && strcmp(error_names[i], name) == 0)
			return (enum inbound_error)i;
	return IERR_INVALID;
}

/* budget - 1 send, 2 send the rate_limited notice instead, 0 silence */
static int
budget(struct altc *ctx, const struct inbound_reply *r, char **errstr_r)
{
	char day[32], who[300];
	int count, global, limit = (int)config_int(ctx->cfg, "limits.error_replies_per_day");
	int glimit = (int)config_int(ctx->cfg, "limits.error_replies_global_per_day");

	epoch_to_iso(now_epoch(), day, sizeof(day));
	day[10] = '\0';
	if (r->user_id)
		xsnprintf(who, sizeof(who), "user:%lld", (long long)r->user_id);
	else
		xsnprintf(who, sizeof(who), "%s", r->rcpt);
	if (mailuser_error_budget(ctx->db, who, day, &count, errstr_r) < 0)
		return -1;
	if (count > limit + 1)
		return 0;
	/* and the platform's: a flood of forged senders is not answered either */
	if (mailuser_error_budget(ctx->db, "*", day, &global, errstr_r) < 0)
		return -1;
	if (global > glimit) {
		if (global == glimit + 1)
			log_warnx("error replies: the daily budget of %d is spent, no more today", glimit);
		return 0;
	}
	return count <= limit ? 1 : 2;
}

static void
add_verbs(json_object *o, const char *key, const char *const *verbs)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; verbs && verbs[i]; i++) {
		json_object *v = json_object_new_object();

		json_object_object_add(v, "verb", json_object_new_string(verbs[i]));
		json_object_array_add(arr, v);
	}
	json_object_object_add(o, key, arr);
}

static int
queue(struct altc *ctx, const struct inbound_reply *r, const char *template, json_object *vars,
    char **errstr_r)
{
	struct notify_msg nm = { 0 };
	int64_t rc;

	if (r->subject) {
		/* a short excerpt, never the whole subject: no backscatter of spam */
		char *ex = text_excerpt(r->subject, EXCERPT_SUBJECT);

		json_object_object_add(vars, "original_subject", json_object_new_string(ex));
		free(ex);
	}
	if (r->in_reply_to && strlen(r->in_reply_to) <= 250)
		json_object_object_add(vars, "in_reply_to", json_object_new_string(r->in_reply_to));
	nm.user_id = r->user_id;
	nm.rcpt = r->user_id ? NULL : r->rcpt;
	nm.template = template;
	nm.importance = NOTIFY_ACTION;
	nm.vars_json = json_object_to_json_string_ext(vars, JSON_C_TO_STRING_PLAIN);
	nm.thread = r->thread;
	nm.locale = r->user_id ? NULL : r->locale;
	rc = notify_queue(ctx, &nm, errstr_r);
	json_object_put(vars);
	return rc < 0 ? -1 : 1;
}

/* error_vars - the variables of reply.error */
static json_object *
error_vars(enum inbound_error code, const char *detail, const char *const *verbs)
{
	json_object *vars = json_object_new_object();
	char is[48];

	json_object_object_add(vars, "code", json_object_new_string(inbound_error_name(code)));
	xsnprintf(is, sizeof(is), "is_%s", inbound_error_name(code));
	json_object_object_add(vars, is, json_object_new_boolean(1));
	char *d = xstrdup(detail ? detail : "");

	(void)text_truncate(d, DETAIL_MAX);	/* it may hold a form filled by the sender */
	json_object_object_add(vars, "detail", json_object_new_string(d));
	free(d);
	add_verbs(vars, "allowed", verbs);
	return vars;
}

int
inbound_send_error(struct altc *ctx, const struct inbound_reply *r, enum inbound_error code,
    const char *detail, char **errstr_r)
{
	json_object *vars;
	int b;

	if (r->unverified && !r->token_owner) {
		log_info("error reply to '%s' not sent: SPF and DMARC failed for the sender",
		    r->rcpt ? r->rcpt : "user");
		return 0;
	}
	if ((b = budget(ctx, r, errstr_r)) <= 0) {
		if (b == 0)
			log_info("error reply to '%s' suppressed: daily budget spent",
			    r->rcpt ? r->rcpt : "user");
		return b;
	}
	if (b == 2)
		return queue(ctx, r, "reply.error", error_vars(IERR_RATE_LIMITED, "", NULL), errstr_r);
	/* the commands of the step are listed when the command was the problem */
	vars = error_vars(code, detail, code == IERR_NOT_ALLOWED || code == IERR_NOT_UNDERSTOOD ?
	    r->verbs : NULL);
	if (code == IERR_ATTACHMENT_REFUSED) {
		int64_t max = config_int(ctx->cfg, "limits.attachment_bytes");
		char mb[32];

		/* "3", or "2.5" when not a whole number; the template says the unit */
		if (max % 1000000 == 0)
			xsnprintf(mb, sizeof(mb), "%lld", (long long)(max / 1000000));
		else
			xsnprintf(mb, sizeof(mb), "%.1f", (double)max / 1e6);
		json_object_object_add(vars, "attachment_max_mb", json_object_new_string(mb));
		json_object_object_add(vars, "too_large", json_object_new_boolean(r->too_large));
		/* the masked relay takes files of any type, not only PDFs */
		json_object_object_add(vars, "any_type", json_object_new_boolean(r->route &&
		    strcmp(r->route, "msg") == 0));
	}
	return queue(ctx, r, "reply.error", vars, errstr_r);
}

int
inbound_send_help(struct altc *ctx, const struct inbound_reply *r, enum inbound_help what,
    char **errstr_r)
{
	json_object *vars;
	int b;

	if (r->unverified && !r->token_owner)
		return 0;
	if ((b = r->token_owner ? 1 : budget(ctx, r, errstr_r)) <= 0)
		return b;
	if (b == 2)
		return queue(ctx, r, "reply.error", error_vars(IERR_RATE_LIMITED, "", NULL), errstr_r);
	vars = json_object_new_object();
	json_object_object_add(vars, "route", json_object_new_string(r->route ? r->route : ""));
	json_object_object_add(vars, "address", json_object_new_string(r->address ? r->address : ""));
	json_object_object_add(vars, "stopped", json_object_new_boolean(what == HELP_STOPPED));
	json_object_object_add(vars, "resumed", json_object_new_boolean(what == HELP_RESUMED));
	json_object_object_add(vars, "copy_on", json_object_new_boolean(what == HELP_COPY_ON));
	json_object_object_add(vars, "copy_off", json_object_new_boolean(what == HELP_COPY_OFF));
	add_verbs(vars, "verbs", r->verbs);
	return queue(ctx, r, "reply.help", vars, errstr_r);
}
