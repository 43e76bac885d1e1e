/*
 * company_mail.h - the mail actions of employer accounts: registration at
 * inscription@, address confirmation and collaborator approval by reply.
 * Listed in the company module's descriptor (cli_company.c).
 */
#ifndef ALTC_COMPANY_MAIL_H
#define ALTC_COMPANY_MAIL_H

#include "command.h"
#include "http.h"
#include "mail_action.h"
#include "user_text.h"

enum input_result company_mail_inscription(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result company_mail_confirm(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result company_mail_collaborator(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

/* the company module's mail actions, verbs and templates (listed in company_module) */
extern const struct mail_action company_mail_actions[];
extern const struct mail_verb company_mail_verbs[];
extern const char *const company_templates[];
/* company_links - the link actions behind /a/TOKEN (the address confirmation) */
extern const struct http_action company_links[];
/* company_texts - French of the refusals (company_text.c) */
extern const struct user_text company_texts[];

#endif
