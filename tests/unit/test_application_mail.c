/*
 * test_application_mail.c - the mail actions of documents and
 * applications, called with a mail_request as the inbound pipeline builds
 * it: documents@ (form lines, the subject, refusals naming the file),
 * DOCUMENTS and SUPPRIMER, POSTULER [n] with and without attachments, the
 * employer's, the student's and the referent's verbs.  Also the reading of
 * a subject and of form values into a document's type, label and flags.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "application_mail.h"
#include "interview_mail.h"
#include "document_user.h"
#include "offer.h"
#include "test_offer_util.h"
#include "test_pdf.h"
#include "token.h"

static struct mail_answer answer;
static struct token_info tok;
static struct mail_attachment att[2];
static struct mail_form_field form[3];
static char *pdf_a, *pdf_b;
static size_t len_a, len_b;

static struct mail_request
request(struct altc *ctx, const char *route, const char *sender, const char *verb,
    const char *args)
{
	struct mail_request r;

	free(answer.detail);
	memset(&answer, 0, sizeof(answer));
	memset(&r, 0, sizeof(r));
	r.answer = &answer;
	r.route = route;
	r.message_id = "m1@example";
	r.sender = sender;
	r.sender_name = "";
	r.sender_user_id = uid(ctx, sender);
	r.subject = "";
	r.locale = "fr";
	r.verb = verb;
	r.args = args;
	r.text = "";
	return r;
}

/* with_key - the reply key of the last mail of tmpl to rcpt on r */
static void
with_key(struct altc *ctx, struct mail_request *r, const char *tmpl, const char *rcpt)
{
	char *clear = q_text(ctx, "SELECT token FROM outbox WHERE template = %Q AND rcpt = %Q"
	    " ORDER BY id DESC LIMIT 1", tmpl, rcpt), *err = NULL;

	assert_int_equal(token_lookup(ctx->db, clear, &tok, &err), TOKEN_OK);
	free(clear);
	r->route = "reply";
	r->token = &tok;
}

static void
attach(struct mail_request *r, const char *name, const char *data, size_t len)
{
	att[0].filename = (char *)name;
	att[0].content_type = (char *)"application/pdf";
	att[0].data = (const unsigned char *)data;
	att[0].len = len;
	att[0].is_pdf = 1;
	r->attachments = att;
	r->nattachments = 1;
}

/* run - an action inside a transaction, committed when done; the result */
static enum input_result
run(struct altc *ctx, mail_action_fn fn, struct mail_request *r)
{
	char *reason = NULL;
	enum input_result res;

	assert_int_equal(db_begin(ctx->db), 0);
	res = fn(ctx, r, &reason);
	if (res == INPUT_DONE)
		assert_int_equal(db_commit(ctx->db), 0);
	else
		db_rollback(ctx->db);
	free(reason);
	return res;
}

static int
setup(void **state)
{
	test_demo_setup(state);
	pdf_a = make_pdf(2000, &len_a);
	pdf_b = make_pdf(3000, &len_b);
	return 0;
}

static int
teardown(void **state)
{
	free(answer.detail);
	memset(&answer, 0, sizeof(answer));
	free(pdf_a);
	free(pdf_b);
	return test_demo_teardown(state);
}

static void
test_subject(void **state)
{
	static const struct {
		const char *subject, *type, *label;
		int is_default;
	} cases[] = {
		{ "CV", "cv", NULL, -1 },
		{ "CV par défaut", "cv", NULL, 1 },
		{ "Lettre de motivation Benotti", "lm", "Benotti", -1 },
		{ "LM - candidature Genesii (par défaut)", "lm", "candidature Genesii", 1 },
		{ "Re: Book portfolio", "book", "portfolio", -1 },
		{ "TR: autre : attestation", "other", "attestation", -1 },
		{ "Mon CV", "", NULL, -1 },
		{ "", "", NULL, -1 },
	};
	static const struct { const char *s; int yes; } yes[] = {
		{ "oui", 1 }, { "Oui", 1 }, { "yes", 1 }, { "non", 0 }, { "NO", 0 }, { "peut-être", -1 },
	};
	char t[8];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct document_meta m;

		document_meta_init(&m);
		document_meta_parse_subject(&m, cases[i].subject);
		assert_string_equal(m.type, cases[i].type);
		if (cases[i].label)
			assert_string_equal(m.label, cases[i].label);
		else
			assert_null(m.label);
		assert_int_equal(m.is_default, cases[i].is_default);
		document_meta_release(&m);
	}
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		assert_int_equal(document_yes(yes[i].s), yes[i].yes);
	assert_int_equal(document_type_parse("Lettre de motivation", t), 0);
	assert_string_equal(t, "lm");
	assert_int_equal(document_type_parse("photo", t), -1);
}

static void
test_documents(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r;

	/* an unknown sender */
	r = request(ctx, "documents", "nobody@example.org", NULL, "");
	attach(&r, "cv.pdf", pdf_a, len_a);
	assert_int_equal(run(ctx, document_mail_apply, &r), INPUT_REJECTED);
	assert_string_equal(answer.code, "unknown_sender");
	/* form lines win over the subject */
	r = request(ctx, "documents", "alice@etu.example", NULL, "");
	r.subject = "CV";
	form[0].key = (char *)"type";
	form[0].value = (char *)"Lettre de motivation";
	form[1].key = (char *)"libelle";
	form[1].value = (char *)"Lettre Benotti";
	form[2].key = (char *)"par_defaut";
	form[2].value = (char *)"oui";
	r.form = form;
	r.nform = 3;
	attach(&r, "lettre.pdf", pdf_a, len_a);
	assert_int_equal(run(ctx, document_mail_apply, &r), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM documents WHERE type = 'lm' AND"
	    " label = 'Lettre Benotti' AND is_default = 1"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'document.receipt'"), 1);
	/* not a PDF: refused, named, in French */
	r = request(ctx, "documents", "alice@etu.example", NULL, "");
	attach(&r, "photo.pdf", "\xff\xd8\xff\xe0 JFIF", 10);
	assert_int_equal(run(ctx, document_mail_apply, &r), INPUT_REJECTED);
	assert_non_null(strstr(answer.detail, "« photo.pdf » n’est pas un fichier PDF"));
	/* nothing attached */
	r = request(ctx, "documents", "alice@etu.example", NULL, "");
	assert_int_equal(run(ctx, document_mail_apply, &r), INPUT_REJECTED);
	assert_non_null(strstr(answer.detail, "aucun PDF joint"));
	/* DOCUMENTS and SUPPRIMER */
	r = request(ctx, "documents", "alice@etu.example", "DOCUMENTS", "");
	assert_int_equal(run(ctx, document_mail_apply, &r), INPUT_DONE);
	r = request(ctx, "documents", "alice@etu.example", "SUPPRIMER", "");
	assert_int_equal(run(ctx, document_mail_apply, &r), INPUT_REJECTED);
	r = request(ctx, "documents", "alice@etu.example", "SUPPRIMER", "lettre benotti");
	assert_int_equal(run(ctx, document_mail_apply, &r), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM documents WHERE deleted_at IS NULL"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'document.receipt'"), 3);
}

/* published - an offer of BENOTTI SAS, published; its id */
static int64_t
published(struct altc *ctx)
{
	struct offer_fields f;
	char *err = NULL;
	int64_t id;

	offer_fields_init(&f);
	(void)offer_fields_set(&f, "intitule", "Comptable");
	(void)offer_fields_set(&f, "formations", "BUT3-GEA-GPRH");
	(void)offer_fields_set(&f, "duree", "2 ans");
	(void)offer_fields_set(&f, "lieu", "Annecy");
	(void)offer_fields_set(&f, "descriptif", "Tenue des comptes");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(offer_create(ctx, &f, 1, uid(ctx, "rh@benotti.example"), 0, &id, &err),
	    ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	offer_fields_release(&f);
	assert_int_equal(db_exec(ctx->db, "UPDATE offers SET state = 'published'", NULL), 0);
	return id;
}

/* apply_key - an "apply" key of a student for an offer (0: a list of offers) */
static void
apply_key(struct altc *ctx, struct mail_request *r, const char *student, int64_t offer)
{
	char clear[TOKEN_BUFSZ], *err = NULL;

	assert_int_equal(token_issue(ctx->db, "apply", offer ? "offer" : "user",
	    offer ? offer : uid(ctx, student), uid(ctx, student), "POSTULER", 86400, 0, clear, &err),
	    0);
	assert_int_equal(token_lookup(ctx->db, clear, &tok, &err), TOKEN_OK);
	r->route = "reply";
	r->token = &tok;
}

static void
test_apply_and_decide(void **state)
{
	struct altc *ctx = *state;
	int64_t o = published(ctx);
	struct mail_request r;
	char args[64];

	/* a list of offers: the number is needed */
	r = request(ctx, "reply", "alice@etu.example", "POSTULER", "Très motivée");
	apply_key(ctx, &r, "alice@etu.example", 0);
	assert_int_equal(run(ctx, application_mail_apply, &r), INPUT_REJECTED);
	assert_non_null(strstr(answer.detail, "quelle offre"));
	/* POSTULER n° N with a PDF: kept as a document and sent */
	(void)xsnprintf(args, sizeof(args), "n° %lld Très motivée", (long long)o);
	r = request(ctx, "reply", "alice@etu.example", "POSTULER", args);
	apply_key(ctx, &r, "alice@etu.example", 0);
	attach(&r, "cv-alice.pdf", pdf_a, len_a);
	assert_int_equal(run(ctx, application_mail_apply, &r), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM applications WHERE comment ="
	    " 'Très motivée' AND state = 'pending'"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM documents WHERE filename ="
	    " 'cv-alice.pdf' AND type = 'cv' AND is_default = 1"), 1);
	/* the offer's own key, no number, no attachment: bob has no CV */
	r = request(ctx, "reply", "bob@etu.example", "POSTULER", "");
	apply_key(ctx, &r, "bob@etu.example", o);
	assert_int_equal(run(ctx, application_mail_apply, &r), INPUT_REJECTED);
	assert_non_null(strstr(answer.detail, "aucun CV"));
	r = request(ctx, "reply", "bob@etu.example", "POSTULER", "");
	apply_key(ctx, &r, "bob@etu.example", o);
	attach(&r, "bob.pdf", pdf_b, len_b);
	assert_int_equal(run(ctx, application_mail_apply, &r), INPUT_DONE);

	/* the employer on alice's */
	r = request(ctx, "reply", "rh@benotti.example", "MESSAGE", "");
	with_key(ctx, &r, "application.received", "rh@benotti.example");
	tok.object_id = 1;
	assert_int_equal(run(ctx, interview_relay_apply, &r), INPUT_REJECTED);
	r.verb = "MESSAGE";
	r.args = "Venez mardi";
	assert_int_equal(run(ctx, interview_relay_apply, &r), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'message.relay'"
	    " AND rcpt = 'alice@etu.example'"), 1);
	r.verb = "RECEVABLE";
	r.args = "";
	assert_int_equal(run(ctx, application_mail_employer, &r), INPUT_DONE);
	r.verb = "CANDIDATURES";
	assert_int_equal(run(ctx, application_mail_employer, &r), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'application.list'"), 1);
	r.verb = "ACCEPTER";
	r.args = "Bienvenue";
	assert_int_equal(run(ctx, application_mail_employer, &r), INPUT_DONE);
	r.verb = "REFUSER";
	assert_int_equal(run(ctx, application_mail_employer, &r), INPUT_REJECTED);
	assert_string_equal(answer.code, "not_possible");
	assert_non_null(strstr(answer.detail, "la candidature est déjà acceptée"));

	/* bob abandons his; the referent's verbs refuse a decided one */
	r = request(ctx, "reply", "bob@etu.example", "ABANDONNER", "");
	with_key(ctx, &r, "application.sent", "bob@etu.example");
	assert_int_equal(run(ctx, application_mail_student, &r), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM applications WHERE state ="
	    " 'abandoned'"), 1);
	r = request(ctx, "reply", "rp.gea@univ.example", "VALIDER", "");
	r.token = &tok;
	assert_int_equal(run(ctx, application_mail_referent, &r), INPUT_REJECTED);
	assert_string_equal(answer.code, "not_possible");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_and_decide, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
