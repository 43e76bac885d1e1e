/*
 * staff.h - staff accounts (rp, ga, admin) created by an administrator: the
 * user in state 'pending', its formations (an rp becomes formations.rp_id;
 * a ga gets a delegation from each formation's rp), a single-use
 * "activation" token (tokens.activation_ttl) and the account.activation
 * mail with the link BASE_URL/s/TOKEN.
 */
#ifndef ALTC_STAFF_H
#define ALTC_STAFF_H

#include <stddef.h>
#include <stdint.h>

struct altc;

/*
 * staff_add - create one staff account inside the caller's transaction
 * (the caller opens and commits it).  name is "First Last" (first word is
 * the first name).  Returns the user id, or -1 with *errstr_r (bad role or
 * address, address already used, unknown formation, formations given to an
 * admin, ga on a formation without rp); the caller then rolls back.
 */
int64_t staff_add(struct altc *ctx, const char *role, const char *email, const char *name,
    const char *const *formations, size_t nformations, char **errstr_r);

#endif
