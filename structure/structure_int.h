/*
 * structure_int.h - what the structure*.c files share: the reply keys they
 * issue and the way they queue a mail.
 */
#ifndef ALTC_STRUCTURE_INT_H
#define ALTC_STRUCTURE_INT_H

#include <stdint.h>

#include "command.h"
#include "mail_action.h"
#include "token.h"
#include "user_text.h"

struct altc;
struct json_object;

/* a structure user's key (welcome, partner answers): PARTENAIRE by reply */
#define STRUCTURE_MEMBER_PURPOSE "structure_member"
#define STRUCTURE_MEMBER_COMMANDS "PARTENAIRE"
/* an admin's key on a partner request */
#define PARTNER_REVIEW_PURPOSE "partner_review"
#define PARTNER_REVIEW_COMMANDS "VALIDER,REFUSER,REJETER"

/* structure_partner_missing - the labels of a partner's missing fields in locale, or NULL */
struct company_fields;
char *structure_partner_missing(const struct company_fields *f, const char *locale);

/* structure_key - a structure user's reply key into tok; -1 with errstr */
int structure_key(struct altc *ctx, int64_t structure_id, int64_t user_id, char tok[TOKEN_BUFSZ],
    char **errstr_r);
/* structure_queue - one action mail to user_id with v (consumed); -1 with errstr */
int structure_queue(struct altc *ctx, int64_t user_id, const char *tmpl, struct json_object *v,
    const char *token, const char *thread, char **errstr_r);

/* the mail actions, verbs, templates and French texts (structure_mail.c, structure_text.c) */
extern const struct mail_action structure_mail_actions[];
extern const struct mail_verb structure_mail_verbs[];
extern const char *const structure_templates[];
extern const struct user_text structure_texts[];

#endif
