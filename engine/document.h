/*
 * document.h - the content-addressed file store: a file DOCS/ab/abcdef....EXT
 * named by the SHA-256 of its bytes (written once, fsynced with its
 * directory before the row that names it is committed).  PDF documents
 * (extension pdf) have a row in table documents per upload (owner, type,
 * label, version); other files are kept by document_keep and named by the
 * caller's own rows.
 */
#ifndef ALTC_DOCUMENT_H
#define ALTC_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

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
 * document_keep - keep len bytes of any kind under the extension ext (a few
 * lower-case letters or digits, chosen by the caller for one kind of file:
 * "pdf" is the documents table's), written and synced as document_store's
 * (deferred in a batch); hex_r gets the content's SHA-256.  No row is added:
 * the caller names the file by (hex, ext).  -1 with errstr (I/O).
 */
int document_keep(struct altc *ctx, const unsigned char *data, size_t len, const char *ext,
    char hex_r[SHA256_HEXSZ], char **errstr_r);

/* document_file - the stored path of the content hex kept under ext; caller frees */
char *document_file(struct altc *ctx, const char *hex, const char *ext);

/*
 * A batch defers the syncing of stored files to one pass before the
 * transaction that names them commits, as the spool commits a group of
 * inputs at once: document_store and document_keep then write each new
 * file in a temporary file and start its write-back, and document_batch_sync fsyncs them all,
 * renames them into place and fsyncs their directories.  It must succeed
 * before the commit; document_batch_end drops what was not synced (the
 * temporary files are removed).  Without a batch, document_store and
 * document_keep sync each file themselves.
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
