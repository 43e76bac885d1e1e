/*
 * pending.h - staff commands held until their author confirms them from
 * their own mailbox.  A From address is forgeable: a command that creates
 * accounts and came to a fixed address (inscription@, parrainage@) without
 * proof of the sender's mailbox is kept here, and the staff member is asked
 * at their registered address to answer CONFIRMER or ANNULER on a
 * single-use key (mail_action.h, mail_action_hold).  The row keeps what the
 * command needs to be applied later: the route, the canonical verb and the
 * new text of the mail, bounded by PENDING_TEXT_MAX.  Each step is audited
 * (command.held, command.confirmed, command.cancelled); the text is cleared
 * once the command is decided.
 */
#ifndef ALTC_PENDING_H
#define ALTC_PENDING_H

#include <stdint.h>

struct db;

/* bytes of a held command's text: the bound of a form posted to the link endpoint */
#define PENDING_TEXT_MAX 16384
/* commands of one staff member waiting at once: a flood of forged mail asks no more */
#define PENDING_OPEN_MAX 20

enum pending_status {
	PENDING_OK = 0,		/* taken: the row is now confirmed or cancelled */
	PENDING_UNKNOWN,	/* no such command */
	PENDING_EXPIRED,	/* its expiry has come (at the very second too) */
	PENDING_DONE,		/* already confirmed or cancelled */
	PENDING_WRONG_USER,	/* held for someone else */
};

struct pending_command {
	int64_t id;
	int64_t user_id;
	int64_t expires_at;
	char route[32];
	char verb[32];
	char state[16];		/* "pending", "confirmed", "cancelled" */
	char *text;		/* malloc'ed; NULL once decided */
};

/*
 * pending_hold - keep user_id's command (route, canonical verb, new text)
 * for ttl seconds, audited as command.held; *id_r the row.  Returns 0, 1
 * when text is longer than PENDING_TEXT_MAX, 2 when PENDING_OPEN_MAX
 * commands of user_id already wait (nothing kept then), -1 with *errstr_r
 * on SQL error.
 */
int pending_hold(struct db *db, int64_t user_id, const char *route, const char *verb,
    const char *text, int64_t ttl, int64_t *id_r, char **errstr_r);

/*
 * pending_take - decide command id for user_id: confirm (1) or cancel (0).
 * Only a pending command of that user whose expiry is still ahead moves
 * (to confirmed or cancelled, audited, its text cleared); p_r is filled
 * whenever the row exists, with the text on PENDING_OK (release it with
 * pending_release).  Returns an enum pending_status, -1 on SQL error.
 */
int pending_take(struct db *db, int64_t id, int64_t user_id, int confirm,
    struct pending_command *p_r, char **errstr_r);

/* pending_release - free the contents of p */
void pending_release(struct pending_command *p);

#endif
