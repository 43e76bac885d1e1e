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

/* the reason read from the diagnostic, and the verdict it gives */
static const struct {
	const char *status, *diag;
	const char *reason;
	int hard;
} reasons[] = {
	{ "5.1.1", "550 5.1.1 The email account that you tried to reach does not exist.", "user_unknown", 1 },
	{ "5.1.1", "552 5.1.1 Boite du destinataire pleine. Recipient mailbox full. OFR_417", "mailbox_full", 0 },
	{ "5.2.1", "550 5.2.1 The email account that you tried to reach is disabled.", "suspended", 0 },
	{ "5.7.1", "554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org", "blocked", 0 },
	{ "5.7.26", "550 5.7.26 Unauthenticated email is not accepted due to domain's DMARC policy", "policy", 0 },
	{ "5.1.8", "553 5.1.8 Domain of sender address x@y.example does not exist", "sender", 0 },
	{ "5.1.7", "550 5.1.7 No such domain", "sender", 0 },
	{ "5.0.0", "554 delivery error: dd This user doesn't have a yahoo.com account", "user_unknown", 1 },
	{ "5.1.2", "Host or domain name not found. Name service error for name=x.example", "host_unknown", 1 },
	{ "5.2.2", "552 5.2.2 <a@b.example>: Recipient address rejected: Mailbox full", "mailbox_full", 0 },
	{ "5.4.1", "550 5.4.1 Recipient address rejected: Access denied", "user_unknown", 1 },
	{ "5.3.4", "552 5.3.4 Message size exceeds fixed maximum message size", "too_large", 0 },
	{ "5.1.1", "", "user_unknown", 1 },	/* the status alone */
	{ "5.5.0", "", "other", 0 },
	{ "4.2.2", "452 4.2.2 user unknown", "delayed", 0 },
};

static void
test_reasons(void **state)
{
	struct mime_limits lim = { 100000, 8, 0, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++) {
		struct mime_msg m;
		struct dsn_result r;
		char *err = NULL;
		char *mail = xasprintf(REPORT_HEAD "Final-Recipient: rfc822; a@etu.example\nAction: %s\n"
		    "Status: %s\n%s%s%s\n--B--\n", reasons[i].status[0] == '4' ? "delayed" : "failed",
		    reasons[i].status, *reasons[i].diag ? "Diagnostic-Code: smtp; " : "", reasons[i].diag,
		    *reasons[i].diag ? "\n" : "");

		assert_int_equal(mime_parse(mail, strlen(mail), &lim, &m, &err), 0);
		assert_int_equal(dsn_parse(&m, &r), 1);
		if (strcmp(r.reason, reasons[i].reason) != 0 || r.hard != reasons[i].hard)
			fail_msg("case %zu: %s, hard %d", i, r.reason, r.hard);
		mime_msg_release(&m);
		free(mail);
	}
}

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
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
