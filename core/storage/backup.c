/*
 * backup.c - backup (online backup API into a new file renamed into
 * place), restore (check, migrate, keep the old, replace in one
 * transaction) and the integrity and foreign-key checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "backup.h"
#include "migrate.h"
#include "sha256.h"

#define BACKUP_WAIT 60            /* seconds of others' locks waited for */

/* The whole of FROM into TO in one step, from one read snapshot of FROM.
 * TO's busy handler waits for its lock; FROM busy (a checkpoint, a WAL
 * being recovered) is retried for up to BACKUP_WAIT seconds in all.
 * WHAT names TO in errors. */
static int
backup_copy(sqlite3 *from, sqlite3 *to, const char *what, struct error *e)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	time_t start = time(NULL);
	int rc;

	if (b == NULL)
		return error_set(e, EXIT_ENV, "%s: %s", what, sqlite3_errmsg(to));
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		if (time(NULL) - start >= BACKUP_WAIT)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return error_set(e, EXIT_ENV, "%s: %s", what, sqlite3_errmsg(to));
	return 0;
}

/* A new, empty file PATH for a copy: 0600, or 0640 and the shared group. */
static int
backup_create(const char *path, struct error *e)
{
	long gid = db_shared_gid();
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);

	if (fd < 0)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	if (gid >= 0 && (fchown(fd, (uid_t)-1, (gid_t)gid) != 0 || fchmod(fd, 0640) != 0)) {
		error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* The copy of FROM in the new file PATH, self-contained (its journal a
 * rollback journal, so no -wal goes with it) and synced to disk. */
static int
backup_to_file(sqlite3 *from, const char *path, struct error *e)
{
	sqlite3 *to = NULL;
	int rc = -1, fd;

	if (backup_create(path, e) != 0)
		return -1;
	if (sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		error_set(e, EXIT_ENV, "%s: %s", path, to ? sqlite3_errmsg(to) : "cannot open");
	else if (backup_copy(from, to, path, e) == 0 &&
	    sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK)
		rc = 0;
	else if (e->code == 0)
		error_set(e, EXIT_ENV, "%s: %s", path, sqlite3_errmsg(to));
	sqlite3_close_v2(to);
	if (rc == 0 && ((fd = open(path, O_RDONLY)) < 0 || fsync(fd) != 0))
		rc = error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	if (rc == 0)
		close(fd);
	if (rc != 0)
		unlink(path);
	return rc;
}

/* The SHA-256 and size of the file PATH. */
static int
backup_hash_file(const char *path, struct backup_done *d, struct error *e)
{
	struct sha256 st;
	unsigned char buf[65536], md[SHA256_BYTES];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL || sha256_init(&st) != 0) {
		if (f != NULL)
			fclose(f);
		return error_set(e, EXIT_ENV, "%s: %s", path, f ? "libsodium" : strerror(errno));
	}
	d->bytes = 0;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		sha256_update(&st, buf, n);
		d->bytes += (long long)n;
	}
	sha256_final(&st, md);
	fclose(f);
	sodium_bin2hex(d->sha256, sizeof d->sha256, md, sizeof md);
	return 0;
}

/* Into place: over DEST when FORCE, else only if DEST still does not
 * exist (link fails on an existing name, so no race overwrites it). */
static int
backup_place(const char *tmp, const char *dest, int force, struct error *e)
{
	int rc = force ? rename(tmp, dest) : link(tmp, dest);

	if (rc != 0 && errno == EEXIST)
		error_set(e, EXIT_USAGE, tr("%s exists; give --force to overwrite it",
		    "%s 已存在；如需覆盖请加 --force"), dest);
	else if (rc != 0)
		error_set(e, EXIT_ENV, "%s: %s", dest, strerror(errno));
	if (!force || rc != 0)
		unlink(tmp);
	return rc == 0 ? 0 : -1;
}

/* Is DEST the database at DB_PATH, or its -wal or -shm?  --force must
 * never rename a copy over the live file. */
static int
backup_is_live(const char *db_path, const char *dest)
{
	static const char *const side[] = { "", "-wal", "-shm" };
	struct stat a, b;
	int same = 0;

	if (stat(dest, &b) != 0)
		return 0;
	for (size_t i = 0; !same && i < sizeof side / sizeof side[0]; i++) {
		char *f = xasprintf("%s%s", db_path, side[i]);

		same = stat(f, &a) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
		free(f);
	}
	return same;
}

int
backup_write(struct db *db, const char *dest, int force, struct backup_done *d,
    struct error *e)
{
	char *tmp = xasprintf("%s.tmp-%ld", dest, (long)getpid());
	int rc = -1;

	if (!force && access(dest, F_OK) == 0)
		error_set(e, EXIT_USAGE, tr("%s exists; give --force to overwrite it",
		    "%s 已存在；如需覆盖请加 --force"), dest);
	else if (backup_is_live(db->path, dest))
		error_set(e, EXIT_USAGE, tr("%s is the database itself (or its -wal or -shm);"
		    " back it up to another file", "%s 就是数据库本身（或其 -wal、-shm 文件）；"
		    "请备份到另一个文件"), dest);
	else if (backup_to_file(db->h, tmp, e) == 0 && backup_hash_file(tmp, d, e) == 0)
		rc = backup_place(tmp, dest, force, e);
	else
		unlink(tmp);
	free(tmp);
	return rc;
}

/* The first line integrity_check gives that is not "ok", into out
 * (or why the check could not run); "" when the file is intact. */
static void
backup_integrity(struct db *db, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	int rc;

	out[0] = '\0';
	if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(out, n, "%s", sqlite3_errmsg(db->h));
		return;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out[0] == '\0') {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t && strcmp(t, "ok") != 0)
			snprintf(out, n, "%s", t);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && out[0] == '\0')
		snprintf(out, n, "%s", sqlite3_errmsg(db->h));
	sqlite3_finalize(st);
}

/* SRC may replace a database: a baodao database, intact, with a schema
 * this program knows.  *version is its schema version. */
static int
backup_check_source(const char *src, int *version, struct error *e)
{
	struct db s;
	struct error oe = { 0 };
	char problem[512];
	int rc = -1;

	if (access(src, R_OK) != 0)
		return error_set(e, EXIT_USAGE, "%s: %s", src, strerror(errno));
	if (db_open(&s, src, DB_READONLY, &oe) != 0)
		return error_set(e, EXIT_USAGE, tr("%s: not a database baodao can read (%s);"
		    " nothing changed", "%s：不是 baodao 可读取的数据库（%s）；未做任何改动"), src,
		    oe.msg);
	backup_integrity(&s, problem, sizeof problem);
	if (problem[0] != '\0')
		error_set(e, EXIT_USAGE, tr("%s: fails the integrity check (%s); nothing changed",
		    "%s：未通过完整性检查（%s）；未做任何改动"), src, problem);
	else if ((*version = migrate_current(&s)) <= 0 ||
	    db_int(&s, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migration'", 0)
	    == 0)
		error_set(e, EXIT_USAGE, tr("%s: not a baodao database (no schema version);"
		    " nothing changed", "%s：不是 baodao 数据库（没有结构版本）；未做任何改动"), src);
	else if (*version > migrate_latest())
		error_set(e, EXIT_USAGE, tr("%s: schema version %d is newer than this baodao"
		    " knows (%d); upgrade baodao first; nothing changed", "%s：数据库结构版本 %d 高于"
		    "本程序支持的版本 %d；请先升级 baodao；未做任何改动"), src, *version,
		    migrate_latest());
	else
		rc = 0;
	db_close(&s);
	return rc;
}

/* The copy SRC, as the new database will be, in TMP: migrated to this
 * program's schema, with the audit entry of the restore. */
static int
backup_stage(const char *src, const char *tmp, const char *kept, struct backup_restored *r,
    struct error *e)
{
	struct db s, t;
	char *detail;
	int rc = -1;

	if (db_open(&s, src, DB_READONLY, e) != 0)
		return -1;
	rc = backup_to_file(s.h, tmp, e);
	db_close(&s);
	if (rc != 0 || db_open(&t, tmp, 0, e) != 0)
		return -1;
	detail = xasprintf("from %s (schema %d); the database before kept as %s", src,
	    r->from_version, kept ? kept : "-");
	rc = migrate_apply(&t, &r->migrated, e);
	if (rc == 0) {
		struct db_audit a = { .action = "restore", .file = src, .detail = detail };

		rc = db_audit(&t, &a, e);
	}
	if (rc == 0)
		rc = db_exec(&t, "PRAGMA wal_checkpoint(TRUNCATE)", e);
	free(detail);
	db_close(&t);
	return rc;
}

/* DB_PATH.before-restore-YYYYMMDDTHHMMSS, with -2, -3 ... after it when
 * a restore of the same second kept one already: a kept database is
 * never written over. */
static char *
backup_kept_name(const char *db_path)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	char *name;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	name = xasprintf("%s.before-restore-%s", db_path, stamp);
	for (int n = 2; access(name, F_OK) == 0; n++) {
		free(name);
		name = xasprintf("%s.before-restore-%s-%d", db_path, stamp, n);
	}
	return name;
}

/* Remove TMP and what SQLite left beside it. */
static void
backup_unlink_db(const char *tmp)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof side / sizeof side[0]; i++) {
		char *f = xasprintf("%s%s", tmp, side[i]);

		unlink(f);
		free(f);
	}
}

/* Keep the live database as KEPT, then copy TMP over it in one write
 * transaction; the kept copy goes again if the replacing fails. */
static int
backup_swap(const char *db_path, const char *tmp, const char *kept, struct error *e)
{
	struct db cur, t;
	int rc = -1, have = access(db_path, F_OK) == 0;

	if (db_open(&cur, db_path, DB_CREATE, e) != 0)
		return -1;
	if (have && backup_to_file(cur.h, kept, e) != 0) {
		db_close(&cur);
		return -1;
	}
	if (db_open(&t, tmp, DB_READONLY, e) == 0) {
		rc = backup_copy(t.h, cur.h, db_path, e);
		db_close(&t);
	}
	db_close(&cur);
	if (rc != 0 && have)
		unlink(kept);
	return rc;
}

int
backup_restore(const char *db_path, const char *src, struct backup_restored *r,
    struct error *e)
{
	char *tmp = xasprintf("%s.restore-%ld", db_path, (long)getpid());
	char *kept = backup_kept_name(db_path);
	int rc = -1, have = access(db_path, F_OK) == 0;

	memset(r, 0, sizeof *r);
	if (backup_check_source(src, &r->from_version, e) == 0 &&
	    backup_stage(src, tmp, have ? kept : NULL, r, e) == 0 &&
	    backup_swap(db_path, tmp, kept, e) == 0) {
		rc = 0;
		if (have)
			r->kept = kept;
	}
	backup_unlink_db(tmp);
	if (r->kept == NULL)
		free(kept);
	free(tmp);
	return rc;
}

/* Every line of a check PRAGMA that is a problem, and the audit's
 * triggers gone, through fn. */
int
backup_check(struct db *db, void (*fn)(const char *check, const char *problem, void *arg),
    void *arg, long *found, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA integrity_check", e);
	int rc;

	*found = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t && strcmp(t, "ok") != 0) {
			fn("integrity", t, arg);
			(*found)++;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, e, "integrity_check");
	if ((st = db_prepare(db, "PRAGMA foreign_key_check", e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *line = xasprintf(tr("%s row %lld refers to a %s that does not exist",
		    "%s 第 %lld 行引用的 %s 不存在"), (const char *)sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 2));

		fn("foreign key", line, arg);
		free(line);
		(*found)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, e, "foreign_key_check");
	/* Someone with the file can drop them; the chain still tells. */
	if (db_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND"
	    " name IN ('audit_no_update', 'audit_no_delete')", 0) != 2) {
		fn("audit", tr("the audit's append-only triggers are gone (dropped); see"
		    " 'baodao audit --verify'", "审计表的只可追加触发器已被删除；请运行"
		    " 'baodao audit --verify' 检查"), arg);
		(*found)++;
	}
	return 0;
}
