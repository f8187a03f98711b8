/*
 * csv.c - CSV files as spreadsheets write them.
 *
 * A file is read whole, hashed, and converted to UTF-8 once: UTF-8 with or
 * without a byte order mark, UTF-16 with one, else GB18030.  Records are
 * then cut from the UTF-8 text by RFC 4180 rules, one per csv_next(), into
 * a buffer the caller's record owns and reuses.
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

#include <sodium.h>

#include "csv.h"

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

/*
 * The 1-based line number at the end of the n bytes at p.  CRLF, LF and a
 * lone CR each end a line.  Only used on the way to an error message, so
 * it scans rather than keeping count during decoding.
 */
static int
csv_line_at(const char *p, size_t n)
{
	int line = 1;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			line++;
		else if (p[i] == '\r' && (i + 1 == n || p[i + 1] != '\n'))
			line++;
	}
	return line;
}

/*
 * Fail for a NUL byte at off in raw.  The text after it would be cut short
 * everywhere it is used as a C string, so it is refused outright.
 */
static int
csv_nul_error(const struct csv_file *f, const char *raw, size_t off,
    struct error *e)
{
	return error_set(e, EXIT_USAGE,
	    csv_tr("%s:%d: NUL byte at offset %zu",
	    "%s:%d: 偏移 %zu 处有 NUL 字节"),
	    f->path, csv_line_at(raw, off), off);
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

/* Offset of the first byte of the n at p that is not valid UTF-8, or n. */
static size_t
csv_utf8_check(const unsigned char *p, size_t n)
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
	}
	return n;
}

/* Take the n bytes at raw + skip as the UTF-8 text; f owns the copy. */
static void
csv_take_utf8(struct csv_file *f, const char *raw, size_t n, size_t skip)
{
	f->len = n - skip;
	f->data = xmalloc(f->len + 1);
	memcpy(f->data, raw + skip, f->len);
	f->data[f->len] = '\0';
}

/* Write code point cp as UTF-8 at out; returns the bytes written. */
static size_t
csv_utf8_put(char *out, unsigned long cp)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
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
 * Convert UTF-16 after its byte order mark; f owns the result.  Every
 * two-byte unit becomes at most three UTF-8 bytes (a surrogate pair, four
 * bytes, becomes four), so one allocation of 3/2 the size is enough.  On an
 * error the line is counted in the text converted so far, since raw UTF-16
 * has no single-byte line breaks to count.
 */
static int
csv_from_utf16(struct csv_file *f, const char *raw, size_t n, int big,
    struct error *e)
{
	const unsigned char *p = (const unsigned char *)raw;
	char *out = xmalloc(n / 2 * 3 + 1);
	size_t i, len = 0;
	unsigned long cp, lo;
	int rc = -1;

	for (i = 2; i + 1 < n; i += 2) {
		cp = csv_utf16_unit(p + i, big);
		if (cp == 0) {
			out[len] = '\0';
			error_set(e, EXIT_USAGE,
			    csv_tr("%s:%d: NUL character at offset %zu",
			    "%s:%d: 偏移 %zu 处有 NUL 字符"),
			    f->path, csv_line_at(out, len), i);
			goto done;
		}
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
			lo = csv_utf16_unit(p + i + 2, big);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 2;
			}
		}
		if (cp >= 0xD800 && cp <= 0xDFFF)
			break;
		len += csv_utf8_put(out + len, cp);
	}
	if (i < n) {
		/* An unpaired surrogate, or an odd byte at the end. */
		out[len] = '\0';
		error_set(e, EXIT_USAGE,
		    csv_tr("%s:%d: invalid UTF-16 at offset %zu",
		    "%s:%d: 偏移 %zu 处的 UTF-16 无效"),
		    f->path, csv_line_at(out, len), i);
		goto done;
	}
	out[len] = '\0';
	f->data = out;
	f->len = len;
	out = NULL;
	rc = 0;
done:
	free(out);
	return rc;
}

/*
 * Convert GB18030 (a superset of GBK and GB2312) with iconv; f owns the
 * result.  GB18030 never uses CR or LF bytes inside a character, so on an
 * error the line is counted in the raw bytes.
 */
static int
csv_from_gb18030(struct csv_file *f, const char *raw, size_t n,
    struct error *e)
{
	iconv_t cd;
	char *in = (char *)raw, *out, *o;
	size_t inleft = n, cap = n + n / 2 + 16, oleft, off;
	int rc = -1;

	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
		return error_set(e, EXIT_ENV,
		    csv_tr("%s: cannot convert from GB18030: %s",
		    "%s: 无法从 GB18030 转换：%s"),
		    f->path, strerror(errno));
	out = o = xmalloc(cap);
	oleft = cap - 1;
	while (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
		if (errno != E2BIG) {
			off = (size_t)(in - raw);
			error_set(e, EXIT_USAGE,
			    csv_tr("%s:%d: bytes are neither UTF-8 nor GB18030 "
			    "(byte 0x%02X at offset %zu)",
			    "%s:%d: 字节既不是 UTF-8 也不是 GB18030"
			    "（字节 0x%02X，偏移 %zu）"),
			    f->path, csv_line_at(raw, off),
			    (unsigned char)raw[off], off);
			goto done;
		}
		/* Not expected with the size above, but cheap to allow. */
		off = (size_t)(o - out);
		cap *= 2;
		out = xrealloc(out, cap);
		o = out + off;
		oleft = cap - 1 - off;
	}
	*o = '\0';
	f->data = out;
	f->len = (size_t)(o - out);
	out = NULL;
	rc = 0;
done:
	free(out);
	iconv_close(cd);
	return rc;
}

/* The number of multi-byte UTF-8 sequences in the n valid bytes at p. */
static size_t
csv_utf8_multi(const unsigned char *p, size_t n)
{
	size_t i = 0, k = 0;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		i += csv_utf8_seqlen(p + i, n - i);
		k++;
	}
	return k;
}

/*
 * The spreadsheet row and column (1-based) of the byte at off, read by
 * RFC 4180 rules from the start: a line break inside quotes stays in its
 * row, CRLF is one break.  The text before off is valid UTF-8, so its
 * ASCII delimiters are what they seem.
 */
static void
csv_row_col(const char *raw, size_t off, int *row, int *col)
{
	int quoted = 0;

	*row = *col = 1;
	for (size_t i = 0; i < off; i++) {
		char c = raw[i];

		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == ',')
			(*col)++;
		else if (c == '\n' || (c == '\r' && (i + 1 == off || raw[i + 1] != '\n'))) {
			(*row)++;
			*col = 1;
		}
	}
}

/* Fail for the byte at off of a file that is UTF-8 before it. */
static int
csv_utf8_error(const struct csv_file *f, const char *raw, size_t off, struct error *e)
{
	int row, col;

	csv_row_col(raw, off, &row, &col);
	return error_set(e, EXIT_USAGE, csv_tr("%s:%d:%d: byte 0x%02X is not UTF-8, as the text"
	    " before it is (offset %zu)", "%s:%d:%d: 字节 0x%02X 不是 UTF-8，而此前的内容是"
	    "（偏移 %zu）"), f->path, row, col, (unsigned char)raw[off], off);
}

/* So many multi-byte characters before the first bad byte make a file
 * UTF-8: GB18030 text forms one by chance now and then, never a run. */
#define CSV_UTF8_SURE 4

/*
 * Detect the encoding of the n bytes at raw and convert them into f->data.
 * A byte order mark is trusted; without one, text that is valid UTF-8 is
 * UTF-8.  Text that is UTF-8, with several multi-byte characters, up to a
 * bad byte is UTF-8 with that bad byte, reported at its row and column;
 * anything else is tried as GB18030, and if that fails too while the text
 * before the bad byte held any UTF-8 character, the UTF-8 error is the
 * one reported (where the file went wrong, not where GB18030 gave up).
 */
static int
csv_decode(struct csv_file *f, const char *raw, size_t n, struct error *e)
{
	const unsigned char *p = (const unsigned char *)raw;
	const char *nul;
	size_t bad, multi;

	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) ||
	    (p[0] == 0xFE && p[1] == 0xFF))) {
		f->encoding = CSV_UTF16;
		return csv_from_utf16(f, raw, n, p[0] == 0xFE, e);
	}
	/* UTF-16 is full of NUL bytes, so this check comes only after it. */
	if ((nul = memchr(raw, '\0', n)) != NULL)
		return csv_nul_error(f, raw, (size_t)(nul - raw), e);

	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		f->encoding = CSV_UTF8_BOM;
		if ((bad = csv_utf8_check(p + 3, n - 3) + 3) < n)
			return error_set(e, EXIT_USAGE,
			    csv_tr("%s:%d: file has a UTF-8 byte order mark "
			    "but is not UTF-8 (byte 0x%02X at offset %zu)",
			    "%s:%d: 文件有 UTF-8 字节顺序标记，但不是 UTF-8"
			    "（字节 0x%02X，偏移 %zu）"),
			    f->path, csv_line_at(raw, bad), p[bad], bad);
		csv_take_utf8(f, raw, n, 3);
		return 0;
	}
	if ((bad = csv_utf8_check(p, n)) == n) {
		f->encoding = CSV_UTF8;
		csv_take_utf8(f, raw, n, 0);
		return 0;
	}
	multi = csv_utf8_multi(p, bad);
	if (multi >= CSV_UTF8_SURE) {
		f->encoding = CSV_UTF8;
		return csv_utf8_error(f, raw, bad, e);
	}
	f->encoding = CSV_GB18030;
	if (csv_from_gb18030(f, raw, n, e) == 0)
		return 0;
	if (multi > 0) {
		error_clear(e);
		f->encoding = CSV_UTF8;
		return csv_utf8_error(f, raw, bad, e);
	}
	return -1;
}

/*
 * Hash and decode the len bytes at bytes, which stay the caller's; f owns
 * a copy of path and the UTF-8 text.  On failure f is left zeroed.
 */
int
csv_open_mem(struct csv_file *f, const char *path, const char *bytes,
    size_t len, struct error *e)
{
	memset(f, 0, sizeof *f);
	f->path = xstrdup(path);
	if (sodium_init() < 0) {
		error_set(e, EXIT_ENV, "%s", tr("libsodium failed to initialise",
		    "libsodium 初始化失败"));
		goto fail;
	}
	crypto_hash_sha256(f->sha256, (const unsigned char *)bytes, len);
	if (csv_decode(f, bytes, len, e) == -1)
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
 * Read the regular file at path whole, at most max bytes.  It is opened
 * without blocking (a FIFO would wait for a writer forever) and checked on
 * the descriptor opened, so a symbolic link to a device or a file swapped
 * in between is refused too.  NULL with e set (EXIT_USAGE).
 */
static char *
csv_read_regular(const char *path, size_t max, size_t *len, struct error *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	struct sbuf b;
	struct stat st;
	char chunk[65536];
	ssize_t n;

	if (fd < 0) {
		error_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		error_set(e, EXIT_USAGE, csv_tr("%s: is %s; import reads regular files only",
		    "%s: 是%s；只能导入普通文件"), path, csv_file_kind(st.st_mode));
		close(fd);
		return NULL;
	}
	sbuf_init(&b);
	/* The size is checked as read too: the file may grow meanwhile. */
	while ((size_t)st.st_size <= max && (n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
			goto fail;
		}
		sbuf_add(&b, chunk, (size_t)n);
		if (b.len > max)
			break;
	}
	if ((size_t)st.st_size > max || b.len > max) {
		error_set(e, EXIT_USAGE, csv_tr("%s: larger than %zu bytes (max_import_bytes in "
		    "baodao.conf)", "%s: 超过 %zu 字节（见 baodao.conf 的 max_import_bytes）"),
		    path, max);
		goto fail;
	}
	close(fd);
	if (b.s == NULL)
		sbuf_add(&b, "", 0);
	*len = b.len;
	return b.s;
fail:
	close(fd);
	sbuf_free(&b);
	return NULL;
}

/* Read the file at path whole and open it as csv_open_mem() does. */
int
csv_open(struct csv_file *f, const char *path, size_t max, struct error *e)
{
	char *raw;
	size_t len;
	int rc;

	/* Zeroed here too so a file that cannot be read leaves f closed. */
	memset(f, 0, sizeof *f);
	if ((raw = csv_read_regular(path, max, &len, e)) == NULL)
		return -1;
	rc = csv_open_mem(f, path, raw, len, e);
	free(raw);
	return rc;
}

/* Free what f owns and leave it zeroed, so closing twice is harmless. */
void
csv_close(struct csv_file *f)
{
	free(f->path);
	free(f->data);
	memset(f, 0, sizeof *f);
}

/* Fail for a malformed record, at the row it starts on. */
static int
csv_malformed(const struct csv_file *f, struct error *e, const char *msg)
{
	return error_set(e, EXIT_USAGE, "%s:%d: %s", f->path, f->row, msg);
}

/*
 * Copy the unquoted field at *pp into b and move *pp to the character that
 * ends it.  strcspn() does the scanning; glibc's is much faster than a
 * byte loop here.
 */
static int
csv_field_plain(const struct csv_file *f, const char **pp, struct sbuf *b,
    struct error *e)
{
	const char *p = *pp;
	size_t n = strcspn(p, ",\"\r\n");

	if (p[n] == '"')
		return csv_malformed(f, e, tr("quote inside an unquoted field",
		    "未加引号的字段中有引号"));
	sbuf_add(b, p, n);
	*pp = p + n;
	return 0;
}

/*
 * Copy the quoted field at *pp into b without its quotes, undoubling
 * doubled quotes and keeping line breaks as they are, and move *pp past
 * the closing quote.
 */
static int
csv_field_quoted(const struct csv_file *f, const char **pp, struct sbuf *b,
    struct error *e)
{
	const char *p = *pp + 1, *q;

	for (;;) {
		if ((q = strchr(p, '"')) == NULL)
			return error_set(e, EXIT_USAGE,
			    csv_tr("%s:%d: unterminated quoted field starting "
			    "at row %d",
			    "%s:%d: 从第 %d 行开始的带引号字段没有结束"),
			    f->path, f->row, f->row);
		sbuf_add(b, p, (size_t)(q - p));
		if (q[1] != '"')
			break;
		sbuf_addc(b, '"');
		p = q + 2;
	}
	p = q + 1;
	if (*p != ',' && *p != '\r' && *p != '\n' && *p != '\0')
		return csv_malformed(f, e, tr("text after a closing quote",
		    "结束引号之后还有文字"));
	*pp = p;
	return 0;
}

/* The position after the line break at p, or p itself at the end. */
static const char *
csv_skip_break(const char *p)
{
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
 * Cut the next record from f into r, which keeps its buffers from one
 * record to the next.  f->row becomes the record's row.
 */
int
csv_next(struct csv_file *f, struct csv_record *r, struct error *e)
{
	const char *p;
	size_t nfields = 0;
	int rc;

	r->nfields = 0;
	sbuf_reset(&r->buf);

	/* Blank lines are skipped, but a spreadsheet still numbers them. */
	for (;;) {
		if (f->pos >= f->len)
			return 0;
		p = f->data + f->pos;
		f->row++;
		if (*p != '\r' && *p != '\n')
			break;
		f->pos = (size_t)(csv_skip_break(p) - f->data);
	}

	for (;;) {
		if (*p == '"')
			rc = csv_field_quoted(f, &p, &r->buf, e);
		else
			rc = csv_field_plain(f, &p, &r->buf, e);
		if (rc == -1) {
			/* Nothing after it can be trusted to start a record. */
			f->pos = f->len;
			return -1;
		}
		sbuf_addc(&r->buf, '\0');
		nfields++;
		if (*p != ',')
			break;
		p++;
	}
	f->pos = (size_t)(csv_skip_break(p) - f->data);
	csv_set_fields(r, nfields);
	return 1;
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
