/*
 * sandbox_pattern.c - Lua string patterns for the sandbox: string.find,
 * string.match, string.gmatch and string.gsub with the semantics of Lua
 * 5.4 (reference manual, section 6.4.1), over a matcher of our own that
 * charges every step it takes to the call's instruction count
 * (sandbox_charge()).  The standard library's matcher runs in C, where
 * the count hook never fires, and backtracks without bound: a pattern
 * like ("a*"):rep(12) .. "b" would run for minutes inside one
 * instruction.  Here it ends with "instruction limit exceeded".
 *
 * The matcher is a backtracking one, as the manual's semantics require
 * (greedy *, +, ?, lazy -, back-references).  It recurses at most
 * PATTERN_MAXDEPTH levels ("pattern too complex"), so the C stack is
 * bounded too; loops over the subject are counted step by step.  Errors
 * are raised with luaL_error, so nothing it holds outlives a raise.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "sandbox.h"
#include "sandbox_int.h"

/* Captures a pattern may have, as in Lua. */
#define PATTERN_MAXCAPTURES 32

/* Nested matcher calls before "pattern too complex", as in Lua. */
#define PATTERN_MAXDEPTH 200

/* Steps counted before they are charged in one go. */
#define PATTERN_BATCH 256

/* Plain searches and copies are charged one unit per this many bytes. */
#define PATTERN_BYTES_PER_UNIT 64

/* The length of a capture not closed yet, and of a position capture. */
#define PATTERN_CAP_OPEN (-1)
#define PATTERN_CAP_POSITION (-2)

/* One match attempt: the subject, the pattern's end, the captures. */
struct pattern_state {
	lua_State *L;
	const char *src;        /* the subject */
	const char *src_end;
	const char *p_end;      /* the pattern's end */
	int depth;              /* matcher calls still allowed */
	int level;              /* captures opened */
	unsigned steps;         /* steps not charged yet */
	const char *run_end;    /* where a greedy run before '$' stopped */
	struct {
		const char *init;
		ptrdiff_t len;  /* or PATTERN_CAP_OPEN, PATTERN_CAP_POSITION */
	} cap[PATTERN_MAXCAPTURES];
};

static const char *pattern_match(struct pattern_state *ms, const char *s,
    const char *p);

/* ---- charging -------------------------------------------------------- */

/* Count one step; charge a batch when it is full. */
static void
pattern_step(struct pattern_state *ms)
{
	if (++ms->steps < PATTERN_BATCH)
		return;
	ms->steps = 0;
	sandbox_charge(ms->L, PATTERN_BATCH);
}

/* Charge the steps still counted. */
static void
pattern_settle(struct pattern_state *ms)
{
	unsigned n = ms->steps;

	ms->steps = 0;
	sandbox_charge(ms->L, n);
}

/* Charge a plain pass over len bytes. */
static void
pattern_charge_bytes(lua_State *L, size_t len)
{
	sandbox_charge(L, len / PATTERN_BYTES_PER_UNIT);
}

/* ---- single characters ----------------------------------------------- */

/* Does c belong to the class %cl (an upper-case letter: its complement;
 * any other character: itself)? */
static int
pattern_class(int c, int cl)
{
	int r;

	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == '\0'; break;        /* deprecated, still in 5.4 */
	default: return cl == c;
	}
	if (isupper(cl))
		r = !r;
	return r != 0;
}

/* Does c belong to the set that opens at p ('[') and closes at ec
 * (']')? */
static int
pattern_set(struct pattern_state *ms, int c, const char *p, const char *ec)
{
	int in = 1;

	if (p[1] == '^') {
		in = 0;
		p++;
	}
	while (++p < ec) {
		pattern_step(ms);
		if (*p == '%') {
			p++;
			if (pattern_class(c, (unsigned char)*p))
				return in;
		} else if (p[1] == '-' && p + 2 < ec) {
			if ((unsigned char)p[0] <= c &&
			    c <= (unsigned char)p[2])
				return in;
			p += 2;
		} else if ((unsigned char)*p == c)
			return in;
	}
	return !in;
}

/* Where the single-character class at p ends (its quantifier, if any,
 * is there). */
static const char *
pattern_class_end(struct pattern_state *ms, const char *p)
{
	switch (*p++) {
	case '%':
		if (p == ms->p_end)
			luaL_error(ms->L, "malformed pattern (ends with '%%')");
		return p + 1;
	case '[':
		if (*p == '^')
			p++;
		/* The first character is in the set even when it is ']'. */
		do {
			if (p == ms->p_end)
				luaL_error(ms->L,
				    "malformed pattern (missing ']')");
			if (*p++ == '%' && p < ms->p_end)
				p++;
		} while (*p != ']');
		return p + 1;
	default:
		return p;
	}
}

/* Does the character at s match the class p .. ep? */
static int
pattern_single(struct pattern_state *ms, const char *s, const char *p,
    const char *ep)
{
	int c;

	pattern_step(ms);
	if (s >= ms->src_end)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.':
		return 1;
	case '%':
		return pattern_class(c, (unsigned char)p[1]);
	case '[':
		return pattern_set(ms, c, p, ep - 1);
	default:
		return (unsigned char)*p == c;
	}
}

/* ---- the pieces of a pattern ----------------------------------------- */

/* %bxy at p (pointing at x): a balanced run from s. */
static const char *
pattern_balance(struct pattern_state *ms, const char *s, const char *p)
{
	int depth = 1;

	if (p >= ms->p_end - 1)
		luaL_error(ms->L,
		    "malformed pattern (missing arguments to '%%b')");
	/* At the end of the subject *s is its terminating zero. */
	if (*s != *p)
		return NULL;
	while (++s < ms->src_end) {
		pattern_step(ms);
		if (*s == p[1]) {
			if (--depth == 0)
				return s + 1;
		} else if (*s == p[0])
			depth++;
	}
	return NULL;
}

/* Class p .. ep with '*' (or '+' after one match): as many as possible,
 * then give back one at a time until the rest matches. */
static const char *
pattern_greedy(struct pattern_state *ms, const char *s, const char *p,
    const char *ep)
{
	ptrdiff_t i = 0;
	const char *r, *rest = ep + 1;

	while (pattern_single(ms, s + i, p, ep))
		i++;
	/* Only the longest run can reach the end of the subject that a rest
	 * of closing captures and '$' asks for ("([^/]*)$"): backing off
	 * would try i positions that cannot match. */
	while (rest < ms->p_end && *rest == ')')
		rest++;
	if (rest + 1 == ms->p_end && *rest == '$') {
		ms->run_end = s + i;
		return pattern_match(ms, s + i, ep + 1);
	}
	for (; i >= 0; i--)
		if ((r = pattern_match(ms, s + i, ep + 1)) != NULL)
			return r;
	return NULL;
}

/* Class p .. ep with '-': as few as possible, one more at a time until
 * the rest matches. */
static const char *
pattern_lazy(struct pattern_state *ms, const char *s, const char *p,
    const char *ep)
{
	const char *r;

	for (;;) {
		if ((r = pattern_match(ms, s, ep + 1)) != NULL)
			return r;
		if (!pattern_single(ms, s, p, ep))
			return NULL;
		s++;
	}
}

/* '(' or '()': open capture number ms->level at s. */
static const char *
pattern_open(struct pattern_state *ms, const char *s, const char *p,
    ptrdiff_t what)
{
	const char *r;
	int l = ms->level;

	if (l >= PATTERN_MAXCAPTURES)
		luaL_error(ms->L, "too many captures");
	ms->cap[l].init = s;
	ms->cap[l].len = what;
	ms->level = l + 1;
	if ((r = pattern_match(ms, s, p)) == NULL)
		ms->level--;
	return r;
}

/* ')': close the innermost open capture at s. */
static const char *
pattern_close(struct pattern_state *ms, const char *s, const char *p)
{
	const char *r;
	int l;

	for (l = ms->level - 1; l >= 0; l--)
		if (ms->cap[l].len == PATTERN_CAP_OPEN)
			break;
	if (l < 0)
		luaL_error(ms->L, "invalid pattern capture");
	ms->cap[l].len = s - ms->cap[l].init;
	if ((r = pattern_match(ms, s, p)) == NULL)
		ms->cap[l].len = PATTERN_CAP_OPEN;
	return r;
}

/* %1 .. %9 (digit d): the text of a closed capture again at s. */
static const char *
pattern_backref(struct pattern_state *ms, const char *s, int d)
{
	int l = d - '1';
	size_t len;

	if (l < 0 || l >= ms->level || ms->cap[l].len == PATTERN_CAP_OPEN)
		luaL_error(ms->L, "invalid capture index %%%d", l + 1);
	if (ms->cap[l].len == PATTERN_CAP_POSITION)
		return NULL;
	len = (size_t)ms->cap[l].len;
	pattern_charge_bytes(ms->L, len);
	if ((size_t)(ms->src_end - s) >= len &&
	    memcmp(ms->cap[l].init, s, len) == 0)
		return s + len;
	return NULL;
}

/* %f[set] at p (pointing at '['): a frontier at s. */
static const char *
pattern_frontier(struct pattern_state *ms, const char *s, const char *p,
    const char **next)
{
	const char *ep;
	int prev;

	if (*p != '[')
		luaL_error(ms->L, "missing '[' after '%%f' in pattern");
	ep = pattern_class_end(ms, p);
	prev = s == ms->src ? '\0' : (unsigned char)s[-1];
	*next = ep;
	if (!pattern_set(ms, prev, p, ep - 1) &&
	    pattern_set(ms, (unsigned char)*s, p, ep - 1))
		return s;
	return NULL;
}

/*
 * Match the pattern from p against the subject from s: where the match
 * ends, or NULL.  Tail positions loop instead of recursing; each turn is
 * a step.
 */
static const char *
pattern_match(struct pattern_state *ms, const char *s, const char *p)
{
	const char *ep, *r;

	if (ms->depth-- == 0)
		luaL_error(ms->L, "pattern too complex");
	while (s != NULL && p != ms->p_end) {
		pattern_step(ms);
		switch (*p) {
		case '(':
			if (p[1] == ')')
				s = pattern_open(ms, s, p + 2,
				    PATTERN_CAP_POSITION);
			else
				s = pattern_open(ms, s, p + 1, PATTERN_CAP_OPEN);
			goto done;
		case ')':
			s = pattern_close(ms, s, p + 1);
			goto done;
		case '$':
			if (p + 1 != ms->p_end)
				break;
			s = s == ms->src_end ? s : NULL;
			goto done;
		case '%':
			switch (p[1]) {
			case 'b':
				if ((s = pattern_balance(ms, s, p + 2)) != NULL)
					p += 4;
				continue;
			case 'f':
				s = pattern_frontier(ms, s, p + 2, &p);
				continue;
			case '0': case '1': case '2': case '3': case '4':
			case '5': case '6': case '7': case '8': case '9':
				s = pattern_backref(ms, s, (unsigned char)p[1]);
				p += 2;
				continue;
			}
			break;
		}
		/* A single-character class and its quantifier. */
		ep = pattern_class_end(ms, p);
		if (!pattern_single(ms, s, p, ep)) {
			if (*ep == '*' || *ep == '?' || *ep == '-')
				p = ep + 1;
			else
				s = NULL;
			continue;
		}
		switch (*ep) {
		case '?':
			if ((r = pattern_match(ms, s + 1, ep + 1)) != NULL) {
				s = r;
				goto done;
			}
			p = ep + 1;
			continue;
		case '+':
			s = pattern_greedy(ms, s + 1, p, ep);
			goto done;
		case '*':
			s = pattern_greedy(ms, s, p, ep);
			goto done;
		case '-':
			s = pattern_lazy(ms, s, p, ep);
			goto done;
		default:
			s++;
			p = ep;
			continue;
		}
	}
done:
	ms->depth++;
	return s;
}

/* ---- captures -------------------------------------------------------- */

/* Start a match attempt over s (ls bytes) with the pattern p (lp). */
static void
pattern_prepare(struct pattern_state *ms, lua_State *L, const char *s,
    size_t ls, const char *p, size_t lp)
{
	ms->L = L;
	ms->src = s;
	ms->src_end = s + ls;
	ms->p_end = p + lp;
	ms->steps = 0;
}

/* Reset what one attempt changes. */
static void
pattern_reset(struct pattern_state *ms)
{
	ms->level = 0;
	ms->depth = PATTERN_MAXDEPTH;
	ms->run_end = NULL;
}

/*
 * Is the pattern from p one greedy class run to the end of the subject,
 * with nothing before it but captures opening ("([^/]*)$")?  Then a start
 * whose run stops short of the end fails, and so does every later start
 * inside the same run: its run stops at the same place.  pattern_find
 * skips them, so a match at the end of a long subject is one pass, not
 * one pass per start.
 */
static int
pattern_tail_run(struct pattern_state *ms, const char *p)
{
	const char *ep;

	while (p + 1 < ms->p_end && *p == '(' && p[1] != ')')
		p++;
	if (p == ms->p_end || *p == '\0' || strchr("()$*+?-^", *p) != NULL ||
	    (*p == '%' && p + 1 < ms->p_end && strchr("bf0123456789", p[1]) != NULL))
		return 0;
	ep = pattern_class_end(ms, p);
	if (ep >= ms->p_end || (*ep != '*' && *ep != '+'))
		return 0;
	for (ep++; ep < ms->p_end && *ep == ')'; ep++)
		;
	return ep + 1 == ms->p_end && *ep == '$';
}

/* Capture i of the match s .. e (capture 0 is the whole match when the
 * pattern has none): its length, with its start in *cap; a position
 * capture is pushed instead, and PATTERN_CAP_POSITION returned. */
static ptrdiff_t
pattern_capture(struct pattern_state *ms, int i, const char *s,
    const char *e, const char **cap)
{
	ptrdiff_t len;

	if (i >= ms->level) {
		if (i != 0)
			luaL_error(ms->L, "invalid capture index %%%d", i + 1);
		*cap = s;
		return e - s;
	}
	len = ms->cap[i].len;
	*cap = ms->cap[i].init;
	if (len == PATTERN_CAP_OPEN)
		luaL_error(ms->L, "unfinished capture");
	else if (len == PATTERN_CAP_POSITION)
		lua_pushinteger(ms->L, ms->cap[i].init - ms->src + 1);
	return len;
}

/* Push capture i of the match s .. e. */
static void
pattern_push_capture(struct pattern_state *ms, int i, const char *s,
    const char *e)
{
	const char *cap;
	ptrdiff_t len = pattern_capture(ms, i, s, e, &cap);

	if (len != PATTERN_CAP_POSITION)
		lua_pushlstring(ms->L, cap, (size_t)len);
}

/* Push every capture of the match s .. e (the whole match when there is
 * none and s is not NULL); returns how many. */
static int
pattern_push_captures(struct pattern_state *ms, const char *s,
    const char *e)
{
	int n = ms->level == 0 && s != NULL ? 1 : ms->level;
	int i;

	luaL_checkstack(ms->L, n, "too many captures");
	for (i = 0; i < n; i++)
		pattern_push_capture(ms, i, s, e);
	return n;
}

/* ---- find and match -------------------------------------------------- */

/* Lua's position argument made an index from 1: negative counts from
 * the end, and too small becomes 1. */
static size_t
pattern_position(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

/* Has p (len bytes) no magic character, so a plain search will do? */
static int
pattern_is_plain(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != '\0' && strchr("^$*+?.([%-", p[i]) != NULL)
			return 0;
	return 1;
}

/* The first n bytes of s equal to p (m bytes), or NULL; charged by the
 * bytes it may read. */
static const char *
pattern_memfind(lua_State *L, const char *s, size_t n, const char *p,
    size_t m)
{
	const char *q;

	pattern_charge_bytes(L, n);
	if (m == 0)
		return s;
	while (m <= n && (q = memchr(s, p[0], n - m + 1)) != NULL) {
		if (memcmp(q + 1, p + 1, m - 1) == 0)
			return q;
		n -= (size_t)(q + 1 - s);
		s = q + 1;
	}
	return NULL;
}

/* string.find and string.match: the first match of argument 2 in
 * argument 1 from argument 3; find also takes a plain flag. */
static int
pattern_find(lua_State *L, int find)
{
	struct pattern_state ms;
	size_t ls, lp, init;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *s1, *r;
	int anchor, tail;

	init = pattern_position(luaL_optinteger(L, 3, 1), ls) - 1;
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || pattern_is_plain(p, lp))) {
		if ((r = pattern_memfind(L, s + init, ls - init, p, lp)) == NULL) {
			luaL_pushfail(L);
			return 1;
		}
		lua_pushinteger(L, (lua_Integer)(r - s) + 1);
		lua_pushinteger(L, (lua_Integer)(r - s + lp));
		return 2;
	}
	if ((anchor = lp > 0 && *p == '^')) {
		p++;
		lp--;
	}
	pattern_prepare(&ms, L, s, ls, p, lp);
	tail = !anchor && pattern_tail_run(&ms, p);
	s1 = s + init;
	do {
		pattern_reset(&ms);
		if ((r = pattern_match(&ms, s1, p)) != NULL) {
			pattern_settle(&ms);
			if (!find)
				return pattern_push_captures(&ms, s1, r);
			lua_pushinteger(L, (lua_Integer)(s1 - s) + 1);
			lua_pushinteger(L, (lua_Integer)(r - s));
			return pattern_push_captures(&ms, NULL, NULL) + 2;
		}
		if (tail && ms.run_end != NULL && ms.run_end > s1)
			s1 = ms.run_end;
	} while (s1++ < ms.src_end && !anchor);
	pattern_settle(&ms);
	luaL_pushfail(L);
	return 1;
}

/* string.find(s, pattern [, init [, plain]]) */
int
sandbox_string_find(lua_State *L)
{
	return pattern_find(L, 1);
}

/* string.match(s, pattern [, init]) */
int
sandbox_string_match(lua_State *L)
{
	return pattern_find(L, 0);
}

/* ---- gmatch ---------------------------------------------------------- */

/* What a gmatch iterator keeps between calls (a userdata). */
struct pattern_gmatch {
	struct pattern_state ms;
	const char *p;          /* the pattern */
	size_t pos;             /* where the next search starts */
	const char *last;       /* where the last match ended */
};

/* The iterator: upvalues the subject, the pattern, the state. */
static int
pattern_gmatch_next(lua_State *L)
{
	struct pattern_gmatch *g = lua_touserdata(L, lua_upvalueindex(3));
	struct pattern_state *ms = &g->ms;
	size_t len = (size_t)(ms->src_end - ms->src);
	const char *src, *e;

	ms->L = L;
	for (; g->pos <= len; g->pos++) {
		src = ms->src + g->pos;
		pattern_reset(ms);
		if ((e = pattern_match(ms, src, g->p)) != NULL && e != g->last) {
			g->pos = (size_t)(e - ms->src);
			g->last = e;
			pattern_settle(ms);
			return pattern_push_captures(ms, src, e);
		}
	}
	pattern_settle(ms);
	return 0;
}

/* string.gmatch(s, pattern [, init]); '^' is an ordinary character
 * here, as in Lua. */
int
sandbox_string_gmatch(lua_State *L)
{
	size_t ls, lp, init;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	struct pattern_gmatch *g;

	init = pattern_position(luaL_optinteger(L, 3, 1), ls) - 1;
	lua_settop(L, 2);       /* the strings live as upvalues */
	g = lua_newuserdatauv(L, sizeof *g, 0);
	pattern_prepare(&g->ms, L, s, ls, p, lp);
	g->p = p;
	g->pos = init > ls ? ls + 1 : init;
	g->last = NULL;
	lua_pushcclosure(L, pattern_gmatch_next, 3);
	return 1;
}

/* ---- gsub ------------------------------------------------------------ */

/* Add the replacement string (argument 3) for the match s .. e to b,
 * with %0 .. %9 and %% expanded. */
static void
pattern_add_string(struct pattern_state *ms, luaL_Buffer *b, const char *s,
    const char *e)
{
	lua_State *L = ms->L;
	size_t l;
	const char *r = lua_tolstring(L, 3, &l), *q, *cap;
	ptrdiff_t len;

	pattern_charge_bytes(L, l);
	while ((q = memchr(r, '%', l)) != NULL) {
		luaL_addlstring(b, r, (size_t)(q - r));
		q++;
		if (*q == '%')
			luaL_addchar(b, '%');
		else if (*q == '0') {
			pattern_charge_bytes(L, (size_t)(e - s));
			luaL_addlstring(b, s, (size_t)(e - s));
		} else if (isdigit((unsigned char)*q)) {
			len = pattern_capture(ms, *q - '1', s, e, &cap);
			if (len == PATTERN_CAP_POSITION)
				luaL_addvalue(b);
			else {
				pattern_charge_bytes(L, (size_t)len);
				luaL_addlstring(b, cap, (size_t)len);
			}
		} else
			luaL_error(L, "invalid use of '%%' in replacement "
			    "string");
		l -= (size_t)(q + 1 - r);
		r = q + 1;
	}
	luaL_addlstring(b, r, l);
}

/* Add the replacement of the match s .. e (argument 3 of type tr) to b;
 * returns whether the text changed. */
static int
pattern_add_value(struct pattern_state *ms, luaL_Buffer *b, const char *s,
    const char *e, int tr)
{
	lua_State *L = ms->L;

	switch (tr) {
	case LUA_TFUNCTION:
		lua_pushvalue(L, 3);
		lua_call(L, pattern_push_captures(ms, s, e), 1);
		break;
	case LUA_TTABLE:
		pattern_push_capture(ms, 0, s, e);
		lua_gettable(L, 3);
		break;
	default:
		pattern_add_string(ms, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)",
		    luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

/* string.gsub(s, pattern, repl [, n]) */
int
sandbox_string_gsub(lua_State *L)
{
	struct pattern_state ms;
	size_t ls, lp;
	const char *src = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *last = NULL, *e;
	int tr = lua_type(L, 3), anchor, changed = 0;
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
	luaL_Buffer b;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING ||
	    tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
	    "string/function/table");
	luaL_buffinit(L, &b);
	if ((anchor = lp > 0 && *p == '^')) {
		p++;
		lp--;
	}
	pattern_prepare(&ms, L, src, ls, p, lp);
	while (n < max) {
		pattern_reset(&ms);
		if ((e = pattern_match(&ms, src, p)) != NULL && e != last) {
			n++;
			changed |= pattern_add_value(&ms, &b, src, e, tr);
			src = last = e;
		} else if (src < ms.src_end)
			luaL_addchar(&b, *src++);
		else
			break;
		if (anchor)
			break;
	}
	pattern_settle(&ms);
	if (!changed)
		lua_pushvalue(L, 1);
	else {
		pattern_charge_bytes(L, (size_t)(ms.src_end - src));
		luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}
