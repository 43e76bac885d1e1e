/*
 * base64.h - table-driven base64 for MIME bodies, writing into a strbuf in
 * one pass (libetpan's writer and decoder go through a string that grows a
 * few bytes at a time, which dominates the cost of a mail with a PDF).
 */
#ifndef ALTC_BASE64_H
#define ALTC_BASE64_H

#include <stddef.h>

#include "strbuf.h"

#define BASE64_LINE 76		/* characters per encoded line (RFC 2045) */

/*
 * base64_encode_body - len bytes as a MIME body appended to out: lines of
 * BASE64_LINE characters ending in CRLF, the last one too (an empty input
 * gives one CRLF): byte for byte what libetpan writes for a base64 part.
 */
void base64_encode_body(struct strbuf *out, const unsigned char *p, size_t len);

/* base64_encoded_size - the length base64_encode_body appends for len bytes */
size_t base64_encoded_size(size_t len);

/*
 * base64_decode_clean - decode a body made only of base64 characters and
 * CR/LF line ends, padded to whole groups with "=" only at the very end.
 * Appends the bytes to out and returns 0; returns -1 with out untouched
 * when the body is anything else (the caller then uses a lenient decoder).
 */
int base64_decode_clean(const char *p, size_t len, struct strbuf *out);

#endif
