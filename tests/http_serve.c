/*
 * http_serve.c - the link endpoint alone, for end-to-end tests until the
 * daemon runs it: opens the instance of $ALTC_CONFIG, starts http_start and
 * drives http_run from a poll loop until SIGTERM.
 */
#include "compat.h"

#include <poll.h>
#include <signal.h>

#include "altc.h"
#include "http.h"
#include "log.h"

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char **argv)
{
	struct altc ctx;
	struct http_server *s;
	char *err = NULL;
	int rc;

	(void)argc; (void)argv;
	log_init(1, 0);
	if ((rc = altc_open(&ctx, NULL, 1)) != EX_OK)
		return rc;
	if ((s = http_start(&ctx, &err)) == NULL) {
		log_warnx("http: %s", err ? err : "http.port is 0");
		altc_close(&ctx);
		return EX_UNAVAILABLE;
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	while (!stop) {
		struct pollfd p = { http_fd(s), POLLIN, 0 };

		if (poll(&p, 1, 500) >= 0)
			http_run(s);
	}
	http_stop(&s);
	altc_close(&ctx);
	return 0;
}
