/*
 * signup_mail.h - signing up by replying to the invitation: the mail action
 * of token purpose "signup" (verb INSCRIPTION, or no verb), with the form
 * lines Portable, Fixe, INE, Date de naissance, Parcours, Contact famille.
 */
#ifndef ALTC_SIGNUP_MAIL_H
#define ALTC_SIGNUP_MAIL_H

#include "command.h"
#include "http.h"
#include "mail_action.h"

struct altc;
struct mail_request;

/* signup by reply: the action and its verbs, listed in student_module */
extern const struct mail_action signup_mail_actions[];
extern const struct mail_verb signup_mail_verbs[];

/* signup_pages - the signup form and the staff activation behind /s/TOKEN (signup_http.c) */
extern const struct http_page signup_pages[];

/*
 * signup_mail_apply - the action itself: registers the student (INPUT_DONE),
 * sends a fresh link when the token expired (INPUT_DONE), or refuses with a
 * reason listing the fields to correct (INPUT_REJECTED).  The pipeline must
 * hand it expired signup tokens too (req->token_clear set, req->token NULL).
 */
enum input_result signup_mail_apply(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

#endif
