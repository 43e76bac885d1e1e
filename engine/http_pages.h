/*
 * http_pages.h - the HTML of the link endpoint, built in C with every value
 * escaped: one small self-contained page (inline CSS, no script, no external
 * asset), French or English, with labelled fields and errors tied to them
 * by aria-describedby.
 */
#ifndef ALTC_HTTP_PAGES_H
#define ALTC_HTTP_PAGES_H

struct strbuf;

/* the core's own pages */
enum page_kind {
	PAGE_GONE,		/* used or unknown link */
	PAGE_UNSUB,		/* one-click unsubscribe: button */
	PAGE_UNSUBSCRIBED,
	PAGE_CONFIRM,		/* a mail action: button */
	PAGE_CONFIRMED,
	PAGE_NOT_FOUND,
	PAGE_BAD_REQUEST,	/* anti-forgery value missing or wrong */
	PAGE_ERROR,		/* temporary failure */
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

/* a page of text with an optional button (title, text and button per locale: fr, en) */
struct page_text {
	const char *title[2], *text[2], *button[2];
	const char *button_value;	/* the "do" field the button posts; NULL: "confirm" */
};

/* page_text - pg with the detail paragraph (may be NULL); the button needs action */
void page_text(struct strbuf *out, const struct page_text *pg, const char *locale,
    const char *action, const char *csrf, const char *detail);

/* the frame of every page, for the modules' own pages */
void page_head(struct strbuf *out, const char *locale, const char *title);
void page_tail(struct strbuf *out);
/* page_escape - s (NULL: nothing) escaped for HTML text and attribute values */
void page_escape(struct strbuf *out, const char *s);

#endif
