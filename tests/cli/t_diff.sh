#!/bin/sh
# pack diff over the sample region: a pack against itself, with a
# parameter set, and against an edited copy; bad --set values; and the
# database left exactly as it was after every diff.  The outcomes are
# worked out from tests/fixtures/region and rules/example/README.md:
# M001 did 3 services in 2024 (min_services is 3 from 2024) and scored
# 45 points (一般 from 40, 差 below).
. tests/cli/lib.sh

load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
expect "a stored run to keep" 0 evaluate --pack example --year 2024
runs=$(sql 'SELECT count(*) FROM run')
results=$(sql 'SELECT count(*) FROM result')
outcomes=$(sql 'SELECT count(*) FROM outcome')

# unchanged NAME: the diff stored nothing
unchanged() {
	same "$1: runs" "$(sql 'SELECT count(*) FROM run')" "$runs"
	same "$1: results" "$(sql 'SELECT count(*) FROM result')" "$results"
	same "$1: outcomes" "$(sql 'SELECT count(*) FROM outcome')" "$outcomes"
}

expect "a pack against itself" 0 pack diff example example --year 2024
has "header" out "example 1.0.0 (sha256 "
has "members compared" out "year 2024: 8 members compared"
has "no changes" out "no changes"
lacks "no sections" out "grade moves"
unchanged "itself"

expect "raise min_services" 1 pack diff example example --set min_services=4 --year 2024
has "new version names the setting" out "example 1.0.0+min_services=4"
has "no grade moves" out "grade moves: none"
has "award lost" out "award eligibility: 0 gained, 1 lost"
has "moves per unit" out "  008.001 淮安市财政局: grade moves 0, award gained 0, lost 1"
has "per requirement" out "  example.services (member): pass 2 → 1, fail 4 → 5, n/a 2, error 0"
has "unchanged requirement" out "  example.phone (member): pass 7, fail 1, n/a 0, error 0"
has "one member changes" out "members whose outcomes change: 1"
has "how to list them" out "(each with --members)"
lacks "no member lines" out "M001"
same "grades first" "$(sed -n 2p "$T/out")" "grade moves: none"
same "requirements after the moves" "$(grep -n "^requirements" "$T/out" | cut -d: -f1)" 7
unchanged "--set"

expect "--members" 1 pack diff example example --set min_services=4 --year 2024 --members
has "M001 fails services" out "M001 张三 (unit 008.001 淮安市财政局; community C001 清安社区): example.services pass → fail; grade 一般; award yes → no"
has "per unit" out "  008.001 淮安市财政局: 1"
has "per community" out "  C001 清安社区: 1"
lacks "only M001" out "M002"

expect "--set as --set=" 1 pack diff example example --set=min_services=4 --year=2024 --members
has "--set= is the same" out "example.services pass → fail"

expect "json" 1 pack diff example example --set min_services=4 --year 2024 --json
has "json old version" out '"old":{"pack":"example","version":"1.0.0",'
has "json new version" out '"new":{"pack":"example","version":"1.0.0+min_services=4",'
has "json counts" out '"members":8,"changed_members":1,"changed_orgs":0'
has "json per requirement" out '{"id":"example.services","level":"member","before":{"pass":2,"fail":4,"na":2,"error":0},"after":{"pass":1,"fail":5,"na":2,"error":0}}'
has "json award" out '"award_moves":{"gained":0,"lost":1}'
has "json grade moves" out '"grade_moves":[]'
has "json unit moves" out '"unit_moves":[{"code":"008.001","name":"淮安市财政局","grade_moves":0,"award_gained":0,"award_lost":1}]'
lacks "json members on request" out '"member_changes"'
same "json is one document" "$(wc -l <"$T/out" | tr -d ' ')" 1
unchanged "--json"

expect "json --members" 1 pack diff example example --set min_services=4 --year 2024 --json --members
has "json member" out '"member_id":"M001","name":"张三","unit":"008.001"'
has "json results" out '"old":{"score":45,"grade":"一般","stars":3,"award_eligible":true},"new":{"score":45,"grade":"一般","stars":3,"award_eligible":false}'
has "json requirement" out '"requirements":[{"id":"example.services","old":"pass","new":"fail"}]'

expect "lower min_services" 1 pack diff example example --set min_services=1 --year 2024 --members
has "M003 passes services" out "M003 王五"
has "fail to pass" out "example.services fail → pass"

expect "set a value of the wrong type" 2 pack diff example example --set min_services=abc --year 2024
has "type named" err "baodao: pack example: parameter min_services: 'abc' is not a valid int in 0..365"
expect "set a value out of range" 2 pack diff example example --set min_services=366 --year 2024
has "range named" err "'366' is not a valid int in 0..365"
expect "set an unknown parameter" 2 pack diff example example --set nosuch=1 --year 2024
has "unknown parameter" err "baodao: pack example has no parameter 'nosuch'"
expect "set without =" 2 pack diff example example --set min_services --year 2024
has "assignment form" err "--set 'min_services': expected PARAMETER=VALUE"
expect "no year" 2 pack diff example example
has "year required" err "pack diff: --year YEAR is required"
expect "one pack" 2 pack diff example --year 2024
has "two packs needed" err "pack diff: needs OLD and NEW"
expect "unknown option" 2 pack diff example example --year 2024 --bogus
has "option named" err "unknown option '--bogus'"
expect "unknown pack" 2 pack diff example nosuch --year 2024
has "pack named" err "unknown pack 'nosuch'"
expect "unknown org" 2 pack diff example example --year 2024 --org NOPE
has "org named" err "unknown org 'NOPE'"
unchanged "errors"

# An edited copy: 一般 now starts at 50, so M001's 45 points grade 差.
cp -r "$TOP/rules/example" "$T/edited"
sed -i '/^parameter grade_fair/,/^}/s/default = "40"/default = "50"/' "$T/edited/pack.conf"
expect "an edited copy" 1 pack diff example "$T/edited" --year 2024 --members
has "grade move" out "  一般 → 差: 1"
has "grade move per unit" out "  008.001 淮安市财政局: grade moves 1, award gained 0, lost 0"
has "M001's grade" out "M001 张三 (unit 008.001 淮安市财政局; community C001 清安社区): grade 一般 → 差"
lacks "no requirement changes" out "→ fail"
unchanged "edited copy"

expect "a scope without the change" 0 pack diff example example --set min_services=4 \
    --year 2024 --org 008.011
has "scope in header" out "year 2024, org 008.011: 4 members compared"
has "scope: no changes" out "no changes"
unchanged "scope"

expect "an org's outcome changes" 1 pack diff example example --set effective_rate=0.1 \
    --year 2024
has "org requirement counted" out "example.unit_effective (org): pass 0 → 1, fail 2 → 1, n/a 1, error 0"
has "org counted" out "orgs whose outcomes change: 1"
has "no member changes" out "members whose outcomes change: 0"
has "no unit moves" out "grade and award moves per unit: none"
expect "an org's outcome, --members" 1 pack diff example example --set effective_rate=0.1 \
    --year 2024 --members
has "org change" out "  008.001 淮安市财政局: example.unit_effective fail → pass"
has "no units" out "changed members per unit: none"
unchanged "org change"
expect "an org's outcome, --members --json" 1 pack diff example example --set effective_rate=0.1 \
    --year 2024 --members --json
has "the org's change in json" out '"org_changes":[{"org":"008.001","name":"淮安市财政局","requirements":[{"id":"example.unit_effective","old":"fail","new":"pass"'
has "no member changes in json" out '"member_changes":[]'

same "the stored run is the one kept" "$(sql 'SELECT pack_version FROM run')" "1.0.0"

# 60 more members without a community or any service: min_services=0
# passes them all, more than the 50 lines text lists.
{
	echo "id,name,unit"
	i=100; while [ $i -lt 160 ]; do echo "M$i,党员$i,008.011"; i=$((i + 1)); done
} >"$T/more.csv"
expect "more members" 0 import members "$T/more.csv"
expect "many changes" 1 pack diff example example --set min_services=0 --year 2024 --members
has "68 compared" out "68 members compared"
n=$(sed -n 's/^members whose outcomes change: //p' "$T/out")
same "listed lines" "$(grep -c '^  M[0-9]* ' "$T/out")" 50
has "the rest counted" out "  ... and $((n - 50)) more (all with --json)"
has "no community (M008 and the 60)" out "  - (none): 61"
expect "many changes, json" 1 pack diff example example --set min_services=0 --year 2024 --json \
    --members
same "json lists all" "$(grep -o '"member_id"' "$T/out" | wc -l | tr -d ' ')" "$n"
finish
