/*
 * report.c - explain and the results report, read from a stored run and
 * written through emit: a tree where the format holds trees (json), else
 * prose (explain) or a table (results).
 */
#include <stdlib.h>
#include <string.h>

#include "correct.h"
#include "emit.h"
#include "report.h"
#include "run.h"

/* One member or org as the run left it: who it is, what the run stored
 * (borrowed from the run cursor) and its findings. */
struct report_subject {
	long long id;
	int level_org;
	char *code, *name;
	const struct run_subject *st;
	char **find;                  /* "rule: message" */
	size_t nfind;
	int facts;                    /* explain: show the facts each rule read */
	struct correct_changes changed;   /* explain: records corrected since the run */
	char *as_recorded;            /* explain: the run read the records as of then */
};

static void
report_subject_clear(struct report_subject *s)
{
	for (size_t i = 0; i < s->nfind; i++)
		free(s->find[i]);
	free(s->find);
	correct_changes_free(&s->changed);
	free(s->as_recorded);
	free(s->code);
	free(s->name);
	memset(s, 0, sizeof *s);
}

/* The requirement of outcome K of a subject. */
static const struct run_req *
report_req_of(const struct run_info *r, const struct report_subject *s, size_t k)
{
	size_t i = (s->level_org ? r->nmember_reqs : 0) + k;

	return i < (s->level_org ? r->nreqs : r->nmember_reqs) ? &r->reqs[i] : NULL;
}

/* The findings of one subject (explain). */
static int
report_subject_findings(struct db *db, const struct run_info *r, struct report_subject *s,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT rule || ': ' || message FROM finding"
	    " WHERE run_id = ? AND level = ? AND subject = ? ORDER BY rowid", e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_text(st, 2, s->level_org ? "org" : "member", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		s->find = xrealloc(s->find, (s->nfind + 1) * sizeof *s->find);
		s->find[s->nfind++] = db_col_dup(st, 0);
	}
	sqlite3_finalize(st);
	return 0;
}

static const char *
report_default_message(const char *status)
{
	if (strcmp(status, "pass") == 0)
		return tr("met", "达到要求");
	if (strcmp(status, "fail") == 0)
		return tr("not met", "未达到要求");
	if (strcmp(status, "error") == 0)
		return tr("undetermined: the rule raised an error", "无法判定：规则出错");
	return tr("not applicable", "不适用");
}

/* ---- JSON ---- */

/* "changed_since": the records corrected since the run, only when any. */
static void
report_json_changed(struct emit *w, const struct correct_changes *cs)
{
	emit_key(w, "changed_since");
	emit_begin_array(w);
	for (size_t i = 0; i < cs->n; i++) {
		const struct correct_change *c = &cs->c[i];

		emit_begin_object(w);
		emit_kstr(w, "kind", c->kind);
		emit_kint(w, "record", c->record);
		emit_kstr(w, "label", c->label);
		emit_kstr(w, "action", c->action);
		emit_kstr(w, "at", c->at);
		emit_kstr(w, "actor", c->actor);
		emit_kstr(w, "reason", c->reason);
		emit_end_object(w);
	}
	emit_end_array(w);
}

/* A number, or null when the run stored none. */
static void
report_json_num(struct emit *w, const char *key, int has, double v)
{
	emit_key(w, key);
	if (has)
		emit_num(w, v);
	else
		emit_null(w);
}

/* One requirement's outcome as an object. */
static void
report_json_outcome(struct emit *w, const struct run_info *r, const struct report_subject *s,
    size_t i)
{
	const struct run_stored *o = &s->st->out[i];
	const struct run_req *q = report_req_of(r, s, i);

	emit_begin_object(w);
	emit_kstr(w, "id", q ? q->id : NULL);
	emit_kstr(w, "status", o->status);
	emit_key(w, "value");
	emit_raw(w, o->value);
	emit_key(w, "target");
	emit_raw(w, o->target);
	emit_kstr(w, "clause", q ? q->clause : NULL);
	emit_kstr(w, "message", o->message ? o->message : report_default_message(o->status));
	emit_kstr(w, "title", q ? q->title : NULL);
	emit_kstr(w, "origin", q ? q->origin : NULL);
	report_json_num(w, "points", o->has_points, o->points);
	if (s->facts && q) {
		emit_key(w, "facts");
		emit_begin_object(w);
		run_facts_emit(r, s->st, i, w);
		emit_end_object(w);
	}
	emit_end_object(w);
}

static void
report_json_subject(struct emit *w, const struct run_info *r, const struct report_subject *s)
{
	const struct run_subject *t = s->st;

	emit_begin_object(w);
	emit_kstr(w, s->level_org ? "org" : "member_id", s->code);
	emit_kstr(w, "name", s->name);
	emit_kint(w, "year", r->year);
	emit_kstr(w, "pack", r->pack);
	emit_kstr(w, "pack_version", r->version);
	emit_kstr(w, "pack_hash", r->hash);
	emit_kstr(w, "as_of", r->as_of);
	if (r->forced) {
		emit_key(w, "forced");
		emit_bool(w, 1);
	}
	if (s->as_recorded)
		emit_kstr(w, "as_recorded", s->as_recorded);
	report_json_num(w, "score", t->has_score, t->score);
	emit_kstr(w, "grade", t->grade);
	emit_key(w, "stars");
	if (t->stars >= 0)
		emit_int(w, t->stars);
	else
		emit_null(w);
	emit_key(w, "award_eligible");
	if (t->award >= 0)
		emit_bool(w, t->award);
	else
		emit_null(w);
	emit_kstr(w, "next_band", t->next_band);
	emit_key(w, "requirements");
	emit_begin_array(w);
	for (size_t i = 0; i < t->nout; i++)
		report_json_outcome(w, r, s, i);
	emit_end_array(w);
	emit_key(w, "findings");
	emit_begin_array(w);
	for (size_t i = 0; i < s->nfind; i++)
		emit_str(w, s->find[i]);
	emit_end_array(w);
	if (s->changed.n > 0)
		report_json_changed(w, &s->changed);
	emit_end_object(w);
}

/* ---- text ---- */

/* The records corrected since the run, which it read as they were. */
static void
report_text_changed(struct sbuf *b, const struct correct_changes *cs)
{
	if (cs->n > 0)
		sbuf_addf(b, "%s\n", tr("record changed since this run (the run used it as it was):",
		    "记录已更正（本次评议使用的是更正前的记录）："));
	for (size_t i = 0; i < cs->n; i++) {
		const struct correct_change *c = &cs->c[i];

		sbuf_addf(b, "  %s #%lld %s: %s %s %s %s; %s %s\n", c->kind, c->record, c->label,
		    strcmp(c->action, "void") == 0 ? tr("voided", "已作废") : tr("amended", "已更正"),
		    c->at, tr("by", "操作人"), c->actor, tr("reason:", "原因："), c->reason);
	}
}

static void
report_text_subject(struct sbuf *b, const struct run_info *r, const struct report_subject *s)
{
	const struct run_subject *t = s->st;

	sbuf_addf(b, "%s (%s) — %s %s, %d, %s %s\n", s->name ? s->name : "", s->code,
	    r->pack, r->version, r->year, tr("as of", "截至"), r->as_of);
	if (r->forced)
		sbuf_addf(b, tr("forced: %s %s is not the version in force in %d (evaluate --force)\n",
		    "强制：%s %s 并非 %d 年生效的版本（evaluate --force）\n"), r->pack, r->version,
		    r->year);
	if (s->as_recorded)
		sbuf_addf(b, tr("records as they stood at %s (evaluate --as-recorded)\n",
		    "记录按 %s 时的状态（evaluate --as-recorded）\n"), s->as_recorded);
	if (t->has_score || t->grade || t->stars >= 0 || t->award >= 0) {
		sbuf_addf(b, "%s ", tr("score", "积分"));
		if (t->has_score)
			sbuf_addf(b, "%g", t->score);
		else
			sbuf_adds(b, "-");
		sbuf_addf(b, "; %s %s; %s %s; %s %s\n", tr("grade", "等次"),
		    t->grade ? t->grade : "-", tr("stars", "星级"),
		    t->stars >= 0 ? (const char *[]){ "0", "1", "2", "3", "4", "5" }[t->stars] : "-",
		    tr("award eligible", "评先评优资格"),
		    t->award < 0 ? "-" : t->award ? tr("yes", "是") : tr("no", "否"));
	}
	if (t->next_band)
		sbuf_addf(b, "%s\n", t->next_band);
	for (size_t i = 0; i < t->nout; i++) {
		const struct run_stored *o = &t->out[i];
		const struct run_req *q = report_req_of(r, s, i);

		sbuf_addf(b, "  %-4s  %s  %s\n", o->status, q ? q->id : "?", q ? q->title : "");
		sbuf_addf(b, "        %s %s / %s %s; %s", tr("value", "实际"),
		    o->value ? o->value : "-", tr("target", "要求"), o->target ? o->target : "-",
		    o->message ? o->message : report_default_message(o->status));
		if (o->has_points)
			sbuf_addf(b, "; +%g %s", o->points, tr("points", "分"));
		sbuf_addc(b, '\n');
		sbuf_addf(b, "        %s %s", tr("clause", "依据"), q ? q->clause : "");
		if (q && r->pack && strcmp(q->origin, r->pack) != 0)
			sbuf_addf(b, " (%s %s)", tr("from pack", "来自规则包"), q->origin);
		sbuf_addc(b, '\n');
		if (s->facts && q) {
			char *read = run_facts_read(r, t, i);

			if (*read)
				sbuf_addf(b, "        %s %s\n", tr("read", "依据数据"), read);
			free(read);
		}
	}
	for (size_t i = 0; i < s->nfind; i++)
		sbuf_addf(b, "  %s %s\n", tr("rule error:", "规则错误："), s->find[i]);
	report_text_changed(b, &s->changed);
}

/* ---- explain ---- */

/* The records of S corrected since run R read them: since it began, or
 * since the time it read them as of (evaluate --as-recorded). */
static int
report_changed(struct db *db, const struct run_info *r, struct report_subject *s,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT min(coalesce(as_recorded, started), started),"
	    " as_recorded FROM run WHERE id = ?", e);
	int rc = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		s->as_recorded = db_col_dup(st, 1);
		rc = correct_since(db, s->level_org, s->id, r->as_of,
		    (const char *)sqlite3_column_text(st, 0), &s->changed, e);
	} else
		rc = db_fail(db, e, "reading the run");
	sqlite3_finalize(st);
	return rc;
}

static int
report_find_subject(struct db *db, const char *member, const char *org,
    struct report_subject *s, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, member ?
	    "SELECT id, code, name FROM member WHERE code = ?" :
	    "SELECT id, code, name FROM org WHERE code = ?", e);
	int rc = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, member ? member : org, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error_set(e, EXIT_USAGE, member ? tr("unknown member '%s'", "党员 '%s' 不存在") :
		    tr("unknown org '%s'", "组织 '%s' 不存在"), member ? member : org);
	} else {
		s->id = sqlite3_column_int64(st, 0);
		s->level_org = member == NULL;
		s->code = db_col_dup(st, 1);
		s->name = db_col_dup(st, 2);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Explain reads the latest finished run of the pack and year that
 * evaluated the subject (a run scoped with --org may not have). */
int
report_explain(struct db *db, const struct report_opts *o, const char *member, FILE *out,
    struct error *e)
{
	struct run_info r = { 0 };
	struct report_subject s = { 0 };
	struct run_cursor *cur = NULL;
	struct run_subject st;
	struct emit *w = NULL;
	struct sbuf b;
	long long run;
	int rc = -1;

	sbuf_init(&b);
	if (report_find_subject(db, member, member ? NULL : o->org, &s, e) != 0)
		goto out;
	run = run_latest(db, o->pack, o->year, s.level_org ? RUN_ORG : RUN_MEMBER, s.id);
	if (run == 0 && run_latest(db, o->pack, o->year, RUN_MEMBER, 0) != 0) {
		error_set(e, EXIT_USAGE, tr("%s %s was not evaluated in any run of %s for %d",
		    "%s %s 不在规则包 %s %d 年的任何一次评议范围内"),
		    member ? tr("member", "党员") : tr("org", "组织"), s.code, o->pack, o->year);
		goto out;
	}
	if (run_open(db, o->pack, o->year, run, &r, e) != 0 ||
	    report_subject_findings(db, &r, &s, e) != 0 || report_changed(db, &r, &s, e) != 0 ||
	    (cur = run_subjects(db, &r, s.level_org ? RUN_ORG : RUN_MEMBER, s.id, e)) == NULL)
		goto out;
	if (run_next(cur, &st, e) != 1) {
		if (e->code == 0)
			error_set(e, EXIT_ENV, "run %lld: %s %s is missing", r.id,
			    s.level_org ? "org" : "member", s.code);
		goto out;
	}
	s.st = &st;
	s.facts = member != NULL;
	if ((w = emit_open_file(out, o->format, e)) == NULL)
		goto out;
	if (emit_trees(w)) {
		report_json_subject(w, &r, &s);
	} else {
		report_text_subject(&b, &r, &s);
		emit_text(w, b.s);
	}
	rc = emit_close(w);
out:
	run_close(cur);
	sbuf_free(&b);
	report_subject_clear(&s);
	run_info_free(&r);
	return rc;
}

/* ---- the results report ---- */

/* The results table: fixed columns, then one per member requirement;
 * the notices' words unless --lang en. */
static const char **
report_results_columns(const struct report_opts *o, const struct run_info *r, size_t *n)
{
	static const char *const en[] = { "member_id", "name", "unit", "community",
	    "score", "grade", "stars", "award_eligible" };
	static const char *const zh[] = { "党员编号", "姓名", "单位", "社区",
	    "积分", "等次", "星级", "评优资格" };
	const char **cells;

	*n = 8 + r->nmember_reqs;
	cells = xcalloc(*n, sizeof *cells);
	memcpy(cells, o->en ? en : zh, sizeof en);
	for (size_t i = 0; i < r->nmember_reqs; i++)
		cells[8 + i] = r->reqs[i].id;
	return cells;
}

/* A requirement's status in a table cell: 达到, 未达到, 不适用, 无法判定 (its
 * rule raised: never shown as met or not applicable), or the stored word
 * with --lang en. */
static const char *
report_status_cell(const struct report_opts *o, const char *status)
{
	if (o->en)
		return status;
	if (strcmp(status, "pass") == 0)
		return "达到";
	if (strcmp(status, "fail") == 0)
		return "未达到";
	if (strcmp(status, "error") == 0)
		return "无法判定";
	return "不适用";
}

static void
report_results_row(struct emit *w, const struct report_opts *o, const struct run_info *r,
    const struct report_subject *s, const char *unit, const char *community)
{
	const struct run_subject *t = s->st;
	size_t nm = r->nmember_reqs, n = 8 + nm;
	const char **cells = xcalloc(n, sizeof *cells);
	char score[32] = "", stars[16] = "";

	if (t->has_score)
		snprintf(score, sizeof score, "%g", t->score);
	if (t->stars >= 0)
		snprintf(stars, sizeof stars, "%d", t->stars);
	cells[0] = s->code;
	cells[1] = s->name;
	cells[2] = unit;
	cells[3] = community;
	cells[4] = score;
	cells[5] = t->grade;
	cells[6] = stars;
	cells[7] = t->award < 0 ? "" : t->award ? (o->en ? "true" : "是") :
	    (o->en ? "false" : "否");
	for (size_t i = 0; i < t->nout && i < nm; i++)
		cells[8 + i] = report_status_cell(o, t->out[i].status);
	emit_row(w, cells, n);
	free(cells);
}

/* Members of the run, optionally those under one org, in id order; what
 * the run stored comes from the run's cursor in the same order (a merge). */
static const char report_members_sql[] =
	"WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE code = ?2"
	" UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
	" SELECT m.id, m.code, m.name, u.code, c.code FROM run_subject r"
	" JOIN member m ON m.id = r.subject"
	" JOIN org u ON u.id = m.unit_id LEFT JOIN org c ON c.id = m.community_id"
	" WHERE r.run_id = ?1 AND r.level = 0"
	" AND (?2 IS NULL OR m.unit_id IN sub OR m.community_id IN sub)"
	" ORDER BY r.subject";

static int
report_results_body(struct db *db, const struct run_info *r, const struct report_opts *o,
    struct emit *w, struct error *e)
{
	sqlite3_stmt *ms = db_prepare(db, report_members_sql, e);
	struct run_cursor *cur = run_subjects(db, r, RUN_MEMBER, 0, e);
	struct run_subject st;
	int sr = 0, tree = emit_trees(w);

	if (ms == NULL || cur == NULL) {
		sqlite3_finalize(ms);
		run_close(cur);
		return -1;
	}
	sqlite3_bind_int64(ms, 1, r->id);
	db_bind_text(ms, 2, o->org);
	sr = run_next(cur, &st, e);
	while (sr >= 0 && sqlite3_step(ms) == SQLITE_ROW) {
		struct report_subject s = { 0 };

		s.id = sqlite3_column_int64(ms, 0);
		while (sr == 1 && st.id < s.id)
			sr = run_next(cur, &st, e);
		if (sr != 1 || st.id != s.id)
			continue;
		s.code = db_col_dup(ms, 1);
		s.name = db_col_dup(ms, 2);
		s.st = &st;
		if (tree) {
			emit_break(w, 0);
			report_json_subject(w, r, &s);
		} else {
			report_results_row(w, o, r, &s, (const char *)sqlite3_column_text(ms, 3),
			    (const char *)sqlite3_column_text(ms, 4));
		}
		report_subject_clear(&s);
	}
	sqlite3_finalize(ms);
	run_close(cur);
	return sr < 0 ? -1 : 0;
}

/* A tree of subjects where the format holds trees (json), else the table. */
int
report_results(struct db *db, const struct report_opts *o, FILE *out, struct error *e)
{
	struct emit_table t = { 0 };
	struct run_info r;
	struct emit *w = NULL;
	int rc = -1;

	memset(&r, 0, sizeof r);
	if (o->org && db_int_text(db, "SELECT count(*) FROM org WHERE code = ?", o->org) == 0) {
		error_set(e, EXIT_USAGE, tr("unknown org '%s'", "组织 '%s' 不存在"), o->org);
		goto out;
	}
	if (run_open(db, o->pack, o->year, 0, &r, e) != 0 ||
	    (w = emit_open_file(out, o->format, e)) == NULL)
		goto out;
	t.columns = report_results_columns(o, &r, &t.ncolumns);
	if (emit_trees(w))
		emit_begin_array(w);
	else
		emit_begin_table(w, &t);
	if (report_results_body(db, &r, o, w, e) != 0) {
		emit_close(w);
		goto out;
	}
	if (emit_trees(w)) {
		emit_break(w, 0);
		emit_end_array(w);
	} else {
		emit_end_table(w);
	}
	rc = emit_close(w);
out:
	free((void *)t.columns);
	run_info_free(&r);
	return rc;
}
