/*
 * test_company.c - employer accounts: registration by mail with its
 * confirmation key, a bad SIRET refused without a trace, a second person of
 * a known SIRET approved by the referent, referent handover, staff creation
 * and the list/show tables.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "company.h"
#include "company_mail.h"
#include "offer.h"
#include "table.h"
#include "test_fault.h"
#include "test_offer_util.h"
#include "token.h"

/* the registration form of a new company (SIRET of La Poste's rule) and of BENOTTI */
static const struct mail_form_field form_new[] = {
	{ "raison_sociale", "Poste Annecy" }, { "siret", "356 000 000 00001" },
	{ "secteur", "Services" }, { "effectif", "50" }, { "adresse", "1 rue de la Poste" },
	{ "code_postal", "74000" }, { "ville", "Annecy" }, { "pays", "France" },
	{ "nom", "Martin" }, { "prenom", "Léa" }, { "telephone", "0450000000" },
};
static const struct mail_form_field form_benotti[] = {
	{ "entreprise", "BENOTTI SAS" }, { "siret", "80754009100004" },
	{ "address", "2 route de Poisy" }, { "postal_code", "74330" }, { "city", "Poisy" },
	{ "last_name", "Durand" }, { "first_name", "Paul" },
};

/* what the last action asked the pipeline to tell its sender */
static struct mail_answer answer;

static struct mail_request
request(struct altc *ctx, const char *sender, const struct mail_form_field *form, size_t n)
{
	struct mail_request r;

	free(answer.detail);
	memset(&answer, 0, sizeof(answer));
	memset(&r, 0, sizeof(r));
	r.answer = &answer;
	r.route = "inscription";
	r.sender = sender;
	r.sender_user_id = uid(ctx, sender);
	r.subject = "Inscription";
	r.locale = "fr";
	r.args = "";
	r.form = form;
	r.nform = n;
	return r;
}

/* confirm_key - the key of the last account.confirm_email to rcpt */
static void
confirm_key(struct altc *ctx, const char *rcpt, struct token_info *t)
{
	char *clear = q_text(ctx, "SELECT token FROM outbox WHERE template = %Q AND rcpt = %Q"
	    " ORDER BY id DESC", "account.confirm_email", rcpt), *err = NULL;

	assert_int_equal(token_lookup(ctx->db, clear, t, &err), TOKEN_OK);
	free(clear);
}

static void
test_register_and_confirm(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r = request(ctx, "lea@poste.example", form_new,
	    sizeof(form_new) / sizeof(form_new[0]));
	struct token_info t;
	char *reason = NULL, *s;

	assert_int_equal(company_mail_inscription(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT c.state || ' ' || u.state || ' ' || u.company_referent"
	    " FROM users u JOIN companies c ON c.id = u.company_id WHERE u.email = 'lea@poste.example'");
	assert_string_equal(s, "unconfirmed unconfirmed 1");
	free(s);
	confirm_key(ctx, "lea@poste.example", &t);
	assert_string_equal(t.purpose, "confirm_email");
	assert_int_equal(t.max_uses, 1);
	assert_int_equal(t.expires_at - q_int(ctx, "SELECT created_at FROM tokens WHERE id = %lld",
	    (long long)t.id), 15 * 86400);
	s = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'account.confirm_email'");
	assert_non_null(strstr(s, "/a/"));
	assert_non_null(strstr(s, "\"company\":\"Poste Annecy\""));
	free(s);
	/* a reply from the right address confirms */
	r.route = "reply";
	r.sender_user_id = uid(ctx, "lea@poste.example");
	r.token = &t;
	r.form = NULL;
	r.nform = 0;
	assert_int_equal(company_mail_confirm(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT c.state || ' ' || u.state FROM users u JOIN companies c"
	    " ON c.id = u.company_id WHERE u.email = 'lea@poste.example'");
	assert_string_equal(s, "active active");
	free(s);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'account.welcome'"
	    " AND rcpt = 'lea@poste.example'"), 1);
	/* confirming twice is refused */
	assert_int_equal(company_mail_confirm(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
}

static const struct {
	const char *siret;
	const char *why;
} bad_sirets[] = {
	{ "80754009100005", "check digit" },
	{ "8075400910000", "14 digits" },
	{ "35600000000048", "La Poste" },
};

static void
test_bad_siret(void **state)
{
	struct altc *ctx = *state;

	for (size_t i = 0; i < sizeof(bad_sirets) / sizeof(bad_sirets[0]); i++) {
		struct mail_form_field form[sizeof(form_new) / sizeof(form_new[0])];
		struct mail_request r;
		char *reason = NULL;

		memcpy(form, form_new, sizeof(form));
		form[1].value = (char *)bad_sirets[i].siret;
		r = request(ctx, "lea@poste.example", form, sizeof(form) / sizeof(form[0]));
		assert_int_equal(company_mail_inscription(ctx, &r, &reason), INPUT_REJECTED);
		assert_non_null(strstr(reason, bad_sirets[i].why));
		free(reason);
		/* the employer reads it in French */
		assert_non_null(strstr(answer.detail, "SIRET « "));
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM companies"), 2);
		assert_int_equal(uid(ctx, "lea@poste.example"), 0);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens"), 0);
	}
	/* missing fields: the list and the form, nothing created */
	{
		struct mail_request r = request(ctx, "lea@poste.example", form_new, 3);
		char *reason = NULL;

		assert_int_equal(company_mail_inscription(ctx, &r, &reason), INPUT_REJECTED);
		free(reason);
		assert_string_equal(answer.code, "missing_fields");
		assert_non_null(strstr(answer.detail, "Adresse, Code postal, Ville, Nom, Prénom"));
		assert_non_null(strstr(answer.detail, "Raison sociale :"));
		assert_int_equal(uid(ctx, "lea@poste.example"), 0);
	}
}

struct inscription {
	const char *sender;
	const struct mail_form_field *form;
	size_t n;
};

static int
op_inscription(struct altc *ctx, void *arg, char **errstr_r)
{
	const struct inscription *c = arg;
	struct mail_request r = request(ctx, c->sender, c->form, c->n);
	enum input_result res = company_mail_inscription(ctx, &r, errstr_r);

	return res == INPUT_DONE ? 0 : res == INPUT_TEMPFAIL ? -1 : 100 + (int)res;
}

static int
op_confirm(struct altc *ctx, void *arg, char **errstr_r)
{
	return company_confirm(ctx, *(int64_t *)arg, errstr_r);
}

/*
 * a registration (a new company, a collaborator) or a confirmation that
 * cannot be written waits and is tried again: never half an account
 */
static void
test_company_faults(void **state)
{
	struct altc *ctx = *state;
	struct inscription lea = { "lea@poste.example", form_new, ARRAY_SIZE(form_new) };
	struct inscription paul = { "paul@benotti.example", form_benotti, ARRAY_SIZE(form_benotti) };
	int64_t id;

	assert_true(fault_sweep(ctx, "new company", op_inscription, &lea, -1) > 2);
	assert_true(fault_sweep(ctx, "collaborator", op_inscription, &paul, -1) > 1);
	assert_int_equal(uid(ctx, "lea@poste.example"), 0);
	assert_int_equal(uid(ctx, "paul@benotti.example"), 0);
	assert_int_equal(op_inscription(ctx, &lea, NULL), 0);
	id = uid(ctx, "lea@poste.example");
	assert_true(fault_sweep(ctx, "confirmation", op_confirm, &id, ACT_EDB) > 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM users WHERE email = 'lea@poste.example'"
	    " AND state = 'unconfirmed'"), 1);
}

static void
test_collaborator(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r = request(ctx, "paul@benotti.example", form_benotti,
	    sizeof(form_benotti) / sizeof(form_benotti[0]));
	int64_t paul, referent = uid(ctx, "rh@benotti.example");
	struct token_info t;
	char *reason = NULL, *err = NULL, *s, *clear;

	assert_int_equal(company_mail_inscription(ctx, &r, &reason), INPUT_DONE);
	paul = uid(ctx, "paul@benotti.example");
	assert_int_equal(q_int(ctx, "SELECT company_referent FROM users WHERE id = %lld",
	    (long long)paul), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM companies"), 2);
	assert_int_equal(company_confirm(ctx, paul, &err), ACT_OK);
	s = q_text(ctx, "SELECT state FROM users WHERE id = %lld", (long long)paul);
	assert_string_equal(s, "awaiting_approval");
	free(s);
	/* not yet an employer who can submit offers */
	assert_int_equal(company_of_user(ctx, paul), 0);
	/* the referent is asked with a reply key */
	clear = q_text(ctx, "SELECT token FROM outbox WHERE template = 'account.collaborator_request'"
	    " AND rcpt = 'rh@benotti.example'");
	assert_int_equal(token_lookup(ctx->db, clear, &t, &err), TOKEN_OK);
	free(clear);
	assert_string_equal(t.purpose, "collaborator_review");
	assert_int_equal(t.object_id, paul);
	/* someone else cannot approve */
	r.route = "reply";
	r.token = &t;
	r.verb = "APPROUVER";
	r.form = NULL;
	r.nform = 0;
	r.sender = "contact@genesii.example";
	r.sender_user_id = uid(ctx, "contact@genesii.example");
	assert_int_equal(company_mail_collaborator(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	reason = NULL;
	r.sender = "rh@benotti.example";
	r.sender_user_id = referent;
	assert_int_equal(company_mail_collaborator(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT state FROM users WHERE id = %lld", (long long)paul);
	assert_string_equal(s, "active");
	free(s);
	assert_int_equal(company_of_user(ctx, paul), 1);
	/* the referent role is handed over */
	assert_int_equal(company_set_referent(ctx, "807 540 091 00004", "nobody@x.example", &err),
	    ACT_EINPUT);
	free(err);
	err = NULL;
	/* an employer of another company cannot be made this one's referent */
	assert_int_equal(company_set_referent(ctx, "80754009100004", "contact@genesii.example", &err),
	    ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT referent_id FROM companies WHERE id = 1"), referent);
	assert_int_equal(company_set_referent(ctx, "80754009100004", "paul@benotti.example", &err),
	    ACT_OK);
	assert_int_equal(q_int(ctx, "SELECT referent_id FROM companies WHERE id = 1"), paul);
	assert_int_equal(q_int(ctx, "SELECT sum(company_referent) FROM users WHERE company_id = 1"), 1);
	assert_int_equal(q_int(ctx, "SELECT company_referent FROM users WHERE id = %lld",
	    (long long)paul), 1);
}

static void
test_refused_collaborator(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r = request(ctx, "eve@benotti.example", form_benotti,
	    sizeof(form_benotti) / sizeof(form_benotti[0]));
	int64_t eve;
	char *reason = NULL, *err = NULL, *s;

	assert_int_equal(company_mail_inscription(ctx, &r, &reason), INPUT_DONE);
	eve = uid(ctx, "eve@benotti.example");
	assert_int_equal(company_confirm(ctx, eve, &err), ACT_OK);
	assert_int_equal(company_collaborator_decide(ctx, eve, uid(ctx, "rh@benotti.example"), 0,
	    &err), ACT_OK);
	s = q_text(ctx, "SELECT state FROM users WHERE id = %lld", (long long)eve);
	assert_string_equal(s, "closed");
	free(s);
	/* an address that already has an account cannot register again */
	r = request(ctx, "rh@benotti.example", form_benotti,
	    sizeof(form_benotti) / sizeof(form_benotti[0]));
	assert_int_equal(company_mail_inscription(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
}

static void
test_staff(void **state)
{
	struct altc *ctx = *state;
	struct company_fields f;
	struct table *t;
	char *err = NULL;
	int64_t id;

	company_fields_init(&f);
	(void)company_fields_set(&f, "raison_sociale", "ACME");
	(void)company_fields_set(&f, "siret", "73282932000074");
	(void)company_fields_set(&f, "ville", "Lyon");
	assert_int_equal(company_add(ctx, &f, "jobs@acme.example", &id, &err), ACT_OK);
	assert_int_equal(company_add(ctx, &f, "jobs2@acme.example", &id, &err), ACT_EINPUT);
	assert_non_null(strstr(err, "already known"));
	free(err);
	company_fields_release(&f);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM users WHERE email = 'jobs@acme.example'"
	    " AND state = 'active' AND company_referent = 1"), 1);
	t = company_list_table(ctx, &err);
	assert_int_equal(table_rows(t), 3);
	table_free(&t);
	t = company_show_table(ctx, "73282932000074", &err);
	assert_int_equal(table_rows(t), 1);
	table_free(&t);
	assert_null(company_show_table(ctx, "80754009100005", &err));
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_register_and_confirm, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_bad_siret, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_collaborator, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_company_faults, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_refused_collaborator, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_staff, test_demo_setup, test_demo_teardown),
	};

	log_init(1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
