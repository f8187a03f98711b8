/*
 * integrity.c - the checks that service hours cannot be padded
 * (integrity.h): one query of six parts, each one pass over the
 * activities of the period, and a finding's words made from its row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integrity.h"

/*
 * The findings as rows (check, member id, community id, date, the ids of
 * the records, how many, minutes, text, text, the record named), then
 * the member's code, the org and its number of findings.  ?1..?2 the
 * dates looked at, ?3 the most minutes of a day, ?4 the most signatures
 * of a day, ?5 the org whose findings are wanted (NULL: all).
 *
 * left_service is where a member's service ends: a status other than
 * in_service with its date.  A status kept as history elsewhere changes
 * this one definition.  The CROSS JOINs keep SQLite from scanning every
 * activity for the few members they are about.
 */
static const char integrity_sql[] =
	"WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE code = ?5"
	" UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id),"
	" left_service(member_id, status, date) AS (SELECT id, status, status_date FROM member"
	"  WHERE status <> 'in_service' AND status_date IS NOT NULL),"
	" f(chk, member_id, community_id, date, ids, n, minutes, t1, t2, id) AS ("
	/* day_hours: the covering index activity_scan, in (member, date) order */
	"  SELECT 0, member_id, NULL, date, group_concat(id, ' '), count(*), sum(minutes),"
	"   NULL, NULL, min(id) FROM activity WHERE date BETWEEN ?1 AND ?2 AND voided IS NULL"
	"   GROUP BY member_id, date HAVING sum(minutes) > ?3"
	/* self_verified: the table once, in the order it was imported (by
	 * member), so each member's row is looked up once in turn; from an
	 * index in date order the look-ups would jump about the member table */
	"  UNION ALL SELECT 1, a.member_id, NULL, a.date, a.id, 1, NULL, a.verifier, NULL,"
	"   a.id FROM activity a NOT INDEXED JOIN member m ON m.id = a.member_id"
	"   WHERE a.date BETWEEN ?1 AND ?2 AND a.voided IS NULL"
	"   AND (a.verifier = m.name OR a.verifier = m.code OR a.verifier = '本人')"
	/* verifier_day: the signed records sorted once by (day, community,
	 * verifier).  An index in that order makes this a third as long, but
	 * doubles the time import takes to write two million activities */
	"  UNION ALL SELECT 2, NULL, community_id, date, group_concat(id, ' '), count(*), NULL,"
	"   verifier, NULL, min(id) FROM activity"
	"   WHERE verifier IS NOT NULL AND date BETWEEN ?1 AND ?2 AND voided IS NULL"
	"   GROUP BY date, community_id, verifier HAVING count(*) > ?4"
	/* before_registration: each registered member's records before the first */
	"  UNION ALL SELECT 3, a.member_id, NULL, a.date, a.id, 1, a.minutes, r.first, NULL, a.id"
	"   FROM (SELECT member_id, min(date) AS first FROM registration WHERE voided IS NULL"
	"    GROUP BY member_id) r"
	"   CROSS JOIN activity a ON a.member_id = r.member_id AND a.date < r.first"
	"   WHERE a.date BETWEEN ?1 AND ?2 AND a.voided IS NULL"
	/* after_leaving */
	"  UNION ALL SELECT 4, a.member_id, NULL, a.date, a.id, 1, a.minutes, l.date, l.status, a.id"
	"   FROM left_service l CROSS JOIN activity a ON a.member_id = l.member_id"
	"   AND a.date > l.date WHERE a.date BETWEEN ?1 AND ?2 AND a.voided IS NULL"
	/* duplicate: keys seen twice, from the index \"duplicate activity\"; each
	 * record names the first of those it repeats */
	"  UNION ALL SELECT 5, member_id, NULL, date, id || ' ' || first, 2, minutes, NULL, NULL, id"
	"   FROM (SELECT a.id, a.member_id, a.date, a.minutes,"
	"    (SELECT min(x.id) FROM activity x WHERE x.member_id = a.member_id"
	"     AND x.date = a.date AND x.kind = a.kind AND x.content = a.content"
	"     AND x.minutes = a.minutes AND x.place IS a.place AND x.voided IS NULL) AS first"
	"    FROM (SELECT member_id, date, kind, content FROM activity"
	"     WHERE date BETWEEN ?1 AND ?2 GROUP BY member_id, date, kind, content"
	"     HAVING count(*) > 1) g"
	"    CROSS JOIN activity a ON a.member_id = g.member_id AND a.date = g.date"
	"     AND a.kind = g.kind AND a.content = g.content AND a.voided IS NULL)"
	"   WHERE first < id),"
	" w AS (SELECT f.*, m.code AS member, coalesce(u.code, c.code) AS org,"
	"  coalesce(u.name, c.name) AS org_name FROM f"
	"  LEFT JOIN member m ON m.id = f.member_id LEFT JOIN org u ON u.id = m.unit_id"
	"  LEFT JOIN org c ON c.id = f.community_id"
	"  WHERE ?5 IS NULL OR m.unit_id IN sub OR f.community_id IN sub)"
	" SELECT chk, member, org, org_name, date, ids, n, minutes, t1, t2,"
	"  count(*) OVER (PARTITION BY org) FROM w";

enum { IC_CHK, IC_MEMBER, IC_ORG, IC_ORG_NAME, IC_DATE, IC_IDS, IC_N, IC_MINUTES, IC_T1,
	IC_T2, IC_ORG_COUNT };

static const struct {
	const char *name, *field;
} integrity_checks[INTEGRITY_NCHECKS] = {
	[INTEGRITY_DAY_HOURS] = { "integrity.day_hours", "hours" },
	[INTEGRITY_SELF_VERIFIED] = { "integrity.self_verified", "verifier" },
	[INTEGRITY_VERIFIER_DAY] = { "integrity.verifier_day", "verifier" },
	[INTEGRITY_BEFORE_REGISTRATION] = { "integrity.before_registration", "date" },
	[INTEGRITY_AFTER_LEAVING] = { "integrity.after_leaving", "date" },
	[INTEGRITY_DUPLICATE] = { "integrity.duplicate", "content" },
};

struct integrity_cursor {
	sqlite3_stmt *st;
	struct db *db;
	long long temp, mapped, cache; /* the connection's settings, put back at close */
	const struct integrity_opts *o;
	struct integrity_finding f;
	char *label, *message;
	char from[11], to[11];
};

/* Minutes as hours the way import reads them back: 24:00, 7:59. */
static void
integrity_hours(char *buf, size_t n, long long minutes)
{
	snprintf(buf, n, "%lld:%02lld", minutes / 60, minutes % 60);
}

static int
integrity_cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* The ids of the row's records, in the order the row gives them. */
static void
integrity_ids(struct integrity_cursor *c, const char *s)
{
	struct integrity_finding *f = &c->f;
	size_t cap = 8;
	char *end;

	f->nids = 0;
	f->ids = xrealloc(f->ids, cap * sizeof *f->ids);
	while (s && *s) {
		long long id = strtoll(s, &end, 10);

		if (end == s)
			break;
		if (f->nids == cap)
			f->ids = xrealloc(f->ids, (cap *= 2) * sizeof *f->ids);
		f->ids[f->nids++] = id;
		s = end + strspn(end, " ");
	}
}

/* "#12, #13": the records of a day. */
static char *
integrity_id_list(const struct integrity_finding *f)
{
	struct sbuf b;

	sbuf_init(&b);
	for (size_t i = 0; i < f->nids; i++)
		sbuf_addf(&b, "%s#%lld", i ? tr(", ", "、") : "", f->ids[i]);
	return sbuf_detach(&b);
}

/* A record after the member left service, in the words of the status
 * that ended it: retirement, and the ways of leaving a member status may
 * name (转出, 去世, 调离); any other status by its stored word. */
static char *
integrity_left(const char *status, const char *date)
{
	if (strcmp(status, "retired") == 0)
		return xasprintf(tr("dated after the member retired on %s",
		    "晚于党员退休日期 %s"), date);
	if (strcmp(status, "transferred_out") == 0)
		return xasprintf(tr("dated after the member transferred out on %s",
		    "晚于党员转出日期 %s"), date);
	if (strcmp(status, "deceased") == 0)
		return xasprintf(tr("dated after the member died on %s", "晚于党员去世日期 %s"),
		    date);
	if (strcmp(status, "reassigned") == 0)
		return xasprintf(tr("dated after the member was reassigned on %s",
		    "晚于党员调离日期 %s"), date);
	return xasprintf(tr("dated after the member's status became '%s' on %s",
	    "晚于党员状态变为 '%s' 的日期 %s"), status, date);
}

/* The day's total, or one record longer than a day may hold. */
static char *
integrity_day_message(const struct integrity_cursor *c, sqlite3_stmt *st)
{
	char sum[32], max[32], *ids, *m;
	long long n = sqlite3_column_int64(st, IC_N);

	integrity_hours(sum, sizeof sum, sqlite3_column_int64(st, IC_MINUTES));
	integrity_hours(max, sizeof max, c->o->max_day_minutes);
	if (n == 1)
		return xasprintf(tr("%s hours in one record, more than a day may hold (%s,"
		    " max_day_hours)", "一条记录 %s 小时，超过一天最多的 %s 小时（max_day_hours）"),
		    sum, max);
	ids = integrity_id_list(&c->f);
	m = xasprintf(tr("%lld records of the day (%s) add up to %s hours, more than a day"
	    " may hold (%s, max_day_hours): they overlap", "当天 %lld 条记录（%s）合计 %s 小时，"
	    "超过一天最多的 %s 小时（max_day_hours）：时间重叠"), n, ids, sum, max);
	free(ids);
	return m;
}

/* The finding's words, from its row; the verifier is what a clerk typed,
 * so util_printable makes it safe for a terminal. */
static char *
integrity_message(struct integrity_cursor *c, sqlite3_stmt *st)
{
	const struct integrity_finding *f = &c->f;
	const char *t1 = (const char *)sqlite3_column_text(st, IC_T1);
	const char *t2 = (const char *)sqlite3_column_text(st, IC_T2);
	char *who, *m;

	switch (f->check) {
	case INTEGRITY_DAY_HOURS:
		return integrity_day_message(c, st);
	case INTEGRITY_SELF_VERIFIED:
		who = util_printable(t1);
		m = xasprintf(tr("signed by the member themself: the verifier is '%s'",
		    "由党员本人认证签字：认证人为 '%s'"), who);
		free(who);
		return m;
	case INTEGRITY_VERIFIER_DAY:
		who = util_printable(t1);
		m = xasprintf(tr("'%s' signed records of %s on %s: %lld, more than %d a day"
		    " (max_day_verifications): #%lld to #%lld", "'%s' 为 %s 在 %s 认证记录 %lld 条，"
		    "超过每天 %d 条（max_day_verifications）：#%lld 至 #%lld"), who,
		    f->org ? f->org : tr("no community", "未填社区"), f->date,
		    (long long)sqlite3_column_int64(st, IC_N), c->o->max_day_verifications,
		    f->ids[0], f->ids[f->nids - 1]);
		free(who);
		return m;
	case INTEGRITY_BEFORE_REGISTRATION:
		return xasprintf(tr("dated before the member's registration (报到) on %s",
		    "早于党员报到日期 %s"), t1);
	case INTEGRITY_AFTER_LEAVING:
		return integrity_left(t2, t1);
	default:
		return xasprintf(tr("the same member, date, kind, hours, content and place as"
		    " activity #%lld: a duplicate under another id", "与记录 #%lld 的党员、日期、"
		    "类别、时长、内容和地点完全相同：以不同编号重复录入"), f->ids[1]);
	}
}

/* "activity #12 M001 2024-06-01", or a verifier's "verifier '陈红' C001 2024-06-18". */
static char *
integrity_label(const struct integrity_finding *f, const char *verifier)
{
	char *who, *l;

	if (f->check != INTEGRITY_VERIFIER_DAY)
		return xasprintf("%s #%lld %s %s", tr("activity", "服务记录"), f->ids[0], f->member,
		    f->date);
	who = util_printable(verifier);
	l = xasprintf("%s '%s' %s %s", tr("verifier", "认证人"), who,
	    f->org ? f->org : "-", f->date);
	free(who);
	return l;
}

/*
 * The checks read every activity of the period once and sort the signed
 * ones: through the page cache alone (every page of a memory map stays in
 * the process's memory, up to the whole map), with a cache of 8 MB, and
 * with the sorts spilling to temporary files (SQLite's sorter never
 * spills when temporary storage is memory), so memory does not grow with
 * the records.  integrity_close() puts the settings back.
 */
static int
integrity_stream(struct integrity_cursor *c, struct error *e)
{
	c->temp = db_int(c->db, "PRAGMA temp_store", 0);
	c->mapped = db_int(c->db, "PRAGMA mmap_size", 0);
	c->cache = db_int(c->db, "PRAGMA cache_size", -2000);
	return db_exec(c->db, "PRAGMA temp_store = FILE; PRAGMA mmap_size = 0;"
	    " PRAGMA cache_size = -8192", e);
}

struct integrity_cursor *
integrity_open(struct db *db, const struct integrity_opts *o, struct error *e)
{
	struct integrity_cursor *c;
	char *sql = xasprintf("%s ORDER BY %s", integrity_sql, o->by_org ?
	    "org IS NULL, org, chk, member, date, id" : "chk, member, org, date, id");

	c = xcalloc(1, sizeof *c);
	c->o = o;
	c->db = db;
	if (integrity_stream(c, e) == 0)
		c->st = db_prepare(db, sql, e);
	free(sql);
	if (c->st == NULL) {
		integrity_close(c);
		return NULL;
	}
	snprintf(c->from, sizeof c->from, o->year ? "%04d-01-01" : "0000-00-00", o->year);
	snprintf(c->to, sizeof c->to, o->year ? "%04d-12-31" : "9999-99-99", o->year);
	sqlite3_bind_text(c->st, 1, c->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->st, 2, c->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(c->st, 3, o->max_day_minutes);
	sqlite3_bind_int(c->st, 4, o->max_day_verifications);
	db_bind_text(c->st, 5, o->org);
	return c;
}

int
integrity_next(struct integrity_cursor *c, const struct integrity_finding **out,
    struct error *e)
{
	struct integrity_finding *f = &c->f;
	sqlite3_stmt *st = c->st;
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			return 0;
		return error_set(e, EXIT_ENV, "integrity checks: %s",
		    sqlite3_errmsg(sqlite3_db_handle(st)));
	}
	f->check = (enum integrity_check)sqlite3_column_int(st, IC_CHK);
	f->name = integrity_checks[f->check].name;
	f->field = integrity_checks[f->check].field;
	f->member = (const char *)sqlite3_column_text(st, IC_MEMBER);
	f->org = (const char *)sqlite3_column_text(st, IC_ORG);
	f->org_name = (const char *)sqlite3_column_text(st, IC_ORG_NAME);
	f->community = f->check == INTEGRITY_VERIFIER_DAY;
	f->org_findings = (long)sqlite3_column_int64(st, IC_ORG_COUNT);
	f->date = (const char *)sqlite3_column_text(st, IC_DATE);
	integrity_ids(c, (const char *)sqlite3_column_text(st, IC_IDS));
	/* group_concat keeps the order of the scan; a day's records by id */
	if (f->check != INTEGRITY_DUPLICATE)
		qsort(f->ids, f->nids, sizeof *f->ids, integrity_cmp_id);
	free(c->label);
	free(c->message);
	c->label = integrity_label(f, (const char *)sqlite3_column_text(st, IC_T1));
	c->message = integrity_message(c, st);
	f->label = c->label;
	f->message = c->message;
	*out = f;
	return 1;
}

/* Finalize the query and put the connection's settings back. */
void
integrity_close(struct integrity_cursor *c)
{
	struct error ignored = { 0 };
	char *sql;

	if (c == NULL)
		return;
	sqlite3_finalize(c->st);
	if (c->db != NULL && c->cache != 0) {
		sql = xasprintf("PRAGMA temp_store = %lld; PRAGMA mmap_size = %lld;"
		    " PRAGMA cache_size = %lld", c->temp, c->mapped, c->cache);
		db_exec(c->db, sql, &ignored);
		free(sql);
	}
	free(c->f.ids);
	free(c->label);
	free(c->message);
	free(c);
}
