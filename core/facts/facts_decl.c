/*
 * facts_decl.c - the fact{} declaration compiler: a pack's declaration
 * table (count = "activity", where = {...}, within, on, default, visit,
 * override) checked against the record sources and turned into a
 * facts_spec of the plan the cursors of facts.c run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "facts_int.h"

/* The aggregates by the key that declares them. */
static const char *const facts_agg_names[] = {
	[FACTS_AGG_COUNT] = "count", [FACTS_AGG_ANY] = "any", [FACTS_AGG_SUM] = "sum",
	[FACTS_AGG_MIN] = "min", [FACTS_AGG_MAX] = "max", [FACTS_AGG_LATEST] = "latest",
	[FACTS_AGG_EARLIEST] = "earliest",
	[FACTS_AGG_DISTINCT] = "distinct", [FACTS_AGG_MONTHS] = "months",
	[FACTS_AGG_UNVISITED] = "unvisited_months", [FACTS_AGG_COLLECT] = "collect",
};
#define FACTS_NAGG (sizeof facts_agg_names / sizeof facts_agg_names[0])

/* Aggregates that name a source directly (count = "activity"); the others
 * name a field and take the source from "of". */
static int
facts_agg_takes_source(enum facts_agg a)
{
	return a == FACTS_AGG_COUNT || a == FACTS_AGG_ANY || a == FACTS_AGG_MONTHS ||
	    a == FACTS_AGG_UNVISITED;
}

/* An empty plan; the sources are made ready for it. */
void
facts_plan_init(struct facts_plan *plan)
{
	facts_sources_ready();
	memset(plan, 0, sizeof *plan);
	view_schema_init(&plan->member_schema, "fact");
	view_schema_init(&plan->org_schema, "fact");
}

/* Free N filters and their values. */
static void
facts_filters_free(struct facts_filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < f[i].nvals; j++)
			free(f[i].vals[j]);
		free(f[i].vals);
	}
	free(f);
}

/* Free what a spec owns (not the spec). */
static void
facts_spec_free(struct facts_spec *s)
{
	free(s->name);
	free(s->req);
	free(s->dflt_text);
	facts_filters_free(s->where, s->nwhere);
	facts_filters_free(s->visit, s->nvisit);
}

/* Free every spec and the plan's schemas. */
void
facts_plan_free(struct facts_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++)
		facts_spec_free(&plan->specs[i]);
	free(plan->specs);
	free(plan->member_slot);
	view_schema_free(&plan->member_schema);
	view_schema_free(&plan->org_schema);
	memset(plan, 0, sizeof *plan);
}

/* The index of field NAME of source SRC, or -1. */
static int
facts_find_field(enum facts_source src, const char *name)
{
	const struct facts_field *f = facts_sources[src].fields;

	for (int i = 0; f[i].name; i++)
		if (strcmp(f[i].name, name) == 0)
			return i;
	return -1;
}

/* The source named NAME, or -1. */
static int
facts_find_source(const char *name)
{
	for (int i = 0; i < FACTS_SRC_COUNT; i++)
		if (strcmp(facts_sources[i].name, name) == 0)
			return i;
	return -1;
}

/* Read one filter value (string, number or boolean) as text. */
static char *
facts_value_text(lua_State *L, int idx)
{
	if (lua_type(L, idx) == LUA_TSTRING || lua_type(L, idx) == LUA_TNUMBER)
		return xstrdup(lua_tostring(L, idx));
	return NULL;
}

/* Parse a where-table at idx: { field = value | {values} | boolean }. */
static int
facts_parse_where(lua_State *L, int idx, enum facts_source src,
    struct facts_filter **out, size_t *nout, char *err, size_t n)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		struct facts_filter f = { 0 };
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";

		f.field = facts_find_field(src, k);
		if (f.field < 0) {
			snprintf(err, n, "%s has no field '%s' to filter on",
			    facts_sources[src].name, k);
			lua_pop(L, 2);
			return -1;
		}
		if (lua_type(L, -1) == LUA_TBOOLEAN) {
			f.b = lua_toboolean(L, -1);
		} else if (lua_type(L, -1) == LUA_TTABLE) {
			size_t len = lua_rawlen(L, -1);

			f.vals = xcalloc(len, sizeof *f.vals);
			for (size_t i = 1; i <= len; i++) {
				lua_rawgeti(L, -1, (lua_Integer)i);
				f.vals[f.nvals] = facts_value_text(L, -1);
				lua_pop(L, 1);
				if (f.vals[f.nvals] == NULL)
					break;
				f.nvals++;
			}
			if (f.nvals != len || len == 0) {
				for (size_t i = 0; i < f.nvals; i++)
					free(f.vals[i]);
				free(f.vals);
				snprintf(err, n, "filter '%s' needs a non-empty list of strings", k);
				lua_pop(L, 2);
				return -1;
			}
		} else {
			char *v = facts_value_text(L, -1);

			if (v == NULL) {
				snprintf(err, n, "filter '%s' needs a string, a list or a boolean", k);
				lua_pop(L, 2);
				return -1;
			}
			f.vals = xcalloc(1, sizeof *f.vals);
			f.vals[0] = v;
			f.nvals = 1;
		}
		*out = xrealloc(*out, (*nout + 1) * sizeof **out);
		(*out)[(*nout)++] = f;
		lua_pop(L, 1);
	}
	return 0;
}

/* Which aggregate does the declaration use?  Exactly one must be given. */
static int
facts_parse_agg(lua_State *L, int idx, const char **arg, char *err, size_t n)
{
	int found = -1;

	for (size_t a = 0; a < FACTS_NAGG; a++) {
		if (lua_getfield(L, idx, facts_agg_names[a]) == LUA_TSTRING) {
			if (found >= 0) {
				lua_pop(L, 1);
				snprintf(err, n, "gives both '%s' and '%s'",
				    facts_agg_names[found], facts_agg_names[a]);
				return -1;
			}
			found = (int)a;
			*arg = lua_tostring(L, -1);   /* kept alive by the table */
		}
		lua_pop(L, 1);
	}
	if (found < 0)
		snprintf(err, n, "needs one of count, any, sum, min, max, latest, earliest,"
		    " distinct, months, unvisited_months");
	return found;
}

/* within = "year" | "through", and on = DATE_FIELD (default: the row's date). */
static int
facts_parse_window(lua_State *L, int idx, struct facts_spec *s, char *err, size_t n)
{
	const char *w, *on;

	lua_getfield(L, idx, "within");
	w = lua_isnil(L, -1) ? "year" : lua_tostring(L, -1);
	if (w == NULL || (strcmp(w, "year") != 0 && strcmp(w, "through") != 0)) {
		lua_pop(L, 1);
		snprintf(err, n, "within must be \"year\" or \"through\"");
		return -1;
	}
	s->through = strcmp(w, "through") == 0;
	lua_pop(L, 1);
	s->on = facts_sources[s->src].date_col >= 0 ? facts_find_field(s->src,
	    facts_sources[s->src].fields[0].name) : -1;
	lua_getfield(L, idx, "on");
	if (!lua_isnil(L, -1)) {
		on = lua_tostring(L, -1);
		s->on = on ? facts_find_field(s->src, on) : -1;
		if (s->on < 0 || facts_sources[s->src].fields[s->on].type != FT_DATE) {
			lua_pop(L, 1);
			snprintf(err, n, "on must name a date field of %s", facts_sources[s->src].name);
			return -1;
		}
	}
	lua_pop(L, 1);
	return 0;
}

/* The type a fact's value has, for its default. */
static void
facts_set_default(lua_State *L, int idx, struct facts_spec *s)
{
	lua_getfield(L, idx, "default");
	switch (lua_type(L, -1)) {
	case LUA_TNUMBER:
		if (lua_isinteger(L, -1))
			view_set_int(&s->dflt, lua_tointeger(L, -1));
		else
			view_set_num(&s->dflt, lua_tonumber(L, -1));
		break;
	case LUA_TBOOLEAN:
		view_set_bool(&s->dflt, lua_toboolean(L, -1));
		break;
	case LUA_TSTRING:
		s->dflt_text = xstrdup(lua_tostring(L, -1));
		view_set_str(&s->dflt, s->dflt_text);
		break;
	default:
		if (s->agg == FACTS_AGG_ANY)
			view_set_bool(&s->dflt, 0);
		else if (s->agg == FACTS_AGG_SUM && s->field >= 0 &&
		    facts_sources[s->src].fields[s->field].type == FT_HOURS)
			view_set_num(&s->dflt, 0);
		else if (s->agg == FACTS_AGG_COUNT || s->agg == FACTS_AGG_SUM ||
		    s->agg == FACTS_AGG_DISTINCT || s->agg == FACTS_AGG_MONTHS ||
		    s->agg == FACTS_AGG_UNVISITED)
			view_set_int(&s->dflt, 0);
		else
			view_set_nil(&s->dflt);
		break;
	}
	lua_pop(L, 1);
}

/* The source and field named by the declaration. */
static int
facts_parse_target(lua_State *L, int idx, struct facts_spec *s, const char *arg,
    char *err, size_t n)
{
	const char *of = arg;
	int src;

	if (!facts_agg_takes_source(s->agg)) {
		lua_getfield(L, idx, "of");
		of = lua_tostring(L, -1);
		lua_pop(L, 1);        /* the string stays in the declaration table */
		if (of == NULL) {
			snprintf(err, n, "%s = \"%s\" needs of = SOURCE", facts_agg_names[s->agg], arg);
			return -1;
		}
	}
	src = facts_find_source(of);
	if (src < 0) {
		snprintf(err, n, "unknown record kind '%s'", of);
		return -1;
	}
	s->src = (enum facts_source)src;
	s->field = -1;
	if (!facts_agg_takes_source(s->agg)) {
		s->field = facts_find_field(s->src, arg);
		if (s->field < 0) {
			snprintf(err, n, "%s has no field '%s'", of, arg);
			return -1;
		}
	}
	if (s->agg == FACTS_AGG_UNVISITED && s->src != FACTS_SRC_PAIRING) {
		snprintf(err, n, "unvisited_months counts over \"pairing\"");
		return -1;
	}
	if (s->src == FACTS_SRC_MEMBERS && s->agg != FACTS_AGG_COUNT && s->agg != FACTS_AGG_SUM &&
	    s->agg != FACTS_AGG_DISTINCT && s->agg != FACTS_AGG_COLLECT) {
		snprintf(err, n, "member facts of an org are count, sum of score, distinct"
		    " community or reported_community, or collect unreported_reason");
		return -1;
	}
	return 0;
}

/* Org-level counts over members take at most one filter, resolved later
 * against the tally; check it names something countable. */
static int
facts_check_members(struct facts_spec *s, char *err, size_t n)
{
	if (s->nwhere > 1) {
		snprintf(err, n, "a member count of an org takes one filter");
		return -1;
	}
	if (s->agg == FACTS_AGG_SUM && s->field != 6) {
		snprintf(err, n, "the only sum over members is score");
		return -1;
	}
	if ((s->agg == FACTS_AGG_DISTINCT && s->field != 7 && s->field != 9) ||
	    (s->agg == FACTS_AGG_COLLECT && s->field != 8)) {
		snprintf(err, n, "members give distinct = \"community\" or"
		    " \"reported_community\" and collect = \"unreported_reason\"");
		return -1;
	}
	if (s->nwhere == 1 && s->where[0].field <= 2) {
		if (s->where[0].nvals != 1) {
			snprintf(err, n, "passed/failed/na name one requirement");
			return -1;
		}
		s->req = xstrdup(s->where[0].vals[0]);
	}
	return 0;
}

static const char *const facts_keys[] = {
	"of", "where", "within", "on", "default", "visit", "override", NULL
};

/* Unknown keys are typos (wehre, whithin): refuse them, or a misspelt
 * filter would silently count every record. */
static int
facts_check_keys(lua_State *L, int idx, char *err, size_t n)
{
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		int known = 0;

		for (size_t a = 0; a < FACTS_NAGG; a++)
			known |= strcmp(facts_agg_names[a], k) == 0;
		for (int i = 0; facts_keys[i]; i++)
			known |= strcmp(facts_keys[i], k) == 0;
		lua_pop(L, 1);
		if (!known) {
			lua_pop(L, 1);
			snprintf(err, n, "unknown key '%s'", k);
			return -1;
		}
	}
	return 0;
}

/* The index of an earlier fact NAME that this declaration overrides, or
 * -1.  Redeclaring needs override = true (a pack that extends another);
 * override = true with nothing to override is a mistake too. */
static int
facts_find_old(const struct facts_plan *plan, lua_State *L, int idx, const char *name,
    long *old, char *err, size_t n)
{
	int over;

	lua_getfield(L, idx, "override");
	over = lua_toboolean(L, -1);
	lua_pop(L, 1);
	*old = -1;
	for (size_t i = 0; i < plan->n; i++)
		if (strcmp(plan->specs[i].name, name) == 0)
			*old = (long)i;
	if (*old >= 0 && !over) {
		snprintf(err, n, "is already declared; add override = true to replace it");
		return -1;
	}
	if (*old < 0 && over) {
		snprintf(err, n, "overrides nothing");
		return -1;
	}
	return 0;
}

/* Put S in place of the spec at K, which keeps its slot. */
static int
facts_replace(struct facts_plan *plan, size_t k, struct facts_spec *s, char *err, size_t n)
{
	int was_org = plan->specs[k].src >= FACTS_SRC_MEMBER_LEVEL_END;

	if ((s->src >= FACTS_SRC_MEMBER_LEVEL_END) != was_org) {
		snprintf(err, n, "an override keeps the fact's level (member or org)");
		facts_spec_free(s);
		return -1;
	}
	facts_spec_free(&plan->specs[k]);
	plan->specs[k] = *s;
	return 0;
}

/* Compile one fact{} declaration into the plan: see facts.h. */
int
facts_declare(struct facts_plan *plan, lua_State *L, int idx, const char *name,
    char *err, size_t n)
{
	struct facts_spec s;
	const char *arg = NULL;
	long old;
	int agg;

	idx = lua_absindex(L, idx);
	memset(&s, 0, sizeof s);
	if (facts_check_keys(L, idx, err, n) != 0 || facts_find_old(plan, L, idx, name, &old,
	    err, n) != 0 ||
	    (agg = facts_parse_agg(L, idx, &arg, err, n)) < 0)
		return -1;
	s.agg = (enum facts_agg)agg;
	if (facts_parse_target(L, idx, &s, arg, err, n) != 0 ||
	    facts_parse_window(L, idx, &s, err, n) != 0)
		return -1;
	if (lua_getfield(L, idx, "where") == LUA_TTABLE &&
	    facts_parse_where(L, -1, s.src, &s.where, &s.nwhere, err, n) != 0)
		goto fail;
	lua_pop(L, 1);
	if (s.agg == FACTS_AGG_UNVISITED) {
		if (lua_getfield(L, idx, "visit") == LUA_TTABLE &&
		    facts_parse_where(L, -1, FACTS_SRC_ACTIVITY, &s.visit, &s.nvisit, err, n) != 0)
			goto fail;
		lua_pop(L, 1);
	}
	if (s.src == FACTS_SRC_MEMBERS && facts_check_members(&s, err, n) != 0)
		goto fail_nopop;
	facts_set_default(L, idx, &s);
	s.name = xstrdup(name);
	if (old >= 0)
		return facts_replace(plan, (size_t)old, &s, err, n);
	plan->specs = xrealloc(plan->specs, (plan->n + 1) * sizeof *plan->specs);
	plan->member_slot = xrealloc(plan->member_slot, (plan->n + 1) * sizeof *plan->member_slot);
	plan->member_slot[plan->n] = view_schema_add(s.src >= FACTS_SRC_MEMBER_LEVEL_END ?
	    &plan->org_schema : &plan->member_schema, name);
	plan->specs[plan->n++] = s;
	return 0;
fail:
	lua_pop(L, 1);
fail_nopop:
	facts_filters_free(s.where, s.nwhere);
	facts_filters_free(s.visit, s.nvisit);
	free(s.req);
	return -1;
}

