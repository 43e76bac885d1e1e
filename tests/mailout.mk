# tests of the mailout area
check_PROGRAMS += tests/unit/test_template
TESTS += tests/unit/test_template
tests_unit_test_template_SOURCES = tests/unit/test_template.c
tests_unit_test_template_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_template_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_compose
TESTS += tests/unit/test_compose
tests_unit_test_compose_SOURCES = tests/unit/test_compose.c
tests_unit_test_compose_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_compose_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)
EXTRA_DIST += tests/fixtures/mailout/samples.json

check_PROGRAMS += tests/unit/test_notify
TESTS += tests/unit/test_notify
tests_unit_test_notify_SOURCES = tests/unit/test_notify.c tests/unit/test_outbox_ctx.h
tests_unit_test_notify_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_notify_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_outbox
TESTS += tests/unit/test_outbox
tests_unit_test_outbox_SOURCES = tests/unit/test_outbox.c tests/unit/test_outbox_ctx.h
tests_unit_test_outbox_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_outbox_LDADD = libaltc.a $(DEP_LIBS) $(CMOCKA_LIBS)

TESTS += tests/e2e/smtp_delivery.sh
EXTRA_DIST += tests/e2e/smtp_delivery.sh tests/e2e/smtp_server.py

# N kills over N*10 inputs; make check runs N=20, by hand N=1000
TESTS += tests/e2e/crash_loop.sh
EXTRA_DIST += tests/e2e/crash_loop.sh

TESTS += tests/e2e/smtp_faults.sh
EXTRA_DIST += tests/e2e/smtp_faults.sh tests/e2e/smtp_faults.py

TESTS += tests/e2e/mail_compose.sh
EXTRA_DIST += tests/e2e/mail_compose.sh

# libFuzzer harness of the template renderer: not part of "make check"
EXTRA_DIST += tests/fuzz/fuzz_template.c tests/fuzz/template/simple \
	tests/fuzz/template/sections tests/fuzz/template/nested tests/fuzz/template/errors \
	tests/fuzz/template/malformed tests/fuzz/template/reply_error tests/fuzz/template/length
FUZZ_CC = clang
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 \
	-I$(top_builddir) -I$(top_srcdir)/engine -I$(top_srcdir)/mailers $(JSONC_CFLAGS)
.PHONY: fuzz
fuzz: tests/fuzz/fuzz_template
tests/fuzz/fuzz_template: $(srcdir)/tests/fuzz/fuzz_template.c $(srcdir)/mailers/template.c
	@mkdir -p tests/fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(srcdir)/tests/fuzz/fuzz_template.c \
		$(srcdir)/mailers/template.c $(srcdir)/engine/strbuf.c \
		$(srcdir)/engine/util.c $(srcdir)/engine/log.c $(JSONC_LIBS)
CLEANFILES += tests/fuzz/fuzz_template

TESTS += tests/e2e/smtp_commands.sh
EXTRA_DIST += tests/e2e/smtp_commands.sh
EXTRA_DIST += bench/outbound/run.sh bench/outbound/gen.c
