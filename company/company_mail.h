/*
 * company_mail.h - the mail actions of employer accounts: registration at
 * inscription@, address confirmation and collaborator approval by reply.
 * Registered by offers_register_mail_actions (offer_mail.h).
 */
#ifndef ALTC_COMPANY_MAIL_H
#define ALTC_COMPANY_MAIL_H

#include "mail_action.h"

enum input_result company_mail_inscription(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result company_mail_confirm(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result company_mail_collaborator(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

#endif
