/*
 * facts_tally.c - the org phase's arithmetic: what the members under an
 * org add up to (passes, fails and n/a per requirement, grades, stars,
 * awards, score) and the bags of values distinct and collect facts
 * gather, read back as the member facts of the org.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "facts_int.h"

/* The counts after a tally's header: pass, fail and na of each
 * requirement, then one a grade band (at least one of each). */
static size_t
facts_tally_ncounts(size_t nreqs, size_t ngrades)
{
	return 3 * (nreqs ? nreqs : 1) + (ngrades ? ngrades : 1);
}

/* An empty tally with a slot per requirement, grade band and fact. */
struct facts_tally *
facts_tally_new(size_t nreqs, size_t ngrades, size_t nspecs)
{
	/* The counts in the tally's own block: each member adds to the
	 * tallies of its orgs, which lie anywhere in memory, and one block
	 * is fewer cache misses than five. */
	size_t nr = nreqs ? nreqs : 1;
	struct facts_tally *t = xcalloc(1, sizeof *t +
	    facts_tally_ncounts(nreqs, ngrades) * sizeof(long));
	long *counts = (long *)(t + 1);

	/* The bags come with the first value (facts_tally_bags): most orgs of
	 * a province never hold one, and a million members have 80 000. */
	t->nbags = nspecs;
	t->pass = counts;
	t->fail = counts + nr;
	t->na = counts + 2 * nr;
	t->grade = counts + 3 * nr;
	return t;
}

/* Release T, its counts and its bags. */
void
facts_tally_free(struct facts_tally *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; t->bags && i < t->nbags; i++) {
		struct facts_bag *b = t->bags[i];

		if (b == NULL)
			continue;
		for (size_t j = 0; b->val && j < b->n; j++)
			free(b->val[j]);
		free(b->val);
		free(b->count);
		free(b->set);
		free(b);
	}
	free(t->bags);
	free(t);
}

/* The slot of org id V in SET (CAP slots, a power of two): where it is,
 * or the empty slot where it goes.  The multiplier spreads the ids of a
 * subtree, which are consecutive, over the whole table. */
static size_t
facts_bag_slot(const unsigned *set, size_t cap, unsigned v)
{
	size_t i = (size_t)(((unsigned long long)v * 0x9E3779B97F4A7C15ull) >> 32) & (cap - 1);

	while (set[i] != 0 && set[i] != v)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Put org id V in the distinct set of B unless it is there.  The set
 * holds ids, not codes: four bytes a slot, since the sets of a million
 * members' orgs hold 1.3 million values; it stays at most three
 * quarters full, so probes stay short. */
static void
facts_bag_distinct(struct facts_bag *b, unsigned v)
{
	size_t i;

	if (4 * (b->n + 1) > 3 * b->setcap) {
		size_t cap = b->setcap ? 2 * b->setcap : 8;
		unsigned *set = xcalloc(cap, sizeof *set);

		for (size_t j = 0; j < b->setcap; j++)
			if (b->set[j] != 0)
				set[facts_bag_slot(set, cap, b->set[j])] = b->set[j];
		free(b->set);
		b->set = set;
		b->setcap = cap;
	}
	i = facts_bag_slot(b->set, b->setcap, v);
	if (b->set[i] == 0) {
		b->set[i] = v;
		b->n++;
	}
}

/* Count N more V in the collect bag (a copy is kept). */
static void
facts_bag_add(struct facts_bag *b, const char *v, long n)
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
	b->count[i] += n;
}

/* The index of NAME among the N names, or -1. */
static long
facts_index_of(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (long)i;
	return -1;
}

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

/* Bag I of T, made when it is first needed. */
static struct facts_bag *
facts_tally_bag(struct facts_tally *t, size_t i)
{
	if (t->bags == NULL)
		t->bags = xcalloc(t->nbags, sizeof *t->bags);
	if (t->bags[i] == NULL)
		t->bags[i] = xcalloc(1, sizeof *t->bags[i]);
	return t->bags[i];
}

/* Put member M's community and reason in the bags of the facts it meets. */
void
facts_tally_bags(const struct facts_plan *plan, struct facts_tally *t,
    const struct facts_member_sum *m)
{
	for (size_t i = 0; i < plan->n && i < t->nbags; i++) {
		const struct facts_spec *s = &plan->specs[i];
		unsigned id = s->field == 9 ? m->reported : m->community;

		if (s->src != FACTS_SRC_MEMBERS ||
		    (s->agg != FACTS_AGG_DISTINCT && s->agg != FACTS_AGG_COLLECT) ||
		    !facts_member_matches(s, m))
			continue;
		if (s->agg == FACTS_AGG_COLLECT ? util_empty(m->reason) : id == 0)
			continue;
		if (s->agg == FACTS_AGG_DISTINCT)
			facts_bag_distinct(facts_tally_bag(t, i), id);
		else
			facts_bag_add(facts_tally_bag(t, i), m->reason, 1);
	}
}

/* Add what member M brings to the counts of T. */
static void
facts_tally_count(struct facts_tally *t, const struct facts_member_sum *m)
{
	t->members++;
	for (size_t k = 0; k < m->nreqs; k++) {
		t->pass[k] += m->status[k] == 'p';
		t->fail[k] += m->status[k] == 'f';
		t->na[k] += m->status[k] == 'n';
	}
	if (m->band >= 0)
		t->grade[m->band]++;
	if (m->stars >= 0 && m->stars <= 5)
		t->stars[m->stars]++;
	t->award += m->award == 1;
	if (m->has_score)
		t->score += m->score;
}

/* Add tally SRC to DST, counts and bags; the two have NCOUNTS counts. */
static void
facts_tally_merge(struct facts_tally *dst, const struct facts_tally *src, size_t ncounts)
{
	dst->members += src->members;
	/* pass, fail, na and grade are one block (facts_tally_new) */
	for (size_t k = 0; k < ncounts; k++)
		dst->pass[k] += src->pass[k];
	for (size_t k = 0; k < 6; k++)
		dst->stars[k] += src->stars[k];
	dst->award += src->award;
	dst->score += src->score;
	for (size_t i = 0; src->bags && i < src->nbags; i++) {
		const struct facts_bag *b = src->bags[i];

		if (b == NULL)
			continue;
		for (size_t j = 0; j < b->setcap; j++)
			if (b->set[j] != 0)
				facts_bag_distinct(facts_tally_bag(dst, i), b->set[j]);
		for (size_t j = 0; j < b->n && b->val; j++)
			facts_bag_add(facts_tally_bag(dst, i), b->val[j], b->count[j]);
	}
}

/*
 * The tallies of a run.  A member is added once, to the tally at or
 * nearest above its unit (up), and once to its community's residents
 * (home); facts_tallies_roll_up then adds each tally into the nearest one
 * above it, deepest first, and the residents in last, since they count for
 * their community and for nothing above it.  Adding a member to each org
 * above its unit in turn was a quarter of the writer's work: six or seven
 * tallies a member, each a cache miss.
 */
struct facts_tallies {
	const struct orgtree *orgs;
	const struct facts_plan *plan;
	struct facts_tally **t;         /* per org id; NULL when the run needs none */
	struct facts_tally **home;      /* per community id: its residents, till the roll-up */
	unsigned *up;                   /* per org id: the nearest id at or above it with a
	                                   tally, 0 none */
	size_t nreqs, ngrades;
};

/* A climb up the tree stops here: a cycle (which import refuses) or a
 * tree deeper than any real one ends the climb, not the program. */
#define FACTS_TALLY_DEPTH 64

/* The nearest org at or above ID with a tally (0 none), and in *depth
 * the steps from ID up to the top of the tree (at most the limit). */
static unsigned
facts_tallies_climb(const struct facts_tallies *ts, long long id, unsigned *depth)
{
	const struct orgtree *o = ts->orgs;
	unsigned found = 0, d = 0;

	for (; id > 0 && (size_t)id < o->n && d < FACTS_TALLY_DEPTH; d++) {
		if (found == 0 && ts->t[id] != NULL)
			found = (unsigned)id;
		if (found && depth == NULL)
			break;
		id = o->parent[id];
	}
	if (depth)
		*depth = d;
	return found;
}

/* Tallies for the orgs in scope of the KINDS (a bit per ORGTREE_* kind);
 * NULL when KINDS is none. */
struct facts_tallies *
facts_tallies_new(const struct orgtree *o, unsigned kinds, size_t nreqs, size_t ngrades,
    const struct facts_plan *plan)
{
	struct facts_tallies *ts;

	if (kinds == 0)
		return NULL;
	ts = xcalloc(1, sizeof *ts);
	ts->orgs = o;
	ts->plan = plan;
	ts->nreqs = nreqs;
	ts->ngrades = ngrades;
	ts->t = xcalloc(o->n ? o->n : 1, sizeof *ts->t);
	ts->home = xcalloc(o->n ? o->n : 1, sizeof *ts->home);
	ts->up = xcalloc(o->n ? o->n : 1, sizeof *ts->up);
	for (size_t i = 0; i < o->n; i++)
		if (o->exists[i] && o->in_scope[i] && o->kind[i] >= 0 &&
		    (kinds & (1u << o->kind[i])))
			ts->t[i] = facts_tally_new(nreqs, ngrades, plan->n);
	for (size_t i = 1; i < o->n; i++)
		ts->up[i] = facts_tallies_climb(ts, (long long)i, NULL);
	return ts;
}

/* Count member M, of org UNIT: see struct facts_tallies. */
void
facts_tallies_member(struct facts_tallies *ts, long long unit, const struct facts_member_sum *m)
{
	unsigned u = unit > 0 && (size_t)unit < ts->orgs->n ? ts->up[unit] : 0;
	unsigned c = m->community;

	if (u != 0) {
		facts_tally_count(ts->t[u], m);
		facts_tally_bags(ts->plan, ts->t[u], m);
	}
	if (c != 0 && c < ts->orgs->n && ts->t[c] != NULL) {
		if (ts->home[c] == NULL)
			ts->home[c] = facts_tally_new(ts->nreqs, ts->ngrades, ts->plan->n);
		facts_tally_count(ts->home[c], m);
		facts_tally_bags(ts->plan, ts->home[c], m);
	}
}

/* Ask for the lines of the tallies member M of org UNIT will be added
 * to: a member's orgs lie anywhere among a province's tallies, and a
 * writer that waits for each in turn spent most of its time on
 * facts_tallies_member waiting.  Called a few members ahead. */
void
facts_tallies_prefetch(const struct facts_tallies *ts, long long unit, unsigned community)
{
	size_t bytes = sizeof(struct facts_tally) +
	    facts_tally_ncounts(ts->nreqs, ts->ngrades) * sizeof(long);
	const struct facts_tally *t[2] = {
		unit > 0 && (size_t)unit < ts->orgs->n && ts->up[unit] ? ts->t[ts->up[unit]] : NULL,
		community < ts->orgs->n ? ts->home[community] : NULL,
	};

	for (int i = 0; i < 2; i++)
		for (size_t at = 0; t[i] != NULL && at < bytes; at += 64)
			__builtin_prefetch((const char *)t[i] + at, 1);
}

/* The tallied orgs below the top, the deepest first and by id within a
 * depth (DEPTH[i], at most DEEPEST: facts_tallies_climb's limit), into
 * *N: a counting sort, one pass for the counts and one to place. */
static size_t *
facts_tallies_order(const struct facts_tallies *ts, const unsigned *depth, unsigned deepest,
    size_t *n)
{
	const struct orgtree *o = ts->orgs;
	size_t *at = xcalloc((size_t)deepest + 2, sizeof *at), *order;

	for (size_t i = 1; i < o->n; i++)
		if (ts->t[i] != NULL && depth[i] > 0)
			at[deepest - depth[i] + 1]++;
	for (unsigned d = 1; d <= deepest + 1; d++)
		at[d] += at[d - 1];
	*n = at[deepest + 1];
	order = xcalloc(*n + 1, sizeof *order);
	for (size_t i = 1; i < o->n; i++)
		if (ts->t[i] != NULL && depth[i] > 0)
			order[at[deepest - depth[i]]++] = i;
	free(at);
	return order;
}

/* Once every member is in: each tally into the nearest one above it,
 * the deepest first, so that each holds its whole subtree when it is
 * added; then each community's residents into its own tally. */
void
facts_tallies_roll_up(struct facts_tallies *ts)
{
	const struct orgtree *o = ts->orgs;
	size_t ncounts = facts_tally_ncounts(ts->nreqs, ts->ngrades), n, *order;
	unsigned *depth = xcalloc(o->n ? o->n : 1, sizeof *depth), deepest = 0;

	for (size_t i = 1; i < o->n; i++)
		if (ts->t[i] != NULL) {
			facts_tallies_climb(ts, (long long)i, &depth[i]);
			if (depth[i] > deepest)
				deepest = depth[i];
		}
	order = facts_tallies_order(ts, depth, deepest, &n);
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		long long p = o->parent[i];
		unsigned q = p > 0 && (size_t)p < o->n ? ts->up[p] : 0;

		/* Only to a shallower tally: in a cycle, none is. */
		if (q != 0 && depth[q] < depth[i])
			facts_tally_merge(ts->t[q], ts->t[i], ncounts);
	}
	for (size_t i = 1; i < o->n; i++)
		if (ts->home[i] != NULL) {
			facts_tally_merge(ts->t[i], ts->home[i], ncounts);
			facts_tally_free(ts->home[i]);
			ts->home[i] = NULL;
		}
	free(order);
	free(depth);
}

/* The tally of org ID, NULL when the run keeps none. */
const struct facts_tally *
facts_tallies_of(const struct facts_tallies *ts, long long id)
{
	return ts && id > 0 && (size_t)id < ts->orgs->n ? ts->t[id] : NULL;
}

void
facts_tallies_free(struct facts_tallies *ts)
{
	if (ts == NULL)
		return;
	for (size_t i = 0; i < ts->orgs->n; i++) {
		facts_tally_free(ts->t[i]);
		facts_tally_free(ts->home[i]);
	}
	free(ts->t);
	free(ts->home);
	free(ts->up);
	free(ts);
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

/* A member-source fact of an org, from its tally. */
static int
facts_member_count(const struct facts_spec *s, const struct facts_tally *t,
    char *const *reqs, size_t nreqs, char *const *grades, size_t ngrades,
    struct view_value *out, struct error *e)
{
	const struct facts_filter *w = s->nwhere ? &s->where[0] : NULL;
	long long n = 0;
	long r;

	if (s->agg == FACTS_AGG_SUM) {
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

/* The value of member fact I of an org: a count from the tally, or the
 * size or text of its bag, whose text *text then owns. */
int
facts_tally_value(const struct facts_spec *s, size_t i, const struct facts_tally *t,
    char *const *reqs, size_t nreqs, char *const *grades, size_t ngrades,
    char **text, struct view_value *v, struct error *e)
{
	const struct facts_bag *bag = t && t->bags && i < t->nbags ? t->bags[i] : NULL;
	struct facts_tally *none;
	int rc;

	if (s->agg != FACTS_AGG_DISTINCT && s->agg != FACTS_AGG_COLLECT) {
		if (t != NULL)
			return facts_member_count(s, t, reqs, nreqs, grades, ngrades, v, e);
		/* No tally: no members, each count zero, the names still checked. */
		none = facts_tally_new(nreqs, ngrades, 0);
		rc = facts_member_count(s, none, reqs, nreqs, grades, ngrades, v, e);
		facts_tally_free(none);
		return rc;
	}
	free(*text);
	*text = NULL;
	if (s->agg == FACTS_AGG_DISTINCT) {
		view_set_int(v, bag ? (long long)bag->n : 0);
	} else {
		*text = bag ? facts_bag_text(bag) : xstrdup("");
		view_set_str(v, *text);
	}
	return 0;
}
