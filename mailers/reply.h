/*
 * reply.h - the new text of a reply.  Mail clients append the history in
 * many ways: '>' quotes, a reply header ("Le ... a écrit :", "On ...
 * wrote:", possibly wrapped over two lines), Outlook's header block
 * ("De : ... Envoyé : ... À : ... Objet :"), "-----Original Message-----"
 * separators, signatures ("-- ", "Envoyé de mon iPhone", closings such as
 * "Cordialement,").  reply_new_text keeps only what the sender wrote above
 * them (or, for a bottom-posted reply, below the quote).
 */
#ifndef ALTC_REPLY_H
#define ALTC_REPLY_H

#include <stddef.h>

/* reply_new_text - new text of a UTF-8 body (LF or CRLF); caller frees; never NULL */
char *reply_new_text(const char *text, size_t len);

#endif
