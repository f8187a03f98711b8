/*
 * fuzz_trust.c - fuzz target: the MANIFEST and SIGNATURES readers
 * (trust.c) through trust_verify() and trust_check(), on a scratch pack
 * folder (pack.conf, rules.lua).  The input is MANIFEST's bytes; after a
 * line "--SIGNATURES--", if any, SIGNATURES' bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "trust.h"

#define FUZZ_SEP "--SIGNATURES--\n"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char conf[] = "id = \"fuzz\"\nname = \"fuzz\"\nversion = \"1\"\n";
	static const char lua[] = "-- fuzz\n";
	const uint8_t *sig = NULL;
	size_t nman = size, nsig = 0;
	struct trust_status st;
	struct error e = { 0 };

	if (size > 64 * 1024)
		return 0;
	for (size_t i = 0; i + sizeof FUZZ_SEP - 1 <= size; i++)
		if (memcmp(data + i, FUZZ_SEP, sizeof FUZZ_SEP - 1) == 0) {
			nman = i;
			sig = data + i + sizeof FUZZ_SEP - 1;
			nsig = size - nman - (sizeof FUZZ_SEP - 1);
			break;
		}
	fuzz_write("pack.conf", conf, sizeof conf - 1);
	fuzz_write("rules.lua", lua, sizeof lua - 1);
	fuzz_write("MANIFEST", data, nman);
	fuzz_write("SIGNATURES", sig, sig != NULL ? nsig : (size_t)-1);
	memset(&st, 0, sizeof st);
	if (trust_verify(fuzz_dir(), &st, &e) == 0) {
		if (!st.sealed || st.nfiles != 2 || st.ntrusted > st.nsigs)
			abort();
	} else if (e.msg[0] == '\0') {
		abort();
	}
	error_clear(&e);
	if (trust_check(fuzz_dir(), "fuzz", &e) != 0 && e.msg[0] == '\0')
		abort();
	return 0;
}
