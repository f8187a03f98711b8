/*
 * cli.c - the command line: global options, one function per command,
 * usage text, exit codes.  Errors are printed here and only here, as one
 * line each on stderr: "baodao: message".
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "date.h"
#include "db.h"
#include "diff.h"
#include "eval.h"
#include "form.h"
#include "import.h"
#include "ledger.h"
#include "lint.h"
#include "migrate.h"
#include "pack.h"
#include "packtest.h"
#include "progress.h"
#include "record.h"
#include "report.h"
#include "run.h"
#include "store.h"
#include "validate.h"
#include "wish.h"
#include "trust.h"

#define BAODAO_VERSION "0.1.0"

/* What every command gets: the configuration and the database path. */
struct cli {
	struct config cfg;
	const char *db_path;
	struct error err;
};

/* An option of a command: --name VALUE (or --name=VALUE) or a flag. */
struct cli_opt {
	const char *name;
	const char **val;          /* NULL for a flag */
	int *flag;
};

struct cli_cmd {
	const char *name;
	int (*fn)(struct cli *, int, char **);
	const char *usage;
	const char *help;
};

static const struct cli_cmd *cli_current;

static int cli_usage_error(struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
cli_usage_error(struct cli *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error_set(&c->err, EXIT_USAGE, "%s: %s (see 'baodao %s --help')",
	    cli_current->name, msg, cli_current->name);
}

/* Parse argv[1..] against opts; the rest are positional (into pos). */
static int
cli_parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts,
    char **pos, int maxpos, int *npos)
{
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq;
		const struct cli_opt *o = NULL;
		size_t len;

		if (a[0] != '-' || a[1] == '\0') {
			if (*npos >= maxpos)
				return cli_usage_error(c, "unexpected argument '%s'", a);
			pos[(*npos)++] = argv[i];
			continue;
		}
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		for (const struct cli_opt *p = opts; p && p->name; p++)
			if (strlen(p->name) == len && strncmp(p->name, a, len) == 0)
				o = p;
		if (o == NULL)
			return cli_usage_error(c, "unknown option '%s'", a);
		if (o->flag) {
			*o->flag = 1;
			continue;
		}
		if (eq)
			*o->val = eq + 1;
		else if (i + 1 < argc)
			*o->val = argv[++i];
		else
			return cli_usage_error(c, "option '%s' needs a value", o->name);
	}
	return 0;
}

static int
cli_year(struct cli *c, const char *s, int *year)
{
	char *end;
	long y;

	if (s == NULL)
		return cli_usage_error(c, "%s", "--year YEAR is required");
	y = strtol(s, &end, 10);
	if (*end || y < 1900 || y > 2999)
		return cli_usage_error(c, "bad year '%s'", s);
	*year = (int)y;
	return 0;
}

/* Open the database of an existing installation at this schema. */
static int
cli_open(struct cli *c, struct db *db)
{
	if (db_open(db, c->db_path, 0, &c->err) != 0)
		return -1;
	if (migrate_check(db, &c->err) != 0) {
		db_close(db);
		return -1;
	}
	return 0;
}

/* An output file: created 0600, like the database, for it holds
 * personal data; "-" or NULL is stdout. */
static FILE *
cli_output(struct cli *c, const char *path)
{
	int fd;
	FILE *f;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		error_set(&c->err, EXIT_ENV, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

static int
cli_close_output(struct cli *c, FILE *f, const char *path)
{
	if (f == stdout)
		return fflush(f) == 0 ? 0 : error_set(&c->err, EXIT_ENV, "stdout: %s",
		    strerror(errno));
	if (fclose(f) != 0)
		return error_set(&c->err, EXIT_ENV, "%s: %s", path, strerror(errno));
	return 0;
}

/* ---- init ---- */

static int
cli_init(struct cli *c, int argc, char **argv)
{
	struct db db;
	char *pos[1];
	int npos, applied;

	if (cli_parse(c, argc, argv, NULL, pos, 0, &npos) != 0)
		return -1;
	if (db_open(&db, c->db_path, DB_CREATE, &c->err) != 0)
		return -1;
	if (migrate_apply(&db, &applied, &c->err) != 0) {
		db_close(&db);
		return -1;
	}
	printf(tr("%s: schema version %d (%d migration%s applied)\n",
	    "%s: 数据库结构版本 %d（本次升级 %d 步%s）\n"), c->db_path, migrate_current(&db),
	    applied, util_lang_zh() ? "" : applied == 1 ? "" : "s");
	db_close(&db);
	return 0;
}

/* ---- import ---- */

static int
cli_import(struct cli *c, int argc, char **argv)
{
	struct import_opts io = { 0 };
	struct import_stats st = { 0 };
	struct import_errors errs = { 0 };
	struct record_vocab vocab = { 0 };
	const struct cli_opt opts[] = {
		{ "--dry-run", NULL, &io.dry_run },
		{ "--ignore-extra", NULL, &io.ignore_extra },
		{ NULL, NULL, NULL }
	};
	char *pos[2];
	int npos, rc;
	struct db db;

	if (cli_parse(c, argc, argv, opts, pos, 2, &npos) != 0)
		return -1;
	if (npos != 2)
		return cli_usage_error(c, "%s", "needs KIND and FILE");
	if (cli_open(c, &db) != 0)
		return -1;
	/* Only a kind with a column of pack-declared words reads the packs. */
	if (record_kind(pos[0]) != NULL && record_vocab_col(record_kind(pos[0])) >= 0) {
		if (store_vocabulary(&c->cfg, &db, &vocab, &c->err) != 0) {
			db_close(&db);
			return -1;
		}
		io.vocab = &vocab;
	}
	rc = import_file(&db, pos[0], pos[1], &io, &st, &errs, &c->err);
	record_vocab_free(&vocab);
	for (size_t i = 0; i < errs.n; i++)
		fprintf(stderr, "%s\n", errs.line[i]);
	import_errors_free(&errs);
	db_close(&db);
	if (rc != 0)
		return -1;
	printf(tr("%s: %ld rows: %ld inserted, %ld updated, %ld unchanged%s\n",
	    "%s: %ld 行：新增 %ld，更新 %ld，未变 %ld%s\n"), pos[1], st.rows, st.inserted,
	    st.updated, st.unchanged, io.dry_run ? tr(" (dry run, nothing written)",
	    "（试运行，未写入）") : "");
	return 0;
}

/* ---- evaluate ---- */

static int
cli_evaluate(struct cli *c, int argc, char **argv)
{
	const char *pack = NULL, *year = NULL, *jobs = NULL, *org = NULL, *as_of = NULL;
	int quiet = 0;
	const struct cli_opt opts[] = {
		{ "--pack", &pack, NULL }, { "--year", &year, NULL }, { "--jobs", &jobs, NULL },
		{ "--org", &org, NULL }, { "--as-of", &as_of, NULL }, { "--quiet", NULL, &quiet },
		{ NULL, NULL, NULL }
	};
	struct eval_opts eo = { 0 };
	struct eval_summary sum;
	char *pos[1], iso[11];
	int npos, rc;
	struct db db;

	if (cli_parse(c, argc, argv, opts, pos, 0, &npos) != 0)
		return -1;
	if (pack == NULL)
		return cli_usage_error(c, "%s", "--pack ID is required");
	if (cli_year(c, year, &eo.year) != 0)
		return -1;
	if (jobs) {
		eo.jobs = atoi(jobs);
		if (eo.jobs < 1 || eo.jobs > 256)
			return cli_usage_error(c, "bad --jobs '%s' (1 to 256)", jobs);
	}
	if (as_of) {
		if (date_parse(as_of, iso) != 0 || date_year(iso) != eo.year)
			return cli_usage_error(c, "--as-of '%s' must be a date in the year", as_of);
		eo.as_of = iso;
	}
	eo.pack = pack;
	eo.org = org;
	eo.quiet = quiet;
	if (cli_open(c, &db) != 0)
		return -1;
	rc = eval_run(&db, &c->cfg, &eo, &sum, &c->err);
	db_close(&db);
	if (rc != 0)
		return -1;
	printf(tr("run %lld: %ld members, %ld orgs; %ld pass, %ld fail, %ld n/a; %ld findings\n",
	    "第 %lld 次评议：党员 %ld 名，组织 %ld 个；达到 %ld，未达到 %ld，不适用 %ld；规则错误 %ld 条\n"),
	    sum.run_id, sum.members, sum.orgs, sum.pass, sum.fail, sum.na, sum.findings);
	return sum.findings > 0 ? EXIT_FOUND : 0;
}

/* ---- explain and reports ---- */

static int
cli_report_opts(struct cli *c, const char *pack, const char *year, const char *format,
    struct report_opts *ro)
{
	if (pack == NULL)
		return cli_usage_error(c, "%s", "--pack ID is required");
	if (cli_year(c, year, &ro->year) != 0)
		return -1;
	ro->pack = pack;
	if (format && ((int)(ro->format = report_format(format)) < 0 ||
	    ro->format == FORMAT_TEXT))
		return cli_usage_error(c, "unknown format '%s' (csv, md, json)", format);
	return 0;
}

static int
cli_explain(struct cli *c, int argc, char **argv)
{
	const char *pack = NULL, *year = NULL, *org = NULL;
	int json = 0;
	const struct cli_opt opts[] = {
		{ "--pack", &pack, NULL }, { "--year", &year, NULL }, { "--org", &org, NULL },
		{ "--json", NULL, &json }, { NULL, NULL, NULL }
	};
	struct report_opts ro = { 0 };
	char *pos[1];
	int npos, rc;
	struct db db;

	if (cli_parse(c, argc, argv, opts, pos, 1, &npos) != 0 ||
	    cli_report_opts(c, pack, year, NULL, &ro) != 0)
		return -1;
	if ((npos == 1) == (org != NULL))
		return cli_usage_error(c, "%s", "give a MEMBER id or --org CODE");
	ro.org = org;
	ro.format = json ? FORMAT_JSON : FORMAT_TEXT;
	if (cli_open(c, &db) != 0)
		return -1;
	rc = report_explain(&db, &ro, npos ? pos[0] : NULL, stdout, &c->err);
	db_close(&db);
	return rc;
}

static int
cli_report(struct cli *c, int argc, char **argv)
{
	const char *pack = NULL, *year = NULL, *org = NULL, *format = NULL, *out = NULL;
	int reveal = 0;
	const struct cli_opt opts[] = {
		{ "--pack", &pack, NULL }, { "--year", &year, NULL }, { "--org", &org, NULL },
		{ "--format", &format, NULL }, { "-o", &out, NULL }, { "--output", &out, NULL },
		{ "--reveal", NULL, &reveal }, { NULL, NULL, NULL }
	};
	struct report_opts ro = { .format = FORMAT_CSV };
	char *pos[1];
	int npos, rc;
	struct db db;
	FILE *f;

	if (cli_parse(c, argc, argv, opts, pos, 1, &npos) != 0 ||
	    cli_report_opts(c, pack, year, format, &ro) != 0)
		return -1;
	if (npos != 1)
		return cli_usage_error(c, "%s", "needs a report NAME (see 'baodao reports --pack ID')");
	if (ro.format == FORMAT_TEXT)
		ro.format = FORMAT_CSV;
	ro.org = org;
	ro.reveal = reveal;
	if (cli_open(c, &db) != 0)
		return -1;
	if ((f = cli_output(c, out)) == NULL) {
		db_close(&db);
		return -1;
	}
	if (strcmp(pos[0], "results") == 0)
		rc = report_results(&db, &ro, f, &c->err);
	else if ((rc = form_report(&db, &c->cfg, pos[0], &ro, f, &c->err)) == 1)
		rc = error_set(&c->err, EXIT_USAGE, tr("pack %s has no report '%s' (see 'baodao"
		    " reports --pack %s')", "规则包 %s 没有报表 '%s'（见 'baodao reports --pack %s'）"),
		    pack, pos[0], pack);
	if (cli_close_output(c, f, out) != 0)
		rc = -1;
	if (rc != 0 && out)
		unlink(out);   /* never leave a half-written report behind */
	db_close(&db);
	return rc;
}

static int
cli_reports(struct cli *c, int argc, char **argv)
{
	const char *pack = NULL;
	const struct cli_opt opts[] = { { "--pack", &pack, NULL }, { NULL, NULL, NULL } };
	struct error ignore = { 0 };
	struct db db;
	char *pos[1];
	int npos, have, rc;

	if (cli_parse(c, argc, argv, opts, pos, 0, &npos) != 0)
		return -1;
	if (pack == NULL)
		return cli_usage_error(c, "%s", "--pack ID is required");
	have = db_open(&db, c->db_path, DB_READONLY, &ignore) == 0;
	rc = form_list(have ? &db : NULL, &c->cfg, pack, stdout, &c->err);
	if (have)
		db_close(&db);
	return rc;
}

/* ---- pack ---- */

/* Parameters: only the pack's own, or with effective set every one in
 * force through inheritance, each with the pack it comes from. */
static void
cli_pack_params(const struct pack_info *pi, int effective)
{
	for (size_t i = 0; i < pi->nparams; i++) {
		const struct pack_param *pp = &pi->params[i];

		if (!effective && strcmp(pp->origin, pi->id) != 0)
			continue;
		printf("  %-28s = %-12s %s [%s]", pp->name, pp->dflt, pp->description,
		    pp->clause);
		if (effective)
			printf(" (%s)", pp->origin);
		printf("\n");
		for (size_t j = 0; j < pp->ndated; j++)
			printf("  %-28s   %s from %s%s%s%s\n", "", pp->dated[j].value,
			    pp->dated[j].from, *pp->dated[j].clause ? " [" : "",
			    pp->dated[j].clause, *pp->dated[j].clause ? "]" : "");
	}
}

static void
cli_pack_reqs(const struct pack *p, int effective)
{
	for (size_t i = 0; i < p->nreqs; i++) {
		const struct pack_req *r = &p->reqs[i];

		if (!effective && strcmp(r->origin, p->info->id) != 0)
			continue;
		printf("  %-34s %-6s %s [%s]", r->id, r->level == PACK_LEVEL_ORG ? "org" : "member",
		    r->title, r->clause);
		if (effective)
			printf(" (%s)", r->origin);
		printf("\n");
	}
}

static int
cli_pack_info(struct cli *c, const char *id, int effective)
{
	struct sandbox_limits lim = { c->cfg.memory_limit, c->cfg.instruction_limit };
	struct facts_period per;
	struct pack_info pi;
	struct pack p;
	char *dir;
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1;

	if (store_resolve(&c->cfg, NULL, id, 0, &dir, &c->err) != 0)
		return -1;
	if (pack_info_read(dir, &pi, &c->err) != 0) {
		free(dir);
		return -1;
	}
	free(dir);
	gmtime_r(&now, &tm);
	facts_period_init(&per, tm.tm_year + 1900, NULL);
	printf("%s %s — %s\n%s %s\n%s\nsha256 %s\n", pi.id, pi.version, pi.name, pi.issuer,
	    pi.document, pi.dir, pi.hash);
	if (!util_empty(pi.extends))
		printf("extends %s\n", pi.extends);
	printf("effective %s .. %s\n", util_empty(pi.effective_from) ? "-" : pi.effective_from,
	    util_empty(pi.effective_to) ? "-" : pi.effective_to);
	printf("parameters:\n");
	cli_pack_params(&pi, effective);
	if (pack_load(&p, &pi, &lim, &per, &c->err) == 0) {
		printf("requirements:\n");
		cli_pack_reqs(&p, effective);
		printf("facts:\n");
		for (size_t i = 0; i < p.plan.n; i++)
			printf("  %s\n", p.plan.specs[i].name);
		pack_free(&p);
		rc = 0;
	}
	pack_info_free(&pi);
	return rc;
}

/* Pack subcommands other modules implement; one line each. */
static const struct {
	const char *name;
	cli_pack_fn fn;
} cli_pack_cmds[] = {
	{ "test", packtest_cli },
	{ "list", store_command },
	{ "install", store_command },
	{ "remove", store_command },
	{ "rollback", store_command },
	{ "seal", trust_cli_seal },
	{ "keygen", trust_cli_keygen },
	{ "sign", trust_cli_sign },
	{ "verify", trust_cli_verify },
	{ "lint", lint_cli },
	{ "diff", diff_command },
	{ NULL, NULL }
};

static int
cli_pack(struct cli *c, int argc, char **argv)
{
	int effective = 0;
	const struct cli_opt opts[] = {
		{ "--effective", NULL, &effective }, { NULL, NULL, NULL }
	};
	char *pos[2];
	int npos;

	for (size_t i = 0; argc > 1 && cli_pack_cmds[i].name; i++)
		if (strcmp(argv[1], cli_pack_cmds[i].name) == 0)
			return cli_pack_cmds[i].fn(&c->cfg, c->db_path, argc - 1, argv + 1, &c->err);
	if (cli_parse(c, argc, argv, opts, pos, 2, &npos) != 0)
		return -1;
	if (npos == 2 && strcmp(pos[0], "info") == 0)
		return cli_pack_info(c, pos[1], effective);
	return cli_usage_error(c, "%s", "unknown pack subcommand");
}

static int
cli_validate(struct cli *c, int argc, char **argv)
{
	return validate_command(&c->cfg, c->db_path, argc, argv, &c->err);
}

static int
cli_ledger(struct cli *c, int argc, char **argv)
{
	return ledger_command(&c->cfg, c->db_path, argc - 1, argv + 1, &c->err);
}

static int
cli_wish(struct cli *c, int argc, char **argv)
{
	return wish_command(&c->cfg, c->db_path, argc - 1, argv + 1, &c->err);
}

/* ---- runs ---- */

static void
cli_runs_line(const struct run_entry *r, void *arg)
{
	(void)arg;
	printf("%-6lld %-12s %-10s %4d %-10s %-20s %-20s %-8s %7ld %s\n", r->id, r->pack,
	    r->version, r->year, r->as_of, r->started, r->finished ? r->finished : "-",
	    r->status, r->members, r->pinned ? tr("pinned", "已固定") : "-");
}

/* runs [--pack ID] [--year Y]: every run, newest first. */
static int
cli_runs_list(struct cli *c, int argc, char **argv)
{
	const char *pack = NULL, *year = NULL;
	const struct cli_opt opts[] = {
		{ "--pack", &pack, NULL }, { "--year", &year, NULL }, { NULL, NULL, NULL }
	};
	char *pos[1];
	int npos, y = 0, rc;
	struct db db;

	if (cli_parse(c, argc, argv, opts, pos, 0, &npos) != 0 ||
	    (year && cli_year(c, year, &y) != 0) || cli_open(c, &db) != 0)
		return -1;
	printf("%-6s %-12s %-10s %4s %-10s %-20s %-20s %-8s %7s %s\n", "run", "pack", "version",
	    "year", "as-of", "started", "finished", "status", "members", "pinned");
	rc = run_list(&db, pack, y, cli_runs_line, NULL, &c->err);
	db_close(&db);
	return rc;
}

/* runs prune --keep N [--pack ID] (argv[0] is "prune"). */
static int
cli_runs_prune(struct cli *c, int argc, char **argv)
{
	const char *keep = NULL, *pack = NULL;
	const struct cli_opt opts[] = {
		{ "--keep", &keep, NULL }, { "--pack", &pack, NULL }, { NULL, NULL, NULL }
	};
	char *pos[1], *end;
	long n, removed;
	int npos, rc;
	struct db db;

	if (cli_parse(c, argc, argv, opts, pos, 0, &npos) != 0)
		return -1;
	if (keep == NULL)
		return cli_usage_error(c, "%s", "prune needs --keep N");
	n = strtol(keep, &end, 10);
	if (*keep == '\0' || *end || n < 0 || n > 1000000)
		return cli_usage_error(c, "bad --keep '%s' (0 or more)", keep);
	if (cli_open(c, &db) != 0)
		return -1;
	rc = run_prune(&db, n, pack, &removed, &c->err);
	db_close(&db);
	if (rc != 0)
		return -1;
	printf(tr("%ld runs removed\n", "已删除 %ld 次评议\n"), removed);
	return 0;
}

/* runs pin RUN, runs unpin RUN (argv[0] is "pin" or "unpin"). */
static int
cli_runs_pin(struct cli *c, int argc, char **argv)
{
	char *pos[1], *end;
	long long id;
	int npos, rc;
	struct db db;

	if (cli_parse(c, argc, argv, NULL, pos, 1, &npos) != 0)
		return -1;
	if (npos != 1)
		return cli_usage_error(c, "%s needs a RUN number", argv[0]);
	id = strtoll(pos[0], &end, 10);
	if (*end || id <= 0)
		return cli_usage_error(c, "bad run '%s'", pos[0]);
	if (cli_open(c, &db) != 0)
		return -1;
	rc = run_pin(&db, id, strcmp(argv[0], "pin") == 0, &c->err);
	db_close(&db);
	return rc;
}

static int
cli_runs(struct cli *c, int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "prune") == 0)
		return cli_runs_prune(c, argc - 1, argv + 1);
	if (argc > 1 && (strcmp(argv[1], "pin") == 0 || strcmp(argv[1], "unpin") == 0))
		return cli_runs_pin(c, argc - 1, argv + 1);
	return cli_runs_list(c, argc, argv);
}

/* ---- dispatch ---- */

static const struct cli_cmd cli_cmds[] = {
	{ "init", cli_init, "init",
	  "Create the database, or upgrade it to this program's schema." },
	{ "import", cli_import, "import KIND FILE [--dry-run] [--ignore-extra]",
	  "Load a CSV file of one kind of record.  All rows or none are written;\n"
	  "each bad row is reported as FILE:ROW:COLUMN: message.  The kinds of\n"
	  "org_events and member_events are the words the packs declare (the\n"
	  "installed packs, or the pack path's when none is installed)." },
	{ "evaluate", cli_evaluate,
	  "evaluate --pack ID --year Y [--jobs N] [--org CODE] [--as-of DATE] [--quiet]",
	  "Evaluate every member and org in scope with a rule pack and store the run.\n"
	  "Exit 1 when a rule raised an error for some member or org (a finding; the\n"
	  "requirement is n/a for it and the run is stored all the same)." },
	{ "explain", cli_explain, "explain MEMBER | --org CODE  --pack ID --year Y [--json]",
	  "Show every requirement of one member or org in the latest run: status,\n"
	  "value, target, clause, message and the facts the rule read, as the run\n"
	  "stored them.  Exit 2 when the pack has no run for the year." },
	{ "report", cli_report,
	  "report NAME --pack ID --year Y [--org CODE] [--format csv|md|json] [-o FILE] [--reveal]",
	  "Write a report: 'results' (the latest run's outcomes) or one of the pack's\n"
	  "forms (see 'baodao reports --pack ID').  Reports read the latest finished\n"
	  "run of the pack for the year (exit 2 when there is none) and the records\n"
	  "dated in that year up to the run's as-of date.  Personal data (phone\n"
	  "numbers, addresses) is masked unless --reveal.  Files are created mode 0600." },
	{ "runs", cli_runs, "runs [--pack ID] [--year Y] | prune --keep N [--pack ID] | pin|unpin RUN",
	  "The stored runs, newest first: number, pack, version, year, as-of date,\n"
	  "started, finished, status, members and whether pinned.\n"
	  "  runs prune --keep N [--pack ID]  keep the newest N finished runs of each\n"
	  "                                   pack and year, and the pinned ones; the\n"
	  "                                   others, and failed runs older than those\n"
	  "                                   kept, are removed in one transaction\n"
	  "  runs pin RUN, runs unpin RUN      a pinned run is never pruned" },
	{ "reports", cli_reports, "reports --pack ID",
	  "List the reports a pack offers: results and the pack's forms." },
	{ "validate", cli_validate, "validate --pack ID [--year Y] [--as-of DATE]",
	  "Run a pack's record checks (phone numbers, unit codes, record cards that\n"
	  "will not count, ...) and the core's own: no record dated after the as-of\n"
	  "date (today by default) and, with --year, none outside that year.  Each\n"
	  "finding: RECORD: FIELD: message [check; clause].  Exit 1 when there are\n"
	  "findings.  Nothing is written." },
	{ "wish", cli_wish, "wish order|dispatch|take|done|rate|show ID [options]",
	  "The 三单制 workflow of a 微心愿, one state change per call:\n"
	  "  wish order ID --community CODE [--resident NAME] [--content TEXT] [--date D]\n"
	  "  wish dispatch ID --branch CODE [--date D]     支部下单\n"
	  "  wish take ID --member ID [--date D]           党员接单\n"
	  "  wish done ID [--date D]\n"
	  "  wish rate ID --rating 优|良|一般 [--date D]\n"
	  "  wish show ID\n"
	  "A state skipped or repeated, or dated before the one it follows, is refused.\n"
	  "The date defaults to today." },
	{ "ledger", cli_ledger,
	  "ledger earn|spend MEMBER POINTS --reason TEXT [--date D] | show MEMBER | credit YEAR POINTS",
	  "The 爱心银行 card of a member: points earned by activities (活动享积分) and\n"
	  "spent on services (积分享服务).  The balance never goes below zero, on any\n"
	  "day: spending more than the card holds then is refused.  The date defaults\n"
	  "to today.  'ledger credit YEAR POINTS' credits every complete activity\n"
	  "record of the year with POINTS, once (running it again adds nothing)." },
	{ "pack", cli_pack, "pack SUBCOMMAND ...",
	  "Rule packs.\n"
	  "  pack list                      development copies and installed versions\n"
	  "  pack info ID [--effective]     parameters, requirements and facts (with the\n"
	  "                                 pack each comes from when it extends another)\n"
	  "  pack install DIR               verify, build and test a sealed pack, then\n"
	  "                                 install it; on any failure nothing changes\n"
	  "  pack remove ID[@VERSION]       remove installed versions\n"
	  "  pack rollback ID               the previous installed version in force again\n"
	  "  pack seal DIR                  write MANIFEST (SHA-256 of every file)\n"
	  "  pack keygen NAME               NAME.key and NAME.pub (Ed25519)\n"
	  "  pack sign DIR --key FILE [--as author|approver]\n"
	  "  pack verify [ID|DIR]           manifest, signatures and trust policy\n"
	  "  pack test [ID|DIR] [--coverage] [--json]   the pack's own test cases\n"
	  "  pack lint ID|DIR               typos, undeclared parameters, band gaps\n"
	  "  pack diff OLD NEW --year Y [--set P=V]     whose outcomes change\n"
	  "evaluate --pack ID uses the installed version in force in the year;\n"
	  "ID@VERSION names one; a folder path uses that folder." },
	{ NULL, NULL, NULL, NULL }
};

static void
cli_help(FILE *f)
{
	fprintf(f, "usage: baodao [--config FILE] [--db FILE] COMMAND ...\n\ncommands:\n");
	for (const struct cli_cmd *k = cli_cmds; k->name; k++)
		fprintf(f, "  %s\n", k->usage);
	fprintf(f, "\n'baodao COMMAND --help' describes a command; baodao(1) has the rest.\n");
}

static int
cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/* Global options come before the command. */
static int
cli_globals(struct cli *c, int argc, char **argv, int *i, const char **conf)
{
	for (; *i < argc && argv[*i][0] == '-'; (*i)++) {
		const char *a = argv[*i];

		if (strcmp(a, "--version") == 0) {
			printf("baodao %s (schema %d, Lua API %d)\n", BAODAO_VERSION,
			    migrate_latest(), PACK_API_LEVEL);
			exit(0);
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_help(stdout);
			exit(0);
		}
		if ((strcmp(a, "--config") == 0 || strcmp(a, "--db") == 0) && *i + 1 < argc) {
			if (a[2] == 'c')
				*conf = argv[++*i];
			else
				c->db_path = argv[++*i];
			continue;
		}
		return error_set(&c->err, EXIT_USAGE, "unknown option '%s' (see 'baodao --help')", a);
	}
	return 0;
}

static int
cli_finish(struct cli *c, int rc)
{
	if (rc < 0) {
		util_warnx("%s", c->err.msg);
		rc = c->err.code ? c->err.code : EXIT_ENV;
	}
	config_free(&c->cfg);
	return rc;
}

/* --db and --config belong before the command, but people type them
 * after it too: take them from anywhere, so argv keeps the rest in order. */
static int
cli_late_globals(struct cli *c, int *argc, char **argv, int from, const char **conf)
{
	int out = from;

	for (int j = from; j < *argc; j++) {
		int db = strcmp(argv[j], "--db") == 0, cf = strcmp(argv[j], "--config") == 0;

		if ((db || cf) && j + 1 >= *argc)
			return error_set(&c->err, EXIT_USAGE, "option '%s' needs a value", argv[j]);
		if (db)
			c->db_path = argv[++j];
		else if (cf)
			*conf = argv[++j];
		else
			argv[out++] = argv[j];
	}
	*argc = out;
	return 0;
}

int
cli_main(int argc, char **argv)
{
	struct cli c;
	const char *conf = NULL;
	int i = 1;

	memset(&c, 0, sizeof c);
	util_lang_init();
	if (cli_globals(&c, argc, argv, &i, &conf) != 0 ||
	    cli_late_globals(&c, &argc, argv, i, &conf) != 0)
		return cli_finish(&c, -1);
	if (i >= argc) {
		cli_help(stderr);
		return EXIT_USAGE;
	}
	for (const struct cli_cmd *k = cli_cmds; k->name; k++) {
		if (strcmp(k->name, argv[i]) != 0)
			continue;
		cli_current = k;
		/* Help needs no configuration: it must work even when the
		 * config file is what the user is trying to fix. */
		if (cli_wants_help(argc - i, argv + i)) {
			printf("usage: baodao %s\n\n%s\n", k->usage, k->help);
			if (k->fn == cli_import)   /* the kinds, from the record table */
				record_help(stdout);
			return 0;
		}
		if (config_load(&c.cfg, conf, &c.err) != 0)
			return cli_finish(&c, -1);
		pack_set_search_path(&c.cfg);
		trust_configure(&c.cfg);   /* the trust policy of every pack read */
		if (c.db_path == NULL)
			c.db_path = c.cfg.database;
		progress_mode(c.cfg.progress == PROGRESS_ALWAYS ? 1 :
		    c.cfg.progress == PROGRESS_NEVER ? 0 : -1);
		return cli_finish(&c, k->fn(&c, argc - i, argv + i));
	}
	error_set(&c.err, EXIT_USAGE, "unknown command '%s' (see 'baodao --help')", argv[i]);
	return cli_finish(&c, -1);
}
