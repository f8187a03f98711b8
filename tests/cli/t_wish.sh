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
finish
