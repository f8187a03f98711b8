/*
 * fuzz_csv.c - fuzz target: the CSV reader (csv.c), encoding detection
 * and every record of the converted text.  A file that decodes must read
 * to its end or to a malformed record, with a message set when it fails.
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_file f;
	struct csv_record r;
	struct error e = { 0 };
	int rc;

	if (csv_open_mem(&f, "fuzz.csv", (const char *)data, size, &e) != 0) {
		if (e.code == 0 || e.msg[0] == '\0')
			abort();
		return 0;
	}
	csv_record_init(&r);
	while ((rc = csv_next(&f, &r, &e)) == 1)
		for (size_t i = 0; i < r.nfields; i++)
			if (r.field[i] == NULL || strlen(r.field[i]) > f.len)
				abort();
	if (rc == -1 && e.msg[0] == '\0')
		abort();
	csv_record_free(&r);
	csv_close(&f);
	return 0;
}
