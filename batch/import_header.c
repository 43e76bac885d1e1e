/*
 * import_header.c - the column table of DESIGN §8 with the aliases seen in
 * Parcoursup, eCandidat and staff spreadsheets.
 */
#include "compat.h"

#include "import_header.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

static const struct {
	enum import_col col;
	const char *name;	/* documented name */
	int required;
	const char *aliases;	/* folded names, ',' separated */
} columns[COL_COUNT] = {
	{ COL_NOM, "Nom", 1, "nom,nomdefamille,nomnaissance" },
	{ COL_PRENOM, "Prenom", 1, "prenom,prenom1" },
	{ COL_FIXE, "Fixe", 0, "fixe,telephonefixe,telfixe,telephone" },
	{ COL_PORTABLE, "Portable", 0, "portable,telephoneportable,telportable,mobile" },
	{ COL_MAIL, "Mail", 1, "mail,email,courriel,adressemail,adresseemail" },
	{ COL_DERNIER_ETAB, "Dernier_Etab", 0, "dernieretab,dernieretablissement" },
	{ COL_AVIS, "Avis", 1, "avis,avisce,avispoursuite" },
	{ COL_DATE_AVIS, "Date_Avis", 0, "dateavis" },
	{ COL_DATE_NAISSANCE, "Date_Naissance", 1, "datenaissance,datedenaissance,nele" },
	{ COL_INE, "Code_INE", 0, "codeine,ine,numeroine" },
	{ COL_CLE_INE, "Cle_INE", 0, "cleine" },
	{ COL_ADRESSE_1, "Adresse_1", 1, "adresse1,adresse" },
	{ COL_ADRESSE_2, "Adresse_2", 0, "adresse2,complementadresse" },
	{ COL_CODE_POSTAL, "Code_Postal", 1, "codepostal,cp" },
	{ COL_COMMUNE, "Commune", 1, "commune,ville" },
	{ COL_PAYS, "Pays", 1, "pays" },
	{ COL_CODE_FORMATION, "Code_Formation", 1, "codeformation,formation,codevet,codeetape" },
	{ COL_LIB_FORMATION, "Lib_Formation", 0, "libformation,libelleformation" },
};

const char *
import_col_name(enum import_col c)
{
	if ((unsigned)c >= COL_COUNT)
		BUG("bad column %d", (int)c);
	return columns[c].name;
}

/* in_list - whether word is one of the ','-separated names */
static int
in_list(const char *list, const char *word)
{
	size_t wlen = strlen(word);

	while (*list) {
		const char *end = strchr(list, ',');
		size_t len = end ? (size_t)(end - list) : strlen(list);

		if (len == wlen && memcmp(list, word, len) == 0)
			return 1;
		if (end == NULL)
			break;
		list = end + 1;
	}
	return 0;
}

int
import_col_lookup(const char *cell)
{
	struct strbuf f = STRBUF_INIT;
	size_t i;
	int found = -1;

	text_fold(&f, cell, strlen(cell), 1);
	for (i = 0; i < COL_COUNT && f.len; i++)
		if (in_list(columns[i].aliases, f.buf)) {
			found = (int)columns[i].col;
			break;
		}
	strbuf_release(&f);
	return found;
}

int
import_header_parse(struct import_header *h, const struct csv_record *rec, char **errstr_r)
{
	struct strbuf missing = STRBUF_INIT;
	size_t i;

	memset(h, 0, sizeof(*h));
	h->ncsv = rec->n;
	h->col = xcalloc(rec->n ? rec->n : 1, sizeof(*h->col));
	for (i = 0; i < rec->n; i++) {
		h->col[i] = import_col_lookup(rec->field[i]);
		if (h->col[i] >= 0)
			h->present[h->col[i]] = 1;
	}
	for (i = 0; i < COL_COUNT; i++)
		if (columns[i].required && !h->present[i])
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", columns[i].name);
	if (missing.len) {
		*errstr_r = xasprintf("colonnes obligatoires absentes : %s", missing.buf);
		strbuf_release(&missing);
		import_header_release(h);
		return -1;
	}
	strbuf_release(&missing);
	return 0;
}

void
import_header_release(struct import_header *h)
{
	FREE_AND_NULL(h->col);
	h->ncsv = 0;
}

/* trim - white space (and no-break spaces) around a field, in place */
static char *
trim(char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
	    s[len - 1] == '\n'))
		s[--len] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

void
import_header_values(const struct import_header *h, const struct csv_record *rec,
    const char *vals[COL_COUNT])
{
	size_t i;

	for (i = 0; i < COL_COUNT; i++)
		vals[i] = "";
	for (i = 0; i < rec->n && i < h->ncsv; i++) {
		char *v;

		if (h->col[i] < 0)
			continue;
		v = trim(rec->field[i], rec->len[i]);
		if (*vals[h->col[i]] == '\0')
			vals[h->col[i]] = v;	/* first non-empty wins */
	}
}

int
import_header_source(const struct import_header *h, const struct csv_record *rec,
    enum import_col c)
{
	size_t i;

	for (i = 0; i < rec->n && i < h->ncsv; i++)
		if (h->col[i] == (int)c && rec->field[i][strspn(rec->field[i], " \t\r\n")] != '\0')
			return (int)i;
	return -1;
}
