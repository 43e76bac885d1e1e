/*
 * offer_mail.c - offers by mail.  Submission at offres@ (form lines, a PDF
 * description, or a CSV of several offers), CHERCHER searches from
 * students, the reviewers' decisions and the employer's life cycle by
 * reply.  Only the digest of the pipeline (struct mail_request) is read
 * here; everything that touches the database goes through engine/offer.h.
 * A form with missing fields gets one reply listing them with the form to
 * fill in, and nothing is created.
 */
#include "compat.h"

#include <json-c/json.h>

/* compact, and "/" left alone (links stay readable in the outbox rows) */
#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "company.h"
#include "command.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "log.h"
#include "notify.h"
#include "offer.h"
#include "offer_int.h"
#include "offer_mail.h"
#include "strbuf.h"
#include "structure.h"
#include "structure_mail.h"
#include "text.h"
#include "user_text.h"
#include "util.h"

static int
is_en(const struct mail_request *req)
{
	return locale_is_en(req->locale);
}

/* fields_from_form - the offer fields of the form lines; count set */
static size_t
fields_from_form(const struct mail_request *req, struct offer_fields *f)
{
	size_t n = 0;

	for (size_t i = 0; i < req->nform; i++)
		n += offer_fields_set(f, req->form[i].key, req->form[i].value);
	return n;
}

/* find_pdf - the first PDF attachment, or NULL */
static const struct mail_attachment *
find_pdf(const struct mail_request *req)
{
	for (size_t i = 0; i < req->nattachments; i++)
		if (req->attachments[i].is_pdf)
			return &req->attachments[i];
	return NULL;
}

/* find_csv - the first CSV attachment, or NULL */
static const struct mail_attachment *
find_csv(const struct mail_request *req)
{
	for (size_t i = 0; i < req->nattachments; i++) {
		const struct mail_attachment *a = &req->attachments[i];
		size_t fl = strlen(a->filename);

		if (strcmp(a->content_type, "text/csv") == 0 ||
		    (fl > 4 && strcasecmp(a->filename + fl - 4, ".csv") == 0))
			return a;
	}
	return NULL;
}

/*
 * missing_reply - refused with missing_fields: the list, and the form to
 * send back, holding what was already given (f; NULL: blank)
 */
static enum input_result
missing_reply(const struct mail_request *req, const char *missing,
    const struct offer_fields *f, char **reason_r)
{
	char *form = f ? offer_form_filled(f, req->locale) : xstrdup(offer_form_blank(req->locale));
	enum input_result r;

	log_info("offer from '%s': missing %s", req->sender, missing);
	r = mail_action_refuse(req, "missing_fields",
	    xasprintf(is_en(req) ? "missing: %s.\n\nForm to fill in:\n%s" :
	    "champs manquants : %s.\n\nFormulaire à compléter :\n%s", missing, form),
	    xasprintf("missing fields: %s", missing), reason_r);
	free(form);
	return r;
}

/* store_pdf - the description PDF in the document store; 0 with *doc_r (0: none) */
static int
store_pdf(struct altc *ctx, const struct mail_request *req, int64_t *doc_r, int *too_big_r,
    char **errstr_r)
{
	const struct mail_attachment *a = find_pdf(req);

	*doc_r = 0;
	*too_big_r = 0;
	if (a == NULL)
		return 0;
	if ((long long)a->len > config_int(ctx->cfg, "offers.pdf_bytes")) {
		*too_big_r = 1;
		*errstr_r = xasprintf("'%s' is larger than %lld bytes", a->filename,
		    config_int(ctx->cfg, "offers.pdf_bytes"));
		return -1;
	}
	return document_store(ctx, req->sender_user_id, "offer", a->filename, a->filename,
	    a->data, a->len, doc_r, errstr_r);
}

/* submit_csv - every line of a CSV attachment, all or nothing */
static enum input_result
submit_csv(struct altc *ctx, const struct mail_request *req, int64_t company,
    const struct mail_attachment *a, char **reason_r)
{
	struct offer_fields *rows = NULL;
	struct strbuf missing = STRBUF_INIT;
	size_t n = 0, i;
	char *err = NULL;
	int rc = ACT_OK;
	int64_t id;

	if (offer_csv_parse(a->data, a->len, &rows, &n, &err) < 0 || n == 0)
		return mail_action_result(req, ACT_EINPUT, err ? err : xstrdup("no offer in the CSV"),
		    reason_r);
	for (i = 0; i < n; i++) {
		char *m = offer_fields_missing(&rows[i], 0, req->locale);

		if (m)
			strbuf_addf(&missing, "%s%s %zu : %s", missing.len ? "; " : "",
			    is_en(req) ? "line" : "ligne", i + 1, m);
		free(m);
	}
	if (missing.len) {
		enum input_result r = missing_reply(req, missing.buf, NULL, reason_r);

		strbuf_release(&missing);
		for (i = 0; i < n; i++)
			offer_fields_release(&rows[i]);
		free(rows);
		return r;
	}
	if (db_savepoint(ctx->db, "offer_csv") < 0)
		rc = ACT_EDB;
	for (i = 0; i < n && rc == ACT_OK; i++)
		if ((rc = offer_create(ctx, &rows[i], company, req->sender_user_id, 0, &id, &err))
		    != ACT_OK) {
			char *e = xasprintf("line %zu: %s", i + 1, err);

			free(err);
			err = e;
		}
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "offer_csv");
	else if (db_release(ctx->db, "offer_csv") < 0)
		rc = ACT_EDB;
	for (i = 0; i < n; i++)
		offer_fields_release(&rows[i]);
	free(rows);
	strbuf_release(&missing);
	return mail_action_result(req, rc, err, reason_r);
}

/* share_wanted - a "Partage" line that asks for sharing (structure, oui, yes) */
static int
share_wanted(const char *v)
{
	char *k = text_key(v ? v : "");
	int yes = strncmp(k, "structure", 9) == 0 || strcmp(k, "oui") == 0 ||
	    strcmp(k, "yes") == 0 || strcmp(k, "tous") == 0 || strcmp(k, "all") == 0;

	free(k);
	return yes;
}

/* own_company - whether an "Entreprise" line names the sender's company (its SIRET or name) */
static int
own_company(struct altc *ctx, int64_t company, const char *text)
{
	int64_t id = 0;
	char *err = NULL;

	if (company_lookup(ctx, text, &id, &err) != ACT_OK)
		free(err);
	return company != 0 && id == company;
}

/*
 * origin - a structure's user posts for a validated partner named in the
 * "Entreprise" line (or for their own company, when they have one), and
 * may share the offer and name the partner's contact: the company and the
 * origin into *company_r and o; ACT_OK or a refusal (errstr)
 */
static int
origin(struct altc *ctx, const struct mail_request *req, const struct offer_fields *f,
    int64_t *company_r, struct offer_origin *o, char **contact_r, char **errstr_r)
{
	int64_t sid = structure_of_user(ctx, req->sender_user_id), partner = 0;
	int rc;

	*contact_r = NULL;
	memset(o, 0, sizeof(*o));
	o->structure_id = sid;
	if (f->partner && !own_company(ctx, *company_r, f->partner)) {
		if (sid == 0) {
			*errstr_r = xasprintf("%s is not your company: only a structure posts for partners",
			    f->partner);
			return ACT_EDENIED;
		}
		if ((rc = structure_partner_resolve(ctx, sid, f->partner, &partner, company_r,
		    errstr_r)) != ACT_OK)
			return rc;
	} else if (*company_r == 0) {
		*errstr_r = xstrdup("name the partner company: a line Entreprise with its SIRET or name");
		return ACT_EINPUT;
	}
	if (f->share && share_wanted(f->share)) {
		if (sid == 0) {
			*errstr_r = xstrdup("only the users of a structure share an offer");
			return ACT_EDENIED;
		}
		o->shared = 1;
	}
	if (f->contact && partner == 0) {
		*errstr_r = xstrdup("a contact is named on the offer of a partner company only");
		return ACT_EINPUT;
	}
	if (partner && (rc = structure_partner_contact(ctx, partner, f->contact, contact_r,
	    errstr_r)) != ACT_OK)
		return rc;
	o->contact = *contact_r;
	return ACT_OK;
}

/* submit - an offer mailed by an employer or a structure's user */
static enum input_result
submit(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	const struct mail_attachment *csv = find_csv(req);
	struct offer_fields f;
	struct offer_origin from;
	int64_t company = req->sender_user_id ? company_of_user(ctx, req->sender_user_id) : 0;
	int64_t doc = 0, id = 0, own;
	char *missing, *err = NULL, *contact = NULL;
	int rc, too_big;

	if (company == 0 && req->sender_user_id && structure_of_user(ctx, req->sender_user_id)) {
		/* a structure's user: the partner company is named in the form */
	} else if (company == 0)
		return mail_action_refuse(req, "unknown_sender", xstrdup(is_en(req) ?
		    "Register your company first: write to inscription@ with the form lines"
		    " Raison sociale, SIRET, Adresse, Code postal, Ville, Nom, Prénom." :
		    "Inscrivez d'abord votre entreprise : écrivez à inscription@ avec les lignes"
		    " Raison sociale, SIRET, Adresse, Code postal, Ville, Nom, Prénom."),
		    xasprintf("'%s' is not an employer's address", req->sender), reason_r);
	if (csv && company == 0)
		return mail_action_result(req, ACT_EINPUT, xstrdup(
		    "partner offers come one by one, with a line Entreprise"), reason_r);
	if (csv)
		return submit_csv(ctx, req, company, csv, reason_r);
	offer_fields_init(&f);
	(void)fields_from_form(req, &f);
	if ((rc = origin(ctx, req, &f, &company, &from, &contact, &err)) != ACT_OK) {
		offer_fields_release(&f);
		return mail_action_result(req, rc, err, reason_r);
	}
	if (f.siret && from.structure_id == 0 &&
	    (company_find(ctx, f.siret, &own, &err) != 1 || own != company)) {
		char *e = xasprintf("SIRET %s is not your company's", f.siret);

		free(err);
		free(contact);
		offer_fields_release(&f);
		return mail_action_result(req, ACT_EINPUT, e, reason_r);
	}
	if ((missing = offer_fields_missing(&f, find_pdf(req) != NULL, req->locale)) != NULL) {
		enum input_result r = missing_reply(req, missing, &f, reason_r);

		free(missing);
		free(contact);
		offer_fields_release(&f);
		return r;
	}
	if (db_savepoint(ctx->db, "offer_mail") < 0) {
		free(contact);
		offer_fields_release(&f);
		*reason_r = xstrdup("savepoint failed");
		return INPUT_TEMPFAIL;
	}
	if (store_pdf(ctx, req, &doc, &too_big, &err) < 0)
		rc = too_big ? ACT_EINPUT : ACT_EDB;
	else
		rc = offer_create_from(ctx, &f, company, req->sender_user_id, doc, &from, &id, &err);
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "offer_mail");
	else if (db_release(ctx->db, "offer_mail") < 0)
		rc = ACT_EDB;
	free(contact);
	offer_fields_release(&f);
	return mail_action_result(req, rc, err, reason_r);
}

/* hits_json - one part of a search answer, with the duration and the team's opinion */
static json_object *
hits_json(struct altc *ctx, int64_t student_id, const struct offer_hits *h)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < h->n; i++) {
		json_object *o = json_object_new_object();
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "SELECT coalesce(duration, ''), handicap FROM offers WHERE id = ?");
		char *comment;
		int rating;

		json_object_object_add(o, "id", json_object_new_int64(h->v[i].id));
		json_object_object_add(o, "title", json_object_new_string(h->v[i].title));
		json_object_object_add(o, "company", json_object_new_string(h->v[i].company));
		json_object_object_add(o, "location", json_object_new_string(h->v[i].location));
		db_bind_int(st, 1, h->v[i].id);
		if (db_step(ctx->db, st, NULL) == 1) {
			json_object_object_add(o, "duration",
			    json_object_new_string(db_col_text(st, 0)));
			if (sqlite3_column_int(st, 1))
				json_object_object_add(o, "handicap", json_object_new_boolean(1));
		}
		sqlite3_reset(st);
		offer_opinion(ctx, h->v[i].id, student_id, &rating, &comment);
		if (rating > 0)
			json_object_object_add(o, "rating", json_object_new_int(rating));
		if (comment && *comment)
			json_object_object_add(o, "comment", json_object_new_string(comment));
		free(comment);
		json_object_array_add(a, o);
	}
	return a;
}

/* search - CHERCHER mots-clés [à lieu]: offer.search to the student */
static enum input_result
search(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	struct offer_hits pub, other;
	struct notify_msg m = { 0 };
	json_object *v;
	char *kw, *place, *err = NULL, tok[TOKEN_BUFSZ];
	int rc;

	offer_search_split(req->args ? req->args : "", &kw, &place);
	rc = offer_search(ctx, req->sender_user_id, kw, place,
	    (size_t)config_int(ctx->cfg, "offers.search_results"), &pub, &other, &err);
	if (rc != ACT_OK) {
		free(kw);
		free(place);
		return mail_action_result(req, rc, err, reason_r);
	}
	v = json_object_new_object();
	json_object_object_add(v, "query", json_object_new_string(kw));
	if (place)
		json_object_object_add(v, "place", json_object_new_string(place));
	json_object_object_add(v, "count", json_object_new_int64((int64_t)pub.n));
	json_object_object_add(v, "has_offers", json_object_new_boolean(pub.n > 0));
	json_object_object_add(v, "has_others", json_object_new_boolean(other.n > 0));
	json_object_object_add(v, "offers", hits_json(ctx, req->sender_user_id, &pub));
	json_object_object_add(v, "others", hits_json(ctx, req->sender_user_id, &other));
	m.user_id = req->sender_user_id;
	m.template = "offer.search";
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	if (offer_student_key(ctx, "user", req->sender_user_id, req->sender_user_id, tok,
	    &err) < 0)
		rc = ACT_EDB;
	m.token = tok;	/* answered with CHERCHER again, or POSTULER */
	if (rc == ACT_OK && notify_queue(ctx, &m, &err) < 0)
		rc = ACT_EDB;
	json_object_put(v);
	offer_hits_release(&pub);
	offer_hits_release(&other);
	free(kw);
	free(place);
	return mail_action_result(req, rc, err, reason_r);
}

enum input_result
offer_mail_offres(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->verb && strcmp(req->verb, "CHERCHER") == 0)
		return search(ctx, req, reason_r);
	if (req->verb && strcmp(req->verb, "PARTENAIRE") == 0)
		return structure_mail_partner(ctx, req, reason_r);
	if (req->verb && strcmp(req->verb, "RECOMMANDER") == 0) {
		char *err = NULL;
		int rc;

		if (req->sender_user_id == 0) {
			*reason_r = xstrdup("RECOMMANDER from an unknown sender");
			return INPUT_REJECTED;
		}
		rc = offer_recommend_student(ctx, req->sender_user_id, req->args, &err);
		return mail_action_result(req, rc, err, reason_r);
	}
	if (req->verb) {
		*reason_r = xasprintf("command %s not understood at offres@", req->verb);
		return INPUT_REJECTED;
	}
	return submit(ctx, req, reason_r);
}

/*
 * offer_mail_student - a student's answer to a mail that invites one (the
 * welcome, a new offer, search results): CHERCHER searches again; POSTULER
 * on the same key is the application module's
 */
enum input_result
offer_mail_student(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	if (req->token == NULL || req->token->user_id != req->sender_user_id) {
		*reason_r = xstrdup("a student's key answered by someone else");
		return INPUT_REJECTED;
	}
	if (req->verb && strcmp(req->verb, "CHERCHER") == 0)
		return search(ctx, req, reason_r);
	*reason_r = xasprintf("command %s not understood here", req->verb ? req->verb : "-");
	return INPUT_REJECTED;
}

enum input_result
offer_mail_review(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	static const struct { const char *verb; enum offer_decision d; } verbs[] = {
		{ "VALIDER", OFFER_VALIDATE }, { "REJETER", OFFER_REJECT },
		{ "TRANSFERER", OFFER_TRANSFER }, { "RECOMMANDER", OFFER_RECOMMEND },
	};
	const struct token_info *t = req->token;
	char *err = NULL;
	size_t i;
	int rc;

	if (t == NULL || req->verb == NULL) {
		*reason_r = xstrdup("a decision needs a reply key and a command");
		return INPUT_REJECTED;
	}
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(req->verb, verbs[i].verb) == 0)
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0])) {
		*reason_r = xasprintf("command %s not understood here", req->verb);
		return INPUT_REJECTED;
	}
	if (strcmp(t->object_type, "offer_pool") == 0)
		rc = offer_review_pool(ctx, t->object_id, req->sender_user_id, verbs[i].d,
		    req->args ? req->args : "", &err);
	else
		rc = offer_review(ctx, t->object_id, req->sender_user_id, verbs[i].d,
		    req->args ? req->args : "", &err);
	return mail_action_result(req, rc, err, reason_r);
}

enum input_result
offer_mail_owner(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	static const struct { const char *verb; enum offer_life op; } verbs[] = {
		{ "POURVUE", OFFER_FILL }, { "RETIRER", OFFER_WITHDRAW },
		{ "ARCHIVER", OFFER_ARCHIVE }, { "DUPLIQUER", OFFER_DUPLICATE },
		{ "PROLONGER", OFFER_EXTEND },
	};
	const struct token_info *t = req->token;
	struct offer_fields f;
	int64_t doc = 0;
	char *err = NULL;
	int rc, too_big;

	if (t == NULL) {
		*reason_r = xstrdup("no reply key");
		return INPUT_REJECTED;
	}
	if (req->verb && strcmp(req->verb, "PARTAGER") == 0) {
		rc = offer_share(ctx, t->object_id, req->sender_user_id, &err);
		return mail_action_result(req, rc, err, reason_r);
	}
	for (size_t i = 0; req->verb && i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(req->verb, verbs[i].verb) == 0) {
			rc = offer_lifecycle(ctx, t->object_id, req->sender_user_id, verbs[i].op, NULL,
			    &err);
			return mail_action_result(req, rc, err, reason_r);
		}
	if (req->verb && strcmp(req->verb, "MODIFIER") != 0) {
		*reason_r = xasprintf("command %s not understood here", req->verb);
		return INPUT_REJECTED;
	}
	/* changed form lines (and/or a new PDF): the offer goes back to validation */
	if ((rc = offer_owner_of(ctx, t->object_id, req->sender_user_id, &err)) != 1)
		return mail_action_result(req, rc < 0 ? ACT_EDB : ACT_EDENIED,
		    err ? err : xstrdup("not your offer"), reason_r);
	offer_fields_init(&f);
	(void)fields_from_form(req, &f);
	if (f.partner || f.contact) {
		offer_fields_release(&f);
		return mail_action_result(req, ACT_EINPUT, xstrdup(
		    "the company of an offer does not change"), reason_r);
	}
	if (f.share && share_wanted(f.share)) {
		/* "Partage : structure" alone shares the offer; with other lines, it is edited too */
		FREE_AND_NULL(f.share);
		if ((rc = offer_share(ctx, t->object_id, req->sender_user_id, &err)) != ACT_OK ||
		    offer_fields_count(&f) == 0) {
			offer_fields_release(&f);
			return mail_action_result(req, rc, err, reason_r);
		}
	}
	FREE_AND_NULL(f.share);
	if (db_savepoint(ctx->db, "offer_mail_edit") < 0) {
		offer_fields_release(&f);
		*reason_r = xstrdup("savepoint failed");
		return INPUT_TEMPFAIL;
	}
	if (store_pdf(ctx, req, &doc, &too_big, &err) < 0)
		rc = too_big ? ACT_EINPUT : ACT_EDB;
	else
		rc = offer_edit(ctx, t->object_id, &f, doc, req->sender_user_id, &err);
	if (rc != ACT_OK)
		db_rollback_to(ctx->db, "offer_mail_edit");
	else if (db_release(ctx->db, "offer_mail_edit") < 0)
		rc = ACT_EDB;
	offer_fields_release(&f);
	return mail_action_result(req, rc, err, reason_r);
}

static const char *const offres_verbs[] = { "CHERCHER", "RECOMMANDER", "PARTENAIRE", NULL };
static const char *const student_verbs[] = { "CHERCHER", NULL };
static const char *const review_verbs[] = { "VALIDER", "REJETER", "TRANSFERER", "RECOMMANDER",
	NULL };
static const char *const owner_verbs[] = { "POURVUE", "RETIRER", "ARCHIVER", "DUPLIQUER",
	"PROLONGER", "MODIFIER", "PARTAGER", NULL };
/* a reply without a command edits the offer (its form lines) */
const struct mail_action offer_mail_actions[] = {
	{ "offres", offres_verbs, offer_mail_offres, NULL, 0 },
	{ "offer_review", review_verbs, offer_mail_review, NULL, 0 },
	{ "offer_owner", owner_verbs, offer_mail_owner, "MODIFIER", 0 },
	{ OFFER_STUDENT_PURPOSE, student_verbs, offer_mail_student, NULL, 0 },
	{ NULL, NULL, NULL, NULL, 0 }
};

/* the verbs of these actions that the reply parser does not know of itself */
const struct mail_verb offer_mail_verbs[] = {
	{ "MODIFIER", "MODIFIER" }, { "CORRIGER", "MODIFIER" }, { "EDIT", "MODIFIER" },
	{ "PARTAGER", "PARTAGER" }, { "SHARE", "PARTAGER" },
	{ NULL, NULL }
};

/* the templates the offer workflow queues */
const char *const offer_templates[] = {
	"offer.received", "offer.to_validate", "offer.published", "offer.rejected",
	"offer.transferred", "offer.expiring", "offer.new_for_formation", "offer.search",
	"offer.shared", NULL
};
