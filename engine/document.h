/*
 * document.h - the content-addressed PDF store: a file
 * DOCS/ab/abcdef....pdf named by the SHA-256 of its bytes (written once,
 * fsynced with its directory before the row that names it is committed) and
 * a row in table documents per upload (owner, type, label, version).
 */
#ifndef ALTC_DOCUMENT_H
#define ALTC_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

struct altc;

#define DOCUMENT_OFFER_MAX 2000000	/* an offer description PDF: 2 MB */

/*
 * document_store - keep a PDF (checked by content: %PDF- header) of len
 * bytes and add its row; *id_r gets the documents id.  Storing the same
 * bytes twice shares the file.  -1 with errstr (not a PDF, I/O, SQL).
 */
int document_store(struct altc *ctx, int64_t user_id, const char *type, const char *label,
    const char *filename, const unsigned char *data, size_t len, int64_t *id_r, char **errstr_r);

/*
 * A batch defers the syncing of stored files to one pass before the
 * transaction that names them commits, as the spool commits a group of
 * inputs at once: document_store then writes each new file in a temporary
 * file and starts its write-back, and document_batch_sync fsyncs them all,
 * renames them into place and fsyncs their directories.  It must succeed
 * before the commit; document_batch_end drops what was not synced (the
 * temporary files are removed).  Without a batch, document_store syncs each
 * file itself.
 */
void document_batch_begin(struct altc *ctx);
int document_batch_sync(struct altc *ctx, char **errstr_r);
void document_batch_end(struct altc *ctx);

/* document_path - the stored file of a document and its name; 0, or -1 when unknown */
int document_path(struct altc *ctx, int64_t doc_id, char **path_r, char **filename_r,
    char **errstr_r);

/* document_looks_pdf - %PDF- at the start and %%EOF near the end */
int document_looks_pdf(const unsigned char *data, size_t len);

#endif
