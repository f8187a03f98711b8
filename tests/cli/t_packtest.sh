#!/bin/sh
# pack test: the example pack's own tests, a wrong expectation, --json,
# --coverage, and malformed test files.
. tests/cli/lib.sh
EX=$TOP/rules/example
mkdir -p "$T/tmp"
export TMPDIR="$T/tmp"    # where each case's scratch database goes

# like has, with an extended regular expression
matches() {
	if grep -qE -- "$3" "$T/$2"; then ok; else
		notok "$1" "$2 lacks /$3/; it has: $(head -c 400 "$T/$2")"; fi
}

expect "example pack passes" 0 pack test example
same "closing line" "$(tail -n 1 "$T/out")" "26 passed, 0 failed"
same "nothing else when all pass" "$(wc -l <"$T/out" | tr -d ' ')" 1

# A copy with a wrong expectation: exit 1, expected against actual, clause.
cp -r "$EX" "$T/wrong"
sed -i 's/\["example.services"\] = "fail" } },/["example.services"] = "pass" } },/' \
    "$T/wrong/tests/services.lua"
expect "wrong expectation fails" 1 pack test "$T/wrong"
has "expected against actual" out "$T/wrong/tests/services.lua:18: case '2 services and 2 hours fail in 2024': M1 example.services: expected pass, got fail (value 2, target 8; facts: services 2, hours 2; 2 次（要求 3 次）或 2.00 小时（要求 8 小时）; clause example README §1)"
has "7 h 59 min shows the hours" out "case '7 h 59 min in 2 services fail': M1 example.services: expected pass, got fail (value 7.98333333333333, target 8; facts: services 2, hours 7.98333333333333;"
same "closing line counts failures" "$(tail -n 1 "$T/out")" "23 passed, 3 failed"

expect "json" 1 pack test "$T/wrong" --json
has "json names the pack" out '{"pack":"example","dir":'
has "json case" out '"line":18,"name":"2 services and 2 hours fail in 2024","status":"fail","error":null,"mismatches":[{"subject":"M1","org":false,"key":"example.services","expected":"pass","actual":"fail","value":2,"target":8,'
has "json facts the rule read" out '"clause":"example README §1","facts":{"services":2,"hours":2}}]}'
has "json passing case" out '"name":"exactly 3 services in 2024 pass","status":"pass","error":null,"mismatches":[]}'
has "json totals" out '"passed":23,"failed":3}'
if command -v python3 >/dev/null 2>&1; then
	python3 -m json.tool "$T/out" >/dev/null 2>&1 && ok || notok "json parses" "$(head -c 300 "$T/out")"
fi

expect "coverage" 0 pack test example --coverage
for r in report services phone pairing discipline unit_effective unit_good_deeds; do
	matches "coverage of example.$r" out "^  example\.$r +yes +yes *\$"
done
for g in 差 一般 好; do
	matches "grade $g reached" out "^  grade $g +reached\$"
done
lacks "no gaps in the example" out "no failing case"

# Without its failing phone cases the coverage names the gap; exit 0.
cp -r "$EX" "$T/gap"
sed -i '/^case "a short number fails"/,$d' "$T/gap/tests/phone.lua"
expect "coverage with a gap" 0 pack test "$T/gap" --coverage
matches "gap shown" out '^  example\.phone +yes +no +no failing case$'
expect "coverage json" 0 pack test "$T/gap" --coverage --json
has "coverage json gap" out '{"id":"example.phone","pass":true,"fail":false}'

# A test file with no cases, or a malformed one: exit 2, one line.
cp -r "$EX" "$T/bad"
printf -- '-- no cases yet\n' >"$T/bad/tests/zz.lua"
expect "empty tests file" 2 pack test "$T/bad"
has "empty file named" err "baodao: $T/bad/tests/zz.lua: no test cases (a test file holds case \"NAME\" { ... })"
lacks "nothing ran" out "passed"
printf 'case "x" {\n  year = 2024,\n  memebers = {},\n}\n' >"$T/bad/tests/zz.lua"
expect "malformed case" 2 pack test "$T/bad"
has "malformed named" err "baodao: $T/bad/tests/zz.lua:1: case 'x': unknown field 'memebers'"
same "one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
expect "malformed case, json" 2 pack test "$T/bad" --json
same "no half JSON document" "$(cat "$T/out")" ""

# Records the importer refuses make the case fail, naming the record.
printf 'case "bad unit" {\n  year = 2024,\n  members = { { id = "M1", unit = "U9" } },\n  expect = { M1 = { score = 0 } },\n}\n' >"$T/bad/tests/zz.lua"
expect "import error fails the case" 1 pack test "$T/bad"
has "import error named" out "$T/bad/tests/zz.lua:1: case 'bad unit': records members.csv:2:unit: unknown unit or branch 'U9'"

# No argument: every pack in the pack path, a line each, then the total.
mkdir -p "$T/packs"
cp -r "$EX" "$T/packs/example"
cp -r "$T/wrong" "$T/packs/wrong"
sed -i 's/^id *= *"example"/id = "wrong"/' "$T/packs/wrong/pack.conf"
printf 'pack_path = {"%s"}\n' "$T/packs" >"$T/packs.conf"
"$BAODAO" --config "$T/packs.conf" --db "$DB" pack test >"$T/out" 2>"$T/err"; rc=$?
same "all packs exit 1" "$rc" 1
has "example summary" out "example: 26 passed, 0 failed"
has "wrong summary" out "wrong: 23 passed, 3 failed"
same "total line" "$(tail -n 1 "$T/out")" "49 passed, 3 failed"

expect "unknown pack" 2 pack test nosuch
expect "bad option" 2 pack test example --frob
same "scratch files removed" "$(ls -A "$T/tmp")" ""
finish
