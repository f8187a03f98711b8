#!/bin/sh
# Rules that make the core work in C (Lua patterns, regular expressions,
# string searches) each end within the limits as a finding naming pack,
# rule and member; and what a rule sees of memory (addresses, hash order,
# the allocator, sort pivots) gives the same stored run every time.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
printf 'instruction_limit = 200000\nmemory_limit = "16M"\n' >"$T/lim.conf"
"$BAODAO" --config "$T/lim.conf" --db "$DB" evaluate --pack "$FIX/packs/hostile" \
    --year 2024 >"$T/out" 2>"$T/err"
same "findings make exit 1" "$?" 1
has "pattern named" err "pack hostile: rule hostile.pattern: member M002:"
has "regex loop named" err "pack hostile: rule hostile.regex: member M003:"
has "plain find loop named" err "pack hostile: rule hostile.plainfind: member M004:"
has "limit given" err "instruction limit exceeded (200000 instructions)"
has "captures refused" err "rule hostile.captures: member M005: rules.lua:28: bad pattern '()()()"
has "captures counted" err "8000 capture groups, more than 100"
has "collectgarbage blocked" err "rule hostile.gc: member M001: rules.lua:62: blocked: collectgarbage is not available"
same "run finished anyway" "$(sql "SELECT status FROM run WHERE pack = 'hostile'")" finished
same "one finding each" "$(sql "SELECT group_concat(rule, ' ') FROM (SELECT rule FROM finding WHERE rule <> 'hostile.gc' ORDER BY rule)")" \
    "hostile.captures hostile.pattern hostile.plainfind hostile.regex"

# The same run again, with several workers: every stored value the same.
"$BAODAO" --config "$T/lim.conf" --db "$DB" evaluate --pack "$FIX/packs/hostile" \
    --year 2024 --jobs 3 >/dev/null 2>&1
same "second run exit 1" "$?" 1
first="SELECT min(id) FROM run WHERE pack = 'hostile'"
last="SELECT max(id) FROM run WHERE pack = 'hostile'"
same "two runs" "$(sql "SELECT count(*) FROM run WHERE pack = 'hostile'")" 2
rows="SELECT level, subject, no, status, value, target, message FROM outcome"
same "outcomes stored" "$(sql "SELECT count(*) FROM outcome WHERE run_id = ($first)")" 64
same "outcomes identical" "$(sql "SELECT count(*) FROM ($rows WHERE run_id = ($first) EXCEPT $rows WHERE run_id = ($last))")" 0
frows="SELECT level, subject, rule, message FROM finding"
same "findings identical" "$(sql "SELECT count(*) FROM ($frows WHERE run_id = ($first) EXCEPT $frows WHERE run_id = ($last))")" 0
names="SELECT o.value FROM outcome o JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no JOIN member m ON m.id = o.subject WHERE q.req = 'hostile.%s' AND m.code = 'M001' AND o.run_id = ($first)"
same "names, not addresses" "$(sql "$(printf "$names" names)")" '"table: #1 function: #2 table: #3 table: #1"'
same "next in pairs order" "$(sql "$(printf "$names" order)")" '"M001,apple,date,fig,kiwi,lime,pear,plum"'
same "sort keeps ties in order" "$(sql "$(printf "$names" sort)")" '"285,288,291,294,297,300,1,4,7,10,13"'
finish
