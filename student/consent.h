/*
 * consent.h - the consent a student gives at signup to the processing of
 * their data: the wording shown (on the signup page, and in the invitation
 * for a signup by reply), recorded with its date, its language, its
 * version and the way it was given, as proof (RGPD art. 7(1)).
 */
#ifndef ALTC_CONSENT_H
#define ALTC_CONSENT_H

#include <stdint.h>

struct altc;

/* consent_wording - the text accepted at signup ("fr" or "en") */
const char *consent_wording(const char *locale);

/* CONSENT_VERSION - changes whenever the wording does (tests check the date) */
#define CONSENT_VERSION "2026-12"

/* consent_record - user accepted the signup wording of locale, via "page" or "mail" */
int consent_record(struct altc *ctx, int64_t user_id, const char *locale, const char *via,
    char **errstr_r);

#endif
