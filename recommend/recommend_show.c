/*
 * recommend_show.c - what a reader sees of a recommendation: the matched
 * criteria in the reader's language, and, for an employer, only what the
 * student agreed to show.  The model stores the matched criteria one per
 * line as "criterion=value" (values of the synonym table carry their
 * English after a '|'); this file turns them into "formation, Excel,
 * anglais" or "programme, Excel, English".
 *
 * A student chooses what employers see of their profile (users.profile_show,
 * a list of field names; NULL is REC_SHOW_DEFAULT, "none" keeps them out of
 * the employers' matching profiles altogether).
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "recommend.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

static const struct {
	unsigned bit;
	const char *name;		/* as stored */
	const char *label[2];		/* as shown: French, English */
	const char *words;		/* spellings read, folded, '/' separated */
} fields[] = {
	{ REC_SHOW_FIRST_NAME, "first_name", { "prénom", "first name" },
	  "/prenom/prenoms/first name/firstname/given name/" },
	{ REC_SHOW_LAST_NAME, "last_name", { "nom", "last name" },
	  "/nom/nom de famille/last name/lastname/surname/family name/name/" },
	{ REC_SHOW_FORMATION, "formation", { "formation", "programme" },
	  "/formation/formations/diplome/programme/program/course/" },
	{ REC_SHOW_SKILLS, "skills", { "compétences", "skills" },
	  "/competences/competence/skills/skill/" },
	{ REC_SHOW_LANGUAGES, "languages", { "langues", "languages" },
	  "/langues/langue/languages/language/" },
	{ REC_SHOW_PLACE, "place", { "lieu", "place" },
	  "/lieu/ville/commune/localisation/location/place/city/town/" },
	{ REC_SHOW_AVAILABILITY, "availability", { "disponibilité", "availability" },
	  "/disponibilite/disponibilites/dispo/availability/" },
	{ REC_SHOW_CV, "cv", { "CV", "CV" },
	  "/cv/curriculum/curriculum vitae/resume/mon cv/" },
	{ REC_SHOW_DISABILITY, "disability", { "statut RQTH/OETH", "RQTH/OETH status" },
	  "/rqth/oeth/handicap/statut handicap/statut rqth/disability/disability status/" },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

/* word_in - whether the folded word w is one of the '/' separated words */
static int
word_in(const char *w, const char *words)
{
	size_t n = strlen(w);
	const char *p = words;

	while ((p = strstr(p, w)) != NULL) {
		if (p > words && p[-1] == '/' && p[n] == '/')
			return 1;
		p++;
	}
	return 0;
}

int
rec_show_parse(const char *text, unsigned *mask_r, char **bad_r)
{
	static const char *const none = "/rien/aucun/aucune/personne/non/none/nothing/no/";
	static const char *const all = "/tout/toutes/tous/all/everything/oui/yes/";
	struct strbuf f = STRBUF_INIT;
	char *p, *item, *next;
	unsigned mask = 0;
	int said_none = 0, n = 0;

	*bad_r = NULL;
	text_fold(&f, text ? text : "", text ? strlen(text) : 0, 0);
	/* "prénom, formation et compétences": "et", "and" separate items too */
	for (p = f.buf; (p = strstr(p, " et ")) != NULL || (p = strstr(f.buf, " and ")) != NULL; )
		memset(p, ',', p[1] == 'e' ? 4 : 5);
	for (item = f.buf; item; item = next) {
		if ((next = item + strcspn(item, ",;/+\n")) && *next)
			*next++ = '\0';
		else
			next = NULL;
		str_trim(item);
		if (*item == '\0')
			continue;
		n++;
		if (word_in(item, none))
			said_none = 1;
		else if (word_in(item, all))
			mask |= REC_SHOW_ALL;
		else {
			size_t i;

			for (i = 0; i < NFIELDS && !word_in(item, fields[i].words); i++)
				;
			if (i == NFIELDS) {
				*bad_r = xstrdup(item);
				strbuf_release(&f);
				return -1;
			}
			mask |= fields[i].bit;
		}
	}
	strbuf_release(&f);
	if (n == 0) {
		*bad_r = xstrdup("");
		return -1;
	}
	/* "rien" alone hides everything; beside fields it is noise */
	*mask_r = said_none && mask == 0 ? 0 : mask;
	return 0;
}

void
rec_show_store(unsigned mask, struct strbuf *out)
{
	if (mask == 0) {
		strbuf_addstr(out, "none");
		return;
	}
	for (size_t i = 0; i < NFIELDS; i++)
		if (mask & fields[i].bit)
			strbuf_addf(out, "%s%s", out->len ? "," : "", fields[i].name);
}

unsigned
rec_show_read(const char *stored)
{
	unsigned mask = 0;
	const char *p = stored;

	if (stored == NULL || *stored == '\0')
		return REC_SHOW_DEFAULT;
	if (strcmp(stored, "none") == 0)
		return 0;
	while (*p) {
		size_t len = strcspn(p, ",");

		for (size_t i = 0; i < NFIELDS; i++)
			if (strlen(fields[i].name) == len && strncmp(p, fields[i].name, len) == 0)
				mask |= fields[i].bit;
		p += len;
		if (*p == ',')
			p++;
	}
	return mask;
}

void
rec_show_labels(unsigned mask, const char *locale, struct strbuf *out)
{
	int en = locale_is_en(locale);
	size_t start = out->len;

	if (mask == 0) {
		strbuf_addstr(out, en ? "nothing (you are not proposed to employers)" :
		    "rien (vous n’êtes pas proposé aux employeurs)");
		return;
	}
	for (size_t i = 0; i < NFIELDS; i++)
		if (mask & fields[i].bit)
			strbuf_addf(out, "%s%s", out->len > start ? ", " : "", fields[i].label[en]);
}

int
rec_show_get(struct altc *ctx, int64_t student_id, unsigned *mask_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT profile_show FROM users WHERE id = ?");
	int rc;

	db_bind_int(st, 1, student_id);
	rc = db_step(ctx->db, st, errstr_r);
	*mask_r = rc == 1 ? rec_show_read(sqlite3_column_type(st, 0) == SQLITE_NULL ? NULL :
	    db_col_text(st, 0)) : REC_SHOW_DEFAULT;
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

int
rec_show_set(struct altc *ctx, int64_t student_id, unsigned mask, char **errstr_r)
{
	struct strbuf b = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	rec_show_store(mask, &b);
	st = db_prepare(ctx->db, "UPDATE users SET profile_show = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND role = 'student'");
	db_bind_int(st, 1, student_id);
	db_bind_text(st, 2, b.buf);
	db_bind_int(st, 3, now_epoch());
	rc = db_done(ctx->db, st, errstr_r);
	strbuf_release(&b);
	return rc < 0 ? -1 : 0;
}

/* which field of the profile an employer must be shown to see a criterion matched */
static unsigned
needs(const char *crit, size_t len)
{
	static const struct { const char *crit; unsigned bit; } v[] = {
		{ "skills", REC_SHOW_SKILLS }, { "languages", REC_SHOW_LANGUAGES },
		{ "location", REC_SHOW_PLACE }, { "availability", REC_SHOW_AVAILABILITY },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strlen(v[i].crit) == len && strncmp(crit, v[i].crit, len) == 0)
			return v[i].bit;
	return 0;
}

void
rec_matched_render(const char *stored, const char *locale, unsigned show, struct strbuf *out)
{
	static const char *const mob[2][4] = {
		{ "mobilité locale", "mobilité départementale", "mobilité régionale",
		  "mobilité nationale" },
		{ "local mobility", "mobility within the département", "regional mobility",
		  "national mobility" },
	};
	int en = locale_is_en(locale);
	const char *p = stored ? stored : "";
	size_t start = out->len;

	while (*p) {
		size_t len = strcspn(p, "\n"), clen;
		const char *eq = memchr(p, '=', len), *v;
		size_t vlen;

		clen = eq ? (size_t)(eq - p) : len;
		v = eq ? eq + 1 : p;
		vlen = eq ? len - clen - 1 : len;
		if (needs(p, clen) & ~show) {
			p += len;
			if (*p)
				p++;
			continue;
		}
		if (out->len > start)
			strbuf_addstr(out, ", ");
		if (clen == 9 && strncmp(p, "formation", 9) == 0 && eq == NULL)
			strbuf_addstr(out, en ? "programme" : "formation");
		else if (clen == 8 && strncmp(p, "mobility", 8) == 0 && vlen == 1 &&
		    *v >= '0' && *v <= '3')
			strbuf_addstr(out, mob[en][*v - '0']);
		else if (clen == 8 && strncmp(p, "location", 8) == 0)
			strbuf_add(out, v, vlen);	/* a place name: its own spelling */
		else {
			/* "anglais|English": the reader's language when there is one */
			const char *bar = memchr(v, '|', vlen);

			if (bar && en)
				strbuf_add(out, bar + 1, vlen - (size_t)(bar + 1 - v));
			else
				strbuf_add(out, v, bar ? (size_t)(bar - v) : vlen);
		}
		p += len;
		if (*p)
			p++;
	}
}

int
recommend_show_key(const char *key)
{
	/* "Montrer :", "Visible par les employeurs :", "Afficher :", "Show:", "Visibility:" */
	static const char *const prefixes[] = { "montrer", "visible", "visibilite", "afficher",
	    "ce_que_voient", "ce_que_les_employeurs", "show", "visibility", "what_employers" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(key, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

int
rec_disability_key(const char *key)
{
	static const char *const keys[] = { "rqth", "oeth", "handicap", "statut_handicap",
	    "statut_rqth", "reconnaissance_travailleur_handicape", "disability",
	    "disability_status" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

int
rec_disability_parse(const char *key, const char *value, const char **status_r)
{
	struct strbuf f = STRBUF_INIT;
	int rc = 0;

	text_fold(&f, value ? value : "", value ? strlen(value) : 0, 0);
	str_trim(f.buf);
	*status_r = NULL;
	if (strstr(f.buf, "oeth"))
		*status_r = "oeth";
	else if (strstr(f.buf, "rqth"))
		*status_r = "rqth";
	else if (strcmp(f.buf, "oui") == 0 || strcmp(f.buf, "yes") == 0 || strcmp(f.buf, "o") == 0 ||
	    strcmp(f.buf, "y") == 0)
		*status_r = strcmp(key, "oeth") == 0 ? "oeth" : "rqth";
	else if (!(strcmp(f.buf, "non") == 0 || strcmp(f.buf, "no") == 0 ||
	    strcmp(f.buf, "aucun") == 0 || strcmp(f.buf, "none") == 0 || *f.buf == '\0' ||
	    strcmp(f.buf, "n") == 0))
		rc = -1;
	strbuf_release(&f);
	return rc;
}

int
rec_disability_set(struct altc *ctx, int64_t student_id, const char *status, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE users SET disability = ?2, updated_at = ?3"
	    " WHERE id = ?1 AND role = 'student'");

	db_bind_int(st, 1, student_id);
	db_bind_text(st, 2, status);
	db_bind_int(st, 3, now_epoch());
	return db_done(ctx->db, st, errstr_r) < 0 ? -1 : 0;
}

const char *
rec_disability_label(const char *status, const char *locale)
{
	int en = locale_is_en(locale);

	if (status == NULL || *status == '\0')
		return NULL;
	if (strcmp(status, "oeth") == 0)
		return en ? "eligible for the employment obligation for disabled workers (OETH)" :
		    "bénéficiaire de l’obligation d’emploi des travailleurs handicapés (OETH)";
	return en ? "recognised as a disabled worker (RQTH)" :
	    "reconnaissance de la qualité de travailleur handicapé (RQTH)";
}

void
rec_profile_summary(const struct rec_profile *p, unsigned show, const char *locale,
    struct strbuf *out)
{
	const struct { const char *v; unsigned bit; const char *label[2]; } parts[] = {
		{ p->sector, 0, { "secteur : ", "sector: " } },
		{ p->skills, REC_SHOW_SKILLS, { "compétences : ", "skills: " } },
		{ p->languages, REC_SHOW_LANGUAGES, { "langues : ", "languages: " } },
		{ p->place, REC_SHOW_PLACE, { "lieu : ", "place: " } },
		{ p->mobility, REC_SHOW_PLACE, { "mobilité : ", "mobility: " } },
		{ p->contract, 0, { "contrat : ", "contract: " } },
		{ p->availability, REC_SHOW_AVAILABILITY, { "disponibilité : ", "availability: " } },
	};
	int en = locale_is_en(locale);
	size_t start = out->len;

	if ((show & REC_SHOW_FIRST_NAME) && p->first_name && *p->first_name)
		strbuf_addstr(out, p->first_name);
	if ((show & REC_SHOW_LAST_NAME) && p->last_name && *p->last_name)
		strbuf_addf(out, "%s%s", out->len > start ? " " : "", p->last_name);
	if ((show & REC_SHOW_FORMATION) && p->formation && *p->formation)
		strbuf_addf(out, "%s%s", out->len > start ? ", " : "", p->formation);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (parts[i].v && *parts[i].v && (parts[i].bit == 0 || (show & parts[i].bit)))
			strbuf_addf(out, "%s%s%s", out->len > start ? " ; " : "",
			    parts[i].label[en], parts[i].v);
	if ((show & REC_SHOW_DISABILITY) && p->disability && *p->disability)
		strbuf_addf(out, "%s%s", out->len > start ? " ; " : "",
		    rec_disability_label(p->disability, locale));
}
