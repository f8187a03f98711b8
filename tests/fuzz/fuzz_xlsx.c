/*
 * fuzz_xlsx.c - fuzz target: the xlsx reader (plugins/xlsx/xlsx_read.c,
 * linked in directly with libzip and expat) through sheet.c's sink, as
 * import runs it.  The input is written to a file and read as a workbook
 * with small limits, so that the size and zip bomb checks are reached
 * too.  A read must end with the sheet as CSV text, or fail with a
 * message; never crash, leak or hang.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plugin_api.h"
#include "sheet.h"
#include "xlsx.h"

/* The host's table as the plugin host fills it, for the reader. */
static const struct plugin_host fuzz_host = {
	.api = PLUGIN_API,
	.size = sizeof(struct plugin_host),
	.add_reader = sheet_add_reader,
	.row = sheet_row,
	.error_set = error_set,
	.sbuf_add = sbuf_add,
	.sbuf_adds = sbuf_adds,
	.sbuf_addf = sbuf_addf,
	.tr = tr,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct plugin_reader reader = { "xlsx", xlsx_read };
	struct plugin_read_opts o = { NULL, 1 << 20, 5000, 20000 };
	struct sbuf csv;
	const char *name = NULL;
	struct error e = { 0 };
	char *path;
	int rc;

	xlsx_read_host(&fuzz_host);
	fuzz_write("in.xlsx", data, size);
	path = xasprintf("%s/in.xlsx", fuzz_dir());
	/* The first byte, when odd, asks for a sheet by name. */
	if (size > 0 && (data[0] & 1))
		o.sheet = "Sheet2";
	sbuf_init(&csv);
	sbuf_add(&csv, "", 0);
	rc = sheet_read(&reader, path, &o, &csv, &name, &e);
	if (rc != 0 && (e.code == 0 || e.msg[0] == '\0'))
		abort();
	if (rc == 0 && (strlen(csv.s) != csv.len || name == NULL))
		abort();
	sbuf_free(&csv);
	free(path);
	return 0;
}
