/*
 * db.h - the SQLite database: opening it safely, transactions, statements.
 *
 * A database is opened in WAL mode with foreign keys on.  A new database
 * file is created mode 0600 (SQLite gives its -wal and -shm files the same
 * mode), because it holds personal data, or 0660 and group-owned when it
 * is shared (db_share); opening an existing file to create (init) narrows
 * it and its -wal and -shm to that.  A user who may not open it is told
 * who owns it and which group to join, not just "unable to open".  Every multi-row write goes
 * through db_begin()/db_commit(); anything that fails between them is
 * undone by db_rollback(), so a half-written import or run never lands.
 */
#ifndef BAODAO_DB_H
#define BAODAO_DB_H

#include <sqlite3.h>

#include "util.h"

enum {
	DB_CREATE = 1,     /* create the file if missing */
	DB_READONLY = 2    /* read only: SQLITE_OPEN_READONLY (commands that
	                      only read, workers); works in a folder the user
	                      cannot write when no -wal is pending */
};

struct db {
	sqlite3 *h;
	char *path;
	int noted;                /* this connection left the writer's note */
	int busy;                 /* an operation gave up on another's lock */
	int shadowed;             /* tables read through temporary views of their
	                             names (correct_view.c): none has an index */
};

#define DB_BUSY_DEFAULT_MS 60000

/* How long a writer waits for another writer's lock (busy_timeout in
 * baodao.conf), and the command this process runs, which a writer's note
 * names.  Called once before any database is opened; the defaults are
 * DB_BUSY_DEFAULT_MS and "baodao". */
void  db_configure(int busy_ms, const char *program);

/* Share the database through group GID (baodao.conf group, named GROUP):
 * a new database is created mode 0660 and group-owned, and init narrows
 * an existing one (and its -wal and -shm) to that.  Called once before
 * any database is opened; without it files are the owner's alone. */
void  db_share(long gid, const char *group);
long  db_shared_gid(void);                /* the group's id, or -1 */

/* Open PATH.  Without DB_CREATE a missing file is an error that tells the
 * user to run `baodao init`.  Returns 0, or -1 with e set. */
int   db_open(struct db *db, const char *path, int flags, struct error *e);
void  db_close(struct db *db);

/* Run SQL text (several statements allowed, no results). */
int   db_exec(struct db *db, const char *sql, struct error *e);

/* BEGIN IMMEDIATE waits up to the busy timeout for another writer; while
 * it holds the lock, a writer leaves a note (PATH-writer: pid, start,
 * command) so one that gives up can say "database is locked by baodao
 * import (pid N, since HH:MM)".  A lock not had is EXIT_ENV with that
 * message; so is any statement that meets a busy database. */
int   db_begin(struct db *db, struct error *e);
int   db_commit(struct db *db, struct error *e);
void  db_rollback(struct db *db);                    /* never fails loudly */

/* Prepare one statement; NULL with e set (EXIT_ENV) on failure. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql, struct error *e);

/* Set e from the connection's last error, prefixed by WHAT; returns -1. */
int   db_fail(struct db *db, struct error *e, const char *what);

/*
 * One entry of the audit trail: who did what, when.  db_audit() is the
 * only writer of the audit table: it appends the entry to the hash chain
 * (audit.h), with the time, the actor (the password entry of the real
 * user id) and the hash of the entry before.  Inside the caller's write
 * transaction it is part of it (the entry lands with the change, or
 * neither does); outside one it takes the write lock itself.  Actions:
 * import, evaluate, pack install, pack remove, pack rollback, reveal,
 * wish, ledger, backup, restore, and the corrections of records.
 */
struct db_audit {
	const char *action;
	const char *tbl;
	const char *file, *file_sha256;   /* imports; NULL otherwise */
	long inserted, updated;
	const char *detail;           /* NULL when none */
};
int   db_audit(struct db *db, const struct db_audit *a, struct error *e);
/* The user the program runs as, for the rows that say who did something. */
const char *db_actor(void);

/* The hash of the entry ID (written AT by ACTOR, with the fields of A)
 * following the entry whose hash is PREV ("" for the first): hex SHA-256
 * of the entry's canonical encoding, which names every field with its
 * length, so no two entries encode alike.  audit.h checks the chain with
 * it; the migration that made the chain calls it as baodao_audit_hash(),
 * registered on every connection. */
#define DB_HASH_HEX 65
void  db_audit_hash(long long id, const char *at, const char *actor,
          const struct db_audit *a, const char *prev, char out[DB_HASH_HEX]);

/* A result column as a new string (caller frees); NULL for SQL NULL. */
char *db_col_dup(sqlite3_stmt *st, int col);

/* Bind text, or NULL when s is NULL or empty. */
int   db_bind_text(sqlite3_stmt *st, int i, const char *s);

/* A single integer from "SELECT ..." with no parameters; dflt when no row. */
long long db_int(struct db *db, const char *sql, long long dflt);
/* The same with one text parameter; 0 when no row. */
long long db_int_text(struct db *db, const char *sql, const char *arg);

#endif
