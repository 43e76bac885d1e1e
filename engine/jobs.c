/*
 * jobs.c - the scheduler.  Times of day are local time (the platform runs
 * in the institution's time zone).  A daily job is due when its most recent
 * occurrence is later than its last run, so a daemon that was down at 02:00
 * runs the job once when it comes back, not once per missed day.
 */
#include "compat.h"

#include <time.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "util.h"

#define MAX_JOBS 32
#define DAY 86400

static const struct job *jobs[MAX_JOBS];
static size_t njobs;

void
jobs_register(const struct job *j)
{
	size_t i;

	for (i = 0; i < njobs; i++)
		if (strcmp(jobs[i]->name, j->name) == 0)
			return;
	if (njobs == MAX_JOBS)
		BUG("too many jobs");
	jobs[njobs++] = j;
}

const struct job *
jobs_find(const char *name)
{
	size_t i;

	for (i = 0; i < njobs; i++)
		if (strcmp(jobs[i]->name, name) == 0)
			return jobs[i];
	return NULL;
}

static int
enabled(struct altc *ctx, const struct job *j)
{
	return j->enable_key == NULL || *config_str(ctx->cfg, j->enable_key) != '\0';
}

/* last_occurrence - latest scheduled instant <= now for a daily/weekly job */
static int64_t
last_occurrence(struct altc *ctx, const struct job *j, int64_t now)
{
	long long minutes = config_int(ctx->cfg, j->schedule_key);
	time_t t = (time_t)now, occ;
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = (int)(minutes / 60);
	tm.tm_min = (int)(minutes % 60);
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if (j->when == JOB_WEEKLY)
		tm.tm_mday -= (tm.tm_wday + 6) % 7;	/* back to Monday */
	occ = mktime(&tm);
	if (occ > t) {
		if (j->when == JOB_WEEKLY)
			tm.tm_mday -= 7;
		else
			tm.tm_mday -= 1;
		tm.tm_isdst = -1;
		occ = mktime(&tm);
	}
	return (int64_t)occ;
}

int64_t
jobs_next_due(struct altc *ctx, const struct job *j, int64_t last_run, int64_t now)
{
	int64_t occ;

	switch (j->when) {
	case JOB_EACH_PASS:
		return now;
	case JOB_INTERVAL:
		return last_run + config_int(ctx->cfg, j->schedule_key);
	case JOB_DAILY:
	case JOB_WEEKLY:
		occ = last_occurrence(ctx, j, now);
		if (last_run < occ)
			return occ;
		return occ + (j->when == JOB_WEEKLY ? 7 : 1) * DAY;
	}
	BUG("bad job kind");
}

static int64_t
last_run_of(struct altc *ctx, const char *name)
{
	return db_int_for(ctx->db, "SELECT last_run FROM jobs WHERE name = ?", name);
}

static void
record_run(struct altc *ctx, const char *name, int64_t when)
{
	sqlite3_stmt *st = db_prepare(ctx->db,
	    "INSERT INTO jobs (name, last_run) VALUES (?1, ?2)"
	    " ON CONFLICT (name) DO UPDATE SET last_run = ?2");
	char *err = NULL;

	db_bind_text(st, 1, name);
	db_bind_int(st, 2, when);
	if (db_done(ctx->db, st, &err) < 0) {
		log_warnx("job '%s': cannot record the run: %s", name, err);
		free(err);
	}
}

/* run_at - run a job and record it as run at start */
static int
run_at(struct altc *ctx, const struct job *j, int64_t start, size_t *did_r)
{
	char *err = NULL;
	size_t did = 0;
	int rc;

	rc = j->run(ctx, &did, &err);
	if (rc < 0) {
		log_warnx("job '%s' failed: %s", j->name, err ? err : "unknown error");
		free(err);
	} else if (did > 0 || j->when != JOB_EACH_PASS)
		log_info("job '%s': %zu done", j->name, did);
	/* a failed run waits for its next occurrence too: 'altc JOB' reruns it by hand */
	if (j->when != JOB_EACH_PASS)
		record_run(ctx, j->name, start);
	if (did_r)
		*did_r = did;
	return rc;
}

int
jobs_run(struct altc *ctx, const struct job *j, size_t *did_r)
{
	return run_at(ctx, j, now_epoch(), did_r);
}

int
jobs_run_schedule(struct altc *ctx, const char *schedule_key, size_t *did_r)
{
	size_t i, did;
	int rc = 0;

	*did_r = 0;
	for (i = 0; i < njobs; i++) {
		const struct job *j = jobs[i];

		if (j->schedule_key == NULL || strcmp(j->schedule_key, schedule_key) != 0 ||
		    !enabled(ctx, j))
			continue;
		did = 0;
		if (run_at(ctx, j, now_epoch(), &did) < 0)
			rc = -1;
		*did_r += did;
	}
	return rc;
}

int64_t
jobs_run_due(struct altc *ctx, int64_t now)
{
	int64_t next = now + DAY;
	size_t i;

	for (i = 0; i < njobs; i++) {
		const struct job *j = jobs[i];
		int64_t due;

		if (!enabled(ctx, j))
			continue;
		due = jobs_next_due(ctx, j, last_run_of(ctx, j->name), now);
		if (due <= now) {
			run_at(ctx, j, now, NULL);
			due = jobs_next_due(ctx, j, now, now);
			if (j->when == JOB_EACH_PASS)
				continue;
		}
		if (due < next)
			next = due;
	}
	return next > now ? next - now : 0;
}
