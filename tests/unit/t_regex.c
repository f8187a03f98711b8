/*
 * t_regex.c - PCRE2 patterns: UTF-8 and Unicode classes, anchoring, the
 * error texts, the cache, and the Lua module "re".
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "regex.h"
#include "sandbox.h"
#include "test.h"
#include "util.h"

void test_regex(void);

static struct regex_cache *cache;
static struct error e;

static int
match(const char *pattern, const char *s)
{
	error_clear(&e);
	return regex_match(cache, pattern, s, strlen(s), &e);
}

static int
full(const char *pattern, const char *s)
{
	error_clear(&e);
	return regex_full_match(cache, pattern, s, strlen(s), &e);
}

static void
chinese_text(void)
{
	CHECK_INT(match("\\d+", "电话13800138000"), 1);
	CHECK_INT(match("\\d", "电话号码"), 0);
	CHECK_INT(full("\\p{Han}+", "中国共产党"), 1);
	/* Characters, not bytes. */
	CHECK_INT(full(".{5}", "中国共产党"), 1);
	CHECK_INT(full("[党团]员", "党员"), 1);
	CHECK_INT(full("\\w+", "党员"), 1);
	/* With Unicode properties \d takes full-width digits too. */
	CHECK_INT(full("\\d{3}", "１２３"), 1);
	CHECK_INT(match("共产党", "中国共产党员"), 1);
	CHECK_INT(full("共产党", "中国共产党员"), 0);
}

static void
mobile_numbers(void)
{
	const char *p = "^1[3-9]\\d{9}$";

	CHECK_INT(full(p, "13800138000"), 1);
	CHECK_INT(full(p, "19912345678"), 1);
	CHECK_INT(full(p, "12800138000"), 0);
	CHECK_INT(full(p, "1380013800"), 0);
	CHECK_INT(full(p, "138001380001"), 0);
	CHECK_INT(full(p, "1380013800a"), 0);
	CHECK_INT(full(p, ""), 0);
	/* $ allows a final newline; full matching does not. */
	CHECK_INT(match(p, "13800138000\n"), 1);
	CHECK_INT(full(p, "13800138000\n"), 0);
	CHECK_INT(full("1[3-9]\\d{9}", "13800138000"), 1);
	CHECK_INT(full("1[3-9]\\d{9}", "x13800138000"), 0);
	CHECK_INT(match("1[3-9]\\d{9}", "x13800138000"), 1);
}

static void
unit_codes(void)
{
	const char *p = "^\\d{3}(\\.\\d{3})*$";

	CHECK_INT(full(p, "001"), 1);
	CHECK_INT(full(p, "001.002.003"), 1);
	CHECK_INT(full(p, "001.02"), 0);
	CHECK_INT(full(p, "001."), 0);
	CHECK_INT(full(p, "001.002.0033"), 0);
	CHECK_INT(full(p, ""), 0);
	CHECK_INT(e.code, 0);
}

static void
bad_pattern(void)
{
	CHECK_INT(match("a(b", "ab"), -1);
	CHECK_INT(e.code, EXIT_USAGE);
	CHECK_STR(e.msg, "bad pattern 'a(b': missing closing parenthesis at offset 3");
	CHECK_INT(full("[z-a]", "a"), -1);
	CHECK_STR(e.msg, "bad pattern '[z-a]': range out of order in character "
	    "class at offset 3");
	CHECK_INT(match("x{2,1}", "x"), -1);
	CHECK_STR(e.msg, "bad pattern 'x{2,1}': numbers out of order in {} "
	    "quantifier at offset 5");
	/* Still bad the second time: failures are not cached. */
	CHECK_INT(match("a(b", "ab"), -1);
	CHECK_STR(e.msg, "bad pattern 'a(b': missing closing parenthesis at offset 3");
}

static void
limits(void)
{
	char pattern[20000];

	/* The cache lives outside the sandbox's memory limit. */
	memset(pattern, 'a', sizeof pattern - 1);
	pattern[sizeof pattern - 1] = '\0';
	CHECK_INT(match(pattern, "a"), -1);
	CHECK_STR(e.msg, "bad pattern '"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...': pattern string "
	    "is longer than the limit set by the application at offset 0");
	/* A long pattern is cut in the message on a character boundary. */
	strcpy(pattern, "(");
	for (int i = 0; i < 40; i++)
		strcat(pattern, "党");
	CHECK_INT(match(pattern, "党"), -1);
	CHECK_STR(e.msg, "bad pattern '(党党党党党党党党党党党党党党党党党党党党党党党党党党党党党党党党党..."
	    "': missing closing parenthesis at offset 121");
	/* Catastrophic backtracking stops. */
	CHECK_INT(full("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"), -1);
	CHECK_INT(e.code, EXIT_USAGE);
	CHECK_STR(e.msg, "pattern '(a+)+$': match limit exceeded");
	CHECK_INT(full("(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), 1);
}

/* Depth, heap and capture limits: a pattern of thousands of captures
 * fails at once instead of growing frames of that size. */
static void
more_limits(void)
{
	char pattern[20000], subject[20010];
	int i;

	memset(subject, 'a', 20000);
	strcpy(subject + 20000, "c");
	CHECK_INT(match("^(a|b)*c", subject), -1);
	CHECK_STR(e.msg, "pattern '^(a|b)*c': matching depth limit exceeded");
	strcpy(subject + 2000, "c");
	CHECK_INT(match("^(a|b)*c", subject), 1);
	pattern[0] = '\0';
	for (i = 0; i < 90; i++)
		strcat(pattern, "(x)?");
	strcat(pattern, "^(a|b)*c");
	strcpy(subject + 5000, "c");
	CHECK_INT(match(pattern, subject), -1);
	CHECK(strstr(e.msg, "': heap limit exceeded") != NULL);
	pattern[0] = '\0';
	for (i = 0; i < 8000; i++)
		strcat(pattern, "()");
	CHECK_INT(match(pattern, "x"), -1);
	CHECK(strstr(e.msg, "': 8000 capture groups, more than 100") != NULL);
	pattern[202] = '\0';
	CHECK_INT(match(pattern, "x"), -1);
	CHECK(strstr(e.msg, "': 101 capture groups, more than 100") != NULL);
	pattern[200] = '\0';
	CHECK_INT(match(pattern, "x"), 1);
}

static void
invalid_subject(void)
{
	CHECK_INT(match("a", "a\xff\xfe"), -1);
	CHECK_INT(e.code, EXIT_USAGE);
	CHECK_STR(e.msg, "subject is not valid UTF-8");
	CHECK_INT(full(".*", "\xe4\xb8"), -1);
	CHECK_STR(e.msg, "subject is not valid UTF-8");
	/* An embedded NUL is a character like any other. */
	error_clear(&e);
	CHECK_INT(regex_full_match(cache, "a\\x00b", "a\0b", 3, &e), 1);
}

static void
cache_reuse(void)
{
	char pattern[40], subject[20];
	int i, hits = 0;

	/* More distinct patterns than the cache holds: it empties and goes on. */
	for (i = 0; i < 1000; i++) {
		snprintf(pattern, sizeof pattern, "^%d(\\d+)?$", i);
		snprintf(subject, sizeof subject, "%d", i);
		hits += full(pattern, subject);
	}
	CHECK_INT(hits, 1000);
	/* A pattern used again is not compiled again. */
	{
		unsigned long before = regex_cache_compiled(cache);

		for (i = 0; i < 2000; i++)
			hits += full("^1[3-9]\\d{9}$", "13800138000");
		CHECK_INT(regex_cache_compiled(cache) - before, 1);
		CHECK_INT(hits, 3000);
	}
	/* More distinct subjects than the answers kept: they are forgotten and
	 * matched anew, still right. */
	for (i = 0, hits = 0; i < 5000; i++) {
		snprintf(subject, sizeof subject, "%d", i);
		hits += match("7$", subject) + match("7$", subject);
	}
	CHECK_INT(hits, 1000);
}

/* Run CODE as t.lua: its first result as a string, or "error: " and the
 * message. */
static const char *
eval(struct sandbox *sb, const char *code)
{
	static char out[1100];
	lua_State *L = sandbox_lua(sb);
	char err[1024];

	CHECK_INT(luaL_loadbufferx(L, code, strlen(code), "=t.lua", "t"), LUA_OK);
	if (sandbox_call(sb, 0, 1, err, sizeof err) != 0) {
		snprintf(out, sizeof out, "error: %s", err);
		return out;
	}
	snprintf(out, sizeof out, "%s", luaL_tolstring(L, -1, NULL));
	lua_pop(L, 2);
	return out;
}

static void
lua_module(void)
{
	struct sandbox_limits lim = { 8u << 20, 1000000 };
	struct sandbox *sb;

	error_clear(&e);
	sb = sandbox_new(&lim, &e);
	sandbox_add_module(sb, "re", luaopen_re);
	sandbox_seal(sb);
	CHECK_STR(eval(sb, "return re.match('\\\\d+', '电话13800138000')"), "true");
	CHECK_STR(eval(sb, "return re.match('^\\\\d+$', '电话13800138000')"),
	    "false");
	CHECK_STR(eval(sb, "return re.full('1[3-9]\\\\d{9}', '13800138000')"),
	    "true");
	CHECK_STR(eval(sb, "return re.full('1[3-9]\\\\d{9}', '138001380001')"),
	    "false");
	/* Byte positions; a group that took no part is false. */
	CHECK_STR(eval(sb, "local s, e, a, b = re.find('(\\\\d+)-(\\\\d+)?',"
	    " '号码：123-')\n"
	    "return s .. ' ' .. e .. ' ' .. a .. ' ' .. tostring(b)"),
	    "10 13 123 false");
	CHECK_STR(eval(sb, "return select('#', re.find('(a)(b)?(c)?', 'xa'))"),
	    "5");
	CHECK_STR(eval(sb, "return re.find('z', 'abc')"), "nil");
	CHECK_STR(eval(sb, "local s, e = re.find('党员', '中共党员')\n"
	    "return s .. ':' .. e"), "7:12");
	CHECK_STR(eval(sb, "return re.valid('^\\\\d{3}$')"), "true");
	CHECK_STR(eval(sb, "return select(2, re.valid('a(b'))"),
	    "bad pattern 'a(b': missing closing parenthesis at offset 3");
	CHECK_STR(eval(sb, "return re.match('a(b', 'ab')"),
	    "error: t.lua:1: bad pattern 'a(b': missing closing parenthesis "
	    "at offset 3");
	CHECK_STR(eval(sb, "return re.match('a', 'a\\255')"),
	    "error: t.lua:1: subject is not valid UTF-8");
	CHECK_STR(eval(sb, "return re.match(1)"),
	    "error: t.lua:1: bad argument #2 to 'match' (string expected, "
	    "got no value)");
	/* re.first: the first part that matches, and its number; parts as
	 * string.sub counts them; a look-behind stays inside its part. */
	CHECK_STR(eval(sb, "local s, i = re.first('局', '阿克苏市/公安局党委/特巡警大队', '/')\n"
	    "return s .. ' ' .. i"), "公安局党委 2");
	CHECK_STR(eval(sb, "return re.first('市', '阿克苏市/公安局', '/', 2)"),
	    "nil");
	CHECK_STR(eval(sb, "return re.first('大队', 'a/b/特巡警大队', '/', 1, -2)"),
	    "nil");
	CHECK_STR(eval(sb, "return re.first('大队', '//特巡警大队//', '/', -1)"),
	    "特巡警大队");
	CHECK_STR(eval(sb, "return select(2, re.first('^b', 'a::b::b', '::'))"),
	    "2");
	CHECK_STR(eval(sb, "return re.first('(?<!城)乡', '城/乡建设局', '/')"),
	    "乡建设局");
	CHECK_STR(eval(sb, "return re.first('x', '', '/')"), "nil");
	CHECK_STR(eval(sb, "return re.first('x', 'x', '')"),
	    "error: t.lua:1: bad argument #3 to 'first' (empty separator)");
	CHECK_STR(eval(sb, "re.match = nil"),
	    "error: t.lua:1: attempt to modify a read-only table");
	sandbox_free(sb);
}

/* Each match is charged to the call: the subject's bytes, and every
 * match limit it hits; so a loop of failing matches ends. */
static void
lua_module_metered(void)
{
	struct sandbox_limits lim = { 8u << 20, 1000000 };
	const char *limit = "error: t.lua:2: instruction limit exceeded "
	    "(1000000 instructions)";
	struct sandbox *sb;

	error_clear(&e);
	sb = sandbox_new(&lim, &e);
	sandbox_add_module(sb, "re", luaopen_re);
	sandbox_seal(sb);
	/* Stock PCRE2 limits stop each match; only the charge stops the
	 * loop (it cost 20 * 5 instructions before). */
	CHECK_STR(eval(sb, "for i = 1, 20 do\n"
	    "  pcall(re.match, '(a+)+$', ('a'):rep(30) .. 'b')\n"
	    "end return 'done'"), limit);
	CHECK_STR(eval(sb, "while true do\n"
	    "  pcall(re.match, '(a+)+$', ('a'):rep(5000) .. 'b')\n"
	    "end"), limit);
	CHECK_STR(eval(sb, "local s = ('a'):rep(1 << 20)\n"
	    "for i = 1, 100 do re.match('b', s) end return 'done'"), limit);
	CHECK_STR(eval(sb, "local n = 0\n"
	    "for i = 1, 2000 do n = n + (re.full('^1[3-9]\\\\d{9}$', "
	    "'1380013800' .. i % 10) and 1 or 0) end return n"), "2000");
	/* A kept answer costs what the match cost: the same loop over one
	 * subject ends as it did over new ones. */
	CHECK_STR(eval(sb, "for i = 1, 20 do\n"
	    "  pcall(re.first, '(a+)+$', 'x/' .. ('a'):rep(30) .. 'b', '/')\n"
	    "end return 'done'"), limit);
	sandbox_free(sb);
}

void
test_regex(void)
{
	cache = regex_cache_new();
	test_case("regex: Chinese text", chinese_text);
	test_case("regex: mobile numbers", mobile_numbers);
	test_case("regex: unit codes", unit_codes);
	test_case("regex: bad pattern", bad_pattern);
	test_case("regex: length and backtracking limits", limits);
	test_case("regex: depth, heap and capture limits", more_limits);
	test_case("regex: invalid UTF-8 subject", invalid_subject);
	test_case("regex: cache reuse", cache_reuse);
	test_case("regex: Lua module", lua_module);
	test_case("regex: Lua module metered", lua_module_metered);
	regex_cache_free(cache);
	cache = NULL;
}
