# application/: applications of students to offers, and their documents
libaltc_a_SOURCES += \
	application/application.c application/application.h application/application_int.h \
	application/application_notify.c application/application_decide.c \
	application/application_mail.c application/application_mail.h \
	application/application_cli.c application/application_click.c \
	application/application_http.c \
	application/document_check.c application/document_check.h \
	application/document_user.c application/document_user.h \
	application/document_mail.c \
	application/application_fsm.c application/application_fsm.h \
	application/application_close.c application/application_text.c \
	application/application_spontaneous.c

# tests: one cmocka program per module and the end-to-end scenarios
APPLICATIONS_UNIT = tests/unit/test_document_check tests/unit/test_application \
	tests/unit/test_application_mail
check_PROGRAMS += $(APPLICATIONS_UNIT)
TESTS += $(APPLICATIONS_UNIT)
tests_unit_test_document_check_SOURCES = tests/unit/test_document_check.c tests/unit/test_pdf.h
tests_unit_test_document_check_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_document_check_LDADD = $(TEST_LDADD)
tests_unit_test_application_SOURCES = tests/unit/test_application.c tests/unit/test_offer_util.h \
	tests/unit/test_fault.h
tests_unit_test_application_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_application_LDADD = $(TEST_LDADD)
tests_unit_test_application_mail_SOURCES = tests/unit/test_application_mail.c \
	tests/unit/test_offer_util.h tests/unit/test_pdf.h
tests_unit_test_application_mail_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_application_mail_LDADD = $(TEST_LDADD)
APPLICATIONS_E2E = tests/e2e/applications_documents.sh tests/e2e/applications_apply.sh \
	tests/e2e/applications_referent.sh tests/e2e/applications_click.sh \
	tests/e2e/applications_download.sh tests/e2e/applications_spontaneous.sh
TESTS += $(APPLICATIONS_E2E)
EXTRA_DIST += $(APPLICATIONS_E2E) tests/e2e/applications_lib.sh tests/e2e/apps_mail.py \
	tests/e2e/cdp_click.py bench/applications/run.sh bench/applications/gen.py \
	bench/applications/README.md
