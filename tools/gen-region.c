/*
 * gen-region.c - a synthetic region of any size, as the CSV files
 * `baodao import` reads (orgs, members, registrations, posts, claims,
 * wishes, activities, suggestions, pairings, org_events, breaches,
 * member_events).
 *
 * The region is a made-up slice of 淮安: a city, its counties, streets and
 * communities; units (with the 附表2 codes, a few malformed) and their
 * branches; and for each member a year of what they did.  The shape is
 * chosen so that every pack of rules/ sees members who pass and members
 * who fail each of its requirements: retired and exempt members, units
 * the aksu pack exempts (镇, 公安, 派出所) or sends to their own unit (街道,
 * 社区居委会), 非公企业 and 社会组织 members huaian leaves out, late and
 * missing registrations, moves without a new registration, unit changes,
 * incomplete service records, 微心愿 in every 三单制 state, pairings with
 * and without monthly visits, late 实绩反馈单 stamps, breaches.
 *
 * A member's services fall between the first registration and the
 * retirement, and are signed by someone else; a few members in a
 * thousand, on purpose, break what `validate` checks of hours
 * (core/run/integrity.h): two records of a day that overlap, a record the
 * member signed, a duplicate under another id, one before the
 * registration and one after the retirement; and in one community in a
 * hundred the secretary signs a whole day's services at once.
 *
 * Output streams: each member's rows are written as the member is drawn,
 * and orgs are derived from their index, so memory does not grow with
 * --members.  The generator is its own PRNG (splitmix64), so a seed gives
 * the same files on every machine:
 *
 *     obj/gen-region --seed 20240101 --members 320 --year 2024 --out data/region
 *
 * Every name, phone number and address is invented.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the generator's PRNG and pickers ---- */

static uint64_t gen_state;

/* splitmix64: the next 64 random bits of the one stream. */
static uint64_t
gen_next(void)
{
	uint64_t z = (gen_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static long
rnd(long n)
{
	return n <= 1 ? 0 : (long)(gen_next() % (uint64_t)n);
}

/* True with probability pct in 100. */
static int
chance(int pct)
{
	return rnd(100) < pct;
}

/* A fixed function of (seed, i, salt): org attributes drawn from their index. */
static uint64_t
gen_hash(uint64_t seed, uint64_t i, uint64_t salt)
{
	uint64_t z = seed ^ (i * 0x9e3779b97f4a7c15ULL) ^ (salt << 48);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(a) ((a)[rnd((long)NELEM(a))])

/* ---- dates ---- */

#define DATELEN 24        /* a date buffer, roomy enough for any int year */

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The ISO date of a day number, into buf (DATELEN bytes). */
static char *
iso_from_days(long z, char *buf)
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(buf, DATELEN, "%04d-%02d-%02d", (int)(y % 10000), (int)m, (int)d);
	return buf;
}

/* ---- the region's shape ---- */

enum { F_ORGS, F_MEMBERS, F_REGISTRATIONS, F_POSTS, F_CLAIMS, F_WISHES, F_ACTIVITIES,
	F_SUGGESTIONS, F_PAIRINGS, F_ORG_EVENTS, F_BREACHES, F_MEMBER_EVENTS, F_COUNT };

static const char *const gen_files[F_COUNT] = {
	"orgs", "members", "registrations", "posts", "claims", "wishes", "activities",
	"suggestions", "pairings", "org_events", "breaches", "member_events"
};

static const char *const gen_headers[F_COUNT] = {
	"code,name,kind,parent,community,phone,secretary,address",
	"党员编号,姓名,性别,民族,出生年月,入党时间,单位代码,单位及职务,单位属性,联系方式,"
	    "常住住址,报到社区,特长,兴趣爱好,服务意愿,状态,退休日期,豁免,豁免原因,"
	    "未报到的原因,楼栋党小组,网格服务团队,领导干部",
	"member,community,date,kind,receipt",
	"code,name,category,community",
	"member,post,date",
	"id,community,ordered,resident,content,dispatched,dispatcher,taker,taken,done,rating",
	"member,date,kind,hours,community,content,place,rating,verifier,recorder,"
	    "beneficiary,participants,household",
	"member,date,content,adopted",
	"member,household,start,household_kind,household_ethnicity,end",
	"org,date,kind,content",
	"member,date,kind,note",
	"member,date,kind,note",
};

struct gen {
	uint64_t seed;
	long members;
	int year;
	long ncounty, nstreet, ncomm, nunit;
	int idwidth;
	long wishes;              /* wish ids given so far */
	int want_before, want_after;  /* the next member who can has that anomaly */
	FILE *f[F_COUNT];
};

/* Syllables of place names; none is 乡, 镇 or 城, which the aksu pack's
 * unit patterns read. */
static const char *const gen_syl[] = {
	"清", "安", "和", "平", "新", "华", "东", "西", "南", "北",
	"长", "兴", "福", "康", "文", "明", "河", "湖", "山", "海"
};

static const char *const gen_surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
	"徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"
};
static const char *const gen_given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
	"娟", "涛", "明", "超", "秀英", "华", "平", "刚", "桂英", "建华", "文", "斌"
};

/* The 15 posts of 淮安 附表1, codes 1-15. */
static const char *const gen_posts[] = {
	"党建工作指导岗", "社会组织服务岗", "社情民意收集岗", "便民服务奉献岗", "帮困助残关爱岗",
	"就业援助指导岗", "法制宣传教育岗", "医疗卫生保健岗", "环境卫生保洁岗", "公共设施维护岗",
	"社会治安维护岗", "民事纠纷调解岗", "矫正对象帮教岗", "文明新风倡导岗", "文体娱乐实践岗"
};

/* Kinds of unit: a name after the county's (or a place's), and the 单位
 * 属性.  Ordinary units are drawn by weight; every fourth unit is one of
 * the kinds the packs treat apart, in turn: huaian leaves 非公企业 and
 * 社会组织 out, aksu exempts 镇, 公安, 派出所 and 机要 units and sends 街道
 * and 社区 units to serve in their own unit. */
struct gen_unit_kind {
	const char *name;
	const char *attr;
	int weight;
};
static const struct gen_unit_kind gen_unit_kinds[] = {
	{ "委办公室", "机关", 6 }, { "人民政府办公室", "机关", 5 }, { "教育局", "机关", 6 },
	{ "财政局", "机关", 5 }, { "卫生健康委员会", "机关", 5 }, { "住房和城乡建设局", "机关", 5 },
	{ "自然资源和规划局", "机关", 4 }, { "市场监督管理局", "机关", 5 },
	{ "人力资源和社会保障局", "机关", 4 }, { "民政局", "机关", 4 }, { "人民医院", "事业", 6 },
	{ "第一中学", "事业", 5 }, { "实验小学", "事业", 5 }, { "疾病预防控制中心", "事业", 3 },
	{ "供电公司", "企业", 4 }, { "城市建设投资集团有限公司", "企业", 3 },
	{ "职业技术学院", "大专院校", 2 },
};
static const struct gen_unit_kind gen_unit_special[] = {
	{ "科技有限公司", "非公企业", 0 }, { "镇人民政府", "机关", 0 }, { "街道办事处", "机关", 0 },
	{ "志愿者协会", "社会组织", 0 }, { "公安分局", "机关", 0 }, { "社区居民委员会", "机关", 0 },
	{ "城南派出所", "机关", 0 }, { "机要局", "机关", 0 },
};

/* Activity kinds of every pack, weighted out of 100. */
struct gen_activity_kind {
	const char *kind;
	const char *content;
	int weight;
};
static const struct gen_activity_kind gen_activity_kinds[] = {
	{ "service", "便民服务", 28 }, { "public_welfare", "公益活动", 10 },
	{ "lecture", "政策宣讲", 8 }, { "community_event", "社区文化活动", 12 },
	{ "good_deed", "办实事好事", 9 }, { "culture", "文艺演出", 6 },
	{ "environment", "环境整治", 7 }, { "public_security", "治安巡逻", 5 },
	{ "visit", "走访慰问", 15 },
};

static const char *const gen_places[] = {
	"社区党群服务中心", "小区广场", "居民楼", "社区活动室", "老年活动中心", "社区卫生服务站"
};
static const char *const gen_topics[] = {
	"楼道杂物清理", "老旧小区加装电梯", "垃圾分类", "停车秩序", "助老送餐", "文明养犬",
	"社区夜间照明", "四点半课堂"
};
static const char *const gen_household_kinds[] = {
	"贫困户", "困难党员", "残疾人", "贫困学生", "孤寡老人", "贫困户", "残疾人", "孤寡老人",
	"低保边缘户", "独居老人"
};

/* ---- writing ---- */

static void gen_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Print a one-line error and exit 2. */
static void
gen_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("gen-region: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void emit(struct gen *g, int file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One CSV line into one of the files.  No field holds a comma or a quote. */
static void
emit(struct gen *g, int file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(g->f[file], fmt, ap);
	va_end(ap);
	fputc('\n', g->f[file]);
}

/* A made-up Chinese name. */
static const char *
person(char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", PICK(gen_surnames), PICK(gen_given));
	return buf;
}

/* A place name of two syllables from index i, with a number once they run out. */
static const char *
place_name(long i, const char *suffix, char *buf, size_t n)
{
	long k = (long)NELEM(gen_syl);

	if (i < k * k)
		snprintf(buf, n, "%s%s%s", gen_syl[i % k], gen_syl[(i / k) % k], suffix);
	else
		snprintf(buf, n, "%s%s%ld%s", gen_syl[i % k], gen_syl[(i / k) % k], i / (k * k),
		    suffix);
	return buf;
}

/* County i's code under the city: 320802, 320803, ... */
static const char *
county_code(long i, char *buf, size_t n)
{
	snprintf(buf, n, "3208%02ld", i + 2);
	return buf;
}

/* County i's name: 淮安's own eight, then made-up districts. */
static const char *
county_name(long i, char *buf, size_t n)
{
	static const char *const real[] = { "清江浦区", "淮阴区", "淮安区", "洪泽区", "涟水县",
		"盱眙县", "金湖县", "经济开发区" };

	if (i < (long)NELEM(real))
		snprintf(buf, n, "%s", real[i]);
	else
		place_name(i * 7 + 3, "区", buf, n);
	return buf;
}

/* Community c's code: C101, C102, ... */
static const char *
community_code(long c, char *buf, size_t n)
{
	snprintf(buf, n, "C%ld", c + 101);
	return buf;
}

/* Unit u's 单位属性 and name pattern, fixed by its index. */
static const struct gen_unit_kind *
unit_kind(const struct gen *g, long u)
{
	int total = 0, r;
	size_t k;

	if (u % 4 == 3)
		return &gen_unit_special[(u / 4) % NELEM(gen_unit_special)];
	for (k = 0; k < NELEM(gen_unit_kinds); k++)
		total += gen_unit_kinds[k].weight;
	r = (int)(gen_hash(g->seed, (uint64_t)u, 1) % (uint64_t)total);
	for (k = 0; r >= gen_unit_kinds[k].weight; k++)
		r -= gen_unit_kinds[k].weight;
	return &gen_unit_kinds[k];
}

/* The 附表2 code of unit u (three-digit groups: 008.001); one unit in
 * fifty keeps a code of its own making, which huaian.unit_code fails. */
static const char *
unit_code(long u, char *buf, size_t n)
{
	if (u % 50 == 5)
		snprintf(buf, n, "DW%05ld", u + 1);
	else
		snprintf(buf, n, "%03ld.%03ld", 8 + u / 999, u % 999 + 1);
	return buf;
}

/* Unit u's name: its county's and its kind's. */
static const char *
unit_name(const struct gen *g, long u, char *buf, size_t n)
{
	const struct gen_unit_kind *k = unit_kind(g, u);
	char county[64], place[64];

	county_name(u % g->ncounty, county, sizeof county);
	/* Towns, streets and residents' committees have names of their own. */
	if (strcmp(k->name, "镇人民政府") == 0 || strcmp(k->name, "街道办事处") == 0 ||
	    strcmp(k->name, "社区居民委员会") == 0)
		snprintf(buf, n, "%s%s", place_name(u, "", place, sizeof place), k->name);
	else
		snprintf(buf, n, "%s%s", county, k->name);
	return buf;
}

/* Branches of unit u: one to three. */
static int
unit_branches(const struct gen *g, long u)
{
	return 1 + (int)(gen_hash(g->seed, (uint64_t)u, 2) % 3);
}

/* Branch b of unit u: the unit's code and a three-digit number. */
static const char *
branch_code(long u, int b, char *buf, size_t n)
{
	char unit[32];

	snprintf(buf, n, "%s.%03d", unit_code(u, unit, sizeof unit), b);
	return buf;
}

/* ---- orgs and posts ---- */

/* The city, its counties, streets and communities, then every unit with
 * its branches, and the branches' org events. */
static void
gen_orgs(struct gen *g)
{
	char code[64], name[160], parent[64], comm[64], who[32], date[DATELEN];
	long i;
	int b;

	emit(g, F_ORGS, "320000,江苏省,province,,,,,");
	emit(g, F_ORGS, "320800,淮安市,city,320000,,,,");
	for (i = 0; i < g->ncounty; i++)
		emit(g, F_ORGS, "%s,%s,county,320800,,,,", county_code(i, code, sizeof code),
		    county_name(i, name, sizeof name));
	for (i = 0; i < g->nstreet; i++) {
		county_code(i % g->ncounty, parent, sizeof parent);
		emit(g, F_ORGS, "%s%03ld,%s,street,%s,,,,", parent, i / g->ncounty + 1,
		    place_name(i * 3 + 1, "街道", name, sizeof name), parent);
	}
	for (i = 0; i < g->ncomm; i++) {
		long s = i % g->nstreet;

		county_code(s % g->ncounty, parent, sizeof parent);
		emit(g, F_ORGS, "%s,%s,community,%s%03ld,,0517-836%05ld,%s,%s党群服务中心",
		    community_code(i, code, sizeof code), place_name(i, "社区", name, sizeof name),
		    parent, s / g->ncounty + 1, i % 100000, person(who, sizeof who), name);
	}
	for (i = 0; i < g->nunit; i++) {
		unit_code(i, code, sizeof code);
		unit_name(g, i, name, sizeof name);
		emit(g, F_ORGS, "%s,%s,unit,%s,%s,0517-837%05ld,,", code, name,
		    county_code(i % g->ncounty, parent, sizeof parent),
		    community_code(i % g->ncomm, comm, sizeof comm), i % 100000);
		for (b = 1; b <= unit_branches(g, i); b++) {
			int n;

			branch_code(i, b, code, sizeof code);
			/* One branch in ten has no designated community yet. */
			if (chance(10))
				comm[0] = '\0';
			else
				community_code((i + b) % g->ncomm, comm, sizeof comm);
			emit(g, F_ORGS, "%s,%s第%d党支部,branch,%s,%s,,%s,", code, name, b,
			    unit_code(i, parent, sizeof parent), comm, person(who, sizeof who));
			/* 实事好事 (changji wants three), 民族团结 and 主题党日
			 * (one each), and the 四张清单 once, often a year before. */
			n = (int)rnd(6);
			for (int e = 1; e <= n; e++)
				emit(g, F_ORG_EVENTS, "%s,%s,good_deed,第%d件实事", code,
				    iso_from_days(days_from_civil(g->year, 1 + (int)rnd(12),
				    1 + (int)rnd(28)), date), e);
			n = (int)rnd(3);
			for (int e = 1; e <= n; e++)
				emit(g, F_ORG_EVENTS, "%s,%s,ethnic_unity,民族团结联谊第%d次", code,
				    iso_from_days(days_from_civil(g->year, 1 + (int)rnd(12), 10 + e),
				    date), e);
			n = (int)rnd(3);
			for (int e = 1; e <= n; e++)
				emit(g, F_ORG_EVENTS, "%s,%s,theme_day,党旗映天山主题党日第%d次", code,
				    iso_from_days(days_from_civil(g->year, 1 + (int)rnd(12), 1),
				    date), e);
			if (chance(70))
				emit(g, F_ORG_EVENTS, "%s,%d-02-%02d,four_lists,四张清单", code,
				    g->year - (int)rnd(2), 1 + (int)rnd(28));
		}
	}
}

/* The 15 city posts, and two posts of each community: one whose category
 * names a 附表1 post (huaian counts it), one that names none. */
static void
gen_posts_all(struct gen *g)
{
	char comm[32];
	long i;

	for (i = 0; i < (long)NELEM(gen_posts); i++)
		emit(g, F_POSTS, "%ld,%s,淮安岗位,", i + 1, gen_posts[i]);
	for (i = 0; i < g->ncomm; i++) {
		community_code(i, comm, sizeof comm);
		emit(g, F_POSTS, "%s-01,社区%s,%s,%s", comm, gen_posts[i % NELEM(gen_posts)],
		    i % 2 ? gen_posts[i % NELEM(gen_posts)] : "4", comm);
		emit(g, F_POSTS, "%s-02,社区自设志愿服务岗,便民利民,%s", comm, comm);
	}
}

/* ---- one member ---- */

struct gen_member {
	char id[32];
	char name[32];
	long unit;
	char org[48];             /* the unit or branch the member belongs to */
	long comm;                /* residence community */
	char commcode[32];
	int retired, exempt, leader;
	long retire_day;
	int registered;
	long first_reg;           /* the day of the first registration */
	int active;               /* 0 idle, 1 busy */
};

/* The ISO date of y-m-d, into buf (DATELEN bytes). */
static const char *
day_iso(int y, int m, int d, char *buf)
{
	return iso_from_days(days_from_civil(y, m, d), buf);
}

/* A date in the year: month 1-12, day 1-28. */
static const char *
year_day(const struct gen *g, char *buf)
{
	return day_iso(g->year, 1 + (int)rnd(12), 1 + (int)rnd(28), buf);
}

/* The member row. */
static void
gen_member_row(struct gen *g, struct gen_member *m, long seq)
{
	static const char *const ethnic[] = { "汉族", "汉族", "汉族", "汉族", "汉族", "汉族",
		"汉族", "汉族", "汉族", "回族", "维吾尔族", "哈萨克族" };
	static const char *const specialties[] = { "法律", "医疗", "教育", "会计", "维修", "书法",
		"文艺", "心理咨询", "" };
	static const char *const interests[] = { "阅读", "跑步", "书法", "摄影", "象棋", "" };
	static const char *const reasons[] = { "长期出差", "身体原因", "工作繁忙", "外地居住" };
	static const char *const exempt_reasons[] = { "长期外派援疆", "驻村工作", "长期病休" };
	static const char *const positions[] = { "科员", "副科长", "科长", "主任", "教师", "医生",
		"工程师", "副局长" };
	const struct gen_unit_kind *k = unit_kind(g, m->unit);
	char retire[DATELEN] = "", address[96] = "", road[64];
	int born = g->year - 22 - (int)rnd(38), joined = born + 18 + (int)rnd(15);
	const char *spec = PICK(specialties), *intr = PICK(interests);

	if (joined >= g->year)
		joined = g->year - 1;
	if (m->retired)
		iso_from_days(m->retire_day, retire);
	/* One in thirty has no home address on record (four_clear fails). */
	if (!chance(3))
		snprintf(address, sizeof address, "淮安市%s%ld号",
		    place_name(rnd(400), "路", road, sizeof road), 1 + rnd(300));
	/* One in twelve has neither 特长 nor 兴趣 (jiangsu.four_clear fails). */
	if (chance(8))
		spec = intr = "";
	emit(g, F_MEMBERS, "%s,%s,%s,%s,%d-%02d,%d-%02d,%s,%s,%s,1%d%09ld,%s,%s,%s,%s,%s,%s,%s,%s,"
	    "%s,%s,%s,%s,%s",
	    m->id, person(m->name, sizeof m->name), chance(55) ? "男" : "女", PICK(ethnic),
	    born, 1 + (int)rnd(12), joined, 1 + (int)rnd(12), m->org, PICK(positions), k->attr,
	    3 + (int)rnd(7), rnd(1000000000L),
	    address, m->commcode, spec, intr,
	    chance(12) ? "" : "愿意", m->retired ? "退休" : "在职", retire,
	    m->exempt ? "是" : "否", m->exempt ? PICK(exempt_reasons) : "",
	    !m->registered && chance(50) ? PICK(reasons) : "",
	    chance(85) ? (seq % 9 == 0 ? "第1楼栋党小组" : "第2楼栋党小组") : "",
	    chance(80) ? "网格服务1组" : "", m->leader ? "是" : "否");
}

/* Registrations, and the unit changes and moves that ask for new ones
 * (aksu); the first is before the year or in it, before or after the
 * deadlines of fengxiang (05-15) and huaian (09-20). */
static void
gen_registrations(struct gen *g, struct gen_member *m)
{
	static const char *const kinds[] = { "residence", "residence", "residence", "residence",
		"residence", "residence", "residence", "residence", "residence", "residence",
		"residence", "residence", "residence", "residence", "residence", "residence",
		"residence", "work", "liaison", "other" };
	char date[DATELEN], other[32], later[DATELEN];
	const char *kind = m->leader && chance(50) ? "liaison" : PICK(kinds);
	long first;

	if (!m->registered)
		return;
	if (chance(55))
		first = days_from_civil(g->year - 1 - (int)rnd(3), 1 + (int)rnd(12), 1 + (int)rnd(28));
	else
		first = days_from_civil(g->year, 1 + (int)rnd(11), 1 + (int)rnd(28));
	iso_from_days(first, date);
	m->first_reg = first;
	if (chance(5)) {
		/* Moved: registered where the member used to live; half of
		 * them registered again where they live now. */
		community_code((m->comm + 1 + rnd(g->ncomm - 1)) % g->ncomm, other, sizeof other);
		emit(g, F_REGISTRATIONS, "%s,%s,%s,residence,", m->id, other, date);
		if (chance(50))
			emit(g, F_REGISTRATIONS, "%s,%s,%s,residence,%s", m->id, m->commcode,
			    iso_from_days(first + 30 + rnd(200), later), later);
		return;
	}
	/* A receipt (回执) comes back within a month, most of the time. */
	if (chance(60))
		emit(g, F_REGISTRATIONS, "%s,%s,%s,%s,%s", m->id, m->commcode, date, kind,
		    iso_from_days(first + rnd(30), later));
	else
		emit(g, F_REGISTRATIONS, "%s,%s,%s,%s,", m->id, m->commcode, date, kind);
	if (chance(3)) {
		/* A unit change in the year, after which a new registration is due. */
		long change = days_from_civil(g->year, 2 + (int)rnd(8), 1 + (int)rnd(28));

		emit(g, F_MEMBER_EVENTS, "%s,%s,unit_change,调动", m->id, iso_from_days(change, date));
		if (chance(60))
			emit(g, F_REGISTRATIONS, "%s,%s,%s,residence,", m->id, m->commcode,
			    iso_from_days((change > first ? change : first) + 1 + rnd(40), date));
	}
}

/* Claims: a 附表1 post by code, a post of the residence community, or one
 * of another community; in the year or before it. */
static void
gen_claims(struct gen *g, const struct gen_member *m)
{
	static const int counts[] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3 };
	int n = counts[rnd((long)NELEM(counts))];
	char post[48], date[DATELEN];

	for (int i = 0; i < n; i++) {
		int r = (int)rnd(100);
		int y = chance(70) ? g->year : g->year - 1 - (int)rnd(2);

		if (r < 55)
			snprintf(post, sizeof post, "%d", 1 + (int)rnd(15));
		else if (r < 90)
			snprintf(post, sizeof post, "%s-0%d", m->commcode, 1 + (int)rnd(2));
		else
			snprintf(post, sizeof post, "C%ld-01", 101 + rnd(g->ncomm));
		emit(g, F_CLAIMS, "%s,%s,%s", m->id, post,
		    day_iso(y, 1 + i * 4 + (int)rnd(4), 1 + (int)rnd(28), date));
	}
}

/* The branch that dispatches a wish of community COMM: the first branch of
 * the unit paired with it (unit c is paired with community c, and there
 * are more units than communities), as the wish workflow requires. */
static void
wish_dispatcher(const char *comm, char *buf, size_t n)
{
	branch_code(strtol(comm + 1, NULL, 10) - 101, 1, buf, n);
}

/* The 微心愿 the member takes, each through some of its 三单制 states;
 * now and then a wish no member has taken yet. */
static void
gen_wishes(struct gen *g, const struct gen_member *m)
{
	static const char *const contents[] = { "代购生活用品", "陪同就医", "修理水管",
		"辅导作业", "更换灯泡", "代缴水电费" };
	static const char *const ratings[] = { "优", "优", "良", "良", "良", "一般" };
	char dispatcher[48], comm[32], a[DATELEN], b[DATELEN], c[DATELEN], d[DATELEN], resident[32];
	int n = chance(45) ? 0 : chance(70) ? 1 : 2;

	if (!m->active)
		n = chance(80) ? 0 : 1;
	/* A retired or exempt member takes no wish (the wish workflow refuses). */
	if (m->retired || m->exempt)
		n = 0;
	for (int i = 0; i < n; i++) {
		long ordered = days_from_civil(g->year, 1 + (int)rnd(10), 1 + (int)rnd(28));
		long dispatched = ordered + rnd(4), taken = dispatched + rnd(4);
		long done = taken + 3 + rnd(38);
		int state = (int)rnd(100);

		snprintf(resident, sizeof resident, "%s大爷", PICK(gen_surnames));
		if (chance(85))
			snprintf(comm, sizeof comm, "%s", m->commcode);
		else
			community_code(rnd(g->ncomm), comm, sizeof comm);
		wish_dispatcher(comm, dispatcher, sizeof dispatcher);
		iso_from_days(ordered, a);
		iso_from_days(dispatched, b);
		iso_from_days(taken, c);
		iso_from_days(done, d);
		g->wishes++;
		if (state < 25)
			emit(g, F_WISHES, "W%06ld,%s,%s,%s,%s,%s,%s,%s,%s,,", g->wishes, comm, a,
			    resident, PICK(contents), b, dispatcher, m->id, c);
		else if (state < 55)
			emit(g, F_WISHES, "W%06ld,%s,%s,%s,%s,%s,%s,%s,%s,%s,", g->wishes, comm, a,
			    resident, PICK(contents), b, dispatcher, m->id, c, d);
		else
			emit(g, F_WISHES, "W%06ld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", g->wishes, comm, a,
			    resident, PICK(contents), b, dispatcher, m->id, c, d, PICK(ratings));
	}
	if (chance(4)) {
		long ordered = days_from_civil(g->year, 1 + (int)rnd(12), 1 + (int)rnd(28));

		wish_dispatcher(m->commcode, dispatcher, sizeof dispatcher);
		g->wishes++;
		if (chance(50))
			emit(g, F_WISHES, "W%06ld,%s,%s,%s大娘,%s,,,,,,", g->wishes, m->commcode,
			    iso_from_days(ordered, a), PICK(gen_surnames), PICK(contents));
		else
			emit(g, F_WISHES, "W%06ld,%s,%s,%s大娘,%s,%s,%s,,,,", g->wishes, m->commcode,
			    iso_from_days(ordered, a), PICK(gen_surnames), PICK(contents),
			    iso_from_days(ordered + 1 + rnd(3), b), dispatcher);
	}
}

/* Day DAY moved into the member's time of service, from the first
 * registration to the retirement, as reflected at its ends (so the days
 * stay spread); -1 when the member retired before registering. */
static long
service_day(const struct gen *g, const struct gen_member *m, long day)
{
	long lo = m->registered ? m->first_reg : LONG_MIN;
	long hi = m->retired ? m->retire_day : LONG_MAX;
	long end = days_from_civil(g->year, 12, 31), top, bottom;

	if (lo > hi)
		return -1;
	if (day < lo) {
		top = hi < end ? hi : end;
		day = lo + (lo - day) % (top > lo ? top - lo + 1 : 1);
	} else if (day > hi) {
		bottom = lo > hi - 364 ? lo : hi - 364;
		day = hi - (day - hi) % (hi - bottom + 1);
	}
	return day;
}

/* One activity row; seq keeps (member, date, kind, community, content)
 * unique.  The date is moved into the member's time of service; a member
 * who served no day has no record. */
static void
gen_activity(struct gen *g, const struct gen_member *m, const char *date, const char *kind,
    const char *content, int seq, const char *household)
{
	static const char *const ratings[] = { "优", "优", "优", "良", "良", "良", "良", "一般",
		"一般", "一般" };
	static const char *const hours[] = { "0.5", "1", "1.5", "2", "2", "2.5", "3", "4" };
	char comm[32], verifier[32], day[DATELEN];
	long served = service_day(g, m, days_from_civil(atoi(date), atoi(date + 5),
	    atoi(date + 8)));
	const char *place = chance(3) ? "" : PICK(gen_places);
	const char *rating = chance(4) ? "" : PICK(ratings);
	const char *h = chance(2) ? "0" : PICK(hours);

	if (household[0] != '\0' || chance(82))
		snprintf(comm, sizeof comm, "%s", m->commcode);
	else
		community_code(rnd(g->ncomm), comm, sizeof comm);
	/* The 认证签字: mostly the community's secretary, missing now and then. */
	if (chance(8))
		verifier[0] = '\0';
	else if (chance(50))
		snprintf(verifier, sizeof verifier, "社区书记");
	else if (strcmp(person(verifier, sizeof verifier), m->name) == 0)
		snprintf(verifier, sizeof verifier, "社区书记");   /* not the member */
	if (served < 0)
		return;
	emit(g, F_ACTIVITIES, "%s,%s,%s,%s,%s,%s%d,%s,%s,%s,社区网格员,%s,%s,%s", m->id,
	    iso_from_days(served, day), kind, h, comm, content, seq, place, rating, verifier,
	    household[0] != '\0' ? "结对户" : "居民", m->id, household);
}

/* The year's activities: idle members do a few, busy ones about twenty;
 * a few are dated in the year before (they count only for the bank). */
static void
gen_activities(struct gen *g, const struct gen_member *m)
{
	int n, total = 0;
	char date[DATELEN];

	n = m->active ? 6 + (int)rnd(31) : (int)rnd(4);
	for (size_t k = 0; k < NELEM(gen_activity_kinds); k++)
		total += gen_activity_kinds[k].weight;
	for (int i = 1; i <= n; i++) {
		int r = (int)rnd(total);
		size_t k;

		for (k = 0; r >= gen_activity_kinds[k].weight; k++)
			r -= gen_activity_kinds[k].weight;
		if (chance(4))
			day_iso(g->year - 1, 1 + (int)rnd(12), 1 + (int)rnd(28), date);
		else
			year_day(g, date);
		gen_activity(g, m, date, gen_activity_kinds[k].kind, gen_activity_kinds[k].content,
		    i, "");
	}
}

/* Suggestions to the community, in distinct months. */
static void
gen_suggestions(struct gen *g, const struct gen_member *m)
{
	static const int counts[] = { 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3 };
	int n = counts[rnd((long)NELEM(counts))];
	char date[DATELEN];

	for (int i = 0; i < n; i++)
		emit(g, F_SUGGESTIONS, "%s,%s,关于%s的建议,%s", m->id,
		    day_iso(g->year, 1 + i * 4 + (int)rnd(4), 1 + (int)rnd(28), date),
		    PICK(gen_topics), chance(40) ? "是" : "否");
}

/* A pairing with a household (one member in six), and a visit in most
 * months of it that fall in the year (fengxiang wants every month). */
static void
gen_pairings(struct gen *g, const struct gen_member *m)
{
	static const char *const ethnic[] = { "汉族", "汉族", "汉族", "回族", "维吾尔族" };
	char hh[48], start[DATELEN], end[DATELEN], date[DATELEN];
	int sm, em;

	if (!chance(17))
		return;
	snprintf(hh, sizeof hh, "H%s", m->id);
	/* Paired since a month of the year, or since the year before. */
	sm = chance(60) ? 1 : 1 + (int)rnd(6);
	if (chance(20)) {
		snprintf(start, sizeof start, "%d-%02d-01", g->year - 1, 1 + (int)rnd(12));
		sm = 1;
	} else
		snprintf(start, sizeof start, "%d-%02d-01", g->year, sm);
	/* Open, ended after six months, or ending the next year. */
	em = 12;
	end[0] = '\0';
	if (chance(30)) {
		em = sm + 5 > 12 ? 12 : sm + 5;
		iso_from_days(days_from_civil(em == 12 ? g->year + 1 : g->year,
		    em == 12 ? 1 : em + 1, 1) - 1, end);
	} else if (chance(30))
		snprintf(end, sizeof end, "%d-06-30", g->year + 1);
	emit(g, F_PAIRINGS, "%s,%s,%s,%s,%s,%s", m->id, hh, start, PICK(gen_household_kinds),
	    PICK(ethnic), end);
	for (int mo = sm; mo <= em; mo++)
		if (chance(m->active ? 92 : 50))
			gen_activity(g, m, day_iso(g->year, mo, 20 + (int)rnd(8), date), "visit",
			    "走访结对户", mo, hh);
}

/* Member events (the 实绩反馈单 stamp, the retirement notice) and breaches. */
static void
gen_events(struct gen *g, const struct gen_member *m)
{
	static const char *const breaches[] = { "吃拿卡要", "干扰社区工作", "索要补贴",
		"开展无关活动" };
	char date[DATELEN];

	if (m->registered && !m->retired && chance(72))
		emit(g, F_MEMBER_EVENTS, "%s,%s,feedback_sealed,社区盖章", m->id,
		    day_iso(g->year, 12, 8 + (int)rnd(18), date));
	if (m->retired && chance(75))
		emit(g, F_MEMBER_EVENTS, "%s,%s,retire_notice,单位告知", m->id,
		    iso_from_days(m->retire_day + rnd(13), date));
	if (chance(2))
		emit(g, F_BREACHES, "%s,%s,%s,社区反映", m->id, year_day(g, date), PICK(breaches));
}

/* A complete activity row of fixed values, of DAY (a day number). */
static void
gen_fixed_activity(struct gen *g, const struct gen_member *m, long day, const char *kind,
    const char *hours, const char *comm, const char *content, const char *verifier)
{
	char date[DATELEN];

	emit(g, F_ACTIVITIES, "%s,%s,%s,%s,%s,%s,社区党群服务中心,良,%s,社区网格员,居民,%s,", m->id,
	    iso_from_days(day, date), kind, hours, comm, content, verifier, m->id);
}

/* What validate's integrity checks find, made on purpose: by member
 * number, one in a thousand each; a record before the registration and
 * one after the retirement by the next member who has them (in the
 * year); in one community in a hundred every member's two services of
 * 1 July, signed at once.  Nothing here draws from the PRNG, so the rest
 * of the region is the same with or without them. */
static void
gen_anomalies(struct gen *g, const struct gen_member *m, long seq)
{
	long june = service_day(g, m, days_from_civil(g->year, 6, 15));
	long july = days_from_civil(g->year, 7, 1), jan = days_from_civil(g->year, 1, 1);

	g->want_before |= seq % 1000 == 44;
	g->want_after |= seq % 1000 == 55;
	if (june >= 0 && seq % 1000 == 11) {
		/* 12:00 and 12:01 of one day: they overlap */
		gen_fixed_activity(g, m, june, "service", "12", m->commcode, "通宵值守", "社区书记");
		gen_fixed_activity(g, m, june, "public_welfare", "12:01", m->commcode, "值守交接",
		    "社区书记");
	} else if (june >= 0 && seq % 1000 == 22) {
		gen_fixed_activity(g, m, june, "service", "2", m->commcode, "代写材料", m->name);
	} else if (june >= 0 && seq % 1000 == 33) {
		/* entered twice, once without its community and signature */
		gen_fixed_activity(g, m, june, "lecture", "2", m->commcode, "重复录入的宣讲", "社区书记");
		gen_fixed_activity(g, m, june, "lecture", "2", "", "重复录入的宣讲", "");
	}
	if (m->comm % 100 == 1 && service_day(g, m, july) == july) {
		gen_fixed_activity(g, m, july, "community_event", "1", m->commcode, "七一集中服务1",
		    "社区书记");
		gen_fixed_activity(g, m, july, "community_event", "1", m->commcode, "七一集中服务2",
		    "社区书记");
	}
	if (g->want_before && m->registered && !m->retired && m->first_reg > jan) {
		gen_fixed_activity(g, m, m->first_reg - 1, "service", "2", m->commcode,
		    "报到前一天的服务", "社区书记");
		g->want_before = 0;
	}
	if (g->want_after && m->retired && m->retire_day >= jan &&
	    (!m->registered || m->first_reg <= m->retire_day)) {
		gen_fixed_activity(g, m, m->retire_day + 1, "service", "2", m->commcode,
		    "退休次日的服务", "社区书记");
		g->want_after = 0;
	}
}

/* Draw member number seq and write every row of it. */
static void
gen_member(struct gen *g, long seq)
{
	struct gen_member m;

	memset(&m, 0, sizeof m);
	snprintf(m.id, sizeof m.id, "HA%0*ld", g->idwidth, seq + 1);
	m.unit = rnd(g->nunit);
	if (chance(67))
		branch_code(m.unit, 1 + (int)rnd(unit_branches(g, m.unit)), m.org, sizeof m.org);
	else
		unit_code(m.unit, m.org, sizeof m.org);
	m.comm = rnd(g->ncomm);
	community_code(m.comm, m.commcode, sizeof m.commcode);
	m.retired = chance(5);
	if (m.retired)
		m.retire_day = days_from_civil(chance(70) ? g->year : g->year - 1 - (int)rnd(3),
		    1 + (int)rnd(12), 1 + (int)rnd(28));
	m.exempt = !m.retired && chance(3);
	m.leader = chance(6);
	m.registered = chance(88);
	m.active = !m.retired && !m.exempt && chance(92);
	gen_member_row(g, &m, seq);
	gen_registrations(g, &m);
	gen_claims(g, &m);
	gen_wishes(g, &m);
	gen_activities(g, &m);
	gen_suggestions(g, &m);
	gen_pairings(g, &m);
	gen_events(g, &m);
	gen_anomalies(g, &m, seq);
}

/* ---- main ---- */

/* The --help text. */
static void
usage(FILE *fp)
{
	fputs("usage: gen-region [--seed N] [--members N] [--year Y] [--out DIR]\n"
	    "\n"
	    "Write a synthetic region as the CSV files baodao import reads, into DIR\n"
	    "(default ./region): orgs.csv members.csv registrations.csv posts.csv\n"
	    "claims.csv wishes.csv activities.csv suggestions.csv pairings.csv\n"
	    "org_events.csv breaches.csv member_events.csv.  The same seed gives the\n"
	    "same files.  Defaults: --seed 1 --members 100000 --year 2024.\n", fp);
}

/* A whole non-negative number from argument arg, or exit 2. */
static long
number(const char *opt, const char *arg, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = arg != NULL ? strtol(arg, &end, 10) : 0;
	if (arg == NULL || *arg == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
		gen_fail("%s wants a whole number from %ld to %ld", opt, lo, hi);
	return v;
}

/* Read the options, size the region from --members, write the files:
 * orgs and posts first, then each member's rows as it is drawn. */
int
main(int argc, char **argv)
{
	struct gen g;
	const char *out = "region";
	char path[4096];
	long i;

	memset(&g, 0, sizeof g);
	g.seed = 1;
	g.members = 100000;
	g.year = 2024;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--seed") == 0) {
			g.seed = (uint64_t)number(a, v, 0, 2147483647L);
			i++;
		} else if (strcmp(a, "--members") == 0) {
			g.members = number(a, v, 1, 99999999L);
			i++;
		} else if (strcmp(a, "--year") == 0) {
			g.year = (int)number(a, v, 1990, 2999);
			i++;
		} else if (strcmp(a, "--out") == 0) {
			if (v == NULL || *v == '\0')
				gen_fail("--out wants a folder");
			out = v;
			i++;
		} else {
			usage(stderr);
			return 2;
		}
	}
	gen_state = g.seed * 0x2545f4914f6cdd1dULL + 1;
	g.ncomm = g.members / 150 > 6 ? g.members / 150 : 6;
	g.nstreet = (g.ncomm + 5) / 6 > 3 ? (g.ncomm + 5) / 6 : 3;
	g.ncounty = (g.nstreet + 4) / 5;
	g.ncounty = g.ncounty < 2 ? 2 : g.ncounty > 90 ? 90 : g.ncounty;
	g.nunit = g.members / 40 > 16 ? g.members / 40 : 16;
	g.idwidth = 4;
	for (i = 10000; i <= g.members; i *= 10)
		g.idwidth++;
	if (mkdir(out, 0777) != 0 && errno != EEXIST)
		gen_fail("%s: %s", out, strerror(errno));
	for (i = 0; i < F_COUNT; i++) {
		snprintf(path, sizeof path, "%s/%s.csv", out, gen_files[i]);
		if ((g.f[i] = fopen(path, "w")) == NULL)
			gen_fail("%s: %s", path, strerror(errno));
		setvbuf(g.f[i], NULL, _IOFBF, 1 << 16);
		emit(&g, (int)i, "%s", gen_headers[i]);
	}
	gen_orgs(&g);
	gen_posts_all(&g);
	for (i = 0; i < g.members; i++)
		gen_member(&g, i);
	for (i = 0; i < F_COUNT; i++) {
		snprintf(path, sizeof path, "%s/%s.csv", out, gen_files[i]);
		if (ferror(g.f[i]) || fclose(g.f[i]) != 0)
			gen_fail("%s: write failed", path);
	}
	return 0;
}
