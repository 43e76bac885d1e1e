/*
 * interview_relay.c - the masked relay between the employer and the
 * student of one application (DESIGN §5, msg+TOKEN@).  MESSAGE texte on an
 * application's key, or any reply to a relayed message (its Reply-To is
 * msg+TOKEN@, and a reply without a command is the message itself), goes
 * to the other side from the platform's address: neither learns the
 * other's address unless they write it.  The files attached go along,
 * within the limits of relay_files.c; a message may be files only.
 * Automatic mail (vacation replies, bounces) never reaches an action, so it
 * is never relayed; a sender is limited to RELAY_PER_HOUR messages an hour;
 * each message is kept in the application's history (an audit row with its
 * text, a relay_files row per file).  The relayed mail stays in the
 * application's thread (References), both ways.
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "application.h"
#include "config.h"
#include "db.h"
#include "interview_mail.h"
#include "notify.h"
#include "relay_files.h"
#include "token.h"
#include "user_text.h"
#include "util.h"

#define RELAY_PER_HOUR 10

struct relay_app {
	int64_t student_id, employer_id;
	int spontaneous;
	char *offer_title, *company, *student_name;
};

static void
relay_app_release(struct relay_app *a)
{
	free(a->offer_title);
	free(a->company);
	free(a->student_name);
}

/* relay_app_load - the two sides of application id: 1, 0 unknown, -1 SQL error */
static int
relay_app_load(struct altc *ctx, int64_t id, struct relay_app *a, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT a.student_id, coalesce(o.title, ''), c.name,"
	    " coalesce(nullif(trim(s.first_name || ' ' || s.last_name), ''), s.email),"
	    " a.offer_id IS NULL"
	    " FROM applications a LEFT JOIN offers o ON o.id = a.offer_id"
	    " JOIN companies c ON c.id = a.company_id JOIN users s ON s.id = a.student_id"
	    " WHERE a.id = ?");
	int rc;

	memset(a, 0, sizeof(*a));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		a->student_id = sqlite3_column_int64(st, 0);
		a->offer_title = xstrdup(db_col_text(st, 1));
		a->company = xstrdup(db_col_text(st, 2));
		a->student_name = xstrdup(db_col_text(st, 3));
		a->spontaneous = sqlite3_column_int(st, 4);
	}
	sqlite3_reset(st);
	/* the author of the offer (else the referent), the structure's user of a partner */
	if (rc == 1)
		a->employer_id = application_employer_of(ctx, id);
	return rc;
}

/* commanded - whether the reply starts with the word MESSAGE (or MSG), not plain text */
static int
commanded(const char *t)
{
	size_t n = 0;

	while (*t == '\n' || *t == ' ' || *t == '\r' || *t == '\t')
		t++;
	while (t[n] && t[n] != ' ' && t[n] != '\n' && t[n] != '\r' && t[n] != ':')
		n++;
	return (n == 7 && strncasecmp(t, "message", 7) == 0) ||
	    (n == 3 && strncasecmp(t, "msg", 3) == 0);
}

/* message_text - MESSAGE's arguments and the lines below the command, or the whole reply */
static char *
message_text(const struct mail_request *req)
{
	const char *t = req->text ? req->text : "";

	if (!commanded(t) && *t)
		return str_trim(xstrdup(t));
	return mail_request_text(req);
}

static int64_t
sent_last_hour(struct altc *ctx, const char *actor)
{
	return db_audit_count(ctx->db, "relay", actor, now_epoch() - 3600);
}

enum input_result
interview_relay_apply(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct relay_app a;
	struct notify_msg m = { 0 };
	char tok[TOKEN_BUFSZ], thread[64], *err = NULL, *text, *actor, *att = NULL, mb[32];
	json_object *v;
	int64_t app_id, to;
	int rc;

	if (req->token == NULL || strcmp(req->token->object_type, "application") != 0) {
		*reason_r = xstrdup("a relayed message needs the key of an application");
		return INPUT_REJECTED;
	}
	app_id = req->token->object_id;
	if ((rc = relay_app_load(ctx, app_id, &a, &err)) != 1) {
		if (rc < 0) {
			*reason_r = xasprintf("database: %s", err ? err : "");
			free(err);
			return INPUT_TEMPFAIL;
		}
		return mail_action_refuse(req, "other", NULL, xasprintf("no application %lld",
		    (long long)app_id), reason_r);
	}
	/* the company's side: its employers, the structure's users of a shared offer */
	to = req->sender_user_id == a.student_id ? a.employer_id :
	    application_employer_side(ctx, app_id, req->sender_user_id) ? a.student_id : 0;
	text = message_text(req);
	actor = xstrdup(db_actor(ctx->db, req->sender_user_id));
	rc = 0;
	if (to == 0)
		rc = mail_action_refuse(req, "not_permitted", NULL,
		    xstrdup("only the employer and the candidate write to each other here"), reason_r);
	else if (*text == '\0' && req->nattachments == 0)
		rc = mail_action_refuse(req, "invalid", user_text(req->locale,
		    "the message is empty: MESSAGE followed by your text"),
		    xstrdup("empty relayed message"), reason_r);
	else if (sent_last_hour(ctx, actor) >= RELAY_PER_HOUR)
		rc = mail_action_refuse(req, "rate_limited", NULL,
		    xasprintf("more than %d relayed messages in an hour", RELAY_PER_HOUR), reason_r);
	else if (relay_files_check(ctx, req, &err) < 0) {
		rc = mail_action_refuse(req, "other", user_text(req->locale, err),
		    xasprintf("attachment refused: %s", err), reason_r);
		free(err);
		err = NULL;
	}
	if (rc != 0) {
		free(text);
		free(actor);
		relay_app_release(&a);
		return (enum input_result)rc;
	}
	if (token_issue(ctx->db, "application_relay", "application", app_id, to, "MESSAGE",
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, &err) < 0 ||
	    relay_files_keep(ctx, req, app_id, req->sender_user_id, &att, &err) < 0)
		goto tempfail;
	v = json_object_new_object();
	json_object_object_add(v, "sender_name", json_object_new_string(
	    to == a.student_id ? a.company : a.student_name));
	json_object_object_add(v, "offer_title", json_object_new_string(a.offer_title));
	if (a.spontaneous)
		json_object_object_add(v, "spontaneous", json_object_new_boolean(1));
	json_object_object_add(v, "message", json_object_new_string(text));
	json_object_object_add(v, "reply_route", json_object_new_string("msg"));
	json_object_object_add(v, "max_files", json_object_new_int64(config_int(ctx->cfg,
	    "relay.max_files")));
	relay_files_megabytes(config_int(ctx->cfg, "relay.max_bytes"), mb);
	json_object_object_add(v, "max_mb", json_object_new_string(mb));
	if (req->nattachments > 0) {
		json_object *files = json_object_new_array();

		for (size_t i = 0; i < req->nattachments; i++) {
			json_object *f = json_object_new_object();
			const char *name = req->attachments[i].filename;

			json_object_object_add(f, "name", json_object_new_string(name ? name : ""));
			json_object_array_add(files, f);
		}
		json_object_object_add(v, "files", files);
		json_object_object_add(v, "has_files", json_object_new_boolean(1));
	}
	(void)xsnprintf(thread, sizeof(thread), "application.%lld", (long long)app_id);
	m.user_id = to;
	m.template = "message.relay";
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.token = tok;
	m.thread = thread;
	m.attachments_json = att;
	rc = notify_queue(ctx, &m, &err) < 0 ? -1 : 0;
	json_object_put(v);
	if (rc < 0 || db_audit(ctx->db, actor, "application", app_id, NULL, "relay", NULL,
	    text) < 0)
		goto tempfail;
	free(att);
	free(text);
	free(actor);
	relay_app_release(&a);
	return INPUT_DONE;
tempfail:
	*reason_r = xasprintf("database: %s", err ? err : "relay");
	free(err);
	free(att);
	free(text);
	free(actor);
	relay_app_release(&a);
	return INPUT_TEMPFAIL;
}
