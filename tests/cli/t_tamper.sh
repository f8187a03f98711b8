#!/bin/sh
# A pack store that cannot be tampered with: an installed version is used
# only as it was installed; id, version and extends cannot lead out of the
# store or the pack path; a declaration a pcall caught still fails the
# load; the store is found from any working folder.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

copy() {   # copy NAME: a fresh copy of the example pack in $T/NAME
	rm -rf "$T/$1"
	cp -R "$TOP/rules/example" "$T/$1"
}

# -- the store is found through the database's folder --
mkdir -p "$T/data" "$T/elsewhere/deeper"
copy v1
"$BAODAO" pack seal "$T/v1" >/dev/null
(cd "$T/data" && "$BAODAO" --db ../db pack install "$T/v1" >"$T/out" 2>"$T/err")
same "install from another folder" "$?" 0
has "the store path is absolute" out "in $T/db.packs/example/1.0.0/example"
same "the recorded folder is absolute" "$(sql 'SELECT dir FROM installed_pack')" \
    "$T/db.packs/example/1.0.0/example"
(cd "$T/elsewhere/deeper" && "$BAODAO" --db ../../db evaluate --pack example --year 2024 \
    >"$T/out" 2>"$T/err")
same "evaluate from a third folder" "$?" 0
same "it ran the installed version" \
    "$(sql 'SELECT count(*) FROM run r JOIN installed_pack i ON i.hash = r.pack_hash')" 1
# An entry recorded relative to the folder install ran in (before the
# store was resolved through the database's folder) still works.
sql "UPDATE installed_pack SET dir = 'db.packs/example/1.0.0/example'"
(cd "$T/elsewhere" && "$BAODAO" --db "$DB" evaluate --pack example --year 2024 \
    >"$T/out" 2>"$T/err")
same "an old relative entry works from anywhere" "$?" 0
expect "and from where it was made" 0 evaluate --pack example --year 2024

# -- tampering after install --
P=$DB.packs/example/1.0.0/example
runs=$(sql 'SELECT count(*) FROM run')
rm "$P/MANIFEST"
echo '-- changed' >>"$P/rules.lua"
expect "MANIFEST deleted, rules.lua edited: refused" 2 evaluate --pack example --year 2024
has "the missing MANIFEST named" err "pack example@1.0.0: $P/MANIFEST is missing: the installed copy was changed; reinstall it"
same "nothing ran" "$(sql 'SELECT count(*) FROM run')" "$runs"
expect "report of a form refuses it too" 2 report roster --year 2024 --pack example
has "report names MANIFEST" err "MANIFEST is missing"
expect "validate refuses it too" 2 validate --pack example
has "validate names MANIFEST" err "MANIFEST is missing"
expect "import, which reads its vocabulary, refuses it too" 2 import org_events "$FIX/region/org_events.csv"
has "import names MANIFEST" err "MANIFEST is missing"
expect "diff refuses it too" 2 pack diff example example@1.0.0 --year 2024
has "diff names MANIFEST" err "MANIFEST is missing"

# Resealed after the edit: the MANIFEST in the store matches, the one
# recorded at install does not.
"$BAODAO" pack seal "$P" >/dev/null
expect "edited and resealed: refused" 2 evaluate --pack example --year 2024
has "the edited file named" err "pack example@1.0.0: rules.lua changed since it was installed (in $P); reinstall it"
same "still nothing ran" "$(sql 'SELECT count(*) FROM run')" "$runs"
# A version recorded without its MANIFEST (installed by an earlier
# release): the hash recorded then still catches it.
saved=$(sql "SELECT manifest FROM installed_pack")
sql "UPDATE installed_pack SET manifest = NULL"
expect "edited, resealed, no MANIFEST recorded: refused" 2 evaluate --pack example --year 2024
has "the files the hash covers named" err "pack example@1.0.0: its files (pack.conf, facts.lua, rules.lua) changed since it was installed"
same "nothing ran by it" "$(sql 'SELECT count(*) FROM run')" "$runs"
sql "UPDATE installed_pack SET manifest = '$saved
'"

# A file added, and one removed, are named too.
cp "$T/v1/rules.lua" "$P/rules.lua"
"$BAODAO" pack seal "$P" >/dev/null
expect "restored: accepted again" 0 evaluate --pack example --year 2024
echo 'return {}' >"$P/tests/extra.lua"
expect "a file added: refused" 2 evaluate --pack example --year 2024
has "the added file named" err "tests/extra.lua was added since it was installed"
rm "$P/tests/extra.lua"
mv "$P/README.md" "$T/README.md.saved"
"$BAODAO" pack seal "$P" >/dev/null
expect "a file removed and resealed: refused" 2 evaluate --pack example --year 2024
has "the removed file named" err "README.md was removed since it was installed"
mv "$T/README.md.saved" "$P/README.md"
"$BAODAO" pack seal "$P" >/dev/null
expect "restored again" 0 evaluate --pack example --year 2024
# Named by its folder, an installed copy would skip these checks.
echo '-- changed' >>"$P/rules.lua"
"$BAODAO" pack seal "$P" >/dev/null
expect "the store's folder as --pack: refused" 2 evaluate --pack "$P" --year 2024
has "says how to name it" err "$P is inside the pack store; name an installed version as ID@VERSION"
expect "through a relative path too" 2 evaluate --pack "../$(basename "$T")/db.packs/example/1.0.0/example" --year 2024
same "nothing ran through the folder" "$(sql 'SELECT count(*) FROM run')" "$((runs + 2))"
expect "remove it" 0 pack remove example --yes

# -- id, version and extends cannot step out --
copy bad
sed -i "s|^version  = .*|version  = \"../../../../../../tmp/bd-out-$$\"|" "$T/bad/pack.conf"
"$BAODAO" pack seal "$T/bad" >/dev/null
expect "a version with .. refused" 2 pack install "$T/bad"
has "the version key named" err "$T/bad/pack.conf: version '../../../../../../tmp/bd-out-$$' must start with a letter or digit"
same "nothing written outside" "$(ls -d /tmp/bd-out-$$* 2>/dev/null | wc -l)" 0
copy bad
sed -i 's|^version  = .*|version  = "1.0/x"|' "$T/bad/pack.conf"
expect "a version with / refused" 2 pack info "$T/bad"
has "the slash named" err "version '1.0/x' must start"
copy bad
sed -i 's|^id       = .*|id       = "../x"|' "$T/bad/pack.conf"
expect "an id with .. refused" 2 pack info "$T/bad"
has "the id named" err "id '../x' must be lower-case letters, digits and _"
copy bad
mkdir "$T/outside" && cp -R "$TOP/rules/example" "$T/outside/target"
sed -i "s|^version  = .*|version  = \"1.0.0\"\nextends = \"../outside/target\"|" "$T/bad/pack.conf"
expect "extends with a path refused" 2 pack info "$T/bad"
has "the extends key named" err "extends '../outside/target' must be a pack id"
# A sibling folder that is a link out of the pack's folder is not taken.
mkdir "$T/region" && copy child && mv "$T/child" "$T/region/child"
ln -s "$T/outside/target" "$T/region/target"
sed -i "s|^version  = .*|version  = \"1.0.0\"\nextends = \"target\"|" "$T/region/child/pack.conf"
expect "extends through a link refused" 2 pack info "$T/region/child"
has "the link not followed" err "pack example extends 'target', which is not installed"

# A version recorded before versions were checked: remove leaves the
# outside folder alone and drops the record.
mkdir -p "$T/victim/keep"
sql "INSERT INTO installed_pack (id, version, hash, dir, installed) VALUES ('example', '../../victim', '$(printf '%064d' 0)', 'x', 'now')"
expect "remove an old traversing record" 0 pack remove example --yes
has "it says it left the folder alone" err "not inside the pack store"
same "the outside folder is still there" "$(test -d "$T/victim/keep" && echo yes)" yes
same "the record went" "$(sql 'SELECT count(*) FROM installed_pack')" 0

# -- a declaration a pcall caught still fails the load --
copy half
printf 'local ok = pcall(function() requirement "half.bad" {} end)\n' >>"$T/half/rules.lua"
expect "pcall'ed bad requirement: load fails" 2 pack info "$T/half"
has "with the declaration's message and line" err "pack example: rules.lua:"
has "the declaration named" err "requirement 'half.bad': title must be a non-empty string"
expect "evaluate refuses it" 2 evaluate --pack "$T/half" --year 2024
has "evaluate names it" err "requirement 'half.bad'"
copy half
printf 'pcall(form "f", { title = "t", clause = "c", rows = "member", columns = { {"a", "nosuchfield"} } })\n' >>"$T/half/rules.lua"
expect "pcall'ed bad form: load fails" 2 pack info "$T/half"
has "the form named" err "form 'f': column 'a': member has no field 'nosuchfield'"
copy half
printf 'pcall(check "c", { record = "member", title = "t" })\n' >>"$T/half/rules.lua"
expect "pcall'ed bad check: load fails" 2 pack test "$T/half"
has "the check named" err "check 'c': clause must be a non-empty string"
copy half
printf 'pcall(fact "x", { count = "sheep" })\n' >>"$T/half/rules.lua"
expect "pcall'ed bad fact: load fails" 2 pack info "$T/half"
has "the fact named" err "fact 'x': unknown record kind 'sheep'"
copy half
printf 'pcall(stars, { bands = { {"9", 0} }, override = true })\n' >>"$T/half/rules.lua"
expect "pcall'ed bad stars: load fails" 2 pack info "$T/half"
has "the stars named" err "stars bands are named 0 to 5, not '9'"
# A pack.conf never reads the environment: libconfuse would put $HOME (or
# any variable) into a parameter, so the same pack would judge differently
# for each user.
mkdir -p "$T/envp"
printf 'id = "envp"\nname = "envp"\nversion = "1"\nissuer = "${HOME}"\n' >"$T/envp/pack.conf"
printf 'requirement "envp.x" { title = "x", clause = "c", check = function() return true end }\n' \
	>"$T/envp/rules.lua"
expect "\${VAR} in pack.conf refused" 2 pack info "$T/envp"
has "the line named" err "envp/pack.conf:4: '\${' is not allowed"
lacks "the environment never shows" out "$HOME"
finish
