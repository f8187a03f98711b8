/*
 * t_pattern.c - the sandbox's string patterns (sandbox_pattern.c) give
 * what Lua's own string library gives: each case runs in a plain state
 * with luaL_openlibs() and in a sandbox, and the results (values, their
 * types, or the error message) must be the same.  A table of cases covers
 * each feature; a few thousand generated patterns and subjects cover
 * their combinations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sandbox.h"
#include "test.h"
#include "util.h"

void test_pattern(void);

/* Runs EXPR (a Lua expression list) protected and prints what it gave. */
static const char prologue[] =
    "local function show(ok, ...)\n"
    "  local t = {tostring(ok), tostring(select('#', ...))}\n"
    "  for i = 1, select('#', ...) do\n"
    "    local v = select(i, ...)\n"
    "    t[#t + 1] = type(v) .. ':' .. tostring(v)\n"
    "  end\n"
    "  return table.concat(t, '|')\n"
    "end\n"
    "local function all(it)\n"
    "  local o = {}\n"
    "  for a, b, c in it do\n"
    "    o[#o + 1] = tostring(a) .. ',' .. tostring(b) .. ',' .. tostring(c)\n"
    "  end\n"
    "  return table.concat(o, ';')\n"
    "end\n"
    "return show(pcall(function() return ";

static lua_State *plain;
static struct sandbox *sb;

/* Run EXPR in the plain state (sb NULL) or the sandbox: what show()
 * answers, or "failed: " and the message. */
static const char *
run(struct sandbox *box, const char *expr)
{
	static char out[2][4096];
	lua_State *L = box != NULL ? sandbox_lua(box) : plain;
	char *o = out[box != NULL], err[1024];
	size_t n = strlen(prologue) + strlen(expr) + 16;
	char *code = xmalloc(n);
	int top = lua_gettop(L), rc;

	snprintf(code, n, "%s%s end))\n", prologue, expr);
	if (luaL_loadbufferx(L, code, strlen(code), "=t.lua", "t") != LUA_OK) {
		snprintf(o, sizeof out[0], "syntax: %s", lua_tostring(L, -1));
		lua_settop(L, top);
		free(code);
		return o;
	}
	free(code);
	if (box != NULL)
		rc = sandbox_call(box, 0, 1, err, sizeof err);
	else if ((rc = lua_pcall(L, 0, 1, 0)) != LUA_OK)
		snprintf(err, sizeof err, "%s", lua_tostring(L, -1));
	if (rc != 0)
		snprintf(o, sizeof out[0], "failed: %s", err);
	else
		snprintf(o, sizeof out[0], "%s", lua_tostring(L, -1));
	lua_settop(L, top);
	return o;
}

/* Does EXPR give the same in both?  Reported with the expression. */
static int
same(const char *expr)
{
	const char *want = run(NULL, expr);
	const char *got = run(sb, expr);

	if (strcmp(got, want) == 0)
		return 1;
	fprintf(stderr, "  %s\n    sandbox: %s\n    lua:     %s\n", expr, got,
	    want);
	return 0;
}

static void
setup(void)
{
	struct sandbox_limits lim = { 32u << 20, 50000000L };
	struct error e;

	plain = luaL_newstate();
	luaL_openlibs(plain);
	error_clear(&e);
	sb = sandbox_new(&lim, &e);
	CHECK(sb != NULL);
	sandbox_seal(sb);
}

static void
teardown(void)
{
	lua_close(plain);
	sandbox_free(sb);
}

/* Each feature of Lua patterns, and the errors, by hand. */
static const char *const cases[] = {
	/* find: plain, init, special characters */
	"string.find('hello world', 'o w')",
	"string.find('hello world', 'o', 6)",
	"string.find('hello world', 'o', -3)",
	"string.find('hello world', 'o', -30)",
	"string.find('hello world', 'l', 0)",
	"string.find('hello', '', 6)",
	"string.find('hello', '', 7)",
	"string.find('hello', '', 10)",
	"string.find('', '')",
	"string.find('a.b', '.', 1, true)",
	"string.find('a.b', '.', 2, true)",
	"string.find('a+b', '+', 1, true)",
	"string.find('a+b', 'a+b', 1, true)",
	"string.find('a+b', 'a+b')",
	"string.find('x\\0y\\0z', '\\0y')",
	"string.find('x\\0y\\0z', '%z')",
	"string.find('abc', 'b', 1, false)",
	"string.find('abcabc', 'abc', 2)",
	"string.find('aaa', 'aaaa')",
	"('hello'):find('l+')",
	"('hello'):match('(h)(e)')",
	"string.find('hello', '(l)(l)')",
	"string.find('hello', '()ll()')",
	"string.find('hello', '^h')",
	"string.find('hello', '^e')",
	"string.find('hello', 'o$')",
	"string.find('hello', 'l$')",
	"string.find('a$b', '$b')",
	"string.find('a^b', 'a^b')",
	"string.find('hello', '^$')",
	"string.find('', '^$')",
	/* classes */
	"string.match('  abc123_.,; \\t\\n', '%a+')",
	"string.match('abc123', '%d+')",
	"string.match('abc  \\t x', '%s+')",
	"string.match('ab_c1 2', '%w+')",
	"string.match('0x1fZg', '%x+', 3)",
	"string.match('ab.,;!c', '%p+')",
	"string.match('a\\1\\2\\127b', '%c+')",
	"string.match('abCDef', '%l+')",
	"string.match('abCDef', '%u+')",
	"string.match(' \\t ab c', '%g+')",
	"string.match('abc123', '%A+')",
	"string.match('abc123', '%D+')",
	"string.match('a b', '%S+')",
	"string.match('ab12', '%W')",
	"string.match('ab.c', '%.')",
	"string.match('a%b', '%%')",
	"string.match('a]b', '%]')",
	"string.match('\\200\\255abc', '[\\128-\\255]+')",
	/* sets */
	"string.match('hello', '[aeiou]+')",
	"string.match('hello', '[^aeiou]+')",
	"string.match('a-b', '[a%-]+')",
	"string.match('a-b', '[-a]+')",
	"string.match('a-b', '[a-]+')",
	"string.match('x]y', '[]]')",
	"string.match('x]y', '[^]]+')",
	"string.match('abc123', '[%a%d]+')",
	"string.match('abc123', '[b-d1-2]+')",
	"string.match('abc123', '[%D]+')",
	"string.match('z^', '[%^z]+')",
	"string.match('z^', '[z^]+')",
	"string.match('a.b', '[.]')",
	/* quantifiers */
	"string.match('aaab', 'a*')",
	"string.match('aaab', 'a+')",
	"string.match('aaab', 'a-b')",
	"string.match('aaab', 'a-')",
	"string.match('aaab', 'a?a?a?a?b')",
	"string.match('b', 'a+')",
	"string.match('b', 'a*b')",
	"string.match('<a><b>', '<.->')",
	"string.match('<a><b>', '<.*>')",
	"string.match('xyz', 'x?y?z?w?')",
	"string.match('ab', 'a?b?c?$')",
	"string.match('key = value', '(%w+)%s*=%s*(%w+)')",
	/* captures */
	"string.match('hello world', '((%w+) (%w+))')",
	"string.match('hello', '()')",
	"string.match('hello', '()l()')",
	"string.match('hello', '(h)()(e)')",
	"string.match('hello', '')",
	"string.match('abcabc', '(abc)%1')",
	"string.match('abcab', '(abc)%1')",
	"string.match('\"quoted\" x', '([\"\\'])(.-)%1')",
	"string.match('aa', '(a)%1%1')",
	"string.match('xx', '()%1')",
	/* %b and %f */
	"string.match('f(a(b)c)d', '%b()')",
	"string.match('f(a(b)c', '%b()')",
	"string.match('[[x]]', '%b[]')",
	"string.match('THE (quick) fox', '%f[%a]%a+')",
	"string.match('THE (quick) fox', '%f[%l]%a+')",
	"string.find('THE (quick) fox', '%f[%a]%a+%f[%A]', 5)",
	"string.find('hello', '%f[%z]')",
	"string.find('hello', '%f[^%z]')",
	"string.match('aXb', '%f[%u]%u')",
	/* gmatch */
	"all(string.gmatch('one two  three', '%a+'))",
	"all(string.gmatch('k1=v1, k2=v2', '(%w+)=(%w+)'))",
	"all(string.gmatch('abc', ''))",
	"all(string.gmatch('abc', '()'))",
	"all(string.gmatch('abc', 'x*'))",
	"all(string.gmatch('aaa', 'a-'))",
	"all(string.gmatch('^a^b', '^%a'))",
	"all(string.gmatch('one two three', '%a+', 5))",
	"all(string.gmatch('one two three', '%a+', -5))",
	"all(string.gmatch('one two three', '%a+', 100))",
	"all(string.gmatch('abc', '()', 4))",
	"all(('x y z'):gmatch('%a'))",
	/* gsub */
	"string.gsub('hello world', 'o', '0')",
	"string.gsub('hello world', 'o', '0', 1)",
	"string.gsub('hello world', 'o', '0', 0)",
	"string.gsub('hello world', 'o', '0', -1)",
	"string.gsub('hello world', '(o)', '[%1]')",
	"string.gsub('hello world', 'o', '[%0%0]')",
	"string.gsub('hello world', '%w+', '%0 %0')",
	"string.gsub('hello', '', '-')",
	"string.gsub('hello', 'x*', '-')",
	"string.gsub('abc', '%w', '%%')",
	"string.gsub('abc', '()', '%1')",
	"string.gsub('abc', 'b()', '%1')",
	"string.gsub('hello world', '^h', 'H')",
	"string.gsub('hello world', '^o', 'H')",
	"string.gsub('hello', 'l', 7)",
	"string.gsub('hello', 'l', 1.5)",
	"string.gsub('$name is $age', '%$(%w+)', {name = 'Li', age = 30})",
	"string.gsub('$name is $x', '%$(%w+)', {name = false})",
	"string.gsub('abc', '%w', {a = 1, b = true})",
	"string.gsub('abc', '%w', function(c) return c:upper() .. '.' end)",
	"string.gsub('abc', '%w', function(c) if c == 'b' then return nil end return 'x' end)",
	"string.gsub('abc', '(%w)()', function(c, p) return p end)",
	"string.gsub('abc', '%w', function() return false end)",
	"string.gsub('a,b,,c', ',', ';', 2)",
	"string.gsub('', '', 'x')",
	"string.gsub('abc', '.-', 'x')",
	"('x-y'):gsub('%-', '+')",
	/* errors */
	"string.find('a', '%')",
	"string.find('a', '[a')",
	"string.find('a', '[a%')",
	"string.find('a', '[^')",
	"string.find('a', '(a')",
	"string.find('a', 'a)')",
	"string.match('a', '%1')",
	"string.match('a', '(a%1)')",
	"string.match('a', '%0')",
	"string.find('a', '%b')",
	"string.find('a', '%ba')",
	"string.find('a', '%f')",
	"string.find('a', '%fa')",
	"string.match('a', ('()'):rep(33))",
	"string.match('a', ('()'):rep(32))",
	"string.match(('a'):rep(300), ('a?'):rep(250))",
	"string.match(('a'):rep(100), ('a?'):rep(100))",
	"string.gsub('abc', '%w', '%2')",
	"string.gsub('abc', '(%w)', '%2')",
	"string.gsub('abc', '%w', '%')",
	"string.gsub('abc', '%w', '%x')",
	"string.gsub('abc', '%w', function() return {} end)",
	"string.gsub('abc', '%w', {a = {}})",
	"string.gsub('abc', '(', 'x')",
	"all(string.gmatch('abc', '(a'))",
	"all(string.gmatch('abc', '%'))",
	/* a greedy run to the end: later starts inside a failed run skipped */
	"string.match('/a/bb/ccc', '([^/]*)$')",
	"string.match('/a/bb/', '([^/]*)$')",
	"string.match('aXbbXccc', '[^X]+$')",
	"string.match('aXbbX', '[^X]+$')",
	"string.find('ab cd  ef', '%a*$')",
	"string.find('x/yy/zzz', '(([^/]+))$', 3)",
	"string.find('x/yy/zzz', '([^/]+)$', 7)",
	"string.match('abc', '.*$')",
	"string.match('a/b', '()[^/]*$')",
	"string.match('ab1cd22', '(%d+)$')",
	"string.match('ab1cd22x', '(%d*)$')",
	NULL
};

static void
table_of_cases(void)
{
	const char *const *c;

	for (c = cases; *c != NULL; c++)
		CHECK(same(*c));
}

/* A small deterministic generator (a 64-bit LCG), so a failure can be
 * reproduced. */
static unsigned long long seed = 0x5eedULL;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33) % n;
}

/* Append s to buf as a Lua string literal of decimal escapes. */
static void
quote(char *buf, size_t n, const char *s)
{
	size_t used = strlen(buf);

	used += (size_t)snprintf(buf + used, n - used, "'");
	for (; *s != '\0' && used < n; s++)
		used += (size_t)snprintf(buf + used, n - used, "\\%u",
		    (unsigned char)*s);
	snprintf(buf + used, n - used, "'");
}

/* Pieces patterns and subjects are made of; some make bad patterns. */
static const char *const pattern_pieces[] = {
	"a", "b", "c", ".", "%a", "%d", "%s", "%W", "[ab]", "[^a]", "[a-c]",
	"[%d%s]", "*", "+", "-", "?", "(", ")", "()", "^", "$", "%b()",
	"%f[%w]", "%1", "%2", "%", "]", "[", "a*", "b+", ".-", "(a*)", "x",
	"1", " ", "%(", "%.",
};
static const char *const subject_pieces[] = {
	"a", "b", "c", "ab", "(", ")", "1", "2", " ", "x", "aa", ".", "%",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
generated_cases(void)
{
	/* Each call: what comes before the subject, between the subject
	 * and the pattern, and after the pattern. */
	static const char *const calls[][3] = {
		{"string.find(", ", ", ")"},
		{"string.find(", ", ", ", 2)"},
		{"string.match(", ", ", ")"},
		{"string.match(", ", ", ", -3)"},
		{"all(string.gmatch(", ", ", "))"},
		{"string.gsub(", ", ", ", '<%0>')"},
		{"string.gsub(", ", ", ", '<%1>', 3)"},
	};
	char pat[64], subj[64], qp[400], qs[400], expr[1000];
	int i, j, k, bad = 0;

	for (i = 0; i < 4000 && bad < 10; i++) {
		pat[0] = subj[0] = qp[0] = qs[0] = '\0';
		for (j = rnd(6) + 1; j > 0; j--)
			strcat(pat, pattern_pieces[rnd(NELEM(pattern_pieces))]);
		for (j = rnd(8); j > 0; j--)
			strcat(subj, subject_pieces[rnd(NELEM(subject_pieces))]);
		quote(qp, sizeof qp, pat);
		quote(qs, sizeof qs, subj);
		k = (int)rnd(NELEM(calls));
		snprintf(expr, sizeof expr, "%s%s%s%s%s", calls[k][0], qs,
		    calls[k][1], qp, calls[k][2]);
		if (!same(expr))
			bad++;
	}
	CHECK_INT(bad, 0);
}

void
test_pattern(void)
{
	setup();
	test_case("pattern: each feature as in Lua", table_of_cases);
	test_case("pattern: generated patterns as in Lua", generated_cases);
	teardown();
}
