/*
 * pack.h - rule packs: a folder with pack.conf, Lua files and tests/.
 *
 * pack_info_read() reads a pack's description (pack.conf, libconfuse) and
 * its content hash without running any of its code.  pack_load() then
 * builds the pack in a fresh sandbox of its own: it hands in the pack API
 * (fact, requirement, score, grade, stars, award), runs the Lua files in
 * the order pack.conf lists them, checks every declaration, resolves the
 * parameters in force on the as-of date, and seals the sandbox.  Any error
 * leaves nothing loaded.  Each evaluation worker loads its own copy, so no
 * two threads ever share a Lua state.
 *
 * Rules never appear in C by name: the core knows only what a pack
 * declared through the API.
 *
 * pack_conf.c implements the description (pack_info_*, pack_find,
 * pack_each); pack_api.c the declarations Lua makes; pack.c the loading.
 */
#ifndef BAODAO_PACK_H
#define BAODAO_PACK_H

#include <stddef.h>

#include "config.h"
#include "facts.h"
#include "record.h"
#include "sandbox.h"
#include "util.h"
#include "view.h"

#define PACK_API_LEVEL 1          /* the Lua API this core provides */
#define PACK_VALUE_BYTES 4096     /* max_value_bytes' default */

enum pack_ptype { PACK_PARAM_INT, PACK_PARAM_NUMBER, PACK_PARAM_STRING, PACK_PARAM_BOOL,
	PACK_PARAM_DATE, PACK_PARAM_MONTH_DAY };

struct pack_dated {               /* a value in force from a date on */
	char from[11];
	char *value;
	char *clause;                 /* the notice that set it; "" when not given */
};

struct pack_param {
	char *name;
	enum pack_ptype type;
	char *dflt;                   /* as text, checked against type and range */
	double min, max;
	int has_min, has_max;
	char *description;
	char *clause;                 /* notice clause, or "local choice" */
	struct pack_dated *dated;
	size_t ndated;
	char *origin;                 /* the pack that declared (or last overrode) it */
	int override;                 /* declared with override = true */
};

struct pack_info {
	char *dir;
	char *id, *name, *version, *issuer, *document;
	char *effective_from, *effective_to;   /* "" when open */
	char *extends;                          /* "" when none */
	int api;
	char **files;                 /* Lua files in load order */
	size_t nfiles;
	char **reports;
	size_t nreports;
	struct pack_param *params;
	size_t nparams;
	struct record_vocab vocab;    /* words it declares (vocabulary "KIND.COLUMN"),
	                                 its parent's included */
	char hash[65];                /* SHA-256 of pack.conf and the Lua files, and of
	                                 the parent's hash when it extends one */
	struct pack_info *parent;     /* the pack it extends (owned), or NULL */
};

enum pack_level { PACK_LEVEL_MEMBER, PACK_LEVEL_ORG };

struct pack_req {
	char *id, *title, *clause, *reading, *origin;
	enum pack_level level;
	unsigned kinds;               /* org level: bit per org kind (1 << ORGTREE_*) */
	int check_ref;                /* registry references to the functions */
	int applies_ref;              /* LUA_NOREF when it always applies */
	double points;                /* added to the score when it passes */
	int has_points;
};

/* A record check (validate): which records, and the rule that judges one. */
enum pack_record { PACK_RECORD_MEMBER, PACK_RECORD_ACTIVITY, PACK_RECORD_CLAIM };

struct pack_check {
	char *name, *title, *clause, *field, *origin;
	enum pack_record record;
	int test_ref;                 /* test(rec, p) -> ok [, message] */
};

/* A report form (附件, 附表): one row per member, activity or org, and
 * its columns, each a field of the row's record or a function. */
enum pack_rows { PACK_ROWS_MEMBER, PACK_ROWS_ACTIVITY, PACK_ROWS_ORG, PACK_ROWS_PAIRING,
	PACK_ROWS_LEDGER, PACK_ROWS_WISH };

struct pack_column {
	char *header;
	char *field;                  /* the record's field, or NULL */
	int fn_ref;                   /* else fn(rec, f, p, r) -> value */
	int personal;                 /* masked unless --reveal */
};

/* A heading or foot line of a form: the text, or fn(o, year) -> text
 * with o the org the report is scoped to (--org), nil when none. */
struct pack_line {
	char *text;
	int fn_ref;                   /* LUA_NOREF when text */
};

struct pack_form {
	char *name, *title, *clause, *origin;
	struct pack_line *heading;    /* lines under the title, as the notice prints them */
	size_t nheading;
	struct pack_line *foot;       /* signature, stamp and 填表说明 lines after the rows */
	size_t nfoot;
	enum pack_rows rows;
	unsigned kinds;               /* org rows: bit per org kind */
	struct pack_column *cols;
	size_t ncols;
	int when_ref;                 /* when(row...) -> keep the row?  LUA_NOREF: all */
	int order_ref;                /* order(row...) -> number: rows highest first */
	double top;                   /* with order: keep the first top rows (0: all) */
	char **facts;                 /* facts = { ... }: the facts its functions read */
	size_t nfacts;
	size_t *fact_slots;           /* their slots in the plan's member or org schema */
	long scope;                   /* member rows: the index in facts of the fact
	                                 whose org code --org selects by (the
	                                 community reported to), or -1: unit or
	                                 residence, as everywhere else */
};

struct pack_draft;

struct pack_band {                /* a grade or star band: from bound upwards */
	char *name;                   /* grade name, or stars as text */
	double from;
};

struct pack {
	struct pack_info *info;       /* not owned */
	const struct pack_info *loading;  /* the pack in the chain whose files run */
	struct sandbox *sb;
	struct pack_req *reqs;        /* in declaration order */
	size_t nreqs;
	struct facts_plan plan;       /* the facts the pack declared */
	struct view_schema param_schema;
	struct view_value *param_values;
	char **param_text;            /* storage of string values */
	int score_ref, award_ref, cap_ref;   /* LUA_NOREF when absent */
	int any_points;               /* some requirement gives points */
	struct pack_band *grades, *stars;     /* ascending bounds */
	size_t ngrades, nstars;
	struct pack_check *checks;    /* record checks, in declaration order */
	size_t nchecks;
	struct pack_form *forms;      /* report forms, in declaration order */
	size_t nforms;
	struct pack_draft *draft;     /* the declaration being built (pack_api.c) */
	char *decl_error;             /* the first declaration that failed, even
	                                 one a pcall caught: the load fails with it */
};

/* Where packs named by id are looked for: extends = "ID" in a pack.conf
 * is resolved here (after the pack's own sibling folders). */
void  pack_set_search_path(const struct config *cfg);

/* Find pack ID in the pack path; *dir is the folder (caller frees). */
int   pack_find(const struct config *cfg, const char *id, char **dir, struct error *e);

int   pack_info_read(const char *dir, struct pack_info *pi, struct error *e);
void  pack_info_free(struct pack_info *pi);

/* Set a parameter from "NAME=VALUE" (pack diff --set): the value, checked
 * against the parameter's type and range, holds in every year (its dated
 * values are dropped).  The version gains "+NAME=VALUE" and the hash is
 * re-derived over the assignment, so a run of the modified pack is never
 * taken for one of the pack as written.  0, or -1 with e set (EXIT_USAGE). */
int   pack_info_set(struct pack_info *pi, const char *assignment, struct error *e);

/* The record kind the rows of a record form (not member or org) read. */
enum facts_record pack_form_record(const struct pack_form *f);

/* Load pi into a new sandbox, with the parameters in force on the
 * period's as-of date and the period visible to rules as `period`. */
int   pack_load(struct pack *p, const struct pack_info *pi,
          const struct sandbox_limits *lim, const struct facts_period *per,
          struct error *e);
void  pack_free(struct pack *p);

/* Call the pack's function FN_REF (a registry reference it made while
 * loading: a requirement's check, a form's column, a record check) with
 * the registry references ARGS as its NARGS arguments, in the pack's
 * sandbox and under its limits; the NRESULTS results are left on the
 * stack.  0, or -1 with err (size n) saying what the rule raised or which
 * limit it passed, the stack as it was.  Every call of a pack's Lua goes
 * through here, pack_call_each or pack_call_next (pack_api.c).  The
 * results must be nil, booleans, numbers or strings of at most the value
 * limit: a table, a function or a longer string fails the call, for the
 * core reads them after the sandbox has let go (a __tostring would run
 * unmetered) and stores them. */
int   pack_call(struct pack *p, int fn_ref, const int *args, int nargs, int nresults,
          char *err, size_t n);

/* pack_call with the NARGS values at stack index FIRST (absolute) and up
 * as the arguments: a caller that makes many calls with the same
 * arguments keeps them on the stack instead of fetching each from the
 * registry for every call. */
int   pack_call_stack(struct pack *p, int fn_ref, int first, int nargs, int nresults,
          char *err, size_t n);

/* Call the pack's functions FNS[0..nfns) in turn, each with the registry
 * references ARGS as its NARGS arguments and one result, each as
 * pack_call would (its own limits, its result checked), in one protected
 * call: the calls of a form's row.  After call K, after(ctx, K) says
 * whether to make the next (0 stops).  Returns the number of calls made,
 * their results on the stack in order, or -1 with err and the stack as
 * it was; *at is then the call that failed, else the last made. */
int   pack_call_each(struct pack *p, const int *fns, size_t nfns, const int *args,
          int nargs, int (*after)(void *ctx, size_t k), void *ctx, size_t *at,
          char *err, size_t n);

/* From C code that a pack_call_* or sandbox_call of the pack runs: call
 * FN_REF with the NARGS values at FIRST (an index of that code's own
 * frame) as its arguments, unprotected, so that an error goes to the
 * enclosing call.  NEXT (any call but the first) begins it as a call of
 * its own (sandbox_next_call: its own limits).  0 with the NRESULTS
 * results pushed, or -1 with err when a result is one pack_call refuses
 * (nothing pushed). */
int   pack_call_next(struct pack *p, int fn_ref, int first, int nargs, int nresults,
          int next, char *err, size_t n);

/* The longest string a pack's function may return (max_value_bytes in
 * baodao.conf); 0 restores PACK_VALUE_BYTES.  Set once, before any call. */
void  pack_set_value_limit(size_t bytes);

/* List the packs in the pack path: calls fn for each readable pack. */
void  pack_each(const struct config *cfg,
          void (*fn)(const struct pack_info *pi, void *arg), void *arg);

#endif
