/*
 * interview_mail.h - what the interview module hands to its descriptor.
 */
#ifndef ALTC_INTERVIEW_MAIL_H
#define ALTC_INTERVIEW_MAIL_H

#include "command.h"
#include "mail_action.h"
#include "user_text.h"

extern const struct mail_action interview_mail_actions[];

/* interview_relay_apply - MESSAGE, and replies to msg+TOKEN@ (interview_relay.c) */
enum input_result interview_relay_apply(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
extern const struct mail_verb interview_mail_verbs[];
extern const struct user_text interview_texts[];

struct module;
extern const struct module interview_module;

#endif
