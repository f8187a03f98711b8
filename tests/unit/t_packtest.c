/*
 * t_packtest.c - pack tests: reading case files (both row forms, the
 * expectations, malformed files) and running cases with their defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "packtest.h"
#include "test.h"

void test_packtest(void);

static struct sandbox_limits t_lim = { 32 * 1024 * 1024, 1000000 };
static struct packtest_file t_file;
static struct error t_err;
static char *t_path;

static void
t_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

/* Write TEXT as a test file and read it; the result of packtest_parse. */
static int
t_parse(const char *text)
{
	free(t_path);
	t_path = xasprintf("%s/cases.lua", test_tmpdir());
	t_write(t_path, text);
	error_clear(&t_err);
	return packtest_parse(t_path, &t_lim, &t_file, &t_err);
}

static void
t_done(void)
{
	packtest_file_free(&t_file);
	free(t_path);
	t_path = NULL;
}

/* The cell of table T at ROW, COL (NULL when absent). */
static const char *
t_cell(const struct packtest_table *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col];
}

/* The table of KIND in case C, by its index in import order. */
enum { K_ORGS, K_MEMBERS, K_REGISTRATIONS };

static void
t_header_form(void)
{
	const struct packtest_table *m;

	CHECK_INT(t_parse("case \"h\" {\n year = 2024,\n"
	    " members = { {\"id\", \"name\", \"status\"}, {\"M1\", \"张三\", \"retired\"}, {\"M2\"} },\n"
	    " expect = { M1 = { score = 0 } },\n}\n"), 0);
	CHECK_INT(t_file.ncases, 1);
	m = &t_file.cases[0].tables[K_MEMBERS];
	CHECK_INT(m->ncols, 3);
	CHECK_INT(m->nrows, 2);
	CHECK_STR(m->cols[2], "status");
	CHECK_STR(t_cell(m, 0, 1), "张三");
	CHECK_STR(t_cell(m, 0, 2), "retired");
	CHECK_STR(t_cell(m, 1, 0), "M2");
	CHECK(t_cell(m, 1, 1) == NULL);
	CHECK_INT(t_file.cases[0].year, 2024);
	CHECK(t_file.cases[0].as_of == NULL);
	CHECK_INT(t_file.cases[0].line, 1);
	t_done();
}

static void
t_table_form(void)
{
	const struct packtest_table *m, *r;

	CHECK_INT(t_parse("-- two cases\n\ncase \"t\" {\n year = 2023, as_of = \"2023-06-30\",\n"
	    " members = { { id = \"M1\", exempt = true }, { id = \"M2\", phone = 13800000001 } },\n"
	    " registrations = { { member = \"M1\", date = \"2023-05-01\" } },\n"
	    " expect = { M1 = { [\"x.report\"] = \"pass\" } },\n}\n"
	    "case \"u\" { year = 2024, expect = { M1 = { award = false } } }\n"), 0);
	CHECK_INT(t_file.ncases, 2);
	CHECK_INT(t_file.cases[0].line, 3);
	CHECK_INT(t_file.cases[1].line, 9);
	CHECK_STR(t_file.cases[0].as_of, "2023-06-30");
	m = &t_file.cases[0].tables[K_MEMBERS];
	CHECK_INT(m->nrows, 2);
	CHECK_INT(m->ncols, 3);     /* id, exempt, phone: the union of the rows' keys */
	for (size_t c = 0; c < m->ncols; c++) {
		if (strcmp(m->cols[c], "exempt") == 0) {
			CHECK_STR(t_cell(m, 0, c), "yes");
			CHECK(t_cell(m, 1, c) == NULL);
		} else if (strcmp(m->cols[c], "phone") == 0) {
			CHECK_STR(t_cell(m, 1, c), "13800000001");
		}
	}
	r = &t_file.cases[0].tables[K_REGISTRATIONS];
	CHECK_INT(r->nrows, 1);
	CHECK_INT(t_file.cases[1].tables[K_MEMBERS].nrows, 0);
	t_done();
}

static void
t_expectations(void)
{
	const struct packtest_case *c;

	CHECK_INT(t_parse("case \"e\" { year = 2024, expect = {\n"
	    "  M2 = { grade = \"一般\", [\"x.b\"] = \"fail\", [\"x.a\"] = \"n/a\", stars = 3 },\n"
	    "  [\"org:U1\"] = { [\"x.unit\"] = \"pass\" },\n"
	    "  M1 = { score = 40.5, award = true } } }\n"), 0);
	c = &t_file.cases[0];
	CHECK_INT(c->nexpects, 7);
	/* members by id, then orgs; requirements by id, then score .. award */
	CHECK_STR(c->expects[0].subject, "M1");
	CHECK_INT(c->expects[0].key, PACKTEST_SCORE);
	CHECK_STR(c->expects[0].want, "40.5");
	CHECK_INT(c->expects[1].key, PACKTEST_AWARD);
	CHECK_STR(c->expects[1].want, "true");
	CHECK_STR(c->expects[2].req, "x.a");
	CHECK_STR(c->expects[3].req, "x.b");
	CHECK_STR(c->expects[3].want, "fail");
	CHECK_INT(c->expects[4].key, PACKTEST_GRADE);
	CHECK_STR(c->expects[4].want, "一般");
	CHECK_INT(c->expects[5].key, PACKTEST_STARS);
	CHECK_STR(c->expects[5].want, "3");
	CHECK_STR(c->expects[6].subject, "U1");
	CHECK_INT(c->expects[6].org, 1);
	t_done();
}

static void
t_no_cases(void)
{
	char *want;

	CHECK_INT(t_parse("-- a file that forgot its cases\nlocal x = 1\n"), -1);
	want = xasprintf("%s: no test cases (a test file holds case \"NAME\" { ... })", t_path);
	CHECK_STR(t_err.msg, want);
	CHECK_INT(t_err.code, EXIT_USAGE);
	free(want);
	t_done();
}

/* A malformed file: one line naming the file, the case's line and why. */
static void
t_malformed(void)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "case \"a\" { year = 2024, expect = { M1 = { score = 1 } } }\n\n"
		  "case \"b\" {\n year = 2024,\n memebers = {},\n}\n",
		  ":3: case 'b': unknown field 'memebers' (year, as_of, expect, params, points, or records: "
		  "orgs members registrations posts claims wishes activities suggestions "
		  "pairings org_events breaches member_events)" },
		{ "case \"a\" {\n members = { {\"id\"}, {\"M1\", \"x\"} },\n"
		  " year = 2024, expect = { M1 = { score = 1 } } }\n",
		  ":1: case 'a': members row 1 has 2 values; the header row names 1 columns" },
		{ "case \"a\" { year = 2024, expect = { M1 = { [\"x.r\"] = \"passed\" } } }\n",
		  ":1: case 'a': expect M1: x.r must be \"pass\", \"fail\", \"n/a\" or \"error\"" },
		{ "case \"a\" { year = 2024 }\n",
		  ":1: case 'a': expect is missing: what should the rules say?" },
		{ "case \"a\" { expect = { M1 = { score = 1 } } }\n",
		  ":1: case 'a': year is missing (year = 2024)" },
		{ "case \"a\" { year = 2024, as_of = \"2024-02-30\", expect = { M1 = { score = 1 } } }\n",
		  ":1: case 'a': as_of must be a date \"YYYY-MM-DD\"" },
		{ "\ncase \"a\" { year = 2024,\n members = { { id = \"M1\", 1 } },\n"
		  " expect = { M1 = { score = 1 } } }\n",
		  ":2: case 'a': members row 1: a row is either named columns or, after a header "
		  "row, positional values, not both" },
		{ "case \"a\" { year = 2024\n members = {} }\n",
		  ":2: '}' expected (to close '{' at line 1) near 'members' (check this line"
		  " and the line above for a missing comma, brace or end)" },
		{ "case { year = 2024 }\n",
		  ":1: a case starts with its name: case \"NAME\" { ... }" },
		{ "os.execute(\"true\")\n",
		  ":1: blocked: os is not available in the baodao sandbox" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *want;

		CHECK_INT(t_parse(bad[i].text), -1);
		want = xasprintf("%s%s", t_path, bad[i].msg);
		CHECK_STR(t_err.msg, want);
		CHECK_INT(t_err.code, EXIT_USAGE);
		free(want);
		t_done();
	}
}

/* A pack whose rules see what the defaults filled in. */
static const char t_conf[] =
	"id = \"t\"\nname = \"test\"\nversion = \"1\"\nfiles = {\"rules.lua\"}\n";
static const char t_rules[] =
	"fact \"done\" { count = \"activity\", where = { complete = true, in_residence = true } }\n"
	"requirement \"t.defaults\" { title = \"t\", clause = \"§1\",\n"
	"  check = function(m, f)\n"
	"    return m.name == m.id and m.unit == \"U1\" and m.community == \"C1\" end }\n"
	"requirement \"t.done\" { title = \"t\", clause = \"§2\",\n"
	"  check = function(m, f) return f.done >= 1, f.done, 1 end }\n";
static const char t_cases[] =
	"case \"defaults\" { year = 2024,\n"
	"  members = { { id = \"M1\" } },\n"
	"  activities = { { member = \"M1\", date = \"2024-03-01\", kind = \"service\", hours = 1 } },\n"
	"  expect = { M1 = { [\"t.defaults\"] = \"pass\", [\"t.done\"] = \"pass\" } } }\n"
	"case \"blank verifier\" { year = 2024,\n"
	"  members = { { id = \"M1\" } },\n"
	"  activities = { { member = \"M1\", date = \"2024-03-01\", kind = \"service\", hours = 1,\n"
	"    verifier = \"\" } },\n"
	"  expect = { M1 = { [\"t.done\"] = \"pass\" } } }\n";

static void
t_run(void)
{
	const char *dir = test_tmpdir();
	struct config cfg = { .jobs = 1, .instruction_limit = 1000000,
	    .memory_limit = 32 * 1024 * 1024 };
	struct packtest_opts o = { 0, 0 };
	char *tests = xasprintf("%s/tests", dir), *p, *out = NULL, *want;
	size_t outlen;
	long passed = 0, failed = 0;
	FILE *f;

	p = xasprintf("%s/pack.conf", dir);
	t_write(p, t_conf);
	free(p);
	p = xasprintf("%s/rules.lua", dir);
	t_write(p, t_rules);
	free(p);
	mkdir(tests, 0700);
	p = xasprintf("%s/cases.lua", tests);
	t_write(p, t_cases);
	f = open_memstream(&out, &outlen);
	error_clear(&t_err);
	if (!CHECK_INT(packtest_pack(&cfg, dir, &o, f, &passed, &failed, &t_err), 0))
		fprintf(stderr, "%s\n", t_err.msg);
	fclose(f);
	CHECK_INT(passed, 1);
	CHECK_INT(failed, 1);
	want = xasprintf("%s:5: case 'blank verifier': M1 t.done: expected pass, got fail "
	    "(value 0, target 1; facts: done 0; clause §2)\n", p);
	CHECK_STR(out, want);
	free(want);
	free(out);
	free(p);
	free(tests);
}

/* A pack with a parameter and grade bands, for params and points. */
static const char t_band_conf[] =
	"id = \"b\"\nname = \"bands\"\nversion = \"1\"\nfiles = {\"rules.lua\"}\n"
	"parameter min_done { type = int default = \"1\" min = 0 max = 9\n"
	"  description = \"d\" clause = \"§1\" }\n"
	"parameter grade_good { type = int default = \"90\" min = 0 max = 100\n"
	"  description = \"g\" clause = \"§2\" }\n";
static const char t_band_rules[] =
	"fact \"done\" { count = \"activity\" }\n"
	"requirement \"b.done\" { title = \"b\", clause = \"§1\",\n"
	"  check = function(m, f, p) return f.done >= p.min_done, f.done, p.min_done end }\n"
	"score(function(m, f) return f.done * 10 end)\n"
	"grade { bands = { { \"差\", 0 }, { \"好\", \"grade_good\" } } }\n";
static const char t_band_cases[] =
	"local A = { { \"member\", \"date\", \"kind\", \"hours\" },"
	" { \"M1\", \"2024-03-01\", \"service\", 1 } }\n"
	"case \"a parameter raised\" { year = 2024, params = { min_done = 2 },\n"
	"  members = { { id = \"M1\" } }, activities = A,\n"
	"  expect = { M1 = { [\"b.done\"] = \"fail\", score = 10 } } }\n"
	"case \"the default\" { year = 2024, members = { { id = \"M1\" } }, activities = A,\n"
	"  expect = { M1 = { [\"b.done\"] = \"pass\", grade = \"差\" } } }\n"
	"case \"exactly at the edge\" { year = 2024, params = { grade_good = 85 },\n"
	"  points = { M1 = 85 }, members = { { id = \"M1\" } },\n"
	"  expect = { M1 = { score = 85, grade = \"好\" } } }\n"
	"case \"one point short\" { year = 2024, params = { grade_good = 85 },\n"
	"  points = { M1 = 84 }, members = { { id = \"M1\" } },\n"
	"  expect = { M1 = { grade = \"好\" } } }\n"
	"case \"no such parameter\" { year = 2024, params = { nosuch = 1 },\n"
	"  members = { { id = \"M1\" } }, expect = { M1 = { grade = \"差\" } } }\n";

/* Cases set parameters and give points: the pack sees them, a band edge
 * is reached, and a case that is wrong about it fails. */
static void
t_params_points(void)
{
	const char *dir = test_tmpdir();
	struct config cfg = { .jobs = 1, .instruction_limit = 1000000,
	    .memory_limit = 32 * 1024 * 1024 };
	struct packtest_opts o = { 0, 0 };
	char *pack = xasprintf("%s/bands", dir), *tests = xasprintf("%s/bands/tests", dir), *p;
	char *out = NULL;
	size_t outlen;
	long passed = 0, failed = 0;
	FILE *f;

	if (CHECK_INT(t_parse(t_band_cases), 0) && CHECK_INT((int)t_file.ncases, 5)) {
		CHECK_INT((int)t_file.cases[0].nparams, 1);
		CHECK_STR(t_file.cases[0].params[0], "min_done=2");
		CHECK_INT((int)t_file.cases[2].npoints, 1);
		CHECK_STR(t_file.cases[2].points[0].member, "M1");
		CHECK(t_file.cases[2].points[0].points == 85);
	}
	t_done();
	CHECK_INT(t_parse("case \"x\" { year = 2024, points = { M1 = \"a\" },"
	    " expect = { M1 = { score = 1 } } }\n"), -1);
	CHECK(strstr(t_err.msg, "points gives a member a number") != NULL);
	t_done();
	CHECK_INT(t_parse("case \"x\" { year = 2024, points = { M9 = 1 },"
	    " members = { { id = \"M1\" } }, expect = { M1 = { score = 1 } } }\n"), -1);
	CHECK(strstr(t_err.msg, "points: the case has no member M9") != NULL);
	t_done();
	mkdir(pack, 0700);
	mkdir(tests, 0700);
	p = xasprintf("%s/pack.conf", pack);
	t_write(p, t_band_conf);
	free(p);
	p = xasprintf("%s/rules.lua", pack);
	t_write(p, t_band_rules);
	free(p);
	p = xasprintf("%s/cases.lua", tests);
	t_write(p, t_band_cases);
	f = open_memstream(&out, &outlen);
	error_clear(&t_err);
	if (!CHECK_INT(packtest_pack(&cfg, pack, &o, f, &passed, &failed, &t_err), 0))
		fprintf(stderr, "%s\n", t_err.msg);
	fclose(f);
	CHECK_INT(passed, 3);
	CHECK_INT(failed, 2);
	CHECK(out && strstr(out, "case 'one point short': M1 grade: expected 好, got 差") != NULL);
	CHECK(out && strstr(out, "no parameter 'nosuch'") != NULL);
	if (out && failed != 2)
		fputs(out, stderr);
	free(out);
	free(p);
	free(tests);
	free(pack);
}

void
test_packtest(void)
{
	test_case("packtest: header-row form", t_header_form);
	test_case("packtest: table form, absent cells, two cases", t_table_form);
	test_case("packtest: expectations in a fixed order", t_expectations);
	test_case("packtest: a file without cases is an error", t_no_cases);
	test_case("packtest: malformed files name file and line", t_malformed);
	test_case("packtest: defaults make records count; a miss is reported", t_run);
	test_case("packtest: params and points in a case", t_params_points);
}
