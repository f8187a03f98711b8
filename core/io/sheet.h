/*
 * sheet.h - files of rows that a reader plugin reads (an .xlsx workbook),
 * found by their extension and handed to import as CSV text.
 *
 * Readers register here (the plugin host calls sheet_add_reader from a
 * plugin's init); import asks sheet_reader_for(path) whether a file is
 * one a reader takes, and sheet_read() turns it into RFC 4180 text that
 * the CSV reader reads like any file: one line per sheet row, a blank
 * line for each row the sheet skips, so that the CSV's row numbers are
 * the sheet's.
 */
#ifndef BAODAO_SHEET_H
#define BAODAO_SHEET_H

#include "plugin_api.h"

/* Add a reader; -1 when its extension is taken or it lacks read(). */
int   sheet_add_reader(const struct plugin_reader *r);

/* The reader of PATH's extension (case-insensitive), or NULL; a look
 * that finds none runs emit's loader first (emit_set_loader), so only a
 * command that reads a file a plugin may take loads the plugins. */
const struct plugin_reader *sheet_reader_for(const char *path);

/* The reader of extension EXT ("xlsx"), or NULL. */
const struct plugin_reader *sheet_reader_ext(const char *ext);

/* Read PATH with reader R into CSV (appended); *sheet is the name of the
 * sheet read.  0, or -1 with e set (nothing useful in csv then). */
int   sheet_read(const struct plugin_reader *r, const char *path,
          const struct plugin_read_opts *o, struct sbuf *csv, const char **sheet,
          struct error *e);

/* The SHA-256 of the file at PATH (a workbook: the audit names the file
 * imported, not the text made of it).  0, or -1 with e set. */
int   sheet_sha256(const char *path, unsigned char out[32], struct error *e);

/* The host's row() for readers (struct plugin_host). */
int   sheet_row(struct plugin_rows *sink, long row, const char *const *cells, size_t n);

#endif
