/*
 * dsn.h - what a bounce says: the failed recipient, the status code, the
 * action, whether the address itself is dead (a hard bounce) and the Message-ID of the
 * returned message.  RFC 3464 message/delivery-status is read field by
 * field; other bounces (qmail, Exchange, old sendmail) heuristically, from
 * the status codes and addresses in their text.
 */
#ifndef ALTC_DSN_H
#define ALTC_DSN_H

struct mime_msg;

struct dsn_result {
	char recipient[256];	/* lower case, "" when not found */
	char status[16];	/* "5.1.1", "" when not found */
	char action[16];	/* "failed", "delayed", ... ("" when not stated) */
	int hard;		/* the address is dead (see classify), not only a 5.x.x */
	char reason[16];	/* user_unknown, host_unknown, mailbox_full, blocked, policy, ... */
	char diagnostic[512];	/* Diagnostic-Code of the failed recipient, "" when none */
	int rfc3464;		/* read from a delivery-status part */
	char original_id[256];	/* Message-ID of the returned message, without <> */
};

/*
 * dsn_parse - 1 when m is a delivery failure (or delay) and r is filled,
 * 0 when it is not a bounce (also success reports: "delivered", "relayed").
 */
int dsn_parse(const struct mime_msg *m, struct dsn_result *r);

#endif
