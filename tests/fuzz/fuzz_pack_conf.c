/*
 * fuzz_pack_conf.c - fuzz target: reading a pack's description
 * (pack_info_read: libconfuse's parse of pack.conf and every check made
 * of it, inheritance included).  The input is child/pack.conf in a
 * scratch folder, beside child/rules.lua and child/facts.lua; a fixed
 * pack base/ next to it has parameters and words for `extends = "base"`
 * to inherit and override.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "pack.h"

static const char fuzz_base[] =
	"id = \"base\"\nname = \"base\"\nversion = \"1\"\nreports = {\"results\", \"info\"}\n"
	"parameter hours {\n\ttype = number\n\tdefault = \"12\"\n\tmin = 0\n\tmax = 100\n"
	"\tdescription = \"d\"\n\tclause = \"c\"\n"
	"\tsince 2020-01-01 { value = \"10\" }\n\tsince 2022-01-01 { value = \"12\" }\n}\n"
	"parameter deadline {\n\ttype = month_day\n\tdefault = \"09-30\"\n"
	"\tdescription = \"d\"\n\tclause = \"local choice\"\n}\n"
	"vocabulary \"org_events.kind\" {\n\twords = {\"meeting\"}\n"
	"\tword lecture { aliases = {\"讲座\"} }\n}\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char lua[] = "-- fuzz\n";
	struct pack_info pi;
	struct error e = { 0 };
	char *dir;

	if (size > 64 * 1024)
		return 0;
	fuzz_mkdir("base");
	fuzz_mkdir("child");
	fuzz_write("base/pack.conf", fuzz_base, sizeof fuzz_base - 1);
	fuzz_write("base/rules.lua", lua, sizeof lua - 1);
	fuzz_write("child/rules.lua", lua, sizeof lua - 1);
	fuzz_write("child/facts.lua", lua, sizeof lua - 1);
	fuzz_write("child/pack.conf", data, size);
	dir = xasprintf("%s/child", fuzz_dir());
	if (pack_info_read(dir, &pi, &e) == 0) {
		if (pi.id == NULL || pi.version == NULL || strlen(pi.hash) != 64 ||
		    (pi.parent != NULL && strcmp(pi.parent->id, "base") != 0))
			abort();
		pack_info_free(&pi);
	} else if (e.msg[0] == '\0') {
		abort();
	}
	free(dir);
	return 0;
}
