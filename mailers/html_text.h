/*
 * html_text.h - the text a person wrote in an HTML-only mail body, read with
 * libxml2's HTML parser.  Quoted history that mail clients mark up (Gmail's
 * gmail_quote, Thunderbird's moz-cite-prefix and blockquote type=cite,
 * Outlook's divRplyFwdMsg and what follows it) is dropped.
 */
#ifndef ALTC_HTML_TEXT_H
#define ALTC_HTML_TEXT_H

#include <stddef.h>

struct strbuf;

/*
 * html_to_text - append the visible text of UTF-8 HTML to out, one line per
 * block; returns the number of quote blocks dropped, and in *cut_r (when
 * not NULL) the static name of the first quote markup dropped, or NULL.
 */
int html_to_text(const char *html, size_t len, struct strbuf *out, const char **cut_r);

#endif
