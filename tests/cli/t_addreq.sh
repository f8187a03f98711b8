#!/bin/sh
# pack add-requirement on a copy of rules/changji: the new duty of the
# revised 昌州建党〔2023〕69号 (one 民族团结 activity a year from
# 2025-01-01), with no Lua written by hand; the copy then lints clean and
# its tests pass, the generated cases bite, refusals change nothing, and
# pack diff of the copy on 2024 moves nobody.
. tests/cli/lib.sh
exec </dev/null    # no terminal: missing flags are an error, not questions

cp -r "$TOP/rules/changji" "$T/cj"
expect "the copy's tests" 0 pack test "$T/cj"
before=$(sed -n 's/ passed, 0 failed$//p' "$T/out")

expect "add-requirement" 0 pack add-requirement "$T/cj" --id ethnic_unity_member \
    --title "每年至少参加1次民族团结活动" --clause "昌州建党〔2025〕1号 二(二)7" \
    --count activity --where kind=ethnic_unity --min 1 --since 2025-01-01 \
    --applies bound --award
has "fact said" out "facts.lua: fact ethnic_unity_member (count of activity records with kind = \"ethnic_unity\")"
has "parameter said" out "pack.conf: parameter min_ethnic_unity_member (0, and 1 from 2025-01-01)"
has "requirement said" out "rules.lua: requirement changji.ethnic_unity_member"
has "award said" out "rules.lua: changji.ethnic_unity_member added to the award's DUTIES"
has "tests said" out "tests/ethnic_unity_member.lua: 3 test cases (pass, fail, n/a before the start)"
has "fact written" "../$(basename "$T")/cj/facts.lua" \
    'fact "ethnic_unity_member" { count = "activity", where = { kind = "ethnic_unity" } }'
has "dated parameter" "../$(basename "$T")/cj/pack.conf" 'since "2025-01-01" {'
has "in the award" "../$(basename "$T")/cj/rules.lua" '  "changji.ethnic_unity_member",'
has "bound by bound()" "../$(basename "$T")/cj/rules.lua" '    return bound(m)'

expect "lint clean" 0 pack lint "$T/cj"
has "no findings" out "no findings"
expect "tests pass" 0 pack test "$T/cj"
has "three more cases" out "$((before + 3)) passed, 0 failed"

# The passing case needs the minimum: raised to 2 it fails.
cp "$T/cj/pack.conf" "$T/pack.conf.keep"
sed -i '/^parameter min_ethnic_unity_member/,/^}/s/value = "1"/value = "2"/' "$T/cj/pack.conf"
expect "min raised" 1 pack test "$T/cj"
has "pass case fails" out "case 'ethnic_unity_member: 1 records pass': M1 changji.ethnic_unity_member: expected pass, got fail"
cp "$T/pack.conf.keep" "$T/cj/pack.conf"
# The failing case fails a rule that never fails.
cp "$T/cj/rules.lua" "$T/rules.lua.keep"
sed -i 's/return f.ethnic_unity_member >= p.min_ethnic_unity_member,/return true,/' "$T/cj/rules.lua"
expect "a rule that always passes" 1 pack test "$T/cj"
has "fail case fails" out "case 'ethnic_unity_member: 0 records fail': M1 changji.ethnic_unity_member: expected fail, got pass"
cp "$T/rules.lua.keep" "$T/cj/rules.lua"

# Refusals change nothing.
sums() { cat "$1"/*.lua "$1"/pack.conf "$1"/tests/*.lua | cksum; }
sum=$(sums "$T/cj")
expect "the same id again" 2 pack add-requirement "$T/cj" --id ethnic_unity_member \
    --title t --clause c --count activity
has "already there" err "pack changji has a requirement changji.ethnic_unity_member already"
expect "an unknown kind" 2 pack add-requirement "$T/cj" --id x --title t --clause c --count nosuch
has "kind named" err "--count: 'nosuch' is not a record kind"
expect "a bad date" 2 pack add-requirement "$T/cj" --id x --title t --clause c \
    --count activity --since 2025-13-01
has "date named" err "--since '2025-13-01': expected a date YYYY-MM-DD"
expect "a bad minimum" 2 pack add-requirement "$T/cj" --id x --title t --clause c \
    --count activity --min 0
expect "flags missing" 2 pack add-requirement "$T/cj" --id x
has "required named" err "--id, --title, --clause and --count are required"
expect "a bad filter" 2 pack add-requirement "$T/cj" --id x --title t --clause c \
    --count activity --where kind
has "filter named" err "--where 'kind': expected FIELD=VALUE"
same "nothing written" "$(sums "$T/cj")" "$sum"
# A file that cannot be written (its new copy's name taken by a folder:
# the test file is the last written) leaves the others as they were.
mkdir -p "$T/cj/tests/x.lua.new"
expect "the test file not writable" 3 pack add-requirement "$T/cj" --id x --title t \
    --clause c --count activity
has "file named" err "/cj/tests/x.lua.new: Is a directory"
same "nothing replaced" "$(sums "$T/cj")" "$sum"
same "no new copies left" "$(ls "$T/cj" | grep -c '\.new$')" 0
rmdir "$T/cj/tests/x.lua.new"
cp -r "$TOP/rules/example" "$T/ex"
exsum=$(sums "$T/ex")
expect "no DUTIES list" 2 pack add-requirement "$T/ex" --id x --title t --clause c \
    --count suggestion --award
has "award by hand" err "add example.x to the award by hand"
same "example unchanged" "$(sums "$T/ex")" "$exsum"
same "no test file" "$(ls "$T/ex/tests" | grep -c '^x.lua$')" 0
expect "a kind with a post" 0 pack add-requirement "$T/ex" --id claims_2 --title t \
    --clause c --count claim --min 2
expect "its cases pass" 0 pack test "$T/ex"
expect "and lint clean" 0 pack lint "$T/ex"
"$BAODAO" pack seal "$T/ex" >/dev/null
expect "a sealed folder" 2 pack add-requirement "$T/ex" --id y --title t --clause c \
    --count activity
has "sealed named" err "is sealed (MANIFEST)"

# On a terminal the missing flags are asked for.
if command -v script >/dev/null 2>&1; then
	cp -r "$TOP/rules/example" "$T/ex2"
	printf 'visits_2\n每年走访2次\n§7\nactivity\nkind=visit\n2\n2025-01-01\n\n' |
	    script -qec "'$BAODAO' pack add-requirement '$T/ex2'" /dev/null >"$T/out" 2>&1
	has "asked" out "requirement id (PACK.NAME or NAME): "
	has "answered" out "pack.conf: parameter min_visits_2 (0, and 2 from 2025-01-01)"
	expect "asked, and its tests pass" 0 pack test "$T/ex2"
fi

# On 2024 the new duty is n/a for everyone: nothing moves, exit 0.
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
expect "diff on 2024" 0 pack diff "$TOP/rules/changji" "$T/cj" --year 2024
has "no grade moves" out "grade moves: none"
has "no award moves" out "award eligibility: 0 gained, 0 lost"
has "new requirement counted" out "  changji.ethnic_unity_member (member, new): pass 0, fail 0, n/a 8, error 0"
has "nobody moves" out "members whose outcomes change: 0"
finish
