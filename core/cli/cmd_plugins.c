/*
 * cmd_plugins.c - `baodao plugins`: the plugins of the plugin path, each
 * loaded or refused and why, and the directories searched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "emit.h"
#include "plugin.h"

static const struct opt cmd_plugins_opts[] = {
	{ "--format", "F", "text (the default), csv, md or json", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_plugins_decl = {
	"plugins", "plugins [--format text|csv|md|json]",
	"The plugins found in the plugin path (plugin_path in baodao.conf; by\n"
	"default the build tree's obj/plugins, or LIBDIR/plugins when installed):\n"
	"name, version, what each reads (file types import takes) and writes\n"
	"(output formats), and its status: loaded, or refused with the reason (a\n"
	"file not named NAME.so, a missing symbol, a descriptor of another size,\n"
	"another plugin API or other build options, a file others may write).\n"
	"A refused plugin changes nothing; the others work.  Exit 1 when any\n"
	"plugin was refused.",
	cmd_plugins_opts, 0, 0, NULL,
	OPT_ANYONE
};

static const char *const cmd_plugins_cols[] = {
	"name", "version", "reads", "writes", "status", "file"
};

/* One row per plugin; the directories searched as the foot. */
static int
cmd_plugins_table(struct emit *w, int *refused)
{
	size_t n, nd;
	const struct plugin_info *p = plugin_list(&n);
	const char *const *dirs = plugin_dirs(&nd);
	char *foot = NULL;
	struct sbuf b;
	struct emit_table t = {
		.title = "baodao plugins", .columns = cmd_plugins_cols, .ncolumns = 6,
		.rows_key = "plugins"
	};

	sbuf_init(&b);
	sbuf_adds(&b, tr("searched: ", "查找目录："));
	for (size_t i = 0; i < nd; i++)
		sbuf_addf(&b, "%s%s", i ? ", " : "", dirs[i]);
	foot = b.s;
	t.foot = (const char *const *)&foot;
	t.nfoot = 1;
	emit_begin_table(w, &t);
	for (size_t i = 0; i < n; i++) {
		char *status = p[i].refused ? xasprintf("%s: %s", tr("refused", "拒绝加载"),
		    p[i].refused) : xstrdup(tr("loaded", "已加载"));
		const char *row[6] = { p[i].name, p[i].version ? p[i].version : "",
			p[i].reads ? p[i].reads : "", p[i].writes ? p[i].writes : "", status,
			p[i].path };

		emit_row(w, row, 6);
		*refused |= p[i].refused != NULL;
		free(status);
	}
	emit_end_table(w);
	sbuf_free(&b);
	return 0;
}

/* text: one line per plugin, then the directories. */
static void
cmd_plugins_text(struct emit *w, int *refused)
{
	size_t n, nd;
	const struct plugin_info *p = plugin_list(&n);
	const char *const *dirs = plugin_dirs(&nd);

	for (size_t i = 0; i < n; i++) {
		*refused |= p[i].refused != NULL;
		if (p[i].refused)
			emit_textf(w, "%-10s %s: %s (%s)\n", p[i].name, tr("refused", "拒绝加载"),
			    p[i].refused, p[i].path);
		else
			emit_textf(w, "%-10s %-8s %s%s%s%s%s  %s\n", p[i].name, p[i].version,
			    p[i].reads ? tr("reads ", "读取 ") : "", p[i].reads ? p[i].reads : "",
			    p[i].reads && p[i].writes ? ", " : "",
			    p[i].writes ? tr("writes ", "写出 ") : "", p[i].writes ? p[i].writes : "",
			    p[i].summary ? p[i].summary : "");
	}
	if (n == 0)
		emit_textf(w, "%s\n", tr("no plugins", "没有插件"));
	for (size_t i = 0; i < nd; i++)
		emit_textf(w, "%s%s\n", tr("searched: ", "查找目录："), dirs[i]);
}

static int
cmd_plugins_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct opt_args a;
	const char *format;
	struct emit *w;
	int refused = 0, rc = -1;

	if (opt_parse(&cmd_plugins_decl, argc, argv, &a, &c->err) != 0)
		goto out;
	format = opt_get(&a, "--format");
	if (format == NULL)
		format = "text";
	if ((w = emit_open_file(stdout, format, &c->err)) == NULL)
		goto out;
	if (strcmp(format, "text") == 0)
		cmd_plugins_text(w, &refused);
	else
		cmd_plugins_table(w, &refused);
	rc = emit_close(w) != 0 ? -1 : refused ? EXIT_FOUND : 0;
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_plugins = { &cmd_plugins_decl, cmd_plugins_run, NULL, NULL };
