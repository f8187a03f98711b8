/*
 * cmd_out.c - where a command's document goes and how: the format from
 * --format or -o's extension, the encoding from --encoding (a csv file
 * gets a byte order mark by default), and the file itself.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "emit.h"
#include "plugin.h"

/* The formats plugins give, and the plugin giving each. */
static const struct {
	const char *format, *plugin;
} cmd_out_plugins[] = {
	{ "xlsx", "xlsx" },
	{ "html", "html" },
};

/* The extension a format's files have: "txt" for text, else its name. */
static const char *
cmd_out_ext(const char *format)
{
	return strcmp(format, "text") == 0 ? "txt" : format;
}

/* The formats a document can be written in, ", "-separated: the writer's,
 * but "text" unless TEXT (a table in text is csv, so text is csv's other
 * name where the command does not write prose); with DOTS, as the
 * extensions of their files (text's .txt included). */
static char *
cmd_out_formats(int dots, int text_too)
{
	char *all = emit_format_list(), *p = all;
	struct sbuf b;

	sbuf_init(&b);
	while (*p) {
		size_t n = strcspn(p, ",");
		int text = n == 4 && strncmp(p, "text", 4) == 0;

		if (dots)
			sbuf_addf(&b, "%s.%.*s", b.len ? ", " : "", text ? 3 : (int)n,
			    text ? "txt" : p);
		else if (!text || text_too)
			sbuf_addf(&b, "%s%.*s", b.len ? ", " : "", (int)n, p);
		p += n;
		p += strspn(p, ", ");
	}
	free(all);
	return b.s ? sbuf_detach(&b) : xstrdup("");
}

/* FORMAT is no format of this program: the plugin that would give it and
 * why it is not loaded, or the formats there are.  WHERE is "" or the
 * "-o FILE: " the format came from. */
static int
cmd_out_unknown(const struct opt_cmd *cmd, const char *where, const char *format,
    int text_too, struct error *e)
{
	char *known;

	for (size_t i = 0; i < sizeof cmd_out_plugins / sizeof *cmd_out_plugins; i++)
		if (strcmp(format, cmd_out_plugins[i].format) == 0)
			return opt_usage(cmd, e, tr("%s%s output needs the %s plugin: %s",
			    "%s输出 %s 需要 %s 插件：%s"), where, format, cmd_out_plugins[i].plugin,
			    plugin_why_missing(format));
	if (*where) {
		known = cmd_out_formats(1, 1);
		opt_usage(cmd, e, tr("%sno format writes .%s files (%s), or name one with"
		    " --format", "%s没有哪种格式写 .%s 文件（%s），或用 --format 指定格式"),
		    where, format, known);
	} else {
		known = cmd_out_formats(0, text_too);
		opt_usage(cmd, e, tr("unknown format '%s' (%s)", "未知的格式 '%s'（%s）"),
		    format, known);
	}
	free(known);
	return -1;
}

/* The extension of -o PATH (after the last '.' of its last part), in
 * lower case, in buf; NULL when it has none. */
static const char *
cmd_out_path_ext(const char *path, char *buf, size_t cap)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n;

	base = base ? base + 1 : path;
	if ((dot = strrchr(base, '.')) == NULL || dot == base || dot[1] == '\0')
		return NULL;
	for (n = 0; dot[n + 1] && n + 1 < cap; n++)
		buf[n] = (char)(dot[n + 1] >= 'A' && dot[n + 1] <= 'Z' ? dot[n + 1] + 32 :
		    dot[n + 1]);
	buf[n] = '\0';
	return buf;
}

/* The encoding: --encoding NAME, which only text formats take, else a
 * byte order mark on a csv file (Excel on Chinese Windows reads a csv
 * without one as GBK) and plain UTF-8 on stdout (for pipes and scripts). */
static int
cmd_out_encoding(const struct opt_cmd *cmd, struct cmd_out *o, const char *name,
    struct error *e)
{
	int to_stdout = o->path == NULL || strcmp(o->path, "-") == 0, k;

	if (name == NULL) {
		o->enc = strcmp(o->format, "csv") == 0 && !to_stdout ? EMIT_UTF8_BOM : EMIT_UTF8;
		return 0;
	}
	if ((k = emit_encoding_parse(name)) < 0)
		return opt_usage(cmd, e, tr("unknown encoding '%s' (utf-8, utf-8-bom, gb18030)",
		    "未知的编码 '%s'（utf-8、utf-8-bom、gb18030）"), name);
	o->enc = (enum emit_encoding)k;
	if (o->enc != EMIT_UTF8 && strcmp(o->format, "csv") != 0 &&
	    strcmp(o->format, "md") != 0 && strcmp(o->format, "text") != 0)
		return opt_usage(cmd, e, tr("--encoding %s is for csv and md output, not %s",
		    "--encoding %s 只用于 csv 和 md 输出，不用于 %s"), name, o->format);
	return 0;
}

/* Does the command take -o?  (Else emit_open_file refuses a binary
 * format on a terminal, with a hint of its own.) */
static int
cmd_out_has_o(const struct opt_cmd *cmd)
{
	for (const struct opt *o = cmd->opts; o && o->name; o++)
		if (strcmp(o->name, "-o") == 0)
			return 1;
	return 0;
}

int
cmd_out_init(struct cmd_ctx *c, const struct opt_cmd *cmd, struct cmd_out *o,
    const char *path, const char *format, const char *encoding, const char *dflt)
{
	char *where = NULL;
	const char *f = format;
	int rc = 0;

	memset(o, 0, sizeof *o);
	o->path = path;
	/* --format text only where text is the default: elsewhere it is csv. */
	if (f && (!emit_format_known(f) || (strcmp(f, "text") == 0 && strcmp(dflt, "text") != 0)))
		return cmd_out_unknown(cmd, "", f, strcmp(dflt, "text") == 0, &c->err);
	/* -o FILE.EXT: EXT is the format's name (.txt: text), or an error. */
	if (f == NULL && path && strcmp(path, "-") != 0 &&
	    (f = cmd_out_path_ext(path, o->ext, sizeof o->ext)) != NULL) {
		if (strcmp(f, "txt") == 0)
			f = "text";
		else if (strcmp(f, "text") == 0 || !emit_format_known(f)) {
			where = xasprintf("-o %s: ", path);
			rc = cmd_out_unknown(cmd, where, o->ext, 1, &c->err);
			free(where);
			return rc;
		}
	}
	o->format = f ? f : dflt;
	if (emit_format_binary(o->format) && (path == NULL || strcmp(path, "-") == 0) &&
	    isatty(STDOUT_FILENO) && cmd_out_has_o(cmd))
		return opt_usage(cmd, &c->err, tr("%s is not for a terminal: write it to a file"
		    " with -o FILE.%s", "%s 不能输出到终端：请用 -o 文件.%s 写入文件"),
		    o->format, cmd_out_ext(o->format));
	return cmd_out_encoding(cmd, o, encoding, &c->err);
}

FILE *
cmd_out_open(struct cmd_ctx *c, struct cmd_out *o)
{
	FILE *dest = cmd_output(c, o->path);

	if (dest == NULL || o->enc == EMIT_UTF8)
		return o->f = dest;
	/* The document is gathered, and encoded only when it is whole. */
	if ((o->f = open_memstream(&o->buf, &o->len)) == NULL) {
		error_set(&c->err, EXIT_ENV, "%s", strerror(errno));
		cmd_close_output(c, dest, o->path);
		return NULL;
	}
	o->dest = dest;
	return o->f;
}

int
cmd_out_close(struct cmd_ctx *c, struct cmd_out *o, int ok)
{
	int rc = 0;

	if (o->f == NULL)
		return 0;
	if (o->dest == NULL)
		return cmd_close_output(c, o->f, o->path);
	if (fclose(o->f) != 0)
		rc = error_set(&c->err, EXIT_ENV, "%s", strerror(errno));
	else if (ok)
		rc = emit_write_encoded(o->dest, o->buf, o->len, o->enc, &c->err);
	free(o->buf);
	if (cmd_close_output(c, o->dest, o->path) != 0)
		rc = -1;
	o->f = o->dest = NULL;
	return rc;
}
