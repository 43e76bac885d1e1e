/*
 * status.h - the outcome of a workflow operation, shared by every module:
 * 0 when done, -1 when the database failed (try again later), another
 * negative code when the request itself is refused.  The mail layer turns
 * a refusal into a sentence in the sender's language; the CLI into an exit
 * code.
 */
#ifndef ALTC_STATUS_H
#define ALTC_STATUS_H

enum act_status {
	ACT_OK = 0,
	ACT_EDB = -1,		/* database error: retry later */
	ACT_EINPUT = -2,	/* bad or missing value given by the user */
	ACT_EDENIED = -3,	/* this user may not do that */
	ACT_ESTATE = -4,	/* not possible in the current state (already decided...) */
	ACT_ENOTFOUND = -5,	/* no such object, formation, user */
};

#endif
