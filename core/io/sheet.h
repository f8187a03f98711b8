/*
 * sheet.h - files of rows that a reader plugin reads (an .xlsx workbook),
 * found by their extension and handed to import as CSV text.
 *
 * Readers register here (the plugin host calls sheet_add_reader from a
 * plugin's init); import asks sheet_reader_for(path) whether a file is
 * one a reader takes, before it reads the file as CSV, and if so reads it
 * with sheet_read_csv(): the sheet's rows as CSV text, one line per row of
 * the sheet (a blank line for each row the sheet skips), so that the CSV
 * reader's row numbers are the sheet's.
 */
#ifndef BAODAO_SHEET_H
#define BAODAO_SHEET_H

#include "plugin_api.h"

/* Add a reader; -1 when its extension is taken or it lacks read(). */
int   sheet_add_reader(const struct plugin_reader *r);

/* The reader of PATH's extension (case-insensitive), or NULL. */
const struct plugin_reader *sheet_reader_for(const char *path);

/* The reader of extension EXT ("xlsx"), or NULL. */
const struct plugin_reader *sheet_reader_ext(const char *ext);

/* The host's row(): the sink a reader's rows go to (plugin_api.h). */
int   sheet_row(struct plugin_rows *s, long row, const char *const *cells, size_t n);

/* What sheet_read_csv() read. */
struct sheet_text {
	struct sbuf csv;          /* the rows as CSV text */
	char *sheet;              /* the sheet's name */
	unsigned char sha256[32]; /* of the file's bytes */
};

/*
 * Read PATH with reader R into T (which the caller frees with
 * sheet_text_free, also after a failure).  Returns 0, or -1 with e set.
 */
int   sheet_read_csv(const struct plugin_reader *r, const char *path,
          const struct plugin_read_opts *o, struct sheet_text *t, struct error *e);
void  sheet_text_free(struct sheet_text *t);

#endif
