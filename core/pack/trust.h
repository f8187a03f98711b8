/*
 * trust.h - sealing, signing and verifying rule packs.
 *
 * A sealed pack carries MANIFEST: one line "SHA256  PATH" (sha256sum's
 * format) for every regular file of the folder, subfolders included,
 * sorted byte-wise, MANIFEST and SIGNATURES themselves left out.  A
 * signed pack also carries SIGNATURES: one line "ed25519 KEY SIG ROLE"
 * per signer, where SIG is an Ed25519 signature (libsodium) over the
 * exact bytes of MANIFEST and ROLE is author or approver.  Keys are
 * small text files: "baodao-ed25519-secret HEX" (mode 0600) and
 * "baodao-ed25519-public HEX NAME".
 *
 * pack_info_read() calls trust_check() for every pack it reads, so no
 * command loads a pack whose files changed after sealing, or one the
 * configuration (trusted_keys, allow_unsigned_packs, require_seal,
 * approver_keys and require_approver) does not trust.
 */
#ifndef BAODAO_TRUST_H
#define BAODAO_TRUST_H

#include <stddef.h>

#include "config.h"
#include "util.h"

/* What verifying a pack found. */
struct trust_status {
	int sealed;                   /* it has a MANIFEST (and it matched) */
	size_t nfiles;                /* files the MANIFEST lists */
	size_t nsigs;                 /* signatures, every one valid */
	size_t ntrusted;              /* of them, by a trusted key */
	char trusted[32];             /* roles of those: "author, approver"; "" if none */
	int approved;                 /* an approver trusted as one signed (not an author) */
	char authors[128];            /* names of the trusted authors' keys, "a, b" */
	char approvers[128];          /* names of the approving keys */
};

/* Use CFG's trust policy from now on; NULL restores the defaults (no
 * trusted keys, unsigned packs allowed, no seal required).  CFG is
 * borrowed: it must outlive every pack read until the next call. */
void  trust_configure(const struct config *cfg);

/* The check made whenever a pack is read: DIR's files against its
 * MANIFEST when it has one, its signatures, and the configured policy.
 * Errors name the pack ID and the file.  Returns 0, or -1 with e set. */
int   trust_check(const char *dir, const char *id, struct error *e);

/* One sentence saying what ST's trust state means under the configured
 * policy: who signed and approved, by keys the configuration lists, or
 * why an untrusted pack runs at all. */
void  trust_explain(const struct trust_status *st, struct sbuf *out);

/* Verify DIR as `pack verify` does: like trust_check(), but a pack
 * without MANIFEST fails too.  Errors name no pack (the caller does). */
int   trust_verify(const char *dir, struct trust_status *st, struct error *e);

/* DIR's files against MANIFEST (LEN bytes), the text the pack's MANIFEST
 * had when it was installed: 0, or -1 with e naming the first file
 * changed, added or removed since ("rules.lua changed since it was
 * installed").  Errors name no pack (the caller does). */
int   trust_match(const char *dir, const char *manifest, size_t len, struct error *e);

/* Write DIR/MANIFEST; *nfiles gets the number of files listed, and
 * *dropped 1 when a SIGNATURES made over the old MANIFEST was removed. */
int   trust_seal(const char *dir, size_t *nfiles, int *dropped, struct error *e);

/* Make NAME.key (secret, 0600) and NAME.pub; neither may exist. */
int   trust_keygen(const char *name, struct error *e);

/* Sign DIR's MANIFEST with the secret key in KEYFILE as ROLE (author or
 * approver), replacing an earlier signature by the same key. */
int   trust_sign(const char *dir, const char *keyfile, const char *role,
          struct error *e);

/* 0 when DIR is a pack folder (it has a pack.conf), else -1 with e set. */
int   trust_pack_dir(const char *dir, struct error *e);

#endif
