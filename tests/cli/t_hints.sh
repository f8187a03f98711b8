#!/bin/sh
# Errors for pack authors say what to do where the cause is a common one,
# in English and in Chinese, and keep their FILE:LINE: prefix: != for ~=,
# a missing comma or brace, an unknown or misspelt key of pack.conf, a
# section not closed, a parameter used but not declared.
. tests/cli/lib.sh

mkdir -p "$T/p/tests"
conf() { printf 'id = "t"\nname = "t"\nversion = "1"\nfiles = {"rules.lua"}\n%s' "$1" >"$T/p/pack.conf"; }
rules() { printf '%s\n' "$1" >"$T/p/rules.lua"; }
zh() { env LC_ALL=zh_CN.UTF-8 "$BAODAO" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
cat >"$T/p/tests/a.lua" <<'LUA'
case "a" { year = 2024, members = { { id = "M1" } }, expect = { M1 = { ["t.x"] = "pass" } } }
LUA
conf ''

rules 'requirement "t.x" { title = "x", clause = "c",
  check = function(m, f)
    if 1 != 2 then return true end
  end }'
expect "!= in pack test" 2 pack test "$T/p"
has "!= hint" err "rules.lua:3: 'then' expected near '!' (Lua writes 'not equal' as ~=: change != to ~=)"
expect "!= in pack lint" 1 pack lint "$T/p"
has "!= hint in lint" out "rules.lua:3: 'then' expected near '!' (Lua writes 'not equal' as ~=: change != to ~=)"
zh pack lint "$T/p"
has "!= hint in Chinese" out "rules.lua:3: 'then' expected near '!'（Lua 的“不等于”写作 ~=：请把 != 改为 ~=）"

rules 'requirement "t.x" { title = "x", clause = "c"
  check = function() return true end }'
expect "a missing comma" 2 pack test "$T/p"
has "comma hint" err "rules.lua:2: '}' expected (to close '{' at line 1) near 'check' (check this line and the line above for a missing comma, brace or end)"
rules 'requirement "t.x" { title = "x", clause = "c",
  check = function() if true then return true end }'
expect "a missing end" 2 pack test "$T/p"
has "end hint" err "missing comma, brace or end)"
zh pack test "$T/p"
has "end hint in Chinese" err "（请检查本行和上一行是否缺少逗号、括号或 end）"
has "the pack named in Chinese" err "规则包 t：rules.lua:2:"

rules 'requirement "t.x" { title = "x", clause = "c", check = function(m, f, p) return p.min_x > 0 end }'
expect "an undeclared parameter" 1 pack test "$T/p"
has "run time: what to add" out "parameter 'min_x' is not declared in pack.conf: add a parameter min_x { ... } section"
expect "lint: undeclared parameter" 1 pack lint "$T/p"
has "lint: what to add" out "rules.lua:1: parameter 'min_x' is not declared in pack.conf: add a parameter min_x { ... } section"

rules 'requirement "t.x" { title = "x", clause = "c", check = function() return true end }'
conf 'isuer = "x"
'
expect "a misspelt key" 2 pack test "$T/p"
has "the nearest key, and the keys" err "pack.conf:5: unknown key 'isuer' (did you mean 'issuer'?); the keys are: id, name, version, issuer,"
zh pack test "$T/p"
has "in Chinese" err "pack.conf:5: 未知的键 'isuer'（是否应为 'issuer'？）；可用的键：id, name, version, issuer,"
conf 'colour = "x"
'
expect "an unknown key" 2 pack test "$T/p"
has "no guess when nothing is near" err "pack.conf:5: unknown key 'colour'; the keys are: id,"
conf 'parameter x {
	type = int
	default = "1"
	descripton = "d"
	clause = "c"
}
'
expect "a misspelt key in a section" 2 pack test "$T/p"
has "the section's keys" err "pack.conf:8: unknown key 'descripton' (did you mean 'description'?); the keys of a parameter section are: type, default, min, max, description,"
conf 'parameter x {
	type = int
	default = "1"
	description = "d"
	clause = "c"

parameter y {
	type = int
}
'
expect "a section not closed" 2 pack test "$T/p"
has "the brace missing" err "pack.conf:11: 'parameter' inside the 'parameter' section: a '}' is missing before this line"

# baodao.conf is read the same way.
printf 'jobz = 3\n' >"$T/b.conf"
"$BAODAO" --config "$T/b.conf" pack list >"$T/out" 2>"$T/err"
has "baodao.conf" err "b.conf:1: unknown key 'jobz' (did you mean 'jobs'?)"
finish
