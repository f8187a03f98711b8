#!/bin/sh
# What a rule or a form column returns, the core takes only as a scalar
# of at most max_value_bytes: a 20 MB value, target or message and a table
# with a __tostring that loops or raises each end as a finding (evaluate)
# or an error (report) naming pack, rule or column and member, and the
# database stays small.  Personal fields are masked by the core, whatever
# a form column does with them, unless --reveal, which is audited.  What
# rules say reaches stderr and the database with control characters
# escaped, and csv and md cells cannot be injected.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
P=$FIX/packs/returns

expect "findings make exit 1" 1 evaluate --pack "$P" --year 2024
cp "$T/err" "$T/eval.err"
has "value named" err "pack returns: rule returns.big: member M001: result 2 is a string of 20971520 bytes, over the limit of 4096 (max_value_bytes)"
has "target named" err "rule returns.big: member M002: result 3 is a string of 20971520 bytes"
has "message named" err "rule returns.big: member M003: result 4 is a string of 20971520 bytes"
has "applies' message named" err "rule returns.big: member M005: result 2 is a string"
has "a table is refused" err "rule returns.big: member M006: result 2 is a table"
same "seven findings" "$(sql "SELECT count(*) FROM finding")" 7
same "the run finished" "$(sql "SELECT status FROM run")" finished
same "no stored text over 4 KiB" "$(sql "SELECT max(max(length(ifnull(value, ''))), max(length(ifnull(target, ''))), max(length(ifnull(message, '')))) FROM outcome")" 4098
same "what fits is kept" "$(sql "SELECT count(*) FROM outcome o JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no WHERE q.req = 'returns.small' AND length(o.value) = 4098")" 8
size=$(stat -c %s "$DB")
[ "$size" -lt 2000000 ] && ok || notok "database stays small" "$size bytes"
expect "explain stays small" 0 explain M001 --pack returns --year 2024 --json
[ "$(wc -c <"$T/out")" -lt 100000 ] && ok || notok "explain small" "$(wc -c <"$T/out") bytes"

# Control characters: escaped on stderr and in the database, no forged line.
has "error escaped on stderr" eval.err "pack returns: rule returns.noisy: member M007: rules.lua:61: bad\x0abaodao: pack x: rule y: member M001: forged \x1b[2J"
same "no line starts forged" "$(grep -c '^baodao: pack x' "$T/eval.err")" 0
same "no ESC on stderr" "$(tr -cd '\033' <"$T/eval.err" | wc -c)" 0
same "finding escaped in the database" "$(sql "SELECT message FROM finding WHERE rule = 'returns.noisy'")" \
    'rules.lua:61: bad\x0abaodao: pack x: rule y: member M001: forged \x1b[2J'
same "outcome message escaped" "$(sql "SELECT o.message FROM outcome o JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no JOIN member m ON m.id = o.subject WHERE q.req = 'returns.noisy' AND m.code = 'M008'")" \
    'red \x1b[31mtext\x0d\x0a'
same "no control character stored" "$(sql "SELECT count(*) FROM finding WHERE message GLOB '*[' || char(1,10,13,27) || ']*'") $(sql "SELECT count(*) FROM outcome WHERE message GLOB '*[' || char(10,13,27) || ']*'")" "0 0"

# Personal data a rule returns or raises is masked by the core.
leak="SELECT o.value || ' ' || o.target || ' ' || o.message FROM outcome o JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no JOIN member m ON m.id = o.subject WHERE q.req = 'returns.leak' AND m.code = '%s'"
same "value, target and message masked" "$(sql "$(printf "$leak" M001)")" '"138****0001" "tel:138****0001" 住 清安***'
same "a short phone masked" "$(sql "$(printf "$leak" M002)")" '"12***" "tel:12***" 住 清安***'
has "an error's phone masked" eval.err "rule returns.leak: member M004: rules.lua:82: no phone 139****0004"
same "no phone stored in clear" "$(sql "SELECT count(*) FROM outcome WHERE value LIKE '%13800000001%' OR target LIKE '%13800000001%' OR message LIKE '%清安路12号%'") $(sql "SELECT count(*) FROM finding WHERE message LIKE '%13900000004%'")" "0 0"
lacks "no phone on stderr" eval.err "13900000004"
expect "explain masked" 0 explain M001 --pack returns --year 2024
lacks "explain shows no phone" out "13800000001"

# The same outcome for most members, made once and taken again: what
# differs is each member's own (a phone masked, a target, a status, a fact
# read), and the control character is escaped for every member.
same_el="SELECT m.code || ' ' || v.value FROM run_outcome o JOIN member m ON m.id = o.subject AND o.level = 0 JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no AND q.req = 'returns.same' JOIN run_value v ON v.run_id = o.run_id AND v.part = o.no AND v.id = o.id ORDER BY m.code"
same "an outcome like the last member's is each member's own" "$(sql "$same_el")" 'M001 ["p",5,5,"call 13900000003\\x01 now"]
M002 ["p",5,6,"call 13900000003\\x01 now"]
M003 ["p",5,5,"call 139****0003\\x01 now"]
M004 ["p",5,5,"call 13900000003\\x01 now"]
M005 ["p",5,5,"call 13900000003\\x01 now",null,[0]]
M006 ["f",5,5,"call 13900000003\\x01 now"]
M007 ["p",5,5,"call 13900000003\\x01 now"]
M008 ["p",5,5,"call 13900000003\\x01 now"]'

expect "validate's finding" 1 validate --pack "$P" --as-of 2024-12-31
has "validate escapes" out 'bad \x1b[31m\x0abaodao: forged'
same "no ESC from validate" "$(cat "$T/out" "$T/err" | tr -cd '\033' | wc -c)" 0

# A lower limit from baodao.conf: "y" x 4096 no longer fits.
printf 'max_value_bytes = "1K"\n' >"$T/small.conf"
"$BAODAO" --config "$T/small.conf" --db "$DB" evaluate --pack "$P" --year 2024 >/dev/null 2>"$T/err"
same "configured limit: exit 1" "$?" 1
has "configured limit named" err "rule returns.small: member M001: result 2 is a string of 4096 bytes, over the limit of 1024 (max_value_bytes)"
printf 'max_value_bytes = "1"\n' >"$T/bad.conf"
"$BAODAO" --config "$T/bad.conf" --db "$DB" evaluate --pack "$P" --year 2024 >/dev/null 2>"$T/err"
same "a bad limit: exit 2" "$?" 2
has "bad limit named" err "max_value_bytes must be a size from 64 to 16M"

# Form columns: never converted with __tostring after the call returned.
expect "a looping __tostring" 2 report loops --pack "$P" --year 2024
has "loop named" err "pack returns: form 'loops': column 'bad': member M003: result 1 is a table"
expect "a raising __tostring" 2 report raises --pack "$P" --year 2024
has "raise named" err "pack returns: form 'raises': column 'bad': member M002: result 1 is a table"
lacks "the __tostring never ran" err "raised in __tostring"
expect "a function" 2 report fn --pack "$P" --year 2024
has "function named" err "form 'fn': column 'bad': member M001: result 1 is a function"
expect "a 20 MB cell" 2 report bigcell --pack "$P" --year 2024
has "big cell named" err "form 'bigcell': column 'big': member M004: result 1 is a string of 20971520 bytes"
[ ! -s "$T/out" ] && ok || notok "no partial form" "$(head -c 200 "$T/out")"

# Personal data: masked by the core, whatever the column does.
expect "phones masked" 0 report phones --pack "$P" --year 2024
has "a field read by a function" out "138****0001,清安***,tel:138****0001"
has "a short number" out "12***,清安***,tel:12***"
lacks "no phone in clear" out "13800000001"
lacks "no address in clear" out "清安路12号"
expect "org phones masked" 0 report orgphones --pack "$P" --year 2024
has "org phone" out "008.011,051****0011"
lacks "no org phone in clear" out "0517-83700011"
same "nothing audited yet" "$(sql "SELECT count(*) FROM audit WHERE action = 'reveal'")" 0
expect "revealed" 0 report phones --pack "$P" --year 2024 --reveal --org C001
has "clear with --reveal" out "13800000001,清安路12号,tel:13800000001"
same "the reveal is audited" "$(sql "SELECT actor <> '', detail FROM audit WHERE action = 'reveal'")" \
    "1|report phones --pack $P --year 2024 --org C001"

# Cells a spreadsheet would take for a formula, and HTML and links in md.
expect "csv form" 0 report inject --pack "$P" --year 2024
has "formula neutralised" out "M001,'=cmd|' /C calc'!A0,<script>alert(1)</script>,[x](javascript:alert(1)),-4"
expect "md form" 0 report inject --pack "$P" --year 2024 --format md
has "html and link escaped" out "| M001 | =cmd\\|' /C calc'!A0 | &lt;script&gt;alert(1)&lt;/script&gt; | \\[x\\](javascript:alert(1)) | -4 |"
lacks "no script tag" out "<script>"
finish
