/*
 * interview_fsm.h - the state machine of interviews (fsm.h).
 */
#ifndef ALTC_INTERVIEW_FSM_H
#define ALTC_INTERVIEW_FSM_H

#include "fsm.h"

extern const struct fsm fsm_interview;

#endif
