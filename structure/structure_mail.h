/*
 * structure_mail.h - PARTENAIRE by mail, for the modules that receive it
 * on their own address (offres@ is the offer module's): a structure's user
 * adds a partner company with its SIRET, name and address lines.
 */
#ifndef ALTC_STRUCTURE_MAIL_H
#define ALTC_STRUCTURE_MAIL_H

#include "mail_action.h"

enum input_result structure_mail_partner(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

#endif
