/*
 * sha256.h - SHA-256 (FIPS 180-4), for the run history's checksums.
 */
#ifndef MG_SHA256_H
#define MG_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct mg_sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	unsigned char block[64];
	size_t fill;
};

void mg_sha256_init(struct mg_sha256 *s);
void mg_sha256_update(struct mg_sha256 *s, const void *data, size_t len);
void mg_sha256_final(struct mg_sha256 *s, unsigned char out[32]);
/* The digest of data as 64 lower-case hex digits and a NUL. */
void mg_sha256_hex(char out[65], const void *data, size_t len);

#endif
