/*
 * serve.h - the daemon.  serve_run loops until SIGTERM/SIGINT: it drains
 * the spool when inotify hints at new files and at every periodic rescan,
 * runs due jobs, delivers the outbox, and reloads the configuration on
 * SIGHUP.  With once set it does one full pass and returns.
 */
#ifndef ALTC_SERVE_H
#define ALTC_SERVE_H

struct altc;

struct serve_opts {
	int once;		/* one pass, then return */
	int foreground;		/* log to stderr (else syslog) */
	const char *config_path;/* for SIGHUP reloads */
};

/* serve_run - returns a sysexits.h code */
int serve_run(struct altc *ctx, const struct serve_opts *o);

/* serve_lock - take spool/.lock; -1 with a message naming the holder */
int serve_lock(struct altc *ctx, int *fd_r, char **errstr_r);

#endif
