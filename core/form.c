/*
 * form.c - building a pack's report forms, row by row, in the pack's own
 * sandbox.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "date.h"
#include "eval.h"
#include "facts.h"
#include "form.h"
#include "json.h"
#include "pack.h"
#include "store.h"
#include "view.h"

/* A row of a ranked form, held until every row is known. */
struct form_held {
	double key;
	long seq;
	char **cells;
};

/* What building one form needs. */
struct form_run {
	const struct pack_form *form;
	struct pack *pack;
	lua_State *L;
	const struct report_opts *o;
	struct sbuf out;
	const char **cells;
	long rows;
	struct form_held *held;       /* ranked forms: rows before sorting */
	size_t nheld, capheld;
};

char *
form_mask(const char *s)
{
	size_t n = strlen(s), digits = 0, keep = 0;

	for (size_t i = 0; i < n; i++)
		digits += isdigit((unsigned char)s[i]) != 0;
	if (n == 0)
		return xstrdup("");
	if (digits >= 7 && digits * 2 > n)
		return xasprintf("%.3s****%s", s, s + (n > 4 ? n - 4 : 0));
	/* Two characters, not two bytes: a Chinese character is three. */
	for (int c = 0; c < 2 && keep < n; c++) {
		keep++;
		while (keep < n && ((unsigned char)s[keep] & 0xC0) == 0x80)
			keep++;
	}
	return xasprintf("%.*s***", (int)keep, s);
}

/* The Lua value on top as cell text (popped). */
static char *
form_text(lua_State *L)
{
	char *t;

	switch (lua_type(L, -1)) {
	case LUA_TNIL:
		t = xstrdup("");
		break;
	case LUA_TBOOLEAN:
		t = xstrdup(lua_toboolean(L, -1) ? tr("yes", "是") : tr("no", "否"));
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, -1))
			t = xasprintf("%lld", (long long)lua_tointeger(L, -1));
		else {
			double v = lua_tonumber(L, -1);

			t = v == floor(v) && fabs(v) < 1e15 ? xasprintf("%.0f", v) :
			    xasprintf("%.2f", v);
		}
		break;
	default:
		t = xstrdup(luaL_tolstring(L, -1, NULL));
		lua_pop(L, 1);
		break;
	}
	lua_pop(L, 1);
	return t;
}

/* Call the form's function REF (a column's, when, order) with the row's
 * refs, leaving its one result on the stack; -1 with e naming form, WHAT
 * (and the column's header when given) and row. */
static int
form_call(struct form_run *fr, int ref, const char *what, const char *header,
    const int *refs, int nargs, const char *row, struct error *e)
{
	char err[512];

	lua_rawgeti(fr->L, LUA_REGISTRYINDEX, ref);
	for (int i = 0; i < nargs; i++)
		lua_rawgeti(fr->L, LUA_REGISTRYINDEX, refs[i]);
	if (sandbox_call(fr->pack->sb, nargs, 1, err, sizeof err) != 0)
		return error_set(e, EXIT_USAGE, "pack %s: form '%s': %s%s%s%s: %s: %s",
		    fr->pack->info->id, fr->form->name, what, header ? " '" : "",
		    header ? header : "", header ? "'" : "", row, err);
	return 0;
}

/* One cell: rec[field], or fn(...) with the refs given (nargs of them:
 * m, f, p, r, s for member rows; rec, p for activity and org rows).  0, or
 * -1 with e naming form, column and row. */
static int
form_cell(struct form_run *fr, const struct pack_column *col, const int *refs, int nargs,
    const char *row, char **cell, struct error *e)
{
	if (col->field) {
		lua_rawgeti(fr->L, LUA_REGISTRYINDEX, refs[0]);
		lua_getfield(fr->L, -1, col->field);
		lua_remove(fr->L, -2);
	} else if (form_call(fr, col->fn_ref, "column", col->header, refs, nargs, row, e) != 0) {
		return -1;
	}
	*cell = form_text(fr->L);
	if (col->personal && !fr->o->reveal) {
		char *m = form_mask(*cell);

		free(*cell);
		*cell = m;
	}
	return 0;
}

/* Does the form keep this row?  when(...) decides. */
static int
form_keep(struct form_run *fr, const int *refs, int nargs, const char *row, int *keep,
    struct error *e)
{
	*keep = 1;
	if (fr->form->when_ref == LUA_NOREF)
		return 0;
	if (form_call(fr, fr->form->when_ref, "when", NULL, refs, nargs, row, e) != 0)
		return -1;
	*keep = lua_toboolean(fr->L, -1);
	lua_pop(fr->L, 1);
	return 0;
}

/* Write one row of cells in the report's format. */
static void
form_emit(struct form_run *fr, char **cells)
{
	const struct pack_form *f = fr->form;

	if (fr->o->format == FORMAT_JSON) {
		sbuf_adds(&fr->out, fr->rows ? ",\n{" : "\n{");
		for (size_t i = 0; i < f->ncols; i++) {
			if (i)
				sbuf_addc(&fr->out, ',');
			json_str(&fr->out, f->cols[i].header);
			sbuf_addc(&fr->out, ':');
			json_str(&fr->out, cells[i]);
		}
		sbuf_addc(&fr->out, '}');
	} else {
		report_row(&fr->out, (const char *const *)cells, f->ncols, fr->o->format);
	}
	fr->rows++;
}

static void
form_cells_free(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

/* The row's ranking key from order(...): a number. */
static int
form_key(struct form_run *fr, const int *refs, int nargs, const char *row, double *key,
    struct error *e)
{
	int ok;

	if (form_call(fr, fr->form->order_ref, "order", NULL, refs, nargs, row, e) != 0)
		return -1;
	ok = lua_type(fr->L, -1) == LUA_TNUMBER;
	*key = lua_tonumber(fr->L, -1);
	lua_pop(fr->L, 1);
	if (!ok)
		return error_set(e, EXIT_USAGE, "pack %s: form '%s': order: %s: not a number",
		    fr->pack->info->id, fr->form->name, row);
	return 0;
}

/* Compute one row and write it, or hold it for ranking. */
static int
form_row(struct form_run *fr, const int *refs, int nargs, const char *row, struct error *e)
{
	const struct pack_form *f = fr->form;
	char **cells;
	double key = 0;
	int rc = 0, keep;

	if (form_keep(fr, refs, nargs, row, &keep, e) != 0)
		return -1;
	if (!keep)
		return 0;
	if (f->order_ref != LUA_NOREF && form_key(fr, refs, nargs, row, &key, e) != 0)
		return -1;
	cells = xcalloc(f->ncols, sizeof *cells);
	for (size_t i = 0; i < f->ncols && rc == 0; i++)
		rc = form_cell(fr, &f->cols[i], refs, nargs, row, &cells[i], e);
	if (rc == 0 && f->order_ref != LUA_NOREF) {
		if (fr->nheld == fr->capheld) {
			fr->capheld = fr->capheld ? fr->capheld * 2 : 64;
			fr->held = xrealloc(fr->held, fr->capheld * sizeof *fr->held);
		}
		fr->held[fr->nheld].key = key;
		fr->held[fr->nheld].seq = (long)fr->nheld;
		fr->held[fr->nheld++].cells = cells;
		return 0;
	}
	if (rc == 0)
		form_emit(fr, cells);
	form_cells_free(cells, f->ncols);
	return rc;
}

static int
form_held_cmp(const void *a, const void *b)
{
	const struct form_held *x = a, *y = b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Ranked forms: highest key first (ties in row order), the first top. */
static void
form_flush(struct form_run *fr)
{
	size_t n = fr->nheld;

	if (fr->held == NULL)
		return;
	qsort(fr->held, n, sizeof *fr->held, form_held_cmp);
	if (fr->form->top >= 1 && (double)n > fr->form->top)
		n = (size_t)fr->form->top;
	for (size_t i = 0; i < fr->nheld; i++) {
		if (i < n)
			form_emit(fr, fr->held[i].cells);
		form_cells_free(fr->held[i].cells, fr->form->ncols);
	}
	free(fr->held);
	fr->held = NULL;
}

static int
form_member_row(void *arg, lua_State *L, const int refs[5], const char *member,
    struct error *e)
{
	struct form_run *fr = arg;
	char *row = xasprintf("%s %s", tr("member", "党员"), member);
	int rc = form_row(fr, refs, 5, row, e);

	free(row);
	return rc;
}

static int
form_ref_view(lua_State *L, struct view *v)
{
	view_push(L, v);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Record rows (activities, pairings, ledger entries, wishes): the
 * records, each with the pack's parameters. */
static int
form_records(struct form_run *fr, struct db *db, struct error *e)
{
	enum facts_record kind = pack_form_record(fr->form);
	struct view_value val[FACTS_REC_MAXFIELDS];
	struct view rec = { facts_record_schema(kind), val, NULL };
	struct view params = { &fr->pack->param_schema, fr->pack->param_values, NULL };
	int refs[2], rc = 0;
	sqlite3_stmt *st = facts_record_open(db, kind, e);

	if (st == NULL)
		return -1;
	refs[0] = form_ref_view(fr->L, &rec);
	refs[1] = form_ref_view(fr->L, &params);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		char *row = facts_record_values(st, kind, val);

		if (facts_record_in_scope(st, kind, fr->o->org))
			rc = form_row(fr, refs, 2, row, e);
		free(row);
	}
	sqlite3_finalize(st);
	return rc;
}

static int
form_org_row(void *arg, lua_State *L, const int refs[4], const char *org, struct error *e)
{
	struct form_run *fr = arg;
	char *row = xasprintf("%s %s", tr("org", "组织"), org);
	int rc = form_row(fr, refs, 4, row, e);

	free(row);
	return rc;
}

static void
form_header(struct form_run *fr)
{
	const struct pack_form *f = fr->form;

	if (fr->o->format == FORMAT_JSON) {
		sbuf_adds(&fr->out, "{\"form\":");
		json_str(&fr->out, f->name);
		sbuf_adds(&fr->out, ",\"title\":");
		json_str(&fr->out, f->title);
		sbuf_adds(&fr->out, ",\"clause\":");
		json_str(&fr->out, f->clause);
		sbuf_addf(&fr->out, ",\"pack\":\"%s\",\"year\":%d,\"rows\":[",
		    fr->pack->info->id, fr->o->year);
		return;
	}
	if (fr->o->format == FORMAT_MD)
		sbuf_addf(&fr->out, "# %s\n\n%s %s; %s %d\n\n", f->title, tr("clause", "依据"),
		    f->clause, fr->pack->info->id, fr->o->year);
	for (size_t i = 0; i < f->ncols; i++)
		fr->cells[i] = f->cols[i].header;
	report_row(&fr->out, fr->cells, f->ncols, fr->o->format);
	if (fr->o->format == FORMAT_MD) {
		for (size_t i = 0; i < f->ncols; i++)
			sbuf_adds(&fr->out, i ? "---|" : "|---|");
		sbuf_addc(&fr->out, '\n');
	}
}

static int
form_build(struct form_run *fr, struct db *db, const struct facts_period *per,
    struct error *e)
{
	int rc;

	fr->cells = xcalloc(fr->form->ncols, sizeof *fr->cells);
	sbuf_init(&fr->out);
	form_header(fr);
	if (fr->form->rows == ROWS_MEMBER)
		rc = eval_each_member(db, fr->pack, per, fr->o->org, form_member_row, fr, e);
	else if (fr->form->rows == ROWS_ORG)
		rc = eval_each_org(db, fr->pack, per, fr->o->org, fr->form->kinds, form_org_row,
		    fr, e);
	else
		rc = form_records(fr, db, e);
	form_flush(fr);
	if (fr->o->format == FORMAT_JSON)
		sbuf_adds(&fr->out, "\n]}\n");
	free(fr->cells);
	return rc;
}

int
form_report(struct db *db, const struct config *cfg, const char *name,
    const struct report_opts *o, FILE *out, struct error *e)
{
	struct form_run fr = { .o = o };
	struct facts_period per;
	struct pack_info pi;
	struct pack p;
	int rc = 1;

	facts_period_init(&per, o->year, NULL);
	if (store_load(cfg, db, o->pack, &per, &pi, &p, e) != 0)
		return -1;
	for (size_t i = 0; i < p.nforms; i++)
		if (strcmp(p.forms[i].name, name) == 0)
			fr.form = &p.forms[i];
	if (fr.form != NULL) {
		fr.pack = &p;
		fr.L = sandbox_lua(p.sb);
		rc = form_build(&fr, db, &per, e);
		if (rc == 0)
			fwrite(fr.out.s, 1, fr.out.len, out);
		sbuf_free(&fr.out);
	}
	pack_free(&p);
	pack_info_free(&pi);
	return rc;
}

int
form_list(struct db *db, const struct config *cfg, const char *pack, FILE *out,
    struct error *e)
{
	static const char *const rows[] = { "member", "activity", "org", "pairing", "ledger",
	    "wish" };
	struct facts_period per;
	struct pack_info pi;
	struct pack p;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	facts_period_init(&per, tm.tm_year + 1900, NULL);
	if (store_load(cfg, db, pack, &per, &pi, &p, e) != 0)
		return -1;
	fprintf(out, "%-16s %-8s %s\n", "results", "member",
	    tr("the run's outcomes, score, grade, stars, award", "评议结果：各项要求、积分、等次、星级、评优资格"));
	for (size_t i = 0; i < p.nforms; i++)
		fprintf(out, "%-16s %-8s %s [%s]\n", p.forms[i].name, rows[p.forms[i].rows],
		    p.forms[i].title, p.forms[i].clause);
	pack_free(&p);
	pack_info_free(&pi);
	return 0;
}
