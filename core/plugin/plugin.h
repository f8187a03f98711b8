/*
 * plugin.h - the plugin host: shared objects that add file formats,
 * loaded from the plugin path of baodao.conf when first needed.
 *
 * Loading looks at each directory of the path in order and dlopens
 * every regular file named NAME.so in it; a NAME found again
 * in a later directory is refused as a duplicate.  A plugin is kept only
 * when every check of plugin_api.h passes and its init registers what it
 * declared; else it is refused with one line saying why, dlclosed, and
 * the others load as before.  Nothing is printed here: `baodao plugins`
 * lists the loaded and the refused, and a command that needs a format or
 * a file type that no plugin gave asks plugin_why_missing() for the
 * reason to tell.
 *
 * A plugin file or its directory writable by anyone but its owner, or
 * owned by someone other than root or the user running baodao, is
 * refused: loading it would run code another user can change.
 */
#ifndef BAODAO_PLUGIN_H
#define BAODAO_PLUGIN_H

#include "config.h"
#include "util.h"

/* One plugin file seen, loaded or refused. */
struct plugin_info {
	const char *name;       /* NAME of NAME.so */
	const char *path;       /* the file */
	const char *version;    /* NULL when refused before the descriptor was read */
	const char *summary;
	const char *reads;      /* extensions, ","-separated, or NULL */
	const char *writes;     /* formats, ","-separated, or NULL */
	const char *refused;    /* why it was refused; NULL when loaded */
};

/* Keep the configured plugin path (or the default one, see
 * plugin_default_dir) and load its plugins at the first need: a format
 * or a file type asked for that no one registered (emit_set_loader), or
 * the list, the directories or a reason asked of this file.  A command
 * that needs none loads none (about 5 ms of a 13 ms command spared).  Once
 * per program; later calls do nothing.  Not for threads: the formats'
 * and readers' tables are the main thread's. */
void  plugin_defer(const struct config *c);

/* Close every loaded plugin (at exit, after the last output). */
void  plugin_unload_all(void);

/* The plugins seen, in the order seen; *n receives their number. */
const struct plugin_info *plugin_list(size_t *n);

/* The directories searched, in order; *n receives their number. */
const char *const *plugin_dirs(size_t *n);

/*
 * Why WHAT (a format such as "xlsx", or a file extension) has no reader
 * or writer: a sentence naming the plugin that would give it and why it
 * is not loaded (refused: the reason; not found: the directories
 * searched).  The text is static until the next call.
 */
const char *plugin_why_missing(const char *what);

/* The directory plugins come from when the configuration names none:
 * beside the program in a build tree (obj/plugins, or plugins/ beside a
 * sanitizer or fuzz build's binary), else the installed LIBDIR/plugins.
 * The caller frees. */
char *plugin_default_dir(void);

#endif
