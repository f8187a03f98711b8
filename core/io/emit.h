/*
 * emit.h - the one writer of baodao's output: tables and trees, in csv,
 * md, json and text, behind a back-end table that plugins can extend.
 *
 * A caller opens a writer on a FILE or an sbuf with a format's name, makes
 * calls that describe the document, and closes it:
 *
 *	w = emit_open_file(stdout, "json", e);
 *	emit_begin_object(w);
 *	emit_kstr(w, "member_id", code);
 *	emit_key(w, "requirements");
 *	emit_begin_array(w);
 *	...
 *	emit_end_array(w);
 *	emit_end_object(w);
 *	rc = emit_close(w);
 *
 * Two shapes of document exist.  A table (emit_begin_table .. emit_row ..
 * emit_end_table) has a title, heading lines, a header row of columns,
 * rows of exactly that many cells and foot lines; every back end can
 * write one.  A tree (objects, arrays, keys and scalars) needs a back end
 * with EMIT_TREES (json); emit_trees() tells a caller which shape the
 * format holds, so a report that is a tree in json and a table elsewhere
 * asks once and writes the one it can.  Prose (emit_text) is for back
 * ends with EMIT_PROSE (text, md): free lines written as given.
 *
 * The contract:
 *  - A document holds one top-level table or tree value, and, where the
 *    back end takes prose, any prose around it.  A back end with
 *    EMIT_TABLES also takes several top-level tables, one after another
 *    (a report of several parts, such as the year summary; emit_tables()
 *    tells a caller); json holds such parts as values of one object.  Inside a table there are
 *    rows only; inside an object, keys each followed by one value; inside
 *    an array, values.  A table may be a value inside a tree (json).
 *  - Misuse is refused, never written: a key outside an object, a value
 *    where a key is due, a row with the wrong number of cells, closing
 *    what isn't open (or isn't the innermost), a tree or prose the format
 *    cannot hold, a raw text that is not one JSON scalar, closing the
 *    document with something open.  The first refusal sets the error
 *    (EXIT_ENV: it is the program's fault, not the user's), every later
 *    call does nothing and returns -1, and the document's tail is not
 *    written.  Output to an sbuf is cut back to where it stood at
 *    emit_open_sbuf; output to a FILE is buffered and only the 64 KiB
 *    chunks flushed before the error remain.
 *  - Escaping is the back end's: json strings escape '"', '\\' and the
 *    control characters (\n \r \t, others \u00XX), pass valid UTF-8
 *    through as it is, and replace each byte of invalid UTF-8 by U+FFFD;
 *    csv quotes a cell holding ',', '"', CR or LF and doubles its quotes
 *    (RFC 4180), and puts a single quote before a cell that begins with
 *    '=', '+', '-', '@', tab or CR and is not a plain number (OWASP's
 *    advice against CSV injection: a spreadsheet shows it as text); md
 *    escapes '|', '[', ']' and '\\' with a backslash, writes '<', '>' and
 *    '&' as entities (no HTML, link or image from a cell) and CR, LF and
 *    CR LF as one space, and writes the title, heading and foot lines
 *    with the same entities and line breaks as spaces; a NULL cell is
 *    empty in csv and md and null in json.
 *  - Numbers: an integer as itself; a double that is a whole number below
 *    9e15 in magnitude as an integer, any other finite one with 15
 *    significant digits (%.15g), NaN and infinities as null.
 *  - Output is a function of the calls alone (no locale, no clock, no
 *    address), so the same calls give the same bytes.
 *
 * The built-in back ends:
 *  json  trees and tables.  Compact: no space after ':' or ','; a line
 *        break only where the caller asks with emit_break (before the next
 *        item, or before the closing bracket), and a newline after the
 *        top-level value.  A table is an object of the table's members
 *        (struct emit_table.meta), then rows_key with an array of rows,
 *        each an object of column name to cell, one row to a line, then
 *        "foot" with the foot lines when there are any; with rows_key NULL
 *        (and no meta or foot) the table is just the array of rows.
 *  csv   tables: the header row and the rows, CRLF-free ("\n" line ends).
 *        Title, heading and foot lines are not written: a spreadsheet
 *        reads the columns only.  Several tables are separated by an
 *        empty line.  Trees and prose are refused.
 *  md    tables and prose: "# title" and a blank line, each heading line
 *        and a blank line, "| header | row |", the "|---|---|" rule, the
 *        rows, then each foot line after a blank line; several tables
 *        with a blank line between.  Trees are refused.
 *  text  prose, and tables written as csv (as `report results` has always
 *        done for text).  Trees are refused.
 * A table may carry a chart hint (struct emit_chart): which of its
 * columns a format that draws (html) may show as a chart.  The table
 * stays the data; the formats above ignore the hint.
 *
 * A plugin adds a format with emit_register_backend("xlsx", &be); callers
 * need no change, since they name the format the user asked for and ask
 * emit_trees() which shape to write.  A back end sees only calls the
 * writer has checked, in order, with each item's position (struct
 * emit_at), and writes into emit_out(w).
 */
#ifndef BAODAO_EMIT_H
#define BAODAO_EMIT_H

#include <stdio.h>

#include "util.h"

struct emit;   /* a writer on one document; opaque */

enum emit_type {
	EMIT_NULL,
	EMIT_STR,      /* s; NULL is written as null (json) or empty */
	EMIT_INT,      /* i */
	EMIT_NUM,      /* n */
	EMIT_BOOL,     /* i: 0 false, else true */
	EMIT_RAW       /* s: a stored JSON scalar text (checked), NULL is null */
};

/* One scalar value. */
struct emit_scalar {
	enum emit_type type;
	const char *s;
	long long i;
	double n;
};

/* A member of a table's json object, written before its rows. */
struct emit_member {
	const char *key;
	struct emit_scalar v;
};

/*
 * A chart hint: the table's rows drawn as a chart by a format that draws
 * (html), beside the table itself.  label is the column naming each row;
 * series the columns whose cells are numbers (an empty cell or one that
 * is not a number is no mark).  EMIT_CHART_BARS: a group of bars per
 * row, one per series, values may be negative; EMIT_CHART_SHARES: one
 * bar per row divided into the series' shares of the row's sum (a
 * distribution); EMIT_CHART_LINE: a line per series across the rows (a
 * time series).  With has_target, a line across the chart at target,
 * named target_label.  unit names the values' unit ("%", "小时"), or NULL.
 */
enum emit_chart_kind { EMIT_CHART_BARS = 1, EMIT_CHART_SHARES, EMIT_CHART_LINE };

struct emit_chart {
	enum emit_chart_kind kind;
	size_t label;
	const size_t *series;
	size_t nseries;
	int has_target;
	double target;
	const char *target_label;
	const char *unit;
};

/* A table; the writer keeps the pointer until emit_end_table, so it and
 * everything it points to must live that long. */
struct emit_table {
	const char *title;                /* md: "# title"; NULL: none */
	const char *const *heading;       /* md: lines under the title */
	size_t nheading;
	const char *const *columns;       /* the header row; at least one */
	size_t ncolumns;
	const char *const *foot;          /* md, json: lines after the rows */
	size_t nfoot;
	const struct emit_member *meta;   /* json: members before the rows */
	size_t nmeta;
	const char *rows_key;             /* json: the rows' key ("rows"), or
	                                     NULL for a bare array of rows */
	const struct emit_chart *chart;   /* html: draw it too; NULL: none.
	                                     Added after PLUGIN_API 1 was
	                                     drafted, before any release: the
	                                     API stays 1 */
};

/* Where an item stands, as the back end needs it to separate and lay out. */
struct emit_at {
	int first;      /* first item of its container (or of the document) */
	int brk;        /* -1, or: start on a new line indented this many spaces */
	int depth;      /* containers open around the item */
	int value;      /* a key's value (follows the key directly) */
};

/* Back-end capabilities (flags). */
enum {
	EMIT_TREES = 1,   /* objects, arrays, keys, scalars */
	EMIT_PROSE = 2,   /* emit_text */
	EMIT_TABLES = 4,  /* several top-level tables in one document */
	EMIT_BINARY = 8   /* bytes for a file, not text for a terminal (xlsx) */
};

/*
 * A back end: what to write for each checked call.  Every function is
 * required except those the flags leave out (begin, end, key, scalar
 * without EMIT_TREES; prose without EMIT_PROSE).  state_size bytes of
 * zeroed state are allocated per document (emit_state()); finish is always
 * called once, with ok 1 when the document is complete (write its tail)
 * and 0 after an error (write nothing), and releases what the state holds.
 */
struct emit_backend {
	unsigned flags;
	size_t state_size;
	void (*begin_doc)(struct emit *w);
	void (*finish)(struct emit *w, int ok);
	void (*begin_table)(struct emit *w, const struct emit_table *t,
	         const struct emit_at *at);
	void (*row)(struct emit *w, const struct emit_table *t, const char *const *cells,
	         size_t n, const struct emit_at *at);
	void (*end_table)(struct emit *w, const struct emit_table *t, long rows);
	void (*begin)(struct emit *w, int array, const struct emit_at *at);
	void (*end)(struct emit *w, int array, const struct emit_at *at);
	void (*key)(struct emit *w, const char *key, const struct emit_at *at);
	void (*scalar)(struct emit *w, const struct emit_scalar *v, const struct emit_at *at);
	void (*prose)(struct emit *w, const char *text);
};

/* Add a format (name must outlive the program, e.g. a literal); -1 when
 * the name is taken, the table of formats is full, or be lacks a function
 * its flags require. */
int   emit_register_backend(const char *name, const struct emit_backend *be);
/* Have LOAD called once, before the first look for a format (or a
 * reader, sheet.h) that finds none, and before the list: the plugin
 * host's, so that a command loads the plugins only when it asks for
 * something they may add. */
void  emit_set_loader(void (*load)(void));
/* Run the loader if it is set and has not run: 1 if it ran now. */
int   emit_load(void);
/* Is NAME a registered format? */
int   emit_format_known(const char *name);
/* Does format NAME write bytes that are not text (EMIT_BINARY)? */
int   emit_format_binary(const char *name);
/* The registered formats' names, ", "-separated, in registration order
 * (for usage messages); the caller frees. */
char *emit_format_list(void);

/* A writer of format NAME on f, or appending to b; NULL with e set
 * (EXIT_USAGE) when the format is unknown, or binary (EMIT_BINARY) and f
 * a terminal.  e also receives the first
 * refusal of the document. */
struct emit *emit_open_file(FILE *f, const char *format, struct error *e);
struct emit *emit_open_sbuf(struct sbuf *b, const char *format, struct error *e);
/* End the document: its tail, the last flush, and free w.  0, or -1 when
 * a call was refused or something is still open. */
int   emit_close(struct emit *w);
/* End a json document written into B (emit_open_sbuf) that is stored as
 * a value, e.g. in a column: as emit_close, without the newline that
 * ends a document on a stream. */
int   emit_close_stored(struct emit *w, struct sbuf *b);

int   emit_trees(const struct emit *w);   /* can the format hold a tree? */
int   emit_prose(const struct emit *w);   /* can it hold prose? */
int   emit_tables(const struct emit *w);  /* several top-level tables? */

/* Tables. */
int   emit_begin_table(struct emit *w, const struct emit_table *t);
int   emit_row(struct emit *w, const char *const *cells, size_t n);
int   emit_end_table(struct emit *w);

/* Trees. */
int   emit_begin_object(struct emit *w);
int   emit_end_object(struct emit *w);
int   emit_begin_array(struct emit *w);
int   emit_end_array(struct emit *w);
int   emit_key(struct emit *w, const char *key);
int   emit_scalar(struct emit *w, const struct emit_scalar *v);
int   emit_str(struct emit *w, const char *s);
int   emit_int(struct emit *w, long long v);
int   emit_num(struct emit *w, double v);
int   emit_bool(struct emit *w, int v);
int   emit_null(struct emit *w);
int   emit_raw(struct emit *w, const char *json_scalar);
/* A key and its value in one call. */
int   emit_kstr(struct emit *w, const char *key, const char *s);
int   emit_kint(struct emit *w, const char *key, long long v);
int   emit_knum(struct emit *w, const char *key, double v);
int   emit_kbool(struct emit *w, const char *key, int v);

/* Layout: the next item of the innermost container (or its closing
 * bracket) starts on a new line indented by indent (0 to 64) spaces.
 * Only json lays out; the others ignore it.  A break before a key's value
 * or a table's row is dropped (json puts each row on its own line). */
int   emit_break(struct emit *w, int indent);

/* Prose, written as given (text and md). */
int   emit_text(struct emit *w, const char *s);
int   emit_textf(struct emit *w, const char *fmt, ...)
          __attribute__((format(printf, 2, 3)));

/* The encodings text output (csv, md, text) can be written in. */
enum emit_encoding {
	EMIT_UTF8,        /* "utf-8" */
	EMIT_UTF8_BOM,    /* "utf-8-bom": a byte order mark first, which
	                     tells Excel on Chinese Windows the file is UTF-8 */
	EMIT_GB18030      /* "gb18030": for older tools that read only it */
};
/* The encoding called NAME (any case), or -1. */
int   emit_encoding_parse(const char *name);
/* Write the n bytes of UTF-8 at s to f in encoding enc (with the byte
 * order mark first for EMIT_UTF8_BOM): 0, or -1 with e set (EXIT_ENV)
 * on a write error or bytes iconv cannot convert (named by offset). */
int   emit_write_encoded(FILE *f, const char *s, size_t n, enum emit_encoding enc,
          struct error *e);

/* For back ends: the buffer to write into, the document's state, and a
 * failure of the back end itself (EXIT_ENV; later calls do nothing). */
struct sbuf *emit_out(struct emit *w);
void *emit_state(struct emit *w);
void  emit_fail(struct emit *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The escaping of each format, for back ends (and emit_json_num for a
 * number written in prose the way json writes it). */
void  emit_json_str(struct sbuf *b, const char *s);     /* NULL: null */
void  emit_json_num(struct sbuf *b, double v);
void  emit_json_int(struct sbuf *b, long long v);
int   emit_json_scalar_ok(const char *s);                /* one JSON scalar? */
void  emit_csv_cell(struct sbuf *b, const char *v);      /* NULL: empty */
/* The same without the formula guard: for CSV that baodao itself reads
 * back (a sheet handed to import), never for a spreadsheet. */
void  emit_csv_text(struct sbuf *b, const char *v);
void  emit_md_cell(struct sbuf *b, const char *v);
/* One row, with its line end: "a,b\n" or "| a | b |\n". */
void  emit_csv_row(struct sbuf *b, const char *const *cells, size_t n);
void  emit_md_row(struct sbuf *b, const char *const *cells, size_t n);

#endif
