/*
 * progress.c - the terminal progress bar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "util.h"

struct progress {
	char label[64];
	long total;
	long done;
	double last;       /* monotonic seconds of the last redraw */
};

static int progress_enabled = -1;

void
progress_mode(int mode)
{
	progress_enabled = mode;
}

static double
progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress_draw(const struct progress *p)
{
	char bar[31];
	int fill = 0;

	if (p->total > 0) {
		fill = (int)(30.0 * (double)p->done / (double)p->total);
		if (fill > 30)
			fill = 30;
	}
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, ' ', (size_t)(30 - fill));
	bar[30] = '\0';
	if (p->total > 0)
		fprintf(stderr, "\r%s [%s] %3d%% %ld/%ld", p->label, bar,
		    (int)(100.0 * (double)p->done / (double)p->total), p->done, p->total);
	else
		fprintf(stderr, "\r%s %ld", p->label, p->done);
	fflush(stderr);
}

struct progress *
progress_start(const char *label, long total)
{
	struct progress *p;
	int on = progress_enabled;

	if (on < 0)
		on = isatty(STDERR_FILENO);
	if (!on)
		return NULL;
	p = xcalloc(1, sizeof *p);
	snprintf(p->label, sizeof p->label, "%s", label);
	p->total = total;
	p->last = 0;
	return p;
}

void
progress_set(struct progress *p, long done)
{
	double now;

	if (p == NULL)
		return;
	p->done = done;
	now = progress_now();
	if (now - p->last < 0.1 && done != p->total)
		return;
	p->last = now;
	progress_draw(p);
}

void
progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	fprintf(stderr, "\r%*s\r", 80, "");
	fflush(stderr);
	free(p);
}
