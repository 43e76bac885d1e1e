/*
 * command.c - verb and form extraction with PCRE2.  The verb table and the
 * form-key alias table are data: another layer adds verbs through
 * command_add_verb.  Patterns are compiled once per process (the daemon
 * parses thousands of replies per transaction group).
 */
#include "compat.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "charset.h"
#include "command.h"
#include "strbuf.h"
#include "module.h"
#include "text.h"
#include "util.h"

static const struct mail_verb builtin_verbs[] = {
	{ "VALIDER", "VALIDER" }, { "VALIDATE", "VALIDER" }, { "APPROVE", "VALIDER" },
	{ "VALIDE", "VALIDER" }, { "OK", "VALIDER" },
	{ "REJETER", "REJETER" }, { "REJECT", "REJETER" }, { "REJETE", "REJETER" },
	{ "TRANSFERER", "TRANSFERER" }, { "TRANSFER", "TRANSFERER" }, { "FORWARD", "TRANSFERER" },
	{ "RECOMMANDER", "RECOMMANDER" }, { "RECOMMEND", "RECOMMANDER" },
	{ "ACCEPTER", "ACCEPTER" }, { "ACCEPT", "ACCEPTER" },
	{ "REFUSER", "REFUSER" }, { "REFUSE", "REFUSER" }, { "DECLINE", "REFUSER" },
	{ "ENTRETIEN", "ENTRETIEN" }, { "INTERVIEW", "ENTRETIEN" },
	{ "MESSAGE", "MESSAGE" }, { "MSG", "MESSAGE" },
	{ "POSTULER", "POSTULER" }, { "APPLY", "POSTULER" }, { "CANDIDATER", "POSTULER" },
	{ "ABANDONNER", "ABANDONNER" }, { "WITHDRAW", "ABANDONNER" },
	{ "CRENEAU", "CRENEAU" }, { "SLOT", "CRENEAU" },
	{ "ANNULER", "ANNULER" }, { "CANCEL", "ANNULER" },
	{ "CONFIRMER", "CONFIRMER" }, { "CONFIRM", "CONFIRMER" },
	{ "MISSION", "MISSION" },
	{ "STOP", "STOP" }, { "UNSUBSCRIBE", "STOP" }, { "DESABONNER", "STOP" },
	{ "AIDE", "AIDE" }, { "HELP", "AIDE" },
	{ "REPRENDRE", "REPRENDRE" }, { "RESUME", "REPRENDRE" }, { "REABONNER", "REPRENDRE" },
	{ "SUBSCRIBE", "REPRENDRE" },
	{ "COPIE", "COPIE" }, { "COPY", "COPIE" },
	{ "CHERCHER", "CHERCHER" }, { "SEARCH", "CHERCHER" }, { "RECHERCHER", "CHERCHER" },
	{ "POURVUE", "POURVUE" }, { "FILLED", "POURVUE" },
	{ "RETIRER", "RETIRER" },
	{ "ARCHIVER", "ARCHIVER" }, { "ARCHIVE", "ARCHIVER" },
	{ "DUPLIQUER", "DUPLIQUER" }, { "DUPLICATE", "DUPLIQUER" },
	{ "PROLONGER", "PROLONGER" }, { "EXTEND", "PROLONGER" },
};

static struct mail_verb *extra_verbs;
static size_t nextra;

/* form keys: alias (normalised) -> key */
static const struct { const char *alias, *key; } form_aliases[] = {
	{ "titre", "intitule" }, { "title", "intitule" }, { "job_title", "intitule" },
	{ "intitule_du_poste", "intitule" }, { "poste", "intitule" },
	{ "duration", "duree" }, { "duree_du_contrat", "duree" }, { "contract_duration", "duree" },
	{ "positions", "postes" }, { "nombre_de_postes", "postes" }, { "nb_postes", "postes" },
	{ "skills", "competences" }, { "location", "lieu" }, { "lieu_de_travail", "lieu" },
	{ "contract_type", "type_de_contrat" }, { "contrat", "type_de_contrat" },
	{ "contract", "type_de_contrat" }, { "mobility", "mobilite" }, { "languages", "langues" },
	{ "langue", "langues" }, { "sector", "secteur" }, { "secteur_d_activite", "secteur" },
	{ "seniority", "anciennete" }, { "formation", "formations" }, { "training", "formations" },
	{ "trainings", "formations" }, { "description", "descriptif" },
	{ "company", "entreprise" }, { "societe", "entreprise" }, { "raison_sociale", "entreprise" },
	{ "company_name", "entreprise" }, { "siret_number", "siret" }, { "n_siret", "siret" },
	{ "numero_siret", "siret" }, { "last_name", "nom" }, { "surname", "nom" },
	{ "family_name", "nom" }, { "first_name", "prenom" }, { "given_name", "prenom" },
	{ "firstname", "prenom" }, { "lastname", "nom" }, { "email", "e_mail" }, { "mail", "e_mail" },
	{ "courriel", "e_mail" }, { "adresse_e_mail", "e_mail" }, { "phone", "telephone" },
	{ "tel", "telephone" }, { "mobile", "portable" }, { "cell", "portable" },
	{ "address", "adresse" }, { "postal_code", "code_postal" }, { "zip", "code_postal" },
	{ "zip_code", "code_postal" }, { "cp", "code_postal" }, { "city", "ville" },
	{ "commune", "ville" }, { "country", "pays" }, { "birth_date", "date_de_naissance" },
	{ "date_of_birth", "date_de_naissance" }, { "birthdate", "date_de_naissance" },
	{ "ne_le", "date_de_naissance" }, { "start_date", "date_de_debut" },
	{ "debut", "date_de_debut" }, { "end_date", "date_de_fin" }, { "fin", "date_de_fin" },
	{ "subject", "sujet" }, { "activities", "activites" }, { "tutor", "tuteur" },
	{ "maitre_d_apprentissage", "tuteur" }, { "contract_manager", "responsable_contrat" },
	{ "expiry", "expiration" }, { "expires", "expiration" }, { "date_d_expiration", "expiration" },
	{ "handicap_commitment", "handicap" }, { "one_click", "candidature_en_un_clic" },
	{ "comment", "commentaire" }, { "note", "note" }, { "rating", "note" },
};

/*
 * verbs that are also the start of a form label: "Fin : 30/06/2027" and
 * "Fin du contrat : 30/06/2027" are the end date of a mission sheet, not
 * FIN.  Such a verb on a line that reads as "label : value" is one only when
 * the label (text_key) is one of these.
 */
static const struct { const char *verb, *label; } yielding[] = {
	{ "FIN", "fin_parrainage" },
};

static const char *const greetings[] = {
	"bonjour", "bonsoir", "hello", "hi", "hey", "salut", "dear", "madame", "monsieur",
	"cher", "chere", "mesdames", "good morning", "good afternoon",
};

static pcre2_code *re_cmd, *re_form;
static pcre2_match_data *md;

static pcre2_code *
compile(const char *pat)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_MATCH_INVALID_UTF, &err, &off, NULL);

	if (re == NULL)
		BUG("pcre2_compile '%s' failed at %zu (%d)", pat, (size_t)off, err);
	/* Valgrind cannot follow JIT-generated code and reports its reads as
	 * uninitialised; the memory-checking run sets ALTC_PCRE2_NO_JIT. */
	if (getenv("ALTC_PCRE2_NO_JIT") == NULL)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static void
init_patterns(void)
{
	if (re_cmd)
		return;
	/* a word of letters, optional markdown emphasis or final dot, ':' then arguments */
	re_cmd = compile("^[\\s*_]*(\\p{L}+)[*_]*[.!]?(?:\\s*:\\s*|\\s+|$)(.*)$");
	re_form = compile("^\\s*[*_]*(\\p{L}[\\p{L}\\p{N} '\\x{2019}_./()-]{0,59}?)[*_]*\\s*:\\s*(.*?)\\s*$");
	md = pcre2_match_data_create(4, NULL);
}

/* group - capture n of the last match, copied */
static char *
group(const char *subject, int n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (ov[2 * n] == PCRE2_UNSET)
		return xstrdup("");
	return xstrndup(subject + ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
}

static int
match(pcre2_code *re, const char *s, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) > 0;
}

/* yields - verb, first on line, is rather the label of a form line */
static int
yields(const char *verb, const char *line)
{
	char *label, *key;
	int form = 0;

	for (size_t i = 0; i < ARRAY_SIZE(yielding); i++) {
		if (strcmp(yielding[i].verb, verb) != 0)
			continue;
		if (!match(re_form, line, strlen(line)))
			return 0;
		label = group(line, 1);
		key = text_key(label);
		form = strcmp(key, yielding[i].label) != 0;
		free(key);
		free(label);
		return form;
	}
	return 0;
}

void
command_add_verb(const char *alias, const char *canonical)
{
	extra_verbs = xreallocarray(extra_verbs, nextra + 1, sizeof(*extra_verbs));
	extra_verbs[nextra].alias = alias;
	extra_verbs[nextra++].verb = canonical;
}

const char *
command_verb(const char *word)
{
	struct strbuf f = STRBUF_INIT;
	const char *v = NULL;
	size_t i;

	utf8_fold(word, strlen(word), 1, &f);
	for (i = 0; i < ARRAY_SIZE(builtin_verbs) && v == NULL; i++)
		if (strcmp(f.buf, builtin_verbs[i].alias) == 0)
			v = builtin_verbs[i].verb;
	for (i = 0; i < nextra && v == NULL; i++)
		if (strcasecmp(f.buf, extra_verbs[i].alias) == 0)
			v = extra_verbs[i].verb;
	MODULES_EACH(m)
		for (const struct mail_verb *mv = m->verbs; v == NULL && mv && mv->alias; mv++)
			if (strcasecmp(f.buf, mv->alias) == 0)
				v = mv->verb;
	strbuf_release(&f);
	return v;
}

char *
command_form_key(const char *label)
{
	char *k = text_key(label);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(form_aliases); i++)
		if (strcmp(k, form_aliases[i].alias) == 0) {
			free(k);
			return xstrdup(form_aliases[i].key);
		}
	return k;
}

static int
is_greeting(const char *line)
{
	struct strbuf f = STRBUF_INIT;
	int hit = 0, words = 1;
	size_t i;

	utf8_fold(line, strlen(line), 0, &f);
	for (i = 0; i < f.len; i++)
		if (f.buf[i] == ' ')
			words++;
	for (i = 0; i < ARRAY_SIZE(greetings) && !hit; i++) {
		size_t l = strlen(greetings[i]);

		hit = strncmp(f.buf, greetings[i], l) == 0 &&
		    (f.buf[l] == '\0' || strchr(" ,!.", f.buf[l]) != NULL);
	}
	strbuf_release(&f);
	return hit && words <= 5;
}

static void
add_field(struct command *c, char *key, char *value)
{
	c->form = xreallocarray(c->form, c->nform + 1, sizeof(*c->form));
	c->form[c->nform].key = key;
	c->form[c->nform++].value = value;
}

/* continues - "- item" or indented text under a form key */
static int
continues(const char *line)
{
	return (line[0] == ' ' || line[0] == '\t' || strncmp(line, "- ", 2) == 0 ||
	    strncmp(line, "* ", 2) == 0 || strncmp(line, "\xe2\x80\xa2", 3) == 0);
}

/* form_line - a "key: value" line (not a URL, not a time) into c */
static int
form_line(struct command *c, const char *line)
{
	char *label, *value, *key;

	if (!match(re_form, line, strlen(line)))
		return 0;
	value = group(line, 2);
	if (strncmp(value, "//", 2) == 0) {
		free(value);
		return 0;
	}
	label = group(line, 1);
	key = command_form_key(label);
	free(label);
	if (*key == '\0') {
		free(key);
		free(value);
		return 0;
	}
	/* a later line wins over an earlier one of the same key */
	for (size_t i = 0; i < c->nform; i++)
		if (strcmp(c->form[i].key, key) == 0) {
			free(c->form[i].value);
			c->form[i].value = value;
			free(key);
			return 1;
		}
	add_field(c, key, value);
	return 1;
}

/* word_end - past the letters of a word at p (any byte >= 0x80 counts as a letter) */
static const char *
word_end(const char *p)
{
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (unsigned char)*p >= 0x80)
		p++;
	return p;
}

/*
 * two_words - whether the line starts with a verb of two words (a module's
 * alias with a space, "CANDIDATURE SPONTANEE"); then c's verb and args are
 * set.  A single word stays the one-word verbs' (and "Candidature en un
 * clic : oui" a form line).
 */
static int
two_words(const char *line, struct command *c)
{
	const char *p = line, *e1, *q, *e2;
	const char *verb;
	char *w;

	while (*p == ' ' || *p == '*' || *p == '_')
		p++;
	if ((e1 = word_end(p)) == p || *e1 != ' ')
		return 0;
	for (q = e1; *q == ' '; q++)
		;
	if ((e2 = word_end(q)) == q)
		return 0;
	w = xasprintf("%.*s %.*s", (int)(e1 - p), p, (int)(e2 - q), q);
	verb = command_verb(w);
	free(w);
	if (verb == NULL)
		return 0;
	while (*e2 == '*' || *e2 == '_' || *e2 == '.' || *e2 == ' ' || *e2 == ':')
		e2++;
	c->verb = xstrdup(verb);
	c->args = str_trim(xstrdup(e2));
	return 1;
}

void
command_parse(const char *text, struct command *c)
{
	const char *p = text;
	int have_line = 0, open_field = -1;

	init_patterns();
	memset(c, 0, sizeof(*c));
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len), *t;

		p = nl ? nl + 1 : p + len;
		t = str_trim(xstrdup(line));
		if (*t == '\0') {
			open_field = -1;
		} else if (!have_line && !is_greeting(t)) {
			have_line = 1;
			c->line = xstrdup(t);
			if (two_words(t, c)) {
				/* a verb of two words ("CANDIDATURE SPONTANEE") */
			} else if (match(re_cmd, t, strlen(t))) {
				char *word = group(t, 1), *args = group(t, 2);
				const char *verb = command_verb(word);

				if (verb && yields(verb, t))
					verb = NULL;
				if (verb) {
					c->verb = xstrdup(verb);
					c->args = str_trim(args);
					args = NULL;
				}
				free(args);
				free(word);
			}
			if (c->verb == NULL && form_line(c, t))
				open_field = (int)c->nform - 1;
		} else if (open_field >= 0 && continues(line)) {
			char *v = xasprintf("%s%s%s", c->form[open_field].value,
			    *c->form[open_field].value ? "\n" : "", t);

			free(c->form[open_field].value);
			c->form[open_field].value = v;
		} else if (form_line(c, t)) {
			open_field = (int)c->nform - 1;
		} else {
			open_field = -1;
		}
		free(t);
		free(line);
	}
	if (c->verb && c->args == NULL)
		c->args = xstrdup("");
}

void
command_release(struct command *c)
{
	for (size_t i = 0; i < c->nform; i++) {
		free(c->form[i].key);
		free(c->form[i].value);
	}
	free(c->form);
	free(c->verb);
	free(c->args);
	free(c->line);
	memset(c, 0, sizeof(*c));
}
