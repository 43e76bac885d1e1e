/*
 * structure_mail.c - structures by mail.  A structure's user adds a
 * partner company with PARTENAIRE and the company's lines (SIRET, Raison
 * sociale, Adresse, Code postal, Ville, Contact), at inscription@ (where
 * the form alone does, from a structure's user), at offres@ (the offer
 * module hands PARTENAIRE over) or by reply to a structure's mail; an
 * admin answers the request with VALIDER or REFUSER motif.  The rules are
 * structure_partner.c's; this file maps the mail's digest onto them.
 */
#include "compat.h"

#include "altc.h"
#include "command.h"
#include "company.h"
#include "company_mail.h"
#include "log.h"
#include "mail_action.h"
#include "siret.h"
#include "status.h"
#include "structure.h"
#include "structure_int.h"
#include "structure_mail.h"
#include "util.h"

/* the form sent back when lines are missing */
static const char form_fr[] =
	"PARTENAIRE\nSIRET :\nRaison sociale :\nAdresse :\nCode postal :\nVille :\n"
	"Contact (facultatif, adresse e-mail) :\n";
static const char form_en[] =
	"PARTENAIRE\nSIRET:\nCompany name:\nAddress:\nPostal code:\nCity:\n"
	"Contact (optional, e-mail address):\n";

enum input_result
structure_mail_partner(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	int en = locale_is_en(req->locale);
	const char *contact = mail_form_get(req, "contact");
	struct company_fields f;
	char *missing, *err = NULL, d[SIRET_BUFSZ];
	int64_t id;
	int rc;

	if (req->sender_user_id == 0 || structure_of_user(ctx, req->sender_user_id) == 0)
		return mail_action_result(req, ACT_EDENIED,
		    xstrdup("only the users of a structure add partner companies"), reason_r);
	company_fields_init(&f);
	for (size_t i = 0; i < req->nform; i++)
		(void)company_fields_set(&f, req->form[i].key, req->form[i].value);
	/* "PARTENAIRE 80754009100004" or "PARTENAIRE Boulangerie Martin" */
	if (req->args && *req->args) {
		if (siret_normalize(req->args, d) == 0) {
			if (f.siret == NULL)
				f.siret = xstrdup(req->args);
		} else if (f.name == NULL)
			f.name = xstrdup(req->args);
	}
	if ((missing = structure_partner_missing(&f, req->locale)) != NULL) {
		enum input_result r = mail_action_refuse(req, "missing_fields",
		    xasprintf(en ? "missing: %s.\n\nForm to fill in:\n%s" :
		    "champs manquants : %s.\n\nFormulaire à compléter :\n%s", missing,
		    en ? form_en : form_fr), xasprintf("partner: missing fields: %s", missing),
		    reason_r);

		free(missing);
		company_fields_release(&f);
		return r;
	}
	rc = structure_partner_request(ctx, req->sender_user_id, &f, contact, &id, &err);
	company_fields_release(&f);
	return mail_action_result(req, rc, err, reason_r);
}

/*
 * inscription - a mail to inscription@: PARTENAIRE, or the company form
 * alone from a structure's user, adds a partner; anything else is an
 * employer's registration (the company module's)
 */
static enum input_result
inscription(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->verb == NULL && (req->sender_user_id == 0 ||
	    structure_of_user(ctx, req->sender_user_id) == 0))
		return company_mail_inscription(ctx, req, reason_r);
	return structure_mail_partner(ctx, req, reason_r);
}

/* member - PARTENAIRE by reply to a structure's mail */
static enum input_result
member(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->token == NULL || req->verb == NULL || strcmp(req->verb, "PARTENAIRE") != 0) {
		*reason_r = xstrdup("PARTENAIRE expected");
		return INPUT_REJECTED;
	}
	return structure_mail_partner(ctx, req, reason_r);
}

/* review - an admin's VALIDER or REFUSER motif on a partner request */
static enum input_result
review(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL, *motif;
	int rc, yes;

	if (req->token == NULL || req->verb == NULL) {
		*reason_r = xstrdup("VALIDER or REFUSER expected");
		return INPUT_REJECTED;
	}
	yes = strcmp(req->verb, "VALIDER") == 0;
	motif = mail_request_text(req);
	rc = structure_partner_decide(ctx, req->token->object_id, req->sender_user_id, yes,
	    yes ? NULL : motif, &err);
	free(motif);
	return mail_action_result(req, rc, err, reason_r);
}

static const char *const partner_verbs[] = { "PARTENAIRE", NULL };
static const char *const review_verbs[] = { "VALIDER", "REFUSER", "REJETER", NULL };

/*
 * inscription@ without a verb comes here first (the structure module is
 * listed before the company module), so a structure's user may send the
 * company form alone; anyone else's mail is handed to the registration
 */
const struct mail_action structure_mail_actions[] = {
	{ "inscription", partner_verbs, inscription, NULL, 0 },
	{ STRUCTURE_MEMBER_PURPOSE, partner_verbs, member, NULL, 0 },
	{ PARTNER_REVIEW_PURPOSE, review_verbs, review, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

/* the verbs the reply parser does not know of itself */
const struct mail_verb structure_mail_verbs[] = {
	{ "PARTENAIRE", "PARTENAIRE" }, { "PARTNER", "PARTENAIRE" },
	{ "PARTENAIRES", "PARTENAIRE" },
	{ NULL, NULL }
};

/* the templates of structures */
const char *const structure_templates[] = {
	"structure.welcome", "structure.partner_received", "structure.partner_review",
	"structure.partner_decided", NULL
};
