/*
 * log.h - one logger in the OpenSMTPD style: stderr in the foreground,
 * syslog (LOG_MAIL) otherwise.  Messages are lowercase, no final period,
 * the subject quoted.  log_warn appends strerror(errno).
 */
#ifndef ALTC_LOG_H
#define ALTC_LOG_H

#define PRINTF_LIKE(a, b) __attribute__((format(printf, a, b)))

/* foreground: 1 for stderr, 0 for syslog; verbose: 0 info, 1 debug, -1 quiet */
void log_init(int foreground, int verbose);
int log_verbose(void);
/*
 * log_mute - drop info and debug lines from on (1) until off (0), nested:
 * a dry run whose changes are rolled back must not log them as done
 */
void log_mute(int on);
void log_warn(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_warnx(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_info(const char *fmt, ...) PRINTF_LIKE(1, 2);
void log_debug(const char *fmt, ...) PRINTF_LIKE(1, 2);
void fatal(const char *fmt, ...) PRINTF_LIKE(1, 2) __attribute__((noreturn));
void fatalx(const char *fmt, ...) PRINTF_LIKE(1, 2) __attribute__((noreturn));

#endif
