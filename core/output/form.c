/*
 * form.c - building a pack's report forms, row by row, in the pack's own
 * sandbox.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "facts.h"
#include "form.h"
#include "emit.h"
#include "pack.h"
#include "record.h"
#include "run.h"
#include "store.h"
#include "view.h"

/* A row of a ranked form, held until every row is known. */
struct form_held {
	double key;
	long seq;
	char *text;                   /* the cells' text, one after the other */
	const char **cells;           /* each cell in it */
};

/* What building one form needs. */
struct form_run {
	const struct pack_form *form;
	struct pack *pack;
	lua_State *L;
	const struct report_opts *o;
	const struct run_info *run;   /* the stored run the rows come from */
	const struct facts_period *per;
	const struct view_schema *fschema;   /* the facts f answers to */
	unsigned char *touched;       /* f's slots read by the call, or NULL */
	unsigned char *undeclared;    /* per slot: 1 when the form's facts list does not
	                                 name it; both arrays padded to whole words */
	struct sbuf out;
	struct emit *w;               /* writing the form into out */
	struct emit_table table;      /* and what its table points to */
	struct emit_member meta[5];
	char **heading;               /* the notice's heading lines, then the clause line */
	size_t nheading;
	char **foot;                  /* the notice's foot lines */
	size_t nfoot;
	const char **columns;
	const struct view *subject;   /* the view a field column reads, or NULL */
	long *slots;                  /* per column: its field's slot there, or -1 */
	long rows;
	struct form_held *held;       /* ranked forms: rows before sorting */
	size_t nheld, capheld;
	int *calls;                   /* a row's functions, in the order it calls them */
	const struct pack_column **callee;    /* per call: its column, or NULL */
	size_t ncalls;
	struct orgtree orgs;          /* the org tree, in scope under --org: read once */
	struct sbuf text;             /* the row's cells, each ended by a NUL */
	size_t *off;                  /* per column: its cell's offset in text */
	const char **cells;           /* per column: its cell, to write the row */
};

/* A float as cell text, added to B.  A whole one (the stored score) is
 * its integer's digits, as %.0f writes them, without printf; -0 is left
 * to printf, which keeps its sign. */
static void
form_float_text(struct sbuf *b, double v)
{
	char buf[64];

	if (v == floor(v) && fabs(v) < 1e15 && !(v == 0 && signbit(v))) {
		emit_json_int(b, (long long)v);
		return;
	}
	snprintf(buf, sizeof buf, v == floor(v) && fabs(v) < 1e15 ? "%.0f" : "%.2f", v);
	sbuf_adds(b, buf);
}

/* A boolean as cell text: the notices' 是/否, true/false with --lang en. */
static const char *
form_bool_text(int v, int en)
{
	return v ? (en ? "true" : "是") : (en ? "false" : "否");
}

/* A view's value as cell text, added to B as form_text() adds the same
 * value pushed to Lua: a field column's, read without a trip through
 * Lua.  Integers (the points, the counts of every row) without printf. */
static void
form_value_text(struct sbuf *b, const struct view_value *v, int en)
{
	switch (v->type) {
	case VIEW_BOOL:
		sbuf_adds(b, form_bool_text((int)v->i, en));
		break;
	case VIEW_INT:
		emit_json_int(b, v->i);
		break;
	case VIEW_NUM:
		form_float_text(b, v->n);
		break;
	case VIEW_STR:
		sbuf_add(b, v->s, strnlen(v->s, v->len));
		break;
	default:
		break;
	}
}

/* The Lua value on top as cell text added to B (popped): an integer, a
 * whole float without decimals, any other with two; -1 for a value that
 * is not a scalar, which is never converted out here: its __tostring
 * would run outside the sandbox's limits.  pack_call() already refuses
 * them; this keeps a field read from a view to the same rule. */
static int
form_text(struct sbuf *b, lua_State *L, int en)
{
	int rc = 0;

	switch (lua_type(L, -1)) {
	case LUA_TNIL:
		break;
	case LUA_TBOOLEAN:
		sbuf_adds(b, form_bool_text(lua_toboolean(L, -1), en));
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, -1))
			emit_json_int(b, (long long)lua_tointeger(L, -1));
		else
			form_float_text(b, lua_tonumber(L, -1));
		break;
	case LUA_TSTRING:
		sbuf_adds(b, lua_tostring(L, -1));
		break;
	default:
		rc = -1;
		break;
	}
	lua_pop(L, 1);
	return rc;
}

/* A fact the call read that the form's facts list does not name: the
 * run did not store it for the form.  Its slot, or -1. */
static long
form_undeclared(const struct form_run *fr)
{
	/* A word at a time: every call of every row is checked. */
	for (size_t w = 0; fr->touched && w < fr->fschema->n; w += sizeof(uint64_t)) {
		uint64_t t, u;

		memcpy(&t, fr->touched + w, sizeof t);
		memcpy(&u, fr->undeclared + w, sizeof u);
		for (size_t i = w; (t & u) != 0 && i < w + sizeof t; i++)
			if (fr->touched[i] && fr->undeclared[i])
				return (long)i;
	}
	return -1;
}

/* The end of a call of the form's WHAT (and the column HEADER when
 * given) for ROW, RC its return and ERR its message: 0, or -1 with e
 * naming the fact it read that the form does not declare, else what it
 * raised. */
static int
form_call_check(const struct form_run *fr, const char *what, const char *header,
    const char *row, int rc, const char *err, struct error *e)
{
	long bad;

	if ((bad = form_undeclared(fr)) >= 0)
		return error_set(e, EXIT_USAGE, tr("pack %s: form '%s': %s%s%s%s reads fact '%s',"
		    " which the form's facts list does not name",
		    "规则包 %s：表单 '%s'：%s%s%s%s 读取了事实 '%s'，但表单的 facts 列表中没有它"),
		    fr->pack->info->id, fr->form->name, what, header ? " '" : "",
		    header ? header : "", header ? "'" : "", fr->fschema->names[bad]);
	if (rc != 0)
		return error_set(e, EXIT_USAGE, "pack %s: form '%s': %s%s%s%s: %s: %s",
		    fr->pack->info->id, fr->form->name, what, header ? " '" : "",
		    header ? header : "", header ? "'" : "", row, err);
	return 0;
}

/* Call the form's function REF (a heading or foot line's) with REFS,
 * leaving its one result on the stack; -1 with e naming form, WHAT and
 * row. */
static int
form_call(struct form_run *fr, int ref, const char *what, const int *refs, int nargs,
    const char *row, struct error *e)
{
	char err[512];
	int rc;

	if (fr->touched)
		memset(fr->touched, 0, fr->fschema->n);
	rc = pack_call(fr->pack, ref, refs, nargs, 1, err, sizeof err);
	if (rc == 0 && form_undeclared(fr) >= 0)
		lua_pop(fr->L, 1);
	return form_call_check(fr, what, NULL, row, rc, err, e);
}

/* The row's functions, in the order a row calls them: when, order, then
 * the function columns (pack_call_each makes them one protected call). */
static void
form_calls_init(struct form_run *fr)
{
	const struct pack_form *f = fr->form;

	fr->off = xcalloc(f->ncols + 1, sizeof *fr->off);
	fr->cells = xcalloc(f->ncols + 1, sizeof *fr->cells);
	sbuf_init(&fr->text);
	fr->calls = xcalloc(f->ncols + 2, sizeof *fr->calls);
	fr->callee = xcalloc(f->ncols + 2, sizeof *fr->callee);
	fr->ncalls = 0;
	if (f->when_ref != LUA_NOREF)
		fr->calls[fr->ncalls++] = f->when_ref;
	if (f->order_ref != LUA_NOREF)
		fr->calls[fr->ncalls++] = f->order_ref;
	for (size_t i = 0; i < f->ncols; i++)
		if (!f->cols[i].field) {
			fr->callee[fr->ncalls] = &f->cols[i];
			fr->calls[fr->ncalls++] = f->cols[i].fn_ref;
		}
}

/* What call K of a row is, for messages: "when", "order" or "column". */
static const char *
form_call_what(const struct form_run *fr, size_t k)
{
	if (fr->callee[k] != NULL)
		return "column";
	return k == 0 && fr->form->when_ref != LUA_NOREF ? "when" : "order";
}

/* After call K of a row (its result on top): make the next unless the
 * row is settled - it read a fact the form does not declare, when kept
 * it out, order gave no number - as the calls one at a time would stop. */
static int
form_after(void *ctx, size_t k)
{
	struct form_run *fr = ctx;
	const char *what = form_call_what(fr, k);

	if (form_undeclared(fr) >= 0)
		return 0;
	if (strcmp(what, "when") == 0 && !lua_toboolean(fr->L, -1))
		return 0;
	if (strcmp(what, "order") == 0 && lua_type(fr->L, -1) != LUA_TNUMBER)
		return 0;
	if (fr->touched)
		memset(fr->touched, 0, fr->fschema->n);
	return 1;
}

/* One cell added to the row's text B, ended by a NUL: rec[field], or the
 * result at stack index *NEXT of its function, the next one taken.  0, or
 * -1 with e naming form, column and row. */
static int
form_cell(struct form_run *fr, const struct pack_column *col, const int *refs, int *next,
    const char *row, struct sbuf *b, struct error *e)
{
	size_t start = b->len;
	char *m;

	if (col->field && strcmp(col->field, "#") == 0) {
		sbuf_addc(b, '\0');          /* 序号: numbered as the row is written */
		return 0;
	}
	if (col->field && fr->subject && fr->slots[col - fr->form->cols] >= 0) {
		size_t slot = (size_t)fr->slots[col - fr->form->cols];

		if (fr->subject->fill)
			fr->subject->fill(fr->subject, slot);
		form_value_text(b, &fr->subject->values[slot], fr->o->en);
	} else {
		if (col->field) {
			lua_rawgeti(fr->L, LUA_REGISTRYINDEX, refs[0]);
			lua_getfield(fr->L, -1, col->field);
			lua_remove(fr->L, -2);
		} else {
			lua_pushvalue(fr->L, (*next)++);
		}
		if (form_text(b, fr->L, fr->o->en) != 0)
			return error_set(e, EXIT_USAGE, tr("pack %s: form '%s': column '%s': %s: not"
			    " nil, a boolean, a number or a string", "规则包 %s：表单 '%s'：列 '%s'：%s："
			    "不是 nil、布尔值、数字或字符串"), fr->pack->info->id, fr->form->name,
			    col->header, row);
	}
	sbuf_addc(b, '\0');
	if (col->personal && !fr->o->reveal) {
		m = record_mask(b->s + start);
		b->len = start;
		sbuf_add(b, m, strlen(m) + 1);
		free(m);
	}
	return 0;
}

/* Write one row of cells in the report's format, a "#" column (序号)
 * numbered 1, 2, ... in the order the rows are written. */
static void
form_emit(struct form_run *fr, const char **cells)
{
	char num[24] = "";

	for (size_t i = 0; i < fr->form->ncols; i++)
		if (fr->form->cols[i].field && strcmp(fr->form->cols[i].field, "#") == 0) {
			if (num[0] == '\0')
				snprintf(num, sizeof num, "%ld", fr->rows + 1);
			cells[i] = num;
		}
	emit_row(fr->w, cells, fr->form->ncols);
	fr->rows++;
}

/* Make the row's calls (when, order, the function columns) with the
 * row's refs, their results left on the stack from index *first.  0, -1
 * with e naming the call that failed. */
static int
form_row_calls(struct form_run *fr, const int *refs, int nargs, const char *row,
    int *first, struct error *e)
{
	char err[512];
	size_t at = 0;
	int n;

	*first = lua_gettop(fr->L) + 1;
	if (fr->ncalls == 0)
		return 0;
	if (fr->touched)
		memset(fr->touched, 0, fr->fschema->n);
	n = pack_call_each(fr->pack, fr->calls, fr->ncalls, refs, nargs, form_after, fr, &at,
	    err, sizeof err);
	if (n < 0 || form_undeclared(fr) >= 0) {
		lua_settop(fr->L, *first - 1);
		return form_call_check(fr, form_call_what(fr, at),
		    fr->callee[at] ? fr->callee[at]->header : NULL, row, n < 0, err, e);
	}
	return 0;
}

/* Hold the row's cells (fr->text at fr->off) with its ranking KEY. */
static void
form_hold(struct form_run *fr, double key)
{
	struct form_held *h;

	if (fr->nheld == fr->capheld) {
		fr->capheld = fr->capheld ? fr->capheld * 2 : 64;
		fr->held = xrealloc(fr->held, fr->capheld * sizeof *fr->held);
	}
	h = &fr->held[fr->nheld];
	h->key = key;
	h->seq = (long)fr->nheld++;
	h->text = xmalloc(fr->text.len);
	memcpy(h->text, fr->text.s, fr->text.len);
	h->cells = xcalloc(fr->form->ncols + 1, sizeof *h->cells);
	for (size_t i = 0; i < fr->form->ncols; i++)
		h->cells[i] = h->text + fr->off[i];
}

/* Compute one row and write it, or hold it for ranking: when keeps it,
 * order ranks it, then its cells. */
static int
form_row(struct form_run *fr, const int *refs, int nargs, const char *row, struct error *e)
{
	const struct pack_form *f = fr->form;
	double key = 0;
	int rc = 0, next, base = lua_gettop(fr->L);

	if (form_row_calls(fr, refs, nargs, row, &next, e) != 0)
		return -1;
	if (f->when_ref != LUA_NOREF && !lua_toboolean(fr->L, next++)) {
		lua_settop(fr->L, base);
		return 0;
	}
	if (f->order_ref != LUA_NOREF) {
		if (lua_type(fr->L, next) != LUA_TNUMBER) {
			lua_settop(fr->L, base);
			return error_set(e, EXIT_USAGE, "pack %s: form '%s': order: %s: not a number",
			    fr->pack->info->id, fr->form->name, row);
		}
		key = lua_tonumber(fr->L, next++);
	}
	/* The cells' text one after the other in one buffer kept across
	 * rows: no allocation per cell. */
	fr->text.len = 0;
	for (size_t i = 0; i < f->ncols && rc == 0; i++) {
		fr->off[i] = fr->text.len;
		rc = form_cell(fr, &f->cols[i], refs, &next, row, &fr->text, e);
	}
	lua_settop(fr->L, base);
	if (rc != 0)
		return -1;
	if (f->order_ref != LUA_NOREF) {
		form_hold(fr, key);
		return 0;
	}
	for (size_t i = 0; i < f->ncols; i++)
		fr->cells[i] = fr->text.s + fr->off[i];
	form_emit(fr, fr->cells);
	return 0;
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
		free(fr->held[i].cells);
		free(fr->held[i].text);
	}
	free(fr->held);
	fr->held = NULL;
}

/* The view the rows' field columns read (m, o or the record): each
 * column's slot in it, found once. */
static void
form_subject(struct form_run *fr, const struct view *v)
{
	fr->subject = v;
	fr->slots = xcalloc(fr->form->ncols + 1, sizeof *fr->slots);
	for (size_t i = 0; i < fr->form->ncols; i++)
		fr->slots[i] = fr->form->cols[i].field ?
		    view_schema_find(v->schema, fr->form->cols[i].field) : -1;
}

static int
form_ref_view(lua_State *L, struct view *v)
{
	view_push(L, v);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Record rows (activities, pairings, ledger entries, wishes): the
 * records of the run's period (the year up to its as-of date), each with
 * the pack's parameters. */
static int
form_records(struct form_run *fr, struct db *db, struct error *e)
{
	enum facts_record kind = pack_form_record(fr->form);
	struct view_value val[FACTS_REC_MAXFIELDS];
	struct view rec = { .schema = facts_record_schema(kind), .values = val };
	struct view params = { .schema = &fr->pack->param_schema,
	    .values = fr->pack->param_values };
	int refs[2], rc = 0;
	sqlite3_stmt *st = facts_record_open(db, kind, fr->per, e);

	if (st == NULL)
		return -1;
	refs[0] = form_ref_view(fr->L, &rec);
	refs[1] = form_ref_view(fr->L, &params);
	form_subject(fr, &rec);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		char *row = facts_record_values(st, kind, val);

		if (facts_record_in_scope(st, kind, fr->o->org))
			rc = form_row(fr, refs, 2, row, e);
		free(row);
	}
	sqlite3_finalize(st);
	/* rec and params live on this stack: nothing may reach them after */
	luaL_unref(fr->L, LUA_REGISTRYINDEX, refs[0]);
	luaL_unref(fr->L, LUA_REGISTRYINDEX, refs[1]);
	fr->subject = NULL;
	return rc;
}

/* The member's score, grade, stars and award, as a form's functions read
 * them (the fifth argument, s). */
static char *form_result_names[] = { "score", "grade", "stars", "award" };
static const struct view_schema form_result_schema = {
	(char *)"result", form_result_names, 4
};

/* The views of one subject: o or m, f, p, r and (members) s, bound to
 * the values a stored subject fills in. */
struct form_views {
	struct view subject, facts, params, outcomes, result;
	struct view_schema outcome_schema;
	struct view_value *status, res[4];
	int refs[5];
	size_t *pslots, npersonal;    /* the personal fields' slots: each row masks only them */
	char **masked;                /* per subject field: its masked text, or NULL */
	/* Member rows: the record's fields are converted (and masked) when
	 * first read in the row, by form_member_fill from this cursor. */
	struct facts_cursor *mc;
	uint64_t filled;              /* per slot: converted for this row */
	uint64_t personal;            /* per slot: a personal field */
	int reveal;
	struct error *e;              /* a field that could not be read, when failed */
	int failed;
};

/* The views of LEVEL with the run's requirements as r's names. */
static void
form_views_init(struct form_run *fr, struct form_views *v, enum run_level level,
    const struct view_schema *subject, struct view_value *fields)
{
	const struct run_info *r = fr->run;
	const struct record_kind *kind;
	size_t from = level == RUN_ORG ? r->nmember_reqs : 0;
	size_t to = level == RUN_ORG ? r->nreqs : r->nmember_reqs;

	memset(v, 0, sizeof *v);
	view_schema_init(&v->outcome_schema, "requirement");
	for (size_t i = from; i < to; i++)
		view_schema_add(&v->outcome_schema, r->reqs[i].id);
	v->status = xcalloc(to - from + 1, sizeof *v->status);
	v->subject = (struct view){ .schema = subject, .values = fields };
	v->facts = (struct view){ .schema = fr->fschema, .touched = fr->touched };
	v->params = (struct view){ .schema = &fr->pack->param_schema,
	    .values = fr->pack->param_values };
	v->outcomes = (struct view){ .schema = &v->outcome_schema, .values = v->status };
	v->result = (struct view){ .schema = &form_result_schema, .values = v->res };
	v->refs[0] = form_ref_view(fr->L, &v->subject);
	v->refs[1] = form_ref_view(fr->L, &v->facts);
	v->refs[2] = form_ref_view(fr->L, &v->params);
	v->refs[3] = form_ref_view(fr->L, &v->outcomes);
	v->refs[4] = form_ref_view(fr->L, &v->result);
	kind = record_kind_of_table(level == RUN_ORG ? "org" : "member");
	v->pslots = xcalloc(subject->n + 1, sizeof *v->pslots);
	for (size_t i = 0; kind && i < subject->n; i++)
		if (record_personal(kind, subject->names[i])) {
			v->pslots[v->npersonal++] = i;
			if (i < 64)
				v->personal |= (uint64_t)1 << i;
		}
	v->masked = xcalloc(subject->n + 1, sizeof *v->masked);
	v->reveal = fr->o->reveal;
}

/* The subject view's fill (member rows): convert field SLOT of the
 * current member the first time the row reads it, masked unless
 * --reveal as form_views_mask masks the whole record. */
static void
form_member_fill(const struct view *view, size_t slot)
{
	struct form_views *v = view->ctx;
	struct view_value *val = &view->values[slot];
	uint64_t bit = (uint64_t)1 << slot;

	if (v->filled & bit)
		return;
	v->filled |= bit;
	if (facts_member_fill(v->mc, slot, v->e) != 0)
		v->failed = 1;
	if (!(v->personal & bit) || v->reveal || val->type != VIEW_STR)
		return;
	free(v->masked[slot]);
	v->masked[slot] = record_mask(val->s);
	view_set_str(val, v->masked[slot]);
}

/* Read the member record of the cursor MC lazily, when its fields fit the
 * bit masks: each row's fields are then filled as the form reads them. */
static void
form_views_lazy(struct form_views *v, struct facts_cursor *mc, struct error *e)
{
	if (v->subject.schema->n > 64)
		return;
	facts_member_lazy(mc);
	v->mc = mc;
	v->e = e;
	v->subject.fill = form_member_fill;
	v->subject.ctx = v;
}

/* Mask the subject's personal fields in place, unless --reveal: the
 * pack's functions read m.phone as 138****5678, whatever they do with
 * it.  The masked texts live until the next subject. */
static void
form_views_mask(const struct form_run *fr, struct form_views *v)
{
	for (size_t k = 0; k < v->npersonal; k++) {
		size_t i = v->pslots[k];
		struct view_value *val = &v->subject.values[i];

		if (v->masked[i] != NULL) {
			free(v->masked[i]);
			v->masked[i] = NULL;
		}
		if (fr->o->reveal || val->type != VIEW_STR)
			continue;
		v->masked[i] = record_mask(val->s);
		view_set_str(val, v->masked[i]);
	}
}

/* Release the registry references and r's names. */
static void
form_views_free(struct form_run *fr, struct form_views *v)
{
	for (int i = 0; i < 5; i++)
		luaL_unref(fr->L, LUA_REGISTRYINDEX, v->refs[i]);
	for (size_t i = 0; i < v->subject.schema->n; i++)
		free(v->masked[i]);
	free(v->masked);
	free(v->pslots);
	free(v->status);
	view_schema_free(&v->outcome_schema);
}

/* Point the views at a stored subject. */
static void
form_views_set(struct form_views *v, const struct run_subject *s)
{
	v->facts.values = s->facts;
	/* An org kept only for the forms has no outcomes: n/a, as for an org
	 * of a kind the requirement does not name. */
	for (size_t k = 0; k < v->outcome_schema.n; k++)
		view_set_str(&v->status[k], k < s->nout ? s->out[k].status : "n/a");
	if (s->has_score)
		view_set_num(&v->res[0], s->score);
	else
		view_set_nil(&v->res[0]);
	view_set_str(&v->res[1], s->grade);
	if (s->stars >= 0)
		view_set_int(&v->res[2], s->stars);
	else
		view_set_nil(&v->res[2]);
	if (s->award >= 0)
		view_set_bool(&v->res[3], s->award);
	else
		view_set_nil(&v->res[3]);
}

static int
form_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The codes of the orgs at or under --org, sorted, for a form whose scope
 * is a fact (pack_form.scope); NULL with *n 0 otherwise. */
static char **
form_scope_codes(const struct form_run *fr, const struct orgtree *orgs, size_t *n)
{
	char **codes;

	*n = 0;
	if (fr->form->scope < 0 || fr->o->org == NULL)
		return NULL;
	codes = xcalloc(orgs->n + 1, sizeof *codes);
	for (size_t i = 0; i < orgs->n; i++)
		if (orgs->exists[i] && orgs->in_scope[i])
			codes[(*n)++] = orgs->code[i];
	qsort(codes, *n, sizeof *codes, form_strcmp);
	return codes;
}

/* Is the member in the form's scope?  With a scope fact, when the org
 * code it holds is at or under --org, or the member's unit is (a unit's
 * register of its own members who reported). */
static int
form_member_in(const struct form_run *fr, const struct orgtree *orgs,
    const struct facts_member *m, const struct run_subject *s, char **codes, size_t n)
{
	const struct view_value *v;
	const char *code;

	if (codes == NULL)
		return 1;
	if (m->unit_id > 0 && (size_t)m->unit_id < orgs->n && orgs->in_scope[m->unit_id])
		return 1;
	v = &s->facts[fr->form->fact_slots[fr->form->scope]];
	if (v->type != VIEW_STR)
		return 0;
	code = v->s;
	return bsearch(&code, codes, n, sizeof *codes, form_strcmp) != NULL;
}

/* Member rows: the run's members in scope, in id order, each with its
 * record as it is now (m) and what the run stored (f, r, s).  A form
 * with a scope fact reads every member and keeps those whose fact names
 * an org under --org. */
static int
form_members(struct form_run *fr, struct db *db, struct error *e)
{
	struct facts_plan none;
	const struct orgtree *orgs = &fr->orgs;
	struct orgtree all;
	struct facts_cursor *mc = NULL;
	char **codes = NULL;
	size_t ncodes = 0;
	struct run_cursor *rc = NULL;
	struct facts_member m;
	struct run_subject s;
	struct form_views v;
	struct sbuf row;
	int mr = 0, sr = 0, rv = -1;

	facts_plan_init(&none);
	memset(&all, 0, sizeof all);
	codes = form_scope_codes(fr, orgs, &ncodes);
	if (codes != NULL && orgtree_load(db, NULL, &all, e) != 0) {
		free(codes);
		goto out_plan;
	}
	form_views_init(fr, &v, RUN_MEMBER, facts_member_schema(), NULL);
	form_subject(fr, &v.subject);
	if ((mc = facts_open(db, &none, fr->per, codes ? &all : orgs, 0, 0, e)) == NULL ||
	    (rc = run_subjects(db, fr->run, RUN_MEMBER, 0, e)) == NULL)
		goto out;
	form_views_lazy(&v, mc, e);
	sr = run_next(rc, &s, e);
	sbuf_init(&row);
	while (sr == 1 && (mr = facts_next(mc, &m, e)) == 1) {
		while (sr == 1 && s.id < m.id)
			sr = run_next(rc, &s, e);
		if (sr != 1 || s.id != m.id || !form_member_in(fr, orgs, &m, &s, codes, ncodes))
			continue;
		v.subject.values = m.fields;
		v.filled = 0;
		if (v.mc == NULL)
			form_views_mask(fr, &v);
		form_views_set(&v, &s);
		/* The row's name for messages, in a buffer kept across rows. */
		row.len = 0;
		sbuf_adds(&row, tr("member", "党员"));
		sbuf_addc(&row, ' ');
		sbuf_adds(&row, m.code);
		sandbox_hold(fr->pack->sb);   /* the row's calls: one restore (sandbox.h) */
		mr = form_row(fr, v.refs, 5, row.s, e);
		sandbox_release(fr->pack->sb);
		if (mr == 0 && v.failed)
			mr = -1;      /* e says which field could not be read */
		if (mr != 0)
			break;
	}
	sbuf_free(&row);
	rv = mr < 0 || sr < 0 ? -1 : 0;
out:
	run_close(rc);
	facts_close(mc);
	form_views_free(fr, &v);
	free(codes);
	orgtree_free(&all);
out_plan:
	facts_plan_free(&none);
	return rv;
}

/* Org rows: the run's orgs of the form's kinds in scope, in id order. */
static int
form_orgs(struct form_run *fr, struct db *db, struct error *e)
{
	struct view_value fields[16];
	const struct orgtree *orgs = &fr->orgs;
	struct run_cursor *rc;
	struct run_subject s;
	struct form_views v;
	int sr, rv = 0;

	form_views_init(fr, &v, RUN_ORG, orgtree_schema(), fields);
	form_subject(fr, &v.subject);
	rc = run_subjects(db, fr->run, RUN_ORG, 0, e);
	while (rc != NULL && rv == 0 && (sr = run_next(rc, &s, e)) != 0) {
		size_t id = (size_t)s.id;
		char *row;

		if (sr < 0) {
			rv = -1;
			break;
		}
		if (id >= orgs->n || !orgs->exists[id] || !orgs->in_scope[id] || orgs->kind[id] < 0 ||
		    !(fr->form->kinds & (1u << orgs->kind[id])))
			continue;
		orgtree_fields(orgs, s.id, fields);
		form_views_mask(fr, &v);
		form_views_set(&v, &s);
		row = xasprintf("%s %s", tr("org", "组织"), orgs->code[id]);
		rv = form_row(fr, v.refs, 4, row, e);
		free(row);
	}
	if (rc == NULL)
		rv = -1;
	run_close(rc);
	form_views_free(fr, &v);
	return rv;
}

/* The Lua value on top as a line's text (popped) in *OUT; -1 when it is
 * not a scalar. */
static int
form_line_text(struct form_run *fr, char **out)
{
	struct sbuf b;

	sbuf_init(&b);
	if (form_text(&b, fr->L, fr->o->en) != 0) {
		sbuf_free(&b);
		return -1;
	}
	*out = sbuf_detach(&b);
	return 0;
}

/* The lines LINES of the form (heading or foot) as text into *out: each
 * a string, or its function called with the --org org (o, masked unless
 * --reveal; nil without --org) and the year.  0, or -1 with e set. */
static int
form_lines(struct form_run *fr, const struct orgtree *orgs, long long scope,
    const struct pack_line *lines, size_t n, char ***out, struct error *e)
{
	struct view_value fields[16];
	struct view org = { .schema = orgtree_schema(), .values = fields };
	const struct record_kind *k = record_kind_of_table("org");
	char *masked[16] = { 0 };
	int refs[2], rc = 0;

	*out = xcalloc(n + 2, sizeof **out);
	if (scope > 0) {
		orgtree_fields(orgs, scope, fields);
		for (size_t i = 0; i < org.schema->n && !fr->o->reveal; i++)
			if (k && record_personal(k, org.schema->names[i]) &&
			    fields[i].type == VIEW_STR) {
				masked[i] = record_mask(fields[i].s);
				view_set_str(&fields[i], masked[i]);
			}
		refs[0] = form_ref_view(fr->L, &org);
	} else {
		lua_pushnil(fr->L);
		refs[0] = luaL_ref(fr->L, LUA_REGISTRYINDEX);
	}
	lua_pushinteger(fr->L, fr->o->year);
	refs[1] = luaL_ref(fr->L, LUA_REGISTRYINDEX);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (lines[i].fn_ref == LUA_NOREF) {
			(*out)[i] = xstrdup(lines[i].text);
			continue;
		}
		if (form_call(fr, lines[i].fn_ref, "line", refs, 2, "heading", e) != 0)
			rc = -1;
		else if (form_line_text(fr, &(*out)[i]) != 0)
			rc = error_set(e, EXIT_USAGE, tr("pack %s: form '%s': line %zu: not nil, a"
			    " boolean, a number or a string", "规则包 %s：表单 '%s'：第 %zu 行：不是"
			    " nil、布尔值、数字或字符串"), fr->pack->info->id, fr->form->name, i + 1);
	}
	luaL_unref(fr->L, LUA_REGISTRYINDEX, refs[0]);
	luaL_unref(fr->L, LUA_REGISTRYINDEX, refs[1]);
	for (size_t i = 0; i < 16; i++)
		free(masked[i]);
	return rc;
}

static void
form_lines_free(char **l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		free(l[i]);
	free(l);
}

/* The form's heading and foot lines, for the org the report is scoped to. */
static int
form_head_foot(struct form_run *fr, struct error *e)
{
	const struct pack_form *f = fr->form;
	const struct orgtree *orgs = &fr->orgs;
	long long scope = 0;
	int rc;

	for (size_t i = 1; fr->o->org && i < orgs->n; i++)
		if (orgs->exists[i] && strcmp(orgs->code[i], fr->o->org) == 0)
			scope = (long long)i;
	fr->nheading = f->nheading;
	fr->nfoot = f->nfoot;
	rc = form_lines(fr, orgs, scope, f->heading, f->nheading, &fr->heading, e);
	if (rc == 0)
		rc = form_lines(fr, orgs, scope, f->foot, f->nfoot, &fr->foot, e);
	return rc;
}

/* The form's table: its title, the notice's heading lines, the line
 * naming its clause, pack and year, its columns, the notice's foot lines,
 * and (json) the same as members before the rows. */
static void
form_header(struct form_run *fr)
{
	const struct pack_form *f = fr->form;
	struct emit_table *t = &fr->table;
	struct emit_member *m = fr->meta;

	fr->heading[fr->nheading++] = xasprintf("%s %s; %s %d", fr->o->en ? "clause" : "依据",
	    f->clause, fr->pack->info->id, fr->o->year);
	fr->columns = xcalloc(f->ncols, sizeof *fr->columns);
	for (size_t i = 0; i < f->ncols; i++)
		fr->columns[i] = f->cols[i].header;
	m[0] = (struct emit_member){ "form", { EMIT_STR, f->name, 0, 0 } };
	m[1] = (struct emit_member){ "title", { EMIT_STR, f->title, 0, 0 } };
	m[2] = (struct emit_member){ "clause", { EMIT_STR, f->clause, 0, 0 } };
	m[3] = (struct emit_member){ "pack", { EMIT_STR, fr->pack->info->id, 0, 0 } };
	m[4] = (struct emit_member){ "year", { EMIT_INT, NULL, fr->o->year, 0 } };
	t->title = f->title;
	t->heading = (const char *const *)fr->heading;
	t->nheading = fr->nheading;
	t->foot = (const char *const *)fr->foot;
	t->nfoot = fr->nfoot;
	t->columns = fr->columns;
	t->ncolumns = f->ncols;
	t->meta = m;
	t->nmeta = 5;
	t->rows_key = "rows";
	emit_begin_table(fr->w, t);
}

/* The facts f answers to, and which of them the form may read. */
static int
form_facts(struct form_run *fr, struct error *e)
{
	int org = fr->form->rows == PACK_ROWS_ORG;
	const struct view_schema *s = org ? &fr->pack->plan.org_schema :
	    &fr->pack->plan.member_schema;
	size_t words = s->n / sizeof(uint64_t) + 1;

	/* Runs stored before forms read runs (schema 4) kept no facts. */
	if (s->n != fr->run->nfacts[org ? RUN_ORG : RUN_MEMBER])
		return error_set(e, EXIT_USAGE, tr("run %lld of pack %s stored no facts for its"
		    " forms; run 'baodao evaluate --pack %s --year %d' again",
		    "第 %lld 次评议（规则包 %s）没有保存表单所需的事实；请再次运行"
		    " 'baodao evaluate --pack %s --year %d'"), fr->run->id, fr->run->pack,
		    fr->run->pack, fr->run->year);
	fr->fschema = s;
	fr->touched = xcalloc(words, sizeof(uint64_t));
	fr->undeclared = xcalloc(words, sizeof(uint64_t));
	memset(fr->undeclared, 1, s->n);
	for (size_t k = 0; k < fr->form->nfacts; k++)
		fr->undeclared[fr->form->fact_slots[k]] = 0;
	return 0;
}

/* Header, rows, footer of one form into fr->out. */
static int
form_build(struct form_run *fr, struct db *db, struct error *e)
{
	int rows = fr->form->rows, rc;

	if ((rows == PACK_ROWS_MEMBER || rows == PACK_ROWS_ORG) && form_facts(fr, e) != 0)
		return -1;
	/* One tree for the heading, the scope and the org rows. */
	if (orgtree_load(db, fr->o->org, &fr->orgs, e) != 0) {
		free(fr->touched);
		free(fr->undeclared);
		return -1;
	}
	form_calls_init(fr);
	sbuf_init(&fr->out);
	if (form_head_foot(fr, e) != 0 ||
	    (fr->w = emit_open_sbuf(&fr->out, fr->o->format, e)) == NULL) {
		rc = -1;
		goto out;
	}
	form_header(fr);
	if (rows == PACK_ROWS_MEMBER)
		rc = form_members(fr, db, e);
	else if (rows == PACK_ROWS_ORG)
		rc = form_orgs(fr, db, e);
	else
		rc = form_records(fr, db, e);
	form_flush(fr);
	emit_end_table(fr->w);
	if (emit_close(fr->w) != 0)
		rc = -1;
out:
	form_lines_free(fr->heading, fr->nheading);
	form_lines_free(fr->foot, fr->nfoot);
	free(fr->columns);
	free(fr->slots);
	free(fr->touched);
	free(fr->undeclared);
	free(fr->calls);
	free(fr->callee);
	free(fr->off);
	free(fr->cells);
	sbuf_free(&fr->text);
	orgtree_free(&fr->orgs);
	return rc;
}

/* Load the pack in force for the year (store_load); with RUN, only when
 * it is the pack that run used (its functions read what that pack
 * stored). */
static int
form_load(struct db *db, const struct config *cfg, const char *spec,
    const struct facts_period *per, const struct run_info *run, struct pack_info *pi,
    struct pack *p, struct error *e)
{
	if (store_load(cfg, db, spec, per, pi, p, e) != 0)
		return -1;
	if (run && strcmp(pi->hash, run->hash) != 0) {
		error_set(e, EXIT_USAGE, tr("pack %s has changed since run %lld evaluated %d"
		    " (version %s then, %s now); run 'baodao evaluate --pack %s --year %d' again",
		    "规则包 %s 在第 %lld 次评议（%d 年）之后已改变（当时版本 %s，现为 %s）；"
		    "请再次运行 'baodao evaluate --pack %s --year %d'"), run->pack, run->id,
		    run->year, run->version, pi->version, run->pack, run->year);
		store_unload(pi, p);
		return -1;
	}
	return 0;
}

int
form_report(struct db *db, const struct config *cfg, const char *name,
    const struct report_opts *o, FILE *out, struct error *e)
{
	struct form_run fr = { .o = o };
	struct facts_period per;
	struct run_info run = { 0 };
	struct pack_info pi;
	struct pack p;
	int rc = -1;

	/* The pack first, so a pack's own errors and an unknown form name are
	 * told before a missing run. */
	facts_period_init(&per, o->year, NULL);
	if (form_load(db, cfg, o->pack, &per, NULL, &pi, &p, e) != 0)
		return -1;
	for (size_t i = 0; i < p.nforms; i++)
		if (strcmp(p.forms[i].name, name) == 0)
			fr.form = &p.forms[i];
	if (fr.form == NULL) {
		rc = 1;
		goto out;
	}
	if (run_open(db, pi.id, o->year, 0, &run, e) != 0)
		goto out;
	/* Again with the run's pack check and the parameters of its as-of date. */
	pack_free(&p);
	pack_info_free(&pi);
	facts_period_init(&per, run.year, run.as_of);
	if (form_load(db, cfg, o->pack, &per, &run, &pi, &p, e) != 0) {
		run_info_free(&run);
		return -1;
	}
	for (size_t i = 0; i < p.nforms; i++)
		if (strcmp(p.forms[i].name, name) == 0)
			fr.form = &p.forms[i];
	fr.run = &run;
	fr.per = &per;
	fr.pack = &p;
	fr.L = sandbox_lua(p.sb);
	rc = form_build(&fr, db, e);
	if (rc == 0)
		fwrite(fr.out.s, 1, fr.out.len, out);
	sbuf_free(&fr.out);
out:
	pack_free(&p);
	pack_info_free(&pi);
	run_info_free(&run);
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
	struct emit *w;
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	gmtime_r(&now, &tm);
	facts_period_init(&per, tm.tm_year + 1900, NULL);
	if (form_load(db, cfg, pack, &per, NULL, &pi, &p, e) != 0)
		return -1;
	w = emit_open_file(out, "text", e);
	emit_textf(w, "%-16s %-8s %s\n", "results", "member",
	    tr("the run's outcomes, score, grade, stars, award", "评议结果：各项要求、积分、等次、星级、评优资格"));
	emit_textf(w, "%-16s %-8s %s\n", "summary", "unit",
	    tr("the year per unit: grades or stars, reporting and claim rates, hours",
	    "年度汇总：各单位等次或星级、报到率、认岗率、服务时长"));
	for (size_t i = 0; i < p.nforms; i++)
		emit_textf(w, "%-16s %-8s %s [%s]\n", p.forms[i].name, rows[p.forms[i].rows],
		    p.forms[i].title, p.forms[i].clause);
	rc = emit_close(w);
	pack_free(&p);
	pack_info_free(&pi);
	return rc;
}
