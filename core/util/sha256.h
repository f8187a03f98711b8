/*
 * sha256.h - SHA-256 of a stream of bytes, with the processor's SHA
 * instructions when it has them.
 *
 * Import hashes every file it reads for the audit row; with libsodium's
 * portable code that was a sixth of the instructions of importing the
 * 389 000 activities of a 20 000-member region (callgrind), and 0.46 s
 * of CPU for 200 MB.  The x86 SHA extensions (SHA-NI) do the same rounds
 * many times faster; without them (other processors, or under valgrind,
 * which does not offer them) libsodium does the hashing as before.  Both
 * give the same digest: tests/unit/t_sha256.c holds them to each other
 * and to the standard's test vectors.
 */
#ifndef BAODAO_SHA256_H
#define BAODAO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#define SHA256_BYTES 32

struct sha256 {
	int hw;				/* the SHA instructions do the rounds */
	crypto_hash_sha256_state sodium;	/* else libsodium's state */
	uint32_t h[8];			/* hw: the chaining value */
	unsigned char buf[64];		/* hw: a block not yet full */
	size_t nbuf;
	uint64_t len;			/* hw: bytes hashed so far */
};

/* Start a digest, with the SHA instructions when the processor has them.
 * Returns 0, or -1 when libsodium fails to initialise. */
int   sha256_init(struct sha256 *s);

/* Start a digest with the SHA instructions if HW (which needs
 * sha256_hw()), else with libsodium: the test holds one to the other. */
int   sha256_start(struct sha256 *s, int hw);
void  sha256_update(struct sha256 *s, const void *p, size_t n);
void  sha256_final(struct sha256 *s, unsigned char out[SHA256_BYTES]);

/* Whether the processor has the SHA instructions this code uses. */
int   sha256_hw(void);

#endif
