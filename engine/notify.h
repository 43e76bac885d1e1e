/*
 * notify.h - notifications: a row in the user's notification center (capped)
 * and, when the user keeps "copie par e-mail" on, an outbox row in the same
 * transaction as the event that caused it (transactional outbox).
 *
 * Importance: action mail is queued at once; info waits for the daily
 * digest; optional exists only for users who enabled optional notifications.
 * The outbox row holds the template name, locale and variables (JSON); the
 * mailers render and compose it at delivery, deterministically, so a resend
 * after a crash is the same message with the same Message-ID.
 *
 * Policy (see templates/VARIABLES.md for each template's variables):
 *  - every notification to a user is a row of the center (newest 99 kept);
 *  - action: mailed now when the user keeps "copie par e-mail"
 *    (users.notify_email); info: mailed in the next daily digest;
 *    optional: dropped entirely unless users.notify_optional;
 *  - optional are the new offers of a student's formation (the alert sent
 *    to all its students, not a staff member's recommendation), and the
 *    mail that only summarises: digest.daily and stats.weekly are mailed
 *    only to users who keep notify_optional (STOP and the digest's
 *    unsubscribe link turn it off, REPRENDRE back on);
 *  - mail that is the only way to act is mailed whatever notify_email says:
 *    import.invitation, account.activation, account.confirm_email,
 *    reply.error and reply.help;
 *  - an address marked unreachable (users.unreachable) is never mailed,
 *    except reply.error and reply.help: they answer a mail that person has
 *    just sent from that address, which is the best sign it works again;
 *  - without a user (rcpt only: an unknown sender) the mail is queued as is.
 */
#ifndef ALTC_NOTIFY_H
#define ALTC_NOTIFY_H

#include <stdint.h>

struct altc;

enum notify_importance {
	NOTIFY_ACTION,
	NOTIFY_INFO,
	NOTIFY_OPTIONAL,
};

struct notify_msg {
	int64_t user_id;		/* recipient user, or 0 with rcpt set */
	const char *rcpt;		/* address when there is no user (unknown sender) */
	const char *template;		/* catalogue name, e.g. "offer.to_validate" */
	enum notify_importance importance;
	const char *vars_json;		/* JSON object of template variables; NULL = {} */
	const char *token;		/* clear reply token (Reply-To, Message-ID) or NULL */
	const char *thread;		/* thread key such as "offer.42", or NULL */
	const char *attachments_json;	/* [{"path","filename","type"[,"charset"][,"cid"]}]
					 * or NULL; with "cid" the part is shown inline
					 * in the HTML (compose.h) */
	const char *locale;		/* NULL: the user's, else mail.locale */
	int new_user;			/* user_id was created in this transaction with the
					 * default preferences and rcpt is its address: no
					 * lookup, and its center is empty (bulk import) */
};

/*
 * notify_queue - record one notification (and its outbox row when it is to be
 * mailed now).  Must run inside the caller's transaction.  Returns the outbox
 * id (> 0), 0 when nothing was queued for mail, -1 with *errstr_r on error.
 */
int64_t notify_queue(struct altc *ctx, const struct notify_msg *m, char **errstr_r);

/*
 * notify_queue_mail - an outbox row only, without a center row (digests,
 * which summarise the center).  Same unreachable rule; 0 when not queued.
 */
int64_t notify_queue_mail(struct altc *ctx, const struct notify_msg *m, char **errstr_r);

/* notify_optional_mail - whether a template is mailed only to users with notify_optional */
int notify_optional_mail(const char *template);

/* notify_always_mailed - whether a template ignores the notify_email preference */
int notify_always_mailed(const char *template);

/* notify_format_date - "23 novembre 2026" / "23 November 2026" (fr unless locale is en) */
char *notify_format_date(const char *locale, int64_t t);

/* notify_importance_name - "action", "info" or "optional" */
const char *notify_importance_name(enum notify_importance imp);

/*
 * notify_unsubscribe - the one-click unsubscribe of a digest (token purpose
 * "unsubscribe", kept: idempotent): optional notifications off.  1 when
 * done, 0 when the token is not a live unsubscribe token, -1 on error.
 */
int notify_unsubscribe(struct altc *ctx, const char *token, char **errstr_r);

#endif
