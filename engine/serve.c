/*
 * serve.c - the daemon loop.  Signals arrive through a signalfd and new
 * spool files through inotify, so one poll() waits for everything; inotify
 * is only a hint and a periodic full rescan backs it up (Postfix's pickup).
 * SIGTERM finishes the current pass (inputs already claimed are applied and
 * moved) and exits 0.  The link endpoint serves from its own thread
 * (http.c); SIGHUP restarts it with the new configuration.
 */
#include "compat.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "altc.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "jobs.h"
#include "log.h"
#include "serve.h"
#include "spool.h"
#include "util.h"

#define KIND_BIT(k) (1u << (k))

/* sd_notify - tell systemd (Type=notify) how we are doing; silent without it */
static void
sd_notify(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t plen;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    (plen = strlen(path)) >= sizeof(sun.sun_path))
		return;
	memcpy(sun.sun_path, path, plen);
	if (sun.sun_path[0] == '@')
		sun.sun_path[0] = '\0';
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	(void)sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen));
	close(fd);
}

int
serve_lock(struct altc *ctx, int *fd_r, char **errstr_r)
{
	char *path = altc_spool_path(ctx, ".lock");
	char pid[32];
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		*errstr_r = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		ssize_t n = read(fd, pid, sizeof(pid) - 1);

		pid[n > 0 ? n : 0] = '\0';
		if (*str_trim(pid))
			*errstr_r = xasprintf("%s: another altc serve (pid %s) is running on this spool",
			    path, pid);
		else
			*errstr_r = xasprintf("%s: another altc serve is running on this spool", path);
		close(fd);
		free(path);
		return -1;
	}
	xsnprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || write_full(fd, pid, strlen(pid)) < 0)
		log_warn("cannot write the pid into '%s'", path);
	free(path);
	*fd_r = fd;
	return 0;
}

static int
watch_spool(struct altc *ctx)
{
	static const char *const subs[] = { "mail/new", "import/new" };
	size_t i;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0) {
		log_warn("inotify unavailable, relying on the periodic rescan");
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(subs); i++) {
		char *p = altc_spool_path(ctx, subs[i]);

		if (inotify_add_watch(fd, p, IN_MOVED_TO | IN_CLOSE_WRITE) < 0)
			log_warn("cannot watch '%s'", p);
		free(p);
	}
	return fd;
}

/* reload - SIGHUP: read the configuration again, keep the old one on error */
static void
reload(struct altc *ctx, const struct serve_opts *o)
{
	char *err = NULL;
	int explicit;
	const char *path = config_find_path(o->config_path, &explicit);
	struct config *cfg = config_load(path, explicit, &err);

	if (cfg == NULL) {
		log_warnx("reload: %s (keeping the running configuration)", err);
		free(err);
		return;
	}
	if (strcmp(config_str(cfg, "paths.spool"), config_str(ctx->cfg, "paths.spool")) != 0 ||
	    strcmp(config_str(cfg, "paths.db"), config_str(ctx->cfg, "paths.db")) != 0)
		log_warnx("reload: [paths] changes take effect at the next start");
	config_free(&ctx->cfg);
	ctx->cfg = cfg;
	log_info("configuration reloaded from '%s'", path ? path : "(defaults)");
}

/* one_pass - drain the given spool kinds and run the due jobs; -1 if the db failed */
static int
one_pass(struct altc *ctx, unsigned kinds, int recover, int64_t *wait_r)
{
	struct spool_stats st;
	int rc;

	rc = spool_drain(ctx, kinds, recover, &st);
	if (st.done || st.failed || st.duplicates || st.deferred)
		log_info("spool: %zu applied, %zu failed, %zu already seen, %zu deferred",
		    st.done, st.failed, st.duplicates, st.deferred);
	*wait_r = jobs_run_due(ctx, now_epoch());
	return rc;
}

/* restart_http - the link endpoint again, with the reloaded configuration */
static void
restart_http(struct altc *ctx, struct http_server **http)
{
	char *err = NULL;

	if (*http == NULL)
		return;
	http_stop(http);
	if ((*http = http_start(ctx, &err)) == NULL && err != NULL) {
		log_warnx("link endpoint: %s (it stays off until the next reload)", err);
		free(err);
	}
}

int
serve_run(struct altc *ctx, const struct serve_opts *o)
{
	int lockfd = -1, sigfd = -1, infd = -1, rc = EX_OK, recover = 1;
	struct http_server *http = NULL;
	int64_t rescan = config_int(ctx->cfg, "schedule.rescan_seconds"), wait;
	unsigned kinds = KIND_BIT(INPUT_MAIL);
	char *err = NULL;
	sigset_t mask;

	if (serve_lock(ctx, &lockfd, &err) < 0) {
		log_warnx("%s", err);
		free(err);
		return EX_TEMPFAIL;
	}
	if (o->once) {
		/* --once drains every kind, imports included: it is the cron form of the daemon */
		if (one_pass(ctx, KIND_BIT(INPUT_MAIL) | KIND_BIT(INPUT_IMPORT), 1, &wait) < 0)
			rc = EX_TEMPFAIL;
		close(lockfd);
		return rc;
	}
	if (config_bool(ctx->cfg, "import.scan_on_drop"))
		kinds |= KIND_BIT(INPUT_IMPORT);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	if ((sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		fatal("signalfd");
	infd = watch_spool(ctx);
	/* the link endpoint runs in its own thread with its own connection */
	if ((http = http_start(ctx, &err)) == NULL && err != NULL) {
		log_warnx("link endpoint: %s", err);
		free(err);
		close(infd);
		close(sigfd);
		close(lockfd);
		return EX_UNAVAILABLE;
	}
	log_info("serving spool '%s' (pid %ld)", ctx->spool, (long)getpid());
	sd_notify("READY=1");
	for (;;) {
		struct pollfd pfd[2] = { { sigfd, POLLIN, 0 }, { infd, POLLIN, 0 } };
		int timeout, n;

		if (one_pass(ctx, kinds, recover, &wait) < 0) {
			/*
			 * database trouble (disk full): retry in a few seconds, lose
			 * nothing.  The inputs just put back into new/ would wake
			 * inotify at once: spool events wait for the retry.
			 */
			wait = 5;
			pfd[1].fd = -1;
		}
		recover = 0;
		if (wait > rescan)
			wait = rescan;
		timeout = (int)(wait > 0 ? wait * 1000 : 1000);
		n = poll(pfd, 2, timeout);
		if (n < 0 && errno != EINTR)
			fatal("poll");
		if (n > 0 && (pfd[1].revents & POLLIN)) {
			char buf[4096];

			while (read(infd, buf, sizeof(buf)) > 0)
				;
		}
		if (n > 0 && (pfd[0].revents & POLLIN)) {
			struct signalfd_siginfo si;
			int stop = 0;

			while (read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				if (si.ssi_signo == SIGHUP) {
					sd_notify("RELOADING=1");
					reload(ctx, o);
					sd_notify("READY=1");
					kinds = KIND_BIT(INPUT_MAIL);
					if (config_bool(ctx->cfg, "import.scan_on_drop"))
						kinds |= KIND_BIT(INPUT_IMPORT);
					rescan = config_int(ctx->cfg, "schedule.rescan_seconds");
					restart_http(ctx, &http);
				} else
					stop = 1;
			}
			if (stop) {
				log_info("stopping: finishing the current work");
				sd_notify("STOPPING=1");
				/* a last pass so that what arrived is applied before exit */
				if (one_pass(ctx, kinds, 0, &wait) < 0)
					rc = EX_TEMPFAIL;
				break;
			}
		}
	}
	http_stop(&http);
	if (infd >= 0)
		close(infd);
	close(sigfd);
	close(lockfd);
	return rc;
}
