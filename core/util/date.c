/*
 * date.c - calendar dates: reading the forms clerks type into ISO strings,
 * day-number arithmetic, and the "date" module the rule packs see.
 *
 * Day numbers follow Howard Hinnant's days_from_civil / civil_from_days
 * (proleptic Gregorian, 400-year eras), so no table and no clock is used.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>

#include "date.h"
#include "util.h"

/* Years a typed date may carry: anything outside is a typo, not a record. */
#define TYPED_YEAR_MIN	1900
#define TYPED_YEAR_MAX	2999

/* Years an ISO string can spell with four digits. */
#define ISO_YEAR_MIN	1
#define ISO_YEAR_MAX	9999

/* Excel serial day numbers: 1 is 1900-01-01, the last is 9999-12-31. */
#define SERIAL_MAX	2958465
#define SERIAL_FEB29	60	/* Excel's 1900-02-29, a day that never was */

/* Any leap year: it has every month-day, 02-29 included. */
#define LEAP_YEAR	2000

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

/* One number of a written date: how many digits, and the CJK unit after it. */
struct field {
	int		 mindig;
	int		 maxdig;
	const char	*unit;
};

static const struct field ymd_fields[] = {
	{ 4, 4, "年" }, { 1, 2, "月" }, { 1, 2, "日" }
};
static const struct field ym_fields[] = {
	{ 4, 4, "年" }, { 1, 2, "月" }
};
static const struct field md_fields[] = {
	{ 1, 2, "月" }, { 1, 2, "日" }
};

/* Whether y has a 29 February (Gregorian rule). */
static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The number of days in month m of year y. */
static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* The value of n ASCII digits at s. */
static int
read_digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * Write v as n zero-padded digits at p.  By hand, not snprintf(): the
 * callers know v fits, and GCC's truncation warnings cannot.
 */
static void
write_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Write "YYYY-MM" for a year and month known to be valid. */
static void
write_month(int y, int m, char out[8])
{
	write_digits(out, y, 4);
	out[4] = '-';
	write_digits(out + 5, m, 2);
	out[7] = '\0';
}

/* Write "YYYY-MM-DD" for a day known to be valid. */
static void
write_day(int y, int m, int d, char out[11])
{
	write_month(y, m, out);
	out[7] = '-';
	write_digits(out + 8, d, 2);
	out[10] = '\0';
}

/*
 * The value of the digit at *pp, ASCII or full-width (０-９, which Chinese
 * input methods produce), advancing *pp past it; -1 when there is none.
 */
static int
digit(const char **pp)
{
	const unsigned char *p = (const unsigned char *)*pp;

	if (p[0] >= '0' && p[0] <= '9') {
		*pp += 1;
		return p[0] - '0';
	}
	/* U+FF10..U+FF19 are EF BC 90..99 in UTF-8. */
	if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
		*pp += 3;
		return p[2] - 0x90;
	}
	return -1;
}

/*
 * Read mindig..maxdig digits at *pp into *v.  Reading stops at maxdig, so
 * packed forms can split "20240501"; a longer run in a separated form
 * then fails on the separator.
 */
static int
scan_number(const char **pp, int mindig, int maxdig, int *v)
{
	const char *p = *pp;
	int n, d;

	*v = 0;
	for (n = 0; n < maxdig && (d = digit(&p)) != -1; n++)
		*v = *v * 10 + d;
	if (n < mindig)
		return -1;
	*pp = p;
	return 0;
}

/* Skip ASCII blanks and U+3000, the ideographic space. */
static const char *
skip_blanks(const char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (strncmp(p, "\u3000", 3) == 0)
			p += 3;
		else
			return p;
	}
}

/* "2024-05-01", "2024/5/1", "2024.5.1": one separator throughout. */
static int
scan_separated(const char *p, const struct field *f, size_t n, int v[])
{
	size_t i;
	char sep;

	if (scan_number(&p, f[0].mindig, f[0].maxdig, &v[0]) == -1)
		return -1;
	sep = *p;
	if (sep != '-' && sep != '/' && sep != '.')
		return -1;
	for (i = 1; i < n; i++) {
		if (*p++ != sep ||
		    scan_number(&p, f[i].mindig, f[i].maxdig, &v[i]) == -1)
			return -1;
	}
	return *p == '\0' ? 0 : -1;
}

/* "2024年5月1日": each number followed by its unit, blanks allowed. */
static int
scan_cjk(const char *p, const struct field *f, size_t n, int v[])
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		p = skip_blanks(p);
		if (scan_number(&p, f[i].mindig, f[i].maxdig, &v[i]) == -1)
			return -1;
		p = skip_blanks(p);
		len = strlen(f[i].unit);
		if (strncmp(p, f[i].unit, len) != 0)
			return -1;
		p += len;
	}
	return *p == '\0' ? 0 : -1;
}

/* "20240501", "202405": the numbers run together, each at full width. */
static int
scan_packed(const char *p, const struct field *f, size_t n, int v[])
{
	size_t i;

	for (i = 0; i < n; i++)
		if (scan_number(&p, f[i].maxdig, f[i].maxdig, &v[i]) == -1)
			return -1;
	return *p == '\0' ? 0 : -1;
}

/* Any of the written forms of the fields f: separated, CJK or packed. */
static int
scan_fields(const char *p, const struct field *f, size_t n, int v[])
{
	if (scan_separated(p, f, n, v) == 0 || scan_cjk(p, f, n, v) == 0)
		return 0;
	return scan_packed(p, f, n, v);
}

/*
 * An Excel serial day number ("45413", "45413.5") as a day number.  The
 * time of day after the point does not change the date.
 */
static int
scan_serial(const char *p, long *days)
{
	int serial;

	if (scan_number(&p, 1, 7, &serial) == -1)
		return -1;
	if (*p == '.') {
		p++;
		if (digit(&p) == -1)
			return -1;
		while (digit(&p) != -1)
			continue;
	}
	if (*p != '\0' || serial < 1 || serial > SERIAL_MAX ||
	    serial == SERIAL_FEB29)
		return -1;
	/* Excel counts 1900-02-29, so serials after it run one day ahead. */
	if (serial < SERIAL_FEB29)
		*days = date_days(1899, 12, 31) + serial;
	else
		*days = date_days(1899, 12, 30) + serial;
	return 0;
}

/* Write y-m-d as ISO if it is a real day in the years records may carry. */
static int
put_day(int y, int m, int d, char out[11])
{
	if (y < TYPED_YEAR_MIN || y > TYPED_YEAR_MAX || !date_valid(y, m, d))
		return -1;
	write_day(y, m, d, out);
	return 0;
}

/* The same for a month. */
static int
put_month(int y, int m, char out[8])
{
	if (y < TYPED_YEAR_MIN || y > TYPED_YEAR_MAX || m < 1 || m > 12)
		return -1;
	write_month(y, m, out);
	return 0;
}

/* A typed day-precision date: a written form, else an Excel serial. */
int
date_parse(const char *s, char out[11])
{
	char *copy, *p;
	int v[3], rc = -1;
	long days;

	if (s == NULL)
		return -1;
	copy = xstrdup(s);
	p = util_trim(copy);
	if (scan_fields(p, ymd_fields, nitems(ymd_fields), v) == 0)
		rc = put_day(v[0], v[1], v[2], out);
	else if (scan_serial(p, &days) == 0) {
		date_civil(days, &v[0], &v[1], &v[2]);
		rc = put_day(v[0], v[1], v[2], out);
	}
	free(copy);
	return rc;
}

/*
 * The month forms come first: "2024.5" is a month here, while date_parse()
 * would take it for an Excel serial in 1905.
 */
int
date_parse_month(const char *s, char out[8])
{
	char *copy, *p, day[11];
	int v[2], rc = -1;

	if (s == NULL)
		return -1;
	copy = xstrdup(s);
	p = util_trim(copy);
	if (scan_fields(p, ym_fields, nitems(ym_fields), v) == 0)
		rc = put_month(v[0], v[1], out);
	else if (date_parse(p, day) == 0) {
		memcpy(out, day, 7);
		out[7] = '\0';
		rc = 0;
	}
	free(copy);
	return rc;
}

/* Month and day of "MM-DD", "M/D" or "M月D日", valid in some year. */
static int
scan_month_day(const char *s, int *m, int *d)
{
	char *copy, *p;
	int v[2], rc = -1;

	if (s == NULL)
		return -1;
	copy = xstrdup(s);
	p = util_trim(copy);
	if ((scan_separated(p, md_fields, nitems(md_fields), v) == 0 ||
	    scan_cjk(p, md_fields, nitems(md_fields), v) == 0) &&
	    date_valid(LEAP_YEAR, v[0], v[1])) {
		*m = v[0];
		*d = v[1];
		rc = 0;
	}
	free(copy);
	return rc;
}

/* A typed month-day as "MM-DD". */
int
date_parse_month_day(const char *s, char out[6])
{
	int m, d;

	if (scan_month_day(s, &m, &d) == -1)
		return -1;
	write_digits(out, m, 2);
	out[2] = '-';
	write_digits(out + 3, d, 2);
	out[5] = '\0';
	return 0;
}

/* A day that exists and that four-digit ISO can write. */
int
date_valid(int y, int m, int d)
{
	return y >= ISO_YEAR_MIN && y <= ISO_YEAR_MAX && m >= 1 && m <= 12 &&
	    d >= 1 && d <= month_days(y, m);
}

/*
 * Hinnant's days_from_civil: count from 0000-03-01 so the leap day ends
 * the year, then shift to the 1970 epoch (719468 days later).
 */
long
date_days(int y, int m, int d)
{
	long yy, era, yoe, doy, doe;

	yy = m <= 2 ? (long)y - 1 : y;
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Hinnant's civil_from_days, the inverse of date_days(). */
void
date_civil(long days, int *y, int *m, int *d)
{
	long z, era, doe, yoe, doy, mp;

	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The first day number an ISO string can write, 0001-01-01's. */
static long
first_day(void)
{
	return date_days(ISO_YEAR_MIN, 1, 1);
}

/* The last day number an ISO string can write, 9999-12-31's. */
static long
last_day(void)
{
	return date_days(ISO_YEAR_MAX, 12, 31);
}

/* Whether day number days is one an ISO string can write. */
static int
days_in_range(long long days)
{
	return days >= first_day() && days <= last_day();
}

/* Split an exact "YYYY-MM-DD" that names a real day. */
static int
iso_split(const char *s, int *y, int *m, int *d)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' && (s[i] < '0' || s[i] > '9'))
			return -1;
		if (shape[i] != 'd' && s[i] != shape[i])
			return -1;
	}
	if (s[i] != '\0')
		return -1;
	*y = read_digits(s, 4);
	*m = read_digits(s + 5, 2);
	*d = read_digits(s + 8, 2);
	return date_valid(*y, *m, *d) ? 0 : -1;
}

/*
 * Note that -1 is also the day number of 1969-12-31; callers that may meet
 * that day check the string first.
 */
long
date_iso_days(const char *iso)
{
	int y, m, d;

	if (iso_split(iso, &y, &m, &d) == -1)
		return -1;
	return date_days(y, m, d);
}

/* An out-of-range day number gives "" rather than a truncated string. */
void
date_iso(long days, char out[11])
{
	int y, m, d;

	if (!days_in_range(days)) {
		out[0] = '\0';
		return;
	}
	date_civil(days, &y, &m, &d);
	write_day(y, m, d, out);
}

/* A 29 February anniversary is kept on the 28th in a common year. */
void
date_in_year(int y, const char *month_day, char out[11])
{
	int m, d;

	out[0] = '\0';
	if (scan_month_day(month_day, &m, &d) == -1)
		return;
	if (m == 2 && d == 29 && !is_leap(y))
		d = 28;
	if (date_valid(y, m, d))
		write_day(y, m, d, out);
}

/* The month of an ISO date, 0 when it is not one. */
int
date_month(const char *iso)
{
	int y, m, d;

	return iso_split(iso, &y, &m, &d) == 0 ? m : 0;
}

/* The year of an ISO date, 0 when it is not one. */
int
date_year(const char *iso)
{
	int y, m, d;

	return iso_split(iso, &y, &m, &d) == 0 ? y : 0;
}

/*
 * The Lua module.  Every function is pure: dates in, dates out.  A bad
 * argument is the rule's bug, so it raises an error naming the function
 * and the value instead of returning nil for the rule to misread.
 */

/* The ISO date argument arg split into fields. */
static void
check_ymd(lua_State *L, int arg, const char *fn, int *y, int *m, int *d)
{
	const char *s = luaL_checkstring(L, arg);

	if (iso_split(s, y, m, d) == -1)
		luaL_error(L, "date.%s: bad date '%s'", fn, s);
}

/* The ISO date argument arg as a day number. */
static long
check_date(lua_State *L, int arg, const char *fn)
{
	int y, m, d;

	check_ymd(L, arg, fn, &y, &m, &d);
	return date_days(y, m, d);
}

/* The year argument arg, one that ISO can write. */
static int
check_year(lua_State *L, int arg, const char *fn)
{
	lua_Integer y = luaL_checkinteger(L, arg);

	if (y < ISO_YEAR_MIN || y > ISO_YEAR_MAX)
		luaL_error(L, "date.%s: bad year %I", fn, y);
	return (int)y;
}

/* Push day number days as ISO, or raise an error when ISO cannot write it. */
static int
push_days(lua_State *L, long long days, const char *fn)
{
	char iso[11];

	if (!days_in_range(days))
		return luaL_error(L, "date.%s: day number %I out of range", fn,
		    (lua_Integer)days);
	date_iso((long)days, iso);
	lua_pushstring(L, iso);
	return 1;
}

/* Push y-m-d, a day known to be valid, as ISO. */
static int
push_ymd(lua_State *L, int y, int m, int d)
{
	char iso[11];

	write_day(y, m, d, iso);
	lua_pushstring(L, iso);
	return 1;
}

/* date.valid(s): a predicate, so anything that is not a date is false. */
static int
l_valid(lua_State *L)
{
	int y, m, d;

	lua_pushboolean(L, lua_type(L, 1) == LUA_TSTRING &&
	    iso_split(lua_tostring(L, 1), &y, &m, &d) == 0);
	return 1;
}

/* date.parse(s): a number is welcome, it may be an Excel serial. */
static int
l_parse(lua_State *L)
{
	const char *s = lua_tostring(L, 1);
	char iso[11];

	if (s != NULL && date_parse(s, iso) == 0)
		lua_pushstring(L, iso);
	else
		lua_pushnil(L);
	return 1;
}

/* date.year(iso) -> integer. */
static int
l_year(lua_State *L)
{
	int y, m, d;

	check_ymd(L, 1, "year", &y, &m, &d);
	lua_pushinteger(L, y);
	return 1;
}

/* date.month(iso) -> integer. */
static int
l_month(lua_State *L)
{
	int y, m, d;

	check_ymd(L, 1, "month", &y, &m, &d);
	lua_pushinteger(L, m);
	return 1;
}

/* date.day(iso) -> integer. */
static int
l_day(lua_State *L)
{
	int y, m, d;

	check_ymd(L, 1, "day", &y, &m, &d);
	lua_pushinteger(L, d);
	return 1;
}

/* date.days(iso) -> day number since 1970-01-01. */
static int
l_days(lua_State *L)
{
	lua_pushinteger(L, check_date(L, 1, "days"));
	return 1;
}

/* date.from_days(n) -> iso. */
static int
l_from_days(lua_State *L)
{
	return push_days(L, luaL_checkinteger(L, 1), "from_days");
}

/* date.add_days(iso, n) -> iso, n days later (earlier if negative). */
static int
l_add_days(lua_State *L)
{
	long days = check_date(L, 1, "add_days");
	lua_Integer n = luaL_checkinteger(L, 2);

	/* Compare before adding, so that a huge n cannot overflow the sum. */
	if (n < first_day() - days || n > last_day() - days)
		return luaL_error(L, "date.add_days: '%s' + %I days out of range",
		    lua_tostring(L, 1), n);
	return push_days(L, days + n, "add_days");
}

/* date.diff(a, b) -> days from a to b, b - a. */
static int
l_diff(lua_State *L)
{
	long a = check_date(L, 1, "diff");
	long b = check_date(L, 2, "diff");

	lua_pushinteger(L, b - a);
	return 1;
}

/* date.in_year(year, "MM-DD") -> iso, as date_in_year(). */
static int
l_in_year(lua_State *L)
{
	int y = check_year(L, 1, "in_year");
	const char *md = luaL_checkstring(L, 2);
	char iso[11];

	date_in_year(y, md, iso);
	if (iso[0] == '\0')
		return luaL_error(L, "date.in_year: bad month-day '%s'", md);
	lua_pushstring(L, iso);
	return 1;
}

/* date.year_start(y) -> "Y-01-01". */
static int
l_year_start(lua_State *L)
{
	return push_ymd(L, check_year(L, 1, "year_start"), 1, 1);
}

/* date.year_end(y) -> "Y-12-31". */
static int
l_year_end(lua_State *L)
{
	return push_ymd(L, check_year(L, 1, "year_end"), 12, 31);
}

/* date.months(from, to): calendar months touched, both ends counted. */
static int
l_months(lua_State *L)
{
	int fy, fm, fd, ty, tm, td;

	check_ymd(L, 1, "months", &fy, &fm, &fd);
	check_ymd(L, 2, "months", &ty, &tm, &td);
	if (date_days(ty, tm, td) < date_days(fy, fm, fd))
		lua_pushinteger(L, 0);
	else
		lua_pushinteger(L, (ty * 12 + tm) - (fy * 12 + fm) + 1);
	return 1;
}

/* date.month_key(iso) -> "YYYY-MM". */
static int
l_month_key(lua_State *L)
{
	int y, m, d;
	char key[8];

	check_ymd(L, 1, "month_key", &y, &m, &d);
	write_month(y, m, key);
	lua_pushstring(L, key);
	return 1;
}

static const luaL_Reg date_funcs[] = {
	{ "valid",	l_valid },
	{ "parse",	l_parse },
	{ "year",	l_year },
	{ "month",	l_month },
	{ "day",	l_day },
	{ "days",	l_days },
	{ "from_days",	l_from_days },
	{ "add_days",	l_add_days },
	{ "diff",	l_diff },
	{ "in_year",	l_in_year },
	{ "year_start",	l_year_start },
	{ "year_end",	l_year_end },
	{ "months",	l_months },
	{ "month_key",	l_month_key },
	{ NULL,		NULL }
};

/* Push the module table. */
int
luaopen_date(lua_State *L)
{
	luaL_newlib(L, date_funcs);
	return 1;
}

/* Today's ISO date, by the local clock. */
void
date_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	date_iso(date_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), out);
}
