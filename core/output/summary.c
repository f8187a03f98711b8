/*
 * summary.c - the year summary (summary.h): per unit, the run's grade or
 * star distribution, the reporting and post-claim rates against the
 * pack's target, the service hours, and per month the region's hours,
 * with the change from the year before when a run of it exists.  Read
 * from the stored run and the year's records in a few grouped queries
 * (never a query per member), gathered into tables in memory (a summary
 * has a row per unit and per month), then written through emit.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "pack.h"
#include "run.h"
#include "store.h"
#include "summary.h"

/* The parameter whose value (a share, 0 to 1) is the units' target. */
#define SUMMARY_TARGET_PARAM "unit_target_rate"
#define SUMMARY_MAX_SERIES   16

/* One unit's numbers in one run. */
struct summary_unit {
	long long id;
	char *code, *name;
	long members, bound, registered, claimed, unrated;
	long *bands;                  /* members per band of the summary */
	long long minutes;
};

/* One year: its run, its units (by code) and its months. */
struct summary_year {
	struct run_info r;
	char from[11], to[11];        /* the year's first day, and the as-of date
	                                 or the year's last day if earlier */
	struct summary_unit *u;
	size_t nu;
	long count[12];               /* service records per month */
	long long minutes[12];
	int months;                   /* months up to the "to" date */
};

/* A table being built: its columns, its rows of owned cells, its chart. */
struct summary_tab {
	const char *key;              /* json: the member it is written as */
	char *title;
	char *heading[4];
	size_t nheading;
	char **cols;
	size_t ncols;
	char **cells;                 /* row-major, ncols per row */
	size_t nrows;
	struct emit_chart chart;
	size_t series[SUMMARY_MAX_SERIES];
	int charted;
};

struct summary {
	const struct report_opts *o;
	struct summary_year now, before;
	int has_before;
	char kind;                    /* 'g' grades, 's' stars, 0 neither stored */
	char **bands;                 /* best first */
	size_t nbands;
	char *pack_name;
	int has_target;
	double target;                /* a share, 0 to 1 */
	char *target_clause;
};

/* The words of a header or title: the notices' Chinese, or English. */
static const char *summary_w(const struct summary *s, const char *en, const char *zh)
    __attribute__((format_arg(2), format_arg(3)));

static const char *
summary_w(const struct summary *s, const char *en, const char *zh)
{
	return s->o->en ? en : zh;
}

/* ---- tables ---- */

static void
summary_tab_init(struct summary_tab *t, const char *key, char *title)
{
	memset(t, 0, sizeof *t);
	t->key = key;
	t->title = title;
}

static size_t
summary_col(struct summary_tab *t, const char *name)
{
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
	t->cols[t->ncols] = xstrdup(name);
	return t->ncols++;
}

/* A new row of empty cells; its index. */
static size_t
summary_row(struct summary_tab *t)
{
	t->cells = xrealloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *t->cells);
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = NULL;
	return t->nrows++;
}

static void
summary_set(struct summary_tab *t, size_t row, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
summary_set(struct summary_tab *t, size_t row, size_t col, const char *fmt, ...)
{
	char **cell = &t->cells[row * t->ncols + col];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	free(*cell);
	*cell = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(*cell, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

/* Draw the n columns cols (numbers) by the label column. */
static void
summary_chart(struct summary_tab *t, enum emit_chart_kind kind, size_t label,
    const size_t *cols, size_t n, const char *unit)
{
	if (n > SUMMARY_MAX_SERIES)
		n = SUMMARY_MAX_SERIES;
	memcpy(t->series, cols, n * sizeof *cols);
	t->chart.kind = kind;
	t->chart.label = label;
	t->chart.series = t->series;
	t->chart.nseries = n;
	t->chart.unit = unit;
	t->charted = n > 0;
}

static void
summary_tab_free(struct summary_tab *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (size_t i = 0; i < t->nheading; i++)
		free(t->heading[i]);
	free(t->cells);
	free(t->cols);
	free(t->title);
	free((char *)t->chart.target_label);
	memset(t, 0, sizeof *t);
}

/* The table as a member of the json object, or as the next table. */
static void
summary_tab_emit(struct emit *w, struct summary_tab *t)
{
	struct emit_table et = { 0 };

	et.title = t->title;
	et.heading = (const char *const *)t->heading;
	et.nheading = t->nheading;
	et.columns = (const char *const *)t->cols;
	et.ncolumns = t->ncols;
	et.rows_key = "rows";
	et.chart = t->charted ? &t->chart : NULL;
	if (emit_trees(w))
		emit_key(w, t->key);
	emit_begin_table(w, &et);
	for (size_t r = 0; r < t->nrows; r++)
		emit_row(w, (const char *const *)&t->cells[r * t->ncols], t->ncols);
	emit_end_table(w);
}

/* ---- numbers ---- */

/* A rate in percent with one decimal; empty when nobody is bound. */
static void
summary_rate(struct summary_tab *t, size_t row, size_t col, long n, long d)
{
	if (d > 0)
		summary_set(t, row, col, "%.1f", 100.0 * n / d);
}

static void
summary_hours(struct summary_tab *t, size_t row, size_t col, long long minutes)
{
	summary_set(t, row, col, "%.1f", minutes / 60.0);
}

/* The change between two cells as written (so that the change is what a
 * reader computes from the table); empty when either is. */
static void
summary_delta(struct summary_tab *t, size_t row, size_t col, const char *now, const char *then)
{
	char buf[32];

	if (now == NULL || then == NULL || !*now || !*then)
		return;
	snprintf(buf, sizeof buf, "%+.1f", strtod(now, NULL) - strtod(then, NULL));
	summary_set(t, row, col, "%s", strcmp(buf, "-0.0") == 0 || strcmp(buf, "+0.0") == 0 ?
	    "0.0" : buf);
}

/* ---- reading ---- */

/* The bands the run stored, best first: grades by their members' mean
 * score (the order their bands have), stars from the most. */
static int
summary_bands(struct db *db, struct summary *s, struct error *e)
{
	static const char *const sql[] = {
		"SELECT grade FROM run_subject WHERE run_id = ? AND level = 0 AND grade IS NOT NULL"
		" GROUP BY grade ORDER BY avg(score) IS NULL, avg(score) DESC, grade",
		"SELECT stars FROM run_subject WHERE run_id = ? AND level = 0 AND stars IS NOT NULL"
		" GROUP BY stars ORDER BY stars DESC",
	};

	for (int k = 0; k < 2 && s->nbands == 0; k++) {
		sqlite3_stmt *st = db_prepare(db, sql[k], e);

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, s->now.r.id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			s->bands = xrealloc(s->bands, (s->nbands + 1) * sizeof *s->bands);
			s->bands[s->nbands++] = db_col_dup(st, 0);
			s->kind = k == 0 ? 'g' : 's';
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* The orgs of --org (all when ?2 is NULL), and each org's unit: itself,
 * or the unit above it (a branch's). */
#define SUMMARY_ORGS_SQL \
	"WITH RECURSIVE up(org, anc) AS (SELECT id, id FROM org" \
	" UNION SELECT up.org, o.parent_id FROM up JOIN org o ON o.id = up.anc" \
	" WHERE o.parent_id IS NOT NULL)," \
	" unit_of(org, unit) AS (SELECT up.org, max(up.anc) FROM up" \
	" JOIN org a ON a.id = up.anc WHERE a.kind = 'unit' GROUP BY up.org)," \
	" sub(id) AS (SELECT id FROM org WHERE code = ?2" \
	" UNION SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id)"

/* The run's members in scope: ?1 run, ?2 org, ?3 from, ?4 to. */
#define SUMMARY_MEMBERS_WHERE \
	" s.run_id = ?1 AND s.level = 0" \
	" AND (?2 IS NULL OR mm.unit_id IN sub OR mm.community_id IN sub)"

static const char summary_units_sql[] = SUMMARY_ORGS_SQL ","
	" m AS (SELECT coalesce(uo.unit, mm.unit_id) AS unit, s.grade, s.stars,"
	" mm.status = 'in_service' AND mm.exempt = 0 AS bound,"
	" EXISTS (SELECT 1 FROM registration g WHERE g.member_id = mm.id AND g.date <= ?4) AS reg,"
	" EXISTS (SELECT 1 FROM claim c WHERE c.member_id = mm.id"
	" AND c.date BETWEEN ?3 AND ?4) AS cl,"
	" (SELECT coalesce(sum(a.minutes), 0) FROM activity a WHERE a.member_id = mm.id"
	" AND a.date BETWEEN ?3 AND ?4) AS minutes"
	" FROM run_subject s JOIN member mm ON mm.id = s.subject"
	" LEFT JOIN unit_of uo ON uo.org = mm.unit_id WHERE" SUMMARY_MEMBERS_WHERE ")"
	" SELECT m.unit, u.code, u.name, m.grade, m.stars, count(*), sum(m.bound),"
	" sum(m.bound AND m.reg), sum(m.bound AND m.cl), sum(m.minutes)"
	" FROM m JOIN org u ON u.id = m.unit GROUP BY m.unit, m.grade, m.stars"
	" ORDER BY u.code, m.unit";

static const char summary_months_sql[] = SUMMARY_ORGS_SQL
	" SELECT CAST(substr(a.date, 6, 2) AS INTEGER), count(*), sum(a.minutes)"
	" FROM run_subject s JOIN member mm ON mm.id = s.subject"
	" JOIN activity a ON a.member_id = mm.id"
	" WHERE" SUMMARY_MEMBERS_WHERE " AND a.date BETWEEN ?3 AND ?4 GROUP BY 1";

/* The band of a row's grade or stars, or -1 (unrated, or not a band of
 * the summary's). */
static long
summary_band_of(const struct summary *s, sqlite3_stmt *st)
{
	const char *g = (const char *)sqlite3_column_text(st, s->kind == 'g' ? 3 : 4);

	for (size_t i = 0; g && s->kind && i < s->nbands; i++)
		if (strcmp(s->bands[i], g) == 0)
			return (long)i;
	return -1;
}

/* Add one (unit, grade, stars) group to its unit, the last one or a new one. */
static void
summary_add_group(const struct summary *s, struct summary_year *y, sqlite3_stmt *st)
{
	long long id = sqlite3_column_int64(st, 0);
	struct summary_unit *u = y->nu ? &y->u[y->nu - 1] : NULL;
	long n = sqlite3_column_int(st, 5), band;

	if (u == NULL || u->id != id) {
		y->u = xrealloc(y->u, (y->nu + 1) * sizeof *y->u);
		u = &y->u[y->nu++];
		memset(u, 0, sizeof *u);
		u->id = id;
		u->code = db_col_dup(st, 1);
		u->name = db_col_dup(st, 2);
		u->bands = xcalloc(s->nbands ? s->nbands : 1, sizeof *u->bands);
	}
	u->members += n;
	u->bound += sqlite3_column_int(st, 6);
	u->registered += sqlite3_column_int(st, 7);
	u->claimed += sqlite3_column_int(st, 8);
	u->minutes += sqlite3_column_int64(st, 9);
	if ((band = summary_band_of(s, st)) >= 0)
		u->bands[band] += n;
	else
		u->unrated += n;
}

/* Bind the run, the scope and the dates of year y. */
static void
summary_bind(sqlite3_stmt *st, const struct summary *s, const struct summary_year *y)
{
	sqlite3_bind_int64(st, 1, y->r.id);
	db_bind_text(st, 2, s->o->org);
	sqlite3_bind_text(st, 3, y->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, y->to, -1, SQLITE_STATIC);
}

/* The units and months of year y's run. */
static int
summary_read_year(struct db *db, const struct summary *s, struct summary_year *y,
    struct error *e)
{
	sqlite3_stmt *st;
	char last[11];

	snprintf(y->from, sizeof y->from, "%04d-01-01", y->r.year);
	snprintf(last, sizeof last, "%04d-12-31", y->r.year);
	snprintf(y->to, sizeof y->to, "%s", strcmp(y->r.as_of, last) < 0 ? y->r.as_of : last);
	y->months = atoi(y->to + 5);
	if ((st = db_prepare(db, summary_units_sql, e)) == NULL)
		return -1;
	summary_bind(st, s, y);
	while (sqlite3_step(st) == SQLITE_ROW)
		summary_add_group(s, y, st);
	sqlite3_finalize(st);
	if ((st = db_prepare(db, summary_months_sql, e)) == NULL)
		return -1;
	summary_bind(st, s, y);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int m = sqlite3_column_int(st, 0);

		if (m >= 1 && m <= 12) {
			y->count[m - 1] = sqlite3_column_int(st, 1);
			y->minutes[m - 1] = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

/* The pack's name, and its target: the parameter's value in force on
 * the run's as-of date (the last dated value from on or before it, else
 * the default). */
static int
summary_pack(const struct config *cfg, struct db *db, struct summary *s, struct error *e)
{
	struct pack_info pi;

	if (store_read(cfg, db, s->o->pack, s->o->year, &pi, e) != 0)
		return -1;
	s->pack_name = xstrdup(pi.name);
	for (size_t i = 0; i < pi.nparams; i++) {
		const struct pack_param *pp = &pi.params[i];
		const char *v = pp->dflt, *clause = pp->clause;

		if (strcmp(pp->name, SUMMARY_TARGET_PARAM) != 0)
			continue;
		for (size_t k = 0; k < pp->ndated; k++)
			if (strcmp(pp->dated[k].from, s->now.r.as_of) <= 0) {
				v = pp->dated[k].value;
				if (*pp->dated[k].clause)
					clause = pp->dated[k].clause;
			}
		s->has_target = 1;
		s->target = strtod(v, NULL);
		s->target_clause = xstrdup(clause);
	}
	pack_info_free(&pi);
	return 0;
}

/* The unit of year y with id, or NULL. */
static const struct summary_unit *
summary_unit_in(const struct summary_year *y, long long id)
{
	for (size_t i = 0; i < y->nu; i++)
		if (y->u[i].id == id)
			return &y->u[i];
	return NULL;
}

/* All of year y's units added up. */
static void
summary_total(const struct summary *s, const struct summary_year *y, struct summary_unit *t)
{
	memset(t, 0, sizeof *t);
	t->bands = xcalloc(s->nbands ? s->nbands : 1, sizeof *t->bands);
	t->code = "";
	t->name = (char *)summary_w(s, "all units", "合计");
	for (size_t i = 0; i < y->nu; i++) {
		t->members += y->u[i].members;
		t->bound += y->u[i].bound;
		t->registered += y->u[i].registered;
		t->claimed += y->u[i].claimed;
		t->unrated += y->u[i].unrated;
		t->minutes += y->u[i].minutes;
		for (size_t b = 0; b < s->nbands; b++)
			t->bands[b] += y->u[i].bands[b];
	}
}

static void
summary_year_free(struct summary_year *y)
{
	for (size_t i = 0; i < y->nu; i++) {
		free(y->u[i].code);
		free(y->u[i].name);
		free(y->u[i].bands);
	}
	free(y->u);
	run_info_free(&y->r);
}

/* ---- the tables ---- */

/* The overview: the run, and the region's totals. */
static void
summary_overview(const struct summary *s, struct summary_tab *t)
{
	struct summary_unit all;
	long count = 0;
	long long minutes = 0;
	size_t r;

	summary_tab_init(t, "overview", xasprintf(summary_w(s, "%s: summary of %d",
	    "%s %d年度汇总"), s->pack_name, s->now.r.year));
	summary_col(t, summary_w(s, "item", "项目"));
	summary_col(t, summary_w(s, "value", "数值"));
	summary_total(s, &s->now, &all);
	for (int m = 0; m < s->now.months; m++) {
		count += s->now.count[m];
		minutes += s->now.minutes[m];
	}
#define SUMMARY_ITEM(en, zh, ...) \
	do { r = summary_row(t); summary_set(t, r, 0, "%s", summary_w(s, en, zh)); \
	     summary_set(t, r, 1, __VA_ARGS__); } while (0)
	SUMMARY_ITEM("pack", "规则包", "%s %s", s->now.r.pack, s->now.r.version);
	SUMMARY_ITEM("run", "评议", "%lld", s->now.r.id);
	SUMMARY_ITEM("as of", "截至", "%s", s->now.r.as_of);
	SUMMARY_ITEM("scope", "范围", "%s", s->o->org ? s->o->org : summary_w(s, "all", "全部"));
	SUMMARY_ITEM("members evaluated", "参评党员", "%ld", all.members);
	SUMMARY_ITEM("bound to report", "应报到党员", "%ld", all.bound);
	r = summary_row(t);
	summary_set(t, r, 0, "%s", summary_w(s, "reporting rate (%)", "报到率(%)"));
	summary_rate(t, r, 1, all.registered, all.bound);
	r = summary_row(t);
	summary_set(t, r, 0, "%s", summary_w(s, "post-claim rate (%)", "认岗率(%)"));
	summary_rate(t, r, 1, all.claimed, all.bound);
	r = summary_row(t);
	summary_set(t, r, 0, "%s", summary_w(s, "target (%)", "目标(%)"));
	if (s->has_target)
		summary_set(t, r, 1, "%g", 100 * s->target);
	SUMMARY_ITEM("service records", "服务记录", "%ld", count);
	r = summary_row(t);
	summary_set(t, r, 0, "%s", summary_w(s, "service hours", "服务时长(小时)"));
	summary_hours(t, r, 1, minutes);
	r = summary_row(t);
	summary_set(t, r, 0, "%s", summary_w(s, "run of the year before", "上年评议"));
	if (s->has_before)
		summary_set(t, r, 1, "%lld (%d)", s->before.r.id, s->before.r.year);
#undef SUMMARY_ITEM
	free(all.bands);
}

/* The band's header: a grade as it is, stars as "5星". */
static char *
summary_band_name(const struct summary *s, size_t b)
{
	if (s->kind == 's')
		return xasprintf(summary_w(s, "%s stars", "%s星"), s->bands[b]);
	return xstrdup(s->bands[b]);
}

/* One unit's distribution row. */
static void
summary_dist_row(const struct summary *s, struct summary_tab *t, const struct summary_unit *u,
    int unrated)
{
	size_t r = summary_row(t);

	summary_set(t, r, 0, "%s", u->code);
	summary_set(t, r, 1, "%s", u->name);
	summary_set(t, r, 2, "%ld", u->members);
	for (size_t b = 0; b < s->nbands; b++)
		summary_set(t, r, 3 + b, "%ld", u->bands[b]);
	if (unrated)
		summary_set(t, r, 3 + s->nbands, "%ld", u->unrated);
}

/* The grade or star distribution per unit, drawn as each unit's shares. */
static void
summary_dist(const struct summary *s, struct summary_tab *t)
{
	struct summary_unit all;
	size_t cols[SUMMARY_MAX_SERIES];
	int unrated;

	summary_total(s, &s->now, &all);
	unrated = all.unrated > 0;
	summary_tab_init(t, "distribution", xstrdup(s->kind == 'g' ?
	    summary_w(s, "Grades per unit", "各单位等次分布") :
	    summary_w(s, "Stars per unit", "各单位星级分布")));
	summary_col(t, summary_w(s, "unit_code", "单位代码"));
	summary_col(t, summary_w(s, "unit", "单位"));
	summary_col(t, summary_w(s, "members", "参评党员"));
	for (size_t b = 0; b < s->nbands; b++) {
		char *name = summary_band_name(s, b);

		summary_col(t, name);
		free(name);
	}
	if (unrated)
		summary_col(t, summary_w(s, "unrated", "未评定"));
	for (size_t i = 0; i < s->now.nu; i++)
		summary_dist_row(s, t, &s->now.u[i], unrated);
	summary_dist_row(s, t, &all, unrated);
	for (size_t b = 0; b < SUMMARY_MAX_SERIES; b++)
		cols[b] = 3 + b;
	summary_chart(t, EMIT_CHART_SHARES, 1, cols, s->nbands + (size_t)unrated,
	    summary_w(s, " members", "名"));
	free(all.bands);
}

/* One unit's rates row. */
static void
summary_rates_row(struct summary_tab *t, const struct summary_unit *u)
{
	size_t r = summary_row(t);

	summary_set(t, r, 0, "%s", u->code);
	summary_set(t, r, 1, "%s", u->name);
	summary_set(t, r, 2, "%ld", u->members);
	summary_set(t, r, 3, "%ld", u->bound);
	summary_set(t, r, 4, "%ld", u->registered);
	summary_rate(t, r, 5, u->registered, u->bound);
	summary_set(t, r, 6, "%ld", u->claimed);
	summary_rate(t, r, 7, u->claimed, u->bound);
	summary_hours(t, r, 8, u->minutes);
}

/* Reporting and post-claim rates per unit, drawn as bars against the
 * target. */
static void
summary_rates(const struct summary *s, struct summary_tab *t)
{
	static const char *const en[] = { "unit_code", "unit", "members", "bound",
	    "registered", "reporting_rate", "claimed", "claim_rate", "hours" };
	static const char *const zh[] = { "单位代码", "单位", "参评党员", "应报到党员",
	    "已报到", "报到率(%)", "已认领岗位", "认岗率(%)", "服务时长(小时)" };
	static const size_t rates[] = { 5, 7 };
	struct summary_unit all;

	summary_tab_init(t, "rates", xstrdup(summary_w(s, "Reporting and post-claim rates per unit",
	    "各单位报到率和认岗率")));
	for (size_t i = 0; i < 9; i++)
		summary_col(t, s->o->en ? en[i] : zh[i]);
	t->heading[t->nheading++] = xasprintf(summary_w(s, "Bound: the run's members in service"
	    " and not exempt; registered: with a registration on or before %s; claimed: with a"
	    " post claimed in %d.", "应报到：参评党员中在职且未免于报到者；已报到：截至 %s 已登记报到；"
	    "已认领岗位：%d 年内认领过岗位。"), s->now.to, s->now.r.year);
	t->heading[t->nheading++] = s->has_target ? xasprintf(summary_w(s,
	    "Target: %g%% (the pack's %s, %s).", "目标：%g%%（规则包参数 %s，%s）。"),
	    100 * s->target, SUMMARY_TARGET_PARAM, s->target_clause) :
	    xstrdup(summary_w(s, "The pack states no target.", "规则包未规定目标。"));
	for (size_t i = 0; i < s->now.nu; i++)
		summary_rates_row(t, &s->now.u[i]);
	summary_total(s, &s->now, &all);
	summary_rates_row(t, &all);
	free(all.bands);
	summary_chart(t, EMIT_CHART_BARS, 1, rates, 2, "%");
	if (s->has_target) {
		t->chart.has_target = 1;
		t->chart.target = 100 * s->target;
		t->chart.target_label = xasprintf(summary_w(s, "target %g%%", "目标 %g%%"),
		    100 * s->target);
	}
}

/* Service records and hours per month, with the year before's hours. */
static void
summary_months(const struct summary *s, struct summary_tab *t)
{
	static const size_t hours[] = { 2, 3 };

	summary_tab_init(t, "months", xasprintf(summary_w(s, "Service hours per month, %d",
	    "%d年各月服务时长"), s->now.r.year));
	summary_col(t, summary_w(s, "month", "月份"));
	summary_col(t, summary_w(s, "records", "服务记录"));
	summary_col(t, summary_w(s, "hours", "服务时长(小时)"));
	if (s->has_before)
		summary_col(t, summary_w(s, "hours_year_before", "上年服务时长(小时)"));
	for (int m = 0; m < s->now.months; m++) {
		size_t r = summary_row(t);

		summary_set(t, r, 0, "%04d-%02d", s->now.r.year, m + 1);
		summary_set(t, r, 1, "%ld", s->now.count[m]);
		summary_hours(t, r, 2, s->now.minutes[m]);
		if (s->has_before && m < s->before.months)
			summary_hours(t, r, 3, s->before.minutes[m]);
	}
	summary_chart(t, EMIT_CHART_LINE, 0, hours, s->has_before ? 2 : 1,
	    summary_w(s, " h", "小时"));
}

/* One unit's change from the year before (u_before NULL: not in it). */
static void
summary_change_row(struct summary_tab *t, const struct summary_unit *u,
    const struct summary_unit *b)
{
	size_t r = summary_row(t);
	char **c = &t->cells[r * t->ncols];

	summary_set(t, r, 0, "%s", u->code);
	summary_set(t, r, 1, "%s", u->name);
	if (b)
		summary_rate(t, r, 2, b->registered, b->bound);
	summary_rate(t, r, 3, u->registered, u->bound);
	summary_delta(t, r, 4, c[3], c[2]);
	if (b)
		summary_rate(t, r, 5, b->claimed, b->bound);
	summary_rate(t, r, 6, u->claimed, u->bound);
	summary_delta(t, r, 7, c[6], c[5]);
	if (b)
		summary_hours(t, r, 8, b->minutes);
	summary_hours(t, r, 9, u->minutes);
	summary_delta(t, r, 10, c[9], c[8]);
}

/* The change per unit from the run of the year before, the rates' change
 * drawn as bars above and below zero. */
static void
summary_change(const struct summary *s, struct summary_tab *t)
{
	static const char *const en[] = { "unit_code", "unit", "reporting_rate_before",
	    "reporting_rate", "reporting_change", "claim_rate_before", "claim_rate",
	    "claim_change", "hours_before", "hours", "hours_change" };
	static const char *const zh[] = { "单位代码", "单位", "上年报到率(%)", "报到率(%)",
	    "报到率变化(百分点)", "上年认岗率(%)", "认岗率(%)", "认岗率变化(百分点)",
	    "上年服务时长(小时)", "服务时长(小时)", "服务时长变化(小时)" };
	static const size_t changes[] = { 4, 7 };
	struct summary_unit all, before;

	summary_tab_init(t, "change", xasprintf(summary_w(s, "Change from %d to %d",
	    "%d年至%d年的变化"), s->before.r.year, s->now.r.year));
	for (size_t i = 0; i < 11; i++)
		summary_col(t, s->o->en ? en[i] : zh[i]);
	t->heading[t->nheading++] = xasprintf(summary_w(s, "Run %lld of %d (as of %s) against run"
	    " %lld of %d (as of %s).", "第 %lld 次评议（%d 年，截至 %s）与第 %lld 次评议（%d 年，截至 %s）比较。"),
	    s->now.r.id, s->now.r.year, s->now.to, s->before.r.id, s->before.r.year,
	    s->before.to);
	for (size_t i = 0; i < s->now.nu; i++)
		summary_change_row(t, &s->now.u[i], summary_unit_in(&s->before, s->now.u[i].id));
	summary_total(s, &s->now, &all);
	summary_total(s, &s->before, &before);
	summary_change_row(t, &all, &before);
	free(all.bands);
	free(before.bands);
	summary_chart(t, EMIT_CHART_BARS, 1, changes, 2, summary_w(s, " points", "个百分点"));
}

/* ---- the report ---- */

/* The document: the run's facts and the tables, members of one object in
 * json, one table after another elsewhere. */
static int
summary_write(const struct summary *s, FILE *out, struct error *e)
{
	struct summary_tab t[5];
	size_t n = 0;
	struct emit *w;
	int rc;

	if ((w = emit_open_file(out, s->o->format, e)) == NULL)
		return -1;
	if (!emit_trees(w) && !emit_tables(w)) {
		emit_close(w);
		return error_set(e, EXIT_USAGE, tr("the summary is several tables; format %s holds"
		    " one (use md, csv, json or html)", "汇总由多张表组成；格式 %s 只能容纳一张"
		    "（请用 md、csv、json 或 html）"), s->o->format);
	}
	summary_overview(s, &t[n++]);
	if (s->nbands)
		summary_dist(s, &t[n++]);
	summary_rates(s, &t[n++]);
	summary_months(s, &t[n++]);
	if (s->has_before)
		summary_change(s, &t[n++]);
	if (emit_trees(w)) {
		emit_begin_object(w);
		emit_kstr(w, "pack", s->now.r.pack);
		emit_kstr(w, "pack_version", s->now.r.version);
		emit_kint(w, "year", s->now.r.year);
		emit_kstr(w, "as_of", s->now.r.as_of);
		emit_kint(w, "run", s->now.r.id);
		emit_key(w, "run_year_before");
		if (s->has_before)
			emit_int(w, s->before.r.id);
		else
			emit_null(w);
		emit_key(w, "target");
		if (s->has_target)
			emit_num(w, s->target);
		else
			emit_null(w);
	}
	for (size_t i = 0; i < n; i++) {
		if (emit_trees(w))
			emit_break(w, 0);
		summary_tab_emit(w, &t[i]);
		summary_tab_free(&t[i]);
	}
	if (emit_trees(w)) {
		emit_break(w, 0);
		emit_end_object(w);
	}
	rc = emit_close(w);
	return rc;
}

int
summary_report(struct db *db, const struct config *cfg, const struct report_opts *o,
    FILE *out, struct error *e)
{
	struct summary s;
	long long before;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.o = o;
	if (o->org && db_int_text(db, "SELECT count(*) FROM org WHERE code = ?", o->org) == 0) {
		error_set(e, EXIT_USAGE, tr("unknown org '%s'", "组织 '%s' 不存在"), o->org);
		return -1;
	}
	if (run_open(db, o->pack, o->year, 0, &s.now.r, e) != 0)
		return -1;
	before = run_latest(db, s.now.r.pack, o->year - 1, RUN_MEMBER, 0);
	if (before && run_open(db, s.now.r.pack, o->year - 1, before, &s.before.r, e) != 0)
		goto out;
	s.has_before = before != 0;
	if (summary_pack(cfg, db, &s, e) != 0 || summary_bands(db, &s, e) != 0 ||
	    summary_read_year(db, &s, &s.now, e) != 0 ||
	    (s.has_before && summary_read_year(db, &s, &s.before, e) != 0))
		goto out;
	rc = summary_write(&s, out, e);
out:
	summary_year_free(&s.now);
	summary_year_free(&s.before);
	for (size_t i = 0; i < s.nbands; i++)
		free(s.bands[i]);
	free(s.bands);
	free(s.pack_name);
	free(s.target_clause);
	return rc;
}
