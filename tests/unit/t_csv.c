/*
 * t_csv.c - tests for core/io/csv.c: encodings, RFC 4180 records, row
 * numbers and the exact "FILE:ROW: message" of each error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "test.h"

/*
 * Read all of the len bytes at s as "t.csv" and render the records as
 * "ROW[field|field]" one after another, or the error message if opening
 * or reading fails.  The result is static, valid until the next call.
 */
static const char *
dump_n(const char *s, size_t len)
{
	static char out[8192];
	struct csv_file f;
	struct csv_record r;
	struct error e;
	size_t i, n = 0;
	int rc;

	error_clear(&e);
	if (csv_open_mem(&f, "t.csv", s, len, &e) == -1) {
		snprintf(out, sizeof out, "%s", e.msg);
		return out;
	}
	csv_record_init(&r);
	out[0] = '\0';
	while ((rc = csv_next(&f, &r, &e)) == 1) {
		n += (size_t)snprintf(out + n, sizeof out - n, "%d[", f.row);
		for (i = 0; i < r.nfields; i++)
			n += (size_t)snprintf(out + n, sizeof out - n, "%s%s",
			    i ? "|" : "", r.field[i]);
		n += (size_t)snprintf(out + n, sizeof out - n, "]");
	}
	if (rc == -1)
		snprintf(out, sizeof out, "%s", e.msg);
	csv_record_free(&r);
	csv_close(&f);
	return out;
}

static const char *
dump(const char *s)
{
	return dump_n(s, strlen(s));
}

/* The encoding csv_open_mem() detects for the len bytes at s. */
static int
encoding_n(const char *s, size_t len)
{
	struct csv_file f;
	struct error e;
	int enc = -1;

	error_clear(&e);
	if (csv_open_mem(&f, "t.csv", s, len, &e) == 0)
		enc = (int)f.encoding;
	csv_close(&f);
	return enc;
}

static void
t_plain(void)
{
	CHECK_STR(dump("a,b,c\n1,2,3\n"), "1[a|b|c]2[1|2|3]");
	CHECK_INT(encoding_n("a,b\n", 4), CSV_UTF8);
	/* Fields are not trimmed: that is the importer's job. */
	CHECK_STR(dump(" a , b\n"), "1[ a | b]");
	CHECK_STR(dump("a,,\n,\n"), "1[a||]2[|]");
}

static void
t_empty(void)
{
	CHECK_STR(dump(""), "");
	CHECK_STR(dump("\n\n"), "");
	CHECK_INT(encoding_n("", 0), CSV_UTF8);
}

static void
t_bom(void)
{
	CHECK_STR(dump("\xEF\xBB\xBFname,x\n1,2\n"), "1[name|x]2[1|2]");
	CHECK_INT(encoding_n("\xEF\xBB\xBF" "a\n", 4), CSV_UTF8_BOM);
	CHECK_STR(dump("\xEF\xBB\xBF"), "");
}

static void
t_line_breaks(void)
{
	CHECK_STR(dump("a,b\r\nc,d\r\n"), "1[a|b]2[c|d]");
	CHECK_STR(dump("a,b\rc,d\r"), "1[a|b]2[c|d]");
	CHECK_STR(dump("a\nb\r\nc\rd"), "1[a]2[b]3[c]4[d]");
}

static void
t_last_line(void)
{
	CHECK_STR(dump("a,b\nc,d"), "1[a|b]2[c|d]");
	CHECK_STR(dump("a,b\nc,"), "1[a|b]2[c|]");
	CHECK_STR(dump("a\n\"q\""), "1[a]2[q]");
}

static void
t_quoted(void)
{
	CHECK_STR(dump("\"a,b\",c\n"), "1[a,b|c]");
	CHECK_STR(dump("\"say \"\"hi\"\"\",\"\"\"\"\n"), "1[say \"hi\"|\"]");
	CHECK_STR(dump("\"\",x\n"), "1[|x]");
	CHECK_STR(dump("\"one\ntwo\",\"three\r\nfour\",\"five\rsix\"\n"),
	    "1[one\ntwo|three\r\nfour|five\rsix]");
}

static void
t_multiline_row(void)
{
	/* A spreadsheet shows the record spanning lines 2 to 4 as one row. */
	CHECK_STR(dump("h,i\n\"x\ny\r\nz\",1\nlast,2\n"),
	    "1[h|i]2[x\ny\r\nz|1]3[last|2]");
}

static void
t_blank_lines(void)
{
	CHECK_STR(dump("h\n\nx\n\r\n\ny"), "1[h]3[x]6[y]");
	CHECK_STR(dump("\n\nh\n"), "3[h]");
	/* Only a wholly empty line is blank; empty fields are a record. */
	CHECK_STR(dump("h\n,\n\"\"\n"), "1[h]2[|]3[]");
}

static void
t_malformed(void)
{
	CHECK_STR(dump("h\n\"abc\nmore\n"),
	    "t.csv:2: unterminated quoted field starting at row 2");
	CHECK_STR(dump("h\n\nab\"c,d\n"),
	    "t.csv:3: quote inside an unquoted field");
	CHECK_STR(dump("h\n\"x\ny\",1\n\"a\"b\n"),
	    "t.csv:3: text after a closing quote");
	CHECK_STR(dump("\"a\" ,b\n"), "t.csv:1: text after a closing quote");
}

static void
t_error_stops(void)
{
	struct csv_file f;
	struct csv_record r;
	struct error e;
	const char *s = "a\"b\nc\n";

	error_clear(&e);
	csv_record_init(&r);
	CHECK_INT(csv_open_mem(&f, "t.csv", s, strlen(s), &e), 0);
	CHECK_INT(csv_next(&f, &r, &e), -1);
	CHECK_INT(e.code, EXIT_USAGE);
	CHECK_INT(csv_next(&f, &r, &e), 0);
	csv_record_free(&r);
	csv_close(&f);
}

static void
t_gb18030(void)
{
	/* "姓名,性别\n张三,男\n" as Excel on Chinese Windows saves it. */
	static const char gb[] = "\xD0\xD5\xC3\xFB,\xD0\xD4\xB1\xF0\n"
	    "\xD5\xC5\xC8\xFD,\xC4\xD0\n";

	CHECK_STR(dump(gb), "1[姓名|性别]2[张三|男]");
	CHECK_INT(encoding_n(gb, strlen(gb)), CSV_GB18030);
}

static void
t_utf8_strict(void)
{
	/* Overlong "/" and a surrogate are not UTF-8, so GB18030 is tried. */
	CHECK_INT(encoding_n("\xC0\xAF", 2), CSV_GB18030);
	CHECK_INT(encoding_n("\xED\xA0\x80\xC0\xAF", 5), -1);
	CHECK_INT(encoding_n("\xF0\x9F\x98\x80", 4), CSV_UTF8);
	CHECK_INT(encoding_n("\xF4\x90\x80\x80", 4), -1);
	CHECK_STR(dump("\xEF\xBB\xBF" "a\n\xC0\xAF"),
	    "t.csv:2: file has a UTF-8 byte order mark but is not UTF-8 "
	    "(byte 0xC0 at offset 5)");
}

static void
t_utf16(void)
{
	/* "a,中\n😀" in UTF-16LE and "中\r\nb" in UTF-16BE. */
	static const char le[] = "\xFF\xFE" "a\0,\0\x2D\x4E\n\0\x3D\xD8\x00\xDE";
	static const char be[] = "\xFE\xFF" "\x4E\x2D\0\r\0\n\0b";

	CHECK_STR(dump_n(le, sizeof le - 1), "1[a|中]2[😀]");
	CHECK_INT(encoding_n(le, sizeof le - 1), CSV_UTF16);
	CHECK_STR(dump_n(be, sizeof be - 1), "1[中]2[b]");
	CHECK_STR(dump_n("\xFF\xFE" "a\0\n\0\x00\xDC", 8),
	    "t.csv:2: invalid UTF-16 at offset 6");
	CHECK_STR(dump_n("\xFF\xFE" "a\0b", 5),
	    "t.csv:1: invalid UTF-16 at offset 4");
	CHECK_STR(dump_n("\xFF\xFE" "a\0\0\0", 6),
	    "t.csv:1: NUL character at offset 4");
}

static void
t_invalid_bytes(void)
{
	CHECK_STR(dump("\xFF\xFF\xFF"), "t.csv:1: bytes are neither UTF-8 nor "
	    "GB18030 (byte 0xFF at offset 0)");
	CHECK_STR(dump("h\r\nok\n\xD5\xC5\xFF"), "t.csv:3: bytes are neither "
	    "UTF-8 nor GB18030 (byte 0xFF at offset 8)");
	/* A lead byte cut off by the end of the file. */
	CHECK_STR(dump("h\n\xD5"), "t.csv:2: bytes are neither UTF-8 nor "
	    "GB18030 (byte 0xD5 at offset 2)");
}

/* A UTF-8 file with one stray byte far down is reported at that byte's
 * row and column, not where a GB18030 reading would have given up. */
static void
t_utf8_stray_byte(void)
{
	struct sbuf b;
	char want[160];
	size_t off;

	sbuf_init(&b);
	sbuf_adds(&b, "编号,姓名\n");
	for (int i = 2; i <= 1000; i++)
		sbuf_addf(&b, "M%d,\"张三\n丰\"\n", i);
	off = b.len + 9;
	sbuf_adds(&b, "M1001,李\xFF四\n");
	snprintf(want, sizeof want, "t.csv:1001:2: byte 0xFF is not UTF-8, as the text"
	    " before it is (offset %zu)", off);
	CHECK_STR(dump_n(b.s, b.len), want);
	sbuf_free(&b);
	/* One UTF-8 character, then a byte GB18030 refuses as well. */
	CHECK_STR(dump("h,中\nx,\xFF"), "t.csv:2:2: byte 0xFF is not UTF-8, as the text"
	    " before it is (offset 8)");
}

/* Tabs separate the fields when the first lines hold more tabs than
 * commas outside quotes; a title line above decides nothing. */
static void
t_tabs(void)
{
	CHECK_STR(dump("a\tb\tc\n1,5\t\"x\ty\"\t\n"), "1[a|b|c]2[1,5|x\ty|]");
	CHECK_STR(dump("Title\n\na\tb\n1\t2\n"), "1[Title]3[a|b]4[1|2]");
	CHECK_STR(dump("a,b\n\"x\ty\",z\n"), "1[a|b]2[x\ty|z]");
	CHECK_STR(dump("a\tb,c,d\n"), "1[a\tb|c|d]");
	CHECK_STR(dump("a\tb\n\"x\"y\t1\n"), "t.csv:2: text after a closing quote");
	/* Excel's Unicode text: UTF-16 little-endian with its BOM, tabs. */
	CHECK_STR(dump_n("\xFF\xFEh\0\t\0i\0\n\0""1\0\t\0""2\0\n\0", 18), "1[h|i]2[1|2]");
}

static void
t_nul(void)
{
	CHECK_STR(dump_n("a\nb\0c", 5), "t.csv:2: NUL byte at offset 3");
}

static void
t_many_fields(void)
{
	struct csv_file f;
	struct csv_record r;
	struct sbuf b;
	struct error e;
	char want[32];
	size_t i;
	int ok = 1;

	/* Enough text to move the buffer while a record is being built. */
	sbuf_init(&b);
	for (i = 0; i < 1000; i++)
		sbuf_addf(&b, "%s\"field %zu\"", i ? "," : "", i);
	sbuf_adds(&b, "\nx\n");
	error_clear(&e);
	csv_record_init(&r);
	CHECK_INT(csv_open_mem(&f, "t.csv", b.s, b.len, &e), 0);
	CHECK_INT(csv_next(&f, &r, &e), 1);
	CHECK_INT(r.nfields, 1000);
	for (i = 0; i < r.nfields; i++) {
		snprintf(want, sizeof want, "field %zu", i);
		ok = ok && strcmp(r.field[i], want) == 0;
	}
	CHECK(ok);
	/* The record's buffers are reused for the next, shorter one. */
	CHECK_INT(csv_next(&f, &r, &e), 1);
	CHECK_INT(r.nfields, 1);
	CHECK_STR(r.field[0], "x");
	CHECK_INT(csv_next(&f, &r, &e), 0);
	csv_record_free(&r);
	csv_close(&f);
	sbuf_free(&b);
}

/* Add the ASCII text at s to b in ENC, each 'Z' as 中 and each 'E' as 😀
 * (GB18030: 中 only). */
static void
chunks_add(struct sbuf *b, int enc, const char *s)
{
	for (; *s; s++) {
		if (enc == CSV_UTF16 && *s == 'Z')
			sbuf_add(b, "\x2D\x4E", 2);
		else if (enc == CSV_UTF16 && *s == 'E')
			sbuf_add(b, "\x3D\xD8\x00\xDE", 4);
		else if (enc == CSV_UTF16) {
			sbuf_addc(b, *s);
			sbuf_addc(b, '\0');
		} else if (*s == 'Z')
			sbuf_adds(b, enc == CSV_GB18030 ? "\xD6\xD0" : "中");
		else if (*s == 'E')
			sbuf_adds(b, "😀");
		else
			sbuf_addc(b, *s);
	}
}

/*
 * Files of several chunks, each record with a quoted two-line cell and a
 * CRLF, shifted by a few bytes each time so that a chunk's end falls in
 * every part of a record: each record whole, on its own row, in UTF-8,
 * UTF-16 and GB18030; and an error at the end still at its row.
 */
static void
t_chunks(void)
{
	static const int encs[] = { CSV_UTF8, CSV_UTF16, CSV_GB18030 };
	int ok = 1;

	for (size_t k = 0; k < sizeof encs / sizeof encs[0]; k++) {
		for (int pad = 0; pad < 16; pad++) {
			struct csv_file f;
			struct csv_record r;
			struct sbuf b;
			struct error e;
			char line[64], want[64];
			int i, n = 12000, rc;

			sbuf_init(&b);
			if (encs[k] == CSV_UTF16)
				sbuf_add(&b, "\xFF\xFE", 2);
			chunks_add(&b, encs[k], "ZZZ");
			for (i = 0; i < pad; i++)
				chunks_add(&b, encs[k], "p");
			chunks_add(&b, encs[k], "\r\n");
			for (i = 0; i < n; i++) {
				snprintf(line, sizeof line, "Z%d,\"a\r\n%s\"\r\n", i,
				    encs[k] == CSV_GB18030 ? "b" : "E");
				chunks_add(&b, encs[k], line);
			}
			chunks_add(&b, encs[k], "x,\"open\r\n");
			error_clear(&e);
			csv_record_init(&r);
			CHECK_INT(csv_open_mem(&f, "t.csv", b.s, b.len, &e), 0);
			CHECK_INT(f.encoding, encs[k]);
			CHECK_INT(csv_next(&f, &r, &e), 1);
			for (i = 0; i < n && ok; i++) {
				ok = csv_next(&f, &r, &e) == 1 && r.nfields == 2 &&
				    f.row == i + 2;
				snprintf(want, sizeof want, "中%d", i);
				ok = ok && strcmp(r.field[0], want) == 0 &&
				    strcmp(r.field[1], encs[k] == CSV_GB18030 ?
				    "a\r\nb" : "a\r\n😀") == 0;
			}
			CHECK(ok);
			rc = csv_next(&f, &r, &e);
			CHECK_INT(rc, -1);
			snprintf(want, sizeof want, "t.csv:%d: unterminated quoted field "
			    "starting at row %d", n + 2, n + 2);
			CHECK_STR(e.msg, want);
			CHECK_INT(csv_next(&f, &r, &e), 0);
			csv_record_free(&r);
			csv_close(&f);
			sbuf_free(&b);
		}
	}
}

static void
t_open_file(void)
{
	static const unsigned char abc[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
		0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
		0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad
	};
	struct csv_file f;
	struct csv_record r;
	struct error e;
	char *path = xasprintf("%s/abc.csv", test_tmpdir());
	FILE *fp = fopen(path, "wb");

	CHECK(fp != NULL);
	if (fp == NULL)
		goto done;
	fputs("abc", fp);
	fclose(fp);

	error_clear(&e);
	csv_record_init(&r);
	CHECK_INT(csv_open(&f, path, 1 << 20, &e), 0);
	CHECK_STR(f.path, path);
	CHECK(memcmp(f.sha256, abc, sizeof abc) == 0);
	CHECK_INT(csv_next(&f, &r, &e), 1);
	CHECK_STR(r.field[0], "abc");
	csv_record_free(&r);
	csv_close(&f);

	error_clear(&e);
	CHECK_INT(csv_open(&f, "/nonexistent/x.csv", 1 << 20, &e), -1);
	CHECK_INT(e.code, EXIT_USAGE);
	csv_close(&f);
done:
	free(path);
}

static void
t_encoding_name(void)
{
	CHECK_STR(csv_encoding_name(CSV_GB18030), "GB18030");
	CHECK_STR(csv_encoding_name(CSV_UTF16), "UTF-16");
}

void test_csv(void);

void
test_csv(void)
{
	test_case("csv plain", t_plain);
	test_case("csv empty", t_empty);
	test_case("csv bom", t_bom);
	test_case("csv line breaks", t_line_breaks);
	test_case("csv last line", t_last_line);
	test_case("csv quoted", t_quoted);
	test_case("csv multiline row", t_multiline_row);
	test_case("csv blank lines", t_blank_lines);
	test_case("csv malformed", t_malformed);
	test_case("csv error stops", t_error_stops);
	test_case("csv gb18030", t_gb18030);
	test_case("csv utf8 strict", t_utf8_strict);
	test_case("csv utf16", t_utf16);
	test_case("csv invalid bytes", t_invalid_bytes);
	test_case("csv utf8 stray byte", t_utf8_stray_byte);
	test_case("csv tabs", t_tabs);
	test_case("csv nul", t_nul);
	test_case("csv many fields", t_many_fields);
	test_case("csv chunks", t_chunks);
	test_case("csv open file", t_open_file);
	test_case("csv encoding name", t_encoding_name);
}
