/*
 * offer_mail.h - the mail actions of offers and employer accounts, for the
 * inbound pipeline (mail_action.h).  Routes and token purposes handled:
 *   "offres"              offer submission (form lines, PDF, CSV) from an
 *                         employer; CHERCHER from a student
 *   "inscription"         employer registration
 *   "offer_review"        rp/ga decisions (token object offer_formation or
 *                         offer_pool)
 *   "offer_owner"         the employer's life cycle and edits (object offer)
 *   "confirm_email"       address confirmation of a new employer (object user)
 *   "collaborator_review" the referent approves a collaborator (object user)
 */
#ifndef ALTC_OFFER_MAIL_H
#define ALTC_OFFER_MAIL_H

#include "command.h"
#include "mail_action.h"

/* the offer module's mail actions, verbs and templates (listed in offer_module) */
extern const struct mail_action offer_mail_actions[];
extern const struct mail_verb offer_mail_verbs[];
extern const char *const offer_templates[];

/* the actions, exposed for tests */
enum input_result offer_mail_offres(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result offer_mail_review(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result offer_mail_owner(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result offer_mail_student(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

#endif
