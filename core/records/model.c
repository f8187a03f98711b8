/*
 * model.c - the vocabulary of the data model: the spellings a clerk may
 * type for each closed set of values, and the numbers (hours of service,
 * whole numbers) the spreadsheets hold.
 *
 * Every vocabulary is one table of {spelling, canonical value}, looked up
 * by one helper after the cell is trimmed and its ASCII folded to lower
 * case.  The tables list every accepted spelling, canonical ones included,
 * so each table is the whole answer to "what may this column say".
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

#define DAY_MINUTES	(24 * 60)

struct alias {
	const char	*spelling;	/* trimmed, ASCII in lower case */
	const char	*canon;
};

static const struct alias org_kinds[] = {
	{ "province",		"province" },
	{ "省",			"province" },
	{ "city",		"city" },
	{ "市",			"city" },
	{ "county",		"county" },
	{ "县",			"county" },
	{ "区",			"county" },
	{ "县（市、区）",	"county" },
	{ "县(市、区)",		"county" },
	{ "street",		"street" },
	{ "街道",		"street" },
	{ "乡镇",		"street" },
	{ "镇",			"street" },
	{ "乡",			"street" },
	{ "community",		"community" },
	{ "社区",		"community" },
	{ "村",			"community" },
	{ "unit",		"unit" },
	{ "单位",		"unit" },
	{ "branch",		"branch" },
	{ "支部",		"branch" },
	{ "党支部",		"branch" },
	{ NULL,			NULL }
};

static const struct alias genders[] = {
	{ "男",		"男" },
	{ "male",	"男" },
	{ "m",		"男" },
	{ "女",		"女" },
	{ "female",	"女" },
	{ "f",		"女" },
	{ NULL,		NULL }
};

static const struct alias memberships[] = {
	{ "正式",		"正式" },
	{ "正式党员",		"正式" },
	{ "full",		"正式" },
	{ "预备",		"预备" },
	{ "预备党员",		"预备" },
	{ "probationary",	"预备" },
	{ NULL,			NULL }
};

static const struct alias unit_kinds[] = {
	{ "机关",		"机关" },
	{ "机关单位",		"机关" },
	{ "事业",		"事业" },
	{ "事业单位",		"事业" },
	{ "企业",		"企业" },
	{ "企业单位",		"企业" },
	{ "大专院校",		"大专院校" },
	{ "高校",		"大专院校" },
	{ "非公企业",		"非公企业" },
	{ "非公有制企业",	"非公企业" },
	{ "社会组织",		"社会组织" },
	{ NULL,			NULL }
};

static const struct alias statuses[] = {
	{ "in_service",	"in_service" },
	{ "在职",	"in_service" },
	{ "retired",	"retired" },
	{ "退休",	"retired" },
	{ "离退休",	"retired" },
	{ "transferred_out", "transferred_out" },
	{ "转出",	"transferred_out" },
	{ "组织关系转出", "transferred_out" },
	{ "deceased",	"deceased" },
	{ "去世",	"deceased" },
	{ "逝世",	"deceased" },
	{ "病故",	"deceased" },
	{ "reassigned",	"reassigned" },
	{ "调离",	"reassigned" },
	{ NULL,		NULL }
};

static const struct alias registration_kinds[] = {
	{ "residence",	"residence" },
	{ "居住地",	"residence" },
	{ "常住地",	"residence" },
	{ "work",	"work" },
	{ "工作地",	"work" },
	{ "工作所在地",	"work" },
	{ "liaison",	"liaison" },
	{ "联系社区",	"liaison" },
	{ "结对社区",	"liaison" },
	{ "other",	"other" },
	{ "其他",	"other" },
	{ "其它",	"other" },
	{ NULL,		NULL }
};

static const struct alias ratings[] = {
	{ "优",		"优" },
	{ "优秀",	"优" },
	{ "excellent",	"优" },
	{ "良",		"良" },
	{ "良好",	"良" },
	{ "good",	"良" },
	{ "一般",	"一般" },
	{ "fair",	"一般" },
	{ NULL,		NULL }
};

static const struct alias activity_kinds[] = {
	{ "service",		"service" },
	{ "志愿服务",		"service" },
	{ "服务",		"service" },
	{ "public_welfare",	"public_welfare" },
	{ "公益活动",		"public_welfare" },
	{ "公益",		"public_welfare" },
	{ "lecture",		"lecture" },
	{ "宣讲",		"lecture" },
	{ "community_event",	"community_event" },
	{ "社区活动",		"community_event" },
	{ "visit",		"visit" },
	{ "走访",		"visit" },
	{ "入户走访",		"visit" },
	{ "ethnic_unity",	"ethnic_unity" },
	{ "民族团结",		"ethnic_unity" },
	{ "民族团结联谊活动",	"ethnic_unity" },
	{ "theme_day",		"theme_day" },
	{ "主题党日",		"theme_day" },
	{ "good_deed",		"good_deed" },
	{ "好人好事",		"good_deed" },
	{ "实事好事",		"good_deed" },
	{ NULL,			NULL }
};

/* The canonical values are words too, so a yes/no is a vocabulary. */
static const struct alias bools[] = {
	{ "是",		"yes" },
	{ "有",		"yes" },
	{ "yes",	"yes" },
	{ "y",		"yes" },
	{ "true",	"yes" },
	{ "1",		"yes" },
	{ "√",		"yes" },
	{ "否",		"no" },
	{ "无",		"no" },
	{ "no",		"no" },
	{ "n",		"no" },
	{ "false",	"no" },
	{ "0",		"no" },
	{ "×",		"no" },
	{ NULL,		NULL }
};

const char *const model_activity_kinds[] = {
	"service", "public_welfare", "lecture", "community_event", "visit",
	"ethnic_unity", "theme_day", "good_deed", NULL
};

/* An ASCII digit; isdigit() is undefined for the negative chars of UTF-8. */
static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Trim s in place and fold its ASCII letters to lower case.  tolower() is
 * not used: in a single-byte locale it could rewrite bytes of UTF-8.
 */
static char *
fold(char *s)
{
	char *p;

	s = util_trim(s);
	for (p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return s;
}

/* The canonical value table t gives for cell s, or NULL. */
static const char *
lookup(const struct alias *t, const char *s)
{
	const char *canon = NULL;
	char *copy, *key;

	if (s == NULL)
		return NULL;
	/* Most cells are spelled as the table spells them (trimmed, lower
	 * case, so folding would change nothing): no copy to fold for them. */
	for (const struct alias *a = t; a->spelling != NULL; a++)
		if (strcmp(a->spelling, s) == 0)
			return a->canon;
	copy = xstrdup(s);
	key = fold(copy);
	for (; t->spelling != NULL; t++) {
		if (strcmp(t->spelling, key) == 0) {
			canon = t->canon;
			break;
		}
	}
	free(copy);
	return canon;
}

/* The canonical org.kind of cell s. */
const char *
model_norm_org_kind(const char *s)
{
	return lookup(org_kinds, s);
}

/* The canonical gender of cell s. */
const char *
model_norm_gender(const char *s)
{
	return lookup(genders, s);
}

/* Full or probationary membership, canonical. */
const char *
model_norm_membership(const char *s)
{
	return lookup(memberships, s);
}

/* The canonical kind of a member's work unit. */
const char *
model_norm_unit_kind(const char *s)
{
	return lookup(unit_kinds, s);
}

/* In service, retired, or gone (transferred out, deceased, reassigned),
 * canonical. */
const char *
model_norm_status(const char *s)
{
	return lookup(statuses, s);
}

int
model_status_gone(const char *s)
{
	return s != NULL && (strcmp(s, "transferred_out") == 0 || strcmp(s, "deceased") == 0 ||
	    strcmp(s, "reassigned") == 0);
}

/* The canonical reason a member registered with a community. */
const char *
model_norm_registration_kind(const char *s)
{
	return lookup(registration_kinds, s);
}

/* The canonical yearly rating. */
const char *
model_norm_rating(const char *s)
{
	return lookup(ratings, s);
}

/* A pack-declared kind: [a-z][a-z0-9_]*. */
static int
is_identifier(const char *s)
{
	if (*s < 'a' || *s > 'z')
		return 0;
	for (s++; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && !is_digit(*s) && *s != '_')
			return 0;
	return 1;
}

/*
 * A pack-declared kind is only trimmed, not folded: the pack wrote it in
 * lower case, and "Cleanup" is more likely a typo than a kind.  With owned
 * NULL only the core kinds are accepted.
 */
const char *
model_norm_activity_kind(const char *s, char **owned)
{
	const char *kind;
	char *copy, *p;

	if (owned != NULL)
		*owned = NULL;
	if ((kind = lookup(activity_kinds, s)) != NULL)
		return kind;
	if (s == NULL || owned == NULL)
		return NULL;
	copy = xstrdup(s);
	p = util_trim(copy);
	if (is_identifier(p))
		*owned = xstrdup(p);
	free(copy);
	return *owned;
}

/* Yes or no: 1, 0, or -1 when neither. */
int
model_parse_bool(const char *s)
{
	const char *v = lookup(bools, s);

	if (v == NULL)
		return -1;
	return strcmp(v, "yes") == 0;
}

/* Advance *pp past word if it starts there. */
static int
eat(const char **pp, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(*pp, word, len) != 0)
		return 0;
	*pp += len;
	return 1;
}

/* Advance *pp past the first of the NULL-terminated words found there. */
static int
eat_any(const char **pp, const char *const words[])
{
	for (; *words != NULL; words++)
		if (eat(pp, *words))
			return 1;
	return 0;
}

/* Skip ASCII spaces, as in "7 小时 30 分". */
static const char *
skip_spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/*
 * Read a run of digits at *pp into *v.  Values past a day's worth of
 * minutes are refused early, before they could overflow.
 */
static int
scan_uint(const char **pp, long *v)
{
	const char *p = *pp;

	if (!is_digit(*p))
		return -1;
	for (*v = 0; is_digit(*p); p++) {
		if (*v > DAY_MINUTES)
			return -1;
		*v = *v * 10 + (*p - '0');
	}
	*pp = p;
	return 0;
}

/* Exactly two digits at *pp, as the minutes and seconds of "7:05:00". */
static int
scan_two(const char **pp, long *v)
{
	const char *p = *pp;

	if (!is_digit(p[0]) || !is_digit(p[1]) || is_digit(p[2]))
		return -1;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	*pp += 2;
	return 0;
}

/*
 * Decimal hours at *pp ("7", "1.5", "7.99") as minutes, rounded to the
 * nearest.  The fraction is kept as an exact ratio: no floating point, so
 * no locale decimal point and no 7.9 * 60 = 473.99999.
 */
static int
scan_hours(const char **pp, long *min)
{
	const char *p = *pp;
	long h;
	long long num = 0, den = 1;

	if (scan_uint(&p, &h) == -1)
		return -1;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return -1;
		/* Digits past the ninth are below a microhour: ignored. */
		for (; is_digit(*p); p++) {
			if (den < 1000000000) {
				num = num * 10 + (*p - '0');
				den *= 10;
			}
		}
	}
	*min = h * 60 + (long)((num * 60 * 2 + den) / (den * 2));
	*pp = p;
	return 0;
}

/* "2", "1.5": a bare number is hours. */
static int
bare_hours(const char *p, long *min)
{
	return scan_hours(&p, min) == 0 && *p == '\0' ? 0 : -1;
}

/* An ASCII or full-width colon at *pp. */
static int
eat_colon(const char **pp)
{
	return eat(pp, ":") || eat(pp, "：");
}

/*
 * "7:59" (h:mm), and "7:59:00" as Excel writes a duration; the seconds
 * round to the nearest minute.
 */
static int
clock_time(const char *p, long *min)
{
	long h, m, sec = 0;

	if (scan_uint(&p, &h) == -1 || !eat_colon(&p) ||
	    scan_two(&p, &m) == -1 || m > 59)
		return -1;
	if (eat_colon(&p) && (scan_two(&p, &sec) == -1 || sec > 59))
		return -1;
	if (*p != '\0')
		return -1;
	*min = h * 60 + m + (sec >= 30);
	return 0;
}

/* Longer units first, so "min" is not read as "m" followed by "in". */
static const char *const hour_units[] = { "小时", "h", NULL };
static const char *const minute_units[] = { "分钟", "分", "min", "m", NULL };

/* One of units at *pp, with the spaces around it. */
static int
eat_unit(const char **pp, const char *const units[])
{
	const char *p = skip_spaces(*pp);

	if (!eat_any(&p, units))
		return 0;
	*pp = skip_spaces(p);
	return 1;
}

/*
 * "7小时59分", "7h59m", "2小时", "30分钟": hours then minutes, either one
 * may be left out but not both.
 */
static int
with_units(const char *p, long *min)
{
	const char *q;
	long v, total = 0;
	int seen = 0;

	q = p;
	if (scan_hours(&q, &v) == 0 && eat_unit(&q, hour_units)) {
		total += v;
		p = q;
		seen = 1;
	}
	q = p;
	if (scan_uint(&q, &v) == 0 && eat_unit(&q, minute_units)) {
		total += v;
		p = q;
		seen = 1;
	}
	if (!seen || *p != '\0')
		return -1;
	*min = total;
	return 0;
}

/* Hours of service in any accepted form, as minutes; -1 when none. */
long
model_parse_minutes(const char *s)
{
	char *copy, *p;
	long min;

	if (s == NULL)
		return -1;
	copy = xstrdup(s);
	p = fold(copy);
	if (bare_hours(p, &min) == -1 && clock_time(p, &min) == -1 &&
	    with_units(p, &min) == -1)
		min = -1;
	free(copy);
	return min <= DAY_MINUTES ? min : -1;
}

/* The digits of an optionally signed whole number, without overflow. */
static int
parse_int(const char *p, long long *out)
{
	unsigned long long v = 0, limit, d;
	int neg;

	neg = *p == '-';
	if (*p == '+' || *p == '-')
		p++;
	if (!is_digit(*p))
		return -1;
	/* The magnitude of LLONG_MIN is one more than LLONG_MAX. */
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (; is_digit(*p); p++) {
		d = (unsigned long long)(*p - '0');
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (*p != '\0')
		return -1;
	/* Negate v - 1: LLONG_MIN's magnitude does not fit a long long. */
	*out = neg && v > 0 ? -(long long)(v - 1) - 1 : (long long)v;
	return 0;
}

/* A trimmed, optionally signed whole number. */
int
model_parse_int(const char *s, long long *out)
{
	char *copy;
	int rc;

	if (s == NULL)
		return -1;
	copy = xstrdup(s);
	rc = parse_int(util_trim(copy), out);
	free(copy);
	return rc;
}
