/*
 * correct.h - corrections with history: a record voided or amended, with
 * who (the OS user), when and why kept; the chain of a record's
 * corrections; a member's request that a record of theirs be corrected,
 * tracked to its outcome; and the corrections a finished run did not see.
 *
 *   baodao record void KIND ID --reason TEXT
 *   baodao record amend KIND ID FIELD=VALUE ... --reason TEXT
 *   baodao record history KIND ID
 *   baodao record request KIND ID --by MEMBER --reason TEXT
 *   baodao record requests [--open]
 *   baodao record resolve REQ accepted|rejected --reason TEXT [--void | FIELD=VALUE ...]
 *
 * KIND is one of the dated records of a member or an org (registrations,
 * claims, activities, suggestions, pairings, org_events, breaches,
 * member_events).  ID is "#N", the record's number as history and
 * requests print it, or its natural key: the kind's key columns in order,
 * joined by "/", each as a clerk types it in the sheet
 * (M001/2024-04-06/service/C001/清理楼道); trailing parts may be left
 * out while only one record matches.  FIELD is a column of the kind (its
 * canonical name or a Chinese header) and VALUE is read exactly as import
 * reads that cell.  Bad input changes nothing.  Each correction, request
 * and resolution is one transaction with its audit row.
 *
 * A void keeps the row (its natural key too, so a re-import of the sheet
 * does not bring it back) and the facts no longer read it; an amend
 * changes the row in place.  The old values stay in the history.  A
 * stored run is never changed: explain of a run flags the records
 * corrected since it was made (correct_since).
 */
#ifndef BAODAO_CORRECT_H
#define BAODAO_CORRECT_H

#include <stdio.h>

#include "db.h"
#include "record.h"
#include "util.h"

struct correct_opts {
	const char *kind;             /* record kind */
	const char *id;               /* the record: "#N" or its natural key */
	const char *reason;           /* why (never empty) */
	char *const *sets;            /* amend, resolve: FIELD=VALUE */
	int nsets;
	int void_it;                  /* resolve accepted: by voiding the record */
	const char *member;           /* request: the member who asks (code) */
	long long req;                /* resolve: the request's number */
	int accept;                   /* resolve: 1 accepted, 0 rejected */
	int open_only;                /* requests: the open ones only */
	const char *format;           /* history, requests: text, csv, md, json */
	const struct record_vocab *vocab;   /* the packs' words, for amend */
};

/* The commands above; each writes what it did to OUT.  0, or -1 with e
 * set (EXIT_USAGE for bad input, which changes nothing). */
int   correct_void(struct db *db, const struct correct_opts *o, FILE *out, struct error *e);
int   correct_amend(struct db *db, const struct correct_opts *o, FILE *out, struct error *e);
int   correct_history(struct db *db, const struct correct_opts *o, FILE *out,
          struct error *e);
int   correct_request(struct db *db, const struct correct_opts *o, FILE *out,
          struct error *e);
int   correct_requests(struct db *db, const struct correct_opts *o, FILE *out,
          struct error *e);
int   correct_resolve(struct db *db, const struct correct_opts *o, FILE *out,
          struct error *e);

/* A correction a run did not see. */
struct correct_change {
	char *kind, *label, *action, *at, *actor, *reason;
	long long record;
};

struct correct_changes {
	struct correct_change *c;
	size_t n;
};

/* The corrections made at or after SINCE (a run's start, UTC) to the
 * records of the member (ORG 0) or org SUBJECT dated up to AS_OF, before
 * or after the correction: the records a run as of AS_OF may have read. */
int   correct_since(struct db *db, int org, long long subject, const char *as_of,
          const char *since, struct correct_changes *out, struct error *e);
void  correct_changes_free(struct correct_changes *cs);

/* On this connection, every table of records that can be corrected read
 * as it stood at WHEN (UTC, YYYY-MM-DDTHH:MM:SSZ): corrections made after
 * it undone, rows imported after it left out.  For a read connection of
 * its own (evaluate --as-recorded); 0, or -1 with e set. */
int   correct_as_recorded(struct db *db, const char *when, struct error *e);
/* TEXT, a date (its last second) or YYYY-MM-DDTHH:MM:SSZ, into WHEN as
 * the tables keep times; -1 when it is neither. */
int   correct_when(const char *text, char when[24]);

#endif
