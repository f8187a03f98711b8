/*
 * sandbox_batch.c - unmetered batches of calls (the contract is in
 * sandbox.h, "Unmetered batches").
 *
 * Counting instructions with a count hook makes the Lua VM stop at every
 * instruction, whatever the hook's count: a tenth of the instructions of
 * a year's evaluation.  In a batch no hook is set, and the batch is
 * proven instead.  Lua runs at most SANDBOX_BATCH_SPEED instructions a second
 * of processor time, so a batch that ends within its budget of
 * limits.instructions / 2 / SANDBOX_BATCH_SPEED seconds, its calls
 * charged at most limits.instructions / 2 each, ran no call past the
 * limit: counting would have changed nothing.  Any other batch is
 * stopped ("escalated") and its caller runs the same calls again,
 * counted.
 *
 * A loop that never ends is stopped by a timer of the batch's thread:
 * every SANDBOX_WATCH_NS its signal's handler sees how long the batch
 * has run, and past the budget sets the count hook, which raises at the
 * next instruction (lua.c stops a script on SIGINT the same way;
 * lua_sethook may be called from a signal handler).
 */
#define _GNU_SOURCE             /* gettid, SIGEV_THREAD_ID */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lua.h>

#include "sandbox.h"
#include "sandbox_int.h"
#include "util.h"

/* An upper bound of the VM's speed, in instructions per second of one
 * processor: a VM instruction takes a few cycles (fetch, decode, an
 * indirect jump), and no processor runs 8.6 G cycles a second. */
#define SANDBOX_BATCH_SPEED 8589934592.0

/* Below this budget, batches would be stopped too often to be worth
 * it: a limit under about 3.4 million instructions is always counted. */
#define SANDBOX_BATCH_MIN_NS 200000LL

/* How often the watch looks at the batch of its thread: a loop that
 * never ends is stopped this long after the budget at most, and a
 * signal every 10 ms costs nothing measurable (every millisecond,
 * about 1%). */
#define SANDBOX_WATCH_NS 10000000L

/* The batch of this thread, for the signal handler. */
static _Thread_local struct sandbox *sandbox_batch_now;

static pthread_once_t sandbox_watch_once = PTHREAD_ONCE_INIT;
static int sandbox_watch_signo;         /* 0: no watch on this system */

static long long
sandbox_batch_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* See sandbox.h: stop the batch, to be run again counted; from its own
 * thread (or that thread's signal handler) only. */
void
sandbox_batch_stop(struct sandbox *sb)
{
	if (!sb->batch)
		return;
	sb->escalated = 1;
	if (sb->depth > 0)
		lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
}

/* The watch's signal: stop this thread's batch once past its budget.
 * Async-signal-safe: clock_gettime and lua_sethook. */
static void
sandbox_watch_signal(int signo)
{
	struct sandbox *sb = sandbox_batch_now;
	int saved = errno;

	(void)signo;
	if (sb != NULL && !sb->escalated &&
	    sandbox_batch_clock() - sb->batch_start_ns > sb->batch_budget_ns)
		sandbox_batch_stop(sb);
	errno = saved;
}

/* Install the handler once per process; SA_RESTART, so that a read the
 * signal interrupts goes on. */
static void
sandbox_watch_install(void)
{
#ifdef SIGEV_THREAD_ID
	struct sigaction sa;
	int signo = SIGRTMIN + 2;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sandbox_watch_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (signo <= SIGRTMAX && sigaction(signo, &sa, NULL) == 0)
		sandbox_watch_signo = signo;
#endif
}

/* Start the watch of the calling thread: a periodic timer whose signal
 * goes to this thread only.  0, or -1 where there is none. */
static int
sandbox_watch_start(struct sandbox *sb)
{
#ifdef SIGEV_THREAD_ID
	struct sigevent ev;
	struct itimerspec it;

	pthread_once(&sandbox_watch_once, sandbox_watch_install);
	if (sandbox_watch_signo == 0)
		return -1;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = sandbox_watch_signo;
#ifdef sigev_notify_thread_id
	ev.sigev_notify_thread_id = gettid();
#else
	ev._sigev_un._tid = gettid();   /* where the C library names no field */
#endif
	if (timer_create(CLOCK_MONOTONIC, &ev, &sb->watch) != 0)
		return -1;
	memset(&it, 0, sizeof it);
	it.it_value.tv_nsec = SANDBOX_WATCH_NS;
	it.it_interval.tv_nsec = SANDBOX_WATCH_NS;
	if (timer_settime(sb->watch, 0, &it, NULL) != 0) {
		timer_delete(sb->watch);
		return -1;
	}
	sb->watch_thread = pthread_self();
	sb->watching = 1;
	return 0;
#else
	(void)sb;
	return -1;
#endif
}

/* See sandbox_int.h: what batches hold (the watch timer, the lines
 * printed), given up as the sandbox is freed. */
void
sandbox_batch_free(struct sandbox *sb)
{
	if (sandbox_batch_now == sb)
		sandbox_batch_now = NULL;
	atomic_signal_fence(memory_order_seq_cst);
	if (sb->watching)
		timer_delete(sb->watch);
	sb->watching = 0;
	sbuf_free(&sb->batch_out);
}

/* See sandbox.h. */
int
sandbox_batch_begin(struct sandbox *sb)
{
	long long budget = (long long)((double)(sb->lim.instructions / 2) /
	    SANDBOX_BATCH_SPEED * 1e9);

	if (sb->batch || sb->depth > 0 || budget < SANDBOX_BATCH_MIN_NS)
		return 0;
	/* A batch's calls read no clock for their deadline (sandbox_late):
	 * the batch is stopped by then. */
	if (sb->deadline_ms > 0 && budget > sb->deadline_ms * 1000000LL)
		budget = sb->deadline_ms * 1000000LL;
	if (sb->watching ? !pthread_equal(sb->watch_thread, pthread_self()) :
	    sandbox_watch_start(sb) != 0)
		return 0;
	sb->batch_budget_ns = budget;
	sb->escalated = 0;
	sbuf_reset(&sb->batch_out);
	sb->batch = 1;
	sb->batch_start_ns = sandbox_batch_clock();
	/* The handler reads the batch only once it is whole. */
	atomic_signal_fence(memory_order_seq_cst);
	sandbox_batch_now = sb;
	return 1;
}

/* See sandbox.h. */
int
sandbox_batch_end(struct sandbox *sb)
{
	int proven;

	if (!sb->batch)
		return 1;
	sandbox_batch_now = NULL;
	atomic_signal_fence(memory_order_seq_cst);
	proven = !sb->escalated &&
	    sandbox_batch_clock() - sb->batch_start_ns <= sb->batch_budget_ns;
	sb->batch = 0;
	sb->escalated = 0;
	lua_sethook(sb->L, NULL, 0, 0);
	if (proven && sb->batch_out.len > 0) {
		fwrite(sb->batch_out.s, 1, sb->batch_out.len, stderr);
		fflush(stderr);
	}
	sbuf_reset(&sb->batch_out);
	return proven;
}
