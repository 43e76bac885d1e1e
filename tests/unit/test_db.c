/*
 * test_db.c - migrations and the database guarantees the engine relies on:
 * WAL, foreign keys, refusing a newer schema or a file that is not a
 * database, statement cache, savepoints.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include "altc.h"
#include "db.h"
#include "db_schema.h"
#include "testlib.h"
#include "util.h"

static int
pragma(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;

	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_migrate(void **state)
{
	char *dir = testlib_tmpdir(), *path = xasprintf("%s/a.db", dir), *err = NULL;
	struct db *db;
	sqlite3_stmt *st;

	(void)state;
	assert_null(db_open(path, 0, &err));	/* not created without create */
	assert_non_null(strstr(err, "altc init"));
	free(err);
	db = db_open(path, 1, &err);
	assert_non_null(db);
	assert_int_equal(pragma(db, "PRAGMA user_version"), db_schema_version());
	assert_int_equal(pragma(db, "PRAGMA foreign_keys"), 1);
	st = db_prepare(db, "PRAGMA journal_mode");
	assert_int_equal(db_step(db, st, NULL), 1);
	assert_string_equal(db_col_text(st, 0), "wal");
	sqlite3_reset(st);
	assert_int_equal(db_integrity(db, &err), 0);
	db_close(&db);
	/* reopening applies nothing and keeps the version */
	db = db_open(path, 0, &err);
	assert_non_null(db);
	assert_int_equal(pragma(db, "PRAGMA user_version"), db_schema_version());
	/* a newer schema is refused, the file untouched */
	assert_int_equal(db_exec(db, "PRAGMA user_version = 999", NULL), 0);
	db_close(&db);
	assert_null(db_open(path, 0, &err));
	assert_non_null(strstr(err, "newer than this altc"));
	free(err);
	free(path);
	testlib_rm_rf(dir);
	free(dir);
}

/* a database of schema version 1 (its rows kept) is brought to the current one */
static void
test_upgrade_from_1(void **state)
{
	char *dir = testlib_tmpdir(), *path = xasprintf("%s/v1.db", dir), *err = NULL;
	sqlite3 *h;
	struct db *db;
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, db_migrations[0], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
	    "INSERT INTO users (email, role, state, created_at, updated_at)"
	    "  VALUES ('a@etu.example', 'student', 'registered', 0, 0);"
	    "INSERT INTO companies (siret, name, created_at) VALUES ('80754009100004', 'B', 0);"
	    "INSERT INTO offers (company_id, title, handicap, expires_at, created_at, updated_at)"
	    "  VALUES (1, 'Comptable', 1, 0, 0, 0);"
	    "PRAGMA user_version = 1; COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	db = db_open(path, 0, &err);
	assert_non_null(db);
	assert_int_equal(pragma(db, "PRAGMA user_version"), db_schema_version());
	/* the rows are there, the new columns and tables too */
	st = db_prepare(db, "SELECT coalesce(profile_show, 'default'), disability IS NULL FROM users");
	assert_int_equal(db_step(db, st, NULL), 1);
	assert_string_equal(db_col_text(st, 0), "default");
	sqlite3_reset(st);
	assert_int_equal(db_exec(db, "INSERT INTO consents (user_id, kind, version, locale, wording,"
	    " via, given_at) VALUES (1, 'signup', 'v', 'fr', 'w', 'page', 1)", &err), 0);
	assert_int_equal(db_exec(db, "SELECT count(*) FROM relay_files, sirene_establishments,"
	    " sirene_units, sirene_loads", &err), 0);
	/* the committed offer of version 1 is found by the handicap term, and stays so */
	st = db_prepare(db, "SELECT count(*) FROM offers_fts WHERE offers_fts MATCH 'audience : handi'");
	assert_int_equal(db_step(db, st, NULL), 1);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_reset(st);
	assert_int_equal(db_exec(db, "INSERT INTO users (email, role, state, created_at, updated_at)"
	    " VALUES ('rp@univ.example', 'rp', 'active', 0, 0);"
	    " INSERT INTO formations (code, label, rp_id) VALUES ('F1', 'F', 2);"
	    " INSERT INTO offer_formations (offer_id, formation_id) VALUES (1, 1)", &err), 0);
	st = db_prepare(db, "SELECT audience FROM offers WHERE id = 1");
	assert_int_equal(db_step(db, st, NULL), 1);
	assert_non_null(strstr(db_col_text(st, 0), " handi"));
	sqlite3_reset(st);
	assert_int_equal(db_integrity(db, &err), 0);
	db_close(&db);
	free(path);
	testlib_rm_rf(dir);
	free(dir);
}

/*
 * a database of schema version 2 with an application: applications is
 * rebuilt (its offer may be NULL now) with its company, and the rows that
 * reference it stay
 */
static void
test_upgrade_from_2(void **state)
{
	char *dir = testlib_tmpdir(), *path = xasprintf("%s/v2.db", dir), *err = NULL;
	sqlite3 *h;
	struct db *db;
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, db_migrations[0], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, db_migrations[1], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h,
	    "INSERT INTO users (email, role, state, created_at, updated_at)"
	    "  VALUES ('a@etu.example', 'student', 'registered', 0, 0);"
	    "INSERT INTO companies (siret, name, created_at) VALUES ('80754009100004', 'B', 0);"
	    "INSERT INTO offers (company_id, title, expires_at, created_at, updated_at)"
	    "  VALUES (1, 'Comptable', 0, 0, 0);"
	    "INSERT INTO applications (student_id, offer_id, state, created_at, updated_at)"
	    "  VALUES (1, 1, 'pending', 0, 0);"
	    "INSERT INTO documents (user_id, type, label, filename, sha256, size, created_at)"
	    "  VALUES (1, 'cv', 'CV', 'cv.pdf', 'x', 1, 0);"
	    "INSERT INTO application_documents VALUES (1, 1);"
	    "INSERT INTO relay_files (application_id, filename, content_type, sha256, size,"
	    "  created_at) VALUES (1, 'a.pdf', 'application/pdf', 'x', 1, 0);"
	    "PRAGMA user_version = 2; COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	db = db_open(path, 0, &err);
	assert_non_null(db);
	assert_int_equal(pragma(db, "PRAGMA user_version"), db_schema_version());
	st = db_prepare(db, "SELECT a.company_id, (SELECT count(*) FROM application_documents),"
	    " (SELECT count(*) FROM relay_files) FROM applications a WHERE a.id = 1");
	assert_int_equal(db_step(db, st, NULL), 1);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_int_equal(sqlite3_column_int(st, 2), 1);
	sqlite3_reset(st);
	/* an application to an offer is given its company; a spontaneous one names it */
	assert_int_equal(db_exec(db, "INSERT INTO offers (company_id, title, expires_at, created_at,"
	    " updated_at) VALUES (1, 'Vendeur', 0, 0, 0);"
	    " INSERT INTO applications (student_id, offer_id, state, created_at, updated_at)"
	    " VALUES (1, 2, 'pending', 0, 0);"
	    " INSERT INTO applications (student_id, company_id, state, created_at, updated_at)"
	    " VALUES (1, 1, 'pending', 0, 0)", &err), 0);
	assert_int_equal(db_exec(db, "INSERT INTO applications (student_id, company_id, state,"
	    " created_at, updated_at) VALUES (1, 1, 'pending', 0, 0)", NULL), -1);
	assert_int_equal(db_exec(db, "INSERT INTO applications (student_id, state, created_at,"
	    " updated_at) VALUES (1, 'pending', 0, 0)", NULL), -1);
	st = db_prepare(db, "SELECT count(*) FROM applications WHERE company_id = 1");
	assert_int_equal(db_step(db, st, NULL), 1);
	assert_int_equal(sqlite3_column_int(st, 0), 3);
	sqlite3_reset(st);
	assert_int_equal(db_exec(db, "SELECT count(*) FROM structures, structure_members,"
	    " structure_partners", &err), 0);
	assert_int_equal(db_integrity(db, &err), 0);
	db_close(&db);
	free(path);
	testlib_rm_rf(dir);
	free(dir);
}

static void
test_not_a_database(void **state)
{
	char *dir = testlib_tmpdir(), *path = xasprintf("%s/b.db", dir), *err = NULL;

	(void)state;
	testlib_write(path, "this is certainly not an SQLite file, but text long enough to matter\n");
	assert_null(db_open(path, 0, &err));
	assert_non_null(strstr(err, path));
	free(err);
	free(path);
	testlib_rm_rf(dir);
	free(dir);
}

static const char keys_sql[] = "SELECT group_concat(key) FROM settings";

static void
test_constraints_and_savepoints(void **state)
{
	struct altc ctx;
	struct db *db;
	sqlite3_stmt *st;
	char *err = NULL;

	(void)state;
	testlib_instance(&ctx);
	db = ctx.db;
	assert_int_equal(db_begin(db), 0);
	/* foreign keys are enforced */
	assert_int_equal(db_exec(db, "INSERT INTO student_formations (student_id, formation_id,"
	    " created_at) VALUES (42, 43, 0)", &err), -1);
	free(err);
	err = NULL;
	/* a savepoint rolled back leaves the outer transaction alive */
	assert_int_equal(db_savepoint(db, "one"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO settings VALUES ('a', '1')", NULL), 0);
	db_rollback_to(db, "one");
	assert_int_equal(db_savepoint(db, "two"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO settings VALUES ('b', '2')", NULL), 0);
	assert_int_equal(db_release(db, "two"), 0);
	assert_int_equal(db_commit(db), 0);
	st = db_prepare(db, keys_sql);
	assert_int_equal(db_step(db, st, NULL), 1);
	assert_string_equal(db_col_text(st, 0), "b");
	sqlite3_reset(st);
	/* the statement cache returns the same statement for the same literal */
	assert_ptr_equal(db_prepare(db, keys_sql), st);
	/* audit rows */
	assert_int_equal(db_audit(db, "x@y.example", "offer", 3, "pending", "publish", "published", NULL), 0);
	assert_int_equal(db_exec(db, "SELECT 1", NULL), 0);
	testlib_instance_free(&ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate),
		cmocka_unit_test(test_upgrade_from_2),
		cmocka_unit_test(test_upgrade_from_1),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_constraints_and_savepoints),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
