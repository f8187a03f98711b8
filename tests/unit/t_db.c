/*
 * t_db.c - opening, migrating, and the constraints that keep bad data out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "migrate.h"
#include "test.h"

void test_db(void);

static struct db db;
static struct error err;

/* How many migrations there are (their numbers need not be contiguous:
 * branches number theirs apart). */
static int
nsteps(void)
{
	int n = 0;

	while (migrate_steps[n].version != 0)
		n++;
	return n;
}

static void
fresh(void)
{
	char path[512];
	int applied;

	snprintf(path, sizeof path, "%s/t.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK_INT(applied, nsteps());
}

/* Run SQL that must be refused; return the error text. */
static const char *
refused(const char *sql)
{
	error_clear(&err);
	if (db_exec(&db, sql, &err) == 0)
		return "";
	return err.msg;
}

static void
case_mode_and_version(void)
{
	struct stat st;
	int applied;

	fresh();
	CHECK(stat(db.path, &st) == 0);
	CHECK_INT(st.st_mode & 0777, 0600);
	CHECK_INT(migrate_current(&db), migrate_latest());
	CHECK(migrate_check(&db, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK_INT(applied, 0);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM schema_migration", -1), nsteps());
	db_close(&db);
}

static void
case_newer_refused(void)
{
	int applied;

	fresh();
	CHECK(db_exec(&db, "PRAGMA user_version = 999", &err) == 0);
	CHECK(migrate_check(&db, &err) != 0);
	CHECK(strstr(err.msg, "newer than this baodao") != NULL);
	error_clear(&err);
	CHECK(migrate_apply(&db, &applied, &err) != 0);
	CHECK_INT(err.code, EXIT_ENV);
	db_close(&db);
}

static void
case_missing_refused(void)
{
	char path[512];

	snprintf(path, sizeof path, "%s/none.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, 0, &err) != 0);
	CHECK(strstr(err.msg, "run 'baodao init' first") != NULL);
	CHECK_INT(err.code, EXIT_USAGE);
}

static const char orgs[] =
	"INSERT INTO org (id, code, name, kind) VALUES (1, 'C1', '社区', 'community');"
	"INSERT INTO org (id, code, name, kind) VALUES (2, 'U1', '单位', 'unit');"
	"INSERT INTO member (id, code, name, unit_id, community_id) VALUES (1, 'M1', '张三', 2, 1);";

static void
case_constraints(void)
{
	fresh();
	CHECK(db_exec(&db, orgs, &err) == 0);
	CHECK(strstr(refused("INSERT INTO org (code, name, kind) VALUES ('X', 'x', 'planet')"),
	    "CHECK constraint failed") != NULL);
	CHECK(strstr(refused("INSERT INTO member (code, name, unit_id) VALUES ('M2', 'x', 1)"),
	    "member unit must be an org of kind unit or branch") != NULL);
	CHECK(strstr(refused("INSERT INTO member (code, name, unit_id, community_id)"
	    " VALUES ('M2', 'x', 2, 2)"), "member community must be") != NULL);
	CHECK(strstr(refused("INSERT INTO member (code, name, unit_id) VALUES ('M2', 'x', 9)"),
	    "") != NULL);
	CHECK(strstr(refused("INSERT INTO activity (member_id, date, kind, minutes)"
	    " VALUES (1, '2024-5-1', 'service', 60)"), "CHECK constraint failed") != NULL);
	CHECK(strstr(refused("INSERT INTO activity (member_id, date, kind, minutes)"
	    " VALUES (1, '2024-05-01', 'service', 1441)"), "CHECK constraint failed") != NULL);
	CHECK(db_exec(&db, "INSERT INTO activity (member_id, date, kind, minutes)"
	    " VALUES (1, '2024-05-01', 'service', 60)", &err) == 0);
	CHECK(strstr(refused("INSERT INTO activity (member_id, date, kind, minutes)"
	    " VALUES (1, '2024-05-01', 'service', 90)"), "duplicate activity") != NULL);
	/* 011's comparisons refuse and accept what the word lists did. */
	CHECK(strstr(refused("INSERT INTO activity (member_id, date, kind, minutes, rating)"
	    " VALUES (1, '2024-05-04', 'service', 60, '好')"), "CHECK constraint failed") != NULL);
	CHECK(db_exec(&db, "INSERT INTO activity (member_id, date, kind, minutes, rating)"
	    " VALUES (1, '2024-05-04', 'service', 60, '一般')", &err) == 0);
	CHECK(strstr(refused("UPDATE member SET unit_kind = '公司' WHERE id = 1"),
	    "CHECK constraint failed") != NULL);
	CHECK(db_exec(&db, "UPDATE member SET unit_kind = '社会组织' WHERE id = 1;"
	    " UPDATE member SET unit_kind = NULL WHERE id = 1", &err) == 0);
	CHECK(strstr(refused("INSERT INTO registration (member_id, community_id, date, kind)"
	    " VALUES (1, 1, '2024-05-02', 'home')"), "CHECK constraint failed") != NULL);
	CHECK(strstr(refused("INSERT INTO registration (member_id, community_id, date, receipt)"
	    " VALUES (1, 1, '2024-05-02', '2024-05-01')"), "CHECK constraint failed") != NULL);
	CHECK(strstr(refused("INSERT INTO activity (member_id, date, kind, minutes)"
	    " VALUES (7, '2024-05-03', 'service', 60)"), "FOREIGN KEY") != NULL);
	db_close(&db);
}

/*
 * A database made before migration 006 keeps its event rows, and takes
 * kinds the core never listed once 006 has run (import checks the words
 * against the packs'); a kind that is not a lower-case word stays out.
 */
static void
case_event_kinds_free(void)
{
	char path[512], *sql;
	int applied, i;

	snprintf(path, sizeof path, "%s/old.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	for (i = 0; migrate_steps[i].version != 0 && migrate_steps[i].version < 6; i++)
		CHECK(db_exec(&db, migrate_steps[i].sql, &err) == 0);
	sql = xasprintf("PRAGMA user_version = %d", migrate_steps[i - 1].version);
	CHECK(db_exec(&db, sql, &err) == 0);
	free(sql);
	CHECK(db_exec(&db, orgs, &err) == 0);
	CHECK(db_exec(&db, "INSERT INTO org_event (org_id, date, kind) VALUES (2, '2024-05-01',"
	    " 'good_deed'); INSERT INTO member_event (member_id, date, kind, note) VALUES (1,"
	    " '2024-06-01', 'retire_notice', 'x')", &err) == 0);
	CHECK(strstr(refused("INSERT INTO org_event (org_id, date, kind) VALUES (2, '2024-05-02',"
	    " 'tree_planting')"), "CHECK constraint failed") != NULL);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK(applied >= 1);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM org_event WHERE kind = 'good_deed'", -1), 1);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM member_event WHERE note = 'x'", -1), 1);
	CHECK(db_exec(&db, "INSERT INTO org_event (org_id, date, kind) VALUES (2, '2024-05-02',"
	    " 'tree_planting'); INSERT INTO member_event (member_id, date, kind) VALUES (1,"
	    " '2024-06-02', 'flag_raising')", &err) == 0);
	CHECK(strstr(refused("INSERT INTO org_event (org_id, date, kind) VALUES (2, '2024-05-03',"
	    " 'Tree Planting')"), "CHECK constraint failed") != NULL);
	CHECK(strstr(refused("INSERT INTO org_event (org_id, date, kind) VALUES (2, '2024-05-01',"
	    " 'good_deed')"), "UNIQUE") != NULL);
	CHECK(strstr(refused("INSERT INTO member_event (member_id, date, kind) VALUES (9,"
	    " '2024-06-02', 'x')"), "FOREIGN KEY") != NULL);
	db_close(&db);
}

static void
case_wish_order(void)
{
	fresh();
	CHECK(db_exec(&db, orgs, &err) == 0);
	CHECK(db_exec(&db, "INSERT INTO org (id, code, name, kind) VALUES (3, 'B1', '支部', 'branch');"
	    "INSERT INTO wish (id, code, community_id) VALUES (1, 'W1', 1);"
	    "INSERT INTO wish_state (wish_id, step, state, date) VALUES (1, 1, 'ordered', '2024-03-01');",
	    &err) == 0);
	/* taken without dispatched */
	CHECK(strstr(refused("INSERT INTO wish_state (wish_id, step, state, date, member_id)"
	    " VALUES (1, 3, 'taken', '2024-03-03', 1)"), "out of 三单制 order") != NULL);
	/* dispatched before it was ordered */
	CHECK(strstr(refused("INSERT INTO wish_state (wish_id, step, state, date, branch_id)"
	    " VALUES (1, 2, 'dispatched', '2024-02-28', 3)"), "out of 三单制 order") != NULL);
	CHECK(db_exec(&db, "INSERT INTO wish_state (wish_id, step, state, date, branch_id)"
	    " VALUES (1, 2, 'dispatched', '2024-03-01', 3)", &err) == 0);
	/* a state name that does not match its step */
	CHECK(strstr(refused("INSERT INTO wish_state (wish_id, step, state, date, member_id)"
	    " VALUES (1, 3, 'done', '2024-03-03', 1)"), "CHECK constraint failed") != NULL);
	db_close(&db);
}

static void
case_ledger_balance(void)
{
	fresh();
	CHECK(db_exec(&db, orgs, &err) == 0);
	CHECK(db_exec(&db, "INSERT INTO ledger (member_id, date, points, reason)"
	    " VALUES (1, '2024-01-01', 10, '活动享积分')", &err) == 0);
	CHECK(db_exec(&db, "INSERT INTO ledger (member_id, date, points, reason)"
	    " VALUES (1, '2024-02-01', -10, '积分享服务')", &err) == 0);
	CHECK(strstr(refused("INSERT INTO ledger (member_id, date, points, reason)"
	    " VALUES (1, '2024-03-01', -1, '积分享服务')"), "balance would go negative") != NULL);
	db_close(&db);
}

/* The plan of `ledger credit`'s look-up: whether an entry already names
 * the activity.  Without the index of 007 it scans the whole ledger for
 * every activity. */
static void
case_ledger_activity_indexed(void)
{
	sqlite3_stmt *st;
	int indexed = 0;

	fresh();
	st = db_prepare(&db, "EXPLAIN QUERY PLAN SELECT a.id FROM activity a WHERE NOT EXISTS"
	    " (SELECT 1 FROM ledger l WHERE l.activity_id = a.id)", &err);
	CHECK(st != NULL);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);

		if (d && strstr(d, "ledger") && strstr(d, "INDEX ledger_activity"))
			indexed = 1;
	}
	sqlite3_finalize(st);
	CHECK(indexed);
	db_close(&db);
}

/* A writer leaves a note naming itself while it holds the lock, and
 * takes it away when it commits or rolls back. */
static void
case_writer_note(void)
{
	char *note;
	struct stat st;
	FILE *f;
	long pid = 0;

	fresh();
	note = xasprintf("%s-writer", db.path);
	db_configure(DB_BUSY_DEFAULT_MS, "import");
	CHECK(db_begin(&db, &err) == 0);
	f = fopen(note, "r");
	CHECK(f != NULL);
	if (f) {
		char prog[64] = "";
		long long since = 0;

		CHECK_INT(fscanf(f, "%ld %lld %63[^\n]", &pid, &since, prog), 3);
		CHECK_INT(pid, getpid());
		CHECK_STR(prog, "baodao import");
		fclose(f);
	}
	CHECK(db_commit(&db, &err) == 0);
	CHECK(stat(note, &st) != 0);
	CHECK(db_begin(&db, &err) == 0);
	db_rollback(&db);
	CHECK(stat(note, &st) != 0);
	db_configure(DB_BUSY_DEFAULT_MS, NULL);
	free(note);
	db_close(&db);
}

/* A second connection that cannot have the lock in time says the
 * database is busy, and who holds it when the holder left its note. */
static void
case_busy_names_holder(void)
{
	struct db other;

	fresh();
	db_configure(0, "evaluate");
	CHECK(db_begin(&db, &err) == 0);
	CHECK(db_open(&other, db.path, 0, &err) == 0);
	error_clear(&err);
	CHECK(db_begin(&other, &err) != 0);
	CHECK_INT(err.code, EXIT_ENV);
	CHECK(other.busy);
	/* The note is this process's own: not named, only "busy". */
	CHECK(strstr(err.msg, "database is busy: another program is writing") != NULL);
	CHECK(strstr(err.msg, "busy_timeout") != NULL);
	db_close(&other);
	db_rollback(&db);
	db_configure(DB_BUSY_DEFAULT_MS, NULL);
	db_close(&db);
}

void
test_db(void)
{
	test_case("db: created 0600 at the latest version", case_mode_and_version);
	test_case("db: a newer database is refused", case_newer_refused);
	test_case("db: a missing database asks for init", case_missing_refused);
	test_case("db: constraints keep bad rows out", case_constraints);
	test_case("db: wish states follow 三单制 order", case_wish_order);
	test_case("db: event kinds are no CHECK after 006", case_event_kinds_free);
	test_case("db: 爱心银行 balance never negative", case_ledger_balance);
	test_case("db: ledger credit's look-up uses its index", case_ledger_activity_indexed);
	test_case("db: a writer leaves a note while it holds the lock", case_writer_note);
	test_case("db: a writer that gives up says the database is busy", case_busy_names_holder);
}
