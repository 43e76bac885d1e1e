/*
 * recommend_mail.h - the tables the recommendations hand to the mail
 * library through the module's descriptor: the reply action of purpose
 * "recommend" (PROFIL, FAVORI n, FAVORIS), its verbs, the French of its
 * refusals and the templates it queues.
 */
#ifndef ALTC_RECOMMEND_MAIL_H
#define ALTC_RECOMMEND_MAIL_H

#include "command.h"
#include "mail_action.h"
#include "module.h"
#include "user_text.h"

struct json_object;

extern const struct mail_action recommend_mail_actions[];
extern const struct mail_verb recommend_mail_verbs[];
extern const struct user_text recommend_texts[];
extern const char *const recommend_templates[];
/*
 * recommend_answer - an action mail of template to the sender of req, with
 * a fresh reply key of purpose taking verbs (and attachments, may be NULL)
 */
int recommend_answer(struct altc *ctx, const struct mail_request *req, const char *purpose,
    const char *verbs, const char *template, struct json_object *vars, const char *attachments,
    char **errstr_r);
/* recommend_cvtheque_apply - PROFILS words, DETAIL n, CONTACTER n OFFRE m (employers, staff) */
enum input_result recommend_cvtheque_apply(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
/* the criteria on the student's signup form (recommend_signup.c) */
extern const struct profile_field recommend_signup_fields[];

#endif
