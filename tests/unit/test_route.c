/*
 * test_route.c - routing by recipient (envelope first, then the headers in
 * order) and token discovery (plus address, echoed Message-ID, subject tag,
 * body), case-insensitive and tolerant of rewritten display names.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>

#include "mime.h"
#include "route.h"
#include "util.h"

#define TOK "abcdefghijklmnopqrstuvwxyz234567"
#define TOKU "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

static const struct {
	const char *envelope;
	const char *mail;
	const char *route;
	const char *token;		/* "" none */
	const char *source;
	const char *tag;
} cases[] = {
	{ NULL, "From: a@b.example\nTo: reply+" TOK "@univ.example\nSubject: x\n\nVALIDER\n",
	  "reply", TOK, "address", TOK },
	{ NULL, "From: a@b.example\nTo: \"reply+zzz@univ.example\" <Reply+" TOKU "@Univ.Example>\nSubject: x\n\nok\n",
	  "reply", TOK, "address", TOK },
	{ "reply+" TOK "@univ.example", "From: a@b.example\nTo: someone@else.example\nSubject: x\n\nok\n",
	  "reply", TOK, "address", TOK },
	{ "nobody@univ.example", "From: a@b.example\nTo: offres@univ.example\nSubject: x\n\nok\n",
	  "none", "", NULL, "" },
	{ "alias@other.example", "From: a@b.example\nTo: offres@univ.example\nSubject: x\n\nok\n",
	  "offres", "", NULL, "" },
	{ NULL, "From: a@b.example\nDelivered-To: documents@univ.example\nTo: list@x.example\nSubject: x\n\nok\n",
	  "documents", "", NULL, "" },
	{ NULL, "From: a@b.example\nX-Original-To: inscription@univ.example\nTo: x@y.example\nSubject: x\n\nok\n",
	  "inscription", "", NULL, "" },
	{ NULL, "From: a@b.example\nTo: x@y.example\nCc: Offres <OFFRES@univ.example>\nSubject: x\n\nok\n",
	  "offres", "", NULL, "" },
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nIn-Reply-To: <" TOK ".offer@univ.example>\nSubject: x\n\nok\n",
	  "reply", TOK, "references", "" },
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nReferences: <a@b> <" TOKU ".app@univ.example>\nSubject: x\n\nok\n",
	  "reply", TOK, "references", "" },
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nSubject: Re: [AC-" TOK "] Offre\n\nok\n",
	  "reply", TOK, "subject", "" },
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nSubject: Re: offre\n\nVALIDER\n\n> De : altconnect <reply+" TOK "@univ.example>\n",
	  "reply", TOK, "body", "" },
	{ NULL, "From: a@b.example\nTo: msg+" TOK "@univ.example\nSubject: x\n\nBonjour\n",
	  "msg", TOK, "address", TOK },
	{ NULL, "From: MAILER-DAEMON@x.example\nTo: bounces+1234@univ.example\nSubject: x\n\nfail\n",
	  "bounces", "", NULL, "1234" },
	{ NULL, "From: a@b.example\nTo: reply+short@univ.example\nSubject: x\n\nok\n",
	  "reply", "", NULL, "short" },
	{ NULL, "From: a@b.example\nTo: postmaster@univ.example\nSubject: x\n\nok\n",
	  "none", "", NULL, "" },
	{ NULL, "From: a@b.example\nTo: offres@other.example\nSubject: x\n\nok\n",
	  "none", "", NULL, "" },
	/* a local part that is only the start of ours is not ours */
	{ NULL, "From: a@b.example\nTo: re@univ.example\nSubject: x\n\nok\n",
	  "none", "", NULL, "" },
	{ NULL, "From: a@b.example\nTo: offre@univ.example\nSubject: x\n\nok\n",
	  "none", "", NULL, "" },
	/* the plus tag is read in lower case */
	{ NULL, "From: a@b.example\nTo: Bounces+AbC9@univ.example\nSubject: x\n\nfail\n",
	  "bounces", "", NULL, "abc9" },
	/* a token glued to more letters or digits is no token */
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nSubject: Re: offre\n\nVALIDER\n> reply+" TOK "a@univ.example\n",
	  "reply", "", NULL, "" },
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nSubject: Re: [AC-" TOK "9] offre\n\nok\n",
	  "reply", "", NULL, "" },
	/* our Message-IDs only: another domain's is not a key */
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nIn-Reply-To: <" TOK ".offer@univ.example.evil>\nSubject: x\n\nok\n",
	  "reply", "", NULL, "" },
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nIn-Reply-To: <" TOK ".offer@other.example>\nSubject: x\n\nok\n",
	  "reply", "", NULL, "" },
	/* a reply to all: the key is in the plus address among the other recipients */
	{ NULL, "From: a@b.example\nTo: reply@univ.example\nCc: Altconnect <reply+" TOKU "@univ.example>\n"
	  "Subject: x\n\nok\n",
	  "reply", TOK, "address", "" },
	{ NULL, "From: a@b.example\nTo: reply+short@univ.example, reply+" TOK "@univ.example\nSubject: x\n\nok\n",
	  "reply", TOK, "address", "short" },
	/* the envelope of another domain does not route (an alias): the headers do */
	{ "reply+" TOK "@other.example", "From: a@b.example\nTo: offres@univ.example\nSubject: x\n\nok\n",
	  "offres", "", NULL, "" },
};

static void
test_cases(void **state)
{
	struct mime_limits lim = { 100000, 8, 0, 0, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct mime_msg m;
		struct route r;
		char *err = NULL;

		assert_int_equal(mime_parse(cases[i].mail, strlen(cases[i].mail), &lim, &m, &err), 0);
		route_find(&m, cases[i].envelope, "univ.example", &r);
		if (strcmp(route_name(r.kind), cases[i].route) != 0)
			fail_msg("case %zu: route %s, expected %s", i, route_name(r.kind), cases[i].route);
		assert_string_equal(r.token, cases[i].token);
		if (cases[i].source)
			assert_string_equal(r.token_source, cases[i].source);
		else
			assert_null(r.token_source);
		assert_string_equal(r.tag, cases[i].tag);
		mime_msg_release(&m);
	}
}

/* an address of our domain that is none of ours is named in the refusal */
static void
test_unknown(void **state)
{
	static const struct { const char *mail, *unknown; } t[] = {
		{ "From: a@b.example\nTo: Nobody <nobody@univ.example>\nSubject: x\n\nok\n",
		  "nobody@univ.example" },
		{ "From: a@b.example\nTo: x@other.example, nobody@Univ.Example\nSubject: x\n\nok\n",
		  "nobody@univ.example" },
		{ "From: a@b.example\nTo: x@other.example\nSubject: x\n\nok\n", "" },
		{ "From: a@b.example\nTo: nobody@univ.example.org\nSubject: x\n\nok\n", "" },
	};
	struct mime_limits lim = { 100000, 8, 0, 0, 0 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct mime_msg m;
		struct route r;
		char *err = NULL;

		assert_int_equal(mime_parse(t[i].mail, strlen(t[i].mail), &lim, &m, &err), 0);
		route_find(&m, NULL, "univ.example", &r);
		assert_string_equal(route_name(r.kind), "none");
		if (strcmp(r.unknown, t[i].unknown) != 0)
			fail_msg("case %zu: unknown '%s', expected '%s'", i, r.unknown, t[i].unknown);
		mime_msg_release(&m);
	}
	/* the envelope of our domain is authoritative: its address is the one named */
	{
		static const char mail[] = "From: a@b.example\nTo: offres@univ.example\nSubject: x\n\nok\n";
		struct mime_msg m;
		struct route r;
		char *err = NULL;

		assert_int_equal(mime_parse(mail, strlen(mail), &lim, &m, &err), 0);
		route_find(&m, "stages@univ.example", "univ.example", &r);
		assert_string_equal(route_name(r.kind), "none");
		assert_string_equal(r.unknown, "stages@univ.example");
		mime_msg_release(&m);
	}
}

/* the platform's own addresses: a local part of the table, whole, at the domain */
static void
test_platform(void **state)
{
	static const struct { const char *addr; int platform; } t[] = {
		{ "offres@univ.example", 1 },
		{ "offres+abc@univ.example", 1 },
		{ "inscription@univ.example", 1 },
		{ "off@univ.example", 0 },		/* the start of a local part only */
		{ "inscript+x@univ.example", 0 },
		{ "offresx@univ.example", 0 },
		{ "offres@other.example", 0 },
		{ "nobody@univ.example", 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (route_is_platform(t[i].addr, "univ.example") != t[i].platform)
			fail_msg("case %zu: %s is %sa platform address", i, t[i].addr,
			    t[i].platform ? "" : "not ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unknown), cmocka_unit_test(test_cases),
		cmocka_unit_test(test_platform) };

	return cmocka_run_group_tests(tests, NULL, NULL);
}
