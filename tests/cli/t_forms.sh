#!/bin/sh
# Report forms a pack declares: member, activity and org rows, personal
# columns masked unless --reveal, every format, scope, and errors.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
# Forms read the stored run: none yet, so none can be built.
expect "no run, no form" 2 report roster --pack example --year 2024
has "no run said" err "baodao: no run of pack example for year 2024; run 'baodao evaluate --pack example --year 2024' first"
for p in example aksu; do
	"$BAODAO" --db "$DB" evaluate --pack $p --year 2024 >/dev/null
done
expect "reports lists the forms" 0 reports --pack example
has "results listed" out "results"
has "member form listed" out "roster           member   党员名册（示例） [example README §2]"
has "activity form listed" out "card             activity"
expect "member rows" 0 report roster --pack example --year 2024 --format csv
has "header" out "编号,姓名,报到社区,联系方式,服务次数,报到,积分,等次"
has "facts, outcomes, score and grade in columns" out "M001,张三,C001,138****0001,3,是,45,一般"
has "a bad phone is masked too" out "M002,李四,C001,12***,2,否"
lacks "no phone in clear" out "13800000001"
same "one row per member" "$(wc -l <"$T/out")" 9
expect "revealed" 0 report roster --pack example --year 2024 --reveal
has "phone shown with --reveal" out "13800000001"
expect "scoped to a community" 0 report roster --pack example --year 2024 --org C002
lacks "scope excludes C001" out "M001"
has "scope keeps C002" out "M003,王五"
expect "activity rows" 0 report card --pack example --year 2024 --format md
has "md title" out "# 服务记录卡（示例）"
has "7 h 59 min shown in hours" out "| 王五 | 2024-11-16 | 课业辅导 | 3.98 | 良 | 是 |"
has "unverified record flagged" out "| 吴十 | 2024-06-01 | 打扫卫生 | 2 | 良 | 否 |"
expect "--lang en" 0 report card --pack example --year 2024 --format md --lang en
has "booleans in English" out "| 吴十 | 2024-06-01 | 打扫卫生 | 2 | 良 | false |"
expect "org rows" 0 report units --pack example --year 2024 --format json -o "$T/units.json"
same "json file 0600" "$(stat -c %a "$T/units.json")" 600
grep -qF '"代码":"008.011","名称":"淮安市教育局","电话":"051****0011"' "$T/units.json" && ok || notok "org row" "$(cat "$T/units.json")"
lacks "branches are not rows" out "008.001.01"
expect "unknown form" 2 report nosuch --pack example --year 2024
has "unknown form named" err "pack example has no report 'nosuch'"

expect "pairing rows" 0 report pairings --pack example --year 2024
has "a month without a visit shows" out '孙八,H1,孤寡老人,2024-01-01至2024-03-31,2,"2024-01,2024-03"'
has "every month visited" out '周九,H2,残疾人,2024-01-01至2024-02-29,2,"2024-01,2024-02"'
expect "wish rows" 0 report wishes --pack example --year 2024 --format md
has "a wish in every state" out "| W001 | C001 | 更换楼道灯泡 | 2024-03-01 | 008.001.01 | 张三 | 2024-03-05 | 优 | rated |"
has "an ordered wish" out "| W003 | C002 | 辅导孙子功课 | 2024-05-01 |  |  |  |  | ordered |"
"$BAODAO" --db "$DB" ledger earn M001 10 --reason 参加社区活动 --date 2024-03-01 >/dev/null
"$BAODAO" --db "$DB" ledger spend M001 4 --reason 兑换理发 --date 2024-04-01 >/dev/null
expect "ledger rows" 0 report bank --pack example --year 2024
has "running balance" out "张三,2024-04-01,-4,兑换理发,6"

# Org rows add up their members (a unit counts its branches' members).
printf 'id,name,unit,unreported_reason\nM008,吴十,008.011,长期出差\n' >"$T/reason.csv"
"$BAODAO" --db "$DB" import members "$T/reason.csv" >/dev/null
"$BAODAO" --db "$DB" evaluate --pack jiangsu --year 2024 >/dev/null
expect "附件3 per unit" 0 report unit_stats --pack jiangsu --year 2024 --format md
has "财政局: 3 bound (one exempt), 3 reported, from 1 community" out "| 淮安市财政局 | 3 | 3 | 1 | 0 |  |"
has "教育局: one retired left out, one never reported, and why" out "| 淮安市教育局 | 3 | 2 | 1 | 1 | 长期出差（1） |"
# Reasons are gathered whether or not a rule reads them (the core reads
# a member's fields itself, a rule reads only those it names).
mkdir -p "$T/r"
printf 'id = "r"\nname = "r"\nversion = "1"\n' >"$T/r/pack.conf"
cat >"$T/r/rules.lua" <<'LUA'
requirement "r.x" { title = "x", clause = "c", check = function() return false end }
fact "reasons" { collect = "unreported_reason", of = "member", where = { failed = "r.x" } }
form "why" { title = "t", clause = "c", rows = "org", kinds = { "unit" }, facts = { "reasons" },
  columns = { { "名称", "name" }, { "原因", function(o, f) return f.reasons end } } }
LUA
"$BAODAO" --db "$DB" evaluate --pack "$T/r" --year 2024 >/dev/null
expect "reasons of members whose rules read none" 0 report why --pack "$T/r" --year 2024
has "the reason gathered" out "淮安市教育局,长期出差"
expect "aksu letter" 0 report letter --pack aksu --year 2024
has "letter names the rates short of 100 %" out "接单率未达到百分之百，按规定扣减党建工作分值1分，特此函告。"

expect "ranked rows" 0 report top --pack example --year 2024
same "highest first, ties in member order, the top 3" "$(tail -n +2 "$T/out" | tr '\n' ' ')" "张三,45 李四,25 王五,25 "

mkdir -p "$T/p"
printf 'id = "f"\nname = "f"\nversion = "1"\n' >"$T/p/pack.conf"
cat >"$T/p/rules.lua" <<'LUA'
requirement "f.x" { title = "x", clause = "c", check = function() return true end }
form "bad" { title = "t", clause = "c", rows = "member", columns = { { "x", "colour" } } }
LUA
expect "unknown field refused at load" 2 report bad --pack "$T/p" --year 2024
has "field named" err "rules.lua:2: form 'bad': column 'x': member has no field 'colour'"
cat >"$T/p/rules.lua" <<'LUA'
requirement "f.x" { title = "x", clause = "c", check = function() return true end }
form "boom" { title = "t", clause = "c", rows = "member",
  columns = { { "x", function(m) if m.id == "M003" then error("no") end return 1 end } } }
LUA
"$BAODAO" --db "$DB" evaluate --pack "$T/p" --year 2024 >/dev/null
expect "a failing column fails the form" 2 report boom --pack "$T/p" --year 2024 -o "$T/boom.csv"
has "failing column named" err "form 'boom': column 'x': member M003:"
same "no half-written file" "$(test -e "$T/boom.csv" && echo yes || echo no)" no
finish
