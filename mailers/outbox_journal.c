/*
 * outbox_journal.c - the journal of accepted messages (outbox_journal.h).
 * Lines are "ID CREATED_AT SENT_AT MESSAGE-ID\n", written by one write(2)
 * on an O_APPEND descriptor, so a killed process leaves whole lines only;
 * an emptied journal is truncated, never rewritten.
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outbox_journal.h"
#include "strbuf.h"
#include "util.h"

int
outbox_journal_open(struct outbox_journal *j, const char *dbpath, char **errstr_r)
{
	j->path = xasprintf("%s-sent", dbpath);
	j->fd = open(j->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (j->fd < 0) {
		*errstr_r = xasprintf("%s: %s", j->path, strerror(errno));
		free(j->path);
		j->path = NULL;
		return -1;
	}
	if (flock(j->fd, LOCK_EX | LOCK_NB) < 0) {
		int busy = errno == EWOULDBLOCK;

		if (!busy)
			*errstr_r = xasprintf("%s: lock: %s", j->path, strerror(errno));
		close(j->fd);
		j->fd = -1;
		free(j->path);
		j->path = NULL;
		return busy ? 1 : -1;
	}
	return 0;
}

/* parse_line - "ID CREATED SENT MSGID"; 0, or -1 when the line is not one */
static int
parse_line(char *line, struct outbox_journal_entry *e)
{
	long long v[3];
	char *p = line, *end;
	int i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < 3; i++) {
		errno = 0;
		v[i] = strtoll(p, &end, 10);
		if (errno || end == p || *end != ' ')
			return -1;
		p = end + 1;
	}
	if (v[0] <= 0 || *p == '\0')
		return -1;
	e->id = v[0];
	e->created_at = v[1];
	e->sent_at = v[2];
	e->message_id = strcmp(p, "-") == 0 ? NULL : xstrdup(p);
	return 0;
}

int
outbox_journal_read(struct outbox_journal *j, struct outbox_journal_entry **entries_r,
    size_t *n_r, char **errstr_r)
{
	struct outbox_journal_entry *e = NULL;
	size_t n = 0, alloc = 0, len;
	char *buf, *line, *nl;

	if (read_file(j->path, &buf, &len) < 0) {
		*errstr_r = xasprintf("%s: %s", j->path, strerror(errno));
		return -1;
	}
	for (line = buf; (nl = memchr(line, '\n', len - (size_t)(line - buf))) != NULL;
	    line = nl + 1) {
		*nl = '\0';
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			e = xreallocarray(e, alloc, sizeof(*e));
		}
		if (parse_line(line, &e[n]) == 0)
			n++;
	}
	free(buf);
	*entries_r = e;
	*n_r = n;
	return 0;
}

void
outbox_journal_entries_free(struct outbox_journal_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(e[i].message_id);
	free(e);
}

int
outbox_journal_append(struct outbox_journal *j, const struct outbox_journal_entry *e,
    char **errstr_r)
{
	const char *mid = e->message_id && *e->message_id &&
	    e->message_id[strcspn(e->message_id, " \t\r\n")] == '\0' ? e->message_id : "-";
	struct strbuf sb;
	ssize_t w;

	strbuf_init(&sb, 128);
	strbuf_addf(&sb, "%lld %lld %lld %s\n", (long long)e->id, (long long)e->created_at,
	    (long long)e->sent_at, mid);
	do
		w = write(j->fd, sb.buf, sb.len);
	while (w < 0 && errno == EINTR);
	if (w >= 0 && (size_t)w != sb.len) {
		/* a short write leaves a torn line: the run stops, its message goes again */
		w = -1;
		errno = ENOSPC;
	}
	strbuf_release(&sb);
	if (w < 0) {
		*errstr_r = xasprintf("%s: %s", j->path, strerror(errno));
		return -1;
	}
	return 0;
}

int
outbox_journal_reset(struct outbox_journal *j, char **errstr_r)
{
	if (ftruncate(j->fd, 0) < 0) {
		*errstr_r = xasprintf("%s: truncate: %s", j->path, strerror(errno));
		return -1;
	}
	return 0;
}

int
outbox_journal_reserve(struct outbox_journal *j, char **errstr_r)
{
	struct stat st;
	int rc;

	if (fstat(j->fd, &st) < 0) {
		*errstr_r = xasprintf("%s: %s", j->path, strerror(errno));
		return -1;
	}
	/* blocks past the end, the size unchanged: appends land in them */
	rc = fallocate(j->fd, FALLOC_FL_KEEP_SIZE, st.st_size, OUTBOX_JOURNAL_ROOM);
	if (rc < 0 && (errno == EOPNOTSUPP || errno == ENOSYS))
		return 0;	/* a file system without it: a full disk costs one duplicate */
	if (rc < 0) {
		*errstr_r = xasprintf("%s: cannot reserve room: %s", j->path, strerror(errno));
		return -1;
	}
	return 0;
}

void
outbox_journal_close(struct outbox_journal *j)
{
	if (j->fd >= 0)
		close(j->fd);	/* releases the lock */
	j->fd = -1;
	free(j->path);
	j->path = NULL;
}
