/*
 * audit.h - the audit trail as a hash chain: reading it and checking it.
 *
 * Every entry of the audit table is written by db_audit() (db.h), the one
 * writer, and carries the SHA-256 of the entry before it (prev_hash, ""
 * for the first) and its own hash over a canonical encoding of its fields
 * and prev_hash (db_audit_hash()).  The table refuses UPDATE and DELETE (triggers of schema
 * 015); someone holding the file can drop them, which is why the chain
 * exists: audit_verify() finds an entry changed (its hash no longer
 * matches its fields), rewritten with a new hash (the next entry no longer
 * follows it) or deleted (a gap in the ids, or a broken link).  Deleting
 * the newest entries leaves a shorter chain that is whole; the head hash
 * audit_verify() reports is what an auditor notes down to find that.
 */
#ifndef BAODAO_AUDIT_H
#define BAODAO_AUDIT_H

#include "db.h"

#define AUDIT_HASH_HEX DB_HASH_HEX    /* 64 hex digits and the NUL */

/* One entry as stored; NULL for a column that is NULL. */
struct audit_entry {
	long long id;
	const char *at, *actor, *action, *tbl, *file, *file_sha256;
	long long inserted, updated;
	const char *detail;
	const char *prev_hash, *hash;
};

/* The entries at or after SINCE (an ISO date or time; NULL: all), oldest
 * first, each handed to FN; FN returning non-zero stops the walk.  0, or
 * -1 with e set. */
int   audit_each(struct db *db, const char *since,
          int (*fn)(const struct audit_entry *a, void *arg), void *arg, struct error *e);

/* A place where the chain breaks. */
enum audit_problem {
	AUDIT_MODIFIED,     /* the entry's hash does not match its fields */
	AUDIT_RELINKED,     /* the entry was rewritten with a new hash: the
	                       next one no longer follows it */
	AUDIT_MISSING       /* entries position..last are gone (deleted) */
};

struct audit_break {
	enum audit_problem problem;
	long long position;               /* the entry's id (MISSING: the first gone) */
	long long last;                   /* MISSING: the last gone; RELINKED: the
	                                     entry that no longer follows */
};

/* What audit_verify() found. */
struct audit_summary {
	long entries;
	long breaks;
	char head[AUDIT_HASH_HEX];        /* the newest entry's hash; "" when none */
};

/* Walk the whole chain, oldest first, calling FN for every break.
 * 0 (s->breaks says whether it is whole), or -1 with e set. */
int   audit_verify(struct db *db, void (*fn)(const struct audit_break *b, void *arg),
          void *arg, struct audit_summary *s, struct error *e);

#endif
