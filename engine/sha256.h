/*
 * sha256.h - SHA-256 through GnuTLS's crypto API, as lowercase hex.
 */
#ifndef ALTC_SHA256_H
#define ALTC_SHA256_H

#include <stddef.h>

#define SHA256_HEXSZ 65

void sha256_hex(const void *data, size_t len, char out[SHA256_HEXSZ]);

#endif
