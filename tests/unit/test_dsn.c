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
	/* several recipients: a failed block after a delayed one is the one reported */
	{ REPORT_HEAD "Final-Recipient: rfc822; slow@etu.example\nAction: delayed\nStatus: 4.4.1\n\n"
	  "Final-Recipient: rfc822; gone@etu.example\nAction: failed\nStatus: 5.1.1\n\n" RETURNED,
	  1, "gone@etu.example", "5.1.1", "failed", 1, "outbox-9@univ.example" },
	/* the same with more blank lines between the blocks, as some MTAs write them */
	{ REPORT_HEAD "Final-Recipient: rfc822; slow@etu.example\nAction: delayed\nStatus: 4.4.1\n\n\n\n"
	  "Final-Recipient: rfc822; gone@etu.example\nAction: failed\nStatus: 5.1.1\n\n" RETURNED,
	  1, "gone@etu.example", "5.1.1", "failed", 1, "outbox-9@univ.example" },
	/* two failed blocks: the first one wins */
	{ REPORT_HEAD "Final-Recipient: rfc822; first@etu.example\nAction: failed\nStatus: 5.1.1\n\n"
	  "Final-Recipient: rfc822; second@etu.example\nAction: failed\nStatus: 5.2.2\n\n--B--\n",
	  1, "first@etu.example", "5.1.1", "failed", 1, "" },
	/* a block without Action counts, below a delayed one */
	{ REPORT_HEAD "Original-Recipient: rfc822; o@etu.example\nStatus: 4.2.2\n\n--B--\n",
	  1, "o@etu.example", "4.2.2", "delayed", 0, "" },
	/* 5.1.7 and 5.1.8 are about the sender's address: soft */
	{ REPORT_HEAD "Final-Recipient: rfc822; s7@etu.example\nAction: failed\nStatus: 5.1.7\n\n--B--\n",
	  1, "s7@etu.example", "5.1.7", "failed", 0, "" },
	{ REPORT_HEAD "Final-Recipient: rfc822; s8@etu.example\nAction: failed\nStatus: 5.1.8\n\n--B--\n",
	  1, "s8@etu.example", "5.1.8", "failed", 0, "" },
	/* 5.1.2 (no such domain) and 5.4.4 (no route) are hard */
	{ REPORT_HEAD "Final-Recipient: rfc822; d2@nowhere.example\nAction: failed\nStatus: 5.1.2\n\n--B--\n",
	  1, "d2@nowhere.example", "5.1.2", "failed", 1, "" },
	{ REPORT_HEAD "Final-Recipient: rfc822; r@noroute.example\nAction: failed\nStatus: 5.4.4\n\n--B--\n",
	  1, "r@noroute.example", "5.4.4", "failed", 1, "" },
	/* a 5.7.1 saying both "user unknown" and "blocked" stays soft */
	{ REPORT_HEAD "Final-Recipient: rfc822; u@etu.example\nAction: failed\nStatus: 5.7.1\n"
	  "Diagnostic-Code: smtp; 550 5.7.1 user unknown or sender blocked\n\n--B--\n",
	  1, "u@etu.example", "5.7.1", "failed", 0, "" },
	/* a 5.7.1 whose text only says the user is unknown is hard */
	{ REPORT_HEAD "Final-Recipient: rfc822; v@etu.example\nAction: failed\nStatus: 5.7.1\n"
	  "Diagnostic-Code: smtp; 550 5.7.1 user unknown\n\n--B--\n",
	  1, "v@etu.example", "5.7.1", "failed", 1, "" },
	/* a temporary failure is never hard, whatever its text */
	{ REPORT_HEAD "Final-Recipient: rfc822; w@etu.example\nAction: delayed\nStatus: 4.1.1\n"
	  "Diagnostic-Code: smtp; 450 4.1.1 user unknown\n\n--B--\n",
	  1, "w@etu.example", "4.1.1", "delayed", 0, "" },
	/* CRLF report */
	{ "From: MAILER-DAEMON@mx.example\r\nTo: bounces+12@univ.example\r\nSubject: failure\r\n"
	  "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
	  "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
	  "Final-Recipient: rfc822; ok@etu.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\n"
	  "Final-Recipient: rfc822; crlf@etu.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--B--\r\n",
	  1, "crlf@etu.example", "5.1.1", "failed", 1, "" },
	/* no enhanced code in the text: a phrase gives it */
	{ "From: MAILER-DAEMON@mx.example\nTo: bounces+6@univ.example\nSubject: failure notice\n\n"
	  "Your message to <k@etu.example> could not be delivered: utilisateur inconnu\n",
	  1, "k@etu.example", "5.1.1", "failed", 1, "" },
	/* a failure notice by its subject from an ordinary sender: no status, the first
	 * address that is not the sender's */
	{ "From: admin@corp.example\nTo: bounces+8@univ.example\nSubject: Undeliverable: offre\n\n"
	  "This is the mail system of corp.example.\nadmin@corp.example could not hand your message to y@corp.example.\n",
	  1, "y@corp.example", "5.0.0", "failed", 0, "" },
	/* the same text without a failure subject is no bounce */
	{ "From: admin@corp.example\nTo: bounces+9@univ.example\nSubject: offre\n\n"
	  "This is the mail system of corp.example.\nadmin@corp.example could not hand your message to y@corp.example.\n",
	  0, NULL, NULL, NULL, 0, NULL },
	/* the Status field wins over a code in the diagnostic */
	{ REPORT_HEAD "Final-Recipient: rfc822; z@etu.example\nAction: failed\nStatus: 5.2.2\n"
	  "Diagnostic-Code: smtp; 552 5.2.3 message too big\n\n--B--\n",
	  1, "z@etu.example", "5.2.2", "failed", 0, "" },
	/* fields without a space after the colon */
	{ REPORT_HEAD "Final-Recipient:rfc822;ns@etu.example\nAction:failed\nStatus:5.1.1\n\n--B--\n",
	  1, "ns@etu.example", "5.1.1", "failed", 1, "" },
	/* a folded Diagnostic-Code: its continuation makes a generic 5.0.0 precise
	 * (a disabled mailbox may come back: soft) */
	{ REPORT_HEAD "Final-Recipient: rfc822; fold@etu.example\nAction: failed\nStatus: 5.0.0\n"
	  "Diagnostic-Code: smtp; 550 Requested action not taken:\n 5.2.1 mailbox disabled\n\n--B--\n",
	  1, "fold@etu.example", "5.2.1", "failed", 0, "" },
	/* a generic 5.0.0 made precise by a code at the very start of the human part */
	{ "From: MAILER-DAEMON@mx.example\nTo: bounces+12@univ.example\nSubject: failure\n"
	  "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
	  "--B\nContent-Type: text/plain\n\n5.2.1 The mailbox is disabled.\n\n"
	  "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
	  "Final-Recipient: rfc822; t@etu.example\nAction: failed\nStatus: 5.0.0\n\n--B--\n",
	  1, "t@etu.example", "5.2.1", "failed", 0, "" },
	/* the failed recipient's diagnostic speaks first: the sender was refused, whatever
	 * the human part says about the address */
	{ "From: MAILER-DAEMON@mx.example\nTo: bounces+12@univ.example\nSubject: failure\n"
	  "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
	  "--B\nContent-Type: text/plain\n\nThe recipient address does not exist.\n\n"
	  "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
	  "Final-Recipient: rfc822; snd@etu.example\nAction: failed\nStatus: 5.0.0\n"
	  "Diagnostic-Code: smtp; 550 Sender address rejected: not owned by user\n\n--B--\n",
	  1, "snd@etu.example", "5.0.0", "failed", 0, "" },
	/* a feedback report is not a bounce */
	{ "From: fbl@isp.example\nTo: bounces+7@univ.example\nSubject: abuse\nMIME-Version: 1.0\n"
	  "Content-Type: multipart/report; report-type=feedback-report; boundary=F\n\n"
	  "--F\nContent-Type: text/plain\n\n550 5.1.1 user unknown <z@etu.example>\n--F--\n",
	  0, NULL, NULL, NULL, 0, NULL },
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
	/* "user unknown" after DATA is a content filter: the address lives */
	{ "5.0.0", "550 5.0.0 <a@etu.example>: User unknown (in reply to end of DATA command)",
	  "filtered", 0 },
};

static void
test_reasons(void **state)
{
	struct mime_limits lim = { 100000, 8, 0, 0, 0 };

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
	struct mime_limits lim = { 100000, 8, 0, 0, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mime_msg m;
		struct dsn_result r;
		char *err = NULL;

		assert_int_equal(mime_parse(cases[i].mail, strlen(cases[i].mail), &lim, &m, &err), 0);
		if (dsn_parse(&m, &r) != cases[i].bounce)
			fail_msg("case %zu: bounce %d expected", i, cases[i].bounce);
		if (cases[i].bounce && (strcmp(r.recipient, cases[i].rcpt) != 0 ||
		    strcmp(r.status, cases[i].status) != 0 || strcmp(r.action, cases[i].action) != 0 ||
		    r.hard != cases[i].hard || strcmp(r.original_id, cases[i].orig) != 0))
			fail_msg("case %zu: got '%s' %s %s hard=%d '%s'", i, r.recipient, r.status,
			    r.action, r.hard, r.original_id);
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
