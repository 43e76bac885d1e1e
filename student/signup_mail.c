/*
 * signup_mail.c - the reply form of the invitation.  The pipeline has already
 * authenticated the sender against the token's owner and normalised the form
 * keys; the engine validates and applies (signup.h).  Errors come back as one
 * reason listing each field to correct, which the pipeline mails to the
 * student in their language.
 */
#include "compat.h"

#include "command.h"
#include "consent.h"
#include "mail_action.h"
#include "signup.h"
#include "signup_mail.h"
#include "student_add.h"
#include "strbuf.h"
#include "util.h"

/* aliases people type for a field, after the pipeline's normalisation */
static const char *const aliases[SIGNUP_NFIELDS][4] = {
	[SIGNUP_MOBILE] = { "portable", "mobile", "telephone_portable", NULL },
	[SIGNUP_FIXED] = { "fixe", "telephone_fixe", "telephone", NULL },
	[SIGNUP_INE] = { "ine", "code_ine", NULL },
	[SIGNUP_BIRTH] = { "date_de_naissance", "date_naissance", "naissance", NULL },
	[SIGNUP_PARCOURS] = { "parcours", NULL },
	[SIGNUP_FAMILY] = { "contact_famille", "contact_familial", "famille", NULL },
};

enum input_result
signup_mail_apply(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct signup_form f = { { NULL } };
	struct signup_errors e;
	struct strbuf sb = STRBUF_INIT;
	const char *locale = req->locale ? req->locale : "fr";
	char *err = NULL;
	int64_t uid = 0;
	int i, k, rc;

	if (req->token_clear == NULL) {
		*reason_r = xstrdup("no signup token");
		return INPUT_REJECTED;
	}
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		for (k = 0; aliases[i][k] && f.v[i] == NULL; k++)
			f.v[i] = mail_form_get(req, aliases[i][k]);
	rc = signup_complete(ctx, req->token_clear, &f, locale, &e, &uid, &err);
	switch (rc) {
	case SIGNUP_DONE:
		/* the invitation said what answering it accepts (consent.c) */
		if (consent_record(ctx, uid, locale, "mail", &err) < 0)
			break;
		return INPUT_DONE;
	case SIGNUP_EXPIRED:
		if (signup_resend(ctx, req->token_clear, &err) < 0)
			break;
		return INPUT_DONE;
	case SIGNUP_GONE:
		*reason_r = xstrdup(locale_is_en(locale) ?
		    "this signup link was already used or is no longer valid" :
		    "ce lien d'inscription a déjà servi ou n'est plus valable");
		return INPUT_REJECTED;
	case SIGNUP_INVALID:
		for (i = 0; i < SIGNUP_NFIELDS; i++)
			if (e.msg[i])
				strbuf_addf(&sb, "%s%s : %s", sb.len ? " ; " : "",
				    signup_field_label((enum signup_field)i, locale), e.msg[i]);
		*reason_r = strbuf_detach(&sb, NULL);
		return INPUT_REJECTED;
	}
	*reason_r = err ? err : xstrdup("database error");
	return INPUT_TEMPFAIL;
}

static const char *const verbs[] = { "INSCRIPTION", NULL };

static const char *const student_add_verbs[] = { "ETUDIANT", NULL };

const struct mail_action signup_mail_actions[] = {
	{ "signup", verbs, signup_mail_apply, "INSCRIPTION", 1 },
	/* staff add a student at inscription@ (employers register there without a verb) */
	{ "inscription", student_add_verbs, student_mail_add, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

/* the verb with its aliases for the parser */
const struct mail_verb signup_mail_verbs[] = {
	{ "INSCRIPTION", "INSCRIPTION" }, { "INSCRIRE", "INSCRIPTION" },
	{ "SIGNUP", "INSCRIPTION" }, { "REGISTER", "INSCRIPTION" },
	{ "ETUDIANT", "ETUDIANT" }, { "ETUDIANTE", "ETUDIANT" }, { "STUDENT", "ETUDIANT" },
	{ NULL, NULL }
};
