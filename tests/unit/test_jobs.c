/*
 * test_jobs.c - the scheduler: a daily job is due once its time has passed
 * since its last run, a daemon down at the scheduled time runs it once when
 * it comes back, weekly jobs wait for Monday, and runs are recorded.
 */
#include "compat.h"

#include <setjmp.h>
#include <cmocka.h>
#include <time.h>

#include "altc.h"
#include "config.h"
#include "jobs.h"
#include "testlib.h"
#include "util.h"

static int runs;

static int
count_run(struct altc *ctx, size_t *did_r, char **errstr_r)
{
	(void)ctx; (void)errstr_r;
	runs++;
	*did_r = 1;
	return 0;
}

static const struct job daily = { "test-daily", JOB_DAILY, "schedule.recommend", NULL, count_run };
static const struct job weekly = { "test-weekly", JOB_WEEKLY, "schedule.stats", NULL, count_run };
static const struct job pass = { "test-pass", JOB_EACH_PASS, NULL, NULL, count_run };
static const struct job off = { "test-off", JOB_EACH_PASS, NULL, "imap.url", count_run };

/* at - local time of a day of November 2026 (the 23rd is a Monday) */
static int64_t
at(int mday, int hour, int min)
{
	struct tm tm = { 0 };

	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 10;
	tm.tm_mday = mday;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static void
test_due(void **state)
{
	struct altc ctx;

	(void)state;
	testlib_instance(&ctx);
	/* recommend at 02:00: before it, the previous night's occurrence */
	assert_int_equal(jobs_next_due(&ctx, &daily, 0, at(24, 1, 0)), at(23, 2, 0));
	assert_int_equal(jobs_next_due(&ctx, &daily, at(23, 2, 0), at(24, 1, 0)), at(24, 2, 0));
	assert_int_equal(jobs_next_due(&ctx, &daily, at(24, 2, 1), at(24, 3, 0)), at(25, 2, 0));
	/* down for three days: one run, not three */
	assert_int_equal(jobs_next_due(&ctx, &daily, at(20, 2, 0), at(23, 12, 0)), at(23, 2, 0));
	assert_int_equal(jobs_next_due(&ctx, &daily, at(23, 12, 0), at(23, 12, 0)), at(24, 2, 0));
	/* stats on Mondays at 08:00 */
	assert_int_equal(jobs_next_due(&ctx, &weekly, at(23, 8, 0), at(25, 9, 0)), at(30, 8, 0));
	assert_int_equal(jobs_next_due(&ctx, &weekly, 0, at(25, 9, 0)), at(23, 8, 0));
	testlib_instance_free(&ctx);
}

static void
test_run_due(void **state)
{
	struct altc ctx;
	int64_t wait;

	(void)state;
	testlib_instance(&ctx);
	jobs_register(&daily);
	jobs_register(&pass);
	jobs_register(&off);
	jobs_register(&daily);	/* registering twice is harmless */
	runs = 0;
	wait = jobs_run_due(&ctx, at(24, 3, 0));
	assert_int_equal(runs, 2);	/* daily (never ran) and each-pass; off is disabled */
	assert_int_equal(wait, at(25, 2, 0) - at(24, 3, 0));
	runs = 0;
	jobs_run_due(&ctx, at(24, 4, 0));
	assert_int_equal(runs, 1);	/* the daily job is recorded as run */
	assert_ptr_equal(jobs_find("test-daily"), &daily);
	assert_null(jobs_find("nope"));
	testlib_instance_free(&ctx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due),
		cmocka_unit_test(test_run_due),
	};

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
