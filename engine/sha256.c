/*
 * sha256.c - one place that hashes: tokens, the inbound ledger, documents.
 */
#include "compat.h"

#include <gnutls/crypto.h>

#include "sha256.h"
#include "util.h"

void
sha256_hex(const void *data, size_t len, char out[SHA256_HEXSZ])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digest[32];
	size_t i;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) != 0)
		BUG("gnutls_hash_fast failed");
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}
