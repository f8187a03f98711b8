/*
 * pack_api.c - the pack API as Lua sees it: the declarations a pack's
 * files make while it loads (fact, requirement, check, form, score,
 * grade, stars, award), one luaL_Reg table that pack_install_api() hands
 * to the sandbox.  Each declaration is parsed as it is made, so an error
 * points at the line of the pack that made it, and is refused once the
 * sandbox is sealed.
 *
 * A declaration is registered whole or not at all: it is built in a
 * draft (struct pack_draft), checked, and only then put in place.  Every
 * declaration runs protected (pack_protect): an error clears the draft
 * and is remembered as the pack's first declaration error before it goes
 * on up, so a pcall in the pack may catch it but the load still fails
 * (pack_load() reads pack->decl_error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "pack.h"
#include "pack_int.h"

/* ---- drafts: declarations in the making ---- */

/* What a declaration builds before it is put in place. */
struct pack_draft {
	struct pack_req req;
	struct pack_check check;
	struct pack_form form;
	struct pack_band *bands;      /* grade or stars */
	size_t nbands;
	int busy;                     /* a declaration is being built */
};

static double pack_band_bound(lua_State *L, struct pack *p, const char *what);

static struct pack *
pack_self(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* Let go of a registry reference a failed draft made. */
static void
pack_unref(lua_State *L, int *ref)
{
	if (*ref > 0)
		luaL_unref(L, LUA_REGISTRYINDEX, *ref);
	*ref = LUA_NOREF;
}

/* Free whatever a failed declaration left in the draft; L may be NULL
 * when the sandbox is going away anyway. */
static void
pack_draft_clear(lua_State *L, struct pack_draft *d)
{
	if (L != NULL) {
		pack_unref(L, &d->req.check_ref);
		pack_unref(L, &d->req.applies_ref);
		pack_unref(L, &d->check.test_ref);
		pack_unref(L, &d->form.when_ref);
		pack_unref(L, &d->form.order_ref);
		for (size_t i = 0; i < d->form.ncols; i++)
			pack_unref(L, &d->form.cols[i].fn_ref);
		for (size_t i = 0; i < d->form.nheading; i++)
			pack_unref(L, &d->form.heading[i].fn_ref);
		for (size_t i = 0; i < d->form.nfoot; i++)
			pack_unref(L, &d->form.foot[i].fn_ref);
	}
	pack_req_clear(&d->req);
	free(d->req.id);
	pack_check_clear(&d->check);
	free(d->check.name);
	pack_form_clear(&d->form);
	free(d->form.name);
	for (size_t i = 0; i < d->nbands; i++)
		free(d->bands[i].name);
	free(d->bands);
	memset(d, 0, sizeof *d);
}

void
pack_draft_free(struct pack *p)
{
	if (p->draft != NULL)
		pack_draft_clear(NULL, p->draft);
	free(p->draft);
	p->draft = NULL;
	free(p->decl_error);
	p->decl_error = NULL;
}

/* The error on top of the stack ends a declaration: the error gets the
 * line of the pack that made the declaration and is remembered as the
 * pack's first declaration error, then raised again, so a pcall may catch
 * it but the load still fails.  The draft is cleared when CLEAR says the
 * failed declaration was building it. */
static int
pack_fail(lua_State *L, struct pack *p, int clear)
{
	if (clear)
		pack_draft_clear(L, p->draft);
	if (lua_type(L, -1) == LUA_TSTRING) {
		luaL_where(L, 1);
		lua_insert(L, -2);
		lua_concat(L, 2);
	}
	if (p->decl_error == NULL)
		p->decl_error = xstrdup(lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) :
		    "a declaration failed");
	return lua_error(L);
}

/* Run BODY with this function's first NUP upvalues as its own and its
 * arguments, protected; an error goes through pack_fail().  Reading the
 * declaration's table may run the pack's Lua (an __index), which must not
 * start another declaration in the draft being built. */
static int
pack_protect(lua_State *L, lua_CFunction body, int nup)
{
	struct pack *p = pack_self(L);
	int nargs = lua_gettop(L), status;

	if (p->draft->busy) {
		lua_pushstring(L, "a declaration cannot be made while another is being made");
		return pack_fail(L, p, 0);
	}
	for (int i = 1; i <= nup; i++)
		lua_pushvalue(L, lua_upvalueindex(i));
	lua_pushcclosure(L, body, nup);
	lua_insert(L, 1);
	p->draft->busy = 1;
	status = lua_pcall(L, nargs, 0, 0);
	p->draft->busy = 0;
	if (status != LUA_OK)
		return pack_fail(L, p, 1);
	return 0;
}

/* The function `fact "x"`, `requirement "x"`... return: the body (upvalue
 * 3) run protected with the pack and the name. */
static int
pack_curried(lua_State *L)
{
	return pack_protect(L, lua_tocfunction(L, lua_upvalueindex(3)), 2);
}

/* The declaration functions exist only while the pack loads. */
static void
pack_check_loading(lua_State *L, struct pack *p, const char *what)
{
	if (sandbox_sealed(p->sb))
		luaL_error(L, "%s can only be declared while the pack loads", what);
}

/* fact "name" { ... }: the inner call. */
static int
pack_fact_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	char err[256];

	pack_check_loading(L, p, "facts");
	luaL_checktype(L, 1, LUA_TTABLE);
	if (facts_declare(&p->plan, L, 1, name, err, sizeof err) != 0)
		return luaL_error(L, "fact '%s': %s", name, err);
	return 0;
}

/* Curry NAME: fact "x" returns the function that takes the table. */
static int
pack_curry(lua_State *L, lua_CFunction body)
{
	if (lua_type(L, 1) != LUA_TSTRING) {
		lua_pushstring(L, "a declaration needs a name: requirement \"pack.name\" { ... }");
		return pack_fail(L, pack_self(L), 0);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushcfunction(L, body);
	lua_pushcclosure(L, pack_curried, 3);
	return 1;
}

static int
pack_fact(lua_State *L)
{
	return pack_curry(L, pack_fact_body);
}

static const char *const pack_req_keys[] = {
	"title", "clause", "reading", "level", "kinds", "applies", "check", "override",
	"points", NULL
};

static int
pack_id_ok(const char *id)
{
	const char *dot = strchr(id, '.');

	if (dot == NULL || dot == id || dot[1] == '\0')
		return 0;
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		    *c == '.'))
			return 0;
	return 1;
}

static char *
pack_req_string(lua_State *L, const char *what, const char *id, const char *key,
    int required)
{
	const char *v;

	lua_getfield(L, 1, key);
	v = lua_tostring(L, -1);
	if (lua_type(L, -1) != LUA_TSTRING || (required && *v == '\0')) {
		if (required || !lua_isnil(L, -1))
			luaL_error(L, "%s '%s': %s must be a%s string", what, id, key,
			    required ? " non-empty" : "");
		lua_pop(L, 1);
		return NULL;
	}
	v = xstrdup(v);
	lua_pop(L, 1);
	return (char *)v;
}

static int
pack_req_function(lua_State *L, const char *what, const char *id, const char *key,
    int required)
{
	lua_getfield(L, 1, key);
	if (lua_isnil(L, -1) && !required) {
		lua_pop(L, 1);
		return LUA_NOREF;
	}
	if (!lua_isfunction(L, -1))
		luaL_error(L, "%s '%s': %s must be a function", what, id, key);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Which org kinds an org-level requirement is evaluated for. */
static unsigned
pack_req_kinds(lua_State *L, const char *id)
{
	unsigned kinds = 0;

	if (lua_getfield(L, 1, "kinds") == LUA_TNIL) {
		lua_pop(L, 1);
		return 1u << ORGTREE_UNIT;
	}
	luaL_checktype(L, -1, LUA_TTABLE);
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
		int k;

		lua_rawgeti(L, -1, i);
		k = lua_type(L, -1) == LUA_TSTRING ? orgtree_kind(lua_tostring(L, -1)) : -1;
		if (k < 0)
			luaL_error(L, "requirement '%s': kinds lists org kinds (unit, branch,"
			    " community, ...)", id);
		kinds |= 1u << k;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return kinds;
}

/* Unknown keys are typos (claus, chek): refuse them. */
static void
pack_req_keys_check(lua_State *L, const char *id)
{
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		int known = 0;

		for (int i = 0; pack_req_keys[i]; i++)
			known |= strcmp(pack_req_keys[i], k) == 0;
		if (!known)
			luaL_error(L, "requirement '%s': unknown key '%s'", id, k);
		lua_pop(L, 1);
	}
}

/* Free what a check owns but its name (an override keeps the name). */
void
pack_check_clear(struct pack_check *c)
{
	free(c->title);
	free(c->clause);
	free(c->field);
	free(c->origin);
	c->title = c->clause = c->field = c->origin = NULL;
}

/* Free what a requirement owns but its id (an override keeps the id). */
void
pack_req_clear(struct pack_req *r)
{
	free(r->title);
	free(r->clause);
	free(r->reading);
	free(r->origin);
	r->title = r->clause = r->reading = r->origin = NULL;
}

static int
pack_wants_override(lua_State *L)
{
	int yes;

	lua_getfield(L, 1, "override");
	yes = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return yes;
}

/* Where requirement ID goes: -1 for a new slot, or, with override =
 * true, the index of the parent's requirement it replaces (keeping its
 * place, so reports keep their column order).  Redefining without
 * override, and overriding what does not exist, are errors. */
static long
pack_req_slot(lua_State *L, struct pack *p, const char *id)
{
	int over = pack_wants_override(L);
	long slot = -1;

	for (size_t i = 0; i < p->nreqs; i++)
		if (strcmp(p->reqs[i].id, id) == 0)
			slot = (long)i;
	if (slot >= 0 && !over)
		luaL_error(L, "requirement '%s' is already declared by pack %s; add"
		    " override = true to replace it", id, p->reqs[slot].origin);
	if (slot < 0 && over)
		luaL_error(L, "requirement '%s' overrides nothing", id);
	return slot;
}

/* The finished draft R takes SLOT (or a new one); nothing can fail now. */
static void
pack_req_put(struct pack *p, long slot, struct pack_req *r)
{
	if (slot >= 0) {
		struct pack_req *old = &p->reqs[slot];

		pack_req_clear(old);
		free(r->id);
		r->id = old->id;
		*old = *r;
	} else {
		p->reqs = xrealloc(p->reqs, (p->nreqs + 1) * sizeof *p->reqs);
		p->reqs[p->nreqs++] = *r;
	}
	p->any_points |= r->has_points;
	memset(r, 0, sizeof *r);
}

static int
pack_requirement_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	struct pack_req *r = &p->draft->req;
	char *level;
	long slot;

	pack_check_loading(L, p, "requirements");
	luaL_checktype(L, 1, LUA_TTABLE);
	if (!pack_id_ok(id))
		return luaL_error(L, "requirement '%s': an id is PACK.NAME in lower case", id);
	pack_req_keys_check(L, id);
	slot = pack_req_slot(L, p, id);
	r->id = xstrdup(id);
	r->origin = xstrdup(p->loading->id);
	r->check_ref = r->applies_ref = LUA_NOREF;
	level = pack_req_string(L, "requirement", id, "level", 0);
	if (level && strcmp(level, "member") != 0 && strcmp(level, "org") != 0) {
		free(level);
		return luaL_error(L, "requirement '%s': level is \"member\" or \"org\"", id);
	}
	r->level = level && strcmp(level, "org") == 0 ? PACK_LEVEL_ORG : PACK_LEVEL_MEMBER;
	free(level);
	r->kinds = r->level == PACK_LEVEL_ORG ? pack_req_kinds(L, id) : 0;
	r->title = pack_req_string(L, "requirement", id, "title", 1);
	r->clause = pack_req_string(L, "requirement", id, "clause", 1);
	r->reading = pack_req_string(L, "requirement", id, "reading", 0);
	r->check_ref = pack_req_function(L, "requirement", id, "check", 1);
	r->applies_ref = pack_req_function(L, "requirement", id, "applies", 0);
	if (lua_getfield(L, 1, "points") != LUA_TNIL) {
		char what[300];

		snprintf(what, sizeof what, "requirement '%s': points", id);
		r->points = pack_band_bound(L, p, what);
		r->has_points = 1;
	}
	lua_pop(L, 1);
	pack_req_put(p, slot, r);
	return 0;
}

static int
pack_requirement(lua_State *L)
{
	return pack_curry(L, pack_requirement_body);
}

/* score(fn), award(fn): one hook each; a pack that extends another
 * replaces its parent's with score(fn, "override"). */
static int
pack_hook(lua_State *L, int *ref, const char *what)
{
	struct pack *p = pack_self(L);
	int over = lua_isstring(L, 2) && strcmp(lua_tostring(L, 2), "override") == 0;

	pack_check_loading(L, p, what);
	luaL_checktype(L, 1, LUA_TFUNCTION);
	if (*ref != LUA_NOREF && !over)
		return luaL_error(L, "%s is already declared; call %s(fn, \"override\") to"
		    " replace it", what, what);
	if (*ref == LUA_NOREF && over)
		return luaL_error(L, "%s overrides nothing", what);
	lua_pushvalue(L, 1);
	*ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

static int
pack_score_body(lua_State *L)
{
	return pack_hook(L, &pack_self(L)->score_ref, "score");
}

static int
pack_score(lua_State *L)
{
	return pack_protect(L, pack_score_body, 1);
}

static int
pack_award_body(lua_State *L)
{
	return pack_hook(L, &pack_self(L)->award_ref, "award");
}

static int
pack_award(lua_State *L)
{
	return pack_protect(L, pack_award_body, 1);
}

/* A band's lower bound: a number, or the name of a numeric parameter. */
static double
pack_band_bound(lua_State *L, struct pack *p, const char *what)
{
	long slot;

	if (lua_type(L, -1) == LUA_TNUMBER)
		return lua_tonumber(L, -1);
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "%s: a number or a parameter name is needed", what);
	slot = view_schema_find(&p->param_schema, lua_tostring(L, -1));
	if (slot < 0 || (p->param_values[slot].type != VIEW_INT &&
	    p->param_values[slot].type != VIEW_NUM))
		luaL_error(L, "%s: '%s' is not a numeric parameter of the pack", what,
		    lua_tostring(L, -1));
	return p->param_values[slot].type == VIEW_INT ?
	    (double)p->param_values[slot].i : p->param_values[slot].n;
}

/* bands = { {NAME, BOUND}, ... } in rising order of bound. */
static void
pack_bands(lua_State *L, struct pack *p, const char *what, struct pack_band **out,
    size_t *nout)
{
	size_t n;

	if (lua_getfield(L, 1, "bands") != LUA_TTABLE)
		luaL_error(L, "%s needs bands = { {name, from}, ... }", what);
	n = lua_rawlen(L, -1);
	if (n == 0)
		luaL_error(L, "%s needs at least one band", what);
	*out = xcalloc(n, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		struct pack_band *b = &(*out)[i];

		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		luaL_checktype(L, -1, LUA_TTABLE);
		lua_rawgeti(L, -1, 1);
		if (!lua_isstring(L, -1))
			luaL_error(L, "%s bands: band %d needs a name", what, (int)i + 1);
		b->name = xstrdup(lua_tostring(L, -1));
		*nout = i + 1;
		lua_pop(L, 1);
		lua_rawgeti(L, -1, 2);
		b->from = pack_band_bound(L, p, what[0] == 'g' ? "grade bands" : "stars bands");
		lua_pop(L, 2);
		if (i > 0 && b->from <= (*out)[i - 1].from)
			luaL_error(L, "%s bands must rise: '%s' starts at %f, not above '%s' at %f",
			    what, b->name, (lua_Number)b->from, (*out)[i - 1].name,
			    (lua_Number)(*out)[i - 1].from);
	}
	lua_pop(L, 1);
}

/* Bands are declared once; a pack that extends another replaces its
 * parent's with override = true. */
static void
pack_bands_check_override(lua_State *L, const char *what, const struct pack_band *b)
{
	int over = pack_wants_override(L);

	if (b && !over)
		luaL_error(L, "%s is already declared; add override = true to replace it", what);
	if (!b && over)
		luaL_error(L, "%s overrides nothing", what);
}

/* The finished draft's bands replace *B; nothing can fail now. */
static void
pack_bands_put(struct pack_draft *d, struct pack_band **b, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*b)[i].name);
	free(*b);
	*b = d->bands;
	*n = d->nbands;
	d->bands = NULL;
	d->nbands = 0;
}

static int
pack_grade_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	int cap = LUA_NOREF;

	pack_check_loading(L, p, "grade");
	luaL_checktype(L, 1, LUA_TTABLE);
	pack_bands_check_override(L, "grade", p->grades);
	pack_bands(L, p, "grade", &p->draft->bands, &p->draft->nbands);
	lua_getfield(L, 1, "cap");
	if (!lua_isnil(L, -1)) {
		luaL_checktype(L, -1, LUA_TFUNCTION);
		cap = luaL_ref(L, LUA_REGISTRYINDEX);
	} else {
		lua_pop(L, 1);
	}
	pack_bands_put(p->draft, &p->grades, &p->ngrades);
	if (cap != LUA_NOREF)
		p->cap_ref = cap;
	return 0;
}

static int
pack_grade(lua_State *L)
{
	return pack_protect(L, pack_grade_body, 1);
}

static int
pack_stars_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	struct pack_draft *d = p->draft;

	pack_check_loading(L, p, "stars");
	luaL_checktype(L, 1, LUA_TTABLE);
	pack_bands_check_override(L, "stars", p->stars);
	pack_bands(L, p, "stars", &d->bands, &d->nbands);
	for (size_t i = 0; i < d->nbands; i++) {
		const char *name = d->bands[i].name;

		if (name[0] < '0' || name[0] > '5' || name[1] != '\0')
			return luaL_error(L, "stars bands are named 0 to 5, not '%s'", name);
	}
	pack_bands_put(d, &p->stars, &p->nstars);
	return 0;
}

static int
pack_stars(lua_State *L)
{
	return pack_protect(L, pack_stars_body, 1);
}

static const char *const pack_records[] = { "member", "activity", "claim", NULL };

/* A check or form NAME found at SLOT (-1: not declared yet): redefining
 * without override, and overriding what does not exist, are errors. */
static void
pack_override_check(lua_State *L, const char *what, const char *name, long slot)
{
	int over = pack_wants_override(L);

	if (slot >= 0 && !over)
		luaL_error(L, "%s '%s' is already declared; add override = true to replace it",
		    what, name);
	if (slot < 0 && over)
		luaL_error(L, "%s '%s' overrides nothing", what, name);
}

/* check "name" { record = "member", title, clause, field, test = fn }:
 * a record-level check that validate runs; an override replaces a
 * parent's check of the same name. */
static int
pack_check_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	struct pack_check *c = &p->draft->check;
	long slot;
	int rec;

	pack_check_loading(L, p, "checks");
	luaL_checktype(L, 1, LUA_TTABLE);
	for (slot = (long)p->nchecks - 1; slot >= 0; slot--)
		if (strcmp(p->checks[slot].name, name) == 0)
			break;
	pack_override_check(L, "check", name, slot);
	lua_getfield(L, 1, "record");
	for (rec = 0; pack_records[rec]; rec++)
		if (lua_type(L, -1) == LUA_TSTRING &&
		    strcmp(lua_tostring(L, -1), pack_records[rec]) == 0)
			break;
	if (pack_records[rec] == NULL)
		return luaL_error(L, "check '%s': record must be \"member\", \"activity\" or"
		    " \"claim\"", name);
	lua_pop(L, 1);
	c->name = xstrdup(name);
	c->record = (enum pack_record)rec;
	c->origin = xstrdup(p->loading->id);
	c->test_ref = LUA_NOREF;
	c->title = pack_req_string(L, "check", name, "title", 1);
	c->clause = pack_req_string(L, "check", name, "clause", 1);
	c->field = pack_req_string(L, "check", name, "field", 1);
	c->test_ref = pack_req_function(L, "check", name, "test", 1);
	if (slot >= 0) {
		pack_check_clear(&p->checks[slot]);
		free(c->name);
		c->name = p->checks[slot].name;
		p->checks[slot] = *c;
	} else {
		p->checks = xrealloc(p->checks, (p->nchecks + 1) * sizeof *p->checks);
		p->checks[p->nchecks++] = *c;
	}
	memset(c, 0, sizeof *c);
	return 0;
}

static int
pack_check(lua_State *L)
{
	return pack_curry(L, pack_check_body);
}

static const char *const pack_rows_names[] = { "member", "activity", "org", "pairing",
	"ledger", "wish", NULL };

void
pack_form_clear(struct pack_form *f)
{
	for (size_t i = 0; i < f->ncols; i++) {
		free(f->cols[i].header);
		free(f->cols[i].field);
	}
	free(f->cols);
	for (size_t i = 0; i < f->nfacts; i++)
		free(f->facts[i]);
	free(f->facts);
	free(f->fact_slots);
	f->facts = NULL;
	f->fact_slots = NULL;
	f->nfacts = 0;
	for (size_t i = 0; i < f->nheading; i++)
		free(f->heading[i].text);
	for (size_t i = 0; i < f->nfoot; i++)
		free(f->foot[i].text);
	free(f->heading);
	free(f->foot);
	f->heading = f->foot = NULL;
	f->nheading = f->nfoot = 0;
	free(f->title);
	free(f->clause);
	free(f->origin);
	f->cols = NULL;
	f->ncols = 0;
	f->title = f->clause = f->origin = NULL;
}

/* One column: { "header", "field" | function [, personal = true] }. */
static void
pack_form_column(lua_State *L, const char *name, struct pack_column *col, int n)
{
	luaL_checktype(L, -1, LUA_TTABLE);
	lua_rawgeti(L, -1, 1);
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "form '%s': column %d needs a header", name, n);
	col->header = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	col->fn_ref = LUA_NOREF;
	lua_rawgeti(L, -1, 2);
	if (lua_type(L, -1) == LUA_TSTRING) {
		col->field = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	} else if (lua_isfunction(L, -1)) {
		col->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	} else {
		luaL_error(L, "form '%s': column '%s' needs a field name or a function", name,
		    col->header);
	}
	lua_getfield(L, -1, "personal");
	col->personal = lua_toboolean(L, -1);
	lua_pop(L, 1);
}

enum facts_record
pack_form_record(const struct pack_form *f)
{
	return f->rows == PACK_ROWS_PAIRING ? FACTS_REC_PAIRING : f->rows == PACK_ROWS_LEDGER ?
	    FACTS_REC_LEDGER : f->rows == PACK_ROWS_WISH ? FACTS_REC_WISH : FACTS_REC_ACTIVITY;
}

/* A field column must name a field the rows have: checked now, not when
 * a clerk prints the form. */
static void
pack_form_fields(lua_State *L, const struct pack_form *f)
{
	const struct view_schema *s = f->rows == PACK_ROWS_MEMBER ? facts_member_schema() :
	    f->rows == PACK_ROWS_ORG ? orgtree_schema() : facts_record_schema(pack_form_record(f));

	for (size_t i = 0; i < f->ncols; i++)
		if (f->cols[i].field && strcmp(f->cols[i].field, "#") != 0 &&
		    view_schema_find(s, f->cols[i].field) < 0)
			luaL_error(L, "form '%s': column '%s': %s has no field '%s'", f->name,
			    f->cols[i].header, s->what, f->cols[i].field);
}

/* facts = { "name", ... }: the facts a member or org form's functions
 * read, which the run stores for it.  Checked against the pack's facts
 * when loading ends (pack_forms_resolve), as facts may be declared later. */
static void
pack_form_facts(lua_State *L, struct pack_form *f)
{
	size_t n;

	if (lua_getfield(L, 1, "facts") == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "form '%s': facts must be a list of fact names", f->name);
	if (f->rows != PACK_ROWS_MEMBER && f->rows != PACK_ROWS_ORG)
		luaL_error(L, "form '%s': only member and org forms read facts", f->name);
	n = lua_rawlen(L, -1);
	f->facts = xcalloc(n + 1, sizeof *f->facts);
	f->fact_slots = xcalloc(n + 1, sizeof *f->fact_slots);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "form '%s': facts must be a list of fact names", f->name);
		f->facts[f->nfacts++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* scope = "fact": a member form whose --org selects the members by the
 * org code that fact of its facts list holds (a register of those who
 * reported to a community lists them by that community, not by where
 * they live). */
static void
pack_form_scope(lua_State *L, struct pack_form *f)
{
	const char *s;

	f->scope = -1;
	if (lua_getfield(L, 1, "scope") == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	s = lua_tostring(L, -1);
	if (lua_type(L, -1) != LUA_TSTRING || f->rows != PACK_ROWS_MEMBER)
		luaL_error(L, "form '%s': scope names a fact of a member form's facts list",
		    f->name);
	for (size_t i = 0; i < f->nfacts; i++)
		if (strcmp(f->facts[i], s) == 0)
			f->scope = (long)i;
	if (f->scope < 0)
		luaL_error(L, "form '%s': scope '%s' is not in the form's facts list", f->name, s);
	lua_pop(L, 1);
}

/* heading = { ... } or foot = { ... }: each a string or a function
 * fn(o, year) returning the line (o the --org org, or nil). */
static void
pack_form_lines(lua_State *L, const char *name, const char *key, struct pack_line **lines,
    size_t *nlines)
{
	size_t n;

	if (lua_getfield(L, 1, key) == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "form '%s': %s must be a list of strings or functions", name, key);
	n = lua_rawlen(L, -1);
	*lines = xcalloc(n + 1, sizeof **lines);
	for (size_t i = 0; i < n; i++) {
		struct pack_line *l = &(*lines)[i];

		l->fn_ref = LUA_NOREF;
		*nlines = i + 1;
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		if (lua_type(L, -1) == LUA_TSTRING) {
			l->text = xstrdup(lua_tostring(L, -1));
			lua_pop(L, 1);
		} else if (lua_isfunction(L, -1)) {
			l->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
		} else {
			luaL_error(L, "form '%s': %s line %d is not a string or a function", name,
			    key, (int)i + 1);
		}
	}
	lua_pop(L, 1);
}

/* form "name" { title, clause, rows = "member"|"activity"|"org", kinds, facts,
 * scope, heading, foot, columns = { {header, field or function [, personal = true]}, ... } }. */
static int
pack_form_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	struct pack_form *f = &p->draft->form;
	long slot;
	int rows;
	size_t n;

	pack_check_loading(L, p, "forms");
	luaL_checktype(L, 1, LUA_TTABLE);
	for (slot = (long)p->nforms - 1; slot >= 0; slot--)
		if (strcmp(p->forms[slot].name, name) == 0)
			break;
	pack_override_check(L, "form", name, slot);
	lua_getfield(L, 1, "rows");
	for (rows = 0; pack_rows_names[rows]; rows++)
		if (lua_type(L, -1) == LUA_TSTRING &&
		    strcmp(lua_tostring(L, -1), pack_rows_names[rows]) == 0)
			break;
	if (pack_rows_names[rows] == NULL)
		return luaL_error(L, "form '%s': rows must be member, activity, org, pairing,"
		    " ledger or wish", name);
	lua_pop(L, 1);
	f->name = xstrdup(name);
	f->rows = (enum pack_rows)rows;
	f->origin = xstrdup(p->loading->id);
	f->when_ref = f->order_ref = LUA_NOREF;
	f->title = pack_req_string(L, "form", name, "title", 1);
	f->clause = pack_req_string(L, "form", name, "clause", 1);
	f->kinds = f->rows == PACK_ROWS_ORG ? pack_req_kinds(L, name) : 0;
	f->when_ref = pack_req_function(L, "form", name, "when", 0);
	f->order_ref = pack_req_function(L, "form", name, "order", 0);
	f->top = 0;
	if (lua_getfield(L, 1, "top") != LUA_TNIL) {
		char what[300];

		snprintf(what, sizeof what, "form '%s': top", name);
		f->top = pack_band_bound(L, p, what);
		if (f->order_ref == LUA_NOREF || f->top < 1)
			luaL_error(L, "form '%s': top needs order and a count of at least 1", name);
	}
	lua_pop(L, 1);
	if (lua_getfield(L, 1, "columns") != LUA_TTABLE || (n = lua_rawlen(L, -1)) == 0)
		return luaL_error(L, "form '%s' needs columns = { {header, field}, ... }", name);
	f->cols = xcalloc(n, sizeof *f->cols);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		f->cols[i].fn_ref = LUA_NOREF;
		f->ncols = i + 1;
		pack_form_column(L, name, &f->cols[i], (int)i + 1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	pack_form_fields(L, f);
	pack_form_facts(L, f);
	pack_form_scope(L, f);
	pack_form_lines(L, name, "heading", &f->heading, &f->nheading);
	pack_form_lines(L, name, "foot", &f->foot, &f->nfoot);
	if (slot >= 0) {
		pack_form_clear(&p->forms[slot]);
		free(f->name);
		f->name = p->forms[slot].name;
		p->forms[slot] = *f;
	} else {
		p->forms = xrealloc(p->forms, (p->nforms + 1) * sizeof *p->forms);
		p->forms[p->nforms++] = *f;
	}
	memset(f, 0, sizeof *f);
	return 0;
}

static int
pack_form(lua_State *L)
{
	return pack_curry(L, pack_form_body);
}

static const luaL_Reg pack_api[] = {
	{ "fact", pack_fact },
	{ "form", pack_form },
	{ "check", pack_check },
	{ "requirement", pack_requirement },
	{ "score", pack_score },
	{ "grade", pack_grade },
	{ "stars", pack_stars },
	{ "award", pack_award },
	{ NULL, NULL }
};

/* The declaration functions and `period` become globals of the sandbox. */
void
pack_install_api(struct pack *p, const struct facts_period *per)
{
	lua_State *L = sandbox_lua(p->sb);

	p->draft = xcalloc(1, sizeof *p->draft);
	lua_pushglobaltable(L);
	lua_pushlightuserdata(L, p);
	luaL_setfuncs(L, pack_api, 1);
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, per->year);
	lua_setfield(L, -2, "year");
	lua_pushstring(L, per->start);
	lua_setfield(L, -2, "year_start");
	lua_pushfstring(L, "%d-12-31", per->year);
	lua_setfield(L, -2, "year_end");
	lua_pushstring(L, per->as_of);
	lua_setfield(L, -2, "as_of");
	lua_setfield(L, -2, "period");
	lua_pop(L, 1);
}

/* ---- calling the pack's functions ---- */

static size_t pack_value_bytes = PACK_VALUE_BYTES;

void
pack_set_value_limit(size_t bytes)
{
	pack_value_bytes = bytes ? bytes : PACK_VALUE_BYTES;
}

/* Are the N results on top scalars within the value limit?  0, or -1
 * with err naming the first that is not and the results popped. */
static int
pack_results_check(lua_State *L, int nresults, char *err, size_t n)
{
	for (int i = 1; i <= nresults; i++) {
		int idx = i - nresults - 1, t = lua_type(L, idx);
		size_t len = 0;

		if (t == LUA_TSTRING)
			lua_tolstring(L, idx, &len);
		if (t == LUA_TSTRING && len > pack_value_bytes)
			snprintf(err, n, tr("result %d is a string of %zu bytes, over the limit of"
			    " %zu (max_value_bytes)", "第 %d 个返回值是 %zu 字节的字符串，超过上限 %zu"
			    "（max_value_bytes）"), i, len, pack_value_bytes);
		else if (t != LUA_TNIL && t != LUA_TBOOLEAN && t != LUA_TNUMBER &&
		    t != LUA_TSTRING)
			snprintf(err, n, tr("result %d is a %s: a rule returns nil, booleans,"
			    " numbers or strings", "第 %d 个返回值是 %s：规则只能返回 nil、布尔值、"
			    "数字或字符串"), i, lua_typename(L, t));
		else
			continue;
		lua_pop(L, nresults);
		return -1;
	}
	return 0;
}

int
pack_call(struct pack *p, int fn_ref, const int *args, int nargs, int nresults, char *err,
    size_t n)
{
	lua_State *L = sandbox_lua(p->sb);

	lua_rawgeti(L, LUA_REGISTRYINDEX, fn_ref);
	for (int i = 0; i < nargs; i++)
		lua_rawgeti(L, LUA_REGISTRYINDEX, args[i]);
	if (sandbox_call(p->sb, nargs, nresults, err, n) != 0)
		return -1;
	return pack_results_check(L, nresults, err, n);
}

/* Push the function FN_REF and, as its arguments, the NARGS values at
 * FIRST.. of L's stack. */
static void
pack_push_call(lua_State *L, int fn_ref, int first, int nargs)
{
	luaL_checkstack(L, nargs + 1, NULL);
	lua_rawgeti(L, LUA_REGISTRYINDEX, fn_ref);
	for (int i = 0; i < nargs; i++)
		lua_pushvalue(L, first + i);
}

/* See pack.h: pack_call with the arguments at FIRST.. of the stack. */
int
pack_call_stack(struct pack *p, int fn_ref, int first, int nargs, int nresults, char *err,
    size_t n)
{
	lua_State *L = sandbox_lua(p->sb);

	pack_push_call(L, fn_ref, first, nargs);
	if (sandbox_call(p->sb, nargs, nresults, err, n) != 0)
		return -1;
	return pack_results_check(L, nresults, err, n);
}

/* See pack.h. */
int
pack_call_next(struct pack *p, int fn_ref, int first, int nargs, int nresults, int next,
    char *err, size_t n)
{
	lua_State *L = sandbox_lua(p->sb);

	if (next)
		sandbox_next_call(p->sb);
	pack_push_call(L, fn_ref, first, nargs);
	lua_call(L, nargs, nresults);
	return pack_results_check(L, nresults, err, n);
}

/* What pack_call_each's driver works from, handed to it as a light
 * userdata (no closure to allocate per row). */
struct pack_each {
	struct pack *p;
	const int *fns;
	size_t nfns;
	int (*after)(void *ctx, size_t k);
	void *ctx;
	size_t at;                    /* the call under way, or the last made */
	int refused;                  /* its result failed pack_results_check */
	char *err;
	size_t n;
};

/* pack_call_each's calls, inside its one protected call: argument 1 is
 * the pack_each, the rest are the functions' arguments. */
static int
pack_each_driver(lua_State *L)
{
	struct pack_each *c = lua_touserdata(L, 1);
	int nargs = lua_gettop(L) - 1, go = 1;

	luaL_checkstack(L, (int)c->nfns, NULL);
	for (size_t k = 0; k < c->nfns && go; k++) {
		c->at = k;
		if (pack_call_next(c->p, c->fns[k], 2, nargs, 1, k > 0, c->err, c->n) != 0) {
			c->refused = 1;
			break;
		}
		go = c->after(c->ctx, k);
	}
	return lua_gettop(L) - nargs - 1;
}

int
pack_call_each(struct pack *p, const int *fns, size_t nfns, const int *args, int nargs,
    int (*after)(void *ctx, size_t k), void *ctx, size_t *at, char *err, size_t n)
{
	lua_State *L = sandbox_lua(p->sb);
	struct pack_each c = { p, fns, nfns, after, ctx, 0, 0, err, n };
	int base = lua_gettop(L), rc;

	lua_pushcfunction(L, pack_each_driver);
	lua_pushlightuserdata(L, &c);
	for (int i = 0; i < nargs; i++)
		lua_rawgeti(L, LUA_REGISTRYINDEX, args[i]);
	rc = sandbox_call(p->sb, nargs + 1, LUA_MULTRET, err, n);
	*at = c.at;
	if (rc != 0 || c.refused) {
		lua_settop(L, base);
		return -1;
	}
	return lua_gettop(L) - base;
}
