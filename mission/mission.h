/*
 * mission.h - mission sheets (fiches mission, DESIGN §7): what the
 * apprentice training centre (CFA) needs to know of a placement.  A sheet
 * is created as a draft from an accepted application, from an offer, or
 * off-platform (a form sent to missions@), prefilled from what is known;
 * its author completes it by reply and submits it; the formation's rp (or a
 * ga by delegation) validates or rejects it; a rejected sheet is corrected
 * and submitted again.  The student and the employer are told each step.
 *
 * Every function runs inside the caller's transaction and changes nothing
 * when it fails (each opens its own savepoint).  States move only through
 * fsm_apply (fsm_mission).  Errors are act_status codes (status.h) with an
 * English *errstr_r; the mail layer turns them into the sender's language.
 */
#ifndef ALTC_MISSION_H
#define ALTC_MISSION_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct altc;
struct table;

/* the fields of the form, in the order the sheet shows them */
enum mission_field {
	MF_COMPANY,		/* Entreprise */
	MF_SIRET,
	MF_ADDRESS,		/* Adresse (of the company, where the apprentice works) */
	MF_TUTOR,		/* Maître d'apprentissage */
	MF_TUTOR_EMAIL,		/* E-mail du maître d'apprentissage */
	MF_MANAGER,		/* Responsable du contrat */
	MF_START,		/* Date de début */
	MF_END,			/* Date de fin */
	MF_SUBJECT,		/* Sujet */
	MF_ACTIVITIES,		/* Activités */
	MF_SCHOOL_YEAR,		/* Année scolaire, "2026-2027" */
	MF_PROMOTION,		/* Promotion */
	MF_N
};

/* a form as typed: each field a string, NULL when absent */
struct mission_fields {
	char *v[MF_N];
};

void mission_fields_release(struct mission_fields *f);
/*
 * mission_fields_set - the field of a normalised form key (command.h:
 * "e_mail_du_maitre_d_apprentissage"), its French and English labels and
 * their variants; 1 when the key names a field (the value is copied), 0
 * when not.
 */
int mission_fields_set(struct mission_fields *f, const char *key, const char *value);
/* mission_field_label - "Date de début" / "Start date" */
const char *mission_field_label(enum mission_field i, const char *locale);
/* mission_field_required - whether a sheet can be submitted without it */
int mission_field_required(enum mission_field i);

/* what a sheet is created from; zero ids are unknown */
struct mission_origin {
	int64_t student_id;	/* required */
	int64_t author_id;	/* who writes it: the student or an employer */
	int64_t application_id;
	int64_t offer_id;
	int64_t formation_id;	/* 0: the student's (their only or latest formation) */
};

/*
 * mission_create - a draft prefilled from the application, the offer, the
 * company, the student and the formation, then the given fields on top;
 * mails the draft with its reply key to the author (and, when created from
 * an application, to the student and the employer).  *id_r the new sheet.
 * ACT_EINPUT for a bad value (a date, a SIRET), ACT_ENOTFOUND for an unknown
 * student or formation, ACT_ESTATE when the student already has a sheet for
 * this application.
 */
int mission_create(struct altc *ctx, const struct mission_origin *o,
    const struct mission_fields *f, int64_t *id_r, char **errstr_r);

/*
 * mission_edit - the given fields replace the sheet's (a draft, or a
 * rejected sheet being corrected); the author, the student and the
 * student's employer may edit.  The updated draft is mailed back.
 */
int mission_edit(struct altc *ctx, int64_t id, int64_t actor_id, const struct mission_fields *f,
    char **errstr_r);

/*
 * mission_submit - draft or rejected -> submitted: every required field
 * must be there (ACT_EINPUT "missing fields: Sujet, ..." otherwise); the rp
 * of the formation and each ga holding a delegation for it are asked, each
 * with a reply key.
 */
int mission_submit(struct altc *ctx, int64_t id, int64_t actor_id, char **errstr_r);

/*
 * mission_decide - submitted -> validated (comment optional) or rejected
 * (a reason is required), by the formation's rp or a ga delegated for it
 * (ACT_EDENIED otherwise); the student and the employer are told, the other
 * reviewers' keys die.
 */
int mission_decide(struct altc *ctx, int64_t id, int64_t actor_id, int validate,
    const char *comment, char **errstr_r);

/* mission_of_application - the sheet of an application, 0 when none, -1 on error */
int64_t mission_of_application(struct altc *ctx, int64_t application_id, char **errstr_r);

/* mission_list_table - sheets (all, of a formation code, in a state); NULL with errstr */
struct table *mission_list_table(struct altc *ctx, const char *formation, const char *state,
    char **errstr_r);
/* mission_show_table - one sheet, field by field; NULL with errstr (unknown: ACT_ENOTFOUND text) */
struct table *mission_show_table(struct altc *ctx, int64_t id, const char *locale,
    char **errstr_r);

#endif
