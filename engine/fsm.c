/*
 * fsm.c - the generic transition function.  The tables themselves live in
 * each workflow's folder (offer/offer_fsm.c, student/account_fsm.c ...), so
 * that a workflow can be read in one screen.
 */
#include "compat.h"

#include "db.h"
#include "fsm.h"
#include "log.h"
#include "status.h"
#include "strbuf.h"
#include "util.h"

const struct fsm_transition *
fsm_find(const struct fsm *m, const char *from, const char *event)
{
	size_t i;

	for (i = 0; i < m->ntransitions; i++) {
		const struct fsm_transition *t = &m->transitions[i];

		if (strcmp(t->from, from) == 0 && strcmp(t->event, event) == 0)
			return t;
	}
	return NULL;
}

char *
fsm_events_from(const struct fsm *m, const char *from)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < m->ntransitions; i++) {
		if (strcmp(m->transitions[i].from, from) != 0)
			continue;
		if (sb.len)
			strbuf_addch(&sb, ',');
		strbuf_addstr(&sb, m->transitions[i].event);
	}
	return strbuf_detach(&sb, NULL);
}

const char *
fsm_state_label(const struct fsm *m, const char *state, const char *locale)
{
	size_t i;

	for (i = 0; i < m->nlabels; i++)
		if (strcmp(m->labels[i].state, state) == 0)
			return locale_is_en(locale) ? m->labels[i].en : m->labels[i].fr;
	return state;
}

enum fsm_result
fsm_apply(struct db *db, const struct fsm *m, int64_t id, const char *event,
    const char *actor, const char *detail, fsm_notify_fn notify, void *arg,
    const char **to_r, char **errstr_r)
{
	const struct fsm_transition *t;
	sqlite3_stmt *st;
	const char *why = NULL;
	char *from;
	size_t i;
	int rc;

	st = db_prepare(db, m->select_sql);
	db_bind_int(st, 1, id);
	rc = db_step(db, st, errstr_r);
	if (rc <= 0) {
		sqlite3_reset(st);
		if (rc == 0)
			*errstr_r = xasprintf("%s %lld: no such %s", m->name, (long long)id, m->name);
		return rc == 0 ? FSM_NOT_FOUND : FSM_ERROR;
	}
	from = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);

	if ((t = fsm_find(m, from, event)) == NULL) {
		*errstr_r = xasprintf("%s %lld: no '%s' in state %s", m->name, (long long)id,
		    event, from);
		free(from);
		return FSM_ILLEGAL;
	}
	if (t->guard && !t->guard(db, id, &why)) {
		*errstr_r = xasprintf("%s %lld: '%s' refused in state %s: %s", m->name,
		    (long long)id, event, from, why ? why : "condition not met");
		free(from);
		return FSM_REFUSED;
	}
	if (db_savepoint(db, "fsm") < 0) {
		*errstr_r = xasprintf("%s %lld: cannot open a savepoint", m->name, (long long)id);
		free(from);
		return FSM_ERROR;
	}
	st = db_prepare(db, m->update_sql);
	db_bind_text(st, 1, t->to);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, now_epoch());
	if (db_done(db, st, errstr_r) < 0 ||
	    db_audit(db, actor, m->name, id, from, event, t->to, detail) < 0)
		goto fail;
	for (i = 0; notify && i < FSM_MAX_NOTIFY && t->notify[i]; i++)
		if (notify(arg, t->notify[i], errstr_r) < 0)
			goto fail;
	if (db_release(db, "fsm") < 0)
		goto fail;
	log_info("%s %lld: %s -> %s (%s)", m->name, (long long)id, from, t->to,
	    actor ? actor : "system");
	if (to_r)
		*to_r = t->to;
	free(from);
	return FSM_OK;
fail:
	db_rollback_to(db, "fsm");
	if (*errstr_r == NULL)
		*errstr_r = xasprintf("%s %lld: database error", m->name, (long long)id);
	free(from);
	return FSM_ERROR;
}

int
fsm_status(enum fsm_result r)
{
	switch (r) {
	case FSM_OK: return ACT_OK;
	case FSM_NOT_FOUND: return ACT_ENOTFOUND;
	case FSM_ILLEGAL:
	case FSM_REFUSED: return ACT_ESTATE;
	default: return ACT_EDB;
	}
}
