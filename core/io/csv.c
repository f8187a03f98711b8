/*
 * csv.c - CSV files as spreadsheets write them.
 *
 * A file is read twice, a chunk at a time, and never held whole.  Opening
 * it reads it through once: it is hashed, its encoding found (UTF-8 with
 * or without a byte order mark, UTF-16 with one, else GB18030), and all of
 * it checked to decode, so that a bad byte is reported before any record,
 * as if the file had been converted whole.  Records are then cut, one per
 * csv_next(), from a window of UTF-8 text that is decoded a chunk at a
 * time as the records need it, into a buffer the caller's record owns and
 * reuses.  A record the window cuts short is cut again once the window
 * holds more, so memory holds a chunk and the longest record.
 *
 * Row numbers count records, not lines, because that is what a spreadsheet
 * shows: a quoted field with line breaks stays on one row, and a blank line
 * is a row of its own even though csv_next() skips it.  Decoding errors are
 * the exception; they come before any record exists, so they count lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "sha256.h"

/*
 * tr() for format strings.  Passing tr() straight to error_set() hides the
 * format from gcc; this wrapper lets it check both translations against
 * the arguments.
 */
static const char *csv_tr(const char *en, const char *zh)
    __attribute__((format_arg(1), format_arg(2)));

static const char *
csv_tr(const char *en, const char *zh)
{
	return tr(en, zh);
}

#define CSV_CHUNK	65536			/* bytes read at a time */
#define CSV_ROOM	(2 * CSV_CHUNK + 32)	/* a decoded chunk fits */
#define CSV_MORE	2			/* a record runs past the window */

/*
 * Lines counted across chunks: CRLF, LF and a lone CR each end one.  A CR
 * at a chunk's end waits for the next byte to say which it is.
 */
struct csv_lines {
	int line, cr;
};

static void
csv_lines_add(struct csv_lines *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (c->cr && p[i] != '\n')
			c->line++;
		c->cr = p[i] == '\r';
		if (p[i] == '\n')
			c->line++;
	}
}

/* The 1-based line at the end of the text counted. */
static int
csv_lines_at(const struct csv_lines *c)
{
	return c->line + c->cr;
}

/*
 * The spreadsheet row and column (1-based) reached, read by RFC 4180 rules
 * from the start: a line break inside quotes stays in its row, CRLF is one
 * break.  The text counted is valid UTF-8, so its ASCII delimiters are
 * what they seem.
 */
struct csv_where {
	int row, col, quoted, cr;
};

static void
csv_where_add(struct csv_where *w, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (w->cr && c != '\n') {
			w->row++;
			w->col = 1;
		}
		w->cr = 0;
		if (c == '"')
			w->quoted = !w->quoted;
		else if (w->quoted)
			continue;
		else if (c == ',')
			w->col++;
		else if (c == '\n') {
			w->row++;
			w->col = 1;
		} else if (c == '\r')
			w->cr = 1;
	}
	if (w->cr) {
		w->row++;
		w->col = 1;
		w->cr = 0;
	}
}

/* ---- Where the bytes come from: a file, or memory ---- */

/* Read the bytes from the beginning again. */
static int
csv_src_rewind(struct csv_file *f, struct error *e)
{
	f->memoff = 0;
	if (f->fd >= 0 && lseek(f->fd, 0, SEEK_SET) != 0)
		return error_set(e, EXIT_ENV, "%s: %s", f->path, strerror(errno));
	return 0;
}

/* Read up to n bytes into buf, fewer only at the end: the count, or -1
 * with e set. */
static ssize_t
csv_src_read(struct csv_file *f, char *buf, size_t n, struct error *e)
{
	size_t got = 0;
	ssize_t k;

	if (f->fd < 0) {
		got = f->size - f->memoff < n ? f->size - f->memoff : n;
		memcpy(buf, f->mem + f->memoff, got);
		f->memoff += got;
		return (ssize_t)got;
	}
	while (got < n && (k = read(f->fd, buf + got, n - got)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			error_set(e, EXIT_ENV, "%s: %s", f->path, strerror(errno));
			return -1;
		}
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/*
 * The line (in the bytes) and the spreadsheet row and column of the byte
 * at OFF, counted from the start of the file again.  Only on the way to an
 * error message.  Returns 0 or -1 (e set).
 */
static int
csv_locate(struct csv_file *f, size_t off, int *line, struct csv_where *w,
    struct error *e)
{
	struct csv_lines c = { 1, 0 };
	char *buf = xmalloc(CSV_CHUNK);
	size_t at = 0;
	ssize_t n;
	int rc = -1;

	w->row = w->col = 1;
	w->quoted = w->cr = 0;
	if (csv_src_rewind(f, e) != 0)
		goto done;
	while (at < off && (n = csv_src_read(f, buf, CSV_CHUNK, e)) > 0) {
		size_t k = off - at < (size_t)n ? off - at : (size_t)n;

		csv_lines_add(&c, buf, k);
		csv_where_add(w, buf, k);
		at += k;
	}
	*line = csv_lines_at(&c);
	rc = e->code != 0 ? -1 : 0;
done:
	free(buf);
	return rc;
}

/* The line of the byte at OFF of the file, for a message (1 if the file
 * cannot be read again: the message matters more than its line). */
static int
csv_line_of(struct csv_file *f, size_t off)
{
	struct csv_where w;
	struct error e = { 0 };
	int line = 1;

	csv_locate(f, off, &line, &w, &e);
	return line;
}

/* Fail for a NUL byte at off of the file.  The text after it would be cut
 * short everywhere it is used as a C string, so it is refused outright. */
static int
csv_nul_error(struct csv_file *f, size_t off, struct error *e)
{
	return error_set(e, EXIT_USAGE,
	    csv_tr("%s:%d: NUL byte at offset %zu",
	    "%s:%d: 偏移 %zu 处有 NUL 字节"),
	    f->path, csv_line_of(f, off), off);
}

/*
 * Length of the UTF-8 sequence at p, or 0 if it is not valid.  Strict by
 * RFC 3629: overlong forms, surrogates and code points past U+10FFFF are
 * invalid, so GB18030 text that merely looks like UTF-8 is not taken for it.
 */
static size_t
csv_utf8_seqlen(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (avail < n)
		return 0;

	/* The second byte's range is what rules out the bad forms. */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* Offset of the first byte of the n at p that is not valid UTF-8, or n;
 * *multi grows by the multi-byte characters before it. */
static size_t
csv_utf8_check(const unsigned char *p, size_t n, size_t *multi)
{
	size_t i = 0, k;

	while (i < n) {
		/* Most of a CSV file is ASCII; keep that path tight. */
		while (i < n && p[i] < 0x80)
			i++;
		if (i == n)
			break;
		if ((k = csv_utf8_seqlen(p + i, n - i)) == 0)
			return i;
		i += k;
		(*multi)++;
	}
	return n;
}

/* The UTF-16 code unit at p in the file's byte order. */
static unsigned long
csv_utf16_unit(const unsigned char *p, int big)
{
	if (big)
		return (unsigned long)p[0] << 8 | p[1];
	return (unsigned long)p[1] << 8 | p[0];
}

/*
 * Decode the n bytes of UTF-16 at p, which are the file's from offset AT,
 * into out (room for 3/2 n + 4 bytes).  A character the end cuts is left
 * for the next chunk unless FINAL.  Returns the bytes written, *used the
 * bytes consumed; or -1 with e set, the line counted in the text decoded
 * (LINES, if not NULL, has the chunks before), since raw UTF-16 has no
 * single-byte line breaks to count.
 */
static ssize_t
csv_utf16_chunk(struct csv_file *f, const unsigned char *p, size_t n, size_t at,
    int final, char *out, size_t *used, struct csv_lines *lines, struct error *e)
{
	struct csv_lines none = { 1, 0 };
	size_t i, len = 0;
	unsigned long cp, lo;
	int bad = 0;

	for (i = 0; i + 1 < n; i += 2) {
		cp = csv_utf16_unit(p + i, f->be16);
		if (cp == 0) {
			csv_lines_add(lines ? lines : &none, out, len);
			return error_set(e, EXIT_USAGE,
			    csv_tr("%s:%d: NUL character at offset %zu",
			    "%s:%d: 偏移 %zu 处有 NUL 字符"),
			    f->path, csv_lines_at(lines ? lines : &none), at + i);
		}
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 >= n && !final)
			break;		/* the pair's low half is in the next chunk */
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
			lo = csv_utf16_unit(p + i + 2, f->be16);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 2;
			}
		}
		if ((bad = cp >= 0xD800 && cp <= 0xDFFF))
			break;
		len += util_utf8_put(out + len, cp);
	}
	if (bad || (final && i < n)) {
		/* An unpaired surrogate, or an odd byte at the end. */
		csv_lines_add(lines ? lines : &none, out, len);
		return error_set(e, EXIT_USAGE,
		    csv_tr("%s:%d: invalid UTF-16 at offset %zu",
		    "%s:%d: 偏移 %zu 处的 UTF-16 无效"),
		    f->path, csv_lines_at(lines ? lines : &none), at + i);
	}
	*used = i;
	return (ssize_t)len;
}

/*
 * Decode the n bytes of GB18030 (a superset of GBK and GB2312) at p, the
 * file's from offset AT, into out (room for CAP bytes) with iconv.  As
 * csv_utf16_chunk(); GB18030 never uses CR or LF bytes inside a character,
 * so on an error the line is counted in the file's bytes.
 */
static ssize_t
csv_gb18030_chunk(struct csv_file *f, const unsigned char *p, size_t n, size_t at,
    int final, char *out, size_t cap, size_t *used, struct error *e)
{
	char *in = (char *)p, *o = out;
	size_t inleft = n, oleft = cap, off;

	if (iconv((iconv_t)f->iconv, &in, &inleft, &o, &oleft) == (size_t)-1 &&
	    (errno != EINVAL || final)) {
		off = (size_t)(in - (char *)p);
		return error_set(e, EXIT_USAGE,
		    csv_tr("%s:%d: bytes are neither UTF-8 nor GB18030 "
		    "(byte 0x%02X at offset %zu)",
		    "%s:%d: 字节既不是 UTF-8 也不是 GB18030"
		    "（字节 0x%02X，偏移 %zu）"),
		    f->path, csv_line_of(f, at + off), p[off], at + off);
	}
	*used = n - inleft;
	return (ssize_t)(o - out);
}

/* Bytes of the byte order mark the file starts with. */
static size_t
csv_bom_len(const struct csv_file *f)
{
	return f->encoding == CSV_UTF16 ? 2 : f->encoding == CSV_UTF8_BOM ? 3 : 0;
}

/* Start decoding the file from its beginning.  Returns 0 or -1 (e set). */
static int
csv_decode_begin(struct csv_file *f, struct error *e)
{
	f->done = f->ncarry = 0;
	f->eof = 0;
	if (f->encoding == CSV_GB18030 && f->iconv == NULL &&
	    (f->iconv = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		f->iconv = NULL;
		return error_set(e, EXIT_ENV,
		    csv_tr("%s: cannot convert from GB18030: %s",
		    "%s: 无法从 GB18030 转换：%s"),
		    f->path, strerror(errno));
	}
	if (f->iconv != NULL)
		iconv((iconv_t)f->iconv, NULL, NULL, NULL, NULL);
	return csv_src_rewind(f, e);
}

/*
 * Read the next chunk of the file and decode it into out, which has room
 * for CSV_ROOM bytes.  Returns the bytes written, or -1 (e set); f->eof is
 * set after the last chunk.  LINES, if not NULL, counts the lines decoded
 * (for UTF-16's messages).
 */
static ssize_t
csv_decode_next(struct csv_file *f, char *out, struct csv_lines *lines,
    struct error *e)
{
	unsigned char *buf = xmalloc(CSV_CHUNK + sizeof f->carry);
	size_t at = f->done - f->ncarry, start = 0, used = 0, m;
	ssize_t n, len = -1;
	int final;

	memcpy(buf, f->carry, f->ncarry);
	if ((n = csv_src_read(f, (char *)buf + f->ncarry, CSV_CHUNK, e)) < 0)
		goto done;
	final = n < CSV_CHUNK;
	if (f->done == 0)
		start = csv_bom_len(f) < (size_t)n ? csv_bom_len(f) : (size_t)n;
	f->done += (size_t)n;
	m = f->ncarry + (size_t)n;
	if (f->encoding == CSV_UTF16)
		len = csv_utf16_chunk(f, buf + start, m - start, at + start, final,
		    out, &used, lines, e);
	else if (f->encoding == CSV_GB18030)
		len = csv_gb18030_chunk(f, buf + start, m - start, at + start, final,
		    out, CSV_ROOM, &used, e);
	else if (memchr(buf + start, '\0', m - start) == NULL) {
		memcpy(out, buf + start, m - start);
		len = (ssize_t)(used = m - start);
	} else
		error_set(e, EXIT_USAGE, "NUL");
	if (len < 0)
		goto done;
	used += start;
	f->ncarry = m - used;
	memcpy(f->carry, buf + used, f->ncarry);
	f->eof = final;
	if (lines != NULL)
		csv_lines_add(lines, out, (size_t)len);
done:
	free(buf);
	return len;
}

/* Decode the whole file once to check it (UTF-16, GB18030). */
static int
csv_decode_check(struct csv_file *f, struct error *e)
{
	struct csv_lines lines = { 1, 0 };
	char *out = xmalloc(CSV_ROOM);
	int rc = -1;

	if (csv_decode_begin(f, e) == 0) {
		while (!f->eof && csv_decode_next(f, out, &lines, e) >= 0)
			;
		rc = f->eof ? 0 : -1;
	}
	free(out);
	return rc;
}

/* Fail for the byte at off of a file that is UTF-8 before it. */
static int
csv_utf8_error(struct csv_file *f, size_t off, unsigned char byte, struct error *e)
{
	struct csv_where w;
	int line;

	if (csv_locate(f, off, &line, &w, e) != 0)
		return -1;
	return error_set(e, EXIT_USAGE, csv_tr("%s:%d:%d: byte 0x%02X is not UTF-8, as the text"
	    " before it is (offset %zu)", "%s:%d:%d: 字节 0x%02X 不是 UTF-8，而此前的内容是"
	    "（偏移 %zu）"), f->path, w.row, w.col, byte, off);
}

/* So many multi-byte characters before the first bad byte make a file
 * UTF-8: GB18030 text forms one by chance now and then, never a run. */
#define CSV_UTF8_SURE 4

/* What a first pass over the bytes found. */
struct csv_scan {
	size_t nul;		/* offset of the first NUL byte, or SIZE_MAX */
	size_t bad;		/* of the first byte that is not UTF-8, or SIZE_MAX */
	unsigned char badbyte;
	size_t multi;		/* multi-byte UTF-8 characters before it */
};

/* The encoding a byte order mark says: UTF-16's order into f->be16. */
static void
csv_bom(struct csv_file *f, const unsigned char *p, size_t n)
{
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
	    (p[0] == 0xFE && p[1] == 0xFF))) {
		f->encoding = CSV_UTF16;
		f->be16 = p[0] == 0xFE;
	} else if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		f->encoding = CSV_UTF8_BOM;
	else
		f->encoding = CSV_UTF8;
}

/*
 * Note the first NUL and the first byte that is not UTF-8 among the n
 * bytes at p, the file's from offset AT.  A character the end may cut is
 * left for the next chunk, unless FINAL.  Returns the bytes to carry.
 */
static size_t
csv_scan_chunk(struct csv_scan *s, const unsigned char *p, size_t n, size_t at,
    int final)
{
	const unsigned char *z;
	size_t b;

	if (s->nul == SIZE_MAX && (z = memchr(p, '\0', n)) != NULL)
		s->nul = at + (size_t)(z - p);
	if (s->bad != SIZE_MAX || (b = csv_utf8_check(p, n, &s->multi)) == n)
		return 0;
	if (!final && n - b < 4)
		return n - b;
	s->bad = at + b;
	s->badbyte = p[b];
	return 0;
}

/* Fail for a file of more than max bytes. */
static int
csv_too_large(const struct csv_file *f, size_t max, struct error *e)
{
	return error_set(e, EXIT_USAGE, csv_tr("%s: larger than %zu bytes (max_import_bytes in "
	    "baodao.conf)", "%s: 超过 %zu 字节（见 baodao.conf 的 max_import_bytes）"),
	    f->path, max);
}

/*
 * Read the bytes through once: hash them, note their byte order mark,
 * first NUL and first byte that is not UTF-8, and check that there are
 * at most MAX of them.  Returns 0 or -1 (e set).
 */
static int
csv_scan_bytes(struct csv_file *f, size_t max, struct csv_scan *s, struct error *e)
{
	struct sha256 sha;
	unsigned char *buf = xmalloc(CSV_CHUNK + 8);
	size_t total = 0, carry = 0, start;
	ssize_t n;
	int rc = -1;

	if (sha256_init(&sha) != 0) {
		error_set(e, EXIT_ENV, "%s", tr("libsodium failed to initialise",
		    "libsodium 初始化失败"));
		goto done;
	}
	do {
		if ((n = csv_src_read(f, (char *)buf + carry, CSV_CHUNK, e)) < 0)
			goto done;
		sha256_update(&sha, buf + carry, (size_t)n);
		start = 0;
		if (total == 0) {
			csv_bom(f, buf, (size_t)n);
			start = f->encoding == CSV_UTF8_BOM ? 3 : 0;
		}
		total += (size_t)n;
		if (total > max) {
			csv_too_large(f, max, e);
			goto done;
		}
		/* UTF-16 is full of NUL bytes; its check is decoding. */
		if (f->encoding != CSV_UTF16) {
			size_t m = carry + (size_t)n;

			carry = csv_scan_chunk(s, buf + start, m - start,
			    total - m + start, n < CSV_CHUNK);
			memmove(buf, buf + m - carry, carry);
		}
	} while (n == CSV_CHUNK);
	sha256_final(&sha, f->sha256);
	f->size = total;
	rc = 0;
done:
	free(buf);
	return rc;
}

/*
 * Find the encoding of the file and check that all of it decodes.  A byte
 * order mark is trusted; without one, text that is valid UTF-8 is UTF-8.
 * Text that is UTF-8, with several multi-byte characters, up to a bad byte
 * is UTF-8 with that bad byte, reported at its row and column; anything
 * else is tried as GB18030, and if that fails too while the text before
 * the bad byte held any UTF-8 character, the UTF-8 error is the one
 * reported (where the file went wrong, not where GB18030 gave up).
 */
static int
csv_scan(struct csv_file *f, size_t max, struct error *e)
{
	struct csv_scan s = { SIZE_MAX, SIZE_MAX, 0, 0 };

	if (csv_scan_bytes(f, max, &s, e) != 0)
		return -1;
	if (f->encoding == CSV_UTF16)
		return csv_decode_check(f, e);
	if (s.nul != SIZE_MAX)
		return csv_nul_error(f, s.nul, e);
	if (f->encoding == CSV_UTF8_BOM) {
		if (s.bad != SIZE_MAX)
			return error_set(e, EXIT_USAGE,
			    csv_tr("%s:%d: file has a UTF-8 byte order mark "
			    "but is not UTF-8 (byte 0x%02X at offset %zu)",
			    "%s:%d: 文件有 UTF-8 字节顺序标记，但不是 UTF-8"
			    "（字节 0x%02X，偏移 %zu）"),
			    f->path, csv_line_of(f, s.bad), s.badbyte, s.bad);
		return 0;
	}
	if (s.bad == SIZE_MAX)
		return 0;
	if (s.multi >= CSV_UTF8_SURE)
		return csv_utf8_error(f, s.bad, s.badbyte, e);
	f->encoding = CSV_GB18030;
	if (csv_decode_check(f, e) == 0)
		return 0;
	if (s.multi > 0 && e->code == EXIT_USAGE) {
		error_clear(e);
		f->encoding = CSV_UTF8;
		return csv_utf8_error(f, s.bad, s.badbyte, e);
	}
	return -1;
}

/*
 * Hash and check the len bytes at bytes, which stay the caller's and must
 * outlive f; f owns a copy of path.  On failure f is left zeroed.
 */
int
csv_open_mem(struct csv_file *f, const char *path, const char *bytes,
    size_t len, struct error *e)
{
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->fd = -1;
	f->mem = bytes;
	f->size = len;
	if (csv_scan(f, SIZE_MAX, e) == -1 || csv_decode_begin(f, e) == -1)
		goto fail;
	return 0;
fail:
	csv_close(f);
	return -1;
}

/* What kind of file mode M is, for the message refusing it. */
static const char *
csv_file_kind(mode_t m)
{
	if (S_ISDIR(m))
		return tr("a directory", "目录");
	if (S_ISFIFO(m))
		return tr("a FIFO", "命名管道");
	if (S_ISCHR(m) || S_ISBLK(m))
		return tr("a device", "设备");
	if (S_ISSOCK(m))
		return tr("a socket", "套接字");
	return tr("not a regular file", "非普通文件");
}

/*
 * Open the regular file at path, of at most max bytes, and check it as
 * csv_open_mem() does.  It is opened without blocking (a FIFO would wait
 * for a writer forever) and checked on the descriptor opened, so a
 * symbolic link to a device or a file swapped in between is refused too.
 * The size is checked as read too: the file may grow meanwhile.
 */
int
csv_open(struct csv_file *f, const char *path, size_t max, struct error *e)
{
	struct stat st;

	/* Zeroed here too so a file that cannot be read leaves f closed. */
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	f->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (f->fd < 0) {
		error_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		error_set(e, EXIT_USAGE, csv_tr("%s: is %s; import reads regular files only",
		    "%s: 是%s；只能导入普通文件"), path, csv_file_kind(st.st_mode));
		goto fail;
	}
	if ((size_t)st.st_size > max) {
		csv_too_large(f, max, e);
		goto fail;
	}
	if (csv_scan(f, max, e) == -1 || csv_decode_begin(f, e) == -1)
		goto fail;
	return 0;
fail:
	csv_close(f);
	return -1;
}

/* Free what f owns and leave it zeroed, so closing twice is harmless. */
void
csv_close(struct csv_file *f)
{
	if (f->path != NULL && f->fd >= 0)
		close(f->fd);
	if (f->iconv != NULL)
		iconv_close((iconv_t)f->iconv);
	free(f->path);
	free(f->data);
	memset(f, 0, sizeof *f);
}

void
csv_keep(struct csv_file *f)
{
	f->keep = 1;
}

size_t
csv_tell(const struct csv_file *f)
{
	return f->base + f->pos;
}

int
csv_seek(struct csv_file *f, size_t off, int row)
{
	if (!f->keep || off < f->base || off > f->base + f->len)
		return -1;
	f->pos = off - f->base;
	f->row = row;
	f->dead = 0;
	return 0;
}

/*
 * Decode the next chunk into the window, after the record being read:
 * what is before it goes, unless the text is kept.  The file has changed
 * since it was opened if it no longer decodes or ends elsewhere.
 */
static int
csv_refill(struct csv_file *f, struct error *e)
{
	ssize_t n;

	if (!f->keep && f->pos > 0) {
		memmove(f->data, f->data + f->pos, f->len - f->pos);
		f->base += f->pos;
		f->len -= f->pos;
		f->pos = 0;
	}
	if (f->cap < f->len + CSV_ROOM + 1) {
		f->cap = f->len + CSV_ROOM + 1 > 2 * f->cap ? f->len + CSV_ROOM + 1 : 2 * f->cap;
		f->data = xrealloc(f->data, f->cap);
	}
	n = csv_decode_next(f, f->data + f->len, NULL, e);
	if (n >= 0) {
		f->len += (size_t)n;
		f->data[f->len] = '\0';
	}
	if (n < 0 || (f->eof && f->done != f->size)) {
		error_clear(e);
		return error_set(e, EXIT_USAGE, csv_tr("%s: the file changed while being read",
		    "%s: 文件在读取时被改动"), f->path);
	}
	return 0;
}

/* Fail for a malformed record, at the row it starts on. */
static int
csv_malformed(const struct csv_file *f, struct error *e, const char *msg)
{
	return error_set(e, EXIT_USAGE, "%s:%d: %s", f->path, f->row, msg);
}

/* Whether p is the end of the window while the file goes on. */
static int
csv_short(const struct csv_file *f, const char *p)
{
	return p == f->data + f->len && !f->eof;
}

/*
 * Copy the unquoted field at *pp into b and move *pp to the character that
 * ends it.  strcspn() does the scanning; glibc's is much faster than a
 * byte loop here.  CSV_MORE when the window ends first.
 */
static int
csv_field_plain(const struct csv_file *f, const char **pp, struct sbuf *b,
    struct error *e)
{
	const char *p = *pp;
	size_t n = strcspn(p, f->sep == '\t' ? "\t\"\r\n" : ",\"\r\n");

	if (p[n] == '"')
		return csv_malformed(f, e, tr("quote inside an unquoted field",
		    "未加引号的字段中有引号"));
	if (csv_short(f, p + n))
		return CSV_MORE;
	sbuf_add(b, p, n);
	*pp = p + n;
	return 0;
}

/*
 * Copy the quoted field at *pp into b without its quotes, undoubling
 * doubled quotes and keeping line breaks as they are, and move *pp past
 * the closing quote.  CSV_MORE when the window ends first.
 */
static int
csv_field_quoted(const struct csv_file *f, const char **pp, struct sbuf *b,
    struct error *e)
{
	const char *p = *pp + 1, *q;

	for (;;) {
		if ((q = strchr(p, '"')) == NULL && !f->eof)
			return CSV_MORE;
		if (q == NULL)
			return error_set(e, EXIT_USAGE,
			    csv_tr("%s:%d: unterminated quoted field starting "
			    "at row %d",
			    "%s:%d: 从第 %d 行开始的带引号字段没有结束"),
			    f->path, f->row, f->row);
		if (csv_short(f, q + 1))
			return CSV_MORE;
		sbuf_add(b, p, (size_t)(q - p));
		if (q[1] != '"')
			break;
		sbuf_addc(b, '"');
		p = q + 2;
	}
	p = q + 1;
	if (*p != f->sep && *p != '\r' && *p != '\n' && *p != '\0')
		return csv_malformed(f, e, tr("text after a closing quote",
		    "结束引号之后还有文字"));
	*pp = p;
	return 0;
}

/* The position after the line break at p, or p itself at the end; NULL
 * when a CR ends the window and the next chunk may hold its LF. */
static const char *
csv_skip_break(const struct csv_file *f, const char *p)
{
	if (p[0] == '\r' && csv_short(f, p + 1))
		return NULL;
	if (p[0] == '\r' && p[1] == '\n')
		return p + 2;
	if (p[0] == '\r' || p[0] == '\n')
		return p + 1;
	return p;
}

/*
 * Point r's fields into its buffer, where they lie end to end, each ended
 * by a NUL.  Done once the record is complete because adding to the buffer
 * may move it.
 */
static void
csv_set_fields(struct csv_record *r, size_t nfields)
{
	char *s = r->buf.s;
	size_t i;

	if (nfields > r->cap) {
		r->cap = r->cap ? r->cap : 16;
		while (r->cap < nfields)
			r->cap *= 2;
		r->field = xrealloc(r->field, r->cap * sizeof *r->field);
	}
	for (i = 0; i < nfields; i++) {
		r->field[i] = s;
		s += strlen(s) + 1;
	}
	r->nfields = nfields;
}

/*
 * Cut the next record from the window into r.  f->row becomes the
 * record's row.  CSV_MORE when the window ends before the record does.
 */
static int
csv_cut(struct csv_file *f, struct csv_record *r, struct error *e)
{
	const char *p, *next;
	size_t nfields = 0;
	int rc;

	r->nfields = 0;
	sbuf_reset(&r->buf);

	/* Blank lines are skipped, but a spreadsheet still numbers them. */
	for (;;) {
		if (f->pos >= f->len)
			return f->eof ? 0 : CSV_MORE;
		p = f->data + f->pos;
		f->row++;
		if (*p != '\r' && *p != '\n')
			break;
		if ((next = csv_skip_break(f, p)) == NULL)
			return CSV_MORE;
		f->pos = (size_t)(next - f->data);
	}

	for (;;) {
		if (*p == '"')
			rc = csv_field_quoted(f, &p, &r->buf, e);
		else
			rc = csv_field_plain(f, &p, &r->buf, e);
		if (rc != 0)
			return rc;
		sbuf_addc(&r->buf, '\0');
		nfields++;
		if (*p != f->sep)
			break;
		p++;
	}
	if ((next = csv_skip_break(f, p)) == NULL)
		return CSV_MORE;
	f->pos = (size_t)(next - f->data);
	csv_set_fields(r, nfields);
	return 1;
}

#define CSV_SEP_LINES	16	/* lines that decide the separator */

/*
 * Choose the separator from the first CSV_SEP_LINES lines of the text (or
 * as many as the first chunk holds): tabs when they have more tabs than
 * commas outside quotes.  A title line above the header has few of
 * either; the header and the rows under it decide.
 */
static int
csv_detect_sep(struct csv_file *f, struct error *e)
{
	size_t tabs = 0, commas = 0;
	int lines = 0, quoted = 0;

	while (!f->eof && f->len - f->pos < CSV_CHUNK)
		if (csv_refill(f, e) == -1)
			return -1;
	for (const char *p = f->data != NULL ? f->data + f->pos : ""; *p != '\0' &&
	    lines < CSV_SEP_LINES; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\t')
			tabs++;
		else if (*p == ',')
			commas++;
		else if (*p == '\n')
			lines++;
	}
	f->sep = tabs > commas ? '\t' : ',';
	return 0;
}

/*
 * Read the next record into r, which keeps its buffers from one record to
 * the next: cut it from the window, and when the window ends first, decode
 * more of the file and cut it again from its start.
 */
int
csv_next(struct csv_file *f, struct csv_record *r, struct error *e)
{
	size_t start;
	int row = f->row, rc;

	if (f->dead)
		return 0;
	if (f->sep == 0 && csv_detect_sep(f, e) == -1) {
		f->dead = 1;
		return -1;
	}
	start = csv_tell(f);
	while ((rc = csv_cut(f, r, e)) == CSV_MORE) {
		f->pos = start - f->base;
		f->row = row;
		if (csv_refill(f, e) == -1) {
			rc = -1;
			break;
		}
	}
	/* Nothing after a malformed record can be trusted to start one. */
	if (rc == -1)
		f->dead = 1;
	return rc;
}

/* Start r empty; nothing is allocated until the first record. */
void
csv_record_init(struct csv_record *r)
{
	r->field = NULL;
	r->nfields = 0;
	r->cap = 0;
	sbuf_init(&r->buf);
}

/* Free what r owns and leave it ready for reuse. */
void
csv_record_free(struct csv_record *r)
{
	free(r->field);
	sbuf_free(&r->buf);
	csv_record_init(r);
}

/* A name for enc in reports; static storage. */
const char *
csv_encoding_name(enum csv_encoding enc)
{
	switch (enc) {
	case CSV_UTF8:
		return "UTF-8";
	case CSV_UTF8_BOM:
		return "UTF-8 (BOM)";
	case CSV_UTF16:
		return "UTF-16";
	case CSV_GB18030:
		return "GB18030";
	}
	return "?";
}
