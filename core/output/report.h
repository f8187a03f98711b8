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
 *
 * The integrity report is the one that reads no run: the findings of the
 * core's checks on the records as they stand (integrity.h), per unit.
 */
#ifndef BAODAO_REPORT_H
#define BAODAO_REPORT_H

#include <stdio.h>

#include "config.h"
#include "db.h"
#include "integrity.h"
#include "util.h"

struct report_opts {
	const char *pack;         /* pack id */
	int year;
	const char *org;          /* org code: explain --org, or a report's scope */
	const char *format;       /* an emit format's name: "csv", "json", ... */
	int reveal;               /* show phone numbers and addresses */
	int en;                   /* --lang en: a table's headers and values in
	                             English; else the notices' Chinese, whatever
	                             the locale (json keeps its fixed words) */
};

/* explain MEMBER (member_code) or explain --org CODE (o->org, member_code NULL). */
int   report_explain(struct db *db, const struct report_opts *o, const char *member_code,
          FILE *out, struct error *e);

/* The "results" report: every subject of the run; a tree where the
 * format holds trees (json), else a table. */
int   report_results(struct db *db, const struct report_opts *o, FILE *out,
          struct error *e);

/* The "integrity" report: the findings of io (io->by_org set) unit by
 * unit, with each unit's count, in o->format and o->en's language (the
 * caller sets tr()'s to match); o->org is io->org, an org the caller
 * found.  A tree where the format holds trees (json), else a table. */
int   report_integrity(struct db *db, const struct integrity_opts *io,
          const struct report_opts *o, FILE *out, struct error *e);

#endif
