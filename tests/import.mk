# tests of the import area: students import, signup, link endpoint

check_PROGRAMS += tests/unit/test_student_check tests/unit/test_csv_reader \
	tests/unit/test_import tests/unit/test_signup tests/unit/test_http
TESTS += tests/unit/test_student_check tests/unit/test_csv_reader \
	tests/unit/test_import tests/unit/test_signup tests/unit/test_http
tests_unit_test_student_check_SOURCES = tests/unit/test_student_check.c
tests_unit_test_student_check_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_student_check_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)
tests_unit_test_csv_reader_SOURCES = tests/unit/test_csv_reader.c
tests_unit_test_csv_reader_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_csv_reader_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)
tests_unit_test_import_SOURCES = tests/unit/test_import.c tests/unit/import_testenv.h \
	tests/unit/test_fault.h
tests_unit_test_import_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_import_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)
tests_unit_test_signup_SOURCES = tests/unit/test_signup.c tests/unit/import_testenv.h
tests_unit_test_signup_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_signup_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)
tests_unit_test_http_SOURCES = tests/unit/test_http.c tests/unit/import_testenv.h
tests_unit_test_http_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_http_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)

# the XLSX reader, on workbooks tests/fixtures/xlsx/make.py writes at test time
check_PROGRAMS += tests/unit/test_xlsx
TESTS += tests/unit/test_xlsx
tests_unit_test_xlsx_SOURCES = tests/unit/test_xlsx.c tests/unit/import_testenv.h
tests_unit_test_xlsx_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_xlsx_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/fixtures/xlsx/make.py
TESTS += tests/e2e/import_xlsx.sh
EXTRA_DIST += tests/e2e/import_xlsx.sh

EXTRA_DIST += tests/fixtures/import/parcoursup_cp1252.csv \
	tests/fixtures/import/parcoursup_cp1252.expected \
	tests/fixtures/import/ecandidat_utf8_bom.csv \
	tests/fixtures/import/ecandidat_utf8_bom.expected \
	tests/fixtures/import/formations.csv tests/fixtures/import/missing_mail.csv \
	tests/fixtures/import/hostile.csv \
	tests/fixtures/import/accounts.csv tests/fixtures/import/accounts.expected \
	tests/fixtures/import/phones.csv

TESTS += tests/e2e/import_manual.sh tests/e2e/import_spool.sh tests/e2e/import_hostile.sh
EXTRA_DIST += tests/e2e/import_manual.sh tests/e2e/import_spool.sh tests/e2e/import_hostile.sh
EXTRA_DIST += tests/conformance/import.sh
EXTRA_DIST += bench/import/run.sh bench/import/gen.py bench/import/floor.sql
TESTS += tests/e2e/signup_browser.sh
EXTRA_DIST += tests/e2e/signup_browser.sh tests/e2e/cdp_signup.py
TESTS += tests/e2e/signup_reply.sh
EXTRA_DIST += tests/e2e/signup_reply.sh
CLEANFILES += tests/e2e/signup_form.png tests/e2e/signup_done.png
