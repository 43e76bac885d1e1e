/*
 * application_close.c - what becomes of applications when their offer
 * changes: filling an offer closes its open applications politely, each
 * student told that the position has been filled.  Run as a hook of the
 * offer's "fill" transition, inside its transaction.
 */
#include "compat.h"

#include <json-c/json.h>

#include "altc.h"
#include "application_fsm.h"
#include "db.h"
#include "fsm.h"
#include "module.h"
#include "notify.h"
#include "util.h"

struct close_arg {
	struct altc *ctx;
	int64_t app_id;
	const char *title, *company;
};

/* on_close - application.refused to the student, with the reason */
static int
on_close(void *argp, const char *tmpl, char **errstr_r)
{
	struct close_arg *a = argp;
	sqlite3_stmt *st = db_prepare(a->ctx->db, "SELECT student_id FROM applications WHERE id = ?");
	struct notify_msg m = { 0 };
	json_object *v;
	char thread[64];
	int64_t rc;

	db_bind_int(st, 1, a->app_id);
	if (db_step(a->ctx->db, st, errstr_r) == 1)
		m.user_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (m.user_id == 0)
		return -1;
	v = json_object_new_object();
	json_object_object_add(v, "offer_title", json_object_new_string(a->title));
	json_object_object_add(v, "company", json_object_new_string(a->company));
	json_object_object_add(v, "message", json_object_new_string(
	    "L'offre a été pourvue : merci de votre candidature. / The position has been filled."));
	(void)xsnprintf(thread, sizeof(thread), "application.%lld", (long long)a->app_id);
	m.template = tmpl;
	m.importance = NOTIFY_ACTION;
	m.vars_json = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	m.thread = thread;
	rc = notify_queue(a->ctx, &m, errstr_r);
	json_object_put(v);
	return rc < 0 ? -1 : 0;
}

/* close_on_fill - every open application of a filled offer */
static int
close_on_fill(struct altc *ctx, int64_t offer_id, const char *actor, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT o.title, c.name FROM offers o JOIN companies c ON c.id = o.company_id"
	    " WHERE o.id = ?");
	struct id_list l = { 0 };
	char *title = NULL, *company = NULL;
	int rc = 0;

	db_bind_int(st, 1, offer_id);
	if (db_step(ctx->db, st, errstr_r) == 1) {
		title = xstrdup(db_col_text(st, 0));
		company = xstrdup(db_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (title == NULL) {
		if (*errstr_r == NULL)
			*errstr_r = xasprintf("offer %lld: not found", (long long)offer_id);
		return -1;
	}
	st = db_prepare(ctx->db,
	    "SELECT id FROM applications WHERE offer_id = ?"
	    " AND state IN ('referent_review','pending','shortlisted')");
	db_bind_int(st, 1, offer_id);
	if (id_list_query(ctx->db, st, &l, errstr_r) < 0)
		rc = -1;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		struct close_arg a = { ctx, l.v[i], title, company };

		if (fsm_apply(ctx->db, &fsm_application, l.v[i], "close", actor, "offer filled",
		    on_close, &a, NULL, errstr_r) != FSM_OK)
			rc = -1;
	}
	id_list_release(&l);
	free(title);
	free(company);
	return rc;
}

const struct module_hook application_hooks[] = {
	{ "offer", "fill", close_on_fill },
	{ NULL, NULL, NULL }
};
