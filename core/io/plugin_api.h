/*
 * plugin_api.h - what a plugin and baodao agree on: the plugin ABI.
 *
 * A plugin is a shared object (plugins/NAME/ builds NAME.so) that exports
 * one symbol, PLUGIN_SYMBOL, a const struct plugin_desc.  The host
 * (plugin.h) dlopens every *.so of the plugin path and refuses, with one
 * line naming the file and the reason, a plugin whose
 *   - file is not exactly NAME.so (a regular file, not a .so.1 or .so~),
 *   - PLUGIN_SYMBOL is missing,
 *   - desc->size differs from sizeof(struct plugin_desc) as the host
 *     was built (the Snort 3 rule: a struct that grew or shrank is a
 *     plugin built against other headers),
 *   - desc->api differs from PLUGIN_API,
 *   - desc->build differs from PLUGIN_BUILD (the options that change what
 *     crosses the boundary: sanitizers, pointer size),
 *   - name is not NAME, or is already loaded, or init fails, or init
 *     registers a reader or a format its reads/writes do not declare.
 * A refused plugin is closed again; the rest keep working.
 *
 * A plugin never touches storage.  It gets the host's table (struct
 * plugin_host) in init, and through it may only
 *   - register readers: a file type import reads by extension; the reader
 *     turns the file into rows handed to the host's sink, and import does
 *     everything else (headers, checks, all-or-nothing, writing).  A text
 *     file named .csv is the core's own and never offered to a reader;
 *   - register output formats: an emit back end (emit.h), which sees only
 *     calls the writer has checked and writes bytes into emit_out(w).
 * Plugins call the host only through the table, so the program need not
 * export its symbols, and a plugin links nothing of baodao.
 */
#ifndef BAODAO_PLUGIN_API_H
#define BAODAO_PLUGIN_API_H

#include <stddef.h>

#include "emit.h"
#include "util.h"

/* Bumped on any change to the structs below or to their meaning. */
#define PLUGIN_API	1

#define PLUGIN_SYMBOL	"baodao_plugin"

/* The build options that must match; the Makefile sets BAODAO_BUILD for
 * the program and the plugins alike ("plain", "asan+ubsan", "fuzz"). */
#ifndef BAODAO_BUILD
#define BAODAO_BUILD	"plain"
#endif
#define PLUGIN_BUILD_STR2(x)	#x
#define PLUGIN_BUILD_STR(x)	PLUGIN_BUILD_STR2(x)
#define PLUGIN_BUILD	BAODAO_BUILD "/ptr" PLUGIN_BUILD_STR(__SIZEOF_POINTER__)

/* Where rows go: the host's, opaque to the plugin. */
struct plugin_rows;

/* What import asks of a reader. */
struct plugin_read_opts {
	const char *sheet;	/* the sheet to read; NULL: the first */
	size_t max_bytes;	/* the largest file, and the most bytes any part
				   of it may inflate to */
	long max_rows;		/* the most rows a sheet may have */
	long max_cells;		/* the most cells a sheet may have */
};

/*
 * A reader of one file type.  read() opens PATH, and for each row of the
 * sheet, in order, calls host->row(sink, ROW, cells, n): ROW is the row's
 * number as the spreadsheet shows it (1 for the first; rows it skips are
 * blank), cells its n cells from column A on as UTF-8 text (a missing cell
 * is ""), valid during the call.  The text of a cell is what a clerk sees
 * typed in it: a number as its exact digits (no exponent, no ".0"), a
 * date as YYYY-MM-DD, a time as HH:MM, a boolean as TRUE or FALSE.  A cell
 * that cannot be read as text (a formula, an error value) is an error
 * naming it as SHEET!CELL.  read() sets *sheet_out to the name of the
 * sheet read (a static or plugin-owned string valid until the next call)
 * so that errors name it.  Returns 0, or -1 with e set (EXIT_USAGE for
 * a bad file, EXIT_ENV for a failure of the machine); also -1 as soon as
 * host->row returns -1 (the host has e set then).
 */
struct plugin_reader {
	const char *ext;	/* "xlsx": files whose name ends in .xlsx */
	int (*read)(const char *path, const struct plugin_read_opts *o,
	        struct plugin_rows *sink, const char **sheet_out, struct error *e);
};

/*
 * The host's table.  A plugin keeps the pointer init receives; it stays
 * valid until the program ends.
 */
struct plugin_host {
	unsigned api;		/* PLUGIN_API */
	size_t size;		/* sizeof(struct plugin_host) */

	/* Registration (from init only): 0, or -1 when the name is taken or
	 * the declaration is incomplete. */
	int (*add_reader)(const struct plugin_reader *r);
	int (*add_format)(const char *name, const struct emit_backend *be);

	/* A reader's rows: 0, or -1 to stop reading (error set). */
	int (*row)(struct plugin_rows *sink, long row, const char *const *cells, size_t n);

	/* For back ends: emit.h's functions of the same names. */
	struct sbuf *(*emit_out)(struct emit *w);
	void *(*emit_state)(struct emit *w);
	void (*emit_fail)(struct emit *w, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
	void (*csv_cell)(struct sbuf *b, const char *v);

	/* util.h's functions of the same names. */
	int (*error_set)(struct error *e, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
	void (*sbuf_add)(struct sbuf *b, const char *s, size_t n);
	void (*sbuf_adds)(struct sbuf *b, const char *s);
	void (*sbuf_addf)(struct sbuf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
	const char *(*tr)(const char *en, const char *zh)
	    __attribute__((format_arg(1), format_arg(2)));

	/* date.h's date_iso: day DAYS since 1970-01-01 as YYYY-MM-DD. */
	void (*date_iso)(long days, char out[11]);
};

/* What a plugin exports as PLUGIN_SYMBOL. */
struct plugin_desc {
	size_t size;		/* sizeof(struct plugin_desc) */
	unsigned api;		/* PLUGIN_API */
	const char *build;	/* PLUGIN_BUILD */
	const char *name;	/* as its file: NAME.so */
	const char *version;
	const char *summary;	/* one line, for `baodao plugins` */
	const char *reads;	/* extensions read, ","-separated, or NULL */
	const char *writes;	/* formats written, ","-separated, or NULL */
	/* Register the readers and formats; 0, or -1 with e set. */
	int (*init)(const struct plugin_host *host, struct error *e);
};

#endif
