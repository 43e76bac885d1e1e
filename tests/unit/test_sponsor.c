/*
 * test_sponsor.c - the sponsorship module on the demo instance: the state
 * table (what each state allows, every legal move with its audit row and
 * its mail, every illegal one refused with nothing changed), who is asked,
 * the sponsor proposed and the sponsor named, the rights of the chargé de
 * mission and the referent accounts they create.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "fsm.h"
#include "sponsor.h"
#include "status.h"
#include "test_fault.h"
#include "test_offer_util.h"

/* ASSERT_TEXT - the first column of a query (printf-style) is want */
#define ASSERT_TEXT(want, ...) do { \
	char *v_ = q_text(ctx, __VA_ARGS__); \
	assert_string_equal(v_, want); \
	free(v_); \
} while (0)

/* what each state allows: the table as the design reads */
static const struct {
	const char *state, *events;
} allowed[] = {
	{ "requested", "validate,refuse" },
	{ "active", "end" },
	{ "refused", "" },
	{ "ended", "" },
};

static void
test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++) {
		char *ev = fsm_events_from(&fsm_sponsorship, allowed[i].state);

		assert_string_equal(ev, allowed[i].events);
		free(ev);
		assert_true(sponsorship_state_valid(allowed[i].state));
	}
	assert_false(sponsorship_state_valid("pending"));
	assert_string_equal(fsm_state_label(&fsm_sponsorship, "active", "fr"), "en cours");
}

/* pool - two volunteers and a staff member as sponsors, added by the command line */
static void
pool(struct altc *ctx)
{
	static const char *const s[][2] = {
		{ "luc@benevoles.example", "Bernard Luc" },
		{ "julie@benevoles.example", "Leroy Julie" },
		{ "rp.tc@univ.example", "" },
	};
	char *err = NULL;
	int64_t id;

	assert_int_equal(db_begin(ctx->db), 0);
	for (size_t i = 0; i < ARRAY_SIZE(s); i++)
		assert_int_equal(sponsor_add(ctx, 0, s[i][0], s[i][1], &id, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
}

/* request - alice's request, committed; its id */
static int64_t
request(struct altc *ctx, const char *email)
{
	char *err = NULL;
	int64_t id = 0;

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(sponsorship_request(ctx, uid(ctx, email), "Bonjour", &id, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	return id;
}

static int64_t
count_audit(struct altc *ctx, int64_t id, const char *event)
{
	return q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'sponsorship'"
	    " AND object_id = %lld AND event = %Q", (long long)id, event);
}

struct sponsor_call {
	int64_t id, actor, student;
	int op;		/* 0 request, 1 validate, 2 refuse, 3 add a sponsor */
};

static int
op_sponsor(struct altc *ctx, void *arg, char **errstr_r)
{
	struct sponsor_call *c = arg;
	int64_t id;

	switch (c->op) {
	case 0: return sponsorship_request(ctx, c->student, "Bonjour", &id, errstr_r);
	case 1: return sponsorship_validate(ctx, c->id, c->actor, NULL, "Bienvenue", errstr_r);
	case 2: return sponsorship_refuse(ctx, c->id, c->actor, "pas de parrain", errstr_r);
	default: return sponsor_add(ctx, 0, "nadia@ancien.example", "Nadia Amrani", &id, errstr_r);
	}
}

/* a request, its validation or refusal, a sponsor added: a row that cannot be written says so */
static void
test_sponsor_faults(void **state)
{
	struct altc *ctx = *state;
	struct sponsor_call c = { 0, uid(ctx, "rp.gea@univ.example"), uid(ctx, "alice@etu.example"),
		3 };

	assert_true(fault_sweep(ctx, "sponsor_add", op_sponsor, &c, ACT_EDB) > 0);
	pool(ctx);
	c.op = 0;
	assert_true(fault_sweep(ctx, "sponsorship_request", op_sponsor, &c, ACT_EDB) > 1);
	c.id = request(ctx, "alice@etu.example");
	c.op = 1;
	assert_true(fault_sweep(ctx, "sponsorship_validate", op_sponsor, &c, ACT_EDB) > 1);
	c.op = 2;
	assert_true(fault_sweep(ctx, "sponsorship_refuse", op_sponsor, &c, ACT_EDB) > 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sponsorships"), 1);
}

/* every legal move, and every illegal one refused without a trace */
static void
test_moves(void **state)
{
	struct altc *ctx = *state;
	int64_t rp = uid(ctx, "rp.gea@univ.example"), id, id2, mails;
	char *err = NULL;

	pool(ctx);
	id = request(ctx, "alice@etu.example");
	assert_int_equal(count_audit(ctx, id, "create"), 1);
	/* no referent: the formation's rp and the delegated ga are asked */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'sponsorship.request'"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'sponsorship.requested' AND rcpt = 'alice@etu.example'"), 1);
	/* one open request at a time */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(sponsorship_request(ctx, uid(ctx, "alice@etu.example"), NULL, &id2, &err),
	    ACT_ESTATE);
	free(err);
	err = NULL;
	/* requested: end is illegal */
	mails = q_int(ctx, "SELECT count(*) FROM outbox");
	assert_int_equal(sponsorship_end(ctx, id, rp, NULL, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	/* a refusal needs a motif */
	assert_int_equal(sponsorship_refuse(ctx, id, rp, "", &err), ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox"), mails);
	/* requested -> active, with the sponsor proposed (the first of the pool) */
	assert_int_equal(sponsorship_validate(ctx, id, rp, NULL, "Bienvenue", &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	ASSERT_TEXT("active luc@benevoles.example", "SELECT state || ' ' || s.email FROM"
	    " sponsorships p JOIN sponsors s ON s.id = p.sponsor_id WHERE p.id = %lld",
	    (long long)id);
	assert_int_equal(count_audit(ctx, id, "validate"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'sponsorship.sponsor' AND rcpt = 'luc@benevoles.example' AND user_id IS NULL"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'sponsorship.accepted' AND rcpt = 'alice@etu.example'"), 1);
	/* active: validate and refuse are illegal */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(sponsorship_validate(ctx, id, rp, NULL, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(sponsorship_refuse(ctx, id, rp, "non", &err), ACT_ESTATE);
	free(err);
	err = NULL;
	/* active -> ended by the sponsor, known by address only */
	assert_int_equal(sponsorship_end(ctx, id, 0, "LUC@benevoles.example", "fin", &err), ACT_OK);
	assert_int_equal(count_audit(ctx, id, "end"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'sponsorship.ended'"), 2);	/* the student and the referent */
	assert_int_equal(sponsorship_end(ctx, id, 0, NULL, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(db_commit(ctx->db), 0);
	/* requested -> refused, then nothing more */
	id2 = request(ctx, "alice@etu.example");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(sponsorship_refuse(ctx, id2, rp, "trop tôt", &err), ACT_OK);
	ASSERT_TEXT("refused trop tôt", "SELECT state || ' ' || reason FROM sponsorships"
	    " WHERE id = %lld", (long long)id2);
	assert_int_equal(sponsorship_validate(ctx, id2, rp, NULL, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(sponsorship_end(ctx, id2, rp, NULL, NULL, &err), ACT_ESTATE);
	free(err);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(count_audit(ctx, id2, "refuse"), 1);
}

/* who decides: a staff member who follows the student, and who is asked */
static void
test_who(void **state)
{
	struct altc *ctx = *state;
	int64_t alice = uid(ctx, "alice@etu.example"), *ids = NULL, id, ref;
	char *err = NULL;
	int n;

	pool(ctx);
	n = sponsorship_referents(ctx, alice, &ids);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], uid(ctx, "rp.gea@univ.example"));
	assert_int_equal(ids[1], uid(ctx, "ga@univ.example"));
	free(ids);
	/* with a referent, only the referent */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(referent_create(ctx, 0, "ref@univ.example", "Martin Paul", &ref, &err),
	    ACT_OK);
	assert_int_equal(db_exec(ctx->db, "UPDATE users SET state = 'active' WHERE email ="
	    " 'ref@univ.example'; UPDATE users SET referent_id = (SELECT id FROM users WHERE email ="
	    " 'ref@univ.example') WHERE email = 'alice@etu.example'", &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	n = sponsorship_referents(ctx, alice, &ids);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], ref);
	free(ids);
	/* carol (another formation, no referent) has the tc rp and the ga */
	n = sponsorship_referents(ctx, uid(ctx, "carol@etu.example"), &ids);
	assert_int_equal(n, 2);
	free(ids);
	id = request(ctx, "alice@etu.example");
	/* rp.tc follows carol, not alice */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(sponsorship_validate(ctx, id, uid(ctx, "rp.tc@univ.example"), NULL, NULL,
	    &err), ACT_EDENIED);
	assert_string_equal(err, "you do not follow this student");
	free(err);
	err = NULL;
	/* the sponsor named: by name in either order, any case and accents */
	assert_int_equal(sponsorship_validate(ctx, id, ref, "nobody@benevoles.example", NULL, &err),
	    ACT_ENOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(sponsorship_validate(ctx, id, ref, "julie LÉROY", NULL, &err), ACT_OK);
	/* the end: refused to a staff member who does not follow her, done by one who does */
	assert_int_equal(sponsorship_end(ctx, id, uid(ctx, "rp.tc@univ.example"), NULL, NULL,
	    &err), ACT_EDENIED);
	free(err);
	err = NULL;
	assert_int_equal(sponsorship_end(ctx, id, uid(ctx, "rp.gea@univ.example"), NULL, "bilan",
	    &err), ACT_OK);
	/* the student, the sponsor and the referent who decided are told */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'sponsorship.ended' AND vars LIKE '%%\"by_staff\":true%%'"), 3);
	assert_int_equal(db_commit(ctx->db), 0);
	ASSERT_TEXT("julie@benevoles.example", "SELECT s.email FROM sponsorships p JOIN sponsors s ON"
	    " s.id = p.sponsor_id WHERE p.id = %lld", (long long)id);
}

/* the pool: matching by name, the least busy proposed, never the student */
static void
test_pool(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL;
	int64_t id, luc, julie;

	pool(ctx);
	luc = q_int(ctx, "SELECT id FROM sponsors WHERE email = 'luc@benevoles.example'");
	julie = q_int(ctx, "SELECT id FROM sponsors WHERE email = 'julie@benevoles.example'");
	assert_int_equal(sponsor_find(ctx, "Leroy  Julie", &id, &err), ACT_OK);
	assert_int_equal(id, julie);
	assert_int_equal(sponsor_find(ctx, "Julie Leroy <JULIE@benevoles.example>", &id, &err),
	    ACT_OK);
	assert_int_equal(id, julie);
	/* a staff member's name comes from the account */
	assert_int_equal(sponsor_find(ctx, "Julien Moreau", &id, &err), ACT_OK);
	assert_int_equal(sponsor_propose(ctx, uid(ctx, "alice@etu.example")), luc);
	/* luc busy: julie is proposed */
	assert_int_equal(db_exec(ctx->db, "INSERT INTO sponsorships (student_id, sponsor_id, state,"
	    " created_at, updated_at) SELECT id, 1, 'active', 0, 0 FROM users WHERE email ="
	    " 'bob@etu.example'", &err), 0);
	assert_int_equal(sponsor_propose(ctx, uid(ctx, "alice@etu.example")), julie);
	/* two of one name: the address is needed */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(sponsor_add(ctx, 0, "julie2@benevoles.example", "Leroy Julie", &id, &err),
	    ACT_OK);
	assert_int_equal(sponsor_add(ctx, 0, "julie2@benevoles.example", "Leroy Julie", &id, &err),
	    ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(sponsor_add(ctx, 0, "pas une adresse", "X Y", &id, &err), ACT_EINPUT);
	free(err);
	err = NULL;
	/* a volunteer without a name is refused, and nothing is left */
	assert_int_equal(sponsor_add(ctx, 0, "anonyme@benevoles.example", "", &id, &err),
	    ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM sponsors WHERE email ="
	    " 'anonyme@benevoles.example'"), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(sponsor_find(ctx, "Julie Leroy", &id, &err), ACT_EINPUT);
	assert_string_equal(err, "several sponsors are called 'Julie Leroy': give the address");
	free(err);
	err = NULL;
	/* a removed sponsor is neither found nor proposed */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(sponsor_remove(ctx, "julie@benevoles.example", 0, "staff", &err), ACT_OK);
	assert_int_equal(sponsor_remove(ctx, "julie@benevoles.example", 0, "staff", &err),
	    ACT_ENOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(sponsor_find(ctx, "julie@benevoles.example", &id, &err), ACT_ENOTFOUND);
	free(err);
	/* the least busy is rp.tc, never proposed to themselves (were they a student) */
	assert_int_equal(sponsor_propose(ctx, uid(ctx, "alice@etu.example")),
	    q_int(ctx, "SELECT id FROM sponsors WHERE email = 'rp.tc@univ.example'"));
	assert_int_equal(sponsor_propose(ctx, uid(ctx, "rp.tc@univ.example")),
	    q_int(ctx, "SELECT id FROM sponsors WHERE email = 'julie2@benevoles.example'"));
}

/* the chargé de mission: who may create referents, and what a creation leaves */
static void
test_mission_officer(void **state)
{
	struct altc *ctx = *state;
	int64_t rp = uid(ctx, "rp.gea@univ.example"), tc = uid(ctx, "rp.tc@univ.example"), id;
	char *err = NULL;

	assert_int_equal(mission_officer_check(ctx, 0, &err), ACT_OK);
	assert_int_equal(mission_officer_check(ctx, uid(ctx, "admin@univ.example"), &err), ACT_OK);
	assert_int_equal(mission_officer_check(ctx, rp, &err), ACT_EDENIED);
	free(err);
	err = NULL;
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(referent_create(ctx, rp, "r1@univ.example", "Martin Paul", &id, &err),
	    ACT_EDENIED);
	free(err);
	err = NULL;
	assert_int_equal(staff_grant_set(ctx, "rp.tc@univ.example", "mission-officer", 1, "staff",
	    &err), ACT_OK);
	assert_int_equal(staff_grant_set(ctx, "rp.tc@univ.example", "mission-officer", 1, "staff",
	    &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(staff_grant_set(ctx, "alice@etu.example", "mission-officer", 1, "staff",
	    &err), ACT_ENOTFOUND);
	free(err);
	err = NULL;
	assert_int_equal(staff_grant_set(ctx, "rp.tc@univ.example", "boss", 1, "staff", &err),
	    ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(referent_create(ctx, tc, "r1@univ.example", "Le Goff Anne", &id, &err),
	    ACT_OK);
	ASSERT_TEXT("rp|pending|Anne|Le Goff", "SELECT role || '|' || state || '|' || first_name"
	    " || '|' || last_name FROM users WHERE id = %lld", (long long)id);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM staff_grants WHERE user_id = %lld AND"
	    " kind = 'referent' AND granted_by = 'rp.tc@univ.example'", (long long)id), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'account.activation' AND rcpt = 'r1@univ.example'"), 1);
	/* an address already used: nothing is left behind */
	assert_int_equal(referent_create(ctx, tc, "alice@etu.example", "A B", &id, &err),
	    ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM staff_grants"), 2);
	/* taken back: refused again */
	assert_int_equal(staff_grant_set(ctx, "rp.tc@univ.example", "mission_officer", 0, "staff",
	    &err), ACT_OK);
	assert_int_equal(referent_create(ctx, tc, "r2@univ.example", "X Y", &id, &err),
	    ACT_EDENIED);
	free(err);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE event IN ('grant', 'revoke',"
	    " 'referent_create')"), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test_setup_teardown(test_moves, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_sponsor_faults, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_who, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_pool, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_mission_officer, test_demo_setup,
		    test_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
