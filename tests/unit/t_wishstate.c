/*
 * t_wishstate.c - the 三单制 state machine: names, the rules of a change
 * and of a row, and the writes that bring stored states in line.
 *
 * Messages are checked in English (the harness sets no LANG).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "migrate.h"
#include "test.h"
#include "util.h"
#include "wishstate.h"

static void
t_names(void)
{
	CHECK_STR(wishstate_name(WISHSTATE_ORDERED), "ordered");
	CHECK_STR(wishstate_name(WISHSTATE_DISPATCHED), "dispatched");
	CHECK_STR(wishstate_name(WISHSTATE_TAKEN), "taken");
	CHECK_STR(wishstate_name(WISHSTATE_DONE), "done");
	CHECK_STR(wishstate_name(WISHSTATE_RATED), "rated");
	CHECK_STR(wishstate_name(WISHSTATE_N + 1), "");
	CHECK_STR(wishstate_label(WISHSTATE_TAKEN), "taken");
	CHECK_INT(wishstate_actor(WISHSTATE_ORDERED), WISHSTATE_ACTOR_NONE);
	CHECK_INT(wishstate_actor(WISHSTATE_DISPATCHED), WISHSTATE_ACTOR_BRANCH);
	CHECK_INT(wishstate_actor(WISHSTATE_TAKEN), WISHSTATE_ACTOR_MEMBER);
	CHECK_INT(wishstate_actor(WISHSTATE_DONE), WISHSTATE_ACTOR_NONE);
	CHECK_INT(wishstate_actor(WISHSTATE_RATED), WISHSTATE_ACTOR_RATING);
}

/* The refusal of STEP on DATE for wish W1 in the given state, or "ok". */
static const char *
t_next(int exists, int last, const char *lastdate, int step, const char *date)
{
	static char msg[sizeof ((struct error *)0)->msg + 16];
	struct error e = { 0 };

	if (wishstate_check_next("W1", exists, last, lastdate, step, date, &e) == 0)
		return "ok";
	snprintf(msg, sizeof msg, "%d %s", e.code, e.msg);
	return msg;
}

static void
t_check_next(void)
{
	char usage[8];

	snprintf(usage, sizeof usage, "%d ", EXIT_USAGE);
	CHECK_STR(t_next(0, 0, "", WISHSTATE_ORDERED, "2024-05-01"), "ok");
	CHECK(strncmp(t_next(1, 1, "2024-05-01", WISHSTATE_ORDERED, "2024-05-01"),
	    usage, strlen(usage)) == 0);
	CHECK(strstr(t_next(1, 1, "2024-05-01", WISHSTATE_ORDERED, "2024-05-01"),
	    "wish W1 already exists") != NULL);
	CHECK(strstr(t_next(0, 0, "", WISHSTATE_DONE, "2024-05-01"),
	    "unknown wish 'W1'") != NULL);
	CHECK(strstr(t_next(1, 2, "2024-05-02", WISHSTATE_DISPATCHED, "2024-05-03"),
	    "wish W1 is already dispatched (三单制: no state twice)") != NULL);
	CHECK(strstr(t_next(1, 1, "2024-05-01", WISHSTATE_TAKEN, "2024-05-03"),
	    "wish W1 is ordered; it must be dispatched before it can be taken"
	    " (三单制: no state skipped)") != NULL);
	CHECK(strstr(t_next(1, 1, "2024-05-01", WISHSTATE_DISPATCHED, "2024-04-30"),
	    "wish W1: 2024-04-30 is before it was ordered (2024-05-01)") != NULL);
	CHECK_STR(t_next(1, 1, "2024-05-01", WISHSTATE_DISPATCHED, "2024-05-01"), "ok");
	CHECK_STR(t_next(1, 4, "2024-05-04", WISHSTATE_RATED, "2024-05-05"), "ok");
}

static const char *const t_fault_names[] = {
	"without-step", "without-actor", "actor-alone", "earlier"
};

/* Append each fault to the sbuf ARG as "NAME STEP;". */
static void
t_fault(void *arg, enum wishstate_fault f, int step)
{
	sbuf_addf(arg, "%s %d;", t_fault_names[f], step);
}

static void
t_check_row(void)
{
	struct wishstate_row row;
	struct sbuf got;

	sbuf_init(&got);
	memset(&row, 0, sizeof row);
	for (int s = WISHSTATE_ORDERED; s <= WISHSTATE_N; s++)
		row.given[s] = row.actor[s] = 1;
	row.date[1] = "2024-03-01";
	row.date[2] = "2024-03-02";
	row.date[3] = "2024-03-02";
	row.date[4] = row.date[5] = "2024-03-06";
	wishstate_check_row(&row, t_fault, &got);
	CHECK_STR(got.s != NULL ? got.s : "", "");

	/* A dispatcher with no dispatch, a take with neither the dispatch nor
	 * a taker, and done dated before it was taken. */
	sbuf_reset(&got);
	memset(&row, 0, sizeof row);
	row.given[1] = row.given[3] = row.given[4] = row.given[5] = 1;
	row.actor[2] = row.actor[5] = 1;
	row.date[1] = "2024-03-01";
	row.date[3] = "2024-03-05";
	row.date[4] = row.date[5] = "2024-03-04";
	wishstate_check_row(&row, t_fault, &got);
	CHECK_STR(got.s, "actor-alone 2;without-step 3;without-actor 3;earlier 4;");

	/* Only the ordered state: nothing is missing; a rating needs done. */
	sbuf_reset(&got);
	memset(&row, 0, sizeof row);
	row.given[1] = row.given[5] = row.actor[5] = 1;
	wishstate_check_row(&row, t_fault, &got);
	CHECK_STR(got.s, "without-step 5;");
	sbuf_free(&got);
}

/* Five states dated from 2024-MM-01 on, a day apart, with their actors. */
static void
t_states(struct wishstate s[WISHSTATE_N], int month, int have)
{
	memset(s, 0, WISHSTATE_N * sizeof *s);
	for (int i = 0; i < have; i++) {
		s[i].have = 1;
		snprintf(s[i].date, sizeof s[i].date, "2024-%02d-%02d", month, i < 4 ? i + 1 : 4);
	}
	s[1].branch = 2;
	s[2].member = 1;
	snprintf(s[4].rating, sizeof s[4].rating, "%s", have == 5 ? "优" : "");
}

/* The plan as "u1 u2 i3 ...". */
static const char *
t_plan(const struct wishstate want[], const struct wishstate old[])
{
	static char buf[64];
	struct wishstate_write w[WISHSTATE_N];
	int n = wishstate_plan(want, old, w);
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%c%d", i ? " " : "",
		    w[i].insert ? 'i' : 'u', w[i].step);
	return buf;
}

static void
t_plan_order(void)
{
	struct wishstate old[WISHSTATE_N], want[WISHSTATE_N];

	t_states(old, 5, 5);
	t_states(want, 5, 5);
	CHECK_STR(t_plan(want, old), "");
	t_states(want, 4, 5);
	CHECK_STR(t_plan(want, old), "u1 u2 u3 u4 u5");
	t_states(want, 6, 5);
	CHECK_STR(t_plan(want, old), "u5 u4 u3 u2 u1");
	t_states(old, 5, 2);
	t_states(want, 5, 4);
	want[1].branch = 3;
	CHECK_STR(t_plan(want, old), "u2 i3 i4");
	/* States the row does not give are left alone. */
	t_states(old, 5, 5);
	t_states(want, 5, 1);
	CHECK_STR(t_plan(want, old), "");
}

/* The first column of the first row of SQL, as text; "" when none. */
static const char *
t_text(struct db *db, const char *sql)
{
	static char buf[256];
	sqlite3_stmt *st = NULL;

	buf[0] = '\0';
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(buf, sizeof buf, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* Write WANT over wish 1's stored states as planned; 0 or the failing rc. */
static int
t_apply(struct db *db, const struct wishstate want[])
{
	struct wishstate old[WISHSTATE_N];
	struct wishstate_write w[WISHSTATE_N];
	struct error e = { 0 };
	sqlite3_stmt *load = db_prepare(db, wishstate_sql_load, &e);
	sqlite3_stmt *ins = db_prepare(db, wishstate_sql_insert, &e);
	sqlite3_stmt *upd = db_prepare(db, wishstate_sql_update, &e);
	int n, rc = -1;

	if (load != NULL && ins != NULL && upd != NULL &&
	    (rc = wishstate_load(load, 1, old)) == SQLITE_DONE) {
		n = wishstate_plan(want, old, w);
		rc = 0;
		for (int i = 0; i < n && rc == 0; i++) {
			sqlite3_stmt *st = w[i].insert ? ins : upd;

			wishstate_bind(st, 1, w[i].step, &want[w[i].step - 1]);
			if ((rc = sqlite3_step(st)) == SQLITE_DONE)
				rc = 0;
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(load);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	return rc;
}

static void
t_stored(void)
{
	struct wishstate want[WISHSTATE_N], got[WISHSTATE_N];
	struct error e = { 0 };
	struct db db;
	sqlite3_stmt *load;
	char *path = xasprintf("%s/baodao.db", test_tmpdir());
	int applied;

	if (!CHECK(db_open(&db, path, DB_CREATE, &e) == 0) ||
	    !CHECK(migrate_apply(&db, &applied, &e) == 0) ||
	    !CHECK(db_exec(&db, "INSERT INTO org (id, code, name, kind) VALUES"
	    " (1, 'C1', '一号社区', 'community'), (2, 'B1', '支部', 'branch');"
	    " INSERT INTO member (id, code, name, unit_id) VALUES (1, 'M1', '张三', 2);"
	    " INSERT INTO wish (id, code, community_id) VALUES (1, 'W1', 1)", &e) == 0)) {
		fprintf(stderr, "%s\n", e.msg);
		free(path);
		return;
	}
	/* The first two, then all five, then every date a month earlier and
	 * a month later: the schema's order triggers accept each plan. */
	t_states(want, 5, 2);
	CHECK_INT(t_apply(&db, want), 0);
	t_states(want, 5, 5);
	CHECK_INT(t_apply(&db, want), 0);
	t_states(want, 4, 5);
	CHECK_INT(t_apply(&db, want), 0);
	t_states(want, 6, 5);
	CHECK_INT(t_apply(&db, want), 0);
	CHECK_STR(t_text(&db, "SELECT group_concat(state || ' ' || date, ', ') FROM"
	    " (SELECT * FROM wish_state ORDER BY step)"),
	    "ordered 2024-06-01, dispatched 2024-06-02, taken 2024-06-03,"
	    " done 2024-06-04, rated 2024-06-04");
	load = db_prepare(&db, wishstate_sql_load, &e);
	CHECK_INT(wishstate_load(load, 1, got), SQLITE_DONE);
	sqlite3_finalize(load);
	CHECK(got[4].have);
	CHECK_INT(got[1].branch, 2);
	CHECK_INT(got[2].member, 1);
	CHECK_STR(got[4].rating, "优");
	CHECK_STR(got[0].rating, "");
	db_close(&db);
	free(path);
}

void test_wishstate(void);

void
test_wishstate(void)
{
	test_case("wishstate: names and actors", t_names);
	test_case("wishstate: one change at a time", t_check_next);
	test_case("wishstate: a row of states", t_check_row);
	test_case("wishstate: the order of writes", t_plan_order);
	test_case("wishstate: stored states and the triggers", t_stored);
}
