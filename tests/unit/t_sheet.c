/*
 * t_sheet.c - tests for core/io/sheet.c: readers found by extension, and
 * a reader's rows turned into CSV whose row numbers are the sheet's.
 */
#include <string.h>

#include "sheet.h"
#include "test.h"

/* A reader that hands over fixed rows: 1, then 3 (row 2 blank in the
 * sheet), then 2 again when asked for a sheet named "disorder". */
static int
sheet_test_read(const char *path, const struct plugin_read_opts *o,
    struct plugin_rows *sink, const char **sheet, struct error *e)
{
	const char *head[] = { "a", "b" }, *row3[] = { "x,y", "say \"hi\"" }, *row2[] = { "z" };

	(void)path;
	(void)e;
	*sheet = o->sheet ? o->sheet : "Sheet1";
	if (sheet_row(sink, 1, head, 2) != 0 || sheet_row(sink, 3, row3, 2) != 0)
		return -1;
	if (o->sheet && strcmp(o->sheet, "disorder") == 0)
		return sheet_row(sink, 2, row2, 1);
	return 0;
}

static const struct plugin_reader sheet_test_reader = { "tst", sheet_test_read };

static void
sheet_registry(void)
{
	static const struct plugin_reader again = { "TST", sheet_test_read },
	    noread = { "nor", NULL };

	CHECK_INT(sheet_add_reader(&sheet_test_reader), 0);
	CHECK_INT(sheet_add_reader(&again), -1);
	CHECK_INT(sheet_add_reader(&noread), -1);
	CHECK(sheet_reader_for("units.tst") == &sheet_test_reader);
	CHECK(sheet_reader_for("UNITS.TST") == &sheet_test_reader);
	CHECK(sheet_reader_for("units.tst.csv") == NULL);
	CHECK(sheet_reader_for("tst") == NULL);
	CHECK(sheet_reader_for("unitstst") == NULL);
}

static void
sheet_rows(void)
{
	struct plugin_read_opts o = { 0 };
	struct error e = { 0 };
	struct sbuf b;
	const char *name;

	sbuf_init(&b);
	CHECK_INT(sheet_read(&sheet_test_reader, "u.tst", &o, &b, &name, &e), 0);
	CHECK_STR(b.s, "a,b\n\n\"x,y\",\"say \"\"hi\"\"\"\n");
	CHECK_STR(name, "Sheet1");
	sbuf_reset(&b);
	o.sheet = "disorder";
	CHECK_INT(sheet_read(&sheet_test_reader, "u.tst", &o, &b, &name, &e), -1);
	CHECK_STR(e.msg, "u.tst: row 2 comes after row 3");
	error_clear(&e);
	sbuf_reset(&b);
	o.sheet = NULL;
	o.max_rows = 2;
	CHECK_INT(sheet_read(&sheet_test_reader, "u.tst", &o, &b, &name, &e), -1);
	CHECK_STR(e.msg, "u.tst: the sheet has more than 2 rows (max_sheet_rows)");
	sbuf_free(&b);
}

void test_sheet(void);

void
test_sheet(void)
{
	test_case("sheet: readers by extension", sheet_registry);
	test_case("sheet: rows to CSV, blank rows kept", sheet_rows);
}
