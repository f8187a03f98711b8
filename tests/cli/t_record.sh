#!/bin/sh
# Corrections with history (issue 13 item 1): record void, amend, history,
# and members' requests, resolved; facts skip voided records; explain of
# an earlier run flags the records corrected since it.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
grade() {	# grade MEMBER: the member's grade in the latest changji run
	"$BAODAO" --db "$DB" report results --pack changji --year 2024 |
	    awk -F, -v m="$1" '$1 == m { print $5 "," $6 ","  $10 }'
}
nact() { sql "SELECT count(*) FROM activity a JOIN member m ON m.id = a.member_id WHERE m.code = '$1'"; }

# M001 at exactly 4 residence services (changji's 二(二)6 edge), and a
# community event elsewhere: 70 points, 较好.
printf 'member,date,kind,hours,community,content,place,rating,verifier\n%s\n%s\n' \
    'M001,2024-06-08,service,2,C001,打扫卫生,清安社区,良,陈红' \
    'M001,2024-07-06,community_event,2,C002,社区联欢,文渠社区,良,刘明' >extra.csv
expect "import the fourth service" 0 import activities extra.csv
expect "evaluate with 4 services" 0 evaluate --pack changji --year 2024
same "4 services: pass, 70, 较好" "$(grade M001)" "70,较好,达到"
sleep 1		# a correction in a later second than the run's start

# Void: the service stays, with its history, but counts no more.
expect "void" 0 record void activities M001/2024-06-08 --reason 重复登记
has "void said" out "activities #14 M001/2024-06-08/service/C001/打扫卫生: voided (重复登记)"
same "the row stays" "$(nact M001)" 5
same "voided time kept" "$(sql "SELECT voided IS NOT NULL FROM activity WHERE id = 14")" 1
expect "void twice" 2 record void activities '#14' --reason again
has "void twice named" err "activities #14: already voided on "
expect "explain of the earlier run" 0 explain M001 --pack changji --year 2024
has "earlier run unchanged" out "score 70; grade 较好"
has "flagged" out "record changed since this run (the run used it as it was):"
has "flagged record" out "activities #14 M001/2024-06-08/service/C001/打扫卫生: voided 20"
has "flagged reason" out "reason: 重复登记"
expect "explain json" 0 explain M001 --pack changji --year 2024 --json
has "json: contract fields kept" out '"member_id":"M001","name":"张三","year":2024,"pack":"changji"'
has "json: changed_since" out '"changed_since":[{"kind":"activities","record":14,"label":"M001/2024-06-08/service/C001/打扫卫生","action":"void","at":"20'
expect "explain json of an untouched member" 0 explain M002 --pack changji --year 2024 --json
lacks "no changed_since when none" out "changed_since"
sleep 1		# the next run starts in a later second than the void
expect "re-evaluate" 0 evaluate --pack changji --year 2024
same "3 services: fail, 50, 一般" "$(grade M001)" "50,一般,未达到"
expect "re-import of the sheet" 0 import activities extra.csv
has "the voided row is matched, not added again" out "2 unchanged"
same "still voided" "$(sql "SELECT voided IS NOT NULL FROM activity WHERE id = 14")" 1
same "still 5 rows" "$(nact M001)" 5
expect "explain of the run made since" 0 explain M001 --pack changji --year 2024
lacks "the run made since is not flagged" out "record changed since"
# Amend a date: one record, not two; the old date in the history.
same "M002 has 2" "$(nact M002)" 2
expect "amend the date" 0 record amend activities M002/2024-10-05 date=2024-10-06 \
    --reason 日期填错
has "amend said" out "activities #4 M002/2024-10-05/service/C001/"
has "amend change" out "date 2024-10-05 -> 2024-10-06 (日期填错)"
same "still 2 records" "$(nact M002)" 2
same "the date moved" "$(sql "SELECT date FROM activity WHERE id = 4")" 2024-10-06
expect "amend hours the sheet's way" 0 record amend activities '#4' hours=1.5 评价=良 \
    --reason 核对记录卡
has "hours as typed" out "hours 4 -> 1:30; rating 优 -> 良"
expect "history" 0 record history activities M002/2024-10-06
has "history head" out "activities #4 M002/2024-10-06/service/C001/"
has "history first" out "#2 20"
has "history first change" out "amended: date 2024-10-05 -> 2024-10-06; reason: 日期填错"
has "history second change" out "amended: hours 4 -> 1:30; rating 优 -> 良; reason: 核对记录卡"
has "history names the user" out " $(id -un) amended"
expect "history csv" 0 record history activities '#4' --format csv
has "history csv header" out "correction,at,actor,action,changes,reason"
expect "history json" 0 record history activities '#4' --format json
has "history json" out '"kind":"activities","record":4,"label":"M002/2024-10-06/service/C001/'
same "correction rows" "$(sql "SELECT count(*) FROM correction")" 3
same "before image kept" "$(sql "SELECT json_extract(before, '$.date') FROM correction WHERE id = 2")" 2024-10-05
same "audit rows" "$(sql "SELECT count(*) FROM audit WHERE action IN ('record void','record amend')")" 3

# Bad input: one line naming kind, id and field; nothing changes.
before=$(sql "SELECT group_concat(date || minutes || ifnull(rating,''), ',') FROM activity")
expect "bad hours" 2 record amend activities '#4' hours=25 --reason x
same "bad hours line" "$(cat "$T/err")" "baodao: activities #4: hours: bad hours '25' (0 to 24 hours, e.g. 2, 1.5, 7:59)"
expect "bad field" 2 record amend activities M002/2024-10-06 colour=red --reason x
same "bad field line" "$(cat "$T/err")" "baodao: activities M002/2024-10-06: colour: no such field of activities"
expect "bad date" 2 record amend activities '#4' date=2024-13-01 --reason x
has "bad date line" err "activities #4: date: bad date '2024-13-01'"
expect "unknown community" 2 record amend activities '#4' community=C999 --reason x
has "unknown community line" err "activities #4: community: unknown community 'C999'"
expect "good and bad together" 2 record amend activities '#4' place=广场 hours=x --reason x
expect "not FIELD=VALUE" 2 record amend activities '#4' hours --reason x
has "not FIELD=VALUE named" err "activities #4: 'hours' is not FIELD=VALUE"
expect "onto another record's key" 2 record amend activities '#4' date=2024-11-09 --reason x
has "key taken named" err "activities #4: record #5 already has that key"
expect "no reason" 2 record amend activities '#4' hours=3
expect "empty reason" 2 record void activities '#4' --reason ''
expect "ambiguous key" 2 record void activities M001 --reason x
has "ambiguous named" err "activities M001: 5 records match (#1, #2, #3, #14, #15); give more of the key, or #N"
expect "no such record" 2 record void activities M001/2023-01-01 --reason x
has "no such record named" err "activities M001/2023-01-01: no such record"
expect "receipt before date" 2 record amend registrations M001/C001/2024-03-01 \
    receipt=2024-01-01 --reason x
has "cross-column check as import's" err "registrations M001/C001/2024-03-01: receipt: receipt 2024-01-01 is earlier than date 2024-03-01"
expect "members are not records to void" 2 record void members M001 --reason x
has "kinds named" err "record kind 'members' cannot be corrected (expected registrations, claims, activities"
expect "amend a voided record" 2 record amend activities '#14' hours=1 --reason x
same "nothing changed" "$(sql "SELECT group_concat(date || minutes || ifnull(rating,''), ',') FROM activity")" "$before"
same "no correction added" "$(sql "SELECT count(*) FROM correction")" 3

# A member's own request, tracked to its outcome.
expect "request by another member" 2 record request activities M001/2024-10-12 --by M002 \
    --reason x
has "own records only" err "activities M001/2024-10-12: not a record of member M002"
expect "request" 0 record request activities M001/2024-10-12 --by M001 --reason 时长应为2小时
has "request said" out "request 1: activities #3 M001/2024-10-12/lecture/C001/政策宣讲, asked by M001: open (时长应为2小时)"
expect "request 2" 0 record request activities M003/2024-10-19 --by M003 --reason 没有参加
expect "request 3" 0 record request activities M003/2024-11-16 --by M003 --reason 记错了
expect "open requests" 0 record requests --open
has "open listed" out "request 1  activities #3 M001/2024-10-12/lecture/C001/政策宣讲  asked by M001 on"
expect "accept without a change" 2 record resolve 1 accepted --reason 核实
expect "accept by amending" 0 record resolve 1 accepted --reason 核实记录卡 hours=2
has "accepted said" out "request 1: accepted (核实记录卡); activities #3 M001/2024-10-12/lecture/C001/政策宣讲: hours 1:30 -> 2 (request 1: 核实记录卡)"
same "amended" "$(sql "SELECT minutes FROM activity WHERE id = 3")" 120
expect "accept by voiding" 0 record resolve 2 accepted --void --reason 核实未参加
same "voided by the request" "$(sql "SELECT voided IS NOT NULL FROM activity WHERE id = 6")" 1
expect "resolved twice" 2 record resolve 2 rejected --reason x
has "resolved twice named" err "request 2 was already accepted on "
expect "reject with a change" 2 record resolve 3 rejected --void --reason x
expect "reject" 0 record resolve 3 rejected --reason 记录卡有本人签字
expect "requests csv" 0 record requests --format csv
has "csv header" out "request,kind,record,label,member,reason,at,actor,status,resolved_at,resolved_by,resolution,correction"
has "accepted row links its correction" out ",accepted,"
same "outcomes" "$(sql "SELECT group_concat(status || ':' || ifnull(correction_id, '-'), ' ') FROM correction_request")" "accepted:4 accepted:5 rejected:-"
expect "no open requests" 0 record requests --open
same "none open" "$(wc -c <"$T/out" | tr -d ' ')" 0
expect "accept a correction made since" 0 record request activities M007/2024-03-09 --by M007 \
    --reason 地点不对
expect "the clerk amends" 0 record amend activities M007/2024-03-09 place=文渠社区 --reason 地点不对
expect "accept links it" 0 record resolve 4 accepted --reason 已更正
has "linked" out "corrected by correction #6"
same "history is never rewritten" "$(sql "UPDATE correction SET reason = 'x' WHERE id = 1" 2>&1 |
    grep -c 'a correction is history and is never changed')" 1
same "request audit" "$(sql "SELECT count(*) FROM audit WHERE action IN ('record request','record resolve')")" 8

# A voided record is no validate finding either: a date typed 2204 for
# 2024, voided, is gone from the findings.
printf 'member,date,kind,hours,community,content,place,rating,verifier\n%s\n' \
    'M003,2204-05-01,service,2,C002,义诊,文渠社区,良,刘明' >typo.csv
expect "import the typo" 0 import activities typo.csv
expect "validate finds it" 1 validate --pack changji
has "found" out "2204-05-01"
expect "void the typo" 0 record void activities M003/2204-05-01 --reason 年份录错
expect "validate passes" 0 validate --pack changji
lacks "not found" out "2204-05-01"

# Evaluate as recorded: the records as they stood when run 1 started
# reproduce it; corrections since are undone and records imported since
# are left out.
W=$(sql "SELECT started FROM run WHERE id = 1")
printf 'member,date,kind,hours,community,content,place,rating,verifier\n%s\n' \
    'M002,2024-12-01,service,2,C001,补录,清安社区,良,陈红' >late.csv
expect "import a late record" 0 import activities late.csv
expect "evaluate now" 0 evaluate --pack changji --year 2024
same "now: 3 services, 50" "$(grade M001)" "50,一般,未达到"
expect "explain M002 now" 0 explain M002 --pack changji --year 2024
has "now M002 has 3" out "read residence_services 3"
expect "evaluate as recorded at run 1" 0 evaluate --pack changji --year 2024 --as-recorded "$W" --jobs 2
same "run 1 reproduced: 4 services, 70, 较好" "$(grade M001)" "70,较好,达到"
same "the run keeps when" "$(sql "SELECT as_recorded FROM run ORDER BY id DESC LIMIT 1")" "$W"
expect "explain M002 as recorded" 0 explain M002 --pack changji --year 2024
has "the late record left out, the amended date undone" out "read residence_services 2"
has "says as recorded" out "records as they stood at $W (evaluate --as-recorded)"
has "flags what it undid" out "amended 20"
expect "explain json as recorded" 0 explain M001 --pack changji --year 2024 --json
has "json as_recorded" out "\"as_recorded\":\"$W\""
same "the records themselves unchanged" "$(sql "SELECT voided IS NOT NULL FROM activity WHERE id = 14")" 1
expect "as recorded on a day" 0 evaluate --pack changji --year 2024 --as-recorded 2024-12-31
expect "explain as recorded before the first import" 0 explain M001 --pack changji --year 2024
has "nothing was recorded yet then" out "read residence_services 0"
expect "bad when" 2 evaluate --pack changji --year 2024 --as-recorded yesterday
has "bad when named" err "--as-recorded 'yesterday' must be a date or YYYY-MM-DDTHH:MM:SSZ"

# A re-import that changes other fields of a record amends it, with the
# change in its history (reason: the file) and flagged by explain.
{ head -1 "$FIX/region/activities.csv"; grep '^M003,2024-11-16,' "$FIX/region/activities.csv" |
    sed -e 's/,3:59,/,3,/'; } >fixed.csv
expect "re-import with hours corrected" 0 import activities fixed.csv
has "one updated" out "1 updated"
expect "its history" 0 record history activities M003/2024-11-16
has "import's change kept" out "amended: hours 3:59 -> 3; reason: import fixed.csv"
same "old value in the image" "$(sql "SELECT json_extract(before, '$.minutes') FROM correction ORDER BY id DESC LIMIT 1")" 239
expect "re-import again" 0 import activities fixed.csv
same "nothing more kept" "$(sql "SELECT count(*) FROM correction WHERE reason = 'import fixed.csv'")" 1
sed -e 's/,3,/,3:30,/' fixed.csv >fixed2.csv
expect "re-import with a reason" 0 import activities fixed2.csv --reason 核对记录卡
expect "its history again" 0 record history activities M003/2024-11-16
has "the reason kept" out "amended: hours 3 -> 3:30; reason: import fixed2.csv: 核对记录卡"

# An org's record, with a word the packs declare: explain --org flags it.
expect "amend an org event" 0 record amend org_events 008.001/2024-05-20 date=2024-05-21 \
    kind=民族团结 --reason 日期和类别
has "the packs' word read" out "kind good_deed -> ethnic_unity (日期和类别)"
expect "bad word" 2 record amend org_events '#1' kind=植树 --reason x
has "bad word named" err "org_events #1: kind: unknown kind '植树'"
sleep 1		# the run starts in a later second than that amend
expect "evaluate for the org" 0 evaluate --pack changji --year 2024
sleep 1
expect "amend after the run" 0 record amend org_events 008.001.01/2024-07-01 content=主题党日 \
    --reason 简写
expect "explain the org" 0 explain --org 008.001.01 --pack changji --year 2024
has "the org's record flagged" out "org_events #2 008.001.01/2024-07-01/theme_day/党旗映天山主题党日: amended 20"
expect "explain the other org" 0 explain --org 008.001 --pack changji --year 2024
lacks "its change was before the run" out "record changed since"
finish
