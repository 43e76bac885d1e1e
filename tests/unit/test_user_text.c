/*
 * test_user_text.c - the engine's refusals in the reader's language: the
 * French of each kind of message, arguments kept, states and quoted
 * messages translated, English left alone or reworded; and a scan of the
 * offer and company sources: every refusal they can send to a person has
 * its French.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <regex.h>

#include "modules.h"
#include "strbuf.h"
#include "user_text.h"
#include "util.h"

static void
check(const char *locale, const char *msg, const char *want)
{
	char *got = user_text(locale, msg);

	if (strcmp(got, want) != 0)
		fail_msg("%s '%s': got '%s', want '%s'", locale, msg, got, want);
	free(got);
}

static void
test_french(void **state)
{
	(void)state;
	check("fr", "unknown formation 'BUT3-XX'", "formation inconnue : « BUT3-XX »");
	check("fr", "positions 'deux' is not a number from 1 to 1000",
	    "Postes : « deux » n’est pas un nombre de 1 à 1000");
	check("fr", "SIRET 80754009100004 is not your company's",
	    "le SIRET 80754009100004 n’est pas celui de votre entreprise");
	/* a state name is translated, "already" is not taken for part of it */
	check("fr", "the offer is already published", "l’offre est déjà publiée");
	check("fr", "the offer is withdrawn", "l’offre est retirée");
	/* a message inside another */
	check("fr", "line 3: unknown formation 'X'", "ligne 3 : formation inconnue : « X »");
	check("fr", "offer_formation 7: no 'validate' in state validated",
	    "impossible : l’offre est validée");
	/* arguments that contain the format's own words */
	check("fr", "'a is not an e-mail address' is not an e-mail address",
	    "« a is not an e-mail address » n’est pas une adresse e-mail");
	/* nothing known: passed on as it is */
	check("fr", "something else entirely", "something else entirely");
	check(NULL, "no keyword to search for",
	    "aucun mot-clé : écrivez CHERCHER suivi des mots à chercher");
}

static void
test_english(void **state)
{
	(void)state;
	check("en", "unknown formation 'BUT3-XX'", "unknown formation 'BUT3-XX'");
	check("en", "offer_formation 7: no 'validate' in state validated",
	    "not possible: the offer is already validated");
	check("en", "offer 2: 'fill' refused in state pending: line 1: no offer 9",
	    "refused for an offer pending: line 1: no offer 9");
}

static void
test_crafted_message(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *got;

	(void)state;
	/* many candidate splits for the five arguments of the state machine's format */
	strbuf_addstr(&sb, "x ");
	for (int i = 0; i < 60; i++)
		strbuf_addstr(&sb, "1: '' refused in state : ");
	got = user_text("fr", sb.buf);	/* in bounded time: the step budget */
	assert_int_equal(strncmp(got, "refusé pour une offre", strlen("refusé pour une offre")), 0);
	free(got);
	strbuf_release(&sb);
}

static void
test_long_message(void **state)
{
	char *big = xmalloc(5001), *got;

	(void)state;
	memset(big, 'a', 5000);
	big[5000] = '\0';
	memcpy(big, "SIRET ", 6);
	got = user_text("fr", big);
	assert_string_equal(got, big);
	free(got);
	free(big);
}

/* the refusals the engine writes for people, which need no French (internal errors) */
static const char *const internal[] = {
	"%s", "savepoint failed", "release failed", "formation lookup: %s", "no offer link %lld",
	"cannot register offer_rank with FTS5", "search: %s", "cannot begin a transaction",
	"cannot commit the offer sweep", "database: %s", "audit row", "cannot open a savepoint",
	"cannot commit the application reminders", "database error",
};

static int
known(const char *fmt)
{
	const char *const *f = user_text_formats();

	for (size_t i = 0; i < sizeof(internal) / sizeof(internal[0]); i++)
		if (strcmp(fmt, internal[i]) == 0)
			return 1;
	for (; *f; f++)
		if (strcmp(fmt, *f) == 0)
			return 1;
	return 0;
}

static void
test_sources_covered(void **state)
{
	static const char *const files[] = {
		"offer/offer.c", "offer/offer_csv.c", "offer/offer_life.c", "offer/offer_review.c",
		"offer/offer_search.c", "company/company.c", "company/siret.c", "company/company_sirene.c",
		"offer/offer_mail.c",
		"application/application.c", "application/application_decide.c",
		"application/application_mail.c", "application/document_check.c",
		"application/document_mail.c", "application/application_spontaneous.c",
		"structure/structure.c", "structure/structure_partner.c", "company/company_setting.c",
	};
	const char *top = getenv("ALTC_SRCDIR");
	regex_t re;
	size_t seen = 0;

	(void)state;
	if (top == NULL)
		skip();
	/* *errstr_r = xasprintf("..." / xstrdup("...", and the CSV line wrapper */
	assert_int_equal(regcomp(&re, "(errstr_r = |char \\*e = )(xasprintf|xstrdup)\\(\"([^\"]*)\"",
	    REG_EXTENDED), 0);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = xasprintf("%s/%s", top, files[i]), *buf, *p;
		size_t len;
		regmatch_t m[4];

		assert_int_equal(read_file(path, &buf, &len), 0);
		for (p = buf; regexec(&re, p, 4, m, 0) == 0; p += m[0].rm_eo) {
			char *fmt = xstrndup(p + m[3].rm_so, (size_t)(m[3].rm_eo - m[3].rm_so));

			if (!known(fmt))
				fail_msg("%s: \"%s\" has no French in mailers/user_text.c", files[i], fmt);
			free(fmt);
			seen++;
		}
		free(buf);
		free(path);
	}
	regfree(&re);
	assert_true(seen > 40);	/* the scan does find them */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_french),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_long_message),
		cmocka_unit_test(test_crafted_message),
		cmocka_unit_test(test_sources_covered),
	};

	altc_modules_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
