/*
 * application_click.c - one-click applications.  When the employer accepts
 * them (on the company or on the offer), the student has consented and
 * has a default CV and cover letter, a mail showing the offer carries a
 * single-use link /a/TOKEN: GET shows what will be sent, only the POST of
 * its button applies (mail scanners fetch links; they never press buttons).
 */
#include "compat.h"

#include "altc.h"
#include "application.h"
#include "config.h"
#include "db.h"
#include "document_user.h"
#include "http.h"
#include "strbuf.h"
#include "token.h"
#include "util.h"

/* eligible - 1 when the student may apply to the offer in one click */
static int
eligible(struct altc *ctx, int64_t student_id, int64_t offer_id)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT (o.one_click OR c.one_click) AND u.one_click_consent AND u.role = 'student'"
	    " AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.student_id = u.id"
	    "   AND a.offer_id = o.id)"
	    " FROM offers o JOIN companies c ON c.id = o.company_id, users u"
	    " WHERE o.id = ?1 AND u.id = ?2");
	int ok = 0;

	db_bind_int(st, 1, offer_id);
	db_bind_int(st, 2, student_id);
	if (db_step(ctx->db, st, NULL) == 1)
		ok = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return ok && document_user_default(ctx, student_id, "cv") > 0 &&
	    document_user_default(ctx, student_id, "lm") > 0;
}

int
application_one_click_link(struct altc *ctx, int64_t student_id, int64_t offer_id,
    char **url_r, char **errstr_r)
{
	char tok[TOKEN_BUFSZ];

	*url_r = NULL;
	if (!eligible(ctx, student_id, offer_id))
		return 0;
	if (token_issue(ctx->db, "apply_one_click", "offer", offer_id, student_id, "",
	    config_int(ctx->cfg, "tokens.reply_ttl"), 1, tok, errstr_r) < 0)
		return -1;
	*url_r = xasprintf("%s/a/%s", config_str(ctx->cfg, "mail.base_url"), tok);
	return 0;
}

/* describe - the offer and the documents the button sends */
static char *
describe(struct altc *ctx, const struct token_info *t)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT o.title, c.name, (SELECT group_concat(d.filename, ', ') FROM documents d"
	    "   WHERE d.user_id = ?2 AND d.is_default = 1 AND d.deleted_at IS NULL"
	    "   AND d.type IN ('cv', 'lm'))"
	    " FROM offers o JOIN companies c ON c.id = o.company_id WHERE o.id = ?1");
	char *s = NULL;

	db_bind_int(st, 1, t->object_id);
	db_bind_int(st, 2, t->user_id);
	if (db_step(ctx->db, st, NULL) == 1)
		s = xasprintf("Votre candidature à l’offre « %s » de %s sera envoyée avec votre CV et"
		    " votre lettre de motivation par défaut : %s.", db_col_text(st, 0),
		    db_col_text(st, 1), db_col_text(st, 2));
	sqlite3_reset(st);
	return s;
}

/* apply - the POST of the button: the application with the default documents */
static int
apply(struct altc *ctx, const struct token_info *t, char **errstr_r)
{
	struct application_request r = { 0 };
	int64_t id;

	r.student_id = t->user_id;
	r.offer_id = t->object_id;
	r.one_click = 1;
	return application_create(ctx, &r, &id, errstr_r) == APPLICATION_OK ? 0 : -1;
}

const struct http_action application_links[] = {
	{ "apply_one_click", apply, { NULL, NULL }, describe },
	{ NULL, NULL, { NULL, NULL }, NULL }
};
