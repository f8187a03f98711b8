/*
 * wish.h - the 三单制 wish workflow, one state change per call:
 *
 *   baodao wish order ID --community CODE [--resident NAME] [--content TEXT] [--date D]
 *   baodao wish dispatch ID --branch CODE [--date D]       支部下单
 *   baodao wish take ID --member ID [--date D]             党员接单
 *   baodao wish done ID [--date D]
 *   baodao wish rate ID --rating 优|良|一般 [--date D]
 *   baodao wish show ID
 *
 * A wish moves ordered -> dispatched -> taken -> done -> rated and never
 * skips or repeats a state, nor goes back in time: each refusal is one
 * line saying what the wish is waiting for.  No state is dated after
 * today, the branch serves the wish's community and the taker is neither
 * retired nor exempt (wishstate_refusal()).  The date defaults to today
 * (a clerk records what happened); each change is one transaction with
 * an audit row.
 */
#ifndef BAODAO_WISH_H
#define BAODAO_WISH_H

#include "db.h"
#include "util.h"

/* The states in order; WISH_SHOW changes nothing. */
enum wish_step { WISH_SHOW, WISH_ORDER, WISH_DISPATCH, WISH_TAKE, WISH_DONE, WISH_RATE };

/* One change of a wish, or (WISH_SHOW) its states to print. */
struct wish_opts {
	int step;                     /* a WISH_* of enum wish_step */
	const char *id;               /* the wish's code */
	const char *community, *resident, *content;   /* WISH_ORDER */
	const char *branch;           /* WISH_DISPATCH */
	const char *member;           /* WISH_TAKE */
	const char *rating;           /* WISH_RATE: 优 良 一般 */
	char date[11];                /* ISO date of the change */
};

/* Record the change o describes (one transaction with its audit row),
 * or print the wish's states.  0, or -1 with e set. */
int   wish_run(struct db *db, const struct wish_opts *o, struct error *e);

#endif
