/*
 * jobs_batch.c - the jobs of the batch layer, registered with the daemon.
 */
#include "compat.h"

#include "jobs.h"
#include "offer.h"
#include "util.h"

void
batch_register_jobs(void)
{
	offers_register_jobs();
}
