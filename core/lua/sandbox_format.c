/*
 * sandbox_format.c - string.format in the sandbox (the contract is in
 * sandbox.h): '%p' refused, objects named as tostring() names them, the
 * result charged as the string helpers' are; the common message of
 * integers and strings built without printf; and short results of
 * numbers kept for the next call with the same format and numbers.
 *
 * Why keep results: rules format the same few messages for member after
 * member ("%d（要求至少 %d）" with the same counts), and making the
 * string again (hashing it to find it interned) costs more than the
 * rest of the call.  Only results Lua interns (40 bytes or fewer) are
 * kept: making one is never charged (sandbox.c, sandbox_charge_alloc),
 * so a call charges the same whether its result was kept or made, and
 * the count stays independent of what ran before.  A kept result is
 * anchored beside its format string, whose bytes are the key: while
 * anchored, no other string has that address.
 */
#include <stdint.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "sandbox.h"
#include "sandbox_int.h"

/* The table anchoring kept results and their formats is the wrapper's
 * upvalue 2 (sandbox_format_anchor): slot i's result at i + 1, its
 * format at SANDBOX_FORMATS + i + 1. */
#define SANDBOX_FORMAT_ANCHOR lua_upvalueindex(2)

/* The longest string Lua interns (LUAI_MAXSHORTLEN). */
#define SANDBOX_FORMAT_MAXLEN 40

/* Push the anchor table for string.format's wrapper, its slots all in
 * its array part, so that keeping a result never allocates.  A C
 * closure's upvalues are out of the rules' reach, and freezing leaves
 * them alone. */
void
sandbox_format_anchor(lua_State *L)
{
	lua_createtable(L, 2 * SANDBOX_FORMATS, 0);
	for (int i = 1; i <= 2 * SANDBOX_FORMATS; i++) {
		lua_pushboolean(L, 0);
		lua_rawseti(L, -2, i);
	}
}

/* The key of this call, F (LEN bytes) and its arguments, in K: 1 when
 * every argument is a number (at most SANDBOX_FORMAT_ARGS), else 0 (a
 * string or an object formats as what it holds, or by its name in the
 * call: not kept). */
static int
sandbox_format_key(lua_State *L, const char *f, size_t len, struct sandbox_format *k)
{
	int n = lua_gettop(L) - 1;

	if (n > SANDBOX_FORMAT_ARGS)
		return 0;
	memset(k, 0, sizeof *k);
	k->fmt = f;
	k->len = len;
	k->nargs = n;
	for (int i = 0; i < n; i++) {
		if (lua_type(L, i + 2) != LUA_TNUMBER)
			return 0;
		k->isint[i] = (char)lua_isinteger(L, i + 2);
		if (k->isint[i])
			k->bits[i] = (uint64_t)lua_tointeger(L, i + 2);
		else {
			lua_Number x = lua_tonumber(L, i + 2);

			memcpy(&k->bits[i], &x, sizeof x < sizeof k->bits[i] ? sizeof x :
			    sizeof k->bits[i]);
		}
	}
	return 1;
}

/* The slot of key K. */
static size_t
sandbox_format_slot(const struct sandbox_format *k)
{
	uint64_t h = (uint64_t)(uintptr_t)k->fmt ^ k->len;

	for (int i = 0; i < k->nargs; i++)
		h = (h ^ k->bits[i] ^ (uint64_t)k->isint[i] << 63) * 0x100000001b3ull;
	return (size_t)(h ^ h >> 29) % SANDBOX_FORMATS;
}

/* Push the result kept for K and return 1, or return 0 (nothing
 * pushed). */
static int
sandbox_format_kept(lua_State *L, const struct sandbox_format *k)
{
	size_t slot = sandbox_format_slot(k);
	const struct sandbox_format *s = &sandbox_of(L)->formats[slot];

	if (s->fmt != k->fmt || memcmp(s, k, sizeof *k) != 0)
		return 0;
	lua_rawgeti(L, SANDBOX_FORMAT_ANCHOR, (lua_Integer)slot + 1);
	return 1;
}

/* Keep the result on top of the stack for K, if Lua interns it. */
static void
sandbox_format_keep(lua_State *L, const struct sandbox_format *k)
{
	size_t slot = sandbox_format_slot(k);

	if (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) > SANDBOX_FORMAT_MAXLEN)
		return;
	lua_pushvalue(L, -1);
	lua_rawseti(L, SANDBOX_FORMAT_ANCHOR, (lua_Integer)slot + 1);
	lua_pushvalue(L, 1);
	lua_rawseti(L, SANDBOX_FORMAT_ANCHOR, (lua_Integer)(SANDBOX_FORMATS + slot) + 1);
	memcpy(&sandbox_of(L)->formats[slot], k, sizeof *k);
}

/* N in decimal, as "%lld" writes it, into BUF (24 bytes); its length. */
static size_t
sandbox_int_text(char *buf, lua_Integer n)
{
	char tmp[24];
	size_t len = 0, k = 0;
	lua_Unsigned u = n < 0 ? 0 - (lua_Unsigned)n : (lua_Unsigned)n;

	do
		tmp[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		buf[len++] = '-';
	while (k > 0)
		buf[len++] = tmp[--k];
	return len;
}

/*
 * sandbox_format_plain's text, when it is short (most messages are), made
 * in a buffer on the C stack and pushed once: a luaL_Buffer costs more
 * than the text.  F's conversions are checked already.  Returns 1 with
 * the result pushed, or 0 (nothing pushed) when it does not fit.
 */
static int
sandbox_format_short(lua_State *L, const char *f, size_t len)
{
	char buf[256];
	size_t i = 0, n = 0, l;
	int arg = 1;
	const char *t, *pc;

	while (i < len) {
		pc = memchr(f + i, '%', len - i);
		l = pc ? (size_t)(pc - (f + i)) : len - i;
		if (l > sizeof buf - n)
			return 0;
		memcpy(buf + n, f + i, l);
		n += l;
		if (pc == NULL)
			break;
		i += l + 2;
		if (sizeof buf - n < 24)
			return 0;
		if (pc[1] == '%')
			buf[n++] = '%';
		else if (pc[1] == 'd')
			n += sandbox_int_text(buf + n, lua_tointeger(L, ++arg));
		else {
			t = lua_tolstring(L, ++arg, &l);
			if (l > sizeof buf - n)
				return 0;
			memcpy(buf + n, t, l);
			n += l;
		}
	}
	lua_pushlstring(L, buf, n);
	return 1;
}

/*
 * string.format as rules mostly call it, "%d（要求至少 %d）": when every
 * conversion of F (LEN bytes) is a bare %d of an integer, a bare %s of a
 * string or %%, the text is built here, as the library would build it,
 * without a printf per value; returns 1 with the result pushed, or 0
 * (nothing pushed) for the library to do it.
 */
static int
sandbox_format_plain(lua_State *L, const char *f, size_t len)
{
	luaL_Buffer b;
	char num[24];
	int arg = 1, top = lua_gettop(L);
	size_t i, j, l;
	const char *t;

	for (i = 0; i < len; i++) {
		if (f[i] != '%')
			continue;
		if (++i == len)
			return 0;
		if (f[i] == '%')
			continue;
		if (++arg > top || (f[i] == 'd' ? !lua_isinteger(L, arg) :
		    f[i] != 's' || lua_type(L, arg) != LUA_TSTRING))
			return 0;
	}
	if (sandbox_format_short(L, f, len))
		return 1;
	luaL_buffinit(L, &b);
	for (i = 0, arg = 1; i < len; i = j + 2) {
		for (j = i; j < len && f[j] != '%'; j++)
			;
		luaL_addlstring(&b, f + i, j - i);
		if (j == len)
			break;
		if (f[j + 1] == '%')
			luaL_addchar(&b, '%');
		else if (f[j + 1] == 'd')
			luaL_addlstring(&b, num, sandbox_int_text(num, lua_tointeger(L, ++arg)));
		else {
			t = lua_tolstring(L, ++arg, &l);
			luaL_addlstring(&b, t, l);
		}
	}
	luaL_pushresult(&b);
	return 1;
}

/*
 * string.format(fmt, ...): '%p' would show an address, so it is
 * refused; an argument to '%s' that is a table, function or userdata is
 * converted first as tostring() converts it (sandbox_tolstring), never
 * to its address.  Each conversion but '%%' takes one argument, in
 * order.  A short result of numbers is kept (sandbox_format_kept).
 */
int
sandbox_string_format(lua_State *L)
{
	size_t len, i;
	const char *f = luaL_checklstring(L, 1, &len);
	int arg = 1, top = lua_gettop(L), keep;
	struct sandbox_format key;

	keep = sandbox_format_key(L, f, len, &key);
	if (keep && sandbox_format_kept(L, &key)) {
		sandbox_charge_values(L, lua_gettop(L));
		return 1;
	}
	/* Charged as the library's result is (sandbox_string_out). */
	if (sandbox_format_plain(L, f, len))
		sandbox_charge_values(L, lua_gettop(L));
	else {
		for (i = 0; i < len; i++) {
			if (f[i] != '%')
				continue;
			if (++i < len && f[i] == '%')
				continue;
			arg++;
			while (i < len && f[i] != '\0' && strchr("-+ #0123456789.", f[i]))
				i++;
			if (i == len)
				break;
			if (f[i] == 'p')
				return luaL_error(L, "blocked: string.format('%%p') is "
				    "not available in the baodao sandbox");
			if (f[i] == 's' && arg <= top && sandbox_is_object(L, arg)) {
				sandbox_tolstring(L, arg, NULL);
				lua_replace(L, arg);
			}
		}
		sandbox_string_out(L);
	}
	if (keep)
		sandbox_format_keep(L, &key);
	return 1;
}
