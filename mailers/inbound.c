/*
 * inbound.c - the INPUT_MAIL handler: parse -> robot check -> bounce
 * handling -> route -> token -> sender check -> command -> dispatch to the
 * registered mail_action.  Runs inside the spool's savepoint and never
 * commits; whatever it refuses goes to failed/ with the reason it returns,
 * and a human sender gets a reply.error explaining it.
 */
#include "compat.h"

#include <ctype.h>

#include "altc.h"
#include "authres.h"
#include "bounce.h"
#include "config.h"
#include "db.h"
#include "inbound.h"
#include "log.h"
#include "mail_action.h"
#include "mailuser.h"
#include "reply.h"
#include "robot.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#define MAX_VERBS 48
#define REASON_MAX 1000	/* bytes of a refusal reason: it may quote the sender */
#define EXCERPT_CHARS 60	/* characters of the sender's text an answer echoes */

/* the state of one mail through the pipeline */
struct job {
	struct altc *ctx;
	struct inbound_view *v;
	struct inbound_reply rep;
	struct mailuser sender;		/* valid when sender.id != 0 */
	struct token_info tok;
	int have_tok;
	const struct mail_action *action;
	int any_key;			/* action is one of the verbs taken on any key */
	const char *verb;		/* the command, or the action's default for a form */
	const char *verbs[MAX_VERBS];	/* allowed here, NULL-terminated */
	char thread[300];
	char locale[8];
	int audit_failed;		/* a history row could not be written: try again */
};

/* own_from - addr is the From address of the platform's mail */
static int
own_from(const struct config *cfg, const char *addr)
{
	char *a[1];
	int own;

	if (mime_addresses(config_str(cfg, "mail.from"), a, 1) != 1)
		return 0;
	own = strcasecmp(a[0], addr) == 0;
	free(a[0]);
	return own;
}

int
inbound_analyse(const struct config *cfg, const void *data, size_t len,
    const char *envelope_rcpt, struct inbound_view *v, char **errstr_r)
{
	struct mime_limits lim = { 0 };
	const char *domain = config_str(cfg, "mail.domain");

	memset(v, 0, sizeof(*v));
	lim.attachment_bytes = (size_t)config_int(cfg, "limits.attachment_bytes");
	lim.depth = (int)config_int(cfg, "limits.mime_depth");
	lim.max_nesting = (int)config_int(cfg, "limits.mime_nesting_max");
	lim.max_parts = (int)config_int(cfg, "limits.mime_parts_max");
	if (mime_parse(data, len, &lim, &v->msg, errstr_r) < 0)
		return -1;
	v->automatic = robot_check(&v->msg, domain);
	/* our own address without our loop marker: a forgery or a loop, never answered */
	if (v->automatic == NULL && *v->msg.from &&
	    (route_is_platform(v->msg.from, domain) || own_from(cfg, v->msg.from)))
		v->automatic = "from the platform's own address";
	route_find(&v->msg, envelope_rcpt, domain, &v->route);
	if (v->route.kind == ROUTE_BOUNCES || robot_is_bounce_like(&v->msg))
		v->is_bounce = dsn_parse(&v->msg, &v->dsn);
	if (v->automatic == NULL && (v->is_bounce || v->route.kind == ROUTE_BOUNCES))
		v->automatic = v->is_bounce ? "delivery failure" : "mail to the bounce address";
	reply_extract(v->msg.text, strlen(v->msg.text), v->msg.subject, &v->reply);
	if (v->msg.text_is_html && v->msg.html_cut && strcmp(v->reply.rule, "none") == 0) {
		/* the HTML quote markup cut the text before the line rules saw it */
		free(v->reply.rule);
		v->reply.rule = xasprintf("html:%s", v->msg.html_cut);
	}
	if (v->automatic == NULL)
		command_parse(v->reply.command, &v->cmd);
	return 0;
}

void
inbound_view_release(struct inbound_view *v)
{
	mime_msg_release(&v->msg);
	command_release(&v->cmd);
	reply_text_release(&v->reply);
	memset(v, 0, sizeof(*v));
}

static void
audit(struct job *j, const char *event, const char *result)
{
	struct strbuf d = STRBUF_INIT;
	struct inbound_view *v = j->v;

	strbuf_addf(&d, "verb=%s; id=%s; %s", v->cmd.verb ? v->cmd.verb : "-",
	    v->msg.message_id ? v->msg.message_id : "-", result);
	if (db_audit(j->ctx->db, *v->msg.from ? v->msg.from : NULL,
	    j->have_tok ? j->tok.object_type : "mail", j->have_tok ? j->tok.object_id : 0,
	    NULL, event, NULL, d.buf) < 0)
		j->audit_failed = 1;
	strbuf_release(&d);
}

/* handle_bounce - score the address that bounced; never answered */
static enum input_result
handle_bounce(struct job *j, char **reason_r)
{
	struct inbound_view *v = j->v;
	struct db *db = j->ctx->db;
	int64_t uid = 0;
	char rcpt[256] = "", *err = NULL, detail[600];
	int unreachable = 0, rc = 0;

	if (v->route.kind == ROUTE_BOUNCES && v->route.tag[0] && isdigit((unsigned char)v->route.tag[0]))
		rc = mailuser_outbox_by_id(db, strtoll(v->route.tag, NULL, 10), &uid, rcpt, &err);
	if (rc == 0 && v->dsn.original_id[0])
		rc = mailuser_outbox_by_message_id(db, v->dsn.original_id, &uid, rcpt, &err);
	if (rc >= 0 && uid == 0) {
		struct mailuser u;
		const char *who = rcpt[0] ? rcpt : v->dsn.recipient;

		rc = *who ? mailuser_by_email(db, who, &u, &err) : 0;
		if (rc == 1)
			uid = u.id;
	}
	if (rc >= 0 && uid && v->is_bounce)
		rc = bounce_record(j->ctx, uid, v->dsn.hard, v->dsn.status, &unreachable, &err);
	if (rc < 0) {
		*reason_r = err;
		return INPUT_TEMPFAIL;
	}
	xsnprintf(detail, sizeof(detail), "bounce %s %s for %s (user %lld)%s",
	    v->dsn.status[0] ? v->dsn.status : "?", v->dsn.action,
	    v->dsn.recipient[0] ? v->dsn.recipient : rcpt[0] ? rcpt : "unknown", (long long)uid,
	    unreachable ? ", now unreachable" : "");
	log_info("mail '%s': %s", v->msg.message_id ? v->msg.message_id : "-", detail);
	audit(j, "mail.bounce", detail);
	return INPUT_DONE;
}

static void
reject(struct job *j, char **reason_r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
reject(struct job *j, char **reason_r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (text_truncate(sb.buf, REASON_MAX))
		strbuf_setlen(&sb, strlen(sb.buf));
	audit(j, "mail.rejected", sb.buf);
	*reason_r = strbuf_detach(&sb, NULL);
}

/* answer - reply.error to the sender; -1 on SQL error */
static int
answer(struct job *j, enum inbound_error code, const char *detail, char **err)
{
	return inbound_send_error(j->ctx, &j->rep, code, detail, err) < 0 ? -1 : 0;
}

/* answer_quoting - the same with detail from the sender's own text: a short excerpt of it */
static int
answer_quoting(struct job *j, enum inbound_error code, const char *text, char **err)
{
	char *ex = text_excerpt(text ? text : "", EXCERPT_CHARS);
	int rc = answer(j, code, ex, err);

	free(ex);
	return rc;
}

/* add_verbs - an action's verbs the token allows, once each */
static size_t
add_verbs(struct job *j, const struct mail_action *a, size_t n)
{
	for (size_t i = 0; a->verbs && a->verbs[i] && n + 5 < MAX_VERBS; i++) {
		size_t k;

		if (!*a->verbs[i] || (j->have_tok && !token_allows(&j->tok, a->verbs[i])))
			continue;
		for (k = 0; k < n && strcmp(j->verbs[k], a->verbs[i]) != 0; k++)
			;
		if (k == n)
			j->verbs[n++] = a->verbs[i];
	}
	return n;
}

/*
 * any_key_purpose - the purpose of the verbs the owner of a valid key may
 * write on it whatever it is about (mail_action.h), by the owner's kind;
 * NULL when none applies
 */
static const char *
any_key_purpose(const struct job *j)
{
	if (!j->have_tok || !j->rep.token_owner || j->sender.id == 0)
		return NULL;
	if (strcmp(j->sender.role, "student") == 0)
		return MAIL_ANY_STUDENT_KEY;
	return mailuser_is_staff(&j->sender) ? MAIL_ANY_STAFF_KEY : NULL;
}

/*
 * set_verbs - the verbs allowed here, filtered by the token: the action's,
 * then those of the other modules acting on the same key or address (a
 * mission sheet's review takes the mission's VALIDER and the follow-up's
 * NOTE), then those taken on any key, then the settings
 */
static void
set_verbs(struct job *j)
{
	const struct mail_action *a;
	const char *any = any_key_purpose(j);
	size_t n = 0;

	if (j->action)
		n = add_verbs(j, j->action, n);
	/* an expired key reaches its renewing action only, with that action's verbs */
	for (size_t k = 0; j->action && (j->have_tok || !j->v->route.token_needed) &&
	    (a = mail_action_nth(j->action->purpose, k)) != NULL; k++)
		n = add_verbs(j, a, n);
	for (size_t k = 0; any && (a = mail_action_nth(any, k)) != NULL; k++)
		for (size_t i = 0; a->verbs && a->verbs[i] && n + 5 < MAX_VERBS; i++) {
			size_t m;

			/* a verb of the key's own stays within the key's commands */
			if (mail_action_with_verb(j->tok.purpose, a->verbs[i]) != NULL)
				continue;
			for (m = 0; m < n && strcmp(j->verbs[m], a->verbs[i]) != 0; m++)
				;
			if (m == n)
				j->verbs[n++] = a->verbs[i];
		}
	j->verbs[n++] = "AIDE";
	j->verbs[n++] = "STOP";
	j->verbs[n++] = "REPRENDRE";
	j->verbs[n++] = "COPIE";
	j->verbs[n] = NULL;
	j->rep.verbs = j->verbs;
}

static int
verb_allowed(struct job *j, const char *verb)
{
	for (size_t i = 0; j->verbs[i]; i++)
		if (strcmp(j->verbs[i], verb) == 0)
			return 1;
	return 0;
}

/* dmarc_pass - the topmost Authentication-Results of the trusted MTA say dmarc=pass for From */
static int
dmarc_pass(struct job *j)
{
	struct authres ar;

	authres_read(&j->v->msg, config_str(j->ctx->cfg, "security.trusted_authserv_id"), &ar);
	return ar.dmarc == AUTHRES_PASS;
}

/* check_token - token status and owner; 1 go on, 0 refused (answered), -1 SQL error */
static int
check_token(struct job *j, char **reason_r, char **err)
{
	struct inbound_view *v = j->v;
	struct mailuser owner;
	int st;

	if (v->route.token[0] == '\0') {
		reject(j, reason_r, "no token in a mail to %s", v->route.address);
		return answer(j, IERR_UNKNOWN_TOKEN, "", err) < 0 ? -1 : 0;
	}
	st = token_lookup(j->ctx->db, v->route.token, &j->tok, err);
	if (st < 0)
		return -1;
	if (st == TOKEN_EXPIRED && (j->action = mail_action_find(j->tok.purpose)) != NULL &&
	    j->action->expired_ok) {
		/* the action renews it: go on to the owner check without a valid token */
	} else if (st != TOKEN_OK) {
		static const enum inbound_error codes[] = {
			[TOKEN_UNKNOWN] = IERR_UNKNOWN_TOKEN, [TOKEN_EXPIRED] = IERR_EXPIRED_TOKEN,
			[TOKEN_SPENT] = IERR_SPENT_TOKEN,
		};

		j->action = NULL;
		reject(j, reason_r, "token %s", inbound_error_name(codes[st]));
		return answer(j, codes[st], "", err) < 0 ? -1 : 0;
	} else
		j->have_tok = 1;
	xsnprintf(j->thread, sizeof(j->thread), "%s.%lld", j->tok.object_type,
	    (long long)j->tok.object_id);
	j->rep.thread = j->thread;
	if (j->tok.user_id == 0)
		return 1;
	if (j->sender.id == j->tok.user_id) {
		owner = j->sender;	/* the usual case: the owner answers */
		st = 1;
	} else if ((st = mailuser_by_id(j->ctx->db, j->tok.user_id, &owner, err)) < 0)
		return -1;
	if (st == 1 && strcasecmp(owner.email, v->msg.from) != 0) {
		struct inbound_reply to_owner = j->rep;

		/*
		 * a forwarded notification answered by someone else: the sender
		 * learns to answer from the address that received it (without
		 * that address), the owner that a reply was refused and from whom
		 */
		to_owner.user_id = owner.id;
		to_owner.rcpt = owner.email;
		to_owner.verbs = NULL;
		to_owner.token_owner = 0;	/* budgeted: no mail bomb through foreign replies */
		reject(j, reason_r, "sender %s is not the token owner", v->msg.from);
		if (answer(j, IERR_WRONG_SENDER, "", err) < 0)
			return -1;
		return inbound_send_error(j->ctx, &to_owner, IERR_FOREIGN_REPLY, v->msg.from, err) < 0 ?
		    -1 : 0;
	}
	if (st == 1) {
		j->sender = owner;
		j->rep.user_id = owner.id;
		j->rep.token_owner = 1;
		if (mailuser_is_staff(&owner) &&
		    config_bool(j->ctx->cfg, "security.require_dmarc_for_staff") && !dmarc_pass(j)) {
			reject(j, reason_r, "staff command without dmarc=pass from the trusted MTA");
			return answer(j, IERR_UNAUTHENTICATED, "", err) < 0 ? -1 : 0;
		}
	}
	return 1;
}

/* declared_pdf_refused - an attachment named or typed PDF that is not one */
static const char *
declared_pdf_refused(const struct mime_msg *m)
{
	for (size_t i = 0; i < m->nattachments; i++) {
		const struct mail_attachment *a = &m->attachments[i];
		size_t fl = strlen(a->filename);
		int declared = strcmp(a->content_type, "application/pdf") == 0 ||
		    (fl > 4 && strcasecmp(a->filename + fl - 4, ".pdf") == 0);

		if (declared && !a->is_pdf)
			return a->filename;
	}
	return NULL;
}

/* yes_no - 1 for OUI/YES/ON, 0 for NON/NO/OFF, -1 for anything else */
static int
yes_no(const char *a)
{
	static const char *const yes[] = { "oui", "yes", "on", "o", "y" };
	static const char *const no[] = { "non", "no", "off", "n" };
	char w[8];
	size_t n = 0;

	while (a && (*a == ' ' || *a == ':'))
		a++;
	while (a && a[n] && a[n] != ' ' && n < sizeof(w) - 1) {
		w[n] = (char)tolower((unsigned char)a[n]);
		n++;
	}
	w[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		if (strcmp(w, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		if (strcmp(w, no[i]) == 0)
			return 0;
	return -1;
}

/*
 * setting - STOP, REPRENDRE, COPIE OUI|NON: the sender's notification
 * settings, confirmed by reply.help
 */
static enum input_result
setting(struct job *j, const char *verb, char **reason_r, char **err)
{
	enum inbound_help what;
	int rc, on;

	if (j->sender.id == 0) {
		reject(j, reason_r, "%s from unknown sender %s", verb, j->v->msg.from);
		return answer(j, IERR_UNKNOWN_SENDER, "", err) < 0 ? INPUT_TEMPFAIL : INPUT_REJECTED;
	}
	if (strcmp(verb, "COPIE") == 0) {
		if ((on = yes_no(j->v->cmd.args)) < 0) {
			reject(j, reason_r, "COPIE without OUI or NON");
			return answer(j, IERR_NOT_UNDERSTOOD, "COPIE OUI / COPIE NON", err) < 0 ?
			    INPUT_TEMPFAIL : INPUT_REJECTED;
		}
		rc = mailuser_set_notify_email(j->ctx->db, j->sender.id, on, err);
		what = on ? HELP_COPY_ON : HELP_COPY_OFF;
	} else {
		on = strcmp(verb, "REPRENDRE") == 0;
		rc = mailuser_set_notify_optional(j->ctx->db, j->sender.id, on, err);
		what = on ? HELP_RESUMED : HELP_STOPPED;
	}
	if (rc < 0 || inbound_send_help(j->ctx, &j->rep, what, err) < 0)
		return INPUT_TEMPFAIL;
	log_debug("user '%s': %s %s by mail", j->sender.email, verb, on ? "on" : "off");
	audit(j, on ? "mail.resume" : "mail.stop", what == HELP_COPY_ON ? "e-mail copy on" :
	    what == HELP_COPY_OFF ? "e-mail copy off" : on ? "optional notifications on" :
	    "optional notifications off");
	return INPUT_DONE;
}

static enum input_result
dispatch(struct job *j, char **reason_r, char **err)
{
	struct inbound_view *v = j->v;
	struct mail_request req;
	struct mail_answer ans = { NULL, NULL };
	enum input_result res;
	char *why = NULL;
	int rc;

	memset(&req, 0, sizeof(req));
	req.answer = &ans;
	req.route = v->route.name;
	req.message_id = v->msg.message_id;
	req.sender = v->msg.from;
	req.sender_name = v->msg.from_name;
	req.sender_user_id = j->sender.id;
	req.subject = v->msg.subject;
	req.locale = j->sender.id && *j->sender.locale ? j->sender.locale : j->locale;
	req.token_clear = v->route.token[0] ? v->route.token : NULL;
	req.token = j->have_tok ? &j->tok : NULL;
	req.verb = j->verb;
	req.args = v->cmd.args ? v->cmd.args : "";
	req.text = v->reply.command;
	req.form = v->cmd.form;
	req.nform = v->cmd.nform;
	req.attachments = v->msg.attachments;
	req.nattachments = v->msg.nattachments;
	/* the mailbox is proven by a key of the sender's, or by the sender's domain */
	req.authenticated = (j->have_tok && j->rep.token_owner && j->sender.id != 0 &&
	    j->sender.id == j->tok.user_id) || dmarc_pass(j);
	res = j->action->apply(j->ctx, &req, &why);
	if (res == INPUT_TEMPFAIL) {
		free(ans.detail);
		*reason_r = why ? why : xstrdup("temporary failure");
		return res;
	}
	if (res == INPUT_REJECTED) {
		reject(j, reason_r, "%s", why ? why : "refused");
		free(why);
		rc = answer(j, inbound_error_by_name(ans.code ? ans.code : "invalid"),
		    ans.detail ? ans.detail : *reason_r, err);
		free(ans.detail);
		return rc < 0 ? INPUT_TEMPFAIL : INPUT_REJECTED;
	}
	free(ans.detail);
	free(why);
	if (j->have_tok && !j->any_key && j->tok.max_uses > 0 &&
	    token_consume(j->ctx->db, j->tok.id, err) < 0)
		return INPUT_TEMPFAIL;
	audit(j, "mail.applied", v->route.name);
	return INPUT_DONE;
}

static enum input_result
handle_human(struct job *j, char **reason_r, char **err)
{
	struct inbound_view *v = j->v;
	const char *verb, *lang = mime_header_get(&v->msg, "Content-Language", 0), *bad;
	const struct mail_action *a;
	struct authres ar;
	int rc;

	(void)xstrlcpy(j->locale, lang && strncasecmp(lang, "en", 2) == 0 ? "en" :
	    config_str(j->ctx->cfg, "mail.locale"), sizeof(j->locale));
	j->rep.rcpt = v->msg.from;
	j->rep.locale = j->locale;
	j->rep.in_reply_to = v->msg.message_id;
	j->rep.subject = v->msg.subject;
	j->rep.route = v->route.name;
	j->rep.address = v->route.address;
	if (v->msg.message_id) {
		xsnprintf(j->thread, sizeof(j->thread), "mail.%s", v->msg.message_id);
		j->rep.thread = j->thread;
	}
	if (v->route.kind == ROUTE_NONE) {
		if (v->route.unknown[0])
			reject(j, reason_r, "unknown address %s: not one of the platform's (offres,"
			    " documents, inscription, missions, parrainage, formations, reply+, msg+,"
			    " bounces+)", v->route.unknown);
		else
			reject(j, reason_r, "no platform address of %s among the recipients",
			    config_str(j->ctx->cfg, "mail.domain"));
		return INPUT_REJECTED;
	}
	if (*v->msg.from == '\0') {
		reject(j, reason_r, "no sender address");
		return INPUT_REJECTED;
	}
	if (strlen(v->msg.from) > 254 || strpbrk(v->msg.from, " \t\r\n\"<>") != NULL) {
		reject(j, reason_r, "sender address is not a plausible address");
		return INPUT_REJECTED;
	}
	authres_read(&v->msg, config_str(j->ctx->cfg, "security.trusted_authserv_id"), &ar);
	j->rep.unverified = ar.trusted && (ar.dmarc == AUTHRES_FAIL || ar.spf == AUTHRES_FAIL) &&
	    ar.dmarc != AUTHRES_PASS && ar.spf != AUTHRES_PASS;
	if ((rc = mailuser_by_email(j->ctx->db, v->msg.from, &j->sender, err)) < 0)
		return INPUT_TEMPFAIL;
	if (rc == 1)
		j->rep.user_id = j->sender.id;
	if (v->route.token_needed && (rc = check_token(j, reason_r, err)) <= 0)
		return rc < 0 ? INPUT_TEMPFAIL : INPUT_REJECTED;
	if (j->action == NULL)
		j->action = mail_action_find_verb(j->have_tok ? j->tok.purpose : v->route.name,
		    v->cmd.verb);
	set_verbs(j);
	verb = v->cmd.verb;
	if (verb == NULL && j->action && j->action->default_verb)
		verb = j->action->default_verb;
	j->verb = verb;
	if (verb && strcmp(verb, "AIDE") == 0) {
		if (inbound_send_help(j->ctx, &j->rep, HELP_ONLY, err) < 0)
			return INPUT_TEMPFAIL;
		audit(j, "mail.help", "help sent");
		return INPUT_DONE;
	}
	if (verb && (strcmp(verb, "STOP") == 0 || strcmp(verb, "REPRENDRE") == 0 ||
	    strcmp(verb, "COPIE") == 0))
		return setting(j, verb, reason_r, err);
	/* a verb of any key, when the key's own actions do not take it */
	if (verb && any_key_purpose(j) && mail_action_with_verb(j->tok.purpose, verb) == NULL &&
	    (a = mail_action_with_verb(any_key_purpose(j), verb)) != NULL) {
		j->action = a;
		j->any_key = 1;
	}
	/* a staff command at a fixed address has no key: the sender's domain must vouch for it */
	if (!v->route.token_needed && j->sender.id && mailuser_is_staff(&j->sender) &&
	    config_bool(j->ctx->cfg, "security.require_dmarc_for_staff") && !dmarc_pass(j)) {
		reject(j, reason_r, "staff command at %s without dmarc=pass from the trusted MTA",
		    v->route.address);
		return answer(j, IERR_UNAUTHENTICATED, "", err) < 0 ? INPUT_TEMPFAIL : INPUT_REJECTED;
	}
	if (v->msg.nrefused > 0 || (bad = declared_pdf_refused(&v->msg)) != NULL) {
		const char *what = v->msg.nrefused > 0 ? v->msg.refused[0] : bad;

		reject(j, reason_r, "attachment refused: %s %s", what, v->msg.nrefused > 0 ?
		    "is larger than limits.attachment_bytes" : "is not a PDF");
		j->rep.too_large = v->msg.nrefused > 0;
		return answer_quoting(j, IERR_ATTACHMENT_REFUSED, what, err) < 0 ? INPUT_TEMPFAIL :
		    INPUT_REJECTED;
	}
	if (j->action == NULL && j->sender.id == 0 && !j->have_tok) {
		reject(j, reason_r, "unknown sender %s at %s", v->msg.from, v->route.address);
		return answer(j, IERR_UNKNOWN_SENDER, "", err) < 0 ? INPUT_TEMPFAIL : INPUT_REJECTED;
	}
	if (verb == NULL && (v->route.token_needed || j->action == NULL)) {
		reject(j, reason_r, "no command understood in '%s'", v->cmd.line ? v->cmd.line : "");
		return answer_quoting(j, IERR_NOT_UNDERSTOOD, v->cmd.line, err) < 0 ?
		    INPUT_TEMPFAIL : INPUT_REJECTED;
	}
	if (verb && (j->action == NULL || !verb_allowed(j, verb))) {
		reject(j, reason_r, "command %s not allowed here", verb);
		return answer(j, IERR_NOT_ALLOWED, verb, err) < 0 ? INPUT_TEMPFAIL : INPUT_REJECTED;
	}
	return dispatch(j, reason_r, err);
}

enum input_result
inbound_apply(struct altc *ctx, const struct input *in, char **reason_r)
{
	struct inbound_view v;
	struct job j;
	enum input_result res;
	char *err = NULL;

	*reason_r = NULL;
	if (in->len > (size_t)config_int(ctx->cfg, "limits.message_bytes")) {
		*reason_r = xasprintf("message of %zu bytes is larger than limits.message_bytes", in->len);
		return INPUT_REJECTED;
	}
	if (inbound_analyse(ctx->cfg, in->data, in->len, in->envelope_rcpt, &v, &err) < 0) {
		*reason_r = xasprintf("%s%s", strncmp(err, "MIME structure", 14) == 0 ? "" :
		    "not a mail: ", err);
		free(err);
		return INPUT_REJECTED;
	}
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	j.v = &v;
	if (v.is_bounce || v.route.kind == ROUTE_BOUNCES) {
		res = handle_bounce(&j, reason_r);
	} else if (v.automatic) {
		log_info("mail '%s' from '%s': automatic (%s), not answered",
		    v.msg.message_id ? v.msg.message_id : "-", v.msg.from, v.automatic);
		audit(&j, "mail.automatic", v.automatic);
		res = INPUT_DONE;
	} else {
		res = handle_human(&j, reason_r, &err);
		if (res == INPUT_TEMPFAIL && err) {
			free(*reason_r);
			*reason_r = err;
			err = NULL;
		}
	}
	if (j.audit_failed && res != INPUT_TEMPFAIL) {
		/* the mail's effect without its history: neither is kept, the mail waits */
		free(*reason_r);
		*reason_r = xstrdup("database error: cannot write the history of the mail");
		res = INPUT_TEMPFAIL;
	}
	free(err);
	inbound_view_release(&v);
	return res;
}

/* the mail handler of the spool, listed in the mail-in module's descriptor */
const struct module_input inbound_inputs[] = {
	{ INPUT_MAIL, inbound_apply },
	{ INPUT_NKINDS, NULL }
};
