/*
 * test_modules.c - the program's table of modules: what each descriptor
 * lists is whole and found where the core and the mail library look for
 * it (commands, jobs, spool handlers, link pages, mail actions and verbs,
 * texts, templates, hooks).
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "cli.h"
#include "command.h"
#include "fsm.h"
#include "http.h"
#include "input.h"
#include "jobs.h"
#include "mail_action.h"
#include "module.h"
#include "modules.h"
#include "user_text.h"
#include "util.h"

static int
setup(void **state)
{
	(void)state;
	altc_modules_init();
	return 0;
}

/* every module has a name, once; its commands have a usage and a summary, once in all */
static void
test_names_and_commands(void **state)
{
	(void)state;
	MODULES_EACH(m) {
		assert_non_null(m->name);
		MODULES_EACH(o)
			if (o != m)
				assert_string_not_equal(m->name, o->name);
		for (const struct cli_cmd *c = m->commands; c && c->name; c++) {
			assert_non_null(c->run);
			assert_non_null(c->usage);
			assert_non_null(c->summary);
			MODULES_EACH(o)
				for (const struct cli_cmd *d = o->commands; d && d->name; d++)
					if (d != c)
						assert_string_not_equal(c->name, d->name);
		}
	}
}

/* the core's registries hold what the modules list: jobs, and one handler per spool kind */
static void
test_jobs_and_inputs(void **state)
{
	size_t njobs = 0;

	(void)state;
	MODULES_EACH(m)
		for (const struct job *j = m->jobs; j && j->name; j++) {
			assert_ptr_equal(jobs_find(j->name), j);
			njobs++;
		}
	assert_true(njobs >= 5);	/* sweep, import-scan, imap, digest, outbox, offer-expiry */
	assert_non_null(jobs_find("offer-expiry"));
	assert_non_null(input_handler(INPUT_MAIL));
	assert_non_null(input_handler(INPUT_IMPORT));
}

/* a mail action is found by its purpose, and each verb it accepts is one the parser knows */
static void
test_mail_actions(void **state)
{
	size_t n = 0;

	(void)state;
	MODULES_EACH(m)
		for (const struct mail_action *a = m->mail_actions; a && a->purpose; a++) {
			/* several actions may share an address, each reached by its own verbs */
			assert_ptr_equal(a->verbs && a->verbs[0] ?
			    mail_action_find_verb(a->purpose, a->verbs[0]) :
			    mail_action_find(a->purpose), a);
			assert_non_null(a->apply);
			assert_non_null(a->verbs);
			for (const char *const *v = a->verbs; *v; v++)
				assert_string_equal(command_verb(*v), *v);
			if (a->default_verb)
				assert_string_equal(command_verb(a->default_verb), a->default_verb);
			n++;
		}
	assert_true(n >= 7);
	assert_null(mail_action_find("no-such-purpose"));
	/* inscription@: employers register without a verb, staff add a student */
	assert_ptr_equal(mail_action_find_verb("inscription", NULL), mail_action_find("inscription"));
	assert_ptr_not_equal(mail_action_find_verb("inscription", "ETUDIANT"),
	    mail_action_find("inscription"));
	/* verbs a module teaches, in any case and with accents */
	assert_string_equal(command_verb("Inscrire"), "INSCRIPTION");
	assert_string_equal(command_verb("approuver"), "APPROUVER");
	assert_null(command_verb("APPROUVERX"));
}

/* the French of a module's refusals is found, a state read through the modules' names */
static void
test_texts(void **state)
{
	char *s;

	(void)state;
	s = user_text("fr", "no offer 42");
	assert_string_equal(s, "l’offre 42 n’existe pas");
	free(s);
	s = user_text("fr", "SIRET 80754009100004 is already known");
	assert_string_equal(s, "le SIRET 80754009100004 est déjà enregistré");
	free(s);
	s = user_text("fr", "the offer is already published");
	assert_string_equal(s, "l’offre est déjà publiée");
	free(s);
	s = user_text("fr", "something no module says");
	assert_string_equal(s, "something no module says");
	free(s);
}

/* each template a module lists exists in French and in English, text and HTML */
static void
test_templates(void **state)
{
	static const char *const locales[] = { "fr", "en" };
	static const char *const kinds[] = { "txt", "html" };
	const char *top = getenv("ALTC_SRCDIR");
	size_t n = 0;

	(void)state;
	if (top == NULL)
		skip();
	MODULES_EACH(m)
		for (const char *const *t = m->templates; t && *t; t++, n++)
			for (size_t l = 0; l < 2; l++)
				for (size_t k = 0; k < 2; k++) {
					char *p = xasprintf("%s/templates/%s/%s.%s", top, locales[l], *t,
					    kinds[k]);
					struct stat st;

					if (stat(p, &st) != 0)
						fail_msg("module %s lists '%s': no %s", m->name, *t, p);
					free(p);
				}
	assert_true(n >= 10);
}

/* pages and link actions are keyed by token purpose, one module each */
static void
test_pages(void **state)
{
	int signup = 0;

	(void)state;
	MODULES_EACH(m) {
		for (const struct http_page *p = m->pages; p && p->purpose; p++) {
			assert_non_null(p->answer);
			signup += strcmp(p->purpose, "signup") == 0;
		}
		for (const struct http_action *a = m->links; a && a->purpose; a++)
			assert_non_null(a->apply);
	}
	assert_int_equal(signup, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_commands),
		cmocka_unit_test(test_jobs_and_inputs),
		cmocka_unit_test(test_mail_actions),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_pages),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
