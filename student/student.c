/*
 * student.c - student rows: creation by the import, identity lookups and the
 * list/show views.  Statements are cached by db_prepare, so a 100,000-line
 * import prepares each of them once.
 */
#include "compat.h"

#include "db.h"
#include "strbuf.h"
#include "student.h"
#include "table.h"
#include "util.h"

/* bind_opt - "" becomes NULL so absent fields stay NULL (not copied: see db_bind_keep) */
static void
bind_opt(sqlite3_stmt *st, int idx, const char *s)
{
	db_bind_keep(st, idx, (s && *s) ? s : NULL);
}

int
student_create(struct db *db, const struct student_fields *f, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO users (email, role, state, last_name, first_name, phone_fixed,"
	    " phone_mobile, ine, birth_date, address1, address2, postal_code, city, country,"
	    " last_school, created_at, updated_at, locale)"
	    " VALUES (?, 'student', 'imported', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " coalesce(?, 'fr'))");
	int64_t now = now_epoch();
	char detail[64];

	db_bind_keep(st, 1, f->email);
	db_bind_keep(st, 2, f->last_name);
	db_bind_keep(st, 3, f->first_name);
	bind_opt(st, 4, f->phone_fixed);
	bind_opt(st, 5, f->phone_mobile);
	bind_opt(st, 6, f->ine);
	bind_opt(st, 7, f->birth_date);
	bind_opt(st, 8, f->address1);
	bind_opt(st, 9, f->address2);
	bind_opt(st, 10, f->postal_code);
	bind_opt(st, 11, f->city);
	bind_opt(st, 12, f->country);
	bind_opt(st, 13, f->last_school);
	db_bind_int(st, 14, now);
	db_bind_int(st, 15, now);
	db_bind_keep(st, 16, f->locale);
	if (db_done(db, st, errstr_r) < 0)
		return -1;
	*id_r = sqlite3_last_insert_rowid(db->h);
	(void)xsnprintf(detail, sizeof(detail), "account %lld: -> imported", (long long)*id_r);
	if (db_audit(db, NULL, "account", *id_r, NULL, "import", "imported", detail) < 0) {
		*errstr_r = xstrdup("audit row");
		return -1;
	}
	return 0;
}

/* one_id - run a statement returning one id */
static int
one_id(struct db *db, sqlite3_stmt *st, int64_t *id_r, char **errstr_r)
{
	int rc = db_step(db, st, errstr_r);

	if (rc == 1)
		*id_r = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

int
student_find_ine(struct db *db, const char *ine, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id FROM users WHERE ine = ?1 AND ine IS NOT NULL AND +role = 'student'"
	    " ORDER BY id LIMIT 1");	/* +role: the users_ine index, not users_role */

	db_bind_text(st, 1, ine);
	return one_id(db, st, id_r, errstr_r);
}

static int
fill_user(struct db *db, sqlite3_stmt *st, struct user_ref *u, char **errstr_r)
{
	int rc = db_step(db, st, errstr_r);

	if (rc == 1) {
		u->id = sqlite3_column_int64(st, 0);
		(void)xstrlcpy(u->role, db_col_text(st, 1), sizeof(u->role));
		(void)xstrlcpy(u->state, db_col_text(st, 2), sizeof(u->state));
		(void)xstrlcpy(u->email, db_col_text(st, 3), sizeof(u->email));
		(void)xstrlcpy(u->last_name, db_col_text(st, 4), sizeof(u->last_name));
		(void)xstrlcpy(u->first_name, db_col_text(st, 5), sizeof(u->first_name));
		(void)xstrlcpy(u->locale, db_col_text(st, 6), sizeof(u->locale));
		(void)xstrlcpy(u->birth_date, db_col_text(st, 7), sizeof(u->birth_date));
	}
	sqlite3_reset(st);
	return rc;
}

int
user_find_email(struct db *db, const char *email, struct user_ref *u_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id, role, state, email, last_name, first_name, locale, coalesce(birth_date, '')"
	    " FROM users WHERE email = ?");

	db_bind_text(st, 1, email);
	return fill_user(db, st, u_r, errstr_r);
}

int
user_find_id(struct db *db, int64_t id, struct user_ref *u_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id, role, state, email, last_name, first_name, locale, coalesce(birth_date, '')"
	    " FROM users WHERE id = ?");

	db_bind_int(st, 1, id);
	return fill_user(db, st, u_r, errstr_r);
}

int
student_has_formation(struct db *db, int64_t student_id, int64_t formation_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT 1 FROM student_formations WHERE student_id = ? AND formation_id = ?");
	int64_t one;

	db_bind_int(st, 1, student_id);
	db_bind_int(st, 2, formation_id);
	return one_id(db, st, &one, errstr_r);
}

int
student_add_formation(struct db *db, int64_t student_id, int64_t formation_id,
    int64_t import_id, const char *avis, const char *avis_date, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT INTO student_formations (student_id, formation_id, import_id, avis,"
	    " avis_date, created_at) VALUES (?, ?, ?, ?, ?, ?)");

	db_bind_int(st, 1, student_id);
	db_bind_int(st, 2, formation_id);
	if (import_id > 0)
		db_bind_int(st, 3, import_id);
	bind_opt(st, 4, avis);
	bind_opt(st, 5, avis_date);
	db_bind_int(st, 6, now_epoch());
	return db_done(db, st, errstr_r);
}

int
student_formation_label(struct db *db, int64_t student_id, char *buf, size_t size, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT f.label FROM student_formations sf JOIN formations f ON f.id = sf.formation_id"
	    " WHERE sf.student_id = ? ORDER BY sf.created_at DESC, f.id DESC LIMIT 1");
	int rc;

	db_bind_int(st, 1, student_id);
	buf[0] = '\0';
	rc = db_step(db, st, errstr_r);
	if (rc == 1)
		(void)xstrlcpy(buf, db_col_text(st, 0), size);
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

/* progression shown to students, most advanced step first */
static const char progression_sql[] =
    "CASE WHEN EXISTS (SELECT 1 FROM missions m WHERE m.student_id = u.id"
    "   AND m.state IN ('submitted','validated')) THEN 'fiche mission complétée'"
    " WHEN EXISTS (SELECT 1 FROM applications a WHERE a.student_id = u.id"
    "   AND a.state = 'accepted') THEN 'accepté'"
    " WHEN EXISTS (SELECT 1 FROM applications a WHERE a.student_id = u.id) THEN 'a candidaté'"
    " ELSE 'pré-admis' END";

struct table *
student_table(struct db *db, const char *email, char **errstr_r)
{
	static const char *const cols[] = {
		"email", "nom", "prenom", "statut", "formations", "progression", "injoignable", "ine",
		"date_naissance", "portable"
	};
	static char sql_all[1024], sql_one[1024];
	struct table *t;
	sqlite3_stmt *st;
	int rc;

	if (sql_all[0] == '\0') {
		static const char head[] =
		    "SELECT u.email, u.last_name, u.first_name, u.state,"
		    " (SELECT group_concat(code, ',') FROM (SELECT f.code FROM student_formations sf"
		    "   JOIN formations f ON f.id = sf.formation_id WHERE sf.student_id = u.id"
		    "   ORDER BY f.code)), %s, u.unreachable, u.ine, u.birth_date, u.phone_mobile"
		    " FROM users u WHERE u.role = 'student'%s ORDER BY u.last_name, u.first_name, u.id";

		(void)xsnprintf(sql_all, sizeof(sql_all), head, progression_sql, "");
		(void)xsnprintf(sql_one, sizeof(sql_one), head, progression_sql, " AND u.email = ?");
	}
	st = db_prepare(db, email ? sql_one : sql_all);
	if (email)
		db_bind_text(st, 1, email);
	t = table_new(cols, ARRAY_SIZE(cols));
	while ((rc = db_step(db, st, errstr_r)) == 1) {
		const char *v[ARRAY_SIZE(cols)];
		size_t i;

		for (i = 0; i < ARRAY_SIZE(cols); i++)
			v[i] = sqlite3_column_type(st, (int)i) == SQLITE_NULL ? NULL : db_col_text(st, (int)i);
		v[6] = sqlite3_column_int(st, 6) ? "oui" : "non";
		table_add_row(t, v);
	}
	sqlite3_reset(st);
	if (rc < 0)
		table_free(&t);
	return t;
}
