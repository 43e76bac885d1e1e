/*
 * test_config_check.c - what configuration values mean (config_check.c):
 * one table of key, value and verdict; the display name of mail.from; and
 * relative [paths] resolved against the configuration file's directory.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include "config.h"
#include "testlib.h"
#include "util.h"

static const struct {
	const char *key, *value;
	int ok;
} cases[] = {
	{ "mail.from", "altconnect@univ.example", 1 },
	{ "mail.from", "altconnect <noreply@univ.example>", 1 },
	{ "mail.from", "\"Plateforme, alternance\" <noreply@univ.example>", 1 },
	{ "mail.from", "altconnect noreply@univ.example", 0 },
	{ "mail.from", "noreply", 0 },
	{ "mail.from", "a <noreply@univ.example", 0 },
	{ "mail.domain", "alternance.univ.example", 1 },
	{ "mail.domain", "univ", 0 },
	{ "mail.domain", "univ..example", 0 },
	{ "mail.domain", "univ example", 0 },
	{ "mail.base_url", "https://alternance.univ.example", 1 },
	{ "mail.base_url", "http://127.0.0.1:8080", 1 },
	{ "mail.base_url", "https://alternance.univ.example/", 0 },
	{ "mail.base_url", "alternance.univ.example", 0 },
	{ "mail.base_url", "", 0 },
	{ "mail.locale", "en", 1 },
	{ "mail.locale", "de", 0 },
	{ "smtp.url", "", 1 },
	{ "smtp.url", "smtp://127.0.0.1:25", 1 },
	{ "smtp.url", "smtps://relay.univ.example", 1 },
	{ "smtp.url", "smtp://relay.univ.example:99999", 0 },
	{ "smtp.url", "http://relay", 0 },
	{ "smtp.url", "smtp://", 0 },
	{ "imap.url", "imaps://imap.univ.example/INBOX", 1 },
	{ "imap.url", "pop3://imap.univ.example", 0 },
	{ "http.listen", "127.0.0.1", 1 },
	{ "http.listen", "localhost", 0 },
	{ "import.report_to", "a@univ.example, b@univ.example", 1 },
	{ "import.report_to", "a@univ.example; b", 0 },
	{ "schedule.sweep", "25:00", 0 },
	{ "http.port", "99999", 0 },
	{ "retention.closed_days", "0", 0 },
};

static void
test_meanings(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct config *cfg = config_load(NULL, 0, NULL);
		char *err = NULL;
		int rc = config_set(cfg, cases[i].key, cases[i].value, &err);

		if ((rc == 0) != cases[i].ok)
			fail_msg("%s = '%s': expected %s, got %s", cases[i].key, cases[i].value,
			    cases[i].ok ? "ok" : "an error", err ? err : "ok");
		if (rc < 0)
			assert_non_null(strstr(err, cases[i].key));	/* the key is named */
		free(err);
		config_free(&cfg);
	}
}

static void
test_file(void **state)
{
	char *dir = testlib_tmpdir(), *sub = xasprintf("%s/etc", dir);
	char *path = xasprintf("%s/altconnect.conf", sub), *err = NULL, *expect;
	struct config *cfg;

	(void)state;
	assert_int_equal(mkdir_p(sub, 0700), 0);
	testlib_write(path, "[paths]\nspool = ../spool\ndb = /abs/altc.db\n"
	    "[mail]\nfrom = Plateforme <noreply@univ.example>\n");
	cfg = config_load(path, 1, &err);
	assert_non_null(cfg);
	expect = xasprintf("%s/spool", dir);	/* "../" folded into the directory */
	assert_string_equal(config_str(cfg, "paths.spool"), expect);
	free(expect);
	assert_string_equal(config_str(cfg, "paths.db"), "/abs/altc.db");
	expect = xasprintf("%s/var/docs", sub);	/* defaults follow the file too */
	assert_string_equal(config_str(cfg, "paths.docs"), expect);
	free(expect);
	assert_string_equal(config_str(cfg, "mail.from"), "noreply@univ.example");
	assert_string_equal(config_str(cfg, "mail.from_name"), "Plateforme");
	config_free(&cfg);
	/* an explicit from_name wins over the display name */
	testlib_write(path, "[mail]\nfrom_name = Moi\nfrom = Plateforme <noreply@univ.example>\n");
	cfg = config_load(path, 1, &err);
	assert_string_equal(config_str(cfg, "mail.from_name"), "Moi");
	config_free(&cfg);
	/* an error names the file, the line and the key */
	testlib_write(path, "[mail]\n\nfrom = noreply\n");
	assert_null(config_load(path, 1, &err));
	assert_non_null(strstr(err, "altconnect.conf:3: key 'mail.from'"));
	free(err);
	testlib_rm_rf(dir);
	free(dir);
	free(sub);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_meanings),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
