/*
 * jobs_mailers.c - the jobs of the mail layer, registered with the daemon.
 */
#include "compat.h"

#include "imap_source.h"
#include "jobs.h"

void
mailers_register_jobs(void)
{
	imap_register_jobs();
}
