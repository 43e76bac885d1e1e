/*
 * test_offer_util.h - helpers shared by the offer and company tests: the
 * demo instance with a few students, one-value queries and users by address.
 */
#ifndef ALTC_TEST_OFFER_UTIL_H
#define ALTC_TEST_OFFER_UTIL_H

#include "altc.h"
#include "db.h"
#include "module.h"
#include "modules.h"
#include "log.h"
#include "testlib.h"
#include "util.h"

/* the queries below use SQLite's own %Q and %lld formats */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* students: two in BUT3-GEA-GPRH, one in BUT3-TC-MDEE (all registered) */
static const char test_students_sql[] =
	"INSERT INTO users (email, role, state, first_name, last_name, ine, created_at, updated_at)"
	" VALUES ('alice@etu.example', 'student', 'registered', 'Alice', 'A', '0494004062M', 0, 0),"
	"  ('bob@etu.example', 'student', 'registered', 'Bob', 'B', NULL, 0, 0),"
	"  ('carol@etu.example', 'student', 'registered', 'Carol', 'C', NULL, 0, 0);"
	"INSERT INTO student_formations (student_id, formation_id, created_at)"
	" SELECT u.id, f.id, 0 FROM users u, formations f WHERE"
	"  (u.email IN ('alice@etu.example', 'bob@etu.example') AND f.code = 'BUT3-GEA-GPRH')"
	"  OR (u.email = 'carol@etu.example' AND f.code = 'BUT3-TC-MDEE');";

/* test_demo - a fresh demo instance with the students above */
static inline void
test_demo(struct altc *ctx)
{
	char *err = NULL;

	testlib_instance(ctx);
	if (db_begin(ctx->db) < 0 || (altc_modules_init(), modules_demo(ctx, &err)) < 0 ||
	    db_exec(ctx->db, test_students_sql, &err) < 0 || db_commit(ctx->db) < 0)
		fatalx("demo: %s", err ? err : "?");
}

/*
 * test_demo_setup, test_demo_teardown - cmocka fixtures: a demo instance per
 * test; at the end no transaction may be left open and the search index must
 * match the offers it was built from.  The test file includes cmocka.h first.
 */
static inline int
test_demo_setup(void **state)
{
	struct altc *ctx = xcalloc(1, sizeof(*ctx));

	unsetenv("ALTC_NOW");
	test_demo(ctx);
	*state = ctx;
	return 0;
}

static inline int
test_demo_teardown(void **state)
{
	struct altc *ctx = *state;

	assert_int_equal(sqlite3_get_autocommit(ctx->db->h), 1);
	assert_int_equal(db_exec(ctx->db,
	    "INSERT INTO offers_fts (offers_fts, rank) VALUES ('integrity-check', 1)", NULL), 0);
	testlib_instance_free(ctx);
	free(ctx);
	unsetenv("ALTC_NOW");
	return 0;
}

/* q_int - the first column of the first row of a query (printf-style), 0 when no row */
static inline int64_t
q_int(struct altc *ctx, const char *fmt, ...)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	va_list ap;
	char *sql;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fatalx("q_int: %s: %s", sql, sqlite3_errmsg(ctx->db->h));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return v;
}

/* q_text - the same for a text value (caller frees; "" when no row) */
static inline char *
q_text(struct altc *ctx, const char *fmt, ...)
{
	sqlite3_stmt *st;
	char *v, *sql;
	va_list ap;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL) != SQLITE_OK)
		fatalx("q_text: %s: %s", sql, sqlite3_errmsg(ctx->db->h));
	v = xstrdup(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) ?
	    (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return v;
}

/* uid - the id of a user by address */
static inline int64_t
uid(struct altc *ctx, const char *email)
{
	return q_int(ctx, "SELECT id FROM users WHERE email = %Q", email);
}

/* link_of - the offer_formations rowid of an offer and a formation code */
static inline int64_t
link_of(struct altc *ctx, int64_t offer, const char *code)
{
	return q_int(ctx, "SELECT l.rowid FROM offer_formations l JOIN formations f"
	    " ON f.id = l.formation_id WHERE l.offer_id = %lld AND f.code = %Q",
	    (long long)offer, code);
}

#endif
