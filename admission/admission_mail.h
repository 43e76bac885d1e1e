/*
 * admission_mail.h - admissions by mail (admission_mail.c): the actions of
 * formations@ and of the candidate's and staff's keys, the verbs they teach
 * the reply parser, the confirmation link, the French of the refusals
 * (admission_text.c), and the module (admission_cli.c).
 */
#ifndef ALTC_ADMISSION_MAIL_H
#define ALTC_ADMISSION_MAIL_H

#include "command.h"
#include "http.h"
#include "mail_action.h"
#include "user_text.h"

extern const struct mail_action admission_mail_actions[];
extern const struct mail_verb admission_mail_verbs[];
extern const struct http_action admission_links[];
extern const struct user_text admission_texts[];

struct module;
extern const struct module admission_module;

#endif
