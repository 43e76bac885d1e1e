/*
 * test_interview.c - interview slots as people type them (a table of real
 * phrasings, wrong and ambiguous ones included, across both changes of
 * offset in Europe/Paris), and the invitation written by libical, parsed
 * back by libical.  Then the referents' follow-up: the student behind the
 * key of each kind of staff mail, and AUTONOMIE by a referent who follows
 * the student and by one who does not.
 */
#include "compat.h"

#include <setjmp.h>
#include <time.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <libical/ical.h>

#include "compose.h"
#include "followup.h"
#include "interview.h"
#include "interview_slot.h"
#include "strbuf.h"
#include "test_fault.h"
#include "test_offer_util.h"
#include "util.h"

/* now: Wednesday 2 December 2026, 10:00 in Paris */
#define NOW "2026-12-02T09:00"

static const struct {
	const char *in;
	const char *start, *end;	/* UTC "YYYY-MM-DDTHH:MM"; NULL: refused */
	const char *location;		/* or the start of the error */
} cases[] = {
	{ "jeudi 14 janvier 10h30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "mardi 14 janvier 10h30", NULL, NULL, "slot 'mardi 14 janvier 10h30': that day is a jeudi" },
	{ "14/01/2027 10:30-11:00", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "le 14 à 10h", "2026-12-14T09:00", "2026-12-14T09:30", NULL },
	{ "14 janv. 2027, 10 h 30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "15/06/2027 10h", "2027-06-15T08:00", "2027-06-15T08:30", NULL },
	{ "28/03/2027 02:30", NULL, NULL, "slot '28/03/2027 02:30': that time does not exist" },
	{ "28/03/2027 01:30", "2027-03-28T00:30", "2027-03-28T01:00", NULL },
	{ "28/03/2027 03:30", "2027-03-28T01:30", "2027-03-28T02:00", NULL },
	{ "samedi 27 mars 2027 10h", "2027-03-27T09:00", "2027-03-27T09:30", NULL },
	{ "lundi 29 mars 2027 10h", "2027-03-29T08:00", "2027-03-29T08:30", NULL },
	{ "31/10/2027 01:30", "2027-10-30T23:30", "2027-10-31T00:00", NULL },
	{ "31/10/2027 02:30", "2027-10-31T00:30", "2027-10-31T01:00", NULL },
	{ "31/10/2027 03:30", "2027-10-31T02:30", "2027-10-31T03:00", NULL },
	{ "1/11/2027 10h", "2027-11-01T09:00", "2027-11-01T09:30", NULL },
	{ "30/10/2027 10h", "2027-10-30T08:00", "2027-10-30T08:30", NULL },
	{ "01/12/2026 10h", NULL, NULL, "slot '01/12/2026 10h' is in the past" },
	{ "02/12/2026 09h", NULL, NULL, "slot '02/12/2026 09h' is in the past" },
	{ "mardi 14 janvier 2025 10h30", NULL, NULL, "slot 'mardi 14 janvier 2025 10h30' is in the past" },
	{ "02/12/2026 11h", "2026-12-02T10:00", "2026-12-02T10:30", NULL },
	{ "30/02/2027 10h", NULL, NULL, "slot '30/02/2027 10h': that date does not exist" },
	{ "29/02/2027 10h", NULL, NULL, "slot '29/02/2027 10h': that date does not exist" },
	{ "29/02/2028 10h", "2028-02-29T09:00", "2028-02-29T09:30", NULL },
	{ "14/13/2027 10h", NULL, NULL, "slot '14/13/2027 10h': that date does not exist" },
	{ "10h30", NULL, NULL, "unreadable slot '10h30': no date" },
	{ "demain 10h", NULL, NULL, "unreadable slot 'demain 10h': no date" },
	{ "hello", NULL, NULL, "unreadable slot 'hello': no date" },
	{ "", NULL, NULL, "unreadable slot '': no date" },
	{ "14/01/2027", NULL, NULL, "unreadable slot '14/01/2027': no time" },
	{ "14/01/2027 25h", NULL, NULL, "unreadable slot '14/01/2027 25h': no time" },
	{ "14/01/2027 10h75", NULL, NULL, "unreadable slot '14/01/2027 10h75': no time" },
	{ "14 janvier 2027 vers 10h", NULL, NULL, "unreadable slot '14 janvier 2027 vers 10h': no time" },
	{ "14/01/2027 11h-10h", NULL, NULL, "slot '14/01/2027 11h-10h': the end is before the start" },
	{ "14/01/2027 10h (10 h)", NULL, NULL, "slot '14/01/2027 10h (10 h)': the duration" },
	{ "14 janvier 2027 10h30 (45 min)", "2027-01-14T09:30", "2027-01-14T10:15", NULL },
	{ "14 janvier 2027 10h30, Salle 3", "2027-01-14T09:30", "2027-01-14T10:00", "Salle 3" },
	{ "14/01/2027 10:30 https://meet.example/abc-def", "2027-01-14T09:30", "2027-01-14T10:00",
	  "https://meet.example/abc-def" },
	{ "14/01/2027 10:30 - visio : https://x.example/r?id=7", "2027-01-14T09:30",
	  "2027-01-14T10:00", "https://x.example/r?id=7" },
	{ "14/01/2027 de 10h à 11h30", "2027-01-14T09:00", "2027-01-14T10:30", NULL },
	{ "14/01/2027 10h-11h", "2027-01-14T09:00", "2027-01-14T10:00", NULL },
	{ "14/01/2027 10h30-11h", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14/01/2027 10h30 \xe2\x80\x93 11h15", "2027-01-14T09:30", "2027-01-14T10:15", NULL },
	{ "14/01/2027 10h30 durée 1h", "2027-01-14T09:30", "2027-01-14T10:30", NULL },
	{ "14/01/2027 10h30 durée : 45 min", "2027-01-14T09:30", "2027-01-14T10:15", NULL },
	{ "14/01/2027 10h30 pendant 1h30", "2027-01-14T09:30", "2027-01-14T11:00", NULL },
	{ "14/01/2027 à 10 h 30, 45 min, bureau 12", "2027-01-14T09:30", "2027-01-14T10:15",
	  "bureau 12" },
	{ "14/01/2027 10h30 (1h) 5 rue de la Paix, Paris", "2027-01-14T09:30", "2027-01-14T10:30",
	  "5 rue de la Paix, Paris" },
	{ "14/01/2027 10h30 lieu : accueil du bâtiment B", "2027-01-14T09:30", "2027-01-14T10:00",
	  "accueil du bâtiment B" },
	{ "2027-01-14 10:30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14.01.2027 10h30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14-01-2027 10h30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14/01/27 10h30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14/01 10h30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14 janvier 10h30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "1er mars 2027 à 14h", "2027-03-01T13:00", "2027-03-01T13:30", NULL },
	{ "Lundi 15 mars 2027 14h", "2027-03-15T13:00", "2027-03-15T13:30", NULL },
	{ "vendredi 2 avril 2027 à 9h", "2027-04-02T07:00", "2027-04-02T07:30", NULL },
	{ "14 JANVIER 2027 10H30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14 january 2027 10:30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "Thursday 14 January 2027 10:30", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
	{ "14 fevrier 2027 9h", "2027-02-14T08:00", "2027-02-14T08:30", NULL },
	{ "14 février 2027 9h", "2027-02-14T08:00", "2027-02-14T08:30", NULL },
	{ "14 févr. 2027 9h", "2027-02-14T08:00", "2027-02-14T08:30", NULL },
	{ "3 août 2027 15h", "2027-08-03T13:00", "2027-08-03T13:30", NULL },
	{ "3 aout 2027 15h", "2027-08-03T13:00", "2027-08-03T13:30", NULL },
	{ "25 décembre 2026 10h", "2026-12-25T09:00", "2026-12-25T09:30", NULL },
	{ "le 14 janvier à midi", "2027-01-14T11:00", "2027-01-14T11:30", NULL },
	{ "mer. 13 janvier 2027 10h", "2027-01-13T09:00", "2027-01-13T09:30", NULL },
	{ "1 décembre 10h", "2027-12-01T09:00", "2027-12-01T09:30", NULL },
	{ "le 31 à 10h", "2026-12-31T09:00", "2026-12-31T09:30", NULL },
	{ "le 2 à 9h", "2027-01-02T08:00", "2027-01-02T08:30", NULL },
	{ "le 14 mars 2027 à 10:00 (1 h)", "2027-03-14T09:00", "2027-03-14T10:00", NULL },
	{ "4 avril 2027 10h", "2027-04-04T08:00", "2027-04-04T08:30", NULL },
	{ "  14/01/2027   10h30  ", "2027-01-14T09:30", "2027-01-14T10:00", NULL },
};

static int64_t
utc(const char *s)
{
	struct tm tm = { 0 };

	assert_non_null(strptime(s, "%Y-%m-%dT%H:%M", &tm));
	return (int64_t)timegm(&tm);
}

static void
test_slots(void **state)
{
	int64_t now = utc(NOW);

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct interview_slot s = { 0 };
		char *err = NULL;
		int rc = interview_slot_parse(cases[i].in, now, &s, &err);

		if (cases[i].start == NULL) {
			if (rc == 0)
				fail_msg("'%s' accepted: %lld", cases[i].in, (long long)s.start);
			if (strncmp(err, cases[i].location, strlen(cases[i].location)) != 0)
				fail_msg("'%s': %s", cases[i].in, err);
			free(err);
			continue;
		}
		if (rc != 0)
			fail_msg("'%s' refused: %s", cases[i].in, err);
		if (s.start != utc(cases[i].start) || s.end != utc(cases[i].end))
			fail_msg("'%s': %lld-%lld, want %s-%s", cases[i].in, (long long)s.start,
			    (long long)s.end, cases[i].start, cases[i].end);
		if ((cases[i].location == NULL) != (s.location == NULL) ||
		    (s.location && strcmp(s.location, cases[i].location) != 0))
			fail_msg("'%s': place '%s'", cases[i].in, s.location ? s.location : "(none)");
		interview_slot_release(&s);
	}
}

static void
test_label(void **state)
{
	struct interview_slot s = { utc("2027-03-29T08:00"), utc("2027-03-29T08:45"), NULL };
	char *l;

	(void)state;
	l = interview_slot_label(&s, "fr");
	assert_string_equal(l, "lundi 29 mars 2027, 10:00\xe2\x80\x93" "10:45");
	free(l);
	s.location = xstrdup("Salle 3");
	l = interview_slot_label(&s, "en");
	assert_string_equal(l, "Monday 29 March 2027, 10:00\xe2\x80\x93" "10:45 \xe2\x80\x94 Salle 3");
	free(l);
	interview_slot_release(&s);
}

/* ics - the invitation for a summer slot, parsed back by libical */
static void
test_ics(void **state)
{
	const char *js = "{\"uid\": \"interview-7@univ.example\", \"start\": 1814775600,"
	    " \"end\": 1814777400, \"summary\": \"Entretien\", \"location\": \"Salle 3\","
	    " \"attendee\": \"eve@student.example\", \"attendees\": [\"rh@acme.example\","
	    " \"eve@student.example\"], \"sequence\": 2, \"tzid\": \"Europe/Paris\"}";
	struct json_object *cal = json_tokener_parse(js);
	struct strbuf out = STRBUF_INIT;
	icalcomponent *c, *ev, *tz;
	icalproperty *p;
	struct icaltimetype t;
	char *err = NULL;
	int n = 0;

	(void)state;
	assert_non_null(cal);
	assert_int_equal(compose_calendar(cal, 1800000000, "altc@univ.example", &out, &err), 0);
	c = icalparser_parse_string(out.buf);
	assert_non_null(c);
	assert_int_equal(icalcomponent_get_method(c), ICAL_METHOD_REQUEST);
	tz = icalcomponent_get_first_component(c, ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(tz);
	assert_string_equal(icalproperty_get_tzid(icalcomponent_get_first_property(tz,
	    ICAL_TZID_PROPERTY)), "Europe/Paris");
	ev = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	assert_string_equal(icalcomponent_get_uid(ev), "interview-7@univ.example");
	assert_int_equal(icalcomponent_get_sequence(ev), 2);
	p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	assert_string_equal(icalparameter_get_tzid(icalproperty_get_first_parameter(p,
	    ICAL_TZID_PARAMETER)), "Europe/Paris");
	t = icalproperty_get_dtstart(p);
	/* 2027-07-05 08:20 UTC is 10:20 in Paris (summer time) */
	assert_int_equal(t.hour, 10);
	assert_int_equal(t.minute, 20);
	assert_int_equal((int64_t)icaltime_as_timet_with_zone(t,
	    icaltimezone_get_builtin_timezone("Europe/Paris")), 1814775600);
	for (p = icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY); p;
	    p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY))
		n++;
	assert_int_equal(n, 2);
	assert_string_equal(icalproperty_get_organizer(icalcomponent_get_first_property(ev,
	    ICAL_ORGANIZER_PROPERTY)), "mailto:altc@univ.example");
	assert_non_null(strstr(out.buf, "\r\n"));
	icalcomponent_free(c);
	strbuf_release(&out);
	json_object_put(cal);

	/* a cancellation */
	cal = json_tokener_parse("{\"uid\": \"interview-7@univ.example\", \"start\": 1814775600,"
	    " \"end\": 1814777400, \"summary\": \"Entretien\", \"method\": \"CANCEL\","
	    " \"sequence\": 3, \"tzid\": \"Europe/Paris\"}");
	assert_int_equal(compose_calendar(cal, 1800000000, "altc@univ.example", &out, &err), 0);
	c = icalparser_parse_string(out.buf);
	assert_int_equal(icalcomponent_get_method(c), ICAL_METHOD_CANCEL);
	ev = icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 3);
	icalcomponent_free(c);
	strbuf_release(&out);
	json_object_put(cal);
}

/* a student's application, its interview and mission sheet on the demo instance */
struct followup_rows {
	int64_t student, employer, offer, app, interview, mission;
};

static void
followup_rows(struct altc *ctx, struct followup_rows *r)
{
	r->student = uid(ctx, "alice@etu.example");
	r->employer = uid(ctx, "rh@benotti.example");
	r->offer = q_int(ctx, "INSERT INTO offers (company_id, title, author_id, expires_at,"
	    " created_at, updated_at) SELECT id, 'Comptable', %lld, 0, 0, 0 FROM companies"
	    " WHERE siret = '80754009100004' RETURNING id", (long long)r->employer);
	r->app = q_int(ctx, "INSERT INTO applications (student_id, offer_id, state, created_at,"
	    " updated_at) VALUES (%lld, %lld, 'pending', 0, 0) RETURNING id",
	    (long long)r->student, (long long)r->offer);
	r->interview = q_int(ctx, "INSERT INTO interviews (application_id, employer_id, state,"
	    " slots, created_at, updated_at) VALUES (%lld, %lld, 'proposed', '[]', 0, 0)"
	    " RETURNING id", (long long)r->app, (long long)r->employer);
	r->mission = q_int(ctx, "INSERT INTO missions (application_id, student_id, state,"
	    " created_at, updated_at) VALUES (%lld, %lld, 'submitted', 0, 0) RETURNING id",
	    (long long)r->app, (long long)r->student);
	assert_true(r->offer > 0 && r->app > 0 && r->interview > 0 && r->mission > 0);
}

struct interview_call {
	struct followup_rows r;
	int op;		/* 0 propose, 1 book, 2 cancel, 3 move */
	int64_t id;
};

static int
op_interview(struct altc *ctx, void *arg, char **errstr_r)
{
	struct interview_call *c = arg;
	struct interview_slot s[2] = { { 1814775600, 1814777400, NULL },
		{ 1814862000, 1814863800, NULL } };

	switch (c->op) {
	case 0: return interview_propose(ctx, c->r.app, c->r.employer, s, 2, NULL, errstr_r);
	case 1: return interview_book(ctx, c->id, c->r.student, 1, errstr_r);
	case 2: return interview_cancel(ctx, c->id, c->r.employer, errstr_r);
	default: return interview_move(ctx, c->id, c->r.student, NULL, 0, errstr_r);
	}
}

/* slots proposed, booked, cancelled, moved: a row that cannot be written says so */
static void
test_interview_faults(void **state)
{
	struct altc *ctx = *state;
	struct interview_call c = { 0 };
	char *err = NULL;

	followup_rows(ctx, &c.r);
	assert_true(fault_sweep(ctx, "interview_propose", op_interview, &c, INTERVIEW_EDB) > 1);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(op_interview(ctx, &c, &err), INTERVIEW_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	c.id = q_int(ctx, "SELECT max(id) FROM interviews WHERE application_id = %lld",
	    (long long)c.r.app);
	c.op = 1;
	assert_true(fault_sweep(ctx, "interview_book", op_interview, &c, INTERVIEW_EDB) > 1);
	c.op = 2;
	assert_true(fault_sweep(ctx, "interview_cancel", op_interview, &c, INTERVIEW_EDB) > 1);
	c.op = 1;
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(op_interview(ctx, &c, &err), INTERVIEW_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	c.op = 3;
	assert_true(fault_sweep(ctx, "interview_move", op_interview, &c, INTERVIEW_EDB) > 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM interviews WHERE id = %lld AND state ="
	    " 'booked'", (long long)c.id), 1);
}

static void
test_student_of(void **state)
{
	struct altc *ctx = *state;
	struct followup_rows r;
	int64_t got;

	followup_rows(ctx, &r);
	{
		const struct {
			const char *type;
			int64_t id;
			int rc;
			int64_t student;
		} keys[] = {
			{ "application", r.app, 1, r.student },		/* application_referent */
			{ "mission", r.mission, 1, r.student },		/* mission_review */
			{ "interview", r.interview, 1, r.student },
			{ "user", r.student, 1, r.student },		/* student_followup */
			{ "user", r.employer, 0, 0 },			/* not a student */
			{ "application", r.app + 100, 0, 0 },		/* no such row */
			{ "mission", r.mission + 100, 0, 0 },
			{ "offer", r.offer, 0, 0 },			/* about no student */
			{ NULL, r.app, 0, 0 },
		};

		for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
			got = -1;
			assert_int_equal(followup_student_of(ctx, keys[i].type, keys[i].id, &got),
			    keys[i].rc);
			assert_int_equal(got, keys[i].student);
		}
	}
}

static void
test_autonomy(void **state)
{
	struct altc *ctx = *state;
	struct followup_rows r;
	char *err = NULL;

	followup_rows(ctx, &r);
	/* the rp of another formation does not follow alice: nothing changes */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(followup_autonomy(ctx, uid(ctx, "rp.tc@univ.example"), r.student, 0,
	    &err), FOLLOWUP_EDENIED);
	assert_string_equal(err, "you do not follow this student");
	free(err);
	err = NULL;
	db_rollback(ctx->db);
	assert_int_equal(q_int(ctx, "SELECT autonomous FROM users WHERE id = %lld",
	    (long long)r.student), 1);
	/* her formation's rp does: switched, audited, confirmed with a follow-up key */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(followup_autonomy(ctx, uid(ctx, "rp.gea@univ.example"), r.student, 0,
	    &err), FOLLOWUP_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(q_int(ctx, "SELECT autonomous FROM users WHERE id = %lld",
	    (long long)r.student), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'user'"
	    " AND object_id = %lld AND event = 'set_autonomous' AND to_state = 'non_autonomous'"
	    " AND actor = 'rp.gea@univ.example'", (long long)r.student), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'student.autonomy'"
	    " AND rcpt = 'rp.gea@univ.example'"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'student_followup'"
	    " AND object_type = 'user' AND object_id = %lld AND commands = 'MESSAGE,NOTE,AUTONOMIE'",
	    (long long)r.student), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_ics),
		cmocka_unit_test_setup_teardown(test_student_of, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_interview_faults, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_autonomy, test_demo_setup, test_demo_teardown),
	};

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
