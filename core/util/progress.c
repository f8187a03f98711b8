/*
 * progress.c - the terminal progress bar, and the summary line that
 * stays when the work is done.
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
	double start;      /* monotonic seconds when it started */
	double last;       /* of the last redraw */
	long count;        /* what the rate is given in, if unit is set */
	char unit[16];
};

static int progress_enabled = -1;

void
progress_mode(int mode)
{
	progress_enabled = mode;
}

double
progress_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* S seconds as M:SS (or H:MM:SS) into buf. */
static const char *
progress_hms(char *buf, size_t n, double s)
{
	long t = s > 0 ? (long)(s + 0.5) : 0;

	if (t >= 3600)
		snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
	return buf;
}

/* The bar, the part done, the time elapsed and left, and the rate. */
static void
progress_draw(const struct progress *p, double now)
{
	double el = now - p->start, frac = 0;
	long n = p->unit[0] ? p->count : p->done;
	char bar[31], e[48], l[48];
	int fill = 0;

	if (p->total > 0) {
		frac = (double)p->done / (double)p->total;
		fill = frac > 1 ? 30 : (int)(30.0 * frac);
	}
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, ' ', (size_t)(30 - fill));
	bar[30] = '\0';
	if (p->total > 0)
		fprintf(stderr, tr("\r%s [%s] %3d%%  %s elapsed, %s left, %.0f %s/s ",
		    "\r%s [%s] %3d%%  已用 %s，剩余 %s，每秒 %.0f %s "), p->label, bar,
		    (int)(100.0 * frac), progress_hms(e, sizeof e, el),
		    frac > 0 ? progress_hms(l, sizeof l, el * (1 - frac) / frac) : "?",
		    el > 0 ? (double)n / el : 0.0, p->unit);
	else
		fprintf(stderr, "\r%s %ld  %s ", p->label, n, progress_hms(e, sizeof e, el));
	fflush(stderr);
}

int
progress_drawn(void)
{
	return progress_enabled < 0 ? isatty(STDERR_FILENO) : progress_enabled;
}

struct progress *
progress_start(const char *label, long total)
{
	struct progress *p;

	if (!progress_drawn())
		return NULL;
	p = xcalloc(1, sizeof *p);
	snprintf(p->label, sizeof p->label, "%s", label);
	p->total = total;
	p->start = progress_clock();
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
	now = progress_clock();
	if (now - p->last < 0.1 && done != p->total)
		return;
	p->last = now;
	progress_draw(p, now);
}

void
progress_count(struct progress *p, long n, const char *unit)
{
	if (p == NULL)
		return;
	p->count = n;
	snprintf(p->unit, sizeof p->unit, "%s", unit);
}

void
progress_end(struct progress *p)
{
	if (p == NULL)
		return;
	fprintf(stderr, "\r%*s\r", 100, "");
	fflush(stderr);
	free(p);
}

void
progress_summary(const char *label, long n, const char *unit, double seconds)
{
	fprintf(stderr, tr("%s: %ld %s in %.1f s (%.0f %s/s)\n",
	    "%s: %ld %s，用时 %.1f 秒（每秒 %.0f %s）\n"), label, n, unit, seconds,
	    seconds > 0 ? (double)n / seconds : 0.0, unit);
}
