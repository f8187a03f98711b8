/*
 * import.h - loading the clerks' spreadsheets into the database.
 *
 * One call imports one file of one kind (record.h declares the kinds and
 * their columns): a CSV file, or a workbook (.xlsx) through the reader a
 * plugin registered for its extension (sheet.h), whose sheet is read as
 * the same rows.  Headers may be the canonical column names or the
 * Chinese headers printed on the notices' forms, in any order; the
 * header is the first row naming a column, below any title rows (a row
 * of one cell, or a "单位：… 年 月 日" line), and a 序号 column is
 * ignored.  A column
 * whose words packs declare (an org event's kind) is checked against the
 * vocabulary the caller hands in.  The import is all-or-nothing: every
 * row is checked first; if any row is bad, every bad row is reported as
 * "FILE:ROW:COLUMN: message" (from a workbook, "FILE:SHEET!CELL: message")
 * and nothing is written; with errors_path, the rejected rows are also
 * written back to that file with a reason column, to be fixed there and
 * imported again.  Rows are keyed by
 * their natural key, so importing the same file twice changes nothing the
 * second time.  An import that changed rows leaves one audit row with the
 * file's SHA-256; a change to a record of a kind that can be corrected
 * (record_correctable) is kept in the record's history as well.
 */
#ifndef BAODAO_IMPORT_H
#define BAODAO_IMPORT_H

#include "db.h"
#include "record.h"
#include "util.h"

struct import_opts {
	int dry_run;          /* check and count, write nothing */
	int ignore_extra;     /* unknown columns are skipped, not errors */
	const struct record_vocab *vocab;   /* declared words; NULL: none */
	size_t max_bytes;     /* the largest file read; 0: IMPORT_MAX_BYTES */
	const char *reason;   /* why records are changed (their history); NULL:
	                         the file alone */
	const char *sheet;    /* a workbook's sheet to read; NULL: the first */
	long max_sheet_rows;  /* a workbook sheet's most rows; 0: no limit */
	long max_sheet_cells; /* and its most cells */
	const char *errors_path;  /* write rejected rows here; NULL: don't */
	/* Why no plugin gives WHAT (plugin.h's plugin_why_missing), asked
	 * only for the message refusing a workbook, since asking loads the
	 * plugins; NULL: no reason given. */
	const char *(*plugin_why)(const char *what);
};

#define IMPORT_MAX_BYTES (256 * 1024 * 1024)

struct import_stats {
	long rows;            /* data rows read (header excluded) */
	long inserted;
	long updated;
	long unchanged;
	long written_back;    /* rejected rows written to errors_path */
};

/* Row errors, one line each, in file order. */
struct import_errors {
	char **line;
	size_t n;
	size_t cap;
};

/* Import PATH as KIND.  Returns 0 when the file was imported (or, with
 * dry_run, would be); -1 when rows were rejected (errs holds them, e set to
 * a summary, EXIT_USAGE) or the file could not be read or written (e set). */
int   import_file(struct db *db, const char *kind, const char *path,
          const struct import_opts *o, struct import_stats *st,
          struct import_errors *errs, struct error *e);

void  import_errors_free(struct import_errors *errs);

/* One cell of a record typed outside a file (baodao record): column COL
 * of the kind, its text as a clerk types it in the sheet. */
struct import_cell {
	int col;
	const char *text;
};

/* A column's value as the table holds it: type SQLITE_NULL, SQLITE_INTEGER
 * (i) or SQLITE_TEXT (s, owned). */
struct import_value {
	int type;
	long long i;
	char *s;
};

/* Read CELLS of kind K exactly as import reads those cells of a row (the
 * column's type, the codes it names, the packs' words in VOCAB, lengths,
 * control characters), over the values V already holds (one per column of
 * K: the record as stored, or all NULL); with CHECK, then the kind's
 * checks across columns (a receipt not before its date).  V gets the
 * values read.  0, or -1 with e set to "WHAT: COLUMN: message"
 * (EXIT_USAGE). */
int   import_cells(struct db *db, const struct record_kind *k,
          const struct record_vocab *vocab, const char *what,
          const struct import_cell *cells, size_t n, int check,
          struct import_value *v, struct error *e);
/* Free the N values of V. */
void  import_values_free(struct import_value *v, int n);

#endif
