#!/bin/sh
# An org's requirements run as a member's do: a local a pack's function
# captured and assigned keeps its value from one of the org's rules to
# the next, and is put back before the next org (baodao-rules(7),
# "Read-only after loading").
. tests/cli/lib.sh
mkdir -p "$T/oc/tests"
printf 'id = "oc"\nname = "oc"\nversion = "1"\n' >"$T/oc/pack.conf"
cat >"$T/oc/rules.lua" <<'LUA'
local n = 0
requirement "oc.a" { title = "a", clause = "c", level = "org", kinds = { "branch" },
  check = function(o) n = n + 1 return n == 1, n end }
requirement "oc.b" { title = "b", clause = "c", level = "org", kinds = { "branch" },
  check = function(o) n = n + 1 return n == 2, n end }
LUA
cat >"$T/oc/tests/orgs.lua" <<'LUA'
case "each org's calls see one another's writes, never another org's" {
  year = 2024,
  orgs = { { "code", "name", "kind", "parent", "community" },
    { "U1", "u", "unit", "", "" }, { "B1", "b1", "branch", "U1", "" },
    { "B2", "b2", "branch", "U1", "" } },
  expect = {
    ["org:B1"] = { ["oc.a"] = "pass", ["oc.b"] = "pass" },
    ["org:B2"] = { ["oc.a"] = "pass", ["oc.b"] = "pass" },
  },
}
LUA
expect "writes kept over one org's rules" 0 pack test "$T/oc"
has "one case" out "1 passed, 0 failed"
finish
