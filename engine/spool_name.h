/*
 * spool_name.h - spool file names and the low-level write used by every
 * producer (inputs and the Maildir outbox).
 */
#ifndef ALTC_SPOOL_NAME_H
#define ALTC_SPOOL_NAME_H

#include <stddef.h>

struct strbuf;

/* spool_unique_name - append "time.MusecPpidQseqRrand.host[,R=rcpt][,N=hint]" */
void spool_unique_name(struct strbuf *sb, const char *rcpt, const char *hint);

/* spool_name_tag - decoded value of tag 'R' or 'N' in a name, or NULL (caller frees) */
char *spool_name_tag(const char *name, char tag);

/*
 * spool_write_file - DIR/tmp/NAME with O_EXCL, fsync, rename to DIR/new/NAME,
 * fsync DIR/new.  -1 with errno and *errstr_r; nothing left in tmp/.
 */
int spool_write_file(const char *dir, const char *name, const void *data, size_t len,
    char **errstr_r);

#endif
