/*
 * xlsx.h - the parts of the xlsx plugin, each registered by its init
 * through the host's table (plugin_api.h).
 */
#ifndef BAODAO_XLSX_H
#define BAODAO_XLSX_H

#include "plugin_api.h"

/* The "xlsx" output format (xlsx_write.c): 0, or -1 with e set. */
int xlsx_write_init(const struct plugin_host *host, struct error *e);

#endif
