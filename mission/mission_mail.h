/*
 * mission_mail.h - mission sheets by mail (mission_mail.c): the actions of
 * missions@ and of the sheet's two kinds of reply keys, the verbs they
 * teach the reply parser, the French of their refusals, and the module.
 */
#ifndef ALTC_MISSION_MAIL_H
#define ALTC_MISSION_MAIL_H

#include "command.h"
#include "mail_action.h"
#include "user_text.h"

extern const struct mail_action mission_mail_actions[];
extern const struct mail_verb mission_mail_verbs[];
extern const struct user_text mission_texts[];	/* mission_text.c */

/* mission_module - commands, mail actions, the CFA export job, the hook on accepted applications */
struct module;
extern const struct module mission_module;

#endif
