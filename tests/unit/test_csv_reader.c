/*
 * test_csv_reader.c - encoding and delimiter detection, and the records the
 * streaming reader produces, whatever the chunk size: every input is fed
 * whole, byte by byte and in chunks of 7, and must give the same records.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "csv_reader.h"
#include "strbuf.h"
#include "util.h"

static void
test_detect_encoding(void **state)
{
	static const struct { const char *in; enum csv_encoding enc; } cases[] = {
		{ "a;b\n", CSV_ENC_UTF8 },
		{ "\xef\xbb\xbf" "a;b\n", CSV_ENC_UTF8_BOM },
		{ "Pr\xc3\xa9nom;b\n", CSV_ENC_UTF8 },
		{ "Pr\xe9nom;b\n", CSV_ENC_CP1252 },		/* é in Windows-1252 */
		{ "Pr\xc3", CSV_ENC_UTF8 },			/* cut by the chunk */
		{ "\x93quoted\x94", CSV_ENC_CP1252 },
		{ "\xc0\x80", CSV_ENC_CP1252 },			/* overlong */
		{ "\xff\xfeN", CSV_ENC_UTF16LE },
		{ "\xfe\xff", CSV_ENC_UTF16BE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(csv_detect_encoding((const unsigned char *)cases[i].in,
		    strlen(cases[i].in)), cases[i].enc);
}

static void
test_detect_delim(void **state)
{
	static const struct { const char *in; char delim; } cases[] = {
		{ "Nom;Prenom;Mail\n", ';' },
		{ "Nom,Prenom,Mail\n", ',' },
		{ "Nom;\"a,b,c\";Mail\n", ';' },	/* commas inside quotes do not count */
		{ "Nom;\"a,b,c,d\";Mail\n", ';' },
		{ "Nom,\"a;b;c\",Mail\n", ',' },
		{ "Nom,Prenom;Mail,x\n", ',' },
		{ "Nom\n", ';' },
		{ "Nom;Prenom\na,b,c,d,e\n", ';' },	/* only the first line */
		{ "Nom\tPrenom\tMail\n", '\t' },	/* Excel's "Texte Unicode" */
		{ "Nom\tPr,e;n\n", ';' },		/* tied: ';' */
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(csv_detect_delim((const unsigned char *)cases[i].in,
		    strlen(cases[i].in)), cases[i].delim);
}

/* records as "[a|b|c]" lines */
static int
collect(void *arg, const struct csv_record *rec)
{
	struct strbuf *sb = arg;
	size_t i;

	strbuf_addf(sb, "%zu[", rec->index);
	for (i = 0; i < rec->n; i++) {
		if (strlen(rec->field[i]) != rec->len[i])
			strbuf_addstr(sb, "<NUL>");
		strbuf_addf(sb, "%s%s", i ? "|" : "", rec->field[i]);
	}
	strbuf_addstr(sb, "]\n");
	return 0;
}

static char *
parse_chunked(const char *in, size_t len, size_t chunk, enum csv_encoding *enc_r, char *delim_r)
{
	struct strbuf sb = STRBUF_INIT;
	struct csv_reader *r = csv_reader_new(collect, &sb, 0, CSV_ENC_UNKNOWN);
	char *err = NULL;
	size_t off;

	for (off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;

		if (csv_reader_feed(r, in + off, n, &err) < 0)
			fail_msg("feed: %s", err);
	}
	if (csv_reader_finish(r, &err) < 0)
		fail_msg("finish: %s", err);
	*enc_r = csv_reader_encoding(r);
	*delim_r = csv_reader_delim(r);
	csv_reader_free(&r);
	return strbuf_detach(&sb, NULL);
}

static void
test_records(void **state)
{
	static const struct {
		const char *in, *want;
		enum csv_encoding enc;
		char delim;
	} cases[] = {
		{ "Nom;Prenom\r\nMartin;\xc9milie\r\n", "0[Nom|Prenom]\n1[Martin|\xc3\x89milie]\n",
		  CSV_ENC_CP1252, ';' },
		{ "\xef\xbb\xbfNOM,Pr\xc3\xa9nom\n\"A, B\",C\n", "0[NOM|Pr\xc3\xa9nom]\n1[A, B|C]\n",
		  CSV_ENC_UTF8_BOM, ',' },
		/* trailing delimiter: an empty last field */
		{ "a;b;\n1;2;\n", "0[a|b|]\n1[1|2|]\n", CSV_ENC_UTF8, ';' },
		/* quotes, doubled quotes, a newline inside a field, no final newline */
		{ "a;b\n\"R\xc3\xa9sidence \"\"T\"\"\nEsc. 2\";x\n3;\"y;z\"",
		  "0[a|b]\n1[R\xc3\xa9sidence \"T\"\nEsc. 2|x]\n2[3|y;z]\n", CSV_ENC_UTF8, ';' },
		/* spaces are data */
		{ "a;b\n  x ; y\n", "0[a|b]\n1[  x | y]\n", CSV_ENC_UTF8, ';' },
		/* empty fields and blank lines */
		{ "a,b,c\n,,\n\n1,,3\n", "0[a|b|c]\n1[||]\n2[1||3]\n", CSV_ENC_UTF8, ',' },
		/* an undefined Windows-1252 byte becomes U+FFFD */
		{ "a;\x81\xe9\n", "0[a|\xef\xbf\xbd\xc3\xa9]\n", CSV_ENC_CP1252, ';' },
		/* Windows-1252 punctuation */
		{ "a;\x93x\x94 \x80\n", "0[a|\xe2\x80\x9cx\xe2\x80\x9d \xe2\x82\xac]\n", CSV_ENC_CP1252, ';' },
	};
	static const size_t chunks[] = { 1, 7, 65536 };
	size_t i, k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		for (k = 0; k < ARRAY_SIZE(chunks); k++) {
			enum csv_encoding enc;
			char delim;
			char *got = parse_chunked(cases[i].in, strlen(cases[i].in), chunks[k], &enc, &delim);

			if (strcmp(got, cases[i].want) != 0)
				fail_msg("case %zu chunk %zu:\n%s\nwant:\n%s", i, chunks[k], got, cases[i].want);
			/* byte-by-byte detection sees the first line only: the encoding may
			 * switch later, which the records already prove */
			if (chunks[k] > 1 || cases[i].enc != CSV_ENC_CP1252)
				assert_int_equal(enc, cases[i].enc);
			assert_int_equal(delim, cases[i].delim);
			free(got);
		}
	}
}

/*
 * UTF-16 with its BOM, TAB-separated, in LE and BE, fed in chunks that cut
 * code units and a surrogate pair (U+1F600)
 */
static void
test_utf16(void **state)
{
	/* "Nom\tPr\u00e9nom\r\nL\u00e9a\t\U0001F600\r\n" */
	static const unsigned short units[] = { 'N', 'o', 'm', '\t', 'P', 'r', 0xe9, 'n', 'o',
	    'm', '\r', '\n', 'L', 0xe9, 'a', '\t', 0xd83d, 0xde00, '\r', '\n' };
	static const char want[] = "0[Nom|Pr\xc3\xa9nom]\n1[L\xc3\xa9" "a|\xf0\x9f\x98\x80]\n";
	static const size_t chunks[] = { 1, 3, 7, 65536 };
	unsigned char buf[2 + 2 * ARRAY_SIZE(units)];
	size_t i, k;

	(void)state;
	for (int be = 0; be <= 1; be++) {
		buf[0] = be ? 0xfe : 0xff;
		buf[1] = be ? 0xff : 0xfe;
		for (i = 0; i < ARRAY_SIZE(units); i++) {
			buf[2 + 2 * i + (be ? 1 : 0)] = (unsigned char)(units[i] & 0xff);
			buf[2 + 2 * i + (be ? 0 : 1)] = (unsigned char)(units[i] >> 8);
		}
		for (k = 0; k < ARRAY_SIZE(chunks); k++) {
			enum csv_encoding enc;
			char delim, *got = parse_chunked((const char *)buf, sizeof(buf), chunks[k],
			    &enc, &delim);

			if (strcmp(got, want) != 0)
				fail_msg("%s chunk %zu:\n%s", be ? "be" : "le", chunks[k], got);
			assert_int_equal(enc, be ? CSV_ENC_UTF16BE : CSV_ENC_UTF16LE);
			assert_int_equal(delim, '\t');
			free(got);
		}
	}
}

/* a long ASCII head, then Windows-1252: the reader switches encoding */
static void
test_late_cp1252(void **state)
{
	struct strbuf in = STRBUF_INIT;
	enum csv_encoding enc;
	char delim, *got;
	int i;

	(void)state;
	strbuf_addstr(&in, "Nom;Ville\n");
	for (i = 0; i < 10000; i++)
		strbuf_addstr(&in, "Martin;Annecy\n");
	strbuf_addstr(&in, "Lef\xe8vre;Chamb\xe9ry\n");
	got = parse_chunked(in.buf, in.len, 4096, &enc, &delim);
	assert_int_equal(enc, CSV_ENC_CP1252);
	assert_non_null(strstr(got, "10001[Lef\xc3\xa8vre|Chamb\xc3\xa9ry]\n"));
	free(got);
	strbuf_release(&in);
}

static int
stop_at_two(void *arg, const struct csv_record *rec)
{
	(*(int *)arg)++;
	return rec->index == 1 ? -1 : 0;
}

static void
test_stop(void **state)
{
	struct csv_reader *r;
	char *err = NULL;
	int n = 0;

	(void)state;
	r = csv_reader_new(stop_at_two, &n, ';', CSV_ENC_UTF8);
	assert_int_equal(csv_reader_feed(r, "a\nb\nc\nd\n", 8, &err), -1);
	assert_int_equal(n, 2);
	free(err);
	csv_reader_free(&r);
	assert_null(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_encoding),
		cmocka_unit_test(test_detect_delim),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_late_cp1252),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
