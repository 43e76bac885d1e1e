/*
 * application_mail.h - the application and document workflows as seen by
 * the rest of the program: their mail actions (mail_action.h), their job,
 * the French of their refusals; all listed in application_module.
 *
 * Routes and token purposes handled:
 *   "documents"             documents@: PDFs with Type:, Libellé:, Par défaut:
 *                           lines or a subject; DOCUMENTS, SUPPRIMER libellé
 *   "documents_owner"       the same verbs by reply to a receipt (object user)
 *   "apply"                 POSTULER [n] [message] from a mail showing offers
 *                           (object offer: that one; object user: offer n)
 *   "offres"                CANDIDATURE SPONTANEE SIRET-or-name (a student), SPONTANEES
 *                           OUI|NON or CANDIDATURES SPONTANEES OUI|NON (a referent)
 *   "application_employer"  RECEVABLE, ACCEPTER, REFUSER, MESSAGE, CANDIDATURES,
 *                           SPONTANEES OUI|NON
 *   "application_student"   ABANDONNER, MESSAGE
 *   "application_referent"  VALIDER, REFUSER motif
 */
#ifndef ALTC_APPLICATION_MAIL_H
#define ALTC_APPLICATION_MAIL_H

#include "command.h"
#include "jobs.h"
#include "mail_action.h"
#include "user_text.h"

/* the module's mail actions and the verbs they teach the reply parser */
extern const struct mail_action application_mail_actions[];
extern const struct mail_verb application_mail_verbs[];
/* application_texts - the French of its refusals (application_text.c) */
extern const struct user_text application_texts[];

/* application_jobs - the "application-reminder" job (schedule.sweep) */
extern const struct job application_jobs[];

/* the actions, exposed for tests */
enum input_result document_mail_apply(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result application_mail_apply(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result application_mail_employer(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result application_mail_student(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result application_mail_referent(struct altc *ctx, const struct mail_request *req,
    char **reason_r);

/* spontaneous applications and the company's setting (application_spontaneous.c) */
enum input_result application_mail_spontaneous(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
enum input_result application_mail_offres(struct altc *ctx, const struct mail_request *req,
    char **reason_r);
/* application_mail_setting - SPONTANEES OUI|NON about company_id (0: the sender's own) */
enum input_result application_mail_setting(struct altc *ctx, const struct mail_request *req,
    int64_t company_id, char **reason_r);

/*
 * document_mail_store - check and keep every attachment of req as owner's
 * documents (the sender's at documents@ or with POSTULER; the student's
 * when their referent sends them); the new ids into *ids_r (caller frees),
 * their count in *n_r.  INPUT_DONE, or a refusal set up in req->answer
 * naming the file (nothing kept then).
 */
enum input_result document_mail_store(struct altc *ctx, const struct mail_request *req,
    int64_t owner, int64_t **ids_r, size_t *n_r, char **reason_r);

/* application_mail_refuse - refuse with a reply.error code and the engine's message */
enum input_result application_mail_refuse(const struct mail_request *req, int status,
    char *err, char **reason_r);

#endif
