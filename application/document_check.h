/*
 * document_check.h - whether the bytes of an uploaded file are a PDF a
 * reader can open: parsed by libqpdf (header, cross-reference table, page
 * tree), not only by its magic number.  Encrypted PDFs are refused (an
 * employer could not read them), so are damaged ones and those above the
 * size limit.  The verdict names the file for the answer to the sender.
 */
#ifndef ALTC_DOCUMENT_CHECK_H
#define ALTC_DOCUMENT_CHECK_H

#include <stddef.h>

enum document_verdict {
	DOCUMENT_OK = 0,
	DOCUMENT_NOT_PDF,	/* no PDF header: a renamed image, a Word file */
	DOCUMENT_ENCRYPTED,	/* a password or encryption dictionary */
	DOCUMENT_BROKEN,	/* a PDF header, but qpdf cannot read it (truncated, damaged) */
	DOCUMENT_TOO_BIG,	/* above max_bytes */
};

/*
 * document_check - the verdict on len bytes named filename; when not OK,
 * *errstr_r (may be NULL) gets an English sentence naming the file, with
 * a French line in mailers/user_text.c.  Never reads past len.
 */
enum document_verdict document_check(const char *filename, const unsigned char *data,
    size_t len, size_t max_bytes, char **errstr_r);

/* document_verdict_name - "ok", "not_pdf", "encrypted", "broken", "too_big" */
const char *document_verdict_name(enum document_verdict v);

#endif
