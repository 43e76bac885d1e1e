/*
 * bench_replies.c - time of reply_extract on the bodies of the reply corpus
 * (the text/plain bodies of tests/fixtures/replies/gen, decoded by
 * mime_parse first, outside the timing): every body ROUNDS times; the
 * median of its rounds is a body's time; prints their mean, p50, p99 and
 * maximum, in microseconds.
 */
#include "compat.h"

#include <dirent.h>
#include <time.h>

#include "mime.h"
#include "reply.h"
#include "util.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/fixtures/replies/gen";
	int rounds = argc > 2 ? atoi(argv[2]) : 200;
	struct mime_limits lim = { 10000000, 8, 0, 0, 0 };
	char **bodies = NULL, **subjects = NULL;
	size_t n = 0;
	double total = 0, worst = 0, *per, *samples;
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		char *path, *data;
		size_t len;
		struct mime_msg m;
		char *err = NULL;

		if (l < 5 || strcmp(e->d_name + l - 4, ".eml") != 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (read_file(path, &data, &len) == 0 && mime_parse(data, len, &lim, &m, &err) == 0) {
			bodies = xreallocarray(bodies, n + 1, sizeof(*bodies));
			subjects = xreallocarray(subjects, n + 1, sizeof(*subjects));
			bodies[n] = xstrdup(m.text);
			subjects[n++] = xstrdup(m.subject);
			mime_msg_release(&m);
		}
		free(err);
		free(data);
		free(path);
	}
	closedir(d);
	if (n == 0) {
		fprintf(stderr, "no replies in %s\n", dir);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {	/* warm up: patterns compiled, caches filled */
		struct reply_text r;

		reply_extract(bodies[i], strlen(bodies[i]), subjects[i], &r);
		reply_text_release(&r);
	}
	per = xcalloc(n, sizeof(*per));
	samples = xcalloc((size_t)rounds, sizeof(*samples));
	for (size_t i = 0; i < n; i++) {
		/* the median of the rounds: the machine is shared, preemptions are noise */
		for (int k = 0; k < rounds; k++) {
			struct reply_text r;
			double t0 = now_us();

			reply_extract(bodies[i], strlen(bodies[i]), subjects[i], &r);
			reply_text_release(&r);
			samples[k] = now_us() - t0;
		}
		qsort(samples, (size_t)rounds, sizeof(*samples), by_value);
		per[i] = samples[rounds / 2];
		total += per[i];
		if (getenv("BENCH_VERBOSE"))
			printf("%8.1f us  %zu bytes %.50s\n", per[i], strlen(bodies[i]), bodies[i]);
	}
	qsort(per, n, sizeof(*per), by_value);
	worst = per[n - 1];
	printf("replies: %zu bodies x %d rounds\n", n, rounds);
	printf("reply_extract: %.1f us per reply (mean of the bodies' medians), p50 %.1f us, p99 %.1f us,"
	    " slowest %.1f us (target: mean < 50 us)\n", total / (double)n, per[n / 2],
	    per[n * 99 / 100], worst);
	for (size_t i = 0; i < n; i++) {
		free(bodies[i]);
		free(subjects[i]);
	}
	free(bodies);
	free(subjects);
	free(per);
	free(samples);
	return total / (double)n < 50 ? 0 : 2;
}
