/*
 * interview_mail.h - what the interview module hands to its descriptor.
 */
#ifndef ALTC_INTERVIEW_MAIL_H
#define ALTC_INTERVIEW_MAIL_H

#include "command.h"
#include "mail_action.h"
#include "user_text.h"

extern const struct mail_action interview_mail_actions[];
extern const struct mail_verb interview_mail_verbs[];
extern const struct user_text interview_texts[];

struct module;
extern const struct module interview_module;

#endif
