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
# The jurisdiction packs' checks (huaian has jiangsu's too, by extends).
expect "huaian checks" 1 validate --pack huaian --as-of 2024-12-31
has "unit code of 附表2" out "member M002: unit: 单位代码不符合附表2的格式"
has "a 4-digit post code" out "claim M001 2024-03-01 P01: post: 认领岗位不是附表1所列的岗位代码（1-15）"
lacks "a community's own post is legitimate" out "C001-01"
has "四清 gaps (inherited)" out "member M008: address: 缺少家庭住址、兴趣特长、服务意愿 [check jiangsu.four_clear"
has "record card (inherited)" out "activity M008 2024-06-01 service: verifier: 缺少认证签字，不计入服务记录"

# --year Y checks the records of Y only: the 2024 records are not 2023's
# findings, and a past year is checked as of its last day.
expect "only the year's records" 1 validate --pack example --year 2023 --as-of 2024-12-31
lacks "a 2024 record is not a 2023 finding" out "2024-"
has "member checks still run" out "member M002: phone:"
expect "a past year without --as-of" 1 validate --pack example --year 2023
lacks "no 2024 record either" out "2024-"
expect "the year's own records checked" 1 validate --pack example --year 2024 --as-of 2024-06-30
has "a 2024 record card" out "activity M008 2024-06-01 service: verifier:"
has "a 2024 record from the future" out "registration M002 2024-09-21: date: dated after 2024-06-30"
expect "bad year" 2 validate --pack example --year 20x3

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
