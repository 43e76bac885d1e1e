/*
 * document_mail.c - documents by mail.  A student writes to documents@
 * with PDFs attached; the type, label and default flag come from form
 * lines (Type:, Libellé:, Par défaut:, Référence:) or else from the
 * subject ("CV", "LM Benotti par défaut").  Every file is checked by
 * content before anything is kept: one bad file refuses the whole mail,
 * naming it, so that nothing is half done.  The answer is a receipt that
 * lists the student's documents, with a reply key for DOCUMENTS and
 * SUPPRIMER.
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "application.h"
#include "application_mail.h"
#include "config.h"
#include "db.h"
#include "document_check.h"
#include "document_user.h"
#include "log.h"
#include "notify.h"
#include "token.h"
#include "user_text.h"
#include "util.h"

#define OWNER_VERBS "DOCUMENTS,SUPPRIMER"

/* first_form - the first of several form keys that is set, or NULL */
static const char *
first_form(const struct mail_request *req, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *v = mail_form_get(req, *keys);

		if (v && *v)
			return v;
	}
	return NULL;
}

/* meta_of - what the mail says of its documents */
static void
meta_of(const struct mail_request *req, struct document_meta *m, int subject_too)
{
	static const char *const type_keys[] = { "type", "type_de_document", "document", NULL };
	static const char *const label_keys[] = { "libelle", "label", "nom_du_document", NULL };
	static const char *const default_keys[] = { "par_defaut", "defaut", "default", NULL };
	static const char *const ref_keys[] = { "reference", "reference_profil", "profil",
		"reference_du_profil", NULL };
	const char *v;

	document_meta_init(m);
	if ((v = first_form(req, type_keys)) != NULL)
		(void)document_type_parse(v, m->type);
	if ((v = first_form(req, label_keys)) != NULL)
		m->label = xstrdup(v);
	if ((v = first_form(req, default_keys)) != NULL)
		m->is_default = document_yes(v);
	if ((v = first_form(req, ref_keys)) != NULL)
		m->is_reference = document_yes(v);
	if (subject_too)
		document_meta_parse_subject(m, req->subject);
}

/* ignored - an inline image of a signature: neither kept nor refused */
static int
ignored(const struct mail_attachment *a)
{
	size_t n = strlen(a->filename);

	return strncmp(a->content_type, "image/", 6) == 0 &&
	    !(n > 4 && strcasecmp(a->filename + n - 4, ".pdf") == 0);
}

enum input_result
document_mail_store(struct altc *ctx, const struct mail_request *req, int64_t owner,
    int64_t **ids_r, size_t *n_r, char **reason_r)
{
	size_t max = (size_t)config_int(ctx->cfg, "documents.max_bytes"), nfiles = 0, i;
	struct document_meta m;
	char *err = NULL;
	int rc = 0;

	*ids_r = NULL;
	*n_r = 0;
	for (i = 0; i < req->nattachments; i++) {
		const struct mail_attachment *a = &req->attachments[i];

		if (ignored(a))
			continue;
		if (document_check(a->filename, a->data, a->len, max, &err) != DOCUMENT_OK) {
			char *fr = user_text(req->locale, err);

			req->answer->code = "invalid";
			free(req->answer->detail);
			req->answer->detail = fr;
			*reason_r = xasprintf("document refused: %s", err);
			free(err);
			return INPUT_REJECTED;
		}
		nfiles++;
	}
	/* a label or a type named once applies to a single file only */
	meta_of(req, &m, strcmp(req->route, "documents") == 0);
	if (nfiles > 1) {
		free(m.label);
		m.label = NULL;
		m.type[0] = '\0';
	}
	for (i = 0; i < req->nattachments && rc == 0; i++) {
		const struct mail_attachment *a = &req->attachments[i];
		int64_t id;

		if (ignored(a))
			continue;
		if ((rc = document_user_add(ctx, owner, &m, a->filename, a->data, a->len, &id,
		    &err)) == 0) {
			*ids_r = xreallocarray(*ids_r, *n_r + 1, sizeof(**ids_r));
			(*ids_r)[(*n_r)++] = id;
			log_info("document %lld: '%s' from '%s' (%zu bytes)", (long long)id,
			    a->filename, req->sender, a->len);
		}
	}
	document_meta_release(&m);
	if (rc < 0) {
		free(*ids_r);
		*ids_r = NULL;
		*n_r = 0;
		*reason_r = xasprintf("document store: %s", err ? err : "?");
		free(err);
		return INPUT_TEMPFAIL;
	}
	return INPUT_DONE;
}

/* receipt - document.receipt: the student's documents, what just happened, a reply key */
static int
receipt(struct altc *ctx, const struct mail_request *req, size_t added, const char *removed,
    char **errstr_r)
{
	struct document_rows rows;
	struct notify_msg n = { 0 };
	char tok[TOKEN_BUFSZ];
	json_object *v, *list;
	int64_t rc;

	if (document_user_list(ctx, req->sender_user_id, &rows, errstr_r) < 0)
		return -1;
	if (token_issue(ctx->db, "documents_owner", "user", req->sender_user_id,
	    req->sender_user_id, OWNER_VERBS, config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok,
	    errstr_r) < 0) {
		document_rows_release(&rows);
		return -1;
	}
	v = json_object_new_object();
	list = json_object_new_array();
	for (size_t i = 0; i < rows.n; i++) {
		json_object *d = json_object_new_object();
		char kb[32];

		(void)xsnprintf(kb, sizeof(kb), "%lld", (long long)((rows.v[i].size + 1023) / 1024));
		json_object_object_add(d, "type", json_object_new_string(
		    document_type_label(rows.v[i].type, req->locale)));
		json_object_object_add(d, "label", json_object_new_string(rows.v[i].label));
		json_object_object_add(d, "filename", json_object_new_string(rows.v[i].filename));
		json_object_object_add(d, "version", json_object_new_int(rows.v[i].version));
		json_object_object_add(d, "size_kb", json_object_new_string(kb));
		json_object_object_add(d, "is_default", json_object_new_boolean(rows.v[i].is_default));
		json_object_object_add(d, "is_reference",
		    json_object_new_boolean(rows.v[i].is_reference));
		json_object_array_add(list, d);
	}
	json_object_object_add(v, "documents", list);
	json_object_object_add(v, "count", json_object_new_int64((int64_t)rows.n));
	json_object_object_add(v, "has_documents", json_object_new_boolean(rows.n > 0));
	json_object_object_add(v, "added", json_object_new_int64((int64_t)added));
	if (removed)
		json_object_object_add(v, "removed", json_object_new_string(removed));
	json_object_object_add(v, "one_click", json_object_new_boolean(db_int_for(ctx->db,
	    "SELECT one_click_consent FROM users WHERE email = ?", req->sender) > 0));
	n.user_id = req->sender_user_id;
	n.template = "document.receipt";
	n.importance = NOTIFY_ACTION;
	n.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	n.token = tok;
	rc = notify_queue(ctx, &n, errstr_r);
	json_object_put(v);
	document_rows_release(&rows);
	return rc < 0 ? -1 : 0;
}

/* set_consent - the student's consent to one-click applications, audited */
static int
set_consent(struct altc *ctx, int64_t user_id, int yes, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE users SET one_click_consent = ?2 WHERE id = ?1 AND role = 'student'");

	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, yes);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	return db_audit(ctx->db, NULL, "user", user_id, NULL, "one_click_consent",
	    yes ? "yes" : "no", NULL) < 0 ? -1 : 0;
}

/* temp - a database failure as a temporary one */
static enum input_result
temp(char *err, char **reason_r)
{
	*reason_r = xasprintf("database: %s", err ? err : "?");
	free(err);
	return INPUT_TEMPFAIL;
}

enum input_result
document_mail_apply(struct altc *ctx, const struct mail_request *req, char **reason_r)
{
	static const char *const consent_keys[] = { "candidature_en_un_clic", "en_un_clic", "un_clic",
		"one_click", NULL };
	enum input_result r;
	const char *consent;
	int64_t *ids;
	size_t n;
	char *err = NULL;
	int removed, yes = -1;

	if (req->sender_user_id == 0) {
		req->answer->code = "unknown_sender";
		*reason_r = xasprintf("'%s' has no account", req->sender);
		return INPUT_REJECTED;
	}
	/* a reply to the receipt with PDFs attached and no command adds them */
	if (req->verb && strcmp(req->verb, "DOCUMENTS") == 0 && req->nattachments == 0)
		return receipt(ctx, req, 0, NULL, &err) < 0 ? temp(err, reason_r) : INPUT_DONE;
	if (req->verb && strcmp(req->verb, "SUPPRIMER") == 0) {
		if (req->args == NULL || *req->args == '\0')
			return application_mail_refuse(req, APPLICATION_EINPUT, xstrdup(
			    "name the document to remove: SUPPRIMER followed by its label"), reason_r);
		if (document_user_remove(ctx, req->sender_user_id, req->args, &removed, &err) < 0)
			return temp(err, reason_r);
		if (removed == 0)
			return application_mail_refuse(req, APPLICATION_ENOTFOUND, xasprintf(
			    "no document labelled '%s'", req->args), reason_r);
		return receipt(ctx, req, 0, req->args, &err) < 0 ? temp(err, reason_r) : INPUT_DONE;
	}
	if ((consent = first_form(req, consent_keys)) != NULL &&
	    (yes = document_yes(consent)) >= 0 && set_consent(ctx, req->sender_user_id, yes, &err) < 0)
		return temp(err, reason_r);
	if ((r = document_mail_store(ctx, req, req->sender_user_id, &ids, &n, reason_r)) !=
	    INPUT_DONE)
		return r;
	free(ids);
	if (n == 0 && consent && yes >= 0)
		return receipt(ctx, req, 0, NULL, &err) < 0 ? temp(err, reason_r) : INPUT_DONE;
	if (n == 0)
		return application_mail_refuse(req, APPLICATION_EINPUT, xstrdup(
		    "no PDF attached: attach your CV or cover letter as a PDF file"), reason_r);
	return receipt(ctx, req, n, NULL, &err) < 0 ? temp(err, reason_r) : INPUT_DONE;
}
