#!/bin/sh
# 爱心银行: points earned and spent; the balance never below zero, on any day.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
expect "earn" 0 ledger earn M001 10 --reason 参加社区活动 --date 2024-03-01
has "earn shows balance" out "balance 10"
expect "spend within balance" 0 ledger spend M001 4 --reason 兑换理发服务 --date 2024-04-01
has "spend shows balance" out "balance 6"
expect "overspend" 2 ledger spend M001 7 --reason 兑换 --date 2024-05-01
has "overspend named" err "member M001 has 6 points to spend on 2024-05-01; cannot spend 7"
expect "spend before earned" 2 ledger spend M001 5 --reason 兑换 --date 2024-02-01
has "back-dated refused" err "has 0 points to spend on 2024-02-01"
expect "back-dated spend that later entries cannot carry" 2 ledger spend M001 7 --reason 兑换 --date 2024-03-15
expect "spend it all" 0 ledger spend M001 6 --reason 兑换 --date 2024-06-01
has "zero left" out "balance 0"
expect "show" 0 ledger show M001
has "card line" out "2024-04-01      -4       6  兑换理发服务"
expect "zero points" 2 ledger earn M001 0 --reason x
expect "no reason" 2 ledger earn M001 3
expect "unknown member" 2 ledger earn M999 3 --reason x
has "unknown member named" err "unknown member 'M999'"
same "entries" "$(sql 'SELECT count(*) FROM ledger')" 3
expect "credit the year's activities" 0 ledger credit 2024 2
has "credited the complete records" out "12 activities of 2024 credited with 2 points each"
expect "credit again: nothing twice" 0 ledger credit 2024 2
has "nothing twice" out "0 activities of 2024 credited"
same "M008's unverified record earns nothing" "$(sql "SELECT count(*) FROM ledger l JOIN member m ON m.id = l.member_id WHERE m.code = 'M008'")" 0
# Several entries on one day: in the card's one order (date, then entry),
# no balance below zero, whatever order the clerk typed them in.
expect "earn on a day" 0 ledger earn M002 10 --reason 参加社区活动 --date 2024-07-01
expect "spend it that day" 0 ledger spend M002 10 --reason 兑换 --date 2024-07-01
expect "spend again that day" 2 ledger spend M002 10 --reason 兑换 --date 2024-07-01
has "same-day overspend named" err "member M002 has 0 points to spend on 2024-07-01; cannot spend 10"
expect "earn later that day" 0 ledger earn M002 5 --reason 参加社区活动 --date 2024-07-01
expect "spend what that day's last earning left" 0 ledger spend M002 5 --reason 兑换 --date 2024-07-01
expect "show the day" 0 ledger show M002
has "the day's last line" out "2024-07-01      -5       0  兑换"
same "every balance in the card's order at or above zero" "$(sql "SELECT min(b) FROM (SELECT sum(points) OVER (ORDER BY l.date, l.id) AS b FROM ledger l JOIN member m ON m.id = l.member_id WHERE m.code = 'M002')")" 0
# Parallel spends of the same points: one is recorded, the others refused
# cleanly (exit 2 and a message), never a database error.
expect "earn for the race" 0 ledger earn M003 10 --reason 参加社区活动 --date 2024-08-01
for i in 1 2 3 4; do
	("$BAODAO" --db "$DB" ledger spend M003 10 --reason 兑换 --date 2024-08-01 >/dev/null \
	    2>"$T/race$i"; echo $? >"$T/rc$i") &
done
wait
same "one spend won" "$(sql "SELECT count(*) FROM ledger l JOIN member m ON m.id = l.member_id WHERE m.code = 'M003' AND points < 0")" 1
same "the others refused with exit 2" "$(cat "$T/rc1" "$T/rc2" "$T/rc3" "$T/rc4" | sort | tr '\n' ' ')" "0 2 2 2 "
same "the refusals say why" "$(cat "$T/race1" "$T/race2" "$T/race3" "$T/race4" | grep -c 'never goes below zero')" 3
expect "bad credit" 2 ledger credit 2024 0
same "audited, the credit once" "$(sql "SELECT count(*) FROM audit WHERE action = 'ledger'")" 10

finish
