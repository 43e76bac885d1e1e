/*
 * spool.h - the spool protocol (Maildir style).  Producers write into
 * KIND/tmp with O_EXCL, fsync, and rename into KIND/new; the daemon claims a
 * file by renaming it into KIND/cur, applies it in a savepoint of a group
 * transaction, and after the commit moves it to done/YYYY-MM-DD/ or to
 * failed/ with NAME.reason.  The inbound ledger (Message-ID, else SHA-256
 * of the content, with the envelope recipient) makes re-processing after a
 * crash a no-op.
 */
#ifndef ALTC_SPOOL_H
#define ALTC_SPOOL_H

/* longest file name of the spool (NAME.reason included): NAME_MAX of common file systems */
#define SPOOL_NAME_MAX 255

/* longest reason kept for a refused input (ledger, .reason file), in bytes */
#define SPOOL_REASON_MAX 2000

#include <stddef.h>

#include "input.h"

struct altc;

/* spool_kind_dir - "mail" or "import" */
const char *spool_kind_dir(enum input_kind kind);

/* spool_create - make every spool directory (mode 0750); -1 with errstr */
int spool_create(const struct altc *ctx, char **errstr_r);

/*
 * spool_deliver - write one input into KIND/new (tmp, fsync, rename, fsync
 * dir).  envelope_rcpt (may be NULL) is kept in the file name as ",R=addr"
 * (encoded) for the router.  name_hint (may be NULL) keeps a recognisable
 * original file name for imports.  Returns 0, or -1 with errno set (ENOSPC,
 * EDQUOT, EIO... are temporary for the MTA; ENAMETOOLONG: the recipient
 * does not fit in a file name, nothing written) and *errstr_r.
 */
int spool_deliver(const struct altc *ctx, enum input_kind kind, const void *data,
    size_t len, const char *envelope_rcpt, const char *name_hint, char **errstr_r);

struct spool_stats {
	size_t done, failed, deferred, duplicates;
};

/*
 * spool_drain - claim and apply everything waiting in new/ (and, at start-up,
 * what a crash left in cur/), in group transactions of at most batch inputs.
 * kinds is a bit mask of (1 << INPUT_*).  Returns 0, or -1 when the database
 * is unusable (the inputs stay where they are).
 */
int spool_drain(struct altc *ctx, unsigned kinds, int recover_cur, struct spool_stats *st_r);

#endif
