/*
 * backup.h - a consistent copy of an instance while the daemon runs, and its
 * restoration into the configured paths.
 *
 * A backup directory holds spool/ (copied first), altconnect.db (SQLite's
 * online backup API, a snapshot taken after the spool copy) and docs/
 * (copied last), plus MANIFEST.  In that order nothing is lost: an input
 * applied between the spool copy and the snapshot is in the database, and
 * its replay from the copied spool is a no-op (the inbound ledger); every
 * document the snapshot names was stored before its row was committed.
 */
#ifndef ALTC_BACKUP_H
#define ALTC_BACKUP_H

struct altc;

/* backup_make - write the backup into dir (created; must not exist or be empty); -1 with errstr */
int backup_make(struct altc *ctx, const char *dir, char **errstr_r);

/*
 * backup_restore - copy a backup into the configured paths.  Refused while a
 * daemon holds the spool, and when a database exists unless force.
 * -1 with errstr; the database is replaced atomically (rename) at the end.
 */
int backup_restore(struct altc *ctx, const char *dir, int force, char **errstr_r);

#endif
