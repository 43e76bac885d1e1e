/*
 * test_config.c - the configuration table and the INI reader: defaults,
 * typed values and bounds, and errors that name the file, line and key.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "testlib.h"
#include "util.h"

static void
test_defaults(void **state)
{
	char *err = NULL;
	struct config *cfg = config_load(NULL, 0, &err);
	size_t i;

	(void)state;
	assert_non_null(cfg);
	assert_string_equal(config_str(cfg, "mail.domain"), "univ.example");
	assert_int_equal(config_int(cfg, "schedule.recommend"), 2 * 60);
	assert_int_equal(config_int(cfg, "import.max_manual_bytes"), 1500000);
	assert_int_equal(config_int(cfg, "import.invitation_ttl"), 86400);
	assert_int_equal(config_int(cfg, "notifications.center_cap"), 99);
	assert_false(config_bool(cfg, "smtp.starttls"));
	/* every default satisfies its own type and bounds */
	for (i = 0; config_keys[i].name; i++)
		assert_int_equal(config_set(cfg, config_keys[i].name, config_keys[i].def, &err), 0);
	config_free(&cfg);
	assert_null(cfg);
}

struct case_ini {
	const char *text;
	const char *key;	/* checked when ok */
	long long value;
	const char *error;	/* substring of the error, NULL when ok */
};

static const struct case_ini cases[] = {
	{ "", "http.port", 8080, NULL },
	{ "[http]\nport = 9090\n", "http.port", 9090, NULL },
	{ "; comment\n[import]\nmax_manual_bytes = 2M\n", "import.max_manual_bytes", 2000000, NULL },
	{ "[import]\ninvitation_ttl = 48h\n", "import.invitation_ttl", 172800, NULL },
	{ "[tokens]\nreply_ttl = 30d\n", "tokens.reply_ttl", 30 * 86400, NULL },
	{ "[schedule]\ndigest = 06:30\n", "schedule.digest", 6 * 60 + 30, NULL },
	{ "[smtp]\nstarttls = yes\n", "smtp.starttls", 1, NULL },
	{ "[http]\nport = 70000\n", NULL, 0, ":2: key 'http.port': 70000 is out of bounds" },
	{ "[http]\nport = eighty\n", NULL, 0, ":2: key 'http.port': 'eighty' is not an integer" },
	{ "[mail]\nnope = 1\n", NULL, 0, ":2: unknown key 'mail.nope'" },
	{ "domain = x\n", NULL, 0, ":1: key 'domain' is outside any [section]" },
	{ "[schedule]\ndigest = 25:00\n", NULL, 0, "'25:00' is not a time HH:MM" },
	{ "[smtp]\nstarttls = perhaps\n", NULL, 0, "is not yes or no" },
	{ "[mail\ndomain = x\n", NULL, 0, ":1: " },
};

static void
test_files(void **state)
{
	char *dir = testlib_tmpdir(), *path = xasprintf("%s/altconnect.conf", dir);
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err = NULL;
		struct config *cfg;

		testlib_write(path, cases[i].text);
		cfg = config_load(path, 1, &err);
		if (cases[i].error == NULL) {
			assert_non_null(cfg);
			assert_int_equal(config_int(cfg, cases[i].key), cases[i].value);
			config_free(&cfg);
		} else {
			assert_null(cfg);
			assert_non_null(err);
			if (strstr(err, cases[i].error) == NULL || strstr(err, path) == NULL)
				fail_msg("case %zu: '%s' does not contain '%s'", i, err, cases[i].error);
			free(err);
		}
	}
	free(path);
	testlib_rm_rf(dir);
	free(dir);
}

static void
test_missing_and_password(void **state)
{
	char *dir = testlib_tmpdir(), *err = NULL;
	char *conf = xasprintf("%s/c.conf", dir), *pw = xasprintf("%s/pw", dir);
	char *text = xasprintf("[smtp]\npassword_file = %s\n", pw);
	struct config *cfg;

	(void)state;
	/* a missing file: defaults when searched, an error when named */
	cfg = config_load(conf, 0, &err);
	assert_non_null(cfg);
	config_free(&cfg);
	assert_null(config_load(conf, 1, &err));
	assert_non_null(strstr(err, "No such file"));
	free(err);
	/* a password file readable by others is refused */
	testlib_write(pw, "secret\n");
	chmod(pw, 0644);
	testlib_write(conf, text);
	err = NULL;
	assert_null(config_load(conf, 1, &err));
	assert_non_null(strstr(err, "readable by others"));
	free(err);
	chmod(pw, 0600);
	cfg = config_load(conf, 1, &err);
	assert_non_null(cfg);
	config_free(&cfg);
	free(text);
	free(conf);
	free(pw);
	testlib_rm_rf(dir);
	free(dir);
}

static void
test_print_defaults(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	config_print_defaults(fp);
	fclose(fp);
	assert_non_null(strstr(buf, "[smtp]\n"));
	assert_non_null(strstr(buf, "\nrecommend = 02:00\n"));
	assert_non_null(strstr(buf, "# SMTP relay"));
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_missing_and_password),
		cmocka_unit_test(test_print_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
