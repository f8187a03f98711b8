/*
 * db.c - opening the SQLite database and the few helpers every module
 * uses to talk to it.
 */
#include <errno.h>
#include <grp.h>
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

#include <sodium.h>

#include "db.h"

/* How long a writer waits for another's lock, and the command this
 * process runs (for the note a writer leaves): set once by the command
 * layer before any database is opened. */
static int db_busy_ms = DB_BUSY_DEFAULT_MS;
static char db_program[64] = "baodao";

/* The group the database is shared through (baodao.conf group), or -1:
 * files are then the owner's alone. */
static long db_gid = -1;

void
db_share(long gid, const char *group)
{
	(void)group;
	db_gid = gid;
}

long
db_shared_gid(void)
{
	return db_gid;
}

/* The mode of the database and of what SQLite creates beside it. */
static mode_t
db_mode(void)
{
	return db_gid < 0 ? 0600 : 0660;
}

static void db_note_clear(struct db *db);
static int db_audit_register(sqlite3 *h);

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

/* Narrow FILE (the database or its -wal/-shm) to 0600, or to 0660 and
 * the shared group, if it is there. */
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
	if (db_gid >= 0 && st.st_gid != (gid_t)db_gid && chown(file, (uid_t)-1,
	    (gid_t)db_gid) != 0)
		return error_set(e, EXIT_ENV, "%s: %s", file, strerror(errno));
	if ((st.st_mode & 07777) != db_mode() && chmod(file, db_mode()) != 0)
		return error_set(e, EXIT_ENV, "%s: %s", file, strerror(errno));
	return 0;
}

/* Create the file 0600 (0660 for a shared group) before SQLite sees it,
 * so it never exists with a wider mode, even for an instant; an existing
 * file, and the -wal and -shm beside it, are narrowed, for they hold
 * personal data. */
static int
db_create_file(const char *path, struct error *e)
{
	static const char *const side[] = { "", "-wal", "-shm" };
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);

	if (fd >= 0) {
		close(fd);
		return db_narrow(path, e);
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

/* The name of user UID or group GID, into buf. */
static const char *
db_owner_name(uid_t uid, char *buf, size_t n)
{
	const struct passwd *pw = getpwuid(uid);

	snprintf(buf, n, pw ? "%s" : "%.0s%ld", pw ? pw->pw_name : "", (long)uid);
	return buf;
}

static const char *
db_group_name(gid_t gid, char *buf, size_t n)
{
	const struct group *gr = getgrgid(gid);

	snprintf(buf, n, gr ? "%s" : "%.0s%ld", gr ? gr->gr_name : "", (long)gid);
	return buf;
}

/*
 * When the database cannot be opened for want of permission, say whose it
 * is and what would let this user in (join its group, or have its folder
 * made writable for the group), instead of SQLite's "unable to open
 * database file".  0 when permissions are not the cause.
 */
static int
db_denied(const char *path, int ro, struct error *e)
{
	char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path + (slash == path))) :
	    xstrdup(".");
	char owner[64], group[64];
	struct stat st;
	int rc = 0;

	if (stat(path, &st) != 0) {
		/* Its folder keeps this user out: name the folder's group. */
		if (errno == EACCES && stat(dir, &st) == 0)
			rc = error_set(e, EXIT_ENV, tr("%s: permission denied: its folder %s belongs"
			    " to user %s and group %s (mode %04o); ask an administrator to add you to"
			    " group %s (usermod -aG %s USER), then log in again", "%s：没有权限：其所在"
			    "目录 %s 属于用户 %s 和用户组 %s（权限 %04o）；请管理员将您加入用户组 %s"
			    "（usermod -aG %s 用户名），然后重新登录"), path, dir,
			    db_owner_name(st.st_uid, owner, sizeof owner),
			    db_group_name(st.st_gid, group, sizeof group),
			    (unsigned)(st.st_mode & 07777), group, group);
		else if (errno == EACCES)
			rc = error_set(e, EXIT_ENV, tr("%s: permission denied: a folder on its path"
			    " keeps you out; ask the database's administrator which group to join",
			    "%s：没有权限：路径上的某个目录不允许您进入；请向数据库管理员询问应加入"
			    "哪个用户组"), path);
		goto out;
	}
	db_owner_name(st.st_uid, owner, sizeof owner);
	db_group_name(st.st_gid, group, sizeof group);
	if (access(path, ro ? R_OK : R_OK | W_OK) != 0 && (st.st_mode & 0060) == 0)
		rc = error_set(e, EXIT_ENV, tr("%s: permission denied: the database is user %s's"
		    " alone (mode %04o); to share it, set group in baodao.conf and run"
		    " 'baodao init' as %s (see INSTALL)", "%s：没有权限：该数据库仅属于用户 %s"
		    "（权限 %04o）；如需共用，请在 baodao.conf 中设置 group 并由 %s 运行"
		    " 'baodao init'（见 INSTALL）"), path, owner, (unsigned)(st.st_mode & 07777),
		    owner);
	else if (access(path, ro ? R_OK : R_OK | W_OK) != 0)
		rc = error_set(e, EXIT_ENV, tr("%s: permission denied: the database belongs to"
		    " user %s and group %s (mode %04o); ask an administrator to add you to group"
		    " %s (usermod -aG %s USER), then log in again", "%s：没有权限：该数据库属于用户"
		    " %s 和用户组 %s（权限 %04o）；请管理员将您加入用户组 %s（usermod -aG %s 用户名），"
		    "然后重新登录"), path, owner, group, (unsigned)(st.st_mode & 07777), group,
		    group);
	else if (access(dir, W_OK | X_OK) != 0)
		rc = error_set(e, EXIT_ENV, tr("%s: permission denied: its folder %s must be"
		    " writable for group %s (chgrp %s %s; chmod 2770 %s; see INSTALL)",
		    "%s：没有权限：其所在目录 %s 须允许用户组 %s 写入（chgrp %s %s；chmod 2770 %s；"
		    "见 INSTALL）"), path, dir, group, group, dir, dir);
out:
	free(dir);
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
	db->noted = db->busy = db->shadowed = 0;
	db->path = xstrdup(path);
	if (flags & DB_CREATE) {
		if (db_create_file(path, e) != 0)
			goto fail;
	} else if (stat(path, &st) != 0) {
		if (errno != EACCES || db_denied(path, flags & DB_READONLY, e) == 0)
			error_set(e, EXIT_USAGE, tr("%s: no database here; run 'baodao init' first",
			    "%s: 数据库不存在；请先运行 'baodao init'"), path);
		goto fail;
	}
	oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    ((flags & DB_READONLY) && db_readable(db, oflags | SQLITE_OPEN_NOMUTEX) != 0)) {
		if (db_denied(path, flags & DB_READONLY, e) == 0)
			error_set(e, EXIT_ENV, "%s: %s", path,
			    db->h ? sqlite3_errmsg(db->h) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(db->h, db_busy_ms);
	if (db_audit_register(db->h) != SQLITE_OK) {
		db_fail(db, e, "registering baodao_audit_hash");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (db_exec(db, (flags & DB_READONLY) ?
	    "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;" :
	    db_pragmas, e) != 0) {
		struct error denied = { 0 };

		if (db_denied(path, flags & DB_READONLY, &denied) != 0)
			*e = denied;
		goto fail;
	}
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
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, db_mode());

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

/*
 * The canonical encoding: a version line, then each field in a fixed
 * order as "name=" and either "-" (NULL), "#" and the decimal number, or
 * the length in bytes, ':' and the bytes, each ended by a newline.  The
 * lengths make it unambiguous whatever a field holds (newlines included).
 */
static void
db_audit_put(struct sbuf *b, const char *name, const char *s)
{
	if (s == NULL)
		sbuf_addf(b, "%s=-\n", name);
	else
		sbuf_addf(b, "%s=%zu:%s\n", name, strlen(s), s);
}

static void
db_audit_encode(struct sbuf *b, long long id, const char *at, const char *actor,
    const struct db_audit *a, const char *prev)
{
	sbuf_adds(b, "baodao-audit-1\n");
	sbuf_addf(b, "id=#%lld\n", id);
	db_audit_put(b, "at", at);
	db_audit_put(b, "actor", actor);
	db_audit_put(b, "action", a->action);
	db_audit_put(b, "tbl", a->tbl);
	db_audit_put(b, "file", a->file);
	db_audit_put(b, "file_sha256", a->file_sha256);
	sbuf_addf(b, "inserted=#%ld\n", a->inserted);
	sbuf_addf(b, "updated=#%ld\n", a->updated);
	db_audit_put(b, "detail", a->detail);
	db_audit_put(b, "prev", prev ? prev : "");
}

void
db_audit_hash(long long id, const char *at, const char *actor, const struct db_audit *a,
    const char *prev, char out[DB_HASH_HEX])
{
	unsigned char md[crypto_hash_sha256_BYTES];
	struct sbuf b;

	sbuf_init(&b);
	db_audit_encode(&b, id, at, actor, a, prev);
	crypto_hash_sha256(md, (const unsigned char *)(b.s ? b.s : ""), b.len);
	sodium_bin2hex(out, DB_HASH_HEX, md, sizeof md);
	sbuf_free(&b);
}

static const char *
db_audit_val(sqlite3_value *v)
{
	return sqlite3_value_type(v) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_value_text(v);
}

/* baodao_audit_hash(id, at, actor, action, tbl, file, file_sha256,
 * inserted, updated, detail, prev) */
static void
db_audit_sql_hash(sqlite3_context *cx, int n, sqlite3_value **v)
{
	struct db_audit a;
	char out[DB_HASH_HEX];

	(void)n;
	a.action = db_audit_val(v[3]);
	a.tbl = db_audit_val(v[4]);
	a.file = db_audit_val(v[5]);
	a.file_sha256 = db_audit_val(v[6]);
	a.inserted = (long)sqlite3_value_int64(v[7]);
	a.updated = (long)sqlite3_value_int64(v[8]);
	a.detail = db_audit_val(v[9]);
	db_audit_hash(sqlite3_value_int64(v[0]), db_audit_val(v[1]), db_audit_val(v[2]), &a,
	    db_audit_val(v[10]), out);
	sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
}

/* baodao_audit_hash() on connection H: the same hash in SQL, for the
 * migration that chains the entries written before the chain existed. */
static int
db_audit_register(sqlite3 *h)
{
	if (sodium_init() < 0)
		return SQLITE_ERROR;
	return sqlite3_create_function(h, "baodao_audit_hash", 11,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, db_audit_sql_hash, NULL, NULL);
}

/* The user the program runs as, from the password entry of the real
 * user id (not $USER, which anyone may set): who the audit names. */
const char *
db_actor(void)
{
	static char name[64];
	const struct passwd *pw = getpwuid(getuid());

	if (pw != NULL)
		snprintf(name, sizeof name, "%s", pw->pw_name);
	else
		snprintf(name, sizeof name, "uid %ld", (long)getuid());
	return name;
}

/* The newest entry's id and hash: what the next entry follows. */
static int
db_audit_last(struct db *db, long long *id, char prev[DB_HASH_HEX], struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", e);
	int rc;

	*id = 0;
	prev[0] = '\0';
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(prev, DB_HASH_HEX, "%s", sqlite3_column_text(st, 1) ?
		    (const char *)sqlite3_column_text(st, 1) : "-");
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, e, "reading the audit");
	sqlite3_finalize(st);
	return rc;
}

/* Append entry A to the chain, inside the caller's write transaction. */
static int
db_audit_append(struct db *db, const struct db_audit *a, struct error *e)
{
	struct db_audit en = *a;
	char at[32], prev[DB_HASH_HEX], hash[DB_HASH_HEX];
	const char *actor = db_actor();
	time_t now = time(NULL);
	long long id;
	struct tm tm;
	sqlite3_stmt *st;
	int rc;

	if (db_audit_last(db, &id, prev, e) != 0)
		return -1;
	gmtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	id++;
	/* Stored as NULL when empty, so hashed as NULL too. */
	en.tbl = util_empty(a->tbl) ? NULL : a->tbl;
	en.file = util_empty(a->file) ? NULL : a->file;
	en.file_sha256 = util_empty(a->file_sha256) ? NULL : a->file_sha256;
	en.detail = util_empty(a->detail) ? NULL : a->detail;
	db_audit_hash(id, at, actor, &en, prev, hash);
	st = db_prepare(db, "INSERT INTO audit (id, at, actor, action, tbl, file, file_sha256,"
	    " inserted, updated, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?)", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, en.action, -1, SQLITE_STATIC);
	db_bind_text(st, 5, en.tbl);
	db_bind_text(st, 6, en.file);
	db_bind_text(st, 7, en.file_sha256);
	sqlite3_bind_int64(st, 8, en.inserted);
	sqlite3_bind_int64(st, 9, en.updated);
	db_bind_text(st, 10, en.detail);
	sqlite3_bind_text(st, 11, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, e, "writing the audit");
	sqlite3_finalize(st);
	return rc;
}

/* The one writer of the audit.  Reading the last hash and appending must
 * not interleave with another writer, so outside a transaction the entry
 * takes the write lock itself. */
int
db_audit(struct db *db, const struct db_audit *a, struct error *e)
{
	int own = sqlite3_get_autocommit(db->h), rc;

	if (own && db_begin(db, e) != 0)
		return -1;
	rc = db_audit_append(db, a, e);
	if (own) {
		if (rc == 0 && db_commit(db, e) == 0)
			return 0;
		db_rollback(db);
		return -1;
	}
	return rc;
}
