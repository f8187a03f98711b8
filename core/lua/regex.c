/*
 * regex.c - PCRE2 patterns for the core and for rules (see regex.h): a
 * cache of compiled patterns keyed by their text, the matching functions
 * and the Lua module "re".
 *
 * The cache is an open-addressing hash table kept at most half full.
 * When it is full it is simply emptied: a pack uses a handful of
 * patterns, so eviction order does not matter, and emptying keeps the
 * code free of bookkeeping.  One match block serves every match and grows
 * to the largest number of captures seen.
 *
 * What the cache holds is outside the Lua allocator's count, so patterns
 * have a length limit and a capture limit; and PCRE2 runs in C, where the
 * sandbox's count hook never fires, so a match has low match, depth and
 * heap limits, and the Lua module charges each match to the call's
 * instruction count (sandbox_charge()).  PCRE2 does not say how many
 * steps a match took, so the match limit serves as the meter: a match
 * runs under a small limit first, and again under one ten times larger
 * while it hits the limit; each limit hit is charged in full.
 *
 * Rules match the same short subjects again and again (the name of an
 * organisation, once for each of its members), so the cache also keeps
 * the result of each yes-or-no match of a short subject, with what it
 * cost: a result found there is charged that cost again, so the count
 * of a call does not depend on what ran before.  It is emptied with the
 * patterns (it points at them) and when it is half full.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <lauxlib.h>
#include <lua.h>

#include "regex.h"
#include "sandbox.h"
#include "util.h"

/* Slots in the cache (a power of two); at most half hold a pattern. */
#define REGEX_SLOTS 512

/* The longest pattern accepted, in bytes. */
#define REGEX_MAX_PATTERN 16384

/* The most capture groups a pattern may have: a backtracking frame holds
 * them all, so thousands would make each frame large. */
#define REGEX_MAX_CAPTURES 100

/* Backtracking steps a match may take (PCRE2's own default is a hundred
 * times more): about a millisecond.  It is tried from
 * REGEX_FIRST_LIMIT up, ten times more each time (regex_run()). */
#define REGEX_MATCH_LIMIT 100000
#define REGEX_FIRST_LIMIT 1000

/* How deep backtracking may nest, and the KiB of backtracking frames a
 * match may hold (PCRE2's defaults: ten million, and 20 MiB). */
#define REGEX_DEPTH_LIMIT 10000
#define REGEX_HEAP_LIMIT 4096

/* A call of the Lua module is charged one instruction per this many
 * subject bytes and one per this many pattern bytes. */
#define REGEX_BYTES_PER_UNIT 64
#define REGEX_PATTERN_BYTES_PER_UNIT 4

/* Slots in the memo of match results (a power of two); at most half
 * hold a result.  Only subjects up to REGEX_MEMO_SUBJECT bytes are kept,
 * so the memo holds at most about a megabyte. */
#define REGEX_MEMO_SLOTS 4096
#define REGEX_MEMO_SUBJECT 256

/* The metatable of the userdata that holds the Lua module's cache. */
#define REGEX_CACHE_TYPE "baodao.regex_cache"

struct regex_entry {
	char *pattern;          /* owned; NULL for an empty slot */
	size_t len;
	pcre2_code *code;       /* owned */
};

/* A remembered match: pattern code against subject with opts. */
struct regex_result {
	const pcre2_code *code; /* the entry's; NULL for an empty slot */
	uint32_t opts;
	char *subject;          /* owned */
	size_t len;
	int matched;            /* 1 or 0; errors are not remembered */
	size_t cost;            /* what regex_run() charged for it */
};

struct regex_cache {
	struct regex_entry slot[REGEX_SLOTS];
	size_t count;                   /* slots in use */
	struct regex_result *memo;      /* owned, REGEX_MEMO_SLOTS; NULL until used */
	size_t memo_count;              /* results in the memo */
	unsigned long compiled;         /* patterns compiled, for tests and tuning */
	pcre2_compile_context *cc;      /* owned; sets REGEX_MAX_PATTERN */
	pcre2_match_context *mc;        /* owned; sets the match limits */
	pcre2_match_data *md;           /* owned; shared by every match */
};

/* PCRE2 could not allocate: end the program, as xmalloc() does. */
_Noreturn static void
regex_oom(void)
{
	util_warnx("out of memory");
	exit(EXIT_ENV);
}

/* A new, empty cache; it owns what it compiles. */
struct regex_cache *
regex_cache_new(void)
{
	struct regex_cache *c = xcalloc(1, sizeof *c);

	c->cc = pcre2_compile_context_create(NULL);
	c->mc = pcre2_match_context_create(NULL);
	c->md = pcre2_match_data_create(16, NULL);
	if (c->cc == NULL || c->mc == NULL || c->md == NULL)
		regex_oom();
	pcre2_set_max_pattern_length(c->cc, REGEX_MAX_PATTERN);
	pcre2_set_match_limit(c->mc, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(c->mc, REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(c->mc, REGEX_HEAP_LIMIT);
	return c;
}

/* Forget every remembered result. */
static void
regex_memo_clear(struct regex_cache *c)
{
	size_t i;

	if (c->memo == NULL)
		return;
	for (i = 0; i < REGEX_MEMO_SLOTS; i++) {
		free(c->memo[i].subject);
		c->memo[i].subject = NULL;
		c->memo[i].code = NULL;
	}
	c->memo_count = 0;
}

/* Free every compiled pattern, and the results that point at them,
 * leaving the cache empty. */
static void
regex_cache_clear(struct regex_cache *c)
{
	size_t i;

	regex_memo_clear(c);
	for (i = 0; i < REGEX_SLOTS; i++) {
		free(c->slot[i].pattern);
		pcre2_code_free(c->slot[i].code);
		c->slot[i].pattern = NULL;
		c->slot[i].code = NULL;
	}
	c->count = 0;
}

/* Free the cache and every pattern in it. */
void
regex_cache_free(struct regex_cache *c)
{
	if (c == NULL)
		return;
	regex_cache_clear(c);
	free(c->memo);
	pcre2_compile_context_free(c->cc);
	pcre2_match_context_free(c->mc);
	pcre2_match_data_free(c->md);
	free(c);
}

/* FNV-1a of s, continuing from h (2166136261 to begin). */
static uint32_t
regex_hash_from(uint32_t h, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* FNV-1a of the pattern text. */
static uint32_t
regex_hash(const char *s, size_t len)
{
	return regex_hash_from(2166136261u, s, len);
}

/* The slot holding PATTERN, or the empty slot where it belongs. */
static struct regex_entry *
regex_slot(struct regex_cache *c, const char *pattern, size_t len)
{
	size_t i = regex_hash(pattern, len) & (REGEX_SLOTS - 1);
	struct regex_entry *en;

	for (;;) {
		en = &c->slot[i];
		if (en->pattern == NULL || (en->len == len &&
		    memcmp(en->pattern, pattern, len) == 0))
			return en;
		i = (i + 1) & (REGEX_SLOTS - 1);
	}
}

/* How many bytes of a pattern a message shows: all of a short one, else
 * about the first hundred, ending on a whole UTF-8 character. */
static int
regex_shown(const char *pattern, size_t len)
{
	size_t n = len;

	if (n > 100) {
		n = 100;
		while (n > 0 && ((unsigned char)pattern[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

/* Make the match block hold the captures of code. */
static void
regex_fit(struct regex_cache *c, const pcre2_code *code)
{
	uint32_t n;

	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &n);
	if (pcre2_get_ovector_count(c->md) > n)
		return;
	pcre2_match_data_free(c->md);
	if ((c->md = pcre2_match_data_create(n + 1, NULL)) == NULL)
		regex_oom();
}

/*
 * The cache entry of PATTERN (len bytes), compiled now if it was not
 * there; the cache owns it, until the next regex_get().  NULL with e set
 * when the pattern is bad.  Bad patterns are not cached: they end the run
 * anyway.
 */
static const struct regex_entry *
regex_get(struct regex_cache *c, const char *pattern, size_t len,
    struct error *e)
{
	struct regex_entry *en = regex_slot(c, pattern, len);
	PCRE2_UCHAR reason[256];
	PCRE2_SIZE offset;
	pcre2_code *code;
	uint32_t ncap;
	int err;

	if (en->pattern != NULL)
		return en;
	code = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_UTF | PCRE2_UCP,
	    &err, &offset, c->cc);
	c->compiled++;
	if (code == NULL) {
		pcre2_get_error_message(err, reason, sizeof reason);
		error_set(e, EXIT_USAGE, "bad pattern '%.*s%s': %s at offset %zu",
		    regex_shown(pattern, len), pattern, len > 100 ? "..." : "",
		    (const char *)reason, (size_t)offset);
		return NULL;
	}
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
	if (ncap > REGEX_MAX_CAPTURES) {
		pcre2_code_free(code);
		error_set(e, EXIT_USAGE, "bad pattern '%.*s%s': %u capture "
		    "groups, more than %d", regex_shown(pattern, len), pattern,
		    len > 100 ? "..." : "", (unsigned)ncap, REGEX_MAX_CAPTURES);
		return NULL;
	}
	if (c->count == REGEX_SLOTS / 2) {
		regex_cache_clear(c);
		en = regex_slot(c, pattern, len);
	}
	en->pattern = xstrndup(pattern, len);
	en->len = len;
	en->code = code;
	c->count++;
	return en;
}

/*
 * Match the pattern of en against SUBJECT with the pcre2_match() options
 * opts; the match block then holds the captures.  *cost is set to what
 * the match is worth in instructions: the subject's bytes, and every
 * match limit it hit (all of REGEX_MATCH_LIMIT when it hit the depth or
 * heap limit).  Returns 1 or 0, or -1 with e set.
 */
static int
regex_run(struct regex_cache *c, const struct regex_entry *en,
    const char *subject, size_t len, uint32_t opts, size_t *cost,
    struct error *e)
{
	PCRE2_UCHAR reason[256];
	uint32_t limit;
	int rc;

	regex_fit(c, en->code);
	*cost = 1 + len / REGEX_BYTES_PER_UNIT;
	for (limit = REGEX_FIRST_LIMIT; ; limit *= 10) {
		pcre2_set_match_limit(c->mc, limit);
		rc = pcre2_match(en->code, (PCRE2_SPTR)subject, len, 0, opts,
		    c->md, c->mc);
		if (rc != PCRE2_ERROR_MATCHLIMIT)
			break;
		*cost += limit;
		if (limit >= REGEX_MATCH_LIMIT)
			break;
	}
	if (rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
		*cost += REGEX_MATCH_LIMIT;
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
		return error_set(e, EXIT_USAGE, "subject is not valid UTF-8");
	pcre2_get_error_message(rc, reason, sizeof reason);
	return error_set(e, EXIT_USAGE, "pattern '%.*s%s': %s",
	    regex_shown(en->pattern, en->len), en->pattern,
	    en->len > 100 ? "..." : "", (const char *)reason);
}

/* The memo slot of en's pattern against SUBJECT with opts, or the empty
 * slot where it belongs. */
static struct regex_result *
regex_memo_slot(struct regex_cache *c, const struct regex_entry *en,
    const char *subject, size_t len, uint32_t opts)
{
	uint32_t h = regex_hash_from(2166136261u ^ opts ^
	    (uint32_t)((uintptr_t)en->code >> 4), subject, len);
	struct regex_result *r;
	size_t i;

	for (i = h & (REGEX_MEMO_SLOTS - 1); ; i = (i + 1) & (REGEX_MEMO_SLOTS - 1)) {
		r = &c->memo[i];
		if (r->code == NULL || (r->code == en->code && r->opts == opts &&
		    r->len == len && memcmp(r->subject, subject, len) == 0))
			return r;
	}
}

/*
 * regex_run() for a yes-or-no answer, which needs no captures: a short
 * subject's answer and cost are remembered, and given again (with the
 * same cost) when the same pattern meets the same subject.
 */
static int
regex_test(struct regex_cache *c, const struct regex_entry *en,
    const char *subject, size_t len, uint32_t opts, size_t *cost,
    struct error *e)
{
	struct regex_result *r;
	int rc;

	if (len > REGEX_MEMO_SUBJECT)
		return regex_run(c, en, subject, len, opts, cost, e);
	if (c->memo == NULL)
		c->memo = xcalloc(REGEX_MEMO_SLOTS, sizeof *c->memo);
	r = regex_memo_slot(c, en, subject, len, opts);
	if (r->code != NULL) {
		*cost = r->cost;
		return r->matched;
	}
	if ((rc = regex_run(c, en, subject, len, opts, cost, e)) < 0)
		return rc;
	if (c->memo_count == REGEX_MEMO_SLOTS / 2) {
		regex_memo_clear(c);
		r = regex_memo_slot(c, en, subject, len, opts);
	}
	r->code = en->code;
	r->opts = opts;
	r->subject = xmalloc(len + 1);
	memcpy(r->subject, subject, len);
	r->len = len;
	r->matched = rc;
	r->cost = *cost;
	c->memo_count++;
	return rc;
}

/* regex_match() and regex_full_match(), which differ in opts. */
static int
regex_exec(struct regex_cache *c, const char *pattern, const char *subject,
    size_t len, uint32_t opts, struct error *e)
{
	const struct regex_entry *en = regex_get(c, pattern, strlen(pattern), e);
	size_t cost;

	if (en == NULL)
		return -1;
	return regex_test(c, en, subject, len, opts, &cost, e);
}

/* Compiled patterns, and the answers for short subjects, stay in the
 * cache. */
int
regex_match(struct regex_cache *c, const char *pattern, const char *subject,
    size_t len, struct error *e)
{
	return regex_exec(c, pattern, subject, len, 0, e);
}

/* As regex_match(), anchored at both ends of the subject. */
int
regex_full_match(struct regex_cache *c, const char *pattern,
    const char *subject, size_t len, struct error *e)
{
	return regex_exec(c, pattern, subject, len,
	    PCRE2_ANCHORED | PCRE2_ENDANCHORED, e);
}

/* ---- the Lua module -------------------------------------------------- */

/* The module's cache: upvalue 1 of every module function. */
static struct regex_cache *
regex_lua_cache(lua_State *L)
{
	return *(struct regex_cache **)lua_touserdata(L, lua_upvalueindex(1));
}

/* __gc of the cache userdata. */
static int
regex_lua_gc(lua_State *L)
{
	struct regex_cache **box = luaL_checkudata(L, 1, REGEX_CACHE_TYPE);

	regex_cache_free(*box);
	*box = NULL;
	return 0;
}

/* The cache entry of the pattern at argument 1, compiled now if need
 * be; NULL with e set when the pattern is bad.  Every use is charged by
 * the pattern's bytes as if it were compiled: whether the cache has it
 * depends on what ran before, and the count must not. */
static const struct regex_entry *
regex_lua_get(lua_State *L, struct error *e)
{
	const char *pattern;
	size_t plen;

	pattern = luaL_checklstring(L, 1, &plen);
	sandbox_charge(L, 1 + plen / REGEX_PATTERN_BYTES_PER_UNIT);
	error_clear(e);
	return regex_get(regex_lua_cache(L), pattern, plen, e);
}

/* Match argument 1 against argument 2 with opts, charged to the sandbox
 * call; returns the pattern's cache entry when it matched, NULL when not.
 * captures says whether the caller reads the captures from the match
 * block; a match that needs none may come from the memo.  Errors raise. */
static const struct regex_entry *
regex_lua_run(lua_State *L, uint32_t opts, int captures)
{
	struct regex_cache *c = regex_lua_cache(L);
	const struct regex_entry *en;
	const char *s;
	size_t len, cost;
	struct error e;
	int rc;

	luaL_checkstring(L, 1);
	s = luaL_checklstring(L, 2, &len);
	if ((en = regex_lua_get(L, &e)) == NULL)
		luaL_error(L, "%s", e.msg);
	if (captures)
		rc = regex_run(c, en, s, len, opts, &cost, &e);
	else
		rc = regex_test(c, en, s, len, opts, &cost, &e);
	sandbox_charge(L, cost);
	if (rc < 0)
		luaL_error(L, "%s", e.msg);
	return rc > 0 ? en : NULL;
}

/* re.match(pattern, s): does pattern match somewhere in s? */
static int
regex_lua_match(lua_State *L)
{
	lua_pushboolean(L, regex_lua_run(L, 0, 0) != NULL);
	return 1;
}

/* re.full(pattern, s): does pattern match all of s? */
static int
regex_lua_full(lua_State *L)
{
	lua_pushboolean(L, regex_lua_run(L,
	    PCRE2_ANCHORED | PCRE2_ENDANCHORED, 0) != NULL);
	return 1;
}

/* re.find(pattern, s): 1-based start and end byte of the first match and
 * its captures (false for a group that took no part), or nil. */
static int
regex_lua_find(lua_State *L)
{
	const struct regex_entry *en = regex_lua_run(L, 0, 1);
	const char *s = lua_tostring(L, 2);
	PCRE2_SIZE *ov;
	uint32_t n, i;

	if (en == NULL) {
		luaL_pushfail(L);
		return 1;
	}
	pcre2_pattern_info(en->code, PCRE2_INFO_CAPTURECOUNT, &n);
	luaL_checkstack(L, (int)n + 2, "too many captures");
	ov = pcre2_get_ovector_pointer(regex_lua_cache(L)->md);
	lua_pushinteger(L, (lua_Integer)ov[0] + 1);
	lua_pushinteger(L, (lua_Integer)ov[1]);
	for (i = 1; i <= n; i++) {
		if (ov[2 * i] == PCRE2_UNSET)
			lua_pushboolean(L, 0);
		else if (ov[2 * i + 1] < ov[2 * i])   /* \K in a lookaround */
			lua_pushliteral(L, "");
		else
			lua_pushlstring(L, s + ov[2 * i],
			    ov[2 * i + 1] - ov[2 * i]);
	}
	return (int)n + 2;
}

/* The first sep (seplen > 0 bytes) in s (len bytes), or NULL. */
static const char *
regex_find_sep(const char *s, size_t len, const char *sep, size_t seplen)
{
	const char *p = s, *end = s + len;

	while ((size_t)(end - p) >= seplen &&
	    (p = memchr(p, sep[0], (size_t)(end - p) - seplen + 1)) != NULL) {
		if (memcmp(p, sep, seplen) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* The next non-empty part of s (len bytes) cut at each sep (seplen > 0
 * bytes) from *pos on: its start and length, *pos moved past it.
 * Returns 0 when there is none left. */
static int
regex_next_part(const char *s, size_t len, const char *sep, size_t seplen,
    size_t *pos, size_t *start, size_t *plen)
{
	const char *end;

	while (*pos < len) {
		end = regex_find_sep(s + *pos, len - *pos, sep, seplen);
		*start = *pos;
		*plen = (end == NULL ? len : (size_t)(end - s)) - *pos;
		*pos += *plen + (end == NULL ? 0 : seplen);
		if (*plen > 0)
			return 1;
	}
	return 0;
}

/* A part number i as string.sub reads it (negative: from the end of n
 * parts), clamped to 0 .. n + 1. */
static lua_Integer
regex_part_index(lua_Integer i, lua_Integer n)
{
	if (i < 0)
		i = n + i + 1;
	return i < 0 ? 0 : i > n + 1 ? n + 1 : i;
}

/*
 * re.first(pattern, s, sep [, i [, j]]): the first of the non-empty parts
 * of s, cut at each sep (plain text), from part i to part j (string.sub's
 * way: negative counts from the end; 1 and -1 by default) that pattern
 * matches somewhere in, and its number; or nil.  Charged as re.match on
 * each part tried, plus a scan of s.
 */
static int
regex_lua_first(lua_State *L)
{
	struct regex_cache *c = regex_lua_cache(L);
	const struct regex_entry *en;
	const char *s, *sep;
	size_t len, seplen, pos = 0, start, plen, cost;
	lua_Integer n = 0, k = 0, i, j;
	struct error e;
	int rc;

	luaL_checkstring(L, 1);
	s = luaL_checklstring(L, 2, &len);
	sep = luaL_checklstring(L, 3, &seplen);
	luaL_argcheck(L, seplen > 0, 3, "empty separator");
	i = luaL_optinteger(L, 4, 1);
	j = luaL_optinteger(L, 5, -1);
	if ((en = regex_lua_get(L, &e)) == NULL)
		luaL_error(L, "%s", e.msg);
	sandbox_charge(L, 1 + len / REGEX_BYTES_PER_UNIT);
	while (regex_next_part(s, len, sep, seplen, &pos, &start, &plen))
		n++;
	i = regex_part_index(i, n);
	j = regex_part_index(j, n);
	for (pos = 0; k < j &&
	    regex_next_part(s, len, sep, seplen, &pos, &start, &plen); ) {
		if (++k < i)
			continue;
		rc = regex_test(c, en, s + start, plen, 0, &cost, &e);
		sandbox_charge(L, cost);
		if (rc < 0)
			luaL_error(L, "%s", e.msg);
		if (rc > 0) {
			lua_pushlstring(L, s + start, plen);
			lua_pushinteger(L, k);
			return 2;
		}
	}
	luaL_pushfail(L);
	return 1;
}

/* re.valid(pattern): true, or false and why not. */
static int
regex_lua_valid(lua_State *L)
{
	struct error e;

	if (regex_lua_get(L, &e) == NULL) {
		lua_pushboolean(L, 0);
		lua_pushstring(L, e.msg);
		return 2;
	}
	lua_pushboolean(L, 1);
	return 1;
}

static const luaL_Reg regex_lib[] = {
	{"match", regex_lua_match},
	{"full", regex_lua_full},
	{"find", regex_lua_find},
	{"first", regex_lua_first},
	{"valid", regex_lua_valid},
	{NULL, NULL}
};

/* The cache is a userdata upvalue of the functions, so it is freed with
 * the state and no rule can reach it. */
int
luaopen_re(lua_State *L)
{
	struct regex_cache **box;

	luaL_newlibtable(L, regex_lib);
	box = lua_newuserdatauv(L, sizeof *box, 0);
	*box = NULL;
	if (luaL_newmetatable(L, REGEX_CACHE_TYPE)) {
		lua_pushcfunction(L, regex_lua_gc);
		lua_setfield(L, -2, "__gc");
	}
	lua_setmetatable(L, -2);
	*box = regex_cache_new();
	luaL_setfuncs(L, regex_lib, 1);
	return 1;
}

unsigned long
regex_cache_compiled(const struct regex_cache *c)
{
	return c->compiled;
}
