/*
 * db.c - opening the SQLite database and the few helpers every module
 * uses to talk to it.
 */
#include <errno.h>
#include <pwd.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"

/* Connection settings: WAL so readers (evaluation workers) never block the
 * writer, foreign keys on, a cache large enough for a province-sized scan. */
static const char db_pragmas[] =
	"PRAGMA journal_mode = WAL;"
	"PRAGMA foreign_keys = ON;"
	"PRAGMA synchronous = NORMAL;"
	"PRAGMA temp_store = MEMORY;"
	"PRAGMA cache_size = -65536;"
	"PRAGMA mmap_size = 268435456;";

/* Create the file 0600 before SQLite sees it, so it never exists with a
 * wider mode, even for an instant. */
static int
db_create_file(const char *path, struct error *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
}

int
db_open(struct db *db, const char *path, int flags, struct error *e)
{
	int oflags;
	struct stat st;

	db->h = NULL;
	db->path = xstrdup(path);
	if (flags & DB_CREATE) {
		if (db_create_file(path, e) != 0)
			goto fail;
	} else if (stat(path, &st) != 0) {
		error_set(e, EXIT_USAGE, tr("%s: no database here; run 'baodao init' first",
		    "%s: 数据库不存在；请先运行 'baodao init'"), path);
		goto fail;
	}
	oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		error_set(e, EXIT_ENV, "%s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(db->h, 10000);
	sqlite3_extended_result_codes(db->h, 1);
	if (db_exec(db, (flags & DB_READONLY) ?
	    "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;" :
	    db_pragmas, e) != 0)
		goto fail;
	return 0;
fail:
	db_close(db);
	return -1;
}

void
db_close(struct db *db)
{
	if (db->h)
		sqlite3_close_v2(db->h);
	db->h = NULL;
	free(db->path);
	db->path = NULL;
}

int
db_fail(struct db *db, struct error *e, const char *what)
{
	return error_set(e, EXIT_ENV, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->h));
}

int
db_exec(struct db *db, const char *sql, struct error *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(e, EXIT_ENV, "%s: %s", db->path, msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
db_begin(struct db *db, struct error *e)
{
	return db_exec(db, "BEGIN IMMEDIATE", e);
}

int
db_commit(struct db *db, struct error *e)
{
	return db_exec(db, "COMMIT", e);
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql, struct error *e)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(db, e, "prepare");
		return NULL;
	}
	return st;
}

char *
db_col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? xstrdup((const char *)t) : NULL;
}

int
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (util_empty(s))
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

long long
db_int(struct db *db, const char *sql, long long dflt)
{
	sqlite3_stmt *st = NULL;
	long long v = dflt;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

long long
db_int_text(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st = NULL;
	long long v = 0;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

static const char *
db_actor(void)
{
	const char *user = getenv("USER");
	const struct passwd *pw;

	if (!util_empty(user))
		return user;
	if ((pw = getpwuid(geteuid())) != NULL)
		return pw->pw_name;
	return "unknown";
}

int
db_audit(struct db *db, const struct db_audit *a, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO audit (at, actor, action, tbl, file,"
	    " file_sha256, inserted, updated, detail) VALUES"
	    " (strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?, ?, ?, ?, ?, ?)", e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, db_actor(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a->action, -1, SQLITE_STATIC);
	db_bind_text(st, 3, a->tbl);
	db_bind_text(st, 4, a->file);
	db_bind_text(st, 5, a->file_sha256);
	sqlite3_bind_int64(st, 6, a->inserted);
	sqlite3_bind_int64(st, 7, a->updated);
	db_bind_text(st, 8, a->detail);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, e, "writing the audit");
	sqlite3_finalize(st);
	return rc;
}
