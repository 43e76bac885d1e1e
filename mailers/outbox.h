/*
 * outbox.h - delivering the outbox: every queued row that is due is
 * composed (compose.h) and handed to one back-end, the Maildir outbox
 * (spool/outbox, the embedded default) or SMTP through libcurl when
 * smtp.url is set.  A row is marked sent only after the back-end accepted
 * it; a crash in between makes it go again, byte-identical, with the same
 * Message-ID (at least once).  Temporary failures (4xx, connection
 * trouble) come back after an exponential backoff; a 5xx fails the row,
 * and a 5xx to RCPT TO also marks the recipient unreachable (a refused
 * message, say too large, says nothing about the address).  No libetpan or libcurl type leaks here.
 */
#ifndef ALTC_OUTBOX_H
#define ALTC_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

struct altc;

/*
 * outbox_flush - deliver every due queued row, committing the state changes
 * in small transactions, one per back-end batch (64 messages over SMTP,
 * some 20 ms of sending; 64 files in the Maildir outbox, after one fsync of
 * new/).  Over SMTP each accepted message is also written to the journal
 * (outbox_journal.h) before the next is sent, and the journal is replayed
 * first: a crash resends at most the message in flight, with its Message-ID.
 * The Maildir outbox needs no journal: a batch becomes visible at once, and
 * a resent file replaces itself.  One run at a time: while another holds the
 * journal, this one returns 0 having sent nothing.
 * Never call it inside a transaction.
 * *sent_r counts the messages accepted.  Returns 0 (individual failures are
 * recorded on their rows), or -1 with *errstr_r when delivery cannot run at
 * all (unusable outbox directory, database error).
 */
int outbox_flush(struct altc *ctx, size_t *sent_r, char **errstr_r);

/* outbox_backoff - seconds before attempt attempts+1: base * 2^(attempts-1), at most max */
int64_t outbox_backoff(int attempts, int64_t base, int64_t max);

/* what a back-end says about one message */
enum outbox_result {
	OUTBOX_SENT,		/* accepted */
	OUTBOX_TEMPFAIL,	/* 4xx: this message later */
	OUTBOX_PERMFAIL,	/* 5xx to the message (MAIL, DATA): never */
	OUTBOX_BADRCPT,		/* 5xx to RCPT: never, and the address is unreachable */
	OUTBOX_DOWN,		/* no usable connection: this message later, stop the run */
};

struct outbox_msg {
	int64_t id;
	const char *envelope_from;	/* bounces+ID@domain */
	const char *rcpt;
	const char *data;		/* the message, CRLF line ends */
	size_t len;
};

/*
 * A back-end is a const table of functions (one file each).  open prepares
 * a session (NULL state allowed); send delivers one message; sync makes
 * what was sent durable before the caller commits its state (Maildir:
 * fsync of new/); close ends the session.  batch is how many messages the
 * runner may send before calling sync and committing.  journaled: a message
 * is durable as soon as send accepts it (a relay's 250), so the runner
 * journals it at once.
 */
struct outbox_backend {
	const char *name;
	size_t batch;
	int journaled;
	int (*open)(struct altc *ctx, void **state_r, char **errstr_r);
	enum outbox_result (*send)(void *state, const struct outbox_msg *m, char **errstr_r);
	int (*sync)(void *state, char **errstr_r);
	void (*close)(void *state);
};

extern const struct outbox_backend outbox_maildir_backend;
extern const struct outbox_backend outbox_smtp_backend;

/* outbox_maildir_name - the deterministic file name of a message in outbox/new */
char *outbox_maildir_name(int64_t id, const char *domain);

#endif
