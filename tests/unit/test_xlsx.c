/*
 * test_xlsx.c - the XLSX reader on workbooks that openpyxl writes at test
 * time (tests/fixtures/xlsx/make.py): each one's records and warnings as
 * text against what a spreadsheet's CSV export would hold, the hostile
 * archives against the reason they are refused for, and the import of a
 * workbook end to end (postal codes, warnings, a damaged sheet that
 * changes nothing, an .xls refused).
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "import.h"
#include "import_testenv.h"
#include "strbuf.h"
#include "testlib.h"
#include "util.h"
#include "xlsx_int.h"

static char *fixdir;

/* fixtures - every workbook into a temporary directory, once */
static int
fixtures(void **state)
{
	const char *py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
	char *cmd;
	int rc;

	(void)state;
	fixdir = testlib_tmpdir();	/* under $TMPDIR, like every unit test's */
	cmd = xasprintf("%s '%s/tests/fixtures/xlsx/make.py' unit '%s'", py, ALTC_SRCDIR, fixdir);
	rc = system(cmd);
	free(cmd);
	if (rc != 0)
		fprintf(stderr, "make.py failed: is python3-openpyxl installed?\n");
	return rc == 0 ? 0 : -1;
}

static int
fixtures_rm(void **state)
{
	(void)state;
	testlib_rm_rf(fixdir);
	FREE_AND_NULL(fixdir);
	return 0;
}

static void
load(const char *name, char **data_r, size_t *len_r)
{
	char *path = xasprintf("%s/%s", fixdir, name);

	if (read_file(path, data_r, len_r) < 0)
		fail_msg("cannot read %s", path);
	free(path);
}

/* records and warnings as "N[a|b]" and "N! message" lines */
static int
collect(void *arg, const struct csv_record *rec)
{
	struct strbuf *sb = arg;

	strbuf_addf(sb, "%zu[", rec->index);
	for (size_t i = 0; i < rec->n; i++) {
		assert_int_equal(strlen(rec->field[i]), rec->len[i]);
		strbuf_addf(sb, "%s%s%s", i ? "|" : "", rec->numeric[i] ? "#" : "", rec->field[i]);
	}
	strbuf_addstr(sb, "]\n");
	return 0;
}

static void
collect_warning(void *arg, size_t index, const char *msg)
{
	strbuf_addf(arg, "%zu! %s\n", index, msg);
}

/* read_all - the sheet of a fixture as text; NULL with *err_r when refused */
static char *
read_all(const char *name, const struct xlsx_limits *lim, char **sheet_r, char **err_r)
{
	struct strbuf sb = STRBUF_INIT;
	struct xlsx_reader *x;
	char *data;
	size_t len;

	load(name, &data, &len);
	*err_r = NULL;
	if ((x = xlsx_reader_open(data, len, lim, err_r)) == NULL ||
	    xlsx_reader_rows(x, collect, collect_warning, &sb, err_r) < 0) {
		xlsx_reader_free(&x);
		strbuf_release(&sb);
		free(data);
		return NULL;
	}
	if (sheet_r)
		*sheet_r = xstrdup(xlsx_reader_sheet(x));
	xlsx_reader_free(&x);
	free(data);
	return strbuf_detach(&sb, NULL);
}

static void
test_magic(void **state)
{
	static const struct { const char *in; size_t len; enum xlsx_magic m; } cases[] = {
		{ "PK\x03\x04rest", 8, XLSX_MAGIC_ZIP },
		{ "PK\x05\x06\0\0\0\0", 8, XLSX_MAGIC_ZIP },	/* empty archive */
		{ "PK\x03", 3, XLSX_MAGIC_NONE },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, XLSX_MAGIC_OLE },
		{ "\xd0\xcf\x11\xe0", 4, XLSX_MAGIC_NONE },
		{ "Nom;Prenom\n", 11, XLSX_MAGIC_NONE },
		{ "\xef\xbb\xbfNom;", 7, XLSX_MAGIC_NONE },
		{ "", 0, XLSX_MAGIC_NONE },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (xlsx_magic(cases[i].in, cases[i].len) != cases[i].m)
			fail_msg("case %zu: %d", i, (int)xlsx_magic(cases[i].in, cases[i].len));
}

static void
test_formats(void **state)
{
	static const struct { const char *code; enum xlsx_fmt kind; int pad; } cases[] = {
		{ "General", FMT_NUMBER, 0 }, { "0", FMT_NUMBER, 0 }, { "00000", FMT_NUMBER, 5 },
		{ "0.00", FMT_NUMBER, 0 }, { "#,##0", FMT_NUMBER, 0 }, { "0.00E+00", FMT_NUMBER, 0 },
		{ "@", FMT_NUMBER, 0 }, { "0.00 \"jours\"", FMT_NUMBER, 0 },
		{ "[Red]0;[Blue]-0", FMT_NUMBER, 0 },
		{ "dd/mm/yyyy", FMT_DATE, 0 }, { "d mmmm yyyy", FMT_DATE, 0 }, { "mmm-yy", FMT_DATE, 0 },
		{ "mmmm", FMT_DATE, 0 }, { "[$-40C]dddd d mmmm yyyy;@", FMT_DATE, 0 },
		{ "yyyy\\-mm\\-dd", FMT_DATE, 0 },
		{ "dd/mm/yyyy hh:mm", FMT_DATETIME, 0 }, { "hh:mm", FMT_TIME, 0 },
		{ "h:mm:ss AM/PM", FMT_TIME, 0 }, { "[h]:mm:ss", FMT_TIME, 0 }, { "mm:ss", FMT_TIME, 0 },
		{ "\"day\" 0", FMT_NUMBER, 0 },
	};
	unsigned char pad;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		enum xlsx_fmt k = xlsx_fmt_classify(cases[i].code, &pad);

		if (k != cases[i].kind || pad != cases[i].pad)
			fail_msg("'%s' -> %d pad %d", cases[i].code, (int)k, pad);
	}
}

static void
test_unescape(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "plain", "plain" }, { "a_x000D_b", "a\rb" }, { "_x005F_x000D_", "_x000D_" },
		{ "_x00E9_t_x00e9_", "été" }, { "_xD834__xDD1E_", "𝄞" }, { "_xD834_", "\xef\xbf\xbd" },
		{ "_x0000_", "\xef\xbf\xbd" }, { "_x12_", "_x12_" }, { "_xZZZZ_", "_xZZZZ_" },
		{ "end_x0041", "end_x0041" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addstr(&sb, cases[i].in);
		xlsx_unescape(&sb);
		assert_string_equal(sb.buf, cases[i].out);
		strbuf_release(&sb);
	}
}

/* the workbooks openpyxl wrote: '#' marks a field that was a number cell */
static void
test_workbooks(void **state)
{
	static const struct { const char *file, *sheet, *want; } cases[] = {
		{ "strings.xlsx", "Sheet",
		  "0[Nom|Prénom|Commentaire]\n"
		  "1[Éloïse|Zoë 𝄞😀|  deux espaces  ]\n"
		  "2[Marie Curie|Inline|Ri\rch]\n" },
		{ "sparse.xlsx", "Sheet", "0[A||C]\n2[|b3|]\n5[||||e6]\n" },
		{ "merged.xlsx", "Sheet", "0[Identité||Formation]\n1[Nom|Prénom|Code]\n2[Martin|Léa|F-1]\n" },
		{ "dates1900.xlsx", "Sheet",
		  "0[Date]\n1[#15/04/2004]\n2[#01/01/1900]\n3[#28/02/1900]\n4[#29/02/1900]\n"
		  "5[#01/03/1900]\n6[#01/03/2025 10:30]\n7[#08:05]\n8[#15/03/2023]\n9[#12:00]\n"
		  "10[#12.5]\n11[#-1]\n" },
		{ "dates1904.xlsx", "Sheet", "0[Date]\n1[#15/04/2004]\n2[#01/01/1904]\n" },
		{ "numbers.xlsx", "Sheet",
		  "0[INE|CP|Ain|Frac|Neg|Big|Vrai|Faux|Texte]\n"
		  "1[#4940040620|#74000|#01000|#0.1|#-3|#1e+20|VRAI|FAUX|007]\n" },
		{ "hidden.xlsx", "Inscrits", "0[Nom]\n1[Visible]\n" },
		{ "formulas.xlsx", "Sheet",
		  "0[Somme|Texte|Erreur|Jamais|Bool]\n"
		  "1! cellule C2 : erreur #DIV/0!, lue vide\n"
		  "1! cellule D2 : formule sans valeur calculée, lue vide\n"
		  "1[#2|ab|||VRAI]\n" },
		{ "norefs.xlsx", "S", "0[a|b]\n1[||#3]\n" },
		{ "strict.xlsx", "S", "0[Date]\n1[15/04/2004]\n" },
		{ "target.xlsx", "S", "0[ok]\n" },
		{ "empty.xlsx", "Sheet", "" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err, *sheet = NULL, *got = read_all(cases[i].file, NULL, &sheet, &err);

		if (got == NULL)
			fail_msg("%s: %s", cases[i].file, err);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("%s:\n%s\nwant:\n%s", cases[i].file, got, cases[i].want);
		assert_string_equal(sheet, cases[i].sheet);
		free(got);
		free(sheet);
	}
}

/* what is refused, and the reason staff read */
static void
test_refused(void **state)
{
	static const struct xlsx_limits small = { 100000, 100 };
	static const struct { const char *file, *why; const struct xlsx_limits *lim; } cases[] = {
		{ "notzip.xlsx", "archive ZIP illisible", NULL },
		{ "truncated.xlsx", "archive ZIP illisible", NULL },
		{ "bomb.xlsx", "compressée plus de 100 fois", NULL },
		{ "bomb_lie.xlsx", "plus grande que sa taille déclarée", NULL },
		{ "big.xlsx", "trop grande une fois décompressée", &small },
		{ "laughs.xlsx", "xl/workbook.xml", NULL },
		{ "external.xlsx", "déclaration DTD ou entité refusée", NULL },
		{ "nosst.xlsx", "cellule A1 : chaîne partagée n°0 absente", NULL },
		{ "badxml.xlsx", "XML invalide dans xl/worksheets/sheet1.xml", NULL },
		{ "ods.xlsx", "OpenDocument (.ods)", NULL },
		{ "docx.xlsx", "document Word (.docx)", NULL },
		{ "allhidden.xlsx", "aucune feuille visible", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err, *got = read_all(cases[i].file, cases[i].lim, NULL, &err);

		if (got != NULL)
			fail_msg("%s read:\n%s", cases[i].file, got);
		if (err == NULL || strstr(err, cases[i].why) == NULL)
			fail_msg("%s: '%s', want '%s'", cases[i].file, err, cases[i].why);
		free(err);
	}
}

static int
stop_at_two(void *arg, const struct csv_record *rec)
{
	(void)arg;
	return rec->index == 2 ? -1 : 0;
}

/* a sheet read twice gives the same records; a callback stops the reading */
static void
test_reread(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct xlsx_reader *x;
	char *data, *err = NULL;
	size_t len, done, total;

	(void)state;
	load("big.xlsx", &data, &len);
	x = xlsx_reader_open(data, len, NULL, &err);
	assert_non_null(x);
	assert_int_equal(xlsx_reader_rows(x, NULL, NULL, NULL, &err), 0);
	assert_int_equal(xlsx_reader_rows(x, collect, collect_warning, &a, &err), 0);
	assert_int_equal(xlsx_reader_rows(x, collect, collect_warning, &b, &err), 0);
	assert_string_equal(a.buf, b.buf);
	assert_true(strstr(a.buf, "2999[") != NULL);
	done = xlsx_reader_progress(x, &total);
	assert_true(total > 0);
	assert_int_equal(done, total);
	assert_int_equal(xlsx_reader_rows(x, stop_at_two, NULL, NULL, &err), -1);
	assert_string_equal(err, "stopped");
	free(err);
	xlsx_reader_free(&x);
	strbuf_release(&a);
	strbuf_release(&b);
	free(data);
}

/* import_fixture - one workbook through import_file, its log echoed in *log_r */
static int
import_fixture(struct altc *ctx, const char *name, struct import_stats *st, char **log_r,
    char **err_r)
{
	struct import_opts o = { .type = "manual", .filename = name };
	char *path = xasprintf("%s/%s", fixdir, name);
	size_t loglen;
	int rc;

	o.out = open_memstream(log_r, &loglen);
	assert_int_equal(db_begin(ctx->db), 0);
	rc = import_file(ctx, path, &o, st, err_r);
	assert_int_equal(db_commit(ctx->db), 0);
	fclose(o.out);
	free(path);
	return rc;
}

static void
test_import(void **state)
{
	struct altc *ctx = testenv_open(1);
	struct import_stats st;
	char *log, *err = NULL;

	(void)state;
	assert_int_equal(import_fixture(ctx, "students.xlsx", &st, &log, &err), 0);
	assert_int_equal(st.lines, 2);
	assert_int_equal(st.created, 2);
	assert_int_equal(st.warnings, 1);
	if (strstr(log, "ligne 1 : avertissement : cellule E2 : erreur #N/A, lue vide") == NULL ||
	    strstr(log, "ligne 1 : Code_Postal 1000 lu comme 01000") == NULL ||
	    strstr(log, "ligne 2 : Code_Postal") != NULL ||
	    strstr(log, "(xlsx, feuille 'Sheet')") == NULL)
		fail_msg("log:\n%s", log);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'anne@ex.example' AND postal_code = '01000' AND birth_date = '2004-04-15'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'bram@ex.example' AND postal_code = '1000'"), 1);
	import_stats_release(&st);
	free(log);

	/* a sheet broken after a good line: refused, and that line not applied */
	assert_int_equal(import_fixture(ctx, "damaged.xlsx", &st, &log, &err), -1);
	assert_true(st.failed);
	assert_int_equal(st.created, 0);
	assert_int_equal(st.lines, 0);
	assert_non_null(strstr(err, "fichier XLSX : XML invalide"));
	import_stats_release(&st);
	FREE_AND_NULL(err);
	free(log);

	/* an OLE2 file: the refusal asks for CSV or XLSX */
	{
		char *path = xasprintf("%s/old.xls", fixdir);
		FILE *fp = fopen(path, "wb");

		fwrite("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 binary", 1, 15, fp);
		fclose(fp);
		free(path);
	}
	assert_int_equal(import_fixture(ctx, "old.xls", &st, &log, &err), -1);
	assert_true(st.failed);
	assert_non_null(strstr(err, "Excel 97-2003 (.xls)"));
	assert_non_null(strstr(log, "refusé : fichier Excel 97-2003"));
	import_stats_release(&st);
	free(err);
	free(log);
	testenv_close(ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_workbooks),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_reread),
		cmocka_unit_test(test_import),
	};

	return cmocka_run_group_tests(tests, fixtures, fixtures_rm);
}
