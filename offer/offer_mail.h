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

#include "mail_action.h"

/* offers_register_mail_actions - register every action above (idempotent) */
void offers_register_mail_actions(void);

/* the actions, exposed for tests */
enum input_result offer_mail_offres(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result offer_mail_review(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result offer_mail_owner(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

/*
 * offer_mail_refuse - INPUT_REJECTED with the failed/ reason, and what the
 * sender is told: a reply.error code and the detail in their language (both
 * strings are taken over)
 */
enum input_result offer_mail_refuse(const struct mail_request *req, const char *code,
    char *detail, char *reason, char **reason_r);

/*
 * offer_mail_result - an engine status as an input result: refused ones get
 * the code of the status and the engine's message in the sender's language
 */
enum input_result offer_mail_result(const struct mail_request *req, int status, char *err,
    char **reason_r);

#endif
