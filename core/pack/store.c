/*
 * store.c - the pack store of a database: installing versions, choosing
 * the one in force, removing and rolling back.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "emit.h"
#include "migrate.h"
#include "pack.h"
#include "store.h"
#include "trust.h"

/* ---- resolving ---- */

/* Does version V's window [from, to] touch year Y?  Empty ends are open. */
static int
store_in_force(const char *from, const char *to, int year)
{
	char first[11], last[11];

	snprintf(first, sizeof first, "%04d-01-01", year);
	snprintf(last, sizeof last, "%04d-12-31", year);
	return (*from == '\0' || strcmp(from, last) <= 0) &&
	    (*to == '\0' || strcmp(to, first) >= 0);
}

static int
store_has_table(struct db *db)
{
	return db != NULL && db->h != NULL && migrate_current(db) >= 2;
}

/* What the database says of one installed version. */
struct store_installed {
	char *id, *version;
	char hash[65];                /* the pack's hash when it was installed */
	char *manifest;               /* its MANIFEST then; NULL if not recorded */
};

static void
store_installed_free(struct store_installed *in)
{
	free(in->id);
	free(in->version);
	free(in->manifest);
	memset(in, 0, sizeof *in);
}

/* Row ST's columns from COL on (id, version, hash, manifest) into IN. */
static void
store_installed_get(sqlite3_stmt *st, int col, struct store_installed *in)
{
	store_installed_free(in);
	in->id = xstrdup((const char *)sqlite3_column_text(st, col));
	in->version = xstrdup((const char *)sqlite3_column_text(st, col + 1));
	snprintf(in->hash, sizeof in->hash, "%s", sqlite3_column_text(st, col + 2));
	in->manifest = db_col_dup(st, col + 3);
}

/* The installed version of ID in force in YEAR, or VERSION when given:
 * 1 with *in set, 0 when ID has no installed version at all, -1 on error. */
static int
store_lookup(struct db *db, const char *id, const char *version, int year,
    struct store_installed *in, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT version, effective_from, effective_to, active,"
	    " id, version, hash, manifest FROM installed_pack WHERE id = ?"
	    " ORDER BY installed, version", e);
	int any = 0, found = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		const char *from = (const char *)sqlite3_column_text(st, 1);
		const char *to = (const char *)sqlite3_column_text(st, 2);
		int active = sqlite3_column_int(st, 3);

		any = 1;
		if (version ? strcmp(v, version) == 0 :
		    active && (year == 0 || store_in_force(from, to, year))) {
			store_installed_get(st, 4, in);
			found = 1;
		}
	}
	sqlite3_finalize(st);
	if (found)
		return 1;
	if (version)
		return error_set(e, EXIT_USAGE, tr("pack %s has no installed version %s (see"
		    " 'baodao pack list')", "规则包 %s 没有已安装的版本 %s（见 'baodao pack list'）"),
		    id, version);
	if (any)
		return error_set(e, EXIT_USAGE, tr("no installed version of pack %s is in force in"
		    " %d (see 'baodao pack list')", "规则包 %s 没有在 %d 年生效的已安装版本"), id, year);
	return 0;
}

/*
 * The pack store of the database at DB_PATH: DB_PATH.packs, made absolute
 * through the database's folder, so that it is the same store whatever
 * folder a command runs in.  When the folder cannot be resolved the path
 * is used as given.
 */
static char *
store_path(const char *db_path)
{
	const char *slash = strrchr(db_path, '/');
	char *folder = slash ? xstrndup(db_path, (size_t)(slash - db_path + (slash == db_path))) :
	    xstrdup(".");
	char *abs = realpath(folder, NULL), *path;

	if (abs == NULL || *db_path == '/')
		path = xasprintf("%s.packs", db_path);
	else
		path = xasprintf("%s/%s.packs", strcmp(abs, "/") ? abs : "",
		    slash ? slash + 1 : db_path);
	free(abs);
	free(folder);
	return path;
}

/* The folder of version VERSION of pack ID in STORE (it holds the pack
 * and the packs it extends). */
static char *
store_version_dir(const char *store, const char *id, const char *version)
{
	return xasprintf("%s/%s/%s", store, id, version);
}

/*
 * An installed version is used only as it was installed: it must still
 * be sealed, its files must be those of the MANIFEST recorded at install
 * (so an edit is named even when the MANIFEST in the store was rewritten)
 * and match the MANIFEST in the store (pack_info_read() checks that).
 * Errors name the file and say to reinstall.
 */
static int
store_sealed_as_installed(const struct store_installed *in, const char *dir,
    struct error *e)
{
	char *manifest = xasprintf("%s/MANIFEST", dir);
	struct error le = { 0 };
	struct stat st;
	int rc = 0;

	if (lstat(manifest, &st) != 0 || !S_ISREG(st.st_mode))
		rc = error_set(e, EXIT_USAGE, tr("pack %s@%s: %s is missing: the installed copy was"
		    " changed; reinstall it", "规则包 %s@%s：%s 缺失：已安装的副本被改动；请重新安装"),
		    in->id, in->version, manifest);
	else if (in->manifest && trust_match(dir, in->manifest, strlen(in->manifest), &le) != 0)
		rc = error_set(e, le.code, tr("pack %s@%s: %s (in %s); reinstall it",
		    "规则包 %s@%s：%s（位于 %s）；请重新安装"), in->id, in->version, le.msg, dir);
	free(manifest);
	return rc;
}

/* The pack read must be the one installed: its hash, which covers the
 * packs it extends too, the one recorded then. */
static int
store_hash_as_installed(const struct store_installed *in, const struct pack_info *pi,
    struct error *e)
{
	struct sbuf files;
	int rc;

	if (strcmp(pi->hash, in->hash) == 0)
		return 0;
	sbuf_init(&files);
	sbuf_adds(&files, "pack.conf");
	for (size_t i = 0; i < pi->nfiles; i++)
		sbuf_addf(&files, ", %s", pi->files[i]);
	if (pi->parent)
		sbuf_addf(&files, tr(" or pack %s it extends", "或其扩展的规则包 %s"),
		    pi->parent->id);
	rc = error_set(e, EXIT_USAGE, tr("pack %s@%s: its files (%s) changed since it was"
	    " installed (hash %.12s, installed %.12s) in %s; reinstall it",
	    "规则包 %s@%s：其文件（%s）自安装后被改动（哈希 %.12s，安装时 %.12s），位于 %s；"
	    "请重新安装"), in->id, in->version, files.s, pi->hash, in->hash, pi->dir);
	sbuf_free(&files);
	return rc;
}

/* Read the installed version IN of the store beside DB into *pi, and
 * refuse it unless it is as it was installed. */
static int
store_read_installed(struct db *db, const struct store_installed *in, struct pack_info *pi,
    struct error *e)
{
	char *store = store_path(db->path), *ver = store_version_dir(store, in->id, in->version);
	char *dir = xasprintf("%s/%s", ver, in->id);
	struct error le = { 0 };
	int rc = -1;

	if (!util_path_inside(dir, store))
		error_set(e, EXIT_USAGE, tr("pack %s@%s: %s is not a folder inside the pack store"
		    " %s; reinstall it", "规则包 %s@%s：%s 不是规则包库 %s 内的目录；请重新安装"),
		    in->id, in->version, dir, store);
	else if (store_sealed_as_installed(in, dir, e) != 0)
		;
	else if (pack_info_read(dir, pi, &le) != 0)
		error_set(e, le.code, tr("%s (the installed copy of %s@%s; reinstall it)",
		    "%s（%s@%s 的已安装副本；请重新安装）"), le.msg, in->id, in->version);
	else if ((rc = store_hash_as_installed(in, pi, e)) != 0)
		pack_info_free(pi);
	free(dir);
	free(ver);
	free(store);
	return rc;
}

/* A folder named by path is a development copy; one inside the pack store
 * would be an installed version used without its checks, so it is
 * refused: installed versions are named ID@VERSION. */
static int
store_not_inside(struct db *db, const char *dir, struct error *e)
{
	char *store;
	int rc = 0;

	if (db == NULL || db->path == NULL)
		return 0;
	store = store_path(db->path);
	if (util_path_inside(dir, store))
		rc = error_set(e, EXIT_USAGE, tr("%s is inside the pack store; name an installed"
		    " version as ID@VERSION", "%s 位于规则包库内；已安装的版本请以 ID@版本 指定"), dir);
	free(store);
	return rc;
}

int
store_read(const struct config *cfg, struct db *db, const char *spec, int year,
    struct pack_info *pi, struct error *e)
{
	struct store_installed in = { 0 };
	char *id = xstrdup(spec), *at = strchr(id, '@'), *dir = NULL;
	int rc;

	if (strchr(spec, '/') != NULL) {
		free(id);
		if (pack_find(cfg, spec, &dir, e) != 0 || store_not_inside(db, dir, e) != 0) {
			free(dir);
			return -1;
		}
		rc = pack_info_read(dir, pi, e);
		free(dir);
		return rc;
	}
	if (at)
		*at++ = '\0';
	rc = store_has_table(db) ? store_lookup(db, id, at, year, &in, e) : 0;
	if (rc == 0 && at)
		rc = error_set(e, EXIT_USAGE, tr("pack %s has no installed version %s",
		    "规则包 %s 没有已安装的版本 %s"), id, at);
	if (rc == 1)
		rc = store_read_installed(db, &in, pi, e);
	else if (rc == 0 && (rc = pack_find(cfg, id, &dir, e)) == 0)
		rc = pack_info_read(dir, pi, e);
	store_installed_free(&in);
	free(dir);
	free(id);
	return rc < 0 ? -1 : 0;
}

int
store_load(const struct config *cfg, struct db *db, const char *spec,
    const struct facts_period *per, struct pack_info *pi, struct pack *p, struct error *e)
{
	struct sandbox_limits lim = { cfg->memory_limit, cfg->instruction_limit };

	if (store_read(cfg, db, spec, per->year, pi, e) != 0)
		return -1;
	if (pack_load(p, pi, &lim, per, e) != 0) {
		pack_info_free(pi);
		return -1;
	}
	return 0;
}

void
store_unload(struct pack_info *pi, struct pack *p)
{
	pack_free(p);
	pack_info_free(pi);
}

/* ---- copying a pack into the store ---- */

static int store_copy_tree(const char *from, const char *to, struct error *e);

static int
store_copy_file(const char *from, const char *to, struct error *e)
{
	size_t len;
	char *text = util_read_file(from, &len, e);
	int fd, rc = 0;

	if (text == NULL)
		return -1;
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0664);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", to, strerror(errno));
	if (fd >= 0 && close(fd) != 0 && rc == 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", to, strerror(errno));
	free(text);
	return rc;
}

/* Copy the folder FROM to the new folder TO: regular files and folders
 * only (a link could point anywhere). */
static int
store_copy_tree(const char *from, const char *to, struct error *e)
{
	DIR *d = opendir(from);
	struct dirent *de;
	int rc = 0;

	if (d == NULL)
		return error_set(e, EXIT_USAGE, "%s: %s", from, strerror(errno));
	if (mkdir(to, 0775) != 0) {
		closedir(d);
		return error_set(e, EXIT_ENV, "%s: %s", to, strerror(errno));
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char *a, *b;
		struct stat st;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		a = xasprintf("%s/%s", from, de->d_name);
		b = xasprintf("%s/%s", to, de->d_name);
		if (lstat(a, &st) != 0)
			rc = error_set(e, EXIT_ENV, "%s: %s", a, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = store_copy_tree(a, b, e);
		else if (S_ISREG(st.st_mode))
			rc = store_copy_file(a, b, e);
		else
			rc = error_set(e, EXIT_USAGE, tr("%s: not a regular file; a pack holds only"
			    " files and folders", "%s: 不是普通文件；规则包只能包含文件和目录"), a);
		free(a);
		free(b);
	}
	closedir(d);
	return rc;
}

static void
store_remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (d == NULL) {
		unlink(path);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", path, de->d_name);
		store_remove_tree(p);
		free(p);
	}
	closedir(d);
	rmdir(path);
}

static int
store_mkdirs(const char *path, struct error *e)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; rc == 0 && *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0775) != 0 && errno != EEXIST)
			rc = error_set(e, EXIT_ENV, "%s: %s", p, strerror(errno));
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0775) != 0 && errno != EEXIST)
		rc = error_set(e, EXIT_ENV, "%s: %s", p, strerror(errno));
	free(p);
	return rc;
}

int
store_share(const char *db_path, const char *group, struct error *e)
{
	const struct group *gr = getgrnam(group);
	char *store = store_path(db_path);
	int rc = 0;

	if (gr == NULL)
		rc = error_set(e, EXIT_USAGE, tr("baodao.conf: group '%s' does not exist",
		    "baodao.conf：用户组 '%s' 不存在"), group);
	else if (store_mkdirs(store, e) != 0)
		rc = -1;
	else if (chown(store, (uid_t)-1, gr->gr_gid) != 0 || chmod(store, 02770) != 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", store, strerror(errno));
	free(store);
	return rc;
}

/* Copy the pack and every pack it extends, side by side, into a new
 * version folder; built under a temporary name and renamed into place, so
 * a crash never leaves half a version in the store. */
static int
store_copy_chain(const struct pack_info *pi, const char *store, char **packdir,
    struct error *e)
{
	char *packs = xasprintf("%s/%s", store, pi->id);
	char *final = store_version_dir(store, pi->id, pi->version);
	char *tmp = xasprintf("%s.tmp%ld", final, (long)getpid());
	int made = 0, rc = store_mkdirs(packs, e);

	/* pack.conf's id and version are plain names (pack_conf.c); a link
	 * planted in the store must not lead the copy out of it either. */
	if (rc == 0 && !util_path_inside(packs, store))
		rc = error_set(e, EXIT_USAGE, tr("%s: not inside the pack store %s",
		    "%s：不在规则包库 %s 内"), packs, store);
	if (rc == 0 && mkdir(tmp, 0775) != 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", tmp, strerror(errno));
	made = rc == 0;
	for (const struct pack_info *q = pi; rc == 0 && q; q = q->parent) {
		char *to = xasprintf("%s/%s", tmp, q->id);

		rc = store_copy_tree(q->dir, to, e);
		free(to);
	}
	if (rc == 0 && rename(tmp, final) != 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", final, strerror(errno));
	if (rc != 0 && made)
		store_remove_tree(tmp);
	else if (rc == 0)
		*packdir = xasprintf("%s/%s", final, pi->id);
	free(tmp);
	free(final);
	free(packs);
	return rc;
}

/* ---- install ---- */

/* Do the windows [af, at] and [bf, bt] share a day?  Empty ends are open. */
static int
store_overlap(const char *af, const char *at, const char *bf, const char *bt)
{
	return (*at == '\0' || *bf == '\0' || strcmp(bf, at) <= 0) &&
	    (*bt == '\0' || *af == '\0' || strcmp(af, bt) <= 0);
}

/*
 * An active version FROM..TO overlapping the new one can be closed the
 * day before the new one starts when it started earlier and would not
 * have outlived the new one's end: then no day changes hands except
 * those the new version claims.  The day before goes to *close.
 */
static int
store_closable(const struct pack_info *pi, const char *from, const char *to, char close[11])
{
	long start = date_iso_days(pi->effective_from);

	if (*pi->effective_from == '\0' || start < 0 || (*from && strcmp(from, pi->effective_from) >= 0))
		return 0;
	if (*pi->effective_to && (*to == '\0' || strcmp(to, pi->effective_to) > 0))
		return 0;
	date_iso(start - 1, close);
	return 1;
}

/* Close version V of the pack on day CLOSE (its effective_to in the
 * database; its sealed pack.conf is left as it is); NOTES gets the line
 * that says so, printed once the install is committed. */
static int
store_close(struct db *db, const struct pack_info *pi, const char *v, const char *from,
    const char *close, struct sbuf *notes, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE installed_pack SET effective_to = ?3"
	    " WHERE id = ?1 AND version = ?2", e);
	int rc = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, pi->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, close, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, e, "closing the older version");
	else
		sbuf_addf(notes, tr("%s %s closed on %s (in force %s..%s); %s %s takes over from %s;"
		    " both stay installed\n", "%s %s 于 %s 截止（%s..%s 生效）；%s %s 自 %s 起生效；"
		    "两个版本均保留\n"), pi->id, v, close, *from ? from : "-", close, pi->id,
		    pi->version, pi->effective_from);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Refuse a version that is already installed; an active version whose
 * window overlaps the new one's is closed the day before the new one
 * starts when that resolves it (store_closable), else the install is
 * refused with the command that resolves it.
 */
static int
store_check_new(struct db *db, const struct pack_info *pi, struct sbuf *notes,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT version, effective_from, effective_to FROM"
	    " installed_pack WHERE id = ? AND (version = ? OR active = 1)"
	    " ORDER BY effective_from, version", e);
	char (*close)[11] = NULL;
	char **closev = NULL, **closef = NULL;
	size_t nclose = 0;
	int rc = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, pi->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pi->version, -1, SQLITE_STATIC);
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		const char *from = (const char *)sqlite3_column_text(st, 1);
		const char *to = (const char *)sqlite3_column_text(st, 2);

		if (strcmp(v, pi->version) == 0)
			rc = error_set(e, EXIT_USAGE, tr("pack %s %s is already installed (remove it"
			    " first, or give the new one another version)", "规则包 %s %s 已安装"
			    "（请先删除，或给新版本另一个版本号）"), pi->id, v);
		else if (!store_overlap(pi->effective_from, pi->effective_to, from, to))
			continue;
		else if (close = xrealloc(close, (nclose + 1) * sizeof *close),
		    store_closable(pi, from, to, close[nclose])) {
			closev = xrealloc(closev, (nclose + 1) * sizeof *closev);
			closef = xrealloc(closef, (nclose + 1) * sizeof *closef);
			closev[nclose] = xstrdup(v);
			closef[nclose++] = xstrdup(from);
		} else
			rc = error_set(e, EXIT_USAGE, tr("pack %s %s (in force %s..%s) overlaps the"
			    " installed version %s (%s..%s), which does not start before it and so"
			    " cannot be closed the day before; to replace it run 'baodao pack remove"
			    " %s@%s --yes' and install again, or set effective_from in %s/pack.conf"
			    " after %s, then 'baodao pack seal %s', sign and install",
			    "规则包 %s %s（%s..%s 生效）与已安装的版本 %s（%s..%s）生效期重叠，且后者并非"
			    "更早开始，无法在前一天截止；要取代它，请运行 'baodao pack remove %s@%s --yes'"
			    " 后重新安装，或把 %s/pack.conf 中的 effective_from 改到 %s 之后，再运行"
			    " 'baodao pack seal %s'、签名并安装"), pi->id, pi->version,
			    *pi->effective_from ? pi->effective_from : "-",
			    *pi->effective_to ? pi->effective_to : "-", v, *from ? from : "-",
			    *to ? to : "-", pi->id, v, pi->dir, *to ? to : *from ? from : "-", pi->dir);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < nclose; i++) {
		if (rc == 0)
			rc = store_close(db, pi, closev[i], closef[i], close[i], notes, e);
		free(closev[i]);
		free(closef[i]);
	}
	free(closev);
	free(closef);
	free(close);
	return rc;
}

/* Build the pack in a sandbox for the first year it is in force: any
 * error in its Lua is found now, not during a year-end run. */
static int
store_try_load(const struct config *cfg, const struct pack_info *pi, struct error *e)
{
	struct sandbox_limits lim = { cfg->memory_limit, cfg->instruction_limit };
	struct facts_period per;
	struct pack p;
	int year = *pi->effective_from ? date_year(pi->effective_from) : 2000;

	facts_period_init(&per, year, NULL);
	if (pack_load(&p, pi, &lim, &per, e) != 0)
		return -1;
	pack_free(&p);
	return 0;
}

/* The audit entry of an install, remove or rollback, in its transaction:
 * ACTION, the pack and version, the pack's hash when known, and N, the
 * versions added (install) or changed. */
static int
store_audit(struct db *db, const char *action, const char *id, const char *version,
    const char *hash, long n, struct error *e)
{
	char *detail = xasprintf("%s%s%s%s%s", id, version ? " " : "", version ? version : "",
	    hash ? " sha256 " : "", hash ? hash : "");
	struct db_audit a = { .action = action, .tbl = "installed_pack", .detail = detail };
	int rc;

	if (strcmp(action, "pack install") == 0)
		a.inserted = n;
	else
		a.updated = n;           /* the versions removed or switched */
	rc = db_audit(db, &a, e);
	free(detail);
	return rc;
}

/* Record the version with its hash and the MANIFEST it was installed
 * with: what every later load compares the store's copy with. */
static int
store_record(struct db *db, const struct pack_info *pi, const char *dir, struct error *e)
{
	char *path = xasprintf("%s/MANIFEST", dir);
	size_t len;
	char *manifest = util_read_file(path, &len, e);
	sqlite3_stmt *st = manifest == NULL ? NULL : db_prepare(db, "INSERT INTO installed_pack"
	    " (id, version, hash, dir, effective_from, effective_to, installed, active, manifest)"
	    " VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'), 1, ?)", e);
	int rc = 0;

	free(path);
	if (st == NULL) {
		free(manifest);
		return -1;
	}
	sqlite3_bind_text(st, 7, manifest, (int)len, SQLITE_TRANSIENT);
	free(manifest);
	sqlite3_bind_text(st, 1, pi->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pi->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, pi->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, dir, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, pi->effective_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, pi->effective_to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, e, "recording the installed pack");
	sqlite3_finalize(st);
	return rc;
}

int
store_stage(const struct config *cfg, const char *src, struct pack_info *pi,
    struct error *e)
{
	char *manifest;
	struct stat st;
	int rc = -1;

	if (pack_info_read(src, pi, e) != 0)
		return -1;
	manifest = xasprintf("%s/MANIFEST", src);
	if (stat(manifest, &st) != 0)
		error_set(e, EXIT_USAGE, tr("pack %s is not sealed; run 'baodao pack seal %s' first",
		    "规则包 %s 尚未封装；请先运行 'baodao pack seal %s'"), pi->id, src);
	else
		rc = store_try_load(cfg, pi, e);
	free(manifest);
	if (rc != 0)
		pack_info_free(pi);
	return rc;
}

/* The copy in the store must be the pack that was staged and tested:
 * a source changed in between (its hash differs) is not recorded. */
static int
store_copy_check(const struct pack_info *pi, const char *dir, struct error *e)
{
	struct pack_info copy;
	int rc;

	if (pack_info_read(dir, &copy, e) != 0)
		return -1;
	rc = strcmp(copy.hash, pi->hash) == 0 ? 0 : error_set(e, EXIT_USAGE, tr("pack %s"
	    " changed while it was being installed (%s); not installed", "规则包 %s 在安装过程中"
	    "被改动（%s）；未安装"), pi->id, pi->dir);
	pack_info_free(&copy);
	return rc;
}

int
store_commit(struct db *db, const struct pack_info *pi, struct error *e)
{
	char *store = store_path(db->path), *dir = NULL;
	struct sbuf notes;
	int rc = -1;

	if (db_begin(db, e) != 0) {
		free(store);
		return -1;
	}
	sbuf_init(&notes);
	if (store_check_new(db, pi, &notes, e) == 0 && store_copy_chain(pi, store, &dir, e) == 0 &&
	    store_copy_check(pi, dir, e) == 0 && store_record(db, pi, dir, e) == 0 &&
	    store_audit(db, "pack install", pi->id, pi->version, pi->hash, 1, e) == 0 &&
	    db_commit(db, e) == 0) {
		if (notes.s)
			fputs(notes.s, stdout);
		printf(tr("installed %s %s (in force %s..%s) in %s\n",
		    "已安装 %s %s（%s..%s 生效）于 %s\n"), pi->id, pi->version,
		    *pi->effective_from ? pi->effective_from : "-",
		    *pi->effective_to ? pi->effective_to : "-", dir);
		rc = 0;
	} else {
		db_rollback(db);
		if (dir) {
			char *ver = store_version_dir(store, pi->id, pi->version);

			store_remove_tree(ver);
			free(ver);
		}
	}
	sbuf_free(&notes);
	free(dir);
	free(store);
	return rc;
}

/* ---- list, remove, rollback ---- */

/* pack_each() callback: a development copy's line, to the writer ARG. */
static void
store_list_dev(const struct pack_info *pi, void *arg)
{
	emit_textf(arg, "%-12s %-10s %-23s %s  (%s)\n", pi->id, pi->version, tr("development copy",
	    "开发副本"), pi->name, pi->dir);
}

int
store_list(const struct config *cfg, struct db *db, struct error *e)
{
	struct emit *w = emit_open_file(stdout, "text", e);
	sqlite3_stmt *st;

	pack_each(cfg, store_list_dev, w);
	if (!store_has_table(db))
		return emit_close(w);
	st = db_prepare(db, "SELECT id, version, effective_from, effective_to, active,"
	    " installed, dir FROM installed_pack ORDER BY id, installed", e);
	if (st == NULL) {
		emit_close(w);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		char window[32];

		snprintf(window, sizeof window, "%s..%s",
		    *sqlite3_column_text(st, 2) ? (const char *)sqlite3_column_text(st, 2) : "",
		    (const char *)sqlite3_column_text(st, 3));
		emit_textf(w, "%-12s %-10s %-23s %s %s  (%s)\n", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1), window,
		    sqlite3_column_int(st, 4) ? tr("active", "在用") : tr("rolled back", "已回退"),
		    sqlite3_column_text(st, 5), sqlite3_column_text(st, 6));
	}
	sqlite3_finalize(st);
	return emit_close(w);
}

/* ---- vocabularies ---- */

/* pack_each() callback: add a development pack's words. */
static void
store_vocab_dev(const struct pack_info *pi, void *arg)
{
	record_vocab_merge(arg, &pi->vocab);
}

/*
 * The words the packs declare (pack.conf vocabulary), for an import to
 * check against: the union over the active installed versions; when no
 * pack is installed, over the packs in the pack path (the development
 * copies, rules/ in a source tree).  An installed pack that cannot be read
 * is an error: its words would silently go missing.
 */
int
store_vocabulary(const struct config *cfg, struct db *db, struct record_vocab *v,
    struct error *e)
{
	sqlite3_stmt *st = NULL;
	int n = 0, rc = 0;

	memset(v, 0, sizeof *v);
	if (store_has_table(db) && (st = db_prepare(db, "SELECT id, version, hash, manifest"
	    " FROM installed_pack WHERE active = 1 ORDER BY id, version", e)) == NULL)
		return -1;
	while (st != NULL && rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		struct store_installed in = { 0 };
		struct pack_info pi;

		n++;
		store_installed_get(st, 0, &in);
		if ((rc = store_read_installed(db, &in, &pi, e)) == 0) {
			record_vocab_merge(v, &pi.vocab);
			pack_info_free(&pi);
		}
		store_installed_free(&in);
	}
	sqlite3_finalize(st);
	v->from = n > 0 ? RECORD_FROM_INSTALLED : RECORD_FROM_PATH;
	if (n == 0)
		pack_each(cfg, store_vocab_dev, v);
	if (rc != 0)
		record_vocab_free(v);
	return rc;
}

/* The current year, by the calendar of UTC. */
static int
store_this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

/*
 * What would be in force for pack ID in YEAR once the versions SPEC names
 * (all of ID's when AT is NULL) are gone, in words: another installed
 * version, the development copy of the pack path, or nothing.
 */
static char *
store_after_remove(const struct config *cfg, struct db *db, const char *id, const char *at,
    int year)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT version, effective_from, effective_to FROM"
	    " installed_pack WHERE id = ?1 AND active = 1 AND ?2 IS NOT NULL AND version <> ?2"
	    " ORDER BY installed, version", NULL);
	struct error le = { 0 };
	char *what = NULL, *dir = NULL;

	if (st != NULL) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		db_bind_text(st, 2, at);
		while (sqlite3_step(st) == SQLITE_ROW)
			if (store_in_force((const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2), year)) {
				free(what);
				what = xasprintf(tr("the installed version %s@%s",
				    "已安装的版本 %s@%s"), id, sqlite3_column_text(st, 0));
			}
		sqlite3_finalize(st);
	}
	if (what == NULL && pack_find(cfg, id, &dir, &le) == 0)
		what = xasprintf(tr("the development copy %s (not installed, not checked as an"
		    " installed version is)", "开发副本 %s（未安装，不按已安装版本校验）"), dir);
	else if (what == NULL)
		what = xstrdup(tr("nothing: 'evaluate --pack' would fail",
		    "无：'evaluate --pack' 将失败"));
	free(dir);
	return what;
}

/*
 * Removing the version in force this year needs YES: without it the
 * removal is refused, naming what would be in force instead.  With it
 * the successor is named too, so a fallback to a development copy is
 * never silent.  *after gets that successor when it is said.
 */
static int
store_remove_check(const struct config *cfg, struct db *db, const char *id, const char *at,
    int yes, char **after, struct error *e)
{
	struct store_installed in = { 0 };
	int year = store_this_year(), rc = store_lookup(db, id, NULL, year, &in, e);

	if (rc <= 0) {
		error_clear(e);
		return 0;
	}
	if (at == NULL || strcmp(at, in.version) == 0) {
		*after = store_after_remove(cfg, db, id, at, year);
		if (!yes)
			rc = error_set(e, EXIT_USAGE, tr("%s@%s is the version in force in %d;"
			    " removing it leaves %s in force: run 'baodao pack remove %s%s%s --yes' to"
			    " remove it anyway", "%s@%s 是 %d 年生效的版本；删除后生效的将是%s："
			    "确需删除请运行 'baodao pack remove %s%s%s --yes'"), id, in.version, year,
			    *after, id, at ? "@" : "", at ? at : "");
	}
	store_installed_free(&in);
	return rc < 0 ? -1 : 0;
}

int
store_remove(const struct config *cfg, struct db *db, const char *spec, int yes,
    struct error *e)
{
	char *id = xstrdup(spec), *at = strchr(id, '@'), *store = store_path(db->path);
	char *after = NULL;
	sqlite3_stmt *st;
	int n = 0, rc = 0;

	if (at)
		*at++ = '\0';
	if (store_remove_check(cfg, db, id, at, yes, &after, e) != 0) {
		free(store);
		free(id);
		free(after);
		return -1;
	}
	st = db_prepare(db, "SELECT version FROM installed_pack WHERE id = ?1 AND"
	    " (?2 IS NULL OR version = ?2)", e);
	if (st == NULL || db_begin(db, e) != 0) {
		sqlite3_finalize(st);
		free(store);
		free(id);
		free(after);
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	db_bind_text(st, 2, at);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *ver = store_version_dir(store, id, (const char *)sqlite3_column_text(st, 0));

		/* Only a folder of the store goes, never one a link (or a
		 * version recorded before versions were checked) leads to;
		 * the record goes either way. */
		if (access(ver, F_OK) == 0 && !util_path_inside(ver, store))
			util_warnx(tr("%s: not inside the pack store %s; left alone",
			    "%s：不在规则包库 %s 内；未删除"), ver, store);
		else
			store_remove_tree(ver);
		free(ver);
		n++;
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "DELETE FROM installed_pack WHERE id = ?1 AND"
	    " (?2 IS NULL OR version = ?2)", e);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		db_bind_text(st, 2, at);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, e, "removing the pack");
		sqlite3_finalize(st);
	}
	if (n == 0 && rc == 0)
		rc = error_set(e, EXIT_USAGE, tr("pack %s is not installed", "规则包 %s 未安装"), spec);
	if (rc == 0)
		rc = store_audit(db, "pack remove", id, at, NULL, n, e);
	if (rc == 0 && db_commit(db, e) == 0) {
		printf(tr("removed %d version(s) of %s\n", "已删除 %d 个版本：%s\n"), n, id);
		if (after)
			printf(tr("in force in %d now: %s\n", "%d 年现在生效的是：%s\n"),
			    store_this_year(), after);
	} else
		db_rollback(db);
	free(after);
	free(store);
	free(id);
	return rc;
}

/*
 * Version PREV of ID in force again after CUR stepped back: when
 * installing CUR closed PREV (its effective_to the day before CUR's
 * start), PREV's own effective_to, that of its sealed pack.conf, is
 * restored, so it is in force again on the days CUR had taken.
 */
static int
store_reopen(struct db *db, const char *id, const char *prev, const char *cur,
    struct error *e)
{
	static const char sql[] =
		"UPDATE installed_pack SET effective_to = ?4 WHERE id = ?1 AND version = ?2"
		" AND effective_to <> '' AND effective_to = (SELECT date(effective_from, '-1 day')"
		" FROM installed_pack WHERE id = ?1 AND version = ?3)";
	struct store_installed in = { 0 };
	struct pack_info pi;
	sqlite3_stmt *st;
	int rc;

	if ((rc = store_lookup(db, id, prev, 0, &in, e)) != 1 ||
	    (rc = store_read_installed(db, &in, &pi, e)) != 0) {
		store_installed_free(&in);
		return rc < 0 ? -1 : 0;
	}
	if ((st = db_prepare(db, sql, e)) == NULL)
		rc = -1;
	else {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, prev, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, cur, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, pi.effective_to, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, e, "reopening the version");
		sqlite3_finalize(st);
	}
	pack_info_free(&pi);
	store_installed_free(&in);
	return rc;
}

/* The audit entry of a rollback: "ID CUR -> PREV". */
static int
store_rollback_audit(struct db *db, const char *id, const char *cur, const char *prev,
    struct error *e)
{
	char *v = xasprintf("%s -> %s", cur, prev);
	int rc = store_audit(db, "pack rollback", id, v, NULL, 2, e);

	free(v);
	return rc;
}

/* The latest-installed active version steps back; the version installed
 * before it is in force again. */
int
store_rollback(struct db *db, const char *id, struct error *e)
{
	static const char sql[] =
		"UPDATE installed_pack SET active = (version = ?3) WHERE id = ?1"
		" AND version IN (?2, ?3)";
	char *cur = NULL, *prev = NULL;
	sqlite3_stmt *st = db_prepare(db, "SELECT version, active FROM installed_pack"
	    " WHERE id = ? ORDER BY installed DESC", e);
	int rc = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && prev == NULL) {
		const char *v = (const char *)sqlite3_column_text(st, 0);

		if (cur == NULL && sqlite3_column_int(st, 1))
			cur = xstrdup(v);
		else if (cur != NULL)
			prev = xstrdup(v);
	}
	sqlite3_finalize(st);
	if (cur == NULL || prev == NULL)
		rc = error_set(e, EXIT_USAGE, tr("pack %s has no earlier installed version to roll"
		    " back to", "规则包 %s 没有可回退的更早版本"), id);
	else if ((st = db_prepare(db, sql, e)) == NULL)
		rc = -1;
	else {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, cur, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, prev, -1, SQLITE_STATIC);
		if (db_begin(db, e) != 0)
			rc = -1;
		else if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, e, "rolling back");
		sqlite3_finalize(st);
		if (rc == 0)
			rc = store_reopen(db, id, prev, cur, e);
		if (rc == 0)
			rc = store_rollback_audit(db, id, cur, prev, e);
		if (rc == 0 && db_commit(db, e) == 0)
			printf(tr("%s: %s rolled back; %s is in force again\n",
			    "%s：已回退 %s；%s 重新生效\n"), id, cur, prev);
		else {
			db_rollback(db);
			rc = -1;
		}
	}
	free(cur);
	free(prev);
	return rc;
}

/* ---- a new version ---- */

/*
 * The version after V: the second number goes up by one and any after it
 * become 0 (1.0.0 -> 1.1.0, 2.3 -> 2.4); a version of one number gains
 * ".1" (3 -> 3.1).  Anything after the numbers (a suffix) is dropped.
 */
static char *
store_bump(const char *v)
{
	unsigned long major = strtoul(v, NULL, 10), minor = 0;
	const char *dot = strchr(v, '.');
	int parts = 1;

	if (dot != NULL) {
		minor = strtoul(dot + 1, NULL, 10);
		parts = strchr(dot + 1, '.') != NULL ? 3 : 2;
	}
	if (parts == 1)
		return xasprintf("%lu.1", major);
	if (parts == 2)
		return xasprintf("%lu.%lu", major, minor + 1);
	return xasprintf("%lu.%lu.0", major, minor + 1);
}

/* Is LINE (up to its end) the top-level setting KEY = ...? */
static int
store_conf_key(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) != 0)
		return 0;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '=';
}

/* The pack.conf line KEY = "VALUE"; VALUE is a version or a date, which
 * need no escaping. */
static void
store_conf_line(struct sbuf *out, const char *key, const char *value)
{
	sbuf_adds(out, key);
	sbuf_adds(out, " = ");
	sbuf_addc(out, '"');
	sbuf_adds(out, value);
	sbuf_addc(out, '"');
	sbuf_addc(out, '\n');
}

/* Set version, effective_from and effective_to in DIR/pack.conf, each on
 * its own line as pack.conf writes them; a setting not there is added. */
static int
store_conf_set(const char *dir, const char *version, const char *from, struct error *e)
{
	static const char *const keys[] = { "version", "effective_from", "effective_to" };
	const char *vals[] = { version, from, "" };
	char *path = xasprintf("%s/pack.conf", dir), *text, *line;
	int seen[3] = { 0 };
	struct sbuf out;
	size_t len;
	int rc;

	if ((text = util_read_file(path, &len, e)) == NULL) {
		free(path);
		return -1;
	}
	sbuf_init(&out);
	for (line = text; *line; ) {
		char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
		size_t k = 0;

		while (k < 3 && !store_conf_key(line, keys[k]))
			k++;
		if (k < 3 && !seen[k]) {
			store_conf_line(&out, keys[k], vals[k]);
			seen[k] = 1;
		} else if (k == 3)
			sbuf_addf(&out, "%.*s", (int)n, line);
		line += n;
	}
	for (size_t k = 0; k < 3; k++)
		if (!seen[k])
			store_conf_line(&out, keys[k], vals[k]);
	rc = util_write_file(path, out.s, strlen(out.s), e);
	sbuf_free(&out);
	free(text);
	free(path);
	return rc;
}

/* Start DIR/CHANGELOG's entry for the new version, above the earlier
 * entries. */
static int
store_changelog(const char *dir, const struct pack_info *old, const char *version,
    const char *from, struct error *e)
{
	char *path = xasprintf("%s/CHANGELOG", dir), *before;
	char today[11];
	struct error le = { 0 };
	struct sbuf out;
	size_t len;
	int rc;

	date_iso(time(NULL) / 86400, today);
	before = access(path, F_OK) == 0 ? util_read_file(path, &len, &le) : NULL;
	sbuf_init(&out);
	sbuf_addf(&out, "%s %s (%s) — in force from %s, from %s %s\n"
	    "\t- what changed, and the notice and clause that change it\n\n",
	    old->id, version, today, from, old->id, old->version);
	if (before)
		sbuf_adds(&out, before);
	rc = util_write_file(path, out.s, strlen(out.s), e);
	sbuf_free(&out);
	free(before);
	free(path);
	return rc;
}

/* Is DIR a folder of the pack store beside DB? */
static int
store_is_installed(struct db *db, const char *dir)
{
	char *store;
	int in;

	if (db == NULL || db->path == NULL)
		return 0;
	store = store_path(db->path);
	in = util_path_inside(dir, store);
	free(store);
	return in;
}

/* The version a revision starts from: the installed version of SPEC in
 * force in YEAR, else (for a plain id) the development copy, said so. */
static int
store_new_version_source(const struct config *cfg, struct db *db, const char *spec, int year,
    struct pack_info *pi, struct error *e)
{
	char *dir = NULL;
	int rc;

	if (store_read(cfg, db, spec, year, pi, e) == 0)
		return 0;
	if (strchr(spec, '@') || strchr(spec, '/') || pack_find(cfg, spec, &dir, NULL) != 0)
		return -1;
	util_warnx(tr("%s (copying the development copy %s instead)",
	    "%s（改为复制开发副本 %s）"), e->msg, dir);
	error_clear(e);
	rc = pack_info_read(dir, pi, e);
	free(dir);
	return rc;
}

int
store_new_version(const struct config *cfg, struct db *db, const char *spec,
    const char *from, const char *to, struct error *e)
{
	struct pack_info pi;
	char iso[11], *version, *dir, *sig, *man;
	int rc;

	if (date_parse(from, iso) != 0)
		return error_set(e, EXIT_USAGE, tr("--from %s: not a date (YYYY-MM-DD)",
		    "--from %s：不是日期（YYYY-MM-DD）"), from);
	if (store_new_version_source(cfg, db, spec, date_year(iso), &pi, e) != 0)
		return -1;
	version = store_bump(pi.version);
	/* "./" keeps the folder a path in the commands printed: a bare
	 * name would be looked up as a pack id. */
	dir = to && strchr(to, '/') ? xstrdup(to) : to ? xasprintf("./%s", to) :
	    xasprintf("./%s-%s", pi.id, version);
	sig = xasprintf("%s/SIGNATURES", dir);
	man = xasprintf("%s/MANIFEST", dir);
	if (access(dir, F_OK) == 0)
		rc = error_set(e, EXIT_USAGE, tr("%s already exists; name another folder with --to",
		    "%s 已存在；请用 --to 指定另一个目录"), dir);
	else
		rc = store_copy_tree(pi.dir, dir, e);
	if (rc == 0) {
		unlink(man);
		unlink(sig);
		rc = store_conf_set(dir, version, iso, e);
	}
	if (rc == 0)
		rc = store_changelog(dir, &pi, version, iso, e);
	if (rc == 0)
		printf(tr("%s: %s %s, an editable copy of %s %s (%s), in force from %s;"
		    " MANIFEST and SIGNATURES dropped, CHANGELOG entry started\n"
		    "next:\n"
		    "  edit %s/pack.conf and the Lua files, describe the change in %s/CHANGELOG\n"
		    "  baodao pack test %s\n"
		    "  baodao pack seal %s\n"
		    "  baodao pack sign %s --key AUTHOR.key   (and --as approver with the approver's key)\n"
		    "  baodao pack install %s\n",
		    "%s：%s %s，%s %s（%s）的可编辑副本，自 %s 起生效；"
		    "已去掉 MANIFEST 和 SIGNATURES，已开始 CHANGELOG 条目\n"
		    "下一步：\n"
		    "  编辑 %s/pack.conf 和 Lua 文件，在 %s/CHANGELOG 中写明改动\n"
		    "  baodao pack test %s\n"
		    "  baodao pack seal %s\n"
		    "  baodao pack sign %s --key 作者.key   （审批人再用其密钥加 --as approver 签名）\n"
		    "  baodao pack install %s\n"), dir, pi.id, version, pi.id, pi.version,
		    store_is_installed(db, pi.dir) ? tr("installed", "已安装") :
		    tr("development copy", "开发副本"), iso, dir, dir, dir, dir, dir, dir);
	free(man);
	free(sig);
	free(dir);
	free(version);
	pack_info_free(&pi);
	return rc;
}

/* ---- an explicit version outside its dates ---- */

int
store_check_dates(struct db *db, const char *spec, int year, int force, int *forced,
    struct error *e)
{
	char *id = xstrdup(spec), *at = strchr(id, '@');
	sqlite3_stmt *st = NULL;
	int rc = 0;

	*forced = 0;
	if (at == NULL || strchr(spec, '/') != NULL || !store_has_table(db)) {
		free(id);
		return 0;
	}
	*at++ = '\0';
	st = db_prepare(db, "SELECT effective_from, effective_to FROM installed_pack"
	    " WHERE id = ? AND version = ?", e);
	if (st == NULL) {
		free(id);
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *from = (const char *)sqlite3_column_text(st, 0);
		const char *to = (const char *)sqlite3_column_text(st, 1);

		if (store_in_force(from, to, year))
			;
		else if (force)
			*forced = 1;
		else
			rc = error_set(e, EXIT_USAGE, tr("%s@%s is in force %s..%s, not in %d:"
			    " 'evaluate --pack %s --year %d' uses the version in force then; add"
			    " --force to evaluate %d with %s all the same (the run is marked forced)",
			    "%s@%s 的生效期为 %s..%s，不含 %d 年：'evaluate --pack %s --year %d' 会使用"
			    "当年生效的版本；如确需用 %d 年评议 %s，请加 --force（该次评议将标记为强制）"),
			    id, at, *from ? from : "-", *to ? to : "-", year, id, year, year, at);
	}
	sqlite3_finalize(st);
	free(id);
	return rc;
}
