/*
 * csv.h - RFC 4180 CSV reading with encoding detection.
 *
 * A csv_file holds a whole file converted to UTF-8.  The encoding is
 * detected: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
 * text"), else GB18030 (which covers GBK and GB2312, what Excel on Chinese
 * Windows writes).  Bytes that are neither fail with a message naming the
 * file and the spreadsheet row of the first bad byte; a file that is UTF-8
 * up to one bad byte fails as UTF-8, at that byte's row and column.
 *
 * Records are read one at a time: fields may be quoted, contain commas,
 * doubled quotes and line breaks; CRLF and LF both end a record.  Row
 * numbers are what a spreadsheet shows: the first record (the header) is
 * row 1, and a record spanning lines counts as one row.
 */
#ifndef BAODAO_CSV_H
#define BAODAO_CSV_H

#include <stddef.h>

#include "util.h"

enum csv_encoding { CSV_UTF8, CSV_UTF8_BOM, CSV_UTF16, CSV_GB18030 };

struct csv_file {
	char *path;              /* as given, for messages */
	char *data;              /* whole content in UTF-8, NUL-terminated */
	size_t len;
	size_t pos;              /* read position in data */
	int row;                 /* spreadsheet row of the last record read */
	enum csv_encoding encoding;
	unsigned char sha256[32];/* of the file's bytes as stored on disk */
};

/* One record: nfields fields, each a NUL-terminated UTF-8 string, owned by
 * the record and valid until the next csv_next() or csv_record_free(). */
struct csv_record {
	char **field;
	size_t nfields;
	size_t cap;
	struct sbuf buf;         /* backing store for field text */
};

/* Open and convert a file of at most MAX bytes.  Only a regular file is
 * read: a directory, FIFO, device or socket (also behind a symbolic link)
 * is refused without blocking.  Returns 0, or -1 with e set (EXIT_USAGE
 * for a missing, irregular or too large file or undecodable bytes). */
int   csv_open(struct csv_file *f, const char *path, size_t max, struct error *e);
/* Same from memory (tests, xlsx import); path is used in messages only. */
int   csv_open_mem(struct csv_file *f, const char *path, const char *bytes,
          size_t len, struct error *e);
void  csv_close(struct csv_file *f);

/* Read the next record.  Returns 1 with a record, 0 at end of file, -1 on a
 * malformed record (an unterminated quote, a stray quote inside an unquoted
 * field, text after a closing quote) with e set to "FILE:ROW: message".
 * Records that are entirely empty (blank lines) are skipped. */
int   csv_next(struct csv_file *f, struct csv_record *r, struct error *e);
void  csv_record_init(struct csv_record *r);
void  csv_record_free(struct csv_record *r);

const char *csv_encoding_name(enum csv_encoding enc);

#endif
