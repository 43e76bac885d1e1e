/*
 * recommend_signup.c - the search criteria on the student's signup form:
 * the same criteria as the PROFIL reply (sector, skills, contract, place,
 * mobility, languages, availability) and what employers may see of the
 * profile, all optional, stored in the signup's transaction.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "module.h"
#include "recommend.h"
#include "recommend_mail.h"
#include "strbuf.h"
#include "util.h"

static int
store_criterion(struct altc *ctx, int64_t user_id, const char *key, const char *value,
    char **errstr_r)
{
	return recommend_profile_set(ctx, user_id, key, value, errstr_r) < 0 ? -1 : 0;
}

/* value_of - a student's value of one criterion, as typed */
static char *
value_of(struct altc *ctx, int64_t user_id, const char *criterion)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT group_concat(x.value, ', ')"
	    " FROM student_criteria x JOIN criteria c ON c.id = x.criterion_id"
	    " WHERE x.student_id = ?1 AND c.name = ?2");
	char *v = NULL;

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, criterion);
	if (db_step(ctx->db, st, NULL) == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return v;
}

#define CRITERION(fn, key, name) \
static int \
store_##fn(struct altc *ctx, int64_t user_id, const char *value, char **errstr_r) \
{ \
	return store_criterion(ctx, user_id, key, value, errstr_r); \
} \
static char * \
value_##fn(struct altc *ctx, int64_t user_id, const char *locale) \
{ \
	(void)locale; \
	return value_of(ctx, user_id, name); \
}

CRITERION(sector, "secteur", "sector")
CRITERION(skills, "competences", "skills")
CRITERION(contract, "type_de_contrat", "contract")
CRITERION(location, "lieu", "location")
CRITERION(mobility, "mobilite", "mobility")
CRITERION(languages, "langues", "languages")
CRITERION(availability, "disponibilite", "availability")

static char *
check_mobility(const char *value, const char *locale)
{
	if (*value == '\0' || rec_norm_mobility(value) >= 0)
		return NULL;
	return xstrdup(locale_is_en(locale) ?
	    "Write local, departmental, regional or national." :
	    "Écrivez locale, départementale, régionale ou nationale.");
}

static char *
check_show(const char *value, const char *locale)
{
	unsigned mask;
	char *bad, *msg;

	if (*value == '\0' || rec_show_parse(value, &mask, &bad) == 0)
		return NULL;
	msg = locale_is_en(locale) ?
	    xasprintf("“%s” is not understood: write for example first name, programme, skills,"
	    " languages, place, availability, or all, or nothing.", bad) :
	    xasprintf("« %s » n’est pas compris : écrivez par exemple prénom, formation,"
	    " compétences, langues, lieu, disponibilité, ou tout, ou rien.", bad);
	free(bad);
	return msg;
}

static int
store_show(struct altc *ctx, int64_t user_id, const char *value, char **errstr_r)
{
	unsigned mask;
	char *bad;

	if (rec_show_parse(value, &mask, &bad) < 0) {	/* checked before: cannot happen */
		*errstr_r = xasprintf("what employers may see: '%s' is not understood", bad);
		free(bad);
		return -1;
	}
	return rec_show_set(ctx, user_id, mask, errstr_r);
}

static char *
value_show(struct altc *ctx, int64_t user_id, const char *locale)
{
	struct strbuf b = STRBUF_INIT;
	unsigned mask;
	char *e = NULL;

	if (rec_show_get(ctx, user_id, &mask, &e) < 0) {
		free(e);
		mask = REC_SHOW_DEFAULT;
	}
	if (mask == 0)
		strbuf_addstr(&b, locale_is_en(locale) ? "nothing" : "rien");
	else
		rec_show_labels(mask, locale, &b);
	return strbuf_detach(&b, NULL);
}

static char *
check_disability(const char *value, const char *locale)
{
	const char *status;

	if (*value == '\0' || rec_disability_parse("rqth", value, &status) == 0)
		return NULL;
	return xstrdup(locale_is_en(locale) ? "Write RQTH, OETH or no." :
	    "Écrivez RQTH, OETH ou non.");
}

static int
store_disability(struct altc *ctx, int64_t user_id, const char *value, char **errstr_r)
{
	const char *status;

	if (rec_disability_parse("rqth", value, &status) < 0)
		status = NULL;		/* checked before */
	return rec_disability_set(ctx, user_id, status, errstr_r);
}

static char *
value_disability(struct altc *ctx, int64_t user_id, const char *locale)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT upper(disability) FROM users WHERE id = ?");
	char *v = NULL;

	(void)locale;
	db_bind_int(st, 1, user_id);
	if (db_step(ctx->db, st, NULL) == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return v;
}

const struct profile_field recommend_signup_fields[] = {
	{ "secteur", { "Secteurs recherchés", "Sectors you are looking for" },
	  { "Exemple : comptabilité, ressources humaines.", "Example: accounting, human resources." },
	  NULL, store_sector, value_sector },
	{ "competences", { "Compétences", "Skills" },
	  { "Exemple : Excel, SAP, paie.", "Example: Excel, SAP, payroll." },
	  NULL, store_skills, value_skills },
	{ "type_de_contrat", { "Type de contrat", "Contract type" },
	  { "Apprentissage ou professionnalisation.", "Apprenticeship or professionalisation." },
	  NULL, store_contract, value_contract },
	{ "lieu", { "Lieu", "Place" },
	  { "Commune ou code postal, ex. 74000 Annecy.", "Town or postcode, e.g. 74000 Annecy." },
	  NULL, store_location, value_location },
	{ "mobilite", { "Mobilité", "Mobility" },
	  { "Locale, départementale, régionale ou nationale.",
	    "Local, departmental, regional or national." },
	  check_mobility, store_mobility, value_mobility },
	{ "langues", { "Langues", "Languages" },
	  { "Exemple : anglais, espagnol.", "Example: English, Spanish." },
	  NULL, store_languages, value_languages },
	{ "disponibilite", { "Disponibilité", "Availability" },
	  { "Exemple : septembre 2027.", "Example: September 2027." },
	  NULL, store_availability, value_availability },
	{ "montrer", { "Ce que les employeurs voient de votre profil",
	    "What employers see of your profile" },
	  { "Quand votre profil correspond à une offre : prénom, nom, formation, compétences,"
	    " langues, lieu, disponibilité, ou tout, ou rien. Jamais votre adresse.",
	    "When your profile matches an offer: first name, last name, programme, skills,"
	    " languages, place, availability, or all, or nothing. Never your address." },
	  check_show, store_show, value_show },
	{ "rqth", { "RQTH ou OETH", "RQTH or OETH" },
	  { "Facultatif : RQTH, OETH ou non. Donnée de santé : montrée aux employeurs seulement"
	    " si vous ajoutez « RQTH » à ce qu’ils voient.",
	    "Optional: RQTH, OETH or no. Health data: shown to employers only if you add"
	    " \"RQTH\" to what they see." },
	  check_disability, store_disability, value_disability },
	{ NULL, { NULL, NULL }, { NULL, NULL }, NULL, NULL, NULL }
};
