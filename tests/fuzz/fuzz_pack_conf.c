/*
 * fuzz_pack_conf.c - fuzz target: reading a pack's description
 * (pack_info_read: libconfuse's parse of pack.conf and every check made
 * of it) in a scratch folder that holds the input as pack.conf next to
 * a rules.lua and a facts.lua.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "pack.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char lua[] = "-- fuzz\n";
	struct pack_info pi;
	struct error e = { 0 };

	if (size > 64 * 1024)
		return 0;
	fuzz_write("rules.lua", lua, sizeof lua - 1);
	fuzz_write("facts.lua", lua, sizeof lua - 1);
	fuzz_write("pack.conf", data, size);
	if (pack_info_read(fuzz_dir(), &pi, &e) == 0) {
		if (pi.id == NULL || pi.version == NULL || pi.hash[64] != '\0')
			abort();
		pack_info_free(&pi);
	} else if (e.msg[0] == '\0') {
		abort();
	}
	return 0;
}
