# interview/: interviews between an employer and a student
libaltc_a_SOURCES += \
	interview/interview_fsm.c interview/interview_fsm.h
libaltc_a_SOURCES += interview/interview_slot.c interview/interview_slot.h \
	interview/interview.c interview/interview.h interview/interview_mail.c \
	interview/interview_mail.h interview/interview_text.c interview/cli_interview.c \
	interview/interview_relay.c interview/relay_files.c interview/relay_files.h \
	interview/followup.c interview/followup.h \
	interview/interview_http.c

INTERVIEWS_UNIT = tests/unit/test_interview
check_PROGRAMS += $(INTERVIEWS_UNIT)
TESTS += $(INTERVIEWS_UNIT)
tests_unit_test_interview_SOURCES = tests/unit/test_interview.c tests/unit/test_fault.h
tests_unit_test_interview_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_interview_LDADD = $(TEST_LDADD)
INTERVIEWS_E2E = tests/e2e/interviews.sh tests/e2e/student_followup.sh tests/e2e/relay.sh \
	tests/e2e/staff_commands.sh
TESTS += $(INTERVIEWS_E2E)
EXTRA_DIST += $(INTERVIEWS_E2E) tests/e2e/ics_check.py
