/*
 * http_pages.h - the HTML of the link endpoint, built in C with every value
 * escaped: one small self-contained page (inline CSS, no script, no external
 * asset), French or English, with labelled fields and errors tied to them
 * by aria-describedby.
 */
#ifndef ALTC_HTTP_PAGES_H
#define ALTC_HTTP_PAGES_H

#include "signup.h"

struct strbuf;

/* what the signup form shows */
struct page_signup {
	const char *locale;		/* "fr" or "en" */
	const char *action;		/* form target, "/s/TOKEN" */
	const char *csrf;		/* anti-forgery value */
	const char *last_name, *first_name, *email, *formation;	/* read-only */
	const char *v[SIGNUP_NFIELDS];	/* current values */
	const struct signup_errors *err;	/* NULL on first display */
	int minor;			/* the family contact is required */
};

void page_signup_form(struct strbuf *out, const struct page_signup *p);

enum page_kind {
	PAGE_REGISTERED,	/* signup done */
	PAGE_EXPIRED,		/* link expired: a button sends a fresh one */
	PAGE_GONE,		/* used or unknown link */
	PAGE_RESENT,		/* a fresh link was mailed */
	PAGE_ACTIVATE,		/* staff: confirm the account (button) */
	PAGE_ACTIVATED,
	PAGE_UNSUB,		/* one-click unsubscribe: button */
	PAGE_UNSUBSCRIBED,
	PAGE_CONFIRM,		/* a mail action: button */
	PAGE_CONFIRMED,
	PAGE_NOT_FOUND,
	PAGE_BAD_REQUEST,	/* anti-forgery value missing or wrong */
	PAGE_ERROR,		/* temporary failure */
	PAGE_RESEND_LIMIT,	/* enough fresh links today */
};

/*
 * page_message - a page with a title, a text and, when action is non-NULL,
 * one POST button (with csrf) to action.  detail (may be NULL) is escaped
 * and shown under the text.
 */
void page_message(struct strbuf *out, enum page_kind kind, const char *locale,
    const char *action, const char *csrf, const char *detail);

/* page_locale - "en" when Accept-Language prefers English, else "fr" */
const char *page_locale(const char *accept_language);

#endif
