/*
 * t_trust.c - pack seals, keys, signatures and the trust policy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pack.h"
#include "test.h"
#include "trust.h"

void test_trust(void);

static struct error err;

/* sha256("hello\n"), what README.md holds */
static const char hello_hash[] =
	"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

static void
put(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	free(path);
}

static char *
slurp_path(const char *path)
{
	struct error e = { 0 };
	size_t len;

	return util_read_file(path, &len, &e);
}

static char *
slurp(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), *text = slurp_path(path);

	free(path);
	return text;
}

static int
exists(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	int yes = access(path, F_OK) == 0;

	free(path);
	return yes;
}

static void
rm(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);

	unlink(path);
	free(path);
}

/* A small pack with a README and a tests/ folder, in a fresh folder. */
static char *
make_pack(void)
{
	char *dir = xstrdup(test_tmpdir()), *tests = xasprintf("%s/tests", dir);

	put(dir, "pack.conf", "id = \"t\"\nname = \"test\"\nversion = \"1.2\"\n"
	    "files = {\"rules.lua\"}\n");
	put(dir, "rules.lua", "requirement \"t.ok\" { title = \"t\", clause = \"c\",\n"
	    "  check = function(m, f, p) return true end }\n");
	put(dir, "README.md", "hello\n");
	mkdir(tests, 0755);
	put(tests, "case.lua", "-- a case\n");
	free(tests);
	return dir;
}

static char *
make_sealed(void)
{
	char *dir = make_pack();
	size_t n;
	int dropped;

	if (trust_seal(dir, &n, &dropped, &err) != 0)
		fprintf(stderr, "seal: %s\n", err.msg);
	return dir;
}

/* The error of reading the pack in DIR, "" when it reads. */
static const char *
read_error(const char *dir)
{
	static char msg[1024];
	struct pack_info pi;

	error_clear(&err);
	msg[0] = '\0';
	if (pack_info_read(dir, &pi, &err) != 0)
		snprintf(msg, sizeof msg, "%s", err.msg);
	else
		pack_info_free(&pi);
	return msg;
}

/* A key pair NAME in a fresh folder; returns the path without suffix. */
static char *
make_key(const char *name)
{
	char *base = xasprintf("%s/%s", test_tmpdir(), name);

	error_clear(&err);
	if (trust_keygen(base, &err) != 0)
		fprintf(stderr, "keygen: %s\n", err.msg);
	return base;
}

static int
sign(const char *dir, const char *base, const char *role)
{
	char *key = xasprintf("%s.key", base);
	int rc;

	error_clear(&err);
	rc = trust_sign(dir, key, role, &err);
	free(key);
	return rc;
}

/* The first 16 hex digits of the public key at BASE.pub. */
static char *
key_id(const char *base)
{
	char *pub = xasprintf("%s.pub", base);
	char *text = slurp_path(pub);
	char *id = xstrndup(text + strlen("baodao-ed25519-public "), 16);

	free(text);
	free(pub);
	return id;
}

/* A configuration trusting the keys at BASES (NULL-terminated). */
static void
policy(struct config *c, int allow_unsigned, int require_seal, const char *const *bases)
{
	memset(c, 0, sizeof *c);
	c->path = "test.conf";
	c->allow_unsigned_packs = allow_unsigned;
	c->require_seal = require_seal;
	while (bases && bases[c->ntrusted_keys])
		c->ntrusted_keys++;
	c->trusted_keys = xcalloc(c->ntrusted_keys + 1, sizeof *c->trusted_keys);
	for (size_t i = 0; i < c->ntrusted_keys; i++)
		c->trusted_keys[i] = xasprintf("%s.pub", bases[i]);
	trust_configure(c);
}

static void
policy_free(struct config *c)
{
	trust_configure(NULL);
	for (size_t i = 0; i < c->ntrusted_keys; i++)
		free(c->trusted_keys[i]);
	free(c->trusted_keys);
}

static void
case_seal_and_verify(void)
{
	char *dir = make_pack(), *manifest, *line;
	struct trust_status st;
	size_t n;
	int dropped = 7;

	CHECK_INT(trust_seal(dir, &n, &dropped, &err), 0);
	CHECK_INT(n, 4);
	CHECK_INT(dropped, 0);
	manifest = slurp(dir, "MANIFEST");
	line = xasprintf("%s  README.md\n", hello_hash);
	CHECK(strncmp(manifest, line, strlen(line)) == 0);
	CHECK(strstr(manifest, "  pack.conf\n") < strstr(manifest, "  rules.lua\n"));
	CHECK(strstr(manifest, "  rules.lua\n") < strstr(manifest, "  tests/case.lua\n"));
	CHECK(strstr(manifest, "MANIFEST") == NULL);
	CHECK_INT(strlen(manifest), 4 * (64 + 2) + strlen("README.md\npack.conf\nrules.lua\n"
	    "tests/case.lua\n"));
	CHECK_INT(trust_verify(dir, &st, &err), 0);
	CHECK_INT(st.sealed, 1);
	CHECK_INT(st.nfiles, 4);
	CHECK_INT(st.nsigs, 0);
	CHECK_STR(read_error(dir), "");
	free(line);
	free(manifest);
	free(dir);
}

static void
case_edited_added_deleted(void)
{
	char *dir = make_sealed();

	put(dir, "rules.lua", "-- changed\n");
	CHECK_STR(read_error(dir), "pack t: rules.lua does not match MANIFEST (edited after"
	    " sealing? run 'baodao pack seal')");
	free(dir);
	dir = make_sealed();
	put(dir, "tests/extra.lua", "-- new\n");
	CHECK_STR(read_error(dir), "pack t: tests/extra.lua is not in MANIFEST (added after"
	    " sealing? run 'baodao pack seal')");
	free(dir);
	dir = make_sealed();
	rm(dir, "README.md");
	CHECK_STR(read_error(dir), "pack t: README.md is in MANIFEST but missing (deleted after"
	    " sealing? run 'baodao pack seal')");
	free(dir);
}

static void
case_bad_manifest(void)
{
	char *dir = make_sealed();
	char *line = xasprintf("%s  ../outside.lua\n", hello_hash);
	struct trust_status st;

	put(dir, "MANIFEST", "not a manifest\n");
	CHECK_STR(read_error(dir), "pack t: MANIFEST:1: not 'SHA256  PATH' (run 'baodao pack"
	    " seal')");
	put(dir, "MANIFEST", line);
	CHECK_STR(read_error(dir), "pack t: MANIFEST:1: '../outside.lua' is not a path inside"
	    " the pack");
	rm(dir, "MANIFEST");
	CHECK_STR(read_error(dir), "");
	error_clear(&err);
	CHECK_INT(trust_verify(dir, &st, &err), -1);
	CHECK_STR(err.msg, "not sealed (no MANIFEST; run 'baodao pack seal')");
	free(line);
	free(dir);
}

static void
case_symlink_refused(void)
{
	char *dir = make_pack(), *link = xasprintf("%s/tests/link.lua", dir);
	char *want = xasprintf("%s: tests/link.lua is a symbolic link; a pack holds only files"
	    " and folders", dir);
	size_t n;
	int dropped;

	CHECK(symlink("/etc/passwd", link) == 0);
	error_clear(&err);
	CHECK_INT(trust_seal(dir, &n, &dropped, &err), -1);
	CHECK_STR(err.msg, want);
	CHECK(!exists(dir, "MANIFEST"));
	free(want);
	free(link);
	free(dir);
}

static void
case_keygen(void)
{
	char *base = make_key("alice"), *key = xasprintf("%s.key", base);
	char *pub = xasprintf("%s.pub", base), *text, *want;
	struct stat st;

	CHECK(stat(key, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(stat(pub, &st) == 0 && (st.st_mode & 077) != 0);
	text = slurp_path(pub);
	CHECK(strncmp(text, "baodao-ed25519-public ", 22) == 0);
	CHECK_INT(strlen(text), 22 + 64 + strlen(" alice\n"));
	CHECK_STR(text + 22 + 64, " alice\n");
	free(text);
	text = slurp_path(key);
	CHECK(strncmp(text, "baodao-ed25519-secret ", 22) == 0);
	CHECK_INT(strlen(text), 22 + 128 + 1);
	free(text);
	want = xasprintf("%s exists; a key is never overwritten", key);
	error_clear(&err);
	CHECK_INT(trust_keygen(base, &err), -1);
	CHECK_STR(err.msg, want);
	free(want);
	free(pub);
	free(key);
	free(base);
}

static void
case_sign_trusted(void)
{
	char *dir = make_sealed(), *alice = make_key("alice"), *sigs;
	const char *const keys[] = { alice, NULL };
	struct trust_status st;
	struct config c;

	CHECK_INT(sign(dir, alice, "author"), 0);
	sigs = slurp(dir, "SIGNATURES");
	CHECK(strncmp(sigs, "ed25519 ", 8) == 0);
	CHECK_INT(strlen(sigs), 8 + 64 + 1 + 128 + strlen(" author\n"));
	policy(&c, 0, 1, keys);
	CHECK_STR(read_error(dir), "");
	CHECK_INT(trust_verify(dir, &st, &err), 0);
	CHECK_INT(st.nsigs, 1);
	CHECK_INT(st.ntrusted, 1);
	CHECK_STR(st.trusted, "author");
	policy_free(&c);
	free(sigs);
	free(alice);
	free(dir);
}

static void
case_tampered_manifest(void)
{
	char *dir = make_sealed(), *alice = make_key("alice"), *sigs, *id, *want;
	size_t n;
	int dropped;

	CHECK_INT(sign(dir, alice, "author"), 0);
	/* Someone adds a file and re-seals, and puts the old signature back. */
	sigs = slurp(dir, "SIGNATURES");
	put(dir, "evil.lua", "os.execute('rm -rf /')\n");
	CHECK_INT(trust_seal(dir, &n, &dropped, &err), 0);
	put(dir, "SIGNATURES", sigs);
	id = key_id(alice);
	want = xasprintf("pack t: SIGNATURES:1: the author signature by key %s does not match"
	    " MANIFEST (was MANIFEST changed after signing?)", id);
	CHECK_STR(read_error(dir), want);
	free(want);
	free(id);
	free(sigs);
	free(alice);
	free(dir);
}

static void
case_untrusted_refused(void)
{
	char *dir = make_sealed(), *alice = make_key("alice"), *mallory = make_key("mallory");
	const char *const keys[] = { alice, NULL };
	struct config c;

	policy(&c, 0, 0, keys);
	CHECK_STR(read_error(dir), "pack t: not signed, and test.conf sets"
	    " allow_unsigned_packs = false");
	CHECK_INT(sign(dir, mallory, "author"), 0);
	CHECK_STR(read_error(dir), "pack t: not signed by a trusted key (1 signature, none by a"
	    " key in trusted_keys), and test.conf sets allow_unsigned_packs = false");
	policy_free(&c);
	/* The defaults allow what is merely untrusted. */
	CHECK_STR(read_error(dir), "");
	free(mallory);
	free(alice);
	free(dir);
}

static void
case_unsealed_policy(void)
{
	char *dir = make_pack();
	struct config c;

	CHECK_STR(read_error(dir), "");
	policy(&c, 1, 1, NULL);
	CHECK_STR(read_error(dir), "pack t: not sealed (no MANIFEST), and test.conf sets"
	    " require_seal = true; run 'baodao pack seal'");
	policy_free(&c);
	put(dir, "SIGNATURES", "");
	CHECK_STR(read_error(dir), "pack t: SIGNATURES but no MANIFEST (run 'baodao pack seal',"
	    " then sign again)");
	free(dir);
}

static void
case_author_and_approver(void)
{
	char *dir = make_sealed(), *alice = make_key("alice"), *bob = make_key("bob"), *sigs;
	const char *const keys[] = { alice, bob, NULL };
	struct trust_status st;
	struct config c;

	CHECK_INT(sign(dir, alice, "author"), 0);
	CHECK_INT(sign(dir, bob, "approver"), 0);
	policy(&c, 0, 1, keys);
	CHECK_INT(trust_verify(dir, &st, &err), 0);
	CHECK_INT(st.nsigs, 2);
	CHECK_INT(st.ntrusted, 2);
	CHECK_STR(st.trusted, "author, approver");
	/* Signing again with a key replaces that key's line. */
	CHECK_INT(sign(dir, alice, "approver"), 0);
	CHECK_INT(trust_verify(dir, &st, &err), 0);
	CHECK_INT(st.nsigs, 2);
	CHECK_STR(st.trusted, "approver");
	sigs = slurp(dir, "SIGNATURES");
	CHECK(strstr(sigs, " author\n") == NULL);
	CHECK(strchr(strchr(sigs, '\n') + 1, '\n')[1] == '\0');
	policy_free(&c);
	free(sigs);
	free(bob);
	free(alice);
	free(dir);
}

static void
case_reseal_drops_signatures(void)
{
	char *dir = make_sealed(), *alice = make_key("alice");
	struct trust_status st;
	size_t n;
	int dropped = 0;

	CHECK_INT(sign(dir, alice, "author"), 0);
	CHECK(exists(dir, "SIGNATURES"));
	CHECK_INT(trust_seal(dir, &n, &dropped, &err), 0);
	CHECK_INT(dropped, 1);
	CHECK(!exists(dir, "SIGNATURES"));
	CHECK_INT(trust_verify(dir, &st, &err), 0);
	CHECK_INT(st.nsigs, 0);
	free(alice);
	free(dir);
}

static void
case_sign_refusals(void)
{
	char *dir = make_pack(), *alice = make_key("alice"), *key = xasprintf("%s.key", alice);
	char *want = xasprintf("%s: not sealed; run 'baodao pack seal %s' first", dir, dir);

	CHECK_INT(sign(dir, alice, "author"), -1);
	CHECK_STR(err.msg, want);
	free(want);
	CHECK_INT(sign(dir, alice, "boss"), -1);
	CHECK_STR(err.msg, "a signature's role is author or approver, not 'boss'");
	free(dir);
	dir = make_sealed();
	chmod(key, 0644);
	want = xasprintf("%s: the secret key is readable by others (chmod 600 %s)", key, key);
	CHECK_INT(sign(dir, alice, "author"), -1);
	CHECK_STR(err.msg, want);
	CHECK(!exists(dir, "SIGNATURES"));
	put(dir, "rules.lua", "-- changed\n");
	chmod(key, 0600);
	free(want);
	want = xasprintf("%s: rules.lua does not match MANIFEST (edited after sealing? run"
	    " 'baodao pack seal')", dir);
	CHECK_INT(sign(dir, alice, "author"), -1);
	CHECK_STR(err.msg, want);
	free(want);
	free(key);
	free(alice);
	free(dir);
}

/* The MANIFEST recorded at install names a change even after a reseal. */
static void
case_match_recorded(void)
{
	char *dir = make_sealed(), *recorded = slurp(dir, "MANIFEST");
	size_t n, len = strlen(recorded);
	int dropped;

	error_clear(&err);
	CHECK_INT(trust_match(dir, recorded, len, &err), 0);
	put(dir, "rules.lua", "-- edited\n");
	CHECK_INT(trust_seal(dir, &n, &dropped, &err), 0);
	CHECK_STR(read_error(dir), "");
	CHECK_INT(trust_match(dir, recorded, len, &err), -1);
	CHECK_STR(err.msg, "rules.lua changed since it was installed");
	put(dir, "extra.lua", "-- new\n");
	error_clear(&err);
	CHECK_INT(trust_match(dir, recorded, len, &err), -1);
	CHECK_STR(err.msg, "extra.lua was added since it was installed");
	rm(dir, "README.md");
	error_clear(&err);
	CHECK_INT(trust_match(dir, recorded, len, &err), -1);
	CHECK_STR(err.msg, "README.md was removed since it was installed");
	error_clear(&err);
	CHECK_INT(trust_match(dir, "not a manifest\n", 15, &err), -1);
	CHECK(strstr(err.msg, "MANIFEST:1:") != NULL);
	free(recorded);
	free(dir);
}

void
test_trust(void)
{
	test_case("trust: seal writes MANIFEST and it verifies", case_seal_and_verify);
	test_case("trust: an edited, added or deleted file is named", case_edited_added_deleted);
	test_case("trust: a bad MANIFEST line", case_bad_manifest);
	test_case("trust: a symbolic link is not sealed", case_symlink_refused);
	test_case("trust: keygen", case_keygen);
	test_case("trust: a signature by a trusted key", case_sign_trusted);
	test_case("trust: a tampered MANIFEST fails its signature", case_tampered_manifest);
	test_case("trust: unsigned and untrusted refused by policy", case_untrusted_refused);
	test_case("trust: require_seal", case_unsealed_policy);
	test_case("trust: author and approver", case_author_and_approver);
	test_case("trust: re-sealing drops SIGNATURES", case_reseal_drops_signatures);
	test_case("trust: the MANIFEST recorded at install", case_match_recorded);
	test_case("trust: sign refuses", case_sign_refusals);
}
