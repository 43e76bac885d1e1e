/*
 * bounce.h - bounce scoring (Mailman's scheme).  A hard failure (5.x.x)
 * marks the address unreachable at once; a soft one (4.x.x) adds one to a
 * score that starts again from zero when the last bounce is older than
 * bounces.window; at bounces.threshold the address is unreachable.
 * Unreachable users get no more mail (notify_queue skips them).
 */
#ifndef ALTC_BOUNCE_H
#define ALTC_BOUNCE_H

#include <stdint.h>

struct altc;

/*
 * bounce_record - score one bounce of user_id; *unreachable_r tells the
 * new state.  Writes an audit row.  -1 with errstr on SQL error.
 */
int bounce_record(struct altc *ctx, int64_t user_id, int hard, const char *status,
    int *unreachable_r, char **errstr_r);

#endif
