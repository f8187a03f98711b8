/*
 * fuzz_xlsx.c - fuzz target: the xlsx reader (plugins/xlsx/xlsx_read.c,
 * linked in directly with libzip and expat) through sheet.c's sink, as
 * import runs it.  A read must end with the sheet as CSV text, or fail
 * with a message; never crash, leak or hang.
 *
 * The first byte picks what the rest is.  Bit 1 clear: a whole file,
 * read as a workbook with small limits, so that the zip checks (truncated,
 * bombs, encryption) are reached.  Bit 1 set: the parts of a workbook,
 * separated by NUL bytes (the sheet, then the shared strings, the styles
 * and the workbook; a part left out is a plain one), zipped here, so that
 * mutations reach the XML a zip would hide.  Bit 0 asks for the sheet
 * named "Sheet2".
 */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "date.h"
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
	.date_iso = date_iso,
};

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* The parts of a workbook, and what each is when the input leaves it out. */
static const struct {
	const char *name, *plain;
} fuzz_parts[] = {
	{ "xl/worksheets/sheet1.xml", "<worksheet " NS "><sheetData><row r=\"1\">"
	  "<c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>" },
	{ "xl/sharedStrings.xml", "<sst " NS "><si><t>a</t></si></sst>" },
	{ "xl/styles.xml", "<styleSheet " NS "><cellXfs><xf numFmtId=\"14\"/></cellXfs>"
	  "</styleSheet>" },
	{ "xl/workbook.xml", "<workbook " NS " xmlns:r=\"" RNS "\"><sheets>"
	  "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/>"
	  "<sheet name=\"Sheet2\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>" },
	{ "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas."
	  "openxmlformats.org/package/2006/relationships\">"
	  "<Relationship Id=\"rId1\" Type=\"" RNS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	  "<Relationship Id=\"rId2\" Type=\"" RNS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	  "<Relationship Id=\"rId3\" Type=\"" RNS "/styles\" Target=\"styles.xml\"/>"
	  "</Relationships>" },
};

/* Zip the NUL-separated parts of the N bytes at DATA into PATH. */
static void
fuzz_zip(const char *path, const uint8_t *data, size_t n)
{
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
	size_t at = 0;

	if (z == NULL)
		abort();
	for (size_t i = 0; i < sizeof fuzz_parts / sizeof fuzz_parts[0]; i++) {
		const void *p = fuzz_parts[i].plain;
		size_t len = strlen(fuzz_parts[i].plain);
		const uint8_t *end;
		zip_source_t *s;

		if (at < n) {
			end = memchr(data + at, '\0', n - at);
			p = data + at;
			len = end != NULL ? (size_t)(end - (data + at)) : n - at;
			at += len + 1;
		}
		if ((s = zip_source_buffer(z, p, len, 0)) == NULL ||
		    zip_file_add(z, fuzz_parts[i].name, s, ZIP_FL_OVERWRITE) < 0)
			abort();
	}
	if (zip_close(z) != 0)
		abort();
}

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

	if (size == 0)
		return 0;
	xlsx_read_host(&fuzz_host);
	path = xasprintf("%s/in.xlsx", fuzz_dir());
	if (data[0] & 2)
		fuzz_zip(path, data + 1, size - 1);
	else
		fuzz_write("in.xlsx", data + 1, size - 1);
	if (data[0] & 1)
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
