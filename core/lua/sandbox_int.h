/*
 * sandbox_int.h - what the sandbox's own files share: the state
 * (sandbox.c: limits, the whitelist, calls) and freezing
 * (sandbox_freeze.c), the metered string patterns (sandbox_pattern.c)
 * and string.format (sandbox_format.c).  No other module includes it;
 * sandbox.h is the sandbox's interface.
 */
#ifndef BAODAO_SANDBOX_INT_H
#define BAODAO_SANDBOX_INT_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <lua.h>

#include "util.h"

/* struct sandbox_limits is sandbox.h's: include sandbox.h first (this
 * header does not, so that the sandbox's module does not include itself
 * back). */

/* An upvalue in the snapshot: upvalue n of function fn (1-based, in the
 * registry's function list); its value is in the value list.  Only one
 * that a frozen function's code can assign is put back (assigned). */
struct sandbox_upvalue {
	int fn;
	int n;
	int assigned;
};

/* A string.format call whose result is kept (sandbox_format.c): its
 * format's bytes (NULL: an empty slot) and its numbers, bit for bit. */
#define SANDBOX_FORMATS 64
#define SANDBOX_FORMAT_ARGS 4
struct sandbox_format {
	const char *fmt;
	size_t len;
	int nargs;
	char isint[SANDBOX_FORMAT_ARGS];
	uint64_t bits[SANDBOX_FORMAT_ARGS];
};

/* A sandbox: its Lua state, the accounting of its limits and the
 * upvalue snapshot that freezing records. */
struct sandbox {
	lua_State *L;
	struct sandbox_limits lim;
	size_t used;            /* bytes the state holds */
	size_t ceiling;         /* no allocation may take used above this */
	size_t cap;             /* the ceiling between calls */
	struct {                /* the allocation refused last */
		int pending;    /* Lua may still retry it */
		void *ptr;
		size_t osize, nsize;
	} refused;
	long step;              /* instructions between two hook runs */
	long count;             /* instructions the current call has run */
	size_t alloc_bytes;     /* allocated bytes not charged yet */
	int depth;              /* nesting of calls */
	unsigned long serial;   /* outermost calls begun */
	unsigned long names_serial;     /* the call the object names are of */
	lua_Integer names;      /* objects named in that call */
	unsigned long next_serial;      /* the call next()'s key lists are of */
	int mem_exhausted;      /* the current call passed limits.memory */
	int instr_exhausted;    /* ... or limits.instructions */
	int time_exhausted;     /* ... or its deadline */
	long deadline_ms;       /* wall-clock time a call may take; 0: any */
	long long started_ms;   /* when the current call began */
	struct sandbox_upvalue *ups;    /* the upvalue snapshot */
	int nups, upcap;
	int nassigned;             /* of ups, those marked assigned */
	int nfuncs;             /* functions in the snapshot */
	int held;               /* sandbox_hold(): restore at the release */
	int dirty;              /* a held call ran: the release restores */
	int sealed;
	struct sandbox_format formats[SANDBOX_FORMATS];   /* results kept */
	/* An unmetered batch (sandbox_batch.c); its thread's signal handler
	 * reads batch_start_ns and batch_budget_ns, and sets escalated. */
	int batch;              /* calls run with no count hook */
	volatile sig_atomic_t escalated;        /* the batch must be run again */
	long long batch_start_ns, batch_budget_ns;
	struct sbuf batch_out;  /* what print() wrote in the batch */
	int watching;           /* the watch timer of watch_thread is set */
	timer_t watch;
	pthread_t watch_thread;
};

/* sandbox.c */
struct sandbox *sandbox_of(lua_State *L);
void  sandbox_hook(lua_State *L, lua_Debug *ar);
int   sandbox_is_object(lua_State *L, int idx);
const char *sandbox_tolstring(lua_State *L, int idx, size_t *len);
void  sandbox_charge_values(lua_State *L, int idx);
int   sandbox_string_out(lua_State *L);
int   sandbox_rawgetfield(lua_State *L, int idx, const char *name);
void  sandbox_copy(lua_State *L, int from, int to, int skip);
int   sandbox_index(lua_State *L);
int   sandbox_sorted_pairs(lua_State *L, int t, int src);

/* sandbox_pattern.c: string.find, match, gmatch and gsub, metered */
int   sandbox_string_find(lua_State *L);
int   sandbox_string_match(lua_State *L);
int   sandbox_string_gmatch(lua_State *L);
int   sandbox_string_gsub(lua_State *L);

/* sandbox_format.c: string.format, its results of numbers kept */
void  sandbox_format_anchor(lua_State *L);
int   sandbox_string_format(lua_State *L);

/* sandbox_freeze.c */
void  sandbox_freeze_init(lua_State *L);
int   sandbox_shadow(lua_State *L, int idx);
void  sandbox_push_raw(lua_State *L, int idx);
void  sandbox_push_view(lua_State *L, int m);
int   sandbox_protected(lua_State *L, int idx);
void  sandbox_restore_upvalues(struct sandbox *sb);

/* sandbox_batch.c */
void  sandbox_batch_free(struct sandbox *sb);

/* sandbox_assign.c */
unsigned char *sandbox_assigned_upvalues(lua_State *L, int f, size_t nup);

#endif
