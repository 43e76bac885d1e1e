/*
 * document.c - the file store.  Files are immutable and named by content, so
 * a crash between the file and the row leaves at worst an unreferenced file,
 * never a row without its bytes.  PDFs of the documents table end in .pdf;
 * other kinds (the files of relayed messages) carry their own extension, so
 * that erasing one kind never removes a file the other still names.
 */
#include "compat.h"

#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "altc.h"
#include "db.h"
#include "document.h"
#include "sha256.h"
#include "util.h"

int
document_looks_pdf(const unsigned char *data, size_t len)
{
	size_t from;

	if (len < 8 || memcmp(data, "%PDF-", 5) != 0)
		return 0;
	from = len > 1024 ? len - 1024 : 0;
	for (size_t i = len - 5 + 1; i-- > from;)
		if (memcmp(data + i, "%%EOF", 5) == 0)
			return 1;
	return 0;
}

/* write_tmp - the bytes into a new temporary file next to path; its fd, or -1 */
static int
write_tmp(const char *tmp, const unsigned char *data, size_t len, char **errstr_r)
{
	int fd;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640)) < 0 ||
	    write_full(fd, data, len) < 0) {
		*errstr_r = xasprintf("document '%s': %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	return fd;
}

/* write_file - the bytes into dir/name through a temporary file, fsynced */
static int
write_file(const char *dir, const char *path, const unsigned char *data, size_t len,
    char **errstr_r)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd;

	if ((fd = write_tmp(tmp, data, len, errstr_r)) < 0) {
		free(tmp);
		return -1;
	}
	if (fsync(fd) < 0) {
		*errstr_r = xasprintf("document '%s': %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path) < 0 || fsync_dir(dir) < 0) {
		*errstr_r = xasprintf("document '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

#define BATCH_MAX 64		/* files held open before a batch syncs early */

struct document_batch {
	struct pending {
		int fd;
		char *tmp, *path, *dir;
	} p[BATCH_MAX];
	size_t n;
};

void
document_batch_begin(struct altc *ctx)
{
	if (ctx->doc_batch == NULL)
		ctx->doc_batch = xcalloc(1, sizeof(*ctx->doc_batch));
}

static void
pending_release(struct pending *p, int unlink_tmp)
{
	if (p->fd >= 0)
		close(p->fd);
	if (unlink_tmp)
		unlink(p->tmp);
	free(p->tmp);
	free(p->path);
	free(p->dir);
	p->fd = -1;
}

/*
 * sync_all - make the batch's files, or its renames, durable: one syncfs()
 * for a batch of several files (one flush of the file system instead of one
 * per file and per directory), an fsync() of each otherwise
 */
static int
sync_all(struct document_batch *b, int dirs, char **errstr_r)
{
	size_t i, j;

	if (b->n > 2) {
		if (syncfs(b->p[0].fd) < 0) {
			*errstr_r = xasprintf("document store '%s': sync: %s", b->p[0].dir,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	for (i = 0; i < b->n; i++) {
		if (!dirs) {
			if (fsync(b->p[i].fd) < 0) {
				*errstr_r = xasprintf("document '%s': %s", b->p[i].tmp, strerror(errno));
				return -1;
			}
			continue;
		}
		for (j = 0; j < i && strcmp(b->p[j].dir, b->p[i].dir) != 0; j++)
			;
		if (j == i && fsync_dir(b->p[i].dir) < 0) {
			*errstr_r = xasprintf("document directory '%s': %s", b->p[i].dir,
			    strerror(errno));
			return -1;
		}
	}
	return 0;
}

int
document_batch_sync(struct altc *ctx, char **errstr_r)
{
	struct document_batch *b = ctx->doc_batch;
	size_t i;

	if (b == NULL || b->n == 0)
		return 0;
	/* the bytes first, then the names: never a torn file under its final name */
	if (sync_all(b, 0, errstr_r) < 0)
		goto fail;
	for (i = 0; i < b->n; i++) {
		if (rename(b->p[i].tmp, b->p[i].path) < 0) {
			*errstr_r = xasprintf("document '%s': %s", b->p[i].path, strerror(errno));
			goto fail;
		}
	}
	if (sync_all(b, 1, errstr_r) < 0)
		goto fail;
	for (i = 0; i < b->n; i++)
		pending_release(&b->p[i], 0);
	b->n = 0;
	return 0;
fail:
	/* renamed files stay (unreferenced at worst), temporary ones go */
	for (i = 0; i < b->n; i++)
		pending_release(&b->p[i], 1);
	b->n = 0;
	return -1;
}

void
document_batch_end(struct altc *ctx)
{
	struct document_batch *b = ctx->doc_batch;

	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n; i++)
		pending_release(&b->p[i], 1);
	free(b);
	ctx->doc_batch = NULL;
}

/* batch_has - path is already waiting in the batch */
static int
batch_has(const struct document_batch *b, const char *path)
{
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->p[i].path, path) == 0)
			return 1;
	return 0;
}

/* batch_add - write path's bytes in a temporary file left for document_batch_sync */
static int
batch_add(struct altc *ctx, const char *dir, const char *path, const unsigned char *data,
    size_t len, char **errstr_r)
{
	struct document_batch *b = ctx->doc_batch;
	struct pending *p;
	char *tmp;
	int fd;

	if (batch_has(b, path))
		return 0;
	if (b->n == BATCH_MAX && document_batch_sync(ctx, errstr_r) < 0)
		return -1;
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	if ((fd = write_tmp(tmp, data, len, errstr_r)) < 0) {
		free(tmp);
		return -1;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	/* start the write-back now: the sync before the commit then mostly waits for it */
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
	p = &b->p[b->n++];
	p->fd = fd;
	p->tmp = tmp;
	p->path = xstrdup(path);
	p->dir = xstrdup(dir);
	return 0;
}

/* ext_ok - a short lower-case extension: it becomes part of a path */
static int
ext_ok(const char *ext)
{
	size_t n = strlen(ext);

	return n > 0 && n <= 8 && strspn(ext, "abcdefghijklmnopqrstuvwxyz0123456789") == n;
}

char *
document_file(struct altc *ctx, const char *hex, const char *ext)
{
	return xasprintf("%s/%.2s/%s.%s", ctx->docs, hex, hex, ext);
}

int
document_keep(struct altc *ctx, const unsigned char *data, size_t len, const char *ext,
    char hex_r[SHA256_HEXSZ], char **errstr_r)
{
	char *dir, *path;
	struct stat sb;
	int rc = 0;

	if (!ext_ok(ext))
		BUG("document extension '%s'", ext);
	sha256_hex(data, len, hex_r);
	dir = xasprintf("%s/%.2s", ctx->docs, hex_r);
	path = document_file(ctx, hex_r, ext);
	if (mkdir_p(dir, 0750) < 0) {
		*errstr_r = xasprintf("document directory '%s': %s", dir, strerror(errno));
		rc = -1;
	} else if ((stat(path, &sb) < 0 || (size_t)sb.st_size != len) &&
	    (ctx->doc_batch ? batch_add(ctx, dir, path, data, len, errstr_r) :
	    write_file(dir, path, data, len, errstr_r)) < 0)
		rc = -1;
	free(dir);
	free(path);
	return rc;
}

int
document_store(struct altc *ctx, int64_t user_id, const char *type, const char *label,
    const char *filename, const unsigned char *data, size_t len, int64_t *id_r, char **errstr_r)
{
	char hex[SHA256_HEXSZ];
	sqlite3_stmt *st;

	if (!document_looks_pdf(data, len)) {
		*errstr_r = xasprintf("'%s' is not a PDF", filename);
		return -1;
	}
	if (document_keep(ctx, data, len, "pdf", hex, errstr_r) < 0)
		return -1;
	st = db_prepare(ctx->db,
	    "INSERT INTO documents (user_id, type, label, version, filename, sha256, size, created_at)"
	    " VALUES (?1, ?2, ?3, 1 + (SELECT count(*) FROM documents WHERE user_id IS ?1"
	    "   AND label = ?3), ?4, ?5, ?6, ?7)");
	if (user_id > 0)
		db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, type);
	db_bind_text(st, 3, label);
	db_bind_text(st, 4, filename);
	db_bind_text(st, 5, hex);
	db_bind_int(st, 6, (int64_t)len);
	db_bind_int(st, 7, now_epoch());
	if (db_done(ctx->db, st, errstr_r) < 0)
		return -1;
	*id_r = sqlite3_last_insert_rowid(ctx->db->h);
	return 0;
}

int
document_path(struct altc *ctx, int64_t doc_id, char **path_r, char **filename_r,
    char **errstr_r)
{
	sqlite3_stmt *st = db_prepare(ctx->db, "SELECT sha256, filename FROM documents WHERE id = ?");
	int rc;

	db_bind_int(st, 1, doc_id);
	if ((rc = db_step(ctx->db, st, errstr_r)) == 1) {
		const char *hex = db_col_text(st, 0);

		*path_r = document_file(ctx, hex, "pdf");
		*filename_r = xstrdup(db_col_text(st, 1));
	} else if (rc == 0)
		*errstr_r = xasprintf("no document %lld", (long long)doc_id);
	sqlite3_reset(st);
	return rc == 1 ? 0 : -1;
}
