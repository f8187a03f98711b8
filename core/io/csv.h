/*
 * csv.h - RFC 4180 CSV reading with encoding detection.
 *
 * A csv_file reads a file in chunks and never holds it whole.  Opening it
 * reads it once through: it is hashed and its encoding detected and
 * checked: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
 * text"), else GB18030 (which covers GBK and GB2312, what Excel on Chinese
 * Windows writes).  Bytes that are neither fail with a message naming the
 * file and the spreadsheet row of the first bad byte; a file that is UTF-8
 * up to one bad byte fails as UTF-8, at that byte's row and column.  The
 * records are then decoded into UTF-8 a chunk at a time as they are read,
 * so memory holds a chunk and the record being read.
 *
 * Records are read one at a time: fields may be quoted, contain commas,
 * doubled quotes and line breaks; CRLF and LF both end a record.  Fields
 * are separated by commas, or by tabs when the first lines of the text
 * hold more tabs than commas outside quotes (Excel's "Unicode text" is
 * UTF-16 with tabs).  Row
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
	char *data;              /* a window of the text in UTF-8, NUL-terminated */
	size_t len, cap;         /* bytes in the window, its size */
	size_t pos;              /* read position in data */
	size_t base;             /* offset in the whole text of data[0] */
	int row;                 /* spreadsheet row of the last record read */
	enum csv_encoding encoding;
	int be16;                /* UTF-16 is big-endian */
	char sep;                /* ',' or '\t'; 0 until the first record */
	unsigned char sha256[32];/* of the file's bytes as stored on disk */
	size_t size;             /* bytes of the file */
	size_t done;             /* of them decoded so far */
	int keep;                /* keep all the text read: csv_seek() works */
	int eof;                 /* all of the file is in the window */
	int dead;                /* a malformed record ended the reading */
	int fd;                  /* the file, or -1 when reading from memory */
	const char *mem;         /* or the bytes in memory, the caller's */
	size_t memoff;
	void *iconv;             /* GB18030's converter while decoding */
	unsigned char carry[8];  /* bytes of a character cut by a chunk's end */
	size_t ncarry;
};

/* One record: nfields fields, each a NUL-terminated UTF-8 string, owned by
 * the record and valid until the next csv_next() or csv_record_free(). */
struct csv_record {
	char **field;
	size_t nfields;
	size_t cap;
	struct sbuf buf;         /* backing store for field text */
};

/* Open and check a file of at most MAX bytes.  Only a regular file is
 * read: a directory, FIFO, device or socket (also behind a symbolic link)
 * is refused without blocking.  Returns 0, or -1 with e set (EXIT_USAGE
 * for a missing, irregular or too large file or undecodable bytes). */
int   csv_open(struct csv_file *f, const char *path, size_t max, struct error *e);
/* Same from memory (tests, xlsx import); path is used in messages only.
 * The bytes stay the caller's and are read until csv_close(). */
int   csv_open_mem(struct csv_file *f, const char *path, const char *bytes,
          size_t len, struct error *e);
void  csv_close(struct csv_file *f);
/* Keep all the text read from now on, so that csv_seek() may go back to
 * any record (a small file read twice, like the orgs).  Call it before the
 * first csv_next(). */
void  csv_keep(struct csv_file *f);
/* Where the next record starts, as an offset in the whole text. */
size_t csv_tell(const struct csv_file *f);
/* Go back to offset OFF, a csv_tell() of a kept file, whose record is at
 * spreadsheet row ROW + 1.  Returns 0, or -1 if the text is not kept. */
int   csv_seek(struct csv_file *f, size_t off, int row);

/* Read the next record.  Returns 1 with a record, 0 at end of file, -1 on a
 * malformed record (an unterminated quote, a stray quote inside an unquoted
 * field, text after a closing quote) with e set to "FILE:ROW: message",
 * or when the file changed since it was opened.
 * Records that are entirely empty (blank lines) are skipped. */
int   csv_next(struct csv_file *f, struct csv_record *r, struct error *e);
void  csv_record_init(struct csv_record *r);
void  csv_record_free(struct csv_record *r);

const char *csv_encoding_name(enum csv_encoding enc);

#endif
