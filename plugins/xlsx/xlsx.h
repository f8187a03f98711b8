/*
 * xlsx.h - the xlsx plugin's parts: the reader of .xlsx workbooks
 * (xlsx_read.c) and the "xlsx" output format (xlsx_write.c), each
 * registered from the plugin's init (xlsx.c).
 */
#ifndef BAODAO_XLSX_H
#define BAODAO_XLSX_H

#include "plugin_api.h"

/* Register the reader of .xlsx files with HOST, which the reader keeps
 * for its calls.  Returns 0, or -1 with e set. */
int   xlsx_read_init(const struct plugin_host *host, struct error *e);

/* The reader itself (what xlsx_read_init registers), for a test or a
 * fuzz target that builds its own host: xlsx_read_host(HOST) first. */
void  xlsx_read_host(const struct plugin_host *host);
int   xlsx_read(const char *path, const struct plugin_read_opts *o,
          struct plugin_rows *sink, const char **sheet_out, struct error *e);

/* Register the "xlsx" output format (an emit back end) with HOST, which
 * the writer keeps for its calls: 0, or -1 with e set. */
int   xlsx_write_init(const struct plugin_host *host, struct error *e);

#endif
