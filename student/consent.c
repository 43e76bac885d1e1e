/*
 * consent.c - the signup consent, its wording and its record.  The same
 * sentence is written in the invitation templates (a signup by reply
 * accepts what the mail said): tests/unit/test_signup.c checks that each
 * template carries consent_wording() word for word.
 */
#include "compat.h"

#include "altc.h"
#include "consent.h"
#include "db.h"
#include "util.h"

static const char *const wording[2] = {
	"J’accepte que la plateforme traite mes données (identité, coordonnées, formation,"
	" documents et critères de recherche) pour me proposer des offres d’alternance et"
	" transmettre mes candidatures aux entreprises que je choisis. Les entreprises ne voient"
	" de mon profil que ce que je choisis de montrer, jamais mon adresse. Je peux demander"
	" à tout moment une copie de mes données ou leur effacement.",
	"I agree that the platform processes my data (identity, contact details, programme,"
	" documents and search criteria) to offer me work-study positions and to send my"
	" applications to the companies I choose. Companies only see what I choose to show of"
	" my profile, never my address. I may ask at any time for a copy of my data or for"
	" its erasure.",
};

const char *
consent_wording(const char *locale)
{
	return wording[locale_is_en(locale)];
}

int
consent_record(struct altc *ctx, int64_t user_id, const char *locale, const char *via,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "INSERT INTO consents (user_id, kind, version,"
	    " locale, wording, via, given_at) VALUES (?1, 'signup', ?2, ?3, ?4, ?5, ?6)");

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, CONSENT_VERSION);
	db_bind_text(st, 3, locale_is_en(locale) ? "en" : "fr");
	db_bind_text(st, 4, consent_wording(locale));
	db_bind_text(st, 5, via);
	db_bind_int(st, 6, now_epoch());
	return db_done(ctx->db, st, errstr_r) < 0 ? -1 : 0;
}
