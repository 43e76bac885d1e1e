/*
 * test_offer_mail.c - the mail actions, called with a mail_request built by
 * hand as the inbound pipeline would: a submission with form lines and a
 * PDF, missing fields, an unknown sender, a CSV of offers, a search, the
 * reviewers' replies with their reply key, and the employer's replies.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <unistd.h>

#include "offer.h"
#include "command.h"
#include "config.h"
#include "company_mail.h"
#include "notify.h"
#include "offer_int.h"
#include "offer_mail.h"
#include "test_offer_util.h"
#include "token.h"

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n";

/* what the last action asked the pipeline to tell its sender */
static struct mail_answer answer;

/* request - a mail from sender (user looked up like the pipeline does) */
static struct mail_request
request(struct altc *ctx, const char *route, const char *sender)
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
	r.subject = "Offre";
	r.locale = "fr";
	r.args = "";
	r.text = "";
	return r;
}

/* key - the reply key of the last mail of tmpl to rcpt, looked up into info */
static void
key(struct altc *ctx, const char *tmpl, const char *rcpt, struct token_info *info)
{
	char *clear = q_text(ctx, "SELECT token FROM outbox WHERE template = %Q AND rcpt = %Q"
	    " ORDER BY id DESC LIMIT 1", tmpl, rcpt), *err = NULL;

	assert_int_equal(token_lookup(ctx->db, clear, info, &err), TOKEN_OK);
	free(clear);
}

static const struct mail_form_field form01[] = {
	{ "intitule", "Assistant(e) ressources humaines en alternance" },
	{ "siret", "80754009100004" },
	{ "duree", "2 ans" },
	{ "postes", "1" },
	{ "formations", "BUT3-GEA-GPRH" },
	{ "competences", "paie, SIRH, Excel, communication" },
	{ "lieu", "Poisy (74330)" },
	{ "type_de_contrat", "apprentissage" },
	{ "missions", "- Suivi administratif du personnel\n- Préparation des éléments de paie" },
};

static void
test_submit_form_pdf(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r = request(ctx, "offres", "rh@benotti.example");
	struct mail_attachment a = { "Offre RH.pdf", "application/pdf",
		(const unsigned char *)pdf, sizeof(pdf) - 1, 1 };
	char *reason = NULL, *s, *path;

	r.form = form01;
	r.nform = sizeof(form01) / sizeof(form01[0]);
	r.attachments = &a;
	r.nattachments = 1;
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_DONE);
	assert_null(reason);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers WHERE state = 'pending'"
	    " AND description_doc_id IS NOT NULL AND contract_type = 'apprentissage'"), 1);
	/* the PDF is in the content-addressed store and attached for the rp */
	s = q_text(ctx, "SELECT sha256 FROM documents WHERE type = 'offer'");
	path = xasprintf("%s/%.2s/%s.pdf", ctx->docs, s, s);
	assert_int_equal(access(path, R_OK), 0);
	free(s);
	/* the reviewer's mail names the formation it asks about */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate'"
	    " AND rcpt = 'rp.gea@univ.example' AND json_extract(vars, '$.formation') LIKE"
	    " 'BUT3-GEA-GPRH - %%'"), 1);
	s = q_text(ctx, "SELECT attachments FROM outbox WHERE template = 'offer.to_validate'");
	assert_non_null(strstr(s, "\"filename\":\"Offre RH.pdf\""));
	assert_non_null(strstr(s, ".pdf\""));
	free(s);
	free(path);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.received'"
	    " AND rcpt = 'rh@benotti.example'"), 1);
}

/* a refused submission leaves nothing behind: neither the offer nor its PDF */
static void
test_submit_refused_rolls_back(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r = request(ctx, "offres", "rh@benotti.example");
	struct mail_attachment a = { "Offre RH.pdf", "application/pdf",
		(const unsigned char *)pdf, sizeof(pdf) - 1, 1 };
	struct mail_form_field form[ARRAY_SIZE(form01)];
	char *reason = NULL;

	memcpy(form, form01, sizeof(form));
	form[3].value = "0";	/* postes */
	r.form = form;
	r.nform = ARRAY_SIZE(form);
	r.attachments = &a;
	r.nattachments = 1;
	assert_int_equal(db_begin(ctx->db), 0);
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_non_null(strstr(reason, "positions '0'"));
	free(reason);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM documents"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox"), 0);
}

static void
test_submit_missing(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r = request(ctx, "offres", "rh@benotti.example");
	static const struct mail_form_field form[] = {
		{ "title", "Commercial" }, { "formations", "BUT3-TC-MDEE" },
	};
	char *reason = NULL, *s;

	r.form = form;
	r.nform = 2;
	/* refused: the pipeline answers with the list and the form, within the budget */
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "missing fields: Durée, Lieu, Descriptif"));
	free(reason);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM tokens"), 0);
	assert_string_equal(answer.code, "missing_fields");
	s = answer.detail;
	assert_non_null(strstr(s, "Durée, Lieu, Descriptif"));
	assert_null(strstr(s, "Intitulé,"));
	assert_non_null(strstr(s, "Formulaire"));
	/* the form sent back holds what was given */
	assert_non_null(strstr(s, "\nIntitulé : Commercial\n"));
	assert_non_null(strstr(s, "\nFormations : BUT3-TC-MDEE\n"));
	assert_non_null(strstr(s, "\nDurée :\n"));
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox"), 0);
}

static void
test_unknown_sender(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r = request(ctx, "offres", "someone@nowhere.example");
	char *reason = NULL;

	r.form = form01;
	r.nform = sizeof(form01) / sizeof(form01[0]);
	assert_int_equal(r.sender_user_id, 0);
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
	assert_string_equal(answer.code, "unknown_sender");
	assert_non_null(strstr(answer.detail, "inscription@"));
	/* a known address that is not an employer is told the same */
	r = request(ctx, "offres", "alice@etu.example");
	r.form = form01;
	r.nform = 1;
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	assert_string_equal(answer.code, "unknown_sender");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
	/* another company's SIRET in the form is refused */
	r = request(ctx, "offres", "contact@genesii.example");
	r.form = form01;
	r.nform = sizeof(form01) / sizeof(form01[0]);
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	if (strstr(reason, "80754009100004") == NULL)
		fail_msg("reason: %s", reason);
	free(reason);
	/* told in French, the SIRET named */
	assert_string_equal(answer.code, "invalid");
	assert_string_equal(answer.detail, "le SIRET 80754009100004 n’est pas celui de votre entreprise");
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
}

static void
test_submit_csv(void **state)
{
	struct altc *ctx = *state;
	static const char good[] = "Titre;Durée;Lieu;Descriptif;Formations\n"
		"Comptable;2 ans;Annecy;Tenue des comptes;BUT3-GEA-GPRH\n"
		"Commercial;1 an;Lyon;Vente;BUT3-TC-MDEE\n";
	static const char half[] = "Titre,Durée,Lieu,Descriptif\n"
		"Comptable,2 ans,Annecy,Tenue\n"
		"Commercial,,Lyon,Vente\n";
	struct mail_request r = request(ctx, "offres", "rh@benotti.example");
	struct mail_attachment a = { "offres.csv", "text/csv", (const unsigned char *)half,
		sizeof(half) - 1, 0 };
	char *reason = NULL;

	r.attachments = &a;
	r.nattachments = 1;
	/* one incomplete line: nothing created, the line named */
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	reason = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
	assert_string_equal(answer.code, "missing_fields");
	assert_non_null(strstr(answer.detail, "ligne 2 : Durée"));
	a.data = (const unsigned char *)good;
	a.len = sizeof(good) - 1;
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 2);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate'"
	    " AND rcpt LIKE 'rp.%%'"), 2);
}

/* submit01 - the demo submission, returning the offer id */
static int64_t
submit01(struct altc *ctx)
{
	struct mail_request r = request(ctx, "offres", "rh@benotti.example");
	char *reason = NULL;

	r.form = form01;
	r.nform = sizeof(form01) / sizeof(form01[0]);
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_DONE);
	return q_int(ctx, "SELECT max(id) FROM offers");
}

static void
test_review_replies(void **state)
{
	struct altc *ctx = *state;
	int64_t id = submit01(ctx);
	struct token_info t;
	struct mail_request r;
	char *reason = NULL, *s;

	key(ctx, "offer.to_validate", "rp.gea@univ.example", &t);
	assert_string_equal(t.purpose, "offer_review");
	assert_string_equal(t.object_type, "offer_formation");
	/* "Rejeter : motif" as Outlook users write it, lower-case verb normalised by the pipeline */
	r = request(ctx, "reply", "rp.gea@univ.example");
	r.token = &t;
	r.verb = "VALIDER";
	r.args = "4 Très bonne offre, missions variées.";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "published");
	free(s);
	/* validating twice: refused with a reason for reply.error, nothing changed */
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	assert_string_equal(answer.code, "not_possible");
	if (strstr(answer.detail, "impossible : l’offre est validée") == NULL)
		fail_msg("detail: %s", answer.detail);
	reason = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.published'"), 1);
	/* the ga without delegation */
	assert_int_equal(db_exec(ctx->db, "DELETE FROM delegations", NULL), 0);
	r.sender = "ga@univ.example";
	r.sender_user_id = uid(ctx, "ga@univ.example");
	r.verb = "RECOMMANDER";
	r.args = "alice@etu.example";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	assert_string_equal(answer.code, "not_permitted");
	if (strstr(answer.detail, "délégation") == NULL)
		fail_msg("detail: %s", answer.detail);
	reason = NULL;
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations"), 0);
	/* the rp recommends */
	r.sender = "rp.gea@univ.example";
	r.sender_user_id = uid(ctx, "rp.gea@univ.example");
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_DONE);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations WHERE manual = 1"), 1);
	/* English locale gets the English */
	r.locale = "en";
	r.verb = "VALIDER";
	r.args = "";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "not possible"));
	free(reason);
	if (strstr(answer.detail, "already") == NULL)
		fail_msg("detail: %s", answer.detail);
}

static void
test_owner_replies(void **state)
{
	struct altc *ctx = *state;
	int64_t id = submit01(ctx);
	static const struct mail_form_field edit[] = { { "lieu", "Annecy" } };
	struct token_info t;
	struct mail_request r;
	char *reason = NULL, *s;

	key(ctx, "offer.received", "rh@benotti.example", &t);
	assert_string_equal(t.purpose, "offer_owner");
	r = request(ctx, "reply", "rh@benotti.example");
	r.token = &t;
	/* changed form lines without a command: an edit, back to validation */
	r.form = edit;
	r.nform = 1;
	assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT location FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "Annecy");
	free(s);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.to_validate'"
	    " AND rcpt LIKE 'rp.%%'"), 2);
	/* RETIRER, then anything else is refused */
	r.form = NULL;
	r.nform = 0;
	r.verb = "RETIRER";
	assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_DONE);
	r.verb = "POURVUE";
	assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	reason = NULL;
	s = q_text(ctx, "SELECT state FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "withdrawn");
	free(s);
	/* the rp's key after the withdrawal */
	key(ctx, "offer.to_validate", "rp.gea@univ.example", &t);
	r = request(ctx, "reply", "rp.gea@univ.example");
	r.token = &t;
	r.verb = "VALIDER";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	reason = NULL;
	/* DUPLIQUER by someone of another company */
	key(ctx, "offer.received", "rh@benotti.example", &t);
	r = request(ctx, "reply", "contact@genesii.example");
	r.token = &t;
	r.verb = "DUPLIQUER";
	assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 1);
}

/* RECOMMANDER student n...: by address or INE, from the student's rp, published offers only */
static void
test_recommend_student(void **state)
{
	struct altc *ctx = *state;
	int64_t id = submit01(ctx), rp = uid(ctx, "rp.gea@univ.example"), pending, told;
	struct token_info t;
	struct mail_request r;
	char *reason = NULL, *err = NULL, args[96];

	key(ctx, "offer.to_validate", "rp.gea@univ.example", &t);
	r = request(ctx, "reply", "rp.gea@univ.example");
	r.token = &t;
	r.verb = "VALIDER";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_DONE);
	pending = submit01(ctx);
	assert_int_equal(db_begin(ctx->db), 0);
	/* who: a student's address or INE, nobody else */
	assert_int_equal(offer_recommend_student(ctx, rp, "nobody@etu.example 1", &err), ACT_EINPUT);
	assert_string_equal(err, "'nobody@etu.example' is not the address or INE of a student");
	FREE_AND_NULL(err);
	assert_int_equal(offer_recommend_student(ctx, rp, "rh@benotti.example 1", &err), ACT_EINPUT);
	FREE_AND_NULL(err);
	/* the rp of another formation may not */
	snprintf(args, sizeof(args), "alice@etu.example %lld", (long long)id);
	assert_int_equal(offer_recommend_student(ctx, uid(ctx, "rp.tc@univ.example"), args, &err),
	    ACT_EDENIED);
	FREE_AND_NULL(err);
	/* numbers: none, a word, a pending offer, an unknown one */
	assert_int_equal(offer_recommend_student(ctx, rp, "alice@etu.example", &err), ACT_EINPUT);
	assert_string_equal(err, "no offer number given");
	FREE_AND_NULL(err);
	assert_int_equal(offer_recommend_student(ctx, rp, "alice@etu.example 1x", &err), ACT_EINPUT);
	assert_string_equal(err, "'1x' is not an offer number");
	FREE_AND_NULL(err);
	assert_int_equal(offer_recommend_student(ctx, rp, "alice@etu.example n°0", &err), ACT_EINPUT);
	assert_string_equal(err, "'0' is not an offer number");
	FREE_AND_NULL(err);
	snprintf(args, sizeof(args), "alice@etu.example %lld", (long long)pending);
	assert_int_equal(offer_recommend_student(ctx, rp, args, &err), ACT_ESTATE);
	FREE_AND_NULL(err);
	assert_int_equal(offer_recommend_student(ctx, rp, "alice@etu.example 999", &err), ACT_ENOTFOUND);
	assert_string_equal(err, "no offer 999");
	FREE_AND_NULL(err);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations"), 0);
	/* by INE, with n° and # as staff write them */
	told = q_int(ctx, "SELECT count(*) FROM notifications WHERE user_id = %lld",
	    (long long)uid(ctx, "alice@etu.example"));
	snprintf(args, sizeof(args), ": 0494004062M n°%lld, #%lld", (long long)id, (long long)id);
	assert_int_equal(offer_recommend_student(ctx, rp, args, &err), ACT_OK);
	assert_int_equal(db_commit(ctx->db), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM recommendations WHERE offer_id = %lld"
	    " AND manual = 1 AND recommended_by = %lld AND student_id = %lld", (long long)id,
	    (long long)rp, (long long)uid(ctx, "alice@etu.example")), 1);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM audit WHERE object_type = 'offer'"
	    " AND object_id = %lld AND event = 'recommend'", (long long)id), 1);
	/* told once, though the offer was named twice */
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM notifications WHERE user_id = %lld",
	    (long long)uid(ctx, "alice@etu.example")), told + 1);
}

/* what offres@ and the offer keys refuse, each with its reason and nothing changed */
static void
test_mail_refusals(void **state)
{
	struct altc *ctx = *state;
	static const char bad_csv[] = "Titre;Durée;Lieu;Descriptif;Postes\n"
		"Comptable;2 ans;Annecy;Tenue des comptes;1\n"
		"Commercial;1 an;Lyon;Vente;zéro\n";
	static const char empty_csv[] = "Titre;Durée;Lieu;Descriptif\n";
	static const struct mail_form_field company[] = { { "entreprise", "Genesii" } };
	struct mail_request r = request(ctx, "offres", "rh@benotti.example");
	struct mail_attachment a = { "offres.csv", "text/csv", (const unsigned char *)bad_csv,
		sizeof(bad_csv) - 1, 0 };
	struct token_info t;
	char *reason = NULL, *s, big[1001];
	int64_t id;

	/* a CSV line that does not parse: named, nothing created */
	r.attachments = &a;
	r.nattachments = 1;
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "line 2: positions 'zéro'"));
	FREE_AND_NULL(reason);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
	a.data = (const unsigned char *)empty_csv;
	a.len = sizeof(empty_csv) - 1;
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "no offer in the CSV"));
	FREE_AND_NULL(reason);
	/* a PDF over offers.pdf_bytes */
	r = request(ctx, "offres", "rh@benotti.example");
	a.filename = "Offre.pdf";
	a.content_type = "application/pdf";
	memset(big, ' ', sizeof(big));
	memcpy(big, pdf, sizeof(pdf) - 1);
	memcpy(big + sizeof(big) - 6, "%%EOF\n", 6);
	a.data = (const unsigned char *)big;
	a.len = sizeof(big);
	a.is_pdf = 1;
	r.attachments = &a;
	r.nattachments = 1;
	r.form = form01;
	r.nform = ARRAY_SIZE(form01);
	assert_int_equal(config_set(ctx->cfg, "offers.pdf_bytes", "1000", NULL), 0);
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "'Offre.pdf' is larger than 1000 bytes"));
	FREE_AND_NULL(reason);
	assert_int_equal(config_set(ctx->cfg, "offers.pdf_bytes", "5000000", NULL), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM offers"), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM documents"), 0);
	/* a verb offres@ does not know; RECOMMANDER from nobody */
	r = request(ctx, "offres", "rh@benotti.example");
	r.verb = "POURVUE";
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "command POURVUE not understood at offres@");
	FREE_AND_NULL(reason);
	r = request(ctx, "offres", "nobody@else.example");
	r.verb = "RECOMMANDER";
	r.args = "alice@etu.example 1";
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "RECOMMANDER from an unknown sender");
	FREE_AND_NULL(reason);
	/* the owner's key: the company does not change, a verb of another key is refused */
	id = submit01(ctx);
	key(ctx, "offer.received", "rh@benotti.example", &t);
	r = request(ctx, "reply", "rh@benotti.example");
	r.token = &t;
	r.form = company;
	r.nform = 1;
	assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_REJECTED);
	assert_non_null(strstr(reason, "the company of an offer does not change"));
	FREE_AND_NULL(reason);
	r.form = NULL;
	r.nform = 0;
	r.verb = "VALIDER";
	assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "command VALIDER not understood here");
	FREE_AND_NULL(reason);
	r.token = NULL;
	r.verb = "RETIRER";
	assert_int_equal(offer_mail_owner(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "no reply key");
	FREE_AND_NULL(reason);
	s = q_text(ctx, "SELECT state || ' ' || location FROM offers WHERE id = %lld", (long long)id);
	assert_string_equal(s, "pending Poisy (74330)");
	free(s);
	/* the reviewer's key: a verb of the owner's, or none */
	key(ctx, "offer.to_validate", "rp.gea@univ.example", &t);
	r = request(ctx, "reply", "rp.gea@univ.example");
	r.token = &t;
	r.verb = "RETIRER";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "command RETIRER not understood here");
	FREE_AND_NULL(reason);
	r.verb = NULL;
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "a decision needs a reply key and a command");
	FREE_AND_NULL(reason);
	/* a student's key: its owner only, CHERCHER only */
	r = request(ctx, "reply", "alice@etu.example");
	t.user_id = uid(ctx, "bob@etu.example");
	r.token = &t;
	r.verb = "CHERCHER";
	assert_int_equal(offer_mail_student(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "a student's key answered by someone else");
	FREE_AND_NULL(reason);
	t.user_id = uid(ctx, "alice@etu.example");
	r.verb = "VALIDER";
	assert_int_equal(offer_mail_student(ctx, &r, &reason), INPUT_REJECTED);
	assert_string_equal(reason, "command VALIDER not understood here");
	FREE_AND_NULL(reason);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE template = 'offer.search'"), 0);
}

/* a search shows the team's opinion of each offer: the lowest rating too, and its comment */
static void
test_search_opinion(void **state)
{
	struct altc *ctx = *state;
	struct token_info t;
	struct mail_request r;
	char *reason = NULL, *s;

	(void)submit01(ctx);
	key(ctx, "offer.to_validate", "rp.gea@univ.example", &t);
	r = request(ctx, "reply", "rp.gea@univ.example");
	r.token = &t;
	r.verb = "VALIDER";
	r.args = "1 peu de missions";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_DONE);
	r = request(ctx, "offres", "alice@etu.example");
	r.verb = "CHERCHER";
	r.args = "ressources humaines";
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT json_extract(vars, '$.offers[0].rating') || '|' ||"
	    " json_extract(vars, '$.offers[0].comment') || '|' || json_extract(vars,"
	    " '$.offers[0].duration') FROM outbox WHERE template = 'offer.search'");
	assert_string_equal(s, "1|peu de missions|2 ans");
	free(s);
}

/* a ga decides by mail on an offer that targets no formation */
static void
test_pool_by_mail(void **state)
{
	struct altc *ctx = *state;
	static const struct mail_form_field form[] = {
		{ "intitule", "Stage d'accueil" }, { "duree", "1 an" }, { "lieu", "Annecy" },
		{ "descriptif", "Accueil du public" },
	};
	struct mail_request r = request(ctx, "offres", "rh@benotti.example");
	struct token_info t;
	char *reason = NULL, *s;

	r.form = form;
	r.nform = ARRAY_SIZE(form);
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_DONE);
	key(ctx, "offer.to_validate", "ga@univ.example", &t);
	assert_string_equal(t.object_type, "offer_pool");
	r = request(ctx, "reply", "ga@univ.example");
	r.token = &t;
	r.verb = "REJETER";
	r.args = "";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_REJECTED);
	FREE_AND_NULL(reason);
	r.verb = "VALIDER";
	r.args = "4 bien";
	assert_int_equal(offer_mail_review(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT state FROM offers WHERE title = 'Stage d''accueil'");
	assert_string_equal(s, "published");
	free(s);
}

static void
test_search_reply(void **state)
{
	struct altc *ctx = *state;
	struct mail_request r;
	char *reason = NULL, *s;

	(void)submit01(ctx);
	r = request(ctx, "offres", "alice@etu.example");
	r.verb = "CHERCHER";
	r.args = "ressources humaines à Poisy";
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_DONE);
	s = q_text(ctx, "SELECT vars FROM outbox WHERE template = 'offer.search'"
	    " AND rcpt = 'alice@etu.example'");
	assert_non_null(strstr(s, "\"place\":\"Poisy\""));
	assert_non_null(strstr(s, "\"offers\":[]"));
	assert_non_null(strstr(s, "\"others\":[{\"id\":1,"));
	free(s);
	/* an employer cannot search */
	r = request(ctx, "offres", "rh@benotti.example");
	r.verb = "CHERCHER";
	r.args = "paie";
	assert_int_equal(offer_mail_offres(ctx, &r, &reason), INPUT_REJECTED);
	free(reason);
}

/*
 * a student's mail about an offer is never sent without what it promises:
 * the one-click link that cannot be made, or the reply key, is an error
 */
static void
test_student_mail_fails(void **state)
{
	struct altc *ctx = *state;
	int64_t id = submit01(ctx);
	struct offer_row o;
	char *err = NULL;

	assert_int_equal(offer_load(ctx, id, &o, &err), 1);
	/* alice may apply in one click: consent, default CV and letter, an offer that takes it */
	assert_int_equal(db_exec(ctx->db, "UPDATE offers SET one_click = 1;"
	    "UPDATE users SET one_click_consent = 1 WHERE email = 'alice@etu.example';"
	    "INSERT INTO documents (user_id, type, label, filename, sha256, size, is_default,"
	    " created_at) SELECT id, t.column1, 'doc', 'doc.pdf', 'x', 1, 1, 0 FROM users,"
	    " (VALUES ('cv'), ('lm')) t WHERE email = 'alice@etu.example';"
	    "CREATE TRIGGER no_link BEFORE INSERT ON tokens WHEN NEW.purpose = 'apply_one_click'"
	    " BEGIN SELECT RAISE(ABORT, 'no link today'); END", NULL), 0);
	assert_int_equal(offer_notify_student(ctx, &o, uid(ctx, "alice@etu.example"), 0, NULL,
	    NOTIFY_ACTION, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "no link today"));
	free(err);
	err = NULL;
	assert_int_equal(db_exec(ctx->db, "DROP TRIGGER no_link;"
	    "CREATE TRIGGER no_key BEFORE INSERT ON tokens WHEN NEW.purpose = 'offer_student'"
	    " BEGIN SELECT RAISE(ABORT, 'no key today'); END", NULL), 0);
	assert_int_equal(offer_notify_student(ctx, &o, uid(ctx, "alice@etu.example"), 0, NULL,
	    NOTIFY_ACTION, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "no key today"));
	free(err);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE rcpt = 'alice@etu.example'"), 0);
	/* and once both can be made, the mail goes with its link */
	assert_int_equal(db_exec(ctx->db, "DROP TRIGGER no_key", NULL), 0);
	assert_int_equal(offer_notify_student(ctx, &o, uid(ctx, "alice@etu.example"), 0, NULL,
	    NOTIFY_ACTION, &err), 0);
	assert_int_equal(q_int(ctx, "SELECT count(*) FROM outbox WHERE rcpt = 'alice@etu.example'"
	    " AND template = 'offer.new_for_formation' AND vars LIKE '%%one_click_url%%'"), 1);
	offer_row_release(&o);
}

/* the program's modules list every offer and employer action */
static void
test_register(void **state)
{
	static const struct { const char *purpose; mail_action_fn apply; } want[] = {
		{ "offres", offer_mail_offres }, { "offer_review", offer_mail_review },
		{ "offer_owner", offer_mail_owner },
		{ "confirm_email", company_mail_confirm },
		{ "collaborator_review", company_mail_collaborator },
	};

	(void)state;
	altc_modules_init();
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct mail_action *a = mail_action_find(want[i].purpose);

		assert_non_null(a);
		assert_ptr_equal(a->apply, want[i].apply);
	}
	/*
	 * inscription@: REFERENT is the company's; the form alone reaches the
	 * structure module first, which hands anyone but a structure's user to
	 * the company's registration (structures.sh, company_register.sh)
	 */
	assert_ptr_equal(mail_action_find_verb("inscription", "REFERENT")->apply,
	    company_mail_inscription);
	assert_ptr_not_equal(mail_action_find("inscription")->apply, company_mail_inscription);
	/* and the verbs their mails advertise */
	assert_string_equal(command_verb("confirmer"), "CONFIRMER");
	assert_string_equal(command_verb("corriger"), "MODIFIER");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_submit_form_pdf, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_submit_refused_rolls_back, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_submit_missing, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_sender, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_submit_csv, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_review_replies, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_owner_replies, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_recommend_student, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_mail_refusals, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_pool_by_mail, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_search_opinion, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_search_reply, test_demo_setup, test_demo_teardown),
		cmocka_unit_test_setup_teardown(test_student_mail_fails, test_demo_setup, test_demo_teardown),
		cmocka_unit_test(test_register),
	};

	log_init(1, -1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
