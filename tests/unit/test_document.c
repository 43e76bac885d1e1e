/*
 * test_document.c - the content-addressed file store (engine/document.c):
 * files of any kind kept under their extension, named by their SHA-256,
 * shared when the bytes are the same, written at once without a batch and
 * only at the batch's sync with one (nothing left behind when the batch is
 * dropped), and the PDF documents beside them.
 */
#include "compat.h"

#include <setjmp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "altc.h"
#include "document.h"
#include "sha256.h"
#include "testlib.h"
#include "util.h"

static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR a small image";
static const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/* same_bytes - whether path holds exactly data */
static int
same_bytes(const char *path, const void *data, size_t len)
{
	char *buf;
	size_t n;
	int same;

	if (read_file(path, &buf, &n) < 0)
		return 0;
	same = n == len && memcmp(buf, data, len) == 0;
	free(buf);
	return same;
}

static void
test_keep(void **state)
{
	struct altc ctx;
	char hex[SHA256_HEXSZ], want[SHA256_HEXSZ], again[SHA256_HEXSZ], *err = NULL, *path;
	struct stat sb1, sb2;

	(void)state;
	testlib_instance(&ctx);
	assert_int_equal(document_keep(&ctx, png, sizeof(png), "bin", hex, &err), 0);
	sha256_hex(png, sizeof(png), want);
	assert_string_equal(hex, want);
	path = document_file(&ctx, hex, "bin");
	assert_non_null(strstr(path, "/docs/"));
	assert_true(same_bytes(path, png, sizeof(png)));
	assert_int_equal(stat(path, &sb1), 0);
	/* the same bytes again: the same file, not written twice */
	assert_int_equal(document_keep(&ctx, png, sizeof(png), "bin", again, &err), 0);
	assert_string_equal(again, hex);
	assert_int_equal(stat(path, &sb2), 0);
	assert_int_equal(sb1.st_ino, sb2.st_ino);
	free(path);
	testlib_instance_free(&ctx);
}

/* a PDF kept as a relay file and stored as a document: two files, one per kind */
static void
test_kinds_apart(void **state)
{
	struct altc ctx;
	char hex[SHA256_HEXSZ], *err = NULL, *bin, *doc, *fname = NULL;
	int64_t id = 0;

	(void)state;
	testlib_instance(&ctx);
	assert_int_equal(document_keep(&ctx, (const unsigned char *)pdf, strlen(pdf), "bin", hex,
	    &err), 0);
	assert_int_equal(document_store(&ctx, 0, "other", "x", "x.pdf",
	    (const unsigned char *)pdf, strlen(pdf), &id, &err), 0);
	assert_int_equal(document_path(&ctx, id, &doc, &fname, &err), 0);
	bin = document_file(&ctx, hex, "bin");
	assert_string_not_equal(bin, doc);
	assert_true(same_bytes(bin, pdf, strlen(pdf)));
	assert_true(same_bytes(doc, pdf, strlen(pdf)));
	/* document_store still takes PDFs only; document_keep any bytes */
	assert_int_equal(document_store(&ctx, 0, "other", "y", "y.png", png, sizeof(png), &id,
	    &err), -1);
	assert_non_null(strstr(err, "not a PDF"));
	free(err);
	free(bin);
	free(doc);
	free(fname);
	testlib_instance_free(&ctx);
}

static void
test_batch(void **state)
{
	struct altc ctx;
	char hex[SHA256_HEXSZ], *err = NULL, *path;
	static const unsigned char other[] = "another relayed file";

	(void)state;
	testlib_instance(&ctx);
	document_batch_begin(&ctx);
	assert_int_equal(document_keep(&ctx, png, sizeof(png), "bin", hex, &err), 0);
	path = document_file(&ctx, hex, "bin");
	assert_int_equal(access(path, F_OK), -1);	/* not in place before the sync */
	assert_int_equal(document_batch_sync(&ctx, &err), 0);
	assert_true(same_bytes(path, png, sizeof(png)));
	free(path);
	/* dropped without a sync: neither the file nor its temporary file stays */
	assert_int_equal(document_keep(&ctx, other, sizeof(other), "bin", hex, &err), 0);
	document_batch_end(&ctx);
	path = document_file(&ctx, hex, "bin");
	assert_int_equal(access(path, F_OK), -1);
	*strrchr(path, '/') = '\0';
	assert_int_equal(testlib_count_files(path), 0);
	free(path);
	testlib_instance_free(&ctx);
}

/* a batch of many files (synced together, and early past the batch size) */
static void
test_batch_many(void **state)
{
	struct altc ctx;
	char hex[100][SHA256_HEXSZ], *err = NULL;
	unsigned char bytes[32];
	size_t i;

	(void)state;
	testlib_instance(&ctx);
	document_batch_begin(&ctx);
	for (i = 0; i < 100; i++) {
		memset(bytes, (int)i, sizeof(bytes));
		assert_int_equal(document_keep(&ctx, bytes, sizeof(bytes), "bin", hex[i], &err), 0);
	}
	assert_int_equal(document_batch_sync(&ctx, &err), 0);
	document_batch_end(&ctx);
	for (i = 0; i < 100; i++) {
		char *path = document_file(&ctx, hex[i], "bin"), *tmp;

		memset(bytes, (int)i, sizeof(bytes));
		assert_true(same_bytes(path, bytes, sizeof(bytes)));
		/* no temporary file left beside it */
		tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
		assert_int_equal(access(tmp, F_OK), -1);
		free(tmp);
		free(path);
	}
	testlib_instance_free(&ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_kinds_apart),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_batch_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
