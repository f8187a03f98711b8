/*
 * spool.c - a temporary file written in order and read back in order;
 * see spool.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"

#define SPOOL_BUF (64 * 1024)

struct spool {
	int fd;
	const char *dir;          /* for messages */
	char *buf;                /* bytes added and not yet written */
	size_t len;
	long long size;           /* bytes in the file */
};

/* Make the spool's file in DIR, unlinked at once (it goes with the
 * descriptor, whatever happens); 0, or -1 with errno set. */
static int
spool_make(struct spool *s, const char *dir)
{
	char *path = xasprintf("%s/baodao-spool-XXXXXX", dir);

	s->dir = dir;
	s->fd = mkstemp(path);
	if (s->fd >= 0)
		unlink(path);
	free(path);
	return s->fd >= 0 ? 0 : -1;
}

/* The file goes where SQLite puts its own temporary files: $TMPDIR when
 * set, else /var/tmp, else /tmp (often memory, where a province's run
 * would count against it).  When none will do, the message names each
 * directory tried with its reason: an administrator fixes the one they
 * meant, not only the last. */
struct spool *
spool_open(struct error *e)
{
	struct spool *s = xcalloc(1, sizeof *s);
	const char *env = getenv("TMPDIR"), *dirs[3] = { "/var/tmp", "/tmp", NULL };
	struct sbuf why;

	if (env != NULL && *env != '\0') {
		dirs[0] = env;
		dirs[1] = NULL;
	}
	sbuf_init(&why);
	for (size_t i = 0; dirs[i] != NULL; i++) {
		if (spool_make(s, dirs[i]) == 0) {
			sbuf_free(&why);
			s->buf = xmalloc(SPOOL_BUF);
			return s;
		}
		if (dirs[1] == NULL)
			sbuf_addf(&why, "%s: %s", dirs[i], strerror(errno));
		else
			sbuf_addf(&why, "%s%s (%s)", i ? " or " : "", dirs[i], strerror(errno));
	}
	error_set(e, EXIT_ENV, "cannot make a temporary file in %s", why.s);
	sbuf_free(&why);
	free(s);
	return NULL;
}

/* Write N bytes of P at the file's end. */
static int
spool_write(struct spool *s, const char *p, size_t n, struct error *e)
{
	while (n > 0) {
		ssize_t k = pwrite(s->fd, p, n, (off_t)s->size);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return error_set(e, EXIT_ENV, "writing a temporary file in %s: %s", s->dir,
			    k < 0 ? strerror(errno) : "nothing written");
		p += k;
		n -= (size_t)k;
		s->size += k;
	}
	return 0;
}

int
spool_add(struct spool *s, const void *p, size_t n, struct error *e)
{
	if (n == 0)               /* P may then be NULL: nothing to copy */
		return 0;
	if (s->len + n > SPOOL_BUF) {
		if (spool_write(s, s->buf, s->len, e) != 0)
			return -1;
		s->len = 0;
	}
	if (n > SPOOL_BUF)
		return spool_write(s, p, n, e);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	return 0;
}

int
spool_flush(struct spool *s, long long *end, struct error *e)
{
	if (spool_write(s, s->buf, s->len, e) != 0)
		return -1;
	s->len = 0;
	if (end != NULL)
		*end = s->size;
	return 0;
}

void
spool_close(struct spool *s)
{
	if (s == NULL)
		return;
	close(s->fd);
	free(s->buf);
	free(s);
}

/* ---- reading ---- */

void
spool_reader_init(struct spool_reader *r, const struct spool *s, long long from, long long to)
{
	memset(r, 0, sizeof *r);
	r->s = s;
	r->at = from;
	r->to = to;
}

/* Read more of the range into r->buf, after what is left in it, until
 * it holds N bytes or the range ends. */
static int
spool_fill(struct spool_reader *r, size_t n, struct error *e)
{
	size_t left = r->len - r->pos;

	if (n > r->cap) {
		r->cap = n > SPOOL_BUF ? n : SPOOL_BUF;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memmove(r->buf, r->buf + r->pos, left);
	r->pos = 0;
	r->len = left;
	while (r->len < n && r->at < r->to) {
		size_t want = r->cap - r->len;
		ssize_t k;

		if ((long long)want > r->to - r->at)
			want = (size_t)(r->to - r->at);
		k = pread(r->s->fd, r->buf + r->len, want, (off_t)r->at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return error_set(e, EXIT_ENV, "reading a temporary file in %s: %s", r->s->dir,
			    k < 0 ? strerror(errno) : "it ends early");
		r->len += (size_t)k;
		r->at += k;
	}
	if (r->len < n)
		return error_set(e, EXIT_ENV, "reading a temporary file in %s: it ends inside a record",
		    r->s->dir);
	return 0;
}

const void *
spool_read(struct spool_reader *r, size_t n, struct error *e)
{
	const char *p;

	if (n == 0)
		return "";
	if (r->len - r->pos < n && spool_fill(r, n, e) != 0)
		return NULL;
	p = r->buf + r->pos;
	r->pos += n;
	return p;
}

int
spool_reader_done(const struct spool_reader *r)
{
	return r->pos == r->len && r->at >= r->to;
}

void
spool_reader_free(struct spool_reader *r)
{
	free(r->buf);
	memset(r, 0, sizeof *r);
}
