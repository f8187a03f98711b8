#!/bin/sh
# Errors never pass (issue 10): a requirement whose rule raised for a
# member is "error", not n/a: a finding, and that member's grade, stars
# and award are undetermined, in the stored run, explain and results.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
cp -R "$TOP/rules/example" "$T/errp"
rm -f "$T/errp/MANIFEST" "$T/errp/SIGNATURES"
cat >>"$T/errp/rules.lua" <<'LUA'

requirement "example.boom" {
  title = "raises for one member", clause = "example README §1",
  check = function(m, f, p)
    if m.id == "M001" then error("boom") end
    return true
  end,
}
LUA
expect "a rule error is a finding: exit 1" 1 evaluate --pack "$T/errp" --year 2024
has "the finding names pack, rule and member" err "rule example.boom: member M001:"
expect "explain the member" 0 explain M001 --pack example --year 2024 --json
has "the requirement is an error" out '{"id":"example.boom","status":"error"'
has "grade, stars and award undetermined" out '"grade":null,"stars":null,"award_eligible":null'
expect "explain another member" 0 explain M003 --pack example --year 2024 --json
has "others pass it" out '{"id":"example.boom","status":"pass"'
lacks "others keep a grade" out '"grade":null'
expect "explain in words" 0 explain M001 --pack example --year 2024
has "says it could not be judged" out "error"
expect "results" 0 report results --pack example --year 2024 --format json
has "results show the error" out '"status":"error"'
expect "results as a table" 0 report results --pack example --year 2024 --format csv
has "the table says it could not be judged" out "无法判定"
finish
