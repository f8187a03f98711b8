/*
 * sheet.h - files of rows that a reader plugin reads (an .xlsx workbook),
 * found by their extension and handed to import as CSV text.
 *
 * Readers register here (the plugin host calls sheet_add_reader from a
 * plugin's init); import asks sheet_reader_for(path) whether a file is
 * one a reader takes, before it reads the file as CSV.
 */
#ifndef BAODAO_SHEET_H
#define BAODAO_SHEET_H

#include "plugin_api.h"

/* Add a reader; -1 when its extension is taken or it lacks read(). */
int   sheet_add_reader(const struct plugin_reader *r);

/* The reader of PATH's extension (case-insensitive), or NULL. */
const struct plugin_reader *sheet_reader_for(const char *path);

#endif
