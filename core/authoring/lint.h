/*
 * lint.h - `baodao pack lint DIR|ID`: the checks policy staff run on a
 * pack they are editing.  Every finding names a file and a line.
 *
 * The checks:
 *
 *  - Lua syntax of every file pack.conf lists (compiled as text, as the
 *    sandbox compiles it).
 *  - Free names: every global a file reads or writes must exist in the
 *    sandbox (its whitelisted base functions and libraries, date, re),
 *    be the pack API (fact requirement score grade stars award period) or
 *    be a global the pack itself defines at the top level of one of its
 *    files (or of a pack it extends).  Blocked names (io, os, ...) and
 *    missing or blocked library fields (string.dump, string.fromat) are
 *    reported as such.  The sandbox itself is asked what exists, so lint
 *    and the sandbox cannot disagree.
 *  - Parameters read as p.NAME or p["NAME"], and band bounds naming a
 *    parameter, must be declared in pack.conf; a parameter the pack
 *    declares must be read somewhere.
 *  - Grade and star bands written as literal tables must rise, start at
 *    or below 0, and stars must be named 0..5 or 1..5 in order.
 *  - The pack must load (pack_load(): a requirement without a title or a
 *    clause, bands that do not rise and every other declaration error are
 *    load errors, reported at their line), and each of its requirements
 *    must appear in some file of its tests/ folder; that check is a plain
 *    text search for the id in the .lua files of tests/, not a run of the
 *    tests.
 *  - Every report pack.conf lists must be a known report ("results");
 *    report definitions, and with them their column checks, come later.
 *
 * Free names are found by a lexer (lint_lex.c) and a scope tracker
 * (lint_scan.c), not Lua's own parser (whose tree is not reachable
 * through the C API).  It follows local, local function, parameters, for
 * variables, the blocks of do, then, else, repeat-until and functions,
 * `local x = x` (the right side sees the outer x), fields, methods, table
 * keys and goto labels.  Its limits: the parameter table is recognised by
 * its conventional name `p` only; methods called on values (s:fromat())
 * are not checked; computed band tables (bands = make_bands()) are
 * skipped; `_ENV` tricks are not followed.
 */
#ifndef BAODAO_LINT_H
#define BAODAO_LINT_H

#include <stddef.h>

#include "config.h"
#include "lint_scan.h"
#include "util.h"

struct lint_finding {
	char *file;           /* as the pack names it: rules.lua, pack.conf */
	int line;
	char *msg;
};

struct lint_result {
	struct lint_finding *findings;   /* sorted by file, then line */
	size_t n;
};

/* Lint the pack in DIR.  Returns 0 with the findings in r (possibly none;
 * r owned by the caller), or -1 with e set when the pack cannot be read
 * at all (no pack.conf, a pack.conf libconfuse refuses, a missing file). */
int   lint_pack(const struct config *cfg, const char *dir, struct lint_result *r,
          struct error *e);
void  lint_result_free(struct lint_result *r);

#endif
