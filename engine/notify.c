/*
 * notify.c - the notification center and the transactional outbox rows.
 */
#include "compat.h"

#include "altc.h"
#include "config.h"
#include "db.h"
#include "notify.h"
#include "util.h"

const char *
notify_importance_name(enum notify_importance imp)
{
	switch (imp) {
	case NOTIFY_ACTION: return "action";
	case NOTIFY_INFO: return "info";
	case NOTIFY_OPTIONAL: return "optional";
	}
	BUG("bad importance %d", (int)imp);
}

struct rcpt_prefs {
	char *email;
	char *locale;
	int notify_email;
	int notify_optional;
	int unreachable;
};

static int
load_user(struct altc *ctx, int64_t user_id, struct rcpt_prefs *p, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT email, locale, notify_email, notify_optional, unreachable FROM users WHERE id = ?");
	int rc;

	db_bind_int(st, 1, user_id);
	rc = db_step(ctx->db, st, errstr_r);
	if (rc == 0)
		*errstr_r = xasprintf("notification for unknown user %lld", (long long)user_id);
	if (rc <= 0) {
		sqlite3_reset(st);
		return -1;
	}
	p->email = xstrdup(db_col_text(st, 0));
	p->locale = xstrdup(db_col_text(st, 1));
	p->notify_email = sqlite3_column_int(st, 2);
	p->notify_optional = sqlite3_column_int(st, 3);
	p->unreachable = sqlite3_column_int(st, 4);
	sqlite3_reset(st);
	return 0;
}

/* trim_center - keep the newest center_cap notifications of a user */
static int
trim_center(struct altc *ctx, int64_t user_id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "DELETE FROM notifications WHERE user_id = ?1 AND id NOT IN"
	    " (SELECT id FROM notifications WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)");

	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, config_int(ctx->cfg, "notifications.center_cap"));
	return db_done(ctx->db, st, errstr_r);
}

static int64_t
queue_outbox(struct altc *ctx, const struct notify_msg *m, int64_t user_id,
    const char *rcpt, const char *locale, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "INSERT INTO outbox (user_id, rcpt, template, locale, vars, token, thread,"
	    " attachments, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int64_t now = now_epoch();

	if (user_id)
		db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, rcpt);
	db_bind_text(st, 3, m->template);
	db_bind_text(st, 4, locale);
	db_bind_text(st, 5, m->vars_json ? m->vars_json : "{}");
	db_bind_text(st, 6, m->token);
	db_bind_text(st, 7, m->thread);
	db_bind_text(st, 8, m->attachments_json);
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, now);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	return sqlite3_last_insert_rowid(ctx->db->h);
}

int64_t
notify_queue(struct altc *ctx, const struct notify_msg *m, char **errstr_r)
{
	struct rcpt_prefs p = { 0 };
	const char *locale;
	int64_t rc = 0;

	if (m->user_id == 0) {
		/* no account: mail only (an answer to an unknown sender) */
		if (m->rcpt == NULL)
			BUG("notification without recipient");
		locale = m->locale ? m->locale : config_str(ctx->cfg, "mail.locale");
		return queue_outbox(ctx, m, 0, m->rcpt, locale, errstr_r);
	}
	if (load_user(ctx, m->user_id, &p, errstr_r) < 0)
		return -1;
	if (m->importance == NOTIFY_OPTIONAL && !p.notify_optional)
		goto out;
	locale = m->locale ? m->locale : (*p.locale ? p.locale : config_str(ctx->cfg, "mail.locale"));
	{
		sqlite3_stmt *st = db_prepare(ctx->db,
		    "INSERT INTO notifications (user_id, kind, importance, vars, created_at)"
		    " VALUES (?, ?, ?, ?, ?)");

		db_bind_int(st, 1, m->user_id);
		db_bind_text(st, 2, m->template);
		db_bind_text(st, 3, notify_importance_name(m->importance));
		db_bind_text(st, 4, m->vars_json ? m->vars_json : "{}");
		db_bind_int(st, 5, now_epoch());
		if (db_done(ctx->db, st, errstr_r) < 0 || trim_center(ctx, m->user_id, errstr_r) < 0) {
			rc = -1;
			goto out;
		}
	}
	/* action mail goes out at once; info and optional wait for the digest */
	if (m->importance == NOTIFY_ACTION && p.notify_email)
		rc = queue_outbox(ctx, m, m->user_id, m->rcpt ? m->rcpt : p.email, locale, errstr_r);
out:
	free(p.email);
	free(p.locale);
	return rc;
}
