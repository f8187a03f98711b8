/*
 * plugin.c - the plugin host (plugin.h): find, check, load and list the
 * shared objects of the plugin path.
 *
 * A plugin is built in isolation and linked only when it is whole (the
 * way Redis loads a function library): its init registers readers and
 * formats into a staging list, the host checks that list against what the
 * descriptor declares and against what is registered already, and only
 * then adds them to sheet.c and emit.c.  A plugin refused at any step is
 * closed, and what it staged is dropped, so no pointer into an unloaded
 * object survives.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "emit.h"
#include "plugin.h"
#include "plugin_api.h"
#include "sheet.h"

#ifndef BAODAO_LIBDIR
#define BAODAO_LIBDIR "/usr/local/lib/baodao"
#endif

#define PLUGIN_MAX	64	/* plugin files looked at */
#define PLUGIN_MAXREG	16	/* readers and formats one plugin registers */

/* A plugin file seen: what plugin_list() shows of it (name, path and
 * refused are this module's own strings; the rest point into the loaded
 * object, and are NULL once it is closed), and its handle. */
struct plugin_slot {
	struct plugin_info info;
	void *handle;		/* dlopen's, while loaded */
};

/* What the plugin being initialised has registered so far. */
struct plugin_stage {
	const struct plugin_reader *reader[PLUGIN_MAXREG];
	size_t nreader;
	struct {
		const char *name;
		const struct emit_backend *be;
	} format[PLUGIN_MAXREG];
	size_t nformat;
	int overflow;
};

static struct plugin_slot plugin_slots[PLUGIN_MAX];
static struct plugin_info plugin_infos[PLUGIN_MAX];
static size_t plugin_nslots;
static char **plugin_dir;
static size_t plugin_ndir;
/* Where the host is: no path yet, a path kept (plugin_defer), or its
 * plugins loaded. */
static enum { PLUGIN_NONE, PLUGIN_DEFERRED, PLUGIN_LOADED } plugin_loaded;
static struct plugin_stage *plugin_staging;	/* during one init */
static char plugin_why[1024];

/* host->add_reader: staged until the plugin is accepted. */
static int
plugin_stage_reader(const struct plugin_reader *r)
{
	struct plugin_stage *s = plugin_staging;

	if (s == NULL || r == NULL || r->ext == NULL || r->read == NULL)
		return -1;
	if (s->nreader == PLUGIN_MAXREG) {
		s->overflow = 1;
		return -1;
	}
	s->reader[s->nreader++] = r;
	return 0;
}

/* host->add_format: staged until the plugin is accepted. */
static int
plugin_stage_format(const char *name, const struct emit_backend *be)
{
	struct plugin_stage *s = plugin_staging;

	if (s == NULL || name == NULL || be == NULL)
		return -1;
	if (s->nformat == PLUGIN_MAXREG) {
		s->overflow = 1;
		return -1;
	}
	s->format[s->nformat].name = name;
	s->format[s->nformat++].be = be;
	return 0;
}

static const struct plugin_host plugin_host = {
	PLUGIN_API, sizeof(struct plugin_host),
	plugin_stage_reader, plugin_stage_format,
	sheet_row,
	emit_out, emit_state, emit_fail, emit_csv_cell,
	error_set, sbuf_add, sbuf_adds, sbuf_addf, tr,
	date_iso
};

/* Is WORD one of the ","-separated LIST? */
static int
plugin_in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p != NULL && *p; ) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncasecmp(p, word, n) == 0)
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* Every word of LIST registered as a reader (readers) or format? */
static const char *
plugin_all_given(const char *list, const struct plugin_stage *s, int readers)
{
	static char word[64];

	for (const char *p = list; p != NULL && *p; ) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int found = 0;

		snprintf(word, sizeof word, "%.*s", (int)len, p);
		for (size_t i = 0; readers && i < s->nreader; i++)
			found |= strcasecmp(s->reader[i]->ext, word) == 0;
		for (size_t i = 0; !readers && i < s->nformat; i++)
			found |= strcasecmp(s->format[i].name, word) == 0;
		if (!found)
			return word;
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* Check what init staged against the declaration and what exists; add
 * it all, or refuse with the reason in e. */
static int
plugin_commit(const struct plugin_desc *d, const struct plugin_stage *s, struct error *e)
{
	const char *w;

	if (s->overflow)
		return error_set(e, EXIT_ENV, "registers more than %d readers or formats",
		    PLUGIN_MAXREG);
	for (size_t i = 0; i < s->nreader; i++) {
		if (!plugin_in_list(d->reads, s->reader[i]->ext))
			return error_set(e, EXIT_ENV, tr("registers a reader of .%s that it does"
			    " not declare", "注册了未声明的 .%s 读取器"), s->reader[i]->ext);
		if (sheet_reader_for(s->reader[i]->ext) != NULL)
			return error_set(e, EXIT_ENV, tr(".%s files are read by another plugin",
			    ".%s 文件已由另一个插件读取"), s->reader[i]->ext);
	}
	for (size_t i = 0; i < s->nformat; i++) {
		if (!plugin_in_list(d->writes, s->format[i].name))
			return error_set(e, EXIT_ENV, tr("registers the format %s that it does not"
			    " declare", "注册了未声明的格式 %s"), s->format[i].name);
		if (emit_format_known(s->format[i].name))
			return error_set(e, EXIT_ENV, tr("the format %s exists already",
			    "格式 %s 已存在"), s->format[i].name);
	}
	if ((w = plugin_all_given(d->reads, s, 1)) != NULL ||
	    (w = plugin_all_given(d->writes, s, 0)) != NULL)
		return error_set(e, EXIT_ENV, tr("declares %s but registers nothing for it",
		    "声明了 %s 却没有注册"), w);
	for (size_t i = 0; i < s->nreader; i++)
		if (sheet_add_reader(s->reader[i]) != 0)
			return error_set(e, EXIT_ENV, tr("the reader of .%s is incomplete",
			    ".%s 的读取器不完整"), s->reader[i]->ext);
	for (size_t i = 0; i < s->nformat; i++)
		if (emit_register_backend(s->format[i].name, s->format[i].be) != 0)
			return error_set(e, EXIT_ENV, tr("the format %s is incomplete",
			    "格式 %s 不完整"), s->format[i].name);
	return 0;
}

/* The descriptor's ABI against this program's (the Snort 3 rule). */
static int
plugin_check_abi(const struct plugin_desc *d, const char *name, struct error *e)
{
	if (d->size != sizeof(struct plugin_desc))
		return error_set(e, EXIT_ENV, tr("its descriptor is %zu bytes, this baodao's is"
		    " %zu (built against other headers)", "其描述结构为 %zu 字节，本程序的为 %zu"
		    "（用别的头文件编译）"), d->size, sizeof(struct plugin_desc));
	if (d->api != PLUGIN_API)
		return error_set(e, EXIT_ENV, tr("it is built for plugin API %u, this baodao"
		    " has %u", "其插件接口版本为 %u，本程序为 %u"), d->api, PLUGIN_API);
	if (d->build == NULL || strcmp(d->build, PLUGIN_BUILD) != 0)
		return error_set(e, EXIT_ENV, tr("it is built with options '%s', this baodao"
		    " with '%s'", "其编译选项为 '%s'，本程序为 '%s'"),
		    d->build ? d->build : "?", PLUGIN_BUILD);
	if (d->name == NULL || strcmp(d->name, name) != 0)
		return error_set(e, EXIT_ENV, tr("it calls itself '%s', not '%s'",
		    "其名称为 '%s'，而不是 '%s'"), d->name ? d->name : "", name);
	if (d->init == NULL)
		return error_set(e, EXIT_ENV, "%s", tr("it has no init function",
		    "没有 init 函数"));
	for (size_t i = 0; i < plugin_nslots; i++)
		if (plugin_slots[i].handle != NULL && strcmp(plugin_slots[i].info.name, name) == 0)
			return error_set(e, EXIT_ENV, tr("a plugin named %s is loaded already,"
			    " from %s", "同名插件 %s 已从 %s 加载"), name, plugin_slots[i].info.path);
	return 0;
}

/* Who may change PATH (a file or directory): only its owner, who must be
 * root or whoever runs baodao. */
static int
plugin_check_owner(const char *path, const struct stat *st, struct error *e)
{
	if (st->st_uid != 0 && st->st_uid != geteuid())
		return error_set(e, EXIT_ENV, tr("%s is owned by another user (uid %u)",
		    "%s 属于其他用户（uid %u）"), path, (unsigned)st->st_uid);
	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return error_set(e, EXIT_ENV, tr("%s may be written by others than its owner",
		    "%s 可被属主以外的人修改"), path);
	return 0;
}

/* dlopen SLOT's file and run every check; the handle is kept on success. */
static int
plugin_open(struct plugin_slot *slot, struct error *e)
{
	struct plugin_stage stage;
	const struct plugin_desc *d;
	struct stat st;
	void *h;

	if (stat(slot->info.path, &st) != 0 || !S_ISREG(st.st_mode))
		return error_set(e, EXIT_ENV, "%s", tr("not a regular file", "不是普通文件"));
	if (plugin_check_owner(slot->info.path, &st, e) != 0)
		return -1;
	if ((h = dlopen(slot->info.path, RTLD_NOW | RTLD_LOCAL)) == NULL)
		return error_set(e, EXIT_ENV, "%s", dlerror());
	d = dlsym(h, PLUGIN_SYMBOL);
	if (d == NULL) {
		dlclose(h);
		return error_set(e, EXIT_ENV, tr("it has no symbol %s", "没有符号 %s"),
		    PLUGIN_SYMBOL);
	}
	slot->info.version = d->size == sizeof *d ? d->version : NULL;
	slot->info.summary = d->size == sizeof *d ? d->summary : NULL;
	slot->info.reads = d->size == sizeof *d ? d->reads : NULL;
	slot->info.writes = d->size == sizeof *d ? d->writes : NULL;
	memset(&stage, 0, sizeof stage);
	plugin_staging = &stage;
	if (plugin_check_abi(d, slot->info.name, e) != 0 || d->init(&plugin_host, e) != 0 ||
	    plugin_commit(d, &stage, e) != 0) {
		plugin_staging = NULL;
		if (e->code == 0)
			error_set(e, EXIT_ENV, "%s", tr("its init failed", "初始化失败"));
		slot->info.version = slot->info.summary = NULL;
		slot->info.reads = slot->info.writes = NULL;
		dlclose(h);
		return -1;
	}
	plugin_staging = NULL;
	slot->handle = h;
	return 0;
}

/* Does FILE look like a plugin file (".so" in its name, any case), and
 * is it exactly NAME.so?  1: a plugin, 0: not one (ignored), -1: one
 * with a wrong name (refused). */
static int
plugin_file_name(const char *file)
{
	size_t n = strlen(file), at = n;

	for (size_t i = 0; i + 3 <= n; i++)
		if (strncasecmp(file + i, ".so", 3) == 0) {
			at = i;
			break;
		}
	if (at == n || file[0] == '.')
		return 0;
	if (at == 0 || at + 3 != n || strcmp(file + at, ".so") != 0)
		return -1;
	for (size_t i = 0; i < at; i++)
		if (!(file[i] >= 'a' && file[i] <= 'z') && !(file[i] >= '0' && file[i] <= '9') &&
		    file[i] != '_' && file[i] != '-')
			return -1;
	return 1;
}

/* A new slot for NAME at PATH (both the slot's from now on), or NULL
 * when PLUGIN_MAX files have been seen (then both are freed). */
static struct plugin_slot *
plugin_slot_new(char *name, char *path)
{
	struct plugin_slot *slot;

	if (plugin_nslots == PLUGIN_MAX) {
		free(name);
		free(path);
		return NULL;
	}
	slot = &plugin_slots[plugin_nslots++];
	memset(slot, 0, sizeof *slot);
	slot->info.name = name;
	slot->info.path = path;
	return slot;
}

/* Look at one entry of DIR: load it, refuse it, or leave it alone. */
static void
plugin_consider(const char *dir, const char *file)
{
	struct plugin_slot *slot;
	struct error e = { 0 };
	int kind = plugin_file_name(file);

	if (kind == 0 || (slot = plugin_slot_new(kind == 1 ? xstrndup(file, strlen(file) - 3) :
	    xstrdup(file), xasprintf("%s/%s", dir, file))) == NULL)
		return;
	if (kind < 0)
		error_set(&e, EXIT_ENV, "%s", tr("not named NAME.so (lower-case letters, digits,"
		    " '-' and '_', then .so)", "文件名不是 NAME.so（小写字母、数字、'-'、'_'，"
		    "后接 .so）"));
	else
		plugin_open(slot, &e);
	if (e.code)
		slot->info.refused = xstrdup(e.msg);
}

static int
plugin_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every plugin file of DIR, in name order (so loading is repeatable). */
static void
plugin_scan(const char *dir)
{
	struct dirent *de;
	struct stat st;
	struct error e = { 0 };
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || (d = opendir(dir)) == NULL)
		return;
	if (plugin_check_owner(dir, &st, &e) != 0) {
		struct plugin_slot *slot = plugin_slot_new(xstrdup("*"), xstrdup(dir));

		closedir(d);
		if (slot != NULL)
			slot->info.refused = xstrdup(e.msg);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (plugin_file_name(de->d_name) == 0)
			continue;
		if (n == cap)
			names = xrealloc(names, (cap = cap ? cap * 2 : 8) * sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, plugin_cmp);
	for (size_t i = 0; i < n; i++) {
		plugin_consider(dir, names[i]);
		free(names[i]);
	}
	free(names);
}

char *
plugin_default_dir(void)
{
	static const char *const rel[] = { "obj/plugins", "plugins" };
	char *exe = config_exe_dir(), *p;
	struct stat st;

	for (size_t i = 0; exe != NULL && i < 2; i++) {
		p = xasprintf("%s/%s", exe, rel[i]);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			free(exe);
			return p;
		}
		free(p);
	}
	free(exe);
	return xstrdup(BAODAO_LIBDIR "/plugins");
}

/* Load the plugins of the path plugin_defer kept, once. */
static void
plugin_load(void)
{
	if (plugin_loaded != PLUGIN_DEFERRED)
		return;
	plugin_loaded = PLUGIN_LOADED;
	emit_set_loader(NULL);
	for (size_t i = 0; i < plugin_ndir; i++)
		plugin_scan(plugin_dir[i]);
}

void
plugin_defer(const struct config *c)
{
	if (plugin_loaded != PLUGIN_NONE)
		return;
	plugin_loaded = PLUGIN_DEFERRED;
	plugin_ndir = c->nplugin_path ? c->nplugin_path : 1;
	plugin_dir = xcalloc(plugin_ndir, sizeof *plugin_dir);
	for (size_t i = 0; i < plugin_ndir; i++)
		plugin_dir[i] = c->nplugin_path ? xstrdup(c->plugin_path[i]) :
		    plugin_default_dir();
	emit_set_loader(plugin_load);
}

void
plugin_unload_all(void)
{
	for (size_t i = 0; i < plugin_nslots; i++) {
		if (plugin_slots[i].handle)
			dlclose(plugin_slots[i].handle);
		free((char *)plugin_slots[i].info.name);
		free((char *)plugin_slots[i].info.path);
		free((char *)plugin_slots[i].info.refused);
	}
	plugin_nslots = 0;
	for (size_t i = 0; i < plugin_ndir; i++)
		free(plugin_dir[i]);
	free(plugin_dir);
	plugin_dir = NULL;
	plugin_ndir = 0;
	plugin_loaded = PLUGIN_NONE;
	emit_set_loader(NULL);
}

const struct plugin_info *
plugin_list(size_t *n)
{
	plugin_load();
	for (size_t i = 0; i < plugin_nslots; i++)
		plugin_infos[i] = plugin_slots[i].info;
	*n = plugin_nslots;
	return plugin_infos;
}

const char *const *
plugin_dirs(size_t *n)
{
	plugin_load();
	*n = plugin_ndir;
	return (const char *const *)plugin_dir;
}

/* The directories searched, ", "-separated, into BUF. */
static void
plugin_dirs_text(char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < plugin_ndir && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", plugin_dir[i]);
}

const char *
plugin_why_missing(const char *what)
{
	char dirs[768];

	plugin_load();
	for (size_t i = 0; i < plugin_nslots; i++) {
		const struct plugin_slot *s = &plugin_slots[i];

		/* A refused plugin's declarations went with it: it is known
		 * by its file's name, which the shipped plugins share with
		 * their format (xlsx, html). */
		if (s->info.refused == NULL || strcasecmp(s->info.name, what) != 0)
			continue;
		snprintf(plugin_why, sizeof plugin_why, tr("the %s plugin (%s) was refused: %s",
		    "%s 插件（%s）未被加载：%s"), s->info.name, s->info.path, s->info.refused);
		return plugin_why;
	}
	plugin_dirs_text(dirs, sizeof dirs);
	if (util_lang_zh())
		snprintf(plugin_why, sizeof plugin_why, "在 %s 中没有找到提供 %s 的插件"
		    "（见 'baodao plugins'）", dirs, what);
	else
		snprintf(plugin_why, sizeof plugin_why, "no plugin giving %s was found in %s"
		    " (see 'baodao plugins')", what, dirs);
	return plugin_why;
}
