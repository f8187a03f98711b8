/*
 * t_correct.c - corrections: cells read as import reads them, the record
 * an ID names, void and amend with their history, what a run missed, and
 * the records as they stood at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "correct.h"
#include "db.h"
#include "import.h"
#include "migrate.h"
#include "record.h"
#include "test.h"
#include "util.h"

static struct db t_db;

/* Import TEXT as KIND into the case's database. */
static int
t_import(const char *kind, const char *text)
{
	char *path = xasprintf("%s/%s.csv", test_tmpdir(), kind);
	struct import_errors errs = { 0 };
	struct import_stats st;
	struct error e = { 0 };
	FILE *f = fopen(path, "w");
	int rc;

	fputs(text, f);
	fclose(f);
	rc = import_file(&t_db, kind, path, NULL, &st, &errs, &e);
	import_errors_free(&errs);
	free(path);
	return rc;
}

/* A database with two members and three activities of M1. */
static void
t_open(void)
{
	struct error e = { 0 };
	char *path = xasprintf("%s/baodao.db", test_tmpdir());
	int applied;

	CHECK(db_open(&t_db, path, DB_CREATE, &e) == 0);
	CHECK(migrate_apply(&t_db, &applied, &e) == 0);
	free(path);
	CHECK_INT(t_import("orgs", "code,name,kind,parent\nS,街道,street,\n"
	    "C1,一号社区,community,S\nU1,单位,unit,\n"), 0);
	CHECK_INT(t_import("members", "id,name,unit,community\nM1,张三,U1,C1\n"
	    "M2,李四,U1,C1\n"), 0);
	CHECK_INT(t_import("activities", "member,date,kind,hours,community,content\n"
	    "M1,2024-04-06,service,2,C1,扫雪\nM1,2024-05-01,lecture,1,C1,宣讲\n"
	    "M1,2024-05-01,service,1,C1,扫雪\n"), 0);
}

static void
t_cells(void)
{
	const struct record_kind *k = record_kind("activities");
	struct import_value v[RECORD_MAXCOLS];
	struct import_cell cells[3] = {
		{ record_col_index(k, "hours"), "1:30" },
		{ record_col_index(k, "member"), "M2" },
		{ record_col_index(k, "rating"), "优秀" },
	};
	struct error e = { 0 };

	t_open();
	memset(v, 0, sizeof v);
	CHECK_INT(import_cells(&t_db, k, NULL, "activities #1", cells, 3, 1, v, &e), 0);
	CHECK_INT(v[cells[0].col].i, 90);
	CHECK_INT(v[cells[1].col].i, db_int(&t_db, "SELECT id FROM member WHERE code = 'M2'", 0));
	CHECK_STR(v[cells[2].col].s, "优");
	cells[0].text = "25";
	CHECK_INT(import_cells(&t_db, k, NULL, "activities #1", cells, 1, 1, v, &e), -1);
	CHECK_STR(e.msg, "activities #1: hours: bad hours '25' (0 to 24 hours, e.g. 2, 1.5, 7:59)");
	CHECK_INT(v[cells[0].col].i, 90);	/* a refused cell leaves the value */
	import_values_free(v, RECORD_MAXCOLS);
	db_close(&t_db);
}

static void
t_kinds_and_when(void)
{
	char when[24];

	CHECK(record_correctable(record_kind("activities")));
	CHECK(record_correctable(record_kind("org_events")));
	CHECK(!record_correctable(record_kind("members")));
	CHECK(!record_correctable(record_kind("wishes")));
	CHECK(!record_correctable(record_kind("orgs")));
	CHECK_INT(correct_when("2024-12-31", when), 0);
	CHECK_STR(when, "2024-12-31T23:59:59Z");
	CHECK_INT(correct_when("2026-01-02T03:04:05Z", when), 0);
	CHECK_STR(when, "2026-01-02T03:04:05Z");
	CHECK_INT(correct_when("yesterday", when), -1);
	CHECK_INT(correct_when("2024-12-3x", when), -1);
}

/* Run a correction with OUT discarded. */
static int
t_do(int (*fn)(struct db *, const struct correct_opts *, FILE *, struct error *),
    const struct correct_opts *o, struct error *e)
{
	FILE *out = fopen("/dev/null", "w");
	int rc;

	error_clear(e);
	rc = fn(&t_db, o, out, e);
	fclose(out);
	return rc;
}

static void
t_void_amend_since(void)
{
	char *sets[] = { (char *)"date=2024-04-07", (char *)"place=广场" };
	struct correct_opts o = { .kind = "activities", .id = "M1/2024-05-01",
	    .reason = "重复", .format = "text" };
	struct correct_changes cs;
	struct error e = { 0 };
	long long m1;

	t_open();
	m1 = db_int(&t_db, "SELECT id FROM member WHERE code = 'M1'", 0);
	CHECK_INT(t_do(correct_void, &o, &e), -1);
	CHECK_STR(e.msg, "activities M1/2024-05-01: 2 records match (#2, #3); give more of the"
	    " key, or #N");
	o.id = "M1/2024-05-01/lecture";
	CHECK_INT(t_do(correct_void, &o, &e), 0);
	CHECK_INT(db_int(&t_db, "SELECT voided IS NOT NULL FROM activity WHERE id = 2", 0), 1);
	o.id = "#1";
	o.sets = sets;
	o.nsets = 2;
	o.reason = "日期填错";
	CHECK_INT(t_do(correct_amend, &o, &e), 0);
	CHECK_INT(db_int(&t_db, "SELECT count(*) FROM activity WHERE date = '2024-04-07'"
	    " AND place = '广场'", 0), 1);
	CHECK_INT(db_int(&t_db, "SELECT count(*) FROM activity", 0), 3);
	CHECK_INT(t_do(correct_amend, &o, &e), -1);	/* nothing left to change */
	CHECK_INT(db_int(&t_db, "SELECT json_extract(changes, '$.date[0]') = '2024-04-06'"
	    " FROM correction WHERE action = 'amend'", 0), 1);
	CHECK_INT(correct_since(&t_db, 0, m1, "2024-12-31", "2000-01-01T00:00:00Z", &cs, &e), 0);
	CHECK_INT(cs.n, 2);
	CHECK_STR(cs.c[0].action, "void");
	CHECK_STR(cs.c[1].label, "M1/2024-04-06/service/C1/扫雪");
	correct_changes_free(&cs);
	/* A run as of a date before the records was not changed by them. */
	CHECK_INT(correct_since(&t_db, 0, m1, "2024-01-31", "2000-01-01T00:00:00Z", &cs, &e), 0);
	CHECK_INT(cs.n, 0);
	correct_changes_free(&cs);
	/* As recorded before the corrections (the import moved back in time
	 * to be before it): both undone. */
	CHECK_INT(db_exec(&t_db, "UPDATE record_mark SET at = '1999-01-01T00:00:00Z'", &e), 0);
	CHECK_INT(correct_as_recorded(&t_db, "2000-01-01T00:00:00Z", &e), 0);
	CHECK_INT(db_int(&t_db, "SELECT count(*) FROM activity WHERE voided IS NULL"
	    " AND date = '2024-04-06'", 0), 1);
	CHECK_INT(db_int(&t_db, "SELECT count(*) FROM main.activity WHERE voided IS NULL", 0), 2);
	db_close(&t_db);
}

void test_correct(void);

void
test_correct(void)
{
	test_case("correct: cells read as import reads them", t_cells);
	test_case("correct: kinds that can be corrected, times", t_kinds_and_when);
	test_case("correct: void, amend, what a run missed, as recorded", t_void_amend_since);
}
