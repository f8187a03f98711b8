/*
 * lint_scan.h - what lint's scope tracker (lint_scan.c) finds in one Lua
 * chunk: its free names, the parameters it reads and its band tables.
 * lint.c reads these; nothing here knows about packs.
 */
#ifndef BAODAO_LINT_SCAN_H
#define BAODAO_LINT_SCAN_H

#include <stddef.h>

/* A free name in a chunk: a global read or written. */
struct lint_global {
	char *name;
	char *field;          /* NAME.FIELD: the field read, else NULL */
	int line;
	int write;            /* assigned (or defined by `function NAME`) */
	int toplevel;         /* outside every function body */
};

/* A parameter the chunk reads: p.NAME, p["NAME"] or a band bound. */
struct lint_param_ref {
	char *name;
	int line;
};

struct lint_band {
	char *name;
	char *param;          /* the bound names a parameter, else NULL */
	double from;          /* the bound when it is a number */
	int line;
};

/* grade { bands = ... } or stars { bands = ... } with a literal table. */
struct lint_bands {
	int stars;            /* 1 for stars, 0 for grade */
	int line;             /* of the grade or stars call */
	struct lint_band *bands;
	size_t n;
};

/* What lint_scan() found in one chunk. */
struct lint_scan {
	struct lint_global *globals;
	size_t nglobals;
	struct lint_param_ref *params;
	size_t nparams;
	struct lint_bands *bands;
	size_t nbands;
};

/* Scan TEXT (a chunk that compiles) for its free names, parameter reads
 * and band declarations.  s is filled in and owned by the caller. */
void  lint_scan(const char *text, size_t len, struct lint_scan *s);
void  lint_scan_free(struct lint_scan *s);

#endif
