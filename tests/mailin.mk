# tests of the mailin area
MAILIN_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
MAILIN_TEST_LIBS = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_reply
TESTS += tests/unit/test_reply
tests_unit_test_reply_SOURCES = tests/unit/test_reply.c
tests_unit_test_reply_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_reply_LDADD = $(MAILIN_TEST_LIBS)

EXTRA_DIST += tests/fixtures/mailin

check_PROGRAMS += tests/unit/test_reply_rules
TESTS += tests/unit/test_reply_rules
tests_unit_test_reply_rules_SOURCES = tests/unit/test_reply_rules.c
tests_unit_test_reply_rules_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_reply_rules_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_mime
TESTS += tests/unit/test_mime
tests_unit_test_mime_SOURCES = tests/unit/test_mime.c
tests_unit_test_mime_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_mime_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_base64
TESTS += tests/unit/test_base64
tests_unit_test_base64_SOURCES = tests/unit/test_base64.c
tests_unit_test_base64_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_base64_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_command
TESTS += tests/unit/test_command
tests_unit_test_command_SOURCES = tests/unit/test_command.c
tests_unit_test_command_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_command_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_robot
TESTS += tests/unit/test_robot
tests_unit_test_robot_SOURCES = tests/unit/test_robot.c
tests_unit_test_robot_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_robot_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_dsn
TESTS += tests/unit/test_dsn
tests_unit_test_dsn_SOURCES = tests/unit/test_dsn.c
tests_unit_test_dsn_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_dsn_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_route
TESTS += tests/unit/test_route
tests_unit_test_route_SOURCES = tests/unit/test_route.c
tests_unit_test_route_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_route_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_inbound
TESTS += tests/unit/test_inbound
tests_unit_test_inbound_SOURCES = tests/unit/test_inbound.c tests/unit/test_fault.h
tests_unit_test_inbound_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_inbound_LDADD = $(MAILIN_TEST_LIBS)

check_PROGRAMS += tests/unit/test_pending
TESTS += tests/unit/test_pending
tests_unit_test_pending_SOURCES = tests/unit/test_pending.c tests/unit/test_offer_util.h
tests_unit_test_pending_CFLAGS = $(MAILIN_TEST_CFLAGS)
tests_unit_test_pending_LDADD = tests/unit/libtest.a $(MAILIN_TEST_LIBS)

TESTS += tests/e2e/mailin_spool.sh tests/e2e/mailin_hostile.sh
EXTRA_DIST += tests/e2e/mailin_spool.sh tests/e2e/mailin_lib.sh tests/e2e/mailin_hostile.sh

TESTS += tests/conformance/replies.sh
EXTRA_DIST += tests/conformance/replies.sh tests/conformance/replies.py tests/fixtures/replies \
	tests/fixtures/bounces

TESTS += tests/e2e/imap_poll.sh
EXTRA_DIST += tests/e2e/imap_poll.sh

# run by hand or by CI, not by make check
EXTRA_DIST += tests/conformance/run.sh tests/conformance/conformance.py \
	tests/fuzz/run.sh tests/fuzz/fuzz_mail.c tests/fuzz/mail \
	bench/fdm.sh bench/inbound/run.sh bench/inbound/gen.py bench/inbound/handler_bench.c \
	bench/inbound/README.md bench/replies/run.sh bench/replies/bench_replies.c
