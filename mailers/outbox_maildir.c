/*
 * outbox_maildir.c - the embedded default back-end: each message becomes a
 * file of spool/outbox/new, written by the Maildir protocol (tmp/ with
 * O_EXCL, synced, renamed into new/).  The file name depends only on the
 * outbox id, so a resend after a crash replaces the same file instead of
 * adding a copy.  A batch is made durable at once: its files are written
 * into tmp/, one syncfs() flushes them all, then they are renamed into new/
 * and the directory is fsynced, before the runner commits the rows as sent:
 * two syncs per batch instead of one per file, and never a partial file in
 * new/.
 * Lines end in LF, as Maildir readers expect; the envelope sender is kept
 * as the first header, Return-Path.
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "outbox.h"
#include "strbuf.h"
#include "util.h"

struct maildir {
	char *tmp, *new;
	char *domain;
	char **pending;		/* names written in tmp/, waiting for sync */
	size_t npending, alloc;
};

char *
outbox_maildir_name(int64_t id, const char *domain)
{
	return xasprintf("altc-%lld.%s", (long long)id, domain);
}

static int
md_open(struct altc *ctx, void **state_r, char **errstr_r)
{
	struct maildir *md = xcalloc(1, sizeof(*md));
	char *cur;

	md->tmp = altc_spool_path(ctx, "outbox/tmp");
	md->new = altc_spool_path(ctx, "outbox/new");
	cur = altc_spool_path(ctx, "outbox/cur");
	md->domain = xstrdup(config_str(ctx->cfg, "mail.domain"));
	if (mkdir_p(md->tmp, 0750) < 0 || mkdir_p(md->new, 0750) < 0 || mkdir_p(cur, 0750) < 0) {
		*errstr_r = xasprintf("%s/outbox: %s", ctx->spool, strerror(errno));
		free(cur);
		free(md->tmp);
		free(md->new);
		free(md->domain);
		free(md);
		return -1;
	}
	free(cur);
	*state_r = md;
	return 0;
}

/* to_lf - the message with CRLF turned into LF and Return-Path first */
static void
to_lf(struct strbuf *out, const struct outbox_msg *m)
{
	const char *p = m->data, *end = m->data + m->len, *cr;

	strbuf_grow(out, m->len + 64);
	strbuf_addf(out, "Return-Path: <%s>\n", m->envelope_from);
	while ((cr = memchr(p, '\r', (size_t)(end - p))) != NULL) {
		strbuf_add(out, p, (size_t)(cr - p));
		if (cr + 1 == end || cr[1] != '\n')
			strbuf_addch(out, '\r');	/* a lone CR is kept */
		p = cr + 1;
	}
	strbuf_add(out, p, (size_t)(end - p));
}

static enum outbox_result
md_send(void *state, const struct outbox_msg *m, char **errstr_r)
{
	struct maildir *md = state;
	struct strbuf body = STRBUF_INIT;
	char *name = outbox_maildir_name(m->id, md->domain);
	char *tmp = xasprintf("%s/%s", md->tmp, name);
	enum outbox_result rc = OUTBOX_DOWN;
	int fd;

	to_lf(&body, m);
	(void)unlink(tmp);	/* a leftover of a crash */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0 || write_full(fd, body.buf, body.len) < 0 || close(fd) < 0) {
		*errstr_r = xasprintf("%s: %s", tmp, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		goto out;
	}
	for (size_t i = 0; i < md->npending; i++) {
		if (strcmp(md->pending[i], name) == 0) {	/* resent within the batch */
			rc = OUTBOX_SENT;
			goto out;
		}
	}
	if (md->npending == md->alloc) {
		md->alloc = md->alloc ? md->alloc * 2 : 64;
		md->pending = xreallocarray(md->pending, md->alloc, sizeof(char *));
	}
	md->pending[md->npending++] = name;
	name = NULL;
	rc = OUTBOX_SENT;
out:
	strbuf_release(&body);
	free(name);
	free(tmp);
	return rc;
}

/* md_sync - make the batch durable, then visible in new/ */
static int
md_sync(void *state, char **errstr_r)
{
	struct maildir *md = state;
	int fd, rc = 0;
	size_t i;

	if (md->npending == 0)
		return 0;
	if ((fd = open(md->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || syncfs(fd) < 0) {
		*errstr_r = xasprintf("%s: sync: %s", md->tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		rc = -1;
	} else
		close(fd);
	for (i = 0; i < md->npending; i++) {
		char *tmp = xasprintf("%s/%s", md->tmp, md->pending[i]);
		char *dst = xasprintf("%s/%s", md->new, md->pending[i]);

		if (rc == 0 && rename(tmp, dst) < 0) {
			*errstr_r = xasprintf("%s: %s", dst, strerror(errno));
			rc = -1;
		}
		if (rc < 0)
			unlink(tmp);
		free(tmp);
		free(dst);
		free(md->pending[i]);
	}
	md->npending = 0;
	if (rc == 0 && fsync_dir(md->new) < 0) {
		*errstr_r = xasprintf("%s: %s", md->new, strerror(errno));
		rc = -1;
	}
	return rc;
}

static void
md_close(void *state)
{
	struct maildir *md = state;

	if (md == NULL)
		return;
	/* written but never synced: not sent, the rows stay queued */
	for (size_t i = 0; i < md->npending; i++) {
		char *tmp = xasprintf("%s/%s", md->tmp, md->pending[i]);

		unlink(tmp);
		free(tmp);
		free(md->pending[i]);
	}
	free(md->pending);
	free(md->tmp);
	free(md->new);
	free(md->domain);
	free(md);
}

const struct outbox_backend outbox_maildir_backend = {
	"maildir", 64, 0, md_open, md_send, md_sync, md_close
};
