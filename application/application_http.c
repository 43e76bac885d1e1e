/*
 * application_http.c - the page behind the links of an application's
 * documents (/s/TOKEN, purpose document_download), for the employer whose
 * mail could not carry them (documents.attach_max): GET lists the
 * documents with their type and size, GET /s/TOKEN/ID sends the PDF of one
 * of them.  The key is the employer's, valid as long as the reply key of
 * the application, and reaches only that application's documents.
 * Nothing is written: a download is logged, not audited, since GET never
 * writes (mail scanners fetch links).
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "application.h"
#include "application_int.h"
#include "db.h"
#include "document.h"
#include "document_user.h"
#include "http.h"
#include "http_pages.h"
#include "log.h"
#include "strbuf.h"
#include "text.h"
#include "token.h"
#include "util.h"

static const struct page_text gone = {
	{ "Lien expiré", "Link expired" },
	{ "Ce lien de téléchargement n'est plus valable : il a expiré ou la candidature est close.",
	  "This download link is no longer valid: it expired or the application is closed." },
	{ NULL, NULL }, NULL
};
static const struct page_text missing = {
	{ "Document indisponible", "Document unavailable" },
	{ "Ce document n'est plus disponible.", "This document is no longer available." },
	{ NULL, NULL }, NULL
};

/* heading - the student and the offer of the application; 1, 0 unknown, -1 SQL */
static int
heading(const struct http_call *call, struct strbuf *body)
{
	struct altc *ctx = call->ctx;
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email),"
	    " coalesce(o.title, c.name) FROM applications a JOIN users u ON u.id = a.student_id"
	    " JOIN companies c ON c.id = a.company_id"
	    " LEFT JOIN offers o ON o.id = a.offer_id WHERE a.id = ?");
	int en = locale_is_en(call->locale), rc;
	char *e = NULL;

	db_bind_int(st, 1, call->t->object_id);
	if ((rc = db_step(ctx->db, st, &e)) == 1) {
		page_head(body, call->locale, en ? "Application documents" :
		    "Documents de la candidature");
		strbuf_addstr(body, "<p><strong>");
		page_escape(body, db_col_text(st, 0));
		strbuf_addstr(body, en ? "</strong> applies to the offer “" :
		    "</strong> postule à l'offre « ");
		page_escape(body, db_col_text(st, 1));
		strbuf_addstr(body, en ? "”.</p>\n" : " ».</p>\n");
	} else if (rc < 0) {
		log_warnx("http: documents: %s", e);
		free(e);
	}
	sqlite3_reset(st);
	return rc;
}

/* list - the documents, a download link each */
static unsigned
list(const struct http_call *call, struct strbuf *body)
{
	struct altc *ctx = call->ctx;
	sqlite3_stmt *st;
	int en = locale_is_en(call->locale), rc, n = 0;
	char *e = NULL;

	if ((rc = heading(call, body)) < 0) {
		page_message(body, PAGE_ERROR, call->locale, NULL, NULL, NULL);
		return HTTP_UNAVAILABLE;
	}
	if (rc == 0) {
		page_text(body, &gone, call->locale, NULL, NULL, NULL);
		return HTTP_GONE;
	}
	st = db_prepare(ctx->db,
	    "SELECT d.id, d.type, d.filename, d.size FROM application_documents ad"
	    " JOIN documents d ON d.id = ad.document_id"
	    " WHERE ad.application_id = ? AND d.deleted_at IS NULL AND d.type IN " APP_EMPLOYER_TYPES
	    " ORDER BY CASE d.type WHEN 'cv' THEN 0 ELSE 1 END, d.id");
	db_bind_int(st, 1, call->t->object_id);
	strbuf_addstr(body, "<ul>\n");
	while ((rc = db_step(ctx->db, st, &e)) == 1) {
		char *url = app_download_url(ctx, call->token, sqlite3_column_int64(st, 0));

		strbuf_addstr(body, "<li><a href=\"");
		page_escape(body, url);
		strbuf_addstr(body, "\" download>");
		page_escape(body, db_col_text(st, 2));
		strbuf_addstr(body, "</a> — ");
		page_escape(body, document_type_label(db_col_text(st, 1), call->locale));
		strbuf_addstr(body, ", PDF, ");
		text_size(body, sqlite3_column_int64(st, 3), call->locale);
		strbuf_addstr(body, "</li>\n");
		free(url);
		n++;
	}
	sqlite3_reset(st);
	strbuf_addstr(body, "</ul>\n");
	if (rc < 0) {
		log_warnx("http: documents: %s", e);
		free(e);
		strbuf_reset(body);
		page_message(body, PAGE_ERROR, call->locale, NULL, NULL, NULL);
		return HTTP_UNAVAILABLE;
	}
	if (n == 0)
		strbuf_addstr(body, en ? "<p>No document is available.</p>\n" :
		    "<p>Aucun document n'est disponible.</p>\n");
	strbuf_addstr(body, en ? "<p class=\"hint\">This link works while the application is"
	    " open, and after you accept it.</p>\n" : "<p class=\"hint\">Ce lien reste valable tant"
	    " que la candidature est ouverte, et après son acceptation.</p>\n");
	page_tail(body);
	return HTTP_OK;
}

/* doc_id - the document id NAME gives (digits only), 0 if none */
static int64_t
doc_id(const char *name)
{
	int64_t id = 0;
	size_t i;

	for (i = 0; name[i] >= '0' && name[i] <= '9' && i < 18; i++)
		id = id * 10 + (name[i] - '0');
	return name[i] == '\0' ? id : 0;
}

/* pdf_name - the name offered for saving, ending in .pdf; caller frees */
static char *
pdf_name(const char *filename)
{
	size_t len = strlen(filename);

	if (len >= 4 && strcasecmp(filename + len - 4, ".pdf") == 0)
		return xstrdup(filename);
	return xasprintf("%s.pdf", filename);
}

/* download - the bytes of one document of the application, 404 for any other */
static unsigned
download(const struct http_call *call, struct strbuf *body)
{
	struct altc *ctx = call->ctx;
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM application_documents ad JOIN documents d ON d.id = ad.document_id"
	    " WHERE ad.application_id = ? AND ad.document_id = ? AND d.deleted_at IS NULL"
	    " AND d.type IN " APP_EMPLOYER_TYPES);
	int64_t id = doc_id(call->name);
	char *path = NULL, *filename = NULL, *e = NULL, *name;
	struct stat sb;
	int rc, fd = -1;

	db_bind_int(st, 1, call->t->object_id);
	db_bind_int(st, 2, id);
	rc = id > 0 ? db_step(ctx->db, st, &e) : 0;
	sqlite3_reset(st);
	if (rc == 0) {
		page_message(body, PAGE_NOT_FOUND, call->locale, NULL, NULL, NULL);
		return HTTP_NOT_FOUND;
	}
	if (rc < 0 || document_path(ctx, id, &path, &filename, &e) < 0) {
		log_warnx("http: document %lld: %s", (long long)id, e);
		free(e);
		page_message(body, PAGE_ERROR, call->locale, NULL, NULL, NULL);
		return HTTP_UNAVAILABLE;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 || fstat(fd, &sb) < 0 ||
	    !S_ISREG(sb.st_mode)) {
		log_warn("http: document %lld: '%s'", (long long)id, path);
		if (fd >= 0)
			close(fd);
		free(path);
		free(filename);
		page_text(body, &missing, call->locale, NULL, NULL, NULL);
		return HTTP_GONE;
	}
	name = pdf_name(filename);
	http_call_file(call, fd, (uint64_t)sb.st_size, "application/pdf", name);
	log_info("http: document %lld of application %lld sent", (long long)id,
	    (long long)call->t->object_id);
	free(name);
	free(path);
	free(filename);
	return HTTP_OK;
}

static unsigned
answer(const struct http_call *call, struct strbuf *body)
{
	if (call->status != TOKEN_OK || strcmp(call->t->object_type, "application") != 0) {
		page_text(body, &gone, call->locale, NULL, NULL, NULL);
		return HTTP_GONE;
	}
	return *call->name ? download(call, body) : list(call, body);
}

const struct http_page application_pages[] = {
	{ APP_DOWNLOAD_PURPOSE, answer },
	{ NULL, NULL }
};
