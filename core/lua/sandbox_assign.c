/*
 * sandbox_assign.c - which upvalues of a Lua function its code can
 * assign, read from the function's bytecode (lua_dump).
 *
 * The upvalue snapshot (sandbox_freeze.c) puts back the locals that
 * frozen functions capture after each member.  Most of them are never
 * assigned once the pack has loaded (helpers, lists, the library
 * functions a pack keeps in locals): only an upvalue that some SETUPVAL
 * can reach needs putting back.  That is the function's own SETUPVAL
 * instructions, and those of the functions nested in it (created when it
 * runs) that reach its upvalues through theirs.
 *
 * The dump is Lua 5.4's (ldump.c): any header or layout this reader does
 * not expect makes it answer "every upvalue", which is what the snapshot
 * did before, so a Lua it does not know costs time, never correctness.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "sandbox.h"
#include "sandbox_int.h"
#include "util.h"

/* Lua 5.4's SETUPVAL (lopcodes.h): UpValue[B] := R[A]. */
#define SANDBOX_OP_SETUPVAL 10
#define SANDBOX_OP_MASK 0x7f
#define SANDBOX_ARG_B(i) (((i) >> 16) & 0xff)

/* Nesting deeper than Lua's own parser allows is a dump we do not read. */
#define SANDBOX_DUMP_DEPTH 250

/* A dump being read: where, and whether it went wrong. */
struct sandbox_dump {
	const unsigned char *p, *end;
	size_t intsize, numsize;         /* lua_Integer, lua_Number (header) */
	int bad;
};

static int
sandbox_dump_writer(lua_State *L, const void *b, size_t n, void *ud)
{
	sbuf_add(ud, (const char *)b, n);
	return 0;
}

/* Skip N bytes. */
static void
sandbox_dump_skip(struct sandbox_dump *d, size_t n)
{
	if ((size_t)(d->end - d->p) < n) {
		d->bad = 1;
		d->p = d->end;
		return;
	}
	d->p += n;
}

static int
sandbox_dump_byte(struct sandbox_dump *d)
{
	if (d->p >= d->end) {
		d->bad = 1;
		return 0;
	}
	return *d->p++;
}

/* A size as ldump.c's dumpSize writes it: 7 bits a byte, most
 * significant first, the last byte with its high bit set. */
static size_t
sandbox_dump_size(struct sandbox_dump *d)
{
	size_t x = 0;
	int b;

	do {
		if (x > (SIZE_MAX >> 7)) {
			d->bad = 1;
			return 0;
		}
		b = sandbox_dump_byte(d);
		x = (x << 7) | (size_t)(b & 0x7f);
	} while (!d->bad && (b & 0x80) == 0);
	return d->bad ? 0 : x;
}

/* A string: its size + 1 (0 for none), then its bytes. */
static void
sandbox_dump_string(struct sandbox_dump *d)
{
	size_t n = sandbox_dump_size(d);

	if (n > 0)
		sandbox_dump_skip(d, n - 1);
}

/* A function's constants: a type tag each, then its value. */
static void
sandbox_dump_constants(struct sandbox_dump *d)
{
	size_t n = sandbox_dump_size(d);

	for (size_t i = 0; i < n && !d->bad; i++)
		switch (sandbox_dump_byte(d)) {
		case 0x00: case 0x01: case 0x11:           /* nil, false, true */
			break;
		case 0x03:                                 /* integer */
			sandbox_dump_skip(d, d->intsize);
			break;
		case 0x13:                                 /* float */
			sandbox_dump_skip(d, d->numsize);
			break;
		case 0x04: case 0x14:                      /* short, long string */
			sandbox_dump_string(d);
			break;
		default:
			d->bad = 1;
		}
}

/* A function's debug information (none when stripped). */
static void
sandbox_dump_debug(struct sandbox_dump *d)
{
	size_t n = sandbox_dump_size(d);

	sandbox_dump_skip(d, n);                           /* lineinfo */
	n = sandbox_dump_size(d);
	for (size_t i = 0; i < n && !d->bad; i++) {        /* abslineinfo */
		sandbox_dump_size(d);
		sandbox_dump_size(d);
	}
	n = sandbox_dump_size(d);
	for (size_t i = 0; i < n && !d->bad; i++) {        /* locvars */
		sandbox_dump_string(d);
		sandbox_dump_size(d);
		sandbox_dump_size(d);
	}
	n = sandbox_dump_size(d);
	for (size_t i = 0; i < n && !d->bad; i++)          /* upvalue names */
		sandbox_dump_string(d);
}

/* Flag in W (NUP flags) the upvalues that the code (NCODE instructions
 * at CODE) assigns. */
static void
sandbox_dump_setupvals(struct sandbox_dump *d, const unsigned char *code, size_t ncode,
    unsigned char *w, size_t nup)
{
	for (size_t i = 0; i < ncode; i++) {
		uint32_t ins;

		memcpy(&ins, code + 4 * i, 4);
		if ((ins & SANDBOX_OP_MASK) != SANDBOX_OP_SETUPVAL)
			continue;
		if (SANDBOX_ARG_B(ins) >= nup)
			d->bad = 1;
		else
			w[SANDBOX_ARG_B(ins)] = 1;
	}
}

/*
 * Read one function of the dump and the functions nested in it.  Its own
 * flags say which of its upvalues it or a nested function may assign;
 * those that are upvalues of the enclosing function too (not in its
 * stack: instack 0) are flagged in PW, the enclosing function's PN
 * flags.  For the dumped function itself (DEPTH 0) PW receives its own
 * flags, PN being its number of upvalues.
 */
static void
sandbox_dump_function(struct sandbox_dump *d, int depth, unsigned char *pw, size_t pn)
{
	const unsigned char *code, *uv;
	size_t ncode, nup, np;
	unsigned char *w;

	if (depth > SANDBOX_DUMP_DEPTH) {
		d->bad = 1;
		return;
	}
	sandbox_dump_string(d);                            /* source */
	sandbox_dump_size(d);                              /* linedefined */
	sandbox_dump_size(d);                              /* lastlinedefined */
	sandbox_dump_skip(d, 3);                           /* params, vararg, stack */
	ncode = sandbox_dump_size(d);
	if (d->bad || ncode > (size_t)(d->end - d->p) / 4) {
		d->bad = 1;
		return;
	}
	code = d->p;
	sandbox_dump_skip(d, 4 * ncode);
	sandbox_dump_constants(d);
	nup = sandbox_dump_size(d);
	if (d->bad || nup > (size_t)(d->end - d->p) / 3 || (depth == 0 && nup != pn)) {
		d->bad = 1;
		return;
	}
	uv = d->p;
	sandbox_dump_skip(d, 3 * nup);
	w = xcalloc(nup + 1, 1);
	sandbox_dump_setupvals(d, code, ncode, w, nup);
	np = sandbox_dump_size(d);
	for (size_t i = 0; i < np && !d->bad; i++)
		sandbox_dump_function(d, depth + 1, w, nup);
	sandbox_dump_debug(d);
	for (size_t j = 0; j < nup && !d->bad; j++) {
		if (depth == 0)
			pw[j] = w[j];
		else if (w[j] && uv[3 * j] == 0) {
			if (uv[3 * j + 1] >= pn)
				d->bad = 1;
			else
				pw[uv[3 * j + 1]] = 1;
		}
	}
	free(w);
}

/* Read the header lua_dump writes (ldump.c's dumpHeader): 0, or -1 when
 * it is not the Lua 5.4 layout this reader knows. */
static int
sandbox_dump_header(struct sandbox_dump *d)
{
	static const unsigned char sig[] = { 0x1b, 'L', 'u', 'a', 0x54, 0x00,
	    0x19, 0x93, '\r', '\n', 0x1a, '\n', 4 };

	if ((size_t)(d->end - d->p) < sizeof sig + 2 || memcmp(d->p, sig, sizeof sig) != 0)
		return -1;
	d->p += sizeof sig;
	d->intsize = sandbox_dump_byte(d);
	d->numsize = sandbox_dump_byte(d);
	sandbox_dump_skip(d, d->intsize + d->numsize);     /* LUAC_INT, LUAC_NUM */
	sandbox_dump_byte(d);                              /* upvalues of the main */
	return d->bad ? -1 : 0;
}

/*
 * Which of the NUP upvalues of the Lua function at F its code can assign
 * (see the top of the file): a new array of NUP flags, or NULL when the
 * dump cannot be read, to be taken as all of them.
 */
unsigned char *
sandbox_assigned_upvalues(lua_State *L, int f, size_t nup)
{
	struct sbuf b;
	struct sandbox_dump d = { 0 };
	unsigned char *w = xcalloc(nup + 1, 1);

	sbuf_init(&b);
	lua_pushvalue(L, f);
	if (lua_dump(L, sandbox_dump_writer, &b, 1) != 0)
		d.bad = 1;
	lua_pop(L, 1);
	d.p = (const unsigned char *)b.s;
	d.end = d.p + b.len;
	if (d.bad || b.len == 0 || sandbox_dump_header(&d) != 0)
		d.bad = 1;
	else
		sandbox_dump_function(&d, 0, w, nup);
	if (d.p != d.end)
		d.bad = 1;
	sbuf_free(&b);
	if (d.bad) {
		free(w);
		return NULL;
	}
	return w;
}
