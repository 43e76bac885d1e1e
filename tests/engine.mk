# tests of the engine: one cmocka program per module, plus the end-to-end
# scenarios that drive the altc binary
check_LIBRARIES = tests/unit/libtest.a
tests_unit_libtest_a_SOURCES = tests/unit/testlib.c tests/unit/testlib.h
tests_unit_libtest_a_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
TEST_LDADD = tests/unit/libtest.a libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)

ENGINE_UNIT = tests/unit/test_config tests/unit/test_db tests/unit/test_spool \
	tests/unit/test_fsm tests/unit/test_token tests/unit/test_text tests/unit/test_jobs \
	tests/unit/test_modules tests/unit/test_document
check_PROGRAMS += $(ENGINE_UNIT)
TESTS += $(ENGINE_UNIT)
tests_unit_test_config_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_config_LDADD = $(TEST_LDADD)
tests_unit_test_db_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_db_LDADD = $(TEST_LDADD)
tests_unit_test_spool_SOURCES = tests/unit/test_spool.c tests/unit/test_fault.h
tests_unit_test_spool_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_spool_LDADD = $(TEST_LDADD)
tests_unit_test_fsm_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_fsm_LDADD = $(TEST_LDADD)
tests_unit_test_token_SOURCES = tests/unit/test_token.c tests/unit/test_fault.h
tests_unit_test_token_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_token_LDADD = $(TEST_LDADD)
tests_unit_test_text_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_text_LDADD = $(TEST_LDADD)
tests_unit_test_jobs_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_jobs_LDADD = $(TEST_LDADD)
tests_unit_test_modules_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_modules_LDADD = $(TEST_LDADD)
tests_unit_test_document_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_document_LDADD = $(TEST_LDADD)

ENGINE_E2E = tests/e2e/engine_cli.sh tests/e2e/engine_crash.sh tests/e2e/disk_full.sh \
	tests/e2e/http_multipart.sh
TESTS += $(ENGINE_E2E)
EXTRA_DIST += $(ENGINE_E2E)

# fault injection: an LD_PRELOAD shim that fails fsync() or write() on the
# spool's files (built without the sanitizers, loaded into the real binary)
check_PROGRAMS += tests/e2e/faultfs.so
tests_e2e_faultfs_so_SOURCES = tests/e2e/faultfs.c
tests_e2e_faultfs_so_CFLAGS = -fPIC $(WARN_CFLAGS)
tests_e2e_faultfs_so_LDFLAGS = -shared
tests_e2e_faultfs_so_LDADD = -ldl
TESTS += tests/e2e/spool_faults.sh
EXTRA_DIST += tests/e2e/spool_faults.sh
