/*
 * admission.h - applications to the formations themselves, by mail: the
 * catalogue of formations open to applications (formations@), candidates
 * from outside the platform who sign up and confirm their address, their
 * dossiers (one per formation, ranked), the pieces each formation asks
 * for (PDFs, or an incapacité with its reason, one piece serving every
 * dossier that asks for its label), the transmission of a complete dossier
 * to the formation's rp (and each ga the rp delegated it to), who may send
 * a piece back, convene the candidate and decide.
 *
 * Every function runs inside the caller's transaction (a savepoint of its
 * own) and returns an act_status (status.h); on failure *errstr_r holds an
 * English message that is also a user_text format (admission_text.c), and
 * nothing was changed.  Each transition is audited with the mail it causes.
 */
#ifndef ALTC_ADMISSION_H
#define ALTC_ADMISSION_H

#include <stddef.h>
#include <stdint.h>

#include "admission_parse.h"

struct altc;
struct interview_slot;
struct table;

/* the verbs of the keys the candidate and the staff receive */
#define ADMISSION_CANDIDATE_VERBS "POSTULER,CATALOGUE,PIECE,INCAPACITE,ABANDONNER"
#define ADMISSION_DOSSIER_VERBS "PIECE,INCAPACITE,ABANDONNER,CRENEAU,ANNULER,DEPLACER"
#define ADMISSION_STAFF_VERBS "RECLAMER,REFUSER,ENTRETIEN,ADMIS,ATTENTE,ANNULER"

/* ---- staff set-up (CLI) ---- */

/* admission_window_set - formation code takes applications from..to (ISO or dd/mm/yyyy dates) */
int admission_window_set(struct altc *ctx, const char *code, const char *from, const char *to,
    char **errstr_r);
/* admission_piece_add - a piece the formation asks for, with a PDF model to fill (may be NULL) */
int admission_piece_add(struct altc *ctx, const char *code, const char *label,
    const char *template_path, char **errstr_r);
/* admission_piece_remove - a piece no longer asked for (dossiers already made keep it) */
int admission_piece_remove(struct altc *ctx, const char *code, const char *label,
    char **errstr_r);

/* ---- the candidate ---- */

/*
 * admission_catalogue - the formations open (or about to open) to
 * applications, mailed to email; with the candidate's key when the address
 * is a confirmed candidate's
 */
int admission_catalogue(struct altc *ctx, const char *email, const char *locale,
    char **errstr_r);
/*
 * admission_signup - a candidate for email (new, or an unconfirmed one
 * mailed again): the confirmation key and link, valid until the signup
 * expires (admission.confirm_days after the first signup)
 */
int admission_signup(struct altc *ctx, const char *email, const char *locale,
    const struct admission_signup *s, char **errstr_r);
/* admission_confirm - the address of candidate id is confirmed; the catalogue follows */
int admission_confirm(struct altc *ctx, int64_t id, char **errstr_r);
/* admission_candidate_by_email - the live candidate of an address; 1, 0 none, -1 */
int admission_candidate_by_email(struct altc *ctx, const char *email, int64_t *id_r,
    char state_r[16], char **errstr_r);
/* admission_candidate_email - the address of candidate id (caller frees), NULL when unknown */
char *admission_candidate_email(struct altc *ctx, int64_t id);
/* admission_dossier_candidate - the candidate of a dossier, 0 when unknown */
int64_t admission_dossier_candidate(struct altc *ctx, int64_t dossier_id);

/*
 * admission_apply - vœux of confirmed candidate id for the formation codes
 * in order (their rank follows the dossiers already made); all or none
 */
int admission_apply(struct altc *ctx, int64_t candidate_id, char *const *codes, size_t n,
    char **errstr_r);

/* one piece a candidate sends: a checked PDF, or an incapacité with its reason */
struct admission_piece_in {
	const char *label;		/* as the candidate wrote it, or the attachment's name */
	const char *filename;		/* PDF: the attachment's name; NULL for an incapacité */
	const unsigned char *data;
	size_t len;
	const char *reason;		/* incapacité */
};

/*
 * admission_add_pieces - pieces of candidate id, for dossier_id only (its
 * key) or every dossier asking for them (0): each goes to every dossier
 * of the candidate that asks for its label and is open to it (incomplete,
 * or that piece sent back by the rp); a dossier made complete is
 * transmitted and locked.  A piece no open dossier takes is refused.
 */
int admission_add_pieces(struct altc *ctx, int64_t candidate_id, int64_t dossier_id,
    const struct admission_piece_in *p, size_t n, char **errstr_r);
/* admission_abandon - the candidate gives up dossier id (or the dossier for code, with id 0) */
int admission_abandon(struct altc *ctx, int64_t candidate_id, int64_t id, const char *code,
    char **errstr_r);

/* ---- the formation's staff ---- */

/*
 * admission_may_act - whether user_id decides on dossier id: the
 * formation's rp, a ga holding the rp's delegation for the formation, an
 * admin; active accounts only (the rule of offer validation)
 */
int admission_may_act(struct altc *ctx, int64_t id, int64_t user_id);

/* admission_refuse_piece - label (or its number) sent back with a reason; the candidate has admission.resend_days */
int admission_refuse_piece(struct altc *ctx, int64_t id, int64_t staff_id, const char *label,
    const char *reason, char **errstr_r);
/*
 * admission_convene - one slot convenes the candidate (an invitation; a new
 * one moves the former, SEQUENCE raised); several are a choice mailed
 * numbered to the candidate (CRENEAU n), replacing the former proposal or
 * slot (whose invitation the same mails cancel)
 */
int admission_convene(struct altc *ctx, int64_t id, int64_t staff_id,
    const struct interview_slot *slots, size_t n, char **errstr_r);
/* admission_book - the candidate's CRENEAU n: the slot set, both sides invited */
int admission_book(struct altc *ctx, int64_t id, int64_t candidate_id, int64_t n,
    char **errstr_r);
/*
 * admission_interview_cancel - by the staff (staff_id) or the candidate
 * (staff_id 0): the dossier is back with the formation, both sides told,
 * the invitation cancelled (METHOD:CANCEL, same UID)
 */
int admission_interview_cancel(struct altc *ctx, int64_t id, int64_t staff_id,
    int64_t candidate_id, char **errstr_r);
/*
 * admission_interview_move - the candidate's DEPLACER: the slot freed (its
 * invitation cancelled), the staff asked for new slots with message
 */
int admission_interview_move(struct altc *ctx, int64_t id, int64_t candidate_id,
    const char *message, char **errstr_r);
/* admission_decide - event "admit", "waitlist" or "refuse" (reason required for refuse) */
int admission_decide(struct altc *ctx, int64_t id, int64_t staff_id, const char *event,
    const char *reason, char **errstr_r);

/*
 * admission_sweep - the daily job: unconfirmed signups past
 * admission.confirm_days expire, dossiers whose refused piece is past its
 * deadline and incomplete dossiers whose window closed are closed; in its
 * own transaction
 */
int admission_sweep(struct altc *ctx, size_t *did_r, char **errstr_r);

/*
 * admission_remind - both sides of the interviews set for the day after
 * now's (local time) are reminded, once, with the invitation again; in
 * the caller's transaction
 */
int admission_remind(struct altc *ctx, int64_t now, size_t *did_r, char **errstr_r);

/* ---- CLI tables ---- */
struct table *admission_list_table(struct altc *ctx, const char *formation, const char *state,
    char **errstr_r);
struct table *admission_show_table(struct altc *ctx, int64_t id, const char *locale,
    char **errstr_r);
struct table *admission_windows_table(struct altc *ctx, char **errstr_r);
/* admission_candidates_table - the candidates (state unconfirmed|confirmed|expired, or all) */
struct table *admission_candidates_table(struct altc *ctx, const char *state,
    char **errstr_r);

#endif
