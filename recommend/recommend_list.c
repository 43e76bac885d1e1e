/*
 * recommend_list.c - reading and writing what people see of the
 * recommendations: a student's criteria (PROFIL form lines, the CLI), the
 * lists of a student or an offer in the order people read them (manual
 * recommendations first, then by decreasing score), and favourites.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "db.h"
#include "notify.h"
#include "recommend.h"
#include "status.h"
#include "strbuf.h"
#include "table.h"
#include "util.h"

int
recommend_profile_set(struct altc *ctx, int64_t student_id, const char *key, const char *value,
    char **errstr_r)
{
	int c = rec_criterion_find(key);
	sqlite3_stmt *st;

	if (c < 0 || c == REC_FORMATION)
		return 0;
	st = db_prepare(ctx->db, "DELETE FROM student_criteria WHERE student_id = ?1"
	    " AND criterion_id = (SELECT id FROM criteria WHERE name = ?2)");
	db_bind_int(st, 1, student_id);
	db_bind_text(st, 2, rec_criterion_name(c));
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	if (value && *value) {
		st = db_prepare(ctx->db, "INSERT INTO student_criteria (student_id, criterion_id, value)"
		    " SELECT ?1, id, ?3 FROM criteria WHERE name = ?2");
		db_bind_int(st, 1, student_id);
		db_bind_text(st, 2, rec_criterion_name(c));
		db_bind_text(st, 3, value);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return -1;
	}
	st = db_prepare(ctx->db, "UPDATE users SET updated_at = ?2 WHERE id = ?1");
	db_bind_int(st, 1, student_id);
	db_bind_int(st, 2, now_epoch());
	return db_done(ctx->db, st, errstr_r) < 0 ? -1 : 1;
}

/*
 * query_table - the rows of a bound statement as a table of ncols text
 * columns; column matched (-1: none) holds stored matched criteria, shown
 */
static struct table *
query_table_matched(struct altc *ctx, sqlite3_stmt *st, const char *const *cols, size_t ncols,
    int matched, char **errstr_r)
{
	struct table *t = table_new(cols, ncols);
	struct strbuf b = STRBUF_INIT;
	const char *row[12];
	int rc;

	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		for (size_t i = 0; i < ncols; i++)
			row[i] = sqlite3_column_type(st, (int)i) == SQLITE_NULL ? NULL :
			    db_col_text(st, (int)i);
		if (matched >= 0 && row[matched]) {
			strbuf_reset(&b);
			rec_matched_render(row[matched], "fr", REC_SHOW_ALL, &b);
			row[matched] = b.buf;
		}
		table_add_row(t, row);
	}
	strbuf_release(&b);
	if (rc < 0)
		table_free(&t);
	return t;
}

static struct table *
query_table(struct altc *ctx, sqlite3_stmt *st, const char *const *cols, size_t ncols,
    char **errstr_r)
{
	return query_table_matched(ctx, st, cols, ncols, -1, errstr_r);
}

struct table *
recommend_profile(struct altc *ctx, int64_t student_id, char **errstr_r)
{
	static const char *const cols[] = { "criterion", "label", "value" };
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT c.name, c.label, x.value"
	    " FROM student_criteria x JOIN criteria c ON c.id = x.criterion_id"
	    " WHERE x.student_id = ? ORDER BY c.id, x.rowid");

	db_bind_int(st, 1, student_id);
	return query_table(ctx, st, cols, 3, errstr_r);
}

struct table *
recommend_list(struct altc *ctx, int64_t student_id, int64_t offer_id, char **errstr_r)
{
	static const char *const scols[] = { "offer", "title", "company", "location", "score",
	    "manual", "matched" };
	static const char *const ocols[] = { "student", "first_name", "formation", "score",
	    "manual", "matched" };
	sqlite3_stmt *st;

	if (student_id) {
		st = db_prepare(ctx->db, "SELECT o.id, o.title, c.name, o.location, r.score,"
		    " r.manual, r.matched FROM recommendations r JOIN offers o ON o.id = r.offer_id"
		    " JOIN companies c ON c.id = o.company_id WHERE r.student_id = ?1"
		    " AND (r.manual = 1 OR r.student_rank IS NOT NULL) AND o.state = 'published'"
		    " AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.student_id = r.student_id"
		    "  AND a.offer_id = r.offer_id)"
		    " ORDER BY r.manual DESC, r.score DESC, o.id");
		db_bind_int(st, 1, student_id);
		return query_table_matched(ctx, st, scols, 7, 6, errstr_r);
	}
	st = db_prepare(ctx->db, "SELECT u.id, u.first_name, (SELECT group_concat(f.code, ', ')"
	    "  FROM student_formations sf JOIN formations f ON f.id = sf.formation_id"
	    "  WHERE sf.student_id = u.id), r.score, r.manual, r.matched"
	    " FROM recommendations r JOIN users u ON u.id = r.student_id WHERE r.offer_id = ?1"
	    " AND (r.manual = 1 OR r.offer_rank IS NOT NULL) AND u.state = 'registered'"
	    " AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.student_id = r.student_id"
	    "  AND a.offer_id = r.offer_id)"
	    " ORDER BY r.manual DESC, r.score DESC, u.id");
	db_bind_int(st, 1, offer_id);
	return query_table_matched(ctx, st, ocols, 6, 5, errstr_r);
}

/* ---- favourites ---- */

int
recommend_favorite_add(struct altc *ctx, int64_t user_id, int64_t number, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT role FROM users WHERE id = ?");
	int student, rc;

	db_bind_int(st, 1, user_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) <= 0) {
		sqlite3_reset(st);
		if (rc == 0)
			*errstr_r = xasprintf("no user %lld", (long long)user_id);
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	}
	student = strcmp(db_col_text(st, 0), "student") == 0;
	sqlite3_reset(st);
	if (student)	/* a published offer for one of the student's formations, or for all */
		st = db_prepare(ctx->db, "SELECT 1 FROM offers o WHERE o.id = ?2"
		    " AND o.state = 'published' AND (NOT EXISTS (SELECT 1 FROM offer_formations l"
		    "  WHERE l.offer_id = o.id) OR EXISTS (SELECT 1 FROM offer_formations l"
		    "  JOIN student_formations sf ON sf.formation_id = l.formation_id"
		    "  WHERE l.offer_id = o.id AND l.state = 'validated' AND sf.student_id = ?1))");
	else		/* a profile proposed for one of the employer's offers */
		st = db_prepare(ctx->db, "SELECT 1 FROM recommendations r JOIN offers o"
		    " ON o.id = r.offer_id JOIN users e ON e.id = ?1 AND e.company_id = o.company_id"
		    " WHERE r.student_id = ?2 LIMIT 1");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, number);
	if ((rc = db_step(ctx->db, st, errstr_r)) <= 0) {
		sqlite3_reset(st);
		if (rc == 0)
			*errstr_r = xasprintf(student ? "no published offer %lld" :
			    "no profile %lld among those proposed to you", (long long)number);
		return rc < 0 ? ACT_EDB : ACT_ENOTFOUND;
	}
	sqlite3_reset(st);
	st = db_prepare(ctx->db, student ?
	    "INSERT OR IGNORE INTO favorites (user_id, offer_id, created_at) VALUES (?1, ?2, ?3)" :
	    "INSERT OR IGNORE INTO favorites (user_id, student_id, created_at) VALUES (?1, ?2, ?3)");
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, number);
	db_bind_int(st, 3, now_epoch());
	return db_done(ctx->db, st, errstr_r) < 0 ? ACT_EDB : ACT_OK;
}

static const char favorites_sql[] =
	"SELECT o.id, o.title, c.name, o.location, o.state, o.expires_at, NULL, NULL, NULL"
	" FROM favorites v JOIN offers o ON o.id = v.offer_id JOIN companies c ON c.id = o.company_id"
	" WHERE v.user_id = ?1"
	" UNION ALL SELECT u.id, NULL, NULL, NULL, u.state, NULL, u.first_name,"
	" (SELECT group_concat(f.code, ', ') FROM student_formations sf JOIN formations f"
	"  ON f.id = sf.formation_id WHERE sf.student_id = u.id), u.profile_show"
	" FROM favorites v JOIN users u ON u.id = v.student_id WHERE v.user_id = ?1"
	" ORDER BY 1";

struct table *
recommend_favorites(struct altc *ctx, int64_t user_id, char **errstr_r)
{
	static const char *const cols[] = { "number", "title", "company", "location", "state",
	    "expires_at", "first_name", "formation" };
	sqlite3_stmt *st = db_prepare(ctx->db, favorites_sql);

	db_bind_int(st, 1, user_id);
	return query_table(ctx, st, cols, 8, errstr_r);
}

struct json_object *
recommend_favorites_json(struct altc *ctx, int64_t user_id, const char *locale, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, favorites_sql);
	struct json_object *a = json_object_new_array();
	int rc;

	db_bind_int(st, 1, user_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "id", json_object_new_int64(sqlite3_column_int64(st, 0)));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
			char *when = notify_format_date(locale, sqlite3_column_int64(st, 5));

			json_object_object_add(o, "title", json_object_new_string(db_col_text(st, 1)));
			json_object_object_add(o, "company", json_object_new_string(db_col_text(st, 2)));
			json_object_object_add(o, "location", json_object_new_string(db_col_text(st, 3)));
			json_object_object_add(o, "expires", json_object_new_string(when));
			json_object_object_add(o, "is_offer", json_object_new_boolean(1));
			json_object_object_add(o, "open", json_object_new_boolean(
			    strcmp(db_col_text(st, 4), "published") == 0));
			free(when);
		} else {
			/* an employer's kept profile: what the student agreed to show */
			unsigned show = rec_show_read(sqlite3_column_type(st, 8) == SQLITE_NULL ?
			    NULL : db_col_text(st, 8));

			json_object_object_add(o, "first_name", json_object_new_string(
			    show & REC_SHOW_FIRST_NAME ? db_col_text(st, 6) : ""));
			json_object_object_add(o, "formation", json_object_new_string(
			    show & REC_SHOW_FORMATION ? db_col_text(st, 7) : ""));
			json_object_object_add(o, "is_profile", json_object_new_boolean(1));
		}
		json_object_array_add(a, o);
	}
	if (rc < 0) {
		json_object_put(a);
		return NULL;
	}
	return a;
}

int
recommend_favorites_warn(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	int64_t now = now_epoch();
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT v.rowid, v.user_id, o.id, o.title,"
	    " o.expires_at FROM favorites v JOIN offers o ON o.id = v.offer_id"
	    " WHERE v.warned_at IS NULL AND o.state = 'published' AND o.expires_at > ?1"
	    " AND o.expires_at <= ?1 + ?2");
	struct id_list rows = { 0 }, users = { 0 }, offers = { 0 }, exp = { 0 };
	struct strbuf titles = STRBUF_INIT;
	size_t *off = NULL;
	int rc;

	*did_r = 0;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, (int64_t)REC_FAVORITE_WARN_DAYS * 86400);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		id_list_add(&rows, sqlite3_column_int64(st, 0));
		id_list_add(&users, sqlite3_column_int64(st, 1));
		id_list_add(&offers, sqlite3_column_int64(st, 2));
		id_list_add(&exp, sqlite3_column_int64(st, 4));
		off = xreallocarray(off, rows.n, sizeof(*off));
		off[rows.n - 1] = titles.len;
		strbuf_add(&titles, db_col_text(st, 3), strlen(db_col_text(st, 3)) + 1);
	}
	for (size_t i = 0; i < rows.n && rc == 0; i++) {
		struct json_object *v = json_object_new_object();
		struct notify_msg m = { 0 };
		char *when = notify_format_date(NULL, exp.v[i]);

		json_object_object_add(v, "offer_id", json_object_new_int64(offers.v[i]));
		json_object_object_add(v, "title", json_object_new_string(titles.buf + off[i]));
		json_object_object_add(v, "expires", json_object_new_string(when));
		m.user_id = users.v[i];
		m.template = "recommend.favorite_expiring";
		m.importance = NOTIFY_ACTION;
		m.vars_json = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE);
		if (notify_queue(ctx, &m, errstr_r) < 0)
			rc = -1;
		else {
			st = db_prepare(ctx->db, "UPDATE favorites SET warned_at = ?2 WHERE rowid = ?1");
			db_bind_int(st, 1, rows.v[i]);
			db_bind_int(st, 2, now);
			rc = db_done(ctx->db, st, errstr_r);
			(*did_r)++;
		}
		json_object_put(v);
		free(when);
	}
	id_list_release(&rows);
	id_list_release(&users);
	id_list_release(&offers);
	id_list_release(&exp);
	strbuf_release(&titles);
	free(off);
	return rc < 0 ? -1 : 0;
}
