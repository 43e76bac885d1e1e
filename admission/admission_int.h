/*
 * admission_int.h - what the files of admission/ share: the mails of a
 * candidate and of the staff (admission_notify.c).
 */
#ifndef ALTC_ADMISSION_INT_H
#define ALTC_ADMISSION_INT_H

#include <stdint.h>

struct altc;
struct json_object;

/* the candidate's part of a mail */
struct admission_who {
	int64_t id;
	char email[256];
	char first_name[128], last_name[128];
	char birth_date[11];
	char locale[8];
	char state[16];
};

/* admission_who_load - candidate id; 1, 0 unknown, -1 with errstr */
int admission_who_load(struct altc *ctx, int64_t id, struct admission_who *w, char **errstr_r);

/* admission_catalogue_vars - the "formations" list of the catalogue (the caller owns it) */
struct json_object *admission_catalogue_vars(struct altc *ctx, const char *locale,
    char **errstr_r);

/*
 * admission_mail_candidate - template to the candidate with vars (consumed):
 * with a reply key of purpose (NULL: none) on object_type/object_id
 * allowing commands, and the models of the pieces of dossier_id attached
 * when attach_models; thread "admission.ID" or "candidate.ID"
 */
int admission_mail_candidate(struct altc *ctx, const struct admission_who *w,
    const char *template_name, struct json_object *vars, const char *purpose,
    const char *object_type, int64_t object_id, const char *commands, int64_t ttl,
    int64_t dossier_id, int attach_models, char **errstr_r);

/*
 * admission_notify_dossier - admission.dossier to the candidate of dossier
 * id for event ("received", "piece", "transmitted", "piece_refused",
 * "interview", "admitted", "waitlisted", "refused", "abandoned", "closed"),
 * with the pieces and what is missing, and the dossier's key while alive
 */
int admission_notify_dossier(struct altc *ctx, int64_t id, const char *event, char **errstr_r);

/*
 * admission_notify_staff - to the formation's rp and each active ga the rp
 * delegated it to (as offers are): "transmitted" is admission.to_review
 * with the PDFs and a staff key of their own; the other events
 * ("abandoned", "closed", "interview") are admission.staff
 */
int admission_notify_staff(struct altc *ctx, int64_t id, const char *event, char **errstr_r);

/* the same with extra variables (consumed, may be NULL) */
int admission_notify_dossier_with(struct altc *ctx, int64_t id, const char *event,
    struct json_object *extra, char **errstr_r);
int admission_notify_staff_with(struct altc *ctx, int64_t id, const char *event,
    struct json_object *extra, char **errstr_r);

/* admission_fire - a dossier transition by actor (NULL: the system), audited */
int admission_fire(struct altc *ctx, int64_t id, const char *event, const char *actor,
    const char *detail, char **errstr_r);

/* admission_today - today's ISO date in local time */
void admission_today(char out[11]);

#endif
