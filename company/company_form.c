/*
 * company_form.c - the company form, as sent to inscription@ or given on
 * the command line: which labels (French, English and variants) fill which
 * field, and which fields are required.
 */
#include "compat.h"

#include <stddef.h>

#include "company.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define F(m) offsetof(struct company_fields, m)

static const struct {
	size_t off;
	const char *keys[6];
	const char *fr, *en;
	int required;
} fields[] = {
	{ F(name), { "raison_sociale", "entreprise", "societe", "company", "company_name" },
	    "Raison sociale", "Company name", 1 },
	{ F(siret), { "siret", "n_siret", "numero_siret", "siret_number" }, "SIRET", "SIRET", 1 },
	{ F(sector), { "secteur", "sector", "secteur_d_activite" }, "Secteur", "Sector", 0 },
	{ F(headcount), { "effectif", "headcount", "employees", "taille" }, "Effectif", "Headcount", 0 },
	{ F(address), { "adresse", "address" }, "Adresse", "Address", 1 },
	{ F(postal_code), { "code_postal", "postal_code", "zip", "zip_code", "cp" },
	    "Code postal", "Postal code", 1 },
	{ F(city), { "ville", "city", "commune" }, "Ville", "City", 1 },
	{ F(country), { "pays", "country" }, "Pays", "Country", 0 },
	{ F(last_name), { "nom", "last_name", "lastname", "surname", "family_name" },
	    "Nom", "Last name", 1 },
	{ F(first_name), { "prenom", "first_name", "firstname", "given_name" },
	    "Prénom", "First name", 1 },
	{ F(phone), { "telephone", "phone", "tel", "portable", "mobile" }, "Téléphone", "Phone", 0 },
};

void
company_fields_init(struct company_fields *f)
{
	memset(f, 0, sizeof(*f));
}

void
company_fields_release(struct company_fields *f)
{
	for (size_t i = 0; i < N(fields); i++)
		FREE_AND_NULL(*(char **)((char *)f + fields[i].off));
}

void
company_fields_copy(struct company_fields *dst, const struct company_fields *src)
{
	company_fields_init(dst);
	for (size_t i = 0; i < N(fields); i++) {
		const char *v = *(char *const *)((const char *)src + fields[i].off);

		*(char **)((char *)dst + fields[i].off) = v ? xstrdup(v) : NULL;
	}
}

int
company_fields_set(struct company_fields *f, const char *key, const char *value)
{
	for (size_t i = 0; i < N(fields); i++)
		for (size_t k = 0; k < N(fields[i].keys) && fields[i].keys[k]; k++)
			if (strcmp(key, fields[i].keys[k]) == 0) {
				char **p = (char **)((char *)f + fields[i].off);

				free(*p);
				*p = str_trim(xstrdup(value));
				if (**p == '\0')
					FREE_AND_NULL(*p);
				return 1;
			}
	return 0;
}

char *
company_fields_missing(const struct company_fields *f, const char *locale)
{
	struct strbuf sb = STRBUF_INIT;
	int en = locale_is_en(locale);

	for (size_t i = 0; i < N(fields); i++)
		if (fields[i].required && *(char *const *)((const char *)f + fields[i].off) == NULL)
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", en ? fields[i].en : fields[i].fr);
	return sb.len ? strbuf_detach(&sb, NULL) : NULL;
}
