/*
 * application.c - creating applications and the queries around them.  The
 * creation is the only move not in the state table: the first state
 * depends on the student (autonomous or not), so it is chosen here, with
 * its audit row and its mail, then every later move goes through app_fsm.
 */
#include "compat.h"

#include "altc.h"
#include "application.h"
#include "application_int.h"
#include "company.h"
#include "config.h"
#include "db.h"
#include "document_user.h"
#include "fsm.h"
#include "log.h"
#include "structure.h"
#include "util.h"

/* check_student - a registered student; APPLICATION_OK or a refusal */
static int
check_student(struct altc *ctx, int64_t student_id, int *autonomous_r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT role, state, autonomous FROM users WHERE id = ?");
	int rc, status = APPLICATION_OK;

	db_bind_int(st, 1, student_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) < 0)
		status = APPLICATION_EDB;
	else if (rc == 0 || strcmp(db_col_text(st, 0), "student") != 0) {
		*errstr_r = xstrdup("only students apply to offers");
		status = APPLICATION_EDENIED;
	} else if (strcmp(db_col_text(st, 1), "closed") == 0) {
		*errstr_r = xstrdup("your account is closed");
		status = APPLICATION_EDENIED;
	} else
		*autonomous_r = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	return status;
}

/* check_offer - an offer still open to applications (published, or awaiting validation) */
static int
check_offer(struct altc *ctx, int64_t offer_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT state FROM offers WHERE id = ?");
	int rc, status = APPLICATION_OK;

	db_bind_int(st, 1, offer_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) < 0)
		status = APPLICATION_EDB;
	else if (rc == 0) {
		*errstr_r = xasprintf("no offer %lld", (long long)offer_id);
		status = APPLICATION_ENOTFOUND;
	} else if (strcmp(db_col_text(st, 0), "published") != 0 &&
	    strcmp(db_col_text(st, 0), "pending") != 0) {
		*errstr_r = xasprintf("offer %lld is %s: it no longer takes applications",
		    (long long)offer_id, db_col_text(st, 0));
		status = APPLICATION_ESTATE;
	}
	sqlite3_reset(st);
	return status;
}

/*
 * check_company - a company that takes spontaneous applications and has
 * someone on the platform to read them: its referent, or the structure's
 * user of a partner company
 */
static int
check_company(struct altc *ctx, int64_t company_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT name, state, spontaneous FROM companies WHERE id = ?");
	int rc, status = APPLICATION_OK;

	db_bind_int(st, 1, company_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) < 0)
		status = APPLICATION_EDB;
	else if (rc == 0 || strcmp(db_col_text(st, 1), "active") != 0) {
		*errstr_r = xstrdup("no such company on the platform");
		status = APPLICATION_ENOTFOUND;
	} else if (sqlite3_column_int(st, 2) == 0) {
		*errstr_r = xasprintf("%s does not take spontaneous applications",
		    db_col_text(st, 0));
		status = APPLICATION_ESTATE;
	} else if (company_referent(ctx, company_id) == 0 &&
	    structure_contact_of(ctx, company_id) == 0) {
		*errstr_r = xasprintf("%s has nobody to read a spontaneous application",
		    db_col_text(st, 0));
		status = APPLICATION_ESTATE;
	}
	sqlite3_reset(st);
	return status;
}

/*
 * check_unique - one application per (student, offer), one spontaneous
 * application per (student, company), and the cap on open ones
 */
static int
check_unique(struct altc *ctx, const struct application_request *r, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT CASE WHEN ?2 <> 0 THEN (SELECT state FROM applications WHERE student_id = ?1"
	    "   AND offer_id = ?2) ELSE (SELECT state FROM applications WHERE student_id = ?1"
	    "   AND offer_id IS NULL AND company_id = ?3) END,"
	    " (SELECT count(*) FROM applications WHERE student_id = ?1"
	    "   AND state IN ('referent_review', 'pending', 'shortlisted')),"
	    " (SELECT name FROM companies WHERE id = ?3)");
	long long cap = config_int(ctx->cfg, "applications.max_open");
	int rc, status = APPLICATION_OK;

	db_bind_int(st, 1, r->student_id);
	db_bind_int(st, 2, r->offer_id);
	db_bind_int(st, 3, r->company_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) <= 0)
		status = APPLICATION_EDB;
	else if (sqlite3_column_type(st, 0) != SQLITE_NULL && r->offer_id == 0) {
		*errstr_r = xasprintf("you already wrote to %s (application %s)",
		    db_col_text(st, 2), db_col_text(st, 0));
		status = APPLICATION_ESTATE;
	} else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*errstr_r = xasprintf("you already applied to offer %lld (application %s)",
		    (long long)r->offer_id, db_col_text(st, 0));
		status = APPLICATION_ESTATE;
	} else if (cap > 0 && sqlite3_column_int64(st, 1) >= cap) {
		*errstr_r = xasprintf("you already have %lld open applications, the most allowed",
		    (long long)sqlite3_column_int64(st, 1));
		status = APPLICATION_ESTATE;
	}
	sqlite3_reset(st);
	return status;
}

/* owned_doc - whether doc belongs to student and is not removed */
static int
owned_doc(struct altc *ctx, int64_t student_id, int64_t doc)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT 1 FROM documents WHERE id = ?1 AND user_id = ?2 AND deleted_at IS NULL");
	int rc;

	db_bind_int(st, 1, doc);
	db_bind_int(st, 2, student_id);
	rc = db_step(ctx->db, st, NULL);
	sqlite3_reset(st);
	return rc == 1;
}

/* link_docs - the documents of the application: those given, else the defaults */
static int
link_docs(struct altc *ctx, const struct application_request *r, int64_t id, char **errstr_r)
{
	int64_t defaults[2], *docs = (int64_t *)r->docs;
	size_t n = r->ndocs;
	sqlite3_stmt *st;

	if (n == 0) {
		defaults[0] = document_user_default(ctx, r->student_id, "cv");
		defaults[1] = document_user_default(ctx, r->student_id, "lm");
		if (defaults[0] < 0 || defaults[1] < 0)
			return APPLICATION_EDB;
		if (defaults[0] == 0) {
			*errstr_r = xstrdup("no CV: attach it as a PDF, or send it to documents@");
			return APPLICATION_EINPUT;
		}
		docs = defaults;
		n = defaults[1] ? 2 : 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!owned_doc(ctx, r->student_id, docs[i])) {
			*errstr_r = xasprintf("document %lld is not yours", (long long)docs[i]);
			return APPLICATION_EDENIED;
		}
		st = db_prepare(ctx->db, "INSERT OR IGNORE INTO application_documents"
		    " (application_id, document_id) VALUES (?, ?)");
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, docs[i]);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return APPLICATION_EDB;
	}
	return APPLICATION_OK;
}

/* insert - the row, its documents, its audit row and its first mail */
static int
insert(struct altc *ctx, const struct application_request *r, int autonomous, int64_t *id_r,
    char **errstr_r)
{
	const char *state = autonomous ? "pending" : "referent_review";
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "INSERT INTO applications (student_id, offer_id, company_id, state, comment, one_click,"
	    " created_at, updated_at) VALUES (?1, ?2,"
	    " coalesce((SELECT company_id FROM offers WHERE id = ?2), ?7), ?3, ?4, ?5, ?6, ?6)");
	struct app_row a;
	int status;

	db_bind_int(st, 1, r->student_id);
	if (r->offer_id)
		db_bind_int(st, 2, r->offer_id);
	db_bind_int(st, 7, r->company_id);
	db_bind_text(st, 3, state);
	db_bind_text(st, 4, r->comment && *r->comment ? r->comment : NULL);
	db_bind_int(st, 5, r->one_click);
	db_bind_int(st, 6, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return APPLICATION_EDB;
	*id_r = sqlite3_last_insert_rowid(ctx->db->h);
	if ((status = link_docs(ctx, r, *id_r, errstr_r)) != APPLICATION_OK)
		return status;
	if (db_audit(ctx->db, app_user_email(ctx, r->student_id), "application", *id_r, NULL,
	    "create", state, r->comment) < 0 || app_load(ctx, *id_r, &a, errstr_r) != 1)
		return APPLICATION_EDB;
	if (autonomous)
		status = app_notify(ctx, &a, "application.received", NULL, errstr_r) < 0 ||
		    app_notify(ctx, &a, "application.sent", NULL, errstr_r) < 0;
	else
		status = app_notify(ctx, &a, "application.to_review", NULL, errstr_r) < 0;
	app_row_release(&a);
	if (status)
		return APPLICATION_EDB;
	if (r->offer_id)
		log_info("application %lld: student '%s' applies to offer %lld (%s)",
		    (long long)*id_r, app_user_email(ctx, r->student_id), (long long)r->offer_id,
		    state);
	else
		log_info("application %lld: student '%s' writes to company %lld (%s)",
		    (long long)*id_r, app_user_email(ctx, r->student_id), (long long)r->company_id,
		    state);
	return APPLICATION_OK;
}

int
application_create(struct altc *ctx, const struct application_request *r, int64_t *id_r,
    char **errstr_r)
{
	int autonomous = 1, status;

	if ((status = check_student(ctx, r->student_id, &autonomous, errstr_r)) != APPLICATION_OK ||
	    (status = r->offer_id ? check_offer(ctx, r->offer_id, errstr_r) :
	    check_company(ctx, r->company_id, errstr_r)) != APPLICATION_OK ||
	    (status = check_unique(ctx, r, errstr_r)) != APPLICATION_OK)
		return status;
	if (db_savepoint(ctx->db, "application_create") < 0) {
		*errstr_r = xstrdup("cannot open a savepoint");
		return APPLICATION_EDB;
	}
	status = insert(ctx, r, autonomous, id_r, errstr_r);
	if (status != APPLICATION_OK)
		db_rollback_to(ctx->db, "application_create");
	else if (db_release(ctx->db, "application_create") < 0)
		status = APPLICATION_EDB;
	return status;
}

int
application_set_autonomous(struct altc *ctx, int64_t student_id, int autonomous,
    const char *actor, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "UPDATE users SET autonomous = ?1, updated_at = ?3"
	    " WHERE id = ?2 AND role = 'student'");

	db_bind_int(st, 1, autonomous != 0);
	db_bind_int(st, 2, student_id);
	db_bind_int(st, 3, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return APPLICATION_EDB;
	if (sqlite3_changes(ctx->db->h) != 1) {
		*errstr_r = xasprintf("user %lld is not a student", (long long)student_id);
		return APPLICATION_ENOTFOUND;
	}
	if (db_audit(ctx->db, actor, "user", student_id, NULL, "set_autonomous",
	    autonomous ? "autonomous" : "non_autonomous", NULL) < 0) {
		*errstr_r = xstrdup("audit row");
		return APPLICATION_EDB;
	}
	log_info("student %lld: %s (%s)", (long long)student_id,
	    autonomous ? "autonomous" : "non_autonomous", actor ? actor : "staff");
	return APPLICATION_OK;
}

int
application_ask_advice(struct altc *ctx, int64_t app_id, int64_t student_id, const char *text,
    char **errstr_r)
{
	struct app_row a;
	int rc;

	if ((rc = app_load(ctx, app_id, &a, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no application %lld", (long long)app_id);
		return rc == 0 ? APPLICATION_ENOTFOUND : APPLICATION_EDB;
	}
	if (a.student_id != student_id) {
		*errstr_r = xasprintf("application %lld is not yours", (long long)app_id);
		rc = APPLICATION_EDENIED;
	} else if (strcmp(a.state, "refused") == 0 || strcmp(a.state, "abandoned") == 0 ||
	    strcmp(a.state, "closed") == 0) {
		*errstr_r = xstrdup("this application is closed");
		rc = APPLICATION_ESTATE;
	} else if (app_referent(ctx, student_id) == 0) {
		*errstr_r = xstrdup("no referent follows you: ask your formation's team");
		rc = APPLICATION_EINPUT;
	} else if (app_notify(ctx, &a, "application.advice", text, errstr_r) < 0 ||
	    app_notify(ctx, &a, "application.advice_sent", text, errstr_r) < 0 ||
	    db_audit(ctx->db, a.student_email, "application", app_id, NULL, "advice", NULL,
	    text) < 0)
		rc = APPLICATION_EDB;
	else
		rc = APPLICATION_OK;
	app_row_release(&a);
	return rc;
}

int
application_give_advice(struct altc *ctx, int64_t app_id, int64_t referent_id, const char *text,
    char **errstr_r)
{
	sqlite3_stmt *st;
	struct app_row a;
	int rc;

	if (text == NULL || *text == '\0') {
		*errstr_r = xstrdup("the advice is empty: CONSEIL followed by your text");
		return APPLICATION_EINPUT;
	}
	if ((rc = app_load(ctx, app_id, &a, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no application %lld", (long long)app_id);
		return rc == 0 ? APPLICATION_ENOTFOUND : APPLICATION_EDB;
	}
	rc = APPLICATION_OK;
	if (referent_id != app_referent(ctx, a.student_id)) {
		*errstr_r = xstrdup("you do not follow this student");
		rc = APPLICATION_EDENIED;
	}
	if (rc == APPLICATION_OK) {
		st = db_prepare(ctx->db, "INSERT INTO student_notes (student_id, author_id, kind, body,"
		    " created_at) VALUES (?1, ?2, 'message', ?3, ?4)");
		db_bind_int(st, 1, a.student_id);
		db_bind_int(st, 2, referent_id);
		db_bind_text(st, 3, text);
		db_bind_int(st, 4, now_epoch());
		if (db_done(ctx->db, st, errstr_r) < 0 ||
		    app_notify(ctx, &a, "application.advice_reply", text, errstr_r) < 0 ||
		    db_audit(ctx->db, app_user_email(ctx, referent_id), "application", app_id, NULL,
		    "advice_given", NULL, text) < 0)
			rc = APPLICATION_EDB;
	}
	app_row_release(&a);
	return rc;
}

int
application_referent_edit(struct altc *ctx, int64_t app_id, int64_t referent_id,
    const char *comment, const int64_t *docs, size_t ndocs, char **errstr_r)
{
	sqlite3_stmt *st;
	struct app_row a;
	int rc;

	if ((rc = app_load(ctx, app_id, &a, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no application %lld", (long long)app_id);
		return rc == 0 ? APPLICATION_ENOTFOUND : APPLICATION_EDB;
	}
	rc = APPLICATION_OK;
	if (strcmp(a.state, "referent_review") != 0) {
		*errstr_r = xasprintf("application %lld is no longer in review", (long long)app_id);
		rc = APPLICATION_ESTATE;
	} else if (referent_id != app_referent(ctx, a.student_id)) {
		*errstr_r = xasprintf("application %lld is not yours to decide", (long long)app_id);
		rc = APPLICATION_EDENIED;
	}
	if (rc == APPLICATION_OK && comment) {
		st = db_prepare(ctx->db, "UPDATE applications SET comment = ?2 WHERE id = ?1");
		db_bind_int(st, 1, app_id);
		db_bind_text(st, 2, comment);
		if (db_done(ctx->db, st, errstr_r) < 0)
			rc = APPLICATION_EDB;
	}
	for (size_t i = 0; i < ndocs && rc == APPLICATION_OK; i++) {
		/* the new document takes the place of the one of its type */
		st = db_prepare(ctx->db, "DELETE FROM application_documents WHERE application_id = ?1"
		    " AND document_id IN (SELECT id FROM documents WHERE type ="
		    " (SELECT type FROM documents WHERE id = ?2))");
		db_bind_int(st, 1, app_id);
		db_bind_int(st, 2, docs[i]);
		if (db_done(ctx->db, st, errstr_r) < 0) {
			rc = APPLICATION_EDB;
			break;
		}
		st = db_prepare(ctx->db, "INSERT OR IGNORE INTO application_documents"
		    " (application_id, document_id) VALUES (?1, ?2)");
		db_bind_int(st, 1, app_id);
		db_bind_int(st, 2, docs[i]);
		if (db_done(ctx->db, st, errstr_r) < 0)
			rc = APPLICATION_EDB;
	}
	if (rc == APPLICATION_OK && (comment || ndocs) && db_audit(ctx->db,
	    app_user_email(ctx, referent_id), "application", app_id, NULL, "referent_edit", NULL,
	    comment) < 0)
		rc = APPLICATION_EDB;
	app_row_release(&a);
	return rc;
}

/* id_of - the one integer sql selects for app_id, 0 when none */
static int64_t
id_of(struct altc *ctx, const char *sql, int64_t app_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db, sql);
	int64_t id = 0;

	db_bind_int(st, 1, app_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

int64_t
application_student_of(struct altc *ctx, int64_t app_id)
{
	return id_of(ctx, "SELECT student_id FROM applications WHERE id = ?", app_id);
}

int64_t
application_offer_of(struct altc *ctx, int64_t app_id)
{
	return id_of(ctx, "SELECT offer_id FROM applications WHERE id = ?", app_id);
}

int
application_state_valid(const char *s)
{
	for (size_t i = 0; i < fsm_application.nlabels; i++)
		if (strcmp(fsm_application.labels[i].state, s) == 0)
			return 1;
	return 0;
}
