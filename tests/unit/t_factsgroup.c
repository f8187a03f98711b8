/*
 * t_factsgroup.c - grouped sources: facts SQL adds up (facts.c,
 * facts_group_sql) equal the same facts added up row by row in C, on
 * rows at the edges of the period, NULL dates, voided rows and a filter
 * value holding a quote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "facts.h"
#include "migrate.h"
#include "test.h"

void test_factsgroup(void);

static struct db db;
static struct error err;

static const char data[] =
	"INSERT INTO org (id, code, name, kind) VALUES (1, 'C1', '社区一', 'community'),"
	" (3, 'U1', '单位', 'unit');"
	"INSERT INTO member (id, code, name, unit_id, community_id) VALUES"
	" (1, 'M1', '甲', 3, 1), (2, 'M2', '乙', 3, 1), (3, 'M3', '丙', 3, 1);"
	/* M1: the day before the period, its first and last day, the day
	 * after, a voided row; households with a quote, none, and another. */
	"INSERT INTO activity (member_id, date, kind, minutes, community_id, content, place,"
	" rating, verifier, household, voided) VALUES"
	" (1, '2023-12-31', 'service', 11, 1, 'a', 'p', '优', 'v', 'H''1', NULL),"
	" (1, '2024-01-01', 'service', 22, 1, 'b', 'p', '优', 'v', 'H''1', NULL),"
	" (1, '2024-06-01', 'lecture', 0, 1, 'c', 'p', NULL, NULL, NULL, NULL),"
	" (1, '2024-07-01', 'service', 44, 1, 'd', 'p', '良', 'v', 'H2', NULL),"
	" (1, '2024-08-01', 'service', 55, 1, 'e', 'p', '良', 'v', 'H''1', '2024-09-01'),"
	" (1, '2024-12-31', 'visit', 66, 1, 'f', 'p', '良', 'v', 'H''1', NULL),"
	" (1, '2025-01-01', 'service', 77, 1, 'g', 'p', '优', 'v', 'H''1', NULL),"
	" (3, '2023-05-01', 'service', 5, 1, 'h', 'p', '优', 'v', 'H''1', NULL);"
	"INSERT INTO suggestion (member_id, date, content, adopted) VALUES"
	" (1, '2023-12-31', 'a', 1), (1, '2024-01-01', 'b', 1), (1, '2024-12-31', 'c', 0),"
	" (2, '2024-05-01', 'd', 0);"
	"INSERT INTO ledger (member_id, date, points, reason) VALUES"
	" (1, '2023-03-01', 5, 'r'), (1, '2024-12-31', -2, 'r'), (1, '2025-01-01', 9, 'r'),"
	" (2, '2025-01-01', 4, 'r');"
	/* Wishes taken by M1: done in the year, done after it, never done. */
	"INSERT INTO wish (id, code, community_id) VALUES (1, 'W1', 1), (2, 'W2', 1),"
	" (3, 'W3', 1);"
	"INSERT INTO wish_state (wish_id, step, state, date, branch_id, member_id) VALUES"
	" (1, 1, 'ordered', '2024-01-01', NULL, NULL), (1, 2, 'dispatched', '2024-01-02', 3, NULL),"
	" (1, 3, 'taken', '2024-01-03', NULL, 1), (1, 4, 'done', '2024-12-31', NULL, NULL),"
	" (2, 1, 'ordered', '2024-12-01', NULL, NULL), (2, 2, 'dispatched', '2024-12-02', 3, NULL),"
	" (2, 3, 'taken', '2024-12-03', NULL, 1), (2, 4, 'done', '2025-01-01', NULL, NULL),"
	" (3, 1, 'ordered', '2024-02-01', NULL, NULL), (3, 2, 'dispatched', '2024-02-02', 3, NULL),"
	" (3, 3, 'taken', '2024-02-03', NULL, 1);";

/* Facts of sources whose facts all test the same things: grouped. */
static const char grouped[] =
	" { 'acts', { count = 'activity', where = { household = { \"H'1\", '' } } } },"
	" { 'any_act', { any = 'activity', where = { household = { \"H'1\", '' } } } },"
	" { 'mins', { sum = 'minutes', of = 'activity', where = { household = { \"H'1\", '' } } } },"
	" { 'hours', { sum = 'hours', of = 'activity', where = { household = { \"H'1\", '' } } } },"
	" { 'least', { min = 'minutes', of = 'activity', where = { household = { \"H'1\", '' } } } },"
	" { 'last', { max = 'date', of = 'activity', where = { household = { \"H'1\", '' } } } },"
	" { 'refused', { count = 'suggestion', where = { adopted = false } } },"
	" { 'first_refused', { min = 'date', of = 'suggestion', where = { adopted = false } } },"
	" { 'balance', { sum = 'points', of = 'ledger', within = 'through' } },"
	" { 'low', { min = 'points', of = 'ledger', within = 'through' } },"
	" { 'high', { max = 'points', of = 'ledger', within = 'through' } },"
	" { 'wishes', { count = 'wish' } },"
	" { 'first_done', { min = 'done', of = 'wish' } },"
	" { 'last_done', { max = 'done', of = 'wish' } },";

/* One fact per source no SQL aggregate gives: the sources then stream. */
static const char streamed[] =
	" { 'x1', { distinct = 'kind', of = 'activity' } },"
	" { 'x2', { latest = 'date', of = 'suggestion' } },"
	" { 'x3', { distinct = 'reason', of = 'ledger' } },"
	" { 'x4', { distinct = 'rating', of = 'wish' } },";

/* A plan of the declarations in the Lua list LIST. */
static void
plan_of(struct facts_plan *plan, const char *list)
{
	char *chunk = xasprintf("return { %s }", list);

	test_facts_plan(plan, chunk);
	free(chunk);
}

static int ngrouped, neach, njoins, nsorted;

/* Count the statements that group, those that aggregate a subquery per
 * member, and the LEFT JOINs of all, as run. */
static int
trace(unsigned type, void *ctx, void *p, void *x)
{
	const char *sql = sqlite3_sql(p), *j;

	if (type != SQLITE_TRACE_PROFILE || sql == NULL)
		return 0;
	if (strstr(sql, "GROUP BY") != NULL)
		ngrouped++;
	if (strstr(sql, "(SELECT ") != NULL && strstr(sql, "FROM member facts_m") != NULL)
		neach++;
	for (j = sql; (j = strstr(j, "LEFT JOIN")) != NULL; j++)
		njoins++;
	if (strstr(sql, "ORDER BY member_id, date") != NULL)
		nsorted++;
	return 0;
}

/* The member facts of every member under PLAN, as text, one line each. */
static char *
facts_text(const struct facts_plan *plan, const struct facts_plan *names,
    const struct facts_period *per, const struct orgtree *orgs)
{
	struct facts_cursor *c = facts_open(&db, plan, per, orgs, 0, 0, &err);
	struct facts_member m;
	struct sbuf b;

	sbuf_init(&b);
	CHECK(c != NULL);
	while (c && facts_next(c, &m, &err) == 1) {
		sbuf_addf(&b, "%s:", m.code);
		for (size_t i = 0; i < names->member_schema.n; i++) {
			const char *name = names->member_schema.names[i];
			const struct view_value *v =
			    &m.facts[view_schema_find(&plan->member_schema, name)];

			sbuf_addf(&b, " %s=", name);
			if (v->type == VIEW_STR)
				sbuf_addf(&b, "'%s'", v->s);
			else if (v->type == VIEW_NUM)
				sbuf_addf(&b, "%g", v->n);
			else if (v->type == VIEW_NIL)
				sbuf_adds(&b, "nil");
			else
				sbuf_addf(&b, "%lld", v->i);
		}
		sbuf_addc(&b, '\n');
	}
	facts_close(c);
	return sbuf_detach(&b);
}

static void
case_grouped_equals_streamed(void)
{
	struct facts_plan g, s;
	struct orgtree orgs;
	struct facts_period per;
	char path[512], *list = xasprintf("%s%s", grouped, streamed), *a, *b;
	int applied;

	snprintf(path, sizeof path, "%s/g.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK(db_exec(&db, data, &err) == 0);
	CHECK(orgtree_load(&db, NULL, &orgs, &err) == 0);
	sqlite3_trace_v2(db.h, SQLITE_TRACE_PROFILE, trace, NULL);
	plan_of(&g, grouped);
	plan_of(&s, list);
	facts_period_init(&per, 2024, NULL);
	ngrouped = 0;
	a = facts_text(&g, &g, &per, &orgs);
	CHECK_INT(ngrouped, 4);                    /* activity suggestion ledger wish */
	ngrouped = 0;
	b = facts_text(&s, &g, &per, &orgs);
	CHECK_INT(ngrouped, 0);
	CHECK_STR(a, b);
	CHECK_STR(a,
	    "M1: acts=3 any_act=1 mins=88 hours=1.46667 least=0 last='2024-12-31' refused=1"
	    " first_refused='2024-12-31' balance=3 low=-2 high=5 wishes=3"
	    " first_done='2024-12-31' last_done='2025-01-01'\n"
	    "M2: acts=0 any_act=0 mins=0 hours=0 least=nil last=nil refused=1"
	    " first_refused='2024-05-01' balance=0 low=nil high=nil wishes=0"
	    " first_done=nil last_done=nil\n"
	    "M3: acts=0 any_act=0 mins=0 hours=0 least=nil last=nil refused=0"
	    " first_refused=nil balance=0 low=nil high=nil wishes=0 first_done=nil"
	    " last_done=nil\n");
	free(a);
	free(b);
	/* As of a day in the year: the period ends there. */
	facts_period_init(&per, 2024, "2024-06-01");
	a = facts_text(&g, &g, &per, &orgs);
	b = facts_text(&s, &g, &per, &orgs);
	CHECK_STR(a, b);
	free(a);
	free(b);
	free(list);
	facts_plan_free(&g);
	facts_plan_free(&s);
	orgtree_free(&orgs);
	db_close(&db);
}

/* Dense: 24 activities of two members (8 or more a member makes the
 * source dense), at the edges of the period, a quarter voided (M2's
 * only rows in the year). */
static const char dense_data[] =
	"INSERT INTO org (id, code, name, kind) VALUES (1, 'C1', '社区一', 'community'),"
	" (3, 'U1', '单位', 'unit');"
	"INSERT INTO member (id, code, name, unit_id, community_id) VALUES"
	" (1, 'M1', '甲', 3, 1), (2, 'M2', '乙', 3, 1);"
	"WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 23)"
	" INSERT INTO activity (member_id, date, kind, minutes, content, voided)"
	" SELECT 1 + x % 2, CASE x % 4 WHEN 0 THEN '2023-12-31' WHEN 1 THEN '2024-01-01'"
	" WHEN 2 THEN '2024-12-31' ELSE '2025-01-01' END,"
	" CASE WHEN x % 3 = 0 THEN 'visit' ELSE 'service' END, x, 'c' || x,"
	" CASE WHEN x % 4 = 1 THEN '2024-06-01' END FROM n;"
	"INSERT INTO wish (id, code, community_id) VALUES (1, 'W1', 1);"
	"INSERT INTO wish_state (wish_id, step, state, date, branch_id, member_id) VALUES"
	" (1, 1, 'ordered', '2024-01-01', NULL, NULL), (1, 2, 'dispatched', '2024-01-02', 3, NULL),"
	" (1, 3, 'taken', '2024-01-03', NULL, 2), (1, 4, 'done', '2024-01-04', NULL, NULL);";

/* One fact of a dense source is a subquery per member; a query reading
 * no column of a LEFT JOIN drops it; both equal the rows streamed. */
static void
case_dense_each(void)
{
	struct facts_plan g, s;
	struct orgtree orgs;
	struct facts_period per;
	char path[512], *a, *b;
	int applied;

	snprintf(path, sizeof path, "%s/dense.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK(db_exec(&db, dense_data, &err) == 0);
	CHECK(orgtree_load(&db, NULL, &orgs, &err) == 0);
	sqlite3_trace_v2(db.h, SQLITE_TRACE_PROFILE, trace, NULL);
	plan_of(&g, " { 'served', { count = 'activity', where = { kind = 'service' } } },"
	    " { 'wishes', { count = 'wish' } },");
	plan_of(&s, " { 'served', { count = 'activity', where = { kind = 'service' } } },"
	    " { 'wishes', { count = 'wish' } },"
	    " { 'x1', { distinct = 'kind', of = 'activity' } },"
	    " { 'x2', { distinct = 'rating', of = 'wish' } },");
	facts_period_init(&per, 2024, NULL);
	ngrouped = neach = njoins = 0;
	a = facts_text(&g, &g, &per, &orgs);
	CHECK_INT(neach, 1);                       /* activity */
	CHECK_INT(ngrouped, 1);                    /* wish, sparse */
	CHECK_INT(njoins, 0);
	ngrouped = neach = njoins = 0;
	b = facts_text(&s, &g, &per, &orgs);
	CHECK_INT(neach + ngrouped, 0);
	CHECK_INT(njoins, 1);                      /* r: rating; d dropped */
	CHECK_STR(a, b);
	CHECK_STR(a, "M1: served=4 wishes=0\nM2: served=0 wishes=1\n");
	free(a);
	free(b);
	facts_plan_free(&g);
	facts_plan_free(&s);
	orgtree_free(&orgs);
	db_close(&db);
}

/* Registrations of one day in another order than their ids, and one
 * voided: the latest is the one of the greatest date and id. */
static const char keyed_data[] =
	"INSERT INTO org (id, code, name, kind) VALUES (1, 'C1', '社区一', 'community'),"
	" (2, 'C2', '社区二', 'community'), (3, 'U1', '单位', 'unit');"
	"INSERT INTO member (id, code, name, unit_id, community_id) VALUES"
	" (1, 'M1', '甲', 3, 1), (2, 'M2', '乙', 3, 2), (3, 'M3', '丙', 3, 1);"
	"INSERT INTO registration (id, member_id, community_id, date, kind, voided) VALUES"
	" (5, 1, 1, '2024-03-01', 'residence', NULL), (7, 1, 2, '2024-03-01', 'work', NULL),"
	" (9, 1, 2, '2024-01-01', 'residence', NULL), (4, 2, 1, '2024-05-01', 'residence', NULL),"
	" (3, 2, 2, '2024-05-01', 'residence', NULL), (8, 2, 1, '2024-06-01', 'work', '2024-07-01'),"
	" (6, 1, 1, '2025-01-01', 'residence', NULL);";

/* Latest and earliest read from each row's date and id, unsorted, equal
 * the same facts over rows sorted by date (a collect keeps the sort). */
static void
case_keyed_latest(void)
{
	struct facts_plan k, s;
	struct orgtree orgs;
	struct facts_period per;
	char path[512], *a, *b;
	int applied;
	static const char facts[] =
	    " { 'last', { latest = 'community', of = 'registration', within = 'through' } },"
	    " { 'last_kind', { latest = 'kind', of = 'registration', within = 'through' } },"
	    " { 'first', { earliest = 'community', of = 'registration', within = 'through' } },"
	    " { 'last_res', { latest = 'community', of = 'registration', within = 'through',"
	    "   where = { kind = 'residence' } } },";
	char *sorted = xasprintf("%s { 'seen', { collect = 'community', of = 'registration',"
	    " within = 'through' } },", facts);

	snprintf(path, sizeof path, "%s/keyed.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK(db_exec(&db, keyed_data, &err) == 0);
	CHECK(orgtree_load(&db, NULL, &orgs, &err) == 0);
	sqlite3_trace_v2(db.h, SQLITE_TRACE_PROFILE, trace, NULL);
	plan_of(&k, facts);
	plan_of(&s, sorted);
	facts_period_init(&per, 2024, NULL);
	nsorted = 0;
	a = facts_text(&k, &k, &per, &orgs);
	CHECK_INT(nsorted, 0);
	b = facts_text(&s, &k, &per, &orgs);
	CHECK_INT(nsorted, 1);
	CHECK_STR(a, b);
	CHECK_STR(a, "M1: last='C2' last_kind='work' first='C2' last_res='C1'\n"
	    "M2: last='C1' last_kind='residence' first='C2' last_res='C1'\n"
	    "M3: last=nil last_kind=nil first=nil last_res=nil\n");
	free(a);
	free(b);
	free(sorted);
	facts_plan_free(&k);
	facts_plan_free(&s);
	/* An org's reported communities: each member's latest registration. */
	plan_of(&k, " { 'comms', { distinct = 'reported_community', of = 'member' } },");
	nsorted = 0;
	{
		struct facts_cursor *c = facts_open(&db, &k, &per, &orgs, 0, 0, &err);
		struct facts_member m;
		struct sbuf r;

		sbuf_init(&r);
		sbuf_adds(&r, "");
		while (c && facts_next(c, &m, &err) == 1)
			sbuf_addf(&r, "%s:%lld ", m.code, m.reported_id);
		facts_close(c);
		CHECK_STR(r.s, "M1:2 M2:1 M3:0 ");
		sbuf_free(&r);
	}
	CHECK_INT(nsorted, 0);
	facts_plan_free(&k);
	orgtree_free(&orgs);
	db_close(&db);
}

void
test_factsgroup(void)
{
	test_case("facts: grouped sources equal the same facts streamed",
	    case_grouped_equals_streamed);
	test_case("facts: one fact of a dense source, a subquery per member",
	    case_dense_each);
	test_case("facts: latest and earliest from the date and id, unsorted",
	    case_keyed_latest);
}
