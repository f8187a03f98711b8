/*
 * t_orgtree.c - the org table in memory: kinds, codes of absent orgs,
 * the scope of --org through parents numbered above their children, and
 * the org record org rules see.
 */
#include <stdio.h>
#include <string.h>

#include "migrate.h"
#include "orgtree.h"
#include "test.h"

void test_orgtree(void);

static struct db db;
static struct error err;

/* U1 (3) sits under C1 (6) under S1 (1) under P (5): a scope walk in id
 * order meets U1 before its parent is in scope.  Id 4 is a gap. */
static const char data[] =
	"INSERT INTO org (id, code, name, kind, parent_id, community_id, phone, secretary) VALUES"
	" (1, 'S1', '街道', 'street', 5, NULL, NULL, NULL),"
	" (2, 'C2', '社区二', 'community', NULL, NULL, NULL, NULL),"
	" (3, 'U1', '单位', 'unit', 6, 6, NULL, NULL),"
	" (5, 'P', '省', 'province', NULL, NULL, NULL, NULL),"
	" (6, 'C1', '社区一', 'community', 1, NULL, '123', '王'),"
	" (7, 'B1', '支部', 'branch', 3, NULL, NULL, NULL);";

/* A fresh database holding the orgs above. */
static void
setup(void)
{
	char path[512];
	int applied;

	snprintf(path, sizeof path, "%s/o.db", test_tmpdir());
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
	CHECK(db_exec(&db, data, &err) == 0);
}

static void
case_kinds_and_codes(void)
{
	struct orgtree o;

	CHECK_INT(orgtree_kind("unit"), ORGTREE_UNIT);
	CHECK_INT(orgtree_kind("province"), ORGTREE_PROVINCE);
	CHECK_INT(orgtree_kind("village"), -1);
	setup();
	CHECK(orgtree_load(&db, NULL, &o, &err) == 0);
	CHECK_INT(o.n, 8);
	CHECK_INT(o.kind[7], ORGTREE_BRANCH);
	CHECK_STR(orgtree_code(&o, 3), "U1");
	CHECK_STR(orgtree_code(&o, 0), "");          /* no org */
	CHECK_STR(orgtree_code(&o, 4), "");          /* a gap */
	CHECK_STR(orgtree_code(&o, 99), "");         /* past the table */
	for (long long id = 1; id < 8; id++)         /* no scope: every org */
		CHECK_INT(o.in_scope[id], id != 4);
	/* every string its own, a NULL cell NULL, in the one block */
	CHECK_STR(o.name[6], "社区一");
	CHECK_STR(o.kind_name[6], "community");
	CHECK_STR(o.text[6 * 5], "123");            /* phone */
	CHECK_STR(o.text[6 * 5 + 2], "王");         /* secretary */
	CHECK(o.text[6 * 5 + 1] == NULL && o.text[6 * 5 + 4] == NULL);
	CHECK(o.text[2 * 5] == NULL && o.code[4] == NULL);
	CHECK_STR(o.name[7], "支部");
	orgtree_free(&o);
	db_close(&db);
}

static void
case_scope(void)
{
	struct orgtree o;

	setup();
	CHECK(orgtree_load(&db, "S1", &o, &err) == 0);
	CHECK_INT(o.in_scope[1], 1);
	CHECK_INT(o.in_scope[6], 1);
	CHECK_INT(o.in_scope[3], 1);                 /* below its parent's id */
	CHECK_INT(o.in_scope[7], 1);
	CHECK_INT(o.in_scope[2], 0);
	CHECK_INT(o.in_scope[5], 0);                 /* above the scope */
	orgtree_free(&o);
	CHECK(orgtree_load(&db, "NOPE", &o, &err) != 0);
	CHECK_INT(err.code, EXIT_USAGE);
	CHECK(strstr(err.msg, "NOPE") != NULL);
	db_close(&db);
}

static void
case_fields(void)
{
	const struct view_schema *s = orgtree_schema();
	struct view_value v[14];
	struct orgtree o;

	CHECK_INT(s->n, 14);
	CHECK_STR(s->names[11], "street_name");
	CHECK_STR(s->names[3], "parent");
	CHECK_STR(s->names[7], "secretary");
	setup();
	CHECK(orgtree_load(&db, NULL, &o, &err) == 0);
	orgtree_fields(&o, 3, v);
	CHECK_STR(v[0].s, "U1");
	CHECK_STR(v[2].s, "unit");
	CHECK_STR(v[3].s, "C1");
	CHECK_STR(v[4].s, "C1");
	CHECK_STR(v[5].s, "");                       /* no phone */
	CHECK_STR(v[10].s, "社区一");                /* its parent's name */
	CHECK_STR(v[11].s, "街道");                  /* the street above */
	CHECK_STR(v[12].s, "");                      /* no county above */
	CHECK_STR(v[13].s, "社区一");                /* its community's name */
	CHECK_STR(orgtree_name_of(&o, 6, ORGTREE_STREET), "街道");
	CHECK_STR(orgtree_name_of(&o, 6, -1), "社区一");
	CHECK_STR(orgtree_name_of(&o, 4, -1), "");   /* a gap */
	orgtree_fields(&o, 6, v);
	CHECK_STR(v[1].s, "社区一");
	CHECK_STR(v[3].s, "S1");
	CHECK_STR(v[4].s, "");                       /* no community */
	CHECK_STR(v[5].s, "123");
	CHECK_STR(v[7].s, "王");
	orgtree_free(&o);
	db_close(&db);
}

void
test_orgtree(void)
{
	test_case("orgtree: kinds and codes", case_kinds_and_codes);
	test_case("orgtree: scope through parents", case_scope);
	test_case("orgtree: org record", case_fields);
}
