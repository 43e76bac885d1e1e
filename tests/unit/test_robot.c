/*
 * test_robot.c - automatic-mail classification: one header block per case
 * and the reason expected (NULL for a human mail).
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "mime.h"
#include "robot.h"
#include "util.h"

static const struct {
	const char *headers;
	const char *reason;
} cases[] = {
	{ "From: a@b.example\nSubject: Re: offre\n", NULL },
	{ "From: a@b.example\nAuto-Submitted: no\nSubject: x\n", NULL },
	{ "From: a@b.example\nX-Auto-Response-Suppress: All\nSubject: Re: x\n", NULL },
	{ "From: a@b.example\nAuto-Submitted: auto-replied\nSubject: x\n", "Auto-Submitted" },
	{ "From: a@b.example\nAuto-Submitted: auto-generated\nSubject: x\n", "Auto-Submitted" },
	{ "From: a@b.example\nX-Autoreply: yes\nSubject: x\n", "X-Autoreply" },
	{ "From: a@b.example\nX-Autorespond: yes\nSubject: x\n", "X-Autorespond" },
	{ "From: a@b.example\nPrecedence: bulk\nSubject: x\n", "Precedence" },
	{ "From: a@b.example\nPrecedence: junk\nSubject: x\n", "Precedence" },
	{ "From: a@b.example\nPrecedence: list\nSubject: x\n", "Precedence" },
	{ "From: a@b.example\nPrecedence: auto_reply\nSubject: x\n", "Precedence" },
	{ "From: a@b.example\nPrecedence: first-class\nSubject: x\n", NULL },
	{ "From: a@b.example\nList-Id: <news.b.example>\nSubject: x\n", "List-Id" },
	{ "Return-Path: <>\nFrom: a@b.example\nSubject: x\n", "empty Return-Path" },
	{ "From: MAILER-DAEMON@mx.example\nSubject: x\n", "robot sender" },
	{ "From: Postmaster <postmaster@mx.example>\nSubject: x\n", "robot sender" },
	{ "From: no-reply@service.example\nSubject: x\n", "robot sender" },
	{ "From: noreply@service.example\nSubject: x\n", "robot sender" },
	{ "From: a@b.example\nX-Loop: altconnect@univ.example\nSubject: x\n", "X-Loop" },
	{ "From: a@b.example\nX-Loop: other@list.example\nSubject: x\n", NULL },
	{ "From: a@b.example\nSubject: Absence du bureau\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: =?UTF-8?Q?R=C3=A9ponse_automatique_:_offre?=\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: Out of Office: offer\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: Automatic reply: offer\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: RE: Automatic reply: offer\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: Undeliverable: offer\n", "delivery failure subject" },
	{ "From: a@b.example\nSubject: Re: absences des étudiants\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: Question sur l'offre\n", NULL },
	/* a local part that is only a prefix of a robot name is a person */
	{ "From: no@b.example\nSubject: x\n", NULL },
	{ "From: post@b.example\nSubject: x\n", NULL },
	{ "From: Bounce Dupont <bouncer@b.example>\nSubject: x\n", NULL },
	{ "From: mailer-daemonx@b.example\nSubject: x\n", NULL },
	{ "From: NoReply@service.example\nSubject: x\n", "robot sender" },
	{ "From: ne-pas-repondre@univ.example\nSubject: x\n", "robot sender" },
	{ "From: bounces@list.example\nSubject: x\n", "robot sender" },
	{ "From: a@b.example\nAuto-Submitted: No\nSubject: x\n", NULL },
	{ "From: a@b.example\nX-Vacation: yes\nSubject: x\n", "X-Vacation" },
	{ "From: a@b.example\nX-Failed-Recipients: c@d.example\nSubject: x\n", "X-Failed-Recipients" },
	{ "From: a@b.example\nPrecedence: BULK\nSubject: x\n", "Precedence" },
	{ "From: a@b.example\nPrecedence: low\nSubject: x\n", NULL },
	{ "From: a@b.example\nPrecedence: jurisdiction\nSubject: x\n", NULL },
	{ "From: a@b.example\nReturn-Path: <a@b.example>\nSubject: x\n", NULL },
	{ "From: a@b.example\nX-Loop: ALTCONNECT@UNIV.EXAMPLE\nSubject: x\n", "X-Loop" },
	{ "From: a@b.example\nX-Loop: other@list.example\nX-Loop: altconnect@univ.example\nSubject: x\n", "X-Loop" },
	{ "From: a@b.example\nX-Loop: altconnect@other.example\nSubject: x\n", NULL },
	{ "From: a@b.example\nSubject: TR: Fwd: Re : Absent jusqu'au 3\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: Je suis absente\n", "out-of-office subject" },
	{ "From: a@b.example\nSubject: Mail delivery failed: returning message\n", "delivery failure subject" },
	{ "From: a@b.example\nSubject: Ma candidature (absence de CV)\n", NULL },
	{ "From: a@b.example\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=q\nSubject: x\n\n--q\nContent-Type: text/plain\n\nx\n--q--\n", "multipart/report" },
};

static void
test_cases(void **state)
{
	struct mime_limits lim = { 100000, 8, 0, 0, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *mail = xasprintf("%s%s", cases[i].headers, strchr(cases[i].headers, '\n') &&
		    strstr(cases[i].headers, "\n\n") ? "" : "\nbody\n");
		struct mime_msg m;
		char *err = NULL;
		const char *r;

		assert_int_equal(mime_parse(mail, strlen(mail), &lim, &m, &err), 0);
		r = robot_check(&m, "univ.example");
		if (cases[i].reason == NULL) {
			if (r != NULL)
				fail_msg("case %zu: unexpected '%s'", i, r);
		} else {
			if (r == NULL)
				fail_msg("case %zu: not seen as automatic", i);
			assert_string_equal(r, cases[i].reason);
		}
		mime_msg_release(&m);
		free(mail);
	}
}

/* what looks like a bounce, to be read as one rather than as a person's reply */
static void
test_bounce_like(void **state)
{
	static const struct {
		const char *headers;
		int bounce;
	} t[] = {
		{ "From: MAILER-DAEMON@mx.example\nSubject: x\n", 1 },
		{ "From: a@b.example\nReturn-Path: <>\nSubject: x\n", 1 },
		{ "From: a@b.example\nReturn-Path: <a@b.example>\nSubject: x\n", 0 },
		{ "From: a@b.example\nSubject: Undelivered Mail Returned to Sender\n", 1 },
		{ "From: a@b.example\nSubject: Re: offre\n", 0 },
		{ "From: a@b.example\nMIME-Version: 1.0\nContent-Type: multipart/report;"
		  " report-type=delivery-status; boundary=q\nSubject: x\n\n--q\nContent-Type:"
		  " text/plain\n\nx\n--q--\n", 1 },
	};
	struct mime_limits lim = { 100000, 8, 0, 0, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *mail = xasprintf("%s%s", t[i].headers, strstr(t[i].headers, "\n\n") ? "" :
		    "\nbody\n");
		struct mime_msg m;
		char *err = NULL;

		assert_int_equal(mime_parse(mail, strlen(mail), &lim, &m, &err), 0);
		if (robot_is_bounce_like(&m) != t[i].bounce)
			fail_msg("case %zu: bounce-like is not %d", i, t[i].bounce);
		mime_msg_release(&m);
		free(mail);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_cases),
		cmocka_unit_test(test_bounce_like) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
