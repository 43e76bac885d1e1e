/*
 * spool_name.h - spool file names and the low-level write used by every
 * producer (inputs and the Maildir outbox).
 */
#ifndef ALTC_SPOOL_NAME_H
#define ALTC_SPOOL_NAME_H

#include <stddef.h>

struct strbuf;

/*
 * spool_host_part - the host part of a spool name: the host name up to its
 * first dot, at most SPOOL_HOST_MAX bytes (room for the tags), with the
 * characters that Maildir readers split on ('/', ':', ',') as '_'
 */
#define SPOOL_HOST_MAX 32
void spool_host_part(const char *hostname, char out[SPOOL_HOST_MAX + 1]);

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
