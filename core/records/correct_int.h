/*
 * correct_int.h - what the files of the correct module share, and nothing
 * outside them sees (correct.h is the module's whole interface).
 *
 *   correct.c      the record an ID names; void and amend; history
 *   correct_req.c  members' requests and their outcome; what a run missed
 *   correct_view.c the records as they stood at a time
 */
#ifndef BAODAO_CORRECT_INT_H
#define BAODAO_CORRECT_INT_H

#include <stdio.h>

#include "db.h"
#include "import.h"
#include "record.h"
#include "util.h"

/* correct.h's struct, by pointer only: this header does not include
 * correct.h, so that the module does not include itself back. */
struct correct_opts;

/* One record of a kind as it stands, named as the user named it. */
struct correct_rec {
	const struct record_kind *k;
	int ncols;
	long long id;
	int level_org;                /* an org's record (org_events) */
	int sc, dc;                   /* its subject and date columns */
	struct import_value v[RECORD_MAXCOLS];   /* as stored */
	char *voided;                 /* when it was voided, else NULL */
	char *label;                  /* its natural key, as a clerk types it */
	char *before;                 /* the whole row, as JSON */
	char *what;                   /* "KIND ID", for messages */
};

/* The record o->kind and o->id name (voided ones too).  0, or -1 with e
 * set. */
int   correct_find(struct db *db, const struct correct_opts *o, struct correct_rec *r,
          struct error *e);
void  correct_rec_free(struct correct_rec *r);

/* Inside the caller's transaction: void R, or amend it by SETS, with its
 * correction row (whose id goes to *cid) and audit row.  DID gets a line
 * saying what was done (caller frees). */
int   correct_apply_void(struct db *db, struct correct_rec *r, const char *reason,
          long long *cid, char **did, struct error *e);
int   correct_apply_amend(struct db *db, struct correct_rec *r, const struct correct_opts *o,
          const char *reason, long long *cid, char **did, struct error *e);

/* One audit row of ACTION on KIND, saying DETAIL. */
int   correct_audit(struct db *db, const char *action, const char *kind, const char *detail,
          struct error *e);
/* The time now, UTC, as the tables keep it. */
void  correct_now(struct db *db, char at[24]);
/* The line TEXT written through the text writer to OUT. */
int   correct_say(FILE *out, const char *text, struct error *e);

#endif
