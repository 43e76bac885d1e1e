/*
 * http_pages.c - HTML of the link pages.  Plain string building with one
 * escape function (text_html_escape) for every value that is not a literal
 * of this file; the texts are tables per locale.  The pages must work in
 * any browser without JavaScript, so the form is a plain POST.
 */
#include "compat.h"

#include "http_pages.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#define EN(l) ((l) && strcmp((l), "en") == 0)

static const char style[] =
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;"
    "color:#1b1b1b;line-height:1.5}"
    "h1{font-size:1.5rem;color:#000091}"
    "label{display:block;font-weight:600;margin-top:1rem}"
    "input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #666;"
    "border-radius:4px}"
    "input[readonly]{background:#eee;border-color:#ccc}"
    "input[aria-invalid=true]{border:2px solid #c9191e}"
    ".err{color:#c9191e;margin:.25rem 0 0}.hint{color:#555;font-size:.9rem;margin:.25rem 0 0}"
    "button{margin-top:1.5rem;padding:.6rem 1.5rem;font-size:1rem;background:#000091;color:#fff;"
    "border:0;border-radius:4px;cursor:pointer}"
    ".summary{border-left:4px solid #c9191e;padding:.5rem 1rem;background:#fee}";

static void
esc(struct strbuf *out, const char *s)
{
	text_html_escape(out, s ? s : "");
}

static void
head(struct strbuf *out, const char *locale, const char *title)
{
	strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<meta name=\"robots\" content=\"noindex\"><title>", EN(locale) ? "en" : "fr");
	esc(out, title);
	strbuf_addf(out, " – altconnect</title><style>%s</style></head><body><main>"
	    "<h1>", style);
	esc(out, title);
	strbuf_addstr(out, "</h1>\n");
}

static void
tail(struct strbuf *out)
{
	strbuf_addstr(out, "</main></body></html>\n");
}

/* readonly - a labelled read-only input */
static void
readonly(struct strbuf *out, const char *id, const char *label, const char *value)
{
	strbuf_addf(out, "<label for=\"%s\">", id);
	esc(out, label);
	strbuf_addf(out, "</label><input id=\"%s\" name=\"%s\" value=\"", id, id);
	esc(out, value);
	strbuf_addstr(out, "\" readonly>\n");
}

static const char *const hints[SIGNUP_NFIELDS][2] = {
	[SIGNUP_MOBILE] = { "Exemple : 06 12 34 56 78", "Example: 06 12 34 56 78" },
	[SIGNUP_FIXED] = { "Facultatif.", "Optional." },
	[SIGNUP_INE] = { "Facultatif : 11 caractères, ex. 123456789AB.",
	    "Optional: 11 characters, e.g. 123456789AB." },
	[SIGNUP_BIRTH] = { "Format jj/mm/aaaa.", "Format dd/mm/yyyy." },
	[SIGNUP_PARCOURS] = { "Facultatif.", "Optional." },
	[SIGNUP_FAMILY] = { "Nom et téléphone ou e-mail d'un parent ; obligatoire avant 18 ans.",
	    "Name and phone or e-mail of a parent; required under 18." },
};

static void
field(struct strbuf *out, const struct page_signup *p, enum signup_field f, int required)
{
	const char *key = signup_field_key(f);
	const char *err = p->err ? p->err->msg[f] : NULL;
	int en = EN(p->locale);

	strbuf_addf(out, "<label for=\"%s\">", key);
	esc(out, signup_field_label(f, p->locale));
	if (required)
		strbuf_addstr(out, en ? " (required)" : " (obligatoire)");
	strbuf_addf(out, "</label><p class=\"hint\" id=\"%s-hint\">", key);
	esc(out, hints[f][en]);
	strbuf_addstr(out, "</p>");
	if (err) {
		strbuf_addf(out, "<p class=\"err\" id=\"%s-err\">", key);
		esc(out, err);
		strbuf_addstr(out, "</p>");
	}
	strbuf_addf(out, "<input id=\"%s\" name=\"%s\" value=\"", key, key);
	esc(out, p->v[f]);
	strbuf_addf(out, "\" aria-describedby=\"%s-hint", key);
	if (err)
		strbuf_addf(out, " %s-err\" aria-invalid=\"true", key);
	strbuf_addf(out, "\"%s>\n", required ? " required" : "");
}

void
page_signup_form(struct strbuf *out, const struct page_signup *p)
{
	int en = EN(p->locale);
	int i;

	head(out, p->locale, en ? "Complete your signup" : "Finalisez votre inscription");
	if (p->err && p->err->n > 0)
		strbuf_addf(out, "<p class=\"summary\" role=\"alert\">%s</p>\n",
		    en ? "Some fields need correcting: see the messages below." :
		    "Certains champs sont à corriger : voir les messages ci-dessous.");
	else
		strbuf_addf(out, "<p>%s</p>\n", en ?
		    "Check your details, fill in the fields below and press the button." :
		    "Vérifiez vos informations, complétez les champs ci-dessous et validez.");
	strbuf_addstr(out, "<form method=\"post\" action=\"");
	esc(out, p->action);
	strbuf_addstr(out, "\" novalidate>\n<input type=\"hidden\" name=\"csrf\" value=\"");
	esc(out, p->csrf);
	strbuf_addstr(out, "\">\n");
	readonly(out, "nom", en ? "Last name" : "Nom", p->last_name);
	readonly(out, "prenom", en ? "First name" : "Prénom", p->first_name);
	readonly(out, "formation", "Formation", p->formation);
	readonly(out, "email", "E-mail", p->email);
	for (i = 0; i < SIGNUP_NFIELDS; i++)
		field(out, p, (enum signup_field)i, i == SIGNUP_MOBILE || i == SIGNUP_BIRTH ||
		    (i == SIGNUP_FAMILY && p->minor));
	strbuf_addf(out, "<button type=\"submit\" name=\"do\" value=\"signup\">%s</button>\n</form>\n",
	    en ? "Complete my signup" : "Valider mon inscription");
	tail(out);
}

static const struct {
	const char *title[2], *text[2], *button[2];
} pages[] = {
	[PAGE_REGISTERED] = { { "Inscription confirmée", "Signup complete" },
	    { "Votre inscription est enregistrée. Vous recevrez les offres par e-mail.",
	      "Your signup is recorded. Offers will come to you by e-mail." }, { NULL, NULL } },
	[PAGE_EXPIRED] = { { "Lien expiré", "Link expired" },
	    { "Ce lien d'inscription n'est plus valable. Nous pouvons envoyer un nouveau lien à"
	      " l'adresse connue.", "This signup link is no longer valid. We can send a new link"
	      " to the address on file." },
	    { "Envoyer un nouveau lien", "Send a new link" } },
	[PAGE_GONE] = { { "Lien déjà utilisé", "Link already used" },
	    { "Ce lien a déjà servi ou n'est pas valable. Si votre inscription est faite, il n'y a"
	      " rien d'autre à faire.", "This link was already used or is not valid. If your"
	      " signup is done, there is nothing else to do." }, { NULL, NULL } },
	[PAGE_RESENT] = { { "Nouveau lien envoyé", "New link sent" },
	    { "Un nouveau lien vient d'être envoyé à l'adresse connue.",
	      "A new link was just sent to the address on file." }, { NULL, NULL } },
	[PAGE_ACTIVATE] = { { "Activer votre compte", "Activate your account" },
	    { "Confirmez l'activation de votre compte altconnect.",
	      "Confirm the activation of your altconnect account." },
	    { "Activer mon compte", "Activate my account" } },
	[PAGE_ACTIVATED] = { { "Compte activé", "Account activated" },
	    { "Votre compte est actif.", "Your account is active." }, { NULL, NULL } },
	[PAGE_UNSUB] = { { "Se désabonner", "Unsubscribe" },
	    { "Ne plus recevoir les notifications facultatives (les messages qui demandent une"
	      " action continuent d'arriver).", "Stop the optional notifications (messages that"
	      " ask for an action still come)." }, { "Me désabonner", "Unsubscribe me" } },
	[PAGE_UNSUBSCRIBED] = { { "Désabonnement enregistré", "Unsubscribed" },
	    { "Vous ne recevrez plus les notifications facultatives.",
	      "You will no longer receive optional notifications." }, { NULL, NULL } },
	[PAGE_CONFIRM] = { { "Confirmer", "Confirm" },
	    { "Confirmez l'action demandée.", "Confirm the requested action." },
	    { "Confirmer", "Confirm" } },
	[PAGE_CONFIRMED] = { { "C'est fait", "Done" },
	    { "L'action est enregistrée.", "The action is recorded." }, { NULL, NULL } },
	[PAGE_NOT_FOUND] = { { "Page introuvable", "Page not found" },
	    { "Cette adresse ne correspond à rien.", "This address leads nowhere." }, { NULL, NULL } },
	[PAGE_BAD_REQUEST] = { { "Formulaire expiré", "Form expired" },
	    { "Le formulaire n'a pas pu être vérifié. Rouvrez le lien reçu par e-mail.",
	      "The form could not be checked. Open the link from your e-mail again." },
	    { NULL, NULL } },
	[PAGE_ERROR] = { { "Service indisponible", "Service unavailable" },
	    { "Réessayez dans quelques minutes.", "Please try again in a few minutes." },
	    { NULL, NULL } },
	[PAGE_RESEND_LIMIT] = { { "Lien déjà envoyé", "Link already sent" },
	    { "Un nouveau lien a déjà été envoyé aujourd'hui à l'adresse connue : cherchez-le dans"
	      " votre messagerie (et dans les indésirables), ou réessayez demain.",
	      "A new link was already sent today to the address on file: look for it in your"
	      " mailbox (and the spam folder), or try again tomorrow." }, { NULL, NULL } },
};

void
page_message(struct strbuf *out, enum page_kind kind, const char *locale,
    const char *action, const char *csrf, const char *detail)
{
	int en = EN(locale);

	head(out, locale, pages[kind].title[en]);
	strbuf_addstr(out, "<p>");
	esc(out, pages[kind].text[en]);
	strbuf_addstr(out, "</p>\n");
	if (detail) {
		strbuf_addstr(out, "<p>");
		esc(out, detail);
		strbuf_addstr(out, "</p>\n");
	}
	if (action && pages[kind].button[en]) {
		strbuf_addstr(out, "<form method=\"post\" action=\"");
		esc(out, action);
		strbuf_addstr(out, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
		esc(out, csrf);
		strbuf_addstr(out, "\"><button type=\"submit\" name=\"do\" value=\"");
		strbuf_addstr(out, kind == PAGE_EXPIRED ? "resend" : "confirm");
		strbuf_addstr(out, "\">");
		esc(out, pages[kind].button[en]);
		strbuf_addstr(out, "</button></form>\n");
	}
	tail(out);
}

const char *
page_locale(const char *al)
{
	const char *fr, *en;

	if (al == NULL)
		return "fr";
	/* the first of the two languages the list names wins (lists are ordered) */
	fr = strcasestr(al, "fr");
	en = strcasestr(al, "en");
	if (en && (!fr || en < fr))
		return "en";
	return "fr";
}
