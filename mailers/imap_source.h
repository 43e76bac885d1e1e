/*
 * imap_source.h - polling an IMAP mailbox into the spool (imap.url,
 * imap.user, imap.password_file, imap.expunge).  Each unseen message is
 * fetched with BODY.PEEK[] (the server keeps it unseen), written into
 * spool/mail with spool_deliver (fsync), and only then flagged \Seen, or
 * \Deleted and expunged with imap.expunge.  A crash in between fetches it
 * again on the next poll; the inbound ledger makes that harmless.
 */
#ifndef ALTC_IMAP_SOURCE_H
#define ALTC_IMAP_SOURCE_H

#include <stddef.h>

#include "jobs.h"

struct altc;

/*
 * imap_poll - one poll.  Returns 0 with *fetched_r messages spooled (0 when
 * imap.url is empty), or -1 with *errstr_r (connection, login, protocol,
 * spool write); what was spooled before an error stays spooled.
 */
int imap_poll(struct altc *ctx, size_t *fetched_r, char **errstr_r);

/*
 * imap_probe - what altc check does: connect, check the certificate, log in,
 * open the mailbox read-only and count the unseen messages; nothing fetched
 * or flagged.  imap.url must be set.  -1 with *errstr_r.
 */
int imap_probe(struct altc *ctx, size_t *unseen_r, char **errstr_r);

/* imap_jobs - the polling job (every imap.poll_seconds when imap.url is set) */
extern const struct job imap_jobs[];

#endif
