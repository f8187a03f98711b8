/*
 * t_spool.c - unit tests of core/util/spool.c: records of every size
 * across the buffer's edge read back whole, a range read while more is
 * added, and the errors (a range that ends inside a record, a temporary
 * directory that cannot be written).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spool.h"
#include "test.h"

/* Record I: its length, then that many bytes of a pattern of I. */
static size_t
record(size_t i, unsigned char *buf)
{
	size_t n = (i * 7919) % 3000 + (i % 50 == 0 ? 70000 : 0);

	for (size_t k = 0; k < n; k++)
		buf[k] = (unsigned char)(i + k * 31);
	return n;
}

/* Read records FROM .. TO - 1 back from R; the count that matched. */
static size_t
read_back(struct spool_reader *r, size_t from, size_t to, unsigned char *want)
{
	struct error e = { 0 };
	size_t ok = 0;

	for (size_t i = from; i < to; i++) {
		size_t n = record(i, want), len;
		const void *p = spool_read(r, sizeof len, &e);

		if (p == NULL)
			break;
		memcpy(&len, p, sizeof len);
		if (len != n || (p = spool_read(r, n, &e)) == NULL)
			break;
		ok += memcmp(p, want, n) == 0;
	}
	CHECK_INT(e.code, 0);
	return ok;
}

/* 600 records, some larger than the buffer, flushed after 400: the
 * first 400 read back while the rest are added, then the rest. */
static void
in_order(void)
{
	unsigned char *buf = malloc(80000), *want = malloc(80000);
	struct error e = { 0 };
	struct spool_reader r;
	struct spool *s = spool_open(&e);
	long long mid = -1, end = -1;

	CHECK(s != NULL);
	if (s == NULL)
		goto out;
	for (size_t i = 0; i < 600; i++) {
		size_t n = record(i, buf);

		if (i == 400) {
			CHECK_INT(spool_flush(s, &mid, &e), 0);
			spool_reader_init(&r, s, 0, mid);
		}
		CHECK_INT(spool_add(s, &n, sizeof n, &e), 0);
		CHECK_INT(spool_add(s, NULL, 0, &e), 0);     /* nothing: an absent string */
		CHECK_INT(spool_add(s, buf, n, &e), 0);
	}
	CHECK_INT(read_back(&r, 0, 400, want), 400);
	CHECK(spool_reader_done(&r));
	spool_reader_free(&r);
	CHECK_INT(spool_flush(s, &end, &e), 0);
	CHECK(end > mid);
	spool_reader_init(&r, s, mid, end);
	CHECK_INT(read_back(&r, 400, 600, want), 200);
	CHECK(spool_reader_done(&r));
	/* Past the range's end: an error, not bytes of whatever follows. */
	CHECK(spool_read(&r, 1, &e) == NULL);
	CHECK_STR(strstr(e.msg, "ends inside a record") != NULL ? "cut" : e.msg, "cut");
	spool_reader_free(&r);
	spool_close(s);
out:
	free(buf);
	free(want);
}

/* A temporary directory that is not there: one line naming it. */
static void
no_directory(void)
{
	const char *old = getenv("TMPDIR");
	char *keep = old ? strdup(old) : NULL;
	struct error e = { 0 };
	struct spool *s;

	setenv("TMPDIR", "/nonexistent/baodao-tmp", 1);
	s = spool_open(&e);
	CHECK(s == NULL);
	CHECK_STR(e.msg, "cannot make a temporary file in /nonexistent/baodao-tmp:"
	    " No such file or directory");
	if (keep)
		setenv("TMPDIR", keep, 1);
	else
		unsetenv("TMPDIR");
	free(keep);
	spool_close(s);
}

void	test_spool(void);

void
test_spool(void)
{
	test_case("spool: records read back in order while more are added", in_order);
	test_case("spool: a temporary directory that cannot be used", no_directory);
}
