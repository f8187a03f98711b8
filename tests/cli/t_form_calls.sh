#!/bin/sh
# A form's row: the member record's fields are read from the database and
# converted only as they are read (masked when personal), the first read
# of one in any row widening the member query; and the row's functions
# run in one protected call, yet each as a call of its own: its own
# instruction limit and object names, upvalue writes kept over a member's
# calls only (an org row's calls each start afresh), an error naming its
# column.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
mkdir -p "$T/p"
printf 'id = "fc"\nname = "fc"\nversion = "1"\n' >"$T/p/pack.conf"
cat >"$T/p/rules.lua" <<'LUA'
fact "services" { count = "activity" }
requirement "fc.x" { title = "x", clause = "c", check = function(m, f) return f.services > 0 end }
local n = 0
local function busy() local s = 0 for i = 1, 60000 do s = s + i end return s end
form "fields" { title = "t", clause = "c", rows = "member", facts = { "services" },
  when = function(m) return m.months_bound > 0 end,
  columns = {
    { "id", "id" },
    { "phone", function(m) return m.phone end },
    { "address", "address" },
    { "path", function(m) return m.community_path end },
    { "unit", function(m) return m.unit_path .. " " .. m.unit_name end },
    { "status", function(m) return tostring(m.left) .. " " .. tostring(m.retired) end },
    { "name", "name" },
    { "late", function(m)
        if m.id == "M005" then return m.exempt_reason .. " " .. tostring(m.exempt) end
        return m.id == "M006" and m.specialties or ""
      end },
  } }
form "calls" { title = "t", clause = "c", rows = "member", facts = { "services" },
  columns = {
    { "id", "id" },
    { "a", function() n = n + 1 return tostring({}) .. " " .. n end },
    { "b", function() n = n + 1 return tostring({}) .. " " .. n .. " " .. busy() end },
    { "c", function() return busy() end },
  } }
form "late" { title = "t", clause = "c", rows = "member", facts = { "services" },
  when = function(m) return m.id ~= "M002" end,
  columns = {
    { "id", "id" },
    { "ok", function() return 1 end },
    { "bad", function(m) if m.id == "M003" then error("boom") end return 2 end },
  } }
form "units" { title = "t", clause = "c", rows = "org", kinds = { "unit" }, facts = { },
  columns = {
    { "name", "name" },
    { "a", function() n = n + 1 return n end },
    { "b", function() n = n + 1 return n end },
  } }
LUA
# Two calls of busy() pass the limit together, not one by one.
printf 'instruction_limit = 200000\n' >"$T/lim.conf"
"$BAODAO" --config "$T/lim.conf" --db "$DB" evaluate --pack "$T/p" --year 2024 >/dev/null 2>&1
same "evaluated" "$?" 0
run() { "$BAODAO" --config "$T/lim.conf" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }

expect "fields read on demand" 0 report fields --pack "$T/p" --year 2024 --format csv
has "masked phone, read by a function" out "M001,138****0001,清安***,江苏省/淮安市/清江浦区/柳树湾街道/清安社区,江苏省/淮安市/淮安市财政局 淮安市财政局,nil false,张三,"
has "a retired member" out "M004,139****0004,文渠***,江苏省/淮安市/清江浦区/柳树湾街道/文渠社区,江苏省/淮安市/淮安市教育局 淮安市教育局,nil true,赵六,"
has "no residence" out "M008,139****0008,,,江苏省/淮安市/淮安市教育局 淮安市教育局,nil false,吴十,"
has "a field first read in a later row" out ",钱七,长期外派 true"
has "and another in the next" out ",孙八,维修"
same "every member" "$(wc -l <"$T/out")" 9
expect "revealed" 0 report fields --pack "$T/p" --year 2024 --format csv --reveal
has "phone and address whole" out "M001,13800000001,清安路12号,"

expect "calls each a call" 0 report calls --pack "$T/p" --year 2024 --format csv
same "names, upvalues and limits per call" "$(sed -n 2p "$T/out")" \
    "M001,table: #1 1,table: #1 2 1800030000,1800030000"
same "each member afresh" "$(sort -u "$T/out" | cut -d, -f2- | sort -u | wc -l)" 2

expect "a failing column" 2 report late --pack "$T/p" --year 2024 --format csv
same "named with its member" "$(cat "$T/err")" \
    "baodao: pack fc: form 'late': column 'bad': member M003: rules.lua:32: boom"

expect "org rows" 0 report units --pack "$T/p" --year 2024 --format csv
same "each call of an org row afresh" "$(tail -n +2 "$T/out")" "淮安市财政局,1,1
淮安市教育局,1,1"
finish
