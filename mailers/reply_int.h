/*
 * reply_int.h - what the two halves of the reply extractor share: the
 * lines of a body and the kinds reply_lines.c gives them; reply_quote.c
 * assembles the reply from the kinds.  Internal to mailers/reply_*.c.
 */
#ifndef ALTC_REPLY_INT_H
#define ALTC_REPLY_INT_H

#include <stddef.h>

enum reply_kind {
	K_OWN, K_ATTR, K_ATTR_INLINE, K_HISTORY, K_FORWARD, K_DEVICE, K_SIG,
};

struct reply_line {
	const char *raw;	/* the line as written (indentation kept) */
	const char *s;		/* trimmed start */
	size_t len;		/* trimmed length */
	int quoted;
	int blank;
};

struct reply_scan {
	struct reply_line *l;
	size_t n;
	signed char *field;	/* header_field of each line, -1 not yet known */
	int forward_subject;	/* the mail is a forward: header blocks are kept */
	const char *lang;	/* row of the last rule matched */
};

/* reply_next_nonblank - the first non-blank line from k, n when none */
size_t reply_next_nonblank(const struct reply_scan *sc, size_t k);

/*
 * reply_classify - what line i starts: *span_r the lines it covers (for
 * K_ATTR_INLINE, the bytes of the reply on that line), *rule_r the rule's
 * name; sc->lang the table row that matched
 */
enum reply_kind reply_classify(struct reply_scan *sc, size_t i, size_t *span_r, const char **rule_r);

#endif
