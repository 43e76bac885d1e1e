# tests of mission sheets and their export: the cmocka program of the module
# and the end-to-end scenarios through the spool
MISSIONS_UNIT = tests/unit/test_mission
check_PROGRAMS += $(MISSIONS_UNIT)
TESTS += $(MISSIONS_UNIT)
tests_unit_test_mission_SOURCES = tests/unit/test_mission.c tests/unit/test_offer_util.h \
	tests/unit/test_fault.h
tests_unit_test_mission_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_mission_LDADD = $(TEST_LDADD)

MISSIONS_E2E = tests/e2e/mission_flow.sh tests/e2e/mission_export.sh
TESTS += $(MISSIONS_E2E)
EXTRA_DIST += $(MISSIONS_E2E) tests/e2e/mission_lib.sh \
	tests/fixtures/missions/form_student_thunderbird.eml \
	tests/fixtures/missions/reply_bottom_thunderbird.eml \
	tests/fixtures/missions/reply_outlook.eml \
	tests/fixtures/missions/reply_gmail_form.eml \
	bench/export/run.sh bench/export/gen.py bench/export/floor.sql
