/*
 * migrate.h - the schema as numbered migrations compiled into the program.
 *
 * schema/NNN_name.sql files are embedded at build time (tools/
 * embed-schema.sh) as migrate_steps[], in order.  The database records the
 * version it is at (PRAGMA user_version, and one row per applied step in
 * schema_migration).  A database newer than the program is refused: an
 * old baodao must not write into a layout it does not know.
 */
#ifndef BAODAO_MIGRATE_H
#define BAODAO_MIGRATE_H

#include "db.h"

struct migrate_step {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migrate_step migrate_steps[];   /* ends with version 0 */

/* The version this program's schema reaches. */
int   migrate_latest(void);

/* The version the database is at (0 for a new, empty one). */
int   migrate_current(struct db *db);

/* Bring the database up to migrate_latest(), each step in its own
 * transaction.  *applied counts the steps run.  Refuses a newer database. */
int   migrate_apply(struct db *db, int *applied, struct error *e);

/* For every command but init: refuse a database that is older (run init)
 * or newer (upgrade baodao) than this program. */
int   migrate_check(struct db *db, struct error *e);

#endif
