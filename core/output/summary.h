/*
 * summary.h - the year summary: `baodao report summary --pack ID --year Y
 * [--org CODE] [--format F] [-o FILE]`.
 *
 * It reads the latest finished run of the pack for the year, and the
 * records of that year up to the run's as-of date, and never evaluates.
 * Per unit (a member's unit, or the unit above the branch the member
 * belongs to): the grade or star distribution of the run (whichever the
 * run stored), the reporting rate (bound members, i.e. those of the run in
 * service and not exempt, with a registration dated on or before the
 * as-of date) and the post-claim rate (bound members with a claim dated
 * in the year), drawn against the pack's target where the pack states one
 * (its parameter unit_target_rate, a share from 0 to 1, in force on the
 * as-of date), and the service hours of the unit's members; across the
 * region, the service records and hours of each month.  When a finished
 * run of the year before exists, the change from it per unit (rates in
 * percentage points, hours) and its hours per month.
 *
 * The parts are tables (an overview, the distribution, the rates, the
 * months, the change): several tables where the format holds them
 * (emit_tables: md, csv, html), the members of one object in json.  The
 * tables carry chart hints, so html draws them as inline SVG.  Headers
 * are Chinese unless o->en.  The same run and records give the same
 * bytes.
 */
#ifndef BAODAO_SUMMARY_H
#define BAODAO_SUMMARY_H

#include <stdio.h>

#include "config.h"
#include "db.h"
#include "report.h"
#include "util.h"

/* The summary for o->pack and o->year, scoped to o->org when set. */
int   summary_report(struct db *db, const struct config *cfg, const struct report_opts *o,
          FILE *out, struct error *e);

#endif
