/*
 * outbox_db.h - the SQL side of mail out: outbox rows (load, due, state
 * changes), marking a user unreachable, and the tables shown by
 * "altc outbox list|show" and "altc notification list".  The mailers
 * render and deliver; every query lives here, in engine/.
 *
 * Each state change is its own statement; the caller decides whether it
 * runs inside a transaction (outbox_flush wraps each in a small one).
 */
#ifndef ALTC_OUTBOX_DB_H
#define ALTC_OUTBOX_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct table;

/* one outbox row with the recipient's display name (empty without a user) */
struct outbox_row {
	int64_t id;
	int64_t user_id;		/* 0: no account */
	char *rcpt;
	char *rcpt_name;
	char *template;
	char *locale;
	char *vars;			/* JSON object */
	char *token;			/* NULL when not actionable */
	char *thread;			/* NULL or "offer.42" */
	char *attachments;		/* NULL or JSON array */
	char *state;
	int attempts;
	int64_t next_attempt_at;
	int64_t created_at;
	char *last_error;
};

void outbox_row_release(struct outbox_row *r);

/*
 * outbox_db_due - up to max queued rows whose next_attempt_at <= now, in id
 * order, with id > after (paging).  *rows_r is an array the caller releases
 * row by row and frees.  -1 with *errstr_r on SQL error.
 */
int outbox_db_due(struct db *db, int64_t now, int64_t after, size_t max,
    struct outbox_row **rows_r, size_t *n_r, char **errstr_r);

/* outbox_db_get - one row by id; 1 found, 0 missing, -1 error */
int outbox_db_get(struct db *db, int64_t id, struct outbox_row *r, char **errstr_r);

/*
 * the server accepted the message; like mark_failed, the row then forgets
 * its clear tokens (token column and tokens in vars), which only the mail
 * carries from now on
 */
int outbox_db_mark_sent(struct db *db, int64_t id, const char *message_id, int64_t now,
    char **errstr_r);
/* a temporary failure: count the attempt and come back at next */
int outbox_db_mark_retry(struct db *db, int64_t id, int attempts, int64_t next,
    const char *error, char **errstr_r);
/* outbox_db_hasten - every queued row due now, whatever its retry time (flush --now) */
int outbox_db_hasten(struct db *db, int64_t now, char **errstr_r);
/* a permanent failure (5xx, or no attempts left, or a message that cannot be composed) */
int outbox_db_mark_failed(struct db *db, int64_t id, int attempts, const char *error,
    char **errstr_r);

/* outbox_db_mark_unreachable - users.unreachable = 1 (a hard bounce or a 5xx) */
int outbox_db_mark_unreachable(struct db *db, int64_t user_id, const char *why,
    char **errstr_r);

/* outbox_db_list - rows of the outbox (state NULL: all), newest first */
struct table *outbox_db_list(struct db *db, const char *state, char **errstr_r);
/* outbox_db_show - one row with every column; NULL with errstr when missing */
struct table *outbox_db_show(struct db *db, int64_t id, char **errstr_r);
/* outbox_db_counts - queued, sent and failed rows */
int outbox_db_counts(struct db *db, int64_t counts_r[3], char **errstr_r);

/* one notification of the center waiting for the digest */
struct digest_item {
	int64_t id;
	char *kind;
	char *vars;
	int64_t created_at;
};

/*
 * digest_db_users - users with undigested info/optional notifications:
 * ids, and whether each may be mailed (notify_email on, reachable).
 */
int digest_db_users(struct db *db, int64_t **ids_r, int **mailable_r, size_t *n_r,
    char **errstr_r);
/* digest_db_items - a user's undigested info/optional notifications, oldest first */
int digest_db_items(struct db *db, int64_t user_id, struct digest_item **items_r,
    size_t *n_r, char **errstr_r);
void digest_items_free(struct digest_item *items, size_t n);
/* digest_db_mark - mark them digested (up to id upto) and stamp users.digest_at */
int digest_db_mark(struct db *db, int64_t user_id, int64_t upto, int64_t now, char **errstr_r);
/* digest_db_user_locale - the user's locale ("" when unset) */
char *digest_db_user_locale(struct db *db, int64_t user_id);

/* notify_db_list - the notification center of one user (by e-mail), newest first */
struct table *notify_db_list(struct db *db, const char *email, char **errstr_r);

#endif
