/*
 * progress.h - a progress bar on stderr for long work, drawn only when
 * stderr is a terminal (or the config says "always"), never into a pipe
 * or a log file.
 */
#ifndef BAODAO_PROGRESS_H
#define BAODAO_PROGRESS_H

struct progress;

/* Whether bars are drawn at all: -1 auto (isatty), 0 never, 1 always. */
void  progress_mode(int mode);

/* Start a bar for TOTAL units (0 when unknown); NULL when not drawing. */
struct progress *progress_start(const char *label, long total);
/* Set the units done; redraws at most ten times a second.  NULL-safe. */
void  progress_set(struct progress *p, long done);
/* Erase the bar and free it.  NULL-safe. */
void  progress_end(struct progress *p);

#endif
