/*
 * cmd_ledger.c - `baodao ledger`: the 爱心银行 card of a member (earn,
 * spend, show) and the year's activities credited (credit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "ledger.h"

static const struct opt cmd_ledger_entry_opts[] = {
	{ "--reason", "TEXT", "what the points are for", 1 },
	{ "--date", "D", "the date of the entry (default: today)", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_ledger_earn = {
	"ledger earn", "ledger earn MEMBER POINTS --reason TEXT [--date D]",
	"活动享积分: points earned.", cmd_ledger_entry_opts, 2, 2, "MEMBER and POINTS",
	CONFIG_ROLE_CLERK
};
static const struct opt_cmd cmd_ledger_spend = {
	"ledger spend", "ledger spend MEMBER POINTS --reason TEXT [--date D]",
	"积分享服务: points spent; never more than the card holds on any day.",
	cmd_ledger_entry_opts, 2, 2, "MEMBER and POINTS",
	CONFIG_ROLE_CLERK
};
static const struct opt_cmd cmd_ledger_show = {
	"ledger show", "ledger show MEMBER", "The card and its balance.", NULL, 1, 1, "MEMBER",
	OPT_ANYONE
};
static const struct opt_cmd cmd_ledger_credit = {
	"ledger credit", "ledger credit YEAR POINTS",
	"POINTS for each complete activity record of YEAR, once each.", NULL, 2, 2,
	"YEAR and POINTS",
	CONFIG_ROLE_CLERK
};

static const struct opt_cmd *const cmd_ledger_subs[] = {
	&cmd_ledger_earn, &cmd_ledger_spend, &cmd_ledger_show, &cmd_ledger_credit, NULL
};

static const struct opt_cmd cmd_ledger_decl = {
	"ledger",
	"ledger earn|spend MEMBER POINTS --reason TEXT [--date D] | show MEMBER | credit YEAR POINTS",
	"The 爱心银行 card of a member: points earned by activities (活动享积分) and\n"
	"spent on services (积分享服务).  The balance never goes below zero, on any\n"
	"day: spending more than the card holds then is refused.  The date defaults\n"
	"to today.  'ledger credit YEAR POINTS' credits every complete activity\n"
	"record of the year with POINTS, once (running it again adds nothing).",
	NULL, 0, 0, NULL,
	OPT_ANYONE
};

/* ledger credit YEAR POINTS */
static int
cmd_ledger_credit_run(struct cmd_ctx *c, const struct opt_args *a)
{
	int year;
	long long points;
	struct db db;
	int rc;

	if (opt_year(a->cmd, a->pos[0], &year, &c->err) != 0 ||
	    opt_int(a->cmd, "POINTS", a->pos[1], 1, LEDGER_POINTS_MAX, &points, &c->err) != 0)
		return -1;
	if (cmd_open(c, &db) != 0)
		return -1;
	rc = ledger_credit(&db, year, points, &c->err);
	db_close(&db);
	return rc;
}

/* ledger earn|spend|show */
static int
cmd_ledger_card_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct ledger_opts lo = { 0 };
	const char *date = opt_get(a, "--date");
	struct db db;
	int rc;

	lo.sign = a->cmd == &cmd_ledger_earn ? 1 : a->cmd == &cmd_ledger_spend ? -1 : 0;
	lo.member = a->pos[0];
	lo.reason = opt_get(a, "--reason");
	if (lo.sign != 0 && opt_int(a->cmd, "POINTS", a->pos[1], 1, LEDGER_POINTS_MAX,
	    &lo.points, &c->err) != 0)
		return -1;
	if (lo.sign != 0 && util_empty(lo.reason))
		return opt_usage(a->cmd, &c->err, "%s", tr("--reason TEXT must not be empty",
		    "--reason 不能为空"));
	if (date == NULL)
		cmd_today(lo.date);
	else if (date_parse(date, lo.date) != 0)
		return opt_usage(a->cmd, &c->err, "bad date '%s'", date);
	if ((lo.sign == 0 ? cmd_open_ro(c, &db) : cmd_open(c, &db)) != 0)
		return -1;
	rc = ledger_card(&db, &lo, &c->err);
	db_close(&db);
	return rc;
}

/* The subcommand argv[1] names, with its own options. */
static int
cmd_ledger_run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct opt_cmd *sub = cmd_sub(&cmd_ledger, argc, argv);
	struct opt_args a;
	int rc = -1;

	if (sub == NULL)
		return opt_usage(&cmd_ledger_decl, &c->err, "%s", argc > 1 ?
		    tr("unknown subcommand", "未知的子命令") : tr("needs a subcommand", "需要子命令"));
	if (opt_parse(sub, argc - 1, argv + 1, &a, &c->err) == 0)
		rc = sub == &cmd_ledger_credit ? cmd_ledger_credit_run(c, &a) :
		    cmd_ledger_card_run(c, &a);
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_ledger = { &cmd_ledger_decl, cmd_ledger_run, cmd_ledger_subs, NULL };
