/*
 * wishstate.h - the 三单制 state machine of a 微心愿.
 *
 * A wish moves ordered -> dispatched -> taken -> done -> rated.  No state
 * is skipped or repeated and none is dated before the state it follows; a
 * branch dispatches, a member takes, and the rating (优, 良, 一般) is the
 * rated state's own.  The `wish` command (one change per call) and the
 * import of a wishes file (every state of a wish in one row) both judge
 * and write states through this module; each words its own refusals of
 * a row, since an import names columns and the command names options.
 */
#ifndef BAODAO_WISHSTATE_H
#define BAODAO_WISHSTATE_H

#include <sqlite3.h>

#include "db.h"
#include "util.h"

/* The steps, as wish_state.step numbers them. */
enum wishstate_step {
	WISHSTATE_NONE, WISHSTATE_ORDERED, WISHSTATE_DISPATCHED, WISHSTATE_TAKEN,
	WISHSTATE_DONE, WISHSTATE_RATED
};
#define WISHSTATE_N	5

/* What a step records besides its date. */
enum wishstate_actor {
	WISHSTATE_ACTOR_NONE, WISHSTATE_ACTOR_BRANCH, WISHSTATE_ACTOR_MEMBER,
	WISHSTATE_ACTOR_RATING
};

/* One state of one wish, as a wish_state row holds it. */
struct wishstate {
	int have;
	char date[11];
	long long branch, member;	/* 0 for NULL */
	char rating[16];		/* "" for NULL */
};

const char *wishstate_name(int step);	/* as stored: "ordered", ... */
const char *wishstate_label(int step);	/* in the user's language */
enum wishstate_actor wishstate_actor(int step);

/* Whether the wish CODE (EXISTS or not, its last state LAST dated
 * LASTDATE) may take STEP on DATE.  Returns 0, or -1 with e set to one
 * line saying what the wish is waiting for (EXIT_USAGE). */
int   wishstate_check_next(const char *code, int exists, int last,
          const char *lastdate, int step, const char *date, struct error *e);

/* Why state S (step STEP) of a wish of COMMUNITY may not be recorded, as
 * one line in BUF; NULL when it may.  No state is dated after TODAY; the
 * branch that dispatches is the community's own (its branch, or one
 * designated to it) or one of a unit paired with it; the member who takes
 * is neither retired on that date nor exempt.  HELD, when not NULL,
 * keeps the two statements asked between calls (the caller finalizes
 * them); NULL prepares them for this call alone. */
const char *wishstate_refusal(struct db *db, long long community, int step,
          const struct wishstate *s, const char *today, char *buf, size_t n,
          sqlite3_stmt *held[2]);

/* A row of states, indexed by step (0 unused), as an import reads it. */
struct wishstate_row {
	int given[WISHSTATE_N + 1];		/* the state is filled in */
	int actor[WISHSTATE_N + 1];		/* its branch or member is */
	const char *date[WISHSTATE_N + 1];	/* its date; NULL: none */
};

/* What is wrong with a row, at STEP: */
enum wishstate_fault {
	WISHSTATE_WITHOUT_STEP,		/* given, the step before it not */
	WISHSTATE_WITHOUT_ACTOR,	/* given without its branch or member */
	WISHSTATE_ACTOR_ALONE,		/* a branch or member without the step */
	WISHSTATE_EARLIER		/* dated before the step before it */
};

/* Call REPORT for each fault of ROW: first what is missing, by step, then
 * the dates out of order. */
void  wishstate_check_row(const struct wishstate_row *row,
          void (*report)(void *arg, enum wishstate_fault f, int step), void *arg);

/* The statements that read a wish's states (?1 the wish id), insert one
 * and update one (both bound by wishstate_bind()). */
extern const char wishstate_sql_load[], wishstate_sql_insert[],
    wishstate_sql_update[];

/* Read the states of wish ID with LOAD into old[step - 1].  Returns
 * SQLITE_DONE, or the error code of the step that failed; resets LOAD. */
int   wishstate_load(sqlite3_stmt *load, long long id,
          struct wishstate old[WISHSTATE_N]);

/* Bind state STEP of wish ID to ST, an insert or an update. */
void  wishstate_bind(sqlite3_stmt *st, long long id, int step,
          const struct wishstate *s);

/* One write bringing the stored states in line with the wanted ones. */
struct wishstate_write {
	int step;
	int insert;		/* 1: a new row; 0: an update */
};

/* The writes that make OLD what WANT gives (states WANT lacks are left
 * alone), in an order the schema's triggers accept.  Returns how many. */
int   wishstate_plan(const struct wishstate want[WISHSTATE_N],
          const struct wishstate old[WISHSTATE_N],
          struct wishstate_write out[WISHSTATE_N]);

#endif
