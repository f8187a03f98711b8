#!/bin/sh
# The sample region end to end with the example pack: import, evaluate,
# explain, report; the outcomes asserted are worked out by hand from
# tests/fixtures/region and rules/example/README.md.
. tests/cli/lib.sh

expect "init" 0 init
n=$(ls "$TOP"/schema/*.sql | wc -l)
v=$(ls "$TOP"/schema/*.sql | sed -n '$s|.*/0*\([0-9]*\)_.*|\1|p')
has "init says the version" out "schema version $v ($n migrations applied)"
expect "init again is a no-op" 0 init
has "init again applied nothing" out "0 migrations applied"
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches; do
	expect "import $k" 0 import "$k" "$FIX/region/$k.csv"
done
same "members imported" "$(sql 'SELECT count(*) FROM member')" 8
same "activities imported" "$(sql 'SELECT count(*) FROM activity')" 13
same "7:59 stored as minutes" "$(sql "SELECT minutes FROM activity a JOIN member m ON m.id = a.member_id WHERE m.code = 'M003' AND date = '2024-11-16'")" 239
same "Chinese birth 1980.05" "$(sql "SELECT birth FROM member WHERE code = 'M001'")" 1980-05
same "wish states" "$(sql 'SELECT count(*) FROM wish_state')" 9
same "db file is 0600" "$(stat -c %a "$DB")" 600

expect "re-import activities" 0 import activities "$FIX/region/activities.csv"
has "re-import changes nothing" out "0 inserted, 0 updated, 13 unchanged"
same "one audit row per changing import" "$(sql "SELECT count(*) FROM audit WHERE tbl = 'activities'")" 1

expect "evaluate" 0 evaluate --pack example --year 2024
has "evaluate counts members" out "8 members, 3 orgs"
same "run finished" "$(sql 'SELECT status FROM run')" finished

Y=2024
explain() { run explain "$1" --pack example --year "$Y" --json; }
status() {  # status MEMBER REQ -> the requirement's status from explain --json
	explain "$1"
	tr '{' '\n' <"$T/out" | grep "\"id\":\"$2\"" | sed 's/.*"status":"\([^"]*\)".*/\1/'
}
field() {   # field MEMBER REQ KEY -> a value from explain --json
	explain "$1"
	tr '{' '\n' <"$T/out" | grep "\"id\":\"$2\"" | sed "s/.*\"$3\":\\([^,]*\\),.*/\\1/"
}

same "M001 services pass (3 of 3)" "$(status M001 example.services)" pass
same "M001 services value" "$(field M001 example.services value)" 3
same "M001 report pass" "$(status M001 example.report)" pass
same "M002 registered a day late" "$(status M002 example.report)" fail
same "M002 8 h exactly passes" "$(status M002 example.services)" pass
same "M002 bad phone" "$(status M002 example.phone)" fail
same "M003 registered on the deadline" "$(status M003 example.report)" pass
same "M003 7 h 59 min fails" "$(status M003 example.services)" fail
same "M004 retired: report n/a" "$(status M004 example.report)" n/a
same "M004 retired: services n/a" "$(status M004 example.services)" n/a
same "M005 exempt: services n/a" "$(status M005 example.services)" n/a
same "M005 breach fails discipline" "$(status M005 example.discipline)" fail
same "M006 a month without a visit" "$(status M006 example.pairing)" fail
same "M006 one month unvisited" "$(field M006 example.pairing value)" 1
same "M007 visited every month" "$(status M007 example.pairing)" pass
same "M001 no pairing: n/a" "$(status M001 example.pairing)" n/a
same "M008 never registered" "$(status M008 example.report)" fail
same "M008 unverified record does not count" "$(status M008 example.services)" fail

explain M001
has "json member id" out '"member_id":"M001"'
has "json pack version" out '"pack":"example","pack_version":"1.0.0"'
has "json score" out '"score":45'
has "json grade" out '"grade":"一般"'
has "json stars" out '"stars":3'
has "json award" out '"award_eligible":true'
has "json clause" out '"clause":"example README §1"'
explain M005
has "breach caps grade" out '"grade":"差"'
has "breach loses award" out '"award_eligible":false'

explain M002
has "json: the facts a rule read" out '"facts":{"services":2,"hours":8}'
expect "explain text" 0 explain M002 --pack example --year 2024
has "text: the facts a rule read" out "read services 2, hours 8"
has "text: the deadline rule read the registration" out "read first_registration 2024-09-21"
expect "explain text" 0 explain M001 --pack example --year 2024
has "text next band" out "45 points; 好 needs 80"
has "text clause" out "clause example README §2"
expect "explain unknown member" 2 explain M999 --pack example --year 2024
has "unknown member named" err "unknown member 'M999'"
expect "explain without a run" 2 explain M001 --pack example --year 2023
has "no run hint" err "run 'baodao evaluate --pack example --year 2023' first"

expect "explain org" 0 explain --org 008.001 --pack example --year 2024 --json
has "org rate 2 of 4" out '"id":"example.unit_effective","status":"fail","value":0.5,"target":0.8'
has "org good deed" out '"id":"example.unit_good_deeds","status":"pass"'
expect "explain branch" 0 explain --org 008.001.01 --pack example --year 2024 --json
has "branch: unit rule n/a" out '"id":"example.unit_effective","status":"n/a"'

expect "report csv" 0 report results --pack example --year 2024 --format csv -o "$T/r.csv"
same "report rows" "$(wc -l <"$T/r.csv")" 9
same "report 0600" "$(stat -c %a "$T/r.csv")" 600
head -n 1 "$T/r.csv" >"$T/out"
has "csv header" out "党员编号,姓名,单位,社区,积分,等次,星级,评优资格,example.report"
has "statuses in Chinese whatever the locale" r.csv ",达到"
LANG=zh_CN.UTF-8 "$BAODAO" --db "$DB" report results --pack example --year 2024 --lang en >"$T/out"
has "--lang en over a Chinese locale" out "member_id,name,unit,community,score,grade,stars,award_eligible,example.report"
has "English statuses" out ",pass"
expect "report md" 0 report results --pack example --year 2024 --format md
has "md table" out "| M001 | 张三 |"
expect "report json" 0 report results --pack example --year 2024 --format json --org C002
has "json scoped to C002" out '"member_id":"M003"'
lacks "json scope excludes C001" out '"member_id":"M001"'

# Determinism: a second run, with several workers, gives the same answers.
expect "evaluate with 3 jobs" 0 evaluate --pack example --year 2024 --jobs 3
run report results --pack example --year 2024 --format json
cp "$T/out" "$T/second.json"
"$BAODAO" --db "$DB" evaluate --pack example --year 2024 --jobs 1 >/dev/null
run report results --pack example --year 2024 --format json
if cmp -s "$T/out" "$T/second.json"; then ok; else notok "jobs 1 and 3 agree" "reports differ"; fi

# 2023: the dated parameter gives min_services 2, not 3.
expect "evaluate 2023" 0 evaluate --pack example --year 2023
Y=2023
explain M001
has "2023: the dated parameter's old value" out "要求 2 次"
same "2023: nothing done yet" "$(status M001 example.services)" fail
Y=2024

# A run scoped to one community does not hide members it left out.
expect "evaluate scoped" 0 evaluate --pack example --year 2024 --org C002
has "scoped run counts its residents" out "3 members, 0 orgs"
same "M001 still explained from the full run" "$(status M001 example.services)" pass
expect "report of an unknown org" 2 report results --pack example --year 2024 --org NOPE
has "unknown org named" err "unknown org 'NOPE'"
expect "report text format refused" 2 report results --pack example --year 2024 --format text

expect "bad year" 2 evaluate --pack example --year 20x4
has "bad year named" err "bad year '20x4'"
expect "unknown pack" 2 evaluate --pack nosuch --year 2024
has "unknown pack named" err "unknown pack 'nosuch'"
expect "unknown command" 2 frobnicate
expect "unknown option" 2 evaluate --pack example --year 2024 --fast
has "unknown option named" err "unknown option '--fast'"
finish
