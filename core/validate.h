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
#include "util.h"

int   validate_command(const struct config *cfg, const char *db_path, int argc,
          char **argv, struct error *e);

#endif
