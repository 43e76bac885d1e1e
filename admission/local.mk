# admission/: applications to the formations themselves (formations@):
# catalogue, candidates, dossiers and their pieces, the staff's decisions
libaltc_a_SOURCES += \
	admission/admission_fsm.c admission/admission_fsm.h \
	admission/admission_parse.c admission/admission_parse.h \
	admission/admission.c admission/admission.h admission/admission_int.h \
	admission/admission_notify.c admission/admission_staff.c \
	admission/admission_mail.c admission/admission_mail.h \
	admission/admission_text.c admission/admission_cli.c

ADMISSION_UNIT = tests/unit/test_admission
check_PROGRAMS += $(ADMISSION_UNIT)
TESTS += $(ADMISSION_UNIT)
tests_unit_test_admission_SOURCES = tests/unit/test_admission.c tests/unit/test_fault.h
tests_unit_test_admission_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_admission_LDADD = $(TEST_LDADD)
ADMISSION_E2E = tests/e2e/admission.sh
TESTS += $(ADMISSION_E2E)
EXTRA_DIST += $(ADMISSION_E2E)
