/*
 * test_command.c - the verb table (French verbs, English aliases, accents,
 * case, ':'), the form-key normalisation and alias table, and form lines
 * with continuations.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "command.h"
#include "util.h"

static void
test_verbs(void **state)
{
	static const struct { const char *word, *verb; } t[] = {
		{ "valider", "VALIDER" }, { "VALIDATE", "VALIDER" }, { "Approve", "VALIDER" },
		{ "rejeter", "REJETER" }, { "Reject", "REJETER" }, { "transférer", "TRANSFERER" },
		{ "TRANSFÉRER", "TRANSFERER" }, { "forward", "TRANSFERER" }, { "transfer", "TRANSFERER" },
		{ "recommander", "RECOMMANDER" }, { "recommend", "RECOMMANDER" },
		{ "accepter", "ACCEPTER" }, { "accept", "ACCEPTER" }, { "refuser", "REFUSER" },
		{ "decline", "REFUSER" }, { "refuse", "REFUSER" }, { "entretien", "ENTRETIEN" },
		{ "interview", "ENTRETIEN" }, { "message", "MESSAGE" }, { "postuler", "POSTULER" },
		{ "apply", "POSTULER" }, { "abandonner", "ABANDONNER" }, { "withdraw", "ABANDONNER" },
		{ "créneau", "CRENEAU" }, { "CRÉNEAU", "CRENEAU" }, { "slot", "CRENEAU" },
		{ "annuler", "ANNULER" }, { "cancel", "ANNULER" }, { "mission", "MISSION" },
		{ "stop", "STOP" }, { "unsubscribe", "STOP" }, { "aide", "AIDE" }, { "help", "AIDE" },
		{ "chercher", "CHERCHER" }, { "search", "CHERCHER" }, { "pourvue", "POURVUE" },
		{ "filled", "POURVUE" }, { "retirer", "RETIRER" }, { "archiver", "ARCHIVER" },
		{ "archive", "ARCHIVER" }, { "dupliquer", "DUPLIQUER" }, { "duplicate", "DUPLIQUER" },
		{ "prolonger", "PROLONGER" }, { "extend", "PROLONGER" },
		{ "cordialement", NULL }, { "merci", NULL }, { "validerai", NULL }, { "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const char *v = command_verb(t[i].word);

		if (t[i].verb == NULL)
			assert_null(v);
		else {
			assert_non_null(v);
			assert_string_equal(v, t[i].verb);
		}
	}
}

/* a verb that is also the start of a form label stays the label on a form line */
static void
test_yielding_verb(void **state)
{
	static const struct { const char *text, *verb, *args, *key, *value; } t[] = {
		{ "FIN PARRAINAGE Je déménage.", "FIN", "PARRAINAGE Je déménage.", NULL, NULL },
		{ "Fin", "FIN", "", NULL, NULL },
		{ "Bonjour,\nfin parrainage : merci pour tout", "FIN", "parrainage : merci pour tout",
		  NULL, NULL },
		{ "Fin : 30/06/2027", NULL, NULL, "date_de_fin", "30/06/2027" },
		{ "Fin du contrat : 30/06/2027", NULL, NULL, "fin_du_contrat", "30/06/2027" },
		/* another verb keeps its colon */
		{ "Valider : ok", "VALIDER", "ok", NULL, NULL },
	};
	struct command c;

	(void)state;
	command_add_verb("FIN", "FIN");
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		command_parse(t[i].text, &c);
		if (t[i].verb) {
			assert_non_null(c.verb);
			assert_string_equal(c.verb, t[i].verb);
			assert_string_equal(c.args, t[i].args);
		} else {
			assert_null(c.verb);
			assert_int_equal(c.nform, 1);
			assert_string_equal(c.form[0].key, t[i].key);
			assert_string_equal(c.form[0].value, t[i].value);
		}
		command_release(&c);
	}
}

static void
test_add_verb(void **state)
{
	(void)state;
	assert_null(command_verb("relancer"));
	command_add_verb("RELANCER", "RELANCER");
	command_add_verb("REMIND", "RELANCER");
	assert_string_equal(command_verb("Relancer"), "RELANCER");
	assert_string_equal(command_verb("remind"), "RELANCER");
}

/* a verb of two words, written as people write it: emphasis, accents, a colon */
static void
test_two_words(void **state)
{
	static const struct { const char *text, *verb, *args; } t[] = {
		{ "Candidatures spontanées : non", "SPONTANEES", "non" },
		{ "**CANDIDATURES SPONTANEES** oui.", "SPONTANEES", "oui." },
		{ "_candidatures spontanees_: Oui", "SPONTANEES", "Oui" },
		{ "candidatures spontanées", "SPONTANEES", "" },
		{ "Candidatures   spontanées... non", "SPONTANEES", "non" },
		{ "candidatures reçues : non", NULL, NULL },
	};

	(void)state;
	command_add_verb("CANDIDATURES SPONTANEES", "SPONTANEES");
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct command c;

		command_parse(t[i].text, &c);
		if (t[i].verb == NULL ? c.verb != NULL : c.verb == NULL ||
		    strcmp(c.verb, t[i].verb) != 0 || strcmp(c.args, t[i].args) != 0)
			fail_msg("'%s': verb %s, args '%s'", t[i].text, c.verb ? c.verb : "-",
			    c.args ? c.args : "");
		command_release(&c);
	}
}

static void
test_form_keys(void **state)
{
	static const struct { const char *label, *key; } t[] = {
		{ "Intitulé", "intitule" }, { "intitule", "intitule" }, { "Title", "intitule" },
		{ "Durée", "duree" }, { "Duration", "duree" }, { "Date de naissance", "date_de_naissance" },
		{ "Date of birth", "date_de_naissance" }, { "Birth date", "date_de_naissance" },
		{ "Type de contrat", "type_de_contrat" }, { "Contract type", "type_de_contrat" },
		{ "Compétences", "competences" }, { "Skills", "competences" }, { "Mobilité", "mobilite" },
		{ "Raison sociale", "entreprise" }, { "Company", "entreprise" },
		{ "Prénom", "prenom" }, { "First name", "prenom" }, { "Nom", "nom" },
		{ "Last name", "nom" }, { "E-mail", "e_mail" }, { "Email", "e_mail" },
		{ "Code postal", "code_postal" }, { "  Lieu  ", "lieu" }, { "N° SIRET", "siret" },
		{ "Date d'expiration", "expiration" }, { "Date d’expiration", "expiration" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *k = command_form_key(t[i].label);

		assert_string_equal(k, t[i].key);
		free(k);
	}
}

static void
test_lines(void **state)
{
	static const struct { const char *text, *verb, *args; size_t nform; const char *key, *value; } t[] = {
		{ "VALIDER 4 bien", "VALIDER", "4 bien", 0, NULL, NULL },
		{ "Rejeter : motif", "REJETER", "motif", 0, NULL, NULL },
		{ "REJETER:motif", "REJETER", "motif", 0, NULL, NULL },
		{ "  valider  ", "VALIDER", "", 0, NULL, NULL },
		{ "Bonjour,\n\nAccepter", "ACCEPTER", "", 0, NULL, NULL },
		{ "Bonjour Madame,\nrefuser pas disponible", "REFUSER", "pas disponible", 0, NULL, NULL },
		{ "Hello\nslot 2", "CRENEAU", "2", 0, NULL, NULL },
		{ "Cordialement,\nValider", NULL, NULL, 0, NULL, NULL },
		{ "Merci\nVALIDER", NULL, NULL, 0, NULL, NULL },
		{ "MISSION\nSujet : refonte\nTuteur : M. X", "MISSION", "", 2, "tuteur", "M. X" },
		{ "Missions :\n- a\n- b\n\nLieu : Annecy", NULL, NULL, 2, "missions", "- a\n- b" },
		{ "Lieu : Annecy\nLieu : Paris", NULL, NULL, 1, "lieu", "Paris" },
		{ "Voir https://example.org/x", NULL, NULL, 0, NULL, NULL },
		{ "lien: https://example.org/x", NULL, NULL, 1, "lien", "https://example.org/x" },
		{ "site : http://x.example", NULL, NULL, 1, "site", "http://x.example" },
		/* a greeting of up to five words before the command */
		{ "Bonjour Madame Dupont,\nValider", "VALIDER", "", 0, NULL, NULL },
		{ "Bonjour à toute l'équipe pédagogique,\nValider 3", "VALIDER", "3", 0, NULL, NULL },
		{ "Bonjour, je vous remercie pour cette offre\nValider", NULL, NULL, 0, NULL, NULL },
		{ "Chère Madame,\nREFUSER", "REFUSER", "", 0, NULL, NULL },
		{ "Good morning!\nApprove", "VALIDER", "", 0, NULL, NULL },
		{ "Hiver 2025\nValider", NULL, NULL, 0, NULL, NULL },
		{ "Bonjour\nBonsoir,\nValider", "VALIDER", "", 0, NULL, NULL },
		/* markdown emphasis and a final dot around the verb */
		{ "**Valider** 5", "VALIDER", "5", 0, NULL, NULL },
		{ "Valider. très bien", "VALIDER", "très bien", 0, NULL, NULL },
		{ "Validerai demain", NULL, NULL, 0, NULL, NULL },
		/* form labels of 20 to 60 characters */
		{ "E-mail du maître d'apprentissage : t@b.example", NULL, NULL, 1,
		  "e_mail_du_maitre_d_apprentissage", "t@b.example" },
		{ "Adresses postale complète du service des ressources humaines : 1 rue",
		  NULL, NULL, 1, "adresses_postale_complete_du_service_des_ressources_humaines", "1 rue" },
		{ "Adresses postales complète du service des ressources humaines : 1 rue",
		  NULL, NULL, 0, NULL, NULL },
		/* continuation lines: "- item", indented text; "-word" ends the field */
		{ "Missions :\n- a\n  suite\n-Message original\nLieu : Annecy", NULL, NULL, 2,
		  "missions", "- a\nsuite" },
		{ "Missions :\n* a\n\n- b", NULL, NULL, 1, "missions", "* a" },
		{ "Activités : \n- a", NULL, NULL, 1, "activites", "- a" },
		{ "Heure : 10:30", NULL, NULL, 1, "heure", "10:30" },
		{ "https://example.org/a:b", NULL, NULL, 0, NULL, NULL },
		{ "", NULL, NULL, 0, NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct command c;

		command_parse(t[i].text, &c);
		if (t[i].verb == NULL && c.verb != NULL)
			fail_msg("case %zu: unexpected verb %s", i, c.verb);
		if (t[i].verb != NULL) {
			assert_non_null(c.verb);
			assert_string_equal(c.verb, t[i].verb);
			assert_string_equal(c.args, t[i].args);
		}
		if (c.nform != t[i].nform)
			fail_msg("case %zu: %zu form lines", i, c.nform);
		if (t[i].key) {
			int found = 0;

			for (size_t k = 0; k < c.nform; k++)
				if (strcmp(c.form[k].key, t[i].key) == 0) {
					assert_string_equal(c.form[k].value, t[i].value);
					found = 1;
				}
			assert_true(found);
		}
		command_release(&c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verbs),
		cmocka_unit_test(test_add_verb),
		cmocka_unit_test(test_yielding_verb),
		cmocka_unit_test(test_two_words),
		cmocka_unit_test(test_form_keys),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
