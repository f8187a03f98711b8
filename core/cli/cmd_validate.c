/*
 * cmd_validate.c - `baodao validate`: a pack's record checks and the
 * core's own over the records (dates, and the integrity of hours);
 * nothing is written.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "date.h"
#include "emit.h"
#include "validate.h"

static const struct opt cmd_validate_opts[] = {
	{ "--pack", "ID", "the pack whose checks run", 1 },
	{ "--year", "Y", "check only the records dated in this year", 0 },
	{ "--as-of", "DATE", "records dated after it are findings (default: today)", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_validate_decl = {
	"validate", "validate --pack ID [--year Y] [--as-of DATE]",
	"Run a pack's record checks (phone numbers, unit codes, record cards that\n"
	"will not count, ...) and the core's own: no record dated after the as-of\n"
	"date (today by default), and hours that cannot be padded (a member's day\n"
	"over max_day_hours, a record the member signed, a verifier signing more\n"
	"than max_day_verifications records of a community in a day, records\n"
	"before registration or after retirement, duplicates under another id;\n"
	"each names the activity's id, the member and the unit).  With --year,\n"
	"only the records dated in that year are checked, as of its last day when\n"
	"it is past.  Each finding: RECORD: FIELD: message [check; clause].  Exit 1\n"
	"when there are findings.  Nothing is written.",
	cmd_validate_opts, 0, 0, NULL,
	OPT_ANYONE
};

/* --year, and --as-of (today by default) as the period checked. */
static int
cmd_validate_opts_read(const struct opt_args *a, struct validate_opts *vo,
    struct error *e)
{
	const char *year = opt_get(a, "--year"), *as_of = opt_get(a, "--as-of");
	char iso[11];

	if (year && opt_year(a->cmd, year, &vo->year, e) != 0)
		return -1;
	if (as_of == NULL) {
		cmd_today(iso);
		/* A past year is checked as it stood at its end. */
		if (vo->year && vo->year < date_year(iso))
			snprintf(iso, sizeof iso, "%04d-12-31", vo->year);
	} else if (date_parse(as_of, iso) != 0) {
		return opt_usage(a->cmd, e, "bad date '%s'", as_of);
	}
	facts_period_init(&vo->per, vo->year ? vo->year : date_year(iso), iso);
	vo->pack = opt_get(a, "--pack");
	return 0;
}

/* The findings are printed as they are found; then their count. */
static int
cmd_validate_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct validate_opts vo = { 0 };
	struct opt_args a;
	long findings = 0;
	struct db db;
	int rc = -1;

	if (opt_parse(&cmd_validate_decl, argc, argv, &a, &c->err) != 0 ||
	    cmd_validate_opts_read(&a, &vo, &c->err) != 0 || cmd_open_ro(c, &db) != 0)
		goto out;
	vo.out = emit_open_file(stdout, "text", &c->err);
	rc = validate_records(&db, &c->cfg, &vo, &findings, &c->err);
	db_close(&db);
	if (rc == 0 && findings == 0)
		emit_textf(vo.out, "%s\n", tr("no findings", "未发现问题"));
	else if (rc == 0)
		emit_textf(vo.out, tr("%ld findings\n", "发现 %ld 处问题\n"), findings);
	if (emit_close(vo.out) != 0)
		rc = -1;
	if (rc != 0)
		goto out;
	rc = findings ? EXIT_FOUND : 0;
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_validate = { &cmd_validate_decl, cmd_validate_run, NULL, NULL };
