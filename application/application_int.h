/*
 * application_int.h - what the files of the application workflow share:
 * the loaded row, the mail of each template and the transition runner.
 */
#ifndef ALTC_APPLICATION_INT_H
#define ALTC_APPLICATION_INT_H

#include <stdint.h>

#include "application_fsm.h"

struct altc;
struct id_list;

/* reply keys: the verbs each side may answer with */
#define APP_EMPLOYER_VERBS "RECEVABLE,ACCEPTER,REFUSER,ENTRETIEN,MESSAGE,CANDIDATURES,MISSION"
#define APP_STUDENT_VERBS "ABANDONNER,MESSAGE,MISSION,CONSEIL"
/* the referent's key of a student's request for advice: they answer the student */
#define APP_REFERENT_HELP_VERBS "CONSEIL,MESSAGE,NOTE,AUTONOMIE"
/*
 * the types of document an employer ever sees: the CV and the letter; a
 * book or another piece joined to an application stays with the student
 * and the staff
 */
#define APP_EMPLOYER_TYPES "('cv', 'lm')"
#define APP_REFERENT_VERBS "VALIDER,REFUSER,CONSEIL,MESSAGE,NOTE,AUTONOMIE"

/* the key of the links to an application's documents (application_http.c) */
#define APP_DOWNLOAD_PURPOSE "document_download"

/* a spontaneous application: the verb of two words, what the company answers, and the student */
#define APP_SPONTANEOUS_VERB "CANDIDATURE SPONTANEE"
#define APP_SPONTANEOUS_EMPLOYER_VERBS "RECEVABLE,REFUSER,MESSAGE,SPONTANEES,CANDIDATURES"
#define APP_SPONTANEOUS_STUDENT_VERBS "ABANDONNER,MESSAGE"

struct app_row {
	int64_t id, student_id, offer_id, company_id, employer_id, one_click, created_at;
	char *state, *comment, *offer_title, *company, *student_name, *student_email,
	    *formation, *offer_state;
	int spontaneous;		/* no offer: the student wrote to the company */
	int64_t structure_id;		/* the offer's structure, 0 when none */
	int shared;			/* the offer is shared by its structure's users */
	char *contact;			/* the partner's contact named on the offer, or "" */
};

/*
 * app_employers - who answers an application for the company, main first:
 * the offer's author (else the company's referent), then the other users
 * of the structure of a shared offer; for a spontaneous application, the
 * company's referent, else the structure's user who answers for a partner
 */
int app_employers(struct altc *ctx, const struct app_row *a, struct id_list *l,
    char **errstr_r);

/* app_load - 1 loaded, 0 unknown, -1 SQL error */
int app_load(struct altc *ctx, int64_t id, struct app_row *a, char **errstr_r);
void app_row_release(struct app_row *a);

/* app_referent - who validates a non-autonomous student's applications, 0 if nobody */
int64_t app_referent(struct altc *ctx, int64_t student_id);

/* app_user_email - the address of a user for audit rows (static buffer, "" for 0) */
const char *app_user_email(struct altc *ctx, int64_t user_id);

/* app_user_name - "First Last" of a user (static buffer, "" when unknown or unnamed) */
const char *app_user_name(struct altc *ctx, int64_t user_id);

/*
 * app_notify - the mail of template_name about a: the recipient (employer,
 * student or referent), its reply key and, for the employer, the documents
 * attached (or, above documents.attach_max in all, linked).  message (may
 * be NULL) is the decision's message.
 */
int app_notify(struct altc *ctx, const struct app_row *a, const char *template_name,
    const char *message, char **errstr_r);

/* app_documents_attached - whether documents of total bytes go attached under max, or as links */
int app_documents_attached(long long total, long long max);

/* app_download_url - the link of a download key: its page, or document doc_id (0: the page) */
char *app_download_url(struct altc *ctx, const char *token, int64_t doc_id);

/*
 * app_fsm - fire event on application id through fsm_application; the
 * transition's mail carries message.  An fsm_result.
 */
int app_fsm(struct altc *ctx, int64_t id, const char *event, const char *actor,
    const char *message, char **errstr_r);

#endif
