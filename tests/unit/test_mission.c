/*
 * test_mission.c - the mission sheet module on the demo instance: the state
 * table (every event from every state, legal ones move and mail, illegal
 * ones change nothing), the form's labels as people type them, the
 * required fields, bad values, and who may edit, submit and review.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "command.h"
#include "fsm.h"
#include "mission.h"
#include "mission_fsm.h"
#include "mission_int.h"
#include "test_fault.h"
#include "test_offer_util.h"

/* a complete sheet of Alice at BENOTTI SAS (known SIRET), as typed */
static const char *const complete[MF_N] = {
	[MF_COMPANY] = "BENOTTI SAS", [MF_SIRET] = "807 540 091 00004",
	[MF_ADDRESS] = "12 rue des Alpes, 74000 Annecy", [MF_TUTOR] = "Hélène Dupré-Lefèvre",
	[MF_TUTOR_EMAIL] = "helene.dupre@benotti.example", [MF_MANAGER] = "Gaëlle Œuvray",
	[MF_START] = "01/09/2026", [MF_END] = "31/08/2027", [MF_SUBJECT] = "Contrôle de gestion",
	[MF_ACTIVITIES] = "suivi des budgets\n- préparation de la paie",
	[MF_SCHOOL_YEAR] = "2026-2027", [MF_PROMOTION] = "2027",
};

/* sheet - a sheet of alice written by alice with every field but skip (MF_N: all); its id */
static int64_t
sheet(struct altc *ctx, enum mission_field skip)
{
	struct mission_origin o = { 0 };
	struct mission_fields f = { { NULL } };
	char *err = NULL;
	int64_t id = 0;

	for (int i = 0; i < MF_N; i++)
		if (i != (int)skip)
			f.v[i] = xstrdup(complete[i]);
	o.student_id = o.author_id = uid(ctx, "alice@etu.example");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(mission_create(ctx, &o, &f, &id, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	mission_fields_release(&f);
	assert_true(id > 0);
	return id;
}

static void
tx_begin(struct altc *ctx)
{
	assert_int_equal(db_begin(ctx->db), 0);
}

static int
tx_end(struct altc *ctx, int rc)
{
	assert_int_equal(db_commit(ctx->db), 0);
	return rc;
}

/* IN_TX - one call of the module in its own transaction; its status */
#define IN_TX(ctx, call) (tx_begin(ctx), tx_end((ctx), (call)))

static char *
state_of(struct altc *ctx, int64_t id)
{
	return q_text(ctx, "SELECT state FROM missions WHERE id = %lld", (long long)id);
}

/* the state table as DESIGN §7 gives it: from, event, to (NULL: illegal) */
static const struct {
	const char *from, *event, *to;
} table[] = {
	{ "draft", "edit", "draft" }, { "draft", "submit", "submitted" },
	{ "draft", "validate", NULL }, { "draft", "reject", NULL },
	{ "submitted", "edit", NULL }, { "submitted", "submit", NULL },
	{ "submitted", "validate", "validated" }, { "submitted", "reject", "rejected" },
	{ "validated", "edit", NULL }, { "validated", "submit", NULL },
	{ "validated", "validate", NULL }, { "validated", "reject", NULL },
	{ "rejected", "edit", "rejected" }, { "rejected", "submit", "submitted" },
	{ "rejected", "validate", NULL }, { "rejected", "reject", NULL },
};

static void
test_state_table(void **state)
{
	(void)state;
	assert_int_equal(fsm_mission.nlabels, 4);
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		const struct fsm_transition *t = fsm_find(&fsm_mission, table[i].from,
		    table[i].event);

		if (table[i].to == NULL) {
			assert_null(t);
			continue;
		}
		assert_non_null(t);
		assert_string_equal(t->to, table[i].to);
	}
	/* nothing in the machine that the table above does not list */
	for (size_t i = 0; i < fsm_mission.ntransitions; i++) {
		size_t k;

		for (k = 0; k < ARRAY_SIZE(table); k++)
			if (strcmp(table[k].from, fsm_mission.transitions[i].from) == 0 &&
			    strcmp(table[k].event, fsm_mission.transitions[i].event) == 0)
				break;
		assert_true(k < ARRAY_SIZE(table));
	}
	assert_string_equal(fsm_state_label(&fsm_mission, "submitted", "fr"), "à valider");
	assert_string_equal(fsm_state_label(&fsm_mission, "validated", "fr"), "en cours");
	assert_string_equal(fsm_state_label(&fsm_mission, "rejected", "en"), "to correct");
}

/* fire - the module's call for an event, by alice (edit, submit) or the rp (decisions) */
static int
fire(struct altc *ctx, int64_t id, const char *event, char **err_r)
{
	struct mission_fields f = { { NULL } };
	int rc;

	if (strcmp(event, "edit") == 0) {
		f.v[MF_PROMOTION] = xstrdup("2027 bis");
		rc = IN_TX(ctx, mission_edit(ctx, id, uid(ctx, "alice@etu.example"), &f, err_r));
		mission_fields_release(&f);
		return rc;
	}
	if (strcmp(event, "submit") == 0)
		return IN_TX(ctx, mission_submit(ctx, id, uid(ctx, "alice@etu.example"), err_r));
	return IN_TX(ctx, mission_decide(ctx, id, uid(ctx, "rp.gea@univ.example"),
	    strcmp(event, "validate") == 0, "motif", err_r));
}

/* every event from every state through the module: moves exactly when the table says */
static void
test_every_transition(void **state)
{
	struct altc *ctx = *state;
	int64_t id = sheet(ctx, MF_N);

	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		int64_t center = q_int(ctx, "SELECT count(*) FROM notifications");
		int64_t audit = q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'mission'");
		char *err = NULL, *now;
		int rc;

		assert_int_equal(q_int(ctx, "UPDATE missions SET state = %Q WHERE id = %lld"
		    " RETURNING 1", table[i].from, (long long)id), 1);
		rc = fire(ctx, id, table[i].event, &err);
		now = state_of(ctx, id);
		if (table[i].to) {
			if (rc != ACT_OK)
				fail_msg("%s --%s-->: %d %s", table[i].from, table[i].event, rc, err);
			assert_string_equal(now, table[i].to);
			assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type ="
			    " 'mission'"), audit + 1);
			assert_true(q_int(ctx, "SELECT count(*) FROM notifications") > center);
		} else {
			/* "the mission sheet is already ...", or the state table's own refusal */
			if (rc != ACT_ESTATE || (strstr(err, "the mission sheet is already") == NULL &&
			    strstr(err, "in state") == NULL))
				fail_msg("%s --%s-->: %d %s", table[i].from, table[i].event, rc, err);
			assert_string_equal(now, table[i].from);
			assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type ="
			    " 'mission'"), audit);
			assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications"), center);
		}
		free(now);
		free(err);
	}
}

/* the labels people type, in any case, with or without accents, and their variants */
static void
test_labels(void **state)
{
	static const struct {
		const char *typed;
		int field;	/* -1: not a field of the sheet */
	} cases[] = {
		{ "Entreprise", MF_COMPANY }, { "NOM DE L'ENTREPRISE", MF_COMPANY },
		{ "Employeur", MF_COMPANY }, { "Siret", MF_SIRET }, { "N° de SIRET", MF_SIRET },
		{ "Numéro de SIRET", MF_SIRET }, { "Adresse", MF_ADDRESS },
		{ "Lieu de la mission", MF_ADDRESS }, { "Maître d'apprentissage", MF_TUTOR },
		{ "maitre d’apprentissage", MF_TUTOR }, { "Tuteur", MF_TUTOR },
		{ "Tuteur entreprise", MF_TUTOR }, { "Nom du maître d'apprentissage", MF_TUTOR },
		{ "E-mail du maître d'apprentissage", MF_TUTOR_EMAIL },
		{ "Email du tuteur", MF_TUTOR_EMAIL }, { "Mail du tuteur", MF_TUTOR_EMAIL },
		{ "Courriel du maître d’apprentissage", MF_TUTOR_EMAIL },
		{ "Responsable du contrat", MF_MANAGER }, { "Signataire du contrat", MF_MANAGER },
		{ "Date de début", MF_START }, { "DATE DE DEBUT", MF_START },
		{ "date  de  début", MF_START }, { "Début du contrat", MF_START },
		{ "Date de fin", MF_END }, { "Fin du contrat", MF_END }, { "Sujet", MF_SUBJECT },
		{ "Intitulé de la mission", MF_SUBJECT }, { "Activités", MF_ACTIVITIES },
		{ "activites", MF_ACTIVITIES }, { "Tâches", MF_ACTIVITIES },
		{ "Activités confiées", MF_ACTIVITIES }, { "Année scolaire", MF_SCHOOL_YEAR },
		{ "Année universitaire", MF_SCHOOL_YEAR }, { "Promo", MF_PROMOTION },
		{ "Start date", MF_START }, { "Apprenticeship tutor", MF_TUTOR },
		{ "Salaire", -1 }, { "Commentaire", -1 }, { "Date", -1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mission_fields f = { { NULL } };
		char *key = command_form_key(cases[i].typed);
		int hit = mission_fields_set(&f, key, "x");

		if (hit != (cases[i].field >= 0))
			fail_msg("'%s' (key '%s'): %d", cases[i].typed, key, hit);
		if (cases[i].field >= 0 && f.v[cases[i].field] == NULL)
			fail_msg("'%s' (key '%s'): another field", cases[i].typed, key);
		mission_fields_release(&f);
		free(key);
	}
	/* each field's label, typed back, names the field again (fr and en) */
	for (int i = 0; i < MF_N; i++)
		for (int l = 0; l < 2; l++) {
			struct mission_fields f = { { NULL } };
			char *key = command_form_key(mission_field_label(i, l ? "en" : "fr"));

			assert_int_equal(mission_fields_set(&f, key, "x"), 1);
			assert_non_null(f.v[i]);
			mission_fields_release(&f);
			free(key);
		}
	assert_string_equal(mission_field_label(MF_START, "fr"), "Date de début");
	assert_string_equal(mission_field_label(MF_START, "en"), "Start date");
}

/* a sheet without a required field cannot be submitted, and says which */
static void
test_required(void **state)
{
	struct altc *ctx = *state;
	static const int required[MF_N] = {
		[MF_COMPANY] = 1, [MF_SIRET] = 1, [MF_ADDRESS] = 1, [MF_TUTOR] = 1,
		[MF_TUTOR_EMAIL] = 1, [MF_START] = 1, [MF_END] = 1, [MF_SUBJECT] = 1,
		[MF_ACTIVITIES] = 1,
	};

	for (int i = 0; i < MF_N; i++) {
		int64_t id = sheet(ctx, MF_N);
		char *err = NULL, *now;
		int rc;

		/* blanked after creation: the known SIRET would prefill the company's fields */
		assert_int_equal(q_int(ctx, "UPDATE missions SET %s = NULL, school_year = '2026-2027'"
		    " WHERE id = %lld RETURNING 1", mission_field_column(i), (long long)id), 1);

		assert_int_equal(mission_field_required(i), required[i]);
		rc = IN_TX(ctx, mission_submit(ctx, id, uid(ctx, "alice@etu.example"), &err));
		now = state_of(ctx, id);
		if (required[i]) {
			assert_int_equal(rc, ACT_EINPUT);
			assert_non_null(strstr(err, "missing fields"));
			assert_non_null(strstr(err, mission_field_label(i, "fr")));
			assert_string_equal(now, "draft");
		} else {
			assert_int_equal(rc, ACT_OK);
			assert_string_equal(now, "submitted");
		}
		free(now);
		free(err);
		/* one sheet per student and application: start over */
		assert_int_equal(db_exec(ctx->db, "DELETE FROM missions", NULL), 0);
	}
}

/* values that are not what they say are refused at creation, nothing written */
static void
test_bad_values(void **state)
{
	struct altc *ctx = *state;
	static const struct {
		int field;
		const char *value, *says;
	} cases[] = {
		{ MF_START, "le 1er septembre", "start date" },
		{ MF_END, "31/02/2027", "end date" },
		{ MF_END, "01/08/2026", "the end date is not after the start date" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mission_origin o = { 0 };
		struct mission_fields f = { { NULL } };
		char *err = NULL;
		int64_t id = 0;

		for (int k = 0; k < MF_N; k++)
			f.v[k] = xstrdup(k == cases[i].field ? cases[i].value : complete[k]);
		o.student_id = o.author_id = uid(ctx, "alice@etu.example");
		assert_int_equal(db_begin(ctx->db), 0);
		assert_int_equal(mission_create(ctx, &o, &f, &id, &err), ACT_EINPUT);
		assert_int_equal(db_commit(ctx->db), 0);
		if (strstr(err, cases[i].says) == NULL)
			fail_msg("'%s': %s", cases[i].value, err);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM missions"), 0);
		mission_fields_release(&f);
		free(err);
	}
	/* the dates are kept in ISO, the SIRET as 14 digits, the company found by it */
	{
		int64_t id = sheet(ctx, MF_N);
		char *v = q_text(ctx, "SELECT start_date || '|' || end_date || '|' || siret || '|' ||"
		    " company_id FROM missions WHERE id = %lld", (long long)id);

		assert_string_equal(v, "2026-09-01|2027-08-31|80754009100004|1");
		free(v);
	}
}

struct sheet_call {
	int64_t id, actor;
	int op;		/* 0 create, 1 edit, 2 submit, 3 validate, 4 reject */
	int64_t student;
};

static int
op_sheet(struct altc *ctx, void *arg, char **errstr_r)
{
	struct sheet_call *c = arg;
	struct mission_fields f = { { NULL } };
	struct mission_origin o = { 0 };
	int64_t id;
	int rc;

	switch (c->op) {
	case 0:
	case 1:
		for (int i = 0; i < MF_N; i++)
			f.v[i] = xstrdup(complete[i]);
		o.student_id = o.author_id = c->student;
		rc = c->op == 0 ? mission_create(ctx, &o, &f, &id, errstr_r) :
		    mission_edit(ctx, c->id, c->actor, &f, errstr_r);
		mission_fields_release(&f);
		return rc;
	case 2:
		return mission_submit(ctx, c->id, c->actor, errstr_r);
	default:
		return mission_decide(ctx, c->id, c->actor, c->op == 3, c->op == 3 ? NULL : "dates",
		    errstr_r);
	}
}

/* a sheet written, edited, submitted, validated or rejected: a row that cannot be written says so */
static void
test_sheet_faults(void **state)
{
	struct altc *ctx = *state;
	int64_t alice = uid(ctx, "alice@etu.example");
	struct sheet_call c = { 0, alice, 0, alice };
	char *err = NULL;

	assert_true(fault_sweep(ctx, "mission_create", op_sheet, &c, ACT_EDB) > 2);
	c.id = sheet(ctx, MF_N);
	c.op = 1;
	assert_true(fault_sweep(ctx, "mission_edit", op_sheet, &c, ACT_EDB) > 1);
	c.op = 2;
	assert_true(fault_sweep(ctx, "mission_submit", op_sheet, &c, ACT_EDB) > 1);
	tx_begin(ctx);
	assert_int_equal(mission_submit(ctx, c.id, alice, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	c.actor = uid(ctx, "rp.gea@univ.example");
	c.op = 3;
	assert_true(fault_sweep(ctx, "mission validated", op_sheet, &c, ACT_EDB) > 1);
	c.op = 4;
	assert_true(fault_sweep(ctx, "mission rejected", op_sheet, &c, ACT_EDB) > 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM missions WHERE state = 'submitted'"), 1);
}

/* who may edit and submit (the student, the employer), who may review (the rp, the ga) */
static void
test_who(void **state)
{
	struct altc *ctx = *state;
	int64_t id = sheet(ctx, MF_N);
	static const struct {
		const char *who;
		int edit, review;
	} cases[] = {
		{ "alice@etu.example", 1, 0 },		/* the student */
		{ "rh@benotti.example", 1, 0 },		/* her employer (the SIRET) */
		{ "bob@etu.example", 0, 0 },		/* another student */
		{ "contact@genesii.example", 0, 0 },	/* another company */
		{ "rp.gea@univ.example", 0, 1 },	/* the formation's rp */
		{ "ga@univ.example", 0, 1 },		/* the ga she delegated to */
		{ "rp.tc@univ.example", 0, 0 },		/* the rp of another formation */
		{ "admin@univ.example", 0, 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t u = uid(ctx, cases[i].who);

		assert_true(u > 0);
		if (mission_may_edit(ctx, id, u) != cases[i].edit ||
		    mission_may_review(ctx, id, u) != cases[i].review)
			fail_msg("%s: edit %d review %d", cases[i].who, mission_may_edit(ctx, id, u),
			    mission_may_review(ctx, id, u));
	}
	/* through the module: refused with ACT_EDENIED and nothing changes */
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mission_fields f = { { NULL } };
		char *err = NULL;
		int rc;

		if (cases[i].edit)
			continue;
		f.v[MF_SUBJECT] = xstrdup("Autre chose");
		rc = IN_TX(ctx, mission_edit(ctx, id, uid(ctx, cases[i].who), &f, &err));
		assert_int_equal(rc, ACT_EDENIED);
		free(err);
		err = NULL;
		rc = IN_TX(ctx, mission_submit(ctx, id, uid(ctx, cases[i].who), &err));
		assert_int_equal(rc, ACT_EDENIED);
		free(err);
		mission_fields_release(&f);
	}
	assert_int_equal(IN_TX(ctx, mission_submit(ctx, id, uid(ctx, "rh@benotti.example"),
	    &(char *){ NULL })), ACT_OK);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *err = NULL;

		if (cases[i].review)
			continue;
		assert_int_equal(IN_TX(ctx, mission_decide(ctx, id, uid(ctx, cases[i].who), 1, NULL,
		    &err)), ACT_EDENIED);
		free(err);
	}
	{
		char *err = NULL, *now;

		/* a rejection needs its motif; an inactive ga no longer reviews */
		assert_int_equal(IN_TX(ctx, mission_decide(ctx, id, uid(ctx, "ga@univ.example"), 0,
		    "", &err)), ACT_EINPUT);
		free(err);
		err = NULL;
		assert_int_equal(db_exec(ctx->db, "UPDATE users SET state = 'closed' WHERE email ="
		    " 'ga@univ.example'", NULL), 0);
		assert_int_equal(IN_TX(ctx, mission_decide(ctx, id, uid(ctx, "ga@univ.example"), 1,
		    NULL, &err)), ACT_EDENIED);
		free(err);
		err = NULL;
		assert_int_equal(IN_TX(ctx, mission_decide(ctx, id, uid(ctx, "rp.gea@univ.example"), 1,
		    "Bonne mission", &err)), ACT_OK);
		now = state_of(ctx, id);
		assert_string_equal(now, "validated");
		free(now);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
		    " 'mission.validated'"), 2);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_table),
		cmocka_unit_test_setup_teardown(test_every_transition, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test(test_labels),
		cmocka_unit_test_setup_teardown(test_required, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_bad_values, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_who, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_sheet_faults, test_demo_setup, test_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
