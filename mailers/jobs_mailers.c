/*
 * jobs_mailers.c - the jobs of the mail layer, registered with the daemon:
 * IMAP polling (every imap.poll_seconds when imap.url is set), the daily
 * digest (queued at schedule.digest) and outbox delivery after every pass.
 */
#include "compat.h"

#include "digest.h"
#include "imap_source.h"
#include "jobs.h"
#include "outbox.h"

static const struct job mailers_jobs[] = {
	{ "digest", JOB_DAILY, "schedule.digest", NULL, digest_run },
	{ "outbox", JOB_EACH_PASS, NULL, NULL, outbox_flush },
};

void
mailers_register_jobs(void)
{
	size_t i;

	imap_register_jobs();
	for (i = 0; i < ARRAY_SIZE(mailers_jobs); i++)
		jobs_register(&mailers_jobs[i]);
}
