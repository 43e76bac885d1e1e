/*
 * test_token.c - tokens: format, case-insensitive lookup, only the hash
 * stored, expiry, use counts, allowed commands, revocation.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <ctype.h>

#include "altc.h"
#include "db.h"
#include "testlib.h"
#include "test_fault.h"
#include "token.h"
#include "util.h"

static void
test_tokens(void **state)
{
	struct altc ctx;
	struct token_info t;
	char tok[TOKEN_BUFSZ], other[TOKEN_BUFSZ], upper[TOKEN_BUFSZ], *err = NULL;
	sqlite3_stmt *st;
	size_t i;

	(void)state;
	testlib_instance(&ctx);
	assert_int_equal(token_issue(ctx.db, "signup", "user", 7, 0, "", 3600, 1, tok, &err), 0);
	assert_int_equal(strlen(tok), TOKEN_CHARS);
	assert_true(token_is_wellformed(tok, strlen(tok)));
	assert_int_equal(token_issue(ctx.db, "signup", "user", 8, 0, "", 3600, 1, other, &err), 0);
	assert_string_not_equal(tok, other);
	/* the clear token is nowhere in the database */
	st = db_prepare(ctx.db, "SELECT count(*) FROM tokens WHERE hash = ? OR hash = lower(?)");
	db_bind_text(st, 1, tok);
	db_bind_text(st, 2, tok);
	assert_int_equal(db_step(ctx.db, st, NULL), 1);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_reset(st);
	/* found in any case */
	for (i = 0; i <= TOKEN_CHARS; i++)
		upper[i] = (char)toupper((unsigned char)tok[i]);
	assert_int_equal(token_lookup(ctx.db, upper, &t, &err), TOKEN_OK);
	assert_string_equal(t.purpose, "signup");
	assert_int_equal(t.object_id, 7);
	/* single use */
	assert_int_equal(token_consume(ctx.db, t.id, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_SPENT);
	/* unknown and malformed */
	other[0] = other[0] == 'a' ? 'b' : 'a';
	assert_int_equal(token_lookup(ctx.db, other, &t, &err), TOKEN_UNKNOWN);
	assert_int_equal(token_lookup(ctx.db, "short", &t, &err), TOKEN_UNKNOWN);
	assert_int_equal(token_lookup(ctx.db, "abcdefghijklmnopqrstuvwxyz012345", &t, &err), TOKEN_UNKNOWN);
	/* expiry (ALTC_NOW moves the clock) */
	assert_int_equal(token_issue(ctx.db, "reply", "offer", 1, 0, "VALIDER,REJETER", 60, 0, tok, &err), 0);
	setenv("ALTC_NOW", "4102444800", 1);	/* 2100-01-01 */
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_EXPIRED);
	unsetenv("ALTC_NOW");
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	/* a reply key stays valid across uses, allows only its commands */
	assert_int_equal(token_consume(ctx.db, t.id, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	assert_true(token_allows(&t, "VALIDER"));
	assert_true(token_allows(&t, "rejeter"));
	assert_false(token_allows(&t, "VALIDE"));
	assert_false(token_allows(&t, "POSTULER"));
	/* revoked once its object is decided */
	assert_int_equal(token_revoke_object(ctx.db, "offer", 1, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_SPENT);
	testlib_instance_free(&ctx);
}

/* expiry at the exact second, and command lists matched word by word */
/* token_mask: each key in a Message-ID becomes its hash, anything else stays */
static void
test_mask(void **state)
{
	static const char key[] = "abcdefghijklmnopqrstuvwxyz234567";
	char hash[65], *want, *got;

	(void)state;
	token_hash(key, strlen(key), hash);
	got = token_mask("<altc.42." "abcdefghijklmnopqrstuvwxyz234567" "@univ.example>");
	want = xasprintf("<altc.42.%s@univ.example>", hash);
	assert_string_equal(got, want);
	free(got);
	free(want);
	/* 31 or 33 letters are not a key */
	got = token_mask("<abcdefghijklmnopqrstuvwxyz23456@x> abcdefghijklmnopqrstuvwxyz2345677");
	assert_string_equal(got, "<abcdefghijklmnopqrstuvwxyz23456@x> abcdefghijklmnopqrstuvwxyz2345677");
	free(got);
}

static void
test_edges(void **state)
{
	struct altc ctx;
	struct token_info t;
	char tok[TOKEN_BUFSZ], *err = NULL;

	(void)state;
	testlib_instance(&ctx);
	setenv("ALTC_NOW", "2000000000", 1);
	assert_int_equal(token_issue(ctx.db, "reply", "offer", 1, 0, "VALIDER", 60, 0, tok, &err), 0);
	setenv("ALTC_NOW", "2000000059", 1);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	assert_int_equal(t.expires_at, 2000000060);
	setenv("ALTC_NOW", "2000000060", 1);	/* expires_at == now: expired */
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_EXPIRED);
	unsetenv("ALTC_NOW");

	/* a use count of 2: spent at the second use, not before */
	assert_int_equal(token_issue(ctx.db, "signup", "user", 2, 0, "", 3600, 2, tok, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	assert_int_equal(token_consume(ctx.db, t.id, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	assert_int_equal(t.uses, 1);
	assert_int_equal(token_consume(ctx.db, t.id, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_SPENT);
	/* spent wins over expired: the page says the link was used */
	setenv("ALTC_NOW", "4102444800", 1);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_SPENT);
	unsetenv("ALTC_NOW");

	/* revoking one object leaves the others alone */
	assert_int_equal(token_issue(ctx.db, "reply", "offer", 5, 0, "", 3600, 0, tok, &err), 0);
	assert_int_equal(token_revoke_object(ctx.db, "offer", 6, &err), 0);
	assert_int_equal(token_revoke_object(ctx.db, "application", 5, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	assert_int_equal(t.revoked, 0);

	/* well-formed: exactly 32 characters of the base32 alphabet, any case */
	assert_true(token_is_wellformed("abcdefghijklmnopqrstuvwxyz234567", 32));
	assert_true(token_is_wellformed("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32));
	assert_false(token_is_wellformed("abcdefghijklmnopqrstuvwxyz23456", 31));
	assert_false(token_is_wellformed("abcdefghijklmnopqrstuvwxyz2345677", 33));
	assert_false(token_is_wellformed("abcdefghijklmnopqrstuvwxyz234560", 32));
	assert_false(token_is_wellformed("abcdefghijklmnopqrstuvwxyz234561", 32));
	assert_false(token_is_wellformed("abcdefghijklmnopqrstuvwxyz234568", 32));
	assert_false(token_is_wellformed("abcdefghijklmnopqrstuvwxyz234569", 32));
	assert_false(token_is_wellformed("abcdefghijklmnopqrstuvwxyz23456+", 32));
	/* whole words only: no prefix, no empty item allowing everything */
	memset(&t, 0, sizeof(t));
	xstrlcpy(t.commands, "VALIDER", sizeof(t.commands));
	assert_true(token_allows(&t, "valider"));
	assert_false(token_allows(&t, "VALIDERX"));
	assert_false(token_allows(&t, "VALIDE"));
	assert_false(token_allows(&t, ""));
	xstrlcpy(t.commands, "A,,B", sizeof(t.commands));
	assert_true(token_allows(&t, "A"));
	assert_true(token_allows(&t, "B"));
	assert_false(token_allows(&t, "C"));
	assert_false(token_allows(&t, "AB"));
	xstrlcpy(t.commands, "REJETER,VALIDER", sizeof(t.commands));
	assert_true(token_allows(&t, "VALIDER"));
	assert_false(token_allows(&t, "REJETER,VALIDER"));
	assert_false(token_allows(&t, "VALIDERREJETER"));
	xstrlcpy(t.commands, "", sizeof(t.commands));
	assert_true(token_allows(&t, "POSTULER"));	/* no list: every verb of the mail */
	testlib_instance_free(&ctx);
}

static int
op_issue(struct altc *ctx, void *arg, char **errstr_r)
{
	char tok[TOKEN_BUFSZ];

	(void)arg;
	return token_issue(ctx->db, "reply", "offer", 7, 0, "VALIDER", 60, 1, tok, errstr_r);
}

static int
op_consume(struct altc *ctx, void *arg, char **errstr_r)
{
	return token_consume(ctx->db, *(int64_t *)arg, errstr_r);
}

static int
op_revoke(struct altc *ctx, void *arg, char **errstr_r)
{
	(void)arg;
	return token_revoke_object(ctx->db, "offer", 7, errstr_r);
}

/* a key that cannot be written, spent or revoked says so */
static void
test_token_faults(void **state)
{
	struct altc ctx;
	char tok[TOKEN_BUFSZ], *err = NULL;
	struct token_info t;

	(void)state;
	testlib_instance(&ctx);
	assert_int_equal(token_issue(ctx.db, "reply", "offer", 7, 0, "VALIDER", 60, 2, tok, &err), 0);
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	assert_int_equal(fault_sweep(&ctx, "token_issue", op_issue, NULL, -1), 1);
	assert_int_equal(fault_sweep(&ctx, "token_consume", op_consume, &t.id, -1), 1);
	assert_int_equal(fault_sweep(&ctx, "token_revoke_object", op_revoke, NULL, -1), 1);
	/* and nothing changed */
	assert_int_equal(token_lookup(ctx.db, tok, &t, &err), TOKEN_OK);
	assert_int_equal(t.uses, 0);
	testlib_instance_free(&ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_token_faults),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
