/*
 * report_integrity.c - `report integrity`: the findings of the core's
 * checks that hours cannot be padded (run/integrity.h), unit by unit,
 * through emit.  Where the format holds trees (json) a tree of units,
 * each with its count and findings; else one table of findings whose
 * rows carry their unit and its count, and the counts again as foot
 * lines (md).  It reads the records as they stand; no run is needed.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "report.h"

/* The counts of the units seen, for the foot lines. */
struct report_tally {
	char **lines;
	size_t n;
	long total;
};

/* The ids of a finding's records, "12 13", for a cell. */
static char *
report_integrity_ids(const struct integrity_finding *f)
{
	struct sbuf b;

	sbuf_init(&b);
	for (size_t i = 0; i < f->nids; i++)
		sbuf_addf(&b, "%s%lld", i ? " " : "", f->ids[i]);
	return sbuf_detach(&b);
}

static const char *
report_integrity_org_name(const struct integrity_finding *f)
{
	return f->org ? f->org_name : tr("no community", "未填社区");
}

/* One finding as a row of the table. */
static void
report_integrity_row(struct emit *w, const struct integrity_finding *f)
{
	char count[32], *ids = report_integrity_ids(f);
	const char *cells[9];

	snprintf(count, sizeof count, "%ld", f->org_findings);
	cells[0] = f->org;
	cells[1] = report_integrity_org_name(f);
	cells[2] = count;
	cells[3] = f->name;
	cells[4] = ids;
	cells[5] = f->member;
	cells[6] = f->date;
	cells[7] = f->field;
	cells[8] = f->message;
	emit_row(w, cells, 9);
	free(ids);
}

/* One finding as an object of its unit's list. */
static void
report_integrity_object(struct emit *w, const struct integrity_finding *f)
{
	emit_break(w, 4);
	emit_begin_object(w);
	emit_kstr(w, "check", f->name);
	emit_key(w, "records");
	emit_begin_array(w);
	for (size_t i = 0; i < f->nids; i++)
		emit_int(w, f->ids[i]);
	emit_end_array(w);
	emit_kstr(w, "member", f->member);
	emit_kstr(w, "date", f->date);
	emit_kstr(w, "field", f->field);
	emit_kstr(w, "message", f->message);
	emit_end_object(w);
}

/* A unit begins: its object in a tree, its foot line in a table. */
static void
report_integrity_unit(struct emit *w, const struct integrity_finding *f, int first,
    struct report_tally *t)
{
	if (!emit_trees(w)) {
		t->lines = xrealloc(t->lines, (t->n + 1) * sizeof *t->lines);
		t->lines[t->n++] = xasprintf("%s %s: %ld", f->org ? f->org : "-",
		    report_integrity_org_name(f), f->org_findings);
		return;
	}
	if (!first) {
		emit_break(w, 2);
		emit_end_array(w);
		emit_end_object(w);
	}
	emit_break(w, 2);
	emit_begin_object(w);
	emit_kstr(w, "unit", f->org);
	emit_kstr(w, "name", report_integrity_org_name(f));
	emit_kbool(w, "community", f->community);
	emit_kint(w, "count", f->org_findings);
	emit_key(w, "findings");
	emit_begin_array(w);
}

/* Every finding, a unit at a time (they come in unit order). */
static int
report_integrity_body(struct db *db, const struct integrity_opts *io, struct emit *w,
    struct report_tally *t, struct error *e)
{
	struct integrity_cursor *c = integrity_open(db, io, e);
	const struct integrity_finding *f;
	char *org = NULL;
	int rc, first = 1;

	if (c == NULL)
		return -1;
	while ((rc = integrity_next(c, &f, e)) == 1) {
		if (first || !util_streq(org, f->org)) {
			report_integrity_unit(w, f, first, t);
			free(org);
			org = f->org ? xstrdup(f->org) : NULL;
			first = 0;
		}
		if (emit_trees(w))
			report_integrity_object(w, f);
		else
			report_integrity_row(w, f);
		t->total++;
	}
	if (rc == 0 && !first && emit_trees(w)) {
		emit_break(w, 2);
		emit_end_array(w);
		emit_end_object(w);
	}
	free(org);
	integrity_close(c);
	return rc;
}

/* The document around the findings: a tree's members, or the table with
 * its heading and foot. */
static int
report_integrity_doc(struct db *db, const struct integrity_opts *io, const struct report_opts *o,
    struct emit *w, struct error *e)
{
	static const char *const en[] = { "unit", "unit_name", "unit_findings", "check", "records",
	    "member", "date", "field", "message" };
	static const char *const zh[] = { "单位", "单位名称", "本单位问题数", "检查", "记录", "党员",
	    "日期", "字段", "问题" };
	struct report_tally t = { 0 };
	struct emit_table tab = { 0 };
	char *heading[2];
	int rc;

	heading[0] = io->year ? xasprintf("%s %d", tr("year", "年度"), io->year) :
	    xstrdup(tr("every year", "全部年度"));
	heading[1] = xasprintf("max_day_hours %d, max_day_verifications %d",
	    io->max_day_minutes / 60, io->max_day_verifications);
	if (emit_trees(w)) {
		emit_begin_object(w);
		emit_key(w, "year");
		if (io->year)
			emit_int(w, io->year);
		else
			emit_null(w);
		emit_kstr(w, "unit", o->org);
		emit_key(w, "units");
		emit_begin_array(w);
	} else {
		tab.title = tr("Integrity of the service records", "服务记录完整性检查");
		tab.heading = (const char *const *)heading;
		tab.nheading = 2;
		tab.columns = o->en ? en : zh;
		tab.ncolumns = 9;
		emit_begin_table(w, &tab);
	}
	rc = report_integrity_body(db, io, w, &t, e);
	if (emit_trees(w)) {
		if (t.total)
			emit_break(w, 0);
		emit_end_array(w);
		emit_kint(w, "count", t.total);
		emit_end_object(w);
	} else {
		t.lines = xrealloc(t.lines, (t.n + 1) * sizeof *t.lines);
		t.lines[t.n++] = xasprintf("%s: %ld", tr("findings", "问题合计"), t.total);
		tab.foot = (const char *const *)t.lines;
		tab.nfoot = t.n;
		emit_end_table(w);
	}
	if (rc == 0)
		rc = emit_close(w);
	else
		emit_close(w);
	for (size_t i = 0; i < t.n; i++)
		free(t.lines[i]);
	free(t.lines);
	free(heading[0]);
	free(heading[1]);
	return rc;
}

int
report_integrity(struct db *db, const struct integrity_opts *io, const struct report_opts *o,
    FILE *out, struct error *e)
{
	struct emit *w;

	if ((w = emit_open_file(out, o->format, e)) == NULL)
		return -1;
	return report_integrity_doc(db, io, o, w, e);
}
