/*
 * cmd_backup.c - `baodao backup FILE`, `baodao restore FILE` and
 * `baodao check`: the database file's own care (storage/backup.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "backup.h"
#include "cmd.h"
#include "emit.h"

static const struct opt cmd_backup_opts[] = {
	{ "--force", NULL, "overwrite FILE if it exists", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_backup_decl = {
	"backup", "backup FILE [--force]",
	"Write a consistent copy of the database to FILE while others read and\n"
	"write it (SQLite's online backup API; a plain copy of a database in WAL\n"
	"mode is not safe).  FILE is one self-contained file, created mode 0600\n"
	"(0640 and group-owned when baodao.conf names a group); an existing FILE\n"
	"is refused unless --force.  The audit records the backup and its SHA-256.\n"
	"The pack store (DB.packs) is a folder: copy it with the file system.",
	cmd_backup_opts, 1, 1, "FILE",
	CONFIG_ROLE_ADMIN
};

/* backup FILE: the copy, from a snapshot (no lock waited for), then its
 * audit entry, which waits for the write lock like any writer; a copy
 * whose entry cannot be written is removed: no copy of personal data
 * goes unrecorded. */
static int
cmd_backup_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct backup_done d;
	struct opt_args a;
	struct db db;
	int rc = -1;

	if (opt_parse(&cmd_backup_decl, argc, argv, &a, &c->err) != 0 || cmd_open(c, &db) != 0)
		goto out;
	if (backup_write(&db, a.pos[0], opt_has(&a, "--force"), &d, &c->err) == 0) {
		struct db_audit au = { .action = "backup", .file = a.pos[0],
		    .file_sha256 = d.sha256 };

		if ((rc = db_audit(&db, &au, &c->err)) != 0)
			unlink(a.pos[0]);
	}
	db_close(&db);
	if (rc == 0)
		printf(tr("backup: %s (%lld bytes, sha256 %s)\n",
		    "备份：%s（%lld 字节，sha256 %s）\n"), a.pos[0], d.bytes, d.sha256);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_backup = { &cmd_backup_decl, cmd_backup_run, NULL, NULL };

/* ---- restore ---- */

static const struct opt_cmd cmd_restore_decl = {
	"restore", "restore FILE",
	"Replace the database with the backup FILE.  FILE must pass SQLite's\n"
	"integrity_check and be a baodao database whose schema is no newer than\n"
	"this program's (an older one is upgraded); else nothing changes.  The\n"
	"database replaced is kept beside it as DB.before-restore-TIME, and the\n"
	"replacing is one transaction: other users see the old database or the\n"
	"restored one.  The restored database's audit records the restore.",
	NULL, 1, 1, "FILE",
	CONFIG_ROLE_ADMIN
};

static int
cmd_restore_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct backup_restored r;
	struct opt_args a;
	int rc = -1;

	if (opt_parse(&cmd_restore_decl, argc, argv, &a, &c->err) == 0 &&
	    backup_restore(c->db_path, a.pos[0], &r, &c->err) == 0) {
		printf(tr("restored %s into %s (schema %d, %d migrations applied)\n",
		    "已将 %s 恢复到 %s（数据库结构版本 %d，升级 %d 步）\n"), a.pos[0], c->db_path,
		    r.from_version, r.migrated);
		if (r.kept)
			printf(tr("the database before is kept as %s\n", "恢复前的数据库保存为 %s\n"),
			    r.kept);
		free(r.kept);
		rc = 0;
	}
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_restore = { &cmd_restore_decl, cmd_restore_run, NULL, NULL };

/* ---- check ---- */

static const struct opt cmd_check_opts[] = {
	{ "--format", "F", "text (the default), csv, md or json", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_check_decl = {
	"check", "check [--format text|csv|md|json]",
	"Check the database file: SQLite's integrity_check (pages, indexes) and\n"
	"foreign_key_check (rows that refer to rows that do not exist).  One line\n"
	"per problem; exit 1 when there is any.",
	cmd_check_opts, 0, 0, NULL,
	CONFIG_ROLE_ADMIN | CONFIG_ROLE_AUDITOR
};

/* backup_check() callback: a problem as a line, a row or an object. */
static void
cmd_check_problem(const char *check, const char *problem, void *arg)
{
	struct emit *w = arg;
	const char *cells[2] = { check, problem };

	if (emit_trees(w)) {
		emit_begin_object(w);
		emit_kstr(w, "check", check);
		emit_kstr(w, "problem", problem);
		emit_end_object(w);
		emit_break(w, 0);
	} else if (emit_prose(w)) {
		emit_textf(w, "%s: %s\n", check, problem);
	} else {
		emit_row(w, cells, 2);
	}
}

/* The problems, then a summary in text; EXIT_FOUND when there are any. */
static int
cmd_check_write(struct db *db, struct emit *w, const struct opt_args *a, struct error *e)
{
	static const char *const cols[] = { "check", "problem" };
	static const struct emit_table t = { .title = "check", .columns = cols, .ncolumns = 2 };
	long found = 0;
	int rc;

	(void)a;
	if (emit_trees(w))
		emit_begin_array(w);
	else if (!emit_prose(w))
		emit_begin_table(w, &t);
	rc = backup_check(db, cmd_check_problem, w, &found, e);
	if (emit_trees(w))
		emit_end_array(w);
	else if (!emit_prose(w))
		emit_end_table(w);
	else if (found == 0)
		emit_textf(w, "%s", tr("check: integrity ok, foreign keys ok\n",
		    "检查：完整性正常，外键正常\n"));
	else
		emit_textf(w, tr("check: %ld problems\n", "检查：发现 %ld 个问题\n"), found);
	if (rc != 0)
		return -1;
	return found > 0 ? EXIT_FOUND : 0;
}

static int
cmd_check_run(struct cmd_ctx *c, int argc, char **argv)
{
	struct opt_args a;
	int rc = -1;

	if (opt_parse(&cmd_check_decl, argc, argv, &a, &c->err) == 0)
		rc = cmd_read_emit(c, &a, cmd_check_write);
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_check = { &cmd_check_decl, cmd_check_run, NULL, NULL };
