/*
 * text.h - small text helpers shared by the layers: folding for
 * comparisons that ignore case and French accents, HTML escaping, and
 * address checks.
 */
#ifndef ALTC_TEXT_H
#define ALTC_TEXT_H

#include <stddef.h>

struct strbuf;

/*
 * text_fold - UTF-8 to lower-case ASCII without accents (é -> e, œ -> oe,
 * ß -> ss); other non-ASCII bytes are kept.  With drop_sep, spaces, '_',
 * '-' and '.' are removed ("Date_Naissance" == "date naissance").
 */
void text_fold(struct strbuf *out, const char *s, size_t len, int drop_sep);
/*
 * text_key - a form label as a key: folded, runs of anything but letters and
 * digits made one '_', none at either end ("Date de naissance :" ->
 * "date_de_naissance"); caller frees
 */
char *text_key(const char *label);
/* text_fold_eq - whether a and b fold to the same string */
int text_fold_eq(const char *a, const char *b, int drop_sep);

/* text_html_escape - append s with & < > " ' escaped */
void text_html_escape(struct strbuf *out, const char *s);

/*
 * text_size - append a size as people read it, in decimal units: "850 o",
 * "21 ko", "1,2 Mo" (French), "850 B", "21 kB", "1.2 MB" (locale "en")
 */
void text_size(struct strbuf *out, long long bytes, const char *locale);

/* text_is_email - a plausible single address (local@domain.tld, no spaces or controls) */
int text_is_email(const char *s);

/* text_is_utf8 - whether len bytes are valid UTF-8 */
int text_is_utf8(const char *s, size_t len);

/*
 * text_truncate - cut s in place to at most max bytes (max >= 4), on a
 * UTF-8 character boundary, ending in "…" when something was cut.  Every
 * copy of sender-controlled text that the database or the spool keeps is
 * bounded this way.  Returns 1 when cut.
 */
int text_truncate(char *s, size_t max);

/*
 * text_excerpt - what may be echoed to a sender: one line, control
 * characters and runs of blanks made one space, at most max_chars
 * characters (then "…"); caller frees
 */
char *text_excerpt(const char *s, size_t max_chars);

#endif
