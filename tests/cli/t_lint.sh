#!/bin/sh
# pack lint: the example pack is clean; a copy with one mistake of each
# kind gets each one reported as FILE:LINE: message, and exit 1.
. tests/cli/lib.sh

expect "example by id is clean" 0 pack lint example
same "example by id says so" "$(cat "$T/out")" "no findings"
expect "example by folder is clean" 0 pack lint "$TOP/rules/example"
same "example by folder says so" "$(cat "$T/out")" "no findings"

# copy NAME: a copy of the example pack in $T/NAME
copy() {
	rm -rf "$T/$1"
	cp -R "$TOP/rules/example" "$T/$1"
}

# One more file with a misspelt global, os.execute and an undeclared
# parameter; stars that do not rise; a parameter nothing reads; an
# unknown report.
copy bad
cd "$T/bad" || exit 3
sed -i 's/^files    = {"facts.lua", "rules.lua"}/files    = {"facts.lua", "rules.lua", "extra.lua"}/' pack.conf
cat >extra.lua <<'EOF'
-- Mistakes policy staff make.
local function busy(m, f, p)
  local n = f.services + servces
  os.execute("rm -rf /")
  return n >= p.min_servces
end

requirement "example.busy" {
  title = "busy", clause = "example README §1",
  check = function(m, f, p) return busy(m, f, p) end,
}
EOF
printf 'parameter spare {\n\ttype = int\n\tdefault = "1"\n\tdescription = "d"\n\tclause = "local choice"\n}\n' >>pack.conf
sed -i 's/{ "2", 20 }/{ "2", 90 }/' rules.lua
spare=$(grep -n '^parameter spare' pack.conf | cut -d: -f1)
stars=$(grep -n '^stars' rules.lua | cut -d: -f1)
cd "$T" || exit 3
expect "mistakes exit 1" 1 pack lint "$T/bad"
same "every mistake at its line" "$(cat "$T/out")" "extra.lua:3: undefined global 'servces'
extra.lua:4: os is blocked in the sandbox
extra.lua:5: parameter 'min_servces' is not declared in pack.conf: add a parameter min_servces { ... } section
pack.conf:$spare: parameter 'spare' is declared but never used
rules.lua:$stars: stars bands overlap: '3' starts at 40, not above '2' at 90
5 findings"

# A report pack.conf lists must be results or one of the pack's forms
# (checked once the pack loads).
copy reports
sed -i 's/^reports  = {"results"}/reports  = {"results", "roster", "ledgr"}/' "$T/reports/pack.conf"
reports=$(grep -n '^reports' "$T/reports/pack.conf" | cut -d: -f1)
expect "unknown report exits 1" 1 pack lint "$T/reports"
same "unknown report named, the form is known" "$(cat "$T/out")" "pack.conf:$reports: report 'ledgr' is not a known report
1 finding"

# Once the pack loads, a requirement no test names is reported.
copy untested
rm "$T/untested/tests/phone.lua"
phone=$(grep -n '^requirement "example.phone"' "$T/untested/rules.lua" | cut -d: -f1)
expect "untested exits 1" 1 pack lint "$T/untested"
same "untested named" "$(cat "$T/out")" "rules.lua:$phone: requirement 'example.phone' has no test in tests/
1 finding"

# A syntax error is reported as Lua reports it, and nothing it hides.
copy syntax
printf 'requirement "example.x" {\n  title = "x"\n  clause = "y",\n}\n' >>"$T/syntax/rules.lua"
line=$(($(wc -l <"$T/syntax/rules.lua") - 1))
expect "syntax exits 1" 1 pack lint "$T/syntax"
same "syntax at its line" "$(cat "$T/out")" "rules.lua:$line: '}' expected (to close '{' at line $((line - 2))) near 'clause' (check this line and the line above for a missing comma, brace or end)
1 finding"

# A folder that is no pack cannot be linted at all.
expect "no pack exits 2" 2 pack lint "$T/nowhere/"
has "no pack named" err "not a pack folder"
expect "usage" 2 pack lint
has "usage named" err "usage: baodao pack lint DIR|ID"

finish
