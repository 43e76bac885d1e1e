/*
 * document_check.c - PDF validation with libqpdf's C API.  Recovery is
 * turned off: a file whose cross-reference table is wrong is what a
 * truncated upload looks like, and a reader on the employer's side may not
 * repair it as qpdf would.  Reading the page count walks the page tree, so
 * a file with a valid trailer but no readable page is refused too.
 */
#include "compat.h"

#include <qpdf/qpdf-c.h>

#include "document_check.h"
#include "util.h"

const char *
document_verdict_name(enum document_verdict v)
{
	static const char *const names[] = { "ok", "not_pdf", "encrypted", "broken", "too_big" };

	if ((unsigned)v >= ARRAY_SIZE(names))
		BUG("bad document verdict %d", (int)v);
	return names[v];
}

/* has_header - "%PDF-" within the first 1024 bytes, as readers accept */
static int
has_header(const unsigned char *data, size_t len)
{
	size_t lim = len < 1024 ? len : 1024;

	for (size_t i = 0; i + 5 <= lim; i++)
		if (memcmp(data + i, "%PDF-", 5) == 0)
			return 1;
	return 0;
}

/* parse - the qpdf verdict on bytes that carry a PDF header */
static enum document_verdict
parse(const unsigned char *data, size_t len)
{
	qpdf_data q = qpdf_init();
	enum document_verdict v = DOCUMENT_OK;

	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_set_attempt_recovery(q, QPDF_FALSE);
	if (qpdf_read_memory(q, "upload", (const char *)data, (unsigned long long)len, NULL) &
	    QPDF_ERRORS) {
		qpdf_error e = qpdf_get_error(q);

		v = e && qpdf_get_error_code(q, e) == qpdf_e_password ? DOCUMENT_ENCRYPTED :
		    DOCUMENT_BROKEN;
	} else if (qpdf_is_encrypted(q))
		v = DOCUMENT_ENCRYPTED;
	else if (qpdf_get_num_pages(q) < 1 || qpdf_has_error(q))
		v = DOCUMENT_BROKEN;
	while (qpdf_more_warnings(q))
		(void)qpdf_next_warning(q);
	qpdf_cleanup(&q);
	return v;
}

enum document_verdict
document_check(const char *filename, const unsigned char *data, size_t len, size_t max_bytes,
    char **errstr_r)
{
	enum document_verdict v;
	const char *name = filename && *filename ? filename : "document";

	if (len > max_bytes)
		v = DOCUMENT_TOO_BIG;
	else if (len < 8 || !has_header(data, len))
		v = DOCUMENT_NOT_PDF;
	else
		v = parse(data, len);
	if (v == DOCUMENT_OK || errstr_r == NULL)
		return v;
	switch (v) {
	case DOCUMENT_TOO_BIG:
		*errstr_r = xasprintf("'%s' is larger than %lld bytes", name, (long long)max_bytes);
		break;
	case DOCUMENT_NOT_PDF:
		*errstr_r = xasprintf("'%s' is not a PDF file", name);
		break;
	case DOCUMENT_ENCRYPTED:
		*errstr_r = xasprintf("'%s' is a protected PDF: send it unprotected", name);
		break;
	default:
		*errstr_r = xasprintf("'%s' is a damaged PDF that cannot be opened", name);
		break;
	}
	return v;
}
