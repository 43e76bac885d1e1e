/*
 * test_fault.h - database failures on demand, for the tests that check every
 * failure is reported: the Nth row written from now fails, as a full disk or
 * a broken constraint would fail it (a temporary trigger raises an error).
 * fault_sweep() runs an operation once per row it writes, failing each in
 * turn, and checks that the operation then says so (ACT_EDB, or -1 for the
 * functions that return 0 / -1); the transaction around it is rolled back
 * every time, so each run starts from the same state.  Reads are not
 * failed: a guard that reads nothing refuses, a label that reads nothing is
 * left out.  The test file includes cmocka.h first.
 */
#ifndef ALTC_TEST_FAULT_H
#define ALTC_TEST_FAULT_H

#include <sqlite3.h>

#include "altc.h"
#include "db.h"
#include "status.h"

struct fault {
	int target;	/* the row write to fail, counted from 1 */
	int count;	/* row writes since fault_arm */
	int fired;
	char what[96];	/* the write that failed: "INSERT on audit" */
};

static struct fault fault_now;

/* fault_hit() - SQL: whether this row write is the one to fail */
static void
fault_hit(sqlite3_context *sctx, int argc, sqlite3_value **argv)
{
	struct fault *f = sqlite3_user_data(sctx);
	int hit = f->target > 0 && ++f->count == f->target;

	(void)argc;
	if (hit)
		snprintf(f->what, sizeof(f->what), "%s on %s", sqlite3_value_text(argv[1]),
		    sqlite3_value_text(argv[0]));
	f->fired |= hit;
	sqlite3_result_int(sctx, hit);
}

/*
 * fault_install - a temporary trigger before every insert, update and
 * delete of every table (the full-text index's own tables aside): when
 * fault_hit() says so, the statement fails as a constraint would, and only
 * that statement is undone
 */
static inline void
fault_install(struct db *db)
{
	static const char *const ops[] = { "INSERT", "UPDATE", "DELETE" };
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_create_function(db->h, "fault_hit", 2, SQLITE_UTF8, &fault_now,
	    fault_hit, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT name FROM sqlite_master WHERE type ="
	    " 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '%fts%'", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			char *sql = sqlite3_mprintf("CREATE TEMP TRIGGER IF NOT EXISTS \"fault_%w_%s\""
			    " BEFORE %s ON main.\"%w\" WHEN fault_hit(%Q, %Q) BEGIN"
			    " SELECT RAISE(ABORT, 'injected fault'); END", t, ops[i], ops[i], t, t,
			    ops[i]);

			assert_int_equal(sqlite3_exec(db->h, sql, NULL, NULL, NULL), SQLITE_OK);
			sqlite3_free(sql);
		}
	}
	sqlite3_finalize(st);
}

/* fault_arm - the nth row write from now fails */
static inline void
fault_arm(struct db *db, int n)
{
	(void)db;
	memset(&fault_now, 0, sizeof(fault_now));
	fault_now.target = n;
}

/* fault_disarm - no more failures; whether one was made */
static inline int
fault_disarm(struct db *db)
{
	(void)db;
	fault_now.target = 0;
	return fault_now.fired;
}

/* an operation under test: its status (0 or ACT_OK when done) */
typedef int (*fault_op)(struct altc *ctx, void *arg, char **errstr_r);

/*
 * fault_sweep - op inside a transaction, with each of its statements failing
 * in turn, then with none: every failure must give want (ACT_EDB or -1),
 * the run without one must succeed; the transaction is rolled back after
 * each run.  The number of statements the operation runs.
 */
static inline int
fault_sweep(struct altc *ctx, const char *name, fault_op op, void *arg, int want)
{
	fault_install(ctx->db);
	/* once without failure first: every statement prepared, the index connected */
	{
		char *err = NULL;
		int rc;

		assert_int_equal(db_begin(ctx->db), 0);
		rc = op(ctx, arg, &err);
		db_rollback(ctx->db);
		if (rc != 0)
			fail_msg("%s: %d (%s)", name, rc, err ? err : "");
		free(err);
	}
	for (int n = 1; n < 10000; n++) {
		char *err = NULL;
		int rc, fired;

		assert_int_equal(db_begin(ctx->db), 0);
		fault_arm(ctx->db, n);
		rc = op(ctx, arg, &err);
		fired = fault_disarm(ctx->db);
		if (!sqlite3_get_autocommit(ctx->db->h))
			db_rollback(ctx->db);
		if (!fired) {
			if (rc != 0)
				fail_msg("%s: %d without a failure (%s)", name, rc, err ? err : "");
			free(err);
			return n - 1;
		}
		if (rc != want)
			fail_msg("%s: write %d (%s) failed, yet the status is %d (%s)", name, n,
			    fault_now.what, rc, err ? err : "no message");
		free(err);
	}
	fail_msg("%s: never ends", name);
	return -1;
}

#endif
