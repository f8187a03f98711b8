/*
 * cmd_eval.c - `baodao evaluate` (a pack over the records, stored as one
 * run) and `baodao explain` (one member's or org's outcomes in a run).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "correct.h"
#include "date.h"
#include "eval.h"
#include "facts.h"
#include "pack.h"
#include "progress.h"
#include "report.h"
#include "store.h"

static const struct opt cmd_eval_opts[] = {
	{ "--pack", "ID", "the pack: ID, ID@VERSION or a folder", 1 },
	{ "--year", "Y", "the year evaluated", 0 },
	{ "--jobs", "N", "worker threads (1 to 256; default: the configuration's)", 0 },
	{ "--org", "CODE", "only the members and orgs under this org", 0 },
	{ "--as-of", "DATE", "records up to this date of the year (default: its end)", 0 },
	{ "--quiet", NULL, "no rule errors on stderr, only their count", 0 },
	{ "--force", NULL, "use ID@VERSION outside its dates (the run is marked)", 0 },
	{ "--as-recorded", "WHEN", "the records as they stood then (a date, or a run's start)",
	  0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_eval_decl = {
	"evaluate",
	"evaluate --pack ID --year Y [--jobs N] [--org CODE] [--as-of DATE] [--quiet] [--force]"
	" [--as-recorded WHEN]",
	"Evaluate every member and org in scope with a rule pack and store the run.\n"
	"Exit 1 when a rule raised an error for some member or org (a finding; the\n"
	"requirement is 'error' for it, never a pass, and its grade and award are\n"
	"undetermined; the run is stored all the same).\n"
	"--pack ID uses the installed version in force in the year; ID@VERSION\n"
	"outside its dates is refused unless --force, and the run is marked forced.\n"
	"--as-recorded WHEN reads the records as they stood at WHEN (a date: its\n"
	"end; or YYYY-MM-DDTHH:MM:SSZ, as runs shows a run's start): corrections\n"
	"made since undone, records imported since left out.  The run keeps WHEN.",
	cmd_eval_opts, 0, 0, NULL,
	CONFIG_ROLE_ADMIN
};

/* The options as eval_run() takes them; iso holds the as-of date, when
 * the --as-recorded time. */
static int
cmd_eval_opts_read(const struct opt_args *a, struct eval_opts *eo, char iso[11],
    char when[24], struct error *e)
{
	const char *jobs = opt_get(a, "--jobs"), *as_of = opt_get(a, "--as-of");
	const char *rec = opt_get(a, "--as-recorded");

	if (opt_year(a->cmd, opt_get(a, "--year"), &eo->year, e) != 0)
		return -1;
	if (jobs) {
		long long n;

		if (opt_int(a->cmd, "--jobs", jobs, 1, 256, &n, e) != 0)
			return -1;
		eo->jobs = (int)n;
	}
	if (as_of) {
		if (date_parse(as_of, iso) != 0 || date_year(iso) != eo->year)
			return opt_usage(a->cmd, e, "--as-of '%s' must be a date in the year", as_of);
		eo->as_of = iso;
	}
	if (rec) {
		if (correct_when(rec, when) != 0)
			return opt_usage(a->cmd, e, tr("--as-recorded '%s' must be a date or"
			    " YYYY-MM-DDTHH:MM:SSZ", "--as-recorded '%s' 应为日期或"
			    " YYYY-MM-DDTHH:MM:SSZ"), rec);
		eo->as_recorded = when;
	}
	eo->org = opt_get(a, "--org");
	eo->quiet = opt_has(a, "--quiet");
	return 0;
}

/* The pack is resolved for the year and loaded for the as-of date here:
 * eval_run() takes it loaded. */
static int
cmd_eval_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct eval_opts eo = { 0 };
	struct eval_summary sum;
	struct facts_period per;
	struct pack_info pi;
	struct pack p;
	struct opt_args a;
	char iso[11], when[24];
	struct db db;
	double t0 = progress_clock();
	int rc = -1;

	if (opt_parse(&cmd_eval_decl, argc, argv, &a, &c->err) != 0 ||
	    cmd_eval_opts_read(&a, &eo, iso, when, &c->err) != 0 || cmd_open(c, &db) != 0)
		goto out;
	facts_period_init(&per, eo.year, eo.as_of);
	if (store_check_dates(&db, opt_get(&a, "--pack"), eo.year, opt_has(&a, "--force"),
	    &eo.forced, &c->err) == 0 &&
	    store_load(&c->cfg, &db, opt_get(&a, "--pack"), &per, &pi, &p, &c->err) == 0) {
		rc = eval_run(&db, &c->cfg, &p, &eo, &sum, &c->err);
		store_unload(&pi, &p);
	}
	db_close(&db);
	if (rc != 0) {
		rc = -1;
		goto out;
	}
	printf(tr("run %lld: %ld members, %ld orgs; %ld pass, %ld fail, %ld n/a; %ld findings\n",
	    "第 %lld 次评议：党员 %ld 名，组织 %ld 个；达到 %ld，未达到 %ld，不适用 %ld；规则错误 %ld 条\n"),
	    sum.run_id, sum.members, sum.orgs, sum.pass, sum.fail, sum.na, sum.findings);
	fflush(stdout);
	/* The one line the progress bar leaves, in members per second. */
	progress_summary("evaluate", sum.members, tr("members", "名党员"), progress_clock() - t0);
	rc = sum.findings > 0 ? EXIT_FOUND : 0;
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_eval_evaluate = { &cmd_eval_decl, cmd_eval_run, NULL, NULL };

/* ---- explain ---- */

static const struct opt cmd_explain_opts[] = {
	{ "--pack", "ID", "the pack of the run", 1 },
	{ "--year", "Y", "the year of the run", 0 },
	{ "--org", "CODE", "explain this org instead of a member", 0 },
	{ "--json", NULL, "one JSON document", 0 },
	{ "--lang", "L", "the text in zh or en (default: the locale's)", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_explain_decl = {
	"explain", "explain MEMBER | --org CODE  --pack ID --year Y [--json] [--lang zh|en]",
	"Show every requirement of one member or org in the latest run: status,\n"
	"value, target, clause, message and the facts the rule read, as the run\n"
	"stored them.  Exit 2 when the pack has no run for the year.",
	cmd_explain_opts, 0, 1, NULL,
	OPT_ANYONE
};

/* explain MEMBER | --org CODE: the stored outcomes, and what each rule read. */
static int
cmd_explain_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct report_opts ro = { 0 };
	struct opt_args a;
	struct db db;
	int rc = -1;

	if (opt_parse(&cmd_explain_decl, argc, argv, &a, &c->err) != 0 ||
	    opt_year(&cmd_explain_decl, opt_get(&a, "--year"), &ro.year, &c->err) != 0)
		goto out;
	ro.pack = opt_get(&a, "--pack");
	ro.org = opt_get(&a, "--org");
	if ((a.npos == 1) == (ro.org != NULL)) {
		opt_usage(&cmd_explain_decl, &c->err, "%s", "give a MEMBER id or --org CODE");
		goto out;
	}
	ro.format = opt_has(&a, "--json") ? "json" : "text";
	if (opt_lang(&a, &ro.en, &c->err) != 0)
		goto out;
	/* The json keeps its fixed words; the text follows --lang when given. */
	if (opt_get(&a, "--lang") != NULL)
		util_lang_set(!ro.en);
	if (cmd_open_ro(c, &db) != 0)
		goto out;
	rc = report_explain(&db, &ro, a.npos ? a.pos[0] : NULL, stdout, &c->err);
	db_close(&db);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_eval_explain = { &cmd_explain_decl, cmd_explain_run, NULL, NULL };
