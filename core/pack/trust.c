/*
 * trust.c - pack seals (MANIFEST), Ed25519 signatures (SIGNATURES) and
 * the configuration's trust policy, with libsodium for every hash, key
 * and signature.
 *
 * A seal says which files a pack is made of; checking it walks the folder
 * again and compares, so a file added after sealing is caught as surely as
 * one edited or deleted.  A signature says who vouched for that list.
 * Functions below the public ones report problems with a pack's files
 * relative to the pack ("rules.lua does not match MANIFEST"); the public
 * ones say which pack.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "trust.h"

#define TRUST_MANIFEST   "MANIFEST"
#define TRUST_SIGNATURES "SIGNATURES"
#define TRUST_SECRET_TAG "baodao-ed25519-secret"
#define TRUST_PUBLIC_TAG "baodao-ed25519-public"
#define TRUST_HASH_HEX   (crypto_hash_sha256_BYTES * 2)

enum { TRUST_AUTHOR = 1, TRUST_APPROVER = 2 };

/* The policy in force.  pack_info_read() has many callers (commands,
 * evaluation, install, tests), and the policy is the same for all of
 * them in one run of the program, so the configuration is set here once
 * rather than handed down through every one of them. */
static const struct config *trust_cfg;

struct trust_file {               /* a file of the pack, or a MANIFEST line */
	char *path;                   /* relative to the pack folder */
	char hash[TRUST_HASH_HEX + 1];
};

struct trust_files {
	struct trust_file *v;
	size_t n;
};

struct trust_sig {                /* a SIGNATURES line */
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sig[crypto_sign_BYTES];
	int role;                     /* TRUST_AUTHOR or TRUST_APPROVER */
	int line;
};

struct trust_sigs {
	struct trust_sig *v;
	size_t n;
};

struct trust_keys {               /* the trusted public keys */
	unsigned char (*v)[crypto_sign_PUBLICKEYBYTES];
	const char **path;            /* each one's file, borrowed from the config */
	size_t n;
};

static int trust_walk(const char *dir, const char *rel, struct trust_files *files,
    struct error *e);

/* Borrow CFG as the policy in force (trust.h). */
void
trust_configure(const struct config *cfg)
{
	trust_cfg = cfg;
}

/* The policy, with the defaults when no configuration was set. */
static int
trust_allow_unsigned(void)
{
	return trust_cfg == NULL || trust_cfg->allow_unsigned_packs;
}

static int
trust_require_seal(void)
{
	return trust_cfg != NULL && trust_cfg->require_seal;
}

/* The configuration file, for messages that blame one of its keys. */
static const char *
trust_conf_name(void)
{
	return trust_cfg && trust_cfg->path ? trust_cfg->path : "the configuration";
}

/* libsodium must be initialised before use; calling again is harmless. */
static int
trust_init(struct error *e)
{
	if (sodium_init() < 0)
		return error_set(e, EXIT_ENV, "libsodium failed to initialise");
	return 0;
}

/* Re-raise LE, a message about a pack's files, as "LABEL: message". */
static int
trust_about(const char *label, const struct error *le, struct error *e)
{
	return error_set(e, le->code ? le->code : EXIT_ENV, "%s: %s", label, le->msg);
}

/* A role as written in SIGNATURES and said to users. */
static const char *
trust_role_name(int role)
{
	return role == TRUST_APPROVER ? "approver" : "author";
}

/* A role from its name; 0 when it is neither. */
static int
trust_role(const char *s)
{
	if (strcmp(s, "author") == 0)
		return TRUST_AUTHOR;
	if (strcmp(s, "approver") == 0)
		return TRUST_APPROVER;
	return 0;
}

/* Decode exactly LEN bytes of hex from the whole of HEX. */
static int
trust_unhex(const char *hex, unsigned char *out, size_t len)
{
	size_t got;
	const char *end;

	if (strlen(hex) != 2 * len)
		return -1;
	if (sodium_hex2bin(out, len, hex, 2 * len, NULL, &got, &end) != 0)
		return -1;
	return got == len && *end == '\0' ? 0 : -1;
}

/* Does DIR/NAME exist (as anything, a link included)? */
static int
trust_exists(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct stat st;
	int yes = lstat(path, &st) == 0;

	free(path);
	return yes;
}

/* Is DIR a pack folder?  Seal and sign refuse to write into anything else. */
int
trust_pack_dir(const char *dir, struct error *e)
{
	char *conf = xasprintf("%s/pack.conf", dir);
	struct stat st;
	int ok = stat(conf, &st) == 0 && S_ISREG(st.st_mode);

	free(conf);
	if (!ok)
		return error_set(e, EXIT_USAGE, tr("%s: not a pack folder (no pack.conf)",
		    "%s: 不是规则包目录（缺少 pack.conf）"), dir);
	return 0;
}

/* ---- the files of a pack ---- */

/* Free the paths and the array; F is left empty. */
static void
trust_files_free(struct trust_files *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].path);
	free(f->v);
	memset(f, 0, sizeof *f);
}

/* Append PATH (taken over) with HASH. */
static void
trust_files_add(struct trust_files *f, char *path, const char *hash)
{
	f->v = xrealloc(f->v, (f->n + 1) * sizeof *f->v);
	f->v[f->n].path = path;
	memcpy(f->v[f->n].hash, hash, TRUST_HASH_HEX + 1);
	f->n++;
}

/* Byte-wise order of paths, the order MANIFEST lists them in. */
static int
trust_file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct trust_file *)a)->path, ((const struct trust_file *)b)->path);
}

/* SHA-256 of the file at PATH as lower-case hex, read in pieces. */
static int
trust_hash_file(const char *path, char hex[TRUST_HASH_HEX + 1], struct error *e)
{
	unsigned char buf[16384], out[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	int fd = open(path, O_RDONLY | O_NOFOLLOW), saved;
	ssize_t n;

	if (fd < 0)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	crypto_hash_sha256_init(&st);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
	saved = errno;
	close(fd);
	if (n < 0)
		return error_set(e, EXIT_ENV, "%s: %s", path, strerror(saved));
	crypto_hash_sha256_final(&st, out);
	sodium_bin2hex(hex, TRUST_HASH_HEX + 1, out, sizeof out);
	return 0;
}

/* One entry NAME of folder REL: a file is hashed, a folder walked.
 * Anything else is refused: a symbolic link may lead out of the pack,
 * and a pipe or device has no content a seal could vouch for. */
static int
trust_walk_entry(const char *dir, const char *rel, const char *name,
    struct trust_files *files, struct error *e)
{
	char *sub = *rel ? xasprintf("%s/%s", rel, name) : xstrdup(name);
	char *path = xasprintf("%s/%s", dir, sub);
	char hash[TRUST_HASH_HEX + 1];
	struct stat st;
	int rc;

	if (strpbrk(name, "\n\r") != NULL)
		rc = error_set(e, EXIT_USAGE, "'%s': a name with a line break cannot be sealed",
		    sub);
	else if (lstat(path, &st) != 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = trust_walk(dir, sub, files, e);
	else if (!S_ISREG(st.st_mode))
		rc = error_set(e, EXIT_USAGE, "%s is %s; a pack holds only files and folders", sub,
		    S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
	else if ((rc = trust_hash_file(path, hash, e)) == 0) {
		trust_files_add(files, sub, hash);
		sub = NULL;
	}
	free(sub);
	free(path);
	return rc;
}

/* Add the files under DIR/REL to FILES, paths relative to DIR; the seal's
 * own two files at the top are not part of what it seals. */
static int
trust_walk(const char *dir, const char *rel, struct trust_files *files, struct error *e)
{
	char *path = *rel ? xasprintf("%s/%s", dir, rel) : xstrdup(dir);
	DIR *d = opendir(path);
	struct dirent *de;
	int rc = 0;

	if (d == NULL) {
		rc = error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
		free(path);
		return rc;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*rel == '\0' && (strcmp(de->d_name, TRUST_MANIFEST) == 0 ||
		    strcmp(de->d_name, TRUST_SIGNATURES) == 0))
			continue;
		rc = trust_walk_entry(dir, rel, de->d_name, files, e);
	}
	closedir(d);
	free(path);
	return rc;
}

/* Every file of the pack in DIR with its hash, sorted byte-wise. */
static int
trust_list(const char *dir, struct trust_files *files, struct error *e)
{
	if (trust_walk(dir, "", files, e) != 0) {
		trust_files_free(files);
		return -1;
	}
	qsort(files->v, files->n, sizeof *files->v, trust_file_cmp);
	return 0;
}

/* ---- MANIFEST ---- */

/* A MANIFEST path names a file inside the pack: relative, and no empty,
 * "." or ".." step that could lead elsewhere. */
static int
trust_path_ok(const char *path)
{
	const char *p = path;

	if (*path == '\0' || *path == '/')
		return 0;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		p += n;
		if (*p == '/' && *++p == '\0')
			return 0;
	}
	return 1;
}

/* One line "SHA256  PATH" (without its line end) into FILES. */
static int
trust_manifest_line(const char *s, size_t n, int line, struct trust_files *files,
    struct error *e)
{
	char hash[TRUST_HASH_HEX + 1];
	char *path;

	if (n < TRUST_HASH_HEX + 3 || strspn(s, "0123456789abcdef") < TRUST_HASH_HEX ||
	    s[TRUST_HASH_HEX] != ' ' || s[TRUST_HASH_HEX + 1] != ' ' || memchr(s, '\0', n))
		return error_set(e, EXIT_USAGE, tr("MANIFEST:%d: not 'SHA256  PATH' (run 'baodao"
		    " pack seal')", "MANIFEST:%d: 格式应为 'SHA256  路径'（请运行 'baodao pack seal'）"),
		    line);
	memcpy(hash, s, TRUST_HASH_HEX);
	hash[TRUST_HASH_HEX] = '\0';
	path = xstrndup(s + TRUST_HASH_HEX + 2, n - TRUST_HASH_HEX - 2);
	if (!trust_path_ok(path) || strchr(path, '\r')) {
		error_set(e, EXIT_USAGE, tr("MANIFEST:%d: '%s' is not a path inside the pack",
		    "MANIFEST:%d: '%s' 不是包内的路径"), line, path);
		free(path);
		return -1;
	}
	if (files->n > 0 && strcmp(files->v[files->n - 1].path, path) >= 0) {
		error_set(e, EXIT_USAGE, tr("MANIFEST:%d: '%s' is out of order or listed twice",
		    "MANIFEST:%d: '%s' 顺序错误或重复"), line, path);
		free(path);
		return -1;
	}
	trust_files_add(files, path, hash);
	return 0;
}

/* Every line of MANIFEST's TEXT into FILES; the first bad line is named. */
static int
trust_manifest_parse(const char *text, size_t len, struct trust_files *files,
    struct error *e)
{
	const char *p = text, *end = text + len, *nl;
	int line = 0;

	for (; p < end; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return error_set(e, EXIT_USAGE, tr("MANIFEST:%d: the last line has no line end",
			    "MANIFEST:%d: 最后一行缺少换行"), line);
		if (trust_manifest_line(p, (size_t)(nl - p), line, files, e) != 0)
			return -1;
	}
	return 0;
}

enum { TRUST_SAME, TRUST_MISSING, TRUST_ADDED, TRUST_CHANGED };

/* The first difference, in byte order of the paths, between the files a
 * MANIFEST lists (WANT) and those of the folder (HAVE): TRUST_SAME, or
 * what differs with *path set to the file. */
static int
trust_diff(const struct trust_files *want, const struct trust_files *have,
    const char **path)
{
	size_t i = 0, j = 0;

	while (i < want->n || j < have->n) {
		int c = i == want->n ? 1 : j == have->n ? -1 :
		    strcmp(want->v[i].path, have->v[j].path);

		*path = c > 0 ? have->v[j].path : want->v[i].path;
		if (c < 0)
			return TRUST_MISSING;
		if (c > 0)
			return TRUST_ADDED;
		if (strcmp(want->v[i].hash, have->v[j].hash) != 0)
			return TRUST_CHANGED;
		i++;
		j++;
	}
	return TRUST_SAME;
}

/* The folder against its MANIFEST: the first difference named. */
static int
trust_compare(const struct trust_files *want, const struct trust_files *have,
    struct error *e)
{
	const char *path;

	switch (trust_diff(want, have, &path)) {
	case TRUST_MISSING:
		return error_set(e, EXIT_USAGE, tr("%s is in MANIFEST but missing (deleted"
		    " after sealing? run 'baodao pack seal')", "%s 列在 MANIFEST 中但不存在"
		    "（封存后被删除？请运行 'baodao pack seal'）"), path);
	case TRUST_ADDED:
		return error_set(e, EXIT_USAGE, tr("%s is not in MANIFEST (added after"
		    " sealing? run 'baodao pack seal')", "%s 不在 MANIFEST 中（封存后新增？"
		    "请运行 'baodao pack seal'）"), path);
	case TRUST_CHANGED:
		return error_set(e, EXIT_USAGE, tr("%s does not match MANIFEST (edited after"
		    " sealing? run 'baodao pack seal')", "%s 与 MANIFEST 不符（封存后被修改？"
		    "请运行 'baodao pack seal'）"), path);
	}
	return 0;
}

/* Read DIR/MANIFEST into *text; *text stays NULL when there is none. */
static int
trust_manifest_read(const char *dir, char **text, size_t *len, struct error *e)
{
	char *path = xasprintf("%s/%s", dir, TRUST_MANIFEST);
	struct stat st;
	int rc = 0;

	*text = NULL;
	*len = 0;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			rc = error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		rc = error_set(e, EXIT_USAGE, "MANIFEST is not a regular file");
	} else if ((*text = util_read_file(path, len, e)) == NULL) {
		rc = -1;
	}
	free(path);
	return rc;
}

/* Do DIR's files match MANIFEST's TEXT?  *nfiles gets how many it lists. */
static int
trust_manifest_check(const char *dir, const char *text, size_t len, size_t *nfiles,
    struct error *e)
{
	struct trust_files want = { 0 }, have = { 0 };
	int rc = -1;

	if (trust_manifest_parse(text, len, &want, e) == 0 && trust_list(dir, &have, e) == 0 &&
	    trust_compare(&want, &have, e) == 0) {
		*nfiles = want.n;
		rc = 0;
	}
	trust_files_free(&want);
	trust_files_free(&have);
	return rc;
}

/* ---- keys ---- */

/* Read a key file "TAG HEX [NAME]" into KEY.  A key of the other kind
 * gets its own message: mixing up the .key and .pub is the likely slip. */
static int
trust_key_read(const char *path, const char *tag, unsigned char *key, size_t keylen,
    struct error *e)
{
	int secret = strcmp(tag, TRUST_SECRET_TAG) == 0;
	const char *other = secret ? TRUST_PUBLIC_TAG : TRUST_SECRET_TAG;
	char *text, *save = NULL, *t, *hex;
	size_t len;
	int rc = 0;

	if ((text = util_read_file(path, &len, e)) == NULL)
		return -1;
	t = strtok_r(text, " \t\r\n", &save);
	hex = t ? strtok_r(NULL, " \t\r\n", &save) : NULL;
	if (t && strcmp(t, other) == 0)
		rc = error_set(e, EXIT_USAGE, "%s: a %s key, not a %s one", path,
		    secret ? "public" : "secret", secret ? "secret" : "public");
	else if (t == NULL || strcmp(t, tag) != 0 || hex == NULL ||
	    trust_unhex(hex, key, keylen) != 0)
		rc = error_set(e, EXIT_USAGE, "%s: not a baodao key file (want '%s HEX')", path,
		    tag);
	sodium_memzero(text, len);
	free(text);
	return rc;
}

/* The secret key in PATH, refused when others may read it (as ssh does)
 * or when its public half is not the one its seed makes. */
static int
trust_secret_read(const char *path, unsigned char sk[crypto_sign_SECRETKEYBYTES],
    struct error *e)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], again[crypto_sign_SECRETKEYBYTES];
	struct stat st;
	int rc = 0;

	if (trust_key_read(path, TRUST_SECRET_TAG, sk, crypto_sign_SECRETKEYBYTES, e) != 0)
		return -1;
	if (stat(path, &st) == 0 && (st.st_mode & 077))
		return error_set(e, EXIT_USAGE, "%s: the secret key is readable by others"
		    " (chmod 600 %s)", path, path);
	crypto_sign_seed_keypair(pk, again, sk);
	if (sodium_memcmp(again, sk, sizeof again) != 0)
		rc = error_set(e, EXIT_USAGE, "%s: a damaged secret key (its public half does"
		    " not match)", path);
	sodium_memzero(again, sizeof again);
	return rc;
}

static void
trust_keys_free(struct trust_keys *k)
{
	free(k->v);
	free(k->path);
	memset(k, 0, sizeof *k);
}

/* The N key files PATHS (the configuration's option NAME), read. */
static int
trust_keys_load(struct trust_keys *k, char *const *paths, size_t n, const char *name,
    struct error *e)
{
	k->v = xcalloc(n ? n : 1, sizeof *k->v);
	k->path = xcalloc(n ? n : 1, sizeof *k->path);
	k->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct error le = { 0 };

		if (trust_key_read(paths[i], TRUST_PUBLIC_TAG, k->v[i], sizeof k->v[i], &le) != 0) {
			trust_keys_free(k);
			return error_set(e, le.code, "%s: %s: %s", trust_conf_name(), name, le.msg);
		}
		k->path[k->n++] = paths[i];
	}
	return 0;
}

/* PK's place among the keys, or -1. */
static int
trust_keys_find(const struct trust_keys *k, const unsigned char *pk)
{
	for (size_t i = 0; i < k->n; i++)
		if (sodium_memcmp(k->v[i], pk, crypto_sign_PUBLICKEYBYTES) == 0)
			return (int)i;
	return -1;
}

/* Add the name of key I of K (its file's name, less ".pub") to LIST. */
static void
trust_name_add(char *list, size_t size, const struct trust_keys *k, int i)
{
	const char *path = k->path[i], *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t len = strlen(base), used = strlen(list);

	if (len > 4 && strcmp(base + len - 4, ".pub") == 0)
		len -= 4;
	snprintf(list + used, size - used, "%s%.*s", used ? ", " : "", (int)len, base);
}

/* ---- SIGNATURES ---- */

/* A key as named in messages: its first 8 bytes in hex. */
static void
trust_key_id(const unsigned char *pk, char id[17])
{
	sodium_bin2hex(id, 17, pk, 8);
}

/* One line "ed25519 KEY SIG ROLE" (without its line end) into SIGS. */
static int
trust_sig_line(const char *s, size_t n, int line, struct trust_sigs *sigs, struct error *e)
{
	char *copy = xstrndup(s, n), *tok[5], *save = NULL, *t;
	struct trust_sig sig = { .line = line };
	int k = 0, rc = 0;

	for (t = strtok_r(copy, " ", &save); t && k < 5; t = strtok_r(NULL, " ", &save))
		tok[k++] = t;
	if (memchr(s, '\0', n) || k != 4 || strcmp(tok[0], "ed25519") != 0 ||
	    trust_unhex(tok[1], sig.pk, sizeof sig.pk) != 0 ||
	    trust_unhex(tok[2], sig.sig, sizeof sig.sig) != 0 || !(sig.role = trust_role(tok[3])))
		rc = error_set(e, EXIT_USAGE, "SIGNATURES:%d: not 'ed25519 KEY SIGNATURE ROLE'"
		    " (ROLE author or approver)", line);
	for (size_t i = 0; rc == 0 && i < sigs->n; i++)
		if (memcmp(sigs->v[i].pk, sig.pk, sizeof sig.pk) == 0)
			rc = error_set(e, EXIT_USAGE, "SIGNATURES:%d: the key of line %d signs"
			    " twice", line, sigs->v[i].line);
	if (rc == 0) {
		sigs->v = xrealloc(sigs->v, (sigs->n + 1) * sizeof *sigs->v);
		sigs->v[sigs->n++] = sig;
	}
	free(copy);
	return rc;
}

/* Read DIR/SIGNATURES, if any, into SIGS. */
static int
trust_sigs_read(const char *dir, struct trust_sigs *sigs, struct error *e)
{
	char *path = xasprintf("%s/%s", dir, TRUST_SIGNATURES), *text = NULL;
	const char *p, *end, *nl;
	size_t len;
	int line = 0, rc = 0;

	if (trust_exists(dir, TRUST_SIGNATURES) && (text = util_read_file(path, &len, e)) == NULL)
		rc = -1;
	for (p = text, end = text ? text + len : NULL; rc == 0 && p < end; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			rc = error_set(e, EXIT_USAGE, "SIGNATURES:%d: the last line has no line end",
			    line);
			break;
		}
		rc = trust_sig_line(p, (size_t)(nl - p), line, sigs, e);
	}
	free(text);
	free(path);
	return rc;
}

/* Every signature must be over these MANIFEST bytes, trusted or not: a
 * signature that fails means the MANIFEST changed after it was made. */
static int
trust_sigs_verify(const struct trust_sigs *sigs, const char *manifest, size_t len,
    struct error *e)
{
	char id[17];

	for (size_t i = 0; i < sigs->n; i++) {
		if (crypto_sign_verify_detached(sigs->v[i].sig, (const unsigned char *)manifest,
		    len, sigs->v[i].pk) == 0)
			continue;
		trust_key_id(sigs->v[i].pk, id);
		return error_set(e, EXIT_USAGE, tr("SIGNATURES:%d: the %s signature by key %s"
		    " does not match MANIFEST (was MANIFEST changed after signing?)",
		    "SIGNATURES:%d: %s 签名（密钥 %s）与 MANIFEST 不符（签名后 MANIFEST 被改动？）"),
		    sigs->v[i].line, trust_role_name(sigs->v[i].role), id);
	}
	return 0;
}

/*
 * Count the signatures and which roles trusted keys signed in.  An
 * approver signature approves when its key is one of approver_keys (of
 * trusted_keys when the configuration names no approvers); a key signs a
 * pack once (trust_sig_line), so it never approves its own authorship.
 */
static int
trust_sigs_classify(const struct trust_sigs *sigs, struct trust_status *st, struct error *e)
{
	struct trust_keys keys, appr;
	int roles = 0;

	st->nsigs = sigs->n;
	if (sigs->n == 0)
		return 0;
	if (trust_keys_load(&keys, trust_cfg ? trust_cfg->trusted_keys : NULL,
	    trust_cfg ? trust_cfg->ntrusted_keys : 0, "trusted_keys", e) != 0)
		return -1;
	if (trust_keys_load(&appr, trust_cfg ? trust_cfg->approver_keys : NULL,
	    trust_cfg ? trust_cfg->napprover_keys : 0, "approver_keys", e) != 0) {
		trust_keys_free(&keys);
		return -1;
	}
	for (size_t i = 0; i < sigs->n; i++) {
		const struct trust_sig *s = &sigs->v[i];
		const struct trust_keys *ak = appr.n ? &appr : &keys;
		int t = trust_keys_find(&keys, s->pk), a = trust_keys_find(ak, s->pk);

		if (s->role == TRUST_APPROVER && a >= 0) {
			st->approved = 1;
			trust_name_add(st->approvers, sizeof st->approvers, ak, a);
		} else if (s->role == TRUST_AUTHOR && t >= 0)
			trust_name_add(st->authors, sizeof st->authors, &keys, t);
		if (t >= 0 || (s->role == TRUST_APPROVER && a >= 0)) {
			st->ntrusted++;
			roles |= s->role;
		}
	}
	trust_keys_free(&keys);
	trust_keys_free(&appr);
	snprintf(st->trusted, sizeof st->trusted, "%s%s%s",
	    roles & TRUST_AUTHOR ? "author" : "", roles == (TRUST_AUTHOR | TRUST_APPROVER) ?
	    ", " : "", roles & TRUST_APPROVER ? "approver" : "");
	return 0;
}

/* Put SIG in SIGS, in place of an earlier one by the same key. */
static void
trust_sigs_put(struct trust_sigs *sigs, const struct trust_sig *sig)
{
	size_t i = 0;

	while (i < sigs->n && memcmp(sigs->v[i].pk, sig->pk, sizeof sig->pk) != 0)
		i++;
	if (i == sigs->n)
		sigs->v = xrealloc(sigs->v, (++sigs->n) * sizeof *sigs->v);
	sigs->v[i] = *sig;
}

/* SIGS as the text of a SIGNATURES file. */
static void
trust_sigs_text(const struct trust_sigs *sigs, struct sbuf *out)
{
	char pk[2 * crypto_sign_PUBLICKEYBYTES + 1], sig[2 * crypto_sign_BYTES + 1];

	for (size_t i = 0; i < sigs->n; i++) {
		sodium_bin2hex(pk, sizeof pk, sigs->v[i].pk, sizeof sigs->v[i].pk);
		sodium_bin2hex(sig, sizeof sig, sigs->v[i].sig, sizeof sigs->v[i].sig);
		sbuf_addf(out, "ed25519 %s %s %s\n", pk, sig, trust_role_name(sigs->v[i].role));
	}
}

/* ---- checking ---- */

/* DIR's seal and signatures, when it is sealed, into ST. */
static int
trust_examine(const char *dir, struct trust_status *st, struct error *e)
{
	struct trust_sigs sigs = { 0 };
	char *manifest;
	size_t len;
	int rc = -1;

	memset(st, 0, sizeof *st);
	if (trust_init(e) != 0 || trust_manifest_read(dir, &manifest, &len, e) != 0)
		return -1;
	if (manifest == NULL) {
		if (trust_exists(dir, TRUST_SIGNATURES))
			return error_set(e, EXIT_USAGE, tr("SIGNATURES but no MANIFEST (run 'baodao"
			    " pack seal', then sign again)", "有 SIGNATURES 却没有 MANIFEST（请运行"
			    " 'baodao pack seal' 后重新签名）"));
		return 0;
	}
	st->sealed = 1;
	if (trust_manifest_check(dir, manifest, len, &st->nfiles, e) == 0 &&
	    trust_sigs_read(dir, &sigs, e) == 0 && trust_sigs_verify(&sigs, manifest, len, e) == 0 &&
	    trust_sigs_classify(&sigs, st, e) == 0)
		rc = 0;
	free(sigs.v);
	free(manifest);
	return rc;
}

/* What the configuration asks of a pack beyond an intact seal. */
static int
trust_policy(const struct trust_status *st, struct error *e)
{
	if (!st->sealed && trust_require_seal())
		return error_set(e, EXIT_USAGE, tr("not sealed (no MANIFEST), and %s sets"
		    " require_seal = true; run 'baodao pack seal'", "未封存（没有 MANIFEST），而 %s"
		    " 设置了 require_seal = true；请运行 'baodao pack seal'"), trust_conf_name());
	if (st->nsigs == 0 && !trust_allow_unsigned())
		return error_set(e, EXIT_USAGE, tr("not signed, and %s sets allow_unsigned_packs"
		    " = false", "未签名，而 %s 设置了 allow_unsigned_packs = false"),
		    trust_conf_name());
	if (st->ntrusted == 0 && !trust_allow_unsigned())
		return error_set(e, EXIT_USAGE, tr("not signed by a trusted key (%zu signature%s,"
		    " none by a key in trusted_keys), and %s sets allow_unsigned_packs = false",
		    "没有受信任密钥的签名（签名 %zu 个%s，均不在 trusted_keys 中），而 %s 设置了"
		    " allow_unsigned_packs = false"), st->nsigs,
		    util_lang_zh() || st->nsigs == 1 ? "" : "s", trust_conf_name());
	/* An approval approves an author's work: both are needed. */
	if ((!st->approved || *st->authors == '\0') && trust_cfg != NULL &&
	    trust_cfg->require_approver)
		return error_set(e, EXIT_USAGE, !st->approved ? tr("not approved: %s sets"
		    " require_approver = true, and no key of %s signed it as approver (signed by"
		    " author %s); an approver must run 'baodao pack sign DIR --key APPROVER.key"
		    " --as approver'", "未经审批：%s 设置了 require_approver = true，而 %s 中没有"
		    "密钥以审批人身份签名（作者签名：%s）；须由审批人运行 'baodao pack sign 目录"
		    " --key 审批人.key --as approver'") : tr("not approved: %s sets require_approver"
		    " = true, and an approval needs an author's signature by a key of trusted_keys"
		    " (%s approved, author %s); the author must run 'baodao pack sign DIR --key"
		    " AUTHOR.key'", "未经审批：%s 设置了 require_approver = true，审批须有 trusted_keys"
		    " 中作者密钥的签名（审批：%s，作者：%s）；须由作者运行 'baodao pack sign 目录"
		    " --key 作者.key'"), trust_conf_name(), !st->approved ?
		    (trust_cfg->napprover_keys ? "approver_keys" : "trusted_keys") : st->approvers,
		    *st->authors ? st->authors : tr("none", "无"));
	return 0;
}

void
trust_explain(const struct trust_status *st, struct sbuf *out)
{
	const char *conf = trust_conf_name();

	if (st->ntrusted == 0)
		sbuf_addf(out, tr("this pack is not signed by any key %s trusts; it runs only"
		    " because %s", "此规则包没有 %s 所信任的密钥签名；它能运行只是因为%s"), conf,
		    trust_cfg && trust_cfg->path ? "allow_unsigned_packs = true" :
		    tr("unsigned packs are allowed when no baodao.conf says otherwise",
		    "没有 baodao.conf 另行规定时允许未签名的规则包"));
	else if (st->approved)
		sbuf_addf(out, tr("signed by author %s and approved by %s, keys listed in %s",
		    "由作者 %s 签名、经 %s 审批，密钥均列于 %s"), *st->authors ? st->authors :
		    tr("none trusted", "（无受信任者）"), st->approvers, conf);
	else
		sbuf_addf(out, tr("signed by author %s, a key listed in %s; not approved by anyone"
		    " %s names as approver%s", "由作者 %s 签名，密钥列于 %s；未经 %s 所列审批人审批%s"),
		    *st->authors ? st->authors : tr("none trusted", "（无受信任者）"), conf, conf,
		    trust_cfg && trust_cfg->require_approver ? "" : tr(" (not required)",
		    "（未要求审批）"));
}

/* The messages of the checks below get the pack's name in front. */
int
trust_check(const char *dir, const char *id, struct error *e)
{
	struct trust_status st;
	struct error le = { 0 };

	if (trust_examine(dir, &st, &le) != 0 || trust_policy(&st, &le) != 0)
		return error_set(e, le.code ? le.code : EXIT_ENV, "pack %s: %s", id, le.msg);
	return 0;
}

/* Like trust_check(), and a pack that was never sealed fails. */
int
trust_verify(const char *dir, struct trust_status *st, struct error *e)
{
	if (trust_examine(dir, st, e) != 0)
		return -1;
	if (!st->sealed)
		return error_set(e, EXIT_USAGE, tr("not sealed (no MANIFEST; run 'baodao pack"
		    " seal')", "未封存（没有 MANIFEST；请运行 'baodao pack seal'）"));
	return trust_policy(st, e);
}

/* The MANIFEST recorded at install against the files now. */
int
trust_match(const char *dir, const char *manifest, size_t len, struct error *e)
{
	struct trust_files want = { 0 }, have = { 0 };
	const char *path;
	int rc = -1;

	if (trust_init(e) != 0 || trust_manifest_parse(manifest, len, &want, e) != 0 ||
	    trust_list(dir, &have, e) != 0)
		goto out;
	switch (trust_diff(&want, &have, &path)) {
	case TRUST_SAME:
		rc = 0;
		break;
	case TRUST_MISSING:
		error_set(e, EXIT_USAGE, tr("%s was removed since it was installed",
		    "%s 自安装后被删除"), path);
		break;
	case TRUST_ADDED:
		error_set(e, EXIT_USAGE, tr("%s was added since it was installed",
		    "%s 是安装后新增的"), path);
		break;
	default:
		error_set(e, EXIT_USAGE, tr("%s changed since it was installed",
		    "%s 自安装后被改动"), path);
		break;
	}
out:
	trust_files_free(&want);
	trust_files_free(&have);
	return rc;
}

/* ---- writing ---- */

/* Write all N bytes of S, through short writes and signals. */
static int
trust_write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Write TEXT into a new hidden file beside DIR/NAME, on disk, so that a
 * rename replaces NAME whole: no reader ever sees half of it.  *tmp gets
 * the file's path (caller frees and renames or unlinks it). */
static int
trust_write_temp(const char *dir, const char *name, const char *text, size_t len,
    char **tmp, struct error *e)
{
	int fd, saved;

	*tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(*tmp);
	if (fd >= 0 && trust_write_all(fd, text, len) == 0 && fchmod(fd, 0644) == 0 &&
	    fsync(fd) == 0 && close(fd) == 0)
		return 0;
	saved = errno;
	if (fd >= 0) {
		close(fd);
		unlink(*tmp);
	}
	free(*tmp);
	*tmp = NULL;
	return error_set(e, EXIT_ENV, "%s/%s: %s", dir, name, strerror(saved));
}

/* Move TMP (freed) over DIR/NAME. */
static int
trust_install(char *tmp, const char *dir, const char *name, struct error *e)
{
	char *path = xasprintf("%s/%s", dir, name);
	int rc = 0;

	if (rename(tmp, path) != 0) {
		rc = error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(path);
	free(tmp);
	return rc;
}

/* Remove DIR/SIGNATURES if it is there; *dropped says whether it was. */
static int
trust_drop_signatures(const char *dir, int *dropped, struct error *e)
{
	char *path = xasprintf("%s/%s", dir, TRUST_SIGNATURES);
	int rc = 0;

	*dropped = unlink(path) == 0;
	if (!*dropped && errno != ENOENT)
		rc = error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	free(path);
	return rc;
}

/* ---- seal, keygen, sign ---- */

/* The new MANIFEST is written aside first; only then is SIGNATURES (made
 * over the old one) removed and the new one moved in.  A failure before
 * that changes nothing; one after leaves a sealed, unsigned pack. */
int
trust_seal(const char *dir, size_t *nfiles, int *dropped, struct error *e)
{
	struct trust_files files = { 0 };
	struct error le = { 0 };
	struct sbuf text;
	char *tmp = NULL;
	int rc = -1;

	*nfiles = 0;
	*dropped = 0;
	sbuf_init(&text);
	if (trust_init(e) != 0 || trust_pack_dir(dir, e) != 0)
		goto out;
	if (trust_list(dir, &files, &le) != 0) {
		trust_about(dir, &le, e);
		goto out;
	}
	for (size_t i = 0; i < files.n; i++)
		sbuf_addf(&text, "%s  %s\n", files.v[i].hash, files.v[i].path);
	if (trust_write_temp(dir, TRUST_MANIFEST, text.s, text.len, &tmp, e) != 0)
		goto out;
	if (trust_drop_signatures(dir, dropped, e) != 0) {
		unlink(tmp);
		free(tmp);
		goto out;
	}
	if (trust_install(tmp, dir, TRUST_MANIFEST, e) != 0)
		goto out;
	*nfiles = files.n;
	rc = 0;
out:
	sbuf_free(&text);
	trust_files_free(&files);
	return rc;
}

/* Create PATH for writing, never over an existing file. */
static int
trust_create(const char *path, mode_t mode, struct error *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);

	if (fd < 0 && errno == EEXIST)
		error_set(e, EXIT_USAGE, tr("%s exists; a key is never overwritten",
		    "%s 已存在；不会覆盖密钥"), path);
	else if (fd < 0)
		error_set(e, EXIT_ENV, "%s: %s", path, strerror(errno));
	return fd;
}

/* Write the two key files of a fresh key pair into KFD and PFD. */
static int
trust_keygen_write(int kfd, int pfd, const char *name)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	char pkhex[2 * sizeof pk + 1], skhex[2 * sizeof sk + 1];
	char sline[sizeof skhex + 32], *pline;
	int rc;

	crypto_sign_keypair(pk, sk);
	sodium_bin2hex(pkhex, sizeof pkhex, pk, sizeof pk);
	sodium_bin2hex(skhex, sizeof skhex, sk, sizeof sk);
	snprintf(sline, sizeof sline, "%s %s\n", TRUST_SECRET_TAG, skhex);
	pline = xasprintf("%s %s %s\n", TRUST_PUBLIC_TAG, pkhex, name);
	rc = trust_write_all(kfd, sline, strlen(sline)) == 0 && fsync(kfd) == 0 &&
	    trust_write_all(pfd, pline, strlen(pline)) == 0 ? 0 : -1;
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(skhex, sizeof skhex);
	sodium_memzero(sline, sizeof sline);
	free(pline);
	return rc;
}

/* Both files or neither: a half-made pair is removed. */
int
trust_keygen(const char *name, struct error *e)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	char *key = xasprintf("%s.key", name), *pub = xasprintf("%s.pub", name);
	int kfd = -1, pfd = -1, rc = -1;

	if (*base == '\0' || strpbrk(base, " \t\r\n") != NULL) {
		error_set(e, EXIT_USAGE, "key name '%s' must be a file name without blanks",
		    name);
		goto out;
	}
	if (trust_init(e) != 0 || (kfd = trust_create(key, 0600, e)) < 0)
		goto out;
	if ((pfd = trust_create(pub, 0644, e)) < 0) {
		close(kfd);
		unlink(key);
		goto out;
	}
	rc = trust_keygen_write(kfd, pfd, base);
	if (rc != 0)
		error_set(e, EXIT_ENV, "%s: %s", key, strerror(errno));
	/* Both are closed whatever the first gives. */
	if (close(kfd) != 0 && rc == 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", key, strerror(errno));
	if (close(pfd) != 0 && rc == 0)
		rc = error_set(e, EXIT_ENV, "%s: %s", pub, strerror(errno));
	if (rc != 0) {
		unlink(key);
		unlink(pub);
	}
out:
	free(key);
	free(pub);
	return rc;
}

/* DIR's MANIFEST, read and checked against the files and the signatures
 * already made, into *manifest and SIGS: what signing builds on. */
static int
trust_sign_prepare(const char *dir, char **manifest, size_t *len, struct trust_sigs *sigs,
    struct error *e)
{
	struct error le = { 0 };
	size_t nfiles;

	if (trust_init(e) != 0 || trust_pack_dir(dir, e) != 0 ||
	    trust_manifest_read(dir, manifest, len, e) != 0)
		return -1;
	if (*manifest == NULL)
		return error_set(e, EXIT_USAGE, tr("%s: not sealed; run 'baodao pack seal %s'"
		    " first", "%s: 未封存；请先运行 'baodao pack seal %s'"), dir, dir);
	if (trust_manifest_check(dir, *manifest, *len, &nfiles, &le) != 0 ||
	    trust_sigs_read(dir, sigs, &le) != 0 ||
	    trust_sigs_verify(sigs, *manifest, *len, &le) != 0)
		return trust_about(dir, &le, e);
	return 0;
}

/* The secret key is wiped from memory on every way out. */
int
trust_sign(const char *dir, const char *keyfile, const char *role, struct error *e)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	struct trust_sig sig = { .role = trust_role(role) };
	struct trust_sigs sigs = { 0 };
	struct sbuf text;
	char *manifest = NULL, *tmp;
	size_t len;
	int rc = -1;

	sbuf_init(&text);
	if (sig.role == 0) {
		error_set(e, EXIT_USAGE, "a signature's role is author or approver, not '%s'",
		    role);
		goto out;
	}
	if (trust_sign_prepare(dir, &manifest, &len, &sigs, e) != 0 ||
	    trust_secret_read(keyfile, sk, e) != 0)
		goto out;
	crypto_sign_detached(sig.sig, NULL, (const unsigned char *)manifest, len, sk);
	crypto_sign_ed25519_sk_to_pk(sig.pk, sk);
	trust_sigs_put(&sigs, &sig);
	trust_sigs_text(&sigs, &text);
	if (trust_write_temp(dir, TRUST_SIGNATURES, text.s, text.len, &tmp, e) == 0 &&
	    trust_install(tmp, dir, TRUST_SIGNATURES, e) == 0)
		rc = 0;
out:
	sodium_memzero(sk, sizeof sk);
	sbuf_free(&text);
	free(sigs.v);
	free(manifest);
	return rc;
}
