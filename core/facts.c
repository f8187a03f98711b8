/*
 * facts.c - compiling the facts a pack declares into one streaming pass
 * over the records, and computing them member by member.
 *
 * Every record kind has one SQL query, ordered by member (or org) and
 * date, restricted to one member range and to dates up to the period's
 * end.  A cursor keeps one statement per kind the plan needs and walks
 * them side by side with the member table, like a merge join: for each
 * member it consumes exactly that member's rows of each kind, updating
 * every fact declared on that kind.  Facts are then handed to rules as a
 * view; nothing is looked up per member.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "date.h"
#include "facts.h"
#include "record.h"

/* How a field's column is read and what a rule sees. */
enum facts_ftype {
	FT_TEXT,        /* text; "" when NULL */
	FT_DATE,        /* ISO date or NULL */
	FT_INT,         /* integer */
	FT_HOURS,       /* minutes column, seen as hours (a number) */
	FT_BOOL,        /* 0/1 */
	FT_REF,         /* org id, seen as the org's code */
	FT_RESIDENCE,   /* org id column: is it the member's residence community? */
	FT_RESIDENCE_OPEN, /* same, and NULL (a region-wide post) counts as yes */
	FT_LIAISON      /* org id column: is it the liaison community of the member's unit? */
};

struct facts_field {
	const char *name;
	int col;
	enum facts_ftype type;
};

struct facts_srcdef {
	const char *name;
	const char *sql;          /* ?1 lo, ?2 hi, ?3 period end */
	int date_col;             /* the default date of a row */
	int end_col;              /* pairings: a row spans date..end; else -1 */
	const struct facts_field *fields;
	const char *kind;         /* else: sql and fields are read from this
	                             record kind (record.c, RECORD_FACT) */
};

static const struct facts_field facts_activity_fields[] = {
	{ "date", 1, FT_DATE }, { "kind", 2, FT_TEXT }, { "minutes", 3, FT_INT },
	{ "hours", 3, FT_HOURS }, { "community", 4, FT_REF },
	{ "in_residence", 4, FT_RESIDENCE }, { "rating", 5, FT_TEXT },
	{ "complete", 6, FT_BOOL }, { "verified", 7, FT_BOOL },
	{ "household", 8, FT_TEXT }, { "in_liaison", 4, FT_LIAISON }, { NULL, 0, 0 }
};
static const struct facts_field facts_claim_fields[] = {
	{ "date", 1, FT_DATE }, { "post", 2, FT_TEXT }, { "category", 3, FT_TEXT },
	{ "community", 4, FT_REF }, { "in_residence", 4, FT_RESIDENCE_OPEN },
	{ NULL, 0, 0 }
};
static const struct facts_field facts_registration_fields[] = {
	{ "date", 1, FT_DATE }, { "kind", 2, FT_TEXT }, { "community", 3, FT_REF },
	{ "in_residence", 3, FT_RESIDENCE }, { "receipt", 4, FT_DATE },
	{ "has_receipt", 5, FT_BOOL }, { NULL, 0, 0 }
};
static const struct facts_field facts_pairing_fields[] = {
	{ "start", 1, FT_DATE }, { "end", 2, FT_DATE }, { "household", 3, FT_TEXT },
	{ "household_kind", 4, FT_TEXT }, { NULL, 0, 0 }
};
static const struct facts_field facts_wish_fields[] = {
	{ "taken", 1, FT_DATE }, { "done", 2, FT_DATE }, { "rating", 3, FT_TEXT },
	{ "is_done", 4, FT_BOOL }, { NULL, 0, 0 }
};
static const struct facts_field facts_ledger_fields[] = {
	{ "date", 1, FT_DATE }, { "points", 2, FT_INT }, { "reason", 3, FT_TEXT },
	{ NULL, 0, 0 }
};
/* Filters of the member source (org level), resolved against the tally. */
static const struct facts_field facts_members_fields[] = {
	{ "passed", 0, FT_TEXT }, { "failed", 1, FT_TEXT }, { "na", 2, FT_TEXT },
	{ "grade", 3, FT_TEXT }, { "award", 4, FT_BOOL }, { "stars", 5, FT_TEXT },
	{ "score", 6, FT_INT }, { "community", 7, FT_TEXT },
	{ "unreported_reason", 8, FT_TEXT }, { NULL, 0, 0 }
};

/* The sources; those naming a record kind are completed by
 * facts_sources_init(), once, before any plan is made. */
static struct facts_srcdef facts_sources[SRC_COUNT] = {
	[SRC_ACTIVITY] = { "activity",
	    "SELECT member_id, date, kind, minutes, community_id, rating, complete,"
	    " verifier IS NOT NULL, household FROM activity"
	    " WHERE member_id >= ?1 AND member_id < ?2 AND date <= ?3"
	    " ORDER BY member_id, date", 1, -1, facts_activity_fields },
	[SRC_CLAIM] = { "claim",
	    "SELECT c.member_id, c.date, p.code, p.category, p.community_id"
	    " FROM claim c JOIN post p ON p.id = c.post_id"
	    " WHERE c.member_id >= ?1 AND c.member_id < ?2 AND c.date <= ?3"
	    " ORDER BY c.member_id, c.date", 1, -1, facts_claim_fields },
	[SRC_SUGGESTION] = { "suggestion", NULL, 1, -1, NULL, "suggestions" },
	[SRC_REGISTRATION] = { "registration",
	    "SELECT member_id, date, kind, community_id, receipt, receipt IS NOT NULL"
	    " FROM registration"
	    " WHERE member_id >= ?1 AND member_id < ?2 AND date <= ?3"
	    " ORDER BY member_id, date, id", 1, -1, facts_registration_fields },
	[SRC_PAIRING] = { "pairing",
	    "SELECT member_id, start_date, end_date, household, household_kind FROM pairing"
	    " WHERE member_id >= ?1 AND member_id < ?2 AND start_date <= ?3"
	    " ORDER BY member_id, start_date", 1, 2, facts_pairing_fields },
	[SRC_WISH] = { "wish",
	    "SELECT t.member_id, t.date, d.date, r.rating,"
	    " d.date IS NOT NULL AND d.date <= ?3"
	    " FROM wish_state t"
	    " LEFT JOIN wish_state d ON d.wish_id = t.wish_id AND d.step = 4"
	    " LEFT JOIN wish_state r ON r.wish_id = t.wish_id AND r.step = 5"
	    " WHERE t.step = 3 AND t.member_id >= ?1 AND t.member_id < ?2 AND t.date <= ?3"
	    " ORDER BY t.member_id, t.date", 1, -1, facts_wish_fields },
	[SRC_BREACH] = { "breach", NULL, 1, -1, NULL, "breaches" },
	[SRC_LEDGER] = { "ledger",
	    "SELECT member_id, date, points, reason FROM ledger"
	    " WHERE member_id >= ?1 AND member_id < ?2 AND date <= ?3"
	    " ORDER BY member_id, date, id", 1, -1, facts_ledger_fields },
	[SRC_MEMBER_EVENT] = { "member_event", NULL, 1, -1, NULL, "member_events" },
	[SRC_ORG_EVENT] = { "org_event", NULL, 1, -1, NULL, "org_events" },
	[SRC_MEMBERS] = { "member", NULL, -1, -1, facts_members_fields },
};

static const char *const facts_agg_names[] = {
	[AGG_COUNT] = "count", [AGG_ANY] = "any", [AGG_SUM] = "sum", [AGG_MIN] = "min",
	[AGG_MAX] = "max", [AGG_LATEST] = "latest", [AGG_EARLIEST] = "earliest",
	[AGG_DISTINCT] = "distinct", [AGG_MONTHS] = "months",
	[AGG_UNVISITED] = "unvisited_months", [AGG_COLLECT] = "collect",
};
#define FACTS_NAGG (sizeof facts_agg_names / sizeof facts_agg_names[0])

/* Aggregates that name a source directly (count = "activity"); the others
 * name a field and take the source from "of". */
static int
facts_agg_takes_source(enum facts_agg a)
{
	return a == AGG_COUNT || a == AGG_ANY || a == AGG_MONTHS || a == AGG_UNVISITED;
}

void
facts_period_init(struct facts_period *per, int year, const char *as_of)
{
	per->year = year;
	snprintf(per->start, sizeof per->start, "%04d-01-01", year);
	snprintf(per->end, sizeof per->end, "%04d-12-31", year);
	snprintf(per->as_of, sizeof per->as_of, "%s", as_of ? as_of : per->end);
	if (strcmp(per->as_of, per->end) < 0)
		memcpy(per->end, per->as_of, sizeof per->end);
}

/* How a rule sees a column of record type T. */
static enum facts_ftype
facts_ftype_of(enum record_type t)
{
	switch (t) {
	case RECORD_T_DATE:
		return FT_DATE;
	case RECORD_T_BOOL:
	case RECORD_T_MINUTES:
	case RECORD_T_MEMBER:
	case RECORD_T_POST:
	case RECORD_T_WISH:
		return t == RECORD_T_BOOL ? FT_BOOL : FT_INT;
	case RECORD_T_ORG:
		return FT_REF;
	default:
		return FT_TEXT;
	}
}

/*
 * Complete source D from its record kind: the row's subject (the first
 * key column naming a member or org), its date (the first key date, field
 * 0), and every column the kind marks RECORD_FACT, in the kind's order.
 * A column added to such a kind is then a field rules may filter and
 * aggregate, with no change here.
 */
static void
facts_source_from_kind(struct facts_srcdef *d)
{
	const struct record_kind *k = record_kind(d->kind);
	struct facts_field *f = xcalloc((size_t)record_ncols(k) + 2, sizeof *f);
	int sc = record_key_col(k, RECORD_T_MEMBER), dc = record_key_col(k, RECORD_T_DATE);
	const char *subject, *date = k->cols[dc].field;
	struct sbuf cols;
	int n = 0;

	if (sc < 0)
		sc = record_key_col(k, RECORD_T_ORG);
	subject = k->cols[sc].field;
	f[n++] = (struct facts_field){ k->cols[dc].name, 1, FT_DATE };
	sbuf_init(&cols);
	sbuf_add(&cols, "", 0);
	for (int c = 0; k->cols[c].name != NULL; c++) {
		const struct record_col *col = &k->cols[c];

		if (!(col->flags & RECORD_FACT))
			continue;
		f[n] = (struct facts_field){ col->name, n + 1, facts_ftype_of(col->type) };
		n++;
		sbuf_addf(&cols, ", %s", col->field);
	}
	d->fields = f;
	d->sql = xasprintf("SELECT %s, %s%s FROM %s WHERE %s >= ?1 AND %s < ?2 AND %s <= ?3"
	    " ORDER BY %s, %s, id", subject, date, cols.s, k->table, subject, subject, date,
	    subject, date);
	sbuf_free(&cols);
}

/* The sources read from record kinds, completed once for the process
 * (they live as long as it does). */
static void
facts_sources_init(void)
{
	for (int i = 0; i < SRC_COUNT; i++)
		if (facts_sources[i].kind != NULL)
			facts_source_from_kind(&facts_sources[i]);
}

static pthread_once_t facts_sources_once = PTHREAD_ONCE_INIT;

void
facts_plan_init(struct facts_plan *plan)
{
	pthread_once(&facts_sources_once, facts_sources_init);
	memset(plan, 0, sizeof *plan);
	view_schema_init(&plan->member_schema, "fact");
	view_schema_init(&plan->org_schema, "fact");
}

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

static void
facts_spec_free(struct facts_spec *s)
{
	free(s->name);
	free(s->req);
	free(s->dflt_text);
	facts_filters_free(s->where, s->nwhere);
	facts_filters_free(s->visit, s->nvisit);
}

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

static int
facts_find_field(enum facts_source src, const char *name)
{
	const struct facts_field *f = facts_sources[src].fields;

	for (int i = 0; f[i].name; i++)
		if (strcmp(f[i].name, name) == 0)
			return i;
	return -1;
}

static int
facts_find_source(const char *name)
{
	for (int i = 0; i < SRC_COUNT; i++)
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
		if (s->agg == AGG_ANY)
			view_set_bool(&s->dflt, 0);
		else if (s->agg == AGG_SUM && s->field >= 0 &&
		    facts_sources[s->src].fields[s->field].type == FT_HOURS)
			view_set_num(&s->dflt, 0);
		else if (s->agg == AGG_COUNT || s->agg == AGG_SUM || s->agg == AGG_DISTINCT ||
		    s->agg == AGG_MONTHS || s->agg == AGG_UNVISITED)
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
	if (s->agg == AGG_UNVISITED && s->src != SRC_PAIRING) {
		snprintf(err, n, "unvisited_months counts over \"pairing\"");
		return -1;
	}
	if (s->src == SRC_MEMBERS && s->agg != AGG_COUNT && s->agg != AGG_SUM &&
	    s->agg != AGG_DISTINCT && s->agg != AGG_COLLECT) {
		snprintf(err, n, "member facts of an org are count, sum of score, distinct"
		    " community or collect unreported_reason");
		return -1;
	}
	if (s->agg == AGG_COLLECT && s->src != SRC_MEMBERS) {
		snprintf(err, n, "collect gathers over the members of an org (of = \"member\")");
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
	if (s->agg == AGG_SUM && s->field != 6) {
		snprintf(err, n, "the only sum over members is score");
		return -1;
	}
	if ((s->agg == AGG_DISTINCT && s->field != 7) || (s->agg == AGG_COLLECT && s->field != 8)) {
		snprintf(err, n, "members give distinct = \"community\" and"
		    " collect = \"unreported_reason\"");
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
	int was_org = plan->specs[k].src >= SRC_MEMBER_LEVEL_END;

	if ((s->src >= SRC_MEMBER_LEVEL_END) != was_org) {
		snprintf(err, n, "an override keeps the fact's level (member or org)");
		facts_spec_free(s);
		return -1;
	}
	facts_spec_free(&plan->specs[k]);
	plan->specs[k] = *s;
	return 0;
}

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
	if (s.agg == AGG_UNVISITED) {
		if (lua_getfield(L, idx, "visit") == LUA_TTABLE &&
		    facts_parse_where(L, -1, SRC_ACTIVITY, &s.visit, &s.nvisit, err, n) != 0)
			goto fail;
		lua_pop(L, 1);
	}
	if (s.src == SRC_MEMBERS && facts_check_members(&s, err, n) != 0)
		goto fail_nopop;
	facts_set_default(L, idx, &s);
	s.name = xstrdup(name);
	if (old >= 0)
		return facts_replace(plan, (size_t)old, &s, err, n);
	plan->specs = xrealloc(plan->specs, (plan->n + 1) * sizeof *plan->specs);
	plan->member_slot = xrealloc(plan->member_slot, (plan->n + 1) * sizeof *plan->member_slot);
	plan->member_slot[plan->n] = view_schema_add(s.src >= SRC_MEMBER_LEVEL_END ?
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

/* ---- orgs in memory ---- */

static const char *const facts_org_kinds[ORG_NKINDS] = {
	"province", "city", "county", "street", "community", "unit", "branch"
};

int
facts_org_kind(const char *name)
{
	for (int i = 0; i < ORG_NKINDS; i++)
		if (strcmp(facts_org_kinds[i], name) == 0)
			return i;
	return -1;
}

static void
facts_orgs_alloc(struct facts_orgs *o, size_t n)
{
	o->n = n;
	o->code = xcalloc(n, sizeof *o->code);
	o->name = xcalloc(n, sizeof *o->name);
	o->kind_name = xcalloc(n, sizeof *o->kind_name);
	o->kind = xcalloc(n, sizeof *o->kind);
	o->parent = xcalloc(n, sizeof *o->parent);
	o->community = xcalloc(n, sizeof *o->community);
	o->text = xcalloc(n * 5, sizeof *o->text);
	o->exists = xcalloc(n, 1);
	o->in_scope = xcalloc(n, 1);
}

/* Mark the org SCOPE and everything below it as in scope (all when NULL). */
static int
facts_orgs_scope(struct facts_orgs *o, const char *scope, struct error *e)
{
	long long root = -1;
	int changed = 1;

	if (scope == NULL) {
		memcpy(o->in_scope, o->exists, o->n);
		return 0;
	}
	for (size_t i = 0; i < o->n; i++)
		if (o->exists[i] && strcmp(o->code[i], scope) == 0)
			root = (long long)i;
	if (root < 0)
		return error_set(e, EXIT_USAGE, tr("unknown org '%s'", "组织 '%s' 不存在"), scope);
	o->in_scope[root] = 1;
	/* Parents may have larger ids than children: repeat until stable. */
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < o->n; i++) {
			long long p = o->parent[i];

			if (o->exists[i] && !o->in_scope[i] && p > 0 && o->in_scope[p]) {
				o->in_scope[i] = 1;
				changed = 1;
			}
		}
	}
	return 0;
}

int
facts_orgs_load(struct db *db, const char *scope, struct facts_orgs *o, struct error *e)
{
	sqlite3_stmt *st;
	long long max = db_int(db, "SELECT max(id) FROM org", 0);

	memset(o, 0, sizeof *o);
	facts_orgs_alloc(o, (size_t)max + 1);
	st = db_prepare(db, "SELECT id, code, name, kind, ifnull(parent_id, 0),"
	    " ifnull(community_id, 0), phone, qq_group, secretary, mobile, address FROM org", e);
	if (st == NULL) {
		facts_orgs_free(o);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		if (id <= 0 || id > max)
			continue;
		o->exists[id] = 1;
		o->code[id] = db_col_dup(st, 1);
		o->name[id] = db_col_dup(st, 2);
		o->kind_name[id] = db_col_dup(st, 3);
		o->kind[id] = facts_org_kind(o->kind_name[id]);
		o->parent[id] = sqlite3_column_int64(st, 4);
		o->community[id] = sqlite3_column_int64(st, 5);
		for (int k = 0; k < 5; k++)
			o->text[id * 5 + (size_t)k] = db_col_dup(st, 6 + k);
	}
	sqlite3_finalize(st);
	if (facts_orgs_scope(o, scope, e) != 0) {
		facts_orgs_free(o);
		return -1;
	}
	return 0;
}

void
facts_orgs_free(struct facts_orgs *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->code[i]);
		free(o->name[i]);
		free(o->kind_name[i]);
		for (int k = 0; k < 5; k++)
			free(o->text[i * 5 + (size_t)k]);
	}
	free(o->code);
	free(o->name);
	free(o->kind_name);
	free(o->kind);
	free(o->parent);
	free(o->community);
	free(o->text);
	free(o->exists);
	free(o->in_scope);
	memset(o, 0, sizeof *o);
}

static const char *
facts_org_code(const struct facts_orgs *o, long long id)
{
	if (id <= 0 || (size_t)id >= o->n || !o->exists[id])
		return "";
	return o->code[id];
}

/* ---- the member record ---- */

/* Member fields as rules see them, with their column in the member query.
 * Text is "" when empty; dates are nil when unknown. */
enum { MF_TEXT, MF_DATE, MF_BOOL, MF_UNIT, MF_UNIT_NAME, MF_COMMUNITY, MF_RETIRED,
	MF_UNIT_PATH, MF_COMMUNITY_PATH };
static const struct {
	const char *name;
	int col;
	int type;
} facts_member_fields[] = {
	{ "id", 3, MF_TEXT }, { "name", 4, MF_TEXT }, { "unit", 1, MF_UNIT },
	{ "unit_name", 1, MF_UNIT_NAME }, { "community", 2, MF_COMMUNITY },
	{ "gender", 5, MF_TEXT }, { "ethnicity", 6, MF_TEXT }, { "birth", 7, MF_DATE },
	{ "joined", 8, MF_DATE }, { "education", 9, MF_TEXT },
	{ "membership", 10, MF_TEXT }, { "position", 11, MF_TEXT },
	{ "unit_kind", 12, MF_TEXT }, { "phone", 13, MF_TEXT },
	{ "work_phone", 14, MF_TEXT }, { "address", 15, MF_TEXT },
	{ "specialties", 16, MF_TEXT }, { "interests", 17, MF_TEXT },
	{ "willingness", 18, MF_TEXT }, { "availability", 19, MF_TEXT },
	{ "status", 20, MF_TEXT }, { "status_date", 21, MF_DATE },
	{ "retired", 20, MF_RETIRED }, { "leader", 22, MF_BOOL },
	{ "exempt", 23, MF_BOOL }, { "exempt_reason", 24, MF_TEXT },
	{ "unreported_reason", 25, MF_TEXT }, { "party_group", 26, MF_TEXT },
	{ "team", 27, MF_TEXT }, { "unit_path", 1, MF_UNIT_PATH },
	{ "community_path", 2, MF_COMMUNITY_PATH },
};
#define FACTS_NMEMBER (sizeof facts_member_fields / sizeof facts_member_fields[0])

static const char *facts_member_query =
	"SELECT id, unit_id, ifnull(community_id, 0), code, name, gender, ethnicity,"
	" birth, joined, education, membership, position, unit_kind, phone, work_phone,"
	" address, specialties, interests, willingness, availability, status,"
	" status_date, leader, exempt, exempt_reason, unreported_reason, party_group,"
	" team FROM member WHERE id >= ?1 AND id < ?2 ORDER BY id";

static char *facts_member_names[FACTS_NMEMBER];
static pthread_once_t facts_member_once = PTHREAD_ONCE_INIT;
static struct view_schema facts_member_view_schema;

static void
facts_member_schema_init(void)
{
	for (size_t i = 0; i < FACTS_NMEMBER; i++)
		facts_member_names[i] = (char *)facts_member_fields[i].name;
	facts_member_view_schema.what = (char *)"member";
	facts_member_view_schema.names = facts_member_names;
	facts_member_view_schema.n = FACTS_NMEMBER;
}

const struct view_schema *
facts_member_schema(void)
{
	pthread_once(&facts_member_once, facts_member_schema_init);
	return &facts_member_view_schema;
}

static char *facts_org_names[] = {
	"code", "name", "kind", "parent", "community", "phone", "qq_group", "secretary",
	"mobile", "address",
};
static const struct view_schema facts_org_view_schema = {
	(char *)"org", facts_org_names, sizeof facts_org_names / sizeof facts_org_names[0]
};

const struct view_schema *
facts_org_schema(void)
{
	return &facts_org_view_schema;
}

void
facts_org_fields(const struct facts_orgs *o, long long id, struct view_value *out)
{
	const char *t;

	view_set_str(&out[0], o->code[id]);
	view_set_str(&out[1], o->name[id]);
	view_set_str(&out[2], o->kind_name[id]);
	view_set_str(&out[3], facts_org_code(o, o->parent[id]));
	view_set_str(&out[4], facts_org_code(o, o->community[id]));
	for (int k = 0; k < 5; k++) {
		t = o->text[(size_t)id * 5 + (size_t)k];
		view_set_str(&out[5 + k], t ? t : "");
	}
}

/* ---- per-member accumulation ---- */

struct facts_seen {               /* a value already counted by distinct */
	char *s;
};

struct facts_acc {                /* one fact's running value for one member */
	long long n;                  /* count, sum, months bitmask, unvisited */
	int have;
	char text[128];               /* min/max/latest/earliest of text and dates */
	long long num;
	enum view_type type;
	char **seen;                  /* distinct values */
	size_t nseen, capseen;
};

struct facts_visits {             /* months with a visit, per household */
	char household[128];
	unsigned mask;
};

struct facts_stream {
	sqlite3_stmt *st;
	int has_row;
	long long subject;            /* member or org of the current row */
};

struct facts_cursor {
	struct db db;                 /* borrowed connection */
	const struct facts_plan *plan;
	const struct facts_period *per;
	const struct facts_orgs *orgs;
	sqlite3_stmt *members;
	struct facts_stream src[SRC_COUNT];
	int used[SRC_COUNT];
	int collect_visits;
	struct facts_acc *acc;
	struct facts_visits *visits;
	size_t nvisits, capvisits;
	struct view_value fields[FACTS_NMEMBER];
	struct view_value *facts;
	long long community;          /* current member's residence community */
	long long liaison;            /* current member's unit's liaison community */
	char *path[2];                /* unit_path, community_path of the member */
	size_t path_cap[2];
};

static int
facts_stream_open(struct db *db, struct facts_stream *s, const char *sql,
    long long lo, long long hi, const char *end, struct error *e)
{
	s->st = db_prepare(db, sql, e);
	if (s->st == NULL)
		return -1;
	sqlite3_bind_int64(s->st, 1, lo);
	sqlite3_bind_int64(s->st, 2, hi > 0 ? hi : (long long)1 << 62);
	sqlite3_bind_text(s->st, 3, end, -1, SQLITE_STATIC);
	s->has_row = 1;
	s->subject = -1;
	return 0;
}

/* Move the stream to its next row; remember whose it is. */
static int
facts_stream_step(struct db *db, struct facts_stream *s, struct error *e)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW) {
		s->subject = sqlite3_column_int64(s->st, 0);
		return 0;
	}
	s->has_row = 0;
	s->subject = -1;
	if (rc != SQLITE_DONE)
		return db_fail(db, e, "reading records");
	return 0;
}

struct facts_cursor *
facts_open(struct db *db, const struct facts_plan *plan, const struct facts_period *per,
    const struct facts_orgs *orgs, long long lo, long long hi, struct error *e)
{
	struct facts_cursor *c = xcalloc(1, sizeof *c);

	c->plan = plan;
	c->per = per;
	c->orgs = orgs;
	c->acc = xcalloc(plan->n ? plan->n : 1, sizeof *c->acc);
	c->facts = xcalloc(plan->member_schema.n ? plan->member_schema.n : 1, sizeof *c->facts);
	for (size_t i = 0; i < plan->n; i++) {
		if (plan->specs[i].src < SRC_MEMBER_LEVEL_END)
			c->used[plan->specs[i].src] = 1;
		if (plan->specs[i].agg == AGG_UNVISITED)
			c->collect_visits = c->used[SRC_ACTIVITY] = 1;
	}
	c->db = *db;
	c->members = db_prepare(db, facts_member_query, e);
	if (c->members == NULL)
		goto fail;
	sqlite3_bind_int64(c->members, 1, lo);
	sqlite3_bind_int64(c->members, 2, hi > 0 ? hi : (long long)1 << 62);
	for (int s = 0; s < SRC_MEMBER_LEVEL_END; s++) {
		if (!c->used[s])
			continue;
		if (facts_stream_open(db, &c->src[s], facts_sources[s].sql, lo, hi,
		    per->end, e) != 0 || facts_stream_step(db, &c->src[s], e) != 0)
			goto fail;
	}
	return c;
fail:
	facts_close(c);
	return NULL;
}

static void
facts_acc_reset(struct facts_acc *a)
{
	for (size_t i = 0; i < a->nseen; i++)
		free(a->seen[i]);
	a->nseen = 0;
	a->n = 0;
	a->have = 0;
	a->num = 0;
	a->text[0] = '\0';
}

void
facts_close(struct facts_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->members);
	for (int s = 0; s < SRC_COUNT; s++)
		sqlite3_finalize(c->src[s].st);
	for (size_t i = 0; i < c->plan->n; i++) {
		facts_acc_reset(&c->acc[i]);
		free(c->acc[i].seen);
	}
	free(c->acc);
	free(c->facts);
	free(c->visits);
	free(c->path[0]);
	free(c->path[1]);
	free(c);
}

/* The text a field of the current row compares and aggregates as. */
static const char *
facts_field_text(const struct facts_cursor *c, sqlite3_stmt *st,
    const struct facts_field *f, char *buf, size_t n)
{
	long long id;

	switch (f->type) {
	case FT_REF:
		return facts_org_code(c->orgs, sqlite3_column_int64(st, f->col));
	case FT_INT:
	case FT_HOURS:
		snprintf(buf, n, "%lld", sqlite3_column_int64(st, f->col));
		return buf;
	case FT_BOOL:
		return sqlite3_column_int(st, f->col) ? "true" : "false";
	case FT_RESIDENCE:
	case FT_RESIDENCE_OPEN:
		id = sqlite3_column_int64(st, f->col);
		if (sqlite3_column_type(st, f->col) == SQLITE_NULL)
			return f->type == FT_RESIDENCE_OPEN ? "true" : "false";
		return id == c->community && id > 0 ? "true" : "false";
	case FT_LIAISON:
		id = sqlite3_column_int64(st, f->col);
		return id == c->liaison && id > 0 ? "true" : "false";
	default: {
		const unsigned char *t = sqlite3_column_text(st, f->col);

		return t ? (const char *)t : "";
	}
	}
}

static int
facts_field_bool(const struct facts_cursor *c, sqlite3_stmt *st, const struct facts_field *f)
{
	char buf[32];

	return strcmp(facts_field_text(c, st, f, buf, sizeof buf), "true") == 0;
}

static int
facts_filters_match(const struct facts_cursor *c, sqlite3_stmt *st,
    const struct facts_field *fields, const struct facts_filter *w, size_t nw)
{
	char buf[32];

	for (size_t i = 0; i < nw; i++) {
		const struct facts_field *f = &fields[w[i].field];
		const char *v;
		size_t j;

		if (w[i].vals == NULL) {
			if (facts_field_bool(c, st, f) != w[i].b)
				return 0;
			continue;
		}
		v = facts_field_text(c, st, f, buf, sizeof buf);
		for (j = 0; j < w[i].nvals; j++)
			if (strcmp(v, w[i].vals[j]) == 0)
				break;
		if (j == w[i].nvals)
			return 0;
	}
	return 1;
}

/* Is the row inside the fact's window?  Pairings overlap it; other rows
 * have their date (or the date named by "on") inside it. */
static int
facts_in_window(const struct facts_cursor *c, sqlite3_stmt *st, const struct facts_spec *s)
{
	const struct facts_srcdef *d = &facts_sources[s->src];
	const unsigned char *date;

	if (d->end_col >= 0) {
		const unsigned char *end = sqlite3_column_text(st, d->end_col);

		return s->through || end == NULL || strcmp((const char *)end, c->per->start) >= 0;
	}
	date = sqlite3_column_text(st, d->fields[s->on].col);
	if (date == NULL || strcmp((const char *)date, c->per->end) > 0)
		return 0;
	return s->through || strcmp((const char *)date, c->per->start) >= 0;
}

static unsigned
facts_month_bit(const char *iso)
{
	int m = date_month(iso);

	return m >= 1 && m <= 12 ? 1u << (m - 1) : 0;
}

/* Months of the period a span start..end (end NULL: open) covers. */
static unsigned
facts_span_months(const struct facts_period *per, const char *start, const char *end)
{
	const char *from = strcmp(start, per->start) > 0 ? start : per->start;
	const char *to = end == NULL || strcmp(end, per->end) > 0 ? per->end : end;
	int a, b;
	unsigned mask = 0;

	if (strcmp(from, to) > 0)
		return 0;
	a = date_month(from);
	b = date_month(to);
	for (int m = a; m >= 1 && m <= b; m++)
		mask |= 1u << (m - 1);
	return mask;
}

static void
facts_acc_distinct(struct facts_acc *a, const char *v)
{
	for (size_t i = 0; i < a->nseen; i++)
		if (strcmp(a->seen[i], v) == 0)
			return;
	if (a->nseen == a->capseen) {
		a->capseen = a->capseen ? a->capseen * 2 : 8;
		a->seen = xrealloc(a->seen, a->capseen * sizeof *a->seen);
	}
	a->seen[a->nseen++] = xstrdup(v);
}

/* Keep v if it beats what the accumulator holds (min, max, latest...). */
static void
facts_acc_pick(struct facts_acc *a, const struct facts_field *f, sqlite3_stmt *st,
    const char *v, enum facts_agg agg)
{
	int better;

	if (agg == AGG_LATEST)
		better = 1;                      /* rows come in date order */
	else if (agg == AGG_EARLIEST)
		better = !a->have;
	else if (f->type == FT_INT || f->type == FT_HOURS) {
		long long x = sqlite3_column_int64(st, f->col);

		better = !a->have || (agg == AGG_MIN ? x < a->num : x > a->num);
		if (better)
			a->num = x;
	} else {
		if (f->type == FT_DATE && sqlite3_column_type(st, f->col) == SQLITE_NULL)
			return;
		better = !a->have || (agg == AGG_MIN ? strcmp(v, a->text) < 0 :
		    strcmp(v, a->text) > 0);
	}
	if (!better)
		return;
	a->have = 1;
	if (f->type == FT_INT || f->type == FT_HOURS)
		a->num = sqlite3_column_int64(st, f->col);
	snprintf(a->text, sizeof a->text, "%s", v);
	a->type = f->type == FT_DATE && sqlite3_column_type(st, f->col) == SQLITE_NULL ?
	    VIEW_NIL : VIEW_STR;
}

static void
facts_acc_row(struct facts_cursor *c, const struct facts_spec *s, struct facts_acc *a,
    sqlite3_stmt *st)
{
	const struct facts_field *fields = facts_sources[s->src].fields;
	const struct facts_field *f = s->field >= 0 ? &fields[s->field] : NULL;
	char buf[32];
	const char *v;

	switch (s->agg) {
	case AGG_COUNT:
	case AGG_ANY:
		a->n++;
		break;
	case AGG_SUM:
		a->n += sqlite3_column_int64(st, f->col);
		break;
	case AGG_MONTHS:
		if (s->on >= 0)
			a->n |= facts_month_bit((const char *)sqlite3_column_text(st,
			    fields[s->on].col));
		break;
	case AGG_DISTINCT:
		facts_acc_distinct(a, facts_field_text(c, st, f, buf, sizeof buf));
		break;
	case AGG_UNVISITED: {
		const char *hh = (const char *)sqlite3_column_text(st, 3);
		unsigned want = facts_span_months(c->per,
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2)), seen = 0;

		for (size_t i = 0; hh && i < c->nvisits; i++)
			if (strcmp(c->visits[i].household, hh) == 0)
				seen = c->visits[i].mask;
		a->n += __builtin_popcount(want & ~seen);
		break;
	}
	default:
		v = facts_field_text(c, st, f, buf, sizeof buf);
		facts_acc_pick(a, f, st, v, s->agg);
		break;
	}
}

/* Remember the months in which the member visited each household. */
static void
facts_note_visit(struct facts_cursor *c, sqlite3_stmt *st, const struct facts_spec *s)
{
	const unsigned char *hh = sqlite3_column_text(st, 8);
	const char *date = (const char *)sqlite3_column_text(st, 1);
	size_t i;

	if (hh == NULL || strcmp(date, c->per->start) < 0 ||
	    !facts_filters_match(c, st, facts_activity_fields, s->visit, s->nvisit))
		return;
	for (i = 0; i < c->nvisits; i++)
		if (strcmp(c->visits[i].household, (const char *)hh) == 0)
			break;
	if (i == c->nvisits) {
		if (c->nvisits == c->capvisits) {
			c->capvisits = c->capvisits ? c->capvisits * 2 : 8;
			c->visits = xrealloc(c->visits, c->capvisits * sizeof *c->visits);
		}
		snprintf(c->visits[i].household, sizeof c->visits[i].household, "%s", hh);
		c->visits[i].mask = 0;
		c->nvisits++;
	}
	c->visits[i].mask |= facts_month_bit(date);
}

/* Consume every row of source s that belongs to member id. */
static int
facts_consume(struct facts_cursor *c, int s, long long id, int wanted, struct error *e)
{
	struct facts_stream *fs = &c->src[s];

	while (fs->has_row && fs->subject < id)
		if (facts_stream_step(&c->db, fs, e) != 0)
			return -1;
	while (fs->has_row && fs->subject == id) {
		for (size_t i = 0; wanted && i < c->plan->n; i++) {
			const struct facts_spec *sp = &c->plan->specs[i];

			if (s == SRC_ACTIVITY && c->collect_visits && sp->agg == AGG_UNVISITED)
				facts_note_visit(c, fs->st, sp);
			if ((int)sp->src != s || !facts_in_window(c, fs->st, sp) ||
			    !facts_filters_match(c, fs->st, facts_sources[s].fields, sp->where,
			    sp->nwhere))
				continue;
			facts_acc_row(c, sp, &c->acc[i], fs->st);
		}
		if (facts_stream_step(&c->db, fs, e) != 0)
			return -1;
	}
	return 0;
}

/* Turn an accumulator into the value a rule reads. */
static void
facts_acc_value(const struct facts_spec *s, struct facts_acc *a, struct view_value *out)
{
	const struct facts_field *f = s->field >= 0 ? &facts_sources[s->src].fields[s->field] : NULL;

	switch (s->agg) {
	case AGG_COUNT:
	case AGG_UNVISITED:
		view_set_int(out, a->n);
		return;
	case AGG_ANY:
		view_set_bool(out, a->n > 0);
		return;
	case AGG_MONTHS:
		view_set_int(out, __builtin_popcountll((unsigned long long)a->n));
		return;
	case AGG_DISTINCT:
		view_set_int(out, (long long)a->nseen);
		return;
	case AGG_SUM:
		if (f->type == FT_HOURS)
			view_set_num(out, (double)a->n / 60.0);
		else
			view_set_int(out, a->n);
		return;
	default:
		break;
	}
	if (!a->have || a->type == VIEW_NIL)
		*out = s->dflt;
	else if (f->type == FT_INT)
		view_set_int(out, a->num);
	else if (f->type == FT_HOURS)
		view_set_num(out, (double)a->num / 60.0);
	else if (f->type == FT_BOOL || f->type == FT_RESIDENCE || f->type == FT_RESIDENCE_OPEN ||
	    f->type == FT_LIAISON)
		view_set_bool(out, strcmp(a->text, "true") == 0);
	else
		view_set_str(out, a->text);
}

/* The names of org id and of every org above it, from the top down,
 * separated by '/' ("" when id is no org), written to *buf, which grows
 * as needed and belongs to the cursor: member rules read it to tell where
 * a unit or a community lies (a branch under an exempt unit, a community
 * outside the city). */
static const char *
facts_org_path(const struct facts_orgs *o, long long id, char **buf, size_t *cap)
{
	size_t len = 0, depth = 0, pos;
	long long p;

	for (p = id; facts_org_code(o, p)[0] != '\0' && depth < o->n; p = o->parent[p]) {
		len += strlen(o->name[p]) + 1;
		depth++;
	}
	if (depth == 0)
		return "";
	if (len > *cap) {
		free(*buf);
		*buf = xmalloc(len);
		*cap = len;
	}
	pos = len - 1;
	(*buf)[pos] = '\0';
	for (p = id; depth-- > 0; p = o->parent[p]) {
		size_t n = strlen(o->name[p]);

		pos -= n;
		memcpy(*buf + pos, o->name[p], n);
		if (pos > 0)
			(*buf)[--pos] = '/';
	}
	return *buf;
}

/* The community the unit or branch id is linked to, else the one of the
 * first org above it that has one: a branch's designated community, a
 * unit's paired one (单位联系社区); 0 when none. */
static long long
facts_org_liaison(const struct facts_orgs *o, long long id)
{
	for (size_t depth = 0; facts_org_code(o, id)[0] != '\0' && depth < o->n; depth++) {
		if (o->community[id] > 0)
			return o->community[id];
		id = o->parent[id];
	}
	return 0;
}

static void
facts_member_record(struct facts_cursor *c, struct facts_member *m)
{
	sqlite3_stmt *st = c->members;
	const struct facts_orgs *o = c->orgs;

	m->id = sqlite3_column_int64(st, 0);
	m->unit_id = sqlite3_column_int64(st, 1);
	m->community_id = sqlite3_column_int64(st, 2);
	m->code = (const char *)sqlite3_column_text(st, 3);
	c->community = m->community_id;
	c->liaison = facts_org_liaison(o, m->unit_id);
	for (size_t i = 0; i < FACTS_NMEMBER; i++) {
		struct view_value *v = &c->fields[i];
		int col = facts_member_fields[i].col;
		const char *t = (const char *)sqlite3_column_text(st, col);

		switch (facts_member_fields[i].type) {
		case MF_UNIT:
			view_set_str(v, facts_org_code(o, m->unit_id));
			break;
		case MF_UNIT_NAME:
			view_set_str(v, facts_org_code(o, m->unit_id)[0] ? o->name[m->unit_id] : "");
			break;
		case MF_COMMUNITY:
			view_set_str(v, facts_org_code(o, m->community_id));
			break;
		case MF_UNIT_PATH:
			view_set_str(v, facts_org_path(o, m->unit_id, &c->path[0], &c->path_cap[0]));
			break;
		case MF_COMMUNITY_PATH:
			view_set_str(v, facts_org_path(o, m->community_id, &c->path[1],
			    &c->path_cap[1]));
			break;
		case MF_BOOL:
			view_set_bool(v, sqlite3_column_int(st, col));
			break;
		case MF_RETIRED:
			view_set_bool(v, t && strcmp(t, "retired") == 0);
			break;
		case MF_DATE:
			view_set_str(v, t);
			break;
		default:
			view_set_str(v, t ? t : "");
			break;
		}
	}
	m->fields = c->fields;
}

static int
facts_in_scope(const struct facts_orgs *o, long long unit, long long community)
{
	return (unit > 0 && (size_t)unit < o->n && o->in_scope[unit]) ||
	    (community > 0 && (size_t)community < o->n && o->in_scope[community]);
}

int
facts_next(struct facts_cursor *c, struct facts_member *m, struct error *e)
{
	for (;;) {
		int rc = sqlite3_step(c->members), in;

		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW)
			return db_fail(&c->db, e, "reading members");
		in = facts_in_scope(c->orgs, sqlite3_column_int64(c->members, 1),
		    sqlite3_column_int64(c->members, 2));
		facts_member_record(c, m);
		c->nvisits = 0;
		for (size_t i = 0; i < c->plan->n; i++)
			facts_acc_reset(&c->acc[i]);
		/* Activities come first: visits feed the pairing facts. */
		for (int s = 0; s < SRC_MEMBER_LEVEL_END; s++)
			if (c->used[s] && facts_consume(c, s, m->id, in, e) != 0)
				return -1;
		if (!in)
			continue;
		for (size_t i = 0; i < c->plan->n; i++)
			if (c->plan->specs[i].src < SRC_MEMBER_LEVEL_END)
				facts_acc_value(&c->plan->specs[i], &c->acc[i],
				    &c->facts[c->plan->member_slot[i]]);
		m->facts = c->facts;
		return 1;
	}
}

/* ---- org phase ---- */

struct facts_tally *
facts_tally_new(size_t nreqs, size_t ngrades, size_t nspecs)
{
	struct facts_tally *t = xcalloc(1, sizeof *t);

	t->bags = xcalloc(nspecs ? nspecs : 1, sizeof *t->bags);
	t->nbags = nspecs;
	t->pass = xcalloc(nreqs ? nreqs : 1, sizeof *t->pass);
	t->fail = xcalloc(nreqs ? nreqs : 1, sizeof *t->fail);
	t->na = xcalloc(nreqs ? nreqs : 1, sizeof *t->na);
	t->grade = xcalloc(ngrades ? ngrades : 1, sizeof *t->grade);
	return t;
}

void
facts_tally_free(struct facts_tally *t)
{
	if (t == NULL)
		return;
	free(t->pass);
	free(t->fail);
	free(t->na);
	free(t->grade);
	for (size_t i = 0; i < t->nbags; i++) {
		for (size_t j = 0; j < t->bags[i].n; j++)
			free(t->bags[i].val[j]);
		free(t->bags[i].val);
		free(t->bags[i].count);
	}
	free(t->bags);
	free(t);
}

static void
facts_bag_add(struct facts_bag *b, const char *v)
{
	size_t i;

	for (i = 0; i < b->n && strcmp(b->val[i], v) != 0; i++)
		;
	if (i == b->n) {
		if (b->n == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 8;
			b->val = xrealloc(b->val, b->cap * sizeof *b->val);
			b->count = xrealloc(b->count, b->cap * sizeof *b->count);
		}
		b->val[b->n] = xstrdup(v);
		b->count[b->n++] = 0;
	}
	b->count[i]++;
}

static long facts_index_of(char *const *names, size_t n, const char *name);

/* Does the member meet the one filter of a member fact? */
static int
facts_member_matches(const struct facts_spec *s, const struct facts_member_sum *m)
{
	const struct facts_filter *w = s->nwhere ? &s->where[0] : NULL;
	char buf[8];

	if (w == NULL)
		return 1;
	if (w->field <= 2) {
		long r = facts_index_of(m->reqs, m->nreqs, s->req);

		return r >= 0 && m->status[r] == "pfn"[w->field];
	}
	if (w->field == 4)
		return m->award >= 0 && (m->award != 0) == w->b;
	if (w->field == 3 || w->field == 5) {
		snprintf(buf, sizeof buf, "%d", m->stars);
		for (size_t j = 0; j < w->nvals; j++)
			if (util_streq(w->field == 3 ? m->grade : buf, w->vals[j]))
				return 1;
	}
	return 0;
}

void
facts_tally_bags(const struct facts_plan *plan, struct facts_tally *t,
    const struct facts_member_sum *m)
{
	for (size_t i = 0; i < plan->n && i < t->nbags; i++) {
		const struct facts_spec *s = &plan->specs[i];
		const char *v;

		if (s->src != SRC_MEMBERS || (s->agg != AGG_DISTINCT && s->agg != AGG_COLLECT) ||
		    !facts_member_matches(s, m))
			continue;
		v = s->agg == AGG_DISTINCT ? m->community : m->reason;
		if (!util_empty(v))
			facts_bag_add(&t->bags[i], v);
	}
}

struct facts_org_cursor {
	struct db db;
	const struct facts_plan *plan;
	const struct facts_period *per;
	struct facts_stream ev;
	struct facts_cursor fake;     /* for the shared row helpers */
	struct facts_acc *acc;
	char **text;                  /* collect facts of the current org */
};

struct facts_org_cursor *
facts_org_open(struct db *db, const struct facts_plan *plan, const struct facts_period *per,
    struct error *e)
{
	struct facts_org_cursor *c = xcalloc(1, sizeof *c);

	c->db = *db;
	c->plan = plan;
	c->per = per;
	c->fake.plan = plan;
	c->fake.per = per;
	c->acc = xcalloc(plan->n ? plan->n : 1, sizeof *c->acc);
	c->text = xcalloc(plan->n ? plan->n : 1, sizeof *c->text);
	if (facts_stream_open(db, &c->ev, facts_sources[SRC_ORG_EVENT].sql, 0, 0, per->end, e) != 0 ||
	    facts_stream_step(db, &c->ev, e) != 0) {
		facts_org_close(c);
		return NULL;
	}
	return c;
}

void
facts_org_close(struct facts_org_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->ev.st);
	for (size_t i = 0; i < c->plan->n; i++) {
		facts_acc_reset(&c->acc[i]);
		free(c->acc[i].seen);
		free(c->text[i]);
	}
	free(c->acc);
	free(c->text);
	free(c);
}

/* Does entry i of the bag come before entry j: more often, then by text? */
static int
facts_bag_before(const struct facts_bag *bag, size_t i, size_t j)
{
	if (bag->count[i] != bag->count[j])
		return bag->count[i] > bag->count[j];
	return strcmp(bag->val[i], bag->val[j]) < 0;
}

/* A bag as text, most frequent first: "出差（2）、生病（1）". */
static char *
facts_bag_text(const struct facts_bag *bag)
{
	size_t *order = xcalloc(bag->n + 1, sizeof *order);
	struct sbuf b;

	/* Insertion sort: a unit has a handful of distinct reasons. */
	for (size_t i = 0; i < bag->n; i++) {
		size_t k = i;

		while (k > 0 && facts_bag_before(bag, i, order[k - 1])) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
	sbuf_init(&b);
	for (size_t i = 0; i < bag->n; i++)
		sbuf_addf(&b, "%s%s（%ld）", i ? "、" : "", bag->val[order[i]],
		    bag->count[order[i]]);
	free(order);
	return sbuf_detach(&b);
}

static long
facts_index_of(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (long)i;
	return -1;
}

/* A member-source fact of an org, from its tally. */
static int
facts_member_count(const struct facts_spec *s, const struct facts_tally *t,
    char *const *reqs, size_t nreqs, char *const *grades, size_t ngrades,
    struct view_value *out, struct error *e)
{
	const struct facts_filter *w = s->nwhere ? &s->where[0] : NULL;
	long long n = 0;
	long r;

	if (s->agg == AGG_SUM) {
		view_set_num(out, t->score);
		return 0;
	}
	if (w == NULL)
		n = t->members;
	else if (w->field <= 2) {
		r = facts_index_of(reqs, nreqs, s->req);
		if (r < 0)
			return error_set(e, EXIT_USAGE, "fact '%s': no member requirement '%s'",
			    s->name, s->req);
		n = w->field == 0 ? t->pass[r] : w->field == 1 ? t->fail[r] : t->na[r];
	} else if (w->field == 3) {
		for (size_t j = 0; j < w->nvals; j++) {
			r = facts_index_of(grades, ngrades, w->vals[j]);
			if (r < 0)
				return error_set(e, EXIT_USAGE, "fact '%s': no grade '%s'",
				    s->name, w->vals[j]);
			n += t->grade[r];
		}
	} else if (w->field == 4) {
		n = w->b ? t->award : t->members - t->award;
	} else if (w->field == 5) {
		for (size_t j = 0; j < w->nvals; j++) {
			int k = atoi(w->vals[j]);

			if (k >= 0 && k <= 5)
				n += t->stars[k];
		}
	}
	view_set_int(out, n);
	return 0;
}

int
facts_org(struct facts_org_cursor *c, long long id, const struct facts_tally *t,
    char *const *reqs, size_t nreqs, char *const *grades, size_t ngrades,
    struct view_value *out, struct error *e)
{
	static const struct facts_tally none;

	for (size_t i = 0; i < c->plan->n; i++)
		facts_acc_reset(&c->acc[i]);
	while (c->ev.has_row && c->ev.subject < id)
		if (facts_stream_step(&c->db, &c->ev, e) != 0)
			return -1;
	while (c->ev.has_row && c->ev.subject == id) {
		for (size_t i = 0; i < c->plan->n; i++) {
			const struct facts_spec *sp = &c->plan->specs[i];

			if (sp->src == SRC_ORG_EVENT && facts_in_window(&c->fake, c->ev.st, sp) &&
			    facts_filters_match(&c->fake, c->ev.st, facts_sources[SRC_ORG_EVENT].fields,
			    sp->where, sp->nwhere))
				facts_acc_row(&c->fake, sp, &c->acc[i], c->ev.st);
		}
		if (facts_stream_step(&c->db, &c->ev, e) != 0)
			return -1;
	}
	for (size_t i = 0; i < c->plan->n; i++) {
		const struct facts_spec *sp = &c->plan->specs[i];
		struct view_value *v = &out[c->plan->member_slot[i]];

		if (sp->src == SRC_ORG_EVENT)
			facts_acc_value(sp, &c->acc[i], v);
		else if (sp->src == SRC_MEMBERS && (sp->agg == AGG_DISTINCT ||
		    sp->agg == AGG_COLLECT)) {
			const struct facts_bag *bag = t && i < t->nbags ? &t->bags[i] : NULL;

			free(c->text[i]);
			c->text[i] = NULL;
			if (sp->agg == AGG_DISTINCT) {
				view_set_int(v, bag ? (long long)bag->n : 0);
			} else {
				c->text[i] = bag ? facts_bag_text(bag) : xstrdup("");
				view_set_str(v, c->text[i]);
			}
		} else if (sp->src == SRC_MEMBERS && facts_member_count(sp, t ? t : &none, reqs,
		    nreqs, grades, ngrades, v, e) != 0)
			return -1;
	}
	return 0;
}

/* ---- records one at a time ---- */

/* How one kind of record is read: its fields (the query's columns, in
 * order), the columns that hold a number of minutes (seen as hours), a
 * count or a flag, how a record is named in messages, and which columns
 * hold the unit and community codes a --org scope is matched against. */
struct facts_recdef {
	struct view_schema schema;    /* what, names, n */
	const char *sql;
	int hours_col, int_cols[2], bool_col;   /* -1: none */
	int name_cols[3];             /* columns naming the record */
	int unit_col, community_col;
};

static char *facts_activity_rec_names[] = {
	"member", "member_name", "unit", "unit_name", "date", "kind", "hours", "community",
	"content", "place", "rating", "verifier", "complete", "participants",
};
static char *facts_claim_rec_names[] = {
	"member", "member_name", "post", "post_name", "community", "date", "unit",
};
static char *facts_pairing_rec_names[] = {
	"member", "member_name", "unit", "unit_name", "household", "household_kind",
	"household_ethnicity", "start", "end", "visits", "visit_months", "community",
};
static char *facts_ledger_rec_names[] = {
	"member", "member_name", "unit", "unit_name", "date", "points", "reason", "balance",
	"community",
};
static char *facts_wish_rec_names[] = {
	"wish", "community", "resident", "content", "ordered", "dispatched", "dispatcher",
	"taker", "taker_name", "taken", "done", "rating", "state",
};

static const struct facts_recdef facts_recdefs[] = {
	[FACTS_REC_ACTIVITY] = { { (char *)"activity", facts_activity_rec_names, 14 },
	    "SELECT m.code, m.name, u.code, u.name, a.date, a.kind, a.minutes, c.code,"
	    " a.content, a.place, a.rating, a.verifier, a.complete, a.participants"
	    " FROM activity a JOIN member m ON m.id = a.member_id JOIN org u ON u.id = m.unit_id"
	    " LEFT JOIN org c ON c.id = a.community_id"
	    " WHERE ?1 IS NULL OR a.date BETWEEN ?1 AND ?2 ORDER BY a.member_id, a.date, a.id",
	    6, { -1, -1 }, 12, { 0, 4, 5 }, 2, 7 },
	[FACTS_REC_CLAIM] = { { (char *)"claim", facts_claim_rec_names, 7 },
	    "SELECT m.code, m.name, p.code, p.name, c.code, k.date, u.code FROM claim k"
	    " JOIN member m ON m.id = k.member_id JOIN org u ON u.id = m.unit_id"
	    " JOIN post p ON p.id = k.post_id"
	    " LEFT JOIN org c ON c.id = p.community_id"
	    " WHERE ?1 IS NULL OR k.date BETWEEN ?1 AND ?2 ORDER BY k.member_id, k.date, k.id",
	    -1, { -1, -1 }, -1, { 0, 5, 2 }, 6, 4 },
	[FACTS_REC_PAIRING] = { { (char *)"pairing", facts_pairing_rec_names, 12 },
	    "SELECT m.code, m.name, u.code, u.name, p.household, p.household_kind,"
	    " p.household_ethnicity, p.start_date, p.end_date,"
	    " (SELECT count(*) FROM activity v WHERE v.member_id = p.member_id"
	    "  AND v.household = p.household AND v.date >= p.start_date"
	    "  AND (p.end_date IS NULL OR v.date <= p.end_date)"
	    "  AND (?1 IS NULL OR v.date BETWEEN ?1 AND ?2)),"
	    " (SELECT group_concat(DISTINCT substr(v.date, 1, 7)) FROM activity v"
	    "  WHERE v.member_id = p.member_id AND v.household = p.household"
	    "  AND v.date >= p.start_date AND (p.end_date IS NULL OR v.date <= p.end_date)"
	    "  AND (?1 IS NULL OR v.date BETWEEN ?1 AND ?2)),"
	    " c.code FROM pairing p JOIN member m ON m.id = p.member_id"
	    " JOIN org u ON u.id = m.unit_id LEFT JOIN org c ON c.id = m.community_id"
	    " WHERE ?1 IS NULL OR (p.start_date <= ?2"
	    "  AND (p.end_date IS NULL OR p.end_date >= ?1))"
	    " ORDER BY p.member_id, p.start_date, p.id",
	    -1, { 9, -1 }, -1, { 0, 4, 7 }, 2, 11 },
	[FACTS_REC_LEDGER] = { { (char *)"ledger", facts_ledger_rec_names, 9 },
	    "SELECT m.code, m.name, u.code, u.name, l.date, l.points, l.reason, l.balance,"
	    " c.code FROM (SELECT *, sum(points) OVER (PARTITION BY member_id ORDER BY date, id)"
	    "  AS balance FROM ledger) l"
	    " JOIN member m ON m.id = l.member_id JOIN org u ON u.id = m.unit_id"
	    " LEFT JOIN org c ON c.id = m.community_id"
	    " WHERE ?1 IS NULL OR l.date BETWEEN ?1 AND ?2 ORDER BY l.member_id, l.date, l.id",
	    -1, { 5, 7 }, -1, { 0, 4, 6 }, 2, 8 },
	[FACTS_REC_WISH] = { { (char *)"wish", facts_wish_rec_names, 13 },
	    "SELECT w.code, c.code, w.resident, w.content, s1.date, s2.date, b.code, t.code,"
	    " t.name, s3.date, s4.date, s5.rating,"
	    " (SELECT state FROM wish_state WHERE wish_id = w.id"
	    "  AND (?2 IS NULL OR date <= ?2) ORDER BY step DESC LIMIT 1)"
	    " FROM wish w JOIN org c ON c.id = w.community_id"
	    " JOIN wish_state s1 ON s1.wish_id = w.id AND s1.step = 1"
	    " LEFT JOIN wish_state s2 ON s2.wish_id = w.id AND s2.step = 2"
	    "  AND (?2 IS NULL OR s2.date <= ?2)"
	    " LEFT JOIN org b ON b.id = s2.branch_id"
	    " LEFT JOIN wish_state s3 ON s3.wish_id = w.id AND s3.step = 3"
	    "  AND (?2 IS NULL OR s3.date <= ?2)"
	    " LEFT JOIN member t ON t.id = s3.member_id"
	    " LEFT JOIN wish_state s4 ON s4.wish_id = w.id AND s4.step = 4"
	    "  AND (?2 IS NULL OR s4.date <= ?2)"
	    " LEFT JOIN wish_state s5 ON s5.wish_id = w.id AND s5.step = 5"
	    "  AND (?2 IS NULL OR s5.date <= ?2)"
	    " WHERE ?1 IS NULL OR s1.date BETWEEN ?1 AND ?2 ORDER BY w.code",
	    -1, { -1, -1 }, -1, { 0, 12, 1 }, 6, 1 },
};

const struct view_schema *
facts_record_schema(enum facts_record kind)
{
	return &facts_recdefs[kind].schema;
}

sqlite3_stmt *
facts_record_open(struct db *db, enum facts_record kind, const struct facts_period *per,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, facts_recdefs[kind].sql, e);

	if (st != NULL && per != NULL) {
		sqlite3_bind_text(st, 1, per->start, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, per->end, -1, SQLITE_TRANSIENT);
	}
	return st;
}

char *
facts_record_values(sqlite3_stmt *st, enum facts_record kind, struct view_value *val)
{
	const struct facts_recdef *d = &facts_recdefs[kind];
	const int *nc = d->name_cols;

	for (size_t i = 0; i < d->schema.n; i++) {
		const char *t = (const char *)sqlite3_column_text(st, (int)i);

		view_set_str(&val[i], t ? t : "");
	}
	if (d->hours_col >= 0)
		view_set_num(&val[d->hours_col], sqlite3_column_int(st, d->hours_col) / 60.0);
	for (int i = 0; i < 2; i++)
		if (d->int_cols[i] >= 0)
			view_set_int(&val[d->int_cols[i]], sqlite3_column_int64(st, d->int_cols[i]));
	if (d->bool_col >= 0)
		view_set_bool(&val[d->bool_col], sqlite3_column_int(st, d->bool_col));
	return xasprintf("%s %s %s %s", d->schema.what, sqlite3_column_text(st, nc[0]),
	    sqlite3_column_text(st, nc[1]), sqlite3_column_text(st, nc[2]));
}

int
facts_record_in_scope(sqlite3_stmt *st, enum facts_record kind, const char *org)
{
	const struct facts_recdef *d = &facts_recdefs[kind];

	return org == NULL ||
	    util_streq((const char *)sqlite3_column_text(st, d->unit_col), org) ||
	    util_streq((const char *)sqlite3_column_text(st, d->community_col), org);
}
