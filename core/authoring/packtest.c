/*
 * packtest.c - a pack's own tests: reading the case files, running each
 * case over a database of its own, comparing, and the coverage.
 *
 * A case runs the real path a region's data takes: its records become CSV
 * files the importer loads, eval_run() evaluates them, and the expected
 * values are compared with what the run stored.  So a test passes only if
 * an administrator importing the same rows would see the same outcome.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "date.h"
#include "db.h"
#include "eval.h"
#include "import.h"
#include "emit.h"
#include "migrate.h"
#include "pack.h"
#include "packtest.h"
#include "store.h"
#include "record.h"
#include "run.h"

/* ---- reading a test file ---- */

/* The registry key of the file being read, for `case`. */
static const char packtest_file_key = 0;

static const char *const packtest_keys[] = { "score", "grade", "stars", "award" };

/* The record kind named NAME: its index in record_kinds, or -1. */
static int
packtest_kind(const char *name)
{
	for (int k = 0; record_kinds[k].name != NULL; k++)
		if (strcmp(record_kinds[k].name, name) == 0)
			return k;
	return -1;
}

/* The file `case` adds to (set by packtest_parse for the sandbox's life). */
static struct packtest_file *
packtest_current(lua_State *L)
{
	struct packtest_file *f;

	lua_rawgetp(L, LUA_REGISTRYINDEX, &packtest_file_key);
	f = lua_touserdata(L, -1);
	lua_pop(L, 1);
	return f;
}

/* Raise "case 'NAME': message"; Lua adds the file and line of the case. */
static int packtest_error(lua_State *L, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
packtest_error(lua_State *L, const char *fmt, ...)
{
	struct packtest_file *f = packtest_current(L);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return luaL_error(L, "case '%s': %s", f->cases[f->ncases - 1].name, msg);
}

/* A cell as text: strings as they are, numbers, true/false as yes/no
 * (what the importer reads as booleans).  Raises an error otherwise. */
static char *
packtest_cell(lua_State *L, int idx, const char *kind, size_t row, const char *col)
{
	switch (lua_type(L, idx)) {
	case LUA_TSTRING:
		return xstrdup(lua_tostring(L, idx));
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			return xasprintf("%lld", (long long)lua_tointeger(L, idx));
		return xasprintf("%.14g", lua_tonumber(L, idx));
	case LUA_TBOOLEAN:
		return xstrdup(lua_toboolean(L, idx) ? "yes" : "no");
	default:
		packtest_error(L, "%s row %d, %s: a value is text, a number or true/false, not %s",
		    kind, (int)row, col, luaL_typename(L, idx));
		return NULL;
	}
}

/* The index of column NAME in t, or (size_t)-1. */
static size_t
packtest_col(const struct packtest_table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c], name) == 0)
			return c;
	return (size_t)-1;
}

/* Add a column; existing rows get NULL (absent) cells. */
static size_t
packtest_add_col(struct packtest_table *t, const char *name)
{
	char **cells = xcalloc((t->ncols + 1) * (t->nrows ? t->nrows : 1), sizeof *cells);

	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			cells[r * (t->ncols + 1) + c] = t->cells[r * t->ncols + c];
	free(t->cells);
	t->cells = cells;
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
	t->cols[t->ncols] = xstrdup(name);
	return t->ncols++;
}

/* Append an empty row (all cells absent); returns its index. */
static size_t
packtest_add_row(struct packtest_table *t)
{
	size_t n = t->ncols ? t->ncols : 1;

	t->cells = xrealloc(t->cells, (t->nrows + 1) * n * sizeof *t->cells);
	memset(t->cells + t->nrows * n, 0, n * sizeof *t->cells);
	return t->nrows++;
}

/* Store TEXT (owned by the table from now on) in a cell. */
static void
packtest_set(struct packtest_table *t, size_t row, size_t col, char *text)
{
	free(t->cells[row * t->ncols + col]);
	t->cells[row * t->ncols + col] = text;
}

/* A row given as a table of named columns, at the top of the stack. */
static void
packtest_named_row(lua_State *L, struct packtest_table *t, const char *kind, size_t n)
{
	size_t row = packtest_add_row(t);

	if (lua_rawlen(L, -1) > 0)
		packtest_error(L, "%s row %d: a row is either named columns or, after a header "
		    "row, positional values, not both", kind, (int)n);
	lua_pushnil(L);
	while (lua_next(L, -2) != 0) {
		const char *col;
		size_t c;

		if (lua_type(L, -2) != LUA_TSTRING)
			packtest_error(L, "%s row %d: column names are text", kind, (int)n);
		col = lua_tostring(L, -2);
		if ((c = packtest_col(t, col)) == (size_t)-1)
			c = packtest_add_col(t, col);
		packtest_set(t, row, c, packtest_cell(L, -1, kind, n, col));
		lua_pop(L, 1);
	}
}

/* A header row {"id", "name", ...}: the columns of the positional rows. */
static void
packtest_header(lua_State *L, struct packtest_table *t, const char *kind)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);

	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		if (lua_type(L, -1) != LUA_TSTRING)
			packtest_error(L, "%s: the header row holds column names (text)", kind);
		if (packtest_col(t, lua_tostring(L, -1)) != (size_t)-1)
			packtest_error(L, "%s: column '%s' twice in the header row", kind,
			    lua_tostring(L, -1));
		packtest_add_col(t, lua_tostring(L, -1));
		lua_pop(L, 1);
	}
}

/* Whether the table at the top of the stack has a named (text) key. */
static int
packtest_named(lua_State *L)
{
	int named = 0;

	lua_pushnil(L);
	while (!named && lua_next(L, -2) != 0) {
		named = lua_type(L, -2) == LUA_TSTRING;
		lua_pop(L, 1);
	}
	if (named)
		lua_pop(L, 1);
	return named;
}

/* A row of values after the header row, at the top of the stack; a
 * shorter row leaves its last cells absent. */
static void
packtest_positional_row(lua_State *L, struct packtest_table *t, const char *kind,
    size_t n)
{
	size_t len = lua_rawlen(L, -1), row;

	if (len > t->ncols)
		packtest_error(L, "%s row %d has %d values; the header row names %d columns",
		    kind, (int)n, (int)len, (int)t->ncols);
	if (packtest_named(L))
		packtest_error(L, "%s row %d: after a header row, rows are positional values",
		    kind, (int)n);
	row = packtest_add_row(t);
	for (size_t c = 0; c < len; c++) {
		lua_rawgeti(L, -1, (lua_Integer)c + 1);
		if (!lua_isnil(L, -1))
			packtest_set(t, row, c, packtest_cell(L, -1, kind, n, t->cols[c]));
		lua_pop(L, 1);
	}
}

/* The list of rows of KIND, at the top of the stack. */
static void
packtest_rows(lua_State *L, struct packtest_table *t, const char *kind)
{
	lua_Integer n;
	int header;

	if (!lua_istable(L, -1))
		packtest_error(L, "%s: a list of rows, { {...}, {...} }", kind);
	n = (lua_Integer)lua_rawlen(L, -1);
	lua_rawgeti(L, -1, 1);
	header = lua_istable(L, -1) && lua_rawlen(L, -1) > 0 && !packtest_named(L);
	lua_pop(L, 1);
	for (lua_Integer i = 1; i <= n; i++) {
		int top = lua_gettop(L);

		lua_rawgeti(L, -1, i);
		if (!lua_istable(L, -1))
			packtest_error(L, "%s row %d: a row is a table", kind, (int)i);
		if (header && i == 1)
			packtest_header(L, t, kind);
		else if (header)
			packtest_positional_row(L, t, kind, (size_t)i - 1);
		else
			packtest_named_row(L, t, kind, (size_t)i);
		lua_settop(L, top);
	}
}

/* One expected value of a subject: KEY = VALUE at the top of the stack. */
static void
packtest_expect_one(lua_State *L, struct packtest_case *c, const char *subject)
{
	struct packtest_expect *x;
	const char *key = lua_tostring(L, -2);
	int k;

	c->expects = xrealloc(c->expects, (c->nexpects + 1) * sizeof *c->expects);
	x = &c->expects[c->nexpects++];
	memset(x, 0, sizeof *x);
	x->org = strncmp(subject, "org:", 4) == 0;
	x->subject = xstrdup(x->org ? subject + 4 : subject);
	x->key = PACKTEST_REQ;
	for (k = 0; k < 4; k++)
		if (strcmp(key, packtest_keys[k]) == 0)
			x->key = (enum packtest_key)(PACKTEST_SCORE + k);
	if (x->key == PACKTEST_REQ) {
		x->req = xstrdup(key);
		x->want = xstrdup(lua_isstring(L, -1) ? lua_tostring(L, -1) : "");
		if (strcmp(x->want, "pass") != 0 && strcmp(x->want, "fail") != 0 &&
		    strcmp(x->want, "n/a") != 0 && strcmp(x->want, "error") != 0)
			packtest_error(L, "expect %s: %s must be \"pass\", \"fail\", \"n/a\" or \"error\"",
			    subject, key);
	} else if (x->key == PACKTEST_AWARD) {
		if (!lua_isboolean(L, -1))
			packtest_error(L, "expect %s: award must be true or false", subject);
		x->want = xstrdup(lua_toboolean(L, -1) ? "true" : "false");
	} else if (x->key == PACKTEST_GRADE) {
		if (lua_type(L, -1) != LUA_TSTRING)
			packtest_error(L, "expect %s: grade must be a band name", subject);
		x->want = xstrdup(lua_tostring(L, -1));
	} else if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), "none") == 0) {
		/* A member the pack does not score has no score or stars. */
		x->want = xstrdup("none");
	} else {
		if (lua_type(L, -1) != LUA_TNUMBER)
			packtest_error(L, "expect %s: %s must be a number or \"none\"", subject, key);
		x->want = packtest_cell(L, -1, "expect", 0, key);
	}
}

/* expect = { M1 = { ... }, ["org:U1"] = { ... } } at the top of the stack. */
static void
packtest_expect(lua_State *L, struct packtest_case *c)
{
	if (!lua_istable(L, -1))
		packtest_error(L, "expect: a table { MEMBER = { REQUIREMENT = \"pass\", ... } }");
	lua_pushnil(L);
	while (lua_next(L, -2) != 0) {
		const char *subject;

		if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
			packtest_error(L, "expect: each entry is MEMBER = { ... } or "
			    "[\"org:CODE\"] = { ... }");
		subject = lua_tostring(L, -2);
		lua_pushnil(L);
		while (lua_next(L, -2) != 0) {
			if (lua_type(L, -2) != LUA_TSTRING)
				packtest_error(L, "expect %s: keys are requirement ids, score, grade, "
				    "stars or award", subject);
			packtest_expect_one(L, c, subject);
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
}

/* Expectations in a fixed order (subject, then requirements by id, then
 * score, grade, stars, award), whatever order the table had. */
static int
packtest_expect_cmp(const void *a, const void *b)
{
	const struct packtest_expect *x = a, *y = b;
	int d = x->org != y->org ? x->org - y->org : strcmp(x->subject, y->subject);

	if (d == 0)
		d = (int)x->key - (int)y->key;
	if (d == 0 && x->key == PACKTEST_REQ)
		d = strcmp(x->req, y->req);
	return d;
}

/* A `params` value as pack.conf would write it: text, a number, or
 * true/false.  Raises an error otherwise. */
static char *
packtest_param_text(lua_State *L, const char *name)
{
	switch (lua_type(L, -1)) {
	case LUA_TSTRING:
		return xstrdup(lua_tostring(L, -1));
	case LUA_TNUMBER:
		if (lua_isinteger(L, -1))
			return xasprintf("%lld", (long long)lua_tointeger(L, -1));
		return xasprintf("%.14g", lua_tonumber(L, -1));
	case LUA_TBOOLEAN:
		return xstrdup(lua_toboolean(L, -1) ? "true" : "false");
	default:
		packtest_error(L, "params.%s: a value is text, a number or true/false, not %s",
		    name, luaL_typename(L, -1));
		return NULL;
	}
}

/* params = { NAME = VALUE, ... }: the pack's parameters set for the case
 * (checked against their type and range when the case runs). */
static void
packtest_params(lua_State *L, struct packtest_case *c)
{
	if (!lua_istable(L, -1))
		packtest_error(L, "params is a table: params = { grade_good = 85 }");
	lua_pushnil(L);
	while (lua_next(L, -2) != 0) {
		const char *name;
		char *value;

		if (lua_type(L, -2) != LUA_TSTRING)
			packtest_error(L, "params are named: params = { grade_good = 85 }");
		name = lua_tostring(L, -2);
		value = packtest_param_text(L, name);
		c->params = xrealloc(c->params, (c->nparams + 1) * sizeof *c->params);
		c->params[c->nparams++] = xasprintf("%s=%s", name, value);
		free(value);
		lua_pop(L, 1);
	}
}

/* points = { M1 = 85, ... }: a member's score given in place of the one
 * its rules compute, so grade and stars can be tested at a band's edge. */
static void
packtest_points(lua_State *L, struct packtest_case *c)
{
	if (!lua_istable(L, -1))
		packtest_error(L, "points is a table: points = { M1 = 85 }");
	lua_pushnil(L);
	while (lua_next(L, -2) != 0) {
		if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER)
			packtest_error(L, "points gives a member a number: points = { M1 = 85 }");
		c->points = xrealloc(c->points, (c->npoints + 1) * sizeof *c->points);
		c->points[c->npoints].member = xstrdup(lua_tostring(L, -2));
		c->points[c->npoints++].points = lua_tonumber(L, -1);
		lua_pop(L, 1);
	}
}

/* One field of a case: KEY = VALUE at the top of the stack. */
static void
packtest_field(lua_State *L, struct packtest_case *c)
{
	const char *key;
	int kind;

	if (lua_type(L, -2) != LUA_TSTRING)
		packtest_error(L, "fields are named (year = 2024, members = ...)");
	key = lua_tostring(L, -2);
	if (strcmp(key, "year") == 0) {
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1900 ||
		    lua_tointeger(L, -1) > 2999)
			packtest_error(L, "year must be a year such as 2024");
		c->year = (int)lua_tointeger(L, -1);
	} else if (strcmp(key, "as_of") == 0) {
		if (lua_type(L, -1) != LUA_TSTRING || date_iso_days(lua_tostring(L, -1)) < 0)
			packtest_error(L, "as_of must be a date \"YYYY-MM-DD\"");
		free(c->as_of);
		c->as_of = xstrdup(lua_tostring(L, -1));
	} else if (strcmp(key, "expect") == 0) {
		packtest_expect(L, c);
	} else if (strcmp(key, "params") == 0) {
		packtest_params(L, c);
	} else if (strcmp(key, "points") == 0) {
		packtest_points(L, c);
	} else if ((kind = packtest_kind(key)) >= 0) {
		packtest_rows(L, &c->tables[kind], key);
	} else {
		char kinds[512];

		record_kind_list(kinds, sizeof kinds, " ", " ");
		packtest_error(L, "unknown field '%s' (year, as_of, expect, params, points, or"
		    " records: %s)",
		    key, kinds);
	}
}

/* Does the case's members table list member ID? */
static int
packtest_has_member(const struct packtest_case *c, const char *id)
{
	const struct packtest_table *m = &c->tables[packtest_kind("members")];
	size_t ci = packtest_col(m, "id");

	for (size_t r = 0; ci != (size_t)-1 && r < m->nrows; r++)
		if (util_streq(m->cells[r * m->ncols + ci], id))
			return 1;
	return 0;
}

/* The second half of `case "NAME" { ... }`: the case's table.  The case is
 * added to the file before its fields are read, so whatever a malformed
 * case allocated is freed with the file. */
static int
packtest_lua_body(lua_State *L)
{
	struct packtest_file *f = packtest_current(L);
	struct packtest_case *c;
	const char *name = lua_tostring(L, lua_upvalueindex(1));

	luaL_checktype(L, 1, LUA_TTABLE);
	for (size_t i = 0; i < f->ncases; i++)
		if (strcmp(f->cases[i].name, name) == 0)
			return luaL_error(L, "case '%s' twice in this file", name);
	f->cases = xrealloc(f->cases, (f->ncases + 1) * sizeof *f->cases);
	c = &f->cases[f->ncases++];
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	c->line = (int)lua_tointeger(L, lua_upvalueindex(2));
	lua_settop(L, 1);
	lua_pushnil(L);
	while (lua_next(L, 1) != 0) {
		packtest_field(L, c);
		lua_settop(L, 2);
	}
	if (c->year == 0)
		return packtest_error(L, "year is missing (year = 2024)");
	if (c->nexpects == 0)
		return packtest_error(L, "expect is missing: what should the rules say?");
	for (size_t i = 0; i < c->npoints; i++)
		if (!packtest_has_member(c, c->points[i].member))
			return packtest_error(L, "points: the case has no member %s",
			    c->points[i].member);
	qsort(c->expects, c->nexpects, sizeof *c->expects, packtest_expect_cmp);
	return 0;
}

/* case "NAME": returns the function that takes the case's table. */
static int
packtest_lua_case(lua_State *L)
{
	lua_Debug ar;
	int line = 0;

	if (lua_type(L, 1) != LUA_TSTRING || *lua_tostring(L, 1) == '\0')
		return luaL_error(L, "a case starts with its name: case \"NAME\" { ... }");
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;
	lua_settop(L, 1);
	lua_pushinteger(L, line);
	lua_pushcclosure(L, packtest_lua_body, 2);
	return 1;
}

/* The "module" sandbox_add_module() stores as the global `case`. */
static int
packtest_open_case(lua_State *L)
{
	lua_pushcfunction(L, packtest_lua_case);
	return 1;
}

/* Run the file in a sandbox of its own whose one addition is `case`; f
 * owns every case read, even when the file turns out malformed. */
int
packtest_parse(const char *path, const struct sandbox_limits *lim,
    struct packtest_file *f, struct error *e)
{
	struct sandbox *sb;
	size_t len;
	char *text;
	int rc = -1;

	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	if ((text = util_read_file(path, &len, e)) == NULL)
		return -1;
	if ((sb = sandbox_new(lim, e)) != NULL) {
		lua_pushlightuserdata(sandbox_lua(sb), f);
		lua_rawsetp(sandbox_lua(sb), LUA_REGISTRYINDEX, &packtest_file_key);
		sandbox_add_module(sb, "case", packtest_open_case);
		rc = sandbox_load(sb, path, text, len, e);
		if (rc == 0 && f->ncases == 0)
			rc = error_set(e, EXIT_USAGE, tr("%s: no test cases (a test file holds "
			    "case \"NAME\" { ... })", "%s: 没有测试用例（测试文件应包含 "
			    "case \"名称\" { ... }）"), path);
		sandbox_free(sb);
	}
	free(text);
	return rc;
}

/* Free a table's cells and column names. */
static void
packtest_table_free(struct packtest_table *t)
{
	for (size_t i = 0; i < t->ncols * t->nrows; i++)
		free(t->cells[i]);
	for (size_t c = 0; c < t->ncols; c++)
		free(t->cols[c]);
	free(t->cells);
	free(t->cols);
}

/* Free the cases of a file read by packtest_parse. */
void
packtest_file_free(struct packtest_file *f)
{
	for (size_t i = 0; i < f->ncases; i++) {
		struct packtest_case *c = &f->cases[i];

		for (int k = 0; k < RECORD_MAXKINDS; k++)
			packtest_table_free(&c->tables[k]);
		for (size_t j = 0; j < c->nexpects; j++) {
			free(c->expects[j].subject);
			free(c->expects[j].req);
			free(c->expects[j].want);
		}
		free(c->expects);
		for (size_t j = 0; j < c->nparams; j++)
			free(c->params[j]);
		free(c->params);
		for (size_t j = 0; j < c->npoints; j++)
			free((char *)c->points[j].member);
		free(c->points);
		free(c->name);
		free(c->as_of);
	}
	free(f->cases);
	free(f->path);
	memset(f, 0, sizeof *f);
}

/* ---- a case's records as CSV files ---- */

/*
 * Defaults keep a case short: a cell the case leaves out gets its
 * column's fixture default (record.c).  A value "=COL" copies the row's
 * COL; "@" is the row's member's residence community; "#" numbers the row
 * (so default contents never collide).  An activity with all its defaults
 * is complete (content, place, rating and verifier given), so it counts
 * wherever the notices ask for a complete 记录卡; a case blanks one with
 * "" to test an incomplete record.
 */

/* A case that gives no orgs has the community C1 and the unit U1. */
static void
packtest_default_orgs(struct packtest_table *t)
{
	static const char *const rows[2][3] = {
		{ "C1", "C1", "community" }, { "U1", "U1", "unit" }
	};

	packtest_add_col(t, "code");
	packtest_add_col(t, "name");
	packtest_add_col(t, "kind");
	for (size_t r = 0; r < 2; r++) {
		packtest_add_row(t);
		for (size_t c = 0; c < 3; c++)
			packtest_set(t, r, c, xstrdup(rows[r][c]));
	}
}

/* The residence community of member ID in the case ("C1" when not given). */
static const char *
packtest_member_community(const struct packtest_case *c, const char *id)
{
	const struct packtest_table *m = &c->tables[packtest_kind("members")];
	size_t ci = packtest_col(m, "id");
	size_t cc = packtest_col(m, "community");

	for (size_t r = 0; id && ci != (size_t)-1 && r < m->nrows; r++)
		if (util_streq(m->cells[r * m->ncols + ci], id))
			return cc != (size_t)-1 && m->cells[r * m->ncols + cc] ?
			    m->cells[r * m->ncols + cc] : "C1";
	return "C1";
}

/* Fill the absent cells of the table of KIND that have a default. */
static void
packtest_fill(const struct packtest_case *c, struct packtest_table *t, const char *kind)
{
	const struct record_col *cols = record_kind(kind)->cols;

	for (size_t d = 0; cols[d].name != NULL; d++) {
		const char *v = cols[d].fixture;
		size_t col, src = 0, member;

		if (v == NULL || t->nrows == 0)
			continue;
		if ((col = packtest_col(t, cols[d].name)) == (size_t)-1)
			col = packtest_add_col(t, cols[d].name);
		if (v[0] == '=' && (src = packtest_col(t, v + 1)) == (size_t)-1)
			continue;
		member = packtest_col(t, "member");
		for (size_t r = 0; r < t->nrows; r++) {
			char **cell = &t->cells[r * t->ncols + col];

			if (*cell != NULL)
				continue;
			if (v[0] == '=')
				*cell = xstrdup(t->cells[r * t->ncols + src] ?
				    t->cells[r * t->ncols + src] : "");
			else if (v[0] == '@')
				*cell = xstrdup(packtest_member_community(c, member == (size_t)-1 ?
				    NULL : t->cells[r * t->ncols + member]));
			else if (v[0] == '#')
				*cell = xasprintf("%s %zu", kind, r + 1);
			else
				*cell = xstrdup(v);
		}
	}
}

/* Write t as a CSV file with its column names as the header, through
 * emit's csv back end (RFC 4180 quoting). */
static int
packtest_write_csv(const char *path, const struct packtest_table *t, struct error *e)
{
	struct emit_table tab = { .columns = (const char *const *)t->cols, .ncolumns = t->ncols };
	FILE *out = fopen(path, "w");
	struct emit *w;
	int rc;

	if (out == NULL)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	w = emit_open_file(out, "csv", e);
	emit_begin_table(w, &tab);
	for (size_t r = 0; r < t->nrows; r++)
		emit_row(w, (const char *const *)t->cells + r * t->ncols, t->ncols);
	emit_end_table(w);
	rc = emit_close(w);
	if (fclose(out) != 0)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	return rc;
}

/* ---- running a case ---- */

/* A fact a missed requirement's rule read, copied out of the run. */
struct packtest_fact {
	char *name, *s;               /* s: the string value's copy */
	struct view_value v;
};

/* One expected value that was not met. */
struct packtest_miss {
	const struct packtest_expect *x;
	char *got, *value, *target, *message, *clause, *score;
	long long subject;            /* member or org id; 0 when not found */
	char *facts;                  /* what the rule read: "services 2, hours 2" */
	struct packtest_fact *fv;     /* the same, by name and value (--json) */
	size_t nfv;
};

/* What a case came to; error is set when it could not run at all. */
struct packtest_outcome {
	char *error;
	struct packtest_miss *miss;
	size_t nmiss;
	unsigned char *hit;           /* per expectation: checked and met */
};

/* The scratch directory of one case and the files in it. */
struct packtest_scratch {
	char *dir;
	char *db;
};

/* Remove the scratch directory (the CSV files and the database with its
 * -wal and -shm) and free the names. */
static void
packtest_scratch_remove(struct packtest_scratch *s)
{
	DIR *d = opendir(s->dir);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			char *p = xasprintf("%s/%s", s->dir, de->d_name);

			unlink(p);
			free(p);
		}
	if (d)
		closedir(d);
	rmdir(s->dir);
	free(s->dir);
	free(s->db);
}

/* An import error line names the scratch file: name the kind instead. */
static char *
packtest_import_error(const struct packtest_scratch *s, const char *line)
{
	size_t n = strlen(s->dir);

	if (strncmp(line, s->dir, n) == 0 && line[n] == '/')
		line += n + 1;
	return xasprintf("records %s", line);
}

/* Write the case's records and import them, kind by kind. */
static int
packtest_load(struct packtest_case *c, struct packtest_scratch *s, struct db *db,
    const struct record_vocab *vocab, struct packtest_outcome *out, struct error *e)
{
	struct import_opts io = { .vocab = vocab };

	if (c->tables[0].nrows == 0)
		packtest_default_orgs(&c->tables[0]);
	for (int k = 0; record_kinds[k].name != NULL; k++) {
		const char *kind = record_kinds[k].name;
		struct packtest_table *t = &c->tables[k];
		struct import_stats st;
		struct import_errors errs = { 0 };
		char *path;
		int rc;

		if (t->nrows == 0)
			continue;
		packtest_fill(c, t, kind);
		path = xasprintf("%s/%s.csv", s->dir, kind);
		rc = packtest_write_csv(path, t, e);
		if (rc == 0 && import_file(db, kind, path, &io, &st, &errs, e) != 0) {
			out->error = packtest_import_error(s, errs.n ? errs.line[0] : e->msg);
			error_clear(e);
			rc = 1;
		}
		import_errors_free(&errs);
		free(path);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The id of the member or org a subject names; 0 when there is none. */
static long long
packtest_subject(struct db *db, const struct packtest_expect *x)
{
	return db_int_text(db, x->org ? "SELECT id FROM org WHERE code = ?" :
	    "SELECT id FROM member WHERE code = ?", x->subject);
}

/* Add a miss of expectation x; got (owned by the miss) is what the run
 * stored, or NULL when the miss is explained by its message alone. */
static void
packtest_miss(struct packtest_outcome *out, const struct packtest_expect *x, char *got)
{
	struct packtest_miss *m;

	out->miss = xrealloc(out->miss, (out->nmiss + 1) * sizeof *out->miss);
	m = &out->miss[out->nmiss++];
	memset(m, 0, sizeof *m);
	m->x = x;
	m->got = got;
}

/* A requirement's outcome against the expected status. */
static int
packtest_check_req(struct db *db, long long run, long long subject,
    const struct packtest_case *c, size_t i, struct packtest_outcome *out, struct error *e)
{
	const struct packtest_expect *x = &c->expects[i];
	sqlite3_stmt *st = db_prepare(db, "SELECT o.status, o.value, o.target, o.message,"
	    " rr.clause FROM run_requirement rr LEFT JOIN outcome o ON o.run_id = rr.run_id"
	    " AND o.level = rr.level AND o.no = rr.no AND o.subject = ?"
	    " WHERE rr.run_id = ? AND rr.req = ?", e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, subject);
	sqlite3_bind_int64(st, 2, run);
	sqlite3_bind_text(st, 3, x->req, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		packtest_miss(out, x, NULL);
		out->miss[out->nmiss - 1].message = xasprintf(tr("no requirement '%s' in this "
		    "pack", "本规则包没有要求 '%s'"), x->req);
	} else if (rc == SQLITE_ROW) {
		char *got = db_col_dup(st, 0);

		if (got != NULL && strcmp(got, x->want) == 0) {
			free(got);
			out->hit[i] = 1;
		} else {
			packtest_miss(out, x, got ? got : xstrdup(tr("no outcome (not evaluated "
			    "at this level or kind)", "没有结果（不在此层级或类别评价）")));
			out->miss[out->nmiss - 1].value = db_col_dup(st, 1);
			out->miss[out->nmiss - 1].target = db_col_dup(st, 2);
			out->miss[out->nmiss - 1].message = db_col_dup(st, 3);
			out->miss[out->nmiss - 1].clause = db_col_dup(st, 4);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, e, "reading outcomes");
}

/* The stored score, grade, stars or award as text ("none" when unset). */
static char *
packtest_result_text(sqlite3_stmt *st, enum packtest_key key)
{
	int i = key - PACKTEST_SCORE;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return xstrdup("none");
	if (key == PACKTEST_SCORE)
		return xasprintf("%.15g", sqlite3_column_double(st, i));
	if (key == PACKTEST_AWARD)
		return xstrdup(sqlite3_column_int(st, i) ? "true" : "false");
	return db_col_dup(st, i);
}

/* Whether a stored score, grade, stars or award meets the expected one;
 * scores compare as numbers. */
static int
packtest_result_met(enum packtest_key key, const char *got, const char *want)
{
	if (key == PACKTEST_SCORE && strcmp(got, "none") != 0)
		return fabs(strtod(got, NULL) - strtod(want, NULL)) < 1e-9;
	return strcmp(got, want) == 0;
}

/* Score, grade, stars or award against the expected value. */
static int
packtest_check_result(struct db *db, long long run, long long subject,
    const struct packtest_case *c, size_t i, struct packtest_outcome *out, struct error *e)
{
	const struct packtest_expect *x = &c->expects[i];
	sqlite3_stmt *st = db_prepare(db, "SELECT score, grade, stars, award FROM result"
	    " WHERE run_id = ? AND level = ? AND subject = ?", e);
	char *got;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_text(st, 2, x->org ? "org" : "member", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, subject);
	rc = sqlite3_step(st);
	got = rc == SQLITE_ROW ? packtest_result_text(st, x->key) : xstrdup("none");
	if (packtest_result_met(x->key, got, x->want)) {
		free(got);
		out->hit[i] = 1;
	} else {
		packtest_miss(out, x, got);
		if (rc == SQLITE_ROW && x->key != PACKTEST_SCORE)
			out->miss[out->nmiss - 1].score = packtest_result_text(st, PACKTEST_SCORE);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, e, "reading results");
}

/* Compare every expected value of the case with run RUN. */
static int
packtest_compare(struct db *db, long long run, const struct packtest_case *c,
    struct packtest_outcome *out, struct error *e)
{
	for (size_t i = 0; i < c->nexpects; i++) {
		const struct packtest_expect *x = &c->expects[i];
		long long subject = packtest_subject(db, x);
		size_t n;
		int rc;

		if (subject == 0) {
			packtest_miss(out, x, NULL);
			out->miss[out->nmiss - 1].message = xasprintf(x->org ?
			    tr("no org '%s' in the case's records", "用例的数据中没有组织 '%s'") :
			    tr("no member '%s' in the case's records", "用例的数据中没有党员 '%s'"),
			    x->subject);
			continue;
		}
		n = out->nmiss;
		rc = x->key == PACKTEST_REQ ? packtest_check_req(db, run, subject, c, i, out, e) :
		    packtest_check_result(db, run, subject, c, i, out, e);
		if (rc != 0)
			return -1;
		if (out->nmiss > n)
			out->miss[n].subject = subject;
	}
	return 0;
}

/* The facts outcome K read, kept by name and value for --json. */
static void
packtest_facts_keep(struct packtest_miss *m, const struct run_info *r,
    const struct run_subject *s, size_t k)
{
	const struct run_stored *o = &s->out[k];

	m->fv = xcalloc(o->ntouched + 1, sizeof *m->fv);
	for (size_t i = 0; i < o->ntouched; i++) {
		size_t slot = o->touched[i];
		struct packtest_fact *f = &m->fv[m->nfv];

		if (slot >= r->nfacts[RUN_MEMBER])
			continue;
		f->name = xstrdup(r->facts[RUN_MEMBER][slot]);
		f->v = s->facts[slot];
		f->s = f->v.type == VIEW_STR ? xstrdup(f->v.s) : NULL;
		f->v.s = f->s;
		m->nfv++;
	}
}

/* The kept facts as members of the open object. */
static void
packtest_facts_emit(struct emit *w, const struct packtest_miss *m)
{
	for (size_t i = 0; i < m->nfv; i++) {
		emit_key(w, m->fv[i].name);
		run_fact_emit(w, &m->fv[i].v);
	}
}

/* Add to each member's missed requirement the facts its rule read, as
 * the run stored them (only for misses). */
static int
packtest_trace(struct db *db, const struct packtest_case *c, long long run,
    struct packtest_outcome *out, struct error *e)
{
	struct run_info r;

	if (run_open(db, NULL, c->year, run, &r, e) != 0)
		return -1;
	for (size_t i = 0; i < out->nmiss; i++) {
		struct packtest_miss *m = &out->miss[i];
		struct run_cursor *cur;
		struct run_subject s;

		if (m->x->org || m->x->key != PACKTEST_REQ || m->got == NULL || m->subject == 0)
			continue;
		if ((cur = run_subjects(db, &r, RUN_MEMBER, m->subject, e)) == NULL) {
			run_info_free(&r);
			return -1;
		}
		if (run_next(cur, &s, e) != 1) {
			run_close(cur);
			continue;
		}
		for (size_t k = 0; k < r.nmember_reqs; k++)
			if (strcmp(r.reqs[k].id, m->x->req) == 0) {
				char *text = run_facts_read(&r, &s, k);

				if (*text) {
					m->facts = text;
					packtest_facts_keep(m, &r, &s, k);
				} else {
					free(text);
				}
			}
		run_close(cur);
	}
	run_info_free(&r);
	return 0;
}

/* A private directory for a case's CSV files and database (under
 * $TMPDIR, else /tmp); the caller removes it with packtest_scratch_remove. */
static int
packtest_scratch_make(struct packtest_scratch *s, struct error *e)
{
	const char *tmp = getenv("TMPDIR");

	s->dir = xasprintf("%s/baodao-packtest.XXXXXX", util_empty(tmp) ? "/tmp" : tmp);
	s->db = NULL;
	if (mkdtemp(s->dir) == NULL) {
		error_set(e, EXIT_ENV, "%s: %s", s->dir, strerror(errno));
		free(s->dir);
		return -1;
	}
	s->db = xasprintf("%s/test.db", s->dir);
	return 0;
}

/* Load the pack in PACKDIR for PER with the case's `params` set; free
 * both with store_unload().  0, or -1 with e set (a parameter the pack
 * lacks, a value of the wrong type). */
static int
packtest_load_pack(const struct config *cfg, const char *packdir,
    const struct packtest_case *c, const struct facts_period *per,
    struct pack_info *pi, struct pack *p, struct error *e)
{
	struct sandbox_limits lim = { cfg->memory_limit, cfg->instruction_limit };

	if (store_read(cfg, NULL, packdir, per->year, pi, e) != 0)
		return -1;
	for (size_t i = 0; i < c->nparams; i++)
		if (pack_info_set(pi, c->params[i], e) != 0)
			goto fail;
	if (pack_load(p, pi, &lim, per, e) == 0)
		return 0;
fail:
	pack_info_free(pi);
	return -1;
}

/* Records, evaluation, comparison, in a database of the case's own. */
static int
packtest_in_db(const char *packdir, const struct record_vocab *vocab,
    struct packtest_case *c, struct packtest_scratch *s, struct db *db,
    const struct config *cfg, struct packtest_outcome *out, struct error *e)
{
	struct eval_opts o = { .year = c->year, .as_of = c->as_of, .jobs = 1, .quiet = 1,
		.scores = c->points, .nscores = c->npoints };
	struct eval_summary sum;
	struct facts_period per;
	struct pack_info pi;
	struct pack p;
	int applied, rc;

	if (migrate_apply(db, &applied, e) != 0)
		return -1;
	if ((rc = packtest_load(c, s, db, vocab, out, e)) != 0)
		return rc < 0 ? -1 : 0;
	/* Loaded for the case's year and as-of date: its parameters then. */
	facts_period_init(&per, c->year, c->as_of);
	if (packtest_load_pack(cfg, packdir, c, &per, &pi, &p, e) != 0) {
		out->error = xstrdup(e->msg);
		error_clear(e);
		return 0;
	}
	if (eval_run(db, cfg, &p, &o, &sum, e) != 0) {
		out->error = xstrdup(e->msg);
		error_clear(e);
		rc = 0;
	} else if ((rc = packtest_compare(db, sum.run_id, c, out, e)) == 0) {
		rc = packtest_trace(db, c, sum.run_id, out, e);
	}
	store_unload(&pi, &p);
	return rc;
}

/* Run case C of the pack in PACKDIR; out says how it went.  Returns -1
 * only when the environment failed (no scratch space, no database). */
static int
packtest_run_case(const struct config *cfg, const struct pack_info *pi,
    struct packtest_case *c, struct packtest_outcome *out, struct error *e)
{
	struct packtest_scratch s;
	struct db db;
	int rc;

	memset(out, 0, sizeof *out);
	out->hit = xcalloc(c->nexpects + 1, 1);
	if (packtest_scratch_make(&s, e) != 0)
		return -1;
	rc = db_open(&db, s.db, DB_CREATE, e);
	if (rc == 0) {
		rc = packtest_in_db(pi->dir, &pi->vocab, c, &s, &db, cfg, out, e);
		db_close(&db);
	}
	packtest_scratch_remove(&s);
	return rc;
}

/* Free what a case's run produced. */
static void
packtest_outcome_free(struct packtest_outcome *out)
{
	for (size_t i = 0; i < out->nmiss; i++) {
		struct packtest_miss *m = &out->miss[i];

		free(m->got);
		free(m->value);
		free(m->target);
		free(m->message);
		free(m->clause);
		free(m->score);
		free(m->facts);
		for (size_t k = 0; k < m->nfv; k++) {
			free(m->fv[k].name);
			free(m->fv[k].s);
		}
		free(m->fv);
	}
	free(out->miss);
	free(out->error);
	free(out->hit);
}

/* ---- a pack's tests ---- */

/* One pack's test run: its files, the names coverage is kept for, tallies. */
struct packtest_run {
	const struct config *cfg;
	const struct packtest_opts *o;
	FILE *out;
	const char *dir;
	struct pack_info info;
	struct pack pack;
	struct packtest_file *files;
	size_t nfiles;
	unsigned char *pass_hit, *fail_hit, *grade_hit;
	long passed, failed;
	struct emit *w;               /* --json: the document, else NULL */
};

/* qsort() order of file names: byte order, so runs are reproducible. */
static int
packtest_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The test files of the pack in DIR (the .lua files in tests/), sorted;
 * *n of them. */
static char **
packtest_list(const char *dir, size_t *n)
{
	char *tdir = xasprintf("%s/tests", dir);
	DIR *d = opendir(tdir);
	struct dirent *de;
	char **names = NULL;

	*n = 0;
	while (d && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".lua") != 0)
			continue;
		names = xrealloc(names, (*n + 1) * sizeof *names);
		names[(*n)++] = xasprintf("%s/%s", tdir, de->d_name);
	}
	if (d)
		closedir(d);
	free(tdir);
	if (*n > 1)
		qsort(names, *n, sizeof *names, packtest_name_cmp);
	return names;
}

/* Free a list of file names from packtest_list. */
static void
packtest_free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Read every test file first, so a malformed one stops the run before any
 * case has run. */
static int
packtest_read_all(struct packtest_run *r, struct error *e)
{
	struct sandbox_limits lim = { r->cfg->memory_limit, r->cfg->instruction_limit };
	size_t n;
	char **names = packtest_list(r->dir, &n);
	int rc = 0;

	if (n == 0)
		rc = error_set(e, EXIT_USAGE, tr("%s/tests: no test files (*.lua)",
		    "%s/tests: 没有测试文件（*.lua）"), r->dir);
	r->files = xcalloc(n ? n : 1, sizeof *r->files);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = packtest_parse(names[i], &lim, &r->files[i], e);
		r->nfiles = i + 1;
	}
	packtest_free_list(names, n);
	return rc;
}

/* Load the pack once for the names of its requirements and grade bands. */
static int
packtest_open_pack(struct packtest_run *r, struct error *e)
{
	struct sandbox_limits lim = { r->cfg->memory_limit, r->cfg->instruction_limit };
	struct facts_period per;
	time_t now = time(NULL);
	struct tm tm;

	if (pack_info_read(r->dir, &r->info, e) != 0)
		return -1;
	gmtime_r(&now, &tm);
	facts_period_init(&per, tm.tm_year + 1900, NULL);
	if (pack_load(&r->pack, &r->info, &lim, &per, e) != 0) {
		pack_info_free(&r->info);
		return -1;
	}
	r->pass_hit = xcalloc(r->pack.nreqs + 1, 1);
	r->fail_hit = xcalloc(r->pack.nreqs + 1, 1);
	r->grade_hit = xcalloc(r->pack.ngrades + 1, 1);
	return 0;
}

/* Free the files read and the pack loaded for a pack's run. */
static void
packtest_run_free(struct packtest_run *r)
{
	for (size_t i = 0; i < r->nfiles; i++)
		packtest_file_free(&r->files[i]);
	free(r->files);
	free(r->pass_hit);
	free(r->fail_hit);
	free(r->grade_hit);
	pack_free(&r->pack);
	pack_info_free(&r->info);
}

/* Mark what the expectations that were met exercised. */
static void
packtest_cover(struct packtest_run *r, const struct packtest_case *c,
    const struct packtest_outcome *out)
{
	for (size_t i = 0; i < c->nexpects; i++) {
		const struct packtest_expect *x = &c->expects[i];

		if (!out->hit[i])
			continue;
		for (size_t q = 0; x->key == PACKTEST_REQ && q < r->pack.nreqs; q++)
			if (strcmp(r->pack.reqs[q].id, x->req) == 0) {
				if (strcmp(x->want, "pass") == 0)
					r->pass_hit[q] = 1;
				else if (strcmp(x->want, "fail") == 0)
					r->fail_hit[q] = 1;
			}
		for (size_t g = 0; x->key == PACKTEST_GRADE && g < r->pack.ngrades; g++)
			if (strcmp(r->pack.grades[g].name, x->want) == 0)
				r->grade_hit[g] = 1;
	}
}

/* The key of an expectation as printed: a requirement id or score, ... */
static const char *
packtest_key_name(const struct packtest_expect *x)
{
	return x->key == PACKTEST_REQ ? x->req : packtest_keys[x->key - PACKTEST_SCORE];
}

/* "(value 3, target 3; message; clause ...)" for a requirement, "(score
 * 40)" for a grade, stars or award; "" when there is nothing to add. */
static void
packtest_details(struct sbuf *b, const struct packtest_miss *m)
{
	const char *sep = " (";

	if (m->value || m->target) {
		sbuf_addf(b, "%s%s %s, %s %s", sep, tr("value", "实际值"),
		    m->value ? m->value : "-", tr("target", "目标"), m->target ? m->target : "-");
		sep = "; ";
	}
	if (m->facts) {
		sbuf_addf(b, "%s%s: %s", sep, tr("facts", "事实"), m->facts);
		sep = "; ";
	}
	if (!util_empty(m->message)) {
		sbuf_addf(b, "%s%s", sep, m->message);
		sep = "; ";
	}
	if (!util_empty(m->clause)) {
		sbuf_addf(b, "%s%s %s", sep, tr("clause", "依据"), m->clause);
		sep = "; ";
	}
	if (m->score) {
		sbuf_addf(b, "%s%s %s", sep, tr("score", "得分"), m->score);
		sep = "; ";
	}
	if (strcmp(sep, "; ") == 0)
		sbuf_addc(b, ')');
}

/* The lines of a failed case: one per unmet expectation. */
static void
packtest_print_failure(struct packtest_run *r, const struct packtest_file *f,
    const struct packtest_case *c, const struct packtest_outcome *out)
{
	struct sbuf b;

	sbuf_init(&b);
	if (out->error)
		fprintf(r->out, "%s:%d: case '%s': %s\n", f->path, c->line, c->name, out->error);
	for (size_t i = 0; i < out->nmiss; i++) {
		const struct packtest_miss *m = &out->miss[i];

		sbuf_reset(&b);
		sbuf_addf(&b, "%s:%d: case '%s': %s%s %s: ", f->path, c->line, c->name,
		    m->x->org ? "org:" : "", m->x->subject, packtest_key_name(m->x));
		if (m->got == NULL)
			sbuf_adds(&b, m->message);
		else {
			sbuf_addf(&b, tr("expected %s, got %s", "应为 %s，实际为 %s"), m->x->want,
			    m->got);
			packtest_details(&b, m);
		}
		fprintf(r->out, "%s\n", b.s);
	}
	sbuf_free(&b);
}

static void
packtest_json_miss(struct emit *w, const struct packtest_miss *m)
{
	emit_begin_object(w);
	emit_kstr(w, "subject", m->x->subject);
	emit_kbool(w, "org", m->x->org);
	emit_kstr(w, "key", packtest_key_name(m->x));
	emit_kstr(w, "expected", m->x->want);
	emit_kstr(w, "actual", m->got);
	emit_key(w, "value");
	emit_raw(w, m->value);
	emit_key(w, "target");
	emit_raw(w, m->target);
	emit_kstr(w, "message", m->message);
	emit_kstr(w, "clause", m->clause);
	emit_key(w, "facts");
	emit_begin_object(w);
	packtest_facts_emit(w, m);
	emit_end_object(w);
	emit_end_object(w);
}

/* One case as a JSON object, in the pack's "cases" list. */
static void
packtest_json_case(struct packtest_run *r, const struct packtest_file *f,
    const struct packtest_case *c, const struct packtest_outcome *out)
{
	struct emit *w = r->w;

	emit_break(w, 4);
	emit_begin_object(w);
	emit_kstr(w, "file", f->path);
	emit_kint(w, "line", c->line);
	emit_kstr(w, "name", c->name);
	emit_kstr(w, "status", out->error || out->nmiss ? "fail" : "pass");
	emit_kstr(w, "error", out->error);
	emit_key(w, "mismatches");
	emit_begin_array(w);
	for (size_t i = 0; i < out->nmiss; i++)
		packtest_json_miss(w, &out->miss[i]);
	emit_end_array(w);
	emit_end_object(w);
}

/* Run every case of every file in order, reporting each as it ends. */
static int
packtest_cases(struct packtest_run *r, struct error *e)
{
	for (size_t i = 0; i < r->nfiles; i++)
		for (size_t j = 0; j < r->files[i].ncases; j++) {
			struct packtest_case *c = &r->files[i].cases[j];
			struct packtest_outcome out;
			int rc = packtest_run_case(r->cfg, &r->info, c, &out, e);

			if (rc == 0) {
				if (out.error || out.nmiss)
					r->failed++;
				else
					r->passed++;
				packtest_cover(r, c, &out);
				if (r->w)
					packtest_json_case(r, &r->files[i], c, &out);
				else
					packtest_print_failure(r, &r->files[i], c, &out);
			}
			packtest_outcome_free(&out);
			if (rc != 0)
				return -1;
		}
	return 0;
}

/* --coverage: each requirement with a passing and a failing case or the
 * gap, then each grade band and whether a case reached it. */
static void
packtest_coverage_text(struct packtest_run *r)
{
	fprintf(r->out, tr("coverage of %s:\n  %-40s pass fail\n", "%s 的覆盖情况：\n"
	    "  %-40s 通过 不通过\n"), r->info.id, tr("requirement", "要求"));
	for (size_t q = 0; q < r->pack.nreqs; q++) {
		int p = r->pass_hit[q], f = r->fail_hit[q];

		fprintf(r->out, "  %-40s %-4s %s%s\n", r->pack.reqs[q].id,
		    p ? tr("yes", "有") : tr("no", "无"), f ? tr("yes", "有") : tr("no", "无"),
		    !p && !f ? tr("   no passing and no failing case", "   缺少通过和不通过的用例") :
		    !p ? tr("   no passing case", "   缺少通过的用例") :
		    !f ? tr("   no failing case", "   缺少不通过的用例") : "");
	}
	for (size_t g = 0; g < r->pack.ngrades; g++)
		fprintf(r->out, "  %s %-34s %s\n", tr("grade", "等次"), r->pack.grades[g].name,
		    r->grade_hit[g] ? tr("reached", "已覆盖") :
		    tr("not reached by any case", "没有用例达到"));
}

/* --coverage --json: the same as the pack's "coverage" member. */
static void
packtest_coverage_json(struct packtest_run *r)
{
	struct emit *w = r->w;

	emit_break(w, 2);
	emit_key(w, "coverage");
	emit_begin_object(w);
	emit_key(w, "requirements");
	emit_begin_array(w);
	for (size_t q = 0; q < r->pack.nreqs; q++) {
		emit_begin_object(w);
		emit_kstr(w, "id", r->pack.reqs[q].id);
		emit_kbool(w, "pass", r->pass_hit[q]);
		emit_kbool(w, "fail", r->fail_hit[q]);
		emit_end_object(w);
	}
	emit_end_array(w);
	emit_key(w, "grades");
	emit_begin_array(w);
	for (size_t g = 0; g < r->pack.ngrades; g++) {
		emit_begin_object(w);
		emit_kstr(w, "grade", r->pack.grades[g].name);
		emit_kbool(w, "reached", r->grade_hit[g]);
		emit_end_object(w);
	}
	emit_end_array(w);
	emit_end_object(w);
}

/* The pack's JSON object: opened before the cases, closed after. */
static void
packtest_json_open(struct packtest_run *r)
{
	emit_break(r->w, 1);
	emit_begin_object(r->w);
	emit_kstr(r->w, "pack", r->info.id);
	emit_kstr(r->w, "dir", r->dir);
	emit_break(r->w, 2);
	emit_key(r->w, "cases");
	emit_begin_array(r->w);
}

/* End the pack's JSON object: its tallies and coverage. */
static void
packtest_json_close(struct packtest_run *r)
{
	emit_end_array(r->w);
	emit_break(r->w, 2);
	emit_kint(r->w, "passed", r->passed);
	emit_kint(r->w, "failed", r->failed);
	if (r->o->coverage)
		packtest_coverage_json(r);
	emit_end_object(r->w);
}

/* Load the pack (for the names coverage needs), read every test file,
 * then run the cases: lines to out, or with w the pack's object in the
 * json document. */
static int
packtest_pack_run(const struct config *cfg, const char *dir, const struct packtest_opts *o,
    FILE *out, struct emit *w, long *passed, long *failed, struct error *e)
{
	struct packtest_run r;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.cfg = cfg;
	r.o = o;
	r.out = out;
	r.w = w;
	r.dir = dir;
	if (packtest_open_pack(&r, e) != 0)
		return -1;
	if (packtest_read_all(&r, e) == 0) {
		if (w)
			packtest_json_open(&r);
		rc = packtest_cases(&r, e);
		if (rc == 0 && w)
			packtest_json_close(&r);
		else if (rc == 0 && o->coverage)
			packtest_coverage_text(&r);
		*passed += r.passed;
		*failed += r.failed;
	}
	packtest_run_free(&r);
	return rc;
}

int
packtest_pack(const struct config *cfg, const char *dir, const struct packtest_opts *o,
    FILE *out, long *passed, long *failed, struct error *e)
{
	/* A folder without a slash ("changji-1.1.0") would read as an id. */
	char *path = strchr(dir, '/') ? xstrdup(dir) : xasprintf("./%s", dir);
	int rc = packtest_pack_run(cfg, path, o, out, NULL, passed, failed, e);

	free(path);
	return rc;
}

/* ---- every pack, or one ---- */

/* What `pack test` adds up over the packs it runs.  JSON goes to a
 * buffer, so a run stopped by a malformed file prints no half document. */
struct packtest_all {
	const struct config *cfg;
	const struct packtest_opts *o;
	FILE *out;
	struct emit *w;               /* --json: the document */
	long passed, failed;
	int npacks;
	struct error *e;
};

/* Test the pack in DIR (named ID) and add it up; the summary line "ID: N
 * passed, N failed" when several packs run. */
static int
packtest_one(struct packtest_all *a, const char *id, const char *dir, int summary)
{
	long p = 0, f = 0;

	a->npacks++;
	if (packtest_pack_run(a->cfg, dir, a->o, a->out, a->w, &p, &f, a->e) != 0)
		return -1;
	if (summary && !a->o->json)
		fprintf(a->out, "%s: %ld passed, %ld failed\n", id, p, f);
	a->passed += p;
	a->failed += f;
	return 0;
}

/* pack_each() callback: a pack with tests is run; one without is named. */
static void
packtest_each(const struct pack_info *pi, void *arg)
{
	struct packtest_all *a = arg;
	size_t n;
	char **names;

	if (a->e->code != 0)
		return;
	names = packtest_list(pi->dir, &n);
	packtest_free_list(names, n);
	if (n > 0)
		packtest_one(a, pi->id, pi->dir, 1);
	else if (!a->o->json)
		fprintf(a->out, tr("%s: no tests\n", "%s: 没有测试\n"), pi->id);
}

/* `pack test`: one pack, or every pack of the pack path, then the total
 * line (or the JSON document); exit 1 when a case failed. */
int
packtest_packs(const struct config *cfg, const char *target, const struct packtest_opts *o,
    struct error *e)
{
	struct packtest_all a = { cfg, o, stdout, NULL, 0, 0, 0, e };
	struct sbuf json;
	char *dir;

	sbuf_init(&json);
	if (o->json) {
		a.w = emit_open_sbuf(&json, "json", e);
		emit_begin_object(a.w);
		emit_key(a.w, "packs");
		emit_begin_array(a.w);
	}
	if (target == NULL)
		pack_each(cfg, packtest_each, &a);
	else if (pack_find(cfg, target, &dir, e) == 0) {
		packtest_one(&a, target, dir, 0);
		free(dir);
	}
	if (o->json) {
		emit_end_array(a.w);
		emit_break(a.w, 1);
		emit_kint(a.w, "passed", a.passed);
		emit_kint(a.w, "failed", a.failed);
		emit_end_object(a.w);
		if (emit_close(a.w) == 0 && e->code == 0)
			fwrite(json.s, 1, json.len, stdout);
	} else if (e->code == 0) {
		printf("%ld passed, %ld failed\n", a.passed, a.failed);
	}
	sbuf_free(&json);
	if (e->code != 0)
		return -1;
	return a.failed > 0 ? EXIT_FOUND : 0;
}
