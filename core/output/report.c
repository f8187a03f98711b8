/*
 * report.c - explain and the results report, read from a stored run.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "json.h"
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
report_subject_clear(struct report_subject *s)
{
	for (size_t i = 0; i < s->nfind; i++)
		free(s->find[i]);
	free(s->find);
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
	return tr("not applicable", "不适用");
}

/* ---- JSON ---- */

static void
report_json_subject(struct sbuf *b, const struct run_info *r, const struct report_subject *s)
{
	const struct run_subject *t = s->st;

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
	if (t->has_score)
		json_num(b, t->score);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ",\"grade\":");
	json_str(b, t->grade);
	sbuf_adds(b, ",\"stars\":");
	if (t->stars >= 0)
		json_int(b, t->stars);
	else
		sbuf_adds(b, "null");
	sbuf_adds(b, ",\"award_eligible\":");
	sbuf_adds(b, t->award < 0 ? "null" : t->award ? "true" : "false");
	sbuf_adds(b, ",\"next_band\":");
	json_str(b, t->next_band);
	sbuf_adds(b, ",\"requirements\":[");
	for (size_t i = 0; i < t->nout; i++) {
		const struct run_stored *o = &t->out[i];
		const struct run_req *q = report_req_of(r, s, i);

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
		if (o->has_points)
			json_num(b, o->points);
		else
			sbuf_adds(b, "null");
		if (s->facts && q) {
			char *read = run_facts_read(r, t, i, 1);

			sbuf_adds(b, ",\"facts\":{");
			sbuf_adds(b, read);
			sbuf_addc(b, '}');
			free(read);
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
report_text_subject(struct sbuf *b, const struct run_info *r, const struct report_subject *s)
{
	const struct run_subject *t = s->st;

	sbuf_addf(b, "%s (%s) — %s %s, %d, %s %s\n", s->name ? s->name : "", s->code,
	    r->pack, r->version, r->year, tr("as of", "截至"), r->as_of);
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
			char *read = run_facts_read(r, t, i, 0);

			if (*read)
				sbuf_addf(b, "        %s %s\n", tr("read", "依据数据"), read);
			free(read);
		}
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
	    report_subject_findings(db, &r, &s, e) != 0 ||
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
	if (o->format == FORMAT_JSON) {
		report_json_subject(&b, &r, &s);
		sbuf_addc(&b, '\n');
	} else {
		report_text_subject(&b, &r, &s);
	}
	fwrite(b.s, 1, b.len, out);
	rc = 0;
out:
	run_close(cur);
	sbuf_free(&b);
	report_subject_clear(&s);
	run_info_free(&r);
	return rc;
}

/* ---- the results report ---- */

/* The writer's escaping (emit.h), one cell or row at a time. */
void
report_cell(struct sbuf *b, const char *v, enum report_format f)
{
	if (f == FORMAT_MD)
		emit_md_cell(b, v);
	else
		emit_csv_cell(b, v);
}

void
report_row(struct sbuf *b, const char *const *cells, size_t n, enum report_format f)
{
	if (f == FORMAT_MD)
		emit_md_row(b, cells, n);
	else
		emit_csv_row(b, cells, n);
}

static void
report_results_header(struct sbuf *b, const struct run_info *r, enum report_format f)
{
	static const char *const fixed[] = { "member_id", "name", "unit", "community",
	    "score", "grade", "stars", "award_eligible" };
	size_t nm = r->nmember_reqs, n = 8 + nm;
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
report_results_row(struct sbuf *b, const struct run_info *r, const struct report_subject *s,
    const char *unit, const char *community, enum report_format f)
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
	cells[7] = t->award < 0 ? "" : t->award ? "true" : "false";
	for (size_t i = 0; i < t->nout && i < nm; i++)
		cells[8 + i] = t->out[i].status;
	report_row(b, cells, n, f);
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
    struct sbuf *b, FILE *out, struct error *e)
{
	sqlite3_stmt *ms = db_prepare(db, report_members_sql, e);
	struct run_cursor *cur = run_subjects(db, r, RUN_MEMBER, 0, e);
	struct run_subject st;
	int sr = 0, first = 1;

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
		if (o->format == FORMAT_JSON) {
			sbuf_adds(b, first ? "\n" : ",\n");
			report_json_subject(b, r, &s);
		} else {
			report_results_row(b, r, &s, (const char *)sqlite3_column_text(ms, 3),
			    (const char *)sqlite3_column_text(ms, 4), o->format);
		}
		first = 0;
		report_subject_clear(&s);
		if (b->len > 1 << 16) {
			fwrite(b->s, 1, b->len, out);
			sbuf_reset(b);
		}
	}
	sqlite3_finalize(ms);
	run_close(cur);
	return sr < 0 ? -1 : 0;
}

int
report_results(struct db *db, const struct report_opts *o, FILE *out, struct error *e)
{
	struct report_opts oc = *o;
	struct run_info r;
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
	if (run_open(db, oc.pack, oc.year, 0, &r, e) != 0)
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
	run_info_free(&r);
	return rc;
}
