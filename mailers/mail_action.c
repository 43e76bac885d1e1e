/*
 * mail_action.c - finding the mail action of a purpose (see mail_action.h)
 * in the modules' descriptors, after those registered by hand (tests, tools),
 * and the two ways an action turns a refusal into the sender's answer.
 */
#include "compat.h"

#include "mail_action.h"
#include "module.h"
#include "status.h"
#include "strbuf.h"
#include "user_text.h"
#include "util.h"

#define MAX_ACTIONS 64

static const struct mail_action *actions[MAX_ACTIONS];
static size_t nactions;

void
mail_action_register(const struct mail_action *a)
{
	for (size_t i = 0; i < nactions; i++)
		if (strcmp(actions[i]->purpose, a->purpose) == 0) {
			actions[i] = a;	/* registering twice replaces */
			return;
		}
	if (nactions == MAX_ACTIONS)
		BUG("too many mail actions");
	actions[nactions++] = a;
}

const struct mail_action *
mail_action_find(const char *purpose)
{
	if (purpose == NULL)
		return NULL;
	for (size_t i = 0; i < nactions; i++)
		if (strcmp(actions[i]->purpose, purpose) == 0)
			return actions[i];
	MODULES_EACH(m)
		for (const struct mail_action *a = m->mail_actions; a && a->purpose; a++)
			if (strcmp(a->purpose, purpose) == 0)
				return a;
	return NULL;
}

const struct mail_action *
mail_action_nth(const char *purpose, size_t n)
{
	if (purpose == NULL)
		return NULL;
	for (size_t i = 0; i < nactions; i++)
		if (strcmp(actions[i]->purpose, purpose) == 0 && n-- == 0)
			return actions[i];
	MODULES_EACH(m)
		for (const struct mail_action *a = m->mail_actions; a && a->purpose; a++)
			if (strcmp(a->purpose, purpose) == 0 && n-- == 0)
				return a;
	return NULL;
}

/* lists - whether an action accepts verb */
static int
lists(const struct mail_action *a, const char *verb)
{
	for (size_t i = 0; a->verbs && a->verbs[i]; i++)
		if (strcmp(a->verbs[i], verb) == 0)
			return 1;
	return 0;
}

const struct mail_action *
mail_action_with_verb(const char *purpose, const char *verb)
{
	const struct mail_action *a;

	if (purpose == NULL || verb == NULL)
		return NULL;
	for (size_t n = 0; (a = mail_action_nth(purpose, n)) != NULL; n++)
		if (lists(a, verb))
			return a;
	return NULL;
}

const struct mail_action *
mail_action_find_verb(const char *purpose, const char *verb)
{
	if (purpose == NULL || verb == NULL)
		return mail_action_find(purpose);
	for (size_t i = 0; i < nactions; i++)
		if (strcmp(actions[i]->purpose, purpose) == 0 && lists(actions[i], verb))
			return actions[i];
	MODULES_EACH(m)
		for (const struct mail_action *a = m->mail_actions; a && a->purpose; a++)
			if (strcmp(a->purpose, purpose) == 0 && lists(a, verb))
				return a;
	return mail_action_find(purpose);
}

char *
mail_request_text(const struct mail_request *req)
{
	struct strbuf b = STRBUF_INIT;
	const char *t = req->text ? req->text : "", *nl;

	strbuf_addstr(&b, req->args ? req->args : "");
	while (*t == '\n' || *t == ' ' || *t == '\r' || *t == '\t')
		t++;
	if ((nl = strchr(t, '\n')) != NULL) {
		while (*++nl == '\n' || *nl == '\r')
			;
		if (*nl)
			strbuf_addf(&b, "%s%s", b.len ? "\n" : "", nl);
	}
	while (b.len && strchr(" \t\r\n", b.buf[b.len - 1]))
		b.buf[--b.len] = '\0';
	return strbuf_detach(&b, NULL);
}

const char *
mail_form_get(const struct mail_request *req, const char *key)
{
	for (size_t i = 0; i < req->nform; i++)
		if (strcmp(req->form[i].key, key) == 0)
			return req->form[i].value;
	return NULL;
}

/* the reply.error code of each engine status */
static const struct {
	int status;
	const char *code, *what;	/* what: for the failed/ reason */
} status_codes[] = {
	{ ACT_EINPUT, "invalid", "invalid value" },
	{ ACT_EDENIED, "not_permitted", "not permitted" },
	{ ACT_ESTATE, "not_possible", "not possible in the current state" },
	{ ACT_ENOTFOUND, "other", "not found" },
};

enum input_result
mail_action_refuse(const struct mail_request *req, const char *code, char *detail, char *reason,
    char **reason_r)
{
	req->answer->code = code;
	free(req->answer->detail);
	req->answer->detail = detail;
	*reason_r = reason;
	return INPUT_REJECTED;
}

enum input_result
mail_action_result(const struct mail_request *req, int status, char *err, char **reason_r)
{
	if (status == ACT_OK) {
		free(err);
		return INPUT_DONE;
	}
	if (status == ACT_EDB) {
		*reason_r = xasprintf("database: %s", err ? err : "?");
		free(err);
		return INPUT_TEMPFAIL;
	}
	for (size_t i = 0; i < sizeof(status_codes) / sizeof(status_codes[0]); i++) {
		if (status_codes[i].status == status) {
			const char *e = err ? err : "";
			enum input_result r = mail_action_refuse(req, status_codes[i].code,
			    user_text(req->locale, e), xasprintf("%s: %s", status_codes[i].what, e),
			    reason_r);

			free(err);
			return r;
		}
	}
	BUG("status %d", status);
}
