/*
 * record.c - the record kinds, each declared once (record.h): columns,
 * the notices' headers for them, types, keys, references, pack test
 * defaults and documentation; the help text and the man page's column
 * table written from them; the vocabularies packs declare; and which
 * columns are personal data, and how they are masked.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "record.h"
#include "util.h"

/* A list of the notices' headers for a column. */
#define H(...)	((const char *const[]){ __VA_ARGS__, NULL })

#define RECORD_RATINGS	"优, 良, 一般"
#define RECORD_RATINGS_DOC "rating: 优 良 一般 (优秀 良好 excellent good fair)."
#define RECORD_VOCAB_DOC "kind: a word one of the packs declares (see Vocabularies below)."

const struct record_org_kind record_org_kinds[RECORD_NORGKINDS] = {
	{ "province",	"省" },
	{ "city",	"市" },
	{ "county",	"县（区）" },
	{ "street",	"街道（乡镇）" },
	{ "community",	"社区" },
	{ "unit",	"单位" },
	{ "branch",	"党支部" },
};

static const struct record_col record_org_cols[] = {
	{ "code", "code", RECORD_T_TEXT, RECORD_REQ | RECORD_KEY | RECORD_CODE,
	    .aliases = H("代码", "单位代码", "组织代码") },
	{ "name", "name", RECORD_T_TEXT, RECORD_REQ,
	    .aliases = H("名称", "组织名称", "单位名称"), .fixture = "=code" },
	{ "kind", "kind", RECORD_T_ENUM, RECORD_REQ,
	    .norm = model_norm_org_kind,
	    .accepted = "province, city, county, street, community, unit, branch"
	    " (省 市 县 街道 社区 单位 党支部)",
	    .aliases = H("类别", "组织类别"),
	    .doc = "kind: province city county street community unit branch\n"
	    "(省 市 县 区 街道 乡镇 镇 乡 社区 村 单位 支部 党支部)." },
	{ "parent", "parent_id", RECORD_T_ORG, 0, .kinds = RECORD_K_ANY,
	    .aliases = H("上级", "上级代码"),
	    .doc = "parent may be defined further down the same file; parent cycles are\n"
	    "rejected." },
	{ "phone", "phone", RECORD_T_TEXT, RECORD_PERSONAL, .aliases = H("联系电话") },
	{ "qq_group", "qq_group", RECORD_T_TEXT, 0, .aliases = H("QQ群") },
	{ "secretary", "secretary", RECORD_T_TEXT, 0, .aliases = H("书记", "党组织书记") },
	{ "mobile", "mobile", RECORD_T_TEXT, RECORD_PERSONAL, .aliases = H("手机") },
	{ "address", "address", RECORD_T_TEXT, RECORD_PERSONAL, .aliases = H("地址") },
	{ "community", "community_id", RECORD_T_ORG, 0, .kinds = RECORD_K_COMMUNITY,
	    .aliases = H("结对社区"),
	    .doc = "community is the unit's paired community (结对社区) or the branch's\n"
	    "designated community; only a unit or a branch may have one." },
	{ NULL }
};

static const struct record_col record_member_cols[] = {
	{ "id", "code", RECORD_T_TEXT, RECORD_REQ | RECORD_KEY | RECORD_CODE,
	    .aliases = H("党员编号", "编号", "身份编号") },
	{ "name", "name", RECORD_T_TEXT, RECORD_REQ, .aliases = H("姓名"),
	    .fixture = "=id" },
	{ "unit", "unit_id", RECORD_T_ORG, RECORD_REQ,
	    .kinds = RECORD_K_UNIT | RECORD_K_BRANCH, .aliases = H("单位代码", "所在单位"),
	    .fixture = "U1",
	    .doc = "unit is the code of a unit or branch; community (the residence\n"
	    "community) the code of a community." },
	{ "gender", "gender", RECORD_T_ENUM, 0,
	    .norm = model_norm_gender, .accepted = "男, 女", .aliases = H("性别"),
	    .doc = "gender 男 女 (male female m f)." },
	{ "ethnicity", "ethnicity", RECORD_T_TEXT, 0, .aliases = H("民族") },
	{ "health", "health", RECORD_T_TEXT, 0, .aliases = H("健康状况") },
	{ "birth", "birth", RECORD_T_MONTH, 0, .aliases = H("出生年月"),
	    .doc = "birth and joined are months." },
	{ "joined", "joined", RECORD_T_MONTH, 0, .aliases = H("入党时间") },
	{ "education", "education", RECORD_T_TEXT, 0, .aliases = H("学历", "文化程度") },
	{ "membership", "membership", RECORD_T_ENUM, 0,
	    .norm = model_norm_membership, .accepted = "正式, 预备",
	    .aliases = H("党员类别", "正式/预备", "正式或预备"),
	    .doc = "membership 正式 预备 (正式党员 预备党员 full probationary)." },
	{ "position", "position", RECORD_T_TEXT, 0,
	    .aliases = H("单位及职务", "工作单位及职务", "职务") },
	{ "unit_kind", "unit_kind", RECORD_T_ENUM, 0,
	    .norm = model_norm_unit_kind,
	    .accepted = "机关, 事业, 企业, 大专院校, 非公企业, 社会组织",
	    .aliases = H("单位属性"),
	    .doc = "unit_kind 机关 事业 企业 大专院校 非公企业 社会组织 (also 机关单位\n"
	    "事业单位 企业单位 高校 非公有制企业)." },
	{ "phone", "phone", RECORD_T_TEXT, RECORD_PERSONAL,
	    .aliases = H("联系方式", "手机", "本人联系电话", "手机号码", "联系电话") },
	{ "work_phone", "work_phone", RECORD_T_TEXT, RECORD_PERSONAL,
	    .aliases = H("单位电话", "工作单位联系电话") },
	{ "address", "address", RECORD_T_TEXT, RECORD_PERSONAL,
	    .aliases = H("常住住址", "家庭住址", "住址") },
	{ "community", "community_id", RECORD_T_ORG, 0, .kinds = RECORD_K_COMMUNITY,
	    .aliases = H("报到社区", "居住社区"), .fixture = "C1" },
	{ "specialties", "specialties", RECORD_T_TEXT, 0, .aliases = H("特长", "专业特长") },
	{ "interests", "interests", RECORD_T_TEXT, 0, .aliases = H("兴趣爱好") },
	{ "willingness", "willingness", RECORD_T_TEXT, 0,
	    .aliases = H("服务意愿", "是否愿意参加社区其他服务") },
	{ "availability", "availability", RECORD_T_TEXT, 0,
	    .aliases = H("能参加社区服务的时间") },
	{ "status", "status", RECORD_T_ENUM, 0,
	    .norm = model_norm_status,
	    .accepted = "在职, 退休, 转出, 去世, 调离 (in_service, retired, transferred_out,"
	    " deceased, reassigned)", .dflt = "in_service",
	    .aliases = H("状态", "党员状态"),
	    .doc = "status in_service retired transferred_out deceased reassigned (在职 退休\n"
	    "转出 去世 调离, also 离退休 组织关系转出 逝世 病故; default in_service).\n"
	    "status_date is the day of the change: transferred_out, deceased and\n"
	    "reassigned need it (the member is bound through that day), and a\n"
	    "deceased member's status never changes again." },
	{ "status_date", "status_date", RECORD_T_DATE, 0,
	    .aliases = H("状态日期", "状态变动日期", "退休日期", "转出日期", "去世日期", "调离日期") },
	{ "since", NULL, RECORD_T_DATE, 0,
	    .aliases = H("变动日期", "调动日期", "变更日期"),
	    .doc = "A change of status, unit or community is kept in the member's history\n"
	    "(baodao member history), dated by since, else by status_date when the\n"
	    "status changed, else by the day of the import." },
	{ "leader", "leader", RECORD_T_BOOL, 0, .dflt = "0", .aliases = H("领导干部"),
	    .doc = "leader and exempt are yes/no (default no); exempt_reason needs\n"
	    "exempt = 是." },
	{ "exempt", "exempt", RECORD_T_BOOL, 0, .dflt = "0", .aliases = H("免于报到", "豁免") },
	{ "exempt_reason", "exempt_reason", RECORD_T_TEXT, 0, .aliases = H("豁免原因") },
	{ "unreported_reason", "unreported_reason", RECORD_T_TEXT, 0,
	    .aliases = H("未报到的原因", "未报到的主要原因") },
	{ "party_group", "party_group", RECORD_T_TEXT, 0, .aliases = H("楼栋党小组") },
	{ "team", "team", RECORD_T_TEXT, 0,
	    .aliases = H("网格服务团队", "志愿服务小组", "服务团队") },
	{ NULL }
};

static const struct record_col record_registration_cols[] = {
	{ "member", "member_id", RECORD_T_MEMBER, RECORD_REQ | RECORD_KEY,
	    .aliases = H("党员编号") },
	{ "community", "community_id", RECORD_T_ORG, RECORD_REQ | RECORD_KEY,
	    .kinds = RECORD_K_COMMUNITY, .aliases = H("报到社区", "社区"), .fixture = "@" },
	{ "date", "date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY,
	    .aliases = H("报到日期", "日期") },
	{ "kind", "kind", RECORD_T_ENUM, 0,
	    .norm = model_norm_registration_kind,
	    .accepted = "residence, work, liaison, other (居住地 工作地 联系社区 其他)",
	    .dflt = "residence", .aliases = H("报到类型", "类型"),
	    .doc = "kind: residence work liaison other (居住地 常住地 工作地 工作所在地 联系社区\n"
	    "结对社区 其他 其它); default residence." },
	{ "receipt", "receipt", RECORD_T_DATE, 0, .aliases = H("回执日期", "回执", "回执单日期"),
	    .doc = "receipt (回执) may not be earlier than date." },
	{ NULL }
};

static const struct record_col record_post_cols[] = {
	{ "code", "code", RECORD_T_TEXT, RECORD_REQ | RECORD_KEY | RECORD_CODE,
	    .aliases = H("岗位代码", "代码", "编号") },
	{ "name", "name", RECORD_T_TEXT, RECORD_REQ, .aliases = H("岗位名称", "名称") },
	{ "category", "category", RECORD_T_TEXT, 0, .aliases = H("类别") },
	{ "community", "community_id", RECORD_T_ORG, 0, .kinds = RECORD_K_COMMUNITY,
	    .aliases = H("社区"),
	    .doc = "An empty community makes the post one of the whole region." },
	{ NULL }
};

static const struct record_col record_claim_cols[] = {
	{ "member", "member_id", RECORD_T_MEMBER, RECORD_REQ | RECORD_KEY,
	    .aliases = H("党员编号") },
	{ "post", "post_id", RECORD_T_POST, RECORD_REQ | RECORD_KEY,
	    .aliases = H("认领岗位", "岗位代码", "岗位") },
	{ "date", "date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY,
	    .aliases = H("认领日期", "日期") },
	{ NULL }
};

/* A wish's own row takes id, community, resident and content; the dated
 * columns become its wish_state rows (import.c's wish hook). */
static const struct record_col record_wish_cols[] = {
	{ "id", "code", RECORD_T_TEXT, RECORD_REQ | RECORD_KEY | RECORD_CODE,
	    .aliases = H("编号", "心愿编号") },
	{ "community", "community_id", RECORD_T_ORG, RECORD_REQ,
	    .kinds = RECORD_K_COMMUNITY, .aliases = H("社区") },
	{ "ordered", NULL, RECORD_T_DATE, RECORD_REQ, .aliases = H("居民点单", "点单日期") },
	{ "resident", "resident", RECORD_T_TEXT, 0, .aliases = H("居民", "点单居民") },
	{ "content", "content", RECORD_T_TEXT, 0, .aliases = H("心愿内容", "内容") },
	{ "dispatched", NULL, RECORD_T_DATE, 0, .aliases = H("支部下单", "下单日期") },
	{ "dispatcher", NULL, RECORD_T_ORG, 0, .kinds = RECORD_K_BRANCH,
	    .aliases = H("下单支部") },
	{ "taker", NULL, RECORD_T_MEMBER, 0, .aliases = H("接单党员") },
	{ "taken", NULL, RECORD_T_DATE, 0, .aliases = H("党员接单", "接单日期") },
	{ "done", NULL, RECORD_T_DATE, 0, .aliases = H("完成日期") },
	{ "rating", NULL, RECORD_T_ENUM, 0,
	    .norm = model_norm_rating, .accepted = RECORD_RATINGS, .aliases = H("评价") },
	{ NULL }
};

static const struct record_col record_activity_cols[] = {
	{ "member", "member_id", RECORD_T_MEMBER, RECORD_REQ | RECORD_KEY,
	    .aliases = H("党员编号", "编号") },
	{ "date", "date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY,
	    .aliases = H("年月日", "日期") },
	{ "kind", "kind", RECORD_T_ACTKIND, RECORD_REQ | RECORD_KEY,
	    .aliases = H("类别", "活动类型"),
	    .doc = "kind: service public_welfare lecture community_event visit ethnic_unity\n"
	    "theme_day good_deed (志愿服务 服务 公益活动 公益 宣讲 社区活动 走访 入户走访 民族团结\n"
	    "民族团结联谊活动 主题党日 好人好事 实事好事), or a lower-case identifier of a\n"
	    "pack's own kind." },
	{ "hours", "minutes", RECORD_T_MINUTES, RECORD_REQ,
	    .aliases = H("服务时间（小时）", "服务时间", "累计服务时间（小时）", "时长"),
	    .doc = "hours: 0 to 24, as 2, 1.5, 7:59, 7小时59分, 7h59m or 30分钟 (kept in\n"
	    "minutes)." },
	{ "community", "community_id", RECORD_T_ORG, RECORD_KEY,
	    .kinds = RECORD_K_COMMUNITY, .aliases = H("服务社区", "社区"), .fixture = "@" },
	{ "content", "content", RECORD_T_TEXT, RECORD_KEY | RECORD_BLANK,
	    .aliases = H("服务（活动）内容", "内容"), .fixture = "#" },
	{ "place", "place", RECORD_T_TEXT, 0, .aliases = H("服务地点", "地点"),
	    .fixture = "社区" },
	{ "rating", "rating", RECORD_T_ENUM, 0,
	    .norm = model_norm_rating, .accepted = RECORD_RATINGS, .aliases = H("评价"),
	    .fixture = "良", .doc = RECORD_RATINGS_DOC },
	{ "verifier", "verifier", RECORD_T_TEXT, 0, .aliases = H("认证签字", "认证人"),
	    .fixture = "社区书记" },
	{ "recorder", "recorder", RECORD_T_TEXT, 0, .aliases = H("记录人") },
	{ "beneficiary", "beneficiary", RECORD_T_TEXT, 0, .aliases = H("服务对象") },
	{ "participants", "participants", RECORD_T_TEXT, 0, .aliases = H("参加人员") },
	{ "household", "household", RECORD_T_TEXT, 0, .aliases = H("联系户", "走访户"),
	    .doc = "household names a paired household (for visits); wish a wish id." },
	{ "wish", "wish_id", RECORD_T_WISH, 0, .aliases = H("微心愿编号", "心愿编号") },
	{ NULL }
};

static const struct record_col record_suggestion_cols[] = {
	{ "member", "member_id", RECORD_T_MEMBER, RECORD_REQ | RECORD_KEY,
	    .aliases = H("党员编号") },
	{ "date", "date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY, .aliases = H("日期") },
	{ "content", "content", RECORD_T_TEXT, RECORD_KEY | RECORD_BLANK,
	    .aliases = H("建议内容", "内容") },
	{ "adopted", "adopted", RECORD_T_BOOL, RECORD_FACT, .dflt = "0",
	    .aliases = H("是否采纳"),
	    .doc = "adopted is yes/no (default no)." },
	{ NULL }
};

static const struct record_col record_pairing_cols[] = {
	{ "member", "member_id", RECORD_T_MEMBER, RECORD_REQ | RECORD_KEY,
	    .aliases = H("党员编号") },
	{ "household", "household", RECORD_T_TEXT, RECORD_REQ | RECORD_KEY,
	    .aliases = H("联系户", "结对户") },
	{ "start", "start_date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY,
	    .aliases = H("开始日期") },
	{ "household_kind", "household_kind", RECORD_T_TEXT, 0,
	    .aliases = H("户类别", "类别") },
	{ "household_ethnicity", "household_ethnicity", RECORD_T_TEXT, 0,
	    .aliases = H("民族") },
	{ "end", "end_date", RECORD_T_DATE, 0, .aliases = H("结束日期"),
	    .doc = "end may not be earlier than start; empty means the pairing goes on." },
	{ NULL }
};

static const struct record_col record_org_event_cols[] = {
	{ "org", "org_id", RECORD_T_ORG, RECORD_REQ | RECORD_KEY, .kinds = RECORD_K_ANY,
	    .aliases = H("组织代码", "代码") },
	{ "date", "date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY, .aliases = H("日期") },
	{ "kind", "kind", RECORD_T_VOCAB, RECORD_REQ | RECORD_KEY | RECORD_FACT,
	    .aliases = H("类别"), .doc = RECORD_VOCAB_DOC },
	{ "content", "content", RECORD_T_TEXT, RECORD_KEY | RECORD_BLANK,
	    .aliases = H("内容") },
	{ NULL }
};

static const struct record_col record_breach_cols[] = {
	{ "member", "member_id", RECORD_T_MEMBER, RECORD_REQ | RECORD_KEY,
	    .aliases = H("党员编号") },
	{ "date", "date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY, .aliases = H("日期") },
	{ "kind", "kind", RECORD_T_TEXT, RECORD_REQ | RECORD_KEY | RECORD_FACT,
	    .aliases = H("类别", "违纪类别") },
	{ "note", "note", RECORD_T_TEXT, 0, .aliases = H("说明", "备注") },
	{ NULL }
};

static const struct record_col record_member_event_cols[] = {
	{ "member", "member_id", RECORD_T_MEMBER, RECORD_REQ | RECORD_KEY,
	    .aliases = H("党员编号") },
	{ "date", "date", RECORD_T_DATE, RECORD_REQ | RECORD_KEY, .aliases = H("日期") },
	{ "kind", "kind", RECORD_T_VOCAB, RECORD_REQ | RECORD_KEY | RECORD_FACT,
	    .aliases = H("类别", "事项"), .doc = RECORD_VOCAB_DOC },
	{ "note", "note", RECORD_T_TEXT, 0, .aliases = H("说明", "备注") },
	{ NULL }
};

const struct record_kind record_kinds[] = {
	{ "orgs", "org", NULL,
	    "orgs           province ... branch: code, name, kind, parent",
	    NULL, record_org_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ "members", "member", NULL,
	    "members        party members: id, name, unit, residence community",
	    NULL, record_member_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ "registrations", "registration", "registration",
	    "registrations  a member reporting to a community (报到), with its receipt",
	    NULL, record_registration_cols,
	    RECORD_DATES_FUTURE, .keyunique = 1 },
	{ "posts", "post", NULL,
	    "posts          service posts (岗位) a community offers",
	    NULL, record_post_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ "claims", "claim", "claim",
	    "claims         a member claiming a post (认岗)",
	    NULL, record_claim_cols,
	    RECORD_DATES_FUTURE, .keyunique = 1 },
	{ "wishes", "wish", "wish",
	    "wishes         微心愿 with their 三单制 states",
	    "The dates follow the 三单制 order 居民点单 (ordered) \\(-> 支部下单 (dispatched,\n"
	    "by the branch dispatcher) \\(-> 党员接单 (taken, by the member taker) \\(->\n"
	    "done \\(-> rated: no state without the one before it, none dated before\n"
	    "it; dispatcher goes with dispatched, taker with taken, rating needs done.\n"
	    "rating: 优 良 一般.\n"
	    "A row is refused, naming its cell, for what\n"
	    ".B wish\n"
	    "refuses: a state dated after today, a dispatcher that does not serve the\n"
	    "wish's community, a taker retired or exempt or who left before the day\n"
	    "(转出, 去世, 调离), and a dispatcher or taker\n"
	    "other than the one already recorded (a re-import never changes who\n"
	    "dispatched or took a wish).", record_wish_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ "activities", "activity", "activity",
	    "activities     services and activities (记录卡 rows), hours in minutes",
	    "A record is\n.I complete\nwhen it has content, place, hours above 0, a rating"
	    " and a verifier\n(认证签字).", record_activity_cols,
	    RECORD_DATES_FUTURE, .keyunique = 1 },
	{ "suggestions", "suggestion", "suggestion",
	    "suggestions    a member's suggestions (建议), adopted or not",
	    NULL, record_suggestion_cols,
	    RECORD_DATES_FUTURE, .keyunique = 1 },
	{ "pairings", "pairing", "pairing",
	    "pairings       a member paired with a household (结对), from start to end",
	    NULL, record_pairing_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ "org_events", "org_event", "org_event",
	    "org_events     what a branch or unit did; kinds declared by packs",
	    NULL, record_org_event_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ "breaches", "breach", "breach",
	    "breaches       breaches of discipline (违纪)",
	    NULL, record_breach_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ "member_events", "member_event", "member_event",
	    "member_events  dated facts about a member; kinds declared by packs",
	    NULL, record_member_event_cols,
	    RECORD_DATES_NONE, .keyunique = 1 },
	{ NULL }
};

/* The kind called NAME, or NULL. */
const struct record_kind *
record_kind(const char *name)
{
	for (const struct record_kind *k = record_kinds; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

/* The kind filling TABLE, or NULL. */
const struct record_kind *
record_kind_of_table(const char *table)
{
	for (const struct record_kind *k = record_kinds; k->name != NULL; k++)
		if (strcmp(k->table, table) == 0)
			return k;
	return NULL;
}

int
record_nkinds(void)
{
	int n = 0;

	while (record_kinds[n].name != NULL)
		n++;
	return n;
}

int
record_ncols(const struct record_kind *k)
{
	int n = 0;

	while (k->cols[n].name != NULL)
		n++;
	return n;
}

/* The first KEEP bytes of S, then STARS, then TAIL, in a new string: a
 * form masks a field of every row, so without printf. */
static char *
record_mask_join(const char *s, size_t keep, const char *stars, const char *tail)
{
	size_t ns = strlen(stars), nt = strlen(tail);
	char *m = xmalloc(keep + ns + nt + 1);

	memcpy(m, s, keep);
	memcpy(m + keep, stars, ns);
	memcpy(m + keep + ns, tail, nt + 1);
	return m;
}

/* The index of K's column NAME, or -1. */
int
record_col_index(const struct record_kind *k, const char *name)
{
	for (int c = 0; k->cols[c].name != NULL; c++)
		if (strcmp(k->cols[c].name, name) == 0)
			return c;
	return -1;
}

int
record_personal(const struct record_kind *k, const char *name)
{
	int c = record_col_index(k, name);

	return c >= 0 && (k->cols[c].flags & RECORD_PERSONAL) != 0;
}

char *
record_mask(const char *s)
{
	size_t n = strlen(s), digits = 0, keep = 0;

	for (size_t i = 0; i < n; i++)
		digits += isdigit((unsigned char)s[i]) != 0;
	if (n == 0)
		return xstrdup("");
	if (digits >= 7 && digits * 2 > n)
		return record_mask_join(s, n < 3 ? n : 3, "****", s + (n > 4 ? n - 4 : 0));
	/* Two characters, not two bytes: a Chinese character is three. */
	for (int c = 0; c < 2 && keep < n; c++) {
		keep++;
		while (keep < n && ((unsigned char)s[keep] & 0xC0) == 0x80)
			keep++;
	}
	return record_mask_join(s, keep, "***", "");
}

/* The first key column of K of type T (its subject, its date), or -1. */
int
record_key_col(const struct record_kind *k, enum record_type t)
{
	for (int c = 0; k->cols[c].name != NULL; c++)
		if (k->cols[c].type == t && (k->cols[c].flags & RECORD_KEY))
			return c;
	return -1;
}

/* The first column of K holding a word packs declare, or -1. */
int
record_vocab_col(const struct record_kind *k)
{
	for (int c = 0; k->cols[c].name != NULL; c++)
		if (k->cols[c].type == RECORD_T_VOCAB)
			return c;
	return -1;
}

int
record_correctable(const struct record_kind *k)
{
	return k != NULL && record_key_col(k, RECORD_T_DATE) >= 0 &&
	    (record_key_col(k, RECORD_T_MEMBER) >= 0 || record_key_col(k, RECORD_T_ORG) >= 0);
}

void
record_show_sql(struct sbuf *b, const struct record_col *col, const char *expr)
{
	const struct record_kind *ref = record_ref_kind(col->type);

	if (col->type == RECORD_T_MINUTES)
		sbuf_addf(b, "CASE WHEN %s %% 60 = 0 THEN printf('%%d', %s / 60)"
		    " ELSE printf('%%d:%%02d', %s / 60, %s %% 60) END", expr, expr, expr, expr);
	else if (col->type == RECORD_T_BOOL)
		sbuf_addf(b, "CASE %s WHEN 1 THEN '是' WHEN 0 THEN '否' END", expr);
	else if (ref != NULL)
		sbuf_addf(b, "ifnull((SELECT %s FROM %s WHERE id = %s), %s)", ref->cols[0].field,
		    ref->table, expr, expr);
	else
		sbuf_addf(b, "CAST(%s AS TEXT)", expr);
}

void
record_label_sql(struct sbuf *b, const struct record_kind *k, const char *alias)
{
	char expr[96];

	sbuf_adds(b, "replace(replace(rtrim(");
	for (int c = 0, n = 0; k->cols[c].name != NULL; c++) {
		if (!(k->cols[c].flags & RECORD_KEY))
			continue;
		snprintf(expr, sizeof expr, "%s.%s", alias, k->cols[c].field);
		sbuf_adds(b, n++ ? " || '/' || ifnull(" : "ifnull(");
		record_show_sql(b, &k->cols[c], expr);
		sbuf_adds(b, ", '')");
	}
	sbuf_adds(b, ", '/'), char(10), ' '), char(13), ' ')");
}

/* The kind a reference column of type T names. */
const struct record_kind *
record_ref_kind(enum record_type t)
{
	switch (t) {
	case RECORD_T_ORG:
		return record_kind("orgs");
	case RECORD_T_MEMBER:
		return record_kind("members");
	case RECORD_T_POST:
		return record_kind("posts");
	case RECORD_T_WISH:
		return record_kind("wishes");
	default:
		return NULL;
	}
}

void
record_kind_list(char *buf, size_t n, const char *sep, const char *last)
{
	int nk = record_nkinds();
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < nk && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i == 0 ? "" :
		    i == nk - 1 ? last : sep, record_kinds[i].name);
}

void
record_help(FILE *out, const char *(*xlat)(const char *))
{
	fprintf(out, "%s", tr("\nKinds, in the order to load them:\n", "\n记录种类，按导入顺序：\n"));
	for (const struct record_kind *k = record_kinds; k->name != NULL; k++)
		fprintf(out, "  %s\n", xlat ? xlat(k->help) : k->help);
}

/* One line of the man page per column list: "code*, name*, kind*, ...". */
static void
record_man_cols(FILE *out, const struct record_kind *k)
{
	for (int c = 0; k->cols[c].name != NULL; c++)
		fprintf(out, "%s%s%s", c ? ", " : "", k->cols[c].name,
		    (k->cols[c].flags & RECORD_REQ) ? "*" : "");
	fprintf(out, ".\nKey: ");
	for (int c = 0, n = 0; k->cols[c].name != NULL; c++)
		if (k->cols[c].flags & RECORD_KEY)
			fprintf(out, "%s%s", n++ ? ", " : "", k->cols[c].name);
	fprintf(out, ".\n");
}

/* "Chinese headers: 代码 单位代码 (code); ..." */
static void
record_man_headers(FILE *out, const struct record_kind *k)
{
	int n = 0;

	for (int c = 0; k->cols[c].name != NULL; c++) {
		const char *const *a = k->cols[c].aliases;

		if (a == NULL || *a == NULL)
			continue;
		fprintf(out, "%s", n++ ? ";\n" : ".br\nChinese headers: ");
		for (; *a != NULL; a++)
			fprintf(out, "%s ", *a);
		fprintf(out, "(%s)", k->cols[c].name);
	}
	if (n)
		fprintf(out, ".\n");
}

void
record_man(FILE *out)
{
	for (const struct record_kind *k = record_kinds; k->name != NULL; k++) {
		int notes = 0;

		fprintf(out, ".TP\n.B %s\n", k->name);
		record_man_cols(out, k);
		for (int c = 0; k->cols[c].name != NULL; c++)
			if (k->cols[c].doc != NULL)
				fprintf(out, "%s%s\n", notes++ ? "" : ".br\n", k->cols[c].doc);
		if (k->doc != NULL)
			fprintf(out, "%s%s\n", notes ? "" : ".br\n", k->doc);
		record_man_headers(out, k);
	}
}

/* ---- vocabularies ---- */

int
record_is_word(const char *s)
{
	if (s == NULL || *s < 'a' || *s > 'z')
		return 0;
	for (s++; *s != '\0'; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= '0' && *s <= '9') && *s != '_')
			return 0;
	return 1;
}

/* S trimmed and with its ASCII letters in lower case (caller frees). */
static char *
record_fold(const char *s)
{
	char *copy = xstrdup(s), *t = util_trim(copy), *p, *out;

	for (p = t; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	out = xstrdup(t);
	free(copy);
	return out;
}

static struct record_word *
record_vocab_spelled(const struct record_vocab *v, const char *kind, const char *column,
    const char *spelling)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->w[i].spelling, spelling) == 0 && strcmp(v->w[i].kind, kind) == 0 &&
		    strcmp(v->w[i].column, column) == 0)
			return &v->w[i];
	return NULL;
}

void
record_vocab_add(struct record_vocab *v, const char *kind, const char *column,
    const char *word, const char *spelling, const char *pack)
{
	char *key = record_fold(spelling != NULL ? spelling : word);
	struct record_word *w;

	if (record_vocab_spelled(v, kind, column, key) != NULL) {
		free(key);
		return;
	}
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 16;
		v->w = xrealloc(v->w, v->cap * sizeof *v->w);
	}
	w = &v->w[v->n++];
	w->kind = xstrdup(kind);
	w->column = xstrdup(column);
	w->word = xstrdup(word);
	w->spelling = key;
	w->pack = xstrdup(pack != NULL ? pack : "");
}

void
record_vocab_merge(struct record_vocab *v, const struct record_vocab *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct record_word *w = &from->w[i];

		record_vocab_add(v, w->kind, w->column, w->word, w->spelling, w->pack);
	}
}

const char *
record_vocab_find(const struct record_vocab *v, const char *kind, const char *column,
    const char *text)
{
	char *key = record_fold(text);
	const struct record_word *w = record_vocab_spelled(v, kind, column, key);

	free(key);
	return w != NULL ? w->word : NULL;
}

static int
record_str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
record_vocab_words(const struct record_vocab *v, const char *kind, const char *column)
{
	const char **words = xcalloc(v->n + 1, sizeof *words);
	struct sbuf b;
	size_t n = 0;

	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->w[i].kind, kind) == 0 && strcmp(v->w[i].column, column) == 0)
			words[n++] = v->w[i].word;
	qsort(words, n, sizeof *words, record_str_cmp);
	sbuf_init(&b);
	sbuf_add(&b, "", 0);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(words[i], words[i - 1]) != 0)
			sbuf_addf(&b, "%s%s", b.len ? ", " : "", words[i]);
	free(words);
	return sbuf_detach(&b);
}

void
record_vocab_free(struct record_vocab *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->w[i].kind);
		free(v->w[i].column);
		free(v->w[i].word);
		free(v->w[i].spelling);
		free(v->w[i].pack);
	}
	free(v->w);
	memset(v, 0, sizeof *v);
}
