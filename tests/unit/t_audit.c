/*
 * t_audit.c - the audit's hash chain: entries written by db_audit() in and
 * out of a transaction chain up; an entry rewritten with a hash computed
 * anew is found by the entry after it; the encoding keeps fields apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "migrate.h"
#include "test.h"

void test_audit(void);

static struct db db;
static struct error err;
static struct audit_break seen[8];
static int nseen;

static void
fresh(void)
{
	char path[512];
	int applied;

	snprintf(path, sizeof path, "%s/a.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	nseen = 0;
}

static void
collect(const struct audit_break *b, void *arg)
{
	(void)arg;
	if (nseen < 8)
		seen[nseen++] = *b;
}

/* Three entries: one on its own, two inside a caller's transaction. */
static void
write_three(void)
{
	struct db_audit a = { .action = "import", .tbl = "members", .file = "m.csv",
	    .file_sha256 = "00", .inserted = 3 };
	struct db_audit b = { .action = "reveal", .detail = "report results" };

	CHECK(db_audit(&db, &a, &err) == 0);
	CHECK(db_begin(&db, &err) == 0);
	CHECK(db_audit(&db, &b, &err) == 0);
	CHECK(db_audit(&db, &a, &err) == 0);
	CHECK(db_commit(&db, &err) == 0);
}

static void
case_chain_whole(void)
{
	struct audit_summary s;

	fresh();
	write_three();
	CHECK(audit_verify(&db, collect, NULL, &s, &err) == 0);
	CHECK_INT(s.entries, 3);
	CHECK_INT(s.breaks, 0);
	CHECK_INT(strlen(s.head), 64);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM audit a JOIN audit b ON b.id = a.id + 1"
	    " WHERE b.prev_hash = a.hash", 0), 2);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM audit WHERE id = 1 AND prev_hash = ''", 0), 1);
	db_close(&db);
}

/* Someone drops the triggers, changes entry 2 and writes the hash its new
 * fields give: entry 2 is consistent in itself, entry 3 no longer follows. */
static void
case_rewritten_found(void)
{
	struct db_audit b = { .action = "reveal", .detail = "nothing" };
	struct audit_summary s;
	char hash[DB_HASH_HEX], *sql, *prev, *at, *actor;
	sqlite3_stmt *st;

	fresh();
	write_three();
	st = db_prepare(&db, "SELECT prev_hash, at, actor FROM audit WHERE id = 2", &err);
	CHECK(st != NULL && sqlite3_step(st) == SQLITE_ROW);
	prev = db_col_dup(st, 0);
	at = db_col_dup(st, 1);
	actor = db_col_dup(st, 2);
	sqlite3_finalize(st);
	db_audit_hash(2, at, actor, &b, prev, hash);
	sql = xasprintf("DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing',"
	    " hash = '%s' WHERE id = 2", hash);
	CHECK(db_exec(&db, sql, &err) == 0);
	CHECK(audit_verify(&db, collect, NULL, &s, &err) == 0);
	CHECK_INT(s.breaks, 1);
	CHECK_INT(nseen, 1);
	CHECK_INT(seen[0].problem, AUDIT_RELINKED);
	CHECK_INT(seen[0].position, 2);
	CHECK_INT(seen[0].last, 3);
	free(sql);
	free(prev);
	free(at);
	free(actor);
	db_close(&db);
}

/* A value moved from one field to another, or split differently, hashes
 * differently: each field is named and its length given. */
static void
case_encoding_apart(void)
{
	struct db_audit a = { .action = "x", .file = "ab" };
	struct db_audit b = { .action = "x", .detail = "ab" };
	struct db_audit c = { .action = "x", .tbl = "a", .file = "b" };
	struct db_audit d = { .action = "x", .tbl = "ab" };
	char ha[DB_HASH_HEX], hb[DB_HASH_HEX], hc[DB_HASH_HEX], hd[DB_HASH_HEX];
	char ha2[DB_HASH_HEX];

	db_audit_hash(1, "t", "u", &a, "", ha);
	db_audit_hash(1, "t", "u", &b, "", hb);
	db_audit_hash(1, "t", "u", &c, "", hc);
	db_audit_hash(1, "t", "u", &d, "", hd);
	CHECK(strcmp(ha, hb) != 0);
	CHECK(strcmp(hc, hd) != 0);
	db_audit_hash(1, "t", "u", &a, "", ha2);
	CHECK_STR(ha, ha2);
	db_audit_hash(2, "t", "u", &a, "", ha2);
	CHECK(strcmp(ha, ha2) != 0);
}

void
test_audit(void)
{
	test_case("audit: entries chain up, in a transaction or not", case_chain_whole);
	test_case("audit: an entry rewritten with a new hash is found", case_rewritten_found);
	test_case("audit: the encoding keeps fields apart", case_encoding_apart);
}
