/*
 * t_diff.c - pack_info_set(), how pack diff --set changes a pack: values
 * checked against type and range, dated values dropped, the version and
 * hash marked so a modified pack never passes for the pack as written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"
#include "test.h"

void test_diff(void);

static const char diff_conf[] =
	"id = \"t\"\nname = \"test\"\nversion = \"1.2\"\nfiles = {\"rules.lua\"}\n"
	"parameter n {\n type = int\n default = \"2\"\n min = 0\n max = 10\n"
	" description = \"d\"\n clause = \"c\"\n since \"2024-01-01\" {\n  value = \"3\"\n"
	"  clause = \"notice 2\"\n }\n}\n"
	"parameter rate {\n type = number\n default = \"0.5\"\n min = 0\n"
	" description = \"d\"\n clause = \"c\"\n}\n"
	"parameter on {\n type = bool\n default = \"true\"\n"
	" description = \"d\"\n clause = \"c\"\n}\n";

static const char diff_lua[] =
	"fact \"services\" { count = \"activity\", where = { kind = \"service\" } }\n"
	"requirement \"t.services\" { title = \"t\", clause = \"c\",\n"
	"  check = function(m, f, p) return f.services >= p.n, f.services, p.n end }\n";

static void
diff_write(const char *dir, const char *name, const char *text)
{
	char path[1300];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* Read the test pack from a fresh folder. */
static int
diff_pack(struct pack_info *pi, struct error *e)
{
	const char *dir = test_tmpdir();

	diff_write(dir, "pack.conf", diff_conf);
	diff_write(dir, "rules.lua", diff_lua);
	return pack_info_read(dir, pi, e);
}

/* The message pack_info_set gives for ASSIGNMENT ("" when it succeeds),
 * the pack left unchanged when it fails. */
static const char *
diff_set_error(const char *assignment)
{
	static char msg[1024];
	struct error e = { 0 };
	struct pack_info pi;
	char hash[65];

	if (diff_pack(&pi, &e) != 0)
		return "pack unreadable";
	memcpy(hash, pi.hash, sizeof hash);
	msg[0] = '\0';
	if (pack_info_set(&pi, assignment, &e) != 0) {
		snprintf(msg, sizeof msg, "%s", e.msg);
		CHECK_INT(e.code, EXIT_USAGE);
		CHECK_STR(pi.version, "1.2");
		CHECK_STR(pi.hash, hash);
		CHECK_STR(pi.params[0].dflt, "2");
		CHECK_INT(pi.params[0].ndated, 1);
	}
	pack_info_free(&pi);
	return msg;
}

static void
case_set_errors(void)
{
	CHECK_STR(diff_set_error("n=abc"), "pack t: parameter n: 'abc' is not a valid int in 0..10");
	CHECK_STR(diff_set_error("n=11"), "pack t: parameter n: '11' is not a valid int in 0..10");
	CHECK_STR(diff_set_error("n=-1"), "pack t: parameter n: '-1' is not a valid int in 0..10");
	CHECK_STR(diff_set_error("n=2.5"), "pack t: parameter n: '2.5' is not a valid int in 0..10");
	CHECK_STR(diff_set_error("n="), "pack t: parameter n: '' is not a valid int in 0..10");
	CHECK_STR(diff_set_error("rate=-0.1"),
	    "pack t: parameter rate: '-0.1' is not a valid number in 0..");
	CHECK_STR(diff_set_error("on=yes"), "pack t: parameter on: 'yes' is not a valid bool");
	CHECK_STR(diff_set_error("nosuch=1"), "pack t has no parameter 'nosuch'");
	CHECK_STR(diff_set_error("n"), "--set 'n': expected PARAMETER=VALUE");
	CHECK_STR(diff_set_error("=4"), "--set '=4': expected PARAMETER=VALUE");
	CHECK_STR(diff_set_error("n=10"), "");
	CHECK_STR(diff_set_error("rate=1e3"), "");
}

/* The value holds in every year: the dated value from 2024 is gone. */
static void
case_set_drops_dated(void)
{
	struct sandbox_limits lim = { 32 * 1024 * 1024, 1000000 };
	struct error e = { 0 };
	struct facts_period per;
	struct pack_info pi;
	struct pack p;

	CHECK(diff_pack(&pi, &e) == 0);
	CHECK(pack_info_set(&pi, "n=4", &e) == 0);
	CHECK_STR(pi.params[0].dflt, "4");
	CHECK_INT(pi.params[0].ndated, 0);
	for (int year = 2023; year <= 2024; year++) {
		facts_period_init(&per, year, NULL);
		CHECK(pack_load(&p, &pi, &lim, &per, &e) == 0);
		CHECK_INT(p.param_values[0].i, 4);
		pack_free(&p);
	}
	pack_info_free(&pi);
}

/* Each assignment shows in the version and changes the hash. */
static void
case_set_marks(void)
{
	struct error e = { 0 };
	struct pack_info a, b;

	CHECK(diff_pack(&a, &e) == 0);
	CHECK(diff_pack(&b, &e) == 0);
	CHECK_STR(a.hash, b.hash);
	CHECK(pack_info_set(&b, "n=4", &e) == 0);
	CHECK_STR(b.version, "1.2+n=4");
	CHECK(strcmp(a.hash, b.hash) != 0);
	CHECK_INT(strlen(b.hash), 64);
	CHECK(pack_info_set(&b, "on=false", &e) == 0);
	CHECK_STR(b.version, "1.2+n=4+on=false");
	CHECK_STR(b.params[2].dflt, "false");
	CHECK(pack_info_set(&a, "n=5", &e) == 0);
	CHECK(strcmp(a.hash, b.hash) != 0);
	pack_info_free(&a);
	pack_info_free(&b);
}

void
test_diff(void)
{
	test_case("diff: --set checks type and range, names the parameter", case_set_errors);
	test_case("diff: --set holds in every year", case_set_drops_dated);
	test_case("diff: --set marks version and hash", case_set_marks);
}
