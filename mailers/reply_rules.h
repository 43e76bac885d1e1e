/*
 * reply_rules.h - the per-language and per-client markers of quoted history
 * (reply_rules.c holds them as tables).  A match returns the name of the
 * table row that matched ("fr", "de", "en", ...), which is how `altc
 * inspect` says which rule cut a reply.
 */
#ifndef ALTC_REPLY_RULES_H
#define ALTC_REPLY_RULES_H

#include <stddef.h>

enum reply_rule_kind {
	RR_WROTE,		/* a line ending with the verb of an attribution ("... wrote:") */
	RR_OPENER,		/* a line opening like an attribution ("On", "Le", "Am", ...) */
	RR_WROTE_INLINE,	/* the reply and an attribution on one line; group 1 the reply */
	RR_DATE_FIRST,		/* "2011/4/7 Name <a@b>" */
	RR_ADDR_COLON,		/* "... Name <a@b>:" with a date before */
	RR_HDR_FROM,		/* Outlook header labels, per field */
	RR_HDR_SENT,
	RR_HDR_TO,
	RR_HDR_SUBJECT,
	RR_HDR_FLAT,		/* a whole header block on one line */
	RR_SEPARATOR,		/* "-----Original Message-----" */
	RR_FORWARD,		/* "---------- Forwarded message ----------" */
	RR_DEVICE,		/* "Sent from my iPhone" */
	RR_CLOSING,		/* "Cordialement," "Best regards, Jef" */
	RR_MAX
};

/*
 * reply_rule_match - the name of the row of kind that matches s[0..len), or
 * NULL; *group_end_r (when not NULL) gets the end of capture group 1 or 0.
 * The returned name is static.
 */
const char *reply_rule_match(enum reply_rule_kind kind, const char *s, size_t len,
    size_t *group_end_r);

#endif
