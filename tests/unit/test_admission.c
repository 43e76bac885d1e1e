/*
 * test_admission.c - applications to the formations: the dossier's state
 * table (every event from every state, legal ones move, audited with their
 * mail, illegal ones change nothing) and the candidate's address machine;
 * the reading of the candidate's mails (signup form, ranked codes, piece
 * and incapacité lines, the rp's "libellé : motif"), table-driven; who
 * acts on a transmitted dossier (the rp, a ga the rp delegated), the
 * interview slots the staff proposes and the candidate's choice among them
 * (CRENEAU n out of range or past, DEPLACER, ANNULER, the invitation's
 * SEQUENCE), and the candidate's personal data (export, erasure, retention).
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <time.h>

#include "admission.h"
#include "admission_fsm.h"
#include "admission_parse.h"
#include "fsm.h"
#include "interview_slot.h"
#include "mail_action.h"
#include "person.h"
#include "status.h"
#include "test_fault.h"
#include "test_offer_util.h"

static const char *const states[] = { "incomplete", "transmitted", "piece_refused", "interview",
	"admitted", "waitlisted", "refused", "abandoned", "closed" };
static const char *const events[] = { "piece", "complete", "abandon", "close", "refuse_piece",
	"convene", "admit", "waitlist", "refuse", "book", "move", "cancel_interview" };

/* the legal transitions: from, event, to; every other pair is illegal */
static const struct {
	const char *from, *event, *to;
} legal[] = {
	{ "incomplete", "piece", "incomplete" }, { "incomplete", "complete", "transmitted" },
	{ "incomplete", "abandon", "abandoned" }, { "incomplete", "close", "closed" },
	{ "transmitted", "refuse_piece", "piece_refused" }, { "transmitted", "convene", "interview" },
	{ "transmitted", "admit", "admitted" }, { "transmitted", "waitlist", "waitlisted" },
	{ "transmitted", "refuse", "refused" }, { "transmitted", "abandon", "abandoned" },
	{ "piece_refused", "refuse_piece", "piece_refused" },
	{ "piece_refused", "piece", "piece_refused" },
	{ "piece_refused", "complete", "transmitted" }, { "piece_refused", "abandon", "abandoned" },
	{ "piece_refused", "close", "closed" },
	{ "interview", "convene", "interview" }, { "interview", "book", "interview" },
	{ "interview", "move", "interview" }, { "interview", "cancel_interview", "transmitted" },
	{ "interview", "admit", "admitted" },
	{ "interview", "waitlist", "waitlisted" }, { "interview", "refuse", "refused" },
	{ "interview", "abandon", "abandoned" },
	{ "waitlisted", "convene", "interview" }, { "waitlisted", "admit", "admitted" },
	{ "waitlisted", "refuse", "refused" }, { "waitlisted", "abandon", "abandoned" },
	{ "admitted", "abandon", "abandoned" },
};

static const char *
expected(const char *from, const char *event)
{
	for (size_t i = 0; i < ARRAY_SIZE(legal); i++)
		if (strcmp(legal[i].from, from) == 0 && strcmp(legal[i].event, event) == 0)
			return legal[i].to;
	return NULL;
}

static void
test_state_table(void **state)
{
	(void)state;
	assert_int_equal(fsm_dossier.nlabels, ARRAY_SIZE(states));
	assert_int_equal(fsm_dossier.ntransitions, ARRAY_SIZE(legal));
	for (size_t s = 0; s < ARRAY_SIZE(states); s++) {
		assert_true(admission_state_valid(states[s]));
		for (size_t e = 0; e < ARRAY_SIZE(events); e++) {
			const struct fsm_transition *t = fsm_find(&fsm_dossier, states[s], events[e]);
			const char *to = expected(states[s], events[e]);

			if (to == NULL) {
				if (t != NULL)
					fail_msg("%s --%s--> must be illegal", states[s], events[e]);
				continue;
			}
			assert_non_null(t);
			assert_string_equal(t->to, to);
		}
	}
	assert_false(admission_state_valid("nope"));
	/* the final states are final */
	assert_false(admission_dossier_open("refused"));
	assert_false(admission_dossier_open("closed"));
	assert_true(admission_dossier_open("waitlisted"));
	assert_string_equal(fsm_state_label(&fsm_dossier, "piece_refused", "fr"),
	    "pièce à renvoyer");
	/* the candidate's address: confirmed or expired, once */
	assert_string_equal(fsm_find(&fsm_candidate, "unconfirmed", "confirm")->to, "confirmed");
	assert_string_equal(fsm_find(&fsm_candidate, "unconfirmed", "expire")->to, "expired");
	assert_null(fsm_find(&fsm_candidate, "expired", "confirm"));
	assert_null(fsm_find(&fsm_candidate, "confirmed", "expire"));
	assert_null(fsm_find(&fsm_candidate, "confirmed", "confirm"));
}

struct candidate_call {
	struct admission_signup *s;
	int64_t id;
	int op;		/* 0 signup, 1 confirm, 2 apply */
};

static int
op_candidate(struct altc *ctx, void *arg, char **errstr_r)
{
	struct candidate_call *c = arg;
	char *code = (char *)"BUT3-GEA-GEMA";

	switch (c->op) {
	case 0: return admission_signup(ctx, "lou@gmail.example", "fr", c->s, errstr_r);
	case 1: return admission_confirm(ctx, c->id, errstr_r);
	default: return admission_apply(ctx, c->id, &code, 1, errstr_r);
	}
}

/* a signup, its confirmation, the vœux: a row that cannot be written says so */
static void
test_candidate_faults(void **state)
{
	struct altc *ctx = *state;
	struct mail_form_field form[] = {
		{ (char *)"nom", (char *)"Martin" }, { (char *)"prenom", (char *)"Lou" },
		{ (char *)"date_de_naissance", (char *)"02/03/2006" },
	};
	struct admission_signup s;
	struct candidate_call c = { &s, 0, 0 };
	char *err = NULL;

	assert_int_equal(admission_signup_parse(form, ARRAY_SIZE(form), now_epoch(), &s, &err), 0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_window_set(ctx, "BUT3-GEA-GEMA", "2000-01-01", "31/12/2099",
	    &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_true(fault_sweep(ctx, "admission_signup", op_candidate, &c, ACT_EDB) > 1);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(op_candidate(ctx, &c, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	c.id = q_int(ctx, "SELECT id FROM candidates WHERE email = 'lou@gmail.example'");
	c.op = 1;
	assert_true(fault_sweep(ctx, "admission_confirm", op_candidate, &c, ACT_EDB) > 0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(op_candidate(ctx, &c, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	c.op = 2;
	assert_true(fault_sweep(ctx, "admission_apply", op_candidate, &c, ACT_EDB) > 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM admission_dossiers"), 0);
	admission_signup_release(&s);
}

/* a confirmed candidate with one incomplete dossier for BUT3-GEA-GEMA; its id */
static int64_t
dossier(struct altc *ctx)
{
	struct mail_form_field form[] = {
		{ (char *)"nom", (char *)"Lefèvre" }, { (char *)"prenom", (char *)"Zoé" },
		{ (char *)"date_de_naissance", (char *)"14/07/2005" },
	};
	struct admission_signup s;
	char *code = (char *)"BUT3-GEA-GEMA", *err = NULL;
	int64_t cand;

	assert_int_equal(admission_signup_parse(form, ARRAY_SIZE(form), now_epoch(), &s, &err), 0);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_window_set(ctx, code, "2000-01-01", "31/12/2099", &err), ACT_OK);
	assert_int_equal(admission_piece_add(ctx, code, "Relevé de notes", NULL, &err), ACT_OK);
	assert_int_equal(admission_signup(ctx, "zoe@gmail.example", "fr", &s, &err), ACT_OK);
	cand = q_int(ctx, "SELECT id FROM candidates WHERE email = 'zoe@gmail.example'");
	assert_int_equal(admission_apply(ctx, cand, &code, 1, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(admission_confirm(ctx, cand, &err), ACT_OK);
	assert_int_equal(admission_confirm(ctx, cand, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(admission_apply(ctx, cand, &code, 1, &err), ACT_OK);
	assert_int_equal(admission_apply(ctx, cand, &code, 1, &err), ACT_ESTATE);
	free(err);
	assert_int_equal(db_commit(ctx->db), 0);
	admission_signup_release(&s);
	return q_int(ctx, "SELECT id FROM admission_dossiers");
}

static int64_t
count(struct altc *ctx, const char *table)
{
	return q_int(ctx, "SELECT count(*) FROM %s", table);
}

/* an illegal event changes nothing: no state, no audit row, no mail */
static void
illegal(struct altc *ctx, int64_t id, const char *event)
{
	char *was = q_text(ctx, "SELECT state FROM admission_dossiers WHERE id = %lld",
	    (long long)id), *now, *err = NULL;
	int64_t audit = count(ctx, "audit"), mail = count(ctx, "outbox");

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_decide(ctx, id, 0, event, "motif", &err), ACT_ESTATE);
	assert_int_equal(db_commit(ctx->db), 0);
	free(err);
	now = q_text(ctx, "SELECT state FROM admission_dossiers WHERE id = %lld", (long long)id);
	assert_string_equal(now, was);
	assert_int_equal(count(ctx, "audit"), audit);
	assert_int_equal(count(ctx, "outbox"), mail);
	free(was);
	free(now);
}

static void
test_transitions(void **state)
{
	struct altc *ctx = *state;
	struct admission_piece_in in = { "releve de notes", NULL, NULL, 0, "perdu" };
	int64_t id = dossier(ctx), audit, mail;
	char *err = NULL, *s;

	illegal(ctx, id, "admit");
	illegal(ctx, id, "waitlist");
	/* an incapacité completes it: transmitted, the audit row and the mails together */
	audit = count(ctx, "audit");
	mail = count(ctx, "outbox");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_add_pieces(ctx, q_int(ctx, "SELECT id FROM candidates"), 0,
	    &in, 1, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	s = q_text(ctx, "SELECT state FROM admission_dossiers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "transmitted");
	free(s);
	assert_int_equal(count(ctx, "audit"), audit + 1);
	/* the candidate, the rp, and the ga the rp delegated (the demo's) */
	assert_int_equal(count(ctx, "outbox"), mail + 3);
	/* locked: the same piece again is refused */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_add_pieces(ctx, q_int(ctx, "SELECT id FROM candidates"), 0,
	    &in, 1, &err), ACT_ESTATE);
	assert_non_null(strstr(err, "locked"));
	free(err);
	err = NULL;
	assert_int_equal(db_commit(ctx->db), 0);
	/* a refusal needs its reason */
	assert_int_equal(admission_decide(ctx, id, 0, "refuse", "", &err), ACT_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_decide(ctx, id, 0, "waitlist", NULL, &err), ACT_OK);
	assert_int_equal(admission_decide(ctx, id, 0, "admit", "bienvenue", &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	illegal(ctx, id, "admit");
	illegal(ctx, id, "refuse");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'admission'"
	    " AND object_id = %lld AND event IN ('waitlist', 'admit')", (long long)id), 2);
}

/* a signup past its days, not swept yet, expires when the address signs up again */
static void
test_signup_again(void **state)
{
	struct altc *ctx = *state;
	struct admission_signup s = { (char *)"Martin", (char *)"Bob", "2004-02-29", NULL };
	char *err = NULL, *rows, when[32];

	assert_int_equal(db_begin(ctx->db), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(admission_signup(ctx, "bob@gmail.example", "fr", &s, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(count(ctx, "candidates"), 1);
	/* a few confirmation mails a day, no more */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'admission.signup'"),
	    3);
	xsnprintf(when, sizeof(when), "%lld", (long long)(now_epoch() + 16 * 86400));
	setenv("ALTC_NOW", when, 1);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_signup(ctx, "bob@gmail.example", "fr", &s, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	unsetenv("ALTC_NOW");
	rows = q_text(ctx, "SELECT group_concat(state, ',') FROM (SELECT state FROM candidates"
	    " ORDER BY id)");
	assert_string_equal(rows, "expired,unconfirmed");
	free(rows);
}

/* the signup form as people fill it in */
/* Wednesday 2 December 2026, 10:00 in Paris */
#define WED_2_DEC_2026 INT64_C(1796202000)

static void
test_slots_parse(void **state)
{
	struct interview_slot v[SLOT_MAX];
	char *err = NULL, *many;
	size_t n = 0;

	(void)state;
	/* one a line or ';'-separated; prose and the place's line skipped */
	assert_int_equal(admission_slots_parse("Bonjour, voici les créneaux :\n"
	    "jeudi 17 décembre 2026 9h\n- vendredi 18 décembre 2026 10h30 ; lundi 21 décembre 2026"
	    " 14h\nLieu : IUT, salle B204\nCordialement", WED_2_DEC_2026, v, SLOT_MAX, &n, &err), 0);
	assert_null(err);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].start, INT64_C(1796198400) + 15 * 86400);	/* 17/12 08:00Z */
	assert_int_equal(v[1].start, INT64_C(1797586200));		/* 18/12 09:30Z */
	assert_int_equal(v[1].end - v[1].start, SLOT_DEFAULT_MINUTES * 60);
	assert_null(v[1].location);
	for (size_t i = 0; i < n; i++)
		interview_slot_release(&v[i]);
	/* one slot is still a slot (a convocation, the caller decides) */
	assert_int_equal(admission_slots_parse("mardi 15 décembre 2026 10h30", WED_2_DEC_2026, v,
	    SLOT_MAX, &n, &err), 0);
	assert_int_equal(n, 1);
	interview_slot_release(&v[0]);
	/* an unreadable line, a past one: nothing proposed, the line named */
	assert_int_equal(admission_slots_parse("jeudi 17 décembre 2026 9h\nle 45 décembre",
	    WED_2_DEC_2026, v, SLOT_MAX, &n, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	assert_int_equal(admission_slots_parse("lundi 30 novembre 2026 9h", WED_2_DEC_2026, v,
	    SLOT_MAX, &n, &err), -1);
	assert_non_null(err);
	free(err);
	err = NULL;
	/* none, too many */
	assert_int_equal(admission_slots_parse("Bonjour\nLieu : salle 12", WED_2_DEC_2026, v,
	    SLOT_MAX, &n, &err), -1);
	assert_non_null(strstr(err, "ENTRETIEN needs a date"));
	free(err);
	err = NULL;
	many = xstrdup("");
	for (int d = 3; d < 3 + SLOT_MAX + 1; d++) {
		char *t = xasprintf("%s%02d/12/2026 10:00;", many, d);

		free(many);
		many = t;
	}
	assert_int_equal(admission_slots_parse(many, WED_2_DEC_2026, v, SLOT_MAX, &n, &err), -1);
	assert_non_null(strstr(err, "at most 10"));
	free(err);
	free(many);
}

static void
test_slot_pick(void **state)
{
	struct interview_slot v[3] = {
		{ WED_2_DEC_2026 + 86400, WED_2_DEC_2026 + 86400 + 1800, NULL },
		{ WED_2_DEC_2026 + 2 * 86400, WED_2_DEC_2026 + 2 * 86400 + 1800, (char *)"Salle 3" },
		{ WED_2_DEC_2026 + 3 * 86400, WED_2_DEC_2026 + 3 * 86400 + 2700, NULL },
	};
	struct interview_slot s;
	char *js = admission_slots_json(v, 3), *err = NULL;

	(void)state;
	assert_int_equal(admission_slots_count(js), 3);
	assert_int_equal(admission_slots_count(NULL), 0);
	assert_int_equal(admission_slot_pick(js, 2, WED_2_DEC_2026, &s, &err), 0);
	assert_int_equal(s.start, v[1].start);
	assert_int_equal(s.end, v[1].end);
	assert_string_equal(s.location, "Salle 3");
	interview_slot_release(&s);
	assert_int_equal(admission_slot_pick(js, 3, WED_2_DEC_2026, &s, &err), 0);
	assert_int_equal(s.end - s.start, 2700);
	assert_null(s.location);
	interview_slot_release(&s);
	/* out of range: the answer says which numbers there are */
	assert_int_equal(admission_slot_pick(js, 4, WED_2_DEC_2026, &s, &err), -1);
	assert_string_equal(err, "there is no slot 4: answer CRENEAU and a number from 1 to 3");
	free(err);
	err = NULL;
	assert_int_equal(admission_slot_pick(js, 0, WED_2_DEC_2026, &s, &err), -1);
	free(err);
	err = NULL;
	/* a slot already past when the candidate answers */
	assert_int_equal(admission_slot_pick(js, 1, v[0].start, &s, &err), -1);
	assert_string_equal(err, "slot 1 has already passed: choose another one");
	free(err);
	err = NULL;
	assert_int_equal(admission_slot_pick(js, 2, v[0].start, &s, &err), 0);
	interview_slot_release(&s);
	/* no proposal */
	assert_int_equal(admission_slot_pick(NULL, 1, WED_2_DEC_2026, &s, &err), -1);
	assert_string_equal(err, "no interview slot waits for your choice");
	free(err);
	free(js);
	/* CRENEAU 2, n° 2, #2 */
	assert_int_equal(admission_slot_number("2"), 2);
	assert_int_equal(admission_slot_number(" n\xc2\xb0 3, merci"), 3);
	assert_int_equal(admission_slot_number("#12"), 12);
	assert_int_equal(admission_slot_number("no. 4"), 4);
	assert_int_equal(admission_slot_number("deux"), 0);
	assert_int_equal(admission_slot_number(NULL), 0);
}

/* seq - the dossier's invitation SEQUENCE, and whether a slot is set, as "seq booked" */
static char *
seq(struct altc *ctx, int64_t id)
{
	return q_text(ctx, "SELECT interview_seq || ' ' || (interview_start IS NOT NULL) || ' '"
	    " || (interview_slots IS NOT NULL) || ' ' || state FROM admission_dossiers WHERE id = %lld",
	    (long long)id);
}

static void
expect_seq(struct altc *ctx, int64_t id, const char *want)
{
	char *got = seq(ctx, id);

	assert_string_equal(got, want);
	free(got);
}

static void
test_interview_choice(void **state)
{
	struct altc *ctx = *state;
	struct admission_piece_in in = { "releve de notes", NULL, NULL, 0, "perdu" };
	int64_t id = dossier(ctx), cand = q_int(ctx, "SELECT id FROM candidates"), audit, mail;
	int64_t rp = q_int(ctx, "SELECT f.rp_id FROM formations f JOIN admission_dossiers d"
	    " ON d.formation_id = f.id");
	int64_t t = now_epoch() + 7 * 86400;
	struct interview_slot v[3] = {
		{ t, t + 1800, NULL }, { t + 3600, t + 5400, NULL }, { t + 7200, t + 9000, NULL },
	};
	char *err = NULL;

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_add_pieces(ctx, cand, 0, &in, 1, &err), ACT_OK);
	/* nothing to choose, move or cancel yet */
	assert_int_equal(admission_book(ctx, id, cand, 1, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(admission_interview_cancel(ctx, id, 0, cand, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	assert_int_equal(admission_interview_move(ctx, id, cand, NULL, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	/* three slots: a choice, no invitation yet */
	assert_int_equal(admission_convene(ctx, id, rp, v, 3, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	expect_seq(ctx, id, "0 0 1 interview");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'admission.dossier'"
	    " AND vars LIKE '%%\"event\":\"slots\"%%\"slots\":[{\"n\":1,%%{\"n\":3,%%'"), 1);
	/* a number out of range changes nothing */
	audit = count(ctx, "audit");
	mail = count(ctx, "outbox");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_book(ctx, id, cand, 4, &err), ACT_EINPUT);
	assert_non_null(strstr(err, "1 to 3"));
	free(err);
	err = NULL;
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(count(ctx, "audit"), audit);
	assert_int_equal(count(ctx, "outbox"), mail);
	expect_seq(ctx, id, "0 0 1 interview");
	/* slot 2: both sides invited, the first invitation of the UID */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_book(ctx, id, cand, 2, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	expect_seq(ctx, id, "0 1 0 interview");
	assert_int_equal(q_int(ctx, "SELECT interview_start FROM admission_dossiers WHERE id = %lld",
	    (long long)id), t + 3600);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE id > %lld AND vars LIKE"
	    " '%%\"calendar\":{\"uid\":\"admission-%lld@%%'", (long long)mail, (long long)id) >= 2, 1);
	/* chosen once: a second CRENEAU is refused */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_book(ctx, id, cand, 1, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	/* DEPLACER: the slot freed (a CANCEL, SEQUENCE raised), the staff asked */
	mail = count(ctx, "outbox");
	assert_int_equal(admission_interview_move(ctx, id, cand, "un examen", &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	expect_seq(ctx, id, "1 0 0 interview");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE id > %lld AND template ="
	    " 'admission.staff' AND vars LIKE '%%\"message\":\"un examen\"%%\"method\":\"CANCEL\"%%'",
	    (long long)mail), q_int(ctx, "SELECT count(*) FROM outbox WHERE id > %lld AND template ="
	    " 'admission.staff'", (long long)mail));
	/* new slots, then a choice: SEQUENCE raised again */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_convene(ctx, id, rp, v, 2, &err), ACT_OK);
	assert_int_equal(admission_book(ctx, id, cand, 1, &err), ACT_OK);
	expect_seq(ctx, id, "2 1 0 interview");
	/* proposed again while set: the former invitation cancelled */
	assert_int_equal(admission_convene(ctx, id, rp, v + 1, 2, &err), ACT_OK);
	expect_seq(ctx, id, "3 0 1 interview");
	assert_int_equal(admission_book(ctx, id, cand, 2, &err), ACT_OK);
	expect_seq(ctx, id, "4 1 0 interview");
	/* the day before, both sides are reminded once, the invitation again */
	{
		size_t did = 0;

		mail = count(ctx, "outbox");
		assert_int_equal(admission_remind(ctx, t - 3 * 86400, &did, &err), 0);
		assert_int_equal(did, 0);
		assert_int_equal(admission_remind(ctx, t + 7200 - 86400, &did, &err), 0);
		assert_int_equal(did, 1);
		assert_int_equal(admission_remind(ctx, t + 7200 - 86400, &did, &err), 0);
		assert_int_equal(did, 1);
		assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE id > %lld AND vars"
		    " LIKE '%%\"event\":\"reminder\"%%\"sequence\":4,%%'", (long long)mail),
		    count(ctx, "outbox") - mail);
		assert_true(count(ctx, "outbox") - mail >= 2);
	}
	/* ANNULER by the candidate: CANCEL, the dossier back with the formation */
	mail = count(ctx, "outbox");
	assert_int_equal(admission_interview_cancel(ctx, id, 0, cand, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	expect_seq(ctx, id, "5 0 0 transmitted");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE id > %lld AND vars LIKE"
	    " '%%\"sequence\":5,%%\"method\":\"CANCEL\"%%'", (long long)mail) >= 2, 1);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_interview_cancel(ctx, id, 0, cand, &err), ACT_ESTATE);
	free(err);
	err = NULL;
	/* the staff cancels a proposal not chosen yet: no invitation to cancel */
	assert_int_equal(admission_convene(ctx, id, rp, v, 3, &err), ACT_OK);
	assert_int_equal(admission_interview_cancel(ctx, id, rp, 0, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	expect_seq(ctx, id, "5 0 0 transmitted");
	{
		char *ev = q_text(ctx, "SELECT group_concat(event, ',') FROM (SELECT event FROM audit"
		    " WHERE object_type = 'admission' AND object_id = %lld AND event NOT LIKE 'mail.%%'"
		    " AND event NOT IN ('apply', 'complete') ORDER BY id)", (long long)id);

		assert_string_equal(ev, "convene,book,move,convene,book,convene,book,cancel_interview,"
		    "convene,cancel_interview");
		free(ev);
	}
}

static void
test_signup_parse(void **state)
{
	static const struct {
		const char *last, *first, *birth, *iso, *error;
	} cases[] = {
		{ "Lefèvre", "Zoé", "14/07/2005", "2005-07-14", NULL },
		{ "Martin", "Bob", "2004-02-29", "2004-02-29", NULL },
		{ "Martin", "Bob", " 1/2/2003 ", "2003-02-01", NULL },
		{ "Martin", "Bob", "30/02/2004", NULL, "not a birth date" },
		{ "Martin", "Bob", "demain", NULL, "not a birth date" },
		{ "Martin", "Bob", "01/01/2999", NULL, "not a birth date" },
		{ NULL, "Bob", "01/01/2000", NULL, "missing fields: Nom" },
		{ "Martin", NULL, NULL, NULL, "missing fields: Prénom, Date de naissance" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mail_form_field f[4];
		struct admission_signup s;
		size_t n = 0;
		char *err = NULL;

		if (cases[i].last)
			f[n++] = (struct mail_form_field){ (char *)"nom", (char *)cases[i].last };
		if (cases[i].first)
			f[n++] = (struct mail_form_field){ (char *)"prenom", (char *)cases[i].first };
		if (cases[i].birth)
			f[n++] = (struct mail_form_field){ (char *)"date_de_naissance",
			    (char *)cases[i].birth };
		f[n++] = (struct mail_form_field){ (char *)"ville", (char *)"Nantes" };
		if (cases[i].error) {
			assert_int_equal(admission_signup_parse(f, n, now_epoch(), &s, &err), -1);
			if (strstr(err, cases[i].error) == NULL)
				fail_msg("case %zu: '%s'", i, err);
			free(err);
			continue;
		}
		assert_int_equal(admission_signup_parse(f, n, now_epoch(), &s, &err), 0);
		assert_string_equal(s.birth_date, cases[i].iso);
		assert_string_equal(s.last_name, cases[i].last);
		admission_signup_release(&s);
	}
}

/* CANDIDATER: the codes in order, whatever separates them */
static void
test_codes_parse(void **state)
{
	static const struct {
		const char *args;
		size_t n;
		const char *first, *last;
	} cases[] = {
		{ "BUT3-GEA-GEMA, BUT3-TC-MDEE", 2, "BUT3-GEA-GEMA", "BUT3-TC-MDEE" },
		{ "  gea ; tc\tinfo ", 3, "gea", "info" },
		{ ": GEA", 1, "GEA", "GEA" },
		{ "", 0, NULL, NULL },
		{ "GEA, TC, gea", 0, NULL, NULL },
		{ "A B C D E F G H I J K", 0, NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char **codes, *err = NULL;
		size_t n;

		if (cases[i].n == 0) {
			assert_int_equal(admission_codes_parse(cases[i].args, &codes, &n, &err), -1);
			assert_non_null(err);
			free(err);
			continue;
		}
		assert_int_equal(admission_codes_parse(cases[i].args, &codes, &n, &err), 0);
		assert_int_equal(n, cases[i].n);
		assert_string_equal(codes[0], cases[i].first);
		assert_string_equal(codes[n - 1], cases[i].last);
		admission_codes_free(codes, n);
	}
}

/* piece and incapacité lines, among other lines of a mail */
static void
test_decls_parse(void **state)
{
	static const char text[] =
		"Bonjour,\n"
		"Pièce : Relevé de notes\r\n"
		"> Pièce : quoted lines are cut before, but a leading > is harmless\n"
		"PIECE JOINTE: Lettre de motivation\n"
		"- Document : CV\n"
		"Le relevé est celui du bac.\n"
		"INCAPACITE Attestation employeur : pas encore de contrat\n"
		"Incapacité : Photo : je n'en ai pas\n"
		"Pièce :\n"
		"Cordialement";
	struct admission_decl *d;
	char *err = NULL, *label, *reason, *k;
	size_t n;

	(void)state;
	assert_int_equal(admission_decls_parse(text, &d, &n, &err), 0);
	assert_int_equal(n, 6);
	assert_string_equal(d[0].label, "Relevé de notes");
	assert_null(d[0].reason);
	assert_string_equal(d[2].label, "Lettre de motivation");
	assert_string_equal(d[3].label, "CV");
	assert_string_equal(d[4].label, "Attestation employeur");
	assert_string_equal(d[4].reason, "pas encore de contrat");
	assert_string_equal(d[5].label, "Photo");
	assert_string_equal(d[5].reason, "je n'en ai pas");
	admission_decls_free(d, n);
	/* an incapacité without its reason is an error the candidate is told */
	assert_int_equal(admission_decls_parse("INCAPACITE Photo", &d, &n, &err), -1);
	assert_non_null(strstr(err, "reason"));
	free(err);
	err = NULL;
	assert_int_equal(admission_decls_parse("INCAPACITÉ Photo :  ", &d, &n, &err), -1);
	free(err);
	assert_int_equal(admission_decls_parse(NULL, &d, &n, &err), 0);
	assert_int_equal(n, 0);
	free(d);
	/* the rp's RECLAMER libellé : motif */
	assert_int_equal(admission_label_reason(" Relevé de notes : illisible, scan flou", &label,
	    &reason), 0);
	assert_string_equal(label, "Relevé de notes");
	assert_string_equal(reason, "illisible, scan flou");
	free(label);
	free(reason);
	assert_int_equal(admission_label_reason("CV -- trop ancien", &label, &reason), 0);
	assert_string_equal(label, "CV");
	free(label);
	free(reason);
	assert_int_equal(admission_label_reason("Relevé de notes", &label, &reason), -1);
	assert_int_equal(admission_label_reason("Relevé : ", &label, &reason), -1);
	/* an attachment named after its piece */
	k = admission_file_key("Relevé_de-notes.PDF");
	assert_string_equal(k, "releve_de_notes");
	free(k);
}

/* transmitted: an incapacité for the only piece */
static void
transmit(struct altc *ctx, int64_t id)
{
	struct admission_piece_in in = { "releve de notes", NULL, NULL, 0, "perdu" };
	char *err = NULL;

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_add_pieces(ctx, q_int(ctx, "SELECT candidate_id FROM"
	    " admission_dossiers WHERE id = %lld", (long long)id), 0, &in, 1, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
}

/* the rule of offer validation: the rp, a ga the rp delegated, an admin; each keyed */
static void
test_staff_access(void **state)
{
	struct altc *ctx = *state;
	int64_t id = dossier(ctx), ga = uid(ctx, "ga@univ.example");
	static const struct {
		const char *who;
		int may;
	} cases[] = {
		{ "rp.gea@univ.example", 1 }, { "ga@univ.example", 1 }, { "admin@univ.example", 1 },
		{ "rp.tc@univ.example", 0 }, { "alice@etu.example", 0 },
	};

	transmit(ctx, id);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		if (admission_may_act(ctx, id, uid(ctx, cases[i].who)) != cases[i].may)
			fail_msg("%s: expected %d", cases[i].who, cases[i].may);
	/* both got the dossier, each with a key of their own */
	assert_int_equal(q_int(ctx, "SELECT count(DISTINCT user_id) FROM tokens WHERE"
	    " purpose = 'admission_staff' AND object_id = %lld AND user_id IN (%lld, %lld)",
	    (long long)id, (long long)uid(ctx, "rp.gea@univ.example"), (long long)ga), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'admission.to_review' AND rcpt = 'ga@univ.example'"), 1);
	/* a delegation for another formation only is not one for this */
	assert_int_equal(db_exec(ctx->db, "UPDATE delegations SET formation_id = (SELECT id FROM"
	    " formations WHERE code = 'BUT3-GEA-GPRH') WHERE ga_id = (SELECT id FROM users WHERE"
	    " email = 'ga@univ.example')", NULL), 0);
	assert_int_equal(admission_may_act(ctx, id, ga), 0);
	assert_int_equal(db_exec(ctx->db, "DELETE FROM delegations", NULL), 0);
	assert_int_equal(admission_may_act(ctx, id, ga), 0);
	assert_int_equal(admission_may_act(ctx, id, uid(ctx, "rp.gea@univ.example")), 1);
}

/* where the address of the candidate still is, row count over every table */
static int64_t
traces(struct altc *ctx, const char *what)
{
	sqlite3_stmt *tables;
	int64_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(ctx->db->h, "SELECT name FROM sqlite_master WHERE"
	    " type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'", -1,
	    &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char *c = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q)", t);
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_prepare_v2(ctx->db->h, c, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t k = q_int(ctx, "SELECT count(*) FROM \"%w\" WHERE instr(CAST(\"%w\""
			    " AS TEXT), %Q) > 0", t, (const char *)sqlite3_column_text(st, 0), what);

			if (k > 0)
				print_message("# %s.%s names '%s'\n", t, sqlite3_column_text(st, 0), what);
			n += k;
		}
		sqlite3_finalize(st);
		sqlite3_free(c);
	}
	sqlite3_finalize(tables);
	return n;
}

/* a candidate has no account: export and erasure find them by address */
static void
test_personal_data(void **state)
{
	struct altc *ctx = *state;
	int64_t id = dossier(ctx);
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	FILE *fp;

	transmit(ctx, id);
	assert_non_null(fp = open_memstream(&buf, &len));
	assert_int_equal(person_export(ctx, "zoe@gmail.example", NULL, fp, &err), 0);
	fclose(fp);
	assert_non_null(strstr(buf, "\"user_id\":null"));
	assert_non_null(strstr(buf, "\"last_name\":\"Lefèvre\""));
	assert_non_null(strstr(buf, "\"admission_dossiers\""));
	assert_non_null(strstr(buf, "\"reason\":\"perdu\""));
	assert_non_null(strstr(buf, "\"template\":\"admission.to_review\""));
	free(buf);
	assert_true(traces(ctx, "zoe@gmail.example") > 0);
	assert_int_equal(person_erase(ctx, "zoe@gmail.example", "test", &err), 0);
	assert_int_equal(traces(ctx, "zoe@gmail.example"), 0);
	assert_int_equal(traces(ctx, "Lefèvre"), 0);
	assert_int_equal(count(ctx, "admission_dossiers") + count(ctx, "admission_pieces") +
	    count(ctx, "admission_dossier_pieces"), 0);
	/* what is kept for the audit names them by the erasure */
	assert_true(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'admission'"
	    " AND actor = 'erased:audit-' || (SELECT id FROM audit WHERE event = 'erase')") > 0);
	assert_int_equal(person_erase(ctx, "zoe@gmail.example", "test", &err), -1);
	assert_non_null(strstr(err, "no person"));
	free(err);
}

/* the same address a candidate and an account: both go */
static void
test_personal_data_both(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL;

	(void)dossier(ctx);
	assert_int_equal(db_exec(ctx->db, "INSERT INTO users (email, role, state, last_name,"
	    " created_at, updated_at) VALUES ('zoe@gmail.example', 'student', 'registered',"
	    " 'Lefèvre', 0, 0)", NULL), 0);
	assert_int_equal(person_erase(ctx, "zoe@gmail.example", "test", &err), 0);
	assert_int_equal(traces(ctx, "zoe@gmail.example"), 0);
	assert_int_equal(count(ctx, "candidates"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM users WHERE state = 'erased'"), 1);
}

/* retention: a candidate whose dossiers all ended long ago, not one still in course */
static void
test_retention(void **state)
{
	struct altc *ctx = *state;
	struct admission_signup s = { (char *)"Martin", (char *)"Bob", "2004-02-29", NULL };
	int64_t id = dossier(ctx);
	char *err = NULL;
	size_t did = 0;

	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(admission_signup(ctx, "bob@gmail.example", "fr", &s, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(db_exec(ctx->db, "UPDATE candidates SET updated_at = 1000;"
	    "UPDATE admission_dossiers SET updated_at = 1000", NULL), 0);
	assert_int_equal(person_sweep(ctx, &did, &err), 0);
	assert_int_equal(did, 1);	/* Bob, without a dossier */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM candidates WHERE email ="
	    " 'zoe@gmail.example'"), 1);
	assert_int_equal(db_exec(ctx->db, "UPDATE admission_dossiers SET state = 'closed'", NULL),
	    0);
	assert_int_equal(person_sweep(ctx, &did, &err), 0);
	assert_int_equal(did, 1);
	assert_int_equal(count(ctx, "candidates") + count(ctx, "admission_dossiers"), 0);
	(void)id;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_table),
		cmocka_unit_test_setup_teardown(test_candidate_faults, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_transitions, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_signup_again, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_staff_access, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_personal_data, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_personal_data_both, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_retention, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_interview_choice, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test(test_slots_parse),
		cmocka_unit_test(test_slot_pick),
		cmocka_unit_test(test_signup_parse),
		cmocka_unit_test(test_codes_parse),
		cmocka_unit_test(test_decls_parse),
	};

	/* slots are read in the platform's zone */
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
