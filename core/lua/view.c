/*
 * view.c - the Lua class "baodao.view": read-only named values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "util.h"
#include "view.h"

#define VIEW_META "baodao.view"

/* Names a view remembers where they were found: a rule reads a few
 * names again and again, each a constant of its function, and Lua keeps
 * one copy of a short string, so the name's address finds its slot
 * without a table lookup (the text is compared too: an address may be
 * reused by another string). */
#define VIEW_CACHE 64

static const char view_magic;     /* its address marks a view's userdata */

struct view_ud {
	const void *magic;
	const struct view *v;
	struct {
		const char *key;
		size_t slot;
	} cache[VIEW_CACHE];
	int mirrored;          /* made by view_push_mirrored */
	size_t nkept;          /* slots the mirror holds a value of */
	unsigned char *held;   /* (mirrored only) per slot: in the mirror now */
	unsigned char *want;   /* per slot: offers left (view_offer) */
	size_t kept[];         /* (mirrored only) the slots in the mirror */
};

/* Offers a slot gets (view_offer) after a read of it missed the mirror:
 * a slot no rule reads any more costs at most this many offers. */
#define VIEW_WANT 8

void
view_schema_init(struct view_schema *s, const char *what)
{
	s->what = xstrdup(what);
	s->names = NULL;
	s->n = 0;
}

size_t
view_schema_add(struct view_schema *s, const char *name)
{
	long slot = view_schema_find(s, name);

	if (slot >= 0)
		return (size_t)slot;
	s->names = xrealloc(s->names, (s->n + 1) * sizeof *s->names);
	s->names[s->n] = xstrdup(name);
	return s->n++;
}

long
view_schema_find(const struct view_schema *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return (long)i;
	return -1;
}

void
view_schema_free(struct view_schema *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->what);
	memset(s, 0, sizeof *s);
}

void
view_set_nil(struct view_value *val)
{
	val->type = VIEW_NIL;
}

void
view_set_bool(struct view_value *val, int b)
{
	val->type = VIEW_BOOL;
	val->i = b != 0;
}

void
view_set_int(struct view_value *val, long long i)
{
	val->type = VIEW_INT;
	val->i = i;
}

void
view_set_num(struct view_value *val, double n)
{
	val->type = VIEW_NUM;
	val->n = n;
}

void
view_set_str(struct view_value *val, const char *s)
{
	if (s == NULL) {
		val->type = VIEW_NIL;
		return;
	}
	val->type = VIEW_STR;
	val->s = s;
	val->len = strlen(s);
}

void
view_push_value(lua_State *L, const struct view_value *val)
{
	switch (val->type) {
	case VIEW_BOOL:
		lua_pushboolean(L, (int)val->i);
		break;
	case VIEW_INT:
		lua_pushinteger(L, (lua_Integer)val->i);
		break;
	case VIEW_NUM:
		lua_pushnumber(L, val->n);
		break;
	case VIEW_STR:
		lua_pushlstring(L, val->s, val->len);
		break;
	default:
		lua_pushnil(L);
		break;
	}
}

/* The view at index 1.  Every metamethod has the class's metatable as its
 * upvalue: comparing with it is what luaL_checkudata does, without the
 * lookup of the metatable by name, on each of the millions of fields a
 * year's rules read. */
static const struct view *
view_check(lua_State *L)
{
	int same;

	if (lua_type(L, 1) == LUA_TUSERDATA && lua_getmetatable(L, 1)) {
		same = lua_rawequal(L, -1, lua_upvalueindex(1));
		lua_pop(L, 1);
		if (same)
			return ((const struct view_ud *)lua_touserdata(L, 1))->v;
	}
	return ((const struct view_ud *)luaL_checkudata(L, 1, VIEW_META))->v;
}

static long view_slot(lua_State *L, const struct view *v);

/* The slot of key K (LEN bytes) from the view's cache, or -1. */
static long
view_cached(const struct view_ud *ud, const char *k, size_t len, size_t h)
{
	size_t slot = ud->cache[h].slot;
	const char *name;

	if (ud->cache[h].key != k)
		return -1;
	name = ud->v->schema->names[slot];
	return memcmp(name, k, len) == 0 && name[len] == '\0' ? (long)slot : -1;
}

/* The view_ud at IDX, or NULL when it is not one of ours. */
static struct view_ud *
view_ud_at(lua_State *L, int idx)
{
	struct view_ud *ud = lua_touserdata(L, idx);

	if (ud == NULL || lua_rawlen(L, idx) < sizeof *ud || ud->magic != &view_magic)
		return NULL;
	return ud;
}

/* The slot of the key at index 2 of the view at index 1 (UD, or NULL
 * when the view is not a view_ud): from the cache, else from the user
 * value (a table name -> slot built once per view), remembered. */
static long
view_find(lua_State *L, struct view_ud *ud, const struct view *v)
{
	const char *k = NULL;
	size_t len = 0, h = 0;
	long slot = -1;

	if (ud && lua_type(L, 2) == LUA_TSTRING) {
		k = lua_tolstring(L, 2, &len);
		h = ((uintptr_t)k >> 4) % VIEW_CACHE;
		slot = view_cached(ud, k, len, h);
	}
	if (slot < 0) {
		slot = view_slot(L, v);
		if (k != NULL) {
			ud->cache[h].key = k;
			ud->cache[h].slot = (size_t)slot;
		}
	}
	return slot;
}

/* __index: push the named value. */
static int
view_index(lua_State *L)
{
	struct view_ud *ud = view_ud_at(L, 1);
	const struct view *v = ud ? ud->v : view_check(L);
	long slot = view_find(L, ud, v);

	if (v->touched)
		v->touched[slot] = 1;
	if (v->fill)
		v->fill(v, (size_t)slot);
	view_push_value(L, &v->values[slot]);
	return 1;
}

/*
 * __index of a mirrored view's mirror (upvalue 1: the view), called with
 * (mirror, key) for a name the mirror does not hold: read the view as
 * view_index does and keep a value that is not nil in the mirror, where
 * the next read finds it without a call into C.  A nil is not kept: an
 * outcome not made yet is nil and is made later for the same member.
 */
static int
view_mirror_index(lua_State *L)
{
	struct view_ud *ud = lua_touserdata(L, lua_upvalueindex(1));
	const struct view *v = ud->v;
	const struct view_value *val;
	long slot;

	lua_pushvalue(L, lua_upvalueindex(1));
	lua_replace(L, 1);             /* view_slot reads the names from the view */
	slot = view_find(L, ud, v);
	val = &v->values[slot];
	if (v->touched)
		v->touched[slot] = 1;
	if (v->fill)
		v->fill(v, (size_t)slot);
	view_push_value(L, val);
	if (val->type != VIEW_NIL && v->touched == NULL &&
	    !ud->held[slot] && ud->nkept < v->schema->n) {
		lua_getiuservalue(L, 1, 2);
		lua_pushvalue(L, 2);
		lua_pushvalue(L, -3);
		lua_rawset(L, -3);
		lua_pop(L, 1);
		ud->kept[ud->nkept++] = (size_t)slot;
		ud->held[slot] = 1;
		ud->want[slot] = VIEW_WANT;
	}
	return 1;
}

/* The slot of the name at index 2 from the view's table of names, or an
 * error naming what the view is. */
static long
view_slot(lua_State *L, const struct view *v)
{
	long slot;

	lua_getiuservalue(L, 1, 1);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, -2) != LUA_TNUMBER) {
		const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";

		/* A parameter is the one name the author declares elsewhere,
		 * in pack.conf: say where. */
		if (strcmp(v->schema->what, "parameter") == 0)
			return luaL_error(L, tr("parameter '%s' is not declared in pack.conf: add a"
			    " parameter %s { ... } section", "参数 '%s' 未在 pack.conf 中声明：请添加"
			    " parameter %s { ... } 一节"), k, k);
		return luaL_error(L, "%s has no field '%s'", v->schema->what, k);
	}
	slot = (long)lua_tointeger(L, -1);
	lua_pop(L, 2);
	return slot;
}

static int
view_newindex(lua_State *L)
{
	const struct view *v = view_check(L);

	return luaL_error(L, "attempt to modify a read-only %s record", v->schema->what);
}

static int
view_tostring(lua_State *L)
{
	const struct view *v = view_check(L);

	lua_pushfstring(L, "%s record", v->schema->what);
	return 1;
}

static const luaL_Reg view_meta[] = {
	{ "__index", view_index },
	{ "__newindex", view_newindex },
	{ "__tostring", view_tostring },
	{ NULL, NULL }
};

/* Give the userdata at U its first user value: its names -> slot. */
static void
view_set_names(lua_State *L, const struct view *v, int u)
{
	lua_createtable(L, 0, (int)v->schema->n);
	for (size_t i = 0; i < v->schema->n; i++) {
		lua_pushinteger(L, (lua_Integer)i);
		lua_setfield(L, -2, v->schema->names[i]);
	}
	lua_setiuservalue(L, u, 1);
}

void
view_push(lua_State *L, const struct view *v)
{
	struct view_ud *ud = lua_newuserdatauv(L, sizeof *ud, 1);

	memset(ud, 0, sizeof *ud);
	ud->magic = &view_magic;
	ud->v = v;
	if (luaL_newmetatable(L, VIEW_META)) {
		lua_pushvalue(L, -1);
		luaL_setfuncs(L, view_meta, 1);
		lua_pushliteral(L, "read-only");
		lua_setfield(L, -2, "__metatable");
	}
	lua_setmetatable(L, -2);
	view_set_names(L, v, lua_gettop(L));
}

/* The metamethods of a mirrored view besides __index (its mirror). */
static const luaL_Reg view_mirror_meta[] = {
	{ "__newindex", view_newindex },
	{ "__tostring", view_tostring },
	{ NULL, NULL }
};

/*
 * A mirrored view: its own metatable, whose __index is the mirror, a
 * table of the values read so far (user value 2), which calls
 * view_mirror_index for the others; user value 3 holds the names by slot,
 * for view_forget.  The metamethods' upvalue is this metatable, as
 * view_check expects.
 */
void
view_push_mirrored(lua_State *L, const struct view *v)
{
	size_t n = v->schema->n;
	size_t size = sizeof(struct view_ud) + (n + 1) * sizeof(size_t) + 2 * (n + 1);
	struct view_ud *ud = lua_newuserdatauv(L, size, 3);
	int u = lua_gettop(L);

	memset(ud, 0, size);
	ud->magic = &view_magic;
	ud->v = v;
	ud->mirrored = 1;
	ud->held = (unsigned char *)(ud->kept + n + 1);
	ud->want = ud->held + n + 1;
	view_set_names(L, v, u);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, v->schema->names[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setiuservalue(L, u, 3);
	lua_newtable(L);                        /* the mirror */
	lua_createtable(L, 0, 1);
	lua_pushvalue(L, u);
	lua_pushcclosure(L, view_mirror_index, 1);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setiuservalue(L, u, 2);
	lua_createtable(L, 0, 4);               /* the view's metatable */
	lua_insert(L, -2);
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, -1);
	luaL_setfuncs(L, view_mirror_meta, 1);
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, u);
}

/* See view.h: empty the mirror of the view at IDX. */
void
view_forget(lua_State *L, int idx)
{
	struct view_ud *ud = view_ud_at(L, idx);

	if (ud == NULL || !ud->mirrored || ud->nkept == 0)
		return;
	idx = lua_absindex(L, idx);
	lua_getiuservalue(L, idx, 2);
	lua_getiuservalue(L, idx, 3);
	for (size_t i = 0; i < ud->nkept; i++) {
		lua_rawgeti(L, -1, (lua_Integer)ud->kept[i] + 1);
		lua_pushnil(L);
		lua_rawset(L, -4);
		ud->held[ud->kept[i]] = 0;
	}
	lua_pop(L, 2);
	ud->nkept = 0;
}

/* Put SLOT's value in the mirror of UD when a read of it missed lately
 * (see view.h), filled first when the view fills on demand; the caller
 * has pushed the mirror and the names by slot (user values 2 and 3), in
 * that order. */
static void
view_offer_slot(lua_State *L, struct view_ud *ud, size_t slot)
{
	const struct view_value *val = &ud->v->values[slot];

	if (!ud->want[slot] || ud->held[slot] || ud->nkept >= ud->v->schema->n)
		return;
	if (ud->v->fill)
		ud->v->fill(ud->v, slot);
	if (val->type == VIEW_NIL)
		return;
	ud->want[slot]--;
	lua_rawgeti(L, -1, (lua_Integer)slot + 1);
	view_push_value(L, val);
	lua_rawset(L, -4);
	ud->kept[ud->nkept++] = slot;
	ud->held[slot] = 1;
}

/* The view_ud at IDX when it is a mirrored view that has a slot to
 * offer, else NULL. */
static struct view_ud *
view_offering(lua_State *L, int idx)
{
	struct view_ud *ud = view_ud_at(L, idx);

	if (ud == NULL || !ud->mirrored || ud->v->touched != NULL)
		return NULL;
	return ud;
}

/* See view.h. */
void
view_offer(lua_State *L, int idx, size_t slot)
{
	struct view_ud *ud = view_offering(L, idx);

	if (ud == NULL || slot >= ud->v->schema->n || !ud->want[slot])
		return;
	idx = lua_absindex(L, idx);
	lua_getiuservalue(L, idx, 2);
	lua_getiuservalue(L, idx, 3);
	view_offer_slot(L, ud, slot);
	lua_pop(L, 2);
}

/* See view.h. */
void
view_offer_all(lua_State *L, int idx)
{
	struct view_ud *ud = view_offering(L, idx);
	size_t n;

	if (ud == NULL)
		return;
	n = ud->v->schema->n;
	idx = lua_absindex(L, idx);
	lua_getiuservalue(L, idx, 2);
	lua_getiuservalue(L, idx, 3);
	for (size_t i = 0; i < n; i++)
		if (ud->want[i])
			view_offer_slot(L, ud, i);
	lua_pop(L, 2);
}
