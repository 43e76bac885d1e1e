/*
 * mailers.h - the mail library's two module descriptors (module.h): mail
 * in (the spool's mail handler, `altc inspect`, `altc imap`, the IMAP poll
 * and its line in `altc check`) and mail out (`altc outbox`, `altc digest`,
 * `altc notification`, the digest job and the delivery after each pass).
 */
#ifndef ALTC_MAILERS_H
#define ALTC_MAILERS_H

struct module;

extern const struct module mailin_module;	/* cli_mailin.c */
extern const struct module mailout_module;	/* cli_mailout.c */

#endif
