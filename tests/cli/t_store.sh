#!/bin/sh
# Installed packs: sealed only, built before they land, versions chosen by
# their effective dates, rollback and remove; a failed install changes
# nothing.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

copy() {   # copy NAME VERSION FROM TO: a copy of the example pack
	rm -rf "$T/$1"
	cp -R "$TOP/rules/example" "$T/$1"
	sed -i "s/^version  = .*/version  = \"$2\"/; s/^effective_from = .*/effective_from = \"$3\"/; s/^effective_to   = .*/effective_to   = \"$4\"/" "$T/$1/pack.conf"
}

copy v1 1.0.0 2014-01-01 2024-12-31
expect "unsealed pack refused" 2 pack install "$T/v1"
has "unsealed named" err "pack example is not sealed; run 'baodao pack seal"
expect "seal" 0 pack seal "$T/v1"
expect "install v1" 0 pack install "$T/v1"
has "install says where" out "installed example 1.0.0 (in force 2014-01-01..2024-12-31)"
expect "list" 0 pack list
has "list shows the version" out "2014-01-01..2024-12-31"
has "list shows it active" out "active"

copy v2 2.0.0 2010-06-01 ""
"$BAODAO" --db "$DB" pack seal "$T/v2" >/dev/null
expect "overlapping version refused" 2 pack install "$T/v2"
has "overlap named" err "overlaps the installed version 1.0.0 (2014-01-01..2024-12-31)"
has "overlap says the command" err "run 'baodao pack remove example@1.0.0 --yes' and install again"
same "nothing installed by the refused one" "$(sql 'SELECT count(*) FROM installed_pack')" 1

# A version whose own tests fail is not installed.
copy v2 2.0.0 2025-01-01 ""
sed -i 's/^\tdefault = "8"/\tdefault = "6"/' "$T/v2/pack.conf"
"$BAODAO" --db "$DB" pack seal "$T/v2" >/dev/null
expect "failing pack test blocks install" 1 pack install "$T/v2"
has "failing case shown" err "expected fail, got pass"
has "install refused" err "test cases failed; not installed"
same "nothing installed by the failing one" "$(sql 'SELECT count(*) FROM installed_pack')" 1

copy v2 2.0.0 2025-01-01 ""
sed -i 's/^name     = .*/name     = "示例规则包 第二版"/' "$T/v2/pack.conf"
"$BAODAO" --db "$DB" pack seal "$T/v2" >/dev/null
expect "install v2" 0 pack install "$T/v2"
expect "2024 uses v1" 0 evaluate --pack example --year 2024
same "run of 2024 by 1.0.0" "$(sql 'SELECT pack_version FROM run ORDER BY id DESC LIMIT 1')" 1.0.0
same "run hash is the installed one" "$(sql "SELECT count(*) FROM run r JOIN installed_pack i ON i.hash = r.pack_hash WHERE r.id = (SELECT max(id) FROM run) AND i.version = '1.0.0'")" 1
expect "2025 uses v2" 0 evaluate --pack example --year 2025
same "run of 2025 by 2.0.0" "$(sql 'SELECT pack_version FROM run ORDER BY id DESC LIMIT 1')" 2.0.0
expect "ID@VERSION outside its dates refused" 2 evaluate --pack example@1.0.0 --year 2025
has "says --force" err "example@1.0.0 is in force 2014-01-01..2024-12-31, not in 2025: 'evaluate --pack example --year 2025' uses the version in force then; add --force"
expect "ID@VERSION chooses with --force" 0 evaluate --pack example@1.0.0 --year 2025 --force
same "explicit version used" "$(sql 'SELECT pack_version FROM run ORDER BY id DESC LIMIT 1')" 1.0.0
same "the run marked forced" "$(sql 'SELECT forced FROM run ORDER BY id DESC LIMIT 1')" 1
expect "unknown version" 2 evaluate --pack example@9.9 --year 2025
has "unknown version named" err "pack example has no installed version 9.9"

# A pack whose Lua does not build is never installed.
copy bad 3.0.0 2030-01-01 ""
echo 'requirement "example.broken" { title = "x" }' >>"$T/bad/rules.lua"
"$BAODAO" --db "$DB" pack seal "$T/bad" >/dev/null
expect "broken pack refused" 2 pack install "$T/bad"
has "broken pack error names the rule" err "requirement 'example.broken': clause must be a non-empty string"
same "broken pack not recorded" "$(sql "SELECT count(*) FROM installed_pack WHERE version = '3.0.0'")" 0
same "broken pack not in the store" "$(test -e "$DB.packs/example/3.0.0" && echo yes || echo no)" no

expect "rollback" 0 pack rollback example
has "rollback says which" out "2.0.0 rolled back; 1.0.0 is in force again"
expect "2025 has no version in force now" 2 evaluate --pack example --year 2025
has "no version in force named" err "no installed version of pack example is in force in 2025"
expect "rollback with nothing before" 2 pack rollback example
expect "remove one version" 0 pack remove example@2.0.0
same "removed from the store" "$(test -e "$DB.packs/example/2.0.0" && echo yes || echo no)" no
expect "remove all" 0 pack remove example
same "nothing installed" "$(sql 'SELECT count(*) FROM installed_pack')" 0
expect "remove what is not there" 2 pack remove example
expect "development copy used again" 0 evaluate --pack example --year 2025
finish
