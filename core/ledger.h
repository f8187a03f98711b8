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

#include "config.h"
#include "util.h"

int   ledger_command(const struct config *cfg, const char *db_path, int argc, char **argv,
          struct error *e);

#endif
