/*
 * notify.c - the notification center and the transactional outbox rows.
 * Both are written in the caller's transaction, so an event and the mail it
 * causes commit together (the policy is in notify.h).
 */
#include "compat.h"

#include <time.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "notify.h"
#include "token.h"
#include "util.h"

/* mail that is the only way to act: sent whatever "copie par e-mail" says */
static const char *const always_mailed[] = {
	"import.invitation", "account.activation", "account.confirm_email",
	"reply.error", "reply.help", "staff.confirm",
};

/*
 * mail nobody has to act on, whatever the importance it is queued with:
 * only for users who keep optional notifications on (STOP, the digest's
 * unsubscribe link turn them off, REPRENDRE back on)
 */
static const char *const optional_mail[] = { "digest.daily", "stats.weekly" };

/* answers to a mail the person just sent: they may go to an unreachable address */
static const char *const answers[] = { "reply.error", "reply.help" };

static int
in_list(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

int
notify_optional_mail(const char *template)
{
	return in_list(optional_mail, ARRAY_SIZE(optional_mail), template);
}

int
notify_always_mailed(const char *template)
{
	return in_list(always_mailed, ARRAY_SIZE(always_mailed), template);
}

char *
notify_format_date(const char *locale, int64_t t)
{
	static const char *const fr[] = { "janvier", "février", "mars", "avril", "mai", "juin",
	    "juillet", "août", "septembre", "octobre", "novembre", "décembre" };
	static const char *const en[] = { "January", "February", "March", "April", "May", "June",
	    "July", "August", "September", "October", "November", "December" };
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);	/* the day people live in (mail.time_zone) */
	return xasprintf("%d %s %d", tm.tm_mday,
	    locale_is_en(locale) ? en[tm.tm_mon] : fr[tm.tm_mon], tm.tm_year + 1900);
}

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

static void
prefs_release(struct rcpt_prefs *p)
{
	free(p->email);
	free(p->locale);
}

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
	    "DELETE FROM notifications WHERE user_id = ?1 AND id <="
	    " (SELECT id FROM notifications WHERE user_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)");

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
	db_bind_keep(st, 2, rcpt);
	db_bind_keep(st, 3, m->template);
	db_bind_keep(st, 4, locale);
	db_bind_keep(st, 5, m->vars_json ? m->vars_json : "{}");
	db_bind_keep(st, 6, m->token);
	db_bind_keep(st, 7, m->thread);
	db_bind_keep(st, 8, m->attachments_json);
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, now);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	return sqlite3_last_insert_rowid(ctx->db->h);
}

static const char *
pick_locale(struct altc *ctx, const struct notify_msg *m, const struct rcpt_prefs *p)
{
	if (m->locale)
		return m->locale;
	if (p && p->locale && *p->locale)
		return p->locale;
	return config_str(ctx->cfg, "mail.locale");
}

/* mail_user - queue the mail of a notification to a known user, unless the address is dead */
static int64_t
mail_user(struct altc *ctx, const struct notify_msg *m, const struct rcpt_prefs *p,
    char **errstr_r)
{
	if (p->unreachable && !in_list(answers, ARRAY_SIZE(answers), m->template))
		return 0;
	if (!p->notify_optional && notify_optional_mail(m->template))
		return 0;
	return queue_outbox(ctx, m, m->user_id, m->rcpt ? m->rcpt : p->email,
	    pick_locale(ctx, m, p), errstr_r);
}

int64_t
notify_queue_mail(struct altc *ctx, const struct notify_msg *m, char **errstr_r)
{
	struct rcpt_prefs p = { 0 };
	int64_t rc;

	if (m->user_id == 0) {
		if (m->rcpt == NULL)
			BUG("notification without recipient");
		return queue_outbox(ctx, m, 0, m->rcpt, pick_locale(ctx, m, NULL), errstr_r);
	}
	if (load_user(ctx, m->user_id, &p, errstr_r) < 0)
		return -1;
	rc = mail_user(ctx, m, &p, errstr_r);
	prefs_release(&p);
	return rc;
}

int64_t
notify_queue(struct altc *ctx, const struct notify_msg *m, char **errstr_r)
{
	struct rcpt_prefs p = { 0 };
	sqlite3_stmt *st;
	char *center_vars = NULL;
	int64_t rc = 0;

	if (m->user_id == 0)
		return notify_queue_mail(ctx, m, errstr_r);	/* no account: mail only */
	if (m->new_user) {
		if (m->rcpt == NULL)
			BUG("new_user notification without its address");
		p.email = xstrdup(m->rcpt);
		p.locale = xstrdup(m->locale ? m->locale : "");
		p.notify_email = p.notify_optional = 1;
	} else if (load_user(ctx, m->user_id, &p, errstr_r) < 0)
		return -1;
	if (m->importance == NOTIFY_OPTIONAL && !p.notify_optional)
		goto out;
	/* the center keeps no clear token: links are in the mail only */
	if (m->vars_json && token_scrub(ctx->db, m->vars_json, &center_vars, errstr_r) < 0) {
		rc = -1;
		goto out;
	}
	st = db_prepare(ctx->db,
	    "INSERT INTO notifications (user_id, kind, importance, vars, created_at, digested_at)"
	    " VALUES (?, ?, ?, ?, ?, ?)");
	db_bind_int(st, 1, m->user_id);
	db_bind_keep(st, 2, m->template);
	db_bind_keep(st, 3, notify_importance_name(m->importance));
	db_bind_keep(st, 4, center_vars ? center_vars : m->vars_json ? m->vars_json : "{}");
	db_bind_int(st, 5, now_epoch());
	if (notify_always_mailed(m->template))	/* mailed now: not again in the digest */
		db_bind_int(st, 6, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0 ||
	    (!m->new_user && trim_center(ctx, m->user_id, errstr_r) < 0)) {
		rc = -1;
		goto out;
	}
	/* action mail goes out at once; info and optional wait for the digest */
	if (notify_always_mailed(m->template) || (m->importance == NOTIFY_ACTION && p.notify_email))
		rc = mail_user(ctx, m, &p, errstr_r);
out:
	prefs_release(&p);
	free(center_vars);
	return rc;
}

int
notify_unsubscribe(struct altc *ctx, const char *token, char **errstr_r)
{
	struct token_info t;
	sqlite3_stmt *st;
	int s;

	if ((s = token_lookup(ctx->db, token, &t, errstr_r)) < 0)
		return -1;
	if (s != TOKEN_OK || strcmp(t.purpose, "unsubscribe") != 0)
		return 0;
	st = db_prepare(ctx->db, "UPDATE users SET notify_optional = 0, updated_at = ? WHERE id = ?");
	db_bind_int(st, 1, now_epoch());
	db_bind_int(st, 2, t.user_id);
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	if (db_audit(ctx->db, NULL, "account", t.user_id, NULL, "unsubscribe", NULL,
	    "optional notifications off") < 0) {
		*errstr_r = xstrdup("audit row");
		return -1;
	}
	return 1;
}
