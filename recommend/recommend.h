/*
 * recommend.h - recommendations both ways (DESIGN §8): offers for each
 * student, profiles for each offer, scored over the criteria both sides
 * give, with the admin's impact weights; favourites; the digest sections.
 *
 * Three layers, one file each:
 *  - recommend_norm.c: what people type made comparable (case, accents,
 *    plurals, the synonyms of data/recommend/synonymes.txt) and places read
 *    as commune, département and region (the other files of data/recommend);
 *  - recommend_score.c: the model in memory, with no SQL: students and
 *    offers as sets of interned values, the formation gate, the score of a
 *    pair and the top of each list;
 *  - recommend.c: loading the model from the database, choosing what an
 *    incremental run recomputes, writing the differences and queueing the
 *    notifications, all in one transaction.
 *
 * Score of a pair = round(100 * sum(impact * match) / sum(impact)) over the
 * criteria both sides specify (impact > 0); match is 1 or 0, or for skills
 * and languages the share of the offer's values the student has.  The
 * formation counts as matched when the offer targets formations (the gate
 * lets through only students of one of them).
 *
 * Errors: -1 (or a negative act_status, status.h) with an English
 * *errstr_r; every function that writes runs in the caller's transaction
 * unless said otherwise.
 */
#ifndef ALTC_RECOMMEND_H
#define ALTC_RECOMMEND_H

#include <stddef.h>
#include <stdint.h>

struct altc;
struct module;
struct json_object;
struct strbuf;
struct table;

#define REC_PER_STUDENT 10	/* offers kept in a student's list */
#define REC_PER_OFFER 10	/* profiles kept in an offer's list */
#define REC_DIGEST_MAX 5	/* lines of one digest section */
#define REC_FAVORITE_WARN_DAYS 7

/* the criteria, in the order of the criteria table's names */
enum rec_criterion {
	REC_FORMATION, REC_SECTOR, REC_SKILLS, REC_CONTRACT, REC_LOCATION,
	REC_SENIORITY, REC_MOBILITY, REC_LANGUAGES, REC_AVAILABILITY, REC_NCRIT
};

/* rec_criterion_name - "formation", "sector"... (the criteria table's names) */
const char *rec_criterion_name(enum rec_criterion c);
/* rec_criterion_find - a criterion by name or form label ("Compétences"); -1 if none */
int rec_criterion_find(const char *label);

/* ---- recommend_norm.c ---- */

struct rec_norm;

/* rec_norm_load - the synonyms and places of datadir/recommend; NULL with errstr */
struct rec_norm *rec_norm_load(const char *datadir, char **errstr_r);
void rec_norm_free(struct rec_norm **n);

/*
 * rec_norm_values - split a list ("Excel, SQL et anglais") and call fn with
 * each value normalised (the key to compare) and as shown (the synonym's
 * own spelling, else the value as typed, trimmed).  Returns the count.
 */
size_t rec_norm_values(const struct rec_norm *n, const char *text,
    void (*fn)(void *arg, const char *key, const char *shown), void *arg);

/* rec_norm_key - one value normalised, without splitting; caller frees */
char *rec_norm_key(const struct rec_norm *n, const char *text);

struct rec_place {
	int dept;		/* index of the département, -1 unknown */
	int region;		/* index of the region, -1 unknown */
	char commune[64];	/* normalised commune name, "" unknown */
	char shown[96];		/* "Annecy (74)" */
};

/* rec_norm_place - read a place; 1 when something is known, 0 if nothing */
int rec_norm_place(const struct rec_norm *n, const char *text, struct rec_place *p);

enum rec_mobility { REC_MOB_LOCAL, REC_MOB_DEPT, REC_MOB_REGION, REC_MOB_NATION };
/* rec_norm_mobility - "départementale", "region", "France"...; -1 when not a level */
int rec_norm_mobility(const char *text);

/* ---- recommend_score.c ---- */

struct rec_model;

struct rec_hit {
	uint32_t other;		/* offer index in a student's list, student index in an offer's */
	int32_t score;
};

struct rec_model *rec_model_new(const struct rec_norm *n, const int weights[REC_NCRIT]);
void rec_model_free(struct rec_model **m);
/* rec_model_add_student, rec_model_add_offer - a new row; its index */
uint32_t rec_model_add_student(struct rec_model *m, int64_t id);
uint32_t rec_model_add_offer(struct rec_model *m, int64_t id);
/* the formations of a student, those an offer targets (none: every student) */
void rec_model_student_formation(struct rec_model *m, uint32_t s, int64_t formation_id);
void rec_model_offer_formation(struct rec_model *m, uint32_t o, int64_t formation_id);
/* a criterion value as typed (lists are split); a later one adds to the earlier */
void rec_model_student_value(struct rec_model *m, uint32_t s, enum rec_criterion c,
    const char *text);
void rec_model_offer_value(struct rec_model *m, uint32_t o, enum rec_criterion c,
    const char *text);
/* rec_model_applied - the student applied to the offer: never proposed */
void rec_model_applied(struct rec_model *m, uint32_t s, uint32_t o);
/* rec_model_seal - after the last add: sort the sets, build the gate */
void rec_model_seal(struct rec_model *m);

size_t rec_model_students(const struct rec_model *m);
size_t rec_model_offers(const struct rec_model *m);
int64_t rec_model_student_id(const struct rec_model *m, uint32_t s);
int64_t rec_model_offer_id(const struct rec_model *m, uint32_t o);
/* rec_model_find_student, rec_model_find_offer - index of an id; -1 if absent */
int64_t rec_model_find_student(const struct rec_model *m, int64_t id);
int64_t rec_model_find_offer(const struct rec_model *m, int64_t id);

/*
 * rec_model_score - the score of a pair, -1 when the gate or an application
 * excludes it.  With matched, appends the matched criteria, one per line
 * as "criterion=value" ("formation", "skills=Excel", "location=Annecy
 * (74)", "mobility=1"): rec_matched_render shows them to a reader; with
 * explain, one line per criterion both sides give (impact, match, values).
 */
int rec_model_score(const struct rec_model *m, uint32_t s, uint32_t o, struct strbuf *matched,
    struct strbuf *explain);

/*
 * rec_model_rank - the top lists of the students and offers flagged in
 * redo_s and redo_o (NULL: all), by decreasing score then increasing id;
 * only pairs with a score above 0 enter a list.  Read them with
 * rec_model_top_student and rec_model_top_offer.  Returns the pairs scored.
 */
size_t rec_model_rank(struct rec_model *m, const uint8_t *redo_s, const uint8_t *redo_o);
/*
 * rec_model_old - a line as stored before the run (after rec_model_seal):
 * its score and its rank in the student's and in the offer's list (0: not
 * in it).  A line naming a student or an offer no longer in the model
 * marks the other's list as spoilt (recomputed in full).
 */
void rec_model_old(struct rec_model *m, int64_t student_id, int64_t offer_id, int score,
    int student_rank, int offer_rank);
/*
 * rec_model_update - the incremental form of rec_model_rank: the lists of
 * the rows flagged in dirty_s and dirty_o (and the spoilt ones) are
 * recomputed; every other list is its stored self without the lines of
 * dirty rows, plus the dirty rows it may see scored again, unless a line
 * left a full list and what came in ranks below the old last line (then it
 * is recomputed too).  The result equals rec_model_rank's.  Returns the
 * pairs scored.
 */
size_t rec_model_update(struct rec_model *m, const uint8_t *dirty_s, const uint8_t *dirty_o);
/* rec_model_list_changed - whether a list differs from its stored self */
int rec_model_list_changed(const struct rec_model *m, int offer_side, uint32_t row);
/* rec_model_old_list - the stored list of a row */
const struct rec_hit *rec_model_old_list(const struct rec_model *m, int offer_side, uint32_t row,
    size_t *n_r);
/* the list of s (offers) or o (students) after rec_model_rank; *n_r entries */
const struct rec_hit *rec_model_top_student(const struct rec_model *m, uint32_t s, size_t *n_r);
const struct rec_hit *rec_model_top_offer(const struct rec_model *m, uint32_t o, size_t *n_r);
/* the gate's lists: the offers a student may be proposed, the students an offer may reach */
void rec_model_gate_offers(const struct rec_model *m, uint32_t s,
    void (*fn)(void *arg, uint32_t o), void *arg);
void rec_model_gate_students(const struct rec_model *m, uint32_t o,
    void (*fn)(void *arg, uint32_t s), void *arg);

/* ---- recommend.c ---- */

struct rec_run_opts {
	int full;		/* recompute everything, whatever changed */
	int64_t student_id;	/* only this student's list (0: no restriction) */
	int64_t offer_id;	/* only this offer's list */
	int notify;		/* queue the digest notifications of new pairs */
};

struct rec_run_stats {
	size_t students, offers;	/* in the model */
	size_t redo_students, redo_offers;	/* lists recomputed */
	size_t pairs;			/* pairs scored */
	size_t written, removed;	/* rows changed */
	size_t notified;		/* notifications queued */
};

/*
 * recommend_run - one run in its own transaction: the lists of what changed
 * since the last run (everything when opts->full, the weights changed, or
 * no run happened yet).  Manual recommendations are kept as they are.
 */
int recommend_run(struct altc *ctx, const struct rec_run_opts *opts, struct rec_run_stats *st_r,
    char **errstr_r);

/* recommend_job - the nightly job (jobs.h) */
int recommend_job(struct altc *ctx, size_t *did_r, char **errstr_r);

/* recommend_weights - the table name;label;impact of every criterion */
struct table *recommend_weights(struct altc *ctx, char **errstr_r);
/* recommend_weight_set - impact 0-5 of a criterion (name or label); ACT_EINPUT if bad */
int recommend_weight_set(struct altc *ctx, const char *criterion, int impact, char **errstr_r);

/*
 * recommend_explain - the reasons of a score, criterion by criterion, for
 * --explain: of one pair when both ids are given, else of every line of
 * the student's or the offer's list.  Caller frees; NULL with errstr.
 */
char *recommend_explain(struct altc *ctx, int64_t student_id, int64_t offer_id, char **errstr_r);

/* recommend_list - a student's offers or an offer's profiles, manual first */
struct table *recommend_list(struct altc *ctx, int64_t student_id, int64_t offer_id,
    char **errstr_r);

/*
 * recommend_profile_set - a student's criterion from a form line (key as
 * normalised by the mail pipeline: "competences", "lieu"...): replaces the
 * value and marks the student changed.  0 when the key is no criterion.
 */
int recommend_profile_set(struct altc *ctx, int64_t student_id, const char *key,
    const char *value, char **errstr_r);
/* recommend_profile - the table criterion;value of a student */
struct table *recommend_profile(struct altc *ctx, int64_t student_id, char **errstr_r);

/* ---- recommend_show.c ---- */

/* what a student lets employers see of their profile (users.profile_show) */
enum {
	REC_SHOW_FIRST_NAME = 1 << 0,
	REC_SHOW_LAST_NAME = 1 << 1,
	REC_SHOW_FORMATION = 1 << 2,
	REC_SHOW_SKILLS = 1 << 3,
	REC_SHOW_LANGUAGES = 1 << 4,
	REC_SHOW_PLACE = 1 << 5,
	REC_SHOW_AVAILABILITY = 1 << 6,
	REC_SHOW_CV = 1 << 7,		/* the default CV, with the details of the CV library */
	REC_SHOW_ALL = (1 << 8) - 1,	/* "tout": everything but the disability status */
	/* the RQTH/OETH status, health data: only when named ("Montrer : ..., RQTH") */
	REC_SHOW_DISABILITY = 1 << 8,
	REC_SHOW_STAFF = (1 << 9) - 1,	/* what staff see */
	REC_SHOW_DEFAULT = REC_SHOW_FIRST_NAME | REC_SHOW_FORMATION | REC_SHOW_SKILLS |
	    REC_SHOW_LANGUAGES,
};

/*
 * rec_show_parse - "prénom, formation et compétences", "tout", "rien"
 * (French or English, any case and accents) into *mask_r (0: nothing, the
 * student is not proposed to employers).  -1 with *bad_r the word not
 * understood ("" when the text says nothing); caller frees *bad_r.
 */
int rec_show_parse(const char *text, unsigned *mask_r, char **bad_r);
/* rec_show_store, rec_show_read - the column's text ("first_name,skills", "none"; NULL: default) */
void rec_show_store(unsigned mask, struct strbuf *out);
unsigned rec_show_read(const char *stored);
/* rec_show_labels - "prénom, formation" or "first name, programme" */
void rec_show_labels(unsigned mask, const char *locale, struct strbuf *out);
/* recommend_show_key - whether a form line's key ("montrer", "show"...) sets what is shown */
int recommend_show_key(const char *key);
/*
 * the RQTH/OETH status a student may declare ("RQTH : oui", "Handicap :
 * OETH"): rec_disability_key tells a form line's key; rec_disability_parse
 * reads its value into "rqth", "oeth" or NULL (none), -1 when not
 * understood; rec_disability_label the words for a reader (NULL for none)
 */
int rec_disability_key(const char *key);
int rec_disability_parse(const char *key, const char *value, const char **status_r);
int rec_disability_set(struct altc *ctx, int64_t student_id, const char *status,
    char **errstr_r);
const char *rec_disability_label(const char *status, const char *locale);
/* rec_show_get, rec_show_set - a student's choice; -1 with errstr */
int rec_show_get(struct altc *ctx, int64_t student_id, unsigned *mask_r, char **errstr_r);
int rec_show_set(struct altc *ctx, int64_t student_id, unsigned mask, char **errstr_r);

/* what employers may be shown of a student (NULL or "": not given) */
struct rec_profile {
	const char *first_name, *last_name;	/* NULL in the CV library's anonymous lines */
	const char *formation, *sector, *skills, *languages, *place, *mobility, *contract;
	const char *availability;
	const char *disability;			/* "rqth", "oeth" or NULL */
};

/*
 * rec_profile_summary - "Léa Martin, BUT GEA ; compétences : Excel ; lieu :
 * Annecy": the parts of p that show lets through (sector and contract, a
 * search's wishes, always), in the reader's language, appended to out
 */
void rec_profile_summary(const struct rec_profile *p, unsigned show, const char *locale,
    struct strbuf *out);

/*
 * rec_matched_render - the stored matched criteria (rec_model_score) for a
 * reader: "formation, Excel, anglais, Annecy (74)" in French, "programme,
 * Excel, English, Annecy (74)" in English; criteria about a part of the
 * profile outside show (skills, languages, place, availability) left out.
 */
void rec_matched_render(const char *stored, const char *locale, unsigned show,
    struct strbuf *out);

/* ---- recommend_fav.c ---- */

/* recommend_favorite_add - user keeps an offer (student) or a profile (employer) */
int recommend_favorite_add(struct altc *ctx, int64_t user_id, int64_t number, char **errstr_r);
/* recommend_favorites - the user's favourites as JSON (array of objects); caller puts */
struct json_object *recommend_favorites_json(struct altc *ctx, int64_t user_id,
    const char *locale, char **errstr_r);
/* recommend_favorites - the same as a table */
struct table *recommend_favorites(struct altc *ctx, int64_t user_id, char **errstr_r);
/* recommend_favorites_warn - warn of favourite offers expiring within 7 days; how many */
int recommend_favorites_warn(struct altc *ctx, size_t *did_r, char **errstr_r);

/* ---- recommend_mail.c ---- */

/*
 * recommend_digest - add the sections "offres recommandées" (students) or
 * "profils qui correspondent" (employers) to vars of a digest, marking the
 * lines shown; 1 when a section was added, 0 if none, -1 on error.
 */
int recommend_digest(struct altc *ctx, int64_t user_id, const char *locale,
    struct json_object *vars, char **errstr_r);

/* the module's descriptor (cli_recommend.c) */
extern const struct module recommend_module;

#endif
