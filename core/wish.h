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
 * line saying what the wish is waiting for.  The date defaults to today
 * (a clerk records what happened); each change is one transaction with
 * an audit row.
 */
#ifndef BAODAO_WISH_H
#define BAODAO_WISH_H

#include "config.h"
#include "util.h"

int   wish_command(const struct config *cfg, const char *db_path, int argc, char **argv,
          struct error *e);

#endif
