/*
 * application_fsm.h - the state machine of applications (fsm.h) and the
 * module of the application workflow.
 */
#ifndef ALTC_APPLICATION_FSM_H
#define ALTC_APPLICATION_FSM_H

#include "fsm.h"
#include "module.h"

extern const struct fsm fsm_application;

/* application_hooks - filling an offer closes its applications (application_close.c) */
extern const struct module_hook application_hooks[];
/* application_module - the workflow's descriptor (application_cli.c) */
struct module;
extern const struct module application_module;

#endif
