/*
 * mission_fsm.h - the state machine of mission sheets (fsm.h).
 */
#ifndef ALTC_MISSION_FSM_H
#define ALTC_MISSION_FSM_H

#include "fsm.h"

extern const struct fsm fsm_mission;

#endif
