/*
 * spool.h - a temporary file written in order and read back in order.
 *
 * A spool holds what is too large to keep in memory until it can be
 * stored: a run's rows while its members are evaluated.  Its file is in
 * $TMPDIR (else /var/tmp, else /tmp), unlinked at once, so nothing is left behind
 * whatever happens to the process.  Bytes are added through a buffer of
 * the spool's own; spool_flush writes them out and says how many the
 * file holds.  Reading takes a range of what was flushed and may run on
 * another thread while bytes are added: the reader keeps its own buffer
 * and reads at offsets, never through the writer's state.
 */
#ifndef BAODAO_SPOOL_H
#define BAODAO_SPOOL_H

#include <stddef.h>

#include "util.h"

struct spool;

/* A new empty spool; NULL with E set when no temporary file can be made. */
struct spool *spool_open(struct error *e);
/* Add N bytes of P (P may be NULL when N is 0). */
int   spool_add(struct spool *s, const void *p, size_t n, struct error *e);
/* Write out the bytes added; the file's length is then *END (END may be
 * NULL). */
int   spool_flush(struct spool *s, long long *end, struct error *e);
void  spool_close(struct spool *s);

/* Reading bytes FROM .. TO of a spool, TO at most what was flushed. */
struct spool_reader {
	const struct spool *s;
	long long at, to;         /* the file's next byte to read; the end */
	char *buf;
	size_t len, pos, cap;     /* bytes in buf; the next to hand out */
};
void  spool_reader_init(struct spool_reader *r, const struct spool *s, long long from,
          long long to);
/* The next N bytes, contiguous, valid until the next call; NULL with E
 * set when fewer remain in the range or the file cannot be read. */
const void *spool_read(struct spool_reader *r, size_t n, struct error *e);
/* Is the range read to its end? */
int   spool_reader_done(const struct spool_reader *r);
void  spool_reader_free(struct spool_reader *r);

#endif
