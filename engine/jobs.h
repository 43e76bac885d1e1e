/*
 * jobs.h - the work the daemon does besides draining the spool: jobs at a
 * time of day ([schedule] keys), jobs every N seconds (IMAP polling), and
 * jobs after every pass (outbox delivery).  Each layer registers its own;
 * the last run of a scheduled job is kept in table jobs so a restart
 * neither skips nor repeats a day.
 */
#ifndef ALTC_JOBS_H
#define ALTC_JOBS_H

#include <stddef.h>
#include <stdint.h>

struct altc;

enum job_when {
	JOB_DAILY,	/* at the time of schedule_key, once a day */
	JOB_WEEKLY,	/* at the time of schedule_key, on Mondays */
	JOB_INTERVAL,	/* every schedule_key seconds (a duration key) */
	JOB_EACH_PASS,	/* after every spool pass */
};

struct job {
	const char *name;
	enum job_when when;
	const char *schedule_key;	/* config key, NULL for JOB_EACH_PASS */
	const char *enable_key;		/* config key that must be non-empty, or NULL */
	/* run - 0 on success, -1 with errstr; *did_r counts the work done */
	int (*run)(struct altc *ctx, size_t *did_r, char **errstr_r);
};

/* jobs_register - add a job (static storage, not copied) */
void jobs_register(const struct job *j);

/* jobs_find - a registered job by name */
const struct job *jobs_find(const char *name);

/*
 * jobs_run_due - run every job due at now (and every EACH_PASS job).
 * Returns the seconds until the next one is due (for the poll timeout).
 */
int64_t jobs_run_due(struct altc *ctx, int64_t now);

/*
 * jobs_run_schedule - run now every enabled job of every layer scheduled at
 * schedule_key ("schedule.sweep": the retention sweep and the offers'
 * expiry alike), and record them; -1 when one of them failed
 */
int jobs_run_schedule(struct altc *ctx, const char *schedule_key, size_t *did_r);

/* jobs_run - run one job now and record it */
int jobs_run(struct altc *ctx, const struct job *j, size_t *did_r);

/* jobs_next_due - when a job falls due next after last_run (epoch), for display and tests */
int64_t jobs_next_due(struct altc *ctx, const struct job *j, int64_t last_run, int64_t now);

#endif
