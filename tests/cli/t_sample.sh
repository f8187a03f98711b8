#!/bin/sh
# The bundled sample region (data/region, made by tools/gen-region.c)
# imports whole, every kind, as `make demo` imports it: a generator change
# that makes records the workflows refuse (a wish dispatched by a branch
# that does not serve its community, say) fails here, not only in the demo.
. tests/cli/lib.sh
printf 'pack_path = {"%s"}\n' "$TOP/rules" >"$T/packs.conf"
expect "init" 0 init
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches member_events; do
	"$BAODAO" --config "$T/packs.conf" --db "$DB" import "$k" "$TOP/data/region/$k.csv" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 0 ]; then ok; else
		notok "import $k" "exit $rc: $(head -c 400 "$T/err")"; fi
done
same "every member imported" "$(sql 'SELECT count(*) FROM member')" \
	"$(($(wc -l <"$TOP/data/region/members.csv") - 1))"

# Findings reach stderr in member order however many workers there are:
# a rule that raises for every member shows the same first 20, the
# region's first 20 members, with --jobs 1 and --jobs 3.
mkdir -p "$T/raises"
printf 'id = "raises"\nname = "raises for every member"\nversion = "0.1"\nfiles = {"rules.lua"}\n' \
    >"$T/raises/pack.conf"
printf 'requirement "raises.always" {\n  title = "raises", clause = "test",\n  check = function(m) error("no rule for " .. m.id, 0) end,\n}\n' \
    >"$T/raises/rules.lua"
for j in 1 3; do
	"$BAODAO" --config "$T/packs.conf" --db "$DB" evaluate --pack "$T/raises" --year 2024 \
	    --jobs $j >/dev/null 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 1 ]; then ok; else notok "findings exit 1 (--jobs $j)" "exit $rc"; fi
	grep 'rule raises.always' "$T/err" >"$T/shown$j"
done
same "20 findings shown" "$(wc -l <"$T/shown1")" 20
first=$(sed -n 2p "$TOP/data/region/members.csv" | cut -d, -f1)
twentieth=$(sed -n 21p "$TOP/data/region/members.csv" | cut -d, -f1)
same "the first member's first" "$(sed -n 1p "$T/shown1")" \
    "baodao: pack raises: rule raises.always: member $first: no rule for $first"
same "the twentieth member's last" "$(sed -n 20p "$T/shown1")" \
    "baodao: pack raises: rule raises.always: member $twentieth: no rule for $twentieth"
if cmp -s "$T/shown1" "$T/shown3"; then ok; else
	notok "--jobs 1 and 3 show the same findings" "$(diff "$T/shown1" "$T/shown3" | head -4)"; fi

# evaluate counts the members for its bar only when it draws one, and
# then the bar has its total.
printf 'progress = always\npack_path = {"%s"}\n' "$TOP/rules" >"$T/always.conf"
"$BAODAO" --config "$T/always.conf" --db "$DB" evaluate --pack changji --year 2024 --jobs 2 \
    >/dev/null 2>"$T/err"
has "the bar has its total" err "evaluating ["
"$BAODAO" --config "$T/packs.conf" --db "$DB" evaluate --pack changji --year 2024 --jobs 2 \
    >/dev/null 2>"$T/err"
lacks "no bar off a terminal" err "evaluating"

# A member's rules run in an unmetered batch under the default limit
# (sandbox.h): what they print is written once, also for the member
# whose loop stops its batch and who is evaluated again, counted.
mkdir -p "$T/prints"
second=$(sed -n 3p "$TOP/data/region/members.csv" | cut -d, -f1)
printf 'id = "prints"\nname = "prints for every member"\nversion = "0.1"\nfiles = {"rules.lua"}\n' \
    >"$T/prints/pack.conf"
printf 'requirement "prints.each" {\n  title = "prints", clause = "test",\n  check = function(m)\n    print("member " .. m.id)\n    if m.id == "%s" then while true do end end\n    return true\n  end,\n}\n' \
    "$second" >"$T/prints/rules.lua"
"$BAODAO" --config "$T/packs.conf" --db "$DB" evaluate --pack "$T/prints" --year 2024 \
    --jobs 2 >/dev/null 2>"$T/err"
same "one line printed a member" "$(grep -c '^baodao: lua: rules.lua:4: member ' "$T/err")" \
    "$(sql "SELECT count(*) FROM member")"
same "the member run again printed once" "$(grep -c ": member $second\$" "$T/err")" 1
has "its loop stopped, counted" err "rule prints.each: member $second: "
has "at the limit" err "instruction limit exceeded (10000000 instructions)"

# A member's calls are one protected call; when a rule raises in it, the
# member is evaluated again a call each: it prints once, its finding is
# the rule's own error, and its other requirements and its score are
# what they would be.
mkdir -p "$T/fails"
printf 'id = "fails"\nname = "fails for one member"\nversion = "0.1"\nfiles = {"rules.lua"}\n' \
    >"$T/fails/pack.conf"
cat >"$T/fails/rules.lua" <<EOF
requirement "fails.one" {
  title = "fails for one", clause = "test",
  check = function(m)
    print("checked " .. m.id)
    if m.id == "$second" then error("no record of " .. m.id, 0) end
    return true
  end,
}
requirement "fails.after" {
  title = "after it", clause = "test",
  check = function(m, f, p, r) return r["fails.one"] ~= "pass", r["fails.one"] end,
}
score(function(m, f, p, r) if r["fails.after"] == "pass" then return 7 end return 1 end)
EOF
"$BAODAO" --config "$T/packs.conf" --db "$DB" evaluate --pack "$T/fails" --year 2024 \
    --jobs 2 >"$T/out" 2>"$T/err"
same "each member checked once" "$(grep -c '^baodao: lua: rules.lua:4: checked ' "$T/err")" \
    "$(sql "SELECT count(*) FROM member")"
same "the member that raised, once" "$(grep -c ": checked $second\$" "$T/err")" 1
has "its finding is the rule's error" err "rule fails.one: member $second: no record of $second"
same "one finding" "$(grep -c 'rule fails' "$T/err")" 1
same "its next requirement saw the error" "$(sql "SELECT CAST(s.score AS INTEGER) FROM run_subject s
    JOIN member m ON m.id = s.subject WHERE s.level = 0 AND m.code = '$second'
    AND s.run_id = (SELECT max(id) FROM run)")" 7
same "the others scored 1" "$(sql "SELECT count(*) FROM run_subject WHERE level = 0
    AND score = 1 AND run_id = (SELECT max(id) FROM run)")" \
    "$(($(sql "SELECT count(*) FROM member") - 1))"
finish
