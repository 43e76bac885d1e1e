/*
 * admission_fsm.h - the state machines of applications to the formations
 * themselves (fsm.h): the candidate's address, confirmed or expired, and
 * the dossier of one candidate for one formation.
 */
#ifndef ALTC_ADMISSION_FSM_H
#define ALTC_ADMISSION_FSM_H

#include "fsm.h"

extern const struct fsm fsm_candidate;
extern const struct fsm fsm_dossier;

/* admission_state_valid - whether s is a state of a dossier */
int admission_state_valid(const char *s);

/* admission_dossier_open - whether a dossier in state s is still alive (not decided, closed) */
int admission_dossier_open(const char *s);

#endif
