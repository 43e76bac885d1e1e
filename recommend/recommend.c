/*
 * recommend.c - a recommendation run against the database, in one
 * transaction: load the model (registered students, published offers that
 * a formation validated or that target none, their criteria, the
 * applications), decide which lists to recompute, rank, write.
 *
 * Incremental: a student changed since the last run (profile, formation,
 * application) has their list recomputed, and so has every offer they may
 * be proposed, since the student may enter or leave that offer's list; the
 * same the other way for an offer changed (edited, validated, filled).  A
 * run with other weights than the last one is a full run.  The lists of
 * what was not recomputed are unchanged by construction, so an
 * incremental run leaves the same rows as a full one (tests check it).
 *
 * Writing the differences and queueing the notifications is in
 * recommend_write.c.
 */
#include "compat.h"

#include <time.h>

#include "altc.h"
#include "db.h"
#include "log.h"
#include "recommend.h"
#include "recommend_int.h"
#include "status.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "util.h"

#define SETTING_LAST "recommend.last_run"
#define PHASE(what) log_debug("recommend: %s after %.3f s", what, elapsed(&t0))
#define SETTING_WEIGHTS "recommend.weights"

int
rec_criterion_find(const char *label)
{
	static const struct { const char *key; int c; } keys[] = {
		{ "formation", REC_FORMATION }, { "formations", REC_FORMATION },
		{ "secteur", REC_SECTOR }, { "secteurs", REC_SECTOR }, { "sector", REC_SECTOR },
		{ "secteur_d_activite", REC_SECTOR }, { "competences", REC_SKILLS },
		{ "competence", REC_SKILLS }, { "skills", REC_SKILLS },
		{ "type_de_contrat", REC_CONTRACT }, { "contrat", REC_CONTRACT },
		{ "contract", REC_CONTRACT }, { "contract_type", REC_CONTRACT },
		{ "lieu", REC_LOCATION }, { "location", REC_LOCATION }, { "ville", REC_LOCATION },
		{ "localisation", REC_LOCATION }, { "anciennete", REC_SENIORITY },
		{ "experience", REC_SENIORITY }, { "seniority", REC_SENIORITY },
		{ "mobilite", REC_MOBILITY }, { "mobility", REC_MOBILITY },
		{ "langues", REC_LANGUAGES }, { "langue", REC_LANGUAGES },
		{ "languages", REC_LANGUAGES }, { "language", REC_LANGUAGES },
		{ "disponibilite", REC_AVAILABILITY }, { "availability", REC_AVAILABILITY },
		{ "disponible", REC_AVAILABILITY },
	};
	char *k = text_key(label);
	int c = -1;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && c < 0; i++)
		if (strcmp(k, keys[i].key) == 0)
			c = keys[i].c;
	free(k);
	return c;
}

/* elapsed - seconds since *t0 (for the phases in the debug log) */
static double
elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- weights and settings ---- */

static int
load_weights(struct altc *ctx, int w[REC_NCRIT], char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT name, impact FROM criteria");
	int rc;

	memset(w, 0, sizeof(int) * REC_NCRIT);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		for (int c = 0; c < REC_NCRIT; c++)
			if (strcmp(db_col_text(st, 0), rec_criterion_name(c)) == 0)
				w[c] = sqlite3_column_int(st, 1);
	return rc;
}

static char *
setting_get(struct altc *ctx, const char *key)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT value FROM settings WHERE key = ?");
	char *v = NULL;

	db_bind_text(st, 1, key);
	if (db_step(ctx->db, st, NULL) == 1)
		v = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return v;
}

static int
setting_set(struct altc *ctx, const char *key, const char *value, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value");

	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_done(ctx->db, st, errstr_r);
}

struct table *
recommend_weights(struct altc *ctx, char **errstr_r)
{
	static const char *const cols[] = { "criterion", "label", "impact" };
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT name, label, impact FROM criteria ORDER BY id");
	struct table *t = table_new(cols, 3);
	int rc;

	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		const char *row[3] = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2) };

		table_add_row(t, row);
	}
	if (rc < 0)
		table_free(&t);
	return t;
}

int
recommend_weight_set(struct altc *ctx, const char *criterion, int impact, char **errstr_r)
{
	sqlite3_stmt *st;
	int c = rec_criterion_find(criterion);

	if (c < 0) {
		*errstr_r = xasprintf("unknown criterion '%s'", criterion);
		return ACT_EINPUT;
	}
	if (impact < 0 || impact > 5) {
		*errstr_r = xasprintf("the impact of a criterion goes from 0 to 5, not %d", impact);
		return ACT_EINPUT;
	}
	st = db_prepare(ctx->db, "UPDATE criteria SET impact = ?2 WHERE name = ?1");
	db_bind_text(st, 1, rec_criterion_name(c));
	db_bind_int(st, 2, impact);
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    db_audit(ctx->db, NULL, "criterion", c, NULL, "weight", NULL, criterion) < 0)
		return ACT_EDB;
	return ACT_OK;
}

/* ---- loading the model ---- */

#define MAX_CRITERION_ID 64

/* crit_of - the criterion of a criteria row id, -1 for none we know */
static int
crit_of(const int *by_id, int64_t id)
{
	return id >= 0 && id < MAX_CRITERION_ID ? by_id[id] : -1;
}

/* load - the model of every registered student and every offer that may be proposed */
static struct rec_model *
load(struct altc *ctx, const struct rec_norm *norm, const int w[REC_NCRIT], char **errstr_r)
{
	struct rec_model *m = rec_model_new(norm, w);
	int by_id[MAX_CRITERION_ID];
	sqlite3_stmt *st;
	int64_t i, j;
	int rc, c;

	for (size_t k = 0; k < MAX_CRITERION_ID; k++)
		by_id[k] = -1;

	st = db_prepare(ctx->db, "SELECT id FROM users WHERE role = 'student'"
	    " AND state = 'registered' ORDER BY id");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		rec_model_add_student(m, sqlite3_column_int64(st, 0));
	if (rc < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT o.id FROM offers o WHERE o.state = 'published' AND"
	    " (NOT EXISTS (SELECT 1 FROM offer_formations l WHERE l.offer_id = o.id) OR"
	    "  EXISTS (SELECT 1 FROM offer_formations l WHERE l.offer_id = o.id"
	    "   AND l.state = 'validated')) ORDER BY o.id");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		rec_model_add_offer(m, sqlite3_column_int64(st, 0));
	if (rc < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT student_id, formation_id FROM student_formations");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = rec_model_find_student(m, sqlite3_column_int64(st, 0))) >= 0)
			rec_model_student_formation(m, (uint32_t)i, sqlite3_column_int64(st, 1));
	if (rc < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT offer_id, formation_id FROM offer_formations"
	    " WHERE state = 'validated'");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = rec_model_find_offer(m, sqlite3_column_int64(st, 0))) >= 0)
			rec_model_offer_formation(m, (uint32_t)i, sqlite3_column_int64(st, 1));
	if (rc < 0)
		goto fail;
	/* the criteria by id, so that each value row names its criterion cheaply */
	st = db_prepare(ctx->db, "SELECT id, name FROM criteria");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = sqlite3_column_int64(st, 0)) >= 0 && i < MAX_CRITERION_ID)
			by_id[i] = rec_criterion_find(db_col_text(st, 1));
	if (rc < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT student_id, criterion_id, value FROM student_criteria"
	    " ORDER BY rowid");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = rec_model_find_student(m, sqlite3_column_int64(st, 0))) >= 0 &&
		    (c = crit_of(by_id, sqlite3_column_int64(st, 1))) >= 0)
			rec_model_student_value(m, (uint32_t)i, c, db_col_text(st, 2));
	if (rc < 0)
		goto fail;
	/* the address of the import stands for a place the student did not give */
	st = db_prepare(ctx->db, "SELECT id, coalesce(postal_code, '') || ' ' || coalesce(city, '')"
	    " FROM users WHERE role = 'student' AND state = 'registered'"
	    " AND (postal_code IS NOT NULL OR city IS NOT NULL)");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = rec_model_find_student(m, sqlite3_column_int64(st, 0))) >= 0)
			rec_model_student_value(m, (uint32_t)i, REC_LOCATION, db_col_text(st, 1));
	if (rc < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT offer_id, criterion_id, value FROM offer_criteria"
	    " ORDER BY rowid");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = rec_model_find_offer(m, sqlite3_column_int64(st, 0))) >= 0 &&
		    (c = crit_of(by_id, sqlite3_column_int64(st, 1))) >= 0)
			rec_model_offer_value(m, (uint32_t)i, c, db_col_text(st, 2));
	if (rc < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT id, location FROM offers WHERE state = 'published'"
	    " AND location IS NOT NULL");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = rec_model_find_offer(m, sqlite3_column_int64(st, 0))) >= 0)
			rec_model_offer_value(m, (uint32_t)i, REC_LOCATION, db_col_text(st, 1));
	if (rc < 0)
		goto fail;
	st = db_prepare(ctx->db, "SELECT student_id, offer_id FROM applications");
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		if ((i = rec_model_find_student(m, sqlite3_column_int64(st, 0))) >= 0 &&
		    (j = rec_model_find_offer(m, sqlite3_column_int64(st, 1))) >= 0)
			rec_model_applied(m, (uint32_t)i, (uint32_t)j);
	if (rc < 0)
		goto fail;
	rec_model_seal(m);
	return m;
fail:
	rec_model_free(&m);
	return NULL;
}

/* ---- what changed ---- */


/* ids_since - the ids of a query bound with the last run's time */
static int
ids_since(struct altc *ctx, const char *sql, int64_t since, struct id_list *l, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, sql);

	db_bind_int(st, 1, since);
	return id_list_query(ctx->db, st, l, errstr_r);
}

/*
 * changed - flag the students and offers changed since `since` (profile,
 * formations, applications; edits, validations, state).  Those that left
 * the model are not flagged: the lists that held them are spoilt when the
 * stored lines are read (rec_model_old).
 */
static int
changed(struct altc *ctx, const struct rec_model *m, struct redo *r, int64_t since,
    char **errstr_r)
{
	struct id_list s = { 0 }, o = { 0 };
	int rc = -1;
	int64_t k;

	if (ids_since(ctx, "SELECT id FROM users WHERE role = 'student' AND updated_at >= ?1"
	    " UNION SELECT student_id FROM student_formations WHERE created_at >= ?1"
	    " UNION SELECT student_id FROM applications WHERE updated_at >= ?1", since, &s,
	    errstr_r) < 0 ||
	    ids_since(ctx, "SELECT id FROM offers WHERE updated_at >= ?1"
	    " UNION SELECT offer_id FROM offer_formations WHERE decided_at >= ?1", since, &o,
	    errstr_r) < 0)
		goto out;
	for (size_t i = 0; i < s.n; i++)
		if ((k = rec_model_find_student(m, s.v[i])) >= 0 && !r->s[k]) {
			r->s[k] = 1;
			r->ns++;
		}
	for (size_t i = 0; i < o.n; i++)
		if ((k = rec_model_find_offer(m, o.v[i])) >= 0 && !r->o[k]) {
			r->o[k] = 1;
			r->no++;
		}
	rc = 0;
out:
	id_list_release(&s);
	id_list_release(&o);
	return rc;
}

/* load_old - the lines as stored, for the incremental run and the differences */
static int
load_old(struct altc *ctx, struct rec_model *m, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT student_id, offer_id, score,"
	    " coalesce(student_rank, 0), coalesce(offer_rank, 0) FROM recommendations"
	    " WHERE student_rank IS NOT NULL OR offer_rank IS NOT NULL");
	int rc;

	while ((rc = db_step(ctx->db, st, errstr_r)) == 1)
		rec_model_old(m, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		    sqlite3_column_int(st, 2), sqlite3_column_int(st, 3), sqlite3_column_int(st, 4));
	return rc;
}

static char *
weights_string(const int w[REC_NCRIT])
{
	struct strbuf sb = STRBUF_INIT;

	for (int c = 0; c < REC_NCRIT; c++)
		strbuf_addf(&sb, "%s%s=%d", c ? "," : "", rec_criterion_name(c), w[c]);
	return strbuf_detach(&sb, NULL);
}

/* run_tx - the run inside the open transaction */
static int
run_tx(struct altc *ctx, const struct rec_run_opts *opts, struct rec_run_stats *st_r,
    int64_t now, char **errstr_r)
{
	struct rec_norm *norm = NULL;
	struct rec_model *m = NULL;
	struct redo r = { 0 };
	int w[REC_NCRIT], rc = -1, scoped = opts->student_id || opts->offer_id, full;
	char *last = NULL, *ws = NULL, *old_ws = NULL;
	uint8_t *only_s = NULL, *only_o = NULL;
	struct timespec t0;
	int64_t k;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (load_weights(ctx, w, errstr_r) < 0 ||
	    (norm = rec_norm_load(ctx->datadir, errstr_r)) == NULL ||
	    (m = load(ctx, norm, w, errstr_r)) == NULL || load_old(ctx, m, errstr_r) < 0)
		goto out;
	PHASE("model loaded");
	st_r->students = rec_model_students(m);
	st_r->offers = rec_model_offers(m);
	r.s = xcalloc(st_r->students + 1, 1);
	r.o = xcalloc(st_r->offers + 1, 1);
	ws = weights_string(w);
	old_ws = setting_get(ctx, SETTING_WEIGHTS);
	last = setting_get(ctx, SETTING_LAST);
	full = opts->full || last == NULL || old_ws == NULL || strcmp(ws, old_ws) != 0;
	if (scoped) {
		/* one list now, the others left to the nightly run */
		only_s = xcalloc(st_r->students + 1, 1);
		only_o = xcalloc(st_r->offers + 1, 1);
		if (opts->student_id && (k = rec_model_find_student(m, opts->student_id)) >= 0)
			only_s[k] = r.s[k] = 1;
		if (opts->offer_id && (k = rec_model_find_offer(m, opts->offer_id)) >= 0)
			only_o[k] = r.o[k] = 1;
		st_r->pairs = rec_model_rank(m, only_s, only_o);
	} else if (full) {
		memset(r.s, 1, st_r->students);
		memset(r.o, 1, st_r->offers);
		r.ns = st_r->students;
		r.no = st_r->offers;
		st_r->pairs = rec_model_rank(m, NULL, NULL);
	} else {
		if (changed(ctx, m, &r, strtoll(last, NULL, 10), errstr_r) < 0)
			goto out;
		PHASE("changes found");
		st_r->pairs = rec_model_update(m, r.s, r.o);
	}
	PHASE("lists ranked");
	if (rec_write_lists(ctx, m, &r, only_s, only_o, now, st_r, errstr_r) < 0)
		goto out;
	PHASE("lists written");
	if (rec_drop_stale(ctx, st_r, errstr_r) < 0 || rec_rescore_manual(ctx, m, errstr_r) < 0)
		goto out;
	PHASE("stale lines dropped");
	if (opts->notify && rec_notify_new(ctx, &r, st_r, errstr_r) < 0)
		goto out;
	PHASE("notifications queued");
	if (!scoped) {
		char buf[24];

		xsnprintf(buf, sizeof(buf), "%lld", (long long)now);
		if (setting_set(ctx, SETTING_LAST, buf, errstr_r) < 0 ||
		    setting_set(ctx, SETTING_WEIGHTS, ws, errstr_r) < 0)
			goto out;
	}
	rc = 0;
out:
	free(r.s);
	free(r.o);
	free(only_s);
	free(only_o);
	id_list_release(&r.notify_s);
	id_list_release(&r.notify_o);
	free(ws);
	free(old_ws);
	free(last);
	rec_model_free(&m);
	rec_norm_free(&norm);
	return rc;
}

int
recommend_run(struct altc *ctx, const struct rec_run_opts *opts, struct rec_run_stats *st_r,
    char **errstr_r)
{
	int64_t now = now_epoch();

	memset(st_r, 0, sizeof(*st_r));
	/* a run rewrites a large part of one table: give it a page cache to match */
	(void)db_exec(ctx->db, "PRAGMA cache_size = -65536", NULL);
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (run_tx(ctx, opts, st_r, now, errstr_r) < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the recommendations");
		return -1;
	}
	log_info("recommend: %zu students, %zu offers; %zu and %zu lists rewritten, %zu pairs"
	    " scored, %zu lines written, %zu notifications", st_r->students, st_r->offers,
	    st_r->redo_students, st_r->redo_offers, st_r->pairs, st_r->written, st_r->notified);
	return 0;
}

int
recommend_job(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	struct rec_run_opts opts = { 0 };
	struct rec_run_stats st;
	size_t warned = 0;

	opts.notify = 1;
	if (recommend_run(ctx, &opts, &st, errstr_r) < 0)
		return -1;
	if (db_begin(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot begin a transaction");
		return -1;
	}
	if (recommend_favorites_warn(ctx, &warned, errstr_r) < 0) {
		db_rollback(ctx->db);
		return -1;
	}
	if (db_commit(ctx->db) < 0) {
		*errstr_r = xstrdup("cannot commit the favourites' warnings");
		return -1;
	}
	*did_r = st.written + warned;
	return 0;
}

/* explain_pair - the reasons of one pair, appended to ex */
static void
explain_pair(const struct rec_model *m, int64_t student_id, int64_t offer_id, struct strbuf *ex)
{
	struct strbuf mb = STRBUF_INIT;
	int64_t s = rec_model_find_student(m, student_id), o = rec_model_find_offer(m, offer_id);

	strbuf_addf(ex, "student %lld, offer %lld\n", (long long)student_id, (long long)offer_id);
	if (s < 0 || o < 0)
		strbuf_addstr(ex, "not open to recommendations (student not registered or offer"
		    " not published)\n");
	else if (rec_model_score(m, (uint32_t)s, (uint32_t)o, &mb, ex) < 0)
		strbuf_addstr(ex, "excluded: other formation, or already applied\n");
	else
		strbuf_addf(ex, "correspond à : %s\n", mb.len ? mb.buf : "-");
	strbuf_release(&mb);
}

char *
recommend_explain(struct altc *ctx, int64_t student_id, int64_t offer_id, char **errstr_r)
{
	struct rec_norm *norm = NULL;
	struct rec_model *m = NULL;
	struct strbuf ex = STRBUF_INIT;
	sqlite3_stmt *st;
	int w[REC_NCRIT], rc = -1;

	if (load_weights(ctx, w, errstr_r) < 0 ||
	    (norm = rec_norm_load(ctx->datadir, errstr_r)) == NULL ||
	    (m = load(ctx, norm, w, errstr_r)) == NULL)
		goto out;
	if (student_id && offer_id) {
		explain_pair(m, student_id, offer_id, &ex);
		rc = 0;
		goto out;
	}
	/* every line of a student's or an offer's list, in the order it is read */
	st = db_prepare(ctx->db, student_id ?
	    "SELECT student_id, offer_id FROM recommendations WHERE student_id = ?1"
	    " AND (manual = 1 OR student_rank IS NOT NULL) ORDER BY manual DESC, score DESC, offer_id" :
	    "SELECT student_id, offer_id FROM recommendations WHERE offer_id = ?1"
	    " AND (manual = 1 OR offer_rank IS NOT NULL) ORDER BY manual DESC, score DESC, student_id");
	db_bind_int(st, 1, student_id ? student_id : offer_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		if (ex.len)
			strbuf_addch(&ex, '\n');
		explain_pair(m, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), &ex);
	}
out:
	rec_model_free(&m);
	rec_norm_free(&norm);
	if (rc < 0) {
		strbuf_release(&ex);
		return NULL;
	}
	return strbuf_detach(&ex, NULL);
}
