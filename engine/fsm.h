/*
 * fsm.h - workflows as tables.  Each machine is a list of (state, event,
 * guard, next state, notifications); fsm_apply is the one function that
 * moves an object: it reads the current state, finds the transition, checks
 * the guard, updates the row, writes the audit row, logs
 * "offer 42: pending -> published (rp.gea@...)" and asks the caller to
 * queue each notification the transition names.  It runs inside the
 * caller's transaction and changes nothing when it fails.
 */
#ifndef ALTC_FSM_H
#define ALTC_FSM_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* a guard returns 1 when the transition may happen, 0 when not (reason set) */
typedef int (*fsm_guard_fn)(struct db *db, int64_t id, const char **why_r);

#define FSM_MAX_NOTIFY 3

struct fsm_transition {
	const char *from;
	const char *event;
	const char *to;
	fsm_guard_fn guard;		/* NULL: always allowed */
	const char *notify[FSM_MAX_NOTIFY];	/* templates queued by the caller */
};

struct fsm_state_label {
	const char *state;
	const char *fr;
	const char *en;
};

struct fsm {
	const char *name;		/* "offer": audit object type and log prefix */
	const char *select_sql;		/* SELECT state FROM ... WHERE rowid = ? */
	const char *update_sql;		/* UPDATE ... SET state = ?1 ... WHERE rowid = ?2 */
	const struct fsm_transition *transitions;
	size_t ntransitions;
	const struct fsm_state_label *labels;
	size_t nlabels;
};


enum fsm_result {
	FSM_OK = 0,
	FSM_ERROR = -1,		/* database error */
	FSM_NOT_FOUND = -2,	/* no such object */
	FSM_ILLEGAL = -3,	/* no transition for (state, event) */
	FSM_REFUSED = -4,	/* the guard said no */
};

/* called once per notification template of the transition */
typedef int (*fsm_notify_fn)(void *arg, const char *template_name, char **errstr_r);

/*
 * fsm_apply - fire event on object id.  actor may be NULL (the system),
 * detail (may be NULL) goes into the audit row.  On success *to_r (may be
 * NULL) points to the new state (static storage).  On failure *errstr_r
 * explains, in English, for the log; callers turn the result code into a
 * reply in the user's language (fsm_state_label helps).
 */
enum fsm_result fsm_apply(struct db *db, const struct fsm *m, int64_t id, const char *event,
    const char *actor, const char *detail, fsm_notify_fn notify, void *arg,
    const char **to_r, char **errstr_r);

/*
 * fsm_status - a result as the status of the operation (status.h): no such
 * object is ACT_ENOTFOUND, a transition refused or illegal ACT_ESTATE, a
 * database error ACT_EDB
 */
int fsm_status(enum fsm_result r);

/* fsm_find - the transition for (from, event), or NULL */
const struct fsm_transition *fsm_find(const struct fsm *m, const char *from, const char *event);

/* fsm_events_from - the events allowed in a state, as a comma list (caller frees) */
char *fsm_events_from(const struct fsm *m, const char *from);

/* fsm_state_label - the human name of a state ("publiée"), or the state itself */
const char *fsm_state_label(const struct fsm *m, const char *state, const char *locale);

#endif
