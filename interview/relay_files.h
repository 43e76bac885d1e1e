/*
 * relay_files.h - the files of a message relayed between the employer and
 * the student of an application (interview_relay.c): checked against the
 * limits, kept in the file store with a row each in relay_files, and
 * handed to the outbox as the relayed mail's attachments.
 */
#ifndef ALTC_RELAY_FILES_H
#define ALTC_RELAY_FILES_H

#include <stdint.h>

struct altc;
struct mail_request;

/* the store's extension of relayed files (document.h): apart from the documents' PDFs */
#define RELAY_FILE_EXT "bin"

/*
 * relay_files_check - 0 when the request's files may be relayed: at most
 * relay.max_files, relay.max_bytes in all, no program or script; else -1
 * with *errstr_r naming the first file refused (a user_text format)
 */
int relay_files_check(struct altc *ctx, const struct mail_request *req, char **errstr_r);

/*
 * relay_files_keep - the request's files into the store and relay_files
 * (application app_id, sent by sender_id), in the caller's transaction;
 * *json_r the outbox's attachments, NULL when there are none.  -1 with
 * errstr (I/O, SQL).
 */
int relay_files_keep(struct altc *ctx, const struct mail_request *req, int64_t app_id,
    int64_t sender_id, char **json_r, char **errstr_r);

/* relay_files_megabytes - "10", or "2.5" when not a whole number (the texts say the unit) */
void relay_files_megabytes(int64_t bytes, char out[32]);

#endif
