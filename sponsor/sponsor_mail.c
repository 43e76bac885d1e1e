/*
 * sponsor_mail.c - sponsorship by mail.  A student writes PARRAINAGE on any
 * mail they received, or to parrainage@ (a mail there without a command is
 * the request itself); a chargé de mission writes REFERENT (or PARRAIN)
 * lines, "REFERENT address Last-name First-name", one account a line, on
 * any mail they received or to parrainage@ (there, without proof of their
 * mailbox, held until they confirm: mail_action_hold).  The referent
 * answers the request with VALIDER [sponsor] or REFUSER motif; FIN
 * [PARRAINAGE] ends a sponsorship from any of its parties' keys.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "notify.h"
#include "sponsor.h"
#include "status.h"
#include "strbuf.h"
#include "token.h"
#include "user_text.h"
#include "util.h"

/* skip_word - s after a leading word (any case) and the spaces or ':' after it, if it leads */
static const char *
skip_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	while (*s == ' ' || *s == '\t')
		s++;
	if (strncasecmp(s, word, n) == 0 && (s[n] == '\0' || strchr(" \t:\n", s[n]))) {
		s += n;
		while (*s == ' ' || *s == '\t' || *s == ':' || *s == '\n')
			s++;
	}
	return s;
}

/* first_verb - the canonical verb of the first word of text's first non-empty line, or NULL */
static const char *
first_verb(const char *text)
{
	char word[64];
	size_t n = 0;

	while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r' || *text == '*')
		text++;
	while (text[n] && !strchr(" \t\r\n:*.", text[n]) && n < sizeof(word) - 1) {
		word[n] = text[n];
		n++;
	}
	word[n] = '\0';
	return n ? command_verb(word) : NULL;
}

/* request_text - what the student wrote: after PARRAINAGE, or all of it without a command */
static char *
request_text(const struct mail_request *req)
{
	const char *t = req->text ? req->text : "";
	const char *v = first_verb(t);

	if (v && strcmp(v, "PARRAINAGE") == 0)
		return mail_request_text(req);
	return str_trim(xstrdup(t));
}

static enum input_result
ask(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL, *text;
	int64_t id;
	int rc;

	if (req->sender_user_id == 0)
		return mail_action_refuse(req, "unknown_sender", NULL,
		    xasprintf("PARRAINAGE from unknown sender %s", req->sender), reason_r);
	text = request_text(req);
	rc = sponsorship_request(ctx, req->sender_user_id, text, &id, &err);
	free(text);
	return mail_action_result(req, rc, err, reason_r);
}

/* the lines of one verb in the new text: "REFERENT address Last First" */
struct staff_line {
	char *email, *name, *line;
};

/* read_lines - each line whose first word is verb, split; their count */
static size_t
read_lines(const char *text, const char *verb, struct staff_line **out_r)
{
	const char *p = text ? text : "", *nl;
	size_t n = 0;

	*out_r = NULL;
	for (; *p; p = *nl ? nl + 1 : nl) {
		char *line, *rest, *addr, *end;
		const char *v;

		nl = p + strcspn(p, "\n");
		line = str_trim(xstrndup(p, (size_t)(nl - p)));
		v = first_verb(line);
		if (v == NULL || strcmp(v, verb) != 0) {
			free(line);
			continue;
		}
		rest = line + strcspn(line, " \t:");
		while (*rest == ' ' || *rest == '\t' || *rest == ':')
			rest++;
		addr = xstrndup(rest, strcspn(rest, " \t,;"));
		rest += strlen(addr);
		if (*addr == '<') {
			memmove(addr, addr + 1, strlen(addr));
			addr[strcspn(addr, ">")] = '\0';
		}
		for (end = addr + strlen(addr); end > addr && strchr(">.,;", end[-1]); end--)
			end[-1] = '\0';
		while (*rest == ' ' || *rest == '\t' || *rest == ',' || *rest == ';')
			rest++;
		*out_r = xreallocarray(*out_r, n + 1, sizeof(**out_r));
		(*out_r)[n].email = addr;
		(*out_r)[n].name = str_trim(xstrdup(rest));
		(*out_r)[n++].line = line;
	}
	return n;
}

static void
add_person(json_object *list, const char *email, const char *name)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "email", json_object_new_string(email));
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_array_add(list, o);
}

/*
 * run_lines - each line in its own savepoint (referent_create, sponsor_add):
 * what was created into made, the lines that created nothing with the
 * reason into errors and why; the count created, -1 with *reason_r on SQL
 * error
 */
static int
run_lines(struct altc *ctx, const struct mail_request *req, int referent,
    const struct staff_line *l, size_t n, json_object *made, json_object *errors,
    struct strbuf *why, char **reason_r)
{
	int created = 0;

	for (size_t i = 0; i < n; i++) {
		char *err = NULL;
		int64_t id;
		int rc = referent ? referent_create(ctx, req->sender_user_id, l[i].email, l[i].name,
		    &id, &err) : sponsor_add(ctx, req->sender_user_id, l[i].email, l[i].name, &id,
		    &err);

		if (rc == ACT_EDB) {
			*reason_r = xasprintf("database: %s", err ? err : "?");
			free(err);
			return -1;
		}
		if (rc == ACT_OK) {
			add_person(made, l[i].email, l[i].name);
			created++;
		} else {
			char *fr = user_text(req->locale, err ? err : "?");

			add_person(errors, l[i].line, fr);
			strbuf_addf(why, "%s%s: %s", why->len ? "\n" : "", l[i].line, fr);
			free(fr);
		}
		free(err);
	}
	return created;
}

/*
 * dry_run - run_lines in a savepoint rolled back: what the lines would
 * create now, as run_lines says it
 */
static int
dry_run(struct altc *ctx, const struct mail_request *req, int referent,
    const struct staff_line *l, size_t n, json_object *made, json_object *errors,
    struct strbuf *why, char **reason_r)
{
	int created;

	if (db_savepoint(ctx->db, "staff_dry_run") < 0) {
		*reason_r = xstrdup("database: cannot open a savepoint");
		return -1;
	}
	log_mute(1);
	created = run_lines(ctx, req, referent, l, n, made, errors, why, reason_r);
	log_mute(0);
	db_rollback_to(ctx->db, "staff_dry_run");
	return created;
}

/*
 * create_accounts - REFERENT or PARRAIN lines of a chargé de mission, then
 * one mail listing what was created and what was not; refused as a whole
 * when nothing would be created.  At parrainage@ without proof of the
 * sender's mailbox (req->authenticated), nothing is created: the lines are
 * held and the chargé de mission asked to confirm what they would do.
 */
static enum input_result
create_accounts(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int referent = strcmp(req->verb, "REFERENT") == 0, rc, created;
	json_object *v, *made, *errors;
	struct strbuf why = STRBUF_INIT;
	struct staff_line *l;
	size_t n;
	char *err = NULL;

	if (req->sender_user_id == 0)
		return mail_action_refuse(req, "unknown_sender", NULL,
		    xasprintf("%s from unknown sender %s", req->verb, req->sender), reason_r);
	if ((rc = mission_officer_check(ctx, req->sender_user_id, &err)) != ACT_OK)
		return mail_action_result(req, rc, err, reason_r);
	if ((n = read_lines(req->text, req->verb, &l)) == 0)
		return mail_action_result(req, ACT_EINPUT, xstrdup(referent ?
		    "a referent needs an address and a name: REFERENT address Last-name First-name" :
		    "a sponsor needs a name: PARRAIN address Last-name First-name"), reason_r);
	v = json_object_new_object();
	made = json_object_new_array();
	errors = json_object_new_array();
	created = (req->authenticated ? run_lines : dry_run)(ctx, req, referent, l, n, made, errors,
	    &why, reason_r);
	for (size_t i = 0; i < n; i++) {
		free(l[i].email);
		free(l[i].name);
		free(l[i].line);
	}
	free(l);
	if (created <= 0) {
		json_object_put(v);
		json_object_put(made);
		json_object_put(errors);
		if (created < 0) {
			strbuf_release(&why);
			return INPUT_TEMPFAIL;
		}
		return mail_action_refuse(req, "invalid", strbuf_detach(&why, NULL),
		    xstrdup("no account created"), reason_r);
	}
	strbuf_release(&why);
	json_object_object_add(v, referent ? "is_referents" : "is_sponsors",
	    json_object_new_boolean(1));
	json_object_object_add(v, "has_errors", json_object_new_boolean(
	    json_object_array_length(errors) > 0));
	json_object_object_add(v, "created", made);
	json_object_object_add(v, "errors", errors);
	if (!req->authenticated) {
		enum input_result res = mail_action_hold(ctx, req, json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE), reason_r);

		json_object_put(v);
		return res;
	}
	{
		struct notify_msg m = { 0 };

		char tok[TOKEN_BUFSZ];

		if (token_issue(ctx->db, "mission_officer", "user", req->sender_user_id,
		    req->sender_user_id, "REFERENT,PARRAIN", config_int(ctx->cfg, "tokens.reply_ttl"),
		    0, tok, &err) < 0) {
			json_object_put(v);
			*reason_r = xasprintf("database: %s", err ? err : "?");
			free(err);
			return INPUT_TEMPFAIL;
		}
		m.token = tok;
		m.user_id = req->sender_user_id;
		m.template = "sponsor.created";
		m.importance = NOTIFY_ACTION;
		m.vars_json = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
		rc = notify_queue(ctx, &m, &err) < 0;
	}
	json_object_put(v);
	if (rc) {
		*reason_r = xasprintf("database: %s", err ? err : "?");
		free(err);
		return INPUT_TEMPFAIL;
	}
	return INPUT_DONE;
}

/* on_any_student - PARRAINAGE on any key of a student */
static enum input_result
on_any_student(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	return ask(ctx, req, reason_r);
}

/* on_any_staff - REFERENT or PARRAIN lines on any key of a staff member */
static enum input_result
on_any_staff(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	return create_accounts(ctx, req, reason_r);
}

/* on_address - parrainage@: the student's request, or a chargé de mission's lines */
static enum input_result
on_address(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->verb && (strcmp(req->verb, "REFERENT") == 0 || strcmp(req->verb, "PARRAIN") == 0))
		return create_accounts(ctx, req, reason_r);
	return ask(ctx, req, reason_r);
}

/* end_reason - what follows FIN [PARRAINAGE] (caller frees) */
static char *
end_reason(const struct mail_request *req)
{
	char *t = mail_request_text(req), *r = xstrdup(skip_word(t, "PARRAINAGE"));

	free(t);
	return r;
}

static enum input_result
end(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL, *why = end_reason(req);
	int rc = sponsorship_end(ctx, req->token->object_id, req->sender_user_id, req->sender, why,
	    &err);

	free(why);
	return mail_action_result(req, rc, err, reason_r);
}

/* on_referent - VALIDER [sponsor], REFUSER motif or FIN on the request's key */
static enum input_result
on_referent(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL, *text;
	int rc;

	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("a decision needs a reply key and a command");
		return INPUT_REJECTED;
	}
	if (strcmp(req->verb, "FIN") == 0)
		return end(ctx, req, reason_r);
	text = mail_request_text(req);
	if (strcmp(req->verb, "VALIDER") == 0) {
		/* the sponsor on the command line, a word for both on the lines below */
		const char *below = text + strlen(req->args ? req->args : "");

		while (*below == '\n' || *below == ' ')
			below++;
		rc = sponsorship_validate(ctx, req->token->object_id, req->sender_user_id,
		    req->args, below, &err);
	} else
		rc = sponsorship_refuse(ctx, req->token->object_id, req->sender_user_id, text, &err);
	free(text);
	return mail_action_result(req, rc, err, reason_r);
}

/* on_party - FIN on the student's or the sponsor's key */
static enum input_result
on_party(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->token == NULL || req->verb == NULL || strcmp(req->verb, "FIN") != 0) {
		*reason_r = xstrdup("FIN expected");
		return INPUT_REJECTED;
	}
	return end(ctx, req, reason_r);
}

static const char *const student_verbs[] = { "PARRAINAGE", NULL };
static const char *const staff_verbs[] = { "REFERENT", "PARRAIN", NULL };
static const char *const address_verbs[] = { "PARRAINAGE", "REFERENT", "PARRAIN", NULL };
static const char *const referent_verbs[] = { "VALIDER", "REFUSER", "FIN", NULL };
static const char *const party_verbs[] = { "FIN", NULL };

const struct mail_action sponsor_mail_actions[] = {
	{ MAIL_ANY_STUDENT_KEY, student_verbs, on_any_student, NULL, 0 },
	{ MAIL_ANY_STAFF_KEY, staff_verbs, on_any_staff, NULL, 0 },
	{ "parrainage", address_verbs, on_address, "PARRAINAGE", 0 },
	/* the key of the list of accounts created: more lines */
	{ "mission_officer", staff_verbs, on_any_staff, NULL, 0 },
	{ "sponsorship_referent", referent_verbs, on_referent, NULL, 0 },
	{ "sponsorship_student", party_verbs, on_party, NULL, 0 },
	{ "sponsorship_sponsor", party_verbs, on_party, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

const struct mail_verb sponsor_mail_verbs[] = {
	{ "PARRAINAGE", "PARRAINAGE" }, { "MARRAINAGE", "PARRAINAGE" },
	{ "SPONSORSHIP", "PARRAINAGE" }, { "MENTORING", "PARRAINAGE" },
	{ "PARRAIN", "PARRAIN" }, { "MARRAINE", "PARRAIN" }, { "SPONSOR", "PARRAIN" },
	/* not END: "End: 2027-06-30" is a mission sheet's end date */
	{ "FIN", "FIN" }, { "TERMINER", "FIN" },
	{ NULL, NULL }
};
