/*
 * sandbox_freeze.c - freezing the sandbox in place (the contract is in
 * sandbox.h): sandbox_freeze(), sandbox_seal() and what they rest on.
 *
 *  - Frozen tables.  Lua has no read-only tables, and a read-only copy
 *    would not reach the locals and upvalues that already hold a table, so
 *    a frozen table is emptied instead: its entries move to a hidden shadow
 *    table, and a protected metatable reads from the shadow and refuses
 *    writes.  A weak registry map from frozen table to shadow lets next,
 *    rawget, rawlen and pairs (sandbox.c) see the entries and lets rawset
 *    refuse.
 *
 *  - The walk.  Freezing a value freezes everything reachable from it:
 *    the entries of tables, their metatables' entries and the upvalues of
 *    Lua functions, from a work list rather than by recursion.
 *
 *  - Upvalue snapshots.  A local captured by a frozen function cannot be
 *    frozen (it need not hold a table), so its value is recorded and put
 *    back after every call (sandbox_restore_upvalues()) when some frozen
 *    code can assign it (sandbox_assign.c reads that from the bytecode).
 */
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>

#include "sandbox.h"
#include "sandbox_int.h"
#include "util.h"

/* Registry keys: the addresses of these.  The frozen map takes a frozen
 * table to its shadow and a frozen function to true; the views map takes
 * a frozen metatable to its view (sandbox_push_view); the rest is the
 * upvalue snapshot. */
static const char sandbox_frozen_key = 'f';
static const char sandbox_views_key = 'v';
static const char sandbox_upvals_key = 'u';     /* the values */
static const char sandbox_upfuncs_key = 'F';    /* the functions */
static const char sandbox_upval_ids_key = 'i';  /* the upvalues' ids */

/* Metamethods a frozen table keeps from its old metatable: all but the
 * ones freezing owns (__index, __newindex, __pairs, __metatable) and the
 * ones it drops (__gc: finalizers are refused; __mode). */
static const char *const sandbox_metamethods[] = {
	"__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm", "__idiv",
	"__band", "__bor", "__bxor", "__shl", "__shr", "__bnot", "__concat",
	"__len", "__eq", "__lt", "__le", "__call", "__close", "__tostring",
	"__name", NULL
};

/* ---- frozen tables --------------------------------------------------- */

/* Push what the frozen map holds for the value at idx: a table's shadow,
 * true for a function, nil when it is not frozen.  Returns its type. */
int
sandbox_shadow(lua_State *L, int idx)
{
	int t;

	idx = lua_absindex(L, idx);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_frozen_key);
	lua_pushvalue(L, idx);
	t = lua_rawget(L, -2);
	lua_remove(L, -2);
	return t;
}

/* Push the table that holds the entries of the table at idx: its shadow
 * when it is frozen, else the table itself. */
void
sandbox_push_raw(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (sandbox_shadow(L, idx) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_pushvalue(L, idx);
	}
}

/* __newindex of frozen tables. */
static int
sandbox_frozen_newindex(lua_State *L)
{
	return luaL_error(L, "attempt to modify a read-only table");
}

/* __newindex of the globals after the seal: say which global. */
static int
sandbox_global_newindex(lua_State *L)
{
	return luaL_error(L, "attempt to write global '%s': globals are "
	    "read-only once the pack is loaded", luaL_tolstring(L, 2, NULL));
}

/* __len of frozen tables: the length of the shadow. */
static int
sandbox_frozen_len(lua_State *L)
{
	sandbox_push_raw(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

/* __index of a shadow whose table had an __index function (upvalue 2):
 * call it with the frozen table (upvalue 1), as before the freeze. */
static int
sandbox_shadow_index(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 2);
	lua_call(L, 2, 1);
	return 1;
}

/*
 * Push the metatable objects get from setmetatable(o, M) for the frozen M
 * at m.  Lua reads metamethods raw, and M is empty, so objects need a
 * real table of M's entries: the view, made once per M and hidden behind
 * a __metatable that answers M, so getmetatable(o) == M still holds.
 */
void
sandbox_push_view(lua_State *L, int m)
{
	int views, v;

	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_views_key);
	views = lua_gettop(L);
	lua_pushvalue(L, m);
	if (lua_rawget(L, views) == LUA_TNIL) {
		lua_pop(L, 1);
		lua_newtable(L);
		v = lua_gettop(L);
		sandbox_push_raw(L, m);
		sandbox_copy(L, v + 1, v, 0);
		lua_pop(L, 1);
		if (sandbox_rawgetfield(L, v, "__metatable") == LUA_TNIL) {
			lua_pushvalue(L, m);
			lua_setfield(L, v, "__metatable");
		}
		lua_pop(L, 1);
		lua_pushvalue(L, m);
		lua_pushvalue(L, v);
		lua_rawset(L, views);
	}
	lua_remove(L, views);
}

/* __pairs of frozen tables: the shadow's entries in order. */
static int
sandbox_frozen_pairs(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	sandbox_push_raw(L, 1);
	return sandbox_sorted_pairs(L, 1, lua_gettop(L));
}

/*
 * Is the metatable of the table at idx protected by a __metatable field?
 * A view (sandbox_push_view) answers M there only to hide itself: it is
 * protected when M was.
 */
int
sandbox_protected(lua_State *L, int idx)
{
	int top = lua_gettop(L), m, protected = 1;

	if (luaL_getmetafield(L, idx, "__metatable") == LUA_TNIL)
		return 0;
	if (lua_istable(L, -1)) {
		m = lua_gettop(L);
		lua_getmetatable(L, idx);
		lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_views_key);
		lua_pushvalue(L, m);
		lua_rawget(L, -2);
		sandbox_push_raw(L, m);
		protected = !lua_rawequal(L, m + 1, m + 3) ||
		    sandbox_rawgetfield(L, m + 4, "__metatable") != LUA_TNIL;
	}
	lua_settop(L, top);
	return protected;
}

/* ---- freezing -------------------------------------------------------- */

/* A freezing walk: the registry maps it updates and a work list of the
 * tables and functions found but not yet frozen, all on the stack. */
struct sandbox_walk {
	struct sandbox *sb;
	lua_State *L;
	int top;                /* the stack top before the walk */
	int frozen;             /* stack index of the frozen map */
	int upvals;             /* ... of the snapshot's values */
	int funcs;              /* ... of its functions */
	int ids;                /* ... of the ids of the upvalues in it */
	int pending;               /* ... of the work list */
	lua_Integer n;          /* entries in the work list */
};

/* Start a walk: push what it works on. */
static void
sandbox_walk_begin(struct sandbox *sb, struct sandbox_walk *w)
{
	lua_State *L = sb->L;

	w->sb = sb;
	w->L = L;
	w->top = lua_gettop(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_frozen_key);
	w->frozen = lua_gettop(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_upvals_key);
	w->upvals = lua_gettop(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_upfuncs_key);
	w->funcs = lua_gettop(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_upval_ids_key);
	w->ids = lua_gettop(L);
	lua_newtable(L);
	w->pending = lua_gettop(L);
	w->n = 0;
}

/* End a walk: pop what sandbox_walk_begin() pushed. */
static void
sandbox_walk_end(struct sandbox_walk *w)
{
	lua_settop(w->L, w->top);
}

/* Is the value at idx frozen already? */
static int
sandbox_walk_frozen(struct sandbox_walk *w, int idx)
{
	int t;

	lua_pushvalue(w->L, idx);
	t = lua_rawget(w->L, w->frozen);
	lua_pop(w->L, 1);
	return t != LUA_TNIL;
}

/* Put the value at idx on the work list if it is a table or a function
 * not frozen yet. */
static void
sandbox_walk_add(struct sandbox_walk *w, int idx)
{
	int t = lua_type(w->L, idx);

	if (t != LUA_TTABLE && t != LUA_TFUNCTION)
		return;
	if (sandbox_walk_frozen(w, idx))
		return;
	lua_pushvalue(w->L, idx);
	lua_rawseti(w->L, w->pending, ++w->n);
}

/* Put every key and value of the table at idx on the work list. */
static void
sandbox_walk_contents(struct sandbox_walk *w, int idx)
{
	lua_pushnil(w->L);
	while (lua_next(w->L, idx)) {
		sandbox_walk_add(w, -2);
		sandbox_walk_add(w, -1);
		lua_pop(w->L, 1);
	}
}

/*
 * Give the shadow s the old metatable's __index (m holds the old
 * metatable's entries), so that inherited fields still read through.  An
 * __index function is wrapped to get the frozen table t, as it did before
 * the freeze: given the shadow, it could write to it (table.insert would
 * do as __index).  sandbox_index is left as is, to keep the position in
 * its errors; it never writes.
 */
static void
sandbox_set_shadow_index(lua_State *L, int t, int s, int m)
{
	if (sandbox_rawgetfield(L, m, "__index") == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (lua_isfunction(L, -1) && lua_tocfunction(L, -1) != sandbox_index) {
		lua_pushvalue(L, t);
		lua_insert(L, -2);
		lua_pushcclosure(L, sandbox_shadow_index, 2);
	}
	lua_createtable(L, 0, 1);
	lua_insert(L, -2);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, s);
}

/* Push the protected metatable of a frozen table with shadow s; m holds
 * the entries of its old metatable, or is 0. */
static void
sandbox_push_frozen_metatable(lua_State *L, int s, int m)
{
	const char *const *e;

	lua_createtable(L, 0, 5);
	lua_pushcfunction(L, sandbox_frozen_len);
	lua_setfield(L, -2, "__len");
	for (e = sandbox_metamethods; m != 0 && *e != NULL; e++) {
		if (sandbox_rawgetfield(L, m, *e) != LUA_TNIL)
			lua_setfield(L, -2, *e);
		else
			lua_pop(L, 1);
	}
	lua_pushvalue(L, s);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, sandbox_frozen_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, sandbox_frozen_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
}

/*
 * Freeze the table at t in place: its entries move to a new shadow table
 * and its metatable becomes a protected one that reads from the shadow
 * and refuses writes.  The entries, and those of the old metatable (which
 * the new one and the shadow's refer to), go on the work list.  The old
 * metatable itself is left alone: Lua reads metatables raw, so emptying
 * one would break every object that uses it.
 */
static void
sandbox_freeze_table(struct sandbox_walk *w, int t)
{
	lua_State *L = w->L;
	int s, m = 0;

	lua_newtable(L);
	s = lua_gettop(L);
	sandbox_copy(L, t, s, 0);
	lua_pushnil(L);
	while (lua_next(L, s)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_pushnil(L);
		lua_rawset(L, t);
	}
	lua_pushvalue(L, t);
	lua_pushvalue(L, s);
	lua_rawset(L, w->frozen);
	if (lua_getmetatable(L, t)) {
		sandbox_push_raw(L, -1);
		lua_remove(L, -2);
		m = lua_gettop(L);
		sandbox_set_shadow_index(L, t, s, m);
	}
	sandbox_push_frozen_metatable(L, s, m);
	lua_setmetatable(L, t);
	sandbox_walk_contents(w, s);
	if (m != 0)
		sandbox_walk_contents(w, m);
	lua_settop(L, s - 1);
}

/*
 * Add upvalue n of the function at f, whose value is on top, to the
 * snapshot, unless it is there already (closures share upvalues); mark
 * it assigned when ASSIGNED (this function's code may assign it: another
 * sharing it may not).  *fn is the function's place in the function
 * list, 0 until it has one.  The ids map takes an upvalue's id to its
 * place in the snapshot.
 */
static void
sandbox_record_upvalue(struct sandbox_walk *w, int f, int n, int assigned, int *fn)
{
	struct sandbox *sb = w->sb;
	lua_State *L = w->L;
	void *id = lua_upvalueid(L, f, n);

	if (lua_rawgetp(L, w->ids, id) == LUA_TNUMBER) {
		struct sandbox_upvalue *u = &sb->ups[lua_tointeger(L, -1) - 1];

		sb->nassigned += assigned && !u->assigned;
		u->assigned |= assigned;
		lua_pop(L, 1);
		return;
	}
	lua_pop(L, 1);
	lua_pushinteger(L, sb->nups + 1);
	lua_rawsetp(L, w->ids, id);
	if (*fn == 0) {
		*fn = ++sb->nfuncs;
		lua_pushvalue(L, f);
		lua_rawseti(L, w->funcs, *fn);
	}
	if (sb->nups == sb->upcap) {
		sb->upcap = sb->upcap > 0 ? 2 * sb->upcap : 16;
		sb->ups = xrealloc(sb->ups, (size_t)sb->upcap * sizeof *sb->ups);
	}
	sb->ups[sb->nups].fn = *fn;
	sb->ups[sb->nups].n = n;
	sb->ups[sb->nups].assigned = assigned;
	sb->nassigned += assigned != 0;
	lua_pushvalue(L, -1);
	lua_rawseti(L, w->upvals, ++sb->nups);
}

/* Freeze the function at f: a C function has nothing a rule can reach;
 * a Lua function's upvalues go into the snapshot and on the work list. */
static void
sandbox_freeze_function(struct sandbox_walk *w, int f)
{
	lua_State *L = w->L;
	int n, nup, fn = 0;
	unsigned char *assigned;

	lua_pushvalue(L, f);
	lua_pushboolean(L, 1);
	lua_rawset(L, w->frozen);
	if (lua_iscfunction(L, f))
		return;
	for (nup = 0; lua_getupvalue(L, f, nup + 1) != NULL; nup++)
		lua_pop(L, 1);
	/* NULL: the bytecode could not be read, so any may be assigned. */
	assigned = sandbox_assigned_upvalues(L, f, (size_t)nup);
	for (n = 1; n <= nup; n++) {
		lua_getupvalue(L, f, n);
		sandbox_record_upvalue(w, f, n, assigned == NULL || assigned[n - 1], &fn);
		sandbox_walk_add(w, -1);
		lua_pop(L, 1);
	}
	free(assigned);
}

/* Freeze everything on the work list and what it leads to.  A list, not
 * recursion, so deep structures cannot overflow the C stack. */
static void
sandbox_walk_run(struct sandbox_walk *w)
{
	lua_State *L = w->L;

	while (w->n > 0) {
		lua_rawgeti(L, w->pending, w->n);
		lua_pushnil(L);
		lua_rawseti(L, w->pending, w->n--);
		if (!sandbox_walk_frozen(w, -1)) {
			if (lua_istable(L, -1))
				sandbox_freeze_table(w, lua_gettop(L));
			else
				sandbox_freeze_function(w, lua_gettop(L));
		}
		lua_pop(L, 1);
	}
}


/* ---- upvalue snapshots ---------------------------------------------- */

/* Put back every upvalue in the snapshot (sandbox_record_upvalue) that
 * frozen code can assign (sandbox_assign.c), undoing what the last call
 * assigned to the locals of frozen functions; the others cannot have
 * changed.  The entries of a function are adjacent, so it is fetched
 * once. */
void
sandbox_restore_upvalues(struct sandbox *sb)
{
	lua_State *L = sb->L;
	int top = lua_gettop(L), fn = 0, i;

	if (sb->nassigned == 0)
		return;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_upvals_key);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &sandbox_upfuncs_key);
	for (i = 0; i < sb->nups; i++) {
		if (!sb->ups[i].assigned)
			continue;
		if (sb->ups[i].fn != fn) {
			fn = sb->ups[i].fn;
			lua_settop(L, top + 2);
			lua_rawgeti(L, top + 2, fn);
		}
		lua_rawgeti(L, top + 1, i + 1);
		lua_setupvalue(L, top + 3, sb->ups[i].n);
	}
	lua_settop(L, top);
}

/* ---- the interface --------------------------------------------------- */

/* Create an empty registry table under key, weak in mode (or strong). */
static void
sandbox_new_registry_table(lua_State *L, const char *key, const char *mode)
{
	lua_newtable(L);
	if (mode != NULL) {
		lua_createtable(L, 0, 1);
		lua_pushstring(L, mode);
		lua_setfield(L, -2, "__mode");
		lua_setmetatable(L, -2);
	}
	lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

/* Create the registry maps freezing keeps (run protected by
 * sandbox_new(), from sandbox_open()). */
void
sandbox_freeze_init(lua_State *L)
{
	sandbox_new_registry_table(L, &sandbox_frozen_key, "k");
	sandbox_new_registry_table(L, &sandbox_views_key, "k");
	sandbox_new_registry_table(L, &sandbox_upvals_key, NULL);
	sandbox_new_registry_table(L, &sandbox_upfuncs_key, NULL);
	sandbox_new_registry_table(L, &sandbox_upval_ids_key, NULL);
}

/* Freeze the value at idx and everything it leads to (the value stays
 * on the stack). */
void
sandbox_freeze(struct sandbox *sb, int idx)
{
	struct sandbox_walk w;

	idx = lua_absindex(sb->L, idx);
	sandbox_walk_begin(sb, &w);
	sandbox_walk_add(&w, idx);
	sandbox_walk_run(&w);
	sandbox_walk_end(&w);
}

/* Freeze the globals and what they lead to.  The string metatable keeps
 * its entries (sandbox_open_string_metatable hid it instead); what they
 * refer to is frozen with the globals.  Then writing a global names it. */
void
sandbox_seal(struct sandbox *sb)
{
	lua_State *L = sb->L;
	struct sandbox_walk w;
	int g, smt;

	if (sb->sealed)
		return;
	lua_pushglobaltable(L);
	g = lua_gettop(L);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	smt = lua_gettop(L);
	sandbox_walk_begin(sb, &w);
	sandbox_walk_add(&w, g);
	sandbox_walk_contents(&w, smt);
	sandbox_walk_run(&w);
	sandbox_walk_end(&w);
	lua_getmetatable(L, g);
	lua_pushcfunction(L, sandbox_global_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_settop(L, g - 1);
	sb->sealed = 1;
}

/* Has sandbox_seal() run? */
int
sandbox_sealed(const struct sandbox *sb)
{
	return sb->sealed;
}
