/*
 * offer_search.c - reading offers: the students' CHERCHER (SQLite FTS5
 * over title, description, missions, location and keywords) and the
 * staff's list/show tables.  User words never reach the MATCH syntax: each
 * is reduced to letters and digits and quoted.  A word longer than
 * SEARCH_STEM letters matches every word starting with its first
 * SEARCH_STEM letters, answered by the index's prefix='6' (a crude French
 * stemmer: "comptabilité" finds "comptable", "gestion" finds
 * "gestionnaire"); a general prefix query would merge the posting lists of
 * every matching word, tens of milliseconds for common words.
 *
 * Who may see an offer is part of the index (offers.audience, see
 * db_schema.c): a published offer validated for one of the student's
 * formations, or targeting none; a pending one targeting them (or none).
 *
 * Ranking: bm25 needs the document frequency of every term, a scan of the
 * whole posting list, which costs tens of milliseconds for a common word
 * over 50,000 offers.  So the search takes the SEARCH_WINDOW most recent
 * offers the student may see that match, and ranks only those with
 * offer_rank, a column-weighted count of the matches (title first) that
 * reads nothing but the row's own positions.
 */
#include "compat.h"

#include <ctype.h>

#include <sqlite3.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "offer.h"
#include "offer_int.h"
#include "strbuf.h"
#include "table.h"
#include "text.h"
#include "util.h"

#define SEARCH_WINDOW 120
#define SEARCH_STEM 6	/* the prefix='6' of offers_fts (db_schema.c) */

/* weight of a match per column: title, description, missions, location, keywords (audience: 0) */
static const double column_weight[] = { 10.0, 1.0, 1.0, 3.0, 4.0, 0.0 };

/* offer_rank - FTS5 auxiliary function: sum of weight / (1 + length / 10) per match */
static void
offer_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *sctx, int nval,
    sqlite3_value **vals)
{
	double score = 0;
	int n, phrase, col, off, len;

	(void)nval;
	(void)vals;
	if (api->xInstCount(fts, &n) != SQLITE_OK) {
		sqlite3_result_error(sctx, "offer_rank: no instances", -1);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (api->xInst(fts, i, &phrase, &col, &off) != SQLITE_OK || col < 0 || col >= 6 ||
		    api->xColumnSize(fts, col, &len) != SQLITE_OK)
			continue;
		score += column_weight[col] / (1.0 + len / 10.0);
	}
	sqlite3_result_double(sctx, score);
}

/* the connection offer_rank was last registered on, forgotten when it closes */
static sqlite3 *rank_db;

static void
rank_db_closed(void *p)
{
	if (rank_db == p)
		rank_db = NULL;
}

static void
rank_marker(sqlite3_context *sctx, int n, sqlite3_value **v)
{
	(void)n;
	(void)v;
	sqlite3_result_null(sctx);
}

/*
 * register_rank - offer_rank on this connection unless it is there already
 * (a marker function's destructor tells when the connection goes away);
 * the first time, also map offers.search_mmap_bytes of the database
 */
static int
register_rank(struct altc *ctx, char **errstr_r)
{
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	char *sql;
	int rc;

	if (rank_db == ctx->db->h)
		return 0;
	if (sqlite3_prepare_v2(ctx->db->h, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		(void)sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (api == NULL || api->xCreateFunction(api, "offer_rank", NULL, offer_rank, NULL) !=
	    SQLITE_OK || sqlite3_create_function_v2(ctx->db->h, "altc_offer_rank_marker", 0,
	    SQLITE_UTF8, ctx->db->h, rank_marker, NULL, NULL, rank_db_closed) != SQLITE_OK) {
		*errstr_r = xstrdup("cannot register offer_rank with FTS5");
		return -1;
	}
	rank_db = ctx->db->h;
	/* the index pages of common words are read by every search: map them */
	sql = sqlite3_mprintf("PRAGMA mmap_size = %lld",
	    config_int(ctx->cfg, "offers.search_mmap_bytes"));
	rc = db_exec(ctx->db, sql, errstr_r);
	sqlite3_free(sql);
	return rc;
}

/* words too common to narrow a search (folded) */
static const char *const stop_words[] = {
	"de", "des", "du", "la", "le", "les", "un", "une", "et", "en", "pour", "au", "aux",
	"the", "of", "and", "for", "an", "or", "ou", "d", "l",
};

void
offer_hits_release(struct offer_hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].title);
		free(h->v[i].company);
		free(h->v[i].location);
		free(h->v[i].state);
	}
	FREE_AND_NULL(h->v);
	h->n = 0;
}

/* rfind_sep - the last " à " / " a " / " in " / " at " separator in s, or NULL */
static const char *
rfind_sep(const char *s, size_t *seplen_r)
{
	static const char *const seps[] = { " \xc3\xa0 ", " \xc3\x80 ", " a ", " A ", " in ", " at " };
	const char *best = NULL;

	for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
		for (const char *p = s; (p = strstr(p, seps[i])) != NULL; p++)
			if (best == NULL || p > best) {
				best = p;
				*seplen_r = strlen(seps[i]);
			}
	return best;
}

void
offer_search_split(const char *args, char **keywords_r, char **place_r)
{
	size_t seplen = 0;
	const char *sep = rfind_sep(args, &seplen);

	*place_r = NULL;
	if (sep == NULL || sep == args) {
		*keywords_r = str_trim(xstrdup(args));
		return;
	}
	*keywords_r = str_trim(xstrndup(args, (size_t)(sep - args)));
	*place_r = str_trim(xstrdup(sep + seplen));
	if (**place_r == '\0')
		FREE_AND_NULL(*place_r);
}

/*
 * handicap_word - a word asking for offers of companies committed to
 * disabled workers ("handicap", "RQTH", "handi-accueillant"...), folded
 */
static int
handicap_word(const char *w, size_t len)
{
	static const char *const words[] = { "handicap", "handicape", "handicapee", "handi",
	    "rqth", "oeth", "handiaccueillant", "handiaccueillante", "disability", "disabled" };

	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (strlen(words[k]) == len && memcmp(words[k], w, len) == 0)
			return 1;
	return 0;
}

/*
 * take_handicap - whether the keywords ask for the handicap commitment; the
 * words that do are blanked, the commitment being a filter, not a term
 */
static int
take_handicap(char *kw)
{
	struct strbuf f = STRBUF_INIT;
	int found = 0;
	size_t i = 0;

	while (kw[i]) {
		size_t start, j, w;

		while (kw[i] && !isalnum((unsigned char)kw[i]) && !((unsigned char)kw[i] & 0x80))
			i++;
		start = i;
		/* "handi-accueillant": the hyphen stays inside the word here */
		while (kw[i] && (isalnum((unsigned char)kw[i]) || ((unsigned char)kw[i] & 0x80) ||
		    (kw[i] == '-' && i > start)))
			i++;
		if (i == start)
			continue;
		strbuf_reset(&f);
		text_fold(&f, kw + start, i - start, 0);
		for (j = 0, w = 0; j < f.len; j++)	/* handi-accueillant -> handiaccueillant */
			if (f.buf[j] != '-')
				f.buf[w++] = f.buf[j];
		if (handicap_word(f.buf, w)) {
			memset(kw + start, ' ', i - start);
			found = 1;
		}
	}
	strbuf_release(&f);
	return found;
}

/* add_terms - the words of s as quoted prefix terms, each behind prefix; count added */
static size_t
add_terms(struct strbuf *q, const char *s, const char *prefix)
{
	struct strbuf f = STRBUF_INIT;
	size_t n = 0, i = 0;

	text_fold(&f, s, strlen(s), 0);
	while (i < f.len) {
		size_t start, k;

		while (i < f.len && !(isalnum((unsigned char)f.buf[i]) || (f.buf[i] & 0x80)))
			i++;
		start = i;
		while (i < f.len && (isalnum((unsigned char)f.buf[i]) || (f.buf[i] & 0x80)))
			i++;
		if (i == start)
			continue;
		for (k = 0; k < sizeof(stop_words) / sizeof(stop_words[0]); k++)
			if (strlen(stop_words[k]) == i - start &&
			    memcmp(stop_words[k], f.buf + start, i - start) == 0)
				break;
		if (k < sizeof(stop_words) / sizeof(stop_words[0]) || n >= 16)
			continue;
		k = i - start;
		if (k > SEARCH_STEM) {
			k = SEARCH_STEM;
			while (k > 0 && ((unsigned char)f.buf[start + k] & 0xc0) == 0x80)
				k--;	/* not in the middle of a UTF-8 character */
		}
		strbuf_addf(q, "%s%s\"%.*s\"%s", q->len ? " AND " : "", prefix, (int)k,
		    f.buf + start, k < i - start ? "*" : "");
		n++;
	}
	strbuf_release(&f);
	return n;
}

static int
is_student(struct altc *ctx, int64_t id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM users WHERE id = ? AND role = 'student' AND state <> 'closed'");
	int rc;

	db_bind_int(st, 1, id);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc == 1;
}

/*
 * audience - the two MATCH expressions: the user's terms restricted to the
 * published offers the student may see (pub) and to the pending ones (pend)
 */
static int
audience(struct altc *ctx, int64_t student_id, const struct strbuf *terms, struct strbuf *pub,
    struct strbuf *pend, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT formation_id FROM student_formations WHERE student_id = ? ORDER BY 1");
	struct id_list f = { 0 };

	db_bind_int(st, 1, student_id);
	if (id_list_query(ctx->db, st, &f, errstr_r) < 0)
		return -1;
	strbuf_addf(pub, "(%s) AND audience : \"spublished\" AND audience : (\"tnone\"", terms->buf);
	strbuf_addf(pend, "(%s) AND audience : \"spending\" AND audience : (\"tnone\"", terms->buf);
	for (size_t i = 0; i < f.n; i++) {
		strbuf_addf(pub, " OR \"v%lld\"", (long long)f.v[i]);
		strbuf_addf(pend, " OR \"t%lld\"", (long long)f.v[i]);
	}
	strbuf_addch(pub, ')');
	strbuf_addch(pend, ')');
	id_list_release(&f);
	return 0;
}

/* run_search - one part of the answer (published or pending) */
static int
run_search(struct altc *ctx, const char *match, size_t limit, struct offer_hits *h,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT w.id, o.title, c.name, coalesce(o.location, ''), o.state FROM"
	    " (SELECT rowid AS id, offer_rank(offers_fts) AS score FROM offers_fts"
	    "  WHERE offers_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3) w"
	    " JOIN offers o ON o.id = w.id JOIN companies c ON c.id = o.company_id"
	    " ORDER BY w.score DESC, w.id DESC LIMIT ?2");
	int rc;

	db_bind_text(st, 1, match);
	db_bind_int(st, 2, (int64_t)limit);
	db_bind_int(st, 3, SEARCH_WINDOW);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct offer_hit *x;

		h->v = xreallocarray(h->v, h->n + 1, sizeof(*h->v));
		x = &h->v[h->n++];
		x->id = sqlite3_column_int64(st, 0);
		x->title = xstrdup(db_col_text(st, 1));
		x->company = xstrdup(db_col_text(st, 2));
		x->location = xstrdup(db_col_text(st, 3));
		x->state = xstrdup(db_col_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("search: %s", sqlite3_errmsg(ctx->db->h));
		return ACT_EDB;
	}
	return ACT_OK;
}

int
offer_search(struct altc *ctx, int64_t student_id, const char *keywords, const char *place,
    size_t limit, struct offer_hits *published_r, struct offer_hits *others_r, char **errstr_r)
{
	struct strbuf q = STRBUF_INIT, pub = STRBUF_INIT, pend = STRBUF_INIT;
	char *kw = xstrdup(keywords ? keywords : "");
	size_t n;
	int rc, handicap;

	memset(published_r, 0, sizeof(*published_r));
	memset(others_r, 0, sizeof(*others_r));
	if (register_rank(ctx, errstr_r) < 0)
		return ACT_EDB;
	if (!is_student(ctx, student_id)) {
		*errstr_r = xstrdup("only students search offers");
		free(kw);
		return ACT_EDENIED;
	}
	handicap = take_handicap(kw);
	n = add_terms(&q, kw, "");
	free(kw);
	if (place)
		n += add_terms(&q, place, "location : ");
	/* the commitment is one more term of the index (offers.audience) */
	if (handicap) {
		strbuf_addf(&q, "%saudience : \"handi\"", q.len ? " AND " : "");
		n++;
	}
	if (n == 0) {
		*errstr_r = xstrdup("no keyword to search for");
		strbuf_release(&q);
		return ACT_EINPUT;
	}
	if (audience(ctx, student_id, &q, &pub, &pend, errstr_r) < 0) {
		strbuf_release(&q);
		return ACT_EDB;
	}
	rc = run_search(ctx, pub.buf, limit, published_r, errstr_r);
	if (rc == ACT_OK)
		rc = run_search(ctx, pend.buf, limit, others_r, errstr_r);
	strbuf_release(&pub);
	strbuf_release(&pend);
	strbuf_release(&q);
	if (rc != ACT_OK) {
		offer_hits_release(published_r);
		offer_hits_release(others_r);
	}
	return rc;
}

/* fill_table - every row of st as strings */
static int
fill_table(struct altc *ctx, sqlite3_stmt *st, struct table *t, size_t ncols, char **errstr_r)
{
	const char *vals[16];
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t i = 0; i < ncols; i++)
			vals[i] = sqlite3_column_type(st, (int)i) == SQLITE_NULL ? NULL :
			    (const char *)sqlite3_column_text(st, (int)i);
		table_add_row(t, vals);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*errstr_r = xasprintf("%s", sqlite3_errmsg(ctx->db->h));
		return -1;
	}
	return 0;
}

struct table *
offer_list_table(struct altc *ctx, const char *status, const char *formation, const char *siret,
    char **errstr_r)
{
	static const char *const cols[] = {
		"id", "state", "title", "company", "siret", "formations", "location", "expires"
	};
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT o.id, o.state, o.title, c.name, c.siret,"
	    " (SELECT group_concat(f.code || ':' || l.state, ',') FROM offer_formations l"
	    "  JOIN formations f ON f.id = l.formation_id WHERE l.offer_id = o.id),"
	    " o.location, date(o.expires_at, 'unixepoch')"
	    " FROM offers o JOIN companies c ON c.id = o.company_id"
	    " WHERE (?1 IS NULL OR o.state = ?1) AND (?3 IS NULL OR c.siret = ?3)"
	    " AND (?2 IS NULL OR EXISTS (SELECT 1 FROM offer_formations l"
	    "  JOIN formations f ON f.id = l.formation_id WHERE l.offer_id = o.id"
	    "  AND f.code = ?2 COLLATE NOCASE))"
	    " ORDER BY o.id");
	struct table *t = table_new(cols, 8);

	db_bind_text(st, 1, status);
	db_bind_text(st, 2, formation);
	db_bind_text(st, 3, siret);
	if (fill_table(ctx, st, t, 8, errstr_r) < 0)
		table_free(&t);
	return t;
}

struct table *
offer_show_table(struct altc *ctx, int64_t offer_id, char **errstr_r)
{
	static const char *const cols[] = {
		"id", "state", "title", "company", "siret", "duration", "positions", "location",
		"contract_type", "formations", "expires", "description", "missions", "pdf"
	};
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT o.id, o.state, o.title, c.name, c.siret, o.duration, o.positions, o.location,"
	    " o.contract_type,"
	    " (SELECT group_concat(f.code || ':' || l.state ||"
	    "   CASE WHEN l.rating IS NULL THEN '' ELSE ' ' || l.rating || '/5' END, ',')"
	    "  FROM offer_formations l JOIN formations f ON f.id = l.formation_id"
	    "  WHERE l.offer_id = o.id),"
	    " date(o.expires_at, 'unixepoch'), o.description, o.missions,"
	    " (SELECT filename FROM documents d WHERE d.id = o.description_doc_id)"
	    " FROM offers o JOIN companies c ON c.id = o.company_id WHERE o.id = ?");
	struct table *t = table_new(cols, 14);

	db_bind_int(st, 1, offer_id);
	if (fill_table(ctx, st, t, 14, errstr_r) < 0)
		table_free(&t);
	else if (table_rows(t) == 0) {
		*errstr_r = xasprintf("no offer %lld", (long long)offer_id);
		table_free(&t);
	}
	return t;
}
