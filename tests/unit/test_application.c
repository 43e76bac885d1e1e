/*
 * test_application.c - the application workflow on the demo instance: the
 * rules of creation (who, which offer, which documents, once, the cap),
 * the first state of a non-autonomous student, every decision from every
 * state (legal ones move and mail, illegal ones change nothing), who may
 * decide, and the reminder.  The employer's mail attaches the documents up
 * to documents.attach_max, links them above it; the page behind the links
 * lists them and sends one as a file, only those of its application.
 */
#include "compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <cmocka.h>

#include "application.h"
#include "application_fsm.h"
#include "application_int.h"
#include "config.h"
#include "document_user.h"
#include "fsm.h"
#include "http.h"
#include "offer.h"
#include "strbuf.h"
#include "test_fault.h"
#include "test_offer_util.h"
#include "token.h"

#define PDF "%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"

/* an offer of BENOTTI SAS (demo) in a given state; its id */
static int64_t
offer(struct altc *ctx, const char *state)
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
	assert_int_equal(offer_create(ctx, &f, q_int(ctx, "SELECT id FROM companies WHERE siret ="
	    " '80754009100004'"), uid(ctx, "rh@benotti.example"), 0, &id, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	offer_fields_release(&f);
	assert_int_equal(q_int(ctx, "UPDATE offers SET state = %Q WHERE id = %lld RETURNING 1",
	    state, (long long)id), 1);
	return id;
}

/* cv - a default CV for a student */
static void
cv(struct altc *ctx, const char *email)
{
	struct document_meta m;
	char *err = NULL;
	int64_t id;

	document_meta_init(&m);
	(void)xstrlcpy(m.type, "cv", sizeof(m.type));
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(document_user_add(ctx, uid(ctx, email), &m, "cv.pdf",
	    (const unsigned char *)PDF, strlen(PDF), &id, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
}

/* doc - a document of a type for a student; its id */
static int64_t
doc(struct altc *ctx, const char *email, const char *type, const char *filename,
    const char *data)
{
	struct document_meta m;
	char *err = NULL;
	int64_t id;

	document_meta_init(&m);
	(void)xstrlcpy(m.type, type, sizeof(m.type));
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(document_user_add(ctx, uid(ctx, email), &m, filename,
	    (const unsigned char *)data, strlen(data), &id, &err), 0);
	assert_int_equal(db_commit(ctx->db), 0);
	return id;
}

/* apply - application_create in its own transaction; the status */
static int
apply(struct altc *ctx, const char *email, int64_t offer_id, int64_t *id_r, char **err_r)
{
	struct application_request r = { 0 };
	int64_t id = 0;
	int rc;

	r.student_id = uid(ctx, email);
	r.offer_id = offer_id;
	r.comment = "Motivée";
	assert_int_equal(db_begin(ctx->db), 0);
	rc = application_create(ctx, &r, &id, err_r);
	if (rc == APPLICATION_OK)
		assert_int_equal(db_commit(ctx->db), 0);
	else
		db_rollback(ctx->db);
	if (id_r)
		*id_r = id;
	return rc;
}

struct fault_call {
	int64_t student, offer, app;
	enum application_decision d;
};

static int
op_create(struct altc *ctx, void *arg, char **errstr_r)
{
	struct fault_call *c = arg;
	struct application_request r = { 0 };
	int64_t id;

	r.student_id = c->student;
	r.offer_id = c->offer;
	r.comment = "Motivée";
	return application_create(ctx, &r, &id, errstr_r);
}

static int
op_decide(struct altc *ctx, void *arg, char **errstr_r)
{
	struct fault_call *c = arg;

	return application_decide(ctx, c->app, 0, c->d, "motif", errstr_r);
}

/* an application or a decision that cannot be written says so, and leaves nothing */
static void
test_faults(void **state)
{
	static const enum application_decision d[] = { APPLICATION_SHORTLIST, APPLICATION_ACCEPT,
		APPLICATION_REFUSE, APPLICATION_ABANDON };
	struct altc *ctx = *state;
	struct fault_call c = { 0 };
	char *err = NULL;

	c.offer = offer(ctx, "published");
	c.student = uid(ctx, "alice@etu.example");
	cv(ctx, "alice@etu.example");
	assert_true(fault_sweep(ctx, "application_create", op_create, &c, APPLICATION_EDB) > 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM applications"), 0);
	assert_int_equal(apply(ctx, "alice@etu.example", c.offer, &c.app, &err), APPLICATION_OK);
	for (size_t i = 0; i < ARRAY_SIZE(d); i++) {
		c.d = d[i];
		assert_true(fault_sweep(ctx, "application_decide", op_decide, &c,
		    APPLICATION_EDB) > 0);
	}
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM applications WHERE state = 'pending'"), 1);
}

static int64_t
outbox(struct altc *ctx, const char *tmpl, const char *rcpt)
{
	return q_int(ctx, "SELECT count(*) FROM outbox WHERE template = %Q AND rcpt = %Q", tmpl,
	    rcpt);
}

static void
test_create_rules(void **state)
{
	struct altc *ctx = *state;
	int64_t pub = offer(ctx, "published"), pending = offer(ctx, "pending"),
	    filled = offer(ctx, "filled"), id;
	char *err = NULL;

	assert_int_equal(apply(ctx, "alice@etu.example", pub, NULL, &err), APPLICATION_EINPUT);
	assert_non_null(strstr(err, "no CV"));
	free(err);
	err = NULL;
	cv(ctx, "alice@etu.example");
	assert_int_equal(apply(ctx, "alice@etu.example", pub, &id, &err), APPLICATION_OK);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM applications WHERE id = %lld AND"
	    " state = 'pending'", (long long)id), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM application_documents"), 1);
	assert_int_equal(outbox(ctx, "application.received", "rh@benotti.example"), 1);
	assert_int_equal(outbox(ctx, "application.sent", "alice@etu.example"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'application'"
	    " AND event = 'create'"), 1);

	static const struct {
		const char *who;
		int which;	/* 0 published, 1 pending, 2 filled, 3 unknown */
		int expected;
		const char *says;
	} cases[] = {
		{ "alice@etu.example", 0, APPLICATION_ESTATE, "already applied" },
		{ "alice@etu.example", 1, APPLICATION_OK, NULL },
		{ "alice@etu.example", 2, APPLICATION_ESTATE, "no longer takes applications" },
		{ "alice@etu.example", 3, APPLICATION_ENOTFOUND, "no offer" },
		{ "rh@benotti.example", 0, APPLICATION_EDENIED, "only students" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t o = cases[i].which == 0 ? pub : cases[i].which == 1 ? pending :
		    cases[i].which == 2 ? filled : 999;

		err = NULL;
		assert_int_equal(apply(ctx, cases[i].who, o, NULL, &err), cases[i].expected);
		if (cases[i].says)
			assert_non_null(strstr(err, cases[i].says));
		free(err);
	}
	/* the cap on open applications */
	err = NULL;
	cv(ctx, "bob@etu.example");
	assert_int_equal(config_set(ctx->cfg, "applications.max_open", "1", &err), 0);
	assert_int_equal(apply(ctx, "bob@etu.example", pub, NULL, &err), APPLICATION_OK);
	assert_int_equal(apply(ctx, "bob@etu.example", pending, NULL, &err), APPLICATION_ESTATE);
	assert_non_null(strstr(err, "open applications"));
	free(err);
}

static void
test_non_autonomous(void **state)
{
	struct altc *ctx = *state;
	int64_t pub = offer(ctx, "published"), id;
	char *err = NULL;

	cv(ctx, "bob@etu.example");
	assert_int_equal(db_exec(ctx->db, "UPDATE users SET autonomous = 0 WHERE email ="
	    " 'bob@etu.example'", NULL), 0);
	assert_int_equal(apply(ctx, "bob@etu.example", pub, &id, &err), APPLICATION_OK);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM applications WHERE state ="
	    " 'referent_review'"), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template ="
	    " 'application.to_review'"), 1);
	assert_int_equal(outbox(ctx, "application.received", "rh@benotti.example"), 0);
	/* the referent: a motif is needed to refuse; VALIDER sends it on */
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(application_decide(ctx, id, 0, APPLICATION_REFERENT_REFUSE, "", &err),
	    APPLICATION_EINPUT);
	free(err);
	err = NULL;
	assert_int_equal(application_decide(ctx, id, 0, APPLICATION_REFERENT_VALIDATE, NULL, &err),
	    APPLICATION_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(outbox(ctx, "application.received", "rh@benotti.example"), 1);
	assert_int_equal(outbox(ctx, "application.sent", "bob@etu.example"), 1);
}

static const struct {
	enum application_decision d;
	const char *event;
} events[] = {
	{ APPLICATION_SHORTLIST, "shortlist" }, { APPLICATION_ACCEPT, "accept" },
	{ APPLICATION_REFUSE, "refuse" }, { APPLICATION_ABANDON, "abandon" },
	{ APPLICATION_REFERENT_VALIDATE, "referent_validate" },
	{ APPLICATION_REFERENT_REFUSE, "referent_refuse" },
};

/* every decision from every state: moves exactly when the state table says so */
static void
test_every_decision(void **state)
{
	struct altc *ctx = *state;
	int64_t pub = offer(ctx, "published"), id;
	char *err = NULL;

	cv(ctx, "alice@etu.example");
	assert_int_equal(apply(ctx, "alice@etu.example", pub, &id, &err), APPLICATION_OK);
	for (size_t s = 0; s < fsm_application.nlabels; s++)
		for (size_t e = 0; e < ARRAY_SIZE(events); e++) {
			const char *from = fsm_application.labels[s].state;
			const struct fsm_transition *t = fsm_find(&fsm_application, from,
			    events[e].event);
			int64_t mails = q_int(ctx, "SELECT count(*) FROM notifications");
			char *now;
			int rc;

			assert_int_equal(q_int(ctx, "UPDATE applications SET state = %Q WHERE id = %lld"
			    " RETURNING 1", from, (long long)id), 1);
			err = NULL;
			assert_int_equal(db_begin(ctx->db), 0);
			rc = application_decide(ctx, id, 0, events[e].d, "motif", &err);
			assert_int_equal(db_commit(ctx->db), 0);
			now = q_text(ctx, "SELECT state FROM applications WHERE id = %lld", (long long)id);
			if (t) {
				assert_int_equal(rc, APPLICATION_OK);
				assert_string_equal(now, t->to);
				assert_true(q_int(ctx, "SELECT count(*) FROM notifications") >=
				    mails + (t->notify[0] != NULL));
			} else {
				assert_int_equal(rc, APPLICATION_ESTATE);
				assert_string_equal(now, from);
				assert_non_null(strstr(err, "the application is already"));
				assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications"), mails);
			}
			free(now);
			free(err);
		}
}

static void
test_who_decides(void **state)
{
	struct altc *ctx = *state;
	int64_t pub = offer(ctx, "published"), id;
	char *err = NULL;
	static const struct {
		const char *who;
		enum application_decision d;
		int expected;
	} cases[] = {
		{ "contact@genesii.example", APPLICATION_ACCEPT, APPLICATION_EDENIED },
		{ "alice@etu.example", APPLICATION_ACCEPT, APPLICATION_EDENIED },
		{ "bob@etu.example", APPLICATION_ABANDON, APPLICATION_EDENIED },
		{ "rh@benotti.example", APPLICATION_ABANDON, APPLICATION_EDENIED },
		{ "rh@benotti.example", APPLICATION_SHORTLIST, APPLICATION_OK },
		{ "alice@etu.example", APPLICATION_ABANDON, APPLICATION_OK },
	};

	cv(ctx, "alice@etu.example");
	assert_int_equal(apply(ctx, "alice@etu.example", pub, &id, &err), APPLICATION_OK);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		err = NULL;
		assert_int_equal(db_begin(ctx->db), 0);
		assert_int_equal(application_decide(ctx, id, uid(ctx, cases[i].who), cases[i].d,
		    NULL, &err), cases[i].expected);
		assert_int_equal(db_commit(ctx->db), 0);
		free(err);
	}
	/* a closed application's keys are spent */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE object_type = 'application'"
	    " AND revoked = 0"), 0);
}

static void
test_remind(void **state)
{
	struct altc *ctx = *state;
	int64_t pub = offer(ctx, "published");
	size_t did;
	char *err = NULL;

	cv(ctx, "alice@etu.example");
	assert_int_equal(apply(ctx, "alice@etu.example", pub, NULL, &err), APPLICATION_OK);
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(application_remind(ctx, now_epoch() + 86400, &did, &err), 0);
	assert_int_equal(did, 0);
	assert_int_equal(application_remind(ctx, now_epoch() + 8 * 86400, &did, &err), 0);
	assert_int_equal(did, 1);
	assert_int_equal(application_remind(ctx, now_epoch() + 9 * 86400, &did, &err), 0);
	assert_int_equal(did, 0);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(outbox(ctx, "application.reminder", "rh@benotti.example"), 1);
}

/* the size decision: attached up to the limit included */
static void
test_attach_decision(void **state)
{
	static const struct { long long total, max; int attached; } cases[] = {
		{ 0, 0, 1 }, { 1, 0, 0 }, { 100, 100, 1 }, { 101, 100, 0 },
		{ 4999999, 5000000, 1 }, { 5000001, 5000000, 0 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(app_documents_attached(cases[i].total, cases[i].max),
		    cases[i].attached);
}

#define LM "%PDF-1.4\n% lettre de motivation\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"

/* received_vars - the variables of the employer's mail about application id (caller frees) */
static char *
received_vars(struct altc *ctx, int64_t id, char **att_r)
{
	*att_r = q_text(ctx, "SELECT coalesce(attachments, '') FROM outbox WHERE template ="
	    " 'application.received' AND thread = 'application.%lld'", (long long)id);
	return q_text(ctx, "SELECT vars FROM outbox WHERE template = 'application.received' AND"
	    " thread = 'application.%lld'", (long long)id);
}

/* below documents.attach_max the documents are attached, above it linked */
static void
test_attach_or_link(void **state)
{
	struct altc *ctx = *state;
	int64_t pub = offer(ctx, "published"), a1, a2;
	char *err = NULL, *vars, *att;

	cv(ctx, "alice@etu.example");
	(void)doc(ctx, "alice@etu.example", "lm", "lettre.pdf", LM);
	assert_int_equal(apply(ctx, "alice@etu.example", pub, &a1, &err), APPLICATION_OK);
	vars = received_vars(ctx, a1, &att);
	assert_non_null(strstr(att, "cv.pdf"));
	assert_non_null(strstr(att, "lettre.pdf"));
	assert_non_null(strstr(vars, "\"attached\":true"));
	assert_non_null(strstr(vars, "\"size\":\"50 o\""));
	assert_null(strstr(vars, "download_url"));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'document_download'"), 0);
	free(vars);
	free(att);

	/* above the limit: no attachment, a link each on a key of the employer (in English) */
	assert_int_equal(config_set(ctx->cfg, "documents.attach_max", "100", &err), 0);
	assert_int_equal(db_exec(ctx->db, "UPDATE users SET locale = 'en' WHERE email ="
	    " 'rh@benotti.example'", NULL), 0);
	cv(ctx, "bob@etu.example");
	(void)doc(ctx, "bob@etu.example", "lm", "lettre.pdf", LM);
	assert_int_equal(apply(ctx, "bob@etu.example", pub, &a2, &err), APPLICATION_OK);
	vars = received_vars(ctx, a2, &att);
	assert_string_equal(att, "");
	assert_null(strstr(vars, "\"attached\""));
	assert_non_null(strstr(vars, "\"download_url\":\"http://127.0.0.1:8080/s/"));
	assert_non_null(strstr(vars, "\"filename\":\"cv.pdf\",\"type\":\"cv\",\"size\":\"50 B\","
	    "\"url\":\"http://127.0.0.1:8080/s/"));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens WHERE purpose = 'document_download'"
	    " AND object_type = 'application' AND object_id = %lld AND user_id = %lld"
	    " AND max_uses = 0", (long long)a2, (long long)uid(ctx, "rh@benotti.example")), 1);
	free(vars);
	free(att);
}

/* the page behind a download key */
struct page_env {
	struct altc *ctx;
	struct token_info t;
	struct http_file file;
	struct strbuf body;
	char tok[TOKEN_BUFSZ];
};

/* page - GET the key's page for name in locale; the status */
static unsigned
page(struct page_env *p, const char *name, const char *locale)
{
	struct http_call call = { 0 };
	char *err = NULL;

	if (p->file.fd >= 0)
		close(p->file.fd);
	free(p->file.filename);
	memset(&p->file, 0, sizeof(p->file));
	p->file.fd = -1;
	strbuf_reset(&p->body);
	call.ctx = p->ctx;
	call.locale = locale;
	call.token = p->tok;
	call.status = token_lookup(p->ctx->db, p->tok, &p->t, &err);
	call.t = &p->t;
	call.action = "";
	call.csrf = "";
	call.name = name;
	call.file = &p->file;
	return application_pages[0].answer(&call, &p->body);
}

static void
test_download_page(void **state)
{
	struct page_env p = { .ctx = *state, .file = { .fd = -1 }, .body = STRBUF_INIT };
	struct altc *ctx = p.ctx;
	int64_t pub = offer(ctx, "published"), a1, a2, cv1, lm1, cv2, changes;
	char *err = NULL, *url, *name, buf[256];
	ssize_t n;

	assert_int_equal(config_set(ctx->cfg, "documents.attach_max", "10", &err), 0);
	cv(ctx, "alice@etu.example");
	lm1 = doc(ctx, "alice@etu.example", "lm", "Lettre <Benotti> & co.pdf", LM);
	cv1 = q_int(ctx, "SELECT id FROM documents WHERE filename = 'cv.pdf'");
	assert_int_equal(apply(ctx, "alice@etu.example", pub, &a1, &err), APPLICATION_OK);
	cv(ctx, "bob@etu.example");
	cv2 = q_int(ctx, "SELECT max(id) FROM documents WHERE filename = 'cv.pdf'");
	assert_int_equal(apply(ctx, "bob@etu.example", pub, &a2, &err), APPLICATION_OK);
	url = q_text(ctx, "SELECT json_extract(vars, '$.download_url') FROM outbox WHERE"
	    " template = 'application.received' AND thread = 'application.%lld'", (long long)a1);
	assert_non_null(strstr(url, "/s/"));
	(void)xstrlcpy(p.tok, strstr(url, "/s/") + 3, sizeof(p.tok));
	free(url);
	changes = sqlite3_total_changes(ctx->db->h);

	/* the list: each document with its type, size and link, every value escaped */
	assert_int_equal(page(&p, "", "fr"), HTTP_OK);
	assert_int_equal(p.file.fd, -1);
	assert_non_null(strstr(p.body.buf, "Documents de la candidature"));
	assert_non_null(strstr(p.body.buf, "Comptable"));
	assert_non_null(strstr(p.body.buf, ">cv.pdf</a> — CV, PDF, 50 o</li>"));
	assert_non_null(strstr(p.body.buf, ">Lettre &lt;Benotti&gt; &amp; co.pdf</a> — Lettre de"
	    " motivation, PDF, 73 o</li>"));
	(void)xsnprintf(buf, sizeof(buf), "href=\"http://127.0.0.1:8080/s/%s/%lld\"", p.tok,
	    (long long)lm1);
	assert_non_null(strstr(p.body.buf, buf));
	assert_null(strstr(p.body.buf, "<script"));
	assert_int_equal(page(&p, "", "en"), HTTP_OK);
	assert_non_null(strstr(p.body.buf, "Cover letter, PDF, 73 B"));

	/* one document: its bytes as a PDF file under its name */
	(void)xsnprintf(buf, sizeof(buf), "%lld", (long long)cv1);
	assert_int_equal(page(&p, buf, "fr"), HTTP_OK);
	assert_true(p.file.fd >= 0);
	assert_string_equal(p.file.type, "application/pdf");
	assert_string_equal(p.file.filename, "cv.pdf");
	assert_int_equal(p.file.size, strlen(PDF));
	n = read(p.file.fd, buf, sizeof(buf));
	assert_int_equal(n, (ssize_t)strlen(PDF));
	assert_memory_equal(buf, PDF, strlen(PDF));
	(void)xsnprintf(buf, sizeof(buf), "%lld", (long long)lm1);
	assert_int_equal(page(&p, buf, "fr"), HTTP_OK);
	assert_int_equal(p.file.size, strlen(LM));

	/* another application's document, or no document at all: not found */
	static const char *const others[] = { "0", "abc", "12x", "-1", "99999",
	    "1/2", "123456789012345678901" };
	(void)xsnprintf(buf, sizeof(buf), "%lld", (long long)cv2);
	assert_int_equal(page(&p, buf, "fr"), HTTP_NOT_FOUND);
	assert_int_equal(p.file.fd, -1);
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		assert_int_equal(page(&p, others[i], "fr"), HTTP_NOT_FOUND);
		assert_int_equal(p.file.fd, -1);
	}
	/* a document the student deleted since */
	assert_int_equal(db_exec(ctx->db, "UPDATE documents SET deleted_at = 1 WHERE filename"
	    " LIKE 'Lettre%'", NULL), 0);
	changes = sqlite3_total_changes(ctx->db->h);
	(void)xsnprintf(buf, sizeof(buf), "%lld", (long long)lm1);
	assert_int_equal(page(&p, buf, "fr"), HTTP_NOT_FOUND);
	assert_int_equal(page(&p, "", "fr"), HTTP_OK);
	assert_null(strstr(p.body.buf, "Benotti&gt;"));
	/* none of that wrote anything */
	assert_int_equal(sqlite3_total_changes(ctx->db->h), changes);

	/* expired, then spent with the application's decision: gone */
	setenv("ALTC_NOW", "4102444800", 1);
	assert_int_equal(page(&p, "", "fr"), HTTP_GONE);
	assert_non_null(strstr(p.body.buf, "plus valable"));
	unsetenv("ALTC_NOW");
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(application_decide(ctx, a1, 0, APPLICATION_REFUSE, NULL, &err),
	    APPLICATION_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	(void)xsnprintf(buf, sizeof(buf), "%lld", (long long)cv1);
	assert_int_equal(page(&p, buf, "fr"), HTTP_GONE);
	assert_int_equal(p.file.fd, -1);
	name = xstrdup(p.body.buf);
	assert_non_null(strstr(name, "Lien expiré"));
	free(name);
	(void)page(&p, "", "fr");
	strbuf_release(&p.body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_rules, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_non_autonomous, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_faults, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_every_decision, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_who_decides, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_remind, test_demo_setup, test_demo_teardown),
		cmocka_unit_test(test_attach_decision),
		cmocka_unit_test_setup_teardown(test_attach_or_link, test_demo_setup,
		    test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_download_page, test_demo_setup,
		    test_demo_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
