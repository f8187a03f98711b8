/*
 * progress.h - a progress bar on stderr for long work, drawn only when
 * stderr is a terminal (or the config says "always"), never into a pipe
 * or a log file: the part done, the time elapsed and left, and the rate.
 * When the work is done, one line of summary with the rate, wherever
 * stderr goes.
 */
#ifndef BAODAO_PROGRESS_H
#define BAODAO_PROGRESS_H

struct progress;

/* Whether bars are drawn at all: -1 auto (isatty), 0 never, 1 always. */
void  progress_mode(int mode);

/* Whether a bar started now would be drawn: a total that costs work to
 * know is worth it only then. */
int   progress_drawn(void);
/* Start a bar for TOTAL units (0 when unknown); NULL when not drawing. */
struct progress *progress_start(const char *label, long total);
/* Set the units done; redraws at most ten times a second.  NULL-safe. */
void  progress_set(struct progress *p, long done);
/* Give the rate in N UNITs (rows, members) done so far instead of the
 * bar's own units.  NULL-safe. */
void  progress_count(struct progress *p, long n, const char *unit);
/* Erase the bar and free it.  NULL-safe. */
void  progress_end(struct progress *p);

/* Monotonic seconds, for progress_summary()'s elapsed time. */
double progress_clock(void);
/* The one line that stays, on stderr: "LABEL: N UNIT in S s (R UNIT/s)". */
void  progress_summary(const char *label, long n, const char *unit, double seconds);

#endif
