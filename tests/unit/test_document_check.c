/*
 * test_document_check.c - the PDF checks on files made here: a valid PDF
 * (written with its cross-reference table), the same encrypted by qpdf
 * with and without a user password, truncated, with its middle missing, a
 * JPEG renamed .pdf, an empty file and one above the limit.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <qpdf/qpdf-c.h>

#include "document_check.h"
#include "strbuf.h"
#include "test_pdf.h"
#include "util.h"

/* encrypt - the PDF rewritten by qpdf with AES-256 (user password may be "") */
static unsigned char *
encrypt(const char *pdf, size_t len, const char *user_pw, size_t *len_r)
{
	qpdf_data q = qpdf_init();
	unsigned char *out;

	assert_int_equal(qpdf_read_memory(q, "t", pdf, len, NULL) & QPDF_ERRORS, 0);
	assert_int_equal(qpdf_init_write_memory(q) & QPDF_ERRORS, 0);
	qpdf_set_r6_encryption_parameters2(q, user_pw, "owner", QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
	    QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, qpdf_r3p_full, QPDF_TRUE);
	assert_int_equal(qpdf_write(q) & QPDF_ERRORS, 0);
	*len_r = qpdf_get_buffer_length(q);
	out = xmalloc(*len_r);
	memcpy(out, qpdf_get_buffer(q), *len_r);
	qpdf_cleanup(&q);
	return out;
}

static void
test_valid(void **state)
{
	size_t len;
	char *pdf = make_pdf(5000, &len), *err = NULL;

	(void)state;
	assert_int_equal(document_check("cv.pdf", (unsigned char *)pdf, len, 3000000, &err),
	    DOCUMENT_OK);
	assert_null(err);
	free(pdf);
}

static void
test_encrypted(void **state)
{
	static const char *const passwords[] = { "", "secret" };
	size_t len, elen;
	char *pdf = make_pdf(100, &len);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(passwords); i++) {
		unsigned char *enc = encrypt(pdf, len, passwords[i], &elen);
		char *err = NULL;

		assert_int_equal(document_check("lm.pdf", enc, elen, 3000000, &err),
		    DOCUMENT_ENCRYPTED);
		assert_non_null(strstr(err, "'lm.pdf' is a protected PDF"));
		free(err);
		free(enc);
	}
	free(pdf);
}

static void
test_broken(void **state)
{
	size_t len;
	char *pdf = make_pdf(4000, &len), *err = NULL, *holed;
	struct strbuf b = STRBUF_INIT;

	(void)state;
	/* truncated: the upload stopped half-way */
	assert_int_equal(document_check("a.pdf", (unsigned char *)pdf, len / 2, 3000000, &err),
	    DOCUMENT_BROKEN);
	assert_string_equal(err, "'a.pdf' is a damaged PDF that cannot be opened");
	free(err);
	err = NULL;
	/* the middle missing, header and trailer kept: the xref points nowhere */
	strbuf_add(&b, pdf, len / 3);
	strbuf_add(&b, pdf + len - 120, 120);
	holed = strbuf_detach(&b, &len);
	assert_int_equal(document_check(NULL, (unsigned char *)holed, len, 3000000, &err),
	    DOCUMENT_BROKEN);
	assert_non_null(strstr(err, "'document'"));
	free(err);
	free(holed);
	free(pdf);
}

static void
test_not_pdf(void **state)
{
	static const struct {
		const char *data;
		size_t len;
	} cases[] = {
		{ "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", 22 },
		{ "", 0 },
		{ "%PDF", 4 },
		{ "PK\x03\x04 a Word file, zipped", 25 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err = NULL;

		assert_int_equal(document_check("photo.pdf", (const unsigned char *)cases[i].data,
		    cases[i].len, 3000000, &err), DOCUMENT_NOT_PDF);
		assert_string_equal(err, "'photo.pdf' is not a PDF file");
		free(err);
	}
	/* a header anywhere in the first kilobyte is what readers accept */
	{
		size_t len;
		char *pdf = make_pdf(10, &len);
		struct strbuf b = STRBUF_INIT;
		char *shifted;

		strbuf_addstr(&b, "junk before\n");
		strbuf_add(&b, pdf, len);
		shifted = strbuf_detach(&b, &len);
		assert_int_not_equal(document_check("x.pdf", (unsigned char *)shifted, len, 3000000,
		    NULL), DOCUMENT_NOT_PDF);
		free(shifted);
		free(pdf);
	}
}

static void
test_too_big(void **state)
{
	size_t len;
	char *pdf = make_pdf(3100000, &len), *err = NULL;

	(void)state;
	assert_int_equal(document_check("gros.pdf", (unsigned char *)pdf, len, 3000000, &err),
	    DOCUMENT_TOO_BIG);
	assert_string_equal(err, "'gros.pdf' is larger than 3000000 bytes");
	free(err);
	assert_int_equal(document_check("gros.pdf", (unsigned char *)pdf, len, 4000000, NULL),
	    DOCUMENT_OK);
	free(pdf);
	assert_string_equal(document_verdict_name(DOCUMENT_TOO_BIG), "too_big");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_not_pdf),
		cmocka_unit_test(test_too_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
