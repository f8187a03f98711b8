/*
 * t_sha256.c - unit tests of core/util/sha256.c: the standard's test
 * vectors, and the SHA instructions' digest held to libsodium's over
 * every length around the block and padding boundaries, fed whole and in
 * uneven pieces.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "sha256.h"
#include "test.h"

/* The digest of the N bytes at P, with the SHA instructions if HW, fed
 * in pieces of STEP bytes (all at once when 0), as hex into out[65]. */
static void
digest(const unsigned char *p, size_t n, int hw, size_t step, char out[65])
{
	unsigned char md[SHA256_BYTES];
	struct sha256 s;

	CHECK_INT(sha256_start(&s, hw), 0);
	if (step == 0)
		sha256_update(&s, p, n);
	else
		for (size_t i = 0; i < n; i += step)
			sha256_update(&s, p + i, n - i < step ? n - i : step);
	sha256_final(&s, md);
	sodium_bin2hex(out, 65, md, sizeof md);
}

/* FIPS 180-4's examples, and a million 'a's, on both paths. */
static void
vectors(void)
{
	static const struct {
		const char *in;
		const char *want;
	} t[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	};
	static unsigned char a[1000000];
	char hex[65];

	for (int hw = 0; hw <= 1; hw++) {
		for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
			digest((const unsigned char *)t[i].in, strlen(t[i].in), hw, 0, hex);
			CHECK_STR(hex, t[i].want);
		}
		memset(a, 'a', sizeof a);
		digest(a, sizeof a, hw, 0, hex);
		CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
		digest(a, sizeof a, hw, 4093, hex);
		CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
}

/* Every length from 0 to 300 bytes (each padding case), pieces of 1, 7,
 * 64 and 65 bytes: the SHA instructions' digest is libsodium's. */
static void
same_as_sodium(void)
{
	unsigned char buf[300], md[crypto_hash_sha256_BYTES];
	char want[65], got[65];
	static const size_t steps[] = { 0, 1, 7, 64, 65 };
	int bad = 0;

	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 131 + 7);
	for (size_t n = 0; n <= sizeof buf; n++) {
		crypto_hash_sha256(md, buf, n);
		sodium_bin2hex(want, sizeof want, md, sizeof md);
		for (size_t j = 0; j < sizeof steps / sizeof steps[0]; j++) {
			digest(buf, n, 1, steps[j], got);
			if (strcmp(got, want) != 0 && bad++ == 0)
				fprintf(stderr, "  %zu bytes in pieces of %zu\n", n, steps[j]);
		}
	}
	CHECK_INT(bad, 0);
	if (!sha256_hw())
		fprintf(stderr, "  (no SHA instructions here: libsodium on both sides)\n");
}

void	test_sha256(void);

void
test_sha256(void)
{
	test_case("sha256 vectors", vectors);
	test_case("sha256 same as libsodium", same_as_sodium);
}
