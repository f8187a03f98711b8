/*
 * cmd_init.c - `baodao init`: create the database, or bring it to this
 * program's schema.
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "migrate.h"
#include "store.h"

static const struct opt_cmd cmd_init_decl = {
	"init", "init",
	"Create the database, or upgrade it to this program's schema.  With group\n"
	"in baodao.conf the database (0660) and its pack store (02770) belong to\n"
	"that group, so its members can work on them.",
	NULL, 0, 0, NULL,
	CONFIG_ROLE_ADMIN
};

/* SQLite makes the -wal and -shm files in the database's folder, with
 * the group of that folder only when it is setgid: without that another
 * member of the group could not write them.  A warning, not a refusal:
 * the folder is the administrator's to set up (INSTALL). */
static void
cmd_init_folder(const char *db_path, const char *group)
{
	const char *slash = strrchr(db_path, '/');
	char *dir = slash ? xstrndup(db_path, (size_t)(slash - db_path + (slash == db_path))) :
	    xstrdup(".");
	const struct group *gr = getgrnam(group);
	struct stat st;

	if (gr != NULL && stat(dir, &st) == 0 && (!(st.st_mode & S_ISGID) ||
	    st.st_gid != gr->gr_gid || (st.st_mode & 0070) != 0070))
		util_warnx(tr("%s: the folder is not group %s's to write in (setgid); other users"
		    " of the group will fail to write: chgrp %s %s; chmod 2770 %s (see INSTALL)",
		    "%s：该目录不是用户组 %s 可写的（setgid）目录；组内其他用户将无法写入："
		    "chgrp %s %s；chmod 2770 %s（见 INSTALL）"), dir, group, group, dir, dir);
	free(dir);
}

/* Create or upgrade the database; says which schema version it is at. */
static int
cmd_init_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct opt_args a;
	struct db db;
	int applied, rc = -1;

	if (opt_parse(&cmd_init_decl, argc, argv, &a, &c->err) != 0)
		goto out;
	if (db_open(&db, c->db_path, DB_CREATE, &c->err) != 0)
		goto out;
	if (migrate_apply(&db, &applied, &c->err) == 0 &&
	    (c->cfg.group == NULL || store_share(c->db_path, c->cfg.group, &c->err) == 0)) {
		printf(tr("%s: schema version %d (%d migration%s applied)\n",
		    "%s: 数据库结构版本 %d（本次升级 %d 步%s）\n"), c->db_path,
		    migrate_current(&db), applied,
		    util_lang_zh() ? "" : applied == 1 ? "" : "s");
		if (c->cfg.group)
			cmd_init_folder(c->db_path, c->cfg.group);
		rc = 0;
	}
	db_close(&db);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_init = { &cmd_init_decl, cmd_init_run, NULL, NULL };
