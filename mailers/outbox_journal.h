/*
 * outbox_journal.h - the append-only list of messages a relay accepted
 * and the database does not yet say are sent.  The delivery loop commits
 * its outcomes per batch; between two commits each accepted message gets
 * one line here before the next is sent, so a process killed in the middle
 * of a batch resends at most the message in flight: the next run replays
 * the journal into the database before it looks for due rows.
 *
 * The file sits next to the database ("DB-sent").  Holding it open also
 * holds an exclusive lock: one delivery run at a time.  A line is written
 * with one write(2) and not fsynced: a killed process loses nothing that
 * reached the kernel, and after a power loss a lost line only means a
 * duplicate (at least once), never a lost message.  Room for a batch of
 * lines is reserved before the batch is sent, so a full disk stops the run
 * before a message goes instead of after the relay accepted it.
 */
#ifndef ALTC_OUTBOX_JOURNAL_H
#define ALTC_OUTBOX_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct outbox_journal {
	int fd;
	char *path;
};

/* one accepted message; created_at tells the row apart from a reused id */
struct outbox_journal_entry {
	int64_t id;
	int64_t created_at;
	int64_t sent_at;
	char *message_id;	/* NULL when unknown */
};

/*
 * outbox_journal_open - open (create) and lock the journal of the database
 * at dbpath.  Returns 0, 1 when another run holds the lock (nothing is
 * open), or -1 with *errstr_r.
 */
int outbox_journal_open(struct outbox_journal *j, const char *dbpath, char **errstr_r);

/*
 * outbox_journal_read - every complete line, in order (a torn last line is
 * ignored).  *entries_r is freed with outbox_journal_entries_free.
 */
int outbox_journal_read(struct outbox_journal *j, struct outbox_journal_entry **entries_r,
    size_t *n_r, char **errstr_r);
void outbox_journal_entries_free(struct outbox_journal_entry *e, size_t n);

/* outbox_journal_append - one line, one write(2); -1 with *errstr_r (ENOSPC, EIO) */
int outbox_journal_append(struct outbox_journal *j, const struct outbox_journal_entry *e,
    char **errstr_r);

/* outbox_journal_reset - empty the journal once its lines are committed */
int outbox_journal_reset(struct outbox_journal *j, char **errstr_r);

/*
 * outbox_journal_reserve - make sure the next lines (OUTBOX_JOURNAL_ROOM
 * bytes, ample for a batch) can be written without new disk space; -1
 * with *errstr_r (ENOSPC) when they cannot
 */
#define OUTBOX_JOURNAL_ROOM 65536
int outbox_journal_reserve(struct outbox_journal *j, char **errstr_r);

/* outbox_journal_close - release the lock; the file stays */
void outbox_journal_close(struct outbox_journal *j);

#endif
