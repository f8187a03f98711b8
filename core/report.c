/*
 * report.c - explain and the results report, read from a stored run.
 */
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "json.h"
#include "pack.h"
#include "progress.h"
#include "report.h"
#include "store.h"

/* A requirement of the run, by its number. */
struct report_req {
	long long no;
	char *id, *title, *clause, *origin;
};

struct report_run {
	long long id;
	char *pack, *version, *as_of, *hash;
	int year;
	struct report_req *reqs;
	size_t nreqs;
};

struct report_outcome {
	long long no;
	char status[8];
	char *value, *target, *message;
	char *points;                 /* NULL when the requirement gives none */
};

/* One member or org as the run left it. */
struct report_subject {
	long long id;
	int level_org;
	char *code, *name;
	int has_score;
	double score;
	char *grade, *next_band;
	int stars, award;             /* -1 when none */
	struct report_outcome *out;
	size_t nout, capout;
	char **find;                  /* "rule: message" */
	size_t nfind;
	struct eval_trace trace;      /* explain: the facts each rule read */
};

int
report_format(const char *name)
{
	static const char *const names[] = { "text", "csv", "md", "json" };

	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

static void
report_run_free(struct report_run *r)
{
	for (size_t i = 0; i < r->nreqs; i++) {
		free(r->reqs[i].id);
		free(r->reqs[i].title);
		free(r->reqs[i].clause);
		free(r->reqs[i].origin);
	}
	free(r->reqs);
	free(r->pack);
	free(r->version);
	free(r->as_of);
	free(r->hash);
	memset(r, 0, sizeof *r);
}

/* Run RUN (0: the latest finished run of the pack for the year), with its
 * requirements. */
static int
report_run_load(struct db *db, const struct report_opts *o, long long run,
    struct report_run *r, struct error *e)
{
	sqlite3_stmt *st;

	memset(r, 0, sizeof *r);
	r->id = run ? run : eval_latest_run(db, o->pack, o->year);
	if (r->id == 0)
		return error_set(e, EXIT_USAGE, tr("no finished run of pack %s for %d;"
		    " run 'baodao evaluate --pack %s --year %d' first",
		    "规则包 %s 没有 %d 年的评议结果；请先运行 'baodao evaluate --pack %s --year %d'"),
		    o->pack, o->year, o->pack, o->year);
	st = db_prepare(db, "SELECT pack, pack_version, as_of, pack_hash, year FROM run"
	    " WHERE id = ?", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->pack = db_col_dup(st, 0);
		r->version = db_col_dup(st, 1);
		r->as_of = db_col_dup(st, 2);
		r->hash = db_col_dup(st, 3);
		r->year = sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT no, req, title, clause, origin FROM run_requirement"
	    " WHERE run_id = ? ORDER BY no", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct report_req *q;

		r->reqs = xrealloc(r->reqs, (r->nreqs + 1) * sizeof *r->reqs);
		q = &r->reqs[r->nreqs++];
		q->no = sqlite3_column_int64(st, 0);
		q->id = db_col_dup(st, 1);
		q->title = db_col_dup(st, 2);
		q->clause = db_col_dup(st, 3);
		q->origin = db_col_dup(st, 4);
	}
	sqlite3_finalize(st);
	return 0;
}

static const struct report_req *
report_req_of(const struct report_run *r, long long no)
{
	for (size_t i = 0; i < r->nreqs; i++)
		if (r->reqs[i].no == no)
			return &r->reqs[i];
	return NULL;
}

static void
report_subject_clear(struct report_subject *s)
{
	for (size_t i = 0; i < s->nout; i++) {
		free(s->out[i].value);
		free(s->out[i].target);
		free(s->out[i].message);
		free(s->out[i].points);
	}
	free(s->out);
	for (size_t i = 0; i < s->nfind; i++)
		free(s->find[i]);
	free(s->find);
	free(s->code);
	free(s->name);
	free(s->grade);
	free(s->next_band);
	eval_trace_clear(&s->trace);
	memset(s, 0, sizeof *s);
}

/* Fill the result columns (score .. next_band) starting at column c. */
static void
report_subject_result(struct report_subject *s, sqlite3_stmt *st, int c)
{
	s->has_score = sqlite3_column_type(st, c) != SQLITE_NULL;
	s->score = sqlite3_column_double(st, c);
	s->grade = db_col_dup(st, c + 1);
	s->stars = sqlite3_column_type(st, c + 2) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(st, c + 2);
	s->award = sqlite3_column_type(st, c + 3) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(st, c + 3);
	s->next_band = db_col_dup(st, c + 4);
}

static void
report_add_outcome(struct report_subject *s, sqlite3_stmt *st, int c)
{
	struct report_outcome *o;

	if (s->nout == s->capout) {
		s->capout = s->capout ? s->capout * 2 : 16;
		s->out = xrealloc(s->out, s->capout * sizeof *s->out);
	}
	o = &s->out[s->nout++];
	o->no = sqlite3_column_int64(st, c);
	snprintf(o->status, sizeof o->status, "%s", sqlite3_column_text(st, c + 1));
	o->value = db_col_dup(st, c + 2);
	o->target = db_col_dup(st, c + 3);
	o->message = db_col_dup(st, c + 4);
	o->points = db_col_dup(st, c + 5);
}

/* Outcomes and findings of one subject (explain: one subject only). */
static int
report_subject_details(struct db *db, const struct report_run *r, struct report_subject *s,
    struct error *e)
{
	const char *level = s->level_org ? "org" : "member";
	sqlite3_stmt *st = db_prepare(db, "SELECT no, status, value, target, message, points"
	    " FROM outcome WHERE run_id = ? AND level = ? AND subject = ? ORDER BY no", e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->id);
	while (sqlite3_step(st) == SQLITE_ROW)
		report_add_outcome(s, st, 0);
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT rule || ': ' || message FROM finding"
	    " WHERE run_id = ? AND level = ? AND subject = ? ORDER BY rowid", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	sqlite3_bind_text(st, 2, level, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		s->find = xrealloc(s->find, (s->nfind + 1) * sizeof *s->find);
		s->find[s->nfind++] = db_col_dup(st, 0);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The facts requirement ID read (JSON members or plain words), or NULL. */
static const char *
report_facts_read(const struct report_subject *s, const char *id, int json)
{
	for (size_t k = 0; id && k < s->trace.n; k++)
		if (strcmp(s->trace.req[k], id) == 0)
			return json ? s->trace.facts[k] : s->trace.text[k];
	return NULL;
}

static const char *
report_default_message(const char *status)
{
	if (strcmp(status, "pass") == 0)
		return tr("met", "达到要求");
	if (strcmp(status, "fail") == 0)
		return tr("not met", "未达到要求");
	return tr("not applicable", "不适用");
}

/* ---- JSON ---- */

static void
report_json_subject(struct sbuf *b, const struct report_run *r, const struct report_subject *s)
{
	sbuf_adds(b, s->level_org ? "{\"org\":" : "{\"member_id\":");
	json_str(b, s->code);
	sbuf_adds(b, ",\"name\":");
	json_str(b, s->name);
	sbuf_addf(b, ",\"year\":%d,\"pack\":", r->year);
	json_str(b, r->pack);
	sbuf_adds(b, ",\"pack_version\":");
	json_str(b, r->version);
	sbuf_adds(b, ",\"pack_hash\":");
	json_str(b, r->hash);
	sbuf_adds(b, ",\"as_of\":");
	json_str(b, r->as_of);
	sbuf_adds(b, ",\"score\":");
	if (s->has_score)
		json_num(b, s->score);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ",\"grade\":");
	json_str(b, s->grade);
	sbuf_adds(b, ",\"stars\":");
	if (s->stars >= 0)
		json_int(b, s->stars);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ",\"award_eligible\":");
	sbuf_adds(b, s->award < 0 ? "null" : s->award ? "true" : "false");
	sbuf_adds(b, ",\"next_band\":");
	json_str(b, s->next_band);
	sbuf_adds(b, ",\"requirements\":[");
	for (size_t i = 0; i < s->nout; i++) {
		const struct report_outcome *o = &s->out[i];
		const struct report_req *q = report_req_of(r, o->no);

		sbuf_adds(b, i ? ",{\"id\":" : "{\"id\":");
		json_str(b, q ? q->id : NULL);
		sbuf_adds(b, ",\"status\":");
		json_str(b, o->status);
		sbuf_adds(b, ",\"value\":");
		json_raw(b, o->value);
		sbuf_adds(b, ",\"target\":");
		json_raw(b, o->target);
		sbuf_adds(b, ",\"clause\":");
		json_str(b, q ? q->clause : NULL);
		sbuf_adds(b, ",\"message\":");
		json_str(b, o->message ? o->message : report_default_message(o->status));
		sbuf_adds(b, ",\"title\":");
		json_str(b, q ? q->title : NULL);
		sbuf_adds(b, ",\"origin\":");
		json_str(b, q ? q->origin : NULL);
		sbuf_adds(b, ",\"points\":");
		if (o->points)
			json_num(b, strtod(o->points, NULL));
		else
			sbuf_adds(b, "null");
		if (report_facts_read(s, q ? q->id : NULL, 1)) {
			sbuf_adds(b, ",\"facts\":{");
			sbuf_adds(b, report_facts_read(s, q->id, 1));
			sbuf_addc(b, '}');
		}
		sbuf_addc(b, '}');
	}
	sbuf_adds(b, "],\"findings\":[");
	for (size_t i = 0; i < s->nfind; i++) {
		if (i)
			sbuf_addc(b, ',');
		json_str(b, s->find[i]);
	}
	sbuf_adds(b, "]}");
}

/* ---- text ---- */

static void
report_text_subject(struct sbuf *b, const struct report_run *r, const struct report_subject *s)
{
	sbuf_addf(b, "%s (%s) — %s %s, %d, %s %s\n", s->name ? s->name : "", s->code,
	    r->pack, r->version, r->year, tr("as of", "截至"), r->as_of);
	if (s->has_score || s->grade || s->stars >= 0 || s->award >= 0) {
		sbuf_addf(b, "%s ", tr("score", "积分"));
		if (s->has_score)
			sbuf_addf(b, "%g", s->score);
		else
			sbuf_adds(b, "-");
		sbuf_addf(b, "; %s %s; %s %s; %s %s\n", tr("grade", "等次"),
		    s->grade ? s->grade : "-", tr("stars", "星级"),
		    s->stars >= 0 ? (const char *[]){ "0", "1", "2", "3", "4", "5" }[s->stars] : "-",
		    tr("award eligible", "评先评优资格"),
		    s->award < 0 ? "-" : s->award ? tr("yes", "是") : tr("no", "否"));
	}
	if (s->next_band)
		sbuf_addf(b, "%s\n", s->next_band);
	for (size_t i = 0; i < s->nout; i++) {
		const struct report_outcome *o = &s->out[i];
		const struct report_req *q = report_req_of(r, o->no);

		sbuf_addf(b, "  %-4s  %s  %s\n", o->status, q ? q->id : "?", q ? q->title : "");
		sbuf_addf(b, "        %s %s / %s %s; %s", tr("value", "实际"),
		    o->value ? o->value : "-", tr("target", "要求"), o->target ? o->target : "-",
		    o->message ? o->message : report_default_message(o->status));
		if (o->points)
			sbuf_addf(b, "; +%g %s", strtod(o->points, NULL), tr("points", "分"));
		sbuf_addc(b, '\n');
		sbuf_addf(b, "        %s %s", tr("clause", "依据"), q ? q->clause : "");
		if (q && r->pack && strcmp(q->origin, r->pack) != 0)
			sbuf_addf(b, " (%s %s)", tr("from pack", "来自规则包"), q->origin);
		sbuf_addc(b, '\n');
		if (q && report_facts_read(s, q->id, 0) && *report_facts_read(s, q->id, 0))
			sbuf_addf(b, "        %s %s\n", tr("read", "依据数据"),
			    report_facts_read(s, q->id, 0));
	}
	for (size_t i = 0; i < s->nfind; i++)
		sbuf_addf(b, "  %s %s\n", tr("rule error:", "规则错误："), s->find[i]);
}

/* ---- explain ---- */

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

/* The latest finished run of the pack and year that evaluated the subject
 * (a run scoped with --org may not have), and its result columns. */
static long long
report_subject_run(struct db *db, const struct report_opts *o, struct report_subject *s)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT r.id, s.score, s.grade, s.stars, s.award,"
	    " s.next_band FROM run r JOIN result s ON s.run_id = r.id"
	    " WHERE r.pack = ? AND r.year = ? AND r.status = 'finished' AND s.level = ?"
	    " AND s.subject = ? ORDER BY r.id DESC LIMIT 1", NULL);
	long long run = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, o->pack, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, o->year);
	sqlite3_bind_text(st, 3, s->level_org ? "org" : "member", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, s->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		run = sqlite3_column_int64(st, 0);
		report_subject_result(s, st, 1);
	}
	sqlite3_finalize(st);
	return run;
}

/* What each rule read for member S, by evaluating it again with the pack
 * the run used: found again by name, and only if its content hash is the
 * run's.  Errors leave the trace empty. */
static void
report_trace(struct db *db, const struct config *cfg, const struct report_run *r,
    struct report_subject *s)
{
	struct error te = { 0 };
	struct facts_period per;
	struct pack_info pi;
	struct pack p;

	facts_period_init(&per, r->year, r->as_of);
	if (store_load(cfg, db, r->pack, &per, &pi, &p, &te) != 0)
		return;
	if (strcmp(pi.hash, r->hash) == 0)
		eval_trace_member(db, &p, &per, s->id, &s->trace, &te);
	store_unload(&pi, &p);
}

int
report_explain(struct db *db, const struct report_opts *o, const char *member, FILE *out,
    struct error *e)
{
	struct report_run r = { 0 };
	struct report_subject s = { 0 };
	struct sbuf b;
	long long run;
	int rc = -1;

	sbuf_init(&b);
	if (report_find_subject(db, member, member ? NULL : o->org, &s, e) != 0)
		goto out;
	run = report_subject_run(db, o, &s);
	if (run == 0 && eval_latest_run(db, o->pack, o->year) != 0) {
		error_set(e, EXIT_USAGE, tr("%s %s was not evaluated in any run of %s for %d",
		    "%s %s 不在规则包 %s %d 年的任何一次评议范围内"),
		    member ? tr("member", "党员") : tr("org", "组织"), s.code, o->pack, o->year);
		goto out;
	}
	if (report_run_load(db, o, run, &r, e) != 0 || report_subject_details(db, &r, &s, e) != 0)
		goto out;
	/* The facts a rule read are a help, not the record: when the pack the
	 * run used cannot be found any more (a folder since moved, a version
	 * removed), explain shows the stored outcomes without them. */
	if (o->cfg && member)
		report_trace(db, o->cfg, &r, &s);
	if (o->format == FORMAT_JSON) {
		report_json_subject(&b, &r, &s);
		sbuf_addc(&b, '\n');
	} else {
		report_text_subject(&b, &r, &s);
	}
	fwrite(b.s, 1, b.len, out);
	rc = 0;
out:
	sbuf_free(&b);
	report_subject_clear(&s);
	report_run_free(&r);
	return rc;
}

/* ---- the results report ---- */

void
report_cell(struct sbuf *b, const char *v, enum report_format f)
{
	if (v == NULL)
		v = "";
	if (f == FORMAT_MD) {
		for (const char *p = v; *p; p++)
			if (*p == '|')
				sbuf_adds(b, "\\|");
			else if (*p == '\n')
				sbuf_addc(b, ' ');
			else
				sbuf_addc(b, *p);
		return;
	}
	if (strpbrk(v, ",\"\n\r") == NULL) {
		sbuf_adds(b, v);
		return;
	}
	sbuf_addc(b, '"');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *p);
	}
	sbuf_addc(b, '"');
}

void
report_row(struct sbuf *b, const char *const *cells, size_t n, enum report_format f)
{
	if (f == FORMAT_MD)
		sbuf_adds(b, "| ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_adds(b, f == FORMAT_MD ? " | " : ",");
		report_cell(b, cells[i], f);
	}
	sbuf_adds(b, f == FORMAT_MD ? " |\n" : "\n");
}

static size_t
report_member_reqs(const struct report_run *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nreqs; i++)
		n += r->reqs[i].no < 100000;
	return n;
}

static void
report_results_header(struct sbuf *b, const struct report_run *r, enum report_format f)
{
	static const char *const fixed[] = { "member_id", "name", "unit", "community",
	    "score", "grade", "stars", "award_eligible" };
	size_t nm = report_member_reqs(r), n = 8 + nm;
	const char **cells = xcalloc(n, sizeof *cells);

	memcpy(cells, fixed, sizeof fixed);
	for (size_t i = 0; i < nm; i++)
		cells[8 + i] = r->reqs[i].id;
	report_row(b, cells, n, f);
	if (f == FORMAT_MD) {
		for (size_t i = 0; i < n; i++)
			sbuf_adds(b, i ? "---|" : "|---|");
		sbuf_addc(b, '\n');
	}
	free(cells);
}

static void
report_results_row(struct sbuf *b, const struct report_run *r, const struct report_subject *s,
    const char *unit, const char *community, enum report_format f)
{
	size_t nm = report_member_reqs(r), n = 8 + nm;
	const char **cells = xcalloc(n, sizeof *cells);
	char score[32] = "", stars[16] = "";

	if (s->has_score)
		snprintf(score, sizeof score, "%g", s->score);
	if (s->stars >= 0)
		snprintf(stars, sizeof stars, "%d", s->stars);
	cells[0] = s->code;
	cells[1] = s->name;
	cells[2] = unit;
	cells[3] = community;
	cells[4] = score;
	cells[5] = s->grade;
	cells[6] = stars;
	cells[7] = s->award < 0 ? "" : s->award ? "true" : "false";
	for (size_t i = 0; i < s->nout; i++)
		if (s->out[i].no >= 0 && (size_t)s->out[i].no < nm)
			cells[8 + s->out[i].no] = s->out[i].status;
	report_row(b, cells, n, f);
	free(cells);
}

/* Members of the run, optionally those under one org, in id order; the
 * outcomes come from a second cursor in the same order (a merge). */
static const char report_members_sql[] =
	"WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE code = ?2"
	" UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"
	" SELECT m.id, m.code, m.name, r.score, r.grade, r.stars, r.award, r.next_band,"
	" u.code, c.code FROM result r JOIN member m ON m.id = r.subject"
	" JOIN org u ON u.id = m.unit_id LEFT JOIN org c ON c.id = m.community_id"
	" WHERE r.run_id = ?1 AND r.level = 'member'"
	" AND (?2 IS NULL OR m.unit_id IN sub OR m.community_id IN sub)"
	" ORDER BY r.subject";

static int
report_results_body(struct db *db, const struct report_run *r, const struct report_opts *o,
    struct sbuf *b, FILE *out, struct error *e)
{
	sqlite3_stmt *ms = db_prepare(db, report_members_sql, e);
	sqlite3_stmt *os = db_prepare(db, "SELECT subject, no, status, value, target, message,"
	    " points FROM outcome WHERE run_id = ? AND level = 'member' ORDER BY subject, no", e);
	int orc = SQLITE_DONE, first = 1;

	if (ms == NULL || os == NULL) {
		sqlite3_finalize(ms);
		sqlite3_finalize(os);
		return -1;
	}
	sqlite3_bind_int64(ms, 1, r->id);
	db_bind_text(ms, 2, o->org);
	sqlite3_bind_int64(os, 1, r->id);
	orc = sqlite3_step(os);
	while (sqlite3_step(ms) == SQLITE_ROW) {
		struct report_subject s = { 0 };

		s.id = sqlite3_column_int64(ms, 0);
		s.code = db_col_dup(ms, 1);
		s.name = db_col_dup(ms, 2);
		report_subject_result(&s, ms, 3);
		while (orc == SQLITE_ROW && sqlite3_column_int64(os, 0) < s.id)
			orc = sqlite3_step(os);
		for (; orc == SQLITE_ROW && sqlite3_column_int64(os, 0) == s.id;
		    orc = sqlite3_step(os))
			report_add_outcome(&s, os, 1);
		if (o->format == FORMAT_JSON) {
			sbuf_adds(b, first ? "\n" : ",\n");
			report_json_subject(b, r, &s);
		} else {
			report_results_row(b, r, &s, (const char *)sqlite3_column_text(ms, 8),
			    (const char *)sqlite3_column_text(ms, 9), o->format);
		}
		first = 0;
		report_subject_clear(&s);
		if (b->len > 1 << 16) {
			fwrite(b->s, 1, b->len, out);
			sbuf_reset(b);
		}
	}
	sqlite3_finalize(ms);
	sqlite3_finalize(os);
	return 0;
}

int
report_results(struct db *db, const struct report_opts *o, FILE *out, struct error *e)
{
	struct report_opts oc = *o;
	struct report_run r;
	struct sbuf b;
	int rc = -1;

	/* A table has no plain-text form of its own: text means CSV. */
	if (oc.format == FORMAT_TEXT)
		oc.format = FORMAT_CSV;
	sbuf_init(&b);
	memset(&r, 0, sizeof r);
	if (oc.org && db_int_text(db, "SELECT count(*) FROM org WHERE code = ?", oc.org) == 0) {
		error_set(e, EXIT_USAGE, tr("unknown org '%s'", "组织 '%s' 不存在"), oc.org);
		goto out;
	}
	if (report_run_load(db, &oc, 0, &r, e) != 0)
		goto out;
	if (oc.format == FORMAT_JSON)
		sbuf_adds(&b, "[");
	else
		report_results_header(&b, &r, oc.format);
	if (report_results_body(db, &r, &oc, &b, out, e) != 0)
		goto out;
	if (oc.format == FORMAT_JSON)
		sbuf_adds(&b, "\n]\n");
	fwrite(b.s, 1, b.len, out);
	rc = 0;
out:
	sbuf_free(&b);
	report_run_free(&r);
	return rc;
}
