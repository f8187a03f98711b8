/*
 * t_lint.c - the lint scanner's scopes, and each check of `pack lint`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lint.h"
#include "test.h"

void test_lint(void);

/* The free names of TEXT, each as NAME[.FIELD]:LINE with w for a write
 * and t for the top level, separated by spaces. */
static const char *
globals(const char *text)
{
	static char out[1024];
	struct lint_scan s;
	size_t len = 0;

	lint_scan(text, strlen(text), &s);
	out[0] = '\0';
	for (size_t i = 0; i < s.nglobals; i++) {
		const struct lint_global *g = &s.globals[i];

		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s%s%s:%d%s%s",
		    i ? " " : "", g->name, g->field ? "." : "", g->field ? g->field : "", g->line,
		    g->write ? "w" : "", g->toplevel ? "t" : "");
	}
	lint_scan_free(&s);
	return out;
}

/* The parameters TEXT reads, NAME:LINE separated by spaces. */
static const char *
params(const char *text)
{
	static char out[1024];
	struct lint_scan s;
	size_t len = 0;

	lint_scan(text, strlen(text), &s);
	out[0] = '\0';
	for (size_t i = 0; i < s.nparams; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s:%d", i ? " " : "",
		    s.params[i].name, s.params[i].line);
	lint_scan_free(&s);
	return out;
}

static void
t_locals(void)
{
	CHECK_STR(globals("local x = 1\nprint(x, y)\n"), "print:2t y:2t");
	CHECK_STR(globals("local a, b <const> = 1, 2\nreturn a + b + c\n"), "c:2t");
	/* The right side of a local statement still sees the outer name. */
	CHECK_STR(globals("local os = os\nlocal t = { os = 1 }\n"), "os:1t");
	CHECK_STR(globals("local x = function() return x end\n"), "x:1");
	CHECK_STR(globals("local function f(n) return f(n - 1) end\nf(2)\n"), "");
	CHECK_STR(globals("do local z = 1 end\nprint(z)\n"), "print:2t z:2t");
	/* Only the names left of = become locals, not those read on the right. */
	CHECK_STR(globals("local x = f{ a = b } ; local y = f\"s\" .. x\nreturn a, b\n"),
	    "f:1t b:1t f:1t a:2t b:2t");
}

static void
t_functions(void)
{
	CHECK_STR(globals("function f(a, b) return a + b + c end\n"), "f:1wt c:1");
	CHECK_STR(globals("local function outer(a)\n  local b = 1\n"
	    "  return function(c) return a + b + c + d end\nend\n"), "d:3");
	CHECK_STR(globals("function M.x:y(v) return self, v end\n"), "M.x:1t");
	CHECK_STR(globals("local t = {}\nfunction t.f(...) return ... end\n"), "");
	CHECK_STR(globals("score(function(m, f, p, r) return f.n * p.k end)\n"), "score:1t");
}

static void
t_loops_and_blocks(void)
{
	CHECK_STR(globals("for i = 1, n do print(i) end\nreturn i\n"), "n:1t print:1t i:2t");
	CHECK_STR(globals("for k, v in pairs(t) do x = k .. v end\n"),
	    "pairs:1t t:1t x:1wt");
	/* until sees the loop body's locals; the statement after does not. */
	CHECK_STR(globals("repeat local x = f() until x\nprint(x)\n"), "f:1t print:2t x:2t");
	CHECK_STR(globals("if a then local y = 1 else print(y) end\n"),
	    "a:1t print:1t y:1t");
	CHECK_STR(globals("while true do local w = 1; break end\nreturn w\n"), "w:2t");
	CHECK_STR(globals("::top:: goto top\n"), "");
}

static void
t_fields_strings_comments(void)
{
	CHECK_STR(globals("local s = 'x'\nreturn s:upper(), m.field, string.format('%d', 1)\n"),
	    "m.field:2t string.format:2t");
	CHECK_STR(globals("local t = { a = 1, [b] = 2, c, d == 1 }\n"), "b:1t c:1t d:1t");
	CHECK_STR(globals("-- os.exit()\n--[[ io\n ]] local s = \"os.execute\" .. 'i\\'o'"
	    " .. [==[ debug ]] ]=] ]==]\n"), "");
	/* Long strings and comments keep the line count right. */
	CHECK_STR(globals("local s = [[\na\nb]] --[=[\n]=]\nprint(s)\n"), "print:5t");
	CHECK_STR(globals("a, b = 1, 2\nc.d = 3\n"), "a:1wt b:1wt c.d:2t");
	CHECK_STR(globals("x = 0x1p4 + 1e-3 - .5\n"), "x:1wt");
}

static void
t_params_and_bands(void)
{
	struct lint_scan s;
	const char *text = "grade {\n  bands = { { \"差\", 0 }, { \"好\", \"g_good\" } },\n"
	    "  cap = function(m) return nil end,\n}\nstars { bands = { {1, -5}, {\"2\", 10} } }\n"
	    "grade { bands = make() }\n";

	CHECK_STR(params("check = function(m, f, p) return p.min_x, p[\"y\"], q.z end\n"),
	    "min_x:1 y:1");
	lint_scan(text, strlen(text), &s);
	CHECK_INT(s.nbands, 2);
	CHECK_INT(s.bands[0].stars, 0);
	CHECK_INT(s.bands[0].line, 1);
	CHECK_INT(s.bands[0].n, 2);
	CHECK_STR(s.bands[0].bands[1].name, "好");
	CHECK_STR(s.bands[0].bands[1].param, "g_good");
	CHECK_INT(s.bands[0].bands[1].line, 2);
	CHECK_INT(s.bands[1].stars, 1);
	CHECK_STR(s.bands[1].bands[0].name, "1");
	CHECK(s.bands[1].bands[0].from == -5);
	CHECK(s.bands[1].bands[1].from == 10);
	lint_scan_free(&s);
}

/* ---- the checks on a whole pack ---- */

static const char conf_head[] =
	"id = \"t\"\nname = \"test\"\nversion = \"1\"\nfiles = {\"helpers.lua\", \"rules.lua\"}\n"
	"parameter n {\n type = int\n default = \"2\"\n description = \"d\"\n clause = \"c\"\n}\n";

static const char helpers_ok[] = "function at_least(v, n) return v >= n end\n";

static const char rules_ok[] =
	"fact \"services\" { count = \"activity\" }\n"
	"requirement \"t.services\" {\n  title = \"t\", clause = \"c\",\n"
	"  check = function(m, f, p) return at_least(f.services, p.n) end,\n}\n";

static void
put(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	free(path);
}

/* Lint a pack made of conf_head + CONF, helpers.lua, rules.lua and, when
 * TESTS is not NULL, tests/cases.lua; the findings, one per line. */
static const char *
lint(const char *conf, const char *helpers, const char *rules, const char *tests)
{
	static char out[4096];
	struct config cfg = { 0 };
	struct lint_result r;
	struct error e = { 0 };
	const char *dir = test_tmpdir();
	char *text = xasprintf("%s%s", conf_head, conf);
	size_t len = 0;

	cfg.memory_limit = 32 * 1024 * 1024;
	cfg.instruction_limit = 1000000;
	put(dir, "pack.conf", text);
	free(text);
	put(dir, "helpers.lua", helpers);
	put(dir, "rules.lua", rules);
	if (tests) {
		char *tdir = xasprintf("%s/tests", dir);

		mkdir(tdir, 0700);
		put(tdir, "cases.lua", tests);
		free(tdir);
	}
	if (lint_pack(&cfg, dir, &r, &e) != 0) {
		snprintf(out, sizeof out, "error: %s", e.msg);
		return out;
	}
	out[0] = '\0';
	for (size_t i = 0; i < r.n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s:%d: %s\n",
		    r.findings[i].file, r.findings[i].line, r.findings[i].msg);
	lint_result_free(&r);
	return out;
}

static const char tested[] = "case \"x\" { expect = { M1 = { [\"t.services\"] = \"pass\" } } }\n";

static void
t_clean_pack(void)
{
	/* at_least is defined at the top of another file of the pack. */
	CHECK_STR(lint("", helpers_ok, rules_ok, tested), "");
}

static void
t_syntax(void)
{
	const char *rules = "fact \"services\" { count = \"activity\" }\n"
	    "requirement \"t.services\" {\n  title = \"t\", clause = \"c\",\n"
	    "  check = function(m, f, p) if at_least(f.services, p.n) then return true end,\n}\n";

	/* Nothing else is said of a pack that does not compile: what it reads
	 * is unknown, and the load fails on the same line. */
	CHECK_STR(lint("", helpers_ok, rules, tested),
	    "rules.lua:4: unexpected symbol near ',' (check this line and the line above"
	    " for a missing comma, brace or end)\n");
}

static void
t_globals(void)
{
	const char *rules = "fact \"services\" { count = \"activity\" }\n"
	    "requirement \"t.services\" {\n  title = \"t\", clause = \"c\",\n"
	    "  check = function(m, f, p)\n"
	    "    os.execute(\"rm -rf /\")\n"
	    "    local s = string.fromat(\"%d\", servces) .. string.dump(print)\n"
	    "    return math.random() > 0.5 and at_least(f.services, p.n) and date.year(\"x\")\n"
	    "  end,\n}\n";

	CHECK_STR(lint("", helpers_ok, rules, tested),
	    "rules.lua:5: os is blocked in the sandbox\n"
	    "rules.lua:6: string.dump is blocked in the sandbox\n"
	    "rules.lua:6: string.fromat does not exist\n"
	    "rules.lua:6: undefined global 'servces'\n"
	    "rules.lua:7: math.random is blocked in the sandbox\n");
}

static void
t_params(void)
{
	const char *rules = "fact \"services\" { count = \"activity\" }\n"
	    "requirement \"t.services\" {\n  title = \"t\", clause = \"c\",\n"
	    "  check = function(m, f, p) return f.services >= p[\"min_servces\"] end,\n}\n";

	CHECK_STR(lint("parameter spare {\n type = int\n default = \"1\"\n description = \"d\"\n"
	    " clause = \"c\"\n}\n", helpers_ok, rules, tested),
	    "pack.conf:5: parameter 'n' is declared but never used\n"
	    "pack.conf:11: parameter 'spare' is declared but never used\n"
	    "rules.lua:4: parameter 'min_servces' is not declared in pack.conf: add a parameter"
	    " min_servces { ... } section\n");
}

static void
t_bands(void)
{
	const char *base = "fact \"services\" { count = \"activity\" }\n"
	    "requirement \"t.services\" {\n  title = \"t\", clause = \"c\",\n"
	    "  check = function(m, f, p) return at_least(f.services, p.n) end,\n}\n";
	char *rules;

	rules = xasprintf("%sgrade {\n  bands = { { \"一般\", 10 }, { \"好\", \"n\" } },\n}\n"
	    "stars { bands = { { \"1\", 0 }, { \"2\", 20 }, { \"4\", 40 } } }\n", base);
	CHECK_STR(lint("", helpers_ok, rules, tested),
	    "rules.lua:6: grade bands leave a gap: a score below 10 falls in no band\n"
	    "rules.lua:6: grade bands overlap: '好' starts at 2, not above '一般' at 10\n"
	    "rules.lua:9: stars bands leave a gap: they must be named 1 to 5 (or 0 to 5)"
	    " in order\n");
	free(rules);
	rules = xasprintf("%sgrade { bands = { { \"差\", 0 }, { \"好\", \"nosuch\" } } }\n", base);
	/* The load fails on that line too; a load error where lint has
	 * spoken already is the same mistake and is not repeated. */
	CHECK_STR(lint("", helpers_ok, rules, tested),
	    "rules.lua:6: parameter 'nosuch' is not declared in pack.conf\n");
	free(rules);
}

static void
t_requirements_and_reports(void)
{
	const char *rules = "fact \"services\" { count = \"activity\" }\n"
	    "requirement \"t.services\" {\n  clause = \"c\",\n"
	    "  check = function(m, f, p) return at_least(f.services, p.n) end,\n}\n";
	const char *two = "fact \"services\" { count = \"activity\" } -- not \"t.b\"\n"
	    "requirement \"t.services\" {\n  title = \"t\", clause = \"c\",\n"
	    "  check = function(m, f, p) return at_least(f.services, p.n) end,\n}\n"
	    "requirement(\"t.b\") { title = \"b\", clause = \"c\", check = function() return true end }\n";

	CHECK_STR(lint("", helpers_ok, rules, tested),
	    "rules.lua:2: requirement 't.services': title must be a non-empty string\n");
	CHECK_STR(lint("", helpers_ok, two, tested),
	    "rules.lua:6: requirement 't.b' has no test in tests/\n");
	CHECK_STR(lint("", helpers_ok, rules_ok, NULL),
	    "rules.lua:2: requirement 't.services' has no test in tests/\n");
	CHECK_STR(lint("reports = {\"results\", \"roster\"}\n", helpers_ok, rules_ok, tested),
	    "pack.conf:11: report 'roster' is not a known report\n");
	CHECK_STR(lint("", helpers_ok, "", tested),
	    "pack.conf:1: pack t declares no requirement\n"
	    "pack.conf:5: parameter 'n' is declared but never used\n");
}

/* A pack that extends another may use its helpers and parameters; the
 * parent's requirements and parameters are the parent's to test and use. */
static void
t_extends(void)
{
	struct config cfg = { 0 };
	struct lint_result r;
	struct error e = { 0 };
	const char *dir = test_tmpdir();
	char *base = xasprintf("%s/base", dir), *child = xasprintf("%s/child", dir);
	char *tests = xasprintf("%s/tests", child);

	cfg.memory_limit = 32 * 1024 * 1024;
	cfg.instruction_limit = 1000000;
	mkdir(base, 0700);
	mkdir(child, 0700);
	mkdir(tests, 0700);
	put(base, "pack.conf", "id = \"base\"\nname = \"b\"\nversion = \"1\"\n"
	    "files = {\"base.lua\"}\nparameter n {\n type = int\n default = \"2\"\n"
	    " description = \"d\"\n clause = \"c\"\n}\nparameter spare {\n type = int\n"
	    " default = \"2\"\n description = \"d\"\n clause = \"c\"\n}\n");
	put(base, "base.lua", "function at_least(v, n) return v >= n end\n"
	    "fact \"services\" { count = \"activity\" }\n"
	    "requirement \"base.a\" { title = \"a\", clause = \"c\",\n"
	    "  check = function(m, f, p) return at_least(f.services, p.n) end }\n");
	put(child, "pack.conf", "id = \"child\"\nname = \"c\"\nversion = \"1\"\n"
	    "extends = \"base\"\nfiles = {\"child.lua\"}\nparameter m {\n type = int\n"
	    " default = \"1\"\n description = \"d\"\n clause = \"c\"\n}\n");
	put(child, "child.lua", "requirement \"child.b\" { title = \"b\", clause = \"c\",\n"
	    "  check = function(m, f, p) return at_least(f.services, p.n + p.m) end }\n");
	put(tests, "b.lua", "-- child.b\n");
	CHECK_INT(lint_pack(&cfg, child, &r, &e), 0);
	CHECK_INT(r.n, 0);
	lint_result_free(&r);
	free(base);
	free(child);
	free(tests);
}

static void
t_unreadable(void)
{
	struct config cfg = { 0 };
	struct lint_result r;
	struct error e = { 0 };

	CHECK_INT(lint_pack(&cfg, test_tmpdir(), &r, &e), -1);
	CHECK(strstr(e.msg, "pack.conf") != NULL);
	CHECK(strstr(lint("files = {\"helpers.lua\", \"gone.lua\"}\n", helpers_ok, rules_ok,
	    tested), "/gone.lua: No such file or directory") != NULL);
}

void
test_lint(void)
{
	test_case("lint: locals and local statements", t_locals);
	test_case("lint: functions, parameters and upvalues", t_functions);
	test_case("lint: loops and blocks", t_loops_and_blocks);
	test_case("lint: fields, keys, strings and comments", t_fields_strings_comments);
	test_case("lint: parameter reads and bands", t_params_and_bands);
	test_case("lint: a clean pack", t_clean_pack);
	test_case("lint: syntax", t_syntax);
	test_case("lint: globals outside the sandbox", t_globals);
	test_case("lint: parameters", t_params);
	test_case("lint: bands", t_bands);
	test_case("lint: requirements and reports", t_requirements_and_reports);
	test_case("lint: a pack that extends another", t_extends);
	test_case("lint: an unreadable pack", t_unreadable);
}
