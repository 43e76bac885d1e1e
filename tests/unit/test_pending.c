/*
 * test_pending.c - staff commands held until confirmed: the table
 * (engine/pending.c: expiry at the very second, single use, another user's
 * command) and the whole path through the mail pipeline on the demo
 * instance (mailers/mail_confirm.c): REFERENT at parrainage@ creates
 * nothing and asks the chargé de mission; a reply from another address is
 * refused; CONFIRMER creates; the key serves once; ANNULER drops; an
 * expired key confirms nothing.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "config.h"
#include "inbound.h"
#include "pending.h"
#include "sponsor.h"
#include "token.h"
#include "test_offer_util.h"

#define T0 1800000000LL

/* ASSERT_TEXT - the first column of a query (printf-style) is want */
#define ASSERT_TEXT(want, ...) do { \
	char *v_ = q_text(ctx, __VA_ARGS__); \
	assert_string_equal(v_, want); \
	free(v_); \
} while (0)

static void
at(int64_t t)
{
	char v[32];

	xsnprintf(v, sizeof(v), "%lld", (long long)t);
	setenv("ALTC_NOW", v, 1);
}

/* hold - a command of user held at T0 for ttl seconds, committed; its id */
static int64_t
hold(struct altc *ctx, int64_t user, int64_t ttl)
{
	char *err = NULL;
	int64_t id = 0;

	at(T0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(pending_hold(ctx->db, user, "parrainage", "REFERENT",
	    "REFERENT a@univ.example Martin Paul", ttl, &id, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	return id;
}

/* take - pending_take in its own transaction */
static int
take(struct altc *ctx, int64_t id, int64_t user, int confirm, struct pending_command *p)
{
	char *err = NULL;
	int st;

	assert_int_equal(db_begin(ctx->db), 0);
	st = pending_take(ctx->db, id, user, confirm, p, &err);
	assert_true(st >= 0);
	assert_int_equal(db_commit(ctx->db), 0);
	return st;
}

/* the second of the expiry is past: a command held for an hour, taken at T0 + 3600 */
static void
test_expiry(void **state)
{
	struct altc *ctx = *state;
	int64_t rp = uid(ctx, "rp.tc@univ.example");
	int64_t a = hold(ctx, rp, 3600), b = hold(ctx, rp, 3600);
	struct pending_command p;
	char tok[TOKEN_BUFSZ], *err = NULL;
	struct token_info ti;

	at(T0 + 3600);
	assert_int_equal(take(ctx, a, rp, 1, &p), PENDING_EXPIRED);
	assert_null(p.text);
	ASSERT_TEXT("pending", "SELECT state FROM pending_commands WHERE id = %lld", (long long)a);
	/* the key mailed with it expires at the same second */
	at(T0);
	assert_int_equal(token_issue(ctx->db, "staff_confirm", "pending_command", a, rp,
	    "CONFIRMER,ANNULER", 3600, 1, tok, &err), 0);
	at(T0 + 3600);
	assert_int_equal(token_lookup(ctx->db, tok, &ti, &err), TOKEN_EXPIRED);
	at(T0 + 3599);
	assert_int_equal(token_lookup(ctx->db, tok, &ti, &err), TOKEN_OK);
	/* one second earlier it is still good */
	assert_int_equal(take(ctx, b, rp, 1, &p), PENDING_OK);
	pending_release(&p);
}

/* single use: once confirmed (or cancelled), never again, and the text is gone */
static void
test_single_use(void **state)
{
	struct altc *ctx = *state;
	int64_t rp = uid(ctx, "rp.tc@univ.example");
	int64_t a = hold(ctx, rp, 3600), b = hold(ctx, rp, 3600);
	struct pending_command p;

	at(T0 + 10);
	assert_int_equal(take(ctx, a, rp, 1, &p), PENDING_OK);
	assert_string_equal(p.verb, "REFERENT");
	assert_string_equal(p.route, "parrainage");
	assert_string_equal(p.state, "confirmed");
	assert_string_equal(p.text, "REFERENT a@univ.example Martin Paul");
	pending_release(&p);
	assert_int_equal(take(ctx, a, rp, 1, &p), PENDING_DONE);
	assert_int_equal(take(ctx, a, rp, 0, &p), PENDING_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM pending_commands WHERE id = %lld"
	    " AND body IS NULL AND decided_at = %lld", (long long)a, T0 + 10), 1);
	assert_int_equal(take(ctx, b, rp, 0, &p), PENDING_OK);
	assert_string_equal(p.state, "cancelled");
	pending_release(&p);
	assert_int_equal(take(ctx, b, rp, 1, &p), PENDING_DONE);
	assert_int_equal(take(ctx, 999, rp, 1, &p), PENDING_UNKNOWN);
	ASSERT_TEXT("command.held command.held command.confirmed command.cancelled",
	    "SELECT group_concat(event, ' ') FROM (SELECT event FROM audit"
	    " WHERE object_type = 'pending_command' ORDER BY id)");
}

/* a command held for one staff member cannot be decided by another */
static void
test_wrong_user(void **state)
{
	struct altc *ctx = *state;
	int64_t rp = uid(ctx, "rp.tc@univ.example"), other = uid(ctx, "rp.gea@univ.example");
	int64_t a = hold(ctx, rp, 3600);
	struct pending_command p;

	at(T0 + 1);
	assert_int_equal(take(ctx, a, other, 1, &p), PENDING_WRONG_USER);
	assert_int_equal(take(ctx, a, other, 0, &p), PENDING_WRONG_USER);
	ASSERT_TEXT("pending", "SELECT state FROM pending_commands WHERE id = %lld", (long long)a);
	assert_int_equal(take(ctx, a, rp, 1, &p), PENDING_OK);
	pending_release(&p);
}

/* the text kept is bounded, and so is the number of commands waiting */
static void
test_bounds(void **state)
{
	struct altc *ctx = *state;
	char *text = xcalloc(1, PENDING_TEXT_MAX + 2), *err = NULL;
	int64_t id = 0;

	memset(text, 'a', PENDING_TEXT_MAX + 1);
	at(T0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(pending_hold(ctx->db, uid(ctx, "rp.tc@univ.example"), "parrainage",
	    "REFERENT", text, 3600, &id, &err), 1);
	text[PENDING_TEXT_MAX] = '\0';
	assert_int_equal(pending_hold(ctx->db, uid(ctx, "rp.tc@univ.example"), "parrainage",
	    "REFERENT", text, 3600, &id, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM pending_commands"), 1);
	free(text);
	for (int i = 1; i < PENDING_OPEN_MAX; i++)
		(void)hold(ctx, uid(ctx, "rp.tc@univ.example"), 3600);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(pending_hold(ctx->db, uid(ctx, "rp.tc@univ.example"), "parrainage",
	    "REFERENT", "REFERENT x@univ.example X Y", 3600, &id, &err), 2);
	/* another staff member is not held back */
	assert_int_equal(pending_hold(ctx->db, uid(ctx, "ga@univ.example"), "inscription",
	    "ETUDIANT", "ETUDIANT", 3600, &id, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	/* once they expire, room again */
	at(T0 + 7200);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(pending_hold(ctx->db, uid(ctx, "rp.tc@univ.example"), "parrainage",
	    "REFERENT", "REFERENT x@univ.example X Y", 3600, &id, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
}

/* mail - apply one mail from from to rcpt (a fixed address or reply+TOKEN@) */
static enum input_result
mail(struct altc *ctx, const char *from, const char *rcpt, const char *body)
{
	static int n;
	char *m = xasprintf("From: %s\nTo: %s\nSubject: Atouts\nMessage-ID: <p%d@client.example>\n"
	    "\n%s\n", from, rcpt, ++n, body), *reason = NULL;
	struct input in = { INPUT_MAIL, "cur/x", "x", (const unsigned char *)m, strlen(m), rcpt };
	enum input_result r;

	assert_int_equal(db_begin(ctx->db), 0);
	r = inbound_apply(ctx, &in, &reason);
	assert_int_equal(db_commit(ctx->db), 0);
	free(reason);
	free(m);
	return r;
}

/* key - the reply address of the last staff.confirm to rcpt (caller frees) */
static char *
key(struct altc *ctx, const char *rcpt)
{
	char *tok = q_text(ctx, "SELECT token FROM outbox WHERE template = 'staff.confirm'"
	    " AND rcpt = %Q ORDER BY id DESC LIMIT 1", rcpt);
	char *addr = xasprintf("reply+%s@univ.example", tok);

	assert_int_equal(strlen(tok), TOKEN_CHARS);
	free(tok);
	return addr;
}

static int64_t
referents(struct altc *ctx, const char *email)
{
	return q_int(ctx, "SELECT count(*) FROM users WHERE email = %Q", email);
}

static int64_t
errors(struct altc *ctx, const char *rcpt, const char *code)
{
	return q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'reply.error'"
	    " AND rcpt = %Q AND vars LIKE '%%\"code\":\"%q\"%%'", rcpt, code);
}

/* the whole path through the pipeline */
static void
test_mail(void **state)
{
	struct altc *ctx = *state;
	const char *mo = "rp.tc@univ.example";
	char *err = NULL, *k;

	unsetenv("ALTC_NOW");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(staff_grant_set(ctx, mo, "mission-officer", 1, "test", &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);

	/* held: nothing created, the chargé de mission asked at their own address */
	assert_int_equal(mail(ctx, mo, "parrainage@univ.example",
	    "REFERENT ref1@univ.example Martin Paul\nREFERENT nope Durand Luc"), INPUT_DONE);
	assert_int_equal(referents(ctx, "ref1@univ.example"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'account.activation'"), 0);
	ASSERT_TEXT("1", "SELECT count(*) FROM outbox WHERE template = 'staff.confirm'"
	    " AND rcpt = %Q AND vars LIKE '%%ref1@univ.example%%' AND vars LIKE '%%nope%%'", mo);
	k = key(ctx, mo);

	/* someone else on the key: refused, the owner told, nothing created */
	assert_int_equal(mail(ctx, "rp.gea@univ.example", k, "CONFIRMER"), INPUT_REJECTED);
	assert_int_equal(errors(ctx, "rp.gea@univ.example", "wrong_sender"), 1);
	assert_int_equal(errors(ctx, mo, "foreign_reply"), 1);
	assert_int_equal(referents(ctx, "ref1@univ.example"), 0);

	/* the owner confirms: created, with the usual result mail */
	assert_int_equal(mail(ctx, mo, k, "CONFIRMER"), INPUT_DONE);
	assert_int_equal(referents(ctx, "ref1@univ.example"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'sponsor.created' AND rcpt = %Q", mo), 1);
	/* once only */
	assert_int_equal(mail(ctx, mo, k, "CONFIRMER"), INPUT_REJECTED);
	assert_int_equal(errors(ctx, mo, "spent_token"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE event = 'referent_create'"),
	    1);
	free(k);

	/* ANNULER drops it */
	assert_int_equal(mail(ctx, mo, "parrainage@univ.example",
	    "REFERENT ref2@univ.example Petit Anne"), INPUT_DONE);
	k = key(ctx, mo);
	assert_int_equal(mail(ctx, mo, k, "CANCEL"), INPUT_DONE);
	assert_int_equal(referents(ctx, "ref2@univ.example"), 0);
	assert_int_equal(mail(ctx, mo, k, "CONFIRM"), INPUT_REJECTED);
	assert_int_equal(referents(ctx, "ref2@univ.example"), 0);
	free(k);

	/* an expired key confirms nothing, at the very second of its expiry */
	at(T0);
	assert_int_equal(mail(ctx, mo, "parrainage@univ.example",
	    "REFERENT ref3@univ.example Roux Marc"), INPUT_DONE);
	k = key(ctx, mo);
	at(T0 + config_int(ctx->cfg, "tokens.staff_confirm_ttl"));
	assert_int_equal(mail(ctx, mo, k, "CONFIRMER"), INPUT_REJECTED);
	assert_int_equal(errors(ctx, mo, "expired_token"), 1);
	assert_int_equal(referents(ctx, "ref3@univ.example"), 0);
	free(k);

	/* on a key the chargé de mission holds, at once as before */
	k = q_text(ctx, "SELECT token FROM outbox WHERE template = 'sponsor.created'"
	    " AND rcpt = %Q", mo);
	{
		char *addr = xasprintf("reply+%s@univ.example", k);

		unsetenv("ALTC_NOW");
		assert_int_equal(mail(ctx, mo, addr, "REFERENT ref4@univ.example Blanc Eva"),
		    INPUT_DONE);
		assert_int_equal(referents(ctx, "ref4@univ.example"), 1);
		free(addr);
	}
	free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_expiry, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_single_use, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_wrong_user, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_bounds, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_mail, test_demo_setup, test_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
