/*
 * handler_bench.c - the INPUT_MAIL handler alone, without the spool's file
 * moves and fsyncs: every mail of a directory applied in group
 * transactions of 256 (as the spool does), timed.
 * Usage: handler_bench CONFIG DIR
 * Build (from a build directory):
 *   cc -O2 -I. $(for d in engine mailers formation company student offer application \
 *      interview mission batch app; do echo -I$SRC/$d; done) $(pkg-config --cflags libetpan) \
 *      -o handler_bench $SRC/bench/inbound/handler_bench.c libaltc.a \
 *      $(pkg-config --libs sqlite3 libetpan libcurl libpcre2-8 libmicrohttpd gnutls \
 *      libical libxml-2.0 inih json-c) -lcsv -lm
 */
#include "compat.h"

#include <dirent.h>
#include <time.h>

#include "altc.h"
#include "db.h"
#include "inbound.h"
#include "input.h"
#include "modules.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct altc ctx;
	DIR *d;
	struct dirent *e;
	struct timespec t0, t1;
	char **files = NULL;
	size_t *lens = NULL, n = 0, i, done = 0;

	if (argc != 3 || altc_open(&ctx, argv[1], 1) != 0)
		return 2;
	if ((d = opendir(argv[2])) == NULL)
		return 2;
	while ((e = readdir(d)) != NULL) {
		char *p, *buf;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", argv[2], e->d_name);
		if (read_file(p, &buf, &len) == 0) {
			files = xreallocarray(files, n + 1, sizeof(*files));
			lens = xreallocarray(lens, n + 1, sizeof(*lens));
			files[n] = buf;
			lens[n++] = len;
		}
		free(p);
	}
	closedir(d);
	altc_modules_init();
	if (getenv("PARSE_ONLY")) {
		/* the read-only half alone: parsing, robots, routing, reply text, command */
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < n; i++) {
			struct inbound_view v;
			char *err = NULL;

			if (inbound_analyse(ctx.cfg, files[i], lens[i], NULL, &v, &err) == 0) {
				done++;
				inbound_view_release(&v);
			}
			free(err);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("analysis only: %zu in %.2f s\n", done,
		    (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		struct input in = { INPUT_MAIL, "x", "x", (unsigned char *)files[i], lens[i], NULL };
		char *reason = NULL;

		if (i % 256 == 0)
			db_begin(ctx.db);
		db_savepoint(ctx.db, "input");
		if (inbound_apply(&ctx, &in, &reason) == INPUT_DONE)
			done++;
		db_release(ctx.db, "input");
		free(reason);
		if (i % 256 == 255 || i + 1 == n)
			db_commit(ctx.db);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("handler only: %zu/%zu applied in %.2f s: %.0f msg/s\n", done, n,
	    (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	    n / ((t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9));
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	free(lens);
	altc_close(&ctx);
	return 0;
}
