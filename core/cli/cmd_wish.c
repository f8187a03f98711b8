/*
 * cmd_wish.c - `baodao wish STEP ID`: one state change of a 微心愿 (三单制),
 * or its states shown.
 */
#include <stdio.h>

#include "cmd.h"
#include "date.h"
#include "wish.h"

#define CMD_WISH_DATE { "--date", "D", "the date of the change (default: today)", 0 }
#define CMD_WISH_END { NULL, NULL, NULL, 0 }

static const struct opt cmd_wish_order_opts[] = {
	{ "--community", "CODE", "the community the resident asked", 1 },
	{ "--resident", "NAME", "who asked", 0 },
	{ "--content", "TEXT", "what was asked for", 0 },
	CMD_WISH_DATE, CMD_WISH_END
};
static const struct opt cmd_wish_dispatch_opts[] = {
	{ "--branch", "CODE", "the branch that takes the order (支部下单)", 1 },
	CMD_WISH_DATE, CMD_WISH_END
};
static const struct opt cmd_wish_take_opts[] = {
	{ "--member", "ID", "the member who takes it (党员接单)", 1 },
	CMD_WISH_DATE, CMD_WISH_END
};
static const struct opt cmd_wish_done_opts[] = { CMD_WISH_DATE, CMD_WISH_END };
static const struct opt cmd_wish_rate_opts[] = {
	{ "--rating", "R", "优, 良 or 一般", 1 },
	CMD_WISH_DATE, CMD_WISH_END
};

/* Indexed by enum wish_step. */
static const struct opt_cmd cmd_wish_steps[] = {
	{ "wish show", "wish show ID", "The states of the wish so far.", NULL, 1, 1, "ID",
	  OPT_ANYONE },
	{ "wish order", "wish order ID --community CODE [--resident NAME] [--content TEXT]"
	  " [--date D]", "居民点单: a resident's wish recorded.", cmd_wish_order_opts, 1, 1,
	  "ID", CONFIG_ROLE_CLERK },
	{ "wish dispatch", "wish dispatch ID --branch CODE [--date D]", "支部下单",
	  cmd_wish_dispatch_opts, 1, 1, "ID", CONFIG_ROLE_CLERK },
	{ "wish take", "wish take ID --member ID [--date D]", "党员接单",
	  cmd_wish_take_opts, 1, 1, "ID", CONFIG_ROLE_CLERK },
	{ "wish done", "wish done ID [--date D]", "The wish fulfilled.", cmd_wish_done_opts,
	  1, 1, "ID", CONFIG_ROLE_CLERK },
	{ "wish rate", "wish rate ID --rating 优|良|一般 [--date D]", "The resident's rating.",
	  cmd_wish_rate_opts, 1, 1, "ID", CONFIG_ROLE_CLERK },
};

static const struct opt_cmd *const cmd_wish_subs[] = {
	&cmd_wish_steps[WISH_ORDER], &cmd_wish_steps[WISH_DISPATCH], &cmd_wish_steps[WISH_TAKE],
	&cmd_wish_steps[WISH_DONE], &cmd_wish_steps[WISH_RATE], &cmd_wish_steps[WISH_SHOW], NULL
};

static const struct opt_cmd cmd_wish_decl = {
	"wish", "wish order|dispatch|take|done|rate|show ID [options]",
	"The 三单制 workflow of a 微心愿, one state change per call:\n"
	"  wish order ID --community CODE [--resident NAME] [--content TEXT] [--date D]\n"
	"  wish dispatch ID --branch CODE [--date D]     支部下单\n"
	"  wish take ID --member ID [--date D]           党员接单\n"
	"  wish done ID [--date D]\n"
	"  wish rate ID --rating 优|良|一般 [--date D]\n"
	"  wish show ID\n"
	"A state skipped or repeated, or dated before the one it follows, is refused.\n"
	"The date defaults to today.",
	NULL, 0, 0, NULL,
	OPT_ANYONE
};

/* The step is the declaration parsed against; the date defaults to today. */
static int
cmd_wish_opts_read(const struct opt_args *a, struct wish_opts *wo, struct error *e)
{
	const char *date = opt_get(a, "--date");

	wo->step = (int)(a->cmd - cmd_wish_steps);
	wo->id = a->pos[0];
	wo->community = opt_get(a, "--community");
	wo->resident = opt_get(a, "--resident");
	wo->content = opt_get(a, "--content");
	wo->branch = opt_get(a, "--branch");
	wo->member = opt_get(a, "--member");
	wo->rating = opt_get(a, "--rating");
	if (date == NULL)
		cmd_today(wo->date);
	else if (date_parse(date, wo->date) != 0)
		return opt_usage(a->cmd, e, tr("bad date '%s'", "日期无效 '%s'"), date);
	return 0;
}

/* The step argv[1] names, with its own options. */
static int
cmd_wish_run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct opt_cmd *sub = cmd_sub(&cmd_wish, argc, argv);
	struct wish_opts wo = { 0 };
	struct opt_args a;
	struct db db;
	int rc = -1;

	if (sub == NULL)
		return opt_usage(&cmd_wish_decl, &c->err, "%s", argc > 1 ?
		    tr("unknown step", "未知的步骤") : tr("needs a step and a wish ID",
		    "需要步骤和心愿编号"));
	if (opt_parse(sub, argc - 1, argv + 1, &a, &c->err) == 0 &&
	    cmd_wish_opts_read(&a, &wo, &c->err) == 0 &&
	    (sub == &cmd_wish_steps[0] ? cmd_open_ro(c, &db) : cmd_open(c, &db)) == 0) {
		rc = wish_run(&db, &wo, &c->err);
		db_close(&db);
	}
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_wish = { &cmd_wish_decl, cmd_wish_run, cmd_wish_subs, NULL };
