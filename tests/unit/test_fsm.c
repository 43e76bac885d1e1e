/*
 * test_fsm.c - every transition of every workflow table is applied on a
 * real row (state changed, audit row written, notifications asked for), and
 * every (state, event) pair that is not in a table is refused without any
 * change.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "altc.h"
#include "application_fsm.h"
#include "db.h"
#include "fsm.h"
#include "interview_fsm.h"
#include "mission_fsm.h"
#include "offer.h"
#include "student.h"
#include "student_check.h"
#include "testlib.h"
#include "util.h"

static const struct fsm *const machines[] = {
	&fsm_account, &fsm_offer, &fsm_offer_formation, &fsm_application,
	&fsm_interview, &fsm_mission,
};

/* fixture rows: one object per machine, id 1, whose state the test sets */
static const char fixture_sql[] =
	"INSERT INTO users (id, email, role, state, birth_date, family_contact, created_at, updated_at)"
	"  VALUES (1, 's@x.example', 'student', 'imported', '2000-01-01', NULL, 0, 0);"
	"INSERT INTO companies (id, siret, name, created_at) VALUES (1, '80754009100004', 'B', 0);"
	"INSERT INTO formations (id, code, label) VALUES (1, 'F1', 'F one'), (2, 'F2', 'F two');"
	"INSERT INTO offers (id, company_id, title, expires_at, created_at, updated_at)"
	"  VALUES (1, 1, 'Offre', 0, 0, 0);"
	"INSERT INTO offer_formations (rowid, offer_id, formation_id, state) VALUES (1, 1, 1, 'validated');"
	"INSERT INTO applications (id, student_id, offer_id, state, created_at, updated_at)"
	"  VALUES (1, 1, 1, 'pending', 0, 0);"
	"INSERT INTO interviews (id, application_id, state, slots, created_at, updated_at)"
	"  VALUES (1, 1, 'proposed', '[]', 0, 0);"
	"INSERT INTO missions (id, student_id, state, created_at, updated_at)"
	"  VALUES (1, 1, 'draft', 0, 0);";

static const char *
table_of(const struct fsm *m)
{
	if (m == &fsm_account) return "users";
	if (m == &fsm_offer) return "offers";
	if (m == &fsm_offer_formation) return "offer_formations";
	if (m == &fsm_application) return "applications";
	if (m == &fsm_interview) return "interviews";
	return "missions";
}

static void
set_state(struct altc *ctx, const struct fsm *m, const char *state)
{
	char *sql = sqlite3_mprintf("UPDATE %s SET state = %Q WHERE rowid = 1", table_of(m), state);

	assert_int_equal(db_exec(ctx->db, sql, NULL), 0);
	sqlite3_free(sql);
}

static char *
get_state(struct altc *ctx, const struct fsm *m)
{
	sqlite3_stmt *st = db_prepare(ctx->db, m->select_sql);
	char *s;

	db_bind_int(st, 1, 1);
	assert_int_equal(db_step(ctx->db, st, NULL), 1);
	s = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	return s;
}

static int
audit_count(struct altc *ctx)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT count(*) FROM audit");
	int n;

	assert_int_equal(db_step(ctx->db, st, NULL), 1);
	n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

struct notes { int n; char names[8][64]; };

static int
collect(void *arg, const char *tmpl, char **errstr_r)
{
	struct notes *nt = arg;

	(void)errstr_r;
	xstrlcpy(nt->names[nt->n++ % 8], tmpl, 64);
	return 0;
}

static int
setup(void **state)
{
	struct altc *ctx = xcalloc(1, sizeof(*ctx));

	testlib_instance(ctx);
	assert_int_equal(db_exec(ctx->db, fixture_sql, NULL), 0);
	*state = ctx;
	return 0;
}

static int
teardown(void **state)
{
	testlib_instance_free(*state);
	free(*state);
	return 0;
}

static void
test_every_transition(void **state)
{
	struct altc *ctx = *state;
	size_t mi, ti;

	for (mi = 0; mi < ARRAY_SIZE(machines); mi++) {
		const struct fsm *m = machines[mi];

		for (ti = 0; ti < m->ntransitions; ti++) {
			const struct fsm_transition *t = &m->transitions[ti];
			struct notes nt = { 0 };
			const char *to = NULL;
			char *err = NULL, *now;
			int before, k;

			set_state(ctx, m, t->from);
			/* the offer guards: make them pass */
			if (m == &fsm_offer)
				set_state(ctx, &fsm_offer_formation,
				    strcmp(t->event, "reject") == 0 ? "rejected" : "validated");
			before = audit_count(ctx);
			if (fsm_apply(ctx->db, m, 1, t->event, "actor@x.example", NULL, collect, &nt,
			    &to, &err) != FSM_OK)
				fail_msg("%s: %s --%s--> refused: %s", m->name, t->from, t->event, err);
			now = get_state(ctx, m);
			assert_string_equal(now, t->to);
			assert_string_equal(to, t->to);
			assert_int_equal(audit_count(ctx), before + 1);
			for (k = 0; k < FSM_MAX_NOTIFY && t->notify[k]; k++)
				assert_string_equal(nt.names[k], t->notify[k]);
			assert_int_equal(nt.n, k);
			free(now);
		}
	}
}

/*
 * the workflows of DESIGN section 7, written out independently of the
 * tables: "machine from event to [notifications...]".  A change to a table
 * must be made here too, on purpose.
 */
static const char *const spec[] = {
	"account imported signup registered account.welcome",
	"account imported close closed",
	"account registered close closed",
	"account pending activate active account.welcome",
	"account pending close closed",
	"account unconfirmed confirm active account.welcome",
	"account unconfirmed confirm_collaborator awaiting_approval",
	"account unconfirmed close closed",
	"account awaiting_approval approve active account.welcome",
	"account awaiting_approval refuse closed",
	"account active close closed",
	"offer pending publish published offer.published",
	"offer pending reject rejected offer.rejected",
	"offer pending edit pending offer.to_validate",
	"offer pending expire archived",
	"offer pending withdraw withdrawn",
	"offer pending archive archived",
	"offer rejected edit pending offer.to_validate",
	"offer rejected archive archived",
	"offer published edit pending offer.to_validate",
	"offer published fill filled",
	"offer published withdraw withdrawn",
	"offer published archive archived",
	"offer published expire archived",
	"offer filled archive archived",
	"offer withdrawn archive archived",
	"offer rejected expire archived",
	"offer archived edit pending offer.to_validate",
	"offer_formation pending validate validated",
	"offer_formation pending reject rejected",
	"offer_formation pending transfer pending offer.transferred",
	"offer_formation validated reset pending",
	"offer_formation rejected reset pending",
	"application referent_review referent_validate pending application.received application.sent",
	"application referent_review referent_refuse refused application.refused",
	"application referent_review abandon abandoned",
	"application referent_review close refused application.refused",
	"application pending shortlist shortlisted application.shortlisted",
	"application pending accept accepted application.accepted",
	"application pending refuse refused application.refused",
	"application pending abandon abandoned application.abandoned",
	"application pending close refused application.refused",
	"application shortlisted accept accepted application.accepted",
	"application shortlisted refuse refused application.refused",
	"application shortlisted abandon abandoned application.abandoned",
	"application shortlisted close refused application.refused",
	"interview proposed book booked interview.confirmed",
	"interview proposed cancel cancelled interview.cancelled",
	"interview booked cancel cancelled interview.cancelled",
	"interview booked reschedule proposed interview.proposed",
	"interview cancelled propose proposed interview.proposed",
	"mission draft edit draft",
	"mission draft submit submitted mission.to_validate",
	"mission submitted validate validated mission.validated",
	"mission submitted reject rejected mission.rejected",
	"mission rejected edit rejected",
	"mission rejected submit submitted mission.to_validate",
};

static const struct fsm *
machine_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(machines); i++)
		if (strcmp(machines[i]->name, name) == 0)
			return machines[i];
	fail_msg("no machine '%s'", name);
	return NULL;
}

static void
test_tables_follow_the_spec(void **state)
{
	struct altc *ctx = *state;
	size_t per_machine[ARRAY_SIZE(machines)] = { 0 };

	for (size_t i = 0; i < ARRAY_SIZE(spec); i++) {
		char *row = xstrdup(spec[i]), *w[3 + FSM_MAX_NOTIFY + 1] = { 0 }, *save = NULL;
		const struct fsm *m;
		struct notes nt = { 0 };
		char *err = NULL, *now;
		size_t nw = 0, k;

		for (char *p = strtok_r(row, " ", &save); p && nw < ARRAY_SIZE(w); p = strtok_r(NULL, " ", &save))
			w[nw++] = p;
		m = machine_named(w[0]);
		for (k = 0; k < ARRAY_SIZE(machines); k++)
			if (machines[k] == m)
				per_machine[k]++;
		set_state(ctx, m, w[1]);
		if (m == &fsm_offer)
			set_state(ctx, &fsm_offer_formation,
			    strcmp(w[2], "reject") == 0 ? "rejected" : "validated");
		if (fsm_apply(ctx->db, m, 1, w[2], "actor@x.example", NULL, collect, &nt, NULL,
		    &err) != FSM_OK)
			fail_msg("%s: %s --%s--> refused: %s", w[0], w[1], w[2], err);
		now = get_state(ctx, m);
		if (strcmp(now, w[3]) != 0)
			fail_msg("%s: %s --%s--> %s, not %s", w[0], w[1], w[2], now, w[3]);
		for (k = 4; k < nw; k++)
			assert_string_equal(nt.names[k - 4], w[k]);
		assert_int_equal(nt.n, nw - 4);
		free(now);
		free(row);
	}
	/* and nothing more in the tables */
	for (size_t k = 0; k < ARRAY_SIZE(machines); k++)
		if (per_machine[k] != machines[k]->ntransitions)
			fail_msg("%s: %zu transitions, the spec has %zu", machines[k]->name,
			    machines[k]->ntransitions, per_machine[k]);
}

static const char *const all_events[] = {
	"signup", "close", "activate", "confirm", "confirm_collaborator", "approve", "refuse",
	"publish", "reject", "edit", "withdraw", "archive", "fill", "expire", "validate",
	"transfer", "reset", "referent_validate", "referent_refuse", "abandon", "shortlist",
	"accept", "book", "cancel", "reschedule", "propose", "submit", "bogus",
};

static void
test_every_illegal_transition(void **state)
{
	struct altc *ctx = *state;
	size_t mi, ti, ei;

	for (mi = 0; mi < ARRAY_SIZE(machines); mi++) {
		const struct fsm *m = machines[mi];

		/* every state that appears in the table */
		for (ti = 0; ti < m->ntransitions; ti++) {
			const char *states[2] = { m->transitions[ti].from, m->transitions[ti].to };
			int s;

			for (s = 0; s < 2; s++) {
				for (ei = 0; ei < ARRAY_SIZE(all_events); ei++) {
					char *err = NULL, *now;
					int before;

					if (fsm_find(m, states[s], all_events[ei]) != NULL)
						continue;
					set_state(ctx, m, states[s]);
					before = audit_count(ctx);
					assert_int_equal(fsm_apply(ctx->db, m, 1, all_events[ei], NULL, NULL,
					    NULL, NULL, NULL, &err), FSM_ILLEGAL);
					assert_non_null(strstr(err, all_events[ei]));
					free(err);
					now = get_state(ctx, m);
					assert_string_equal(now, states[s]);
					assert_int_equal(audit_count(ctx), before);
					free(now);
				}
			}
		}
	}
}

static void
test_guards_and_missing(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL, *now;

	/* an offer cannot be published while no formation validated it */
	set_state(ctx, &fsm_offer, "pending");
	set_state(ctx, &fsm_offer_formation, "pending");
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer, 1, "publish", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_REFUSED);
	assert_non_null(strstr(err, "no formation has validated"));
	free(err);
	err = NULL;
	now = get_state(ctx, &fsm_offer);
	assert_string_equal(now, "pending");
	free(now);
	/* a minor cannot complete the signup without a family contact */
	assert_int_equal(db_exec(ctx->db, "UPDATE users SET birth_date = date('now', '-15 years'),"
	    " state = 'imported' WHERE id = 1", NULL), 0);
	assert_int_equal(fsm_apply(ctx->db, &fsm_account, 1, "signup", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_REFUSED);
	assert_non_null(strstr(err, "family contact"));
	free(err);
	err = NULL;
	/* no such object */
	assert_int_equal(fsm_apply(ctx->db, &fsm_mission, 99, "submit", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_NOT_FOUND);
	free(err);
	/* labels */
	assert_string_equal(fsm_state_label(&fsm_offer, "filled", "fr"), "pourvue");
	assert_string_equal(fsm_state_label(&fsm_offer, "filled", "en"), "filled");
	/* a state without a label is shown as it is */
	assert_string_equal(fsm_state_label(&fsm_offer, "nowhere", "fr"), "nowhere");
	assert_string_equal(fsm_state_label(&fsm_offer, "nowhere", "en"), "nowhere");
	err = fsm_events_from(&fsm_mission, "submitted");
	assert_string_equal(err, "validate,reject");
	free(err);
}

static int
failing_notify(void *arg, const char *tmpl, char **errstr_r)
{
	(void)arg;
	(void)tmpl;
	*errstr_r = xstrdup("outbox full");
	return -1;
}

/* a notification that cannot be queued undoes the transition; events are whole names */
static void
test_all_or_nothing(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL, *now;
	int audit = audit_count(ctx);

	set_state(ctx, &fsm_mission, "draft");
	assert_int_equal(fsm_apply(ctx->db, &fsm_mission, 1, "submit", "a@x.example", NULL,
	    failing_notify, NULL, NULL, &err), FSM_ERROR);
	assert_string_equal(err, "outbox full");
	free(err);
	err = NULL;
	now = get_state(ctx, &fsm_mission);
	assert_string_equal(now, "draft");
	free(now);
	assert_int_equal(audit_count(ctx), audit);
	/* a prefix of an event, or an event with more, is no event */
	assert_int_equal(fsm_apply(ctx->db, &fsm_mission, 1, "sub", NULL, NULL, NULL, NULL, NULL,
	    &err), FSM_ILLEGAL);
	free(err);
	err = NULL;
	assert_int_equal(fsm_apply(ctx->db, &fsm_mission, 1, "submitx", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_ILLEGAL);
	free(err);
	err = NULL;
	assert_int_equal(fsm_apply(ctx->db, &fsm_mission, 1, "", NULL, NULL, NULL, NULL, NULL,
	    &err), FSM_ILLEGAL);
	free(err);
	assert_int_equal(audit_count(ctx), audit);
}

/* signup_as - the account guard for a birth date, on the day ALTC_NOW sets */
static int
signup_as(struct altc *ctx, const char *now, const char *birth, const char *family)
{
	char *sql = sqlite3_mprintf("UPDATE users SET state = 'imported', birth_date = %Q,"
	    " family_contact = %Q WHERE id = 1", birth, family);
	char *err = NULL;
	int rc;

	assert_int_equal(db_exec(ctx->db, sql, NULL), 0);
	sqlite3_free(sql);
	setenv("ALTC_NOW", now, 1);
	rc = fsm_apply(ctx->db, &fsm_account, 1, "signup", NULL, NULL, NULL, NULL, NULL, &err);
	/* the guard and the signup form read the same clock: they agree */
	if (family == NULL)
		assert_int_equal(rc == FSM_REFUSED, age_on(birth, now_epoch()) < 18);
	unsetenv("ALTC_NOW");
	free(err);
	return rc;
}

/* the minor guard at its boundary, on the engine's clock (not SQLite's) */
static void
test_minor_boundary(void **state)
{
	struct altc *ctx = *state;

	/* 2000-06-15 12:00 UTC: 17 years and 364 days is a minor, 18 years is not */
	assert_int_equal(signup_as(ctx, "961070400", "1982-06-16", NULL), FSM_REFUSED);
	assert_int_equal(signup_as(ctx, "961070400", "1982-06-15", NULL), FSM_OK);
	assert_int_equal(signup_as(ctx, "961070400", "1982-06-16", "parent 0600000000"), FSM_OK);
	/* 2100-01-01: the same boundary far from today */
	assert_int_equal(signup_as(ctx, "4102444800", "2082-01-02", NULL), FSM_REFUSED);
	assert_int_equal(signup_as(ctx, "4102444800", "2082-01-01", NULL), FSM_OK);
	/* no birth date: refused with its reason */
	assert_int_equal(signup_as(ctx, "961070400", "", "parent"), FSM_REFUSED);
}

/* an offer is rejected only once no targeted formation is still open */
static void
test_offer_reject_guard(void **state)
{
	struct altc *ctx = *state;
	char *err = NULL, *now;

	assert_int_equal(db_exec(ctx->db, "INSERT INTO offer_formations (rowid, offer_id,"
	    " formation_id, state) VALUES (2, 1, 2, 'pending');"
	    "UPDATE offer_formations SET state = 'rejected' WHERE rowid = 1", NULL), 0);
	set_state(ctx, &fsm_offer, "pending");
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer, 1, "reject", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_REFUSED);
	assert_non_null(strstr(err, "has not rejected"));
	free(err);
	err = NULL;
	now = get_state(ctx, &fsm_offer);
	assert_string_equal(now, "pending");
	free(now);
	/* validated by the other formation: still not all rejected */
	assert_int_equal(db_exec(ctx->db, "UPDATE offer_formations SET state = 'validated'"
	    " WHERE rowid = 2", NULL), 0);
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer, 1, "reject", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_REFUSED);
	free(err);
	err = NULL;
	/* once every formation rejected it, the offer is rejected */
	assert_int_equal(db_exec(ctx->db, "UPDATE offer_formations SET state = 'rejected'"
	    " WHERE rowid = 2", NULL), 0);
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer, 1, "reject", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_OK);
	now = get_state(ctx, &fsm_offer);
	assert_string_equal(now, "rejected");
	free(now);
	/* published needs one validation among several */
	set_state(ctx, &fsm_offer, "pending");
	assert_int_equal(db_exec(ctx->db, "UPDATE offer_formations SET state = 'validated'"
	    " WHERE rowid = 2", NULL), 0);
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer, 1, "publish", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_OK);
	/* an offer that targets no formation: the pool decides */
	assert_int_equal(db_exec(ctx->db, "DELETE FROM offer_formations", NULL), 0);
	set_state(ctx, &fsm_offer, "pending");
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer, 1, "publish", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_OK);
	set_state(ctx, &fsm_offer, "pending");
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer, 1, "reject", NULL, NULL, NULL, NULL,
	    NULL, &err), FSM_OK);
}

/*
 * a transition leaves no statement open: the connection does not keep a
 * snapshot, and sees what another process writes afterwards
 */
static void
test_no_snapshot_kept(void **state)
{
	struct altc *ctx = *state;
	const char *path = sqlite3_db_filename(ctx->db->h, "main");
	struct db *other;
	sqlite3_stmt *st;
	char *err = NULL;

	set_state(ctx, &fsm_offer_formation, "validated");
	assert_int_equal(fsm_apply(ctx->db, &fsm_offer_formation, 1, "reset", NULL, NULL, NULL,
	    NULL, NULL, &err), FSM_OK);
	other = db_open(path, 0, &err);
	assert_non_null(other);
	assert_int_equal(db_exec(other, "UPDATE offers SET title = 'Autre' WHERE id = 1", NULL), 0);
	db_close(&other);
	assert_int_equal(sqlite3_prepare_v2(ctx->db->h, "SELECT title FROM offers WHERE id = 1",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "Autre");
	sqlite3_finalize(st);
	/* and it can still open a write transaction */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(db_commit(ctx->db), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_transition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tables_follow_the_spec, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_illegal_transition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guards_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minor_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_offer_reject_guard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_snapshot_kept, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
