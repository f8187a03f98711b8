#!/bin/sh
# The stored run is the single source: explain, results and every form
# read it and never evaluate; record rows keep to the run's year and as-of
# date; runs are listed, pinned and pruned; an old database keeps its runs.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

# No run: every report says so and exits 2.
norun="baodao: no run of pack changji for year 2024; run 'baodao evaluate --pack changji --year 2024' first"
expect "explain without a run" 2 explain M001 --pack changji --year 2024
has "explain says there is no run" err "$norun"
expect "results without a run" 2 report results --pack changji --year 2024
has "results says there is no run" err "$norun"
expect "a form without a run" 2 report points --pack changji --year 2024
has "the form says there is no run" err "$norun"
LC_ALL=zh_CN.UTF-8 "$BAODAO" --db "$DB" report points --pack changji --year 2024 >"$T/out" 2>"$T/err"
has "in Chinese too" err "规则包 changji 没有 2024 年的评议结果；请先运行 'baodao evaluate --pack changji --year 2024'"
same "one line" "$(wc -l <"$T/err")" 1

# Records of the next year, and after the as-of date, stay out of the
# forms of the year.
cat >"$T/late.csv" <<'EOF'
member,date,kind,hours,community,content,place,rating,verifier
M001,2025-01-10,service,2,C001,新年后的服务,清安社区,优,陈红
M001,2024-12-20,service,2,C001,截止日后的服务,清安社区,优,陈红
EOF
"$BAODAO" --db "$DB" import activities "$T/late.csv" >/dev/null
"$BAODAO" --db "$DB" wish order W009 --community C001 --content 新年心愿 --date 2025-02-01 >/dev/null
"$BAODAO" --db "$DB" evaluate --pack example --year 2024 --as-of 2024-12-01 >/dev/null
# evaluate writes its rows without foreign key checks (each refers to the
# run row it wrote): they still satisfy them, and the connection checks
# them again after.
same "a run's rows keep their foreign keys" "$(sql 'PRAGMA foreign_key_check')" ""
same "the run's rows are there" "$(sql 'SELECT count(*) > 0 FROM run_subject WHERE run_id = (SELECT max(id) FROM run)')" 1
expect "card of 2024" 0 report card --pack example --year 2024
has "a record of the year is there" out "张三,2024-04-06"
lacks "no record of 2025" out "新年后的服务"
lacks "no record after the as-of date" out "截止日后的服务"
expect "wishes of 2024" 0 report wishes --pack example --year 2024
has "a wish of 2024" out "W001"
lacks "no wish of 2025" out "W009"
"$BAODAO" --db "$DB" evaluate --pack example --year 2025 >/dev/null
expect "card of 2025" 0 report card --pack example --year 2025
has "the 2025 record in 2025" out "新年后的服务"
lacks "no record of 2024 in 2025" out "张三,2024-04-06"
expect "wishes of 2025" 0 report wishes --pack example --year 2025
has "the 2025 wish in 2025" out "W009"
lacks "no wish of 2024 in 2025" out "W001"

# A form and the results agree member by member.
"$BAODAO" --db "$DB" evaluate --pack changji --year 2024 >/dev/null
expect "points form" 0 report points --pack changji --year 2024 --format csv
tail -n +2 "$T/out" | awk -F, '{ print $1 "," $10 }' | sort >"$T/form-grades"
expect "results" 0 report results --pack changji --year 2024 --format csv
tail -n +2 "$T/out" | awk -F, '{ print $2 "," $6 }' | sort >"$T/result-grades"
same "grades agree" "$(cat "$T/form-grades")" "$(cat "$T/result-grades")"
same "every member" "$(wc -l <"$T/form-grades")" 8
grep -q ',[好较一差]' "$T/form-grades" && ok || notok "grades shown" "$(cat "$T/form-grades")"

# A run's rows wait in a temporary file (in $TMPDIR) until they are
# stored: where none can be made, evaluate says where in one line and
# stores nothing.
before=$(sql "SELECT count(*) FROM run")
TMPDIR=/nonexistent/baodao-tmp "$BAODAO" --db "$DB" evaluate --pack changji --year 2024 \
    >"$T/out" 2>"$T/err"
same "no temporary file: exit 3" "$?" 3
has "no temporary file: says where" err "baodao: cannot make a temporary file in /nonexistent/baodao-tmp: No such file or directory"
same "no temporary file: one line" "$(wc -l <"$T/err")" 1
same "no temporary file: no run stored" "$(sql 'SELECT count(*) FROM run')" "$before"
# Without TMPDIR it tries /var/tmp, then /tmp, and names both when
# neither will do.  Read-only mounts of the two, in a mount namespace of
# the test's own (root only), the test's folder kept writable.
if unshare -m true 2>/dev/null; then
	unshare -m sh -c 'mount --bind "$1" "$1" && mount --rbind /tmp /tmp &&
	    mount -o remount,ro,bind /tmp && mount -t tmpfs -o ro none /var/tmp &&
	    exec env -u TMPDIR "$2" --db "$3" evaluate --pack changji --year 2024' sh \
	    "$T" "$BAODAO" "$DB" >"$T/out" 2>"$T/err"
	same "no /var/tmp, no /tmp: exit 3" "$?" 3
	has "no /var/tmp, no /tmp: both named" err "baodao: cannot make a temporary file in /var/tmp (Read-only file system) or /tmp (Read-only file system)"
	same "no /var/tmp, no /tmp: no run stored" "$(sql 'SELECT count(*) FROM run')" "$before"
else
	echo "# /var/tmp and /tmp read-only: skipped (no mount namespace here)"
fi

# A record changed after the run changes nothing until the next evaluate.
expect "explain before" 0 explain M006 --pack changji --year 2024 --json
has "wish not done" out '"id":"changji.wish_1","status":"fail","value":0'
has "the facts read are stored" out '"facts":{"wishes_done":0}'
expect "form before" 0 report points --pack changji --year 2024 --format csv
grep '^孙八,' "$T/out" >"$T/before"
"$BAODAO" --db "$DB" wish done W002 --date 2024-06-01 >/dev/null
printf 'member,date,kind,hours,community,content,place,rating,verifier\nM006,2024-07-01,service,2,C001,补录的服务,清安社区,优,陈红\n' >"$T/more.csv"
"$BAODAO" --db "$DB" import activities "$T/more.csv" >/dev/null
expect "explain after the change" 0 explain M006 --pack changji --year 2024 --json
has "still the run's outcome" out '"id":"changji.wish_1","status":"fail","value":0'
has "still the run's facts" out '"facts":{"wishes_done":0}'
expect "results after the change" 0 report results --pack changji --year 2024 --format json
has "results unchanged" out '"id":"changji.wish_1","status":"fail","value":0'
expect "form after the change" 0 report points --pack changji --year 2024 --format csv
same "form row unchanged" "$(grep '^孙八,' "$T/out")" "$(cat "$T/before")"
"$BAODAO" --db "$DB" evaluate --pack changji --year 2024 >/dev/null
expect "explain after evaluate" 0 explain M006 --pack changji --year 2024
has "now done" out "value 1 / target 1"
has "read from the new run" out "read wishes_done 1"
expect "form after evaluate" 0 report points --pack changji --year 2024 --format csv
if [ "$(grep '^孙八,' "$T/out")" != "$(cat "$T/before")" ]; then ok; else
	notok "form row follows the new run" "$(grep '^孙八,' "$T/out")"; fi

# A form reads only the facts it declares.
mkdir -p "$T/p"
printf 'id = "f"\nname = "f"\nversion = "1"\n' >"$T/p/pack.conf"
cat >"$T/p/rules.lua" <<'LUA'
fact "services" { count = "activity" }
fact "hours" { sum = "hours", of = "activity" }
requirement "f.x" { title = "x", clause = "c", check = function(m, f) return f.services > 0 end }
form "ok" { title = "t", clause = "c", rows = "member", facts = { "services" },
  columns = { { "n", function(m, f) return f.services end } } }
form "sly" { title = "t", clause = "c", rows = "member", facts = { "services" },
  columns = { { "h", function(m, f) return f.hours + 1 end } } }
form "typo" { title = "t", clause = "c", rows = "member", facts = { "servises" },
  columns = { { "n", "name" } } }
LUA
expect "a fact not declared" 2 report ok --pack "$T/p" --year 2024
has "the facts list is checked" err "pack f: form 'typo': facts: no member-level fact 'servises'"
sed -i '/typo/,$d' "$T/p/rules.lua"
"$BAODAO" --db "$DB" evaluate --pack "$T/p" --year 2024 >/dev/null
expect "declared facts" 0 report ok --pack "$T/p" --year 2024
expect "an undeclared fact" 2 report sly --pack "$T/p" --year 2024
has "pack, form, column and fact named" err "pack f: form 'sly': column 'h' reads fact 'hours', which the form's facts list does not name"
echo '-- changed' >>"$T/p/rules.lua"
expect "the pack changed since the run" 2 report ok --pack "$T/p" --year 2024
has "evaluate again" err "run 'baodao evaluate --pack f --year 2024' again"

# runs: listed, pinned, pruned in one transaction.
"$BAODAO" --db "$DB" evaluate --pack changji --year 2024 >/dev/null
expect "runs listed" 0 runs --pack changji
same "three changji runs" "$(grep -c ' changji ' "$T/out")" 3
old=$(sql "SELECT min(id) FROM run WHERE pack = 'changji'")
mid=$(sql "SELECT id FROM run WHERE pack = 'changji' ORDER BY id LIMIT 1 OFFSET 1")
new=$(sql "SELECT max(id) FROM run WHERE pack = 'changji'")
expect "pin" 0 runs pin "$old"
expect "runs list pinned" 0 runs --pack changji --year 2024
grep -q "^$old .*pinned" "$T/out" && ok || notok "pinned shown" "$(cat "$T/out")"
sql "CREATE TRIGGER keep_mid BEFORE DELETE ON run WHEN old.id = $mid BEGIN SELECT RAISE(ABORT, 'held'); END;"
expect "a failing prune" 3 runs prune --keep 1 --pack changji
same "nothing removed" "$(sql "SELECT count(*) FROM run_subject WHERE run_id = $mid")" 11
sql "DROP TRIGGER keep_mid"
expect "prune" 0 runs prune --keep 1 --pack changji
has "one removed" out "1 runs removed"
same "older unpinned run gone" "$(sql "SELECT count(*) FROM run WHERE id = $mid")" 0
same "its subjects gone" "$(sql "SELECT count(*) FROM run_subject WHERE run_id = $mid")" 0
same "pinned kept" "$(sql "SELECT count(*) FROM run WHERE id = $old")" 1
same "newest kept" "$(sql "SELECT count(*) FROM run WHERE id = $new")" 1
same "other packs untouched" "$(sql "SELECT count(*) FROM run WHERE pack = 'example'")" 2
expect "unpin" 0 runs unpin "$old"
expect "prune again" 0 runs prune --keep 1
same "only the newest of each pack and year" "$(sql "SELECT count(*) FROM run")" 4
expect "prune needs --keep" 2 runs prune
expect "a bad keep" 2 runs prune --keep x
expect "pin needs a run" 2 runs pin
expect "no such run" 2 runs pin 9999

# A database of schema 4 with a run: migrated, it still explains.
O=$T/old.db
cat "$TOP"/schema/00[1-4]_*.sql | sqlite3 "$O"
sqlite3 "$O" <<'EOF'
CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL);
INSERT INTO schema_migration VALUES (1,'001_init',''),(2,'002_installed_packs',''),
 (3,'003_outcome_points',''),(4,'004_member_event','');
PRAGMA user_version = 4;
INSERT INTO org (id, code, name, kind) VALUES (1, 'U1', '单位', 'unit');
INSERT INTO member (id, code, name, unit_id) VALUES (1, 'M1', '甲', 1), (2, 'M2', '乙', 1);
INSERT INTO run VALUES (1, 'old', '1.0', printf('%064d', 0), 2023, '2023-12-31', NULL,
 '2024-01-02T00:00:00Z', '2024-01-02T00:00:01Z', 'finished', 2, 0, 0, NULL);
INSERT INTO run_requirement VALUES (1, 0, 'old.a', 'member', 'A', 'c1', 'old'),
 (1, 1, 'old.b', 'member', 'B', 'c2', 'old');
INSERT INTO result VALUES (1, 'member', 1, 12.5, '好', NULL, 1, NULL),
 (1, 'member', 2, NULL, NULL, NULL, NULL, NULL);
INSERT INTO outcome VALUES (1, 'member', 1, 0, 'pass', '3', '2', NULL, 10),
 (1, 'member', 1, 1, 'fail', '"x"', NULL, 'no b', NULL),
 (1, 'member', 2, 0, 'n/a', NULL, NULL, NULL, NULL),
 (1, 'member', 2, 1, 'pass', 'true', 'true', NULL, NULL);
EOF
"$BAODAO" --db "$O" init >"$T/out" 2>"$T/err"
has "migrated" out "schema version $(ls "$TOP"/schema/*.sql | sed -n '$s|.*/0*\([0-9]*\)_.*|\1|p') ($(($(ls "$TOP"/schema/*.sql | wc -l) - 4)) migrations applied)"
"$BAODAO" --db "$O" explain M1 --pack old --year 2023 --json >"$T/out" 2>"$T/err"
has "old run explained" out '"member_id":"M1","name":"甲","year":2023,"pack":"old","pack_version":"1.0"'
has "score and grade kept" out '"score":12.5,"grade":"好","stars":null,"award_eligible":true'
has "outcome with points kept" out '{"id":"old.a","status":"pass","value":3,"target":2,"clause":"c1","message":"met","title":"A","origin":"old","points":10'
has "outcome with message kept" out '{"id":"old.b","status":"fail","value":"x","target":null,"clause":"c2","message":"no b"'
"$BAODAO" --db "$O" report results --pack old --year 2023 >"$T/out" 2>"$T/err"
has "old results" out "M2,乙,U1,,,,,,不适用,达到"
# A run stored before forms read runs kept no facts: its forms ask for a new run.
sql "UPDATE run SET member_facts = NULL WHERE pack = 'example' AND year = 2024"
expect "a run without facts" 2 report roster --pack example --year 2024
has "evaluate again" err "stored no facts for its forms; run 'baodao evaluate --pack example --year 2024' again"
same "old tables gone" "$(sqlite3 "$O" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('result','outcome')")" 0
finish
