/*
 * mail_action.c - the registry of mail actions (see mail_action.h): a small
 * array filled at start-up by each layer's *_register_inputs function.
 */
#include "compat.h"

#include "mail_action.h"
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
	for (size_t i = 0; purpose && i < nactions; i++)
		if (strcmp(actions[i]->purpose, purpose) == 0)
			return actions[i];
	return NULL;
}

const char *
mail_form_get(const struct mail_request *req, const char *key)
{
	for (size_t i = 0; i < req->nform; i++)
		if (strcmp(req->form[i].key, key) == 0)
			return req->form[i].value;
	return NULL;
}
