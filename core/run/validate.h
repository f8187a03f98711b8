/*
 * validate.h - record-level checks: `baodao validate --pack ID [--as-of DATE]`.
 *
 * A pack declares checks on records with check "NAME" { record = "member" |
 * "activity" | "claim", title, clause, field, test = function(rec, p) }:
 * a phone number that is not a mobile number, a unit code not in the form
 * of the region's code table, a service record missing what the record
 * card needs (so it will not count).  validate streams each kind of record
 * once, asks every check of that kind about every record, and lists each
 * finding as "RECORD: FIELD: message [check NAME; CLAUSE]".  The core adds
 * one check of its own to every pack: no record dated after the as-of date
 * (today unless given).  Nothing is written.  Exit 1 when there are
 * findings, 0 when none.
 */
#ifndef BAODAO_VALIDATE_H
#define BAODAO_VALIDATE_H

#include "config.h"
#include "db.h"
#include "facts.h"
#include "util.h"

struct emit;   /* emit.h */

struct validate_opts {
	const char *pack;             /* pack id or folder (resolved for per.year) */
	struct facts_period per;      /* the as-of date and its year */
	int year;                     /* records dated outside it are findings; 0: none */
	struct emit *out;             /* the writer findings are written to (text) */
};

/* Run the pack's record checks and the core's own over the records,
 * writing each finding as a line to o->out; *findings gets their number.  0, or -1 with e
 * set.  Nothing is written. */
int   validate_records(struct db *db, const struct config *cfg, const struct validate_opts *o,
          long *findings, struct error *e);

#endif
