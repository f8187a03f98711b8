#!/bin/sh
# The 三单制 wish workflow: one state per call, none skipped, none
# repeated, none dated before the state it follows.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
expect "order" 0 wish order W100 --community C001 --resident 王奶奶 --content 修水管 --date 2024-05-01
has "order says so" out "W100: ordered on 2024-05-01"
expect "order twice" 2 wish order W100 --community C001 --date 2024-05-01
has "twice named" err "wish W100 already exists"
expect "take before dispatch" 2 wish take W100 --member M001 --date 2024-05-02
has "skip refused" err "wish W100 is ordered; it must be dispatched before it can be taken"
expect "dispatch by a unit" 2 wish dispatch W100 --branch 008.001 --date 2024-05-02
has "not a branch" err "'008.001' is a unit, not a branch"
expect "dispatch before ordered" 2 wish dispatch W100 --branch 008.001.01 --date 2024-04-30
has "date before refused" err "2024-04-30 is before it was ordered (2024-05-01)"
expect "dispatch" 0 wish dispatch W100 --branch 008.001.01 --date 2024-05-02
expect "dispatch again" 2 wish dispatch W100 --branch 008.001.01 --date 2024-05-03
has "repeat refused" err "wish W100 is already dispatched"
expect "take by nobody" 2 wish take W100 --member M999 --date 2024-05-03
has "unknown member" err "unknown member 'M999'"
expect "take" 0 wish take W100 --member M001 --date 2024-05-03
expect "rate before done" 2 wish rate W100 --rating 优 --date 2024-05-04
expect "done" 0 wish done W100 --date 2024-05-04
expect "bad rating" 2 wish rate W100 --rating 很好 --date 2024-05-05
expect "rate" 0 wish rate W100 --rating 优秀 --date 2024-05-05
expect "show" 0 wish show W100
has "show lists the taker" out "M001 张三"
has "show lists the rating" out "优"
same "five states" "$(sql "SELECT count(*) FROM wish_state s JOIN wish w ON w.id = s.wish_id WHERE w.code = 'W100'")" 5
same "audited" "$(sql "SELECT count(*) FROM audit WHERE action = 'wish'")" 5
expect "unknown wish" 2 wish done W999 --date 2024-05-04
expect "bad date" 2 wish done W100 --date 2024-13-01
expect "no verb" 2 wish
expect "the wish counts for M001" 0 evaluate --pack example --year 2024
# No state dated after today: today passes, tomorrow fails.
today=$(date +%F) tomorrow=$(date -d tomorrow +%F)
expect "ordered today" 0 wish order W101 --community C002 --date "$today"
expect "ordered tomorrow" 2 wish order W102 --community C002 --date "$tomorrow"
has "future named" err "wish W102: $tomorrow is after today ($today)"
same "nothing recorded for tomorrow" "$(sql "SELECT count(*) FROM wish WHERE code = 'W102'")" 0
# The dispatcher serves the wish's community: a branch of 008.001 (paired
# with C001) may not dispatch a wish of C002; one of 008.011 (paired with
# C002) may.
sql "INSERT INTO org (code, name, kind, parent_id) SELECT '008.011.01', '市教育局第一党支部', 'branch', id FROM org WHERE code = '008.011'"
expect "order in C002" 0 wish order W103 --community C002 --date 2024-06-01
expect "dispatch by a stranger" 2 wish dispatch W103 --branch 008.001.01 --date 2024-06-02
has "stranger named" err "branch 008.001.01 neither serves community C002 nor belongs to a unit paired with it"
expect "dispatch by the paired unit's branch" 0 wish dispatch W103 --branch 008.011.01 --date 2024-06-02
# A retired taker: retired the day before taking fails, the day after passes.
sql "UPDATE member SET status = 'retired', status_date = '2024-06-10' WHERE code = 'M007'"
expect "taken the day after retiring" 2 wish take W103 --member M007 --date 2024-06-11
has "retired named" err "member M007 retired on 2024-06-10, before 2024-06-11"
expect "taken on retirement day" 2 wish take W103 --member M007 --date 2024-06-10
expect "exempt taker" 2 wish take W103 --member M005 --date 2024-06-09
has "exempt named" err "member M005 is exempt"
expect "taken the day before retiring" 0 wish take W103 --member M007 --date 2024-06-09
# The import refuses what the command refuses, naming FILE:ROW:COLUMN.
cp "$FIX/region/wishes.csv" w.csv
sed -i 's/^W001,C001,2024-03-01,王奶奶,更换楼道灯泡,2024-03-02,008.001.01,M001,/W001,C001,2024-03-01,王奶奶,更换楼道灯泡,2024-03-02,008.001.01,M002,/' w.csv
expect "import changing the taker" 2 import wishes w.csv
has "taker change named" err "w.csv:2:taker: wish W001 is already taken by M001 (2024-03-03); the file names M002"
same "taker kept" "$(sql "SELECT m.code FROM wish_state s JOIN wish w ON w.id = s.wish_id JOIN member m ON m.id = s.member_id WHERE w.code = 'W001' AND s.step = 3")" M001
expect "import unchanged" 0 import wishes "$FIX/region/wishes.csv"
printf 'id,community,ordered,dispatched,dispatcher,taker,taken\nW110,C002,%s,,,,\nW111,C002,%s,,,,\nW112,C002,2024-06-01,2024-06-02,008.001.01,,\nW113,C002,2024-06-01,2024-06-02,008.011.01,M005,2024-06-03\nW114,C002,2024-06-01,2024-06-02,008.011.01,M007,2024-06-10\n' "$today" "$tomorrow" >new.csv
expect "import with refusals" 2 import wishes new.csv
lacks "today passes in import" err "new.csv:2:"
has "future in import" err "new.csv:3:ordered: $tomorrow is after today"
has "stranger in import" err "new.csv:4:dispatcher: branch 008.001.01 neither serves community C002"
has "exempt in import" err "new.csv:5:taker: member M005 is exempt"
has "retired in import" err "new.csv:6:taker: member M007 retired on 2024-06-10"
same "none of it written" "$(sql "SELECT count(*) FROM wish WHERE code LIKE 'W11_'")" 0
finish
