/*
 * t_view.c - the read-only views a rule is handed: a mirrored view reads
 * as a plain one, keeps what it read until view_forget, and keeps no nil.
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "test.h"
#include "view.h"

void test_view(void);

/* Run CODE with the view at the top of L's stack as its argument "v":
 * its result as a string, or "error: " and the message. */
static const char *
run(lua_State *L, const char *code)
{
	static char out[512];
	int top = lua_gettop(L);

	if (luaL_loadbuffer(L, code, strlen(code), "=t.lua") != LUA_OK) {
		snprintf(out, sizeof out, "syntax: %s", lua_tostring(L, -1));
		lua_settop(L, top);
		return out;
	}
	lua_pushvalue(L, top);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK)
		snprintf(out, sizeof out, "error: %s", lua_tostring(L, -1));
	else
		snprintf(out, sizeof out, "%s", luaL_tolstring(L, -1, NULL));
	lua_settop(L, top);
	return out;
}

struct view_case {
	lua_State *L;
	struct view_schema s;
	struct view_value val[3];
	struct view v;
	char buf[32];
};

/* A view of a, b, c (1, "x", nil), mirrored or not, pushed on a new state. */
static void
view_case_open(struct view_case *c, int mirrored)
{
	memset(c, 0, sizeof *c);
	c->L = luaL_newstate();
	luaL_openlibs(c->L);
	view_schema_init(&c->s, "member");
	view_schema_add(&c->s, "a");
	view_schema_add(&c->s, "b");
	view_schema_add(&c->s, "c");
	view_set_int(&c->val[0], 1);
	view_set_str(&c->val[1], "x");
	view_set_nil(&c->val[2]);
	c->v.schema = &c->s;
	c->v.values = c->val;
	if (mirrored)
		view_push_mirrored(c->L, &c->v);
	else
		view_push(c->L, &c->v);
}

static void
view_case_close(struct view_case *c)
{
	lua_close(c->L);
	view_schema_free(&c->s);
}

/* Both kinds answer the same: values, nil, the errors, the metatable. */
static void
same_answers(void)
{
	for (int mirrored = 0; mirrored < 2; mirrored++) {
		struct view_case c;
		const char *L1 = "local v = ...; return ";

		view_case_open(&c, mirrored);
		char code[200];

#define ASK(expr, want) do { snprintf(code, sizeof code, "%s%s", L1, expr); \
	CHECK_STR(run(c.L, code), want); } while (0)
		ASK("v.a + 1", "2");
		ASK("v.a + v.a", "2");
		ASK("v.b .. v.b", "xx");
		ASK("tostring(v.c)", "nil");
		ASK("v.c == nil and v.c == nil", "true");
		ASK("math.type(v.a)", "integer");
		ASK("type(v)", "userdata");
		ASK("tostring(v)", "member record");
		ASK("getmetatable(v)", "read-only");
		ASK("v.nope", "error: t.lua:1: member has no field 'nope'");
		ASK("v[1]", "error: t.lua:1: member has no field '?'");
#undef ASK
		CHECK_STR(run(c.L, "local v = ...; v.a = 2"),
		    "error: t.lua:1: attempt to modify a read-only member record");
		CHECK_STR(run(c.L, "local v = ...; v.z = 2"),
		    "error: t.lua:1: attempt to modify a read-only member record");
		view_case_close(&c);
	}
}

/* A mirrored view keeps what it read until view_forget; a nil is never
 * kept, so a value set later is read. */
static void
mirror_keeps_until_forget(void)
{
	struct view_case c;

	view_case_open(&c, 1);
	CHECK_STR(run(c.L, "local v = ...; return v.a .. v.b .. tostring(v.c)"), "1xnil");
	view_set_int(&c.val[0], 5);
	view_set_str(&c.val[1], "y");
	view_set_int(&c.val[2], 7);
	/* a and b were kept; c was nil, so it is read now. */
	CHECK_STR(run(c.L, "local v = ...; return v.a .. v.b .. v.c"), "1x7");
	view_forget(c.L, -1);
	CHECK_STR(run(c.L, "local v = ...; return v.a .. v.b .. v.c"), "5y7");
	view_set_nil(&c.val[2]);
	view_forget(c.L, -1);
	CHECK_STR(run(c.L, "local v = ...; return tostring(v.c)"), "nil");
	/* A plain view is read afresh every time; view_forget leaves it be. */
	view_case_close(&c);
	view_case_open(&c, 0);
	CHECK_STR(run(c.L, "local v = ...; return v.a"), "1");
	view_set_int(&c.val[0], 5);
	view_forget(c.L, -1);
	CHECK_STR(run(c.L, "local v = ...; return v.a"), "5");
	CHECK_INT(lua_gettop(c.L), 1);
	view_case_close(&c);
}

/* After view_forget, a value read lately is offered to the mirror when
 * it is set again: the read then answers the value set, never an older
 * one, and a nil is never offered. */
static void
mirror_offers(void)
{
	struct view_case c;

	view_case_open(&c, 1);
	CHECK_STR(run(c.L, "local v = ...; return v.a .. v.b"), "1x");
	view_forget(c.L, -1);
	view_set_int(&c.val[0], 5);
	view_set_nil(&c.val[1]);
	view_offer_all(c.L, -1);
	CHECK_STR(run(c.L, "local v = ...; return v.a .. tostring(v.b)"), "5nil");
	view_set_str(&c.val[1], "z");
	CHECK_STR(run(c.L, "local v = ...; return v.b"), "z");
	view_forget(c.L, -1);
	view_set_int(&c.val[2], 9);
	view_offer(c.L, -1, 2);              /* never read: not offered */
	view_offer(c.L, -1, 0);
	view_offer(c.L, -1, 7);              /* no such slot: left alone */
	CHECK_STR(run(c.L, "local v = ...; return v.a .. v.c"), "59");
	for (int i = 0; i < 12; i++) {       /* offers run out, then a miss renews them */
		view_forget(c.L, -1);
		view_set_int(&c.val[0], i);
		view_offer_all(c.L, -1);
		snprintf(c.buf, sizeof c.buf, "%d", i);
		CHECK_STR(run(c.L, "local v = ...; return v.a"), c.buf);
	}
	CHECK_INT(lua_gettop(c.L), 1);
	view_case_close(&c);
}

/* A view with touched set keeps nothing: every read is traced. */
static void
mirror_traced(void)
{
	struct view_case c;
	unsigned char touched[3] = { 0, 0, 0 };

	view_case_open(&c, 1);
	c.v.touched = touched;
	CHECK_STR(run(c.L, "local v = ...; return v.a"), "1");
	touched[0] = 0;
	CHECK_STR(run(c.L, "local v = ...; return v.a"), "1");
	CHECK_INT(touched[0], 1);
	view_case_close(&c);
}

/* The fill of mirror_filled: counts its calls in the case's buffer. */
static void
count_fill(const struct view *v, size_t slot)
{
	char *calls = v->ctx;

	calls[slot]++;
}

/* A view with a fill keeps a value once filled, until view_forget; an
 * offer fills the slot first, and the read then finds it kept. */
static void
mirror_filled(void)
{
	struct view_case c;

	view_case_open(&c, 1);
	c.v.fill = count_fill;
	c.v.ctx = c.buf;
	CHECK_STR(run(c.L, "local v = ...; return v.a + v.a"), "2");
	CHECK_INT(c.buf[0], 1);
	view_forget(c.L, -1);
	view_set_int(&c.val[0], 5);
	view_offer_all(c.L, -1);
	CHECK_INT(c.buf[0], 2);              /* filled for the offer */
	CHECK_INT(c.buf[1], 0);              /* b was never read: neither */
	CHECK_STR(run(c.L, "local v = ...; return v.a .. v.a"), "55");
	CHECK_INT(c.buf[0], 2);              /* read from the mirror */
	view_case_close(&c);
}

void
test_view(void)
{
	test_case("view: mirrored and plain answer the same", same_answers);
	test_case("view: a mirror keeps values until view_forget", mirror_keeps_until_forget);
	test_case("view: a mirror is offered the values read lately", mirror_offers);
	test_case("view: a traced view keeps nothing", mirror_traced);
	test_case("view: a filled view keeps what was filled", mirror_filled);
}
