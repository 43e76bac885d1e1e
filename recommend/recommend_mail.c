/*
 * recommend_mail.c - the recommendations by mail: the digest sections
 * ("offres recommandées" for a student, "profils qui correspondent" for an
 * employer, never an address: contact goes through the relay), and the
 * replies to a digest or a profile mail (purpose "recommend"): PROFIL with
 * criteria lines, FAVORI n, FAVORIS.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "mail_action.h"
#include "notify.h"
#include "recommend.h"
#include "recommend_mail.h"
#include "status.h"
#include "strbuf.h"
#include "table.h"
#include "token.h"
#include "user_text.h"
#include "util.h"

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
#define REPLY_VERBS "PROFIL,FAVORI,FAVORIS,POSTULER"

/* criterion - a student's values of one criterion, for the employer's view */
#define CRITERION(name) \
	" (SELECT group_concat(x.value, ', ') FROM student_criteria x JOIN criteria c" \
	"  ON c.id = x.criterion_id WHERE x.student_id = u.id AND c.name = '" name "')"

/*
 * profile_summary - what an employer is shown of a student: the parts of
 * the profile the student agreed to show, in the reader's language
 */
static void
profile_summary(sqlite3_stmt *st, int col, unsigned show, const char *locale,
    struct strbuf *out)
{
	struct rec_profile p = { 0 };

	p.first_name = db_col_text(st, col);
	p.last_name = db_col_text(st, col + 1);
	p.formation = db_col_text(st, col + 2);
	p.skills = db_col_text(st, col + 3);
	p.languages = db_col_text(st, col + 4);
	p.place = db_col_text(st, col + 5);
	p.availability = db_col_text(st, col + 6);
	p.disability = db_col_text(st, col + 8);
	rec_profile_summary(&p, show, locale, out);
	if (out->len == 0)
		strbuf_addstr(out, locale_is_en(locale) ? "anonymous profile" : "profil anonyme");
}

/* section - the unseen lines of one side as JSON in *a_r (NULL when none), marked seen */
static int
section(struct altc *ctx, int64_t user_id, int student, const char *locale,
    struct json_object **a_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, student ?
	    "SELECT r.student_id, r.offer_id, r.score, r.matched, r.manual, o.title, c.name,"
	    " coalesce(o.location, '') FROM recommendations r JOIN offers o ON o.id = r.offer_id"
	    " JOIN companies c ON c.id = o.company_id WHERE r.student_id = ?1"
	    " AND (r.manual = 1 OR r.student_rank IS NOT NULL) AND r.student_seen_at IS NULL"
	    " AND o.state = 'published' AND NOT EXISTS (SELECT 1 FROM applications a"
	    "  WHERE a.student_id = r.student_id AND a.offer_id = r.offer_id)"
	    " ORDER BY r.manual DESC, r.score DESC, r.offer_id LIMIT ?2" :
	    "SELECT r.student_id, r.offer_id, r.score, r.matched, r.manual, o.title,"
	    " u.first_name, u.last_name, (SELECT group_concat(f.label, ', ')"
	    "  FROM student_formations sf JOIN formations f ON f.id = sf.formation_id"
	    "  WHERE sf.student_id = u.id)," CRITERION("skills") "," CRITERION("languages") ","
	    " coalesce(" CRITERION("location") ", nullif(u.city, ''))," CRITERION("availability")
	    ", u.profile_show, u.disability FROM recommendations r JOIN offers o ON o.id = r.offer_id"
	    " JOIN users e ON e.id = ?1 AND e.company_id = o.company_id"
	    " JOIN users u ON u.id = r.student_id WHERE r.offer_rank IS NOT NULL"
	    " AND r.offer_seen_at IS NULL AND o.state = 'published' AND u.state = 'registered'"
	    " AND coalesce(u.profile_show, '') <> 'none'"
	    " ORDER BY r.score DESC, r.offer_id, r.student_id LIMIT ?2");
	struct strbuf b = STRBUF_INIT;
	struct json_object *a = json_object_new_array();
	struct id_list s = { 0 }, o = { 0 };
	int rc;

	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, REC_DIGEST_MAX);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		struct json_object *j = json_object_new_object();
		unsigned show = student ? REC_SHOW_ALL : rec_show_read(
		    sqlite3_column_type(st, 13) == SQLITE_NULL ? NULL : db_col_text(st, 13));

		id_list_add(&s, sqlite3_column_int64(st, 0));
		id_list_add(&o, sqlite3_column_int64(st, 1));
		json_object_object_add(j, "score", json_object_new_int(sqlite3_column_int(st, 2)));
		strbuf_reset(&b);
		rec_matched_render(db_col_text(st, 3), locale, show, &b);
		json_object_object_add(j, "matched", json_object_new_string(b.buf));
		json_object_object_add(j, "has_matched", json_object_new_boolean(b.len > 0));
		json_object_object_add(j, "manual", json_object_new_boolean(sqlite3_column_int(st, 4)));
		json_object_object_add(j, "offer_id", json_object_new_int64(sqlite3_column_int64(st, 1)));
		json_object_object_add(j, "title", json_object_new_string(db_col_text(st, 5)));
		if (student) {
			json_object_object_add(j, "company", json_object_new_string(db_col_text(st, 6)));
			json_object_object_add(j, "location", json_object_new_string(db_col_text(st, 7)));
		} else {
			json_object_object_add(j, "profile_id",
			    json_object_new_int64(sqlite3_column_int64(st, 0)));
			strbuf_reset(&b);
			profile_summary(st, 6, show, locale, &b);
			json_object_object_add(j, "profile", json_object_new_string(b.buf));
		}
		json_object_array_add(a, j);
	}
	for (size_t i = 0; i < s.n && rc == 0; i++) {
		st = db_prepare(ctx->db, student ?
		    "UPDATE recommendations SET student_seen_at = ?3 WHERE student_id = ?1 AND offer_id = ?2" :
		    "UPDATE recommendations SET offer_seen_at = ?3 WHERE student_id = ?1 AND offer_id = ?2");
		db_bind_int(st, 1, s.v[i]);
		db_bind_int(st, 2, o.v[i]);
		db_bind_int(st, 3, now_epoch());
		rc = db_done(ctx->db, st, errstr_r);
	}
	strbuf_release(&b);
	id_list_release(&s);
	id_list_release(&o);
	*a_r = NULL;
	if (rc < 0 || json_object_array_length(a) == 0) {
		json_object_put(a);
		return rc < 0 ? -1 : 0;
	}
	*a_r = a;
	return 0;
}

int
recommend_digest(struct altc *ctx, int64_t user_id, const char *locale, struct json_object *vars,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT role FROM users WHERE id = ?");
	struct json_object *a;
	char tok[TOKEN_BUFSZ];
	int student, rc;

	db_bind_int(st, 1, user_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) <= 0)
		return rc;
	student = strcmp(db_col_text(st, 0), "student") == 0;
	if (!student && strcmp(db_col_text(st, 0), "employer") != 0) {
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (section(ctx, user_id, student, locale, &a, errstr_r) < 0)
		return -1;
	if (a == NULL)
		return 0;
	json_object_object_add(vars, student ? "recommended" : "profiles", a);
	json_object_object_add(vars, student ? "has_recommended" : "has_profiles",
	    json_object_new_boolean(1));
	if (json_object_object_get_ex(vars, "reply_token", NULL))
		return 1;
	if (token_issue(ctx->db, "recommend", "user", user_id, user_id, REPLY_VERBS,
	    config_int(ctx->cfg, "tokens.reply_ttl"), 1000, tok, errstr_r) < 0)
		return -1;
	json_object_object_add(vars, "reply_token", json_object_new_string(tok));
	return 1;
}

/* answer - an action mail to the sender with a fresh reply key */
int
recommend_answer(struct altc *ctx, const struct mail_request *req, const char *purpose,
    const char *verbs, const char *template, struct json_object *vars, const char *attachments,
    char **errstr_r)
{
	struct notify_msg m = { 0 };
	char tok[TOKEN_BUFSZ];

	if (token_issue(ctx->db, purpose, "user", req->sender_user_id, req->sender_user_id,
	    verbs, config_int(ctx->cfg, "tokens.reply_ttl"), 1000, tok, errstr_r) < 0)
		return -1;
	m.user_id = req->sender_user_id;
	m.template = template;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(vars, JSON_PLAIN);
	m.token = tok;
	m.attachments_json = attachments;
	return notify_queue(ctx, &m, errstr_r) < 0 ? -1 : 0;
}

static int
answer(struct altc *ctx, const struct mail_request *req, const char *template,
    struct json_object *vars, char **errstr_r)
{
	return recommend_answer(ctx, req, "recommend", REPLY_VERBS, template, vars, NULL, errstr_r);
}

/* is_student - whether a user is a student */
static int
is_student(struct altc *ctx, int64_t user_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT 1 FROM users WHERE id = ? AND role = 'student'");
	int rc;

	db_bind_int(st, 1, user_id);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc == 1;
}

/* criterion_label - how a criterion is named to a reader (the table holds the French) */
static const char *
criterion_label(const char *name, const char *french, const char *locale)
{
	static const char *const en[][2] = {
		{ "formation", "Programme" }, { "sector", "Sector" }, { "skills", "Skills" },
		{ "contract", "Contract type" }, { "location", "Location" },
		{ "seniority", "Experience" }, { "mobility", "Mobility" },
		{ "languages", "Languages" }, { "availability", "Availability" },
	};

	if (locale_is_en(locale))
		for (size_t i = 0; i < sizeof(en) / sizeof(en[0]); i++)
			if (strcmp(name, en[i][0]) == 0)
				return en[i][1];
	return french;
}

/* profile_vars - a student's criteria and what employers see, for recommend.profile */
static int
profile_vars(struct altc *ctx, int64_t student_id, const char *locale, struct json_object *vars,
    char **errstr_r)
{
	struct json_object *list = json_object_new_array();
	sqlite3_stmt *st;
	struct strbuf b = STRBUF_INIT;
	unsigned show;
	int rc;

	if (rec_show_get(ctx, student_id, &show, errstr_r) < 0) {
		json_object_put(list);
		return -1;
	}
	rec_show_labels(show, locale, &b);
	json_object_object_add(vars, "shown", json_object_new_string(b.buf));
	strbuf_release(&b);
	st = db_prepare(ctx->db, "SELECT disability FROM users WHERE id = ?");
	db_bind_int(st, 1, student_id);
	if (db_step(ctx->db, st, NULL) == 1 && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		const char *l = rec_disability_label(db_col_text(st, 0), locale);

		json_object_object_add(vars, "disability", json_object_new_string(l));
		json_object_object_add(vars, "disability_shown", json_object_new_boolean(
		    (show & REC_SHOW_DISABILITY) != 0));
	}
	sqlite3_reset(st);
	st = db_prepare(ctx->db, "SELECT c.label, x.value, c.name FROM student_criteria x"
	    " JOIN criteria c ON c.id = x.criterion_id WHERE x.student_id = ? ORDER BY c.id");
	db_bind_int(st, 1, student_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "label", json_object_new_string(
		    criterion_label(db_col_text(st, 2), db_col_text(st, 0), locale)));
		json_object_object_add(o, "value", json_object_new_string(db_col_text(st, 1)));
		json_object_array_add(list, o);
	}
	json_object_object_add(vars, "has_criteria",
	    json_object_new_boolean(json_object_array_length(list) > 0));
	json_object_object_add(vars, "criteria", list);
	return rc;
}

static enum input_result
do_profile(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct json_object *vars;
	char *err = NULL;
	size_t set = 0;
	int rc;

	for (size_t i = 0; i < req->nform; i++) {
		if (recommend_show_key(req->form[i].key)) {
			unsigned mask;
			char *bad;

			if (rec_show_parse(req->form[i].value, &mask, &bad) < 0) {
				err = xasprintf("what employers may see: '%s' is not understood", bad);
				free(bad);
				return mail_action_result(req, ACT_EINPUT, err, reason_r);
			}
			if (rec_show_set(ctx, req->sender_user_id, mask, &err) < 0)
				return mail_action_result(req, ACT_EDB, err, reason_r);
			set++;
			continue;
		}
		if (rec_disability_key(req->form[i].key)) {
			const char *status;

			if (rec_disability_parse(req->form[i].key, req->form[i].value, &status) < 0)
				return mail_action_result(req, ACT_EINPUT, xasprintf("RQTH or OETH:"
				    " '%s' is not understood", req->form[i].value), reason_r);
			if (rec_disability_set(ctx, req->sender_user_id, status, &err) < 0)
				return mail_action_result(req, ACT_EDB, err, reason_r);
			set++;
			continue;
		}
		if ((rc = recommend_profile_set(ctx, req->sender_user_id, req->form[i].key,
		    req->form[i].value, &err)) < 0)
			return mail_action_result(req, ACT_EDB, err, reason_r);
		set += (size_t)rc;
	}
	vars = json_object_new_object();
	json_object_object_add(vars, "changed", json_object_new_int64((int64_t)set));
	if (profile_vars(ctx, req->sender_user_id, req->locale, vars, &err) < 0 ||
	    answer(ctx, req, "recommend.profile", vars, &err) < 0) {
		json_object_put(vars);
		return mail_action_result(req, ACT_EDB, err, reason_r);
	}
	json_object_put(vars);
	return INPUT_DONE;
}

static enum input_result
do_favorites(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct json_object *vars = json_object_new_object(), *list;
	char *err = NULL;

	if ((list = recommend_favorites_json(ctx, req->sender_user_id, req->locale, &err)) == NULL) {
		json_object_put(vars);
		return mail_action_result(req, ACT_EDB, err, reason_r);
	}
	json_object_object_add(vars, "has_favorites",
	    json_object_new_boolean(json_object_array_length(list) > 0));
	json_object_object_add(vars, "favorites", list);
	if (answer(ctx, req, "recommend.favorites", vars, &err) < 0) {
		json_object_put(vars);
		return mail_action_result(req, ACT_EDB, err, reason_r);
	}
	json_object_put(vars);
	return INPUT_DONE;
}

static enum input_result
recommend_mail_reply(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	char *err = NULL, *end;
	long long n;
	int rc;

	if (req->sender_user_id == 0 || req->verb == NULL) {
		*reason_r = xstrdup("a profile command needs a known sender and a command");
		return INPUT_REJECTED;
	}
	if (strcmp(req->verb, "PROFIL") == 0) {
		if (!is_student(ctx, req->sender_user_id))
			return mail_action_result(req, ACT_EDENIED,
			    xstrdup("only students give search criteria"), reason_r);
		return do_profile(ctx, req, reason_r);
	}
	if (strcmp(req->verb, "FAVORIS") == 0)
		return do_favorites(ctx, req, reason_r);
	if (strcmp(req->verb, "FAVORI") == 0) {
		n = strtoll(req->args ? req->args : "", &end, 10);
		if (end == req->args || n <= 0)
			return mail_action_result(req, ACT_EINPUT,
			    xstrdup("FAVORI needs the number of an offer or a profile"), reason_r);
		if ((rc = recommend_favorite_add(ctx, req->sender_user_id, n, &err)) != ACT_OK)
			return mail_action_result(req, rc, err, reason_r);
		return do_favorites(ctx, req, reason_r);
	}
	*reason_r = xasprintf("command %s not understood here", req->verb);
	return INPUT_REJECTED;
}

static const char *const reply_verbs[] = { "PROFIL", "FAVORI", "FAVORIS", NULL };

static const char *const welcome_verbs[] = { "PROFIL", NULL };

static const char *const cv_verbs[] = { "PROFILS", "DETAIL", "CONTACTER", NULL };

const struct mail_action recommend_mail_actions[] = {
	{ "recommend", reply_verbs, recommend_mail_reply, "PROFIL", 0 },
	/* the CV library: at offres@, and on the key of its answers */
	{ "offres", cv_verbs, recommend_cvtheque_apply, NULL, 0 },
	{ "cvtheque", cv_verbs, recommend_cvtheque_apply, "PROFILS", 0 },
	/* the welcome's key (the offer module's offer_student): a new student's criteria */
	{ "offer_student", welcome_verbs, recommend_mail_reply, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

/* the verbs of these actions that the reply parser does not know of itself */
const struct mail_verb recommend_mail_verbs[] = {
	{ "PROFIL", "PROFIL" }, { "PROFILE", "PROFIL" },
	{ "FAVORIS", "FAVORIS" }, { "FAVORITES", "FAVORIS" }, { "FAVOURITES", "FAVORIS" },
	{ "FAVORI", "FAVORI" }, { "FAVORITE", "FAVORI" }, { "FAVOURITE", "FAVORI" },
	{ "PROFILS", "PROFILS" }, { "PROFILES", "PROFILS" }, { "CVTHEQUE", "PROFILS" },
	{ "DETAIL", "DETAIL" }, { "DETAILS", "DETAIL" },
	{ "CONTACTER", "CONTACTER" }, { "CONTACT", "CONTACTER" },
	{ NULL, NULL }
};

/* the templates the recommendations queue */
const char *const recommend_templates[] = {
	"recommend.offers", "recommend.profiles", "recommend.profile", "recommend.favorites",
	"recommend.favorite_expiring", "recommend.cvtheque", "recommend.cv_detail",
	"recommend.contact", "recommend.contact_sent", NULL
};

/* the French of the refusals that reach a sender */
const struct user_text recommend_texts[] = {
	{ "FAVORI needs the number of an offer or a profile",
	  "FAVORI doit être suivi du numéro d’une offre ou d’un profil (FAVORI 42, par exemple)",
	  NULL, UT_MESSAGE },
	{ "no published offer %lld", "l’offre n° {1} n’existe pas ou n’est plus publiée",
	  NULL, UT_MESSAGE },
	{ "no profile %lld among those proposed to you",
	  "le profil n° {1} ne fait pas partie de ceux qui vous ont été proposés", NULL, UT_MESSAGE },
	{ "no user %lld", "utilisateur inconnu", NULL, UT_MESSAGE },
	{ "only students give search criteria",
	  "seuls les étudiants donnent des critères de recherche", NULL, UT_MESSAGE },
	{ "unknown criterion '%s'", "critère inconnu : « {1} »", NULL, UT_MESSAGE },
	{ "PROFILS needs words to search for: a skill, a sector, a formation or a place",
	  "PROFILS doit être suivi de mots à chercher : une compétence, un secteur, une formation"
	  " ou un lieu (PROFILS compta Annecy, par exemple)", NULL, UT_MESSAGE },
	{ "the CV library is for employers and staff",
	  "la CVthèque est réservée aux employeurs et aux équipes pédagogiques", NULL, UT_MESSAGE },
	{ "the details of a profile are for employers with an offer published",
	  "le détail d’un profil est réservé aux employeurs qui ont une offre publiée", NULL,
	  UT_MESSAGE },
	{ "DETAIL needs the number of a profile",
	  "DETAIL doit être suivi du numéro d’un profil (DETAIL 12, par exemple)", NULL, UT_MESSAGE },
	{ "no profile %lld", "le profil n° {1} n’existe pas ou n’est pas visible", NULL, UT_MESSAGE },
	{ "CONTACTER is for employers, about one of their offers",
	  "CONTACTER est réservé aux employeurs, au sujet d’une de leurs offres", NULL, UT_MESSAGE },
	{ "CONTACTER needs a profile and an offer: CONTACTER 12 OFFRE 34, then your message",
	  "CONTACTER doit être suivi du numéro du profil et de celui de votre offre :"
	  " CONTACTER 12 OFFRE 34, puis votre message", NULL, UT_MESSAGE },
	{ "no published offer %lld of your company",
	  "l’offre n° {1} n’est pas une offre publiée de votre entreprise", NULL, UT_MESSAGE },
	{ "more than %d contacts in a day",
	  "plus de {1} prises de contact en une journée : réessayez demain", NULL, UT_MESSAGE },
	{ "RQTH or OETH: '%s' is not understood",
	  "RQTH ou OETH : « {1} » n’est pas compris (écrivez « RQTH : oui », « OETH : oui » ou"
	  " « RQTH : non »)", "RQTH or OETH: “{1}” is not understood (write “RQTH: yes”,"
	  " “OETH: yes” or “RQTH: no”)", UT_MESSAGE },
	{ "what employers may see: '%s' is not understood",
	  "ce que voient les employeurs : « {1} » n’est pas compris (écrivez par exemple"
	  " « Montrer : prénom, formation, compétences, langues », ou « tout », ou « rien »)",
	  "what employers may see: “{1}” is not understood (write for example “Show: first"
	  " name, programme, skills, languages”, or “all”, or “nothing”)", UT_MESSAGE },
	{ "the impact of a criterion goes from 0 to 5, not %d",
	  "l’impact d’un critère va de 0 à 5, pas {1}", NULL, UT_MESSAGE },
	{ NULL, NULL, NULL, UT_MESSAGE }
};

