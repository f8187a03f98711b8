/*
 * cmd_import.c - `baodao import KIND FILE`: one CSV file into the
 * records, all rows or none.
 */
#include <stdio.h>

#include "cmd.h"
#include "import.h"

static const struct opt cmd_import_opts[] = {
	{ "--dry-run", NULL, "check every row and report; write nothing", 0 },
	{ "--ignore-extra", NULL, "ignore columns the kind does not have", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_import_decl = {
	"import", "import KIND FILE [--dry-run] [--ignore-extra]",
	"Load a CSV file.  KIND: orgs members registrations posts claims activities\n"
	"suggestions pairings wishes org_events breaches.  All rows or none are\n"
	"written; each bad row is reported as FILE:ROW:COLUMN: message.",
	cmd_import_opts, 2, 2, "KIND and FILE"
};

/* Bad rows go to stderr one line each; the counts to stdout. */
static int
cmd_import_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct import_opts io = { 0 };
	struct import_stats st = { 0 };
	struct import_errors errs = { 0 };
	struct opt_args a;
	struct db db;
	int rc = -1;

	if (opt_parse(&cmd_import_decl, argc, argv, &a, &c->err) != 0 ||
	    cmd_open(c, &db) != 0)
		goto out;
	io.dry_run = opt_has(&a, "--dry-run");
	io.ignore_extra = opt_has(&a, "--ignore-extra");
	rc = import_file(&db, a.pos[0], a.pos[1], &io, &st, &errs, &c->err);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.line[i]);
	import_errors_free(&errs);
	db_close(&db);
	if (rc == 0)
		printf(tr("%s: %ld rows: %ld inserted, %ld updated, %ld unchanged%s\n",
		    "%s: %ld 行：新增 %ld，更新 %ld，未变 %ld%s\n"), a.pos[1], st.rows,
		    st.inserted, st.updated, st.unchanged, io.dry_run ?
		    tr(" (dry run, nothing written)", "（试运行，未写入）") : "");
	else
		rc = -1;
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_import = { &cmd_import_decl, cmd_import_run, NULL };
