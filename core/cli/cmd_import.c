/*
 * cmd_import.c - `baodao import KIND FILE`: one CSV file or workbook
 * sheet into the records, all rows or none.
 */
#include <stdio.h>

#include "cmd.h"
#include "import.h"
#include "plugin.h"
#include "progress.h"
#include "record.h"

static const struct opt cmd_import_opts[] = {
	{ "--dry-run", NULL, "check every row and report; write nothing", 0 },
	{ "--ignore-extra", NULL, "ignore columns the kind does not have", 0 },
	{ "--sheet", "NAME", "read the workbook's sheet NAME (default: the first)", 0 },
	{ "--errors", "FILE", "write the rejected rows to FILE (.csv or .xlsx) with a reason "
	  "column", 0 },
	{ "--reason", "TEXT", "why records are changed (kept in their history)", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_import_decl = {
	"import", "import KIND FILE [--sheet NAME] [--errors FILE] [--reason TEXT] [--dry-run] "
	"[--ignore-extra]",
	"Load a CSV file or an .xlsx workbook's sheet of one kind of record.\n"
	"All rows or none are written; each bad row is reported as\n"
	"FILE:ROW:COLUMN: message (FILE:SHEET!CELL: message from a workbook).\n"
	"Title rows above the header and a 序号 column are skipped.  The kinds\n"
	"of org_events and member_events are the words the packs declare (the\n"
	"installed packs, or the pack path's when none is installed).",
	cmd_import_opts, 2, 2, "KIND and FILE",
	CONFIG_ROLE_CLERK | CONFIG_ROLE_ADMIN
};

/* Bad rows go to stderr one line each; the counts to stdout. */
static int
cmd_import_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct import_opts io = { 0 };
	struct import_stats st = { 0 };
	double t0;
	struct import_errors errs = { 0 };
	struct record_vocab vocab = { 0 };
	struct opt_args a;
	struct db db;
	int rc = -1;

	if (opt_parse(&cmd_import_decl, argc, argv, &a, &c->err) != 0 ||
	    cmd_open(c, &db) != 0)
		goto out;
	if (cmd_vocab(c, &db, a.pos[0], &vocab, &io.vocab) != 0) {
		db_close(&db);
		goto out;
	}
	io.dry_run = opt_has(&a, "--dry-run");
	io.ignore_extra = opt_has(&a, "--ignore-extra");
	io.reason = opt_get(&a, "--reason");
	io.max_bytes = c->cfg.max_import_bytes;
	io.max_sheet_rows = c->cfg.max_sheet_rows;
	io.max_sheet_cells = c->cfg.max_sheet_cells;
	io.sheet = opt_get(&a, "--sheet");
	io.errors_path = opt_get(&a, "--errors");
	io.plugin_why = plugin_why_missing;
	t0 = progress_clock();
	rc = import_file(&db, a.pos[0], a.pos[1], &io, &st, &errs, &c->err);
	record_vocab_free(&vocab);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.line[i]);
	import_errors_free(&errs);
	db_close(&db);
	if (rc == 0) {
		printf(tr("%s: %ld rows: %ld inserted, %ld updated, %ld unchanged%s\n",
		    "%s: %ld 行：新增 %ld，更新 %ld，未变 %ld%s\n"), a.pos[1], st.rows,
		    st.inserted, st.updated, st.unchanged, io.dry_run ?
		    tr(" (dry run, nothing written)", "（试运行，未写入）") : "");
		fflush(stdout);
		/* The one line the progress bar leaves, in rows per second. */
		progress_summary(a.pos[0], st.rows, tr("rows", "行"), progress_clock() - t0);
	} else {
		if (st.written_back > 0)
			fprintf(stderr, tr("%s: %ld rejected rows written, with their reasons; fix "
			    "them there and import that file\n", "%s: 已写出 %ld 个有误的行及原因；"
			    "请在其中改正后导入该文件\n"), io.errors_path, st.written_back);
		rc = -1;
	}
out:
	opt_args_free(&a);
	return rc;
}

/* The kinds follow the options (record_help), in the locale's language. */
static void
cmd_import_help(FILE *f)
{
	record_help(f, opt_tr);
}

const struct cmd cmd_import = { &cmd_import_decl, cmd_import_run, NULL, cmd_import_help };
