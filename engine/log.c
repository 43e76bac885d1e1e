/*
 * log.c - logging to stderr or syslog.  Before log_init() messages go to
 * stderr, so early configuration errors are always visible.  When stderr is
 * systemd's journal ($JOURNAL_STREAM names it), lines carry the "<N>"
 * priority prefix journald reads instead of the program name it adds itself.
 */
#include "compat.h"

#include <sys/stat.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int log_fg = 1;
static int log_level = 0;
static int log_journal = 0;
static int log_muted = 0;	/* nesting of log_mute: info and debug dropped */

/* stderr_is_journal - whether $JOURNAL_STREAM ("DEV:INODE") is our stderr */
static int
stderr_is_journal(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return e != NULL && sscanf(e, "%llu:%llu", &dev, &ino) == 2 && fstat(2, &st) == 0 &&
	    (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void
log_init(int foreground, int verbose)
{
	log_fg = foreground;
	log_level = verbose;
	log_journal = foreground && stderr_is_journal();
	if (!foreground)
		openlog("altc", LOG_PID | LOG_NDELAY, LOG_MAIL);
}

int
log_verbose(void)
{
	return log_level;
}

void
log_mute(int on)
{
	log_muted += on ? 1 : (log_muted > 0 ? -1 : 0);
}

static void
vlog(int pri, const char *fmt, va_list ap, int with_errno)
{
	char msg[2048];
	int saved = errno;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (log_fg && log_journal) {
		if (with_errno)
			fprintf(stderr, "<%d>%s: %s\n", pri, msg, strerror(saved));
		else
			fprintf(stderr, "<%d>%s\n", pri, msg);
		fflush(stderr);
	} else if (log_fg) {
		if (with_errno)
			fprintf(stderr, "altc: %s: %s\n", msg, strerror(saved));
		else
			fprintf(stderr, "altc: %s\n", msg);
		fflush(stderr);
	} else if (with_errno)
		syslog(pri, "%s: %s", msg, strerror(saved));
	else
		syslog(pri, "%s", msg);
	errno = saved;
}

#define LOGFN(name, pri, errflag, minlevel)		\
void							\
name(const char *fmt, ...)				\
{							\
	va_list ap;					\
							\
	if (log_level < (minlevel) ||			\
	    ((minlevel) >= 0 && log_muted))		\
		return;					\
	va_start(ap, fmt);				\
	vlog(pri, fmt, ap, errflag);			\
	va_end(ap);					\
}

LOGFN(log_warn, LOG_WARNING, 1, -1)
LOGFN(log_warnx, LOG_WARNING, 0, -1)
LOGFN(log_info, LOG_INFO, 0, 0)
LOGFN(log_debug, LOG_DEBUG, 0, 1)

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, 1);
	va_end(ap);
	exit(EX_SOFTWARE);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, 0);
	va_end(ap);
	exit(EX_SOFTWARE);
}
