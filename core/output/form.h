/*
 * form.h - the report forms a pack declares (the notices' 附件 and 附表):
 * `baodao report NAME --pack ID --year Y [--org CODE] [--format csv|md|json]
 * [-o FILE] [--reveal]`.
 *
 * A form has one row per member, per org, or per record (activity,
 * pairing, 爱心银行 entry, wish), and columns that are fields of the row's
 * record or functions of it.  Forms read the latest finished run of the
 * pack for the year and never evaluate: member and org rows are the run's
 * subjects, their functions handed the stored outcomes, score, grade and
 * the facts the form declares (facts = { ... }); record rows are the
 * records dated in the run's year up to its as-of date.  A form needs the
 * pack the run used (same hash).  The same run and records give the same
 * form, byte for byte.  Columns marked personal (phone
 * numbers, addresses) are masked unless --reveal, and so are the personal
 * fields of m and o themselves (record.h's RECORD_PERSONAL), whatever
 * the pack's functions do with them.  A column's value must be nil, a
 * boolean, a number or a string (pack_call): nothing is converted after
 * the sandbox has let go.
 */
#ifndef BAODAO_FORM_H
#define BAODAO_FORM_H

#include <stdio.h>

#include "config.h"
#include "db.h"
#include "report.h"
#include "util.h"

/* Write form NAME of pack o->pack for year o->year.  1 when the pack has
 * no form of that name (nothing written, e untouched), 0 when written, -1
 * with e set on error. */
int   form_report(struct db *db, const struct config *cfg, const char *name,
          const struct report_opts *o, FILE *out, struct error *e);

/* List the pack's forms, one line each: name, rows, title, clause. */
int   form_list(struct db *db, const struct config *cfg, const char *pack, FILE *out,
          struct error *e);

#endif
