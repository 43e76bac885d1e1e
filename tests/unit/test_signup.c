/*
 * test_signup.c - the signup in the engine: form validation (table-driven),
 * registration with the token of the invitation, errors leaving everything
 * unchanged, an expired link giving a fresh invitation, a minor without a
 * family contact refused; and the reply action built on it.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "consent.h"
#include "import.h"
#include "mail_action.h"
#include "modules.h"
#include "signup.h"
#include "signup_mail.h"
#include "strbuf.h"
#include "token.h"

#include "import_testenv.h"

#define NOW 1795435200LL	/* 2026-11-23 12:00 UTC */

static void
test_validate(void **state)
{
	static const struct {
		const char *v[SIGNUP_NFIELDS];
		int nerr;
		int bad;	/* field expected in error, -1 none */
	} cases[] = {
		{ { "06 12 34 56 78", "", "", "01/01/2000", "", "" }, 0, -1 },
		{ { "0612345678", "04 50 00 00 00", "0494004062M", "1/1/2000", "GEMA", "" }, 0, -1 },
		{ { "", "", "", "01/01/2000", "", "" }, 1, SIGNUP_MOBILE },
		{ { "04 50 00 00 00", "", "", "01/01/2000", "", "" }, 1, SIGNUP_MOBILE },
		{ { "06 12 34 56 78", "12", "", "01/01/2000", "", "" }, 1, SIGNUP_FIXED },
		{ { "06 12 34 56 78", "", "0494004062A", "01/01/2000", "", "" }, 1, SIGNUP_INE },
		{ { "06 12 34 56 78", "", "", "31/02/2000", "", "" }, 1, SIGNUP_BIRTH },
		{ { "06 12 34 56 78", "", "", "", "", "" }, 1, SIGNUP_BIRTH },
		/* 17 on the day: a family contact is required */
		{ { "06 12 34 56 78", "", "", "24/11/2008", "", "" }, 1, SIGNUP_FAMILY },
		{ { "06 12 34 56 78", "", "", "24/11/2008", "", "Mme X 06 00 00 00 01" }, 0, -1 },
		/* 18 on the day: not a minor */
		{ { "06 12 34 56 78", "", "", "23/11/2008", "", "" }, 0, -1 },
	};
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct signup_form f;
		struct signup_errors e;
		char *norm[SIGNUP_NFIELDS];

		for (k = 0; k < SIGNUP_NFIELDS; k++)
			f.v[k] = cases[i].v[k];
		if (signup_validate(&f, NOW, "fr", &e, norm) != cases[i].nerr)
			fail_msg("case %zu: %d errors, want %d", i, e.n, cases[i].nerr);
		if (cases[i].bad >= 0 && e.msg[cases[i].bad] == NULL)
			fail_msg("case %zu: no error on field %d", i, cases[i].bad);
		if (cases[i].nerr == 0)
			assert_string_equal(norm[SIGNUP_MOBILE], "06 12 34 56 78");
		signup_values_free(norm);
	}
}

/* setup - the eCandidat fixture imported; the invitation token of address */
static struct altc *
setup(const char *address, char tok[TOKEN_BUFSZ])
{
	struct altc *ctx = testenv_open(1);
	struct import_opts o = { .filename = "x", .type = "manual" };
	struct import_stats st;
	char *err = NULL, *sql;
	sqlite3_stmt *q;

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(import_file(ctx, FIXTURE("ecandidat_utf8_bom.csv"), &o, &st, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	import_stats_release(&st);
	sql = xasprintf("SELECT token FROM outbox WHERE rcpt = '%s' ORDER BY id DESC LIMIT 1", address);
	assert_int_equal(sqlite3_prepare_v2(ctx->db->h, sql, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	(void)xstrlcpy(tok, (const char *)sqlite3_column_text(q, 0), TOKEN_BUFSZ);
	sqlite3_finalize(q);
	free(sql);
	return ctx;
}

static int
complete(struct altc *ctx, const char *tok, const char *mobile, const char *birth,
    const char *family, struct signup_errors *e)
{
	struct signup_form f = { { mobile, NULL, NULL, birth, "GEMA", family } };
	char *err = NULL;
	int rc;

	assert_int_equal(db_begin(ctx->db), 0);
	rc = signup_complete(ctx, tok, &f, "fr", e, NULL, &err);
	if (rc == SIGNUP_DONE)
		assert_int_equal(db_commit(ctx->db), 0);
	else
		db_rollback(ctx->db);
	free(err);
	return rc;
}

static void
test_register(void **state)
{
	char tok[TOKEN_BUFSZ], tok2[TOKEN_BUFSZ];
	struct altc *ctx = setup("bea.valide@ex.example", tok);
	struct signup_errors e;
	struct token_info t;
	char *err = NULL;

	(void)state;
	/* a wrong mobile: nothing changes, the token stays usable */
	assert_int_equal(complete(ctx, tok, "12", NULL, NULL, &e), SIGNUP_INVALID);
	assert_non_null(e.msg[SIGNUP_MOBILE]);
	assert_int_equal(token_lookup(ctx->db, tok, &t, &err), TOKEN_OK);
	/* no fresh link is sent for one that still works */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(signup_resend(ctx, tok, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	/* another live link of the account (an invitation sent again): the signup spends both */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(token_issue(ctx->db, "signup", "user", t.user_id, t.user_id, "INSCRIPTION",
	    3600, 1, tok2, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_string_not_equal(tok, tok2);
	assert_int_equal(token_lookup(ctx->db, tok2, &t, &err), TOKEN_OK);
	/* the birth date comes from the import when the form omits it */
	assert_int_equal(complete(ctx, tok, "07 11 22 33 44", NULL, NULL, &e), SIGNUP_DONE);
	assert_int_equal(token_lookup(ctx->db, tok2, &t, &err), TOKEN_SPENT);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'bea.valide@ex.example' AND state = 'registered' AND phone_mobile = '07 11 22 33 44'"
	    " AND parcours = 'GEMA' AND birth_date = '2001-01-01'"), 1);
	assert_int_equal(token_lookup(ctx->db, tok, &t, &err), TOKEN_SPENT);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM audit WHERE object_type = 'account'"
	    " AND from_state = 'imported' AND to_state = 'registered'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'account.welcome' AND rcpt = 'bea.valide@ex.example'"
	    " AND json_extract(vars, '$.is_student') = 1 AND json_extract(vars, '$.first_name') = 'Valide'"), 1);
	/* a second use of the link is refused */
	assert_int_equal(complete(ctx, tok, "07 11 22 33 44", NULL, NULL, &e), SIGNUP_GONE);
	/* and a registered student is sent no fresh link */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(signup_resend(ctx, tok, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'import.invitation' AND rcpt = 'bea.valide@ex.example'"), 1);
	testenv_close(ctx);
}

static void
test_minor(void **state)
{
	char tok[TOKEN_BUFSZ];
	struct altc *ctx = setup("elodie.unal@ex.example", tok);
	struct signup_errors e;

	(void)state;
	/* born 29/02/2004: 22 at NOW; a later birth date makes her a minor */
	assert_int_equal(complete(ctx, tok, "0611223344", "01/01/2010", NULL, &e), SIGNUP_INVALID);
	assert_non_null(e.msg[SIGNUP_FAMILY]);
	assert_int_equal(complete(ctx, tok, "0611223344", "01/01/2010", "Mme Unal 06 99 88 77 66", &e),
	    SIGNUP_DONE);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE state = 'registered'"
	    " AND family_contact = 'Mme Unal 06 99 88 77 66'"), 1);
	testenv_close(ctx);
}

static void
test_expired(void **state)
{
	char tok[TOKEN_BUFSZ], *err = NULL;
	struct altc *ctx = setup("bea.fausse@ex.example", tok);
	struct signup_errors e;
	struct token_info t;
	long long before;

	(void)state;
	/* valid 24 hours to the second */
	setenv("ALTC_NOW", "1795521599", 1);
	assert_int_equal(token_lookup(ctx->db, tok, &t, &err), TOKEN_OK);
	setenv("ALTC_NOW", "1795521600", 1);
	assert_int_equal(token_lookup(ctx->db, tok, &t, &err), TOKEN_EXPIRED);
	setenv("ALTC_NOW", "1795600000", 1);	/* two days later */
	assert_int_equal(complete(ctx, tok, "0611223344", NULL, NULL, &e), SIGNUP_EXPIRED);
	before = testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template = 'import.invitation'");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(signup_resend(ctx, tok, &err), 1);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'import.invitation' AND rcpt = 'bea.fausse@ex.example'"), 2);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'import.invitation'"), before + 1);
	setenv("ALTC_NOW", "1795435200", 1);
	testenv_close(ctx);
}

/* the action as the inbound pipeline finds it */
static const struct mail_action *registered;

static void
test_reply(void **state)
{
	char tok[TOKEN_BUFSZ], *reason = NULL;
	struct altc *ctx = setup("bea.valide@ex.example", tok);
	struct mail_form_field bad[] = { { "portable", "1234" }, { "date_de_naissance", "1/1/2001" } };
	struct mail_form_field good[] = { { "portable", "06 01 02 03 04" }, { "ine", "338600940AA" } };
	struct mail_request req = { 0 };

	(void)state;
	altc_modules_init();
	registered = mail_action_find("signup");
	assert_non_null(registered);
	assert_ptr_equal(registered->apply, signup_mail_apply);
	req.route = "reply";
	req.locale = "fr";
	req.token_clear = tok;
	req.verb = "INSCRIPTION";
	req.form = bad;
	req.nform = ARRAY_SIZE(bad);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(registered->apply(ctx, &req, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "Téléphone portable"));
	free(reason);
	reason = NULL;
	req.form = good;
	req.nform = ARRAY_SIZE(good);
	assert_int_equal(registered->apply(ctx, &req, &reason), INPUT_DONE);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'bea.valide@ex.example' AND state = 'registered' AND ine = '338600940AA'"), 1);
	/* the same reply again: the link is used up */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(registered->apply(ctx, &req, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "déjà servi"));
	free(reason);
	db_rollback(ctx->db);
	testenv_close(ctx);
}

/* a reply to an expired invitation brings a fresh one */
static void
test_reply_expired(void **state)
{
	char tok[TOKEN_BUFSZ], *reason = NULL;
	struct altc *ctx = setup("bea.fausse@ex.example", tok);
	struct mail_request req = { 0 };

	(void)state;
	altc_modules_init();
	registered = mail_action_find("signup");
	req.route = "reply";
	req.locale = "fr";
	req.token_clear = tok;
	setenv("ALTC_NOW", "1795600000", 1);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(registered->apply(ctx, &req, &reason), INPUT_DONE);
	assert_int_equal(db_commit(ctx->db), 0);
	setenv("ALTC_NOW", "1795435200", 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'import.invitation' AND rcpt = 'bea.fausse@ex.example'"), 2);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'bea.fausse@ex.example' AND state = 'imported'"), 1);
	testenv_close(ctx);
}

/* staff activation link: pending -> active once */
static void
test_activation(void **state)
{
	struct altc *ctx = testenv_open(0);
	char tok[TOKEN_BUFSZ], *err = NULL;
	int64_t uid;

	(void)state;
	assert_int_equal(db_begin(ctx->db), 0);
	uid = user_ensure(ctx, "ga2@univ.example", "ga", "pending", "Gest", "Ion", &err);
	assert_true(uid > 0);
	assert_int_equal(token_issue(ctx->db, "activation", "user", uid, uid, "", 3600, 1, tok, &err), 0);
	assert_int_equal(account_activate(ctx, tok, NULL, &err), SIGNUP_DONE);
	assert_int_equal(account_activate(ctx, tok, NULL, &err), SIGNUP_GONE);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM users WHERE email ="
	    " 'ga2@univ.example' AND state = 'active'"), 1);
	assert_int_equal(testenv_count(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'account.welcome' AND json_extract(vars, '$.is_staff') = 1"), 1);
	testenv_close(ctx);
}

/* the invitation says, word for word, what a signup by reply accepts */
static void
test_consent_in_invitation(void **state)
{
	static const char *const files[] = { "fr/import.invitation.txt",
	    "fr/import.invitation.html", "en/import.invitation.txt", "en/import.invitation.html" };

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = xasprintf("%s/templates/%s", getenv("ALTC_SRCDIR"), files[i]), *body = NULL;
		struct strbuf flat = STRBUF_INIT;
		size_t len;

		assert_int_equal(read_file(p, &body, &len), 0);
		/* lines are wrapped in the text templates */
		for (const char *c = body; *c; c++)
			if (*c == '\n' || *c == ' ') {
				if (flat.len && flat.buf[flat.len - 1] != ' ')
					strbuf_addch(&flat, ' ');
			} else
				strbuf_addch(&flat, *c);
		if (strstr(flat.buf, consent_wording(files[i][0] == 'e' ? "en" : "fr")) == NULL)
			fail_msg("%s does not carry the consent's wording", files[i]);
		strbuf_release(&flat);
		free(body);
		free(p);
	}
	assert_string_not_equal(consent_wording("fr"), consent_wording("en"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_minor),
		cmocka_unit_test(test_expired),
		cmocka_unit_test(test_reply),
		cmocka_unit_test(test_reply_expired),
		cmocka_unit_test(test_activation),
		cmocka_unit_test(test_consent_in_invitation),
	};

	setenv("ALTC_NOW", "1795435200", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
