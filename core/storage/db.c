/*
 * db.c - opening the SQLite database and the few helpers every module
 * uses to talk to it.
 */
#include <errno.h>
#include <pthread.h>
#include <pwd.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"

/* How long a writer waits for another's lock, and the command this
 * process runs (for the note a writer leaves): set once by the command
 * layer before any database is opened. */
static int db_busy_ms = DB_BUSY_DEFAULT_MS;
static char db_program[64] = "baodao";

static void db_note_clear(struct db *db);

/* Connection settings: WAL so readers (evaluation workers) never block the
 * writer, foreign keys on, a cache large enough for a province-sized scan. */
static const char db_pragmas[] =
	"PRAGMA journal_mode = WAL;"
	"PRAGMA foreign_keys = ON;"
	"PRAGMA synchronous = NORMAL;"
	"PRAGMA temp_store = MEMORY;"
	"PRAGMA cache_size = -65536;"
	"PRAGMA mmap_size = 268435456;";

void
db_configure(int busy_ms, const char *program)
{
	db_busy_ms = busy_ms >= 0 ? busy_ms : DB_BUSY_DEFAULT_MS;
	snprintf(db_program, sizeof db_program, "baodao %s", program ? program : "");
}

/* Narrow FILE (the database or its -wal/-shm) to 0600 if it is there. */
static int
db_narrow(const char *file, struct error *e)
{
	struct stat st;

	if (lstat(file, &st) != 0)
		return errno == ENOENT ? 0 : error_set(e, EXIT_ENV, "%s: %s", file,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(e, EXIT_USAGE, tr("%s: not a regular file",
		    "%s: 不是普通文件"), file);
	if ((st.st_mode & 07777) != 0600 && chmod(file, 0600) != 0)
		return error_set(e, EXIT_ENV, "%s: %s", file, strerror(errno));
	return 0;
}

/* Create the file 0600 before SQLite sees it, so it never exists with a
 * wider mode, even for an instant; an existing file, and the -wal and
 * -shm beside it, are narrowed to 0600, for they hold personal data. */
static int
db_create_file(const char *path, struct error *e)
{
	static const char *const side[] = { "", "-wal", "-shm" };
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno != EEXIST)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
		char *file = xasprintf("%s%s", path, side[i]);
		int rc = db_narrow(file, e);

		free(file);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/*
 * A read-only connection to a WAL database needs its -shm file, which it
 * cannot create in a folder the user may not write.  When there is no
 * -wal either, every committed transaction is in the database file, and
 * it is read as immutable (without the WAL index).  Returns 0 when the
 * connection can read, else -1 with the connection left as it was.
 */
static int
db_readable(struct db *db, int oflags)
{
	char *wal, *uri;
	struct sbuf b;
	int rc;

	if (sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return 0;
	wal = xasprintf("%s-wal", db->path);
	rc = access(wal, F_OK) == 0 || errno != ENOENT ? -1 : 0;
	free(wal);
	if (rc != 0)
		return -1;
	sbuf_init(&b);
	sbuf_adds(&b, "file:");
	for (const char *p = db->path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sbuf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			sbuf_addc(&b, *p);
	}
	sbuf_adds(&b, "?mode=ro&immutable=1");
	uri = b.s;
	sqlite3_close_v2(db->h);
	db->h = NULL;
	rc = sqlite3_open_v2(uri, &db->h, oflags | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
	    sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
	sbuf_free(&b);
	return rc;
}

/* SQLite's global settings, before its first use: no count of the
 * memory it holds (that count takes a mutex shared by every connection
 * on each allocation, which is what evaluation workers would wait on). */
static void
db_global_init(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
db_open(struct db *db, const char *path, int flags, struct error *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int oflags;
	struct stat st;

	pthread_once(&once, db_global_init);

	db->h = NULL;
	db->noted = db->busy = 0;
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
	if ((flags & DB_READONLY) && db_readable(db, oflags | SQLITE_OPEN_NOMUTEX) != 0) {
		error_set(e, EXIT_ENV, "%s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(db->h, db_busy_ms);
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
	if (db->path)
		db_note_clear(db);
	if (db->h)
		sqlite3_close_v2(db->h);
	db->h = NULL;
	free(db->path);
	db->path = NULL;
}

/* The note a writer leaves beside the database while it holds the lock:
 * "PID START PROGRAM", so a writer that must give up can say who. */
static char *
db_note_path(const struct db *db)
{
	return xasprintf("%s-writer", db->path);
}

static void
db_note_write(struct db *db)
{
	char *path = db_note_path(db), *tmp = xasprintf("%s.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);

	if (fd >= 0) {
		dprintf(fd, "%ld %lld %s\n", (long)getpid(), (long long)time(NULL), db_program);
		if (close(fd) != 0 || rename(tmp, path) != 0)
			unlink(tmp);
	}
	db->noted = fd >= 0;
	free(tmp);
	free(path);
}

static void
db_note_clear(struct db *db)
{
	char *path;

	if (!db->noted)
		return;
	path = db_note_path(db);
	unlink(path);
	free(path);
	db->noted = 0;
}

/* Who holds the lock, from the note of a writer still running: "another
 * baodao import (pid 12, since 10:02)"; "" when not known. */
static void
db_note_read(const struct db *db, char *out, size_t n)
{
	char *path = db_note_path(db), prog[64] = "";
	FILE *f = fopen(path, "r");
	long pid = 0;
	long long since = 0;
	time_t t;
	struct tm tm;

	out[0] = '\0';
	if (f != NULL && fscanf(f, "%ld %lld %63[^\n]", &pid, &since, prog) == 3 &&
	    pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) == 0) {
		t = (time_t)since;
		localtime_r(&t, &tm);
		snprintf(out, n, tr("%s (pid %ld, since %02d:%02d)", "%s（进程 %ld，自 %02d:%02d 起）"),
		    prog, pid, tm.tm_hour, tm.tm_min);
	}
	if (f != NULL)
		fclose(f);
	free(path);
}

/* The database is locked by another writer that did not finish within
 * the busy timeout: say so, and who, when the writer left a note. */
static int
db_busy(struct db *db, struct error *e)
{
	char who[160];

	db->busy = 1;
	db_note_read(db, who, sizeof who);
	if (who[0] != '\0')
		return error_set(e, EXIT_ENV, tr("%s: database is locked by %s; waited %d s;"
		    " retry later or raise busy_timeout in baodao.conf",
		    "%s: 数据库正被 %s 写入；已等待 %d 秒；请稍后重试，或调大 baodao.conf 的 busy_timeout"),
		    db->path, who, db_busy_ms / 1000);
	return error_set(e, EXIT_ENV, tr("%s: database is busy: another program is writing;"
	    " waited %d s; retry later or raise busy_timeout in baodao.conf",
	    "%s: 数据库忙：另一个程序正在写入；已等待 %d 秒；请稍后重试，或调大 baodao.conf 的 busy_timeout"),
	    db->path, db_busy_ms / 1000);
}

static int
db_is_busy(const struct db *db)
{
	return (sqlite3_extended_errcode(db->h) & 0xff) == SQLITE_BUSY;
}

int
db_fail(struct db *db, struct error *e, const char *what)
{
	if (db_is_busy(db))
		return db_busy(db, e);
	return error_set(e, EXIT_ENV, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->h));
}

int
db_exec(struct db *db, const char *sql, struct error *e)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (db_is_busy(db))
			db_busy(db, e);
		else
			error_set(e, EXIT_ENV, "%s: %s", db->path, msg ? msg : sqlite3_errmsg(db->h));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* The write lock, and the note saying who holds it. */
int
db_begin(struct db *db, struct error *e)
{
	if (db_exec(db, "BEGIN IMMEDIATE", e) != 0)
		return -1;
	db_note_write(db);
	return 0;
}

int
db_commit(struct db *db, struct error *e)
{
	int rc = db_exec(db, "COMMIT", e);

	if (rc == 0)
		db_note_clear(db);
	return rc;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db_note_clear(db);
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
