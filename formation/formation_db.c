/*
 * formation_db.c - formation lookups for the import (capacity and current
 * head count) and the delegation of an rp's formations to a ga.
 */
#include "compat.h"

#include "db.h"
#include "formation_db.h"
#include "strbuf.h"
#include "util.h"

int
formation_find(struct db *db, const char *code, struct formation_ref *f, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT id, capacity, code, label,"
	    " (SELECT count(*) FROM student_formations sf WHERE sf.formation_id = formations.id)"
	    " FROM formations WHERE code = ?");
	int rc;

	db_bind_text(st, 1, code);
	rc = db_step(db, st, errstr_r);
	if (rc == 1) {
		f->id = sqlite3_column_int64(st, 0);
		f->capacity = sqlite3_column_int64(st, 1);
		(void)xstrlcpy(f->code, db_col_text(st, 2), sizeof(f->code));
		(void)xstrlcpy(f->label, db_col_text(st, 3), sizeof(f->label));
		f->count = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc;
}

/* staff_id - id of a user with the given role */
static int
staff_id(struct db *db, const char *email, const char *role, int64_t *id_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, role FROM users WHERE email = ?");
	int rc;

	db_bind_text(st, 1, email);
	rc = db_step(db, st, errstr_r);
	if (rc == 1 && strcmp(db_col_text(st, 1), role) != 0) {
		*errstr_r = xasprintf("'%s' is %s, not %s", email, db_col_text(st, 1), role);
		rc = -1;
	} else if (rc == 0) {
		*errstr_r = xasprintf("no user '%s'", email);
		rc = -1;
	} else if (rc == 1)
		*id_r = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
add_one(struct db *db, int64_t rp, int64_t ga, int64_t formation_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(db,
	    "INSERT OR IGNORE INTO delegations (rp_id, ga_id, formation_id) VALUES (?, ?, ?)");

	db_bind_int(st, 1, rp);
	db_bind_int(st, 2, ga);
	if (formation_id)
		db_bind_int(st, 3, formation_id);
	return db_done(db, st, errstr_r);
}

int
delegation_add(struct db *db, const char *rp_email, const char *ga_email,
    const char *codes, char **errstr_r)
{
	int64_t rp, ga;
	char *list, *p, *save = NULL;
	int rc = 0;

	if (staff_id(db, rp_email, "rp", &rp, errstr_r) < 0 ||
	    staff_id(db, ga_email, "ga", &ga, errstr_r) < 0)
		return -1;
	if (codes == NULL || *codes == '\0') {
		/* the NULL formation row means every formation; UNIQUE does not see NULLs */
		sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM delegations"
		    " WHERE rp_id = ? AND ga_id = ? AND formation_id IS NULL");
		int found;

		db_bind_int(st, 1, rp);
		db_bind_int(st, 2, ga);
		found = db_step(db, st, errstr_r);
		sqlite3_reset(st);
		if (found < 0)
			return -1;
		return found ? 0 : add_one(db, rp, ga, 0, errstr_r);
	}
	list = xstrdup(codes);
	for (p = strtok_r(list, ",", &save); p && rc == 0; p = strtok_r(NULL, ",", &save)) {
		struct formation_ref f;
		char *code = str_trim(p);
		int found = formation_find(db, code, &f, errstr_r);

		if (found == 0)
			*errstr_r = xasprintf("unknown formation '%s'", code);
		rc = found <= 0 ? -1 : add_one(db, rp, ga, f.id, errstr_r);
	}
	free(list);
	return rc;
}

int
formation_staff_may(struct db *db, int64_t formation_id, int64_t user_id)
{
	sqlite3_stmt *st = db_prepare(db,
	    "SELECT 1 FROM formations f JOIN users u ON u.id = ?2"
	    " WHERE f.id = ?1 AND u.state = 'active' AND (f.rp_id = ?2"
	    "  OR EXISTS (SELECT 1 FROM delegations d WHERE d.rp_id = f.rp_id AND d.ga_id = ?2"
	    "   AND (d.formation_id IS NULL OR d.formation_id = f.id)))");
	int ok;

	db_bind_int(st, 1, formation_id);
	db_bind_int(st, 2, user_id);
	ok = db_step(db, st, NULL) == 1;
	sqlite3_reset(st);
	return ok;
}
