/*
 * company_mail.c - employer accounts by mail: the registration form sent to
 * inscription@, the confirmation of the address by reply, and the
 * referent's approval of a collaborator.  The rules live in
 * engine/company.c; this file maps the mail digest onto them.
 */
#include "compat.h"

#include "altc.h"
#include "company.h"
#include "company_mail.h"
#include "log.h"
#include "command.h"
#include "mail_action.h"
#include "status.h"
#include "util.h"

/* the blank registration form, sent back when fields are missing */
static const char form_fr[] =
	"Raison sociale :\nSIRET :\nSecteur :\nEffectif :\nAdresse :\nCode postal :\n"
	"Ville :\nPays :\nNom :\nPrénom :\nTéléphone :\n";
static const char form_en[] =
	"Company name:\nSIRET:\nSector:\nHeadcount:\nAddress:\nPostal code:\n"
	"City:\nCountry:\nLast name:\nFirst name:\nPhone:\n";

enum input_result
company_mail_inscription(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int en = locale_is_en(req->locale);
	struct company_fields f;
	char *missing, *err = NULL;
	int64_t user;
	int rc;

	if (req->verb && strcmp(req->verb, "REFERENT") == 0) {
		const char *a = req->args ? req->args : "";
		char addr[256];

		while (*a == ' ' || *a == ':')
			a++;
		(void)xstrlcpy(addr, a, sizeof(addr));
		addr[strcspn(addr, " ,;<>")] = '\0';
		rc = company_handover(ctx, req->sender_user_id, addr, &err);
		return mail_action_result(req, rc, err, reason_r);
	}
	if (req->sender_user_id)
		return mail_action_refuse(req, "invalid", xstrdup(en ?
		    "This address already has an account on the platform." :
		    "Cette adresse a déjà un compte sur la plateforme."),
		    xasprintf("'%s' already has an account", req->sender), reason_r);
	company_fields_init(&f);
	for (size_t i = 0; i < req->nform; i++)
		(void)company_fields_set(&f, req->form[i].key, req->form[i].value);
	if ((missing = company_fields_missing(&f, req->locale)) != NULL) {
		enum input_result r = mail_action_refuse(req, "missing_fields",
		    xasprintf(en ? "missing: %s.\n\nForm to fill in:\n%s" :
		    "champs manquants : %s.\n\nFormulaire à compléter :\n%s", missing,
		    en ? form_en : form_fr), xasprintf("missing fields: %s", missing), reason_r);

		free(missing);
		company_fields_release(&f);
		return r;
	}
	rc = company_register(ctx, &f, req->sender, req->locale, &user, &err);
	company_fields_release(&f);
	return mail_action_result(req, rc, err, reason_r);
}

enum input_result
company_mail_confirm(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL;
	int rc;

	if (req->token == NULL || strcmp(req->token->object_type, "user") != 0 ||
	    req->token->object_id != req->sender_user_id) {
		*reason_r = xstrdup("the confirmation must come from the address to confirm");
		return INPUT_REJECTED;
	}
	rc = company_confirm(ctx, req->token->object_id, &err);
	return mail_action_result(req, rc, err, reason_r);
}

enum input_result
company_mail_collaborator(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	static const char *const yes[] = { "APPROUVER", "VALIDER", "ACCEPTER" };
	char *err = NULL;
	int approve = 0, rc;

	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("APPROUVER or REFUSER expected");
		return INPUT_REJECTED;
	}
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		approve |= strcmp(req->verb, yes[i]) == 0;
	rc = company_collaborator_decide(ctx, req->token->object_id, req->sender_user_id, approve,
	    &err);
	return mail_action_result(req, rc, err, reason_r);
}

/* link_confirm - the button of the confirmation link: the same as a reply */
static int
link_confirm(struct altc *ctx, const struct token_info *t, char **errstr_r)
{
	if (strcmp(t->object_type, "user") != 0 || t->object_id != t->user_id) {
		*errstr_r = xstrdup("confirmation link of another account");
		return -1;
	}
	return company_confirm(ctx, t->object_id, errstr_r) == ACT_OK ? 0 : -1;
}

const struct http_action company_links[] = {
	{ "confirm_email", link_confirm, { "Confirmer votre adresse e-mail et activer votre"
	    " compte employeur.", "Confirm your e-mail address and activate your employer"
	    " account." }, NULL },
	{ NULL, NULL, { NULL, NULL }, NULL }
};

static const char *const inscription_verbs[] = { "REFERENT", NULL };
static const char *const confirm_verbs[] = { "CONFIRMER", "VALIDER", "ACCEPTER", NULL };
static const char *const collaborator_verbs[] = { "APPROUVER", "VALIDER", "ACCEPTER", "REFUSER",
	"REJETER", NULL };

/* a reply without a command to the confirmation mail confirms the address */
const struct mail_action company_mail_actions[] = {
	{ "inscription", inscription_verbs, company_mail_inscription, NULL, 0 },
	{ "confirm_email", confirm_verbs, company_mail_confirm, "CONFIRMER", 0 },
	{ "collaborator_review", collaborator_verbs, company_mail_collaborator, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

/* the verbs of these actions that the reply parser does not know of itself */
const struct mail_verb company_mail_verbs[] = {
	{ "CONFIRMER", "CONFIRMER" }, { "CONFIRM", "CONFIRMER" },
	{ "APPROUVER", "APPROUVER" },
	{ "REFERENT", "REFERENT" }, { "REFERENTE", "REFERENT" },
	{ NULL, NULL }
};

/* the templates of employer accounts */
const char *const company_templates[] = {
	"account.confirm_email", "account.collaborator_request", "account.welcome",
	"account.referent", "account.spontaneous", NULL
};
