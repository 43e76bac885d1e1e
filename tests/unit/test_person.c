/*
 * test_person.c - the table of personal data (engine/person.c) against the
 * schema: every column that references users(id), and every column named
 * like an address (email, rcpt, sender, actor, recipient), must be listed,
 * so a new table cannot hold personal data that export and erase miss.
 * Then an erasure on a small instance: the person's rows are gone or
 * anonymised, what is kept is kept, and the erasure is audited.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "altc.h"
#include "db.h"
#include "modules.h"
#include "person.h"
#include "testlib.h"
#include "util.h"

static const char *const address_words[] = { "email", "rcpt", "sender", "actor", "recipient" };
/* flags named after an address, not addresses */
static const char *const not_addresses[] = { "users.notify_email" };

/* names_address - a column called email, or ..._email, and so on */
static int
names_address(const char *table, const char *col)
{
	char full[200];
	size_t i, n = strlen(col);

	xsnprintf(full, sizeof(full), "%s.%s", table, col);
	for (i = 0; i < ARRAY_SIZE(not_addresses); i++)
		if (strcmp(full, not_addresses[i]) == 0)
			return 0;
	for (i = 0; i < ARRAY_SIZE(address_words); i++) {
		size_t w = strlen(address_words[i]);

		if (strcmp(col, address_words[i]) == 0 ||
		    (n > w && col[n - w - 1] == '_' && strcmp(col + n - w, address_words[i]) == 0))
			return 1;
	}
	return 0;
}

static void
test_every_person_column_is_covered(void **state)
{
	struct altc ctx;
	sqlite3_stmt *tables;
	int missing = 0;

	(void)state;
	testlib_instance(&ctx);
	assert_int_equal(sqlite3_prepare_v2(ctx.db->h, "SELECT name FROM sqlite_master WHERE"
	    " type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'", -1, &tables,
	    NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char *q = sqlite3_mprintf("SELECT \"from\" FROM pragma_foreign_key_list(%Q)"
		    " WHERE \"table\" = 'users'", t);
		char *c = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q)", t);
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(ctx.db->h, q, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(st, 0);

			if (!person_covers(t, col)) {
				print_message("# %s.%s references users but no module lists it (field personal)\n",
				    t, col);
				missing++;
			}
		}
		sqlite3_finalize(st);
		assert_int_equal(sqlite3_prepare_v2(ctx.db->h, c, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(st, 0);

			if (names_address(t, col) && !person_covers(t, col)) {
				print_message("# %s.%s holds an address but no module lists it (field personal)\n",
				    t, col);
				missing++;
			}
		}
		sqlite3_finalize(st);
		sqlite3_free(q);
		sqlite3_free(c);
	}
	sqlite3_finalize(tables);
	assert_int_equal(missing, 0);
	testlib_instance_free(&ctx);
}

/* every row of the table compiles against the schema (its where and erase SQL) */
static void
test_statements_compile(void **state)
{
	struct altc ctx;

	(void)state;
	testlib_instance(&ctx);
	PERSON_EACH(c) {
		char *q = sqlite3_mprintf("SELECT \"%w\" FROM \"%w\" WHERE %s", c->column, c->table,
		    c->where);
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(ctx.db->h, q, -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s.%s: %s", c->table, c->column, sqlite3_errmsg(ctx.db->h));
		sqlite3_finalize(st);
		sqlite3_free(q);
		if (c->erase_sql) {
			if (sqlite3_prepare_v2(ctx.db->h, c->erase_sql, -1, &st, NULL) != SQLITE_OK)
				fail_msg("%s.%s erase: %s", c->table, c->column, sqlite3_errmsg(ctx.db->h));
			sqlite3_finalize(st);
		}
		assert_non_null(c->why);
		assert_true(c->erase != PERSON_KEEP || strlen(c->why) > 20);	/* a reason */
	}
	/* the modules' stored files: (hash, extension) */
	MODULES_EACH(m) {
		sqlite3_stmt *st;

		if (m->personal_files == NULL)
			continue;
		if (sqlite3_prepare_v2(ctx.db->h, m->personal_files, -1, &st, NULL) != SQLITE_OK)
			fail_msg("%s personal_files: %s", m->name, sqlite3_errmsg(ctx.db->h));
		assert_int_equal(sqlite3_column_count(st), 2);
		sqlite3_finalize(st);
	}
	testlib_instance_free(&ctx);
}

static int64_t
one(struct altc *ctx, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(ctx->db->h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_erase(void **state)
{
	struct altc ctx;
	char *err = NULL;

	(void)state;
	testlib_instance(&ctx);
	assert_int_equal(db_exec(ctx.db,
	    "INSERT INTO users (id, email, role, state, last_name, ine, created_at, updated_at)"
	    " VALUES (7, 'jeanne@etu.example', 'student', 'registered', 'Martin', '0494004062M', 0, 0);"
	    "INSERT INTO users (id, email, role, state, created_at, updated_at)"
	    " VALUES (8, 'other@etu.example', 'student', 'registered', 0, 0);"
	    "INSERT INTO notifications (user_id, kind, importance, vars, created_at)"
	    " VALUES (7, 'k', 'info', '{}', 0), (8, 'k', 'info', '{}', 0);"
	    "INSERT INTO outbox (user_id, rcpt, template, locale, vars, state, attempts,"
	    " next_attempt_at, created_at) VALUES (7, 'jeanne@etu.example', 't', 'fr', '{}', 'sent',"
	    " 1, 0, 0);"
	    "INSERT INTO audit (at, actor, object_type, object_id, event, detail)"
	    " VALUES (0, 'jeanne@etu.example', 'user', 7, 'signup', 'by jeanne@etu.example');",
	    &err), 0);
	assert_int_equal(person_erase(&ctx, "jeanne@etu.example", "test", &err), 0);
	assert_int_equal(one(&ctx, "SELECT count(*) FROM users WHERE email LIKE 'jeanne%'"), 0);
	assert_int_equal(one(&ctx, "SELECT count(*) FROM users WHERE id = 7 AND ine IS NULL"
	    " AND last_name = '' AND state = 'erased'"), 1);
	assert_int_equal(one(&ctx, "SELECT count(*) FROM notifications"), 1);
	assert_int_equal(one(&ctx, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(one(&ctx, "SELECT count(*) FROM audit WHERE instr(actor || detail,"
	    " 'jeanne') > 0"), 0);
	assert_int_equal(one(&ctx, "SELECT count(*) FROM audit WHERE event = 'erase'"
	    " AND object_id = 7"), 1);
	/* an unknown address changes nothing */
	assert_int_equal(person_erase(&ctx, "nobody@etu.example", "test", &err), -1);
	assert_non_null(strstr(err, "no person"));
	free(err);
	testlib_instance_free(&ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_person_column_is_covered),
		cmocka_unit_test(test_statements_compile),
		cmocka_unit_test(test_erase),
	};

	altc_modules_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
