/*
 * sha256.c - SHA-256 with the x86 SHA instructions, else libsodium.
 *
 * The rounds follow Intel's description of the SHA extensions: the state
 * is kept as the two halves ABEF and CDGH, sha256rnds2 does two rounds,
 * sha256msg1 and sha256msg2 extend the message schedule four words at a
 * time.  Only the block function needs the instructions; the buffering
 * and padding around it are plain C (FIPS 180-4, section 5.1.1).  The
 * instructions are used only when CPUID says the processor has them, so
 * the same binary runs everywhere.
 */
#include <string.h>

#include "sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t sha256_iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

#ifdef SHA256_X86
static const uint32_t sha256_k[64] = {
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
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/*
 * Hash the N whole 64-byte blocks at P into the chaining value H.  Each
 * of the sixteen steps does four rounds; w[] holds the last sixteen
 * words of the schedule, four to a vector, and steps 1 to 14 compute the
 * next ones as the rounds use them up.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void
sha256_blocks_hw(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i s0, s1, tmp, msg, abef, cdgh, w[4];

	/* h is A..H; the instructions want ABEF and CDGH. */
	tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1);
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B);
	s0 = _mm_alignr_epi8(tmp, s1, 8);
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);
	for (; n > 0; n--, p += 64) {
		abef = s0;
		cdgh = s1;
		for (int j = 0; j < 4; j++)
			w[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * j)),
			    bswap);
		for (int i = 0; i < 16; i++) {
			msg = _mm_add_epi32(w[i & 3],
			    _mm_loadu_si128((const __m128i *)&sha256_k[4 * i]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
			if (i >= 3 && i <= 14) {
				tmp = _mm_alignr_epi8(w[i & 3], w[(i - 1) & 3], 4);
				w[(i + 1) & 3] = _mm_add_epi32(w[(i + 1) & 3], tmp);
				w[(i + 1) & 3] = _mm_sha256msg2_epu32(w[(i + 1) & 3], w[i & 3]);
			}
			msg = _mm_shuffle_epi32(msg, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
			if (i >= 1 && i <= 12)
				w[(i - 1) & 3] = _mm_sha256msg1_epu32(w[(i - 1) & 3], w[i & 3]);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	/* Back from ABEF and CDGH to A..H. */
	tmp = _mm_shuffle_epi32(s0, 0x1B);
	s1 = _mm_shuffle_epi32(s1, 0xB1);
	s0 = _mm_blend_epi16(tmp, s1, 0xF0);
	s1 = _mm_alignr_epi8(s1, tmp, 8);
	_mm_storeu_si128((__m128i *)&h[0], s0);
	_mm_storeu_si128((__m128i *)&h[4], s1);
}

/* Whether CPUID reports the SHA extensions and the SSSE3 and SSE4.1
 * shuffles and blends the block function uses alongside them. */
int
sha256_hw(void)
{
	static int known = -1;
	unsigned a, b, c, d;
	int yes = 0;

	if (known >= 0)
		return known;
	if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1) &&
	    __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA))
		yes = 1;
	known = yes;
	return yes;
}
#else
int
sha256_hw(void)
{
	return 0;
}

static void
sha256_blocks_hw(uint32_t h[8], const unsigned char *p, size_t n)
{
	(void)h;
	(void)p;
	(void)n;
}
#endif

int
sha256_start(struct sha256 *s, int hw)
{
	memset(s, 0, sizeof *s);
	s->hw = hw && sha256_hw();
	if (s->hw) {
		memcpy(s->h, sha256_iv, sizeof s->h);
		return 0;
	}
	if (sodium_init() < 0)
		return -1;
	return crypto_hash_sha256_init(&s->sodium) == 0 ? 0 : -1;
}

int
sha256_init(struct sha256 *s)
{
	return sha256_start(s, 1);
}

/* Hash N more bytes at P: whole blocks straight from P, the rest kept in
 * s->buf until a block is full. */
void
sha256_update(struct sha256 *s, const void *p, size_t n)
{
	const unsigned char *q = p;
	size_t take;

	if (!s->hw) {
		crypto_hash_sha256_update(&s->sodium, q, n);
		return;
	}
	s->len += n;
	if (s->nbuf > 0) {
		take = n < 64 - s->nbuf ? n : 64 - s->nbuf;
		memcpy(s->buf + s->nbuf, q, take);
		s->nbuf += take;
		q += take;
		n -= take;
		if (s->nbuf < 64)
			return;
		sha256_blocks_hw(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	if (n >= 64)
		sha256_blocks_hw(s->h, q, n / 64);
	q += n - n % 64;
	memcpy(s->buf, q, n % 64);
	s->nbuf = n % 64;
}

/* Pad (a one bit, zeros, the length in bits, big-endian), hash the last
 * block or two, and write the digest big-endian into OUT. */
void
sha256_final(struct sha256 *s, unsigned char out[SHA256_BYTES])
{
	uint64_t bits = s->len * 8;

	if (!s->hw) {
		crypto_hash_sha256_final(&s->sodium, out);
		return;
	}
	s->buf[s->nbuf++] = 0x80;
	if (s->nbuf > 56) {
		memset(s->buf + s->nbuf, 0, 64 - s->nbuf);
		sha256_blocks_hw(s->h, s->buf, 1);
		s->nbuf = 0;
	}
	memset(s->buf + s->nbuf, 0, 56 - s->nbuf);
	for (int i = 0; i < 8; i++)
		s->buf[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_blocks_hw(s->h, s->buf, 1);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
}
