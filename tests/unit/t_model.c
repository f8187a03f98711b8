/*
 * t_model.c - unit tests of core/records/model.c: every vocabulary's spellings,
 * yes/no, hours of service and whole numbers.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "test.h"

struct sample {
	const char	*in;
	const char	*want;	/* NULL: must be rejected */
};

/* Run a normaliser over a table of spellings and canonical values. */
static void
check_norm(const char *(*norm)(const char *), const struct sample *t)
{
	for (; t->in != NULL; t++)
		if (!CHECK_STR(norm(t->in), t->want))
			fprintf(stderr, "  input \"%s\"\n", t->in);
}

static void
org_kind(void)
{
	static const struct sample t[] = {
		{ "province",		"province" },
		{ "  Province ",	"province" },
		{ "省",			"province" },
		{ "\u3000省\u3000",	"province" },
		{ "市",			"city" },
		{ "CITY",		"city" },
		{ "县",			"county" },
		{ "区",			"county" },
		{ "县（市、区）",	"county" },
		{ "County",		"county" },
		{ "街道",		"street" },
		{ "乡镇",		"street" },
		{ "镇",			"street" },
		{ "乡",			"street" },
		{ "street",		"street" },
		{ "社区",		"community" },
		{ "村",			"community" },
		{ "community",		"community" },
		{ "单位",		"unit" },
		{ "unit",		"unit" },
		{ "支部",		"branch" },
		{ "党支部",		"branch" },
		{ "Branch",		"branch" },
		{ "",			NULL },
		{ "省委",		NULL },
		{ "provinces",		NULL },
		{ NULL,			NULL }
	};

	check_norm(model_norm_org_kind, t);
	CHECK_STR(model_norm_org_kind(NULL), NULL);
}

static void
person_fields(void)
{
	static const struct sample gender[] = {
		{ "男", "男" }, { "M", "男" }, { "male", "男" },
		{ " Male ", "男" },
		{ "女", "女" }, { "f", "女" }, { "FEMALE", "女" },
		{ "x", NULL }, { "", NULL }, { NULL, NULL }
	};
	static const struct sample membership[] = {
		{ "正式", "正式" }, { "正式党员", "正式" }, { "Full", "正式" },
		{ "预备", "预备" }, { "预备党员", "预备" },
		{ "probationary", "预备" }, { "党员", NULL }, { NULL, NULL }
	};
	static const struct sample status[] = {
		{ "在职", "in_service" }, { "IN_SERVICE", "in_service" },
		{ "退休", "retired" }, { "retired", "retired" },
		{ "离职", NULL }, { NULL, NULL }
	};
	static const struct sample rating[] = {
		{ "优", "优" }, { "优秀", "优" }, { "Excellent", "优" },
		{ "良", "良" }, { "good", "良" },
		{ "一般", "一般" }, { "fair", "一般" },
		{ "差", NULL }, { NULL, NULL }
	};

	check_norm(model_norm_gender, gender);
	check_norm(model_norm_membership, membership);
	check_norm(model_norm_status, status);
	check_norm(model_norm_rating, rating);
}

static void
unit_and_registration(void)
{
	static const struct sample unit[] = {
		{ "机关", "机关" }, { "事业", "事业" }, { "事业单位", "事业" },
		{ "企业", "企业" }, { "大专院校", "大专院校" },
		{ "非公企业", "非公企业" }, { "社会组织", "社会组织" },
		{ "学校", NULL }, { NULL, NULL }
	};
	static const struct sample reg[] = {
		{ "居住地", "residence" }, { "常住地", "residence" },
		{ "Residence", "residence" },
		{ "工作地", "work" }, { "工作所在地", "work" },
		{ "work", "work" },
		{ "联系社区", "liaison" }, { "结对社区", "liaison" },
		{ "liaison", "liaison" },
		{ "其他", "other" }, { "OTHER", "other" },
		{ "户籍地", NULL }, { NULL, NULL }
	};

	check_norm(model_norm_unit_kind, unit);
	check_norm(model_norm_registration_kind, reg);
}

static void
activity_kind_core(void)
{
	static const struct sample t[] = {
		{ "志愿服务", "service" }, { "服务", "service" },
		{ "Service", "service" },
		{ "公益活动", "public_welfare" }, { "公益", "public_welfare" },
		{ "宣讲", "lecture" }, { "社区活动", "community_event" },
		{ "走访", "visit" }, { "入户走访", "visit" },
		{ "民族团结", "ethnic_unity" },
		{ "民族团结联谊活动", "ethnic_unity" },
		{ "主题党日", "theme_day" },
		{ "好人好事", "good_deed" }, { "实事好事", "good_deed" },
		{ NULL, NULL }
	};
	const struct sample *p;
	char *owned;
	size_t i;

	for (p = t; p->in != NULL; p++) {
		owned = (char *)"unset";
		CHECK_STR(model_norm_activity_kind(p->in, &owned), p->want);
		CHECK(owned == NULL);
	}
	for (i = 0; model_activity_kinds[i] != NULL; i++)
		CHECK_STR(model_norm_activity_kind(model_activity_kinds[i],
		    &owned), model_activity_kinds[i]);
	CHECK_INT(i, 8);
}

static void
activity_kind_declared(void)
{
	static const char *const bad[] = {
		"", "Tree_Planting", "1st_aid", "_x", "tree-planting",
		"tree planting", "植树", NULL
	};
	const char *kind;
	char *owned;
	size_t i;

	kind = model_norm_activity_kind("  tree_planting2 ", &owned);
	CHECK_STR(kind, "tree_planting2");
	CHECK(owned != NULL && kind == owned);
	free(owned);
	for (i = 0; bad[i] != NULL; i++) {
		CHECK_STR(model_norm_activity_kind(bad[i], &owned), NULL);
		CHECK(owned == NULL);
	}
	CHECK_STR(model_norm_activity_kind("tree_planting", NULL), NULL);
	CHECK_STR(model_norm_activity_kind("宣讲", NULL), "lecture");
	CHECK_STR(model_norm_activity_kind(NULL, &owned), NULL);
}

static void
bools(void)
{
	static const char *const yes[] = {
		"是", "有", "yes", "YES", "y", "true", "True", "1", "√", " 是 ",
		NULL
	};
	static const char *const no[] = {
		"否", "无", "no", "N", "false", "0", "×", NULL
	};
	static const char *const bad[] = {
		"", "maybe", "2", "是的", "ok", NULL
	};
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		CHECK_INT(model_parse_bool(yes[i]), 1);
	for (i = 0; no[i] != NULL; i++)
		CHECK_INT(model_parse_bool(no[i]), 0);
	for (i = 0; bad[i] != NULL; i++)
		CHECK_INT(model_parse_bool(bad[i]), -1);
	CHECK_INT(model_parse_bool(NULL), -1);
}

struct minutes {
	const char	*in;
	long		 want;	/* -1: must be rejected */
};

static void
minutes(void)
{
	static const struct minutes t[] = {
		{ "2",		120 },
		{ "8",		480 },
		{ "0",		0 },
		{ "1.5",	90 },
		{ "7.9",	474 },
		{ "7.99",	479 },		/* 479.4 rounds down */
		{ "0.0125",	1 },		/* 0.75 rounds up */
		{ " 2 ",	120 },
		{ "24",		1440 },
		{ "7:59",	479 },
		{ "0:30",	30 },
		{ "24:00",	1440 },
		{ "7:59:00",	479 },
		{ "7:59:30",	480 },
		{ "7：59",	479 },
		{ "7小时59分",	479 },
		{ "7小时59分钟", 479 },
		{ "7 小时 59 分", 479 },
		{ "2小时",	120 },
		{ "1.5小时",	90 },
		{ "30分钟",	30 },
		{ "30分",	30 },
		{ "7h59m",	479 },
		{ "7H59M",	479 },
		{ "7h 59m",	479 },
		{ "7h",		420 },
		{ "59m",	59 },
		{ "45min",	45 },
		{ "24:01",	-1 },
		{ "24.1",	-1 },
		{ "25",		-1 },
		{ "1441分钟",	-1 },
		{ "-1",		-1 },
		{ "-0:30",	-1 },
		{ "",		-1 },
		{ "   ",	-1 },
		{ "abc",	-1 },
		{ "7:5",	-1 },
		{ "7:60",	-1 },
		{ "7:599",	-1 },
		{ "1.",		-1 },
		{ ".5",		-1 },
		{ "7 59",	-1 },
		{ "7h59",	-1 },
		{ "h",		-1 },
		{ "59m7h",	-1 },
		{ "99999999999999999999", -1 },
		{ NULL,		0 }
	};
	const struct minutes *p;

	for (p = t; p->in != NULL; p++)
		if (!CHECK_INT(model_parse_minutes(p->in), p->want))
			fprintf(stderr, "  input \"%s\"\n", p->in);
	CHECK_INT(model_parse_minutes(NULL), -1);
}

static void
whole_numbers(void)
{
	long long v;

	CHECK(model_parse_int("42", &v) == 0 && v == 42);
	CHECK(model_parse_int(" +7 ", &v) == 0 && v == 7);
	CHECK(model_parse_int("-7", &v) == 0 && v == -7);
	CHECK(model_parse_int("-0", &v) == 0 && v == 0);
	CHECK(model_parse_int("007", &v) == 0 && v == 7);
	CHECK(model_parse_int("9223372036854775807", &v) == 0 &&
	    v == 9223372036854775807LL);
	CHECK(model_parse_int("-9223372036854775808", &v) == 0 &&
	    v == -9223372036854775807LL - 1);
	CHECK_INT(model_parse_int("9223372036854775808", &v), -1);
	CHECK_INT(model_parse_int("-9223372036854775809", &v), -1);
	CHECK_INT(model_parse_int("99999999999999999999", &v), -1);
	CHECK_INT(model_parse_int("", &v), -1);
	CHECK_INT(model_parse_int("+", &v), -1);
	CHECK_INT(model_parse_int("--1", &v), -1);
	CHECK_INT(model_parse_int("1.0", &v), -1);
	CHECK_INT(model_parse_int("12a", &v), -1);
	CHECK_INT(model_parse_int("1 000", &v), -1);
	CHECK_INT(model_parse_int(NULL, &v), -1);
}

void	test_model(void);

void
test_model(void)
{
	test_case("model org kind", org_kind);
	test_case("model person fields", person_fields);
	test_case("model unit and registration kinds", unit_and_registration);
	test_case("model activity kind core", activity_kind_core);
	test_case("model activity kind declared", activity_kind_declared);
	test_case("model bools", bools);
	test_case("model minutes", minutes);
	test_case("model whole numbers", whole_numbers);
}
