#!/bin/sh
# validate: a pack's record checks and the core's own (no record from the
# future); findings name record, field, check and clause; nothing written.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
before=$(sql 'SELECT count(*) FROM audit')
expect "findings exit 1" 1 validate --pack example --as-of 2024-12-31
has "bad mobile" out "member M002: phone: 不是有效的手机号码 [check example.mobile; example README §3]"
has "record card" out "activity M008 2024-06-01 service: verifier:"
lacks "the phone itself is never printed" out "12345"
has "count" out "2 findings"
expect "as of mid-year" 1 validate --pack example --as-of 2024-06-30
has "future registration" out "registration M002 2024-09-21: date: dated after 2024-06-30"
has "future suggestion" out "suggestion M003 2024-11-20: date:"
same "nothing written" "$(sql 'SELECT count(*) FROM audit')" "$before"
expect "no pack" 2 validate
has "usage" err "validate: --pack ID is required"
expect "bad date" 2 validate --pack example --as-of 2024-13-01

mkdir -p "$T/p"
cat >"$T/p/pack.conf" <<'CONF'
id = "v"
name = "v"
version = "1"
CONF
cat >"$T/p/rules.lua" <<'LUA'
requirement "v.x" { title = "x", clause = "c", check = function() return true end }
check "v.boom" { record = "claim", field = "post", title = "t", clause = "c",
  test = function(c) error("boom on " .. c.post) end }
LUA
expect "a failing check is a finding" 1 validate --pack "$T/p" --as-of 2024-12-31
has "rule error named" out "claim M001 2024-03-01 P01: post: rule error:"
has "its message" out "boom on P01"
cat >"$T/p/rules.lua" <<'LUA'
requirement "v.x" { title = "x", clause = "c", check = function() return true end }
check "v.bad" { record = "house", field = "f", title = "t", clause = "c", test = function() end }
LUA
expect "unknown record kind" 2 validate --pack "$T/p" --as-of 2024-12-31
has "kind named" err "rules.lua:2: check 'v.bad': record must be \"member\", \"activity\" or \"claim\""
finish
