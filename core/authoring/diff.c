/*
 * diff.c - pack diff: two evaluations in one rolled-back transaction,
 * compared with SQL, printed as text or as one JSON document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "eval.h"
#include "emit.h"

#define DIFF_LINES 50    /* changed members and orgs listed in text */


/* A stored status ("p", "f", "n", "e": an outcome element's first) as its name. */
#define DIFF_STATUS(x) "CASE " x " WHEN 'p' THEN 'pass' WHEN 'f' THEN 'fail'" \
	" WHEN 'n' THEN 'n/a' WHEN 'e' THEN 'error' END"
#define DIFF_LEVEL(x) "CASE " x " WHEN 1 THEN 'org' ELSE 'member' END"
/* The stored status of outcome o (a run_outcome row) of run R: the
 * element it numbers in run_value (schema/020_run_outcomes.sql). */
#define DIFF_ST(R) "(SELECT v.value->>0 FROM run_value v WHERE v.run_id = " R \
	" AND v.part = o.no AND v.id = o.id)"

/* The two runs being compared (?1 old, ?2 new), as named sets every query
 * starts from.  pair: each member's result in both runs.  oa, ob: every
 * outcome of each run (run.h numbers them as run_requirement does).  ch:
 * each requirement outcome that differs, the requirements matched by id,
 * with NULL for the side that does not declare it (n/a there and absent
 * on the other side is no change: a new requirement that does not apply
 * moves nobody); the new side is looked up by the subject's key, never by
 * scanning the run.  moved: the members
 * with any change of outcome, score, grade, stars or award. */
static const char diff_cte[] =
	"WITH pair AS (SELECT ra.subject, ra.score AS sa, rb.score AS sb,"
	" ra.grade AS ga, rb.grade AS gb, ra.stars AS ta, rb.stars AS tb,"
	" ra.award AS aa, rb.award AS ab"
	" FROM run_subject ra JOIN run_subject rb ON rb.run_id = ?2 AND rb.level = 0"
	" AND rb.subject = ra.subject WHERE ra.run_id = ?1 AND ra.level = 0),"
	" oa AS (SELECT o.level AS lv, o.subject, o.no,"
	" " DIFF_ST("?1") " AS st FROM run_outcome o WHERE o.run_id = ?1),"
	" ob AS (SELECT o.level AS lv, o.subject, o.no,"
	" " DIFF_ST("?2") " AS st FROM run_outcome o WHERE o.run_id = ?2),"
	" cmp AS (SELECT oa.lv, oa.subject, qa.req, qa.no AS ord, oa.st AS old,"
	" (SELECT " DIFF_ST("?2") " FROM run_outcome o"
	"  WHERE o.run_id = ?2 AND o.level = oa.lv AND o.subject = oa.subject"
	"  AND o.no = qb.no) AS new"
	" FROM oa JOIN run_requirement qa ON qa.run_id = ?1 AND qa.no = oa.no"
	" LEFT JOIN run_requirement qb ON qb.run_id = ?2 AND qb.req = qa.req),"
	" ch AS (SELECT " DIFF_LEVEL("lv") " AS level, subject, req, ord,"
	" " DIFF_STATUS("old") " AS old, " DIFF_STATUS("new") " AS new"
	" FROM cmp WHERE new IS NOT old AND NOT (new IS NULL AND old = 'n')"
	" UNION ALL SELECT " DIFF_LEVEL("ob.lv") ", ob.subject, qb.req, qb.no, NULL,"
	" " DIFF_STATUS("ob.st")
	" FROM ob JOIN run_requirement qb ON qb.run_id = ?2 AND qb.no = ob.no"
	" WHERE ob.st <> 'n' AND NOT EXISTS (SELECT 1 FROM run_requirement qa"
	" WHERE qa.run_id = ?1 AND qa.req = qb.req)),"
	" moved AS (SELECT subject FROM pair WHERE sa IS NOT sb OR ga IS NOT gb"
	" OR ta IS NOT tb OR aa IS NOT ab UNION SELECT subject FROM ch WHERE level = 'member') ";

/* What a comparison section needs; out collects text or JSON. */
struct diff_ctx {
	struct db *db;
	long long run[2];         /* old, new */
	int json;
	int detail;               /* --members: each changed member and org */
	struct sbuf *out;         /* text */
	struct emit *w;           /* json: the document, written into out */
	struct error *e;
	long members, changed, orgs_changed;
	long reqs_differ;         /* requirements only one version declares */
};

/* ---- small helpers ---- */

/* A text column, NULL for SQL NULL. */
static const char *
diff_col(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* A statement over the two runs: the common named sets, then TAIL. */
static sqlite3_stmt *
diff_prepare(struct diff_ctx *d, const char *tail)
{
	char *sql = xasprintf("%s%s", diff_cte, tail);
	sqlite3_stmt *st = db_prepare(d->db, sql, d->e);

	free(sql);
	if (st) {
		sqlite3_bind_int64(st, 1, d->run[0]);
		sqlite3_bind_int64(st, 2, d->run[1]);
	}
	return st;
}

/* Step to the end of a statement: 0, or -1 with e set. */
static int
diff_done(struct diff_ctx *d, sqlite3_stmt *st, int rc)
{
	if (rc != SQLITE_DONE)
		db_fail(d->db, d->e, "comparing the runs");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* How text shows a missing grade, score, stars or community name. */
static const char *
diff_none(void)
{
	return tr("(none)", "（无）");
}

/* S, or the word for none when it is NULL. */
static const char *
diff_text(const char *s)
{
	return s ? s : diff_none();
}

/* An award column: true, false, or none. */
static const char *
diff_award_text(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return diff_none();
	return sqlite3_column_int(st, col) ? tr("yes", "是") : tr("no", "否");
}

/* An award column as JSON true, false or null. */
static void
diff_json_award(struct emit *w, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		emit_null(w);
	else
		emit_bool(w, sqlite3_column_int(st, col));
}

/* A score or stars column as a JSON number or null.  Numeric columns are
 * read as numbers only: a text conversion would make their type unknown. */
static void
diff_json_num(struct emit *w, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		emit_null(w);
	else
		emit_num(w, sqlite3_column_double(st, col));
}

/* Do two numeric columns (score, stars, award) hold the same value? */
static int
diff_same(sqlite3_stmt *st, int a, int b)
{
	int ta = sqlite3_column_type(st, a), tb = sqlite3_column_type(st, b);

	if (ta == SQLITE_NULL || tb == SQLITE_NULL)
		return ta == tb;
	return sqlite3_column_double(st, a) == sqlite3_column_double(st, b);
}

/* " a → b" of a numeric column pair for text. */
static void
diff_text_nums(struct sbuf *b, sqlite3_stmt *st, int col)
{
	for (int side = 0; side < 2; side++) {
		sbuf_adds(b, side ? " → " : " ");
		if (sqlite3_column_type(st, col + side) == SQLITE_NULL)
			sbuf_adds(b, diff_none());
		else
			sbuf_addf(b, "%g", sqlite3_column_double(st, col + side));
	}
}

/* "KEY":{pack, version, hash, findings} of one side. */
static void
diff_json_pack(struct emit *w, const char *key, const struct pack_info *pi, long findings)
{
	emit_key(w, key);
	emit_begin_object(w);
	emit_kstr(w, "pack", pi->id);
	emit_kstr(w, "version", pi->version);
	emit_kstr(w, "hash", pi->hash);
	emit_kint(w, "findings", findings);
	emit_end_object(w);
}

/* ---- sections ---- */

/* Members compared, members changed and orgs changed, which decide
 * what follows and the exit status. */
static int
diff_counts(struct diff_ctx *d)
{
	sqlite3_stmt *st = diff_prepare(d, "SELECT (SELECT count(*) FROM pair),"
	    " (SELECT count(*) FROM moved),"
	    " (SELECT count(DISTINCT subject) FROM ch WHERE level = 'org'),"
	    " (SELECT count(*) FROM (SELECT req FROM run_requirement WHERE run_id = ?1"
	    " UNION SELECT req FROM run_requirement WHERE run_id = ?2))"
	    " - (SELECT count(*) FROM (SELECT req FROM run_requirement WHERE run_id = ?1"
	    " INTERSECT SELECT req FROM run_requirement WHERE run_id = ?2))");
	int rc;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d->members = (long)sqlite3_column_int64(st, 0);
		d->changed = (long)sqlite3_column_int64(st, 1);
		d->orgs_changed = (long)sqlite3_column_int64(st, 2);
		d->reqs_differ = (long)sqlite3_column_int64(st, 3);
		rc = sqlite3_step(st);
	}
	return diff_done(d, st, rc);
}

/* The two packs, the year and scope, and the counts (or "no changes"). */
static void
diff_header(struct diff_ctx *d, const struct diff_opts *o, const struct eval_summary *s)
{
	struct sbuf *b = d->out;

	if (d->json) {
		emit_begin_object(d->w);
		diff_json_pack(d->w, "old", o->old_pack, s[0].findings);
		diff_json_pack(d->w, "new", o->new_pack, s[1].findings);
		emit_kint(d->w, "year", o->year);
		emit_kstr(d->w, "org", o->org);
		emit_kint(d->w, "members", d->members);
		emit_kint(d->w, "changed_members", d->changed);
		emit_kint(d->w, "changed_orgs", d->orgs_changed);
		return;
	}
	sbuf_addf(b, tr("%s %s (sha256 %.8s) → %s %s (sha256 %.8s), year %d%s%s:"
	    " %ld members compared\n", "%s %s（sha256 %.8s）→ %s %s（sha256 %.8s），%d 年%s%s："
	    "比较党员 %ld 名\n"), o->old_pack->id, o->old_pack->version, o->old_pack->hash,
	    o->new_pack->id, o->new_pack->version, o->new_pack->hash, o->year,
	    o->org ? tr(", org ", "，组织 ") : "", o->org ? o->org : "", d->members);
	if (s[0].findings || s[1].findings)
		sbuf_addf(b, tr("rule errors: %ld with the old pack, %ld with the new (counted as"
		    " error below; see 'baodao evaluate')\n", "规则错误：旧版 %ld 条，新版 %ld 条"
		    "（下文计为出错；见 'baodao evaluate'）\n"), s[0].findings, s[1].findings);
	if (d->changed == 0 && d->orgs_changed == 0 && d->reqs_differ == 0)
		sbuf_adds(b, tr("no changes\n", "没有变动\n"));
}

/* A grade name as a JSON string, or stars as a number (null for none). */
static void
diff_json_band(struct emit *w, const char *text, int numeric)
{
	if (numeric)
		emit_raw(w, text);
	else
		emit_str(w, text);
}

/* A list of the diff: in json the array under KEY, in text TITLE and then
 * one line per entry. */
static void
diff_list_open(struct diff_ctx *d, const char *title, const char *key)
{
	if (d->json) {
		emit_key(d->w, key);
		emit_begin_array(d->w);
	} else {
		sbuf_adds(d->out, title);
	}
}

/* Close a list of N entries; in text an empty one says none. */
static void
diff_list_close(struct diff_ctx *d, int n)
{
	if (d->json)
		emit_end_array(d->w);
	else
		sbuf_addf(d->out, "%s\n", n ? "" : tr(" none", "无"));
}

/* Grade or star moves under TITLE ("grade moves:"): from → to with a
 * count, most frequent first.  FROM and TO are columns of pair, fixed in
 * this file. */
static int
diff_moves(struct diff_ctx *d, const char *title, const char *key, const char *from,
    const char *to, int numeric)
{
	char *tail = xasprintf("SELECT %s, %s, count(*) FROM pair WHERE %s IS NOT %s"
	    " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2", from, to, from, to);
	sqlite3_stmt *st = diff_prepare(d, tail);
	struct sbuf *b = d->out;
	int rc, n = 0;

	free(tail);
	if (st == NULL)
		return -1;
	diff_list_open(d, title, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->json) {
			emit_begin_object(d->w);
			emit_key(d->w, "from");
			diff_json_band(d->w, diff_col(st, 0), numeric);
			emit_key(d->w, "to");
			diff_json_band(d->w, diff_col(st, 1), numeric);
			emit_kint(d->w, "count", sqlite3_column_int(st, 2));
			emit_end_object(d->w);
		} else {
			sbuf_addf(b, "\n  %s → %s: %d", diff_text(diff_col(st, 0)),
			    diff_text(diff_col(st, 1)), sqlite3_column_int(st, 2));
		}
		n++;
	}
	diff_list_close(d, n);
	return diff_done(d, st, rc);
}

/* Award eligibility gained and lost (no award counts as not eligible). */
static int
diff_award(struct diff_ctx *d)
{
	sqlite3_stmt *st = diff_prepare(d, "SELECT"
	    " coalesce(sum(coalesce(aa, 0) = 0 AND ab = 1), 0),"
	    " coalesce(sum(aa = 1 AND coalesce(ab, 0) = 0), 0) FROM pair");
	int rc;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int gained = sqlite3_column_int(st, 0), lost = sqlite3_column_int(st, 1);

		if (d->json) {
			emit_key(d->w, "award_moves");
			emit_begin_object(d->w);
			emit_kint(d->w, "gained", gained);
			emit_kint(d->w, "lost", lost);
			emit_end_object(d->w);
		} else {
			sbuf_addf(d->out, tr("award eligibility: %d gained, %d lost\n",
			    "评优资格：新增 %d 名，失去 %d 名\n"), gained, lost);
		}
		rc = sqlite3_step(st);
	}
	return diff_done(d, st, rc);
}

/* The grade moves and award moves of each unit with any (a unit's own
 * members, by their unit): most first, then by code. */
static int
diff_unit_moves(struct diff_ctx *d)
{
	sqlite3_stmt *st = diff_prepare(d, "SELECT u.code, u.name, sum(ga IS NOT gb) AS g,"
	    " sum(coalesce(aa, 0) = 0 AND ab = 1) AS ag, sum(aa = 1 AND coalesce(ab, 0) = 0) AS al"
	    " FROM pair JOIN member m ON m.id = pair.subject LEFT JOIN org u ON u.id = m.unit_id"
	    " GROUP BY u.id HAVING g + ag + al > 0 ORDER BY g + ag + al DESC, 1");
	int rc, n = 0;

	if (st == NULL)
		return -1;
	diff_list_open(d, tr("grade and award moves per unit:", "各单位等次和评优资格变动："),
	    "unit_moves");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->json) {
			emit_begin_object(d->w);
			emit_kstr(d->w, "code", diff_col(st, 0));
			emit_kstr(d->w, "name", diff_col(st, 1));
			emit_kint(d->w, "grade_moves", sqlite3_column_int(st, 2));
			emit_kint(d->w, "award_gained", sqlite3_column_int(st, 3));
			emit_kint(d->w, "award_lost", sqlite3_column_int(st, 4));
			emit_end_object(d->w);
		} else {
			sbuf_addf(d->out, tr("\n  %s %s: grade moves %d, award gained %d, lost %d",
			    "\n  %s %s：等次变动 %d，评优资格新增 %d，失去 %d"),
			    diff_col(st, 0) ? diff_col(st, 0) : "-", diff_text(diff_col(st, 1)),
			    sqlite3_column_int(st, 2), sqlite3_column_int(st, 3),
			    sqlite3_column_int(st, 4));
		}
		n++;
	}
	diff_list_close(d, n);
	return diff_done(d, st, rc);
}

/* Counts of one side (columns COL..COL+3: pass, fail, n/a, error) as
 * JSON {pass, fail, na, error}, or null when the side has no such
 * requirement (PRESENT is 0). */
static void
diff_json_counts(struct emit *w, const char *key, sqlite3_stmt *st, int present, int col)
{
	static const char *const names[] = { "pass", "fail", "na", "error" };

	emit_key(w, key);
	if (!present) {
		emit_null(w);
		return;
	}
	emit_begin_object(w);
	for (int i = 0; i < 4; i++)
		emit_kint(w, names[i], sqlite3_column_int(st, col + i));
	emit_end_object(w);
}

/* One requirement's counts in text: "pass 7 → 6, fail 1 → 2, n/a 0,
 * error 0", one number where both sides agree or only one declares it. */
static void
diff_text_counts(struct sbuf *b, sqlite3_stmt *st, int old, int new)
{
	const char *names[4];

	names[0] = tr("pass", "达到");
	names[1] = tr("fail", "未达到");
	names[2] = tr("n/a", "不适用");
	names[3] = tr("error", "出错");
	for (int i = 0; i < 4; i++) {
		int a = sqlite3_column_int(st, 4 + i), z = sqlite3_column_int(st, 8 + i);

		sbuf_addf(b, "%s%s ", i ? tr(", ", "，") : "", names[i]);
		if (old && new && a != z)
			sbuf_addf(b, "%d → %d", a, z);
		else
			sbuf_addf(b, "%d", old ? a : z);
	}
}

/* One requirement: id, level, whether it is new or gone, its counts. */
static void
diff_requirement_row(struct diff_ctx *d, sqlite3_stmt *st)
{
	int old = sqlite3_column_int(st, 2), new = sqlite3_column_int(st, 3);
	struct sbuf *b = d->out;

	if (d->json) {
		emit_begin_object(d->w);
		emit_kstr(d->w, "id", diff_col(st, 0));
		emit_kstr(d->w, "level", diff_col(st, 1));
		diff_json_counts(d->w, "before", st, old, 4);
		diff_json_counts(d->w, "after", st, new, 8);
		emit_end_object(d->w);
		return;
	}
	sbuf_addf(b, "  %s (%s%s): ", diff_col(st, 0), diff_col(st, 1),
	    !old ? tr(", new", "，新增") : !new ? tr(", removed", "，删除") : "");
	diff_text_counts(b, st, old, new);
	sbuf_adds(b, "\n");
}

/* Per requirement of either version: its pass, fail, n/a and error counts
 * in the old run and in the new; the old version's order, then the
 * requirements only the new one declares in its order. */
static int
diff_requirements(struct diff_ctx *d)
{
	sqlite3_stmt *st = diff_prepare(d, "SELECT req, level, max(side = 0), max(side = 1),"
	    " max(CASE side WHEN 0 THEN p END), max(CASE side WHEN 0 THEN f END),"
	    " max(CASE side WHEN 0 THEN n END), max(CASE side WHEN 0 THEN e END),"
	    " max(CASE side WHEN 1 THEN p END), max(CASE side WHEN 1 THEN f END),"
	    " max(CASE side WHEN 1 THEN n END), max(CASE side WHEN 1 THEN e END)"
	    " FROM (SELECT 0 AS side, q.req, q.level, q.no AS ord,"
	    " count(CASE o.st WHEN 'p' THEN 1 END) AS p, count(CASE o.st WHEN 'f' THEN 1 END) AS f,"
	    " count(CASE o.st WHEN 'n' THEN 1 END) AS n, count(CASE o.st WHEN 'e' THEN 1 END) AS e"
	    " FROM run_requirement q LEFT JOIN oa o ON o.no = q.no WHERE q.run_id = ?1"
	    " GROUP BY q.no UNION ALL SELECT 1, q.req, q.level, q.no,"
	    " count(CASE o.st WHEN 'p' THEN 1 END), count(CASE o.st WHEN 'f' THEN 1 END),"
	    " count(CASE o.st WHEN 'n' THEN 1 END), count(CASE o.st WHEN 'e' THEN 1 END)"
	    " FROM run_requirement q LEFT JOIN ob o ON o.no = q.no WHERE q.run_id = ?2"
	    " GROUP BY q.no)"
	    " GROUP BY level, req ORDER BY level, max(side = 0) DESC,"
	    " min(CASE side WHEN 0 THEN ord END), min(ord), req");
	int rc;

	if (st == NULL)
		return -1;
	if (d->json) {
		emit_key(d->w, "requirements");
		emit_begin_array(d->w);
	} else {
		sbuf_adds(d->out, tr("requirements (pass, fail, n/a, error: before → after):\n",
		    "各项要求（达到、未达到、不适用、出错：变动前 → 变动后）：\n"));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		diff_requirement_row(d, st);
	if (d->json)
		emit_end_array(d->w);
	return diff_done(d, st, rc);
}

/* One requirement change: "example.services pass → fail". */
static void
diff_change(struct diff_ctx *d, sqlite3_stmt *ch, int first)
{
	struct sbuf *b = d->out;

	if (d->json) {
		emit_begin_object(d->w);
		emit_kstr(d->w, "id", diff_col(ch, 1));
		emit_kstr(d->w, "old", diff_col(ch, 2));
		emit_kstr(d->w, "new", diff_col(ch, 3));
		emit_end_object(d->w);
	} else {
		sbuf_addf(b, "%s%s %s → %s", first ? "" : "; ", diff_col(ch, 1),
		    diff_col(ch, 2) ? diff_col(ch, 2) : "-", diff_col(ch, 3) ? diff_col(ch, 3) : "-");
	}
}

/* Add the changes of SUBJECT from the cursor CH (ordered by subject);
 * *row is the cursor's state, SQLITE_ROW while it has a row. */
static void
diff_changes_of(struct diff_ctx *d, sqlite3_stmt *ch, int *row, long long subject)
{
	int first = 1;

	while (*row == SQLITE_ROW && sqlite3_column_int64(ch, 0) < subject)
		*row = sqlite3_step(ch);
	while (*row == SQLITE_ROW && sqlite3_column_int64(ch, 0) == subject) {
		diff_change(d, ch, first);
		first = 0;
		*row = sqlite3_step(ch);
	}
}

/* The old and new results of a member, as JSON ("old":{...},"new":{...}). */
static void
diff_json_results(struct emit *w, sqlite3_stmt *st)
{
	for (int side = 0; side < 2; side++) {
		emit_key(w, side ? "new" : "old");
		emit_begin_object(w);
		emit_key(w, "score");
		diff_json_num(w, st, 7 + side);
		emit_kstr(w, "grade", diff_col(st, 9 + side));
		emit_key(w, "stars");
		diff_json_num(w, st, 11 + side);
		emit_key(w, "award_eligible");
		diff_json_award(w, st, 13 + side);
		emit_end_object(w);
	}
}

/* Text: the grade always, score, stars and award only when they moved. */
static void
diff_text_results(struct sbuf *b, sqlite3_stmt *st, int has_changes)
{
	const char *ga = diff_col(st, 9), *gb = diff_col(st, 10);

	sbuf_adds(b, has_changes ? "; " : "");
	if (util_streq(ga, gb))
		sbuf_addf(b, tr("grade %s", "等次 %s"), diff_text(ga));
	else
		sbuf_addf(b, tr("grade %s → %s", "等次 %s → %s"), diff_text(ga), diff_text(gb));
	if (!diff_same(st, 7, 8)) {
		sbuf_adds(b, tr("; score", "；得分"));
		diff_text_nums(b, st, 7);
	}
	if (!diff_same(st, 11, 12)) {
		sbuf_adds(b, tr("; stars", "；星级"));
		diff_text_nums(b, st, 11);
	}
	if (!diff_same(st, 13, 14))
		sbuf_addf(b, tr("; award %s → %s", "；评优资格 %s → %s"), diff_award_text(st, 13),
		    diff_award_text(st, 14));
}

/* One changed member: who, where, and what moved (ST is a row of the
 * members query of diff_members, CH its changes). */
static void
diff_member(struct diff_ctx *d, sqlite3_stmt *st, sqlite3_stmt *ch, int *row)
{
	struct sbuf *b = d->out;
	long long id = sqlite3_column_int64(st, 0);
	size_t mark;

	if (d->json) {
		emit_begin_object(d->w);
		emit_kstr(d->w, "member_id", diff_col(st, 1));
		emit_kstr(d->w, "name", diff_col(st, 2));
		emit_kstr(d->w, "unit", diff_col(st, 3));
		emit_kstr(d->w, "unit_name", diff_col(st, 4));
		emit_kstr(d->w, "community", diff_col(st, 5));
		emit_kstr(d->w, "community_name", diff_col(st, 6));
		diff_json_results(d->w, st);
		emit_key(d->w, "requirements");
		emit_begin_array(d->w);
		diff_changes_of(d, ch, row, id);
		emit_end_array(d->w);
		emit_end_object(d->w);
		return;
	}
	sbuf_addf(b, tr("  %s %s (unit %s %s; community %s%s%s): ",
	    "  %s %s（单位 %s %s；社区 %s%s%s）："), diff_col(st, 1), diff_col(st, 2),
	    diff_col(st, 3), diff_col(st, 4), diff_col(st, 5) ? diff_col(st, 5) : "-",
	    diff_col(st, 6) ? " " : "", diff_col(st, 6) ? diff_col(st, 6) : "");
	mark = b->len;
	diff_changes_of(d, ch, row, id);
	diff_text_results(b, st, b->len > mark);
	sbuf_adds(b, "\n");
}

/* One changed org of ST (the orgs query of diff_orgs, CH its changes). */
static void
diff_org(struct diff_ctx *d, sqlite3_stmt *st, sqlite3_stmt *ch, int *row)
{
	if (d->json) {
		emit_begin_object(d->w);
		emit_kstr(d->w, "org", diff_col(st, 1));
		emit_kstr(d->w, "name", diff_col(st, 2));
		emit_key(d->w, "requirements");
		emit_begin_array(d->w);
	} else {
		sbuf_addf(d->out, "  %s %s: ", diff_col(st, 1), diff_col(st, 2));
	}
	diff_changes_of(d, ch, row, sqlite3_column_int64(st, 0));
	if (d->json) {
		emit_end_array(d->w);
		emit_end_object(d->w);
	} else {
		sbuf_adds(d->out, "\n");
	}
}

/* The heading of the list of changed members or, with ORGS, of changed
 * orgs, in text: how many there are. */
static void
diff_heading(struct diff_ctx *d, int orgs)
{
	if (orgs)
		sbuf_addf(d->out, tr("orgs whose outcomes change: %ld\n", "结果变动的组织：%ld 个\n"),
		    d->orgs_changed);
	else
		sbuf_addf(d->out, tr("members whose outcomes change: %ld\n",
		    "结果变动的党员：%ld 名\n"), d->changed);
}

/* The line for the N changed members (orgs, with ORGS) text leaves out. */
static void
diff_more(struct diff_ctx *d, int orgs, long n)
{
	if (orgs)
		sbuf_addf(d->out, tr("  ... and %ld more (all with --json)\n",
		    "  ……另有 %ld 个（--json 列出全部）\n"), n);
	else
		sbuf_addf(d->out, tr("  ... and %ld more (all with --json)\n",
		    "  ……另有 %ld 名（--json 列出全部）\n"), n);
}

/* List the changed members (orgs, with ORGS) of ST, each with its
 * changes from CH: all of them in JSON, in text under their heading the
 * first DIFF_LINES and a line counting the rest.  Finalizes both
 * statements (either may be NULL: a failed prepare). */
static int
diff_subjects(struct diff_ctx *d, sqlite3_stmt *st, sqlite3_stmt *ch, int orgs)
{
	long total = orgs ? d->orgs_changed : d->changed, n = 0;
	int rc = SQLITE_ERROR, row = SQLITE_ERROR;

	if (st && ch) {
		row = sqlite3_step(ch);
		if (d->json) {
			emit_key(d->w, orgs ? "org_changes" : "member_changes");
			emit_begin_array(d->w);
		} else {
			diff_heading(d, orgs);
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && (d->json || n < DIFF_LINES)) {
			if (orgs)
				diff_org(d, st, ch, &row);
			else
				diff_member(d, st, ch, &row);
			n++;
		}
		if (d->json)
			emit_end_array(d->w);
		else if (total > n)
			diff_more(d, orgs, total - n);
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;    /* the rest were counted, not listed */
		if (row != SQLITE_ROW && row != SQLITE_DONE)
			rc = row;
	}
	sqlite3_finalize(ch);
	return st ? diff_done(d, st, rc) : -1;
}

/* The members whose outcomes change, with what changed; in text the
 * first DIFF_LINES of them. */
static int
diff_members(struct diff_ctx *d)
{
	sqlite3_stmt *st = diff_prepare(d, "SELECT m.id, m.code, m.name, u.code, u.name,"
	    " c.code, c.name, sa, sb, ga, gb, ta, tb, aa, ab"
	    " FROM moved JOIN pair USING (subject) JOIN member m ON m.id = moved.subject"
	    " LEFT JOIN org u ON u.id = m.unit_id LEFT JOIN org c ON c.id = m.community_id"
	    " ORDER BY m.id");
	sqlite3_stmt *ch = diff_prepare(d, "SELECT subject, req, old, new FROM ch"
	    " WHERE level = 'member' ORDER BY subject, ord, req");

	return diff_subjects(d, st, ch, 0);
}

/* Changed members per unit or per community (COLUMN of member, fixed in
 * this file): most first, then by code. */
static int
diff_groups(struct diff_ctx *d, const char *title, const char *key, const char *column)
{
	char *tail = xasprintf("SELECT g.code, g.name, count(*) FROM moved"
	    " JOIN member m ON m.id = moved.subject LEFT JOIN org g ON g.id = m.%s"
	    " GROUP BY g.id ORDER BY 3 DESC, 1", column);
	sqlite3_stmt *st = diff_prepare(d, tail);
	struct sbuf *b = d->out;
	int rc, n = 0;

	free(tail);
	if (st == NULL)
		return -1;
	diff_list_open(d, title, key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->json) {
			emit_begin_object(d->w);
			emit_kstr(d->w, "code", diff_col(st, 0));
			emit_kstr(d->w, "name", diff_col(st, 1));
			emit_kint(d->w, "count", sqlite3_column_int(st, 2));
			emit_end_object(d->w);
		} else {
			sbuf_addf(b, "\n  %s %s: %d", diff_col(st, 0) ? diff_col(st, 0) : "-",
			    diff_text(diff_col(st, 1)), sqlite3_column_int(st, 2));
		}
		n++;
	}
	diff_list_close(d, n);
	return diff_done(d, st, rc);
}

/* Orgs whose own (org-level) outcomes change, one line each in text. */
static int
diff_orgs(struct diff_ctx *d)
{
	sqlite3_stmt *st = diff_prepare(d, "SELECT o.id, o.code, o.name FROM org o"
	    " WHERE o.id IN (SELECT subject FROM ch WHERE level = 'org') ORDER BY o.id");
	sqlite3_stmt *ch = diff_prepare(d, "SELECT subject, req, old, new FROM ch"
	    " WHERE level = 'org' ORDER BY subject, ord, req");

	return diff_subjects(d, st, ch, 1);
}

/* Without --members: how many members and orgs change, and how to list
 * them (the JSON header carries the counts). */
static void
diff_changed_counts(struct diff_ctx *d)
{
	if (d->json)
		return;
	diff_heading(d, 0);
	diff_heading(d, 1);
	if (d->changed || d->orgs_changed)
		sbuf_adds(d->out, tr("(each with --members)\n", "（--members 逐一列出）\n"));
}

/* Each changed member and org, and the changed members per unit and per
 * community (--members). */
static int
diff_detail(struct diff_ctx *d)
{
	if (!d->detail) {
		diff_changed_counts(d);
		return 0;
	}
	if (diff_members(d) != 0 ||
	    diff_groups(d, tr("changed members per unit:", "各单位结果变动人数："),
	    "per_unit", "unit_id") != 0 ||
	    diff_groups(d, tr("changed members per community:", "各社区结果变动人数："),
	    "per_community", "community_id") != 0 || diff_orgs(d) != 0)
		return -1;
	return 0;
}

/* Every section, in the order a reader wants them: what moves in grades
 * and awards, then each requirement's counts, then (on request) who. */
static int
diff_compare(struct diff_ctx *d, const struct diff_opts *o, const struct eval_summary *s)
{
	if (diff_counts(d) != 0)
		return -1;
	diff_header(d, o, s);
	if (!d->json && d->changed == 0 && d->orgs_changed == 0 && d->reqs_differ == 0)
		return 0;
	if (diff_moves(d, tr("grade moves:", "等次变动："), "grade_moves", "ga", "gb", 0) != 0 ||
	    diff_award(d) != 0 || diff_unit_moves(d) != 0 ||
	    diff_moves(d, tr("star moves:", "星级变动："), "star_moves", "ta", "tb", 1) != 0 ||
	    diff_requirements(d) != 0 || diff_detail(d) != 0)
		return -1;
	if (d->json)
		emit_end_object(d->w);
	return 0;
}

/* ---- the runs ---- */

/* One run of PI inside the caller's transaction.  Quiet: rule errors are
 * not printed one by one; the header gives their count. */
static int
diff_eval(struct db *db, const struct config *cfg, const struct diff_opts *o,
    const struct pack_info *pi, struct eval_summary *sum, struct error *e)
{
	struct sandbox_limits lim = { cfg->memory_limit, cfg->instruction_limit };
	struct eval_opts eo = { 0 };
	struct facts_period per;
	struct pack p;
	int rc;

	eo.year = o->year;
	eo.org = o->org;
	eo.quiet = 1;
	eo.in_transaction = 1;
	facts_period_init(&per, o->year, NULL);
	if (pack_load(&p, pi, &lim, &per, e) != 0)
		return -1;
	rc = eval_run(db, cfg, &p, &eo, sum, e);
	pack_free(&p);
	return rc;
}

int
diff_run(struct db *db, const struct config *cfg, const struct diff_opts *o,
    struct sbuf *out, struct error *e)
{
	struct eval_summary sum[2];
	struct diff_ctx d = { .db = db, .json = o->json, .detail = o->members, .out = out,
		.e = e };
	int rc = -1;

	if (d.json && (d.w = emit_open_sbuf(out, "json", e)) == NULL)
		return -1;
	if (db_begin(db, e) != 0) {
		if (d.w)
			emit_close(d.w);
		return -1;
	}
	if (diff_eval(db, cfg, o, o->old_pack, &sum[0], e) == 0 &&
	    diff_eval(db, cfg, o, o->new_pack, &sum[1], e) == 0) {
		d.run[0] = sum[0].run_id;
		d.run[1] = sum[1].run_id;
		if (diff_compare(&d, o, sum) == 0)
			rc = d.changed || d.orgs_changed ? EXIT_FOUND : 0;
	}
	db_rollback(db);    /* the runs were only ever there to be compared */
	if (d.w && emit_close(d.w) != 0)
		rc = -1;
	return rc;
}
