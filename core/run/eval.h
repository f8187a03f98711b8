/*
 * eval.h - the year-end evaluation: a pack's rules over every member and
 * org in scope, stored as one run.
 *
 * Members are split into N contiguous id ranges, one per worker thread;
 * each worker has its own read connection, its own copy of the pack in
 * its own sandbox and its own fact cursor, so workers share nothing but
 * the read-only org table.  The main thread writes the results and adds
 * each member's outcomes into its orgs' tallies; then it evaluates the
 * org-level requirements.  Everything is read in one snapshot: the main
 * thread's read connection begins it while holding the write lock, each
 * worker begins its own before the lock is let go, so nothing commits
 * between them; orgs and members alike come from it.  The rows go to a
 * buffer (run.h), and the run, its subjects and its findings are stored
 * in one short write transaction at the end: other writers go on while
 * the rules run, an interrupted run leaves nothing, and a failed run
 * leaves only a 'failed' run row for the record (none when it could not
 * have the lock).
 *
 * A rule that raises an error (or passes a limit) for a member becomes a
 * finding naming pack, rule and member; that requirement is n/a for the
 * member, and the run goes on.
 */
#ifndef BAODAO_EVAL_H
#define BAODAO_EVAL_H

#include "config.h"
#include "db.h"
#include "util.h"

struct pack;

/* A member's points given instead of the computed score (a pack test's
 * `points`, to reach a band edge): grade and stars follow them. */
struct eval_score {
	const char *member;    /* member id (code) */
	double points;
};

struct eval_opts {
	int year;
	const char *as_of;     /* ISO date; NULL: the year's last day */
	const char *org;       /* org code limiting the run; NULL: all */
	int jobs;              /* workers; 0: the config's */
	int quiet;             /* no findings on stderr */
	int forced;            /* the pack is a version outside its dates
	                          (evaluate --force): the run is marked */
	int in_transaction;    /* the caller began a transaction and will end
	                          it (pack diff and pack test roll back) */
	const char *as_recorded;   /* the records as they stood at this time
	                              (UTC, YYYY-MM-DDTHH:MM:SSZ); NULL: now */
	const struct eval_score *scores;   /* points given per member; NULL: none */
	size_t nscores;
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

#endif
