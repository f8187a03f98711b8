/*
 * sandbox.h - the Lua state a rule pack runs in.
 *
 * The contract:
 *
 *  - sandbox_new() makes a state with a memory limit and an instruction
 *    limit.  Its global table is built by whitelist, never by removing
 *    things: base (assert error getmetatable ipairs next pairs pcall print
 *    rawequal rawget rawlen rawset select setmetatable tonumber tostring
 *    type xpcall _G _VERSION, load for text chunks only), string (without
 *    dump), table, math (without random and randomseed), utf8.  Modules the
 *    core adds (date, re, the pack API) are handed in with
 *    sandbox_add_module().  io, os, package, require, debug, dofile,
 *    loadfile, string.dump, coroutine, collectgarbage do not exist; naming
 *    one of them raises "blocked: NAME is not available in the baodao
 *    sandbox".  Reading any other undefined global is an error too, so a
 *    misspelt name fails loudly instead of reading nil.
 *
 *  - Every sandbox_call() starts from zero: the call may run at most
 *    instr_limit VM instructions and allocate at most mem_limit bytes more
 *    than the state held when the call began.  Passing either raises
 *    "instruction limit exceeded" or "memory limit exceeded"; a pcall inside
 *    the rule cannot swallow it, the call still fails.  Work done in C
 *    counts as instructions: string patterns (find, match, gmatch, gsub)
 *    run on a matcher that charges every step (sandbox_pattern.c), the
 *    string helpers that copy or scan bytes charge one per 64 bytes,
 *    select, table.unpack and string.byte one per value, new long strings
 *    one per 256 bytes and large arrays one per KiB, and the core's
 *    modules charge theirs with sandbox_charge().  As a last line, a call
 *    that runs 10 seconds of wall-clock time (sandbox_set_deadline())
 *    fails with "time limit exceeded".
 *
 *  - sandbox_seal() ends loading: the global table, every table reachable
 *    from it or from an upvalue of a reachable function, their metatables
 *    and the string metatable become read-only.  Writing to one raises
 *    "attempt to modify a read-only table", rawset on one is blocked, and
 *    setmetatable on one fails.  So nothing one rule call writes survives
 *    into the next (nor, under sandbox_hold(), past the release), and
 *    results do not depend on the order of members.
 *
 *  - Nothing depends on addresses or on what the state did before:
 *    pairs() and next() walk keys in a fixed order (numbers ascending, then
 *    strings in byte order, then booleans) and refuse other keys;
 *    table.sort() is stable (Lua's own takes pivots from the clock);
 *    tostring(), print() and string.format("%s") name a table or function
 *    by its order of first naming in the call ("table: #1");
 *    string.format("%p") is refused; collectgarbage is blocked.
 *
 *  - print() writes one line to stderr prefixed with the chunk name.
 *
 * sandbox.c implements the state, its limits, the whitelist and the calls;
 * sandbox_freeze.c implements sandbox_freeze() and sandbox_seal();
 * sandbox_pattern.c the metered string patterns; sandbox_format.c
 * string.format, which keeps short results of numbers for the next call
 * with the same format and numbers (same text, same charge);
 * sandbox_batch.c the unmetered batches (below) and their watch timer.
 */
#ifndef BAODAO_SANDBOX_H
#define BAODAO_SANDBOX_H

#include <stddef.h>

#include <lua.h>

#include "util.h"

struct sandbox;

struct sandbox_limits {
	size_t memory;        /* bytes a call may allocate above its start */
	long instructions;    /* VM instructions a call may execute */
};

struct sandbox *sandbox_new(const struct sandbox_limits *lim, struct error *e);
void            sandbox_free(struct sandbox *sb);
lua_State      *sandbox_lua(struct sandbox *sb);

/* Let every call from now on take at most ms milliseconds of wall-clock
 * time (0: no deadline; the default is 10000). */
void  sandbox_set_deadline(struct sandbox *sb, long ms);

/* Call open (a luaopen_* function) and store the table it leaves as the
 * global NAME.  Only before sandbox_seal(). */
void  sandbox_add_module(struct sandbox *sb, const char *name, lua_CFunction open);

/* Compile TEXT as a text chunk named NAME (binary chunks are refused) with
 * the sandbox globals as its environment, and run it under the limits.
 * Returns 0, or -1 with e set to "NAME:LINE: message" (EXIT_USAGE). */
int   sandbox_load(struct sandbox *sb, const char *name, const char *text,
          size_t len, struct error *e);

/* What to do about a Lua syntax error MSG ("NAME:LINE: ... near ...")
 * where the cause is a common one (!= for ~=, && for and, a missing
 * comma, brace or end, an open string), in plain words and in the
 * locale's language; NULL when there is no such hint. */
const char *sandbox_syntax_hint(const char *msg);

/* lua_pcall() under the limits, with the counters reset first.  On error
 * the message ("chunk:line: text") is copied into err (size n), the stack
 * is left as before the function and its arguments were pushed, and -1 is
 * returned; on success 0 with nresults values pushed. */
int   sandbox_call(struct sandbox *sb, int nargs, int nresults, char *err,
          size_t n);

/* Hold the upvalue snapshot: while held, a call that succeeds leaves what
 * it assigned to the locals of frozen functions to the next call, and
 * sandbox_release() puts them back (a call that fails puts them back at
 * once).  Limits still count per call.  Evaluation holds it over the
 * calls of one member (or org): its rules see one another's writes in
 * their fixed order, never another member's, and a restore per member instead of per
 * call is a tenth of a year's run saved. */
void  sandbox_hold(struct sandbox *sb);
void  sandbox_release(struct sandbox *sb);

/*
 * Unmetered batches.  A count hook makes the VM stop at every
 * instruction; between sandbox_batch_begin() and sandbox_batch_end(),
 * on the thread that began it, calls run with none, and the batch is
 * proven instead: sandbox_batch_end() returns 1 when no call of it can
 * have passed the instruction limit (the batch ended within the time in
 * which the VM runs at most half the limit, each call charged at most
 * the other half), so that counting would have changed nothing.  It
 * returns 0 when the batch was stopped (it ran longer, a loop that never
 * ends among them, or a call was charged more): its calls failed with
 * "unmetered batch stopped", and the caller must discard what they gave
 * and make the same calls again outside a batch, counted, for their
 * results.  What print() writes in a batch is written at its end, and
 * only when it returns 1.  The memory limit is as above; a batch's calls
 * read no clock for their deadline, since the batch's budget is no
 * longer than it: a batch that ran longer is stopped, and its calls made
 * again counted have their deadlines.  sandbox_batch_begin() returns 0,
 * and begins nothing, where a batch is not possible: a limit under about
 * 3.4 million instructions, a system without a per-thread timer, a call
 * under way, or a thread other than the one that began the sandbox's
 * first batch.
 */
int   sandbox_batch_begin(struct sandbox *sb);
int   sandbox_batch_end(struct sandbox *sb);
/* Stop the batch under way, from its own thread: a call under way fails
 * at its next instruction, as do the batch's calls after it, and
 * sandbox_batch_end() returns 0.  The caller that gives up what a batch
 * made (one of its calls raised, say) stops it so, and what it printed
 * is never written. */
void  sandbox_batch_stop(struct sandbox *sb);

/* From C code that an outermost call runs (never from deeper), begin the
 * next of several rule functions it calls in turn: each gets what a call
 * of its own would, its own limits and object names, and the upvalues put
 * back before it unless held.  A form calls a row's functions so, in one
 * protected call instead of one each. */
void  sandbox_next_call(struct sandbox *sb);

/* Make the value at idx read-only, deeply (see above).  Only tables and
 * functions are affected; other values are left alone. */
void  sandbox_freeze(struct sandbox *sb, int idx);

/* Freeze the globals and the string metatable, and refuse new globals. */
void  sandbox_seal(struct sandbox *sb);
int   sandbox_sealed(const struct sandbox *sb);

/*
 * Charge n units of work done in C on a rule's behalf (one unit is worth
 * about one VM instruction) to the current call, and raise "instruction
 * limit exceeded" once its budget is spent, as the count hook does.  For
 * the modules the core adds (re): C work runs no instruction.  A no-op
 * between calls and on a state that is not a sandbox's.
 */
void  sandbox_charge(lua_State *L, size_t n);

/* Bytes the state holds now (for tests and the benchmark). */
size_t sandbox_memory(const struct sandbox *sb);

#endif
