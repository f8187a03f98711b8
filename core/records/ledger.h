/*
 * ledger.h - the 爱心银行 points card of a member:
 *
 *   baodao ledger earn MEMBER POINTS --reason TEXT [--date D]   活动享积分
 *   baodao ledger spend MEMBER POINTS --reason TEXT [--date D]  积分享服务
 *   baodao ledger show MEMBER                                   the card and balance
 *   baodao ledger credit YEAR POINTS   活动享积分: POINTS for each complete
 *                                      activity record of YEAR, once each
 *
 * Points are whole numbers.  Spending more than the balance is refused
 * (the database enforces it too), and so is spending dated before the
 * points it would use were earned.  Each entry is one transaction with
 * an audit row.
 */
#ifndef BAODAO_LEDGER_H
#define BAODAO_LEDGER_H

#include "db.h"
#include "util.h"

/* The most points one entry may carry: a balance of such entries cannot
 * overflow in any card a person could fill. */
#define LEDGER_POINTS_MAX 1000000000LL

/* One entry on a member's card, or (sign 0) the card to show. */
struct ledger_opts {
	int sign;                     /* +1 earn, -1 spend, 0 show */
	const char *member;           /* the member's id (code) */
	const char *reason;
	long long points;             /* above 0 */
	char date[11];                /* ISO date of the entry */
};

/* Print the card and balance of o->member (sign 0), or record one entry
 * with its audit row in one transaction.  0, or -1 with e set. */
int   ledger_card(struct db *db, const struct ledger_opts *o, struct error *e);

/* 活动享积分: POINTS for each complete activity record of YEAR not yet
 * credited, in one transaction. */
int   ledger_credit(struct db *db, int year, long long points, struct error *e);

#endif
