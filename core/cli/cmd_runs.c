/*
 * cmd_runs.c - `baodao runs`: the stored runs listed, newest first;
 * `runs prune` removes the older unpinned ones, `runs pin` and
 * `runs unpin` keep one from being pruned.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "emit.h"
#include "run.h"

static const struct opt cmd_runs_list_opts[] = {
	{ "--pack", "ID", "only the runs of this pack", 0 },
	{ "--year", "Y", "only the runs of this year", 0 },
	{ NULL, NULL, NULL, 0 }
};
static const struct opt cmd_runs_prune_opts[] = {
	{ "--keep", "N", "the finished runs kept of each pack and year (0 or more)", 1 },
	{ "--pack", "ID", "prune only the runs of this pack", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_runs_prune = {
	"runs prune", "runs prune --keep N [--pack ID]",
	"Keep the newest N finished runs of each pack and year, and the pinned\n"
	"ones; the others, and failed runs older than those kept, are removed in\n"
	"one transaction.",
	cmd_runs_prune_opts, 0, 0, NULL,
	CONFIG_ROLE_ADMIN
};
static const struct opt_cmd cmd_runs_pin = {
	"runs pin", "runs pin RUN", "A pinned run is never pruned.", NULL, 1, 1, "a RUN number",
	CONFIG_ROLE_ADMIN
};
static const struct opt_cmd cmd_runs_unpin = {
	"runs unpin", "runs unpin RUN", "The run may be pruned again.", NULL, 1, 1,
	"a RUN number",
	CONFIG_ROLE_ADMIN
};

static const struct opt_cmd *const cmd_runs_subs[] = {
	&cmd_runs_prune, &cmd_runs_pin, &cmd_runs_unpin, NULL
};

static const struct opt_cmd cmd_runs_decl = {
	"runs", "runs [--pack ID] [--year Y] | prune --keep N [--pack ID] | pin|unpin RUN",
	"The stored runs, newest first: number, pack, version, year, as-of date,\n"
	"started, finished, status, members, whether pinned, and whether forced\n"
	"(evaluated with a version outside its dates: evaluate --force).\n"
	"  runs prune --keep N [--pack ID]  keep the newest N finished runs of each\n"
	"                                   pack and year, and the pinned ones; the\n"
	"                                   others, and failed runs older than those\n"
	"                                   kept, are removed in one transaction\n"
	"  runs pin RUN, runs unpin RUN      a pinned run is never pruned",
	cmd_runs_list_opts, 0, 0, NULL,
	OPT_ANYONE
};

/* run_list() callback: one line per run, to the writer ARG. */
static void
cmd_runs_line(const struct run_entry *r, void *arg)
{
	emit_textf(arg, "%-6lld %-12s %-10s %4d %-10s %-20s %-20s %-8s %7ld %-6s %s\n", r->id,
	    r->pack, r->version, r->year, r->as_of, r->started, r->finished ? r->finished : "-",
	    r->status, r->members, r->pinned ? tr("pinned", "已固定") : "-",
	    r->forced ? tr("forced", "强制") : "-");
}

/* runs [--pack ID] [--year Y]: every run, newest first. */
static int
cmd_runs_list(struct cmd_ctx *c, const struct opt_args *a)
{
	const char *year = opt_get(a, "--year");
	struct emit *w;
	struct db db;
	int y = 0, rc;

	if ((year && opt_year(a->cmd, year, &y, &c->err) != 0) || cmd_open_ro(c, &db) != 0)
		return -1;
	w = emit_open_file(stdout, "text", &c->err);
	emit_textf(w, "%-6s %-12s %-10s %4s %-10s %-20s %-20s %-8s %7s %-6s %s\n", "run", "pack",
	    "version", "year", "as-of", "started", "finished", "status", "members", "pinned",
	    "forced");
	rc = run_list(&db, opt_get(a, "--pack"), y, cmd_runs_line, w, &c->err);
	db_close(&db);
	if (emit_close(w) != 0)
		rc = -1;
	return rc;
}

/* runs prune --keep N [--pack ID] */
static int
cmd_runs_prune_run(struct cmd_ctx *c, const struct opt_args *a)
{
	long long n;
	long removed;
	struct db db;
	int rc;

	if (opt_int(a->cmd, "--keep", opt_get(a, "--keep"), 0, 1000000, &n, &c->err) != 0)
		return -1;
	if (cmd_open(c, &db) != 0)
		return -1;
	rc = run_prune(&db, (long)n, opt_get(a, "--pack"), &removed, &c->err);
	db_close(&db);
	if (rc != 0)
		return -1;
	printf(tr("%ld runs removed\n", "已删除 %ld 次评议\n"), removed);
	return 0;
}

/* runs pin RUN, runs unpin RUN */
static int
cmd_runs_pin_run(struct cmd_ctx *c, const struct opt_args *a)
{
	long long id;
	struct db db;
	int rc;

	if (opt_int(a->cmd, "RUN", a->pos[0], 1, LLONG_MAX, &id, &c->err) != 0)
		return -1;
	if (cmd_open(c, &db) != 0)
		return -1;
	rc = run_pin(&db, id, a->cmd == &cmd_runs_pin, &c->err);
	db_close(&db);
	return rc;
}

/* The subcommand argv[1] names, with its own options; else the list. */
static int
cmd_runs_run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct opt_cmd *sub = cmd_sub(&cmd_runs, argc, argv);
	struct opt_args a;
	int rc = -1;

	if (sub == NULL) {
		if (opt_parse(&cmd_runs_decl, argc, argv, &a, &c->err) == 0)
			rc = cmd_runs_list(c, &a);
	} else if (opt_parse(sub, argc - 1, argv + 1, &a, &c->err) == 0) {
		rc = sub == &cmd_runs_prune ? cmd_runs_prune_run(c, &a) : cmd_runs_pin_run(c, &a);
	}
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_runs = { &cmd_runs_decl, cmd_runs_run, cmd_runs_subs, NULL };
