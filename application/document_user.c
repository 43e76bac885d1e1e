/*
 * document_user.c - the documents of a student.  Only the latest version of
 * a label counts for listing and defaults; older versions stay (an
 * application points at the version it sent).  Defaults are one per type:
 * setting one clears the flag on the others of that type.
 */
#include "compat.h"

#include "altc.h"
#include "db.h"
#include "document.h"
#include "document_user.h"
#include "strbuf.h"
#include "text.h"
#include "util.h"

static const struct {
	const char *word, *type;
} type_words[] = {
	{ "cv", "cv" }, { "curriculum", "cv" }, { "curriculum vitae", "cv" }, { "resume", "cv" },
	{ "lm", "lm" }, { "lettre", "lm" }, { "lettre de motivation", "lm" },
	{ "motivation", "lm" }, { "cover letter", "lm" }, { "letter", "lm" },
	{ "book", "book" }, { "portfolio", "book" },
	{ "autre", "other" }, { "other", "other" }, { "divers", "other" },
};

void
document_meta_init(struct document_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->is_default = -1;
	m->is_reference = -1;
}

void
document_meta_release(struct document_meta *m)
{
	free(m->label);
	document_meta_init(m);
}

/* folded - s folded to lower-case ASCII, caller frees */
static char *
folded(const char *s)
{
	struct strbuf b = STRBUF_INIT;

	text_fold(&b, s, strlen(s), 0);
	return strbuf_detach(&b, NULL);
}

int
document_type_parse(const char *s, char out[8])
{
	char *f = folded(s);
	int rc = -1;

	str_trim(f);
	for (size_t i = 0; i < ARRAY_SIZE(type_words); i++)
		if (strcmp(f, type_words[i].word) == 0) {
			(void)xstrlcpy(out, type_words[i].type, 8);
			rc = 0;
			break;
		}
	free(f);
	return rc;
}

int
document_yes(const char *s)
{
	static const char *const yes[] = { "oui", "yes", "o", "y", "1", "vrai", "true", "x" };
	static const char *const no[] = { "non", "no", "n", "0", "faux", "false" };
	char *f = folded(s);
	int rc = -1;

	str_trim(f);
	for (size_t i = 0; i < ARRAY_SIZE(yes) && rc < 0; i++)
		if (strcmp(f, yes[i]) == 0)
			rc = 1;
	for (size_t i = 0; i < ARRAY_SIZE(no) && rc < 0; i++)
		if (strcmp(f, no[i]) == 0)
			rc = 0;
	free(f);
	return rc;
}

/* is_prefix_word - "re:", "tr:", "fw:", "fwd:" that replies and forwards add */
static int
is_prefix_word(const char *w)
{
	return strcmp(w, "re:") == 0 || strcmp(w, "tr:") == 0 || strcmp(w, "fw:") == 0 ||
	    strcmp(w, "fwd:") == 0 || strcmp(w, "aw:") == 0;
}

/* default_words - 2 for "par défaut" / "(par défaut)", 1 for "default", else 0 */
static int
default_words(char *const *w, size_t left)
{
	if ((strcmp(w[0], "par") == 0 || strcmp(w[0], "(par") == 0) && left > 1 &&
	    strncmp(w[1], "defaut", 6) == 0)
		return 2;
	return strcmp(w[0], "default") == 0 || strcmp(w[0], "(default)") == 0;
}

/* type_phrase - the longest type phrase of up to three words at w; its length in words */
static size_t
type_phrase(char *const *w, size_t left, const char **type_r)
{
	size_t best = 0;

	for (size_t k = 0; k < ARRAY_SIZE(type_words); k++) {
		struct strbuf phrase = STRBUF_INIT;

		for (size_t j = 0; j < left && j < 3; j++) {
			size_t fl;

			if (j > 0)
				strbuf_addch(&phrase, ' ');
			strbuf_addstr(&phrase, w[j]);
			fl = phrase.len;
			while (fl > 0 && (phrase.buf[fl - 1] == ':' || phrase.buf[fl - 1] == '-'))
				fl--;
			if (fl == strlen(type_words[k].word) &&
			    strncmp(phrase.buf, type_words[k].word, fl) == 0 && j + 1 > best) {
				best = j + 1;
				*type_r = type_words[k].type;
			}
		}
		strbuf_release(&phrase);
	}
	return best;
}

/*
 * The subject is read word by word: each word is folded for matching, and
 * the label is rebuilt from the original words, so that it keeps the
 * sender's case and accents.
 */
void
document_meta_parse_subject(struct document_meta *m, const char *subject)
{
	char *orig, *words[32], *fw[32], *save = NULL, *w;
	size_t n = 0, i = 0, j, len;
	const char *type = NULL;
	struct strbuf label = STRBUF_INIT;
	int d;

	if (subject == NULL)
		return;
	orig = xstrdup(subject);
	for (w = strtok_r(orig, " \t", &save); w && n < ARRAY_SIZE(words);
	    w = strtok_r(NULL, " \t", &save)) {
		words[n] = w;
		fw[n++] = folded(w);
	}
	while (i < n && is_prefix_word(fw[i]))
		i++;
	len = type_phrase(fw + i, n - i, &type);
	if (type && m->type[0] == '\0')
		(void)xstrlcpy(m->type, type, sizeof(m->type));
	for (j = i + len; j < n; j++) {
		if ((d = default_words(fw + j, n - j)) > 0) {
			if (m->is_default < 0)
				m->is_default = 1;
			j += (size_t)d - 1;
			continue;
		}
		if (label.len == 0 && (strcmp(words[j], "-") == 0 || strcmp(words[j], ":") == 0))
			continue;
		if (label.len)
			strbuf_addch(&label, ' ');
		strbuf_addstr(&label, words[j]);
	}
	if (type && m->label == NULL && label.len)
		m->label = strbuf_detach(&label, NULL);
	strbuf_release(&label);
	for (j = 0; j < n; j++)
		free(fw[j]);
	free(orig);
}

/* guess_type - from the file name: cv, lettre/lm/motivation, book/portfolio, else other */
static const char *
guess_type(const char *filename)
{
	char *f = folded(filename);
	const char *t = "other";

	if (strstr(f, "lettre") || strstr(f, "motivation") || strncmp(f, "lm", 2) == 0 ||
	    strstr(f, "_lm") || strstr(f, "-lm") || strstr(f, " lm"))
		t = "lm";
	else if (strstr(f, "cv") || strstr(f, "resume"))
		t = "cv";
	else if (strstr(f, "book") || strstr(f, "portfolio"))
		t = "book";
	free(f);
	return t;
}

/* stem - the file name without its .pdf, caller frees */
static char *
stem(const char *filename)
{
	size_t n = strlen(filename);

	if (n > 4 && strcasecmp(filename + n - 4, ".pdf") == 0)
		n -= 4;
	return n ? xstrndup(filename, n) : xstrdup("document");
}

/* set_default - make id the only default of its type for user */
static int
set_default(struct altc *ctx, int64_t user_id, const char *type, int64_t id, char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE documents SET is_default = (id = ?3) WHERE user_id = ?1 AND type = ?2"
	    " AND (is_default = 1 OR id = ?3)");

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, type);
	db_bind_int(st, 3, id);
	return db_done(ctx->db, st, errstr_r);
}

int
document_user_add(struct altc *ctx, int64_t user_id, const struct document_meta *m,
    const char *filename, const unsigned char *data, size_t len, int64_t *id_r,
    char **errstr_r)
{
	const char *type = m->type[0] ? m->type : guess_type(filename);
	char *label = m->label && *m->label ? xstrdup(m->label) : stem(filename);
	sqlite3_stmt *st;
	int was_default = 0, has_default = 0, rc;

	/* the label's latest version, and whether the type has a default yet */
	st = db_prepare(ctx->db,
	    "SELECT coalesce((SELECT is_default FROM documents WHERE user_id = ?1 AND label = ?2"
	    "   AND deleted_at IS NULL ORDER BY version DESC LIMIT 1), 0),"
	    " EXISTS (SELECT 1 FROM documents WHERE user_id = ?1 AND type = ?3 AND is_default = 1"
	    "   AND deleted_at IS NULL)");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, label);
	db_bind_text(st, 3, type);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		was_default = sqlite3_column_int(st, 0);
		has_default = sqlite3_column_int(st, 1);
	}
	sqlite3_reset(st);
	if (rc < 0 || document_store(ctx, user_id, type, label, filename, data, len, id_r,
	    errstr_r) < 0) {
		free(label);
		return -1;
	}
	free(label);
	if (m->is_reference == 1) {
		st = db_prepare(ctx->db, "UPDATE documents SET is_reference = 1 WHERE id = ?");
		db_bind_int(st, 1, *id_r);
		if (db_done(ctx->db, st, errstr_r) < 0)
			return -1;
	}
	if ((strcmp(type, "cv") == 0 || strcmp(type, "lm") == 0) && m->is_default != 0 &&
	    (m->is_default == 1 || was_default || !has_default))
		return set_default(ctx, user_id, type, *id_r, errstr_r);
	return 0;
}

int
document_user_list(struct altc *ctx, int64_t user_id, struct document_rows *out,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT d.id, d.type, d.label, d.version, d.filename, d.sha256, d.size, d.is_default,"
	    " d.is_reference, d.created_at FROM documents d"
	    " WHERE d.user_id = ?1 AND d.type <> 'offer' AND d.deleted_at IS NULL"
	    " AND d.version = (SELECT max(version) FROM documents e WHERE e.user_id = ?1"
	    "   AND e.label = d.label AND e.deleted_at IS NULL)"
	    " ORDER BY CASE d.type WHEN 'cv' THEN 0 WHEN 'lm' THEN 1 WHEN 'book' THEN 2 ELSE 3 END,"
	    " d.label COLLATE NOCASE");
	int rc;

	out->v = NULL;
	out->n = 0;
	db_bind_int(st, 1, user_id);
	while ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		struct document_row *r;

		out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
		r = &out->v[out->n++];
		r->id = sqlite3_column_int64(st, 0);
		r->type = xstrdup(db_col_text(st, 1));
		r->label = xstrdup(db_col_text(st, 2));
		r->version = sqlite3_column_int(st, 3);
		r->filename = xstrdup(db_col_text(st, 4));
		r->sha256 = xstrdup(db_col_text(st, 5));
		r->size = sqlite3_column_int64(st, 6);
		r->is_default = sqlite3_column_int(st, 7);
		r->is_reference = sqlite3_column_int(st, 8);
		r->created_at = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	if (rc < 0) {
		document_rows_release(out);
		return -1;
	}
	return 0;
}

void
document_rows_release(struct document_rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].type);
		free(r->v[i].label);
		free(r->v[i].filename);
		free(r->v[i].sha256);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

int
document_user_remove(struct altc *ctx, int64_t user_id, const char *label, int *n_r,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "UPDATE documents SET deleted_at = ?3, is_default = 0 WHERE user_id = ?1"
	    " AND label = ?2 COLLATE NOCASE AND deleted_at IS NULL AND type <> 'offer'");

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, label);
	db_bind_int(st, 3, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	*n_r = sqlite3_changes(ctx->db->h);
	return 0;
}

int64_t
document_user_default(struct altc *ctx, int64_t user_id, const char *type)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "SELECT id FROM documents WHERE user_id = ?1 AND type = ?2 AND is_default = 1"
	    " AND deleted_at IS NULL ORDER BY id DESC LIMIT 1");
	int64_t id = 0;
	int rc;

	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, type);
	if ((rc = db_step(ctx->db, st, NULL)) == 1)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc < 0 ? -1 : id;
}

const char *
document_type_label(const char *type, const char *locale)
{
	int en = locale_is_en(locale);

	if (strcmp(type, "cv") == 0)
		return "CV";
	if (strcmp(type, "lm") == 0)
		return en ? "Cover letter" : "Lettre de motivation";
	if (strcmp(type, "book") == 0)
		return "Book";
	return en ? "Other" : "Autre";
}
