/*
 * migrate.c - applying the embedded schema migrations in order.
 */
#include <stdio.h>

#include "migrate.h"

int
migrate_latest(void)
{
	int v = 0;

	for (const struct migrate_step *s = migrate_steps; s->version; s++)
		v = s->version;
	return v;
}

int
migrate_current(struct db *db)
{
	return (int)db_int(db, "PRAGMA user_version", 0);
}

/* Apply one step: its SQL, its record, the new user_version, atomically. */
static int
migrate_step_apply(struct db *db, const struct migrate_step *s, struct error *e)
{
	char sql[256];

	if (db_begin(db, e) != 0)
		return -1;
	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migration ("
	    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)", e) != 0 ||
	    db_exec(db, s->sql, e) != 0)
		goto fail;
	snprintf(sql, sizeof sql,
	    "INSERT INTO schema_migration VALUES (%d, '%s', datetime('now'));"
	    "PRAGMA user_version = %d;", s->version, s->name, s->version);
	if (db_exec(db, sql, e) != 0 || db_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
migrate_apply(struct db *db, int *applied, struct error *e)
{
	int cur = migrate_current(db), latest = migrate_latest();

	*applied = 0;
	if (cur > latest)
		return error_set(e, EXIT_ENV, tr(
		    "%s: database schema version %d is newer than this baodao knows (%d); upgrade baodao",
		    "%s: 数据库结构版本 %d 高于本程序支持的版本 %d；请升级 baodao"),
		    db->path, cur, latest);
	for (const struct migrate_step *s = migrate_steps; s->version; s++) {
		if (s->version <= cur)
			continue;
		if (migrate_step_apply(db, s, e) != 0)
			return -1;
		(*applied)++;
	}
	return 0;
}

int
migrate_check(struct db *db, struct error *e)
{
	int cur = migrate_current(db), latest = migrate_latest();

	if (cur > latest)
		return error_set(e, EXIT_ENV, tr(
		    "%s: database schema version %d is newer than this baodao knows (%d); upgrade baodao",
		    "%s: 数据库结构版本 %d 高于本程序支持的版本 %d；请升级 baodao"),
		    db->path, cur, latest);
	if (cur < latest)
		return error_set(e, EXIT_USAGE, tr(
		    "%s: database schema version %d is older than %d; run 'baodao init' to upgrade it",
		    "%s: 数据库结构版本 %d 低于 %d；请运行 'baodao init' 升级"),
		    db->path, cur, latest);
	return 0;
}
