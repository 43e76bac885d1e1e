/*
 * sirene_format.c - the register's values as a company's record shows
 * them.  SIRENE writes addresses in upper case with coded street types
 * ("12 B AV DES ALPES"); people write "12 bis avenue des Alpes".  Names
 * stay as the register writes them (company names are upper case by use).
 * Only ASCII and the Latin letters of U+00C0-U+00FF (and Œ, Ÿ) change case:
 * that is all the register uses.
 */
#include "compat.h"

#include <strings.h>

#include "sirene.h"
#include "strbuf.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* the street types of the register (INSEE's codes) */
static const struct {
	const char *code, *words;
} street_types[] = {
	{ "ALL", "allée" }, { "AV", "avenue" }, { "BD", "boulevard" }, { "CAR", "carrefour" },
	{ "CHE", "chemin" }, { "CHS", "chaussée" }, { "CITE", "cité" }, { "COR", "corniche" },
	{ "CRS", "cours" }, { "DOM", "domaine" }, { "DSC", "descente" }, { "ECA", "écart" },
	{ "ESP", "esplanade" }, { "FG", "faubourg" }, { "GR", "grande rue" }, { "HAM", "hameau" },
	{ "HLE", "halle" }, { "IMP", "impasse" }, { "LD", "lieu-dit" }, { "LOT", "lotissement" },
	{ "MAR", "marché" }, { "MTE", "montée" }, { "PARC", "parc" }, { "PAS", "passage" },
	{ "PASS", "passage" }, { "PL", "place" }, { "PLN", "plaine" }, { "PLT", "plateau" },
	{ "PONT", "pont" }, { "PORT", "port" }, { "PRO", "promenade" }, { "PRV", "parvis" },
	{ "QUA", "quartier" }, { "QUAI", "quai" }, { "RES", "résidence" }, { "RLE", "ruelle" },
	{ "ROC", "rocade" }, { "RPT", "rond-point" }, { "RTE", "route" }, { "RUE", "rue" },
	{ "SEN", "sentier" }, { "SQ", "square" }, { "TOUR", "tour" }, { "TPL", "terre-plein" },
	{ "TRA", "traverse" }, { "VLA", "villa" }, { "VLGE", "village" }, { "VOIE", "voie" },
	{ "ZA", "zone artisanale" }, { "ZAC", "zone d'aménagement concerté" },
	{ "ZI", "zone industrielle" }, { "ZONE", "zone" },
};

/* the repetition index of a street number */
static const struct {
	const char *code, *words;
} repetitions[] = {
	{ "B", "bis" }, { "T", "ter" }, { "Q", "quater" }, { "C", "quinquies" },
};

/* small words of French names, lower case unless they start the label */
static const char *const small_words[] = {
	"a", "à", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "lès",
	"lez", "sous", "sur",
};

/* abbreviations written in capitals */
static const char *const keep_upper[] = {
	"BP", "CEDEX", "CS", "HLM", "RD", "RN", "TSA", "ZA", "ZAC", "ZAE", "ZI", "ZUP",
};

const char *
sirene_street_type(const char *code)
{
	for (size_t i = 0; i < N(street_types); i++)
		if (strcasecmp(code, street_types[i].code) == 0)
			return street_types[i].words;
	return NULL;
}

/* lower_utf8 - s in lower case, in place (ASCII, Latin-1 letters, Œ, Ÿ) */
static void
lower_utf8(char *s, size_t len)
{
	unsigned char *p = (unsigned char *)s;

	for (size_t i = 0; i < len; i++) {
		if (p[i] >= 'A' && p[i] <= 'Z')
			p[i] = (unsigned char)(p[i] + 32);
		else if (p[i] == 0xc3 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9e &&
		    p[i + 1] != 0x97)
			p[++i] += 0x20;
		else if (p[i] == 0xc5 && i + 1 < len && p[i + 1] == 0x92)
			p[++i] = 0x93;
	}
}

/* upper_first - the first letter of s in upper case, in place */
static void
upper_first(char *s, size_t len)
{
	unsigned char *p = (unsigned char *)s;

	if (len > 0 && p[0] >= 'a' && p[0] <= 'z')
		p[0] = (unsigned char)(p[0] - 32);
	else if (len > 1 && p[0] == 0xc3 && p[1] >= 0xa0 && p[1] <= 0xbe && p[1] != 0xb7)
		p[1] -= 0x20;
	else if (len > 1 && p[0] == 0xc5 && p[1] == 0x93)
		p[1] = 0x92;
}

/* roman - a Roman numeral of I, V and X only (XIV, II), which stays in capitals */
static int
roman(const char *w, size_t len)
{
	static const char *const numerals[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII",
	    "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
	    "XXI", "XXII", "XXIII", "XXIV", "XXV" };

	for (size_t i = 0; i < N(numerals); i++)
		if (strlen(numerals[i]) == len && memcmp(w, numerals[i], len) == 0)
			return 1;
	return 0;
}

static int
in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
			return 1;
	return 0;
}

/* is_sep - a word separator: space, hyphen, apostrophe (also U+2019), slash, comma */
static size_t
is_sep(const char *p)
{
	if (*p == ' ' || *p == '-' || *p == '\'' || *p == '/' || *p == ',' || *p == '(' ||
	    *p == ')' || *p == '.')
		return 1;
	if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 &&
	    (unsigned char)p[2] == 0x99)
		return 3;
	return 0;
}

char *
sirene_title(const char *s, int first_upper)
{
	struct strbuf sb = STRBUF_INIT;
	int first = 1;

	if (s == NULL || *s == '\0')
		return NULL;
	while (*s) {
		size_t k = is_sep(s), len = 0, start;

		if (k) {
			strbuf_add(&sb, s, k);
			s += k;
			continue;
		}
		while (s[len] && !is_sep(s + len))
			len++;
		start = sb.len;
		strbuf_add(&sb, s, len);
		if (!in_list(keep_upper, N(keep_upper), s, len) && !roman(s, len)) {
			lower_utf8(sb.buf + start, len);
			if ((first && first_upper) ||
			    !in_list(small_words, N(small_words), sb.buf + start, len))
				upper_first(sb.buf + start, len);
		}
		first = 0;
		s += len;
	}
	return strbuf_detach(&sb, NULL);
}

/* empty - NULL or only spaces */
static int
empty(const char *s)
{
	if (s == NULL)
		return 1;
	while (*s == ' ')
		s++;
	return *s == '\0';
}

/* add_repetition - the repetition index after the number: "bis", or a letter "12A" */
static void
add_repetition(struct strbuf *sb, const char *rep)
{
	char *w;

	for (size_t i = 0; i < N(repetitions); i++)
		if (strcasecmp(rep, repetitions[i].code) == 0) {
			strbuf_addf(sb, " %s", repetitions[i].words);
			return;
		}
	if (strlen(rep) == 1) {
		strbuf_addch(sb, rep[0] >= 'a' && rep[0] <= 'z' ? rep[0] - 32 : rep[0]);
		return;
	}
	w = xstrdup(rep);
	lower_utf8(w, strlen(w));
	strbuf_addf(sb, " %s", w);
	free(w);
}

char *
sirene_address(const char *number, const char *repetition, const char *type,
    const char *street, const char *complement)
{
	struct strbuf sb = STRBUF_INIT;
	char *t;

	if (!empty(number))
		strbuf_addstr(&sb, number);
	if (!empty(number) && !empty(repetition))
		add_repetition(&sb, repetition);
	if (!empty(type)) {
		const char *words = sirene_street_type(type);

		strbuf_addf(&sb, "%s", sb.len ? " " : "");
		if (words)
			strbuf_addstr(&sb, words);
		else {
			size_t at = sb.len;

			strbuf_addstr(&sb, type);
			lower_utf8(sb.buf + at, sb.len - at);
		}
	}
	if (!empty(street) && (t = sirene_title(street, empty(type))) != NULL) {
		strbuf_addf(&sb, "%s%s", sb.len ? " " : "", t);
		free(t);
	}
	if (!empty(complement) && (t = sirene_title(complement, 1)) != NULL) {
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", t);
		free(t);
	}
	if (sb.len == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

char *
sirene_name(const char *denomination, const char *unit_usual, const char *usual,
    const char *sign, const char *first_name, const char *last_name)
{
	const char *const names[] = { denomination, unit_usual, usual, sign };

	for (size_t i = 0; i < N(names); i++)
		if (!empty(names[i]))
			return xstrdup(names[i]);
	if (!empty(last_name))
		return empty(first_name) ? xstrdup(last_name) :
		    xasprintf("%s %s", first_name, last_name);
	return NULL;
}

const char *
sirene_group(int64_t n, char *buf, size_t size)
{
	char digits[32];
	size_t len, o = 0;

	len = (size_t)xsnprintf(digits, sizeof(digits), "%lld", (long long)(n < 0 ? -n : n));
	if (n < 0 && o + 1 < size)
		buf[o++] = '-';
	for (size_t i = 0; i < len && o + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 2 < size)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}
