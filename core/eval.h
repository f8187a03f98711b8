/*
 * eval.h - the year-end evaluation: a pack's rules over every member and
 * org in scope, stored as one run.
 *
 * Members are split into N contiguous id ranges, one per worker thread;
 * each worker has its own read connection, its own copy of the pack in
 * its own sandbox and its own fact cursor, so workers share nothing but
 * the read-only org table.  The main thread writes the results and adds
 * each member's outcomes into its orgs' tallies; then it evaluates the
 * org-level requirements.  The run, its results and its findings are
 * written in one transaction: an interrupted run leaves nothing, and a
 * failed run leaves only a 'failed' run row for the record.
 *
 * A rule that raises an error (or passes a limit) for a member becomes a
 * finding naming pack, rule and member; that requirement is n/a for the
 * member, and the run goes on.
 */
#ifndef BAODAO_EVAL_H
#define BAODAO_EVAL_H

#include <lua.h>

#include "config.h"
#include "db.h"
#include "util.h"

struct pack;
struct facts_period;

struct eval_opts {
	int year;
	const char *as_of;     /* ISO date; NULL: the year's last day */
	const char *org;       /* org code limiting the run; NULL: all */
	int jobs;              /* workers; 0: the config's */
	int quiet;             /* no findings on stderr */
	int in_transaction;    /* the caller began a transaction and will end
	                          it (pack diff and pack test roll back) */
};

struct eval_summary {
	long long run_id;
	long members, orgs, findings;
	long pass, fail, na;
};

/* Evaluate with the pack P, loaded by the caller (pack_load) for the
 * period of o->year and o->as_of; P may be a modified pack (pack diff
 * --set).  Which pack a name means is the caller's business (store). */
int   eval_run(struct db *db, const struct config *cfg, struct pack *p,
          const struct eval_opts *o, struct eval_summary *sum, struct error *e);

/* What each member-level requirement read: facts[k] holds the JSON
 * members ("services":3,"hours":8) of the facts requirement req[k] read. */
struct eval_trace {
	size_t n;
	char **req;
	char **facts;             /* JSON members */
	char **text;              /* the same in plain words: services 3, hours 8 */
};

/* Evaluate member MEMBER again with the pack P loaded for the period PER,
 * as explain does, to see the facts each rule reads (t->n is 0 when the
 * member is not in scope).  Only the pack a run used can say what that
 * run read: the caller compares content hashes first.  Nothing is stored. */
int   eval_trace_member(struct db *db, struct pack *p, const struct facts_period *per,
          long long member, struct eval_trace *t, struct error *e);
void  eval_trace_clear(struct eval_trace *t);

/* Evaluate every member in scope with the loaded pack P, one at a time
 * on this thread, storing nothing; after each, call fn with the Lua state
 * and the registry references of the views m, f, p, r, s (r holds the
 * member's outcomes, s its score, grade, stars and award).  The report
 * forms are built this way.  fn returns 0 to go on, -1 to stop (with e
 * set). */
typedef int (*eval_member_fn)(void *arg, lua_State *L, const int refs[5],
    const char *member, struct error *e);
int   eval_each_member(struct db *db, struct pack *p, const struct facts_period *per,
          const char *org, eval_member_fn fn, void *arg, struct error *e);

/* The org phase the same way: every member evaluated and added into its
 * orgs' tallies, then each org of KINDS (a bit per ORG_* kind) in scope
 * evaluated, and fn called with the references of o, f (the org's facts:
 * its events and its members' outcomes), p and r (its own outcomes). */
typedef int (*eval_org_fn)(void *arg, lua_State *L, const int refs[4], const char *org,
    struct error *e);
int   eval_each_org(struct db *db, struct pack *p, const struct facts_period *per,
          const char *org, unsigned kinds, eval_org_fn fn, void *arg, struct error *e);

/* The latest finished run of PACK for YEAR (0 when none). */
long long eval_latest_run(struct db *db, const char *pack, int year);

#endif
