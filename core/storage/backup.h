/*
 * backup.h - the database file's own care: a consistent copy taken while
 * others read and write, putting a copy back, and checking the file.
 *
 * The database is in WAL mode, so a plain copy of the file may miss what
 * is still in the -wal, or catch a checkpoint half done.  A backup goes
 * through SQLite's online backup API, from one read snapshot, into a new
 * file beside the destination that is renamed into place when complete;
 * the copy is one self-contained file (rollback journal, no -wal).  A
 * restore checks the copy (integrity_check, a baodao schema no newer than
 * this program's) before anything is replaced, brings it to this
 * program's schema, keeps the database it replaces, and replaces it with
 * the backup API into the live database: one write transaction, so other
 * connections see the old database or the new one, never a mix.
 *
 * The pack store (DB.packs) is a folder, not part of the database file:
 * it is copied with the file system (INSTALL).
 */
#ifndef BAODAO_BACKUP_H
#define BAODAO_BACKUP_H

#include "db.h"

/* What a backup wrote. */
struct backup_done {
	char sha256[65];          /* of the copy, hex */
	long long bytes;
};

/* Copy DB to DEST.  An existing DEST is refused unless FORCE.  The copy
 * is created mode 0600 (0640 and group-owned when the database is shared,
 * db_share).  0, or -1 with e set and no DEST left behind. */
int   backup_write(struct db *db, const char *dest, int force, struct backup_done *d,
          struct error *e);

/* What a restore did. */
struct backup_restored {
	int from_version;         /* the copy's schema version */
	int migrated;             /* migrations applied to it */
	char *kept;               /* the database before, kept as; NULL when there
	                             was none (caller frees) */
};

/* Replace the database at DB_PATH with the copy SRC, after checking SRC;
 * the database before is kept beside it as DB_PATH.before-restore-TIME.
 * The restored database's audit gets a "restore" entry.  Any refusal or
 * failure leaves the database as it was.  0, or -1 with e set. */
int   backup_restore(const char *db_path, const char *src, struct backup_restored *r,
          struct error *e);

/* Run integrity_check and foreign_key_check on DB, and see that the
 * audit's append-only triggers are there, calling FN with the check's
 * name ("integrity", "foreign key", "audit") and one line for each
 * problem.  *found counts them.  0, or -1 with e set. */
int   backup_check(struct db *db, void (*fn)(const char *check, const char *problem,
          void *arg), void *arg, long *found, struct error *e);

#endif
