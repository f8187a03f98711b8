#!/bin/sh
# Versions that supersede: the policy officer's revision of changji from
# 2025-01-01 (pack new-version, edit, seal, sign, install), the older
# version closed the day before and kept, each year evaluated by the
# version in force; overlaps refused with the command that resolves them;
# removing the version in force only with --yes; an explicit version
# outside its dates only with --force, and the run marked.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
printf 'pack_path = {"%s/rules"}\n' "$TOP" >"$T/p.conf"
bd() { expect "$@"; }
C="--config $T/p.conf"
# The installation's policy: an author and an approver, both required.
"$BAODAO" pack keygen "$T/author" >/dev/null && "$BAODAO" pack keygen "$T/approver" >/dev/null
printf 'pack_path = {"%s/rules"}\ntrusted_keys = {"author.pub"}\napprover_keys = {"approver.pub"}\nrequire_approver = true\nallow_unsigned_packs = false\n' "$TOP" >"$T/strict.conf"
S="--config $T/strict.conf"

cp -R "$TOP/rules/changji" "$T/changji"
"$BAODAO" $C --db "$DB" pack seal "$T/changji" >/dev/null
"$BAODAO" pack sign "$T/changji" --key "$T/author.key" >/dev/null
"$BAODAO" pack sign "$T/changji" --key "$T/approver.key" --as approver >/dev/null
bd "install 1.0.0" 0 $S pack install "$T/changji"

# -- new-version: an editable copy of the version in force --
bd "new-version" 0 $C pack new-version changji --from 2025-01-01
has "says what it made" out "./changji-1.1.0: changji 1.1.0, an editable copy of changji 1.0.0 (installed), in force from 2025-01-01"
has "says the next commands" out "baodao pack seal ./changji-1.1.0"
has "and install" out "baodao pack install ./changji-1.1.0"
N=$T/changji-1.1.0
same "MANIFEST dropped" "$(test -e "$N/MANIFEST" && echo yes || echo no)" no
same "SIGNATURES dropped" "$(test -e "$N/SIGNATURES" && echo yes || echo no)" no
same "version bumped" "$(grep '^version' "$N/pack.conf")" 'version = "1.1.0"'
same "effective_from set" "$(grep '^effective_from' "$N/pack.conf")" 'effective_from = "2025-01-01"'
same "CHANGELOG entry started" "$(head -1 "$N/CHANGELOG" | sed 's/ (.*)//')" "changji 1.1.0 — in force from 2025-01-01, from changji 1.0.0"
bd "the copy lints clean" 0 $C pack lint ./changji-1.1.0
bd "new-version never overwrites" 2 $C pack new-version changji --from 2025-01-01
has "names the folder" err "./changji-1.1.0 already exists; name another folder with --to"
bd "new-version needs a date" 2 $C pack new-version changji --from 2025-13-01

# -- baodao-rules(7), WORKED EXAMPLE: A REVISION OF A NOTICE, step by step --
# Step 2: the dated value before the parameter's closing brace.
awk '/^parameter min_residence_services/ { p = 1 }
	p && /^}/ { print "\tsince \"2025-01-01\" {\n\t\tvalue = \"5\"\n\t}"; p = 0 }
	{ print }' "$N/pack.conf" >"$T/pack.conf.new" && mv "$T/pack.conf.new" "$N/pack.conf"
sed -i '1a\	- 二(二)6: at least 5 services in the residence community from 2025-01-01' "$N/CHANGELOG"
# Step 3: the test cases, as the manual prints them.
sed -n '/^local ORGS = {$/,/^\.fi$/p' "$TOP/doc/baodao-rules.7" | sed '$d; s/\\-/-/g' >"$N/tests/revision_2025.lua"
same "the manual's cases copied" "$(grep -c '^case ' "$N/tests/revision_2025.lua")" 2
bd "pack test of the copy" 0 $C pack test ./changji-1.1.0
has "the new cases pass" out "76 passed, 0 failed"
bd "pack lint of the copy" 0 $C pack lint ./changji-1.1.0
bd "pack diff on the database" 0 $C pack diff changji ./changji-1.1.0 --year 2025
has "diff compares 1.0.0 with the copy" out "changji 1.0.0"
# Step 4: seal, sign as author; refused until the approver signs.
bd "seal" 0 $C pack seal ./changji-1.1.0
bd "sign as author" 0 $C pack sign ./changji-1.1.0 --key "$T/author.key"
bd "author only: refused" 2 $S pack install ./changji-1.1.0
has "not approved" err "not approved: $T/strict.conf sets require_approver = true, and no key of approver_keys signed it as approver (signed by author author)"
same "nothing installed by it" "$(sql 'SELECT count(*) FROM installed_pack')" 1
bd "sign as approver" 0 $C pack sign ./changji-1.1.0 --key "$T/approver.key" --as approver
bd "verify" 0 $S pack verify ./changji-1.1.0
has "verify explains" out "signed by author author and approved by approver, keys listed in $T/strict.conf"
bd "install 1.1.0" 0 $S pack install ./changji-1.1.0
has "the older one closed" out "changji 1.0.0 closed on 2024-12-31 (in force 2023-01-01..2024-12-31); changji 1.1.0 takes over from 2025-01-01; both stay installed"
same "closed in the database" "$(sql "SELECT effective_to FROM installed_pack WHERE version = '1.0.0'")" 2024-12-31
same "both kept" "$(sql 'SELECT count(*) FROM installed_pack WHERE active = 1')" 2
# Step 5: each year by the version in force for it.
bd "evaluate 2024" 0 $S evaluate --pack changji --year 2024 --quiet
same "2024 by 1.0.0" "$(sql 'SELECT pack_version FROM run ORDER BY id DESC LIMIT 1')" 1.0.0
bd "evaluate 2025" 0 $S evaluate --pack changji --year 2025 --quiet
same "2025 by 1.1.0" "$(sql 'SELECT pack_version FROM run ORDER BY id DESC LIMIT 1')" 1.1.0
member=$(sql 'SELECT code FROM member ORDER BY id LIMIT 1')
bd "explain 2024" 0 $S explain "$member" --pack changji --year 2024 --json
has "four services in 2024" out '"id":"changji.residence_services_4","status"'
grep -o '"id":"changji.residence_services_4"[^}]*' "$T/out" | grep -q '"target":4' && ok || notok "2024 target 4" "$(cat "$T/out")"
bd "explain 2025" 0 $S explain "$member" --pack changji --year 2025 --json
grep -o '"id":"changji.residence_services_4"[^}]*' "$T/out" | grep -q '"target":5' && ok || notok "2025 target 5" "$(cat "$T/out")"

# -- an explicit version outside its dates: --force, and the run marked --
bd "1.1.0 for 2024 refused" 2 $C evaluate --pack changji@1.1.0 --year 2024
has "says --force" err "changji@1.1.0 is in force 2025-01-01..-, not in 2024: 'evaluate --pack changji --year 2024' uses the version in force then; add --force"
bd "with --force" 0 $C evaluate --pack changji@1.1.0 --year 2024 --force --quiet
same "the run marked" "$(sql 'SELECT forced FROM run ORDER BY id DESC LIMIT 1')" 1
same "the others not" "$(sql 'SELECT sum(forced) FROM run')" 1
bd "runs" 0 $C runs --pack changji
grep -q "^$(sql 'SELECT max(id) FROM run') .*1\.1\.0 .*2024 .*forced" "$T/out" && ok || notok "runs shows forced" "$(cat "$T/out")"
member=$(sql 'SELECT code FROM member ORDER BY id LIMIT 1')
bd "explain" 0 $C explain "$member" --pack changji --year 2024
has "explain shows forced" out "forced: changji 1.1.0 is not the version in force in 2024 (evaluate --force)"
bd "explain --json" 0 $C explain "$member" --pack changji --year 2024 --json
has "json says forced" out '"forced":true'
bd "an explicit version in its dates needs no --force" 0 $C evaluate --pack changji@1.0.0 --year 2024 --quiet
same "not marked" "$(sql 'SELECT forced FROM run ORDER BY id DESC LIMIT 1')" 0

# -- ID@VERSION in every pack command; ID is the version in force --
bd "info ID" 0 $C pack info changji
has "info shows the installed version in force" out "changji 1.1.0"
has "from the store" out "db.packs/changji/1.1.0/changji"
bd "info ID@VERSION" 0 $C pack info changji@1.0.0
has "info of 1.0.0" out "db.packs/changji/1.0.0/changji"
bd "info of the development copy by path" 0 $C pack info "$TOP/rules/changji"
has "the development copy" out "$TOP/rules/changji"
bd "verify ID" 0 $C pack verify changji
has "verify shows the version in force" out "changji 1.1.0: sealed"
bd "verify ID@VERSION" 0 $C pack verify changji@1.0.0
has "verify of 1.0.0" out "changji 1.0.0: sealed"
bd "test ID@VERSION" 0 $C pack test changji@1.0.0
bd "lint ID@VERSION" 0 $C pack lint changji@1.0.0
bd "diff ID@VERSION" 0 $C pack diff changji@1.0.0 changji@1.1.0 --year 2025
bd "explain ID@VERSION" 0 $C explain "$member" --pack changji@1.0.0 --year 2024
has "the run of 1.0.0" out "changji 1.0.0, 2024"
bd "report ID@VERSION" 0 $C report results --pack changji@1.0.0 --year 2024
bd "unknown version named" 2 $C pack info changji@9.9
has "no such version" err "pack changji has no installed version 9.9"

# -- an overlap that closing cannot resolve --
bd "new-version from an earlier day" 0 $C pack new-version changji --from 2024-06-01 --to early
sed -i 's/^version = .*/version = "1.0.1"/' "$T/early/pack.conf"
"$BAODAO" $C --db "$DB" pack seal ./early >/dev/null
bd "overlap refused" 2 $C pack install ./early
has "with the command" err "run 'baodao pack remove changji@1.1.0 --yes' and install again"
same "nothing installed by it" "$(sql 'SELECT count(*) FROM installed_pack')" 2
same "nothing closed by it" "$(sql "SELECT effective_to FROM installed_pack WHERE version = '1.0.0'")" 2024-12-31

# -- a date no installed version covers: the development copy, said so --
bd "new-version before any installed version" 0 $C pack new-version changji --from 2022-01-01 --to dev2022
has "says the development copy" err "no installed version of pack changji is in force in 2022 (see 'baodao pack list') (copying the development copy $TOP/rules/changji instead)"
has "made from it" out "an editable copy of changji 1.0.0 (development copy), in force from 2022-01-01"

# -- rollback: 1.1.0 steps back, 1.0.0 reopened to its own end --
bd "rollback" 0 $C pack rollback changji
has "rollback says so" out "changji: 1.1.0 rolled back; 1.0.0 is in force again"
same "1.0.0 reopened" "$(sql "SELECT effective_to FROM installed_pack WHERE version = '1.0.0'")" ""
bd "2025 by 1.0.0 again" 0 $S evaluate --pack changji --year 2025 --quiet
same "2025 run by 1.0.0" "$(sql 'SELECT pack_version FROM run ORDER BY id DESC LIMIT 1')" 1.0.0

# -- removing the version in force --
bd "remove without --yes refused" 2 $C pack remove changji@1.0.0
has "names what would be in force" err "changji@1.0.0 is the version in force in $(date -u +%Y); removing it leaves the development copy $TOP/rules/changji"
has "says how" err "run 'baodao pack remove changji@1.0.0 --yes'"
same "still installed" "$(sql 'SELECT count(*) FROM installed_pack')" 2
bd "remove one not in force needs no --yes" 0 $C pack remove changji@1.1.0
bd "remove with --yes" 0 $C pack remove changji@1.0.0 --yes
has "says what is in force now" out "in force in $(date -u +%Y) now: the development copy $TOP/rules/changji"
same "nothing installed" "$(sql 'SELECT count(*) FROM installed_pack')" 0
finish
