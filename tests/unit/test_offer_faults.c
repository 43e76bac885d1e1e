/*
 * test_offer_faults.c - a database failure at any statement of an offer's
 * operation (submission, edit, review, pool decision, life cycle, sharing,
 * recommendation) is reported as such (ACT_EDB, or a temporary failure of
 * the mail) and leaves nothing half done: test_fault.h fails each statement
 * in turn.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "mail_action.h"
#include "offer.h"
#include "offer_mail.h"
#include "structure.h"
#include "test_fault.h"
#include "test_offer_util.h"

#define BENOTTI 1

/* fields - a complete offer for formations (NULL: the ga pool) */
static void
fields(struct offer_fields *f, const char *title, const char *formations)
{
	offer_fields_init(f);
	(void)offer_fields_set(f, "intitule", title);
	(void)offer_fields_set(f, "duree", "2 ans");
	(void)offer_fields_set(f, "lieu", "Annecy");
	(void)offer_fields_set(f, "descriptif", "Paie, SIRH, entretiens annuels");
	(void)offer_fields_set(f, "competences", "paie, Excel");
	(void)offer_fields_set(f, "handicap", "oui");
	if (formations)
		(void)offer_fields_set(f, "formations", formations);
}

static int64_t
company_of(struct altc *ctx, const char *email)
{
	return q_int(ctx, "SELECT company_id FROM users WHERE email = %Q", email);
}

/* offer - a committed offer of rh@benotti, pending; its id */
static int64_t
offer(struct altc *ctx, const char *title, const char *formations)
{
	struct offer_fields f;
	char *err = NULL;
	int64_t id = 0;

	fields(&f, title, formations);
	assert_int_equal(db_begin(ctx->db), 0);
	if (offer_create(ctx, &f, company_of(ctx, "rh@benotti.example"),
	    uid(ctx, "rh@benotti.example"), 0, &id, &err) != ACT_OK)
		fail_msg("offer_create: %s", err);
	assert_int_equal(db_commit(ctx->db), 0);
	offer_fields_release(&f);
	return id;
}

/* published - a committed offer, validated for BUT3-GEA-GPRH */
static int64_t
published(struct altc *ctx, const char *title)
{
	int64_t id = offer(ctx, title, "BUT3-GEA-GPRH");
	char *err = NULL;

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(offer_review(ctx, link_of(ctx, id, "BUT3-GEA-GPRH"),
	    uid(ctx, "rp.gea@univ.example"), OFFER_VALIDATE, "4 bien", &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	return id;
}

struct call {
	int64_t id, actor;
	int op;
	const char *args;
};

static int
op_create(struct altc *ctx, void *arg, char **errstr_r)
{
	struct call *c = arg;
	struct offer_fields f;
	int64_t id;
	int rc;

	fields(&f, "Assistant paie", "BUT3-GEA-GPRH,BUT3-TC-MDEE");
	rc = offer_create(ctx, &f, c->id, c->actor, 0, &id, errstr_r);
	offer_fields_release(&f);
	return rc;
}

static int
op_edit(struct altc *ctx, void *arg, char **errstr_r)
{
	struct call *c = arg;
	struct offer_fields f;
	int rc;

	offer_fields_init(&f);
	(void)offer_fields_set(&f, "lieu", "Lyon");
	(void)offer_fields_set(&f, "competences", "paie, SIRH");
	(void)offer_fields_set(&f, "expiration", "2040-01-01");
	(void)offer_fields_set(&f, "formations", "BUT3-TC-MDEE");
	rc = offer_edit(ctx, c->id, &f, 0, c->actor, errstr_r);
	offer_fields_release(&f);
	return rc;
}

static int
op_review(struct altc *ctx, void *arg, char **errstr_r)
{
	struct call *c = arg;

	return offer_review(ctx, c->id, c->actor, (enum offer_decision)c->op, c->args, errstr_r);
}

static int
op_pool(struct altc *ctx, void *arg, char **errstr_r)
{
	struct call *c = arg;

	return offer_review_pool(ctx, c->id, c->actor, (enum offer_decision)c->op, c->args,
	    errstr_r);
}

static int
op_life(struct altc *ctx, void *arg, char **errstr_r)
{
	struct call *c = arg;

	int64_t copy;

	return offer_lifecycle(ctx, c->id, c->actor, (enum offer_life)c->op, &copy, errstr_r);
}

static int
op_recommend(struct altc *ctx, void *arg, char **errstr_r)
{
	struct call *c = arg;

	return offer_recommend_student(ctx, c->actor, c->args, errstr_r);
}

static int
op_share(struct altc *ctx, void *arg, char **errstr_r)
{
	struct call *c = arg;

	return offer_share(ctx, c->id, c->actor, errstr_r);
}

static int
op_sweep(struct altc *ctx, void *arg, char **errstr_r)
{
	size_t did;

	(void)arg;
	return offer_sweep(ctx, 4102444800, &did, errstr_r);	/* 2100-01-01 */
}

/* a submission by mail: a temporary failure, never a refusal, when the database fails */
static int
op_mail(struct altc *ctx, void *arg, char **errstr_r)
{
	static const struct mail_form_field form[] = {
		{ "intitule", "Gestionnaire de paie" }, { "duree", "1 an" }, { "lieu", "Poisy" },
		{ "descriptif", "Paie" }, { "formations", "BUT3-GEA-GPRH" },
	};
	struct call *c = arg;
	struct mail_answer answer = { 0 };
	struct mail_request r = { 0 };
	enum input_result res;

	r.answer = &answer;
	r.route = "offres";
	r.message_id = "m1@example";
	r.sender = "rh@benotti.example";
	r.sender_name = "";
	r.sender_user_id = c->actor;
	r.subject = "Offre";
	r.locale = "fr";
	r.args = r.text = "";
	r.form = form;
	r.nform = ARRAY_SIZE(form);
	res = offer_mail_offres(ctx, &r, errstr_r);
	free(answer.detail);
	return res == INPUT_DONE ? 0 : res == INPUT_TEMPFAIL ? -1 : (int)res + 100;
}

static void
test_submission_faults(void **state)
{
	struct altc *ctx = *state;
	struct call c = { company_of(ctx, "rh@benotti.example"), uid(ctx, "rh@benotti.example"), 0,
		NULL };

	assert_true(fault_sweep(ctx, "offer_create", op_create, &c, ACT_EDB) > 5);
	assert_true(fault_sweep(ctx, "offres@", op_mail, &c, -1) > 5);
}

static void
test_edit_and_review_faults(void **state)
{
	struct altc *ctx = *state;
	int64_t id = offer(ctx, "Comptable", "BUT3-GEA-GPRH,BUT3-TC-MDEE");
	int64_t rp = uid(ctx, "rp.gea@univ.example");
	struct call c = { id, uid(ctx, "rh@benotti.example"), 0, NULL };
	struct call v = { link_of(ctx, id, "BUT3-GEA-GPRH"), rp, OFFER_VALIDATE, "5 parfait" };

	assert_true(fault_sweep(ctx, "offer_edit", op_edit, &c, ACT_EDB) > 3);
	assert_true(fault_sweep(ctx, "VALIDER", op_review, &v, ACT_EDB) > 3);
	v.op = OFFER_REJECT;
	v.args = "hors sujet";
	assert_true(fault_sweep(ctx, "REJETER", op_review, &v, ACT_EDB) > 3);
	v.op = OFFER_TRANSFER;
	v.args = "rp.tc@univ.example";
	assert_true(fault_sweep(ctx, "TRANSFERER", op_review, &v, ACT_EDB) > 1);
	v.op = OFFER_VALIDATE;
	v.args = "5 parfait";
	/* the offer is as it was */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers WHERE id = %lld AND state ="
	    " 'pending' AND location = 'Annecy'", (long long)id), 1);
	/* once validated, recommended to students of the formation */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(op_review(ctx, &v, NULL), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	v.op = OFFER_RECOMMEND;
	v.args = "alice@etu.example, bob@etu.example";
	assert_true(fault_sweep(ctx, "RECOMMANDER", op_review, &v, ACT_EDB) > 3);
}

static void
test_pool_faults(void **state)
{
	struct altc *ctx = *state;
	int64_t id = offer(ctx, "Stage sans formation", NULL);
	struct call c = { id, uid(ctx, "ga@univ.example"), OFFER_VALIDATE, "4" };

	assert_true(fault_sweep(ctx, "pool VALIDER", op_pool, &c, ACT_EDB) > 3);
	c.op = OFFER_REJECT;
	c.args = "hors sujet";
	assert_true(fault_sweep(ctx, "pool REJETER", op_pool, &c, ACT_EDB) > 3);
}

static void
test_life_faults(void **state)
{
	static const struct { enum offer_life op; const char *name, *args; } t[] = {
		{ OFFER_FILL, "POURVUE", NULL }, { OFFER_WITHDRAW, "RETIRER", NULL },
		{ OFFER_ARCHIVE, "ARCHIVER", NULL }, { OFFER_DUPLICATE, "DUPLIQUER", NULL },
		{ OFFER_EXTEND, "PROLONGER", NULL },
	};
	struct altc *ctx = *state;
	int64_t id = published(ctx, "Assistant RH");
	struct call c = { id, uid(ctx, "rh@benotti.example"), 0, NULL };

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		c.op = (int)t[i].op;
		c.args = t[i].args;
		assert_true(fault_sweep(ctx, t[i].name, op_life, &c, ACT_EDB) > 1);
	}
	c.actor = uid(ctx, "rp.gea@univ.example");
	c.args = "alice@etu.example";
	{
		char args[64];

		snprintf(args, sizeof(args), "alice@etu.example %lld", (long long)id);
		c.args = args;
		assert_true(fault_sweep(ctx, "RECOMMANDER student", op_recommend, &c, ACT_EDB) > 3);
	}
	/* the expiry sweep, years later */
	assert_true(fault_sweep(ctx, "offer_sweep", op_sweep, NULL, -1) > 1);
}

static void
test_share_faults(void **state)
{
	struct altc *ctx = *state;
	struct offer_origin o = { 0, 0, NULL };
	struct offer_fields f;
	struct call c = { 0, 0, 0, NULL };
	char *err = NULL;
	int64_t sid, id = 0;

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(structure_add(ctx, "OPCO Atlas", "OPCO", &sid, &err), ACT_OK);
	assert_int_equal(structure_member_add(ctx, sid, "paul@atlas.example", "Paul", "Martin",
	    &err), ACT_OK);
	assert_int_equal(structure_member_add(ctx, sid, "lucie@atlas.example", NULL, NULL, &err),
	    ACT_OK);
	o.structure_id = sid;
	fields(&f, "Assistant comptable", "BUT3-GEA-GPRH");
	assert_int_equal(offer_create_from(ctx, &f, company_of(ctx, "rh@benotti.example"),
	    uid(ctx, "paul@atlas.example"), 0, &o, &id, &err), ACT_OK);
	offer_fields_release(&f);
	assert_int_equal(db_commit(ctx->db), 0);
	c.id = id;
	c.actor = uid(ctx, "paul@atlas.example");
	assert_true(fault_sweep(ctx, "PARTAGER", op_share, &c, ACT_EDB) > 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_submission_faults, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_edit_and_review_faults, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_pool_faults, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_life_faults, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_share_faults, test_demo_setup, test_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
