/*
 * test_pdf.h - a real PDF for the tests: one page, a correct
 * cross-reference table, padded to about pad bytes (distinct pads give
 * distinct files).
 */
#ifndef ALTC_TEST_PDF_H
#define ALTC_TEST_PDF_H

#include "strbuf.h"

static inline char *
make_pdf(size_t pad, size_t *len_r)
{
	static const char *const objs[] = {
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
	};
	struct strbuf b = STRBUF_INIT;
	size_t off[4], xref;

	strbuf_addstr(&b, "%PDF-1.4\n");
	for (size_t i = 0; i < 3; i++) {
		off[i] = b.len;
		strbuf_addf(&b, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	off[3] = b.len;
	strbuf_addf(&b, "4 0 obj\n<< /Length %zu >>\nstream\n", pad);
	for (size_t i = 0; i < pad; i++)
		strbuf_addch(&b, 'a' + (int)(i % 26));
	strbuf_addstr(&b, "\nendstream\nendobj\n");
	xref = b.len;
	strbuf_addstr(&b, "xref\n0 5\n0000000000 65535 f \n");
	for (size_t i = 0; i < 4; i++)
		strbuf_addf(&b, "%010zu 00000 n \n", off[i]);
	strbuf_addf(&b, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
	return strbuf_detach(&b, len_r);
}

#endif
