/*
 * test_dsn.c - bounce reading: RFC 3464 reports (failed, delayed, several
 * recipients, success), and non-standard bounces read from their text.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "dsn.h"
#include "mime.h"
#include "util.h"

#define REPORT_HEAD "From: MAILER-DAEMON@mx.example\nTo: bounces+12@univ.example\n" \
	"Subject: failure\nMIME-Version: 1.0\n" \
	"Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n" \
	"--B\nContent-Type: text/plain\n\nIt failed.\n\n--B\nContent-Type: message/delivery-status\n\n" \
	"Reporting-MTA: dns; mx.example\n\n"
#define RETURNED "--B\nContent-Type: text/rfc822-headers\n\nFrom: x@univ.example\n" \
	"Message-ID: <outbox-9@univ.example>\n\n--B--\n"

static const struct {
	const char *mail;
	int bounce;
	const char *rcpt, *status, *action;
	int hard;
	const char *orig;
} cases[] = {
	{ REPORT_HEAD "Final-Recipient: rfc822; a@etu.example\nAction: failed\nStatus: 5.1.1\n\n" RETURNED,
	  1, "a@etu.example", "5.1.1", "failed", 1, "outbox-9@univ.example" },
	{ REPORT_HEAD "Final-Recipient: rfc822;B@Etu.Example\nAction: delayed\nStatus: 4.4.1\n\n" RETURNED,
	  1, "b@etu.example", "4.4.1", "delayed", 0, "outbox-9@univ.example" },
	{ REPORT_HEAD "Final-Recipient: rfc822; ok@etu.example\nAction: delivered\nStatus: 2.0.0\n\n" RETURNED,
	  0, NULL, NULL, NULL, 0, NULL },
	{ REPORT_HEAD "Final-Recipient: rfc822; ok@etu.example\nAction: delivered\nStatus: 2.0.0\n\n"
	  "Final-Recipient: rfc822; bad@etu.example\nAction: failed\nStatus: 5.2.2\n"
	  "Diagnostic-Code: smtp; 552 mailbox full\n\n" RETURNED,
	  1, "bad@etu.example", "5.2.2", "failed", 0, "outbox-9@univ.example" },	/* full: alive */
	{ REPORT_HEAD "Final-Recipient: rfc822; c@etu.example\nAction: failed\n"
	  "Diagnostic-Code: smtp; 550 5.7.1 rejected by policy\n\n--B--\n",
	  1, "c@etu.example", "5.7.1", "failed", 0, "" },	/* policy: the address exists */
	/* qmail style, no report */
	{ "From: MAILER-DAEMON@mx.example\nTo: bounces+3@univ.example\nSubject: failure notice\n\n"
	  "Hi. This is the qmail-send program at mx.example.\nI'm afraid I wasn't able to deliver "
	  "your message to the following addresses.\n\n<d@etu.example>:\n"
	  "Sorry, no mailbox here by that name. (#5.1.1)\n",
	  1, "d@etu.example", "5.1.1", "failed", 1, "" },
	/* Exchange style with an SMTP code only */
	{ "From: postmaster@corp.example\nTo: bounces+4@univ.example\nSubject: Undeliverable: offre\n\n"
	  "Delivery has failed to these recipients or groups:\n\ne@corp.example\n"
	  "The mailbox is full. Remote server returned '452 too many'\n",
	  1, "e@corp.example", "4.0.0", "delayed", 0, "" },
	{ "From: a@b.example\nTo: offres@univ.example\nSubject: hello\n\nno failure here\n",
	  0, NULL, NULL, NULL, 0, NULL },
	/* an RFC 3834 auto-reply has an empty Return-Path too: not a bounce */
	{ "Return-Path: <>\nFrom: <kim@corp.example>\nTo: bounces+5@univ.example\n"
	  "Auto-Submitted: auto-replied\nSubject: away\n\nI am away, write to lee@corp.example\n",
	  0, NULL, NULL, NULL, 0, NULL },
	/* a generic 5.0.0 report made precise by its diagnostic */
	{ REPORT_HEAD "Final-Recipient: rfc822; f@etu.example\nAction: failed\nStatus: 5.0.0\n"
	  "Diagnostic-Code: smtp; 550 5.7.1 access denied\n\n--B--\n",
	  1, "f@etu.example", "5.7.1", "failed", 0, "" },
	/* a generic 5.0.0 whose diagnostic says the user does not exist: hard */
	{ REPORT_HEAD "Final-Recipient: rfc822; g@etu.example\nAction: failed\nStatus: 5.0.0\n"
	  "Diagnostic-Code: smtp; 550 Requested action not taken: mailbox unavailable, user unknown\n\n--B--\n",
	  1, "g@etu.example", "5.0.0", "failed", 1, "" },
	/* 5.1.1 but the text says the mailbox is full: alive */
	{ REPORT_HEAD "Final-Recipient: rfc822; h@etu.example\nAction: failed\nStatus: 5.1.1\n"
	  "Diagnostic-Code: smtp; 550 5.1.1 mailbox full\n\n--B--\n",
	  1, "h@etu.example", "5.1.1", "failed", 0, "" },
};

static void
test_cases(void **state)
{
	struct mime_limits lim = { 100000, 8, 0, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mime_msg m;
		struct dsn_result r;
		char *err = NULL;

		assert_int_equal(mime_parse(cases[i].mail, strlen(cases[i].mail), &lim, &m, &err), 0);
		if (dsn_parse(&m, &r) != cases[i].bounce)
			fail_msg("case %zu: bounce %d expected", i, cases[i].bounce);
		if (cases[i].bounce) {
			assert_string_equal(r.recipient, cases[i].rcpt);
			assert_string_equal(r.status, cases[i].status);
			assert_string_equal(r.action, cases[i].action);
			assert_int_equal(r.hard, cases[i].hard);
			assert_string_equal(r.original_id, cases[i].orig);
		}
		mime_msg_release(&m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = { cmocka_unit_test(test_cases) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
