/*
 * eval.c - running a pack over a year: workers, the writer, the org phase.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "correct.h"
#include "emit.h"
#include "eval.h"
#include "facts.h"
#include "outmemo.h"
#include "pack.h"
#include "progress.h"
#include "record.h"
#include "run.h"
#include "view.h"

#define EVAL_BATCH 256
#define EVAL_QUEUE 8
#define EVAL_AHEAD 2              /* members the writer asks for tallies ahead */

struct eval_finding {
	char *rule, *message;
};

/* Everything a subject's evaluation produced, handed to the writer. */
struct eval_result {
	long long subject, unit_id, community_id;
	long long reported_id;    /* the community of its latest registration */
	const char *code;         /* not owned; for findings on stderr */
	char codebuf[65];
	int has_score;
	double score;
	int grade, stars, award;  /* -1 when none */
	char *next_band;
	char *reason;             /* the member's recorded reason for not reporting */
	struct run_outcome *out; /* one per requirement of its level */
	const char *status;       /* their statuses, in out's block (eval_outcomes) */
	struct run_enc enc_out, enc_facts;  /* the same and its facts as the run stores them */
	struct eval_finding *find;
	size_t nfind;
};

struct eval_batch {
	struct eval_result r[EVAL_BATCH];
	size_t n;
	size_t nreqs;             /* requirements of each result, to free it */
	struct eval_batch *next;
};

/* Batches from workers to the writer; bounded so memory stays flat. */
struct eval_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct eval_batch *head, *tail;
	struct eval_batch *spent; /* written: a worker frees the results and reuses it */
	int count, running;
	int ready;                /* workers that took their snapshot (or failed) */
	long long next, last;     /* the first member id of the next chunk; the highest id */
	long long span;           /* ids of the smallest chunk */
	int workers;
};

/* What evaluating one subject needs: the pack and views bound to it. */
struct eval_ctx {
	struct pack *pack;
	lua_State *L;
	int level;                /* PACK_LEVEL_MEMBER or PACK_LEVEL_ORG */
	size_t *reqs;             /* indexes into pack->reqs of this level */
	size_t nreqs;
	struct view subject, facts, params, outcomes;
	struct view_schema outcome_schema;
	struct view_value *status;
	int ref_subject, ref_facts, ref_params, ref_outcomes;
	int base;                     /* the four views kept on the stack from here,
	                                 in that order, for every call (eval_call) */
	int within;                   /* calls made in a member's one protected call
	                                 (eval_member_within), or -1 outside one */
	unsigned char *trace;         /* the facts each rule read: nreqs rows of nfacts */
	unsigned char *keep;          /* the facts the pack's forms read, per slot */
	size_t *personal, npersonal;  /* the slots of the subject's personal fields */
	const struct eval_opts *opts; /* the points given (pack test), if any */
	struct outmemo *memo;         /* a worker's outcome elements, or NULL */
	struct run_encoder enc;       /* a subject's arrays being encoded */
	/* Members read lazily (eval_member_lazy): the cursor, the fields of
	 * the current member filled so far, and whether a fill failed. */
	struct facts_cursor *cur;
	unsigned long long filled;
	long reason_slot;             /* unreported_reason's, or -1 */
	int fill_failed;
	struct error *fill_err;
};

struct eval_worker {
	pthread_t th;
	const char *dbpath;
	const struct pack_info *pi;
	const struct sandbox_limits *lim;
	const struct facts_period *per;
	const struct orgtree *orgs;
	const struct eval_opts *opts;
	struct eval_queue *q;
	struct error err;
};

/* A requirement's status: 'p' pass, 'f' fail, 'n' n/a, and 'e' error: its
 * rule raised (or broke a limit), so nobody knows whether the member met
 * it.  An error never passes: it is a finding, and the member's grade,
 * stars and award are left undetermined (eval_undetermined). */
static const char *
eval_status_name(char s)
{
	return s == 'p' ? "pass" : s == 'f' ? "fail" : s == 'e' ? "error" : "n/a";
}

/* ---- evaluation context ---- */

/* A view as a registry reference; MIRRORED for a view whose values a
 * rule may read many times and that eval_forget is told of when they
 * change (view_push_mirrored). */
static int
eval_push_ref(lua_State *L, const struct view *v, int mirrored)
{
	if (mirrored)
		view_push_mirrored(L, v);
	else
		view_push(L, v);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* The subject's fields and the outcomes are about to change (a new
 * member or org, whose fields are set): their views forget what they
 * kept, and the subject offers the fields rules read lately.  The facts
 * view is not mirrored, since every read of a fact is traced (c->trace);
 * the parameters do not change during a run. */
static void
eval_forget(struct eval_ctx *c)
{
	view_forget(c->L, c->base);
	view_forget(c->L, c->base + 3);
	view_offer_all(c->L, c->base);
}

/* The facts the run keeps for the pack's forms of LEVEL: a flag per slot. */
static unsigned char *
eval_form_facts(const struct pack *p, int level, size_t nfacts)
{
	unsigned char *keep = xcalloc(nfacts + 1, 1);

	for (size_t i = 0; i < p->nforms; i++) {
		const struct pack_form *f = &p->forms[i];

		if ((f->rows == PACK_ROWS_ORG) != (level == PACK_LEVEL_ORG) ||
		    (f->rows != PACK_ROWS_ORG && f->rows != PACK_ROWS_MEMBER))
			continue;
		for (size_t k = 0; k < f->nfacts; k++)
			if (f->fact_slots[k] < nfacts)
				keep[f->fact_slots[k]] = 1;
	}
	return keep;
}

/* The slots of the fields of SUBJECT that hold personal data
 * (RECORD_PERSONAL), in slot order, *n of them: every message is checked
 * against them, and they are few of the subject's fields. */
static size_t *
eval_personal(int level, const struct view_schema *subject, size_t *n)
{
	const struct record_kind *k = record_kind_of_table(level == PACK_LEVEL_ORG ? "org" :
	    "member");
	size_t *personal = xcalloc(subject->n + 1, sizeof *personal);

	*n = 0;
	for (size_t i = 0; k && i < subject->n; i++)
		if (record_personal(k, subject->names[i]) != 0)
			personal[(*n)++] = i;
	return personal;
}

static void
eval_ctx_init(struct eval_ctx *c, struct pack *p, int level,
    const struct view_schema *subject, const struct view_schema *facts)
{
	memset(c, 0, sizeof *c);
	c->pack = p;
	c->L = sandbox_lua(p->sb);
	c->level = level;
	c->reqs = xcalloc(p->nreqs ? p->nreqs : 1, sizeof *c->reqs);
	view_schema_init(&c->outcome_schema, "requirement");
	for (size_t i = 0; i < p->nreqs; i++)
		if ((int)p->reqs[i].level == level) {
			c->reqs[c->nreqs++] = i;
			view_schema_add(&c->outcome_schema, p->reqs[i].id);
		}
	c->status = xcalloc(c->nreqs ? c->nreqs : 1, sizeof *c->status);
	c->subject.schema = subject;
	c->facts.schema = facts;
	c->params.schema = &p->param_schema;
	c->params.values = p->param_values;
	c->outcomes.schema = &c->outcome_schema;
	c->outcomes.values = c->status;
	c->ref_subject = eval_push_ref(c->L, &c->subject, 1);
	c->ref_facts = eval_push_ref(c->L, &c->facts, 0);
	c->ref_params = eval_push_ref(c->L, &c->params, 1);
	c->ref_outcomes = eval_push_ref(c->L, &c->outcomes, 1);
	luaL_checkstack(c->L, 4, NULL);
	lua_rawgeti(c->L, LUA_REGISTRYINDEX, c->ref_subject);
	lua_rawgeti(c->L, LUA_REGISTRYINDEX, c->ref_facts);
	lua_rawgeti(c->L, LUA_REGISTRYINDEX, c->ref_params);
	lua_rawgeti(c->L, LUA_REGISTRYINDEX, c->ref_outcomes);
	c->base = lua_gettop(c->L) - 3;
	c->within = -1;
	c->keep = eval_form_facts(p, level, facts->n);
	c->personal = eval_personal(level, subject, &c->npersonal);
	/* Members: the facts each rule read are stored for explain. */
	if (level == PACK_LEVEL_MEMBER)
		c->trace = xcalloc(c->nreqs * facts->n + 1, 1);
}

static void
eval_ctx_free(struct eval_ctx *c)
{
	/* The views eval_ctx_init left on the stack (contexts end in the
	 * reverse order they began, so base still points at them). */
	for (int i = 0; i < 4; i++)
		lua_remove(c->L, c->base);
	outmemo_free(c->memo);
	run_encoder_free(&c->enc);
	free(c->personal);
	free(c->keep);
	free(c->trace);
	free(c->reqs);
	free(c->status);
	view_schema_free(&c->outcome_schema);
}

/* Does S contain a personal field of the subject (a phone number, an
 * address of 4 bytes or more)? */
static int
eval_has_personal(const struct eval_ctx *c, const char *s)
{
	for (size_t j = 0; c->subject.values && j < c->npersonal; j++) {
		const struct view_value *v = &c->subject.values[c->personal[j]];

		if (v->type == VIEW_STR && v->s && v->len >= 4 && strstr(s, v->s) != NULL)
			return 1;
	}
	return 0;
}

/* Would eval_clean return S as it is: printable, with no personal
 * field?  Most messages are, and are then used without a copy made and
 * scanned again. */
static int
eval_is_clean(const struct eval_ctx *c, const char *s)
{
	return util_is_printable(s) && !eval_has_personal(c, s);
}

/* S, printable, with every personal field of the subject it contains
 * (a phone number, an address of 4 bytes or more) masked: what a rule
 * returns or raises is stored and shown, and masking is the core's, not
 * the pack's.  A new string. */
static char *
eval_clean(const struct eval_ctx *c, const char *s)
{
	char *out;

	s = s ? s : "";
	if (eval_is_clean(c, s))
		return xstrdup(s);
	/* Not printable, but no personal field: made printable, no copy. */
	if (!eval_has_personal(c, s))
		return util_printable(s);
	out = xstrdup(s);
	for (size_t j = 0; c->subject.values && j < c->npersonal; j++) {
		const struct view_value *v = &c->subject.values[c->personal[j]];
		size_t len = v->type == VIEW_STR && v->s ? strlen(v->s) : 0;
		struct sbuf b;
		const char *p, *q;
		char *mask;

		if (len < 4 || strstr(out, v->s) == NULL)
			continue;
		mask = record_mask(v->s);
		sbuf_init(&b);
		for (p = out; (q = strstr(p, v->s)) != NULL; p = q + len) {
			sbuf_add(&b, p, (size_t)(q - p));
			sbuf_adds(&b, mask);
		}
		sbuf_adds(&b, p);
		free(mask);
		free(out);
		out = sbuf_detach(&b);
	}
	s = out;
	out = util_printable(s);
	free((char *)s);
	return out;
}

/* A finding, its text made printable: a rule's error message reaches
 * stderr and the database, and must not carry escape sequences or forge
 * a line of its own. */
static void
eval_add_finding(struct eval_result *r, const char *rule, const char *msg)
{
	r->find = xrealloc(r->find, (r->nfind + 1) * sizeof *r->find);
	r->find[r->nfind].rule = util_printable(rule);
	r->find[r->nfind].message = util_printable(msg);
	r->nfind++;
}

/* Call the function REF with (subject, facts, params, outcomes); an
 * error's text comes back cleaned (eval_clean). */
static int
eval_call(struct eval_ctx *c, int ref, int nresults, char *err, size_t n)
{
	char *clean;

	/* Inside the member's one protected call, a rule's error (or a
	 * result refused) ends it: the member is made again, a call each. */
	if (c->within >= 0) {
		if (pack_call_next(c->pack, ref, c->base, 4, nresults, c->within++ > 0, err,
		    n) != 0)
			luaL_error(c->L, "%s", err);
		return 0;
	}
	if (pack_call_stack(c->pack, ref, c->base, 4, nresults, err, n) == 0)
		return 0;
	clean = eval_clean(c, err);
	snprintf(err, n, "%s", clean);
	free(clean);
	return -1;
}

/* A value a rule returned, at IDX of the Lua stack, as its bytes, not
 * copied: valid while it stays on the stack.  0 for a value no outcome
 * may hold (a table, a function), taken as nil. */
static int
eval_piece(lua_State *L, int idx, struct outmemo_piece *p)
{
	memset(p, 0, sizeof *p);
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
		return 1;
	case LUA_TBOOLEAN:
		p->type = OUTMEMO_BOOL;
		p->i = lua_toboolean(L, idx);
		return 1;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx)) {
			p->type = OUTMEMO_INT;
			p->i = (long long)lua_tointeger(L, idx);
		} else {
			p->type = OUTMEMO_FLOAT;
			p->n = lua_tonumber(L, idx);
		}
		return 1;
	case LUA_TSTRING:
		p->type = OUTMEMO_STR;
		p->s = lua_tolstring(L, idx, &p->len);
		return 1;
	default:
		return 0;
	}
}

/* A message at IDX: a string or a number, written as Lua writes it (the
 * stack slot becomes that string); anything else is none. */
static void
eval_message_piece(lua_State *L, int idx, struct outmemo_piece *p)
{
	memset(p, 0, sizeof *p);
	if (lua_isstring(L, idx)) {
		p->type = OUTMEMO_STR;
		p->s = lua_tolstring(L, idx, &p->len);
	}
}

/* A value or target as a JSON scalar (NULL for nil), written as emit's
 * json back end writes it (its escapes, its numbers); a string cleaned
 * (eval_clean). */
static char *
eval_json_piece(const struct eval_ctx *c, const struct outmemo_piece *p)
{
	struct sbuf b;
	char *t;

	if (p->type == OUTMEMO_NIL)
		return NULL;
	if (p->type == OUTMEMO_BOOL)
		return xstrdup(p->i ? "true" : "false");
	sbuf_init(&b);
	if (p->type == OUTMEMO_INT)
		emit_json_int(&b, p->i);
	else if (p->type == OUTMEMO_FLOAT)
		emit_json_num(&b, p->n);
	else if (eval_is_clean(c, p->s))
		emit_json_str(&b, p->s);
	else {
		t = eval_clean(c, p->s);
		emit_json_str(&b, t);
		free(t);
	}
	return sbuf_detach(&b);
}

/* What a requirement's rules returned: the key of its outcome, whose
 * strings stay on the Lua stack (npop values, popped once the outcome is
 * made), or, when a rule failed, the outcome itself, made already
 * (direct). */
struct eval_raw {
	struct outmemo_key key;
	int npop;
	int direct;
};

/* Does the requirement apply?  1 yes, 0 no (n/a: the reason it gave, if
 * any, in raw, left on the stack), -1 the rule failed (o has the
 * message). */
static int
eval_applies(struct eval_ctx *c, const struct pack_req *rq, struct eval_result *r,
    struct run_outcome *o, struct eval_raw *raw)
{
	char err[512];
	int yes;

	if (rq->applies_ref == LUA_NOREF)
		return 1;
	if (eval_call(c, rq->applies_ref, 2, err, sizeof err) != 0) {
		eval_add_finding(r, rq->id, err);
		o->message = xasprintf("rule error: %s", err);
		return -1;
	}
	yes = lua_toboolean(c->L, -2);
	if (yes) {
		lua_pop(c->L, 2);
		return 1;
	}
	eval_message_piece(c->L, -1, &raw->key.message);
	raw->npop = 2;
	return 0;
}

/* check returns pass [, value, target, message], left on the stack for
 * raw; a rule that failed makes o (direct). */
static void
eval_check(struct eval_ctx *c, const struct pack_req *rq, struct eval_result *r,
    struct run_outcome *o, struct eval_raw *raw)
{
	lua_State *L = c->L;
	char err[512];
	int good;

	if (eval_call(c, rq->check_ref, 4, err, sizeof err) != 0) {
		eval_add_finding(r, rq->id, err);
		o->status = 'e';
		o->message = xasprintf("rule error: %s", err);
		raw->direct = 1;
		return;
	}
	if (!lua_isboolean(L, -4)) {
		eval_add_finding(r, rq->id, "check must return true or false first");
		o->status = 'e';
		o->message = xstrdup("rule error: check must return true or false first");
		raw->direct = 1;
		lua_pop(L, 4);
		return;
	}
	raw->key.status = lua_toboolean(L, -4) ? 'p' : 'f';
	good = eval_piece(L, -3, &raw->key.value);
	good &= eval_piece(L, -2, &raw->key.target);
	eval_message_piece(L, -1, &raw->key.message);
	raw->npop = 4;
	if (!good)
		eval_add_finding(r, rq->id, "value and target must be numbers, strings or booleans");
}

/* Requirement K's rules for the current subject into r->out[k] and raw;
 * APPLIES 0 when the requirement does not apply to it whatever its rule
 * says. */
static void
eval_rules(struct eval_ctx *c, size_t k, int applies, struct eval_result *r,
    struct eval_raw *raw)
{
	const struct pack_req *rq = &c->pack->reqs[c->reqs[k]];
	struct run_outcome *o = &r->out[k];

	memset(raw, 0, sizeof *raw);
	applies = applies ? eval_applies(c, rq, r, o, raw) : 0;
	if (applies == 1)
		eval_check(c, rq, r, o, raw);
	else if (applies < 0) {
		o->status = 'e';
		raw->direct = 1;
	} else
		raw->key.status = 'n';
	if (!raw->direct)
		o->status = raw->key.status;
	if (o->status == 'p' && rq->has_points) {
		o->has_points = 1;
		o->points = rq->points;
	}
	raw->key.has_points = o->has_points;
	raw->key.points = o->points;
	view_set_str(&c->status[k], eval_status_name(o->status));
	view_offer(c->L, c->base + 3, k);
}

/* The outcome's strings from what its rules returned. */
static void
eval_outcome_strings(const struct eval_ctx *c, const struct eval_raw *raw,
    struct run_outcome *o)
{
	if (raw->direct)
		return;
	o->value = eval_json_piece(c, &raw->key.value);
	o->target = eval_json_piece(c, &raw->key.target);
	if (raw->key.message.type == OUTMEMO_STR)
		o->message = eval_clean(c, raw->key.message.s);
}

/* Does a string the rules returned hold a personal field of the
 * subject?  Then its element is the subject's own (masked). */
static int
eval_raw_personal(const struct eval_ctx *c, const struct outmemo_key *key)
{
	const struct outmemo_piece *p[3] = { &key->value, &key->target, &key->message };

	for (size_t i = 0; i < 3; i++)
		if (p[i]->type == OUTMEMO_STR && eval_has_personal(c, p[i]->s))
			return 1;
	return 0;
}

/* Append member outcome K's element to B and give its hash: the one
 * made for an equal outcome before when the memo has it, else made now
 * (and kept).  o keeps its status and points only. */
static void
eval_encode_outcome(struct eval_ctx *c, size_t k, struct eval_raw *raw, struct run_outcome *o,
    struct sbuf *b, unsigned *hash)
{
	size_t nfacts = c->facts.schema->n, start = b->len, len;
	const unsigned char *t = c->trace ? c->trace + k * nfacts : NULL;
	int memo = !raw->direct && !eval_raw_personal(c, &raw->key);
	const char *el;

	raw->key.touched = t;
	if (memo && (el = outmemo_find(c->memo, k, &raw->key, &len, hash)) != NULL) {
		sbuf_add(b, el, len);
		return;
	}
	eval_outcome_strings(c, raw, o);
	run_encode_outcome(b, o, t, nfacts);
	*hash = run_outcome_hash(RUN_MEMBER, k, b->s + start, b->len - start);
	if (memo)
		outmemo_put(c->memo, k, &raw->key, b->s + start, b->len - start, *hash);
	free(o->value);
	free(o->target);
	free(o->message);
	o->value = o->target = o->message = NULL;
}

/* Room for R's N outcomes, and after them their statuses as a string,
 * which eval_statuses fills: the writer reads a member's statuses for
 * the run's counts and the tallies, and one line of them is one cache
 * miss where the outcomes are one a requirement. */
static void
eval_outcomes(struct eval_result *r, size_t n)
{
	r->out = xcalloc(1, (n ? n : 1) * sizeof *r->out + n + 1);
	r->status = (const char *)(r->out + (n ? n : 1));
}

static void
eval_statuses(struct eval_result *r, size_t n)
{
	char *s = (char *)(r->out + (n ? n : 1));

	for (size_t k = 0; k < n; k++)
		s[k] = r->out[k].status;
}

/* A member's requirements, encoded as they are made into r->enc_out
 * (run_encode_outcomes' array). */
static void
eval_requirements(struct eval_ctx *c, struct eval_result *r)
{
	struct run_encoder *e = &c->enc;

	for (size_t k = 0; k < c->nreqs; k++)
		view_set_nil(&c->status[k]);
	eval_outcomes(r, c->nreqs);
	run_encoder_begin(e, c->nreqs);
	for (size_t k = 0; k < c->nreqs; k++) {
		struct eval_raw raw;

		if (c->trace)
			c->facts.touched = c->trace + k * c->facts.schema->n;
		eval_rules(c, k, 1, r, &raw);
		if (k)
			sbuf_addc(&e->b, ',');
		eval_encode_outcome(c, k, &raw, &r->out[k], &e->b, &e->hash[k]);
		e->end[k] = e->b.len;
		lua_pop(c->L, raw.npop);
	}
	eval_statuses(r, c->nreqs);
	r->enc_out = run_encoder_take(e, c->nreqs);
	c->facts.touched = NULL;
}

/* The band a score falls in: the highest whose lower bound it reaches;
 * below the lowest bound is still the lowest band. */
static int
eval_band(const struct pack_band *b, size_t n, double score)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		if (score >= b[i].from)
			k = (int)i;
	return k;
}

static int
eval_number_hook(struct eval_ctx *c, int ref, const char *name, struct eval_result *r,
    double *out)
{
	char err[512];

	if (ref == LUA_NOREF)
		return 0;
	if (eval_call(c, ref, 1, err, sizeof err) != 0) {
		eval_add_finding(r, name, err);
		return 0;
	}
	/* nil: the member is not scored (out of the notice's scope), so gets
	 * no score and no grade rather than the lowest. */
	if (lua_isnil(c->L, -1)) {
		lua_pop(c->L, 1);
		return 0;
	}
	if (!lua_isnumber(c->L, -1)) {
		eval_add_finding(r, name, "score must return a number or nil");
		lua_pop(c->L, 1);
		return 0;
	}
	*out = lua_tonumber(c->L, -1);
	lua_pop(c->L, 1);
	return 1;
}

/* A cap names the best grade the member may have (discipline breaches). */
static void
eval_cap(struct eval_ctx *c, struct eval_result *r)
{
	struct pack *p = c->pack;
	char err[512];

	if (p->cap_ref == LUA_NOREF)
		return;
	if (eval_call(c, p->cap_ref, 1, err, sizeof err) != 0) {
		eval_add_finding(r, "grade.cap", err);
		return;
	}
	if (lua_isstring(c->L, -1)) {
		const char *cap = lua_tostring(c->L, -1);
		int k = -1;

		for (size_t i = 0; i < p->ngrades; i++)
			if (strcmp(p->grades[i].name, cap) == 0)
				k = (int)i;
		if (k < 0)
			eval_add_finding(r, "grade.cap", "cap names no grade band");
		else if (r->grade > k)
			r->grade = k;
	}
	lua_pop(c->L, 1);
}

/* X as "%g" writes it, into B: a whole number below a million by hand
 * (most scores and bounds), the rest by printf. */
static void
eval_add_g(struct sbuf *b, double x)
{
	if (x == floor(x) && fabs(x) < 1e6 && (x != 0 || !signbit(x)))
		emit_json_int(b, (long long)x);
	else
		sbuf_addf(b, "%g", x);
}

/* How far the next band is: "%g points; %s needs %g". */
static void
eval_next_band(const struct pack *p, struct eval_result *r)
{
	const struct pack_band *next;
	struct sbuf b;

	if (r->grade < 0 || (size_t)r->grade + 1 >= p->ngrades)
		return;
	next = &p->grades[r->grade + 1];
	sbuf_init(&b);
	eval_add_g(&b, r->score);
	sbuf_adds(&b, tr(" points; ", " 分；"));
	sbuf_adds(&b, next->name);
	sbuf_adds(&b, tr(" needs ", " 需要 "));
	eval_add_g(&b, next->from);
	sbuf_adds(&b, tr("", " 分"));
	r->next_band = sbuf_detach(&b);
}

static void
eval_award(struct eval_ctx *c, struct eval_result *r)
{
	char err[512];

	if (c->pack->award_ref == LUA_NOREF)
		return;
	if (eval_call(c, c->pack->award_ref, 1, err, sizeof err) != 0) {
		eval_add_finding(r, "award", err);
		return;
	}
	r->award = lua_toboolean(c->L, -1);
	lua_pop(c->L, 1);
}

/* A requirement whose rule raised leaves the member's grade, stars and
 * award undetermined: an error must never pass for a pass, so nothing
 * that could depend on it is decided (baodao-rules(7), "Errors"). */
static void
eval_undetermined(const struct eval_ctx *c, struct eval_result *r)
{
	for (size_t k = 0; k < c->nreqs; k++)
		if (r->out[k].status == 'e') {
			r->grade = r->stars = r->award = -1;
			free(r->next_band);
			r->next_band = NULL;
			return;
		}
}

/* Kept for the org phase, which may gather the reasons of a unit's
 * members who did not report (附件3 未报到的主要原因). */
static void
eval_member_reason(const struct facts_member *m, struct eval_result *r)
{
	static long slot = -2;
	const struct view_value *v;

	if (slot == -2)
		slot = view_schema_find(facts_member_schema(), "unreported_reason");
	v = slot >= 0 ? &m->fields[slot] : NULL;
	if (v && v->type == VIEW_STR && v->len > 0)
		r->reason = xstrdup(v->s);
}

/* The points a pack test gives member CODE in place of its score: 1 and
 * *points set, or 0 when none are given. */
static int
eval_given_points(const struct eval_ctx *c, const char *code, double *points)
{
	for (size_t i = 0; c->opts && i < c->opts->nscores; i++)
		if (strcmp(c->opts->scores[i].member, code) == 0) {
			*points = c->opts->scores[i].points;
			return 1;
		}
	return 0;
}


/* The subject view's fill (members read lazily): convert field SLOT of
 * the current member the first time anything reads it. */
static void
eval_member_fill(const struct view *view, size_t slot)
{
	struct eval_ctx *c = view->ctx;
	unsigned long long bit = 1ull << slot;

	if (c->filled & bit)
		return;
	c->filled |= bit;
	if (facts_member_fill(c->cur, slot, c->fill_err) != 0)
		c->fill_failed = 1;
}

/*
 * Read CUR's members lazily, when their fields fit the bit mask: a
 * member's fields are converted as its rules read them (aksu's read 10
 * of 37), and the member query selects only their columns.  The personal
 * fields every message is checked against and the reason kept for the
 * org phase are filled for each member (eval_member).  E gets a failed
 * fill's error.
 */
static void
eval_member_lazy(struct eval_ctx *c, struct facts_cursor *cur, struct error *e)
{
	if (c->subject.schema->n > 64)
		return;
	facts_member_lazy(cur);
	c->cur = cur;
	c->reason_slot = view_schema_find(facts_member_schema(), "unreported_reason");
	c->fill_err = e;
	c->subject.fill = eval_member_fill;
	c->subject.ctx = c;
}

/* Start member M's record: with lazy members, nothing filled but the
 * fields the core reads itself. */
static void
eval_member_begin(struct eval_ctx *c, const struct facts_member *m)
{
	c->subject.values = m->fields;
	if (c->subject.fill == NULL)
		return;
	c->filled = 0;
	for (size_t j = 0; j < c->npersonal; j++)
		eval_member_fill(&c->subject, c->personal[j]);
	if (c->reason_slot >= 0)
		eval_member_fill(&c->subject, (size_t)c->reason_slot);
}

static void eval_result_free(struct eval_result *r, size_t nreqs);

/* Member M's calls into r: its requirements, score, grade, cap, award. */
static void
eval_member_calls(struct eval_ctx *c, const struct facts_member *m, struct eval_result *r)
{
	struct pack *p = c->pack;

	eval_requirements(c, r);
	r->has_score = eval_number_hook(c, p->score_ref, "score", r, &r->score);
	/* Points of passed requirements add to what the score hook gives. */
	if (p->any_points) {
		if (!r->has_score)
			r->score = 0;
		r->has_score = 1;
		for (size_t k = 0; k < c->nreqs; k++)
			r->score += r->out[k].has_points ? r->out[k].points : 0;
	}
	if (eval_given_points(c, m->code, &r->score))
		r->has_score = 1;
	if (r->has_score && p->ngrades) {
		r->grade = eval_band(p->grades, p->ngrades, r->score);
		eval_cap(c, r);
		eval_next_band(p, r);
	}
	if (r->has_score && p->nstars)
		r->stars = (int)strtol(p->stars[eval_band(p->stars, p->nstars, r->score)].name,
		    NULL, 10);
	eval_award(c, r);
}

/* A member's calls in one protected call (eval_member_protected). */
struct eval_within {
	struct eval_ctx *c;
	const struct facts_member *m;
	struct eval_result *r;
};

/* The protected call: argument 1 the eval_within, 2-5 the four views
 * (c->base 2 while it runs). */
static int
eval_member_within(lua_State *L)
{
	struct eval_within *w = lua_touserdata(L, 1);

	eval_member_calls(w->c, w->m, w->r);
	return 0;
}

/* Member M's calls as one protected call of the sandbox, each begun as
 * a call of its own (pack_call_next): it spares a pcall and its setup
 * for each of a member's twenty calls or so (changji: 1.5% of a year's
 * instructions).  0, or -1 when a call raised or returned what pack_call
 * refuses, or the batch was stopped before the call began: r is then
 * part made (or not at all), and the member must be made again a call
 * each, which gives the finding its message. */
static int
eval_member_protected(struct eval_ctx *c, const struct facts_member *m,
    struct eval_result *r)
{
	struct eval_within w = { c, m, r };
	int base = c->base, rc;
	char err[512];

	luaL_checkstack(c->L, 6, NULL);
	lua_pushcfunction(c->L, eval_member_within);
	lua_pushlightuserdata(c->L, &w);
	for (int i = 0; i < 4; i++)
		lua_pushvalue(c->L, base + i);
	c->base = 2;
	c->within = 0;
	rc = sandbox_call(c->pack->sb, 5, 0, err, sizeof err);
	c->base = base;
	c->within = -1;
	return rc;
}

/* Member M's rules into r, with the sandbox's calls in an unmetered
 * batch when BATCH says so and one can begin: 0 when the batch was
 * stopped (a call raised in it, or it may have passed a limit), and r
 * must be discarded and made again a call each, counted (sandbox.h,
 * "Unmetered batches"). */
static int
eval_member_rules(struct eval_ctx *c, const struct facts_member *m, struct eval_result *r,
    int batch)
{
	struct pack *p = c->pack;
	int proven;

	memset(r, 0, sizeof *r);
	r->subject = m->id;
	r->unit_id = m->unit_id;
	r->community_id = m->community_id;
	r->reported_id = m->reported_id;
	util_strcut(r->codebuf, sizeof r->codebuf, m->code);
	r->code = r->codebuf;
	r->grade = r->stars = r->award = -1;
	c->facts.values = m->facts;
	eval_forget(c);
	eval_member_reason(m, r);
	memset(c->trace, 0, c->nreqs * c->facts.schema->n);
	sandbox_hold(p->sb);          /* one restore per member (sandbox.h) */
	batch = batch && sandbox_batch_begin(p->sb);
	if (!batch)
		eval_member_calls(c, m, r);
	else if (eval_member_protected(c, m, r) != 0)
		sandbox_batch_stop(p->sb);
	proven = !batch || sandbox_batch_end(p->sb);
	sandbox_release(p->sb);
	/* A stopped batch's r is discarded; it may be empty (stopped before
	 * its protected call began: sandbox_call made none). */
	if (proven)
		eval_undetermined(c, r);
	return proven;
}

static void
eval_member(struct eval_ctx *c, const struct facts_member *m, struct eval_result *r)
{
	eval_member_begin(c, m);
	if (!eval_member_rules(c, m, r, 1)) {
		eval_result_free(r, c->nreqs);
		eval_member_rules(c, m, r, 0);
	}
	/* Encoded here, on the worker, so the writer only binds (the
	 * outcomes as they were made). */
	r->enc_facts = run_encode_facts(&c->enc, RUN_MEMBER, m->facts, c->facts.schema->n,
	    c->keep, c->trace, c->nreqs);
}

static void
eval_result_free(struct eval_result *r, size_t nreqs)
{
	for (size_t k = 0; r->out && k < nreqs; k++) {
		free(r->out[k].value);
		free(r->out[k].target);
		free(r->out[k].message);
	}
	free(r->out);
	run_enc_free(&r->enc_out);
	run_enc_free(&r->enc_facts);
	for (size_t i = 0; i < r->nfind; i++) {
		free(r->find[i].rule);
		free(r->find[i].message);
	}
	free(r->find);
	free(r->next_band);
	free(r->reason);
}

/* ---- the queue ---- */

static void
eval_queue_push(struct eval_queue *q, struct eval_batch *b)
{
	pthread_mutex_lock(&q->mu);
	while (q->count >= EVAL_QUEUE)
		pthread_cond_wait(&q->cv, &q->mu);
	b->next = NULL;
	if (q->tail)
		q->tail->next = b;
	else
		q->head = b;
	q->tail = b;
	q->count++;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* The next batch, or NULL once every worker has finished. */
static struct eval_batch *
eval_queue_pop(struct eval_queue *q)
{
	struct eval_batch *b;

	pthread_mutex_lock(&q->mu);
	while (q->head == NULL && q->running > 0)
		pthread_cond_wait(&q->cv, &q->mu);
	b = q->head;
	if (b) {
		q->head = b->next;
		if (q->head == NULL)
			q->tail = NULL;
		q->count--;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return b;
}

/* The writer is done with B: a worker frees its results, where most
 * were made (glibc frees a thread's own memory cheaper), and fills it
 * again, so the writer thread, which every worker waits on, does not. */
static void
eval_queue_spend(struct eval_queue *q, struct eval_batch *b)
{
	pthread_mutex_lock(&q->mu);
	b->next = q->spent;
	q->spent = b;
	pthread_mutex_unlock(&q->mu);
}

/* An empty batch for a worker whose results have NREQS requirements: a
 * spent one, its results freed, or a new one. */
static struct eval_batch *
eval_queue_batch(struct eval_queue *q, size_t nreqs)
{
	struct eval_batch *b;

	pthread_mutex_lock(&q->mu);
	b = q->spent;
	if (b)
		q->spent = b->next;
	pthread_mutex_unlock(&q->mu);
	if (b == NULL)
		b = xmalloc(sizeof *b);
	else
		for (size_t i = 0; i < b->n; i++)
			eval_result_free(&b->r[i], b->nreqs);
	memset(b, 0, sizeof *b);
	b->nreqs = nreqs;
	return b;
}

/* Free the spent batches no worker took, once all have ended. */
static void
eval_queue_free_spent(struct eval_queue *q)
{
	struct eval_batch *b;

	while ((b = q->spent) != NULL) {
		q->spent = b->next;
		for (size_t i = 0; i < b->n; i++)
			eval_result_free(&b->r[i], b->nreqs);
		free(b);
	}
}

/* A worker has its read snapshot, or will never have one. */
static void
eval_queue_ready(struct eval_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->ready++;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* Wait until all N workers have taken their snapshot. */
static void
eval_queue_wait_ready(struct eval_queue *q, int n)
{
	pthread_mutex_lock(&q->mu);
	while (q->ready < n)
		pthread_cond_wait(&q->cv, &q->mu);
	pthread_mutex_unlock(&q->mu);
}

static void
eval_queue_done(struct eval_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->running--;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

/* Hand out the next chunk of member ids, lo <= id < hi (hi 0: to the
 * end); 0 when none is left.  Workers take chunks as they finish the
 * last, so the one that shares its processor with the writer thread, or
 * has the costlier members, does fewer.  A chunk is a share of the ids
 * left (guided scheduling): large ones first, few cursors to open, then
 * smaller ones down to q->span, so all end within a small chunk of each
 * other. */
static int
eval_queue_claim(struct eval_queue *q, long long *lo, long long *hi)
{
	long long left, span;
	int more;

	pthread_mutex_lock(&q->mu);
	more = q->next <= q->last;
	if (more) {
		left = q->last - q->next + 1;
		span = left / (4LL * q->workers);
		if (span < q->span)
			span = q->span;
		*lo = q->next;
		q->next = left <= span ? q->last + 1 : q->next + span;
		*hi = q->next > q->last ? 0 : q->next;
	}
	pthread_mutex_unlock(&q->mu);
	return more;
}

/* Set up the chunks of the members' ids workers claim: one chunk when a
 * single worker runs (its members in id order, as before), else shares
 * of what is left down to a 64th per worker, small enough that the last
 * ones even out the workers' ends.  The least and greatest id each take
 * one look into the table, where both in one aggregate (or a count)
 * read every member before any worker may start. */
static int
eval_queue_chunks(struct eval_queue *q, struct db *db, int workers, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT (SELECT min(id) FROM member),"
	    " (SELECT max(id) FROM member)", e);
	long long chunks = workers > 1 ? 64LL * workers : 1;
	int rc = -1;

	q->next = 0;
	q->last = -1;
	q->workers = workers;
	if (st != NULL && sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			q->next = sqlite3_column_int64(st, 0);
			q->last = sqlite3_column_int64(st, 1);
		}
		rc = 0;
	} else if (st != NULL)
		db_fail(db, e, "reading members");
	sqlite3_finalize(st);
	q->span = (q->last - q->next) / chunks + 1;
	return rc;
}

/* A worker failed: hand out no more chunks, since the run is lost. */
static void
eval_queue_abort(struct eval_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->next = q->last + 1;
	pthread_mutex_unlock(&q->mu);
}

/* ---- workers ---- */

/* Begin a read transaction on DB and take its snapshot (WAL takes it at
 * the first read), which it keeps until db_rollback() or closing; with
 * AS_RECORDED, the records are read as they stood then. */
static int
eval_snapshot(struct db *db, const char *as_recorded, struct error *e)
{
	if (as_recorded != NULL && correct_as_recorded(db, as_recorded, e) != 0)
		return -1;
	/* Each read is a scan in key order, which reads a page once: a small
	 * cache serves it (512 KB, one per worker: a scan's dozen cursors
	 * come back to a few dozen pages, their paths from the root; a
	 * larger cache only held pages no scan came back to, and each page
	 * of it is a page fault the first time, dear on a virtual machine),
	 * and no memory map, whose pages would count against the run's
	 * memory as the scan touches the whole file. */
	if (db_exec(db, "PRAGMA mmap_size = 0; PRAGMA cache_size = -512; BEGIN", e) != 0)
		return -1;
	if (db_int(db, "SELECT count(*) FROM sqlite_master", -1) < 0) {
		db_fail(db, e, "reading the database");
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* Evaluate the members of one chunk, lo <= id < hi, in batches to the
 * writer; the last, partial batch goes too. */
static int
eval_worker_chunk(struct eval_worker *w, struct eval_ctx *c, struct db *db,
    long long lo, long long hi)
{
	struct facts_cursor *cur;
	struct facts_member m;
	struct eval_batch *b = NULL;
	int rc;

	cur = facts_open(db, &c->pack->plan, w->per, w->orgs, lo, hi, &w->err);
	if (cur == NULL)
		return -1;
	eval_member_lazy(c, cur, &w->err);
	while ((rc = facts_next(cur, &m, &w->err)) == 1) {
		if (b == NULL)
			b = eval_queue_batch(w->q, c->nreqs);
		eval_member(c, &m, &b->r[b->n++]);
		if (c->fill_failed) {
			rc = -1;
			break;
		}
		if (b->n == EVAL_BATCH) {
			eval_queue_push(w->q, b);
			b = NULL;
		}
	}
	if (b)
		eval_queue_push(w->q, b);
	facts_close(cur);
	return rc;
}

/* Claim chunks until none is left or one fails; the context and its
 * outcome memo serve every chunk. */
static void
eval_worker_loop(struct eval_worker *w, struct pack *p, struct db *db)
{
	struct eval_ctx c;
	long long lo, hi;

	eval_ctx_init(&c, p, PACK_LEVEL_MEMBER, facts_member_schema(), &p->plan.member_schema);
	c.opts = w->opts;
	c.memo = outmemo_new(c.nreqs, c.facts.schema->n);
	while (eval_queue_claim(w->q, &lo, &hi))
		if (eval_worker_chunk(w, &c, db, lo, hi) != 0) {
			eval_queue_abort(w->q);
			break;
		}
	eval_ctx_free(&c);
}

/* A worker reads inside one read transaction, begun while the main
 * thread holds the write lock, so it sees the same snapshot as the main
 * thread and every other worker. */
static void *
eval_worker_main(void *arg)
{
	struct eval_worker *w = arg;
	struct db db;
	struct pack p;
	int opened = db_open(&db, w->dbpath, DB_READONLY, &w->err) == 0;

	if (opened)
		opened = eval_snapshot(&db, w->opts->as_recorded, &w->err) == 0;
	eval_queue_ready(w->q);
	if (opened && pack_load(&p, w->pi, w->lim, w->per, &w->err) == 0) {
		eval_worker_loop(w, &p, &db);
		pack_free(&p);
	}
	if (db.h != NULL)
		db_close(&db);
	eval_queue_done(w->q);
	return NULL;
}

/* ---- the writer ---- */

/* The findings shown on standard error: the first EVAL_SHOWN in member
 * order (by id), then in org order, whatever order the workers finish
 * in, so that --jobs changes nothing a user reads there. */
#define EVAL_SHOWN 20
struct eval_shown {
	struct eval_shown_one {
		int org;                 /* members first */
		long long subject;       /* a member's id (orgs: 0, in seq order) */
		unsigned long seq;       /* the order the finding was made in */
		char *text;
	} f[EVAL_SHOWN];
	size_t n;
	unsigned long seq;
};

struct eval_writer {
	struct db *db;                   /* the writer's connection */
	struct db *rd;                   /* the run's snapshot (db in a caller's transaction) */
	int locked;                      /* db holds the write lock until workers have snapshots */
	const struct pack *pack;
	const struct eval_ctx *member_ctx;
	struct run_writer *out;
	const struct orgtree *orgs;
	struct facts_tallies *tallies;   /* NULL when no org is evaluated or shown */
	size_t nmember_reqs;
	struct eval_summary *sum;
	unsigned req_kinds;              /* org kinds some requirement applies to */
	int quiet;
	struct eval_shown shown;         /* unless quiet */
};

/* Write the subject's row; its outcomes count in the run's summary when
 * COUNTED (an org kept only for the forms does not count). */
static int
eval_write_result(struct eval_writer *w, enum run_level level, const struct eval_result *r,
    size_t nreqs, int counted, struct error *e)
{
	const struct pack *p = w->pack;
	struct run_row row = { level, r->subject, r->has_score, r->score,
	    r->grade >= 0 ? p->grades[r->grade].name : NULL, r->stars, r->award, r->next_band,
	    &r->enc_out, &r->enc_facts };

	if (run_write_subject(w->out, &row, e) != 0)
		return -1;
	for (size_t k = 0; counted && k < nreqs; k++) {
		w->sum->pass += r->status[k] == 'p';
		w->sum->fail += r->status[k] == 'f';
		w->sum->na += r->status[k] == 'n';
	}
	return 0;
}

/* Does finding A come before B on standard error? */
static int
eval_shown_before(const struct eval_shown_one *a, const struct eval_shown_one *b)
{
	if (a->org != b->org)
		return a->org < b->org;
	if (a->subject != b->subject)
		return a->subject < b->subject;
	return a->seq < b->seq;
}

/* Keep finding I of R for standard error if it is among the first
 * EVAL_SHOWN: the last of those kept gives way to an earlier one. */
static void
eval_shown_add(struct eval_writer *w, enum run_level level, const struct eval_result *r,
    size_t i)
{
	struct eval_shown *sh = &w->shown;
	struct eval_shown_one one = { level == RUN_ORG, level == RUN_ORG ? 0 : r->subject,
	    sh->seq++, NULL };
	size_t last = 0;

	for (size_t k = 1; k < sh->n; k++)
		if (eval_shown_before(&sh->f[last], &sh->f[k]))
			last = k;
	if (sh->n == EVAL_SHOWN && !eval_shown_before(&one, &sh->f[last]))
		return;
	one.text = xasprintf("pack %s: rule %s: %s %s: %s", w->pack->info->id,
	    r->find[i].rule, level == RUN_ORG ? "org" : "member", r->code, r->find[i].message);
	if (sh->n < EVAL_SHOWN)
		sh->f[sh->n++] = one;
	else {
		free(sh->f[last].text);
		sh->f[last] = one;
	}
}

static int
eval_shown_cmp(const void *a, const void *b)
{
	const struct eval_shown_one *x = a, *y = b;

	return eval_shown_before(x, y) ? -1 : eval_shown_before(y, x);
}

/* Print the findings kept for standard error, in their order, and let
 * them go. */
static void
eval_shown_print(struct eval_shown *sh)
{
	qsort(sh->f, sh->n, sizeof sh->f[0], eval_shown_cmp);
	for (size_t k = 0; k < sh->n; k++) {
		util_warnx("%s", sh->f[k].text);
		free(sh->f[k].text);
	}
	sh->n = 0;
}

static int
eval_write_findings(struct eval_writer *w, enum run_level level, const struct eval_result *r,
    struct error *e)
{
	for (size_t i = 0; i < r->nfind; i++) {
		if (run_write_finding(w->out, level, r->subject, w->pack->info->id,
		    r->find[i].rule, r->find[i].message, e) != 0)
			return -1;
		w->sum->findings++;
		if (!w->quiet)
			eval_shown_add(w, level, r, i);
	}
	return 0;
}

/* ID as the org tree's id of an org it holds, 0 for none. */
static unsigned
eval_org_id(const struct orgtree *o, long long id)
{
	return id > 0 && (size_t)id < o->n && o->exists[id] ? (unsigned)id : 0;
}

/* Count the member in the tallies of its orgs. */
static void
eval_tally_member(struct eval_writer *w, const struct eval_result *r)
{
	const struct orgtree *o = w->orgs;
	struct facts_member_sum m;

	if (w->tallies == NULL)
		return;
	m = (struct facts_member_sum){
		.status = r->status, .reqs = w->member_ctx->outcome_schema.names,
		.nreqs = w->nmember_reqs,
		.grade = r->grade >= 0 ? w->pack->grades[r->grade].name : NULL,
		.stars = r->stars, .award = r->award, .reason = r->reason,
		.community = eval_org_id(o, r->community_id),
		.reported = eval_org_id(o, r->reported_id),
		.band = r->grade, .has_score = r->has_score, .score = r->score,
	};
	facts_tallies_member(w->tallies, r->unit_id, &m);
}

/* Ask for the tallies of the member EVAL_AHEAD after I in batch B (at
 * the batch's start, of those up to it too): writing the members in
 * between hides the wait for them. */
static void
eval_tally_ahead(const struct eval_writer *w, const struct eval_batch *b, size_t i)
{
	if (w->tallies == NULL)
		return;
	for (size_t j = i == 0 ? 0 : i + EVAL_AHEAD; j <= i + EVAL_AHEAD && j < b->n; j++)
		facts_tallies_prefetch(w->tallies, b->r[j].unit_id,
		    eval_org_id(w->orgs, b->r[j].community_id));
}

/* Write the members' results as the workers hand them over, a bar
 * drawn meanwhile (counting the members takes a read of them all, here
 * beside the workers, and only for the bar). */
static int
eval_drain(struct eval_writer *w, struct eval_queue *q, struct error *e)
{
	long total = progress_drawn() ? (long)db_int(w->rd, "SELECT count(*) FROM member", 0) : 0;
	struct progress *bar = progress_start(tr("evaluating", "评议中"), total);
	struct eval_batch *b;
	int rc = 0;

	while ((b = eval_queue_pop(q)) != NULL) {
		for (size_t i = 0; i < b->n; i++) {
			struct eval_result *r = &b->r[i];

			eval_tally_ahead(w, b, i);
			if (rc == 0 && (eval_write_result(w, RUN_MEMBER, r, w->nmember_reqs, 1, e) != 0 ||
			    eval_write_findings(w, RUN_MEMBER, r, e) != 0))
				rc = -1;
			eval_tally_member(w, r);
			w->sum->members++;
		}
		eval_queue_spend(q, b);
		progress_set(bar, w->sum->members);
	}
	progress_end(bar);
	return rc;
}

/* ---- the org phase ---- */

static unsigned
eval_org_kinds(const struct pack *p)
{
	unsigned kinds = 0;

	for (size_t i = 0; i < p->nreqs; i++)
		if (p->reqs[i].level == PACK_LEVEL_ORG)
			kinds |= p->reqs[i].kinds;
	return kinds;
}

/* The orgs a run stores: those requirements apply to, and those the
 * pack's org forms list. */
static unsigned
eval_stored_kinds(const struct pack *p)
{
	unsigned kinds = eval_org_kinds(p);

	for (size_t i = 0; i < p->nforms; i++)
		if (p->forms[i].rows == PACK_ROWS_ORG)
			kinds |= p->forms[i].kinds;
	return kinds;
}

/* Org-level requirements apply to the org kinds they name.  The upvalue
 * snapshot is held over one org's calls, as over one member's
 * (eval_member): one restore per org, not per call. */
static void
eval_org_subject(struct eval_ctx *c, int kind, struct eval_result *r)
{
	eval_forget(c);
	for (size_t k = 0; k < c->nreqs; k++)
		view_set_nil(&c->status[k]);
	eval_outcomes(r, c->nreqs);
	sandbox_hold(c->pack->sb);
	for (size_t k = 0; k < c->nreqs; k++) {
		struct eval_raw raw;

		eval_rules(c, k, (c->pack->reqs[c->reqs[k]].kinds & (1u << kind)) != 0, r, &raw);
		eval_outcome_strings(c, &raw, &r->out[k]);
		lua_pop(c->L, raw.npop);
	}
	eval_statuses(r, c->nreqs);
	sandbox_release(c->pack->sb);
}

static int
eval_orgs(struct eval_writer *w, struct pack *p, const struct facts_period *per,
    struct error *e)
{
	const struct orgtree *o = w->orgs;
	struct view_value fields[16], *facts;
	struct facts_org_cursor *cur;
	struct eval_ctx c;
	char **grades;
	int rc = 0, counted;

	if (w->tallies == NULL)
		return 0;
	facts_tallies_roll_up(w->tallies);
	cur = facts_org_open(w->rd, &p->plan, per, e);
	if (cur == NULL)
		return -1;
	eval_ctx_init(&c, p, PACK_LEVEL_ORG, orgtree_schema(), &p->plan.org_schema);
	facts = xcalloc(p->plan.org_schema.n + 1, sizeof *facts);
	grades = xcalloc(p->ngrades + 1, sizeof *grades);
	for (size_t i = 0; i < p->ngrades; i++)
		grades[i] = p->grades[i].name;
	c.subject.values = fields;
	c.facts.values = facts;
	for (size_t id = 1; id < o->n && rc == 0; id++) {
		struct eval_result r = { .subject = (long long)id, .grade = -1, .stars = -1,
		    .award = -1, .code = o->code[id] };

		const struct facts_tally *t = facts_tallies_of(w->tallies, (long long)id);

		if (t == NULL)
			continue;
		orgtree_fields(o, (long long)id, fields);
		if (facts_org(cur, (long long)id, t, w->member_ctx->outcome_schema.names,
		    w->nmember_reqs, grades, p->ngrades, facts, e) != 0) {
			rc = -1;
			break;
		}
		counted = (w->req_kinds & (1u << o->kind[id])) != 0;
		eval_org_subject(&c, o->kind[id], &r);
		/* An org kept only for the forms was not evaluated: no outcomes. */
		r.enc_out = run_encode_outcomes(&c.enc, RUN_ORG, r.out, counted ? c.nreqs : 0,
		    NULL, 0);
		r.enc_facts = run_encode_facts(&c.enc, RUN_ORG, facts, p->plan.org_schema.n,
		    c.keep, NULL, 0);
		if (eval_write_result(w, RUN_ORG, &r, c.nreqs, counted, e) != 0 ||
		    eval_write_findings(w, RUN_ORG, &r, e) != 0)
			rc = -1;
		eval_result_free(&r, c.nreqs);
		w->sum->orgs += counted;
	}
	free(grades);
	free(facts);
	eval_ctx_free(&c);
	facts_org_close(cur);
	return rc;
}

/* ---- the run ---- */

/* Start the workers, write what they produce, wait for them. */
static int
eval_members(struct eval_writer *w, const struct eval_opts *o, const struct config *cfg,
    const struct pack_info *pi, const struct facts_period *per, struct error *e)
{
	int n = o->jobs > 0 ? o->jobs : cfg->jobs;
	struct sandbox_limits lim = { cfg->memory_limit, cfg->instruction_limit };
	struct eval_queue q = { .running = n };
	struct eval_worker *wk;
	int rc = 0;

	if (eval_queue_chunks(&q, w->rd, n, e) != 0)
		return -1;
	wk = xcalloc((size_t)n, sizeof *wk);
	pthread_mutex_init(&q.mu, NULL);
	pthread_cond_init(&q.cv, NULL);
	for (int i = 0; i < n; i++) {
		wk[i].dbpath = w->db->path;
		wk[i].pi = pi;
		wk[i].lim = &lim;
		wk[i].per = per;
		wk[i].orgs = w->orgs;
		wk[i].opts = o;
		wk[i].q = &q;
		if (pthread_create(&wk[i].th, NULL, eval_worker_main, &wk[i]) != 0) {
			util_warnx("cannot start worker %d", i);
			exit(EXIT_ENV);
		}
	}
	/* Every worker has the snapshot: other writers may go on. */
	eval_queue_wait_ready(&q, n);
	if (w->locked) {
		w->locked = 0;
		rc = db_commit(w->db, e);
	}
	if (eval_drain(w, &q, e) != 0)
		rc = -1;
	for (int i = 0; i < n; i++) {
		pthread_join(wk[i].th, NULL);
		if (wk[i].err.code && rc == 0) {
			error_set(e, wk[i].err.code, "%s", wk[i].err.msg);
			rc = -1;
		}
	}
	eval_queue_free_spent(&q);
	pthread_mutex_destroy(&q.mu);
	pthread_cond_destroy(&q.cv);
	free(wk);
	return rc;
}

/* The audit entry of a stored run, in its transaction (a run evaluated
 * inside a caller's transaction, as pack diff does, is never stored). */
static int
eval_audit(struct db *db, const struct pack *p, const struct facts_period *per,
    const struct eval_opts *o, const struct eval_summary *sum, struct error *e)
{
	char *detail = xasprintf("run %lld: pack %s %s sha256 %s, year %d, as of %s%s%s%s",
	    sum->run_id, p->info->id, p->info->version, p->info->hash, per->year, per->as_of,
	    o->org ? ", org " : "", o->org ? o->org : "", o->forced ? ", forced" : "");
	struct db_audit a = { .action = "evaluate", .tbl = "run",
	    .inserted = sum->members + sum->orgs, .detail = detail };
	int rc = db_audit(db, &a, e);

	free(detail);
	return rc;
}

/* Begin storing the run: the write lock is taken here, once its members
 * are evaluated, and the member rows go in while the orgs are (a caller's
 * transaction reads the records through the same connection, so there
 * they go in after). */
static int
eval_store_begin(struct eval_writer *w, const struct eval_opts *o, struct pack *p,
    const struct facts_period *per, struct eval_summary *sum, struct error *e)
{
	if (!o->in_transaction && db_begin(w->db, e) != 0)
		return -1;
	sum->run_id = run_begin(w->db, p, per, o->org, e);
	if (sum->run_id < 0 || (o->forced && run_mark_forced(w->db, sum->run_id, e) != 0) ||
	    (o->as_recorded && run_mark_recorded(w->db, sum->run_id, o->as_recorded, e) != 0))
		return -1;
	return o->in_transaction ? 0 : run_writer_store_start(w->out, sum->run_id, RUN_MEMBER, e);
}

/* Store the rest of the run, the org rows, and commit it. */
static int
eval_store_end(struct eval_writer *w, const struct eval_opts *o, struct pack *p,
    const struct facts_period *per, struct eval_summary *sum, struct error *e)
{
	if (run_writer_store(w->out, sum->run_id, e) != 0 ||
	    run_finish(w->db, sum->run_id, sum->members, sum->orgs, sum->findings, e) != 0)
		return -1;
	return o->in_transaction ? 0 : eval_audit(w->db, p, per, o, sum, e) == 0 &&
	    db_commit(w->db, e) == 0 ? 0 : -1;
}

/*
 * Compute the run inside one read snapshot (RD's, which the workers
 * share) into the writer's spool, then store it.  To give every worker
 * the same snapshot, the write lock is held from before RD's snapshot
 * until each worker has taken its own, so nothing commits between them;
 * then it is let go while the rules run.
 */
static int
eval_body(struct db *db, struct db *rd, const struct config *cfg, const struct eval_opts *o,
    struct pack *p, const struct facts_period *per, struct eval_summary *sum, int *started,
    struct error *e)
{
	struct eval_writer w = { .db = db, .rd = rd, .pack = p, .sum = sum,
	    .quiet = o->quiet };
	struct orgtree orgs = { 0 };
	struct eval_ctx mc;
	struct error ignored;
	int rc = -1, loaded = 0, fk = 0;

	/* Every row the run writes refers to the run row it has just written
	 * itself, in the same transaction: the foreign key checks would only
	 * look that row up again for each of them (a sixth of the copy).
	 * The pragma is a no-op inside a transaction, so a caller's stays
	 * as it is. */
	if (!o->in_transaction && (fk = (int)db_int(db, "PRAGMA foreign_keys", 0)) != 0 &&
	    db_exec(db, "PRAGMA foreign_keys = OFF", e) != 0)
		return -1;
	eval_ctx_init(&mc, p, PACK_LEVEL_MEMBER, facts_member_schema(), &p->plan.member_schema);
	w.member_ctx = &mc;
	w.nmember_reqs = mc.nreqs;
	w.orgs = &orgs;
	if ((w.out = run_writer_open(db, e)) == NULL)
		goto out;
	if (rd != db) {
		if (db_begin(db, e) != 0)
			goto out;
		w.locked = 1;
		if (eval_snapshot(rd, o->as_recorded, e) != 0)
			goto out;
	}
	if (orgtree_load(rd, o->org, &orgs, e) != 0)
		goto out;
	loaded = *started = 1;
	w.req_kinds = eval_org_kinds(p);
	w.tallies = facts_tallies_new(&orgs, eval_stored_kinds(p), w.nmember_reqs, p->ngrades,
	    &p->plan);
	if (eval_members(&w, o, cfg, p->info, per, e) == 0 &&
	    eval_store_begin(&w, o, p, per, sum, e) == 0 && eval_orgs(&w, p, per, e) == 0) {
		if (rd != db)
			db_rollback(rd);      /* the snapshot is done with */
		eval_shown_print(&w.shown);
		rc = eval_store_end(&w, o, p, per, sum, e);
	}
out:
	for (size_t k = 0; k < w.shown.n; k++)
		free(w.shown.f[k].text);
	run_writer_close(w.out);        /* first: it waits for a copy on DB */
	if (w.locked || (rc != 0 && !o->in_transaction))
		db_rollback(db);
	if (fk)
		db_exec(db, "PRAGMA foreign_keys = ON", &ignored);
	facts_tallies_free(w.tallies);
	if (loaded)
		orgtree_free(&orgs);
	eval_ctx_free(&mc);
	return rc;
}

/* P was loaded by the caller for o->year and o->as_of; each worker loads
 * its own copy of P's pack from p->info.  The run reads through a second,
 * read-only connection, unless the caller's transaction is to be seen. */
int
eval_run(struct db *db, const struct config *cfg, struct pack *p, const struct eval_opts *o,
    struct eval_summary *sum, struct error *e)
{
	struct facts_period per;
	struct db rd;
	int rc, started = 0;

	memset(sum, 0, sizeof *sum);
	facts_period_init(&per, o->year, o->as_of);
	if (o->in_transaction)
		return eval_body(db, db, cfg, o, p, &per, sum, &started, e);
	if (db_open(&rd, db->path, DB_READONLY, e) != 0)
		return -1;
	rc = eval_body(db, &rd, cfg, o, p, &per, sum, &started, e);
	db_close(&rd);
	/* A run that did not start (an unknown org) or could not have the
	 * lock leaves nothing: writing a failed row would wait for the same
	 * lock. */
	if (rc != 0 && started && !db->busy)
		run_failed(db, p->info, &per, e->msg);
	return rc;
}
