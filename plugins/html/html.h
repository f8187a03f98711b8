/*
 * html.h - what the html plugin's files share: the host's table, the
 * escaping, and the charts (chart.c) the page (html.c) draws.
 */
#ifndef BAODAO_HTML_H
#define BAODAO_HTML_H

#include <stddef.h>

#include "plugin_api.h"

/* The host's table, kept from init. */
extern const struct plugin_host *html_host;

/* S as HTML text: '&', '<', '>', '"' and '\'' as entities, a line break
 * (LF, CR or CR LF) as BR says, a tab as a space (kept with HTML_KEEP),
 * other control characters dropped. */
enum { HTML_SPACE, HTML_BR, HTML_KEEP };
void html_text(struct sbuf *b, const char *s, int br);

/* Is S a plain decimal number (a cell aligned to the right, a value a
 * chart can draw), and not a code with leading zeros (008.001)?  *v
 * receives it. */
int  html_number(const char *s, double *v);

/* A chart of the table's held rows (cells[row][column]) as one inline SVG
 * in a <figure>: a title and a description for screen readers, a
 * <title> on every mark, no script and nothing fetched.  id makes the
 * element ids of the page unique. */
void html_chart(struct sbuf *b, const struct emit_table *t, char *const *const *cells,
         size_t nrows, int id);

#endif
