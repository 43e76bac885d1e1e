/*
 * application_notify.c - the mail of the application workflow.  The
 * employer's mail carries the student's documents (attached, or as links to
 * the page of application_http.c when they weigh more than
 * documents.attach_max together) and a reply key for the decision verbs;
 * the student's mails a key for ABANDONNER; the referent's one for
 * VALIDER / REFUSER.  A withdrawal is news for the employer's
 * daily digest, not a mail of its own.  Every message of one application shares the
 * thread "application.ID".
 */
#include "compat.h"

#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "application_int.h"
#include "company.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "fsm.h"
#include "mailuser.h"
#include "module.h"
#include "notify.h"
#include "strbuf.h"
#include "structure.h"
#include "text.h"
#include "token.h"
#include "util.h"

static char *
col_dup(sqlite3_stmt *st, int col)
{
	return xstrdup(db_col_text(st, col));
}

int
app_load(struct altc *ctx, int64_t id, struct app_row *a, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT a.id, a.student_id, coalesce(a.offer_id, 0), a.company_id,"
	    " coalesce((SELECT u.id FROM users u WHERE u.id = o.author_id AND u.state = 'active'),"
	    "   c.referent_id, 0),"
	    " a.one_click, a.created_at, a.state, coalesce(a.comment, ''), coalesce(o.title, ''),"
	    " c.name, trim(s.first_name || ' ' || s.last_name), s.email,"
	    " coalesce((SELECT f.code || ' - ' || f.label FROM student_formations sf"
	    "   JOIN formations f ON f.id = sf.formation_id WHERE sf.student_id = s.id"
	    "   ORDER BY sf.created_at DESC LIMIT 1), ''), coalesce(o.state, ''),"
	    " coalesce(o.structure_id, 0), coalesce(o.shared, 0), coalesce(o.contact_email, '')"
	    " FROM applications a LEFT JOIN offers o ON o.id = a.offer_id"
	    " JOIN companies c ON c.id = a.company_id JOIN users s ON s.id = a.student_id"
	    " WHERE a.id = ?");
	int rc;

	memset(a, 0, sizeof(*a));
	db_bind_int(st, 1, id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		a->id = sqlite3_column_int64(st, 0);
		a->student_id = sqlite3_column_int64(st, 1);
		a->offer_id = sqlite3_column_int64(st, 2);
		a->company_id = sqlite3_column_int64(st, 3);
		a->employer_id = sqlite3_column_int64(st, 4);
		a->one_click = sqlite3_column_int64(st, 5);
		a->created_at = sqlite3_column_int64(st, 6);
		a->state = col_dup(st, 7);
		a->comment = col_dup(st, 8);
		a->offer_title = col_dup(st, 9);
		a->company = col_dup(st, 10);
		a->student_name = col_dup(st, 11);
		a->student_email = col_dup(st, 12);
		a->formation = col_dup(st, 13);
		a->offer_state = col_dup(st, 14);
		a->structure_id = sqlite3_column_int64(st, 15);
		a->shared = sqlite3_column_int(st, 16) != 0;
		a->contact = col_dup(st, 17);
		a->spontaneous = a->offer_id == 0;
		if (*a->student_name == '\0') {
			free(a->student_name);
			a->student_name = xstrdup(a->student_email);
		}
	}
	sqlite3_reset(st);
	if (rc == 1 && a->spontaneous) {
		/* the company's referent, else the structure's user of a partner company */
		a->employer_id = company_referent(ctx, a->company_id);
		if (a->employer_id == 0)
			a->employer_id = structure_contact_of(ctx, a->company_id);
	}
	return rc;
}

/* contact_user - the active employer account of the offer's contact, 0 when none */
static int64_t
contact_user(struct altc *ctx, const struct app_row *a)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT id FROM users WHERE email = ?"
	    " AND role = 'employer' AND state = 'active' AND company_id = ?");
	int64_t id = 0;

	if (a->contact == NULL || *a->contact == '\0')
		return 0;
	db_bind_text(st, 1, a->contact);
	db_bind_int(st, 2, a->company_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* add_once - id into l unless it is there */
static void
add_once(struct id_list *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == id)
			return;
	if (id)
		id_list_add(l, id);
}

int
app_employers(struct altc *ctx, const struct app_row *a, struct id_list *l, char **errstr_r)
{
	struct id_list m = { 0 };

	add_once(l, a->employer_id);
	if (a->spontaneous)
		return 0;
	if (a->shared && a->structure_id) {
		if (structure_members(ctx, a->structure_id, &m, errstr_r) < 0)
			return -1;
		for (size_t i = 0; i < m.n; i++)
			add_once(l, m.v[i]);
		id_list_release(&m);
	}
	/* the partner's contact, when they have an account with the company */
	add_once(l, contact_user(ctx, a));
	return 0;
}

void
app_row_release(struct app_row *a)
{
	free(a->state);
	free(a->comment);
	free(a->offer_title);
	free(a->company);
	free(a->student_name);
	free(a->student_email);
	free(a->formation);
	free(a->offer_state);
	free(a->contact);
	memset(a, 0, sizeof(*a));
}

int64_t
app_referent(struct altc *ctx, int64_t student_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT coalesce((SELECT r.id FROM users s JOIN users r ON r.id = s.referent_id"
	    "   WHERE s.id = ?1 AND r.state = 'active'),"
	    " (SELECT f.rp_id FROM student_formations sf JOIN formations f ON f.id = sf.formation_id"
	    "   JOIN users r ON r.id = f.rp_id WHERE sf.student_id = ?1 AND r.state = 'active'"
	    "   ORDER BY sf.created_at DESC LIMIT 1),"
	    " (SELECT id FROM users WHERE role = 'ga' AND state = 'active' ORDER BY id LIMIT 1), 0)");
	int64_t id = 0;

	db_bind_int(st, 1, student_id);
	if (db_step(ctx->db, st, NULL) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

const char *
app_user_email(struct altc *ctx, int64_t user_id)
{
	static char buf[256];
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT email FROM users WHERE id = ?");

	buf[0] = '\0';
	db_bind_int(st, 1, user_id);
	if (user_id && db_step(ctx->db, st, NULL) == 1)
		(void)xstrlcpy(buf, db_col_text(st, 0), sizeof(buf));
	sqlite3_reset(st);
	return buf;
}

const char *
app_user_name(struct altc *ctx, int64_t user_id)
{
	static char buf[256];
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT trim(first_name || ' ' || last_name) FROM users WHERE id = ?");

	buf[0] = '\0';
	db_bind_int(st, 1, user_id);
	if (user_id && db_step(ctx->db, st, NULL) == 1)
		(void)xstrlcpy(buf, db_col_text(st, 0), sizeof(buf));
	sqlite3_reset(st);
	return buf;
}

int
app_documents_attached(long long total, long long max)
{
	return total <= max;
}

char *
app_download_url(struct altc *ctx, const char *token, int64_t doc_id)
{
	const char *base = config_str(ctx->cfg, "mail.base_url");

	return doc_id ? xasprintf("%s/s/%s/%lld", base, token, (long long)doc_id) :
	    xasprintf("%s/s/%s", base, token);
}

/*
 * documents - the application's documents as template variables: attached
 * (attachments into *att_r) while their total size stays within
 * documents.attach_max, else each with its download link on a key for the
 * recipient to, and the link of the page listing them all in download_url
 */
static int
documents(struct altc *ctx, const struct app_row *a, int64_t to, json_object *vars, char **att_r,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT d.id, d.type, d.filename, d.size FROM application_documents ad"
	    " JOIN documents d ON d.id = ad.document_id WHERE ad.application_id = ?"
	    " AND d.type IN " APP_EMPLOYER_TYPES
	    " ORDER BY CASE d.type WHEN 'cv' THEN 0 ELSE 1 END, d.id");
	json_object *list = json_object_new_array(), *att = NULL;
	struct mailuser u;
	const char *locale = mailuser_by_id(ctx->db, to, &u, NULL) == 1 &&
	    locale_is_en(u.locale) ? "en" : "fr";
	char tok[TOKEN_BUFSZ], *url;
	long long total = 0;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	db_bind_int(st, 1, a->id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		json_object *d = json_object_new_object();
		struct strbuf size = STRBUF_INIT;

		text_size(&size, sqlite3_column_int64(st, 3), locale);
		json_object_object_add(d, "filename", json_object_new_string(db_col_text(st, 2)));
		json_object_object_add(d, "type", json_object_new_string(db_col_text(st, 1)));
		json_object_object_add(d, "size", json_object_new_string(size.buf));
		json_object_array_add(list, d);
		strbuf_release(&size);
		ids = xreallocarray(ids, n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(st, 0);
		total += sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	json_object_object_add(vars, "documents", list);
	*att_r = NULL;
	if (rc < 0 || n == 0) {
		free(ids);
		return rc < 0 ? -1 : 0;
	}
	if (!app_documents_attached(total, config_int(ctx->cfg, "documents.attach_max"))) {
		/* too heavy for a mail: a link each, on a key that only reads */
		rc = token_issue(ctx->db, APP_DOWNLOAD_PURPOSE, "application", a->id, to, "",
		    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			url = app_download_url(ctx, tok, ids[i]);
			json_object_object_add(json_object_array_get_idx(list, i), "url",
			    json_object_new_string(url));
			free(url);
		}
		if (rc == 0) {
			url = app_download_url(ctx, tok, 0);
			json_object_object_add(vars, "download_url", json_object_new_string(url));
			free(url);
		}
		free(ids);
		return rc < 0 ? -1 : 0;
	}
	att = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		char *path = NULL, *name = NULL, *e = NULL;
		json_object *f;

		if (document_path(ctx, ids[i], &path, &name, &e) == 0) {
			f = json_object_new_object();
			json_object_object_add(f, "path", json_object_new_string(path));
			json_object_object_add(f, "filename", json_object_new_string(name));
			json_object_object_add(f, "type", json_object_new_string("application/pdf"));
			json_object_array_add(att, f);
		}
		free(path);
		free(name);
		free(e);
	}
	json_object_object_add(vars, "attached", json_object_new_boolean(1));
	*att_r = xstrdup(json_object_to_json_string_ext(att, JSON_PLAIN));
	json_object_put(att);
	free(ids);
	return 0;
}

/* employer_side - whether a template goes to the company's side (each of app_employers) */
static int
employer_side(const char *tmpl)
{
	return strcmp(tmpl, "application.received") == 0 ||
	    strcmp(tmpl, "application.reminder") == 0 ||
	    strcmp(tmpl, "application.abandoned") == 0 ||
	    strcmp(tmpl, "application.spontaneous") == 0;
}

/* recipient - who gets a template (the student's side, the referent), the purpose and verbs of their key */
static int64_t
recipient(struct altc *ctx, const struct app_row *a, const char *tmpl, const char **purpose_r,
    const char **verbs_r)
{
	*purpose_r = NULL;
	*verbs_r = NULL;
	if (strcmp(tmpl, "application.abandoned") == 0)
		return a->employer_id;	/* for the digest: nothing to answer */
	if (strcmp(tmpl, "application.received") == 0 ||
	    strcmp(tmpl, "application.reminder") == 0 ||
	    strcmp(tmpl, "application.spontaneous") == 0) {
		*purpose_r = "application_employer";
		*verbs_r = a->spontaneous ? APP_SPONTANEOUS_EMPLOYER_VERBS : APP_EMPLOYER_VERBS;
		return a->employer_id;
	}
	if (strcmp(tmpl, "application.to_review") == 0) {
		*purpose_r = "application_referent";
		*verbs_r = APP_REFERENT_VERBS;
		return app_referent(ctx, a->student_id);
	}
	if (strcmp(tmpl, "application.advice") == 0) {
		*purpose_r = "application_referent";
		*verbs_r = APP_REFERENT_HELP_VERBS;
		return app_referent(ctx, a->student_id);
	}
	if (strcmp(tmpl, "application.sent") == 0 || strcmp(tmpl, "application.shortlisted") == 0 ||
	    strcmp(tmpl, "application.accepted") == 0 ||
	    strcmp(tmpl, "application.spontaneous_sent") == 0 ||
	    strcmp(tmpl, "application.advice_reply") == 0) {
		*purpose_r = "application_student";
		*verbs_r = a->spontaneous ? APP_SPONTANEOUS_STUDENT_VERBS : APP_STUDENT_VERBS;
	}
	return a->student_id;
}

/* the criteria of a student shown in a spontaneous application, in both languages */
static const struct { const char *name, *fr, *en; } profile_criteria[] = {
	{ "skills", "Compétences", "Skills" }, { "languages", "Langues", "Languages" },
	{ "location", "Lieu", "Place" }, { "availability", "Disponibilité", "Availability" },
	{ "contract", "Type de contrat", "Contract" }, { "sector", "Secteur", "Sector" },
};

/*
 * profile - what the company reads of a student who writes to it: the
 * formation and the criteria the student gave (never the disability
 * status, health data the student shows only through the CV library)
 */
static json_object *
profile(struct altc *ctx, const struct app_row *a, int64_t to)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT group_concat(x.value, ', ') FROM student_criteria x JOIN criteria c"
	    " ON c.id = x.criterion_id WHERE x.student_id = ?1 AND c.name = ?2");
	json_object *list = json_object_new_array();
	struct mailuser u;
	int en = mailuser_by_id(ctx->db, to, &u, NULL) == 1 && locale_is_en(u.locale);

	if (*a->formation) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "label", json_object_new_string(en ? "Programme" :
		    "Formation"));
		json_object_object_add(o, "value", json_object_new_string(a->formation));
		json_object_array_add(list, o);
	}
	for (size_t i = 0; i < ARRAY_SIZE(profile_criteria); i++) {
		db_bind_int(st, 1, a->student_id);
		db_bind_text(st, 2, profile_criteria[i].name);
		if (db_step(ctx->db, st, NULL) == 1 && *db_col_text(st, 0)) {
			json_object *o = json_object_new_object();

			json_object_object_add(o, "label", json_object_new_string(en ?
			    profile_criteria[i].en : profile_criteria[i].fr));
			json_object_object_add(o, "value", json_object_new_string(db_col_text(st, 0)));
			json_object_array_add(list, o);
		}
		sqlite3_reset(st);
	}
	return list;
}

/* notify_one - the mail of template_name about a to one recipient */
static int
notify_one(struct altc *ctx, const struct app_row *a, const char *template_name, int64_t to,
    const char *purpose, const char *verbs, const char *message, char **errstr_r)
{
	char tok[TOKEN_BUFSZ], thread[64], *att = NULL;
	struct notify_msg m = { 0 };
	json_object *v;
	int64_t rc;

	if (to == 0)
		return 0;	/* an offer without a reachable employer: the CLI shows it */
	if (purpose && token_issue(ctx->db, purpose, "application", a->id, to, verbs,
	    config_int(ctx->cfg, "tokens.reply_ttl"), 0, tok, errstr_r) < 0)
		return -1;
	v = json_object_new_object();
	json_object_object_add(v, "application_id", json_object_new_int64(a->id));
	json_object_object_add(v, "offer_id", json_object_new_int64(a->offer_id));
	json_object_object_add(v, "offer_title", json_object_new_string(a->offer_title));
	json_object_object_add(v, "company", json_object_new_string(a->company));
	json_object_object_add(v, "student_name", json_object_new_string(a->student_name));
	json_object_object_add(v, "formation", json_object_new_string(a->formation));
	if (a->spontaneous)
		json_object_object_add(v, "spontaneous", json_object_new_boolean(1));
	if (*a->comment)
		json_object_object_add(v, "comment", json_object_new_string(a->comment));
	if (a->one_click)
		json_object_object_add(v, "one_click", json_object_new_boolean(1));
	if (message && *message)
		json_object_object_add(v, "message", json_object_new_string(message));
	if (strcmp(template_name, "application.spontaneous") == 0) {
		json_object *p = profile(ctx, a, to);

		json_object_object_add(v, "has_profile",
		    json_object_new_boolean(json_object_array_length(p) > 0));
		json_object_object_add(v, "profile", p);
	}
	if (strcmp(template_name, "application.advice_reply") == 0) {
		int64_t r = app_referent(ctx, a->student_id);

		json_object_object_add(v, "sender_name", json_object_new_string(
		    *app_user_name(ctx, r) ? app_user_name(ctx, r) : app_user_email(ctx, r)));
	}
	/* the employer gets the CV and the letter, and so does a referent asked for advice */
	if ((strcmp(template_name, "application.received") == 0 ||
	    strcmp(template_name, "application.spontaneous") == 0 ||
	    strcmp(template_name, "application.advice") == 0) &&
	    documents(ctx, a, to, v, &att, errstr_r) < 0) {
		json_object_put(v);
		return -1;
	}
	(void)xsnprintf(thread, sizeof(thread), "application.%lld", (long long)a->id);
	m.user_id = to;
	m.template = template_name;
	m.importance = strcmp(template_name, "application.abandoned") == 0 ? NOTIFY_INFO :
	    NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.token = purpose ? tok : NULL;
	m.thread = thread;
	m.attachments_json = att;
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(v);
	free(att);
	return rc < 0 ? -1 : 0;
}

/*
 * contact_copy - application.received to the partner's contact, who has no
 * account: the CV and letter, the name of the structure's user who answers
 * for the company, no key (nothing to answer on the platform)
 */
static int
contact_copy(struct altc *ctx, const struct app_row *a, char **errstr_r)
{
	struct notify_msg m = { 0 };
	char thread[64], *att = NULL;
	json_object *v = json_object_new_object();
	int64_t rc;

	json_object_object_add(v, "application_id", json_object_new_int64(a->id));
	json_object_object_add(v, "offer_id", json_object_new_int64(a->offer_id));
	json_object_object_add(v, "offer_title", json_object_new_string(a->offer_title));
	json_object_object_add(v, "company", json_object_new_string(a->company));
	json_object_object_add(v, "student_name", json_object_new_string(a->student_name));
	json_object_object_add(v, "formation", json_object_new_string(a->formation));
	json_object_object_add(v, "contact_copy", json_object_new_boolean(1));
	json_object_object_add(v, "answered_by",
	    json_object_new_string(app_user_email(ctx, a->employer_id)));
	if (*a->comment)
		json_object_object_add(v, "comment", json_object_new_string(a->comment));
	if (documents(ctx, a, 0, v, &att, errstr_r) < 0) {
		json_object_put(v);
		return -1;
	}
	(void)xsnprintf(thread, sizeof(thread), "application.%lld", (long long)a->id);
	m.rcpt = a->contact;
	m.template = "application.received";
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_PLAIN);
	m.thread = thread;
	m.attachments_json = att;
	rc = notify_queue(ctx, &m, errstr_r);
	json_object_put(v);
	free(att);
	if (rc >= 0 && db_audit(ctx->db, NULL, "application", a->id, NULL, "contact_copy", NULL,
	    a->contact) < 0)
		rc = -1;
	return rc < 0 ? -1 : 0;
}

int
app_notify(struct altc *ctx, const struct app_row *a, const char *template_name,
    const char *message, char **errstr_r)
{
	const char *purpose, *verbs;
	struct id_list to = { 0 };
	int rc = 0;

	/* a spontaneous application has mails of its own where an offer's would be named */
	if (a->spontaneous && strcmp(template_name, "application.received") == 0)
		template_name = "application.spontaneous";
	else if (a->spontaneous && strcmp(template_name, "application.sent") == 0)
		template_name = "application.spontaneous_sent";
	id_list_add(&to, recipient(ctx, a, template_name, &purpose, &verbs));
	/* the company's side: every one who answers for it, each with a key of their own */
	if (employer_side(template_name)) {
		to.n = 0;
		if (app_employers(ctx, a, &to, errstr_r) < 0)
			rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < to.n; i++)
		rc = notify_one(ctx, a, template_name, to.v[i], purpose, verbs, message, errstr_r);
	id_list_release(&to);
	/* a contact without an account gets a copy of the application, without a key */
	if (rc == 0 && strcmp(template_name, "application.received") == 0 && a->contact &&
	    *a->contact && contact_user(ctx, a) == 0)
		rc = contact_copy(ctx, a, errstr_r);
	return rc;
}

struct fsm_arg {
	struct altc *ctx;
	int64_t id;
	const char *message;
};

/* on_transition - each template of a transition, to its recipient */
static int
on_transition(void *arg, const char *template_name, char **errstr_r)
{
	struct fsm_arg *f = arg;
	struct app_row a;
	int rc;

	if ((rc = app_load(f->ctx, f->id, &a, errstr_r)) != 1) {
		if (rc == 0)
			*errstr_r = xasprintf("no application %lld", (long long)f->id);
		return -1;
	}
	rc = app_notify(f->ctx, &a, template_name, f->message, errstr_r);
	app_row_release(&a);
	return rc;
}

int
app_fsm(struct altc *ctx, int64_t id, const char *event, const char *actor, const char *message,
    char **errstr_r)
{
	struct fsm_arg f = { ctx, id, message };
	enum fsm_result rc = fsm_apply(ctx->db, &fsm_application, id, event, actor, message,
	    on_transition, &f, NULL, errstr_r);

	/* what other workflows do after it (an accepted application gets its mission sheet) */
	if (rc == FSM_OK && modules_after(ctx, "application", event, id, actor, errstr_r) < 0)
		rc = FSM_ERROR;
	return rc;
}
