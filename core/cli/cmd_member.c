/*
 * cmd_member.c - `baodao member history ID`: the changes of a member's
 * status, unit and community, as import kept them; and `baodao purge
 * --before YEAR`: the personal data of members who left cleared after the
 * retention years of baodao.conf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "emit.h"
#include "member.h"

static const struct opt cmd_member_history_opts[] = {
	{ "--format", "F", "text (the default), csv, md or json", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_member_history = {
	"member history", "member history ID [--format F]",
	"The member's status, unit and residence community as they stood from\n"
	"each valid_from date on, oldest first, with when, by whom and from which\n"
	"file each change was recorded.  An empty valid_from: since before\n"
	"anything on record.",
	cmd_member_history_opts, 1, 1, "a member ID",
	OPT_ANYONE
};

static const struct opt_cmd *const cmd_member_subs[] = { &cmd_member_history, NULL };

static const struct opt_cmd cmd_member_decl = {
	"member", "member history ID [--format F]",
	"What is kept of a member as a whole.  Import keeps every change of a\n"
	"member's status, unit or residence community as history, never\n"
	"overwriting it:\n"
	"  member history ID   the changes, oldest first",
	NULL, 0, 0, NULL,
	OPT_ANYONE
};

/* The format named by --format, text by default. */
static int
cmd_member_format(const struct opt_args *a, const char **format, struct error *e)
{
	*format = opt_get(a, "--format");
	if (*format == NULL)
		*format = "text";
	if (!emit_format_known(*format))
		return opt_usage(a->cmd, e, tr("unknown format '%s'", "未知格式 '%s'"), *format);
	return 0;
}

static int
cmd_member_run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct opt_cmd *sub = cmd_sub(&cmd_member, argc, argv);
	const char *format;
	struct opt_args a;
	struct emit *w;
	struct db db;
	int rc = -1;

	if (sub == NULL)
		return opt_usage(&cmd_member_decl, &c->err, "%s", argc > 1 ?
		    tr("unknown subcommand", "未知的子命令") : tr("needs a subcommand", "需要子命令"));
	if (opt_parse(sub, argc - 1, argv + 1, &a, &c->err) != 0 ||
	    cmd_member_format(&a, &format, &c->err) != 0 || cmd_open_ro(c, &db) != 0)
		goto out;
	if ((w = emit_open_file(stdout, format, &c->err)) != NULL) {
		rc = member_history(&db, a.pos[0], w, &c->err);
		if (emit_close(w) != 0)
			rc = -1;
	}
	db_close(&db);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_member = { &cmd_member_decl, cmd_member_run, cmd_member_subs, NULL };

/* ---- purge ---- */

static const struct opt cmd_purge_opts[] = {
	{ "--before", "YEAR", "members who left before 1 January of YEAR", 1 },
	{ "--dry-run", NULL, "say what would be cleared, write nothing (the default)", 0 },
	{ "--apply", NULL, "clear it", 0 },
	{ "--format", "F", "text (the default), csv, md or json", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_purge_decl = {
	"purge", "purge --before YEAR [--dry-run | --apply] [--format F]",
	"Clear the personal data (name, ID, phone numbers, address, birth, and\n"
	"every other column but unit, community, status and its date, gender,\n"
	"joined, membership, unit kind, leader and exempt) of the members who left\n"
	"(转出, 去世, 调离) before 1 January of YEAR.  The rows and every record\n"
	"stay, so past forms and runs still add up.  Refused unless baodao.conf\n"
	"sets retention_years and YEAR is at most this year less it.  A dry run\n"
	"unless --apply: the members per unit, status and year of leaving.  One\n"
	"transaction, one audit row.",
	cmd_purge_opts, 0, 0, NULL,
	CONFIG_ROLE_ADMIN
};

/* The options as the purge reads them. */
static int
cmd_purge_opts_read(struct cmd_ctx *c, const struct opt_args *a,
    struct member_purge_opts *o, char today[11], const char **format)
{
	if (opt_year(a->cmd, opt_get(a, "--before"), &o->before, &c->err) != 0 ||
	    cmd_member_format(a, format, &c->err) != 0)
		return -1;
	if (opt_get(a, "--apply") != NULL && opt_get(a, "--dry-run") != NULL)
		return opt_usage(a->cmd, &c->err, "%s", tr("--apply and --dry-run exclude each other",
		    "--apply 与 --dry-run 不能同时使用"));
	cmd_today(today);
	o->today = today;
	o->this_year = date_year(today);
	o->retention_years = c->cfg.retention_years;
	o->apply = opt_get(a, "--apply") != NULL;
	return 0;
}

static int
cmd_purge_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct member_purge_opts o = { 0 };
	const char *format;
	struct opt_args a;
	char today[11];
	struct db db;
	long n = 0;
	int rc = -1;

	if (opt_parse(&cmd_purge_decl, argc, argv, &a, &c->err) != 0 ||
	    cmd_purge_opts_read(c, &a, &o, today, &format) != 0 ||
	    (o.apply ? cmd_open(c, &db) : cmd_open_ro(c, &db)) != 0)
		goto out;
	if ((o.out = emit_open_file(stdout, format, &c->err)) != NULL) {
		rc = member_purge(&db, &o, &n, &c->err);
		if (emit_close(o.out) != 0)
			rc = -1;
	}
	db_close(&db);
	if (rc == 0 && o.apply)
		fprintf(stderr, tr("purged the personal data of %ld members who left before %d\n",
		    "已清除 %ld 名于 %d 年以前离开的党员的个人信息\n"), n, o.before);
	else if (rc == 0)
		fprintf(stderr, tr("%ld members who left before %d would be purged"
		    " (dry run; --apply to purge)\n",
		    "%ld 名于 %d 年以前离开的党员的个人信息将被清除（试运行；加 --apply 执行）\n"),
		    n, o.before);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_purge = { &cmd_purge_decl, cmd_purge_run, NULL, NULL };
