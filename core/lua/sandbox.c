/*
 * sandbox.c - the Lua state a rule pack runs in (the contract is in
 * sandbox.h).  Four mechanisms make it; the last two, freezing, are in
 * sandbox_freeze.c:
 *
 *  - Limits.  The state's allocator counts the bytes the state holds and,
 *    during a call, refuses growth past limits.memory above where the call
 *    began.  A count hook adds up the instructions the call runs and raises
 *    once they pass limits.instructions (evaluation's calls may run in an
 *    unmetered batch instead, proven against the limit at its end:
 *    sandbox_batch.c); the library functions that can loop long in C, or
 *    copy or scan many bytes in one instruction, charge their work to the
 *    same count (sandbox_charge(); the string patterns are in
 *    sandbox_pattern.c), and so do new long strings and large arrays,
 *    since one instruction can copy a whole string.  A deadline on the
 *    wall clock is the last line.  Either way the call is marked
 *    exhausted: from then on the hook raises at every instruction, and
 *    pcall, xpcall and load raise again as they return, so no handler in
 *    the rule can swallow the failure.
 *
 *  - A whitelist.  The standard libraries are opened as usual, then a new
 *    table receives only the globals sandbox.h names and replaces the
 *    original globals in the registry.  A metatable makes the globals
 *    strict and names the blocked things.  The base functions that read
 *    tables raw (next, rawget, rawlen, rawset, pairs, setmetatable) see a
 *    frozen table's entries in its shadow.  tostring, print and
 *    string.format name objects by a per-call number, never an address.
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
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "sandbox.h"
#include "sandbox_int.h"
#include "util.h"

/* Instructions between two runs of the count hook. */
#define SANDBOX_HOOK_STEP 1000

/* Library functions that copy or scan strings are charged one
 * instruction per this many bytes. */
#define SANDBOX_BYTES_PER_UNIT 64

/* New strings of at least SANDBOX_ALLOC_MIN_STRING bytes and new arrays
 * of at least SANDBOX_ALLOC_BYTES_PER_UNIT are charged one instruction
 * per this many bytes: one instruction can copy a whole string (s .. "x")
 * or every argument ({...}).  A string's bytes were copied to make it,
 * so they weigh SANDBOX_ALLOC_STRING_WEIGHT times more. */
#define SANDBOX_ALLOC_BYTES_PER_UNIT 1024
#define SANDBOX_ALLOC_STRING_WEIGHT 4

/* Lua interns strings up to 40 bytes (so whether one is new depends on
 * history); a block this large holds a longer one, always new. */
#define SANDBOX_ALLOC_MIN_STRING 128

/* The wall-clock time a call may take, in milliseconds, unless
 * sandbox_set_deadline() says otherwise. */
#define SANDBOX_DEADLINE_MS 10000

/* Between calls the state may hold 4 * limits.memory plus this. */
#define SANDBOX_SPARE ((size_t)64 << 20)

/* The stack slot where load() keeps the piece a reader function gave. */
#define SANDBOX_LOAD_SLOT 5

/* Base functions the sandbox takes unchanged from the standard library. */
static const char *const sandbox_base_kept[] = {
	"assert", "error", "getmetatable", "ipairs", "rawequal", "tonumber",
	"type", "_VERSION", NULL
};

/* What standard Lua has and the sandbox withholds: naming one is an
 * error rather than nil, so a pack learns why it fails. */
static const char *const sandbox_blocked[] = {
	"collectgarbage", "coroutine", "debug", "dofile", "io", "loadfile",
	"os", "package", "require", "string.dump", "math.random",
	"math.randomseed", NULL
};

/* The sandbox of a state: the allocator's user data. */
struct sandbox *
sandbox_of(lua_State *L)
{
	void *ud;

	lua_getallocf(L, &ud);
	return ud;
}

/* ---- limits ---------------------------------------------------------- */

static int  sandbox_exhausted(const struct sandbox *sb);

/* Can the current call be charged N more?  In an unmetered batch, up
 * to half the limit, the other half being the instructions it may have
 * run (sandbox_batch.c).  If not, a batch is stopped and a counted call
 * has passed the instruction limit. */
static int
sandbox_affords(struct sandbox *sb, unsigned long n)
{
	long budget = sb->batch ? sb->lim.instructions / 2 : sb->lim.instructions;

	if (n <= (unsigned long)(budget - sb->count))
		return 1;
	if (sb->batch)
		sandbox_batch_stop(sb);
	else
		sb->instr_exhausted = 1;
	return 0;
}

/*
 * Charge a new block of n bytes (tag: the type tag Lua gave, 0 for an
 * array) to the current call.  Only what the call's own code decides is
 * charged: new long strings and new large arrays.  Reallocations, short
 * strings (interned, so new or not by history) and the stack (kept
 * between calls) are not, so the count stays the same whatever ran
 * before.  The allocator cannot raise, so passing the limit only marks
 * the call exhausted and makes the hook raise at the next instruction
 * (or sandbox_charge(), or the end of the call).
 */
static void
sandbox_charge_alloc(struct sandbox *sb, size_t tag, size_t n)
{
	long units;

	if (sb->depth == 0 || sandbox_exhausted(sb))
		return;
	if (tag == LUA_TSTRING ? n < SANDBOX_ALLOC_MIN_STRING :
	    tag != 0 || n < SANDBOX_ALLOC_BYTES_PER_UNIT)
		return;
	if (tag == LUA_TSTRING)
		n *= SANDBOX_ALLOC_STRING_WEIGHT;
	sb->alloc_bytes += n % SANDBOX_ALLOC_BYTES_PER_UNIT;
	units = (long)(n / SANDBOX_ALLOC_BYTES_PER_UNIT +
	    sb->alloc_bytes / SANDBOX_ALLOC_BYTES_PER_UNIT);
	sb->alloc_bytes %= SANDBOX_ALLOC_BYTES_PER_UNIT;
	if (sandbox_affords(sb, (unsigned long)units)) {
		sb->count += units;
		return;
	}
	lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
}

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
	if (ptr == NULL)
		sandbox_charge_alloc(sb, osize, nsize);
	return p;
}

/* Has the current call passed a limit? */
static int
sandbox_exhausted(const struct sandbox *sb)
{
	return sb->mem_exhausted || sb->instr_exhausted || sb->time_exhausted ||
	    sb->escalated;
}

/* Milliseconds on a clock that only goes forward.  Every call reads it,
 * so the coarse clock where there is one: a few milliseconds of
 * resolution against a deadline of seconds, at a quarter of the cost. */
#ifdef CLOCK_MONOTONIC_COARSE
#define SANDBOX_CLOCK CLOCK_MONOTONIC_COARSE
#else
#define SANDBOX_CLOCK CLOCK_MONOTONIC
#endif
static long long
sandbox_now_ms(void)
{
	struct timespec ts;

	clock_gettime(SANDBOX_CLOCK, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Has the current call run past its deadline?  The last line behind the
 * instruction limit, for work nothing charges; it is the one limit that
 * depends on the machine, so it is set far above what the instruction
 * limit allows.  A batch's calls have none (and read no clock): the
 * batch's own budget is far shorter, and a batch past it is stopped and
 * its calls made again, counted, with their deadlines. */
static int
sandbox_late(const struct sandbox *sb)
{
	return !sb->batch && sb->deadline_ms > 0 &&
	    sandbox_now_ms() - sb->started_ms > sb->deadline_ms;
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
	else if (sb->time_exhausted)
		snprintf(buf, n, "time limit exceeded (%ld ms)", sb->deadline_ms);
	else if (sb->escalated)
		snprintf(buf, n, "unmetered batch stopped, to be run again counted");
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

/* The count hook: add up instructions; past the limit or the deadline,
 * raise now and at every instruction from here on. */
void
sandbox_hook(lua_State *L, lua_Debug *ar)
{
	struct sandbox *sb = sandbox_of(L);

	if (!sandbox_exhausted(sb)) {
		if (sb->count > sb->lim.instructions - sb->step)
			sb->instr_exhausted = 1;
		else if (sandbox_late(sb))
			sb->time_exhausted = 1;
		else {
			sb->count += sb->step;
			return;
		}
		lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	}
	sandbox_raise(L, 0);
}

/* Reset the counters of a new outermost call, set its memory ceiling
 * and start the hook. */
static void
sandbox_start(struct sandbox *sb)
{
	sb->serial++;
	sb->count = 0;
	sb->alloc_bytes = 0;
	sb->mem_exhausted = 0;
	sb->instr_exhausted = 0;
	sb->time_exhausted = 0;
	if (!sb->batch)
		sb->started_ms = sandbox_now_ms();
	sb->refused.pending = 0;
	if (sb->used > SIZE_MAX - sb->lim.memory)
		sb->ceiling = SIZE_MAX;
	else
		sb->ceiling = sb->used + sb->lim.memory;
	/* A batch counts nothing, unless it was stopped: then the call fails
	 * at its first instruction. */
	if (!sb->batch)
		lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, (int)sb->step);
	else if (sb->escalated)
		lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
}

/* Start a call: the outermost one starts afresh. */
static void
sandbox_begin(struct sandbox *sb)
{
	if (sb->depth++ > 0)
		return;
	sandbox_start(sb);
}

/* See sandbox.h: what sandbox_call() does after a call and sandbox_begin()
 * before the next, without leaving the outermost call.  The call before
 * fails if it passed a limit, as sandbox_call() would fail it. */
void
sandbox_next_call(struct sandbox *sb)
{
	if (sandbox_exhausted(sb))
		sandbox_raise(sb->L, 1);
	if (sb->held)
		sb->dirty = 1;
	else {
		sandbox_restore_upvalues(sb);
		sb->dirty = 0;
	}
	sandbox_start(sb);
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
	if (sb->held && !failed)
		sb->dirty = 1;
	else {
		sandbox_restore_upvalues(sb);
		sb->dirty = 0;
	}
	/* A stopped batch is run again at once: nothing to collect for. */
	if (failed && !sb->escalated)
		lua_gc(sb->L, LUA_GCCOLLECT);
}

/* See sandbox.h: the snapshot put back once, at the release. */
void
sandbox_hold(struct sandbox *sb)
{
	sb->held = 1;
}

void
sandbox_release(struct sandbox *sb)
{
	sb->held = 0;
	if (sb->dirty)
		sandbox_restore_upvalues(sb);
	sb->dirty = 0;
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
	int rank;               /* 0 number, 1 string, 2 boolean */
	int isint;
	lua_Integer i;          /* integers; booleans as 0 and 1 */
	lua_Number f;
	const char *s;
	size_t len;
	lua_Integer slot;       /* where the key is in the list of keys */
};

/* Fill k from the key at idx. */
static void
sandbox_key_of(lua_State *L, int idx, lua_Integer slot,
    struct sandbox_key *k)
{
	memset(k, 0, sizeof *k);
	k->slot = slot;
	switch (lua_type(L, idx)) {
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
		/* Only an address would order them. */
		luaL_error(L, "a %s key has no fixed order in the "
		    "baodao sandbox; use string, number or boolean keys",
		    luaL_typename(L, idx));
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
 * false before true.  Other keys are refused (sandbox_key_of). */
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
	default:
		return (x->i > y->i) - (x->i < y->i);
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
 * Push a list of the keys of the table at src in sandbox_key_cmp()
 * order, charged one instruction per key; returns how many.  The key
 * records live in a userdata so that an error (memory) cannot leak them.
 */
static lua_Integer
sandbox_push_sorted_keys(lua_State *L, int src)
{
	struct sandbox_key *keys;
	lua_Integer n = 0, i;
	int unsorted;

	src = lua_absindex(L, src);
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
	sandbox_charge(L, (size_t)n);
	qsort(keys, (size_t)n, sizeof *keys, sandbox_key_cmp);
	lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
	for (i = 0; i < n; i++) {
		lua_rawgeti(L, unsorted, keys[i].slot);
		lua_rawseti(L, -2, i + 1);
	}
	lua_replace(L, unsorted - 1);
	lua_settop(L, unsorted - 1);
	return n;
}

/* Return what pairs(t) returns for the table at t whose entries are in
 * the table at src (t, or its shadow): an iterator over src's keys in
 * sandbox_key_cmp() order, t, nil. */
int
sandbox_sorted_pairs(lua_State *L, int t, int src)
{
	lua_pushvalue(L, src);
	sandbox_push_sorted_keys(L, src);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, sandbox_pairs_next, 3);
	lua_pushvalue(L, t);
	lua_pushnil(L);
	return 3;
}

/* ---- names instead of addresses ------------------------------------- */

/* Registry keys: the addresses of these.  The table from each table,
 * function or userdata named in the current call to its number; the
 * table from each table next() walks in the current call to its keys
 * (sandbox_next_keys). */
static const char sandbox_names_key = 'n';
static const char sandbox_next_key = 'x';

/*
 * Push the registry table under key that holds what the current call
 * keeps about objects.  It is made anew, weak-keyed, at the first use in
 * each call (*serial says which call it was made for), so nothing in it
 * outlives the call or holds an object alive.
 */
static void
sandbox_push_call_table(lua_State *L, const void *key,
    unsigned long *serial)
{
	struct sandbox *sb = sandbox_of(L);

	if (*serial != sb->serial) {
		lua_newtable(L);
		lua_createtable(L, 0, 1);
		lua_pushliteral(L, "k");
		lua_setfield(L, -2, "__mode");
		lua_setmetatable(L, -2);
		lua_rawsetp(L, LUA_REGISTRYINDEX, key);
		*serial = sb->serial;
	}
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
}

/* Is the value at idx one whose default string is an address? */
int
sandbox_is_object(lua_State *L, int idx)
{
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
	case LUA_TBOOLEAN:
	case LUA_TNUMBER:
	case LUA_TSTRING:
		return 0;
	default:
		return 1;
	}
}

/* The number of the object at idx in the current call: 1 for the first
 * one named, 2 for the next...  The map is made anew for every call, and
 * is weak, so it holds nothing alive. */
static lua_Integer
sandbox_object_number(lua_State *L, int idx)
{
	struct sandbox *sb = sandbox_of(L);
	lua_Integer n;

	idx = lua_absindex(L, idx);
	if (sb->names_serial != sb->serial)
		sb->names = 0;
	sandbox_push_call_table(L, &sandbox_names_key, &sb->names_serial);
	lua_pushvalue(L, idx);
	if (lua_rawget(L, -2) == LUA_TNUMBER)
		n = lua_tointeger(L, -1);
	else {
		n = ++sb->names;
		lua_pushvalue(L, idx);
		lua_pushinteger(L, n);
		lua_rawset(L, -4);
	}
	lua_pop(L, 2);
	return n;
}

/*
 * luaL_tolstring() without addresses: a table, function or userdata
 * without __tostring becomes "table: #N" (its __name, or its type, and
 * its number in the call), so the same rule prints the same text in
 * every run.  Pushes the string and returns it.
 */
const char *
sandbox_tolstring(lua_State *L, int idx, size_t *len)
{
	const char *kind;
	int t;

	idx = lua_absindex(L, idx);
	if (!sandbox_is_object(L, idx))
		return luaL_tolstring(L, idx, len);
	if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
		lua_pop(L, 1);
		return luaL_tolstring(L, idx, len);
	}
	if ((t = luaL_getmetafield(L, idx, "__name")) != LUA_TSTRING) {
		if (t != LUA_TNIL)
			lua_pop(L, 1);
		lua_pushstring(L, luaL_typename(L, idx));
	}
	kind = lua_tostring(L, -1);
	lua_pushfstring(L, "%s: #%I", kind,
	    (LUAI_UACINT)sandbox_object_number(L, idx));
	lua_remove(L, -2);
	return lua_tolstring(L, -1, len);
}

/* ---- the base functions the sandbox replaces ------------------------- */

/* tostring(v), with names for addresses (sandbox_tolstring). */
static int
sandbox_base_tostring(lua_State *L)
{
	luaL_checkany(L, 1);
	sandbox_tolstring(L, 1, NULL);
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

/*
 * Push what next() knows of the table at src in this call: a list of its
 * keys in pairs() order (index 1) and a map from each key to its place
 * in the list (index 2).  Made again when fresh is set (a walk begins
 * there), else kept from the last time.
 */
static void
sandbox_next_keys(lua_State *L, int src, int fresh)
{
	lua_Integer n, i;
	int cache;

	src = lua_absindex(L, src);
	sandbox_push_call_table(L, &sandbox_next_key,
	    &sandbox_of(L)->next_serial);
	cache = lua_gettop(L);
	lua_pushvalue(L, src);
	if (!fresh && lua_rawget(L, cache) == LUA_TTABLE) {
		lua_remove(L, cache);
		return;
	}
	lua_settop(L, cache);
	lua_createtable(L, 2, 0);
	n = sandbox_push_sorted_keys(L, src);
	lua_createtable(L, 0, n < INT_MAX ? (int)n : 0);
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, -2, i);
		lua_pushinteger(L, i);
		lua_rawset(L, -3);
	}
	lua_rawseti(L, cache + 1, 2);
	lua_rawseti(L, cache + 1, 1);
	lua_pushvalue(L, src);
	lua_pushvalue(L, cache + 1);
	lua_rawset(L, cache);
	lua_remove(L, cache);
}

/* The place of the key at k in the key list of the next() keys at keys,
 * or 0. */
static lua_Integer
sandbox_next_place(lua_State *L, int keys, int k)
{
	lua_Integer i;

	lua_rawgeti(L, keys, 2);
	lua_pushvalue(L, k);
	lua_rawget(L, -2);
	i = lua_tointeger(L, -1);
	lua_pop(L, 2);
	return i;
}

/*
 * next(t [, k]) in pairs() order, so that no walk depends on hash order
 * (string hashes are seeded anew in every process).  A frozen table's
 * entries are in its shadow.  The key list is kept for the walk; a key
 * it lacks (added since) makes it again.
 */
static int
sandbox_base_next(lua_State *L)
{
	lua_Integer i = 0;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	sandbox_push_raw(L, 1);
	sandbox_next_keys(L, 3, lua_isnil(L, 2));
	if (!lua_isnil(L, 2) && (i = sandbox_next_place(L, 4, 2)) == 0) {
		lua_pop(L, 1);
		sandbox_next_keys(L, 3, 1);
		if ((i = sandbox_next_place(L, 4, 2)) == 0)
			return luaL_error(L, "invalid key to 'next'");
	}
	lua_rawgeti(L, 4, 1);
	while (lua_rawgeti(L, 5, ++i) != LUA_TNIL) {
		lua_pushvalue(L, -1);
		if (lua_rawget(L, 3) != LUA_TNIL)
			return 2;
		lua_pop(L, 2);
	}
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
 * arguments joined by tabs, each made printable (util_printable: no
 * escape sequence, no line of its own).  Every argument is a string
 * before anything is allocated outside Lua, so a __tostring that raises
 * leaks nothing. */
static int
sandbox_base_print(lua_State *L)
{
	struct sandbox *sb = sandbox_of(L);
	struct sbuf line;
	int n = lua_gettop(L), i;
	char *t;

	luaL_checkstack(L, n + 2, "too many arguments to print");
	luaL_where(L, 1);
	for (i = 1; i <= n; i++)
		sandbox_tolstring(L, i, NULL);
	sbuf_init(&line);
	sbuf_adds(&line, "baodao: lua: ");
	sbuf_adds(&line, lua_tostring(L, n + 1));
	for (i = 1; i <= n; i++) {
		t = util_printable(lua_tostring(L, n + 1 + i));
		if (i > 1)
			sbuf_addc(&line, '\t');
		sbuf_adds(&line, t);
		free(t);
	}
	sbuf_addc(&line, '\n');
	/* A batch's lines wait for its end: one run again is printed once. */
	if (sb->batch)
		sbuf_add(&sb->batch_out, line.s, line.len);
	else {
		fwrite(line.s, 1, line.len, stderr);
		fflush(stderr);
	}
	sbuf_free(&line);
	return 0;
}

/* select(n, ...) as in lbaselib, charged one instruction per value it
 * returns: it copies them all in one instruction. */
static int
sandbox_base_select(lua_State *L)
{
	int n = lua_gettop(L);
	lua_Integer i;

	if (lua_type(L, 1) == LUA_TSTRING && *lua_tostring(L, 1) == '#') {
		lua_pushinteger(L, n - 1);
		return 1;
	}
	i = luaL_checkinteger(L, 1);
	if (i < 0)
		i = n + i;
	else if (i > n)
		i = n;
	luaL_argcheck(L, 1 <= i, 1, "index out of range");
	sandbox_charge(L, (size_t)(n - i));
	return n - (int)i;
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
	{"load", sandbox_base_load},
	{"next", sandbox_base_next},
	{"pairs", sandbox_base_pairs},
	{"pcall", sandbox_base_pcall},
	{"print", sandbox_base_print},
	{"rawget", sandbox_base_rawget},
	{"rawlen", sandbox_base_rawlen},
	{"rawset", sandbox_base_rawset},
	{"select", sandbox_base_select},
	{"setmetatable", sandbox_base_setmetatable},
	{"tostring", sandbox_base_tostring},
	{"xpcall", sandbox_base_xpcall},
	{NULL, NULL}
};

/* ---- library loops the hook cannot see ------------------------------ */

/*
 * Add n units of work done in C to the call's instruction count, and
 * raise once the limit is passed.  Some library functions loop in C over
 * a range the rule chooses (a __len metamethod can claim any length),
 * without running an instruction or allocating, or touch many bytes in
 * one instruction, so neither limit would stop them.  States that are
 * not a sandbox's (the allocator says) and work between calls are not
 * charged.
 */
void
sandbox_charge(lua_State *L, size_t n)
{
	struct sandbox *sb;
	void *ud;

	if (lua_getallocf(L, &ud) != sandbox_alloc)
		return;
	sb = ud;
	if (sb->depth == 0 || n == 0)
		return;
	if (!sandbox_exhausted(sb) && sandbox_affords(sb, n)) {
		if (!sandbox_late(sb)) {
			sb->count += (long)n;
			return;
		}
		sb->time_exhausted = 1;
	}
	lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	sandbox_raise(L, 1);
}

/* Charge the range first .. last (one less than its size, which cannot
 * overflow). */
static void
sandbox_charge_range(lua_State *L, lua_Integer first, lua_Integer last)
{
	lua_Unsigned n;

	if (last <= first)
		return;
	n = (lua_Unsigned)last - (lua_Unsigned)first;
	sandbox_charge(L, n > SIZE_MAX ? SIZE_MAX : (size_t)n);
}

/* Charge the values from idx to the top: a string by its bytes (one
 * unit per SANDBOX_BYTES_PER_UNIT), anything else as one unit. */
void
sandbox_charge_values(lua_State *L, int idx)
{
	size_t bytes = 0, len;
	int i, top = lua_gettop(L);

	for (i = idx; i <= top; i++) {
		len = lua_type(L, i) == LUA_TSTRING ? lua_rawlen(L, i) :
		    SANDBOX_BYTES_PER_UNIT;
		bytes = len > SIZE_MAX - bytes ? SIZE_MAX : bytes + len;
	}
	sandbox_charge(L, bytes / SANDBOX_BYTES_PER_UNIT);
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

/* A library function whose work is the bytes it returns (string.sub,
 * upper, char, byte...): call it, then charge what it made.  Memory
 * bounds one call; this bounds a loop of them. */
int
sandbox_string_out(lua_State *L)
{
	int n = sandbox_call_original(L);

	sandbox_charge_values(L, 1);
	return n;
}

/* A library function that scans its string argument (utf8.len...):
 * charge the string, then call it. */
static int
sandbox_string_in(lua_State *L)
{
	size_t len = 0;

	if (lua_type(L, 1) == LUA_TSTRING)
		len = lua_rawlen(L, 1);
	sandbox_charge(L, len / SANDBOX_BYTES_PER_UNIT);
	return sandbox_call_original(L);
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
	return sandbox_string_out(L);
}

/* table.unpack(t [, i [, j]]) pushes t[i .. j]. */
static int
sandbox_table_unpack(lua_State *L)
{
	lua_Integer i = luaL_optinteger(L, 2, 1);

	sandbox_charge_range(L, i, lua_isnoneornil(L, 3) ? luaL_len(L, 1) :
	    luaL_checkinteger(L, 3));
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

/* Is the value at a less than the one at b, by the comparator at
 * argument 2 or else by "<"?  One instruction each: with a C comparator
 * the hook sees none. */
static int
sandbox_sort_less(lua_State *L, int a, int b)
{
	int r;

	a = lua_absindex(L, a);
	b = lua_absindex(L, b);
	sandbox_charge(L, 1);
	if (lua_isnil(L, 2))
		return lua_compare(L, a, b, LUA_OPLT);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, a);
	lua_pushvalue(L, b);
	lua_call(L, 2, 1);
	r = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return r;
}

/* Merge the runs lo .. mid - 1 and mid .. hi - 1 of the list at from
 * into the list at to, taking from the first run on ties. */
static void
sandbox_sort_merge(lua_State *L, int from, int to, lua_Integer lo,
    lua_Integer mid, lua_Integer hi)
{
	lua_Integer a = lo, b = mid, k = lo;
	int second;

	while (a < mid || b < hi) {
		if (a < mid && b < hi) {
			lua_rawgeti(L, from, a);
			lua_rawgeti(L, from, b);
			second = sandbox_sort_less(L, -1, -2);
			lua_pop(L, 2);
		} else
			second = a == mid;
		lua_rawgeti(L, from, second ? b++ : a++);
		lua_rawseti(L, to, k++);
	}
}

/*
 * table.sort(t [, comp]) as a stable merge sort.  Lua's own sort picks
 * a pivot from clock() and time() for lists longer than 100, so equal
 * elements could come out in another order in every run.  The list is
 * charged first (a __len can claim any length), each comparison after.
 */
static int
sandbox_table_sort(lua_State *L)
{
	lua_Integer n, i, w, lo;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_len(L, 1);
	sandbox_charge_range(L, 1, n);
	if (n < 2)
		return 0;
	luaL_argcheck(L, n < INT_MAX, 1, "array too big");
	if (!lua_isnoneornil(L, 2))
		luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_settop(L, 2);
	lua_createtable(L, (int)n, 0);
	lua_createtable(L, (int)n, 0);
	for (i = 1; i <= n; i++) {
		lua_geti(L, 1, i);
		lua_rawseti(L, 3, i);
	}
	for (w = 1; w < n; w *= 2) {
		for (lo = 1; lo <= n; lo += 2 * w)
			sandbox_sort_merge(L, 3, 4, lo,
			    lo + w < n + 1 ? lo + w : n + 1,
			    lo + 2 * w < n + 1 ? lo + 2 * w : n + 1);
		lua_rotate(L, 3, 1);    /* the merged list is at 3 again */
	}
	for (i = 1; i <= n; i++) {
		lua_rawgeti(L, 3, i);
		lua_seti(L, 1, i);
	}
	return 0;
}

/* The library functions the sandbox wraps, as "lib.name"; upvalue, when
 * set, pushes the wrapper's state, its upvalue 2 (the original is 1). */
static const struct {
	const char *lib;
	const char *name;
	lua_CFunction wrapper;
	void (*upvalue)(lua_State *L);
} sandbox_wrapped[] = {
	{LUA_STRLIBNAME, "rep", sandbox_string_rep, NULL},
	{LUA_STRLIBNAME, "find", sandbox_string_find, NULL},
	{LUA_STRLIBNAME, "match", sandbox_string_match, NULL},
	{LUA_STRLIBNAME, "gmatch", sandbox_string_gmatch, NULL},
	{LUA_STRLIBNAME, "gsub", sandbox_string_gsub, NULL},
	{LUA_STRLIBNAME, "format", sandbox_string_format, sandbox_format_anchor},
	{LUA_STRLIBNAME, "byte", sandbox_string_out, NULL},
	{LUA_STRLIBNAME, "char", sandbox_string_out, NULL},
	{LUA_STRLIBNAME, "lower", sandbox_string_out, NULL},
	{LUA_STRLIBNAME, "upper", sandbox_string_out, NULL},
	{LUA_STRLIBNAME, "reverse", sandbox_string_out, NULL},
	{LUA_STRLIBNAME, "sub", sandbox_string_out, NULL},
	{LUA_STRLIBNAME, "pack", sandbox_string_out, NULL},
	{LUA_STRLIBNAME, "unpack", sandbox_string_out, NULL},
	{LUA_UTF8LIBNAME, "char", sandbox_string_out, NULL},
	{LUA_UTF8LIBNAME, "codepoint", sandbox_string_out, NULL},
	{LUA_UTF8LIBNAME, "len", sandbox_string_in, NULL},
	{LUA_UTF8LIBNAME, "offset", sandbox_string_in, NULL},
	{LUA_TABLIBNAME, "concat", sandbox_table_concat, NULL},
	{LUA_TABLIBNAME, "insert", sandbox_table_insert, NULL},
	{LUA_TABLIBNAME, "move", sandbox_table_move, NULL},
	{LUA_TABLIBNAME, "remove", sandbox_table_remove, NULL},
	{LUA_TABLIBNAME, "sort", sandbox_table_sort, NULL},
	{LUA_TABLIBNAME, "unpack", sandbox_table_unpack, NULL},
	{NULL, NULL, NULL, NULL}
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
 * sandbox_wrapped names by their wrappers, each with the original as
 * its upvalue 1 and its own state, if any, as upvalue 2. */
static void
sandbox_wrap(lua_State *L, int t, const char *lib)
{
	int i;

	for (i = 0; sandbox_wrapped[i].lib != NULL; i++) {
		if (strcmp(sandbox_wrapped[i].lib, lib) != 0)
			continue;
		sandbox_rawgetfield(L, t, sandbox_wrapped[i].name);
		if (sandbox_wrapped[i].upvalue != NULL)
			sandbox_wrapped[i].upvalue(L);
		lua_pushcclosure(L, sandbox_wrapped[i].wrapper,
		    sandbox_wrapped[i].upvalue != NULL ? 2 : 1);
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
	sb->deadline_ms = SANDBOX_DEADLINE_MS;
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
	sandbox_batch_free(sb);
	lua_close(sb->L);
	free(sb->ups);
	free(sb);
}

/* Calls from now on may take ms milliseconds of wall-clock time (0: no
 * deadline). */
void
sandbox_set_deadline(struct sandbox *sb, long ms)
{
	sb->deadline_ms = ms;
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

/* Lua's own messages say where the parser stopped, not what the author
 * typed: these are the slips people coming from other languages make. */
const char *
sandbox_syntax_hint(const char *msg)
{
	if (msg == NULL)
		return NULL;
	if (strstr(msg, "near '!'") || strstr(msg, "near '!='"))
		return tr("Lua writes 'not equal' as ~=: change != to ~=",
		    "Lua 的“不等于”写作 ~=：请把 != 改为 ~=");
	if (strstr(msg, "near '&'") || strstr(msg, "near '|'"))
		return tr("Lua writes and, or, not: change && to and, || to or",
		    "Lua 的逻辑运算写作 and、or、not：请把 && 改为 and，|| 改为 or");
	if (strstr(msg, "unfinished string"))
		return tr("a string is not closed: check its quotes",
		    "字符串没有结束：请检查引号是否成对");
	if (strstr(msg, "expected (to close") || strstr(msg, "unexpected symbol") ||
	    strstr(msg, "near <eof>") || strstr(msg, "'=' expected") ||
	    strstr(msg, "'end' expected") || strstr(msg, "'}' expected") ||
	    strstr(msg, "')' expected"))
		return tr("check this line and the line above for a missing comma, brace or end",
		    "请检查本行和上一行是否缺少逗号、括号或 end");
	return NULL;
}

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
			msg = lua_pushfstring(L, "%s: %s", c->name, msg);
		if (sandbox_syntax_hint(msg) != NULL)
			lua_pushfstring(L, tr("%s (%s)", "%s（%s）"), msg, sandbox_syntax_hint(msg));
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

	if (sb->batch && sb->escalated && sb->depth == 0) {
		lua_settop(L, base);
		if (err != NULL && n > 0)
			sandbox_limit_message(sb, err, n);
		return -1;
	}
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
