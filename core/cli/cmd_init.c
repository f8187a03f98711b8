/*
 * cmd_init.c - `baodao init`: create the database, or bring it to this
 * program's schema.
 */
#include <stdio.h>

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
		rc = 0;
	}
	db_close(&db);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_init = { &cmd_init_decl, cmd_init_run, NULL, NULL };
