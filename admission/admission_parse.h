/*
 * admission_parse.h - what a candidate writes, read without the database:
 * the signup form lines, the ranked formation codes of CANDIDATER, the
 * "Pièce : libellé" and "INCAPACITE libellé : raison" lines that go with
 * the attachments, and the "libellé : motif" of a refused piece.  Messages
 * are English formats translated by admission_text.c.
 */
#ifndef ALTC_ADMISSION_PARSE_H
#define ALTC_ADMISSION_PARSE_H

#include <stddef.h>
#include <stdint.h>

struct mail_form_field;

#define ADMISSION_MAX_CODES 10	/* vœux in one CANDIDATER */
#define ADMISSION_MAX_DECLS 20	/* piece lines in one mail */

struct admission_signup {
	char *last_name, *first_name;
	char birth_date[11];	/* YYYY-MM-DD */
	char *phone;		/* as written, or NULL */
};

/*
 * admission_signup_parse - the signup form lines (keys normalised by the
 * command parser: nom, prenom, date_de_naissance, telephone); the birth
 * date as dd/mm/yyyy or yyyy-mm-dd, before now and after 1900.  0, or -1
 * with *errstr_r naming the missing or wrong fields; s is released on
 * failure.
 */
int admission_signup_parse(const struct mail_form_field *form, size_t n, int64_t now,
    struct admission_signup *s, char **errstr_r);
void admission_signup_release(struct admission_signup *s);

/*
 * admission_codes_parse - "GEA, TC ; INFO" or "GEA TC" into codes in the
 * order given (the rank); -1 with errstr when none, too many, or repeated
 */
int admission_codes_parse(const char *args, char ***codes_r, size_t *n_r, char **errstr_r);
void admission_codes_free(char **codes, size_t n);

struct admission_decl {
	char *label;	/* as written */
	char *reason;	/* an incapacité's reason, NULL for a "Pièce :" line */
};

/*
 * admission_decls_parse - every "Pièce : libellé" line (also "Pièce jointe",
 * "Document") and every "INCAPACITE libellé : raison" line of text, in
 * order; 0 (possibly none), -1 with errstr for an incapacité without a
 * label or a reason, or too many lines
 */
int admission_decls_parse(const char *text, struct admission_decl **d_r, size_t *n_r,
    char **errstr_r);
void admission_decls_free(struct admission_decl *d, size_t n);

/*
 * admission_label_reason - "libellé : motif" (or "libellé -- motif") of the
 * staff's refusal of a piece; 0, -1 when either part is empty
 */
int admission_label_reason(const char *args, char **label_r, char **reason_r);

/* admission_file_key - the key of an attachment's name without its extension ("releve_de_notes") */
char *admission_file_key(const char *filename);

/* admission_date_parse - "dd/mm/yyyy" or "yyyy-mm-dd" into ISO; -1 when not a date */
int admission_date_parse(const char *s, char iso[11]);

/*
 * the interview slots the staff proposes (ENTRETIEN): one a line or
 * ';'-separated, prose without a digit and the "Lieu :" / "Visio :" lines
 * skipped
 */
struct interview_slot;

/*
 * admission_slots_parse - the slots of text, at most max, in v (the caller
 * releases each); 0 with *n_r >= 1, -1 with errstr (an English user_text
 * format) for the first unreadable or past slot, too many, or none
 */
int admission_slots_parse(const char *text, int64_t now, struct interview_slot *v, size_t max,
    size_t *n_r, char **errstr_r);

/* admission_slots_json - the slots as stored in the dossier (malloc'ed JSON array) */
char *admission_slots_json(const struct interview_slot *v, size_t n);

/* admission_slots_count - how many slots the stored array holds (0 when NULL or unreadable) */
size_t admission_slots_count(const char *json);

/*
 * admission_slot_pick - slot n (from 1) of the stored array for a
 * candidate's CRENEAU n at now: 0 with *s filled (the caller releases it),
 * -1 with errstr when there is no such slot or it is past
 */
int admission_slot_pick(const char *json, int64_t n, int64_t now, struct interview_slot *s,
    char **errstr_r);

/* admission_slot_number - the number of "CRENEAU 2", "n° 2", "#2"; 0 when none */
int64_t admission_slot_number(const char *args);

#endif
