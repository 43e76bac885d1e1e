/*
 * test_structure.c - structures and spontaneous applications: the partner's
 * state table, who may ask for a partner and who decides, a partner named
 * on an offer only once validated, who manages and answers a structure's
 * offer (its author; every user once shared), and the rules of spontaneous
 * applications (one per student and company, the company's setting and who
 * switches it, who receives and decides them).
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "application.h"
#include "company.h"
#include "fsm.h"
#include "mail_action.h"
#include "offer_mail.h"
#include "offer.h"
#include "status.h"
#include "structure.h"
#include "test_fault.h"
#include "test_offer_util.h"
#include "token.h"

#define ALPES "73282932000074"

/* setup - the demo instance, a structure with two users */
static int
setup(void **state)
{
	struct altc *ctx;
	char *err = NULL;
	int64_t id;

	test_demo_setup(state);
	ctx = *state;
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(structure_add(ctx, "OPCO Atlas", "OPCO", &id, &err), ACT_OK);
	assert_int_equal(structure_member_add(ctx, id, "paul@atlas.example", "Paul", "Martin",
	    &err), ACT_OK);
	assert_int_equal(structure_member_add(ctx, id, "lucie@atlas.example", NULL, NULL, &err),
	    ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	return 0;
}

/* fields - the partner company Alpes Conseil (SIRET, name, address) */
static void
fields(struct company_fields *f, const char *siret)
{
	company_fields_init(f);
	f->siret = xstrdup(siret);
	f->name = xstrdup("Alpes Conseil");
	f->address = xstrdup("4 avenue de Genève");
	f->postal_code = xstrdup("74000");
	f->city = xstrdup("Annecy");
}

/* ask - paul asks for a partner; the status */
static int
ask(struct altc *ctx, const char *who, const char *siret, int64_t *id_r)
{
	struct company_fields f;
	char *err = NULL;
	int rc;

	fields(&f, siret);
	assert_int_equal(db_begin(ctx->db), 0);
	rc = structure_partner_request(ctx, uid(ctx, who), &f, NULL, id_r, &err);
	assert_int_equal(db_commit(ctx->db), 0);
	company_fields_release(&f);
	free(err);
	return rc;
}

/* decide - a decision in its own transaction; the status */
static int
decide(struct altc *ctx, int64_t partner, const char *who, int validate, const char *reason)
{
	char *err = NULL;
	int rc;

	assert_int_equal(db_begin(ctx->db), 0);
	rc = structure_partner_decide(ctx, partner, who ? uid(ctx, who) : 0, validate, reason, &err);
	assert_int_equal(db_commit(ctx->db), 0);
	free(err);
	return rc;
}

/* the partner's state table: asked, then validated or refused; a refused one asked again */
static void
test_partner_fsm(void **state)
{
	(void)state;
	assert_non_null(fsm_find(&fsm_partner, "pending", "validate"));
	assert_non_null(fsm_find(&fsm_partner, "pending", "refuse"));
	assert_non_null(fsm_find(&fsm_partner, "refused", "request"));
	assert_null(fsm_find(&fsm_partner, "validated", "validate"));
	assert_null(fsm_find(&fsm_partner, "validated", "refuse"));
	assert_null(fsm_find(&fsm_partner, "refused", "validate"));
	assert_null(fsm_find(&fsm_partner, "pending", "request"));
	assert_string_equal(fsm_find(&fsm_partner, "refused", "request")->to, "pending");
	assert_string_equal(fsm_state_label(&fsm_partner, "validated", "fr"), "validée");
}

/* structures: a kind of the list, a name once; a user in one structure, an employer only */
static void
test_structures(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL;
	int64_t id;

	assert_string_equal(structure_kind("Mission locale"), "mission_locale");
	assert_string_equal(structure_kind("agence de recrutement"), "agence");
	assert_null(structure_kind("banque"));
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(structure_add(ctx, "opco atlas", "cci", &id, &err), ACT_EINPUT);
	FREE_AND_NULL(err);
	assert_int_equal(structure_add(ctx, "CCI Savoie", "cci", &id, &err), ACT_OK);
	assert_int_equal(structure_member_add(ctx, id, "paul@atlas.example", NULL, NULL, &err),
	    ACT_ESTATE);
	FREE_AND_NULL(err);
	assert_int_equal(structure_member_add(ctx, id, "alice@etu.example", NULL, NULL, &err),
	    ACT_EINPUT);
	FREE_AND_NULL(err);
	assert_int_equal(structure_member_add(ctx, id, "rh@benotti.example", NULL, NULL, &err),
	    ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(structure_of_user(ctx, uid(ctx, "rh@benotti.example")), id);
	assert_int_equal(structure_of_user(ctx, uid(ctx, "paul@atlas.example")), 1);
	assert_true(structure_is_member(ctx, 1, uid(ctx, "lucie@atlas.example")));
	assert_false(structure_is_member(ctx, id, uid(ctx, "lucie@atlas.example")));
	assert_false(structure_is_member(ctx, 0, uid(ctx, "lucie@atlas.example")));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'structure.welcome'"),
	    3);
}

/* a partner: asked by a structure's user only, decided by an admin only, a refusal with a reason */
static void
test_partner_permissions(void **state)
{
	struct altc *ctx = *state;
	int64_t p = 0, again = 0;

	assert_int_equal(ask(ctx, "contact@genesii.example", ALPES, &p), ACT_EDENIED);
	assert_int_equal(ask(ctx, "paul@atlas.example", "73282932000075", &p), ACT_EINPUT);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM structure_partners"), 0);
	assert_int_equal(ask(ctx, "paul@atlas.example", ALPES, &p), ACT_OK);
	assert_int_equal(ask(ctx, "lucie@atlas.example", ALPES, &again), ACT_ESTATE);
	/* the admin is asked with a key of VALIDER and REFUSER */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'partner_review'"
	    " AND object_id = %lld AND user_id = %lld", (long long)p,
	    (long long)uid(ctx, "admin@univ.example")), 1);
	assert_int_equal(decide(ctx, p, "paul@atlas.example", 1, NULL), ACT_EDENIED);
	assert_int_equal(decide(ctx, p, "rp.gea@univ.example", 1, NULL), ACT_EDENIED);
	assert_int_equal(decide(ctx, p, "admin@univ.example", 0, "  "), ACT_EINPUT);
	assert_int_equal(decide(ctx, p, "admin@univ.example", 0, "Doublon"), ACT_OK);
	assert_int_equal(decide(ctx, p, "admin@univ.example", 1, NULL), ACT_ESTATE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM companies WHERE siret = %Q", ALPES), 0);
	/* asked again after a refusal: pending, then validated from the command line */
	assert_int_equal(ask(ctx, "lucie@atlas.example", ALPES, &again), ACT_OK);
	assert_int_equal(again, p);
	assert_int_equal(decide(ctx, p, NULL, 1, NULL), ACT_OK);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM structure_partners p JOIN companies c"
	    " ON c.id = p.company_id WHERE p.state = 'validated' AND c.referent_id IS NULL"), 1);
	/* every move audited, the keys of the decided request revoked */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'partner'"
	    " AND to_state IS NOT NULL"), 4);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'partner_review'"
	    " AND revoked = 0"), 0);
}

/* an offer names a partner: refused until validated, by SIRET or by name in any case */
static void
test_partner_resolve(void **state)
{
	struct altc *ctx = *state;
	int64_t p = 0, partner, company;
	char *err = NULL;

	assert_int_equal(structure_partner_resolve(ctx, 1, ALPES, &partner, &company, &err),
	    ACT_EINPUT);
	FREE_AND_NULL(err);
	assert_int_equal(ask(ctx, "paul@atlas.example", ALPES, &p), ACT_OK);
	assert_int_equal(structure_partner_resolve(ctx, 1, "Alpes Conseil", &partner, &company,
	    &err), ACT_ESTATE);
	assert_non_null(strstr(err, "awaits"));
	FREE_AND_NULL(err);
	assert_int_equal(company, 0);
	assert_int_equal(decide(ctx, p, "admin@univ.example", 1, NULL), ACT_OK);
	assert_int_equal(structure_partner_resolve(ctx, 1, "ALPES  conseil", &partner, &company,
	    &err), ACT_OK);
	assert_int_equal(partner, p);
	assert_int_equal(company, q_int(ctx, "SELECT id FROM companies WHERE siret = %Q", ALPES));
	assert_int_equal(structure_partner_resolve(ctx, 1, "732 829 320 00074", &partner, &company,
	    &err), ACT_OK);
	/* another structure does not see it */
	assert_int_equal(structure_partner_resolve(ctx, 2, ALPES, &partner, &p, &err),
	    ACT_EINPUT);
	FREE_AND_NULL(err);
	assert_int_equal(p, 0);
	/* who answers for the partner: the user who asked, while in the structure */
	assert_true(structure_manages_company(ctx, uid(ctx, "lucie@atlas.example"), company));
	assert_false(structure_manages_company(ctx, uid(ctx, "rh@benotti.example"), company));
	assert_int_equal(structure_contact_of(ctx, company), uid(ctx, "paul@atlas.example"));
	assert_int_equal(db_exec(ctx->db, "DELETE FROM structure_members WHERE user_id ="
	    " (SELECT id FROM users WHERE email = 'paul@atlas.example')", NULL), 0);
	assert_int_equal(structure_contact_of(ctx, company), uid(ctx, "lucie@atlas.example"));
}

/* offer - a pending offer of paul's for company, shared or not; its id */
static int64_t
offer(struct altc *ctx, int64_t company, int shared)
{
	struct offer_origin o = { 1, shared, NULL };
	struct offer_fields f;
	char *err = NULL;
	int64_t id = 0;

	offer_fields_init(&f);
	f.title = xstrdup("Assistant comptable");
	f.duration = xstrdup("2 ans");
	f.location = xstrdup("Annecy");
	f.description = xstrdup("Saisie");
	f.formations = xstrdup("BUT3-GEA-GPRH");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(offer_create_from(ctx, &f, company, uid(ctx, "paul@atlas.example"), 0, &o,
	    &id, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	offer_fields_release(&f);
	return id;
}

/* a structure's offer: its author manages it; the other users once it is shared */
static void
test_offer_sharing(void **state)
{
	struct altc *ctx = *state;
	int64_t p = 0, company, id, lucie = uid(ctx, "lucie@atlas.example");
	struct application_request r = { 0 };
	int64_t app;
	char *err = NULL;

	assert_int_equal(ask(ctx, "paul@atlas.example", ALPES, &p), ACT_OK);
	assert_int_equal(decide(ctx, p, "admin@univ.example", 1, NULL), ACT_OK);
	company = q_int(ctx, "SELECT company_id FROM structure_partners WHERE id = %lld",
	    (long long)p);
	id = offer(ctx, company, 0);
	assert_int_equal(offer_owner_of(ctx, id, uid(ctx, "paul@atlas.example"), &err), 1);
	assert_int_equal(offer_owner_of(ctx, id, lucie, &err), 0);
	assert_int_equal(offer_owner_of(ctx, id, uid(ctx, "rh@benotti.example"), &err), 0);
	/* an application goes to the author alone; lucie may not decide it yet */
	r.student_id = uid(ctx, "alice@etu.example");
	r.offer_id = id;
	assert_int_equal(db_exec(ctx->db, "INSERT INTO documents (user_id, type, label, filename,"
	    " sha256, size, is_default, created_at) SELECT id, 'cv', 'CV', 'cv.pdf', 'x', 1, 1, 0"
	    " FROM users WHERE email = 'alice@etu.example'", NULL), 0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(application_create(ctx, &r, &app, &err), APPLICATION_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(application_employer_of(ctx, app), uid(ctx, "paul@atlas.example"));
	assert_true(application_employer_side(ctx, app, uid(ctx, "paul@atlas.example")));
	assert_false(application_employer_side(ctx, app, lucie));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'application.received' AND rcpt = 'lucie@atlas.example'"), 0);
	/* PARTAGER: only by one who manages it, once */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(offer_share(ctx, id, lucie, &err), ACT_EDENIED);
	FREE_AND_NULL(err);
	assert_int_equal(offer_share(ctx, id, uid(ctx, "paul@atlas.example"), &err), ACT_OK);
	assert_int_equal(offer_share(ctx, id, uid(ctx, "paul@atlas.example"), &err), ACT_ESTATE);
	FREE_AND_NULL(err);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(offer_owner_of(ctx, id, lucie, &err), 1);
	assert_true(application_employer_side(ctx, app, lucie));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.shared'"
	    " AND rcpt = 'lucie@atlas.example'"), 1);
	/* the shared offer's mail names its formations and who shared it */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.shared'"
	    " AND json_extract(vars, '$.formations[0].label') LIKE 'BUT3-GEA-GPRH - %%'"
	    " AND json_extract(vars, '$.shared_by') = 'paul@atlas.example'"), 1);
	/* an employer's own offer is no structure's to share */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(offer_share(ctx, id + 100, 0, &err), ACT_ENOTFOUND);
	FREE_AND_NULL(err);
	assert_int_equal(db_commit(ctx->db), 0);
}

/* paul_mail - a mail from paul to route with form lines, as the pipeline hands it */
static struct mail_request
paul_mail(struct altc *ctx, const char *route, struct mail_answer *answer,
    const struct mail_form_field *form, size_t nform)
{
	struct mail_request r = { 0 };

	r.answer = answer;
	r.route = route;
	r.message_id = "m1@example";
	r.sender = "paul@atlas.example";
	r.sender_name = "";
	r.sender_user_id = uid(ctx, "paul@atlas.example");
	r.subject = "Offre";
	r.locale = "fr";
	r.args = r.text = "";
	r.form = form;
	r.nform = nform;
	return r;
}

/* a "Partage" line shares the offer from its creation only when it says so */
static void
test_share_line(void **state)
{
	static const struct {
		const char *value;
		int shared;
	} t[] = {
		{ "structure", 1 }, { "oui", 1 }, { "Oui", 1 }, { "yes", 1 }, { "tous", 1 },
		{ "all", 1 }, { "non", 0 }, { "no", 0 }, { "plus tard", 0 }, { "ouix", 0 },
	};
	struct altc *ctx = *state;
	int64_t p = 0;

	assert_int_equal(ask(ctx, "paul@atlas.example", ALPES, &p), ACT_OK);
	assert_int_equal(decide(ctx, p, "admin@univ.example", 1, NULL), ACT_OK);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct mail_answer answer = { 0 };
		struct mail_request r;
		char title[64], *reason = NULL;
		struct mail_form_field form[] = {
			{ "intitule", title }, { "entreprise", ALPES }, { "partage", (char *)t[i].value },
			{ "duree", "2 ans" }, { "lieu", "Annecy" }, { "descriptif", "Saisie" },
			{ "formations", "BUT3-GEA-GPRH" },
		};

		snprintf(title, sizeof(title), "Comptable %zu", i);
		r = paul_mail(ctx, "offres", &answer, form, ARRAY_SIZE(form));
		assert_int_equal(db_begin(ctx->db), 0);
		assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_DONE);
		assert_int_equal(db_commit(ctx->db), 0);
		assert_null(reason);
		if (q_int(ctx, "SELECT shared FROM offers WHERE title = %Q", title) != t[i].shared)
			fail_msg("Partage : %s: shared is not %d", t[i].value, t[i].shared);
		/* its mails: to every user of the structure once shared, else to its author */
		if (q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.received'"
		    " AND rcpt = 'lucie@atlas.example' AND json_extract(vars, '$.offer_title') = %Q",
		    title) != t[i].shared)
			fail_msg("Partage : %s: lucie is not told as she should", t[i].value);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
		    " 'offer.received' AND rcpt = 'paul@atlas.example'"
		    " AND json_extract(vars, '$.offer_title') = %Q", title), 1);
		free(answer.detail);
	}
	/* the author's reply with "Partage : non" and a line to change: edited, not shared */
	{
		struct mail_answer answer = { 0 };
		struct mail_request r;
		struct token_info tok;
		struct mail_form_field form[] = { { "partage", "non" }, { "lieu", "Chambéry" } };
		char *clear = q_text(ctx, "SELECT token FROM outbox WHERE template = 'offer.received'"
		    " AND rcpt = 'paul@atlas.example' AND json_extract(vars, '$.offer_title') ="
		    " 'Comptable 6'"), *reason = NULL, *err = NULL;

		assert_int_equal(token_lookup(ctx->db, clear, &tok, &err), TOKEN_OK);
		r = paul_mail(ctx, "reply", &answer, form, ARRAY_SIZE(form));
		r.token = &tok;
		assert_int_equal(db_begin(ctx->db), 0);
		assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_DONE);
		assert_int_equal(db_commit(ctx->db), 0);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers WHERE title = 'Comptable 6'"
		    " AND shared = 0 AND location = 'Chambéry'"), 1);
		free(clear);
		free(answer.detail);
	}
}

static int
op_request(struct altc *ctx, void *arg, char **errstr_r)
{
	struct company_fields f;
	int64_t id;
	int rc;

	(void)arg;
	fields(&f, ALPES);
	rc = structure_partner_request(ctx, uid(ctx, "paul@atlas.example"), &f, NULL, &id, errstr_r);
	company_fields_release(&f);
	return rc;
}

static int
op_decide(struct altc *ctx, void *arg, char **errstr_r)
{
	return structure_partner_decide(ctx, *(int64_t *)arg, uid(ctx, "admin@univ.example"), 1,
	    NULL, errstr_r);
}

static int
op_member(struct altc *ctx, void *arg, char **errstr_r)
{
	(void)arg;
	return structure_member_add(ctx, 1, "marc@atlas.example", "Marc", "Roux", errstr_r);
}

/* a partner asked, decided, a user added: a row that cannot be written says so */
static void
test_structure_faults(void **state)
{
	struct altc *ctx = *state;
	int64_t p = 0;

	assert_true(fault_sweep(ctx, "partner request", op_request, NULL, ACT_EDB) > 1);
	assert_int_equal(ask(ctx, "paul@atlas.example", ALPES, &p), ACT_OK);
	assert_true(fault_sweep(ctx, "partner decision", op_decide, &p, ACT_EDB) > 1);
	assert_true(fault_sweep(ctx, "structure user", op_member, NULL, ACT_EDB) > 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM structure_partners WHERE state ="
	    " 'pending'"), 1);
	assert_int_equal(uid(ctx, "marc@atlas.example"), 0);
}

/* spontaneous - alice writes to company; the status */
static int
spontaneous(struct altc *ctx, const char *student, int64_t company, int64_t *id_r)
{
	struct application_request r = { 0 };
	char *err = NULL;
	int rc;

	r.student_id = uid(ctx, student);
	r.company_id = company;
	r.comment = "Bonjour";
	assert_int_equal(db_begin(ctx->db), 0);
	rc = application_create(ctx, &r, id_r, &err);
	assert_int_equal(db_commit(ctx->db), 0);
	free(err);
	return rc;
}

/* setting - SPONTANEES OUI/NON from who about company (0: their own); the status */
static int
setting(struct altc *ctx, const char *who, int64_t company, int on)
{
	char *err = NULL;
	int rc;

	assert_int_equal(db_begin(ctx->db), 0);
	rc = application_spontaneous_setting(ctx, uid(ctx, who), company, on, &err);
	assert_int_equal(db_commit(ctx->db), 0);
	free(err);
	return rc;
}

/* spontaneous applications: one per student and company, the setting, who decides */
static void
test_spontaneous(void **state)
{
	struct altc *ctx = *state;
	int64_t benotti = q_int(ctx, "SELECT id FROM companies WHERE siret = '80754009100004'");
	int64_t p = 0, alpes, id, id2;
	char *err = NULL;

	assert_int_equal(db_exec(ctx->db, "INSERT INTO documents (user_id, type, label, filename,"
	    " sha256, size, is_default, created_at) SELECT id, 'cv', 'CV', 'cv.pdf', 'x', 1, 1, 0"
	    " FROM users WHERE role = 'student'", NULL), 0);
	assert_int_equal(spontaneous(ctx, "alice@etu.example", benotti, &id), APPLICATION_OK);
	assert_int_equal(q_int(ctx, "SELECT offer_id IS NULL AND company_id = %lld FROM"
	    " applications WHERE id = %lld", (long long)benotti, (long long)id), 1);
	assert_int_equal(application_employer_of(ctx, id), uid(ctx, "rh@benotti.example"));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'application.spontaneous' AND rcpt = 'rh@benotti.example'"), 1);
	/* the company's key takes its own verbs, not ACCEPTER nor ENTRETIEN */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose ="
	    " 'application_employer' AND object_id = %lld AND commands LIKE '%%ACCEPTER%%'",
	    (long long)id), 0);
	/* one per student and company */
	assert_int_equal(spontaneous(ctx, "alice@etu.example", benotti, &id2), APPLICATION_ESTATE);
	/* the company decides: RECEVABLE, a refusal needs a motif, never ACCEPTER */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(application_decide(ctx, id, uid(ctx, "contact@genesii.example"),
	    APPLICATION_SHORTLIST, NULL, &err), APPLICATION_EDENIED);
	FREE_AND_NULL(err);
	assert_int_equal(application_decide(ctx, id, uid(ctx, "rh@benotti.example"),
	    APPLICATION_SHORTLIST, NULL, &err), APPLICATION_OK);
	assert_int_equal(application_decide(ctx, id, uid(ctx, "rh@benotti.example"),
	    APPLICATION_ACCEPT, NULL, &err), APPLICATION_ESTATE);
	FREE_AND_NULL(err);
	assert_int_equal(application_decide(ctx, id, uid(ctx, "rh@benotti.example"),
	    APPLICATION_REFUSE, "", &err), APPLICATION_EINPUT);
	FREE_AND_NULL(err);
	assert_int_equal(application_decide(ctx, id, uid(ctx, "rh@benotti.example"),
	    APPLICATION_REFUSE, "Pas de poste", &err), APPLICATION_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	/* the setting: the referent only; a company that turned them off refuses them */
	assert_int_equal(setting(ctx, "bob@etu.example", benotti, 0), APPLICATION_EDENIED);
	assert_int_equal(setting(ctx, "paul@atlas.example", benotti, 0), APPLICATION_EDENIED);
	assert_int_equal(setting(ctx, "rh@benotti.example", 0, 0), APPLICATION_OK);
	assert_int_equal(company_spontaneous(ctx, benotti), 0);
	assert_int_equal(spontaneous(ctx, "bob@etu.example", benotti, &id2), APPLICATION_ESTATE);
	assert_int_equal(setting(ctx, "rh@benotti.example", benotti, 1), APPLICATION_OK);
	assert_int_equal(spontaneous(ctx, "bob@etu.example", benotti, &id2), APPLICATION_OK);
	/* a partner company without an account: nobody to read it, then its structure's user */
	assert_int_equal(ask(ctx, "paul@atlas.example", ALPES, &p), ACT_OK);
	assert_int_equal(decide(ctx, p, "admin@univ.example", 1, NULL), ACT_OK);
	alpes = q_int(ctx, "SELECT company_id FROM structure_partners WHERE id = %lld",
	    (long long)p);
	assert_int_equal(spontaneous(ctx, "carol@etu.example", alpes, &id2), APPLICATION_OK);
	assert_int_equal(application_employer_of(ctx, id2), uid(ctx, "paul@atlas.example"));
	assert_true(application_employer_side(ctx, id2, uid(ctx, "lucie@atlas.example")));
	assert_false(application_employer_side(ctx, id2, uid(ctx, "rh@benotti.example")));
	assert_int_equal(setting(ctx, "lucie@atlas.example", alpes, 0), APPLICATION_OK);
	assert_int_equal(setting(ctx, "rh@benotti.example", alpes, 1), APPLICATION_EDENIED);
	/* a company with nobody to read them */
	assert_int_equal(db_exec(ctx->db, "INSERT INTO companies (siret, name, created_at)"
	    " VALUES ('35600000000001', 'Poste', 0)", NULL), 0);
	assert_int_equal(spontaneous(ctx, "carol@etu.example",
	    q_int(ctx, "SELECT id FROM companies WHERE siret = '35600000000001'"), &id2),
	    APPLICATION_ESTATE);
}

/* a company as a student names it: SIRET (spaces allowed) or name (any case, accents) */
static void
test_company_lookup(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL;
	int64_t id;

	assert_int_equal(company_lookup(ctx, "807 540 091 00004", &id, &err), ACT_OK);
	assert_int_equal(id, q_int(ctx, "SELECT id FROM companies WHERE siret = '80754009100004'"));
	assert_int_equal(company_lookup(ctx, "benotti sas", &id, &err), ACT_OK);
	assert_int_equal(company_lookup(ctx, "GENESII", &id, &err), ACT_OK);
	assert_int_equal(company_lookup(ctx, "Inconnue", &id, &err), ACT_EINPUT);
	FREE_AND_NULL(err);
	assert_int_equal(company_lookup(ctx, "80754009100005", &id, &err), ACT_EINPUT);
	FREE_AND_NULL(err);
	assert_int_equal(company_lookup(ctx, "", &id, &err), ACT_EINPUT);
	FREE_AND_NULL(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partner_fsm),
		cmocka_unit_test_setup_teardown(test_structures, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_partner_permissions, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_partner_resolve, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_offer_sharing, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_share_line, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_structure_faults, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_spontaneous, setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_company_lookup, setup, test_demo_teardown),
	};

	log_init(1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
