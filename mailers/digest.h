/*
 * digest.h - the daily digest: for every user with info or optional
 * notifications not yet digested, one digest.daily mail listing them (each
 * item is the subject its own template would have had), with a one-click
 * unsubscribe token (List-Unsubscribe, RFC 8058).  Users who turned
 * "copie par e-mail" off or whose address is unreachable get no mail, but
 * their items are marked digested all the same.  Empty digests are not sent.
 */
#ifndef ALTC_DIGEST_H
#define ALTC_DIGEST_H

#include <stddef.h>

struct altc;

/*
 * digest_run - queue the due digests in one transaction of its own (the
 * caller then flushes the outbox).  *sent_r counts the digests queued.
 * -1 with *errstr_r on a database error (nothing is queued then).
 */
int digest_run(struct altc *ctx, size_t *sent_r, char **errstr_r);

#endif
