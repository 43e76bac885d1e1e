/*
 * document_user.h - a student's documents: CV, cover letters (LM), books
 * and others, each under a label with its versions, one default CV and one
 * default LM for one-click applications, a "profile reference" flag.  The
 * bytes go to the content-addressed store of engine/document.h (the same
 * file sent twice is stored once); rows removed by the student are only
 * marked deleted, so an application that carried them still shows them.
 */
#ifndef ALTC_DOCUMENT_USER_H
#define ALTC_DOCUMENT_USER_H

#include <stddef.h>
#include <stdint.h>

struct altc;

/* what a mail says of its documents (Type:, Libellé:, Par défaut:, or the subject) */
struct document_meta {
	char type[8];		/* "cv", "lm", "book", "other"; "" = guess from the file name */
	char *label;		/* NULL = the file name without .pdf */
	int is_default;		/* -1 unsaid, 0 no, 1 yes */
	int is_reference;	/* -1 unsaid, 0 no, 1 yes */
};

struct document_row {
	int64_t id;
	char *type, *label, *filename, *sha256;
	int version, is_default, is_reference;
	int64_t size, created_at;
};

struct document_rows {
	struct document_row *v;
	size_t n;
};

void document_meta_init(struct document_meta *m);
void document_meta_release(struct document_meta *m);

/* document_type_parse - "CV", "lettre de motivation", "LM", "book", "autre"… into out; 0 or -1 */
int document_type_parse(const char *s, char out[8]);

/*
 * document_meta_parse_subject - "CV", "LM candidature Benotti", "Book par
 * défaut": a type word, then the label; "par défaut" anywhere sets
 * is_default.  Fields already set in m are kept (form lines win).
 */
void document_meta_parse_subject(struct document_meta *m, const char *subject);

/* document_yes - "oui", "yes", "o", "1", "vrai": 1; "non", "no", "0": 0; else -1 */
int document_yes(const char *s);

/*
 * document_user_add - store a checked PDF for user: a new version when the
 * label exists (the default flag follows the label), the default of its
 * type when asked or when the student has none.  *id_r the new row.
 * -1 with errstr (I/O, SQL).
 */
int document_user_add(struct altc *ctx, int64_t user_id, const struct document_meta *m,
    const char *filename, const unsigned char *data, size_t len, int64_t *id_r,
    char **errstr_r);

/* document_user_list - the latest version of each label, by type then label */
int document_user_list(struct altc *ctx, int64_t user_id, struct document_rows *out,
    char **errstr_r);
void document_rows_release(struct document_rows *r);

/* document_user_remove - every version of label (case-insensitive); *n_r rows removed */
int document_user_remove(struct altc *ctx, int64_t user_id, const char *label, int *n_r,
    char **errstr_r);

/* document_user_default - the default document of a type ("cv", "lm"), 0 if none, -1 SQL */
int64_t document_user_default(struct altc *ctx, int64_t user_id, const char *type);

/* document_type_label - "CV", "Lettre de motivation", "Book", "Autre" (or English) */
const char *document_type_label(const char *type, const char *locale);

#endif
