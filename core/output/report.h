/*
 * report.h - what a stored run says, for people and for machines.
 *
 * Everything here reads a finished run from the database (run.h);
 * nothing re-evaluates.  explain shows one member's or org's requirements
 * with status, value, target, clause, message and the facts each rule
 * read (as the run stored them), from the latest finished
 * run of the pack and year that evaluated it; the results report lists
 * every member of the latest finished run.  Output is byte-for-byte the
 * same for the same run (members in the order they were first imported,
 * requirements in declaration order).
 */
#ifndef BAODAO_REPORT_H
#define BAODAO_REPORT_H

#include <stdio.h>

#include "config.h"
#include "db.h"
#include "util.h"

enum report_format { FORMAT_TEXT, FORMAT_CSV, FORMAT_MD, FORMAT_JSON };

struct report_opts {
	const char *pack;         /* pack id */
	int year;
	const char *org;          /* org code: explain --org, or a report's scope */
	enum report_format format;
	int reveal;               /* show phone numbers and addresses */
};

/* Parse "csv", "md", "json", "text"; -1 when unknown. */
int   report_format(const char *name);

/* explain MEMBER (member_code) or explain --org CODE (o->org, member_code NULL). */
int   report_explain(struct db *db, const struct report_opts *o, const char *member_code,
          FILE *out, struct error *e);

/* One table row in CSV or Markdown (cells escaped as the format needs);
 * the Markdown header rule is the caller's. */
void  report_row(struct sbuf *b, const char *const *cells, size_t n, enum report_format f);
void  report_cell(struct sbuf *b, const char *v, enum report_format f);

/* The "results" report: every subject of the run. */
int   report_results(struct db *db, const struct report_opts *o, FILE *out,
          struct error *e);

#endif
