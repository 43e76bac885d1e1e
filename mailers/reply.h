/*
 * reply.h - the new text of a reply: what the sender wrote, without the
 * history that mail clients append or interleave.
 *
 * Precedence, line by line from the top (the first rule that matches wins):
 *  1. a forward marker ("---------- Forwarded message ----------", "Début
 *     du message réexpédié :"): nothing below is cut, the forward is kept;
 *  2. an attribution ("On ... wrote:", "Le ... a écrit :", "Am ... schrieb",
 *     date-first "2011/4/7 Name <a@b>", "... Name <a@b>:", in some twenty
 *     languages, wrapped over up to three lines or at the end of the reply's
 *     own line) followed by a '>' quote that the sender answers below
 *     (bottom-posted or inline reply): the search goes on under the quote;
 *     any other attribution ends the text;
 *  3. an Outlook header block (From/Sent/To/Subject in any of the table's
 *     languages, possibly after a rule of underscores, or flattened on one
 *     line), a "-----Original Message-----" separator: history, the end;
 *  4. a device or client line ("Sent from my iPhone", "Von meinem iPhone
 *     gesendet"), a "-- " signature: the end;
 *  5. a '>' quote with no answer below it: the end.
 * Leading quotes are dropped (a bottom-posted reply is the text under the
 * quote); when the sender answers between quotes, the quotes answered are
 * kept.  Closings ("Cordialement,", "Best regards, Jef") stay in the text;
 * the command text, which commands and forms are read from, is the
 * sender's own lines only, above the closing.
 */
#ifndef ALTC_REPLY_H
#define ALTC_REPLY_H

#include <stddef.h>

struct reply_text {
	char *text;		/* what the sender wrote, closing included */
	char *command;		/* own lines only, no quote, above the closing */
	char *rule;		/* what ended the text: "attribution:fr", "outlook-header:de", ... or "none" */
	const char *posting;	/* "top", "bottom", "inline" or "empty" */
	int cut_line;		/* 1-based line of the cut, 0 when nothing was cut */
};

/*
 * reply_extract - fill r from a UTF-8 body (LF or CRLF); subject (may be
 * NULL) tells a forward ("Fwd:", "TR:", "WG:") whose header blocks are kept.
 * Release with reply_text_release.
 */
void reply_extract(const char *text, size_t len, const char *subject, struct reply_text *r);
void reply_text_release(struct reply_text *r);

/* reply_new_text - the text of reply_extract alone; caller frees; never NULL */
char *reply_new_text(const char *text, size_t len);

#endif
