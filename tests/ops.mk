# tests of operations: configuration, MTA integration, backups, personal data
OPS_E2E = tests/e2e/ops_defects.sh tests/e2e/ops_backup.sh tests/e2e/ops_person.sh \
	tests/e2e/mta_postfix.sh tests/e2e/mta_opensmtpd.sh tests/e2e/ops_install.sh \
	tests/e2e/ops_readme.sh
TESTS += $(OPS_E2E)
EXTRA_DIST += $(OPS_E2E) tests/e2e/ops_lib.sh tests/e2e/mta_lib.sh

check_PROGRAMS += tests/unit/test_person
TESTS += tests/unit/test_person
tests_unit_test_person_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_person_LDADD = $(TEST_LDADD)
EXTRA_DIST += doc/personal-data.md

check_PROGRAMS += tests/unit/test_config_check
TESTS += tests/unit/test_config_check
tests_unit_test_config_check_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_config_check_LDADD = $(TEST_LDADD)
EXTRA_DIST += tests/install/readme_fresh.sh
