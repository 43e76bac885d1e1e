/*
 * mailuser.h - the queries the inbound mail pipeline needs (SQL stays in
 * engine/): users by address or id, the optional-notification switch, the
 * per-sender error-reply budget, and outbox rows by id or Message-ID (to
 * match bounces to the mail that caused them).
 */
#ifndef ALTC_MAILUSER_H
#define ALTC_MAILUSER_H

#include <stdint.h>

struct db;

struct mailuser {
	int64_t id;
	char email[256];
	char role[16];
	char state[32];
	char locale[8];
	char name[128];		/* "First Last", may be "" */
	int notify_optional;
	int notify_email;	/* "copie par e-mail" */
	int unreachable;
};

/* mailuser_by_email / mailuser_by_id - 1 found, 0 none, -1 with errstr */
int mailuser_by_email(struct db *db, const char *email, struct mailuser *u, char **errstr_r);
int mailuser_by_id(struct db *db, int64_t id, struct mailuser *u, char **errstr_r);

/* mailuser_is_staff - rp, ga or admin */
int mailuser_is_staff(const struct mailuser *u);

/* mailuser_set_notify_optional - switch optional notifications; -1 with errstr */
int mailuser_set_notify_optional(struct db *db, int64_t id, int on, char **errstr_r);
/* mailuser_set_notify_email - switch the e-mail copy of notifications; -1 with errstr */
int mailuser_set_notify_email(struct db *db, int64_t id, int on, char **errstr_r);

/*
 * mailuser_error_budget - count one error reply to sender on day
 * ("YYYY-MM-DD"); *count_r gets the count including this one.
 */
int mailuser_error_budget(struct db *db, const char *sender, const char *day, int *count_r,
    char **errstr_r);

/* mailuser_outbox - rcpt and user of an outbox row by id or by Message-ID (without <>) */
int mailuser_outbox_by_id(struct db *db, int64_t id, int64_t *user_id_r, char rcpt[256],
    char **errstr_r);
int mailuser_outbox_by_message_id(struct db *db, const char *message_id, int64_t *user_id_r,
    char rcpt[256], char **errstr_r);

#endif
