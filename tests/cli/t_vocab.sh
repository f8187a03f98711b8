#!/bin/sh
# Vocabularies belong to packs: the kinds of org_events and member_events
# are the words the packs declare.  A pack under tests/ brings new kinds;
# records of them import and its rules count them, with no change to the
# core and no migration.  A kind no pack declares is refused, naming the
# words that are accepted, and nothing is written.  import --help lists
# every kind from the record-kind table.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

expect "import --help" 0 import --help
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches member_events; do
	if grep -q "^  $k  *[^ ]" "$T/out"; then ok; else notok "help lists $k" "$(cat "$T/out")"; fi
done

# Nothing installed: the words of the packs in the pack path (rules/).
printf 'member,date,kind\nM001,2024-03-12,tree_planting\n' >"$T/trees.csv"
expect "an undeclared kind is refused" 2 import member_events "$T/trees.csv"
has "refusal names file, row, column and the words" err \
    "trees.csv:2:kind: unknown kind 'tree_planting'; accepted: feedback_sealed, retire_notice, unit_change (declared by the packs in the pack path)"
has "nothing imported" err "1 row rejected; nothing imported"
same "nothing written" "$(sql 'SELECT count(*) FROM member_event')" 0
LANG=zh_CN.UTF-8 LC_ALL= "$BAODAO" --db "$DB" import member_events "$T/trees.csv" \
    >"$T/out" 2>"$T/err"
has "Chinese refusal" err "trees.csv:2:kind: kind 'tree_planting' 不在规则包声明的词表中；可用：feedback_sealed, retire_notice, unit_change（规则包路径中的规则包声明）"

# Installed: the pack's own words, and only the installed packs' words.
cp -R "$FIX/packs/newkind" "$T/newkind"
expect "seal the new pack" 0 pack seal "$T/newkind"
expect "install it (its tests import its words)" 0 pack install "$T/newkind"
printf '党员编号,日期,事项\nM001,2024-03-12,tree_planting\nM004,2024-04-01,植树\n' >"$T/trees.csv"
expect "its member events import" 0 import member_events "$T/trees.csv"
has "two inserted" out "2 inserted"
same "kinds stored as declared" "$(sql "SELECT group_concat(kind) FROM (SELECT kind FROM member_event ORDER BY date)")" "tree_planting,tree_planting"
printf 'org,date,kind\n008.001.01,2024-10-01,升旗仪式\n' >"$T/flags.csv"
expect "its org events import" 0 import org_events "$T/flags.csv"
printf 'org,date,kind\n008.001.01,2024-10-02,flag_raising\n008.001,2024-10-03,good_deed\n' >"$T/deeds.csv"
expect "a kind only uninstalled packs declare is refused" 2 import org_events "$T/deeds.csv"
has "refusal names the installed words" err \
    "deeds.csv:3:kind: unknown kind 'good_deed'; accepted: flag_raising (declared by installed packs)"
same "nothing of that file written" "$(sql "SELECT count(*) FROM org_event WHERE date >= '2024-10-02'")" 0

expect "evaluate the new pack" 0 evaluate --pack newkind --year 2024
explain() { run explain "$@" --pack newkind --year 2024 --json; }
explain M001
has "a member with a tree passes" out '"id":"newkind.planted","status":"pass"'
explain M002
has "a member without one fails" out '"id":"newkind.planted","status":"fail"'
explain --org 008.001.01
has "the branch that raised the flag passes" out '"id":"newkind.flag","status":"pass"'
finish
