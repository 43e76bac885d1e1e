/*
 * mission.c - mission sheets: the form (its labels as people type them),
 * creation prefilled from what the platform knows, edits, submission and
 * the reviewer's decision.  Each change is one savepoint; the sheet's state
 * moves only through fsm_mission, whose notifications are queued by
 * mission_notify.c.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "formation_db.h"
#include "fsm.h"
#include "mission.h"
#include "mission_fsm.h"
#include "mission_int.h"
#include "siret.h"
#include "student_check.h"
#include "text.h"
#include "token.h"
#include "util.h"

/* the columns of table missions, in enum mission_field order */
static const char *const columns[MF_N] = {
	"company_name", "siret", "company_address", "tutor", "tutor_email", "contract_manager",
	"start_date", "end_date", "subject", "activities", "school_year", "promotion",
};

/* the statement writing each field (db_prepare caches by address: literals only) */
#define SET(c) "UPDATE missions SET " c " = nullif(?, ''), updated_at = ? WHERE id = ?"
static const char *const updates[MF_N] = {
	SET("company_name"), SET("siret"), SET("company_address"), SET("tutor"), SET("tutor_email"),
	SET("contract_manager"), SET("start_date"), SET("end_date"), SET("subject"),
	SET("activities"), SET("school_year"), SET("promotion"),
};

static const struct {
	const char *fr, *en;
	const char *keys[6];	/* normalised form keys (command_form_key) */
	int required;
} fields[MF_N] = {
	[MF_COMPANY] = { "Entreprise", "Company",
	    { "entreprise", "nom_de_l_entreprise", "employeur", "employer" }, 1 },
	[MF_SIRET] = { "SIRET", "SIRET", { "siret", "n_de_siret", "numero_de_siret" }, 1 },
	[MF_ADDRESS] = { "Adresse", "Address",
	    { "adresse", "adresse_de_l_entreprise", "lieu_de_la_mission", "company_address" }, 1 },
	[MF_TUTOR] = { "Maître d'apprentissage", "Apprenticeship tutor",
	    { "tuteur", "nom_du_maitre_d_apprentissage", "maitre_d_apprentissage_nom",
	      "tuteur_entreprise", "apprenticeship_tutor" }, 1 },
	[MF_TUTOR_EMAIL] = { "E-mail du maître d'apprentissage", "Tutor's e-mail",
	    { "e_mail_du_maitre_d_apprentissage", "e_mail_du_tuteur", "email_du_tuteur",
	      "mail_du_tuteur", "courriel_du_maitre_d_apprentissage", "tutor_s_e_mail" }, 1 },
	[MF_MANAGER] = { "Responsable du contrat", "Contract manager",
	    { "responsable_contrat", "responsable_du_contrat", "gestionnaire_du_contrat",
	      "signataire_du_contrat" }, 0 },
	[MF_START] = { "Date de début", "Start date",
	    { "date_de_debut", "debut_du_contrat", "date_de_debut_du_contrat", "start" }, 1 },
	[MF_END] = { "Date de fin", "End date",
	    { "date_de_fin", "fin_du_contrat", "date_de_fin_du_contrat", "end" }, 1 },
	[MF_SUBJECT] = { "Sujet", "Subject",
	    { "sujet", "sujet_de_la_mission", "intitule_de_la_mission", "objet_de_la_mission" }, 1 },
	[MF_ACTIVITIES] = { "Activités", "Activities",
	    { "activites", "activites_confiees", "missions", "taches", "activites_principales" }, 1 },
	[MF_SCHOOL_YEAR] = { "Année scolaire", "School year",
	    { "annee_scolaire", "annee_universitaire", "school_year", "annee" }, 0 },
	[MF_PROMOTION] = { "Promotion", "Promotion", { "promotion", "promo", "class" }, 0 },
};

const char *
mission_field_column(enum mission_field i)
{
	return columns[i];
}

const char *
mission_field_label(enum mission_field i, const char *locale)
{
	return locale_is_en(locale) ? fields[i].en : fields[i].fr;
}

int
mission_field_required(enum mission_field i)
{
	return fields[i].required;
}

void
mission_fields_release(struct mission_fields *f)
{
	for (int i = 0; i < MF_N; i++)
		FREE_AND_NULL(f->v[i]);
}

int
mission_fields_set(struct mission_fields *f, const char *key, const char *value)
{
	for (int i = 0; i < MF_N; i++)
		for (int k = 0; k < 6 && fields[i].keys[k]; k++)
			if (strcmp(key, fields[i].keys[k]) == 0) {
				free(f->v[i]);
				f->v[i] = xstrdup(value ? value : "");
				return 1;
			}
	return 0;
}

/* iso_date - "14/01/2027", "14-01-2027" or "2027-01-14" into ISO; -1 if not a date */
static int
iso_date(const char *s, char iso[11])
{
	char buf[16];
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0') {
		(void)xsnprintf(buf, sizeof(buf), "%02d/%02d/%04d", d, m, y);
		return date_parse_fr(buf, iso);
	}
	(void)xstrlcpy(buf, s, sizeof(buf));
	for (char *p = buf; *p; p++)
		if (*p == '-' || *p == '.')
			*p = '/';
	return date_parse_fr(buf, iso);
}

/* check_values - dates and SIRET as stored (ISO dates, 14 digits); ACT_EINPUT with why */
static int
check_values(struct mission_fields *f, char **errstr_r)
{
	char iso[11], siret[SIRET_BUFSZ];

	for (int i = MF_START; i <= MF_END; i++) {
		if (f->v[i] == NULL || *str_trim(f->v[i]) == '\0')
			continue;
		if (iso_date(f->v[i], iso) < 0) {
			*errstr_r = xasprintf("%s '%s' is not a date (DD/MM/YYYY)",
			    i == MF_START ? "start date" : "end date", f->v[i]);
			return ACT_EINPUT;
		}
		free(f->v[i]);
		f->v[i] = xstrdup(iso);
	}
	if (f->v[MF_SIRET] && *f->v[MF_SIRET]) {
		if (siret_check(f->v[MF_SIRET], errstr_r) < 0)
			return ACT_EINPUT;
		(void)siret_normalize(f->v[MF_SIRET], siret);
		free(f->v[MF_SIRET]);
		f->v[MF_SIRET] = xstrdup(siret);
	}
	if (f->v[MF_TUTOR_EMAIL] && *f->v[MF_TUTOR_EMAIL] && !text_is_email(f->v[MF_TUTOR_EMAIL])) {
		*errstr_r = xasprintf("'%s' is not an e-mail address", f->v[MF_TUTOR_EMAIL]);
		return ACT_EINPUT;
	}
	return ACT_OK;
}

/* write_fields - the given fields over the sheet's; dates in order */
static int
write_fields(struct altc *ctx, int64_t id, struct mission_fields *f, char **errstr_r)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = check_values(f, errstr_r)) != ACT_OK)
		return rc;
	for (int i = 0; i < MF_N; i++) {
		if (f->v[i] == NULL)
			continue;
		st = db_prepare(ctx->db, updates[i]);
		db_bind_text(st, 1, f->v[i]);
		db_bind_int(st, 2, now_epoch());
		db_bind_int(st, 3, id);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return ACT_EDB;
	}
	/* a SIRET the platform knows ties the sheet to that company (and its referent) */
	st = db_prepare(ctx->db, "UPDATE missions SET company_id = (SELECT id FROM companies c"
	    " WHERE c.siret = missions.siret) WHERE id = ? AND siret IS NOT NULL"
	    " AND EXISTS (SELECT 1 FROM companies c WHERE c.siret = missions.siret)");
	db_bind_int(st, 1, id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return ACT_EDB;
	st = db_prepare(ctx->db, "SELECT start_date < end_date OR start_date IS NULL"
	    " OR end_date IS NULL FROM missions WHERE id = ?");
	db_bind_int(st, 1, id);
	rc = db_step(ctx->db, st, errstr_r) == 1 && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!rc) {
		*errstr_r = xstrdup("the end date is not after the start date");
		return ACT_EINPUT;
	}
	return ACT_OK;
}

/* prefill - what the application, the offer, its company and the formation already say */
static int
prefill(struct altc *ctx, int64_t id, char **errstr_r)
{
	static const char *const sql[] = {
		/* the offer of the application */
		"UPDATE missions SET offer_id = (SELECT offer_id FROM applications a"
		" WHERE a.id = missions.application_id) WHERE id = ?1 AND offer_id IS NULL"
		" AND application_id IS NOT NULL",
		/* the offer: its company, title and activities */
		"UPDATE missions SET company_id = coalesce(missions.company_id, o.company_id),"
		" subject = coalesce(missions.subject, o.title),"
		" activities = coalesce(missions.activities, o.missions)"
		" FROM offers o WHERE o.id = missions.offer_id AND missions.id = ?1",
		/* the company: name, SIRET, address */
		"UPDATE missions SET company_name = coalesce(missions.company_name, c.name),"
		" siret = coalesce(missions.siret, c.siret),"
		" company_address = coalesce(missions.company_address,"
		"  nullif(trim(coalesce(c.address, '') || ', ' || coalesce(c.postal_code, '') || ' '"
		"  || coalesce(c.city, ''), ', '), ','))"
		" FROM companies c WHERE c.id = missions.company_id AND missions.id = ?1",
		/* the formation: the student's latest when none is given */
		"UPDATE missions SET formation_id = (SELECT sf.formation_id FROM student_formations sf"
		" WHERE sf.student_id = missions.student_id ORDER BY sf.rowid DESC LIMIT 1)"
		" WHERE id = ?1 AND formation_id IS NULL",
		"UPDATE missions SET school_year = coalesce(missions.school_year, f.school_year),"
		" promotion = coalesce(missions.promotion, f.promotion)"
		" FROM formations f WHERE f.id = missions.formation_id AND missions.id = ?1",
	};

	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		sqlite3_stmt *st = db_prepare(ctx->db, sql[i]);

		db_bind_int(st, 1, id);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return -1;
	}
	return 0;
}

/* school_year - "2026-2027" for a sheet that starts in that year (September on) */
static void
default_school_year(struct altc *ctx, int64_t id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE missions SET school_year = CASE WHEN CAST(strftime('%m', start_date) AS INT) >= 8"
	    " THEN strftime('%Y', start_date) || '-' || (CAST(strftime('%Y', start_date) AS INT) + 1)"
	    " ELSE (CAST(strftime('%Y', start_date) AS INT) - 1) || '-' || strftime('%Y', start_date)"
	    " END WHERE id = ? AND school_year IS NULL AND start_date IS NOT NULL");

	db_bind_int(st, 1, id);
	(void)db_done(ctx->db, st, NULL);
}

int
mission_create(struct altc *ctx, const struct mission_origin *o, const struct mission_fields *f,
    int64_t *id_r, char **errstr_r)
{
	struct mission_fields copy = { 0 };
	sqlite3_stmt *st;
	int64_t now = now_epoch(), company = 0;
	int rc = ACT_EDB;

	st = db_prepare(ctx->db, "SELECT count(*) FROM users WHERE id = ? AND role = 'student'");
	db_bind_int(st, 1, o->student_id);
	rc = db_step(ctx->db, st, errstr_r) == 1 ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	if (rc <= 0) {
		if (rc == 0)
			*errstr_r = xasprintf("user %lld is not a student", (long long)o->student_id);
		return rc == 0 ? ACT_ENOTFOUND : ACT_EDB;
	}
	if (o->application_id) {
		int64_t have = mission_of_application(ctx, o->application_id, errstr_r);

		if (have != 0) {
			if (have > 0)
				*errstr_r = xasprintf("application %lld already has mission sheet %lld",
				    (long long)o->application_id, (long long)have);
			return have > 0 ? ACT_ESTATE : ACT_EDB;
		}
	}
	if (o->author_id) {
		st = db_prepare(ctx->db, "SELECT coalesce(company_id, 0) FROM users WHERE id = ?");
		db_bind_int(st, 1, o->author_id);
		if (db_step(ctx->db, st, NULL) == 1)
			company = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if (db_savepoint(ctx->db, "mission_create") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	rc = ACT_EDB;	/* it held the student count */
	st = db_prepare(ctx->db,
	    "INSERT INTO missions (application_id, offer_id, student_id, author_id, company_id,"
	    " formation_id, state, created_at, updated_at)"
	    " VALUES (nullif(?1, 0), nullif(?2, 0), ?3, nullif(?4, 0), nullif(?5, 0), nullif(?6, 0),"
	    " 'draft', ?7, ?7)");
	db_bind_int(st, 1, o->application_id);
	db_bind_int(st, 2, o->offer_id);
	db_bind_int(st, 3, o->student_id);
	db_bind_int(st, 4, o->author_id);
	db_bind_int(st, 5, company);
	db_bind_int(st, 6, o->formation_id);
	db_bind_int(st, 7, now);
	if (db_done(ctx->db, st, errstr_r) < 0)
		goto fail;
	*id_r = sqlite3_last_insert_rowid(ctx->db->h);
	for (int i = 0; f && i < MF_N; i++)
		copy.v[i] = f->v[i] ? xstrdup(f->v[i]) : NULL;
	if ((rc = write_fields(ctx, *id_r, &copy, errstr_r)) != ACT_OK)
		goto fail;
	rc = ACT_EDB;
	if (prefill(ctx, *id_r, errstr_r) < 0)
		goto fail;
	default_school_year(ctx, *id_r);
	if (db_audit(ctx->db, o->author_id ? db_actor(ctx->db, o->author_id) : NULL, "mission",
	    *id_r, NULL, "create", "draft", o->application_id ? "from an application" :
	    o->offer_id ? "from an offer" : "off-platform") < 0 ||
	    mission_notify_draft(ctx, *id_r, o->author_id, o->application_id != 0, errstr_r) < 0)
		goto fail;
	mission_fields_release(&copy);
	return db_release(ctx->db, "mission_create") < 0 ? ACT_EDB : ACT_OK;
fail:
	mission_fields_release(&copy);
	db_rollback_to(ctx->db, "mission_create");
	return rc;
}

int
mission_may_edit(struct altc *ctx, int64_t id, int64_t user_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM missions m WHERE m.id = ?1 AND (m.author_id = ?2 OR m.student_id = ?2"
	    " OR m.company_id = (SELECT company_id FROM users WHERE id = ?2))");
	int ok;

	db_bind_int(st, 1, id);
	db_bind_int(st, 2, user_id);
	ok = db_step(ctx->db, st, NULL) == 1;
	sqlite3_reset(st);
	return ok;
}

/* load_state - the sheet's state into buf; ACT_ENOTFOUND when no such sheet */
static int
load_state(struct altc *ctx, int64_t id, char buf[16], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT state FROM missions WHERE id = ?");
	int rc;

	db_bind_int(st, 1, id);
	rc = db_step(ctx->db, st, errstr_r);
	if (rc == 1)
		(void)xstrlcpy(buf, db_col_text(st, 0), 16);
	sqlite3_reset(st);
	if (rc == 0)
		*errstr_r = xasprintf("no mission sheet %lld", (long long)id);
	return rc == 1 ? ACT_OK : rc == 0 ? ACT_ENOTFOUND : ACT_EDB;
}

int
mission_edit(struct altc *ctx, int64_t id, int64_t actor_id, const struct mission_fields *f,
    char **errstr_r)
{
	struct mission_fields copy = { 0 };
	char state[16];
	int rc, n = 0;

	if ((rc = load_state(ctx, id, state, errstr_r)) != ACT_OK)
		return rc;
	if (!mission_may_edit(ctx, id, actor_id)) {
		*errstr_r = xasprintf("user %lld may not edit mission sheet %lld", (long long)actor_id,
		    (long long)id);
		return ACT_EDENIED;
	}
	if (strcmp(state, "draft") != 0 && strcmp(state, "rejected") != 0) {
		*errstr_r = xasprintf("the mission sheet is already %s", state);
		return ACT_ESTATE;
	}
	for (int i = 0; i < MF_N; i++)
		if (f->v[i]) {
			copy.v[i] = xstrdup(f->v[i]);
			n++;
		}
	if (n == 0) {
		*errstr_r = xstrdup("no field to change");
		return ACT_EINPUT;
	}
	if (db_savepoint(ctx->db, "mission_edit") < 0) {
		mission_fields_release(&copy);
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	if ((rc = write_fields(ctx, id, &copy, errstr_r)) != ACT_OK)
		goto fail;
	default_school_year(ctx, id);
	rc = mission_fsm(ctx, id, "edit", db_actor(ctx->db, actor_id), "edited", errstr_r);
	if (rc != ACT_OK)
		goto fail;
	rc = ACT_EDB;
	if (mission_notify_draft(ctx, id, actor_id, 0, errstr_r) < 0)
		goto fail;
	mission_fields_release(&copy);
	return db_release(ctx->db, "mission_edit") < 0 ? ACT_EDB : ACT_OK;
fail:
	mission_fields_release(&copy);
	db_rollback_to(ctx->db, "mission_edit");
	return rc;
}

/* missing - the labels of the required fields the sheet lacks, or NULL */
static char *
missing(struct altc *ctx, int64_t id, const char *locale, char **errstr_r)
{
	struct mission_sheet s;
	char *list = NULL;

	if (mission_sheet_load(ctx, id, &s, errstr_r) < 0)
		return NULL;
	for (int i = 0; i < MF_N; i++)
		if (fields[i].required && (s.v[i] == NULL || *s.v[i] == '\0')) {
			char *l = xasprintf("%s%s%s", list ? list : "", list ? ", " : "",
			    mission_field_label((enum mission_field)i, locale));

			free(list);
			list = l;
		}
	mission_sheet_release(&s);
	return list;
}

int
mission_submit(struct altc *ctx, int64_t id, int64_t actor_id, char **errstr_r)
{
	char state[16], *lack;
	sqlite3_stmt *st;
	int rc;

	if ((rc = load_state(ctx, id, state, errstr_r)) != ACT_OK)
		return rc;
	if (!mission_may_edit(ctx, id, actor_id)) {
		*errstr_r = xasprintf("user %lld may not submit mission sheet %lld",
		    (long long)actor_id, (long long)id);
		return ACT_EDENIED;
	}
	/* the labels in the language of whoever submits */
	st = db_prepare(ctx->db, "SELECT locale = 'en' FROM users WHERE id = ?");
	db_bind_int(st, 1, actor_id);
	rc = db_step(ctx->db, st, NULL) == 1 && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if ((lack = missing(ctx, id, rc ? "en" : "fr", errstr_r)) != NULL) {
		*errstr_r = xasprintf("missing fields: %s", lack);
		free(lack);
		return ACT_EINPUT;
	}
	if (*errstr_r)
		return ACT_EDB;
	if (db_savepoint(ctx->db, "mission_submit") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	/* the authors' keys die; the transition asks the reviewers, each with a key */
	st = db_prepare(ctx->db, "UPDATE missions SET submitted_at = ? WHERE id = ?");
	db_bind_int(st, 1, now_epoch());
	db_bind_int(st, 2, id);
	rc = ACT_EDB;
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    token_revoke_object(ctx->db, "mission", id, errstr_r) < 0)
		goto fail;
	if ((rc = mission_fsm(ctx, id, "submit", db_actor(ctx->db, actor_id), NULL, errstr_r)) !=
	    ACT_OK)
		goto fail;
	return db_release(ctx->db, "mission_submit") < 0 ? ACT_EDB : ACT_OK;
fail:
	db_rollback_to(ctx->db, "mission_submit");
	return rc;
}

int
mission_may_review(struct altc *ctx, int64_t id, int64_t user_id)
{
	return formation_staff_may(ctx->db, db_int_for_id(ctx->db,
	    "SELECT formation_id FROM missions WHERE id = ?", id), user_id);
}

int
mission_decide(struct altc *ctx, int64_t id, int64_t actor_id, int validate, const char *comment,
    char **errstr_r)
{
	char state[16];
	sqlite3_stmt *st;
	int rc;

	if ((rc = load_state(ctx, id, state, errstr_r)) != ACT_OK)
		return rc;
	if (!mission_may_review(ctx, id, actor_id)) {
		*errstr_r = xasprintf("user %lld may not review mission sheet %lld",
		    (long long)actor_id, (long long)id);
		return ACT_EDENIED;
	}
	if (!validate && (comment == NULL || *comment == '\0')) {
		*errstr_r = xstrdup("a rejection needs a motif");
		return ACT_EINPUT;
	}
	if (strcmp(state, "submitted") != 0) {
		*errstr_r = xasprintf("the mission sheet is already %s", state);
		return ACT_ESTATE;
	}
	if (db_savepoint(ctx->db, "mission_decide") < 0) {
		*errstr_r = xstrdup("savepoint failed");
		return ACT_EDB;
	}
	st = db_prepare(ctx->db, "UPDATE missions SET decided_by = ?, comment = nullif(?, ''),"
	    " decided_at = ? WHERE id = ?");
	db_bind_int(st, 1, actor_id);
	db_bind_text(st, 2, comment ? comment : "");
	db_bind_int(st, 3, now_epoch());
	db_bind_int(st, 4, id);
	rc = ACT_EDB;
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    token_revoke_object(ctx->db, "mission", id, errstr_r) < 0)
		goto fail;
	if ((rc = mission_fsm(ctx, id, validate ? "validate" : "reject", db_actor(ctx->db, actor_id),
	    comment, errstr_r)) != ACT_OK)
		goto fail;
	return db_release(ctx->db, "mission_decide") < 0 ? ACT_EDB : ACT_OK;
fail:
	db_rollback_to(ctx->db, "mission_decide");
	return rc;
}

int64_t
mission_of_application(struct altc *ctx, int64_t application_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM missions WHERE application_id = ? ORDER BY id LIMIT 1");
	int64_t id = 0;
	int rc;

	db_bind_int(st, 1, application_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? -1 : id;
}
