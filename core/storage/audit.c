/*
 * audit.c - reading the audit trail, and checking its hash chain entry by
 * entry against db_audit_hash() (the one encoding, db.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

static const char *
audit_col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Row of "SELECT id, at, ..., hash" into *a (pointers into the row). */
static void
audit_row(sqlite3_stmt *st, struct audit_entry *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->at = audit_col(st, 1);
	a->actor = audit_col(st, 2);
	a->action = audit_col(st, 3);
	a->tbl = audit_col(st, 4);
	a->file = audit_col(st, 5);
	a->file_sha256 = audit_col(st, 6);
	a->inserted = sqlite3_column_int64(st, 7);
	a->updated = sqlite3_column_int64(st, 8);
	a->detail = audit_col(st, 9);
	a->prev_hash = audit_col(st, 10);
	a->hash = audit_col(st, 11);
}

int
audit_each(struct db *db, const char *since,
    int (*fn)(const struct audit_entry *a, void *arg), void *arg, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, at, actor, action, tbl, file, file_sha256,"
	    " inserted, updated, detail, prev_hash, hash FROM audit"
	    " WHERE ?1 IS NULL OR at >= ?1 ORDER BY id", e);
	struct audit_entry a;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		audit_row(st, &a);
		if (fn(&a, arg) != 0)
			break;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, e, "reading the audit");
	sqlite3_finalize(st);
	return rc;
}

/* The hash entry A should have, from its fields and its prev_hash. */
static void
audit_rehash(const struct audit_entry *a, char out[AUDIT_HASH_HEX])
{
	struct db_audit d = { a->action, a->tbl, a->file, a->file_sha256, a->inserted,
	    a->updated, a->detail };

	db_audit_hash(a->id, a->at, a->actor, &d, a->prev_hash, out);
}

/* The state of a walk over the chain. */
struct audit_walk {
	void (*fn)(const struct audit_break *b, void *arg);
	void *arg;
	struct audit_summary *s;
	long long last_id;
	char prev[AUDIT_HASH_HEX];        /* the stored hash of the entry before */
};

static void
audit_report(struct audit_walk *w, enum audit_problem p, long long pos, long long last)
{
	struct audit_break b = { p, pos, last };

	w->s->breaks++;
	w->fn(&b, w->arg);
}

/* One entry: ids must follow on (no entry is ever deleted), it must name
 * the hash of the entry before, and its own hash must match its fields.
 * A gap is reported once, not again as a broken link. */
static int
audit_check_one(const struct audit_entry *a, void *arg)
{
	struct audit_walk *w = arg;
	char h[AUDIT_HASH_HEX];

	w->s->entries++;
	if (a->id != w->last_id + 1)
		audit_report(w, AUDIT_MISSING, w->last_id + 1, a->id - 1);
	else if (strcmp(a->prev_hash ? a->prev_hash : "-", w->prev) != 0)
		audit_report(w, AUDIT_RELINKED, a->id > 1 ? a->id - 1 : a->id, a->id);
	audit_rehash(a, h);
	if (a->hash == NULL || strcmp(h, a->hash) != 0)
		audit_report(w, AUDIT_MODIFIED, a->id, 0);
	snprintf(w->prev, sizeof w->prev, "%s", a->hash ? a->hash : "-");
	w->last_id = a->id;
	return 0;
}

int
audit_verify(struct db *db, void (*fn)(const struct audit_break *b, void *arg), void *arg,
    struct audit_summary *s, struct error *e)
{
	struct audit_walk w = { fn, arg, s, 0, "" };

	memset(s, 0, sizeof *s);
	if (audit_each(db, NULL, audit_check_one, &w, e) != 0)
		return -1;
	if (s->entries > 0)
		snprintf(s->head, sizeof s->head, "%s", w.prev);
	return 0;
}
