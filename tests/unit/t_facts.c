/*
 * t_facts.c - the fact engine: declarations, windows, filters, every
 * aggregate, and the streaming merge over several members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "facts.h"
#include "facts_int.h"
#include "migrate.h"
#include "test.h"

void test_facts(void);

static struct db db;
static struct error err;

static const char data[] =
	"INSERT INTO org (id, code, name, kind) VALUES (1, 'C1', '社区一', 'community'),"
	" (2, 'C2', '社区二', 'community'), (3, 'U1', '单位', 'unit'), (4, 'U2', '单位二', 'unit');"
	"INSERT INTO member (id, code, name, unit_id, community_id) VALUES"
	" (1, 'M1', '甲', 3, 1), (2, 'M2', '乙', 3, 2), (3, 'M3', '丙', 4, 1);"
	/* M1: three services in C1 (one in 2023), one lecture in C2, one visit. */
	"INSERT INTO activity (member_id, date, kind, minutes, community_id, content, place,"
	" rating, verifier, household) VALUES"
	" (1, '2023-12-31', 'service', 60, 1, 'a', 'p', '优', 'v', NULL),"
	" (1, '2024-01-01', 'service', 240, 1, 'b', 'p', '优', 'v', NULL),"
	" (1, '2024-03-05', 'service', 239, 1, 'c', 'p', '良', 'v', NULL),"
	" (1, '2024-03-06', 'lecture', 30, 2, 'd', 'p', '一般', NULL, NULL),"
	" (1, '2024-05-01', 'visit', 60, 1, 'e', 'p', '良', 'v', 'H1'),"
	" (1, '2024-07-01', 'visit', 60, 1, 'f', 'p', '良', 'v', 'H1'),"
	" (1, '2025-01-01', 'service', 60, 1, 'g', 'p', '优', 'v', NULL),"
	" (3, '2024-06-01', 'service', 60, 1, 'h', 'p', '优', 'v', NULL);"
	"INSERT INTO registration (member_id, community_id, date, kind) VALUES"
	" (1, 2, '2022-05-01', 'work'), (1, 1, '2024-02-01', 'residence'),"
	" (2, 1, '2024-02-01', 'residence');"
	/* M1 paired with H1 May..July: June has no visit. */
	"INSERT INTO pairing (member_id, household, start_date, end_date) VALUES"
	" (1, 'H1', '2024-05-15', '2024-07-31');"
	"INSERT INTO wish (id, code, community_id) VALUES (1, 'W1', 1), (2, 'W2', 1);"
	"INSERT INTO wish_state (wish_id, step, state, date, branch_id, member_id) VALUES"
	" (1, 1, 'ordered', '2024-01-01', NULL, NULL), (1, 2, 'dispatched', '2024-01-02', 3, NULL),"
	" (1, 3, 'taken', '2024-01-03', NULL, 1), (1, 4, 'done', '2024-01-09', NULL, NULL),"
	" (2, 1, 'ordered', '2024-12-01', NULL, NULL), (2, 2, 'dispatched', '2024-12-02', 3, NULL),"
	" (2, 3, 'taken', '2024-12-03', NULL, 1), (2, 4, 'done', '2025-01-09', NULL, NULL);"
	"INSERT INTO breach (member_id, date, kind) VALUES (2, '2024-08-01', '吃拿卡要');"
	"INSERT INTO org_event (org_id, date, kind) VALUES (3, '2024-05-01', 'good_deed'),"
	" (3, '2024-06-01', 'good_deed'), (3, '2023-06-01', 'good_deed');";

static const char decls[] =
	"return {"
	" { 'services', { count = 'activity', where = { kind = 'service', complete = true } } },"
	" { 'res', { count = 'activity', where = { in_residence = true } } },"
	" { 'hours', { sum = 'hours', of = 'activity', where = { complete = true } } },"
	" { 'minutes', { sum = 'minutes', of = 'activity' } },"
	" { 'bank', { sum = 'hours', of = 'activity', within = 'through' } },"
	" { 'months', { months = 'activity' } },"
	" { 'comms', { distinct = 'community', of = 'activity' } },"
	" { 'unverified', { count = 'activity', where = { verified = false } } },"
	" { 'first_reg', { min = 'date', of = 'registration', within = 'through' } },"
	" { 'last_in_res', { latest = 'in_residence', of = 'registration', within = 'through' } },"
	" { 'last_comm', { latest = 'community', of = 'registration', within = 'through' } },"
	" { 'last_comm_name', { latest = 'community_name', of = 'registration',"
	"   within = 'through' } },"
	" { 'comm_names', { collect = 'community_name', of = 'registration', within = 'through' } },"
	" { 'reg_2024', { any = 'registration' } },"
	" { 'unvisited', { unvisited_months = 'pairing', visit = { kind = 'visit' } } },"
	" { 'taken', { count = 'wish' } },"
	" { 'done', { count = 'wish', on = 'done' } },"
	" { 'breaches', { count = 'breach' } },"
	" { 'last_breach', { max = 'date', of = 'breach' } },"
	" { 'deeds', { count = 'org_event', where = { kind = 'good_deed' } } },"
	" { 'members', { count = 'member' } },"
	" { 'liaison', { count = 'activity', where = { in_liaison = true } } },"
	" { 'member_comms', { distinct = 'community', of = 'member' } },"
	" { 'reported_comms', { distinct = 'reported_community', of = 'member' } },"
	" { 'reasons', { collect = 'unreported_reason', of = 'member' } },"
	" { 'passed_a', { count = 'member', where = { passed = 'x.a' } } },"
	"}";

/* A plan of the declarations CHUNK returns, a list of { name, decl }
 * (test.h: t_factsgroup.c builds its plans so too). */
void
test_facts_plan(struct facts_plan *plan, const char *chunk)
{
	lua_State *L = luaL_newstate();
	char msg[256];

	facts_plan_init(plan);
	CHECK(luaL_dostring(L, chunk) == 0);
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
		lua_rawgeti(L, -1, i);
		lua_rawgeti(L, -1, 1);
		lua_rawgeti(L, -2, 2);
		msg[0] = '\0';
		if (!CHECK(facts_declare(plan, L, -1, lua_tostring(L, -2), msg, sizeof msg) == 0))
			fprintf(stderr, "  %s\n", msg);
		lua_pop(L, 3);
	}
	lua_close(L);
}

/* The sample records, and a plan of the declarations CHUNK returns. */
static void
setup_with(struct facts_plan *plan, const char *chunk)
{
	char path[512];
	int applied;

	snprintf(path, sizeof path, "%s/f.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK(db_exec(&db, data, &err) == 0);
	test_facts_plan(plan, chunk);
}

static void
setup(struct facts_plan *plan)
{
	setup_with(plan, decls);
}

/* The sample records and a plan of CHUNK (NULL: decls), and a cursor
 * over the members' facts of 2024; orgs and per must outlive it. */
static struct facts_cursor *
open_2024(struct facts_plan *plan, const char *chunk, struct orgtree *orgs,
    struct facts_period *per)
{
	struct facts_cursor *c;

	setup_with(plan, chunk ? chunk : decls);
	CHECK(orgtree_load(&db, NULL, orgs, &err) == 0);
	facts_period_init(per, 2024, NULL);
	c = facts_open(&db, plan, per, orgs, 0, 0, &err);
	CHECK(c != NULL);
	return c;
}

static const struct view_value *
fact(const struct facts_plan *plan, const struct facts_member *m, const char *name)
{
	long slot = view_schema_find(&plan->member_schema, name);

	CHECK(slot >= 0);
	return &m->facts[slot];
}

static void
case_member_facts(void)
{
	struct facts_plan plan;
	struct orgtree orgs;
	struct facts_period per;
	struct facts_cursor *c;
	struct facts_member m;

	c = open_2024(&plan, NULL, &orgs, &per);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M1");
	CHECK_INT(fact(&plan, &m, "services")->i, 2);          /* 2023 and 2025 are out */
	CHECK_INT(fact(&plan, &m, "res")->i, 4);               /* the lecture was in C2 */
	CHECK(fact(&plan, &m, "hours")->n == (240 + 239 + 60 + 60) / 60.0);
	CHECK_INT(fact(&plan, &m, "minutes")->i, 240 + 239 + 30 + 60 + 60);
	CHECK(fact(&plan, &m, "bank")->n == (60 + 240 + 239 + 30 + 60 + 60) / 60.0);
	CHECK_INT(fact(&plan, &m, "months")->i, 4);            /* Jan Mar May Jul */
	CHECK_INT(fact(&plan, &m, "comms")->i, 2);
	CHECK_INT(fact(&plan, &m, "unverified")->i, 1);
	CHECK_STR(fact(&plan, &m, "first_reg")->s, "2022-05-01");
	CHECK_INT(fact(&plan, &m, "last_in_res")->i, 1);
	CHECK_STR(fact(&plan, &m, "last_comm")->s, "C1");
	CHECK_STR(fact(&plan, &m, "last_comm_name")->s, "社区一");
	CHECK_STR(fact(&plan, &m, "comm_names")->s, "社区二、社区一");   /* date order */
	CHECK_INT(m.reported_id, 1);
	CHECK_INT(fact(&plan, &m, "reg_2024")->i, 1);
	CHECK_INT(fact(&plan, &m, "unvisited")->i, 1);         /* June */
	CHECK_INT(fact(&plan, &m, "taken")->i, 2);
	CHECK_INT(fact(&plan, &m, "done")->i, 1);              /* W2 done in 2025 */
	CHECK_INT(fact(&plan, &m, "breaches")->i, 0);
	CHECK_INT(fact(&plan, &m, "last_breach")->type, VIEW_NIL);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M2");
	CHECK_INT(fact(&plan, &m, "services")->i, 0);
	CHECK_INT(fact(&plan, &m, "last_in_res")->i, 0);       /* registered in C1, lives in C2 */
	CHECK_INT(fact(&plan, &m, "breaches")->i, 1);
	CHECK_STR(fact(&plan, &m, "last_breach")->s, "2024-08-01");
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M3");
	CHECK_INT(fact(&plan, &m, "services")->i, 1);
	CHECK_INT(fact(&plan, &m, "reg_2024")->i, 0);
	CHECK_INT(fact(&plan, &m, "first_reg")->type, VIEW_NIL);
	CHECK_INT(facts_next(c, &m, &err), 0);
	facts_close(c);
	orgtree_free(&orgs);
	facts_plan_free(&plan);
	db_close(&db);
}

/* A member field of the current member, by name. */
static const struct view_value *
field(const struct facts_member *m, const char *name)
{
	long slot = view_schema_find(facts_member_schema(), name);

	CHECK(slot >= 0);
	return &m->fields[slot];
}

/* unit_path and community_path name the orgs from the top down; in_liaison
 * is the community of the member's unit or of the first org above it. */
static void
case_paths_and_liaison(void)
{
	struct facts_plan plan;
	struct orgtree orgs;
	struct facts_period per;
	struct facts_cursor *c;
	struct facts_member m;

	setup(&plan);
	CHECK(db_exec(&db, "INSERT INTO org (id, code, name, kind) VALUES (5, 'A', '阿克苏市', 'city'),"
	    " (6, 'B1', '支部', 'branch');"
	    "UPDATE org SET parent_id = 5 WHERE id IN (1, 3);"
	    "UPDATE org SET community_id = 2 WHERE id = 3;"
	    "UPDATE org SET parent_id = 3 WHERE id = 6;"
	    "UPDATE member SET unit_id = 6 WHERE id = 2;", &err) == 0);
	CHECK(orgtree_load(&db, NULL, &orgs, &err) == 0);
	facts_period_init(&per, 2024, NULL);
	c = facts_open(&db, &plan, &per, &orgs, 0, 0, &err);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(field(&m, "unit_path")->s, "阿克苏市/单位");
	CHECK_STR(field(&m, "community_path")->s, "阿克苏市/社区一");
	CHECK_INT(fact(&plan, &m, "liaison")->i, 1);           /* the lecture in C2 */
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(field(&m, "unit_path")->s, "阿克苏市/单位/支部");
	CHECK_STR(field(&m, "community_path")->s, "社区二");
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(field(&m, "unit_path")->s, "单位二");
	CHECK_INT(fact(&plan, &m, "liaison")->i, 0);           /* U2 has no community */
	CHECK_INT(facts_next(c, &m, &err), 0);
	facts_close(c);
	orgtree_free(&orgs);
	facts_plan_free(&plan);
	db_close(&db);
}

static void
case_as_of_and_scope(void)
{
	struct facts_plan plan;
	struct orgtree orgs;
	struct facts_period per;
	struct facts_cursor *c;
	struct facts_member m;

	setup(&plan);
	/* Scope U2: only M3.  As of 2024-06-30: July's visit is not yet due. */
	CHECK(orgtree_load(&db, "U2", &orgs, &err) == 0);
	facts_period_init(&per, 2024, "2024-06-30");
	c = facts_open(&db, &plan, &per, &orgs, 0, 0, &err);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M3");
	CHECK_INT(facts_next(c, &m, &err), 0);
	facts_close(c);
	orgtree_free(&orgs);
	CHECK(orgtree_load(&db, NULL, &orgs, &err) == 0);
	c = facts_open(&db, &plan, &per, &orgs, 0, 2, &err);   /* the range [0, 2): M1 */
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_INT(fact(&plan, &m, "unvisited")->i, 1);         /* June, not July */
	CHECK_INT(fact(&plan, &m, "months")->i, 3);
	CHECK_INT(facts_next(c, &m, &err), 0);
	facts_close(c);
	/* Lazy over the range [2, end): M2 then M3, as a worker reads them. */
	c = facts_open(&db, &plan, &per, &orgs, 2, 0, &err);
	facts_member_lazy(c);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M2");
	CHECK(facts_member_fill(c, view_schema_find(facts_member_schema(), "name"), &err) == 0);
	CHECK_STR(m.fields[view_schema_find(facts_member_schema(), "name")].s, "乙");
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M3");
	CHECK_INT(facts_next(c, &m, &err), 0);
	facts_close(c);
	error_clear(&err);
	orgtree_free(&orgs);
	CHECK(orgtree_load(&db, "NOPE", &orgs, &err) != 0);
	CHECK(strstr(err.msg, "unknown org 'NOPE'") != NULL);
	facts_plan_free(&plan);
	db_close(&db);
}

/* Facts that all count rows by their own date inside the period: the
 * scan leaves out the earlier rows in SQL (facts_windowed), and the
 * window's edges hold as the row-by-row test holds them: the last day
 * before the period out, its first day and the as-of date in, a day
 * past the as-of date out. */
static const char windowed_decls[] =
	"return {"
	" { 'services', { count = 'activity', where = { kind = 'service', complete = true } } },"
	" { 'minutes', { sum = 'minutes', of = 'activity' } },"
	" { 'taken', { count = 'wish' } },"
	"}";

static void
case_windowed_scan(void)
{
	struct facts_plan plan;
	struct orgtree orgs;
	struct facts_period per;
	struct facts_cursor *c;
	struct facts_member m;
	const char *as_of[] = { NULL, "2024-03-05", "2024-03-04" };
	const long long services[] = { 2, 2, 1 }, minutes[] = { 629, 479, 240 };

	setup_with(&plan, windowed_decls);
	CHECK(orgtree_load(&db, NULL, &orgs, &err) == 0);
	for (size_t i = 0; i < 3; i++) {
		facts_period_init(&per, 2024, as_of[i]);
		c = facts_open(&db, &plan, &per, &orgs, 0, 2, &err);    /* M1 */
		CHECK(c != NULL);
		CHECK_INT(facts_next(c, &m, &err), 1);
		CHECK_INT(fact(&plan, &m, "services")->i, services[i]);
		CHECK_INT(fact(&plan, &m, "minutes")->i, minutes[i]);
		CHECK_INT(fact(&plan, &m, "taken")->i, i == 0 ? 2 : 1);
		CHECK_INT(facts_next(c, &m, &err), 0);
		facts_close(c);
	}
	/* 2023: its own last day in, 2024's rows out. */
	facts_period_init(&per, 2023, NULL);
	c = facts_open(&db, &plan, &per, &orgs, 0, 2, &err);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_INT(fact(&plan, &m, "services")->i, 1);
	CHECK_INT(fact(&plan, &m, "minutes")->i, 60);
	CHECK_INT(fact(&plan, &m, "taken")->i, 0);
	facts_close(c);
	orgtree_free(&orgs);
	facts_plan_free(&plan);
	db_close(&db);
}

static void
case_org_facts(void)
{
	struct facts_plan plan;
	struct facts_period per;
	struct facts_org_cursor *c;
	struct facts_tally *t;
	struct view_value out[8];
	char *reqs[] = { (char *)"x.a" }, *grades[] = { (char *)"好" };
	const struct facts_member_sum sums[] = {
		{ "p", reqs, 1, "好", 3, 1, "出差", 1, 1 },
		{ "f", reqs, 1, NULL, -1, -1, "生病", 2, 3 },
		{ "p", reqs, 1, "好", 2, 0, "出差", 1, 2 },
		{ "n", reqs, 1, NULL, -1, -1, "", 1, 0 },
	};

	setup(&plan);
	facts_period_init(&per, 2024, NULL);
	t = facts_tally_new(1, 1, plan.n);
	t->members = 7;
	t->pass[0] = 2;
	for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++)
		facts_tally_bags(&plan, t, &sums[i]);
	c = facts_org_open(&db, &plan, &per, &err);
	CHECK(c != NULL);
	CHECK(facts_org(c, 3, t, reqs, 1, grades, 1, out, &err) == 0);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "deeds")].i, 2);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "members")].i, 7);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "member_comms")].i, 2);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "reported_comms")].i, 3);
	CHECK_STR(out[view_schema_find(&plan.org_schema, "reasons")].s, "出差（2）、生病（1）");
	CHECK_INT(out[view_schema_find(&plan.org_schema, "passed_a")].i, 2);
	CHECK(facts_org(c, 4, NULL, reqs, 1, grades, 1, out, &err) == 0);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "deeds")].i, 0);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "members")].i, 0);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "member_comms")].i, 0);
	CHECK_STR(out[view_schema_find(&plan.org_schema, "reasons")].s, "");
	CHECK_INT(out[view_schema_find(&plan.org_schema, "passed_a")].i, 0);
	facts_org_close(c);
	facts_tally_free(t);
	facts_plan_free(&plan);
	db_close(&db);
}

/*
 * The year pass's scan of activities reads every column from the index
 * activity_scan and never the table: complete and verified are in the
 * index as expressions (schema/021_activity_scan.sql), and SQLite reads
 * them from it only where the query says them in the same words.  Were
 * the two to part, every row would be a visit to the table: slower, and
 * nothing else would show it.
 */
static void
case_activity_scan_covered(void)
{
	const struct facts_srcdef *d = &facts_sources[FACTS_SRC_ACTIVITY];
	struct facts_plan plan;
	char *sql;
	sqlite3_stmt *st;
	long long table;
	int cur = -1, cols = 0, visits = 0;

	setup(&plan);
	table = db_int(&db, "SELECT rootpage FROM sqlite_master WHERE type = 'table'"
	    " AND name = 'activity'", -1);
	sql = xasprintf("EXPLAIN SELECT %s%s", d->cols, d->from);
	st = db_prepare(&db, sql, &err);
	CHECK(st != NULL);
	while (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		const char *op = (const char *)sqlite3_column_text(st, 1);

		if (strcmp(op, "OpenRead") == 0 && sqlite3_column_int64(st, 3) == table)
			cur = sqlite3_column_int(st, 2);
		else if (strcmp(op, "Column") == 0) {
			cols++;
			visits += sqlite3_column_int(st, 2) == cur;
		}
	}
	sqlite3_finalize(st);
	CHECK(cols >= 9);                 /* the select list, and the WHERE's tests */
	CHECK_INT(visits, 0);
	free(sql);
	facts_plan_free(&plan);
	db_close(&db);
}

/* The bag of fact NAME in tally T: how many values it holds. */
static long
bag_size(const struct facts_plan *plan, const struct facts_tally *t, const char *name)
{
	for (size_t i = 0; i < plan->n; i++)
		if (strcmp(plan->specs[i].name, name) == 0)
			return t->bags && t->bags[i] ? (long)t->bags[i]->n : 0;
	CHECK(!"no such fact");
	return -1;
}

/*
 * A member counts for its unit and every org above it, and for its
 * residence community and nothing above that; each member is added once
 * and the tallies rolled up the tree at the end.  The tree (ids):
 *
 *     1 county ─ 2 street ─ 3 community, 7 community
 *              └ 4 unit ─ 5 branch, 6 branch       8 ⇄ 9 units in a cycle
 *
 * Branches keep no tally: their members reach the unit above them.
 */
static void
case_tallies_roll_up(void)
{
	enum { N = 10 };
	static long long parent[N] = { 0, 0, 1, 2, 1, 4, 4, 2, 9, 8 };
	static int kind[N] = { -1, ORGTREE_COUNTY, ORGTREE_STREET, ORGTREE_COMMUNITY,
	    ORGTREE_UNIT, ORGTREE_BRANCH, ORGTREE_BRANCH, ORGTREE_COMMUNITY, ORGTREE_UNIT,
	    ORGTREE_UNIT };
	static unsigned char exists[N] = { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct orgtree o = { .n = N, .parent = parent, .kind = kind, .exists = exists,
	    .in_scope = exists };
	unsigned kinds = 1u << ORGTREE_COUNTY | 1u << ORGTREE_STREET |
	    1u << ORGTREE_COMMUNITY | 1u << ORGTREE_UNIT;
	char *reqs[] = { (char *)"x.a" };
	struct facts_plan plan;
	struct facts_tallies *ts;
	const struct facts_tally *t;
	struct { long long unit; struct facts_member_sum m; } in[] = {
		{ 5, { "p", reqs, 1, "好", 3, 1, "出差", 3, 3, 0, 1, 1.5 } },
		{ 6, { "f", reqs, 1, NULL, -1, 0, "生病", 7, 0, -1, 1, 2.25 } },
		{ 3, { "n", reqs, 1, NULL, -1, -1, "出差", 3, 0, -1, 0, 0 } },
		{ 8, { "p", reqs, 1, NULL, -1, -1, "", 0, 0, -1, 0, 0 } },
	};

	test_facts_plan(&plan, decls);
	CHECK(facts_tallies_new(&o, 0, 1, 1, &plan) == NULL);
	ts = facts_tallies_new(&o, kinds, 1, 1, &plan);
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		facts_tallies_member(ts, in[i].unit, &in[i].m);
	facts_tallies_roll_up(ts);

	t = facts_tallies_of(ts, 1);            /* the county: all but the cycle's */
	CHECK_INT(t->members, 3);
	CHECK_INT(t->pass[0], 1);
	CHECK_INT(t->fail[0], 1);
	CHECK_INT(t->na[0], 1);
	CHECK_INT(t->grade[0], 1);
	CHECK_INT(t->stars[3], 1);
	CHECK_INT(t->award, 1);
	CHECK(t->score == 3.75);
	CHECK_INT(bag_size(&plan, t, "member_comms"), 2);
	CHECK_INT(bag_size(&plan, t, "reported_comms"), 1);
	CHECK_INT(bag_size(&plan, t, "reasons"), 2);
	t = facts_tallies_of(ts, 2);            /* the street: no residents */
	CHECK_INT(t->members, 1);
	CHECK_INT(t->na[0], 1);
	t = facts_tallies_of(ts, 4);            /* the unit: its branches' members */
	CHECK_INT(t->members, 2);
	CHECK(t->score == 3.75);
	t = facts_tallies_of(ts, 3);            /* the community: its own member and residents */
	CHECK_INT(t->members, 3);
	CHECK_INT(t->pass[0], 1);
	CHECK_INT(t->na[0], 2);
	CHECK_INT(bag_size(&plan, t, "reasons"), 1);
	t = facts_tallies_of(ts, 7);
	CHECK_INT(t->members, 1);
	CHECK_INT(t->fail[0], 1);
	CHECK(facts_tallies_of(ts, 5) == NULL);  /* a branch keeps none */
	CHECK(facts_tallies_of(ts, 0) == NULL);
	CHECK(facts_tallies_of(ts, N) == NULL);
	CHECK_INT(facts_tallies_of(ts, 8)->members, 1);  /* the cycle: counted, not passed round */
	CHECK_INT(facts_tallies_of(ts, 9)->members, 0);
	facts_tallies_free(ts);
	facts_plan_free(&plan);
}

/* A distinct fact over a thousand communities, each brought three times
 * (the set grows through every size on the way), ids from a subtree's
 * consecutive run and from the top of the range: counted once each. */
static void
case_org_distinct_many(void)
{
	struct facts_plan plan;
	struct facts_period per;
	struct facts_org_cursor *c;
	struct facts_tally *t;
	struct view_value out[8];
	char *reqs[] = { (char *)"x.a" }, *grades[] = { (char *)"好" };

	setup(&plan);
	facts_period_init(&per, 2024, NULL);
	t = facts_tally_new(1, 1, plan.n);
	for (int copy = 0; copy < 3; copy++)
		for (unsigned i = 0; i < 1000; i++) {
			struct facts_member_sum m = { "p", reqs, 1, NULL, -1, -1, "",
			    i < 500 ? i + 1 : 0xFFFFFFFFu - i, (i + 1) % 1000 + 1 };

			facts_tally_bags(&plan, t, &m);
		}
	c = facts_org_open(&db, &plan, &per, &err);
	CHECK(c != NULL);
	CHECK(facts_org(c, 3, t, reqs, 1, grades, 1, out, &err) == 0);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "member_comms")].i, 1000);
	CHECK_INT(out[view_schema_find(&plan.org_schema, "reported_comms")].i, 1000);
	facts_org_close(c);
	facts_tally_free(t);
	facts_plan_free(&plan);
	db_close(&db);
}

/* Filters of one text field read the row's text once for all of them
 * (facts_atom_met): each must still count its own rows, a list of values
 * any of them, and a NULL text is "". */
static void
case_text_filters_together(void)
{
	static const char chunk[] =
	    "return {"
	    " { 'svc', { count = 'activity', where = { kind = 'service' } } },"
	    " { 'lec', { count = 'activity', where = { kind = 'lecture' } } },"
	    " { 'svc_or_visit', { count = 'activity', where = { kind = { 'service', 'visit' } } } },"
	    " { 'lec_verified', { count = 'activity', where = { kind = 'lecture', verified = true } } },"
	    " { 'no_household', { count = 'activity', where = { household = '' } } },"
	    " { 'h1', { count = 'activity', where = { household = 'H1' } } },"
	    " { 'res_svc', { count = 'activity', where = { in_residence = true, kind = 'service' } } },"
	    "}";
	struct facts_plan plan;
	struct orgtree orgs;
	struct facts_period per;
	struct facts_cursor *c;
	struct facts_member m;

	c = open_2024(&plan, chunk, &orgs, &per);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M1");
	CHECK_INT(fact(&plan, &m, "svc")->i, 2);
	CHECK_INT(fact(&plan, &m, "lec")->i, 1);
	CHECK_INT(fact(&plan, &m, "svc_or_visit")->i, 4);
	CHECK_INT(fact(&plan, &m, "lec_verified")->i, 0);       /* nobody signed it */
	CHECK_INT(fact(&plan, &m, "no_household")->i, 3);
	CHECK_INT(fact(&plan, &m, "h1")->i, 2);
	CHECK_INT(fact(&plan, &m, "res_svc")->i, 2);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M2");
	CHECK_INT(fact(&plan, &m, "svc_or_visit")->i, 0);
	CHECK_INT(fact(&plan, &m, "no_household")->i, 0);
	CHECK_INT(facts_next(c, &m, &err), 1);
	CHECK_STR(m.code, "M3");
	CHECK_INT(fact(&plan, &m, "svc")->i, 1);
	CHECK_INT(fact(&plan, &m, "lec")->i, 0);
	CHECK_INT(fact(&plan, &m, "svc_or_visit")->i, 1);
	CHECK_INT(fact(&plan, &m, "no_household")->i, 1);
	CHECK_INT(fact(&plan, &m, "res_svc")->i, 1);
	CHECK_INT(facts_next(c, &m, &err), 0);
	facts_close(c);
	orgtree_free(&orgs);
	facts_plan_free(&plan);
	db_close(&db);
}

static void
case_bad_declarations(void)
{
	struct facts_plan plan;
	lua_State *L = luaL_newstate();
	char msg[256];
	static const char *const bad[][2] = {
		{ "{ count = 'activity', sum = 'hours' }", "gives both" },
		{ "{ sum = 'hours' }", "needs of = SOURCE" },
		{ "{ sum = 'colour', of = 'activity' }", "activity has no field 'colour'" },
		{ "{ count = 'activity', within = 'forever' }", "within must be" },
		{ "{ count = 'activity', on = 'kind' }", "on must name a date field" },
		{ "{ unvisited_months = 'activity' }", "counts over \"pairing\"" },
		{ "{ count = 'activity', where = { kind = {} } }", "non-empty list" },
		{ "{ }", "needs one of count" },
		{ "{ count = 'activity', wehre = { kind = 'service' } }", "unknown key 'wehre'" },
		{ "{ distinct = 'unreported_reason', of = 'member' }", "reported_community" },
	};

	facts_plan_init(&plan);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *chunk = xasprintf("return %s", bad[i][0]);

		CHECK(luaL_dostring(L, chunk) == 0);
		msg[0] = '\0';
		CHECK(facts_declare(&plan, L, -1, "x", msg, sizeof msg) != 0);
		if (!CHECK(strstr(msg, bad[i][1]) != NULL))
			fprintf(stderr, "  %s -> %s\n", bad[i][0], msg);
		lua_pop(L, 1);
		free(chunk);
	}
	CHECK_INT(plan.n, 0);
	facts_plan_free(&plan);
	lua_close(L);
}

void
test_facts(void)
{
	test_case("facts: every aggregate over the sample records", case_member_facts);
	test_case("facts: as-of date, scope and member ranges", case_as_of_and_scope);
	test_case("facts: a scan of the period's rows only, at its edges", case_windowed_scan);
	test_case("facts: org events and member tallies", case_org_facts);
	test_case("facts: a distinct member fact over many communities", case_org_distinct_many);
	test_case("facts: tallies roll members up the org tree", case_tallies_roll_up);
	test_case("facts: the activity scan reads the index alone", case_activity_scan_covered);
	test_case("facts: unit_path, community_path and in_liaison", case_paths_and_liaison);
	test_case("facts: filters of one text field, each its own rows", case_text_filters_together);
	test_case("facts: bad declarations are refused", case_bad_declarations);
}
