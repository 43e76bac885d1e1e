/*
 * util.h - memory helpers that die on exhaustion or size overflow, and BUG()
 * for programmer errors.  Everything input can cause returns -1 / NULL with a
 * message instead; only these abort.
 */
#ifndef ALTC_UTIL_H
#define ALTC_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xasprintf - formatted allocation; never returns NULL */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* free *p and set it to NULL */
#define FREE_AND_NULL(p) do { free(p); (p) = NULL; } while (0)

#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)
void bug_fl(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* strlcpy-like copy that reports truncation: returns -1 if src did not fit */
int xstrlcpy(char *dst, const char *src, size_t size);
/* snprintf that returns -1 on truncation or error */
int xsnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ASCII case-insensitive comparison helpers */
int str_starts_with_ci(const char *s, const char *prefix);
void str_lower(char *s);
/* trim ASCII white space in place; returns s */
char *str_trim(char *s);

/* write the whole buffer, retrying on EINTR; -1 with errno on failure */
int write_full(int fd, const void *buf, size_t len);
/* read a whole file into a NUL-terminated buffer; -1 with errno on failure */
int read_file(const char *path, char **buf_r, size_t *len_r);
/* create a directory and its parents with mode; 0 or -1 with errno */
int mkdir_p(const char *path, unsigned int mode);
/* fsync a directory by path */
int fsync_dir(const char *path);

/* current time, overridable for tests via ALTC_NOW (seconds since epoch) */
int64_t now_epoch(void);
/* format epoch as "YYYY-MM-DD HH:MM:SS" UTC into buf (>= 20 bytes) */
/*
 * time_zone_set - the local time of the process (dates shown to people, the
 * schedule): an IANA name such as "Europe/Paris", or "" to keep the system's
 */
void time_zone_set(const char *tz);
/* epoch_to_local - "24/11/2026" (or "24/11/2026 18:33" with_time) in local time */
void epoch_to_local(int64_t t, int with_time, char *buf, size_t size);
void epoch_to_iso(int64_t t, char *buf, size_t size);

/* locale_is_en - whether a locale (NULL: the default, French) asks for English */
static inline int
locale_is_en(const char *locale)
{
	return locale != NULL && strcmp(locale, "en") == 0;
}

#endif
