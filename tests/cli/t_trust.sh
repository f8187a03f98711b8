#!/bin/sh
# Sealing, signing and verifying packs, and loading them under the trust
# policy of baodao.conf.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
cp -r "$TOP/rules/example" "$T/example"
mkdir "$T/plain" && cp -r "$TOP/rules/example" "$T/plain/example"

expect "keygen" 0 pack keygen "$T/alice"
has "keygen names the secret key" out "$T/alice.key: the secret key"
same "secret key is 0600" "$(stat -c %a "$T/alice.key")" 600
expect "keygen never overwrites" 2 pack keygen "$T/alice"
has "keygen refusal named" err "$T/alice.key exists; a key is never overwritten"
expect "keygen without NAME" 2 pack keygen
has "keygen usage" err "pack keygen: needs NAME (usage: baodao pack keygen NAME"

expect "sign before seal" 2 pack sign "$T/example" --key "$T/alice.key"
has "sign needs a seal" err "$T/example: not sealed; run 'baodao pack seal $T/example' first"
nfiles=$(find "$T/example" -type f | wc -l)
expect "seal" 0 pack seal "$T/example"
has "seal counts files" out "$T/example/MANIFEST: $nfiles files sealed"
same "MANIFEST has a line per file" "$(wc -l <"$T/example/MANIFEST")" "$nfiles"
has "MANIFEST lists rules.lua" example/MANIFEST "  rules.lua"
expect "sign without --key" 2 pack sign "$T/example"
has "sign usage" err "pack sign: needs DIR and --key FILE (usage: baodao pack sign DIR --key FILE [--as author|approver])"
expect "sign" 0 pack sign "$T/example" --key "$T/alice.key"
has "sign says how" out "$T/example/SIGNATURES: signed as author with $T/alice.key"
expect "verify, key not trusted" 0 pack verify "$T/example"
has "verify line" out "example 1.0.0: sealed, 1 signature, trusted: none"
has "trusted: none explained" out "trusted: none — this pack is not signed by any key the configuration trusts; it runs only because unsigned packs are allowed when no baodao.conf says otherwise"

# Key files are named relative to the configuration file.
printf 'trusted_keys = {"alice.pub"}\nallow_unsigned_packs = false\n' >"$T/strict.conf"
printf 'allow_unsigned_packs = false\n' >"$T/nokey.conf"
expect "verify, key trusted" 0 --config "$T/strict.conf" pack verify "$T/example"
has "trusted author" out "example 1.0.0: sealed, 1 signature, trusted: author"
expect "signed pack loads with its key trusted" 0 \
	--config "$T/strict.conf" evaluate --pack "$T/example" --year 2024 --quiet
has "it evaluated" out "run 1:"
expect "unsigned pack refused" 2 \
	--config "$T/nokey.conf" evaluate --pack "$T/plain/example" --year 2024
has "unsigned refusal" err "baodao: pack example: not signed, and $T/nokey.conf sets allow_unsigned_packs = false"
expect "untrusted signature refused" 2 \
	--config "$T/nokey.conf" evaluate --pack "$T/example" --year 2024
has "untrusted refusal" err "pack example: not signed by a trusted key (1 signature, none by a key in trusted_keys), and $T/nokey.conf sets allow_unsigned_packs = false"
expect "unsealed development copy loads by default" 0 \
	evaluate --pack "$T/plain/example" --year 2024 --quiet
printf 'require_seal = true\n' >"$T/seal.conf"
expect "require_seal refuses the unsealed copy" 2 \
	--config "$T/seal.conf" evaluate --pack "$T/plain/example" --year 2024
has "require_seal refusal" err "pack example: not sealed (no MANIFEST), and $T/seal.conf sets require_seal = true"

# A file edited after sealing.
echo "-- edited" >>"$T/example/rules.lua"
expect "edited pack refused" 2 evaluate --pack "$T/example" --year 2024
has "edited file named" err "baodao: pack example: rules.lua does not match MANIFEST (edited after sealing? run 'baodao pack seal')"
lacks "nothing evaluated" out "run "
same "no run stored for it" "$(sql "SELECT count(*) FROM run")" 2
expect "verify finds the edit" 1 pack verify "$T/example"
has "verify names it" out "$T/example: rules.lua does not match MANIFEST"
expect "info refuses it too" 2 pack info "$T/example"

# Re-sealing drops the signatures made over the old MANIFEST.
expect "re-seal" 0 pack seal "$T/example"
has "re-seal says SIGNATURES went" out "$T/example/SIGNATURES removed: its signatures were made over the old MANIFEST; sign again"
same "SIGNATURES gone" "$(test -e "$T/example/SIGNATURES" && echo yes)" ""
expect "re-sealed but unsigned refused" 1 --config "$T/strict.conf" pack verify "$T/example"
has "verify says unsigned" out "$T/example: not signed, and $T/strict.conf sets allow_unsigned_packs = false"
expect "keygen bob" 0 pack keygen "$T/bob"
expect "sign as author" 0 pack sign "$T/example" --key "$T/alice.key"
expect "sign as approver" 0 pack sign "$T/example" --key "$T/bob.key" --as approver
printf 'trusted_keys = {"alice.pub", "%s/bob.pub"}\nallow_unsigned_packs = false\n' "$T" >"$T/both.conf"
expect "two signatures" 0 --config "$T/both.conf" pack verify "$T/example"
has "author and approver" out "example 1.0.0: sealed, 2 signatures, trusted: author, approver"
has "verify explains it" out "trusted: author, approver — signed by author alice and approved by bob, keys listed in $T/both.conf"

# Approval that means something: require_approver with approver_keys.
expect "keygen carol" 0 pack keygen "$T/carol"
printf 'trusted_keys = {"alice.pub"}\napprover_keys = {"bob.pub"}\nrequire_approver = true\nallow_unsigned_packs = false\n' >"$T/approve.conf"
expect "approved by a named approver" 0 --config "$T/approve.conf" pack verify "$T/example"
has "approval explained" out "signed by author alice and approved by bob, keys listed in $T/approve.conf"
expect "approved pack evaluates" 0 --config "$T/approve.conf" evaluate --pack "$T/example" --year 2024 --quiet
cp -R "$T/example" "$T/authoronly"
rm "$T/authoronly/SIGNATURES"
"$BAODAO" pack sign "$T/authoronly" --key "$T/alice.key" >/dev/null
expect "author only: refused by verify" 1 --config "$T/approve.conf" pack verify "$T/authoronly"
has "refusal says why" out "not approved: $T/approve.conf sets require_approver = true, and no key of approver_keys signed it as approver (signed by author alice)"
expect "author only: refused by evaluate" 2 --config "$T/approve.conf" evaluate --pack "$T/authoronly" --year 2024
has "evaluate names the pack" err "pack example: not approved: $T/approve.conf sets require_approver = true"
"$BAODAO" pack sign "$T/authoronly" --key "$T/carol.key" --as approver >/dev/null
expect "an approver not in approver_keys does not approve" 1 --config "$T/approve.conf" pack verify "$T/authoronly"
has "still not approved" out "not approved"
"$BAODAO" pack sign "$T/authoronly" --key "$T/alice.key" --as approver >/dev/null
printf 'trusted_keys = {"alice.pub"}\nrequire_approver = true\n' >"$T/self.conf"
expect "an approval with no trusted author does not count" 1 --config "$T/self.conf" pack verify "$T/authoronly"
has "no author named" out "not approved: $T/self.conf sets require_approver = true, and an approval needs an author's signature by a key of trusted_keys (alice approved, author none)"
printf 'trusted_keys = {"alice.pub"}\n' >"$T/noreq.conf"
expect "author only, approval not required" 0 --config "$T/noreq.conf" pack verify "$T/example"
has "says not approved, not required" out "signed by author alice, a key listed in $T/noreq.conf; not approved by anyone $T/noreq.conf names as approver (not required)"
printf 'approver_keys = {"nobody.pub"}\n' >"$T/badappr.conf"
expect "missing approver key file" 2 --config "$T/badappr.conf" pack verify "$T/example"
has "approver key named with line" err "badappr.conf:1: approver_keys: 'nobody.pub': no such key file"
expect "bad role" 2 pack sign "$T/example" --key "$T/bob.key" --as boss
has "bad role named" err "pack sign: --as is author or approver, not 'boss'"
expect "public key is no signing key" 2 pack sign "$T/example" --key "$T/bob.pub"
has "public key named" err "$T/bob.pub: a public key, not a secret one"

# A MANIFEST edited by hand no longer matches the signatures.
sed -i 's/  README.md$/  README.txt/' "$T/example/MANIFEST"
mv "$T/example/README.md" "$T/example/README.txt"
expect "tampered MANIFEST refused" 1 --config "$T/both.conf" pack verify "$T/example"
has "signature fails" out "$T/example: SIGNATURES:1: the author signature by key"
has "signature failure says why" out "does not match MANIFEST (was MANIFEST changed after signing?)"

printf 'trusted_keys = {"missing.pub"}\n' >"$T/badkey.conf"
expect "missing key file" 2 --config "$T/badkey.conf" pack verify "$T/example"
has "missing key named with line" err "badkey.conf:1: trusted_keys: 'missing.pub': no such key file"
finish
