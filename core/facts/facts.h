/*
 * facts.h - a member's (and an org's) year facts, computed by the core.
 *
 * A pack declares the facts it needs as simple aggregates over one kind
 * of record (DESIGN.md, "Rule packs"):
 *
 *     fact "services" { count = "activity", where = { kind = "service" } }
 *     fact "hours"    { sum = "hours", of = "activity", where = { complete = true } }
 *
 * facts_declare() turns each declaration into a facts_spec; the plan of
 * all of them is run by a cursor that streams every record kind the plan
 * needs in member order, all cursors side by side, one pass over each
 * table: never a query per member.  Memory is bounded by one member's
 * records, not by the number of members.
 *
 * Record kinds (sources) and their fields are listed in baodao-rules(7).
 * Member level: activity claim suggestion registration pairing wish breach
 * ledger member_event.  Org level: org_event, and member (the outcomes of
 * the members under the org, from the evaluation's member phase).
 *
 * The module's files: facts_decl.c compiles declarations, facts.c holds
 * the sources and the member and org cursors, facts_tally.c adds up an
 * org's members, facts_records.c streams whole records for validate and
 * the forms; facts_int.h is what they share.
 */
#ifndef BAODAO_FACTS_H
#define BAODAO_FACTS_H

#include <stddef.h>

#include <lua.h>

#include "db.h"
#include "orgtree.h"
#include "util.h"
#include "view.h"

enum facts_source {
	FACTS_SRC_ACTIVITY, FACTS_SRC_CLAIM, FACTS_SRC_SUGGESTION, FACTS_SRC_REGISTRATION,
	FACTS_SRC_PAIRING, FACTS_SRC_WISH, FACTS_SRC_BREACH, FACTS_SRC_LEDGER,
	FACTS_SRC_MEMBER_EVENT,
	FACTS_SRC_ORG_EVENT, FACTS_SRC_MEMBERS,
	FACTS_SRC_COUNT
};
#define FACTS_SRC_MEMBER_LEVEL_END FACTS_SRC_ORG_EVENT

enum facts_agg {
	FACTS_AGG_COUNT, FACTS_AGG_ANY, FACTS_AGG_SUM, FACTS_AGG_MIN, FACTS_AGG_MAX,
	FACTS_AGG_LATEST, FACTS_AGG_EARLIEST, FACTS_AGG_DISTINCT, FACTS_AGG_MONTHS,
	FACTS_AGG_UNVISITED, FACTS_AGG_COLLECT
};

struct facts_filter {
	int field;                /* index into the source's field table */
	char **vals;              /* accepted values (text), or NULL for a boolean */
	size_t nvals;
	int b;                    /* the boolean wanted */
};

struct facts_spec {
	char *name;
	enum facts_source src;
	enum facts_agg agg;
	int field;                /* aggregated field; -1 for count/any/months */
	int on;                   /* date field the window applies to */
	int through;              /* window: every date up to the year's end */
	struct facts_filter *where;
	size_t nwhere;
	struct facts_filter *visit;   /* FACTS_AGG_UNVISITED: which activities are visits */
	size_t nvisit;
	char *req;                /* FACTS_SRC_MEMBERS: the requirement counted */
	struct view_value dflt;   /* value when no record matches */
	char *dflt_text;
};

struct facts_plan {
	struct facts_spec *specs;
	size_t n;
	struct view_schema member_schema;   /* names of member-level facts */
	struct view_schema org_schema;      /* names of org-level facts */
	size_t *member_slot;                /* spec i -> slot in its schema */
};

/* The evaluation period: [start, end], end = min(year end, as-of). */
struct facts_period {
	int year;
	char start[11];
	char end[11];
	char as_of[11];
};
void  facts_period_init(struct facts_period *per, int year, const char *as_of);

void  facts_plan_init(struct facts_plan *plan);
void  facts_plan_free(struct facts_plan *plan);

/* Parse the declaration table at idx into a spec named NAME.  Returns 0,
 * or -1 with err (size n) naming what is wrong. */
int   facts_declare(struct facts_plan *plan, lua_State *L, int idx,
          const char *name, char *err, size_t n);

/* The names of the member record handed to member rules as m (the org
 * record is orgtree.h's). */
const struct view_schema *facts_member_schema(void);

struct facts_member {
	long long id, unit_id, community_id;
	long long reported_id;              /* community of the latest registration
	                                       up to the as-of date, 0 none (read
	                                       only when a fact needs it) */
	const char *code;
	struct view_value *fields;          /* facts_member_schema()->n */
	struct view_value *facts;           /* plan->member_schema.n */
};

struct facts_cursor;

/* Stream members with lo <= id < hi (hi 0: no bound) and their facts. */
struct facts_cursor *facts_open(struct db *db, const struct facts_plan *plan,
          const struct facts_period *per, const struct orgtree *orgs,
          long long lo, long long hi, struct error *e);
/* The next member in scope: 1, 0 at the end, -1 with e set.  Values stay
 * valid until the next call. */
int   facts_next(struct facts_cursor *c, struct facts_member *m, struct error *e);
void  facts_close(struct facts_cursor *c);
/* Leave the member's fields to be filled on demand, before the first
 * facts_next: it then sets only the ids, and facts_member_fill(c, slot)
 * fills m->fields[slot] from the current member, valid until the next
 * facts_next (0, or -1 with e set).  The member query reads only the
 * columns of the fields filled so far, over the range facts_open() was
 * given.  A form row or a member's rules read a few of the record's
 * fields; converting all of them per row was most of a form's reading. */
void  facts_member_lazy(struct facts_cursor *c);
int   facts_member_fill(struct facts_cursor *c, size_t slot, struct error *e);

/* Values gathered over an org's members, for the distinct and collect
 * facts of the member source.  A collect (the reasons recorded for not
 * reporting) keeps a copy of each value with how many had it, in val and
 * count; a distinct (the communities its members live in or reported to)
 * needs only how many there are, and keeps the org tree's ids of the
 * communities in an open-addressing set: the province's root org sees
 * every community, and a million members make a million entries over the
 * org tree. */
struct facts_bag {
	char **val;
	long *count;
	size_t n, cap;                      /* distinct values; room in val */
	unsigned *set;                      /* distinct: setcap slots of org ids, 0 empty */
	size_t setcap;
};

/* Org phase: what the members under an org added up to. */
struct facts_tally {
	long members;
	long *pass, *fail, *na;             /* per member-level requirement */
	long *grade;                        /* per grade band */
	long stars[6];
	long award;
	double score;
	struct facts_bag **bags;            /* one per fact of the plan, each
	                                       NULL until a member brings it a
	                                       value: a million members have
	                                       80 000 orgs, and most facts of
	                                       a plan are no bag */
	size_t nbags;
};
struct facts_tally *facts_tally_new(size_t nreqs, size_t ngrades, size_t nspecs);

/* What one member brings to a tally: its status per member requirement
 * ('p', 'f' or 'n', the requirements named by reqs), its grade (or NULL),
 * stars and award (-1 when none), its recorded reason for not reporting
 * (copied), the org tree's ids of its residence community and of the
 * community it reported to (0: none), its grade's band (-1 none) and its
 * score (when has_score). */
struct facts_member_sum {
	const char *status;
	char *const *reqs;
	size_t nreqs;
	const char *grade;
	int stars, award;
	const char *reason;
	unsigned community;                 /* org ids (orgtree): its community, */
	unsigned reported;                  /* the one reported to; 0 none */
	int band;
	int has_score;
	double score;
};
void  facts_tally_bags(const struct facts_plan *plan, struct facts_tally *t,
          const struct facts_member_sum *m);
void  facts_tally_free(struct facts_tally *t);

/* The tallies of a run's orgs: one for each org in scope of the KINDS (a
 * bit per ORGTREE_* kind; none: NULL), O's and PLAN's for the run.  A
 * member counts for its unit and every org above it, and for its
 * residence community; facts_tallies_member takes it as the workers hand
 * it over, and once all are in, facts_tallies_roll_up adds the orgs up
 * the tree, after which facts_tallies_of reads them. */
struct facts_tallies;
struct facts_tallies *facts_tallies_new(const struct orgtree *o, unsigned kinds, size_t nreqs,
          size_t ngrades, const struct facts_plan *plan);
void  facts_tallies_member(struct facts_tallies *ts, long long unit,
          const struct facts_member_sum *m);
void  facts_tallies_prefetch(const struct facts_tallies *ts, long long unit,
          unsigned community);
void  facts_tallies_roll_up(struct facts_tallies *ts);
const struct facts_tally *facts_tallies_of(const struct facts_tallies *ts, long long id);
void  facts_tallies_free(struct facts_tallies *ts);

/* Fill the org-level facts of org ID: org_event aggregates from the
 * cursor (orgs visited in ascending id order) and member aggregates from
 * its tally (NULL: no members).  reqs/grades name the tally's slots. */
struct facts_org_cursor;
struct facts_org_cursor *facts_org_open(struct db *db, const struct facts_plan *plan,
          const struct facts_period *per, struct error *e);
int   facts_org(struct facts_org_cursor *c, long long id, const struct facts_tally *t,
          char *const *reqs, size_t nreqs, char *const *grades, size_t ngrades,
          struct view_value *out, struct error *e);
void  facts_org_close(struct facts_org_cursor *c);

/* Records one at a time, for validate and the report forms: activities
 * (member, member_name, unit, unit_name, date, kind, hours, community,
 * content, place, rating, verifier, complete, participants,
 * community_name, total_hours: the member's hours over the period's
 * records), claims
 * (member, member_name, post, post_name, community, date, unit), pairings
 * (member, member_name, unit, unit_name, household, household_kind,
 * household_ethnicity, start, end, visits, visit_months, community), the
 * 爱心银行 ledger (member, member_name, unit, unit_name, date, points,
 * reason, balance, community) and wishes (wish, community, resident,
 * content, ordered, dispatched, dispatcher, taker, taker_name, taken, done,
 * rating, state, community_name, dispatcher_name), each in member (or wish) and date order. */
enum facts_record { FACTS_REC_ACTIVITY, FACTS_REC_CLAIM, FACTS_REC_PAIRING,
	FACTS_REC_LEDGER, FACTS_REC_WISH, FACTS_REC_NKINDS };
#define FACTS_REC_MAXFIELDS 16
const struct view_schema *facts_record_schema(enum facts_record kind);
/* With a period (NULL: every record), only the records of the period:
 * activities, claims and ledger entries dated in it, pairings that
 * overlap it (their visits counted in it), and wishes ordered in it,
 * each shown in the state it had at the period's end. */
sqlite3_stmt *facts_record_open(struct db *db, enum facts_record kind,
          const struct facts_period *per, struct error *e);
/* Fill val from the current row; returns how the record is named in
 * messages ("activity M001 2024-05-01 service"), which the caller frees. */
char *facts_record_values(sqlite3_stmt *st, enum facts_record kind, struct view_value *val);
/* Is the current row's unit or community the org CODE (NULL: any)? */
int   facts_record_in_scope(sqlite3_stmt *st, enum facts_record kind, const char *org);

#endif
