# sponsor/: sponsorship (parrainage) of students, the chargé de mission who
# creates referent accounts and registers sponsors
libaltc_a_SOURCES += \
	sponsor/sponsor.c sponsor/sponsor.h sponsor/sponsorship.c \
	sponsor/sponsor_mail.c sponsor/cli_sponsor.c

# tests: the state table and the rules, then the flows through the spool
SPONSOR_UNIT = tests/unit/test_sponsor
check_PROGRAMS += $(SPONSOR_UNIT)
TESTS += $(SPONSOR_UNIT)
tests_unit_test_sponsor_SOURCES = tests/unit/test_sponsor.c tests/unit/test_offer_util.h \
	tests/unit/test_fault.h
tests_unit_test_sponsor_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_sponsor_LDADD = $(TEST_LDADD)
SPONSOR_E2E = tests/e2e/sponsorship.sh
TESTS += $(SPONSOR_E2E)
EXTRA_DIST += $(SPONSOR_E2E)
