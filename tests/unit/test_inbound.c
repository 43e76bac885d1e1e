/*
 * test_inbound.c - the INPUT_MAIL handler against a real database: AIDE,
 * STOP, token states, wrong sender (the owner is told), automatic mail,
 * dispatch to a registered action, "not understood"/"not allowed", the
 * error budget, refused attachments, single-use tokens and bounce scoring.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include "altc.h"
#include "bounce.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "inbound.h"
#include "mail_action.h"
#include "test_fault.h"
#include "token.h"
#include "util.h"

static struct altc ctx;
static char dbpath[64];
static int64_t rp_id, student_id;
static int calls;
static char last_verb[32], last_args[128];

static enum input_result
test_action(struct altc *c, const struct mail_request *req, char **reason_r)
{
	(void)c;
	calls++;
	(void)xstrlcpy(last_verb, req->verb ? req->verb : "", sizeof(last_verb));
	(void)xstrlcpy(last_args, req->args, sizeof(last_args));
	if (req->args && strcmp(req->args, "fail") == 0) {
		*reason_r = xstrdup("the offer is already decided");
		return INPUT_REJECTED;
	}
	return INPUT_DONE;
}

static const char *const test_verbs[] = { "VALIDER", "REJETER", NULL };
static const struct mail_action action = { "test.offer", test_verbs, test_action, NULL, 0 };
/* an action at a fixed address, which takes a mail without a command (a form, a file) */
static const char *const fixed_verbs[] = { "MISSION", NULL };
static const struct mail_action fixed = { "missions", fixed_verbs, test_action, NULL, 0 };

static int64_t
scalar(const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(ctx.db->h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* last_outbox - template and vars of the newest outbox row */
static char *
last_outbox(int64_t *user_id_r, char **rcpt_r)
{
	sqlite3_stmt *st;
	char *s = NULL;

	assert_int_equal(sqlite3_prepare_v2(ctx.db->h,
	    "SELECT template || ' ' || vars, user_id, rcpt FROM outbox ORDER BY id DESC LIMIT 1",
	    -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
		if (user_id_r)
			*user_id_r = sqlite3_column_int64(st, 1);
		if (rcpt_r)
			*rcpt_r = xstrdup((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return s;
}

static enum input_result
deliver(const char *mail, const char *rcpt, char **reason_r)
{
	struct input in = { INPUT_MAIL, "cur/x", "x", (const unsigned char *)mail, strlen(mail), rcpt };

	*reason_r = NULL;
	return inbound_apply(&ctx, &in, reason_r);
}

static char *
reply_mail(const char *from, const char *tok, const char *body)
{
	static int n;

	return xasprintf("From: %s\nTo: reply+%s@univ.example\nSubject: Re: offre\n"
	    "Message-ID: <m%d@client.example>\n\n%s\n", from, tok, ++n, body);
}

static void
issue(const char *purpose, int64_t user, int max_uses, int64_t ttl, char tok[TOKEN_BUFSZ])
{
	char *err = NULL;

	assert_int_equal(token_issue(ctx.db, purpose, "offer", 42, user, "", ttl, max_uses, tok, &err), 0);
}

/* run - deliver and check result, outbox growth and, when given, the last row */
static void
run(const char *mail, enum input_result want, int new_rows, const char *outbox_has)
{
	int64_t before = scalar("SELECT count(*) FROM outbox");
	char *reason = NULL;
	enum input_result got = deliver(mail, NULL, &reason);

	if (got != want)
		fail_msg("result %d, expected %d (%s)", got, want, reason ? reason : "");
	assert_int_equal(scalar("SELECT count(*) FROM outbox") - before, new_rows);
	if (outbox_has) {
		char *row = last_outbox(NULL, NULL);

		if (row == NULL || strstr(row, outbox_has) == NULL)
			fail_msg("last outbox row '%s' lacks '%s'", row ? row : "", outbox_has);
		free(row);
	}
	if (want == INPUT_REJECTED)
		assert_non_null(reason);
	free(reason);
}

static void
test_help_and_stop(void **state)
{
	char tok[TOKEN_BUFSZ];
	char *m;

	(void)state;
	issue("test.offer", rp_id, 0, 3600, tok);
	m = reply_mail("Rp.Gea@Univ.Example", tok, "aide");
	run(m, INPUT_DONE, 1, "\"stopped\":false");
	free(m);
	m = reply_mail("rp.gea@univ.example", tok, "STOP\n\nCordialement");
	run(m, INPUT_DONE, 1, "\"stopped\":true");
	free(m);
	assert_int_equal(scalar("SELECT notify_optional FROM users WHERE email = 'rp.gea@univ.example'"), 0);
	/* REPRENDRE turns them on again; COPIE NON / OUI the copy by e-mail */
	m = reply_mail("rp.gea@univ.example", tok, "Reprendre");
	run(m, INPUT_DONE, 1, "\"stopped\":false");
	free(m);
	assert_int_equal(scalar("SELECT notify_optional FROM users WHERE email = 'rp.gea@univ.example'"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM audit WHERE event = 'mail.resume'"), 1);
	m = reply_mail("rp.gea@univ.example", tok, "COPIE NON");
	run(m, INPUT_DONE, 1, NULL);
	free(m);
	assert_int_equal(scalar("SELECT notify_email FROM users WHERE email = 'rp.gea@univ.example'"), 0);
	m = reply_mail("rp.gea@univ.example", tok, "COPIE");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_understood\"");
	free(m);
	m = reply_mail("rp.gea@univ.example", tok, "copie oui");
	run(m, INPUT_DONE, 1, NULL);
	free(m);
	assert_int_equal(scalar("SELECT notify_email FROM users WHERE email = 'rp.gea@univ.example'"), 1);
	assert_int_equal(calls, 0);
}

static void
test_token_states(void **state)
{
	char tok[TOKEN_BUFSZ];
	char *m;

	(void)state;
	m = reply_mail("rp.gea@univ.example", "abcdefghijklmnopqrstuvwxyz234567", "VALIDER");
	run(m, INPUT_REJECTED, 1, "\"code\":\"unknown_token\"");
	free(m);
	issue("test.offer", rp_id, 0, 10, tok);
	setenv("ALTC_NOW", "4000000000", 1);
	m = reply_mail("rp.gea@univ.example", tok, "VALIDER");
	run(m, INPUT_REJECTED, 1, "\"code\":\"expired_token\"");
	free(m);
	unsetenv("ALTC_NOW");
	assert_int_equal(calls, 0);
}

static void
test_wrong_sender(void **state)
{
	char tok[TOKEN_BUFSZ];
	char *m, *row, *rcpt = NULL;
	int64_t uid = 0;

	(void)state;
	issue("test.offer", rp_id, 0, 3600, tok);
	m = reply_mail("colleague@univ.example", tok, "VALIDER 5");
	run(m, INPUT_REJECTED, 2, NULL);
	/* the sender learns to answer from the right address, without being told which */
	assert_int_equal(scalar("SELECT count(*) FROM outbox WHERE rcpt = 'colleague@univ.example'"
	    " AND vars LIKE '%\"code\":\"wrong_sender\"%' AND vars NOT LIKE '%rp.gea%'"), 1);
	row = last_outbox(&uid, &rcpt);
	assert_int_equal(uid, rp_id);	/* the owner is told who answered */
	assert_non_null(strstr(row, "\"code\":\"foreign_reply\""));
	assert_non_null(strstr(row, "colleague@univ.example"));
	assert_int_equal(calls, 0);
	free(row);
	free(rcpt);
	free(m);
}

/* a key allows only its commands, however the action is written */
static void
test_key_commands(void **state)
{
	char tok[TOKEN_BUFSZ], *err = NULL, *m;
	int before = calls;

	(void)state;
	assert_int_equal(token_issue(ctx.db, "test.offer", "offer", 42, rp_id, "VALIDER", 3600, 0,
	    tok, &err), 0);
	m = reply_mail("rp.gea@univ.example", tok, "REJETER hors sujet");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_allowed\"");
	free(m);
	assert_int_equal(calls, before);
	/* the verbs the error lists are the key's, not every verb of the action */
	{
		char *row = last_outbox(NULL, NULL);

		assert_non_null(strstr(row, "\"allowed\":[{\"verb\":\"VALIDER\"},{\"verb\":\"AIDE\"},"
		    "{\"verb\":\"STOP\"},{\"verb\":\"REPRENDRE\"},{\"verb\":\"COPIE\"}]"));
		free(row);
	}
	m = reply_mail("RP.Gea@Univ.Example", tok, "VALIDER");	/* the owner, in other case */
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(calls, before + 1);
}

/* the verbs of any key, by the kind of its owner (mail_action.h) */
static int any_calls;
static char any_purpose[32];

static enum input_result
any_action(struct altc *c, const struct mail_request *req, char **reason_r)
{
	(void)c;
	(void)reason_r;
	any_calls++;
	(void)xstrlcpy(last_verb, req->verb ? req->verb : "", sizeof(last_verb));
	(void)xstrlcpy(any_purpose, req->token ? req->token->purpose : req->route,
	    sizeof(any_purpose));
	return INPUT_DONE;
}

static const char *const any_student_verbs[] = { "PARRAINAGE", NULL };
static const char *const any_staff_verbs[] = { "REJETER", "REFERENT", NULL };
static const struct mail_action any_student = { MAIL_ANY_STUDENT_KEY, any_student_verbs,
	any_action, NULL, 0 };
static const struct mail_action any_staff = { MAIL_ANY_STAFF_KEY, any_staff_verbs, any_action,
	NULL, 0 };
static const struct mail_action at_address = { "parrainage", any_staff_verbs, any_action, NULL,
	0 };

static void
test_any_key(void **state)
{
	char stok[TOKEN_BUFSZ], rtok[TOKEN_BUFSZ], *err = NULL, *m;
	int before = calls;

	(void)state;
	mail_action_register(&any_student);
	mail_action_register(&any_staff);
	mail_action_register(&at_address);
	command_add_verb("PARRAINAGE", "PARRAINAGE");
	command_add_verb("REFERENT", "REFERENT");
	/* a single-use key of a student: PARRAINAGE reaches the action of any key, unspent */
	assert_int_equal(token_issue(ctx.db, "test.offer", "offer", 42, student_id, "VALIDER", 3600,
	    1, stok, &err), 0);
	m = reply_mail("emilie@etu.example", stok, "Parrainage s'il vous plaît");
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(any_calls, 1);
	assert_string_equal(last_verb, "PARRAINAGE");
	assert_string_equal(any_purpose, "test.offer");
	assert_int_equal(scalar("SELECT uses FROM tokens WHERE purpose = 'test.offer'"
	    " AND user_id = 2"), 0);
	/* AIDE lists it after the key's own verbs, the staff's do not show */
	m = reply_mail("emilie@etu.example", stok, "AIDE");
	run(m, INPUT_DONE, 1, "{\"verb\":\"VALIDER\"},{\"verb\":\"PARRAINAGE\"},{\"verb\":\"AIDE\"}");
	free(m);
	m = reply_mail("emilie@etu.example", stok, "REFERENT x@univ.example Nom Prenom");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_allowed\"");
	free(m);
	/* on a student's key, from someone else: the key's owner check comes first */
	m = reply_mail("rp.gea@univ.example", stok, "PARRAINAGE");
	run(m, INPUT_REJECTED, 2, "\"code\":\"foreign_reply\"");
	free(m);
	assert_int_equal(any_calls, 1);
	/* a staff key limited to VALIDER: REFERENT is taken, REJETER stays the key's (not allowed) */
	assert_int_equal(token_issue(ctx.db, "test.offer", "offer", 42, rp_id, "VALIDER", 3600, 0,
	    rtok, &err), 0);
	m = reply_mail("rp.gea@univ.example", rtok, "REFERENT x@univ.example Nom Prenom");
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(any_calls, 2);
	assert_string_equal(last_verb, "REFERENT");
	m = reply_mail("rp.gea@univ.example", rtok, "REJETER");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_allowed\"");
	free(m);
	assert_int_equal(any_calls, 2);
	assert_int_equal(calls, before);
	/* a staff command at a fixed address needs dmarc=pass when staff keys do */
	assert_int_equal(config_set(ctx.cfg, "security.require_dmarc_for_staff", "yes", &err), 0);
	assert_int_equal(config_set(ctx.cfg, "security.trusted_authserv_id", "mx.univ.example",
	    &err), 0);
	m = xstrdup("From: rp.gea@univ.example\nTo: parrainage@univ.example\nSubject: x\n\n"
	    "REFERENT x@univ.example Nom Prenom\n");
	run(m, INPUT_REJECTED, 1, "\"code\":\"unauthenticated\"");
	free(m);
	m = xstrdup("Authentication-Results: mx.univ.example; dmarc=pass header.from=univ.example\n"
	    "From: rp.gea@univ.example\nTo: parrainage@univ.example\nSubject: x\n\n"
	    "REFERENT x@univ.example Nom Prenom\n");
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(any_calls, 3);
	assert_string_equal(any_purpose, "parrainage");
	assert_int_equal(config_set(ctx.cfg, "security.require_dmarc_for_staff", "no", &err), 0);
	assert_int_equal(config_set(ctx.cfg, "security.trusted_authserv_id", "", &err), 0);
}

static void
test_automatic(void **state)
{
	char tok[TOKEN_BUFSZ];
	char *m;

	(void)state;
	issue("test.offer", rp_id, 0, 3600, tok);
	m = xasprintf("From: rp.gea@univ.example\nTo: reply+%s@univ.example\n"
	    "Auto-Submitted: auto-replied\nSubject: Absence\nMessage-ID: <ooo@x>\n\nVALIDER\n", tok);
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(calls, 0);
	assert_int_equal(scalar("SELECT count(*) FROM audit WHERE event = 'mail.automatic'"), 1);
	free(m);
}

static void
test_dispatch(void **state)
{
	char tok[TOKEN_BUFSZ];
	char *m;

	(void)state;
	issue("test.offer", rp_id, 1, 3600, tok);
	m = reply_mail("rp.gea@univ.example", tok, "bonjour, je ne sais pas");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_understood\"");
	free(m);
	m = reply_mail("rp.gea@univ.example", tok, "ACCEPTER");
	run(m, INPUT_REJECTED, 1, "{\"verb\":\"REJETER\"}");
	free(m);
	m = reply_mail("rp.gea@univ.example", tok, "Rejeter : fail");
	run(m, INPUT_REJECTED, 1, "\"code\":\"invalid\"");
	free(m);
	assert_int_equal(calls, 1);
	m = reply_mail("rp.gea@univ.example", tok, "Validate 4 good\n\nOn Mon, 1 Jan wrote:\n> x");
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(calls, 2);
	assert_string_equal(last_verb, "VALIDER");
	assert_string_equal(last_args, "4 good");
	assert_int_equal(scalar("SELECT count(*) FROM audit WHERE event = 'mail.applied'"
	    " AND detail LIKE 'verb=VALIDER;%'"), 1);
	/* single use: spent now */
	m = reply_mail("rp.gea@univ.example", tok, "VALIDER");
	run(m, INPUT_REJECTED, 1, "\"code\":\"spent_token\"");
	free(m);
	assert_int_equal(calls, 2);
	/* a key of no account (a candidate's, before signing up): heard from its sender */
	issue("test.offer", 0, 1, 3600, tok);
	m = reply_mail("candidate@else.example", tok, "VALIDER 3");
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(calls, 3);
	/* at a fixed address, a mail without a command goes to its action as it is */
	run("From: emilie@etu.example\nTo: missions@univ.example\nSubject: fiche\n"
	    "Message-ID: <fixed1@etu.example>\n\nVoici ma fiche de mission.\n", INPUT_DONE, 0, NULL);
	assert_int_equal(calls, 4);
	assert_string_equal(last_verb, "");
	/* a verb it does not take is refused there */
	run("From: emilie@etu.example\nTo: missions@univ.example\nSubject: fiche\n"
	    "Message-ID: <fixed2@etu.example>\n\nVALIDER\n", INPUT_REJECTED, 1,
	    "\"code\":\"not_allowed\"");
	assert_int_equal(calls, 4);
}

static void
test_budget(void **state)
{
	char *m;
	int i;

	(void)state;
	for (i = 0; i < 10; i++) {
		m = xasprintf("From: stranger@else.example\nTo: documents@univ.example\nSubject: cv %d\n"
		    "Message-ID: <b%d@else.example>\n\nmon cv\n", i, i);
		run(m, INPUT_REJECTED, 1, "\"code\":\"unknown_sender\"");
		free(m);
	}
	m = xstrdup("From: stranger@else.example\nTo: documents@univ.example\nSubject: x\n\ncv\n");
	run(m, INPUT_REJECTED, 1, "\"code\":\"rate_limited\"");
	run(m, INPUT_REJECTED, 0, NULL);
	free(m);
	/* another sender has a budget of its own; the error about the address lists no verbs */
	m = xstrdup("From: other@else.example\nTo: documents@univ.example\nSubject: x\n\ncv\n");
	run(m, INPUT_REJECTED, 1, "\"allowed\":[]");
	free(m);
	assert_int_equal(scalar("SELECT locale = 'fr' FROM outbox ORDER BY id DESC LIMIT 1"), 1);
	/* a stranger who writes in English is answered in English */
	m = xstrdup("From: third@else.example\nTo: documents@univ.example\nContent-Language: en-GB\n"
	    "Subject: x\n\ncv\n");
	run(m, INPUT_REJECTED, 1, NULL);
	free(m);
	assert_int_equal(scalar("SELECT locale = 'en' FROM outbox ORDER BY id DESC LIMIT 1"), 1);
}

/* the budget of a known user is the user's own */
static void
test_user_budget(void **state)
{
	char tok[TOKEN_BUFSZ], *m;
	int64_t before = scalar("SELECT count(*) FROM outbox WHERE user_id = 2");
	int i;

	(void)state;
	setenv("ALTC_NOW", "1999987200", 1);
	issue("test.offer", student_id, 0, 3 * 86400, tok);
	for (i = 0; i < 12; i++) {
		char *reason = NULL, now[32];

		/* a minute apart, the same day (UTC) */
		xsnprintf(now, sizeof(now), "%d", 1999987200 + 60 * i);
		setenv("ALTC_NOW", now, 1);
		m = reply_mail("emilie@etu.example", tok, "ACCEPTER");	/* not a verb of this mail */
		assert_int_equal(deliver(m, NULL, &reason), INPUT_REJECTED);
		free(reason);
		free(m);
	}
	assert_int_equal(scalar("SELECT count(*) FROM outbox WHERE user_id = 2") - before,
	    11);	/* ten errors and the notice */
	/* the next day, a new budget */
	setenv("ALTC_NOW", "2000073600", 1);
	m = reply_mail("emilie@etu.example", tok, "ACCEPTER");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_allowed\"");
	free(m);
	unsetenv("ALTC_NOW");
	/* another user's errors still come */
	issue("test.offer", rp_id, 0, 3 * 86400, tok);
	m = reply_mail("rp.gea@univ.example", tok, "ACCEPTER");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_allowed\"");
	free(m);
}

static void
test_refused_attachment(void **state)
{
	static const char mail[] =
	    "From: emilie@etu.example\nTo: documents@univ.example\nSubject: cv\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\nCV\n"
	    "--x\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"../../x.pdf\"\n\n"
	    "MZ not a pdf\n--x--\n";
	char *row;

	char tok[TOKEN_BUFSZ], *m;
	int before = calls;

	(void)state;
	run(mail, INPUT_REJECTED, 1, "\"code\":\"attachment_refused\"");
	row = last_outbox(NULL, NULL);
	assert_non_null(strstr(row, "x.pdf"));
	free(row);
	/* a real PDF, and an attachment that does not claim to be one, pass */
	issue("test.offer", rp_id, 0, 3600, tok);
	m = xasprintf("From: rp.gea@univ.example\nTo: reply+%s@univ.example\nSubject: Re: offre\n"
	    "Message-ID: <pdf-ok@client.example>\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\nVALIDER\n"
	    "--x\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"grille.pdf\"\n\n"
	    "%%PDF-1.4\n1 0 obj << >> endobj\n%%%%EOF\n"
	    "--x\nContent-Type: image/png\nContent-Disposition: attachment; filename=\"logo.png\"\n\n"
	    "PNG data\n--x--\n", tok);
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(calls, before + 1);
}

static void
test_unknown_address(void **state)
{
	(void)state;
	run("From: a@b.example\nTo: nobody@univ.example\nSubject: x\n\nhello\n", INPUT_REJECTED, 0, NULL);
}

/* what the pipeline refuses or takes silently before any action: the reason, and no reply */
static void
test_pipeline_refusals(void **state)
{
	static const struct {
		const char *mail, *reason;
		enum input_result want;
		int replies;
	} t[] = {
		{ "From: a@b.example\nTo: someone@else.example\nSubject: x\n\nVALIDER\n",
		  "no platform address of univ.example among the recipients", INPUT_REJECTED, 0 },
		{ "To: offres@univ.example\nSubject: x\n\nVALIDER\n", "no sender address",
		  INPUT_REJECTED, 0 },
		{ "\x01\x02\x03 not a mail at all", "not a mail", INPUT_REJECTED, 0 },
		/* our own address without our loop marker: a forgery or a loop */
		{ "From: offres@univ.example\nTo: documents@univ.example\nSubject: x\n\ncv\n", NULL,
		  INPUT_DONE, 0 },
		/* a person writing to the bounce address is not answered */
		{ "From: emilie@etu.example\nTo: bounces@univ.example\nSubject: x\n\nbonjour\n", NULL,
		  INPUT_DONE, 0 },
		/* the reply address without its key */
		{ "From: rp.gea@univ.example\nTo: reply@univ.example\nSubject: Re: x\n\nVALIDER\n",
		  "no token in a mail to reply@univ.example", INPUT_REJECTED, 1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int64_t before = scalar("SELECT count(*) FROM outbox");
		char *reason = NULL;
		enum input_result res = deliver(t[i].mail, NULL, &reason);

		if (res != t[i].want)
			fail_msg("case %zu: %d (%s)", i, (int)res, reason ? reason : "");
		if (t[i].reason && (reason == NULL || strstr(reason, t[i].reason) == NULL))
			fail_msg("case %zu: reason '%s'", i, reason ? reason : "");
		if (scalar("SELECT count(*) FROM outbox") - before != t[i].replies)
			fail_msg("case %zu: %lld replies", i,
			    (long long)(scalar("SELECT count(*) FROM outbox") - before));
		free(reason);
	}
	/* larger than limits.message_bytes */
	{
		char *err = NULL, *reason = NULL, *big = xcalloc(1, 70000);

		assert_int_equal(config_set(ctx.cfg, "limits.message_bytes", "65536", &err), 0);
		memset(big, 'a', 69999);
		memcpy(big, "From: a@b.example\nTo: offres@univ.example\n\n", 43);
		assert_int_equal(deliver(big, NULL, &reason), INPUT_REJECTED);
		if (strstr(reason, "larger than limits.message_bytes") == NULL)
			fail_msg("reason: %s", reason);
		free(reason);
		free(big);
		assert_int_equal(config_set(ctx.cfg, "limits.message_bytes", "25000000", &err), 0);
	}
}

/* bounce_mail_to - a delivery report for emilie, sent to the address to */
static char *
bounce_mail_to(const char *to, const char *status)
{
	return xasprintf("From: MAILER-DAEMON@mx.example\nTo: %s\n"
	    "Subject: failure\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
	    "--B\nContent-Type: text/plain\n\nfailed\n--B\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; emilie@etu.example\n"
	    "Action: %s\nStatus: %s\n\n--B--\n", to, status[0] == '5' ? "failed" : "delayed",
	    status);
}

static char *
bounce_mail(int64_t outbox_id, const char *status)
{
	char to[64];

	snprintf(to, sizeof(to), "bounces+%lld@univ.example", (long long)outbox_id);
	return bounce_mail_to(to, status);
}

static void
test_bounces(void **state)
{
	char *m, *err = NULL;
	int64_t ob;

	(void)state;
	assert_int_equal(db_exec(ctx.db, "INSERT INTO outbox (user_id, rcpt, template, next_attempt_at,"
	    " created_at, message_id) VALUES (2, 'emilie@etu.example', 'x', 0, 0, '<o1@univ.example>')",
	    &err), 0);
	ob = sqlite3_last_insert_rowid(ctx.db->h);
	setenv("ALTC_NOW", "1800000000", 1);
	m = bounce_mail(ob, "4.2.2");
	run(m, INPUT_DONE, 0, NULL);
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(scalar("SELECT unreachable FROM users WHERE id = 2"), 0);
	/* eight days later the score has expired */
	setenv("ALTC_NOW", "1800691200", 1);
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(scalar("SELECT unreachable FROM users WHERE id = 2"), 0);
	run(m, INPUT_DONE, 0, NULL);
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(scalar("SELECT unreachable FROM users WHERE id = 2"), 1);
	free(m);
	assert_int_equal(db_exec(ctx.db, "UPDATE users SET unreachable = 0, bounce_score = 0 WHERE id = 2",
	    &err), 0);
	m = bounce_mail(ob, "5.1.1");
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(scalar("SELECT unreachable FROM users WHERE id = 2"), 1);
	free(m);
	/*
	 * a mail forwarded elsewhere bounced there: the DSN names the other
	 * mailbox and no Message-ID; the bounce address alone tells whose it was
	 */
	assert_int_equal(db_exec(ctx.db, "UPDATE users SET unreachable = 0, bounce_score = 0 WHERE id = 2;"
	    "INSERT INTO outbox (id, user_id, rcpt, template, next_attempt_at, created_at, message_id)"
	    " VALUES (1234, 2, 'emilie@etu.example', 'x', 0, 0, '<o2@univ.example>')", &err), 0);
	m = bounce_mail(1234, "5.1.1");
	memcpy(strstr(m, "emilie@etu.example"), "emilie@old.example", 18);
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(scalar("SELECT unreachable FROM users WHERE id = 2"), 1);
	free(m);
	/* no tag on the bounce address: the returned Message-ID tells whose mail it was */
	assert_int_equal(db_exec(ctx.db, "UPDATE users SET unreachable = 0, bounce_score = 0 WHERE id = 2",
	    &err), 0);
	m = xasprintf("From: MAILER-DAEMON@mx.example\nTo: bounces@univ.example\nSubject: failure\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
	    "--B\nContent-Type: text/plain\n\nfailed\n--B\nContent-Type: message/delivery-status\n\n"
	    "Reporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; e.martin@relay.example\n"
	    "Action: failed\nStatus: 5.1.1\n\n--B\nContent-Type: text/rfc822-headers\n\n"
	    "From: altconnect@univ.example\nMessage-ID: <o1@univ.example>\n\n--B--\n");
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(scalar("SELECT unreachable FROM users WHERE id = 2"), 1);
	free(m);
	/* a report that reached another address than the bounce one is read as a bounce too */
	assert_int_equal(db_exec(ctx.db, "UPDATE users SET unreachable = 0, bounce_score = 0 WHERE id = 2",
	    &err), 0);
	m = bounce_mail_to("offres@univ.example", "5.1.1");
	run(m, INPUT_DONE, 0, NULL);
	assert_int_equal(scalar("SELECT unreachable FROM users WHERE id = 2"), 1);
	free(m);
	unsetenv("ALTC_NOW");
}

/* Authentication-Results blocks that must not let a staff command through */
static const char *const spoofs[] = {
	/* the trusted MTA says fail; a forged pass lower down */
	"Authentication-Results: mx.univ.example; dmarc=fail header.from=univ.example\n"
	"Authentication-Results: mx.univ.example; dmarc=pass header.from=univ.example\n",
	"Authentication-Results: mx.univ.example; dmarc=fail header.from=univ.example\n"
	"Received: from x by y\n"
	"Authentication-Results: mx.univ.example; dmarc=pass header.from=univ.example\n",
	/* a foreign header on top: the trusted one below it was not written by our MTA */
	"Authentication-Results: evil.example; dmarc=pass header.from=univ.example\n"
	"Authentication-Results: mx.univ.example; dmarc=pass header.from=univ.example\n",
	/* the text dmarc=pass in a comment or a property value */
	"Authentication-Results: mx.univ.example; dmarc=fail (dmarc=pass) header.from=univ.example\n",
	"Authentication-Results: mx.univ.example (dmarc=pass); spf=pass"
	" smtp.mailfrom=dmarc=pass@univ.example\n",
	"Authentication-Results: mx.univ.example; spf=fail smtp.mailfrom=\"dmarc=pass\"@x.example\n",
	"Authentication-Results: mx.univ.example; none (dmarc=pass)\n",
	/* a pass about another domain */
	"Authentication-Results: mx.univ.example; dmarc=pass header.from=evil.example\n",
	/* a lookalike authserv-id */
	"Authentication-Results: mx.univ.example.evil.example; dmarc=pass header.from=univ.example\n",
	"Authentication-Results: evil-mx.univ.example; dmarc=pass header.from=univ.example\n",
};

static void
test_dmarc_for_staff(void **state)
{
	char tok[TOKEN_BUFSZ], *err = NULL, *m;
	int before = calls;

	(void)state;
	assert_int_equal(config_set(ctx.cfg, "security.require_dmarc_for_staff", "yes", &err), 0);
	assert_int_equal(config_set(ctx.cfg, "security.trusted_authserv_id", "mx.univ.example", &err), 0);
	issue("test.offer", rp_id, 0, 3600, tok);
	m = reply_mail("rp.gea@univ.example", tok, "VALIDER");
	run(m, INPUT_REJECTED, 1, "\"code\":\"unauthenticated\"");
	free(m);
	/* a pass claimed by another server does not count */
	m = xasprintf("Authentication-Results: evil.example; dmarc=pass\n"
	    "From: rp.gea@univ.example\nTo: reply+%s@univ.example\nSubject: x\n\nVALIDER\n", tok);
	run(m, INPUT_REJECTED, 1, "\"code\":\"unauthenticated\"");
	free(m);
	/* spoofs: none of these counts */
	for (size_t i = 0; i < ARRAY_SIZE(spoofs); i++) {
		assert_int_equal(db_exec(ctx.db, "DELETE FROM error_budget", &err), 0);
		m = xasprintf("%sFrom: rp.gea@univ.example\nTo: reply+%s@univ.example\nSubject: x\n\n"
		    "VALIDER\n", spoofs[i], tok);
		run(m, INPUT_REJECTED, 1, "\"code\":\"unauthenticated\"");
		free(m);
	}
	before = calls;
	m = xasprintf("Authentication-Results: mx.univ.example; spf=pass smtp.mailfrom=univ.example;"
	    " dmarc=pass (p=none) header.from=univ.example\n"
	    "Authentication-Results: other.example; dmarc=fail header.from=univ.example\n"
	    "From: rp.gea@univ.example\nTo: reply+%s@univ.example\nSubject: x\n\nVALIDER\n", tok);
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(calls, before + 1);
	assert_int_equal(config_set(ctx.cfg, "security.require_dmarc_for_staff", "no", &err), 0);
}

static int
setup(void **state)
{
	char *err = NULL;
	int fd;

	(void)state;
	(void)xstrlcpy(dbpath, "/tmp/test_inbound.XXXXXX", sizeof(dbpath));
	fd = mkstemp(dbpath);
	close(fd);
	unlink(dbpath);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = config_load(NULL, 0, &err);
	ctx.db = db_open(dbpath, 1, &err);
	if (ctx.cfg == NULL || ctx.db == NULL)
		return -1;
	if (db_exec(ctx.db,
	    "INSERT INTO users (id, email, role, state, created_at, updated_at) VALUES"
	    " (1, 'rp.gea@univ.example', 'rp', 'active', 0, 0),"
	    " (2, 'emilie@etu.example', 'student', 'registered', 0, 0)", &err) < 0)
		return -1;
	rp_id = 1;
	student_id = 2;
	input_set_handler(INPUT_MAIL, inbound_apply);
	mail_action_register(&action);
	mail_action_register(&fixed);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_close(&ctx.db);
	config_free(&ctx.cfg);
	unlink(dbpath);
	return 0;
}

/* bounce_at - one bounce of the student at time t; its unreachable flag */
static int
bounce_at(const char *t, int hard)
{
	char *err = NULL;
	int unreachable = -1;

	setenv("ALTC_NOW", t, 1);
	assert_int_equal(bounce_record(&ctx, student_id, hard, hard ? "5.1.1" : "4.2.2",
	    &unreachable, &err), 0);
	unsetenv("ALTC_NOW");
	return unreachable;
}

/* the bounce score: three soft bounces within a week, or one hard, make an address unreachable */
static void
test_bounce_score(void **state)
{
	char *sql;

	(void)state;
	sql = xasprintf("UPDATE users SET bounce_score = 0, bounce_at = NULL, unreachable = 0"
	    " WHERE id = %lld", (long long)student_id);
	assert_int_equal(db_exec(ctx.db, sql, NULL), 0);
	assert_int_equal(bounce_at("2000000000", 0), 0);
	assert_int_equal(bounce_at("2000086400", 0), 0);
	assert_int_equal(bounce_at("2000172800", 0), 1);	/* the third within the week */
	/* the score expires after the window (7 days): counting starts again */
	assert_int_equal(db_exec(ctx.db, sql, NULL), 0);
	assert_int_equal(bounce_at("2000000000", 0), 0);
	assert_int_equal(bounce_at("2000000000", 0), 0);
	assert_int_equal(bounce_at("2000700000", 0), 0);	/* 8 days later: 1, not 3 */
	assert_int_equal(bounce_at("2000700001", 0), 0);
	assert_int_equal(bounce_at("2000700002", 0), 1);	/* the third within the week */
	/* unreachable stays unreachable on a later soft bounce, even after the window */
	assert_int_equal(bounce_at("2009000000", 0), 1);
	/* one hard bounce is enough */
	assert_int_equal(db_exec(ctx.db, sql, NULL), 0);
	assert_int_equal(bounce_at("2000000000", 1), 1);
	assert_int_equal(db_exec(ctx.db, sql, NULL), 0);
	free(sql);
}

/* STOP from an address that is no user's: refused with a reason, told, audited */
static void
test_stop_unknown(void **state)
{
	const char *m = "From: nobody@example.org\nTo: offres@univ.example\nSubject: stop\n"
	    "Message-ID: <stop1@example.org>\n\nSTOP\n";

	(void)state;
	run(m, INPUT_REJECTED, 1, "unknown_sender");
	assert_int_equal(scalar("SELECT count(*) FROM audit WHERE event = 'mail.rejected'"
	    " AND detail LIKE '%STOP from unknown sender nobody@example.org%'"), 1);
}

/* a bounce for a user who is gone: an error that names the user */
static void
test_bounce_unknown_user(void **state)
{
	char *err = NULL;
	int unreachable = 0;

	(void)state;
	assert_int_equal(bounce_record(&ctx, 9999, 1, "5.1.1", &unreachable, &err), -1);
	assert_non_null(err);
	assert_string_equal(err, "bounce for unknown user 9999");
	free(err);
}

/* what reaches the bounce address without being a failure report (an absence notice) scores nothing */
static void
test_bounce_address_not_a_bounce(void **state)
{
	char *err = NULL, *m;
	int64_t ob, audits = scalar("SELECT count(*) FROM audit WHERE event LIKE 'bounce.%'");

	(void)state;
	assert_int_equal(db_exec(ctx.db, "UPDATE users SET bounce_score = 0, bounce_at = NULL,"
	    " unreachable = 0 WHERE id = 2", &err), 0);
	assert_int_equal(db_exec(ctx.db, "INSERT INTO outbox (user_id, rcpt, template, next_attempt_at,"
	    " created_at, message_id) VALUES (2, 'emilie@etu.example', 'x', 0, 0, '<o2@univ.example>')",
	    &err), 0);
	ob = sqlite3_last_insert_rowid(ctx.db->h);
	m = xasprintf("From: emilie@etu.example\nTo: bounces+%lld@univ.example\n"
	    "Auto-Submitted: auto-replied\nSubject: Absente\n\nJe suis absente jusqu'au 3 mars.\n",
	    (long long)ob);
	run(m, INPUT_DONE, 0, NULL);
	free(m);
	assert_int_equal(scalar("SELECT bounce_score FROM users WHERE id = 2"), 0);
	assert_int_equal(scalar("SELECT bounce_at IS NULL FROM users WHERE id = 2"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM audit WHERE event LIKE 'bounce.%'"), audits);
}

/* a sender address with a space or quotes is no address to answer: refused, nobody told */
static void
test_implausible_sender(void **state)
{
	static const struct {
		const char *results;
		int replies;
	} t[] = {
		/*
		 * the trusted MTA saw SPF or DMARC fail (anything but pass), and
		 * nothing pass: likely forged, not answered
		 */
		{ "dmarc=fail header.from=else.example", 0 },
		{ "spf=fail smtp.mailfrom=else.example", 0 },
		{ "spf=none smtp.mailfrom=else.example; dmarc=none header.from=else.example", 0 },
		/* it said nothing of either, or something passed: answered */
		{ "dkim=pass header.d=else.example", 1 },
		{ "spf=pass smtp.mailfrom=else.example; dmarc=fail header.from=else.example", 1 },
		{ "spf=fail smtp.mailfrom=else.example; dmarc=pass header.from=else.example", 1 },
	};
	char *err = NULL;

	(void)state;
	run("From: \"jean dupont\"@else.example\nTo: documents@univ.example\nSubject: cv\n"
	    "Message-ID: <odd1@else.example>\n\nmon cv\n", INPUT_REJECTED, 0, NULL);
	assert_int_equal(config_set(ctx.cfg, "security.trusted_authserv_id", "mx.univ.example",
	    &err), 0);
	setenv("ALTC_NOW", "2100000000", 1);	/* a day whose reply budget is untouched */
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int64_t before = scalar("SELECT count(*) FROM outbox");
		char *m = xasprintf("Authentication-Results: mx.univ.example; %s\n"
		    "From: sender%zu@else.example\nTo: documents@univ.example\nSubject: cv\n"
		    "Message-ID: <auth%zu@else.example>\n\nmon cv\n", t[i].results, i, i);
		char *reason = NULL;

		assert_int_equal(deliver(m, NULL, &reason), INPUT_REJECTED);
		if (scalar("SELECT count(*) FROM outbox") - before != t[i].replies)
			fail_msg("'%s': %s", t[i].results, t[i].replies ? "not answered" : "answered");
		free(reason);
		free(m);
	}
	unsetenv("ALTC_NOW");
	assert_int_equal(config_set(ctx.cfg, "security.trusted_authserv_id", "", &err), 0);
}

/* a file named .pdf that is no PDF is refused, whatever type it claims */
static void
test_named_pdf_refused(void **state)
{
	char tok[TOKEN_BUFSZ], *m, *row;
	int before = calls;

	(void)state;
	issue("test.offer", rp_id, 0, 3600, tok);
	m = xasprintf("From: rp.gea@univ.example\nTo: reply+%s@univ.example\nSubject: Re: offre\n"
	    "Message-ID: <named-pdf@client.example>\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=\"x\"\n\n--x\nContent-Type: text/plain\n\nVALIDER\n"
	    "--x\nContent-Type: application/octet-stream\n"
	    "Content-Disposition: attachment; filename=\"grille.PDF\"\n\nMZ not a pdf\n--x--\n", tok);
	run(m, INPUT_REJECTED, 1, "\"code\":\"attachment_refused\"");
	free(m);
	row = last_outbox(NULL, NULL);
	assert_non_null(strstr(row, "grille.PDF"));
	free(row);
	assert_int_equal(calls, before);
}

/* COPIE OUI / COPIE NON, however the answer is written; anything else is refused, nothing changed */
static void
test_copy(void **state)
{
	char tok[TOKEN_BUFSZ], *m;

	(void)state;
	issue("test.offer", student_id, 0, 3600, tok);
	m = reply_mail("emilie@etu.example", tok, "copie oui");
	run(m, INPUT_DONE, 1, NULL);
	free(m);
	assert_int_equal(scalar("SELECT notify_email FROM users WHERE id = 2"), 1);
	m = reply_mail("emilie@etu.example", tok, "COPIE peut-etre");
	run(m, INPUT_REJECTED, 1, "\"code\":\"not_understood\"");
	free(m);
	assert_int_equal(scalar("SELECT notify_email FROM users WHERE id = 2"), 1);
	/* "Copie : : non", a colon doubled by the client: still NON */
	m = reply_mail("emilie@etu.example", tok, "Copie : : non");
	run(m, INPUT_DONE, 1, NULL);
	free(m);
	assert_int_equal(scalar("SELECT notify_email FROM users WHERE id = 2"), 0);
	m = reply_mail("emilie@etu.example", tok, "COPIE YES");
	run(m, INPUT_DONE, 1, NULL);
	free(m);
	assert_int_equal(scalar("SELECT notify_email FROM users WHERE id = 2"), 1);
}

/*
 * the platform-wide error budget cannot be counted: the mail waits (a
 * temporary failure that names the database error), never silence
 */
static void
test_budget_fault(void **state)
{
	const char *m = "From: fault@else.example\nTo: documents@univ.example\nSubject: cv\n"
	    "Message-ID: <fault1@else.example>\n\nmon cv\n";
	int64_t before = scalar("SELECT count(*) FROM outbox");
	char *reason = NULL;

	(void)state;
	assert_int_equal(db_exec(ctx.db, "CREATE TRIGGER budget_fault BEFORE INSERT ON error_budget"
	    " WHEN NEW.sender = '*' BEGIN SELECT RAISE(ABORT, 'global budget unreadable'); END", NULL), 0);
	assert_int_equal(deliver(m, NULL, &reason), INPUT_TEMPFAIL);
	if (reason == NULL || strstr(reason, "global budget unreadable") == NULL)
		fail_msg("reason: %s", reason ? reason : "(none)");
	free(reason);
	assert_int_equal(scalar("SELECT count(*) FROM outbox") - before, 0);
	assert_int_equal(db_exec(ctx.db, "DROP TRIGGER budget_fault", NULL), 0);
}

struct mail_case {
	const char *mail, *rcpt;
	enum input_result normal;	/* the outcome when the database works */
};

static int
op_mail(struct altc *c, void *arg, char **errstr_r)
{
	const struct mail_case *mc = arg;
	struct input in = { INPUT_MAIL, "cur/x", "x", (const unsigned char *)mc->mail,
		strlen(mc->mail), mc->rcpt };
	enum input_result res = inbound_apply(c, &in, errstr_r);

	return res == mc->normal ? 0 : res == INPUT_TEMPFAIL ? -1 : 100 + (int)res;
}

/*
 * a row the pipeline cannot write: the mail is tried again later (a
 * temporary failure), never answered as refused nor taken as done
 */
static void
test_mail_faults(void **state)
{
	char tok[TOKEN_BUFSZ], *m[6];
	struct mail_case mc[6];
	int64_t ob;

	(void)state;
	issue("test.offer", rp_id, 0, 3600, tok);
	m[0] = reply_mail("rp.gea@univ.example", tok, "VALIDER 4");
	m[1] = reply_mail("rp.gea@univ.example", tok, "AIDE");
	m[2] = reply_mail("rp.gea@univ.example", tok, "STOP");
	m[3] = reply_mail("colleague@univ.example", tok, "VALIDER");
	m[4] = reply_mail("rp.gea@univ.example", "abcdefghijklmnopqrstuvwxyz234567", "VALIDER");
	assert_int_equal(db_exec(ctx.db, "INSERT INTO outbox (user_id, rcpt, template, next_attempt_at,"
	    " created_at, message_id) VALUES (2, 'emilie@etu.example', 'x', 0, 0, '<f1@univ.example>')",
	    NULL), 0);
	ob = sqlite3_last_insert_rowid(ctx.db->h);
	m[5] = bounce_mail(ob, "5.1.1");
	for (int i = 0; i < 6; i++) {
		mc[i].mail = m[i];
		mc[i].rcpt = NULL;
		mc[i].normal = i == 3 || i == 4 ? INPUT_REJECTED : INPUT_DONE;
	}
	assert_true(fault_sweep(&ctx, "VALIDER", op_mail, &mc[0], -1) > 0);
	assert_true(fault_sweep(&ctx, "AIDE", op_mail, &mc[1], -1) > 0);
	assert_true(fault_sweep(&ctx, "STOP", op_mail, &mc[2], -1) > 0);
	assert_true(fault_sweep(&ctx, "wrong sender", op_mail, &mc[3], -1) > 0);
	assert_true(fault_sweep(&ctx, "unknown key", op_mail, &mc[4], -1) > 0);
	assert_true(fault_sweep(&ctx, "bounce", op_mail, &mc[5], -1) > 0);
	for (int i = 0; i < 6; i++)
		free(m[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_stop),
		cmocka_unit_test(test_token_states),
		cmocka_unit_test(test_wrong_sender),
		cmocka_unit_test(test_automatic),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_refused_attachment),
		cmocka_unit_test(test_unknown_address),
		cmocka_unit_test(test_pipeline_refusals),
		cmocka_unit_test(test_bounces),
		cmocka_unit_test(test_dmarc_for_staff),
		cmocka_unit_test(test_key_commands),
		cmocka_unit_test(test_any_key),
		cmocka_unit_test(test_bounce_score),
		cmocka_unit_test(test_user_budget),
		cmocka_unit_test(test_stop_unknown),
		cmocka_unit_test(test_bounce_unknown_user),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_implausible_sender),
		cmocka_unit_test(test_named_pdf_refused),
		cmocka_unit_test(test_bounce_address_not_a_bounce),
		cmocka_unit_test(test_budget_fault),
		cmocka_unit_test(test_mail_faults),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
