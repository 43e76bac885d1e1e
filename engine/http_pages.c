/*
 * http_pages.c - HTML of the link pages: the frame every page shares and
 * the core's own pages.  Plain string building with one escape function
 * (text_html_escape) for every value that is not a literal of this file;
 * the texts are tables per locale.  The pages must work in any browser
 * without JavaScript, so the form is a plain POST.
 */
#include "compat.h"

#include "http_pages.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

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

void
page_escape(struct strbuf *out, const char *s)
{
	text_html_escape(out, s ? s : "");
}

void
page_head(struct strbuf *out, const char *locale, const char *title)
{
	strbuf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<meta name=\"robots\" content=\"noindex\"><title>", locale_is_en(locale) ? "en" : "fr");
	page_escape(out, title);
	strbuf_addf(out, " – altconnect</title><style>%s</style></head><body><main>"
	    "<h1>", style);
	page_escape(out, title);
	strbuf_addstr(out, "</h1>\n");
}

void
page_tail(struct strbuf *out)
{
	strbuf_addstr(out, "</main></body></html>\n");
}

static const struct page_text pages[] = {
	[PAGE_GONE] = { { "Lien déjà utilisé", "Link already used" },
	    { "Ce lien a déjà servi ou n'est pas valable. Si votre inscription est faite, il n'y a"
	      " rien d'autre à faire.", "This link was already used or is not valid. If your"
	      " signup is done, there is nothing else to do." }, { NULL, NULL } },
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
};

void
page_message(struct strbuf *out, enum page_kind kind, const char *locale,
    const char *action, const char *csrf, const char *detail)
{
	page_text(out, &pages[kind], locale, action, csrf, detail);
}

void
page_text(struct strbuf *out, const struct page_text *pg, const char *locale,
    const char *action, const char *csrf, const char *detail)
{
	int en = locale_is_en(locale);

	page_head(out, locale, pg->title[en]);
	strbuf_addstr(out, "<p>");
	page_escape(out, pg->text[en]);
	strbuf_addstr(out, "</p>\n");
	if (detail) {
		strbuf_addstr(out, "<p>");
		page_escape(out, detail);
		strbuf_addstr(out, "</p>\n");
	}
	if (action && pg->button[en]) {
		strbuf_addstr(out, "<form method=\"post\" action=\"");
		page_escape(out, action);
		strbuf_addstr(out, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
		page_escape(out, csrf);
		strbuf_addstr(out, "\"><button type=\"submit\" name=\"do\" value=\"");
		page_escape(out, pg->button_value ? pg->button_value : "confirm");
		strbuf_addstr(out, "\">");
		page_escape(out, pg->button[en]);
		strbuf_addstr(out, "</button></form>\n");
	}
	page_tail(out);
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
