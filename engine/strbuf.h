/*
 * strbuf.h - the one growable byte buffer (git's strbuf).  buf is always
 * NUL-terminated but may contain NUL bytes; len is authoritative.
 * Life cycle: strbuf_init (or STRBUF_INIT), strbuf_release.
 */
#ifndef ALTC_STRBUF_H
#define ALTC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* hand the buffer over to the caller (who frees it) and reset sb */
char *strbuf_detach(struct strbuf *sb, size_t *len_r);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void strbuf_rtrim(struct strbuf *sb);

#endif
