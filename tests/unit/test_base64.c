/*
 * test_base64.c - the MIME base64 coder against libetpan's: the same
 * encoded bytes (line length, padding, final line end) for every length
 * around the line and group boundaries, the same decoded bytes for clean
 * bodies, and refusal (left to libetpan) of anything else.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <libetpan/libetpan.h>
#include <libetpan/mailmime_write_generic.h>

#include "base64.h"
#include "strbuf.h"

static int
to_mmap(void *s, const char *p, size_t n)
{
	return mmap_string_append_len(s, p, n) != NULL;
}

static void
fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
}

static void
test_encode_like_libetpan(void **state)
{
	unsigned char buf[700];

	(void)state;
	for (size_t n = 0; n < sizeof(buf); n++) {
		struct strbuf o = STRBUF_INIT;
		MMAPString *s = mmap_string_new("");
		int col = 0;

		fill(buf, n, (unsigned)n);
		mailmime_base64_write_driver(to_mmap, s, &col, (const char *)buf, n);
		base64_encode_body(&o, buf, n);
		assert_int_equal(o.len, s->len);
		assert_int_equal(o.len, base64_encoded_size(n));
		assert_memory_equal(o.buf, s->str, o.len);
		mmap_string_free(s);
		strbuf_release(&o);
	}
}

static void
test_decode_clean(void **state)
{
	unsigned char buf[500];

	(void)state;
	for (size_t n = 0; n < sizeof(buf); n++) {
		struct strbuf e = STRBUF_INIT, d = STRBUF_INIT, lf = STRBUF_INIT;

		fill(buf, n, (unsigned)n + 7);
		base64_encode_body(&e, buf, n);
		assert_int_equal(base64_decode_clean(e.buf, e.len, &d), 0);
		assert_int_equal(d.len, n);
		assert_memory_equal(d.buf, buf, n);
		/* LF line ends read the same */
		for (size_t i = 0; i < e.len; i++)
			if (e.buf[i] != '\r')
				strbuf_addch(&lf, e.buf[i]);
		strbuf_reset(&d);
		assert_int_equal(base64_decode_clean(lf.buf, lf.len, &d), 0);
		assert_int_equal(d.len, n);
		assert_memory_equal(d.buf, buf, n);
		strbuf_release(&e);
		strbuf_release(&d);
		strbuf_release(&lf);
	}
}

static void
test_decode_refuses(void **state)
{
	static const char *const bad[] = {
		"QUJD\r\nRA", "QU=D", "QQ==QUJD", "QUJD RA==", "QUJ\x01", "Q===", "QR==",
		"QUI=QUJD", "=QUJ", "QUJD-_==",
	};
	struct strbuf d = STRBUF_INIT;

	(void)state;
	strbuf_addstr(&d, "kept");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(base64_decode_clean(bad[i], strlen(bad[i]), &d), -1);
		assert_string_equal(d.buf, "kept");
	}
	assert_int_equal(base64_decode_clean("QUJDRA==\r\n", 10, &d), 0);
	assert_string_equal(d.buf, "keptABCD");
	strbuf_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_like_libetpan),
		cmocka_unit_test(test_decode_clean),
		cmocka_unit_test(test_decode_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
