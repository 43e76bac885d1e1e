/*
 * jobs_batch.c - the jobs of the batch layer, registered with the daemon.
 */
#include "compat.h"

#include "jobs.h"

void
batch_register_jobs(void)
{
}
