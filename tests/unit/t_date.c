/*
 * t_date.c - unit tests of core/util/date.c: the typed forms, Excel serials,
 * day-number arithmetic and the Lua "date" module.
 */
#include <stdio.h>
#include <string.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "date.h"
#include "test.h"

struct sample {
	const char	*in;
	const char	*want;	/* NULL: must be rejected */
};

/* Run date_parse over a table of inputs and expected outputs. */
static void
check_parse(const struct sample *t)
{
	char out[11];

	for (; t->in != NULL; t++) {
		strcpy(out, "unset");
		if (t->want == NULL) {
			if (!CHECK_INT(date_parse(t->in, out), -1))
				fprintf(stderr, "  input \"%s\" gave \"%s\"\n",
				    t->in, out);
		} else if (CHECK_INT(date_parse(t->in, out), 0))
			CHECK_STR(out, t->want);
		else
			fprintf(stderr, "  input \"%s\"\n", t->in);
	}
}

static void
parse_forms(void)
{
	static const struct sample t[] = {
		{ "2024-05-01",			"2024-05-01" },
		{ "2024-5-1",			"2024-05-01" },
		{ "2024/5/1",			"2024-05-01" },
		{ "2024/05/01",			"2024-05-01" },
		{ "2024.5.1",			"2024-05-01" },
		{ "2024.12.31",			"2024-12-31" },
		{ "20240501",			"2024-05-01" },
		{ "2024年5月1日",		"2024-05-01" },
		{ "2024年05月01日",		"2024-05-01" },
		{ "2024 年 5 月 1 日",		"2024-05-01" },
		{ "2024年\u30005月\u30001日",	"2024-05-01" },
		{ "２０２４年５月１日",		"2024-05-01" },
		{ "２０２４-０５-０１",		"2024-05-01" },
		{ "  2024-05-01\t",		"2024-05-01" },
		{ "\u30002024-05-01\u3000",	"2024-05-01" },
		{ "1900-01-01",			"1900-01-01" },
		{ "2999-12-31",			"2999-12-31" },
		{ NULL,				NULL }
	};

	check_parse(t);
}

static void
parse_rejects(void)
{
	static const struct sample t[] = {
		{ "",			NULL },
		{ "   ",		NULL },
		{ "2023-02-29",		NULL },
		{ "2024-04-31",		NULL },
		{ "2024-13-01",		NULL },
		{ "2024-00-10",		NULL },
		{ "2024-05-00",		NULL },
		{ "2024-05-32",		NULL },
		{ "1899-12-31",		NULL },
		{ "3000-01-01",		NULL },
		{ "2024-05-01x",	NULL },
		{ "2024-05-01 10:00",	NULL },
		{ "2024-5/1",		NULL },
		{ "2024-005-01",	NULL },
		{ "24-5-1",		NULL },
		{ "20245-1-1",		NULL },
		{ "2024年5月1",		NULL },
		{ "2024年5月1日x",	NULL },
		{ "2024051",		NULL },
		{ "202405011",		NULL },
		{ "-45413",		NULL },
		{ "abc",		NULL },
		{ NULL,			NULL }
	};
	char out[11];

	check_parse(t);
	CHECK_INT(date_parse(NULL, out), -1);
}

static void
parse_leap_years(void)
{
	static const struct sample t[] = {
		{ "2024-02-29",	"2024-02-29" },
		{ "2000-02-29",	"2000-02-29" },
		{ "1900-02-29",	NULL },
		{ "2100-02-29",	NULL },
		{ "2023-02-29",	NULL },
		{ "2024-02-30",	NULL },
		{ NULL,		NULL }
	};

	check_parse(t);
	CHECK(date_valid(2024, 2, 29));
	CHECK(!date_valid(2023, 2, 29));
	CHECK(!date_valid(1900, 2, 29));
	CHECK(date_valid(2000, 2, 29));
}

static void
parse_excel_serials(void)
{
	static const struct sample t[] = {
		{ "45413",		"2024-05-01" },
		{ "45413.0",		"2024-05-01" },
		{ "45413.75",		"2024-05-01" },
		{ "45292",		"2024-01-01" },
		{ "1",			"1900-01-01" },
		{ "59",			"1900-02-28" },
		{ "60",			NULL },		/* Excel's 1900-02-29 */
		{ "61",			"1900-03-01" },
		{ "0",			NULL },
		{ "45413.",		NULL },
		{ "45413.5.1",		NULL },
		{ "2958466",		NULL },
		{ "2958465",		NULL },		/* 9999-12-31 */
		{ "401768",		"2999-12-31" },
		{ "401769",		NULL },
		{ NULL,			NULL }
	};

	check_parse(t);
}

static void
parse_month(void)
{
	static const struct sample t[] = {
		{ "2024-05",		"2024-05" },
		{ "2024-5",		"2024-05" },
		{ "2024/5",		"2024-05" },
		{ "2024.5",		"2024-05" },
		{ "2024.05",		"2024-05" },
		{ "2024.12",		"2024-12" },
		{ "2024年5月",		"2024-05" },
		{ "２０２４年 ５ 月",	"2024-05" },
		{ "202405",		"2024-05" },
		{ " 2024-05-01 ",	"2024-05" },
		{ "2024年5月1日",	"2024-05" },
		{ "45413",		"2024-05" },
		{ "2024-13",		NULL },
		{ "2024-00",		NULL },
		{ "202413",		NULL },
		{ "1899-12",		NULL },
		{ "3000-01",		NULL },
		{ "2024-5x",		NULL },
		{ "24-05",		NULL },
		{ "2023-02-29",		NULL },
		{ "",			NULL },
		{ NULL,			NULL }
	};
	const struct sample *p;
	char out[8];

	for (p = t; p->in != NULL; p++) {
		if (p->want == NULL)
			CHECK_INT(date_parse_month(p->in, out), -1);
		else if (CHECK_INT(date_parse_month(p->in, out), 0))
			CHECK_STR(out, p->want);
	}
}

static void
parse_month_day(void)
{
	static const struct sample t[] = {
		{ "05-01",	"05-01" },
		{ "5-1",	"05-01" },
		{ "5/1",	"05-01" },
		{ "5月1日",	"05-01" },
		{ " 12-31 ",	"12-31" },
		{ "02-29",	"02-29" },
		{ "2月29日",	"02-29" },
		{ "02-30",	NULL },
		{ "04-31",	NULL },
		{ "13-01",	NULL },
		{ "0-1",	NULL },
		{ "5-1x",	NULL },
		{ "2024-05-01",	NULL },
		{ "",		NULL },
		{ NULL,		NULL }
	};
	const struct sample *p;
	char out[6];

	for (p = t; p->in != NULL; p++) {
		if (p->want == NULL)
			CHECK_INT(date_parse_month_day(p->in, out), -1);
		else if (CHECK_INT(date_parse_month_day(p->in, out), 0))
			CHECK_STR(out, p->want);
	}
}

static void
day_numbers(void)
{
	char out[11];
	int y, m, d;

	CHECK_INT(date_days(1970, 1, 1), 0);
	CHECK_INT(date_days(1969, 12, 31), -1);
	CHECK_INT(date_days(2000, 3, 1), 11017);
	CHECK_INT(date_days(1900, 1, 1), -25567);
	CHECK_INT(date_days(2024, 5, 1) - date_days(2024, 1, 1), 121);
	date_civil(19844, &y, &m, &d);
	CHECK(y == 2024 && m == 5 && d == 1);
	date_iso(0, out);
	CHECK_STR(out, "1970-01-01");
	date_iso(-1, out);
	CHECK_STR(out, "1969-12-31");
	date_iso(date_days(9999, 12, 31) + 1, out);
	CHECK_STR(out, "");
}

/* Walk every day ISO can write, stepping the calendar by hand alongside. */
static void
day_round_trip(void)
{
	long n, last = date_days(9999, 12, 31);
	int y = 1, m = 1, d = 1, cy, cm, cd, bad = 0;

	for (n = date_days(1, 1, 1); n <= last && bad < 5; n++) {
		date_civil(n, &cy, &cm, &cd);
		if (!CHECK(cy == y && cm == m && cd == d) ||
		    !CHECK_INT(date_days(y, m, d), n))
			bad++;
		if (date_valid(y, m, d + 1))
			d++;
		else if (m < 12) {
			m++;
			d = 1;
		} else {
			y++;
			m = 1;
			d = 1;
		}
	}
	CHECK_INT(y, 10000);
}

static void
iso_days(void)
{
	CHECK_INT(date_iso_days("1970-01-02"), 1);
	CHECK_INT(date_iso_days("2024-05-01"), 19844);
	CHECK_INT(date_iso_days("2024-5-1"), -1);
	CHECK_INT(date_iso_days("2024/05/01"), -1);
	CHECK_INT(date_iso_days("2024-02-30"), -1);
	CHECK_INT(date_iso_days("2024-05-01 "), -1);
	CHECK_INT(date_iso_days(" 2024-05-01"), -1);
	CHECK_INT(date_iso_days("2024-05"), -1);
	CHECK_INT(date_iso_days(""), -1);
	CHECK_INT(date_iso_days(NULL), -1);
	CHECK_INT(date_year("2024-05-01"), 2024);
	CHECK_INT(date_month("2024-05-01"), 5);
	CHECK_INT(date_month("2024-13-01"), 0);
	CHECK_INT(date_year("2024-13-01"), 0);
	CHECK_INT(date_month("May"), 0);
}

static void
in_year(void)
{
	char out[11];

	date_in_year(2023, "02-29", out);
	CHECK_STR(out, "2023-02-28");
	date_in_year(2024, "02-29", out);
	CHECK_STR(out, "2024-02-29");
	date_in_year(1900, "2-29", out);
	CHECK_STR(out, "1900-02-28");
	date_in_year(2024, "5月1日", out);
	CHECK_STR(out, "2024-05-01");
	date_in_year(2024, "02-30", out);
	CHECK_STR(out, "");
	date_in_year(2024, "junk", out);
	CHECK_STR(out, "");
}

/* A plain Lua state with the module loaded as the global "date". */
static lua_State *
lua_with_date(void)
{
	lua_State *L = luaL_newstate();

	luaL_openlibs(L);
	luaL_requiref(L, "date", luaopen_date, 1);
	lua_pop(L, 1);
	return L;
}

/* Run a chunk; a failed assert() reports its message. */
static int
lua_run(lua_State *L, const char *code)
{
	if (luaL_dostring(L, code) == LUA_OK)
		return 1;
	fprintf(stderr, "  lua: %s\n", lua_tostring(L, -1));
	lua_pop(L, 1);
	return 0;
}

static void
lua_module(void)
{
	lua_State *L = lua_with_date();

	CHECK(lua_run(L,
	    "assert(date.valid('2024-02-29') == true)\n"
	    "assert(date.valid('2023-02-29') == false)\n"
	    "assert(date.valid('2024-5-1') == false)\n"
	    "assert(date.valid(nil) == false)\n"
	    "assert(date.valid(20240501) == false)\n"));
	CHECK(lua_run(L,
	    "assert(date.parse('2024年5月1日') == '2024-05-01')\n"
	    "assert(date.parse('2024/5/1') == '2024-05-01')\n"
	    "assert(date.parse(45413) == '2024-05-01')\n"
	    "assert(date.parse('2023-02-29') == nil)\n"
	    "assert(date.parse(nil) == nil)\n"));
	CHECK(lua_run(L,
	    "assert(date.year('2024-05-01') == 2024)\n"
	    "assert(date.month('2024-05-01') == 5)\n"
	    "assert(date.day('2024-05-01') == 1)\n"
	    "assert(math.type(date.day('2024-05-01')) == 'integer')\n"
	    "assert(date.days('1970-01-02') == 1)\n"
	    "assert(date.from_days(19844) == '2024-05-01')\n"
	    "assert(date.from_days(-1) == '1969-12-31')\n"));
	CHECK(lua_run(L,
	    "assert(date.add_days('2024-02-28', 1) == '2024-02-29')\n"
	    "assert(date.add_days('2023-02-28', 1) == '2023-03-01')\n"
	    "assert(date.add_days('2024-01-01', -1) == '2023-12-31')\n"
	    "assert(date.diff('2024-01-01', '2024-12-31') == 365)\n"
	    "assert(date.diff('2024-05-01', '2024-04-30') == -1)\n"));
	CHECK(lua_run(L,
	    "assert(date.in_year(2023, '02-29') == '2023-02-28')\n"
	    "assert(date.in_year(2024, '02-29') == '2024-02-29')\n"
	    "assert(date.year_start(2024) == '2024-01-01')\n"
	    "assert(date.year_end(2024) == '2024-12-31')\n"
	    "assert(date.month_key('2024-05-01') == '2024-05')\n"));
	CHECK(lua_run(L,
	    "assert(date.months('2024-01-31', '2024-02-01') == 2)\n"
	    "assert(date.months('2024-05-01', '2024-05-31') == 1)\n"
	    "assert(date.months('2023-12-15', '2024-12-15') == 13)\n"
	    "assert(date.months('2024-05-02', '2024-05-01') == 0)\n"));
	lua_close(L);
}

/* The error message of pcall(args), or NULL when the call succeeds. */
static const char *
lua_error_of(lua_State *L, const char *args)
{
	char code[256];

	snprintf(code, sizeof code,
	    "local ok, e = pcall(%s)\n"
	    "return not ok and tostring(e) or nil", args);
	if (!lua_run(L, code))
		return "(chunk failed)";
	return lua_tostring(L, -1);
}

static void
lua_errors(void)
{
	lua_State *L = lua_with_date();

	CHECK_STR(lua_error_of(L, "date.add_days, '2024-13-01', 1"),
	    "date.add_days: bad date '2024-13-01'");
	CHECK_STR(lua_error_of(L, "date.year, '2024-5-1'"),
	    "date.year: bad date '2024-5-1'");
	CHECK_STR(lua_error_of(L, "date.diff, '2024-01-01', 'x'"),
	    "date.diff: bad date 'x'");
	CHECK_STR(lua_error_of(L, "date.in_year, 2024, '02-30'"),
	    "date.in_year: bad month-day '02-30'");
	CHECK_STR(lua_error_of(L, "date.year_start, 10000"),
	    "date.year_start: bad year 10000");
	CHECK(lua_error_of(L, "date.add_days, '2024-01-01', math.maxinteger")
	    != NULL);
	CHECK_STR(lua_error_of(L, "date.add_days, '9999-12-31', 1"),
	    "date.add_days: '9999-12-31' + 1 days out of range");
	CHECK_STR(lua_error_of(L, "date.from_days, -719163"),
	    "date.from_days: day number -719163 out of range");
	CHECK(lua_error_of(L, "date.from_days, math.mininteger") != NULL);
	CHECK(lua_error_of(L, "date.from_days, 1.5") != NULL);
	CHECK(lua_error_of(L, "date.days") != NULL);
	/* Called from Lua code, the message leads with the rule's line. */
	CHECK(lua_run(L,
	    "local ok, e = pcall(function()\n"
	    "\tlocal d = date.day('x')\n"
	    "\treturn d\n"
	    "end)\n"
	    "assert(e:match(\"^%[string .*%]:2: date%.day: bad date 'x'$\"), e)\n"));
	lua_close(L);
}

void	test_date(void);

void
test_date(void)
{
	test_case("date parse forms", parse_forms);
	test_case("date parse rejects", parse_rejects);
	test_case("date parse leap years", parse_leap_years);
	test_case("date parse excel serials", parse_excel_serials);
	test_case("date parse month", parse_month);
	test_case("date parse month-day", parse_month_day);
	test_case("date day numbers", day_numbers);
	test_case("date day round trip", day_round_trip);
	test_case("date iso days", iso_days);
	test_case("date in year", in_year);
	test_case("date lua module", lua_module);
	test_case("date lua errors", lua_errors);
}
