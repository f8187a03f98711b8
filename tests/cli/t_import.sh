#!/bin/sh
# Import: bad rows reported as FILE:ROW:COLUMN and nothing written.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
before=$(sql 'SELECT count(*) FROM activity')
expect "bad file rejected" 2 import activities "$FIX/bad/activities.csv"
has "bad date" err "activities.csv:2:date:"
has "unknown member" err "activities.csv:3:member:"
has "hours out of range" err "activities.csv:4:hours:"
has "community is a unit" err "activities.csv:5:community:"
has "bad rating" err "activities.csv:6:rating:"
same "nothing written" "$(sql 'SELECT count(*) FROM activity')" "$before"
has "summary line" err "5 rows rejected; nothing imported"
LANG=zh_CN.UTF-8 LC_ALL= "$BAODAO" --db "$DB" import activities "$FIX/bad/activities.csv" \
    >"$T/out" 2>"$T/err"
has "Chinese messages by LANG" err "activities.csv:3:member: 未知的党员 'M999'"
has "Chinese summary" err "未导入任何数据"
printf '党员编号,日期,事项,备注\nM001,2024-12-15,反馈单盖章,社区盖章\nM004,2024/4/10,退休告知,\nM002,2024-06-01,搬家,\n' >"$T/events.csv"
expect "member events: a bad kind" 2 import member_events "$T/events.csv"
has "kind named with the accepted values" err "events.csv:4:事项:"
head -n 3 "$T/events.csv" >"$T/events2.csv"
expect "member events" 0 import member_events "$T/events2.csv"
same "kinds normalised" "$(sql "SELECT group_concat(kind) FROM (SELECT kind FROM member_event ORDER BY date)")" "retire_notice,feedback_sealed"
expect "dry run of a good file" 0 import suggestions "$FIX/region/suggestions.csv" --dry-run
has "dry run says so" out "dry run"
# Not on a terminal: no bar, only the summary line, with the rate.
same "summary alone on stderr" "$(sed 's/in [0-9.]* s ([0-9]* rows\/s)$/in S/' "$T/err")" \
    "suggestions: $(($(wc -l <"$FIX/region/suggestions.csv") - 1)) rows in S"
# On one (progress = always): the bar, with its rate and time left.
printf 'progress = always\n' >"$T/always.conf"
"$BAODAO" --config "$T/always.conf" --db "$DB" import suggestions "$FIX/region/suggestions.csv" \
    --dry-run >"$T/out" 2>"$T/err"
has "bar drawn" err "rows/s"
has "time left" err " left, "
expect "unknown kind" 2 import sheep "$FIX/region/orgs.csv"
expect "missing file" 2 import orgs "$T/nope.csv"
expect "before init" 2 --db "$T/other.db" import orgs "$FIX/region/orgs.csv"
finish
