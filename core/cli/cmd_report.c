/*
 * cmd_report.c - `baodao report NAME` (the results of a run, or one of a
 * pack's forms, to a file or stdout), `baodao report integrity` (the
 * core's checks of the records, per unit) and `baodao reports` (their
 * names).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "emit.h"
#include "form.h"
#include "report.h"
#include "summary.h"

static const struct opt cmd_report_opts[] = {
	{ "--pack", "ID", "the pack of the run", 1 },
	{ "--year", "Y", "the year of the run", 0 },
	{ "--org", "CODE", "only the members and orgs under this org", 0 },
	{ "--format", "F", "csv (the default), md or json", 0 },
	{ "-o", "FILE", "write to FILE (created mode 0600); - is stdout", 0 },
	{ "--output", "FILE", "the same as -o", 0 },
	{ "--reveal", NULL, "show phone numbers and addresses", 0 },
	{ "--lang", "L", "zh (the default: the notices' words) or en", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt cmd_report_integrity_opts[] = {
	{ "--year", "Y", "only the records dated in this year (default: all)", 0 },
	{ "--unit", "CODE", "only the findings of this org and the orgs under it", 0 },
	{ "--format", "F", "csv (the default), md or json", 0 },
	{ "-o", "FILE", "write to FILE (created mode 0600); - is stdout", 0 },
	{ "--output", "FILE", "the same as -o", 0 },
	{ "--lang", "L", "zh (the default: the notices' words) or en", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_report_integrity = {
	"report integrity",
	"report integrity [--year Y] [--unit CODE] [--format csv|md|json] [-o FILE] [--lang zh|en]",
	"List, unit by unit with each unit's count, what validate's integrity checks\n"
	"find in the records as they stand (no run is needed): a member's hours of\n"
	"a day over max_day_hours, a record the member signed, a verifier signing\n"
	"more than max_day_verifications records of a community in a day, records\n"
	"before the member's registration or after retirement, and duplicates\n"
	"under another id.  A verifier's findings are listed under the community.",
	cmd_report_integrity_opts, 0, 0, NULL,
	OPT_ANYONE
};

static const struct opt_cmd *const cmd_report_subs[] = { &cmd_report_integrity, NULL };

static const struct opt_cmd cmd_report_decl = {
	"report",
	"report NAME --pack ID --year Y [--org CODE] [--format csv|md|json] [-o FILE] [--reveal]\n"
	"       [--lang zh|en]\n"
	"       baodao report integrity [--year Y] [--unit CODE] [--format F] [-o FILE] [--lang L]",
	"Write a report: 'results' (the latest run's outcomes), 'summary' (the year\n"
	"per unit: grades or stars, reporting and post-claim rates against the\n"
	"pack's target, service hours per month, the change from the year before's\n"
	"run; charts in html) or one of the pack's forms (see 'baodao reports\n"
	"--pack ID').  Reports read the latest finished\n"
	"run of the pack for the year (exit 2 when there is none) and the records\n"
	"dated in that year up to the run's as-of date.  Personal data (phone\n"
	"numbers, addresses) is masked unless --reveal.  Files are created mode 0600.\n"
	"Headers and values are the notices' Chinese whatever the locale (是/否,\n"
	"达到/未达到/不适用); --lang en writes them in English.",
	cmd_report_opts, 0, 1, NULL,
	OPT_REVEALS
};

/* The formats a report can be written in: the writer's, but "text",
 * which writes a table as csv and so is csv's other name. */
static char *
cmd_report_formats(void)
{
	char *all = emit_format_list(), *p = all;
	struct sbuf b;

	sbuf_init(&b);
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n != 4 || strncmp(p, "text", 4) != 0)
			sbuf_addf(&b, "%s%.*s", b.len ? ", " : "", (int)n, p);
		p += n;
		p += strspn(p, ", ");
	}
	free(all);
	return b.s ? sbuf_detach(&b) : xstrdup("");
}

/* --format: a writer's format but text. */
static int
cmd_report_format(const struct opt_args *a, struct report_opts *ro, struct error *e)
{
	const char *format = opt_get(a, "--format");

	if (format && (!emit_format_known(format) || strcmp(format, "text") == 0)) {
		char *known = cmd_report_formats();

		opt_usage(a->cmd, e, "unknown format '%s' (%s)", format, known);
		free(known);
		return -1;
	}
	if (format)
		ro->format = format;
	return 0;
}

/* The file of -o or --output (one option under two names), or NULL. */
static const char *
cmd_report_out(const struct opt_args *a)
{
	const char *out = NULL;

	for (int i = 0; i < a->nhits; i++)
		if (strcmp(a->hits[i].opt->name, "-o") == 0 ||
		    strcmp(a->hits[i].opt->name, "--output") == 0)
			out = a->hits[i].val;
	return out;
}

/* --format, --year and the report NAME, in the order they are checked. */
static int
cmd_report_opts_read(const struct opt_args *a, struct report_opts *ro, struct error *e)
{
	if (opt_year(a->cmd, opt_get(a, "--year"), &ro->year, e) != 0 ||
	    cmd_report_format(a, ro, e) != 0)
		return -1;
	if (a->npos != 1)
		return opt_usage(a->cmd, e, "%s",
		    "needs a report NAME (see 'baodao reports --pack ID')");
	ro->pack = opt_get(a, "--pack");
	ro->org = opt_get(a, "--org");
	ro->reveal = opt_has(a, "--reveal");
	return opt_lang(a, &ro->en, e);
}

/* A report with --reveal is written to the audit trail first, with the
 * user and the report: no personal data is shown unrecorded. */
static int
cmd_report_audit(struct cmd_ctx *c, struct db *db, const struct report_opts *ro,
    const char *name)
{
	char *detail = xasprintf("report %s --pack %s --year %d%s%s", name, ro->pack,
	    ro->year, ro->org ? " --org " : "", ro->org ? ro->org : "");
	struct db_audit a = { .action = "reveal", .detail = detail };
	int rc = db_audit(db, &a, &c->err);

	free(detail);
	return rc;
}

/* The report to its file: never a half-written file left behind. */
static int
cmd_report_write(struct cmd_ctx *c, struct db *db, const struct report_opts *ro,
    const char *name, const char *out)
{
	FILE *f;
	int rc;

	if (ro->reveal && cmd_report_audit(c, db, ro, name) != 0)
		return -1;
	if ((f = cmd_output(c, out)) == NULL)
		return -1;
	if (strcmp(name, "results") == 0)
		rc = report_results(db, ro, f, &c->err);
	else if (strcmp(name, "summary") == 0)
		rc = summary_report(db, &c->cfg, ro, f, &c->err);
	else if ((rc = form_report(db, &c->cfg, name, ro, f, &c->err)) == 1)
		rc = error_set(&c->err, EXIT_USAGE, tr("pack %s has no report '%s' (see 'baodao"
		    " reports --pack %s')", "规则包 %s 没有报表 '%s'（见 'baodao reports --pack %s'）"),
		    ro->pack, name, ro->pack);
	if (cmd_close_output(c, f, out) != 0)
		rc = -1;
	if (rc != 0 && out)
		unlink(out);
	return rc;
}

/* report integrity: the limits of baodao.conf; the language of --lang,
 * Chinese by default like every report, for the messages too. */
static int
cmd_report_integrity_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct report_opts ro = { .format = "csv" };
	struct integrity_opts io = { .by_org = 1 };
	const char *year, *out = NULL;
	struct opt_args a;
	struct db db;
	FILE *f;
	int rc = -1;

	if (opt_parse(&cmd_report_integrity, argc, argv, &a, &c->err) != 0)
		goto out;
	year = opt_get(&a, "--year");
	if ((year && opt_year(a.cmd, year, &io.year, &c->err) != 0) ||
	    cmd_report_format(&a, &ro, &c->err) != 0 || opt_lang(&a, &ro.en, &c->err) != 0 ||
	    cmd_open_ro(c, &db) != 0)
		goto out;
	ro.org = io.org = opt_get(&a, "--unit");
	if (ro.org && db_int_text(&db, "SELECT count(*) FROM org WHERE code = ?", ro.org) == 0) {
		error_set(&c->err, EXIT_USAGE, tr("unknown org '%s'", "组织 '%s' 不存在"), ro.org);
		db_close(&db);
		goto out;
	}
	util_lang_set(!ro.en);
	io.max_day_minutes = c->cfg.max_day_hours * 60;
	io.max_day_verifications = c->cfg.max_day_verifications;
	out = cmd_report_out(&a);
	if ((f = cmd_output(c, out)) != NULL) {
		rc = report_integrity(&db, &io, &ro, f, &c->err);
		if (cmd_close_output(c, f, out) != 0)
			rc = -1;
		if (rc != 0 && out)
			unlink(out);
	}
	db_close(&db);
out:
	opt_args_free(&a);
	return rc;
}

/* report NAME, or report integrity. */
static int
cmd_report_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct report_opts ro = { .format = "csv" };
	struct opt_args a;
	struct db db;
	int rc = -1;

	if (cmd_sub(&cmd_report, argc, argv) == &cmd_report_integrity)
		return cmd_report_integrity_run(c, argc - 1, argv + 1);
	if (opt_parse(&cmd_report_decl, argc, argv, &a, &c->err) != 0 ||
	    cmd_report_opts_read(&a, &ro, &c->err) != 0 ||
	    (ro.reveal ? cmd_open(c, &db) : cmd_open_ro(c, &db)) != 0)
		goto out;
	rc = cmd_report_write(c, &db, &ro, a.pos[0], cmd_report_out(&a));
	db_close(&db);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_report = { &cmd_report_decl, cmd_report_run, cmd_report_subs, NULL };

/* ---- reports ---- */

static const struct opt cmd_reports_opts[] = {
	{ "--pack", "ID", "the pack", 1 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_reports_decl = {
	"reports", "reports --pack ID",
	"List the reports a pack offers: results, summary and the pack's forms.",
	cmd_reports_opts, 0, 0, NULL,
	OPT_ANYONE
};

/* reports --pack ID: works without a database too. */
static int
cmd_reports_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct opt_args a;
	struct db db;
	int have, rc = -1;

	if (opt_parse(&cmd_reports_decl, argc, argv, &a, &c->err) == 0) {
		have = cmd_open_if_any(c, &db);
		rc = form_list(have ? &db : NULL, &c->cfg, opt_get(&a, "--pack"), stdout, &c->err);
		if (have)
			db_close(&db);
	}
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_report_list = { &cmd_reports_decl, cmd_reports_run, NULL, NULL };
