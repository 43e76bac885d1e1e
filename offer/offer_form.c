/*
 * offer_form.c - the offer form: which labels (French with or without
 * accents, English aliases) fill which field, which fields are required,
 * and the blank form sent back when something is missing.  Labels are
 * compared in the pipeline's normalised form: lower case, no accents,
 * every run of other characters as one '_'.
 */
#include "compat.h"

#include "offer.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define F(m) offsetof(struct offer_fields, m)

struct form_field {
	size_t off;
	const char *keys[10];	/* normalised labels and aliases */
	const char *fr, *en;	/* the label in the blank form */
	int required;		/* 2: the description or a PDF; -1: a structure's line, not in the blank form */
};

static const struct form_field fields[] = {
	{ F(title), { "intitule", "titre", "title", "job_title", "intitule_du_poste", "poste",
	    "offre", "offer" }, "Intitulé", "Title", 1 },
	{ F(siret), { "siret", "n_siret", "numero_siret", "siret_number" }, "SIRET", "SIRET", 0 },
	{ F(duration), { "duree", "duration", "duree_du_contrat", "contract_duration" },
	    "Durée", "Duration", 1 },
	{ F(positions), { "postes", "positions", "nombre_de_postes", "nb_postes",
	    "number_of_positions" }, "Postes", "Positions", 0 },
	{ F(formations), { "formations", "formation", "training", "trainings", "diplomes" },
	    "Formations", "Formations", 0 },
	{ F(skills), { "competences", "skills", "competence" }, "Compétences", "Skills", 0 },
	{ F(location), { "lieu", "location", "lieu_de_travail", "ville", "city" },
	    "Lieu", "Location", 1 },
	{ F(contract_type), { "type_de_contrat", "contrat", "contract", "contract_type" },
	    "Type de contrat", "Contract type", 0 },
	{ F(sector), { "secteur", "sector", "secteur_d_activite" }, "Secteur", "Sector", 0 },
	{ F(mobility), { "mobilite", "mobility" }, "Mobilité", "Mobility", 0 },
	{ F(languages), { "langues", "langue", "languages", "language" }, "Langues", "Languages", 0 },
	{ F(seniority), { "anciennete", "seniority", "experience" }, "Ancienneté", "Seniority", 0 },
	{ F(missions), { "missions", "activites", "activities", "mission" },
	    "Missions", "Missions", 0 },
	{ F(description), { "descriptif", "description", "description_du_poste" },
	    "Descriptif", "Description", 2 },
	{ F(expires), { "expiration", "expiry", "expires", "date_d_expiration" },
	    "Expiration", "Expiry", 0 },
	{ F(handicap), { "handicap", "handicap_commitment", "engagement_handicap" },
	    "Handicap", "Disability commitment", 0 },
	{ F(one_click), { "candidature_en_un_clic", "one_click", "candidature_un_clic" },
	    "Candidature en un clic", "One-click applications", 0 },
	/* "Company" and "Raison sociale" reach here as "entreprise" (command.c's aliases) */
	{ F(partner), { "entreprise", "entreprise_partenaire", "partenaire", "partner",
	    "partner_company" }, "Entreprise", "Company", -1 },
	{ F(share), { "partage", "partager", "share", "shared", "sharing" },
	    "Partage", "Sharing", -1 },
	{ F(contact), { "contact", "contact_partenaire", "contact_entreprise", "partner_contact" },
	    "Contact", "Contact", -1 },
};

static char **
slot(struct offer_fields *f, const struct form_field *ff)
{
	return (char **)((char *)f + ff->off);
}

static const char *
cslot(const struct offer_fields *f, const struct form_field *ff)
{
	return *(char *const *)((const char *)f + ff->off);
}

void
offer_fields_init(struct offer_fields *f)
{
	memset(f, 0, sizeof(*f));
}

void
offer_fields_release(struct offer_fields *f)
{
	for (size_t i = 0; i < N(fields); i++)
		FREE_AND_NULL(*slot(f, &fields[i]));
}

size_t
offer_fields_count(const struct offer_fields *f)
{
	size_t n = 0;

	for (size_t i = 0; i < N(fields); i++)
		n += cslot(f, &fields[i]) != NULL;
	return n;
}

/* find_field - the field of a normalised key, or NULL */
static const struct form_field *
find_field(const char *key)
{
	for (size_t i = 0; i < N(fields); i++)
		for (size_t k = 0; k < N(fields[i].keys) && fields[i].keys[k]; k++)
			if (strcmp(key, fields[i].keys[k]) == 0)
				return &fields[i];
	return NULL;
}

int
offer_fields_set(struct offer_fields *f, const char *key, const char *value)
{
	const struct form_field *ff = find_field(key);
	char **p;

	if (ff == NULL)
		return 0;
	p = slot(f, ff);
	free(*p);
	*p = xstrdup(value);
	str_trim(*p);
	if (**p == '\0')
		FREE_AND_NULL(*p);
	return 1;
}

char *
offer_form_key(const char *label)
{
	return text_key(label);
}

/* offer_fields_parse - "Label : value" lines; "- item" lines continue the last field */
size_t
offer_fields_parse(struct offer_fields *f, const char *text)
{
	char *copy = xstrdup(text), *line, *next, **open = NULL;
	size_t n = 0;

	for (line = copy; line; line = next) {
		char *colon, *key;

		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		str_trim(line);
		if (*line == '\0') {
			open = NULL;
			continue;
		}
		if ((colon = strchr(line, ':')) != NULL && colon - line < 60) {
			*colon = '\0';
			key = offer_form_key(line);
			if (offer_fields_set(f, key, colon + 1)) {
				n++;
				open = slot(f, find_field(key));
				free(key);
				continue;
			}
			free(key);
			*colon = ':';
		}
		if (open && (*line == '-' || *line == '*')) {
			char *v = xasprintf("%s%s%s", *open ? *open : "", *open ? "\n" : "", line);

			free(*open);
			*open = v;
		} else
			open = NULL;
	}
	free(copy);
	return n;
}

char *
offer_fields_missing(const struct offer_fields *f, int has_pdf, const char *locale)
{
	struct strbuf sb = STRBUF_INIT;
	int en = locale_is_en(locale);

	for (size_t i = 0; i < N(fields); i++) {
		const struct form_field *ff = &fields[i];

		if (ff->required <= 0 || cslot(f, ff) != NULL)
			continue;
		if (ff->required == 2 && (has_pdf || f->missions != NULL))
			continue;
		if (sb.len)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, en ? ff->en : ff->fr);
	}
	return sb.len ? strbuf_detach(&sb, NULL) : NULL;
}

char *
offer_form_filled(const struct offer_fields *f, const char *locale)
{
	struct strbuf sb = STRBUF_INIT;
	int en = locale_is_en(locale);

	for (size_t i = 0; i < N(fields); i++) {
		const char *v = cslot(f, &fields[i]);

		if (fields[i].required < 0 && v == NULL)
			continue;	/* a structure's line, shown when given */
		/* a list ("- item" lines) starts under its label, as people write it */
		strbuf_addf(&sb, "%s :%s%s\n", en ? fields[i].en : fields[i].fr,
		    v == NULL || *v == '\0' ? "" : strchr(v, '\n') ? "\n" : " ", v ? v : "");
	}
	return strbuf_detach(&sb, NULL);
}

const char *
offer_form_blank(const char *locale)
{
	static char *blank[2];
	int en = locale_is_en(locale);

	if (blank[en] == NULL) {
		struct offer_fields none;

		offer_fields_init(&none);
		blank[en] = offer_form_filled(&none, locale);
	}
	return blank[en];
}
