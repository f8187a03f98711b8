/*
 * sandbox.c - the Lua state a rule pack runs in (the contract is in
 * sandbox.h).  Four mechanisms make it; the last two, freezing, are in
 * sandbox_freeze.c:
 *
 *  - Limits.  The state's allocator counts the bytes the state holds and,
 *    during a call, refuses growth past limits.memory above where the call
 *    began.  A count hook adds up the instructions the call runs and raises
 *    once they pass limits.instructions; the few library functions that
 *    can loop long in C without allocating charge their work to the same
 *    count.  Either way the call is marked exhausted: from then on the hook
 *    raises at every instruction, and pcall, xpcall and load raise again as
 *    they return, so no handler in the rule can swallow the failure.
 *
 *  - A whitelist.  The standard libraries are opened as usual, then a new
 *    table receives only the globals sandbox.h names and replaces the
 *    original globals in the registry.  A metatable makes the globals
 *    strict and names the blocked things.  The base functions that read
 *    tables raw (next, rawget, rawlen, rawset, pairs, setmetatable) see a
 *    frozen table's entries in its shadow.
 *
 *  - Freezing in place: a frozen table's entries move to a hidden shadow
 *    table behind a protected metatable.
 *
 *  - Upvalue snapshots: the locals frozen functions capture are put back
 *    after every call.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sandbox.h"
#include "sandbox_int.h"
#include "util.h"

/* Instructions between two runs of the count hook. */
#define SANDBOX_HOOK_STEP 1000

/* Between calls the state may hold 4 * limits.memory plus this. */
#define SANDBOX_SPARE ((size_t)64 << 20)

/* The stack slot where load() keeps the piece a reader function gave. */
#define SANDBOX_LOAD_SLOT 5

/* Base functions the sandbox takes unchanged from the standard library. */
static const char *const sandbox_base_kept[] = {
	"assert", "error", "getmetatable", "ipairs", "rawequal", "select",
	"tonumber", "tostring", "type", "_VERSION", NULL
};

/* What standard Lua has and the sandbox withholds: naming one is an
 * error rather than nil, so a pack learns why it fails. */
static const char *const sandbox_blocked[] = {
	"coroutine", "debug", "dofile", "io", "loadfile", "os", "package",
	"require", "string.dump", "math.random", "math.randomseed", NULL
};

/* The sandbox of a state: the allocator's user data. */
static struct sandbox *
sandbox_of(lua_State *L)
{
	void *ud;

	lua_getallocf(L, &ud);
	return ud;
}

/* ---- limits ---------------------------------------------------------- */

/* May the state grow by n bytes? */
static int
sandbox_fits(const struct sandbox *sb, size_t n)
{
	return sb->used <= sb->ceiling && n <= sb->ceiling - sb->used;
}

/* Is the request (ptr, osize, nsize) the one refused last? */
static int
sandbox_is_retry(const struct sandbox *sb, void *ptr, size_t osize,
    size_t nsize)
{
	return sb->refused.ptr == ptr && sb->refused.osize == osize &&
	    sb->refused.nsize == nsize;
}

/*
 * The lua_Alloc of every sandbox: realloc() that keeps sb->used and
 * refuses growth past sb->ceiling.  Lua answers a refusal with an
 * emergency collection and one identical retry, and raises only if that
 * fails too; so a retry that fits clears the mark again.
 */
static void *
sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox *sb = ud;
	size_t held = ptr != NULL ? osize : 0;  /* else osize is a type tag */
	int retry = 0;
	void *p;

	if (nsize == 0) {
		free(ptr);
		sb->used -= held;
		return NULL;
	}
	if (nsize > held && sb->refused.pending) {
		sb->refused.pending = 0;
		retry = sandbox_is_retry(sb, ptr, osize, nsize);
	}
	if (nsize > held && !sandbox_fits(sb, nsize - held)) {
		if (sb->depth > 0) {
			sb->mem_exhausted = 1;
			sb->refused.pending = !retry;
			sb->refused.ptr = ptr;
			sb->refused.osize = osize;
			sb->refused.nsize = nsize;
		}
		return NULL;
	}
	if ((p = realloc(ptr, nsize)) == NULL)
		return NULL;
	if (retry)
		sb->mem_exhausted = 0;
	sb->used = sb->used - held + nsize;
	return p;
}

/* Has the current call passed a limit? */
static int
sandbox_exhausted(const struct sandbox *sb)
{
	return sb->mem_exhausted || sb->instr_exhausted;
}

/* Write the message of the limit the current call passed into buf (n
 * bytes); returns 0 when it passed none. */
static int
sandbox_limit_message(const struct sandbox *sb, char *buf, size_t n)
{
	if (sb->mem_exhausted)
		snprintf(buf, n, "memory limit exceeded (%zu bytes)",
		    sb->lim.memory);
	else if (sb->instr_exhausted)
		snprintf(buf, n, "instruction limit exceeded (%ld instructions)",
		    sb->lim.instructions);
	else
		return 0;
	return 1;
}

/* Raise the limit the current call passed, at the position of the
 * function at level (0 in the hook, which has no frame of its own). */
static int
sandbox_raise(lua_State *L, int level)
{
	struct sandbox *sb = sandbox_of(L);
	char msg[96];

	/* The error is under way: what is allocated now is no retry. */
	sb->refused.pending = 0;
	sandbox_limit_message(sb, msg, sizeof msg);
	luaL_where(L, level);
	lua_pushstring(L, msg);
	lua_concat(L, 2);
	return lua_error(L);
}

/* After a protected call inside the rule: a call that passed a limit must
 * fail whatever the handler did, so raise again. */
static void
sandbox_check(lua_State *L, int status)
{
	struct sandbox *sb = sandbox_of(L);

	if (status == LUA_ERRMEM)
		sb->mem_exhausted = 1;
	if (sandbox_exhausted(sb))
		sandbox_raise(L, 1);
}

/* The count hook: add up instructions; past the limit, raise now and at
 * every instruction from here on. */
static void
sandbox_hook(lua_State *L, lua_Debug *ar)
{
	struct sandbox *sb = sandbox_of(L);

	if (!sandbox_exhausted(sb)) {
		if (sb->count <= sb->lim.instructions - sb->step) {
			sb->count += sb->step;
			return;
		}
		sb->instr_exhausted = 1;
		lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	}
	sandbox_raise(L, 0);
}

/* Start a call: the outermost one resets the counters, sets the memory
 * ceiling and starts the hook. */
static void
sandbox_begin(struct sandbox *sb)
{
	if (sb->depth++ > 0)
		return;
	sb->count = 0;
	sb->mem_exhausted = 0;
	sb->instr_exhausted = 0;
	sb->refused.pending = 0;
	if (sb->used > SIZE_MAX - sb->lim.memory)
		sb->ceiling = SIZE_MAX;
	else
		sb->ceiling = sb->used + sb->lim.memory;
	lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, (int)sb->step);
}

/* End a call: the outermost one stops the hook, undoes upvalue writes
 * and, after a failure, collects what the call left behind. */
static void
sandbox_end(struct sandbox *sb, int failed)
{
	if (--sb->depth > 0)
		return;
	lua_sethook(sb->L, NULL, 0, 0);
	sb->ceiling = sb->cap;
	sandbox_restore_upvalues(sb);
	if (failed)
		lua_gc(sb->L, LUA_GCCOLLECT);
}

/*
 * Copy the message of a failed call (error value on top when status is
 * not LUA_OK) into err.  When the call passed a limit, the message must
 * say so: keep it if it does (it then has the position), else replace
 * what a handler or __close made of it.
 */
static void
sandbox_message(struct sandbox *sb, int status, char *err, size_t n)
{
	lua_State *L = sb->L;
	const char *msg = NULL;
	char limit[96];

	if (err == NULL || n == 0)
		return;
	if (status != LUA_OK && lua_isstring(L, -1))
		msg = lua_tostring(L, -1);
	if (sandbox_limit_message(sb, limit, sizeof limit) &&
	    (msg == NULL || strstr(msg, limit) == NULL))
		msg = limit;
	if (msg != NULL)
		snprintf(err, n, "%s", msg);
	else
		snprintf(err, n, "(error object is a %s value)",
		    luaL_typename(L, -1));
}

/* ---- raw table access ------------------------------------------------ */

/* Push the field name of the table at idx, raw; returns its type. */
int
sandbox_rawgetfield(lua_State *L, int idx, const char *name)
{
	idx = lua_absindex(L, idx);
	lua_pushstring(L, name);
	return lua_rawget(L, idx);
}

/* Copy every entry of the table at from into the table at to, raw,
 * except keys present in the table at skip (when skip is not 0). */
void
sandbox_copy(lua_State *L, int from, int to, int skip)
{
	lua_pushnil(L);
	while (lua_next(L, from)) {
		lua_pushvalue(L, -2);
		if (skip != 0) {
			lua_pushvalue(L, -1);
			if (lua_rawget(L, skip) != LUA_TNIL) {
				lua_pop(L, 3);
				continue;
			}
			lua_pop(L, 1);
		}
		lua_insert(L, -2);
		lua_rawset(L, to);
	}
}

/* ---- pairs() in a fixed order ---------------------------------------- */

/* A key of a table pairs() walks, with what ordering it needs. */
struct sandbox_key {
	int rank;               /* 0 number, 1 string, 2 boolean, 3 other */
	int type;
	int isint;
	lua_Integer i;          /* integers; booleans as 0 and 1 */
	lua_Number f;
	const char *s;
	size_t len;
	const void *p;          /* other types: the object's address */
	lua_Integer slot;       /* where the key is in the list of keys */
};

/* Fill k from the key at idx. */
static void
sandbox_key_of(lua_State *L, int idx, lua_Integer slot,
    struct sandbox_key *k)
{
	memset(k, 0, sizeof *k);
	k->type = lua_type(L, idx);
	k->slot = slot;
	switch (k->type) {
	case LUA_TNUMBER:
		k->rank = 0;
		k->isint = lua_isinteger(L, idx);
		if (k->isint)
			k->i = lua_tointeger(L, idx);
		else
			k->f = lua_tonumber(L, idx);
		break;
	case LUA_TSTRING:
		k->rank = 1;
		k->s = lua_tolstring(L, idx, &k->len);
		break;
	case LUA_TBOOLEAN:
		k->rank = 2;
		k->i = lua_toboolean(L, idx);
		break;
	default:
		k->rank = 3;
		k->p = lua_topointer(L, idx);
		break;
	}
}

/* Compare an integer with a float exactly: converting either one to the
 * other's type could round.  Keys are never NaN. */
static int
sandbox_int_float_cmp(lua_Integer i, lua_Number f)
{
	lua_Integer t;

	if (f >= -(lua_Number)LUA_MININTEGER)
		return -1;
	if (f < (lua_Number)LUA_MININTEGER)
		return 1;
	t = (lua_Integer)f;     /* f truncated, within one of f */
	if (i != t)
		return i < t ? -1 : 1;
	return ((lua_Number)t > f) - ((lua_Number)t < f);
}

/* qsort() order of pairs(): numbers ascending, strings in byte order,
 * false before true, then other types, by type and address (the only
 * order they have; it holds as long as the objects live). */
static int
sandbox_key_cmp(const void *a, const void *b)
{
	const struct sandbox_key *x = a, *y = b;
	size_t n;
	int c;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	switch (x->rank) {
	case 0:
		if (x->isint && y->isint)
			return (x->i > y->i) - (x->i < y->i);
		if (!x->isint && !y->isint)
			return (x->f > y->f) - (x->f < y->f);
		if (x->isint)
			return sandbox_int_float_cmp(x->i, y->f);
		return -sandbox_int_float_cmp(y->i, x->f);
	case 1:
		n = x->len < y->len ? x->len : y->len;
		if ((c = memcmp(x->s, y->s, n)) != 0)
			return c < 0 ? -1 : 1;
		return (x->len > y->len) - (x->len < y->len);
	case 2:
		return (x->i > y->i) - (x->i < y->i);
	default:
		if (x->type != y->type)
			return x->type < y->type ? -1 : 1;
		return ((uintptr_t)x->p > (uintptr_t)y->p) -
		    ((uintptr_t)x->p < (uintptr_t)y->p);
	}
}

/* The iterator pairs() returns.  Upvalues: the table holding the values,
 * the sorted keys, the position.  Keys removed since are skipped. */
static int
sandbox_pairs_next(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));

	while (lua_rawgeti(L, lua_upvalueindex(2), ++i) != LUA_TNIL) {
		lua_pushvalue(L, -1);
		if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
			lua_pushinteger(L, i);
			lua_replace(L, lua_upvalueindex(3));
			return 2;
		}
		lua_pop(L, 2);
	}
	return 1;
}

/*
 * Return what pairs(t) returns for the table at t whose entries are in
 * the table at src (t, or its shadow): an iterator over src's keys in
 * sandbox_key_cmp() order, t, nil.  The key records live in a userdata
 * so that an error (memory) cannot leak them.
 */
int
sandbox_sorted_pairs(lua_State *L, int t, int src)
{
	struct sandbox_key *keys;
	lua_Integer n = 0, i;
	int unsorted;

	lua_pushnil(L);
	while (lua_next(L, src)) {
		n++;
		lua_pop(L, 1);
	}
	keys = lua_newuserdatauv(L, (size_t)n * sizeof *keys, 0);
	lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
	unsorted = lua_gettop(L);
	lua_pushnil(L);
	for (i = 0; i < n && lua_next(L, src); i++) {
		lua_pop(L, 1);
		sandbox_key_of(L, -1, i + 1, &keys[i]);
		lua_pushvalue(L, -1);
		lua_rawseti(L, unsorted, i + 1);
	}
	if (i == n)
		lua_pop(L, 1);
	/* A collection on the way may have cleared weak entries. */
	n = i;
	qsort(keys, (size_t)n, sizeof *keys, sandbox_key_cmp);
	lua_pushvalue(L, src);
	lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
	for (i = 0; i < n; i++) {
		lua_rawgeti(L, unsorted, keys[i].slot);
		lua_rawseti(L, -2, i + 1);
	}
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, sandbox_pairs_next, 3);
	lua_pushvalue(L, t);
	lua_pushnil(L);
	return 3;
}

/* ---- the base functions the sandbox replaces ------------------------- */

/* collectgarbage("count"); every other option would let a rule steer
 * the collector, which belongs to the core. */
static int
sandbox_base_collectgarbage(lua_State *L)
{
	const char *opt = luaL_optstring(L, 1, "collect");
	int kb, b;

	if (strcmp(opt, "count") != 0)
		return luaL_error(L, "blocked: collectgarbage('%s') is not "
		    "available in the baodao sandbox", opt);
	kb = lua_gc(L, LUA_GCCOUNT);
	b = lua_gc(L, LUA_GCCOUNTB);
	lua_pushnumber(L, (lua_Number)kb + (lua_Number)b / 1024);
	return 1;
}

/* lua_Reader for load() with a function: each call of the function
 * (argument 1) gives the next piece, as in lbaselib. */
static const char *
sandbox_load_reader(lua_State *L, void *ud, size_t *size)
{
	luaL_checkstack(L, 2, "too many nested functions");
	lua_pushvalue(L, 1);
	lua_call(L, 0, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		*size = 0;
		return NULL;
	}
	if (!lua_isstring(L, -1))
		luaL_error(L, "reader function must return a string");
	lua_replace(L, SANDBOX_LOAD_SLOT);
	return lua_tolstring(L, SANDBOX_LOAD_SLOT, size);
}

/*
 * load(chunk [, chunkname [, mode [, env]]]) for text only: the mode
 * argument is ignored, since bytecode can break the VM's invariants.
 * Without env the chunk sees the sandbox globals (they are
 * LUA_RIDX_GLOBALS).
 */
static int
sandbox_base_load(lua_State *L)
{
	int env = !lua_isnone(L, 4) ? 4 : 0;
	const char *s, *name;
	size_t len;
	int status;

	if ((s = lua_tolstring(L, 1, &len)) != NULL) {
		name = luaL_optstring(L, 2, s);
		status = luaL_loadbufferx(L, s, len, name, "t");
	} else {
		name = luaL_optstring(L, 2, "=(load)");
		luaL_checktype(L, 1, LUA_TFUNCTION);
		lua_settop(L, SANDBOX_LOAD_SLOT);
		status = lua_load(L, sandbox_load_reader, NULL, name, "t");
	}
	sandbox_check(L, status);
	if (status != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (env != 0) {
		lua_pushvalue(L, env);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

/* next(t [, k]); a frozen table's entries are in its shadow. */
static int
sandbox_base_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	sandbox_push_raw(L, 1);
	lua_replace(L, 1);
	if (lua_next(L, 1))
		return 2;
	lua_pushnil(L);
	return 1;
}

/* pairs(t): __pairs when t has one (frozen tables do), else t's entries
 * in a fixed order, so no result depends on hash order. */
static int
sandbox_base_pairs(lua_State *L)
{
	luaL_checkany(L, 1);
	if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
		lua_pushvalue(L, 1);
		lua_call(L, 1, 3);
		return 3;
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	return sandbox_sorted_pairs(L, 1, 1);
}

/* What pcall and xpcall return: true and the results (above extra slots)
 * or false and the error, unless the call passed a limit. */
static int
sandbox_finish_pcall(lua_State *L, int status, int extra)
{
	sandbox_check(L, status);
	if (status != LUA_OK) {
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L) - extra;
}

/* pcall(f, ...) as in lbaselib, but a passed limit is raised again. */
static int
sandbox_base_pcall(lua_State *L)
{
	int status;

	luaL_checkany(L, 1);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
	return sandbox_finish_pcall(L, status, 0);
}

/*
 * The message handler xpcall installs: the rule's handler (upvalue 1),
 * except once the call has passed a limit.  That error comes from the
 * hook, and Lua runs the handler before leaving the hook, with hooks off:
 * the rule's handler would run without any limit.
 */
static int
sandbox_xpcall_handler(lua_State *L)
{
	if (sandbox_exhausted(sandbox_of(L)))
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

/* xpcall(f, handler, ...) as in lbaselib, but a passed limit is raised
 * again, and the handler is not run for it. */
static int
sandbox_base_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	int status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, sandbox_xpcall_handler, 1);
	lua_replace(L, 2);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2);
	status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
	return sandbox_finish_pcall(L, status, 2);
}

/* print(...): one line on stderr, "baodao: lua: CHUNK:LINE: " and the
 * arguments joined by tabs; newlines inside become blanks. */
static int
sandbox_base_print(lua_State *L)
{
	int n = lua_gettop(L), i;
	luaL_Buffer b;
	const char *s;
	size_t len, j;

	luaL_buffinit(L, &b);
	luaL_addstring(&b, "baodao: lua: ");
	luaL_where(L, 1);
	luaL_addvalue(&b);
	for (i = 1; i <= n; i++) {
		if (i > 1)
			luaL_addchar(&b, '\t');
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	s = lua_tolstring(L, -1, &len);
	for (j = 0; j < len; j++)
		fputc(s[j] == '\n' || s[j] == '\r' ? ' ' : s[j], stderr);
	fputc('\n', stderr);
	return 0;
}

/* rawget(t, k); a frozen table's entries are in its shadow. */
static int
sandbox_base_rawget(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	lua_settop(L, 2);
	sandbox_push_raw(L, 1);
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	return 1;
}

/* rawlen(v); a frozen table's entries are in its shadow. */
static int
sandbox_base_rawlen(lua_State *L)
{
	int t = lua_type(L, 1);

	luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1,
	    "table or string");
	if (t == LUA_TTABLE) {
		sandbox_push_raw(L, 1);
		lua_replace(L, 1);
	}
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, 1));
	return 1;
}

/* rawset(t, k, v), refused on frozen tables. */
static int
sandbox_base_rawset(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	luaL_checkany(L, 3);
	if (sandbox_shadow(L, 1) == LUA_TTABLE)
		return luaL_error(L, "blocked: rawset on a read-only table");
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 1;
}

/*
 * setmetatable(t, mt) as in lbaselib, except: a metatable with __gc is
 * refused, since a finalizer would run after the call, outside the
 * limits; and a frozen mt is replaced by its view (sandbox_push_view),
 * so setmetatable(o, Class) still works after the seal.
 */
static int
sandbox_base_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	if (sandbox_protected(L, 1))
		return luaL_error(L, "cannot change a protected metatable");
	if (t == LUA_TTABLE) {
		sandbox_push_raw(L, 2);
		if (sandbox_rawgetfield(L, -1, "__gc") != LUA_TNIL)
			return luaL_error(L, "blocked: __gc metamethods are "
			    "not available in the baodao sandbox");
		lua_settop(L, 2);
		if (sandbox_shadow(L, 2) == LUA_TTABLE) {
			sandbox_push_view(L, 2);
			lua_replace(L, 2);
		}
		lua_settop(L, 2);
	}
	lua_setmetatable(L, 1);
	return 1;
}

static const luaL_Reg sandbox_base[] = {
	{"collectgarbage", sandbox_base_collectgarbage},
	{"load", sandbox_base_load},
	{"next", sandbox_base_next},
	{"pairs", sandbox_base_pairs},
	{"pcall", sandbox_base_pcall},
	{"print", sandbox_base_print},
	{"rawget", sandbox_base_rawget},
	{"rawlen", sandbox_base_rawlen},
	{"rawset", sandbox_base_rawset},
	{"setmetatable", sandbox_base_setmetatable},
	{"xpcall", sandbox_base_xpcall},
	{NULL, NULL}
};

/* ---- library loops the hook cannot see ------------------------------ */

/*
 * Add n units of work done in C to the call's instruction count, and
 * raise once the limit is passed.  Some library functions loop in C over
 * a range the rule chooses (a __len metamethod can claim any length),
 * without running an instruction or allocating, so neither limit would
 * stop them.
 */
static void
sandbox_charge(lua_State *L, lua_Unsigned n)
{
	struct sandbox *sb = sandbox_of(L);

	if (sb->depth == 0)
		return;
	if (!sandbox_exhausted(sb) &&
	    n <= (lua_Unsigned)(sb->lim.instructions - sb->count)) {
		sb->count += (long)n;
		return;
	}
	sb->instr_exhausted = 1;
	lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	sandbox_raise(L, 1);
}

/* Charge the range first .. last (one less than its size, which cannot
 * overflow). */
static void
sandbox_charge_range(lua_State *L, lua_Integer first, lua_Integer last)
{
	if (last > first)
		sandbox_charge(L, (lua_Unsigned)last - (lua_Unsigned)first);
}

/* Call the library function the wrapper stands for (upvalue 1) with the
 * wrapper's arguments. */
static int
sandbox_call_original(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* string.rep(s, n [, sep]) would build "" from empty s and sep in n
 * steps. */
static int
sandbox_string_rep(lua_State *L)
{
	size_t len, seplen;

	luaL_checklstring(L, 1, &len);
	luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &seplen);
	if (len + seplen == 0) {
		lua_pushliteral(L, "");
		return 1;
	}
	return sandbox_call_original(L);
}

/* table.concat(t [, sep [, i [, j]]]) reads t[i .. j]. */
static int
sandbox_table_concat(lua_State *L)
{
	lua_Integer i, j;

	luaL_checktype(L, 1, LUA_TTABLE);
	i = luaL_optinteger(L, 3, 1);
	j = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
	sandbox_charge_range(L, i, j);
	return sandbox_call_original(L);
}

/* table.insert(t, pos, v) moves t[pos .. #t] up. */
static int
sandbox_table_insert(lua_State *L)
{
	if (lua_gettop(L) == 3) {
		luaL_checktype(L, 1, LUA_TTABLE);
		sandbox_charge_range(L, luaL_checkinteger(L, 2), luaL_len(L, 1));
	}
	return sandbox_call_original(L);
}

/* table.move(a1, f, e, t [, a2]) copies a1[f .. e]. */
static int
sandbox_table_move(lua_State *L)
{
	sandbox_charge_range(L, luaL_checkinteger(L, 2),
	    luaL_checkinteger(L, 3));
	return sandbox_call_original(L);
}

/* table.remove(t, pos) moves t[pos + 1 .. #t] down. */
static int
sandbox_table_remove(lua_State *L)
{
	if (lua_gettop(L) >= 2) {
		luaL_checktype(L, 1, LUA_TTABLE);
		sandbox_charge_range(L, luaL_checkinteger(L, 2), luaL_len(L, 1));
	}
	return sandbox_call_original(L);
}

/* table.sort(t [, comp]) makes n log n comparisons of t[1 .. #t]; with a
 * C comparator they run no instruction either. */
static int
sandbox_table_sort(lua_State *L)
{
	lua_Integer n;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_len(L, 1);
	sandbox_charge_range(L, 1, n);
	return sandbox_call_original(L);
}

/* The library functions the sandbox wraps, as "lib.name". */
static const struct {
	const char *lib;
	const char *name;
	lua_CFunction wrapper;
} sandbox_wrapped[] = {
	{LUA_STRLIBNAME, "rep", sandbox_string_rep},
	{LUA_TABLIBNAME, "concat", sandbox_table_concat},
	{LUA_TABLIBNAME, "insert", sandbox_table_insert},
	{LUA_TABLIBNAME, "move", sandbox_table_move},
	{LUA_TABLIBNAME, "remove", sandbox_table_remove},
	{LUA_TABLIBNAME, "sort", sandbox_table_sort},
	{NULL, NULL, NULL}
};

/*
 * __index of the globals and of the library tables.  Upvalue 1 maps each
 * blocked name to the name to report; upvalue 2 says whether any other
 * missing name is an error (globals) or nil (libraries).  Between calls
 * the core may probe for optional globals, so there a miss is nil.
 */
int
sandbox_index(lua_State *L)
{
	if (sandbox_of(L)->depth == 0) {
		lua_pushnil(L);
		return 1;
	}
	if (lua_type(L, 2) == LUA_TSTRING) {
		lua_pushvalue(L, 2);
		if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
			return luaL_error(L, "blocked: %s is not available in "
			    "the baodao sandbox", lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	if (!lua_toboolean(L, lua_upvalueindex(2))) {
		lua_pushnil(L);
		return 1;
	}
	return luaL_error(L, "undefined global '%s'",
	    luaL_tolstring(L, 2, NULL));
}

/* ---- the state ------------------------------------------------------- */

/* The name FULL (a global, or "lib.name") has in library LIB (NULL: among
 * the globals), or NULL when FULL is not in it. */
static const char *
sandbox_local_name(const char *full, const char *lib)
{
	const char *dot = strchr(full, '.');
	size_t n;

	if (lib == NULL)
		return dot == NULL ? full : NULL;
	n = strlen(lib);
	if (dot == NULL || (size_t)(dot - full) != n ||
	    strncmp(full, lib, n) != 0)
		return NULL;
	return dot + 1;
}

/* Push the blocked names of library LIB (NULL: the globals) as a table
 * from the name to the name to report. */
static void
sandbox_push_blocked(lua_State *L, const char *lib)
{
	const char *const *p;
	const char *name;

	lua_newtable(L);
	for (p = sandbox_blocked; *p != NULL; p++) {
		if ((name = sandbox_local_name(*p, lib)) == NULL)
			continue;
		lua_pushstring(L, *p);
		lua_setfield(L, -2, name);
	}
}

/* Give the table at t a protected metatable whose __index reports the
 * blocked names (table at blocked) and, if strict, any other miss. */
static void
sandbox_make_strict(lua_State *L, int t, int blocked, int strict)
{
	lua_createtable(L, 0, 2);
	lua_pushvalue(L, blocked);
	lua_pushboolean(L, strict);
	lua_pushcclosure(L, sandbox_index, 2);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, t);
}

/* Open the globals the sandbox keeps from the base library into the table
 * at g, with the replacements. */
static void
sandbox_open_base(lua_State *L, int g)
{
	const char *const *name;

	luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
	for (name = sandbox_base_kept; *name != NULL; name++) {
		lua_getfield(L, -1, *name);
		lua_setfield(L, g, *name);
	}
	lua_pop(L, 1);
	lua_pushvalue(L, g);
	luaL_setfuncs(L, sandbox_base, 0);
	lua_setfield(L, g, LUA_GNAME);
}

/* Replace the functions of library LIB (the table at t) that
 * sandbox_wrapped names by their wrappers. */
static void
sandbox_wrap(lua_State *L, int t, const char *lib)
{
	int i;

	for (i = 0; sandbox_wrapped[i].lib != NULL; i++) {
		if (strcmp(sandbox_wrapped[i].lib, lib) != 0)
			continue;
		sandbox_rawgetfield(L, t, sandbox_wrapped[i].name);
		lua_pushcclosure(L, sandbox_wrapped[i].wrapper, 1);
		lua_setfield(L, t, sandbox_wrapped[i].name);
	}
}

/* Open a standard library and store a copy, without its blocked entries
 * and with the wrappers, as the global NAME in the table at g.  The
 * original stays in the registry's _LOADED, which no rule can reach. */
static void
sandbox_open_library(lua_State *L, int g, const char *name,
    lua_CFunction open)
{
	int lib, blocked;

	luaL_requiref(L, name, open, 0);
	lib = lua_gettop(L);
	sandbox_push_blocked(L, name);
	blocked = lua_gettop(L);
	lua_newtable(L);
	sandbox_copy(L, lib, blocked + 1, blocked);
	sandbox_wrap(L, blocked + 1, name);
	sandbox_make_strict(L, blocked + 1, blocked, 0);
	lua_setfield(L, g, name);
	lua_settop(L, lib - 1);
}

/* Point the string metatable at the sandbox's string table (else
 * ("").dump would reach the original) and hide it: every string uses it
 * raw, so it can never be frozen in place, and nothing may hold it. */
static void
sandbox_open_string_metatable(lua_State *L, int g)
{
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_getfield(L, g, LUA_STRLIBNAME);
	lua_setfield(L, -2, "__index");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
}

/* Build the state (run protected by sandbox_new): the whitelisted
 * globals in place of the original ones, and the registry maps. */
static int
sandbox_open(lua_State *L)
{
	int g;

	lua_newtable(L);
	g = lua_gettop(L);
	sandbox_open_base(L, g);
	sandbox_open_library(L, g, LUA_STRLIBNAME, luaopen_string);
	sandbox_open_library(L, g, LUA_TABLIBNAME, luaopen_table);
	sandbox_open_library(L, g, LUA_MATHLIBNAME, luaopen_math);
	sandbox_open_library(L, g, LUA_UTF8LIBNAME, luaopen_utf8);
	sandbox_open_string_metatable(L, g);
	sandbox_push_blocked(L, NULL);
	sandbox_make_strict(L, g, g + 1, 1);
	lua_pop(L, 1);
	lua_pushvalue(L, g);
	lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
	sandbox_freeze_init(L);
	return 0;
}

/* An error outside any protected call means the core misused the state
 * or the state ran out of memory between calls: give up, as xmalloc()
 * does. */
static int
sandbox_panic(lua_State *L)
{
	const char *msg = lua_tostring(L, -1);

	util_warnx("lua: %s", msg != NULL ? msg : "unprotected error");
	exit(EXIT_ENV);
}

/* ---- the interface --------------------------------------------------- */

/* A new state under lim; the sandbox owns it (sandbox_free()). */
struct sandbox *
sandbox_new(const struct sandbox_limits *lim, struct error *e)
{
	struct sandbox *sb = xcalloc(1, sizeof *sb);

	sb->lim = *lim;
	sb->step = lim->instructions < SANDBOX_HOOK_STEP ?
	    lim->instructions : SANDBOX_HOOK_STEP;
	if (sb->step < 1)
		sb->step = 1;
	if (lim->memory > (SIZE_MAX - SANDBOX_SPARE) / 4)
		sb->cap = SIZE_MAX;
	else
		sb->cap = 4 * lim->memory + SANDBOX_SPARE;
	sb->ceiling = sb->cap;
	if ((sb->L = lua_newstate(sandbox_alloc, sb)) == NULL) {
		free(sb);
		error_set(e, EXIT_ENV, "cannot create a Lua state");
		return NULL;
	}
	lua_atpanic(sb->L, sandbox_panic);
	lua_pushcfunction(sb->L, sandbox_open);
	if (lua_pcall(sb->L, 0, 0, 0) != LUA_OK) {
		error_set(e, EXIT_ENV, "cannot set up the Lua sandbox: %s",
		    lua_tostring(sb->L, -1));
		sandbox_free(sb);
		return NULL;
	}
	return sb;
}

/* Close the state (which frees what modules hold) and the sandbox. */
void
sandbox_free(struct sandbox *sb)
{
	if (sb == NULL)
		return;
	lua_close(sb->L);
	free(sb->ups);
	free(sb);
}

/* The state, still owned by the sandbox. */
lua_State *
sandbox_lua(struct sandbox *sb)
{
	return sb->L;
}

/* The module runs unprotected, like the core's other API use between
 * calls: an error in it reaches sandbox_panic(). */
void
sandbox_add_module(struct sandbox *sb, const char *name, lua_CFunction open)
{
	lua_State *L = sb->L;

	if (sb->sealed) {
		/* A global set now would bypass the frozen globals. */
		util_warnx("sandbox: module %s added after the seal", name);
		abort();
	}
	lua_pushcfunction(L, open);
	lua_pushstring(L, name);
	lua_call(L, 1, 1);
	lua_setglobal(L, name);
}

/* A chunk for sandbox_run_chunk(). */
struct sandbox_chunk {
	const char *name;
	const char *text;
	size_t len;
};

/* Compile the chunk (a light userdata argument) as text and run it; both
 * under the limits, since compiling allocates too. */
static int
sandbox_run_chunk(lua_State *L)
{
	const struct sandbox_chunk *c = lua_touserdata(L, 1);
	const char *chunkname = lua_pushfstring(L, "=%s", c->name);
	const char *msg;

	if (luaL_loadbufferx(L, c->text, c->len, chunkname, "t") != LUA_OK) {
		/* Syntax errors name the chunk; the refusal of bytecode not. */
		msg = lua_tostring(L, -1);
		if (msg != NULL && strncmp(msg, c->name, strlen(c->name)) != 0)
			lua_pushfstring(L, "%s: %s", c->name, msg);
		return lua_error(L);
	}
	lua_call(L, 0, 0);
	return 0;
}

/* Run one file of a pack; TEXT stays the caller's. */
int
sandbox_load(struct sandbox *sb, const char *name, const char *text,
    size_t len, struct error *e)
{
	struct sandbox_chunk c = { name, text, len };
	char err[sizeof e->msg];

	lua_pushcfunction(sb->L, sandbox_run_chunk);
	lua_pushlightuserdata(sb->L, &c);
	if (sandbox_call(sb, 1, 0, err, sizeof err) != 0)
		return error_set(e, EXIT_USAGE, "%s", err);
	return 0;
}

/* The one way rule code runs: every limit is set up and checked here. */
int
sandbox_call(struct sandbox *sb, int nargs, int nresults, char *err,
    size_t n)
{
	lua_State *L = sb->L;
	int base = lua_gettop(L) - nargs - 1;
	int status;

	sandbox_begin(sb);
	status = lua_pcall(L, nargs, nresults, 0);
	if (status == LUA_ERRMEM)
		sb->mem_exhausted = 1;
	if (status == LUA_OK && !sandbox_exhausted(sb)) {
		sandbox_end(sb, 0);
		return 0;
	}
	sandbox_message(sb, status, err, n);
	lua_settop(L, base);
	sandbox_end(sb, 1);
	return -1;
}

/* Bytes the state holds, as the allocator counts them. */
size_t
sandbox_memory(const struct sandbox *sb)
{
	return sb->used;
}
