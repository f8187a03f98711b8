/*
 * model.h - the vocabulary of the data model: the closed sets of values
 * the records may hold and how spreadsheet text maps onto them.
 *
 * Each model_norm_*() takes a cell as a clerk typed it (Chinese or
 * English, any case, surrounding blanks) and returns the canonical value
 * the database stores (a static string), or NULL when the text is not one
 * of the accepted spellings.  Empty input is the caller's business.
 */
#ifndef BAODAO_MODEL_H
#define BAODAO_MODEL_H

/* org.kind: province city county street community unit branch
 * (省 市 县/区 街道/乡镇 社区/村 单位 支部/党支部). */
const char *model_norm_org_kind(const char *s);
/* gender: 男 女 (male/female, m/f). */
const char *model_norm_gender(const char *s);
/* membership: 正式 预备 (正式党员, 预备党员, full, probationary). */
const char *model_norm_membership(const char *s);
/* unit kind: 机关 事业 企业 大专院校 非公企业 社会组织 (事业单位 etc.). */
const char *model_norm_unit_kind(const char *s);
/* status: in_service retired transferred_out deceased reassigned
 * (在职 退休/离退休 转出/组织关系转出 去世/逝世/病故 调离). */
const char *model_norm_status(const char *s);
/* Whether canonical status S is one by which a member left the
 * organisation (transferred_out, deceased, reassigned): such a status
 * needs its date, ends the member's duties on that day, and is what
 * retention (baodao purge) counts from.  Retirement is not leaving. */
int   model_status_gone(const char *s);
/* registration kind: residence work liaison other
 * (居住地/常住地 工作地/工作所在地 联系社区/结对社区 其他). */
const char *model_norm_registration_kind(const char *s);
/* rating: 优 良 一般 (优秀 -> 优; excellent good fair). */
const char *model_norm_rating(const char *s);
/* The kinds of org_events and member_events are no vocabulary of the
 * core: the packs declare them (record.h, struct record_vocab). */
/* activity kind: the core kinds service public_welfare lecture
 * community_event visit ethnic_unity theme_day good_deed with their
 * Chinese names (志愿服务 公益活动 宣讲 社区活动 走访 民族团结 主题党日
 * 好人好事); any other lower-case identifier [a-z][a-z0-9_]* is returned
 * as given (a pack-declared kind), via *owned set to 1 and a copy the
 * caller frees; NULL when neither. */
const char *model_norm_activity_kind(const char *s, char **owned);

/* yes/no: 是 否 有 无 yes no y n true false 1 0 √ ×.  Returns 1, 0, or -1. */
int   model_parse_bool(const char *s);

/* Hours of service as integer minutes: "2", "1.5", "7:59" (h:mm),
 * "7小时59分", "7h59m", "30分钟".  Range 0 .. 24 h.  Returns minutes or -1. */
long  model_parse_minutes(const char *s);

/* A whole number (ledger points, counts), optional sign; -1 status on error.
 * Returns 0 and sets *out, or -1. */
int   model_parse_int(const char *s, long long *out);

/* The canonical activity kinds, NULL-terminated. */
extern const char *const model_activity_kinds[];

#endif
