/*
 * packtest.h - a pack's own tests: `baodao pack test [ID|DIR]`.
 *
 * Policy staff write test cases as Lua data in the .lua files of the pack's
 * tests/ folder, run in a sandbox where the only thing defined besides the
 * plain libraries is `case`:
 *
 *     case "three services pass" {
 *       year = 2024,
 *       members    = { { id = "M1" } },
 *       activities = { { "member", "date", "kind", "hours" },
 *                      { "M1", "2024-03-01", "service", 2 }, ... },
 *       expect = { M1 = { ["example.services"] = "pass", grade = "一般" } },
 *     }
 *
 * Each case's records are written as CSV files and loaded by the importer
 * into a fresh database of its own, the pack evaluates the year, and the
 * stored outcomes are compared with what the case expects.  A case may set
 * parameters (params = { grade_good = 85 }) and give a member's score
 * (points = { M1 = 85 }) to reach a band's edge.  The format is
 * described in baodao-rules(7), "Tests".
 */
#ifndef BAODAO_PACKTEST_H
#define BAODAO_PACKTEST_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "eval.h"
#include "record.h"
#include "sandbox.h"
#include "util.h"


/* Rows of one kind: cells[row * ncols + col], "" for an empty cell. */
struct packtest_table {
	char **cols;
	size_t ncols;
	char **cells;
	size_t nrows;
};

enum packtest_key { PACKTEST_REQ, PACKTEST_SCORE, PACKTEST_GRADE, PACKTEST_STARS,
	PACKTEST_AWARD };

/* One expected value: subject (member id, or org code), what, and value. */
struct packtest_expect {
	char *subject;
	int org;                      /* subject was written "org:CODE" */
	enum packtest_key key;
	char *req;                    /* PACKTEST_REQ: the requirement id */
	char *want;                   /* as text: pass, 40, 一般, 3, true */
};

struct packtest_case {
	char *name;
	int line;                     /* where `case` is called */
	int year;
	char *as_of;                  /* NULL: the year's end */
	struct packtest_table tables[RECORD_MAXKINDS];   /* by record_kinds[] */
	struct packtest_expect *expects;
	size_t nexpects;
	char **params;                /* `params`: "NAME=VALUE", set for the case */
	size_t nparams;
	struct eval_score *points;    /* `points`: a member's score given */
	size_t npoints;
};

struct packtest_file {
	char *path;
	struct packtest_case *cases;
	size_t ncases;
};

/* Read the test file PATH.  A Lua error, a malformed case or a file
 * without cases is one line "PATH:LINE: message" in e (EXIT_USAGE). */
int   packtest_parse(const char *path, const struct sandbox_limits *lim,
          struct packtest_file *f, struct error *e);
void  packtest_file_free(struct packtest_file *f);

struct packtest_opts {
	int json;                     /* a JSON document instead of lines */
	int coverage;                 /* list what the cases exercise */
};

/* Run every test file of the pack in DIR, writing failures (and the
 * coverage) to out as lines (the JSON document is packtest_packs').  Adds the cases to *passed and *failed.  Returns 0,
 * or -1 with e set for a malformed test file or an environment error. */
int   packtest_pack(const struct config *cfg, const char *dir,
          const struct packtest_opts *o, FILE *out, long *passed, long *failed,
          struct error *e);

/* Test the pack TARGET (an id or a folder), or with TARGET NULL every
 * pack of the pack path, printing to stdout what packtest_pack() writes
 * and then the total line "N passed, N failed" (or one JSON document).
 * Returns 0, EXIT_FOUND when a case failed, or -1 with e set. */
int   packtest_packs(const struct config *cfg, const char *target,
          const struct packtest_opts *o, struct error *e);

#endif
