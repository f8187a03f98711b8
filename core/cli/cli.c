/*
 * cli.c - the command line: global options (--db, --config, before or
 * after the command), the top-level help, and dispatching to one command
 * of cmd_*.c.  Errors are printed here and only here, as one line each
 * on stderr: "baodao: message".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "cli.h"
#include "cmd.h"
#include "config.h"
#include "migrate.h"
#include "pack.h"
#include "plugin.h"
#include "plugin_api.h"
#include "progress.h"
#include "trust.h"

#define BAODAO_VERSION "0.1.0"

/* The commands in the order the help lists them. */
static const struct cmd *const cli_cmds[] = {
	&cmd_init, &cmd_import, &cmd_eval_evaluate, &cmd_eval_explain, &cmd_report,
	&cmd_runs, &cmd_report_list, &cmd_validate, &cmd_wish, &cmd_ledger, &cmd_record,
	&cmd_member, &cmd_purge, &cmd_pack, &cmd_plugins, &cmd_audit, &cmd_backup, &cmd_restore,
	&cmd_check, NULL
};

/* The list of commands, one synopsis each. */
static void
cli_help(FILE *f)
{
	fprintf(f, "%s", tr("usage: baodao [--config FILE] [--db FILE] COMMAND ...\n\ncommands:\n",
	    "用法：baodao [--config FILE] [--db FILE] COMMAND ...\n\n命令：\n"));
	for (const struct cmd *const *k = cli_cmds; *k; k++)
		fprintf(f, "  %s\n", (*k)->decl->synopsis);
	fprintf(f, "%s", tr("\n'baodao COMMAND --help' describes a command; baodao(1) has the rest.\n",
	    "\n'baodao COMMAND --help' 说明某个命令；其余内容见 baodao(1)。\n"));
}

/* Was --help or -h given anywhere after the command? */
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
cli_globals(struct cmd_ctx *c, int argc, char **argv, int *i, const char **conf)
{
	for (; *i < argc && argv[*i][0] == '-'; (*i)++) {
		const char *a = argv[*i];

		if (strcmp(a, "--version") == 0) {
			printf("baodao %s (schema %d, Lua API %d, plugin API %d, build %s)\n",
			    BAODAO_VERSION, migrate_latest(), PACK_API_LEVEL, PLUGIN_API,
			    PLUGIN_BUILD);
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
		return error_set(&c->err, EXIT_USAGE, tr("unknown option '%s' (see 'baodao --help')",
		    "未知选项 '%s'（见 'baodao --help'）"), a);
	}
	return 0;
}

/* Print the error, if any, and free the configuration: the exit code. */
static int
cli_finish(struct cmd_ctx *c, int rc)
{
	if (rc < 0) {
		util_warnx("%s", c->err.msg);
		rc = c->err.code ? c->err.code : EXIT_ENV;
	}
	plugin_unload_all();
	config_free(&c->cfg);
	return rc;
}

/* --db and --config belong before the command, but people type them
 * after it too: take them from anywhere, so argv keeps the rest in order. */
static int
cli_late_globals(struct cmd_ctx *c, int *argc, char **argv, int from, const char **conf)
{
	int out = from;

	for (int j = from; j < *argc; j++) {
		int db = strcmp(argv[j], "--db") == 0, cf = strcmp(argv[j], "--config") == 0;

		if ((db || cf) && j + 1 >= *argc)
			return error_set(&c->err, EXIT_USAGE, tr("option '%s' needs a value",
			    "选项 '%s' 缺少值"), argv[j]);
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

/* The help of a command, or of the subcommand of a group it names. */
static void
cli_command_help(const struct cmd *k, int argc, char **argv)
{
	const struct opt_cmd *sub = cmd_sub(k, argc, argv);

	opt_help(sub ? sub : k->decl, stdout);
	if (sub == NULL && k->help_more)
		k->help_more(stdout);
}

/* Globals, then the command; its help needs no configuration. */
int
cli_main(int argc, char **argv)
{
	struct cmd_ctx c;
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
	for (const struct cmd *const *k = cli_cmds; *k; k++) {
		if (strcmp((*k)->decl->name, argv[i]) != 0)
			continue;
		/* Help needs no configuration: it must work even when the
		 * config file is what the user is trying to fix. */
		if (cli_wants_help(argc - i, argv + i)) {
			cli_command_help(*k, argc - i, argv + i);
			return 0;
		}
		if (config_load(&c.cfg, conf, &c.err) != 0 || access_setup(&c.cfg, &c.err) != 0)
			return cli_finish(&c, -1);
		plugin_defer(&c.cfg);     /* loaded when a format needs them */
		pack_set_search_path(&c.cfg);
		pack_set_value_limit(c.cfg.max_value_bytes);
		trust_configure(&c.cfg);   /* the trust policy of every pack read */
		if (c.db_path == NULL)
			c.db_path = c.cfg.database;
		db_configure(c.cfg.busy_timeout_ms, argv[i]);
		progress_mode(c.cfg.progress == CONFIG_PROGRESS_ALWAYS ? 1 :
		    c.cfg.progress == CONFIG_PROGRESS_NEVER ? 0 : -1);
		return cli_finish(&c, (*k)->run(&c, argc - i, argv + i));
	}
	error_set(&c.err, EXIT_USAGE, tr("unknown command '%s' (see 'baodao --help')",
	    "未知命令 '%s'（见 'baodao --help'）"), argv[i]);
	return cli_finish(&c, -1);
}
