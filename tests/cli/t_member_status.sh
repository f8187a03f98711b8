#!/bin/sh
# Members who leave or change (issue 13, items 2 and 7): every status with
# its date, the exact messages for a bad one, the history of status, unit
# and community, a member never deleted, the packs' scope (jiangsu) and
# `purge`: refused without retention or too recent, a dry run by default,
# one audit row, and counts per unit and year the same before and after.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
today=$(date +%F)

# ---- statuses and their dates ----
cat >"$T/st.csv" <<'EOF'
党员编号,姓名,单位代码,状态,状态日期
M001,张三,008.001,在职,
M002,李四,008.001.01,退休,2024-03-31
M003,王五,008.011,转出,2024-06-30
M005,孙七,008.001,调离,2024-07-01
M007,周九,008.011,in_service,
EOF
expect "every status imports" 0 import members "$T/st.csv"
same "转出 stored" "$(sql "SELECT status || ' ' || status_date FROM member WHERE code = 'M003'")" "transferred_out 2024-06-30"
same "调离 stored" "$(sql "SELECT status || ' ' || status_date FROM member WHERE code = 'M005'")" "reassigned 2024-07-01"
same "退休 stored" "$(sql "SELECT status FROM member WHERE code = 'M002'")" retired

cat >"$T/bad.csv" <<'EOF'
id,name,unit,status,status_date
M001,张三,008.001,离职,2024-01-01
M002,李四,008.001.01,去世,
M004,赵六,008.011,deceased,2024-02-30
EOF
expect "bad statuses refused" 2 import members "$T/bad.csv"
has "unknown status" err "bad.csv:2:status: bad value '离职' (expected 在职, 退休, 转出, 去世, 调离 (in_service, retired, transferred_out, deceased, reassigned))"
has "leaving without a date" err "bad.csv:3:status: '去世' needs status_date (the day the member left)"
has "bad date" err "bad.csv:4:status_date: bad date '2024-02-30'"
has "nothing imported" err "bad.csv: 3 rows rejected; nothing imported"
same "M001 unchanged" "$(sql "SELECT status FROM member WHERE code = 'M001'")" in_service

printf 'id,name,unit,status\nM004,赵六,008.011,调离\n' >"$T/nodate.csv"
expect "no status_date column" 2 import members "$T/nodate.csv"
has "names the missing column" err "nodate.csv:2:status: '调离' needs status_date (the day the member left)"

# ---- history ----
same "history: one row per member at first" "$(sql "SELECT count(*) FROM member_history WHERE member_id = (SELECT id FROM member WHERE code = 'M004')")" 1
same "status change dated by status_date" "$(sql "SELECT valid_from || ' ' || h.status FROM member_history h JOIN member m ON m.id = h.member_id WHERE m.code = 'M003' ORDER BY h.id DESC LIMIT 1")" "2024-06-30 transferred_out"
printf 'id,name,unit,变动日期\nM004,赵六,008.001,2024-09-01\n' >"$T/move.csv"
expect "a dry run of a move" 0 import members "$T/move.csv" --dry-run
same "a dry run keeps no history" "$(sql "SELECT count(*) FROM member_history WHERE member_id = (SELECT id FROM member WHERE code = 'M004')")" 1
expect "a move with its date" 0 import members "$T/move.csv"
printf 'id,name,unit,community\nM004,赵六,008.001.01,C001\n' >"$T/move2.csv"
expect "a move without a date" 0 import members "$T/move2.csv"
expect "member history" 0 member history M004
has "the first state kept" out ",retired,,008.011,C002,"
has "the dated move" out "2024-09-01,retired,,008.001,C002,"
has "the undated move is the import's day" out "$today,retired,,008.001.01,C001,"
same "three states" "$(grep -c retired "$T/out")" 3
expect "history as json" 0 member history M004 --format json
has "json history" out '"valid_from":"2024-09-01","status":"retired","status_date":null,"unit":"008.001"'
printf 'id,name,unit,since\nM004,赵六,008.011,2024-08-01\n' >"$T/early.csv"
expect "a change before the last refused" 2 import members "$T/early.csv"
has "says which" err "early.csv:2:since: change dated 2024-08-01 is earlier than the member's last recorded change ($today)"
expect "unknown member" 2 member history M999
has "unknown member said" err "baodao: unknown member 'M999'"
sqlite3 "$DB" "UPDATE member_history SET status = 'deceased'" 2>"$T/err"
has "history is never changed" err "member history is never changed"
same "history as it was" "$(sql "SELECT count(*) FROM member_history WHERE status = 'deceased'")" 0

printf 'id,name,unit,status,status_date\nM008,郑十,008.011,去世,2023-02-01\n' >"$T/dead.csv"
expect "a death recorded" 0 import members "$T/dead.csv"
printf 'id,name,unit,status,status_date\nM008,郑十,008.011,在职,2023-03-01\n' >"$T/alive.csv"
expect "a deceased member's status is final" 2 import members "$T/alive.csv"
has "final said" err "alive.csv:2:status: member M008 is recorded deceased (去世) on 2023-02-01; the status cannot change"
printf 'id,name,unit,status,status_date\nM008,郑十,008.011,去世,2023-02-03\n' >"$T/dday.csv"
expect "the day of death corrected" 0 import members "$T/dday.csv"
printf 'id,name,unit,status,status_date\nM008,郑十,008.011,去世,2023-02-01\n' >"$T/dday2.csv"
expect "and corrected back" 0 import members "$T/dday2.csv"
same "each correction kept, dated by the import" "$(sql "SELECT group_concat(ifnull(valid_from, '') || '/' || h.status_date, ' ') FROM member_history h JOIN member m ON m.id = h.member_id WHERE m.code = 'M008' AND h.status = 'deceased'")" "2023-02-01/2023-02-01 $today/2023-02-03 $today/2023-02-01"

# ---- never deleted ----
acts=$(sql "SELECT count(*) FROM activity")
sqlite3 "$DB" "PRAGMA foreign_keys = ON; DELETE FROM member WHERE code = 'M003'" 2>"$T/err"
has "a member is never deleted" err "a member is never deleted: record a status (转出, 去世, 调离) with its date"
same "the member stays" "$(sql "SELECT count(*) FROM member WHERE code = 'M003'")" 1
same "records kept" "$(sql "SELECT count(*) FROM activity")" "$acts"

# ---- scope in a pack (jiangsu) ----
printf 'id,name,unit,status,status_date\nM007,周九,008.011,转出,2023-12-31\n' >"$T/gone.csv"
expect "M007 left before 2024" 0 import members "$T/gone.csv"
expect "evaluate 2024" 0 evaluate --pack jiangsu --year 2024
expect "explain M007" 0 explain M007 --pack jiangsu --year 2024 --json
has "not on the rolls" out '已于 2023-12-31 转出，本年度不在册'
lacks "nothing failed" out '"status":"fail"'
expect "explain M008" 0 explain M008 --pack jiangsu --year 2024 --json
has "deceased not evaluated" out '党员已去世（2023-02-01），不作评价'
expect "explain M003" 0 explain M003 --pack jiangsu --year 2024 --json
has "left in June: bound, a year-end deadline of the day of leaving" out '"target":"2024-06-30"'

expect "2024 form" 0 report basic_info --pack jiangsu --year 2024 --format csv
lacks "no form of 2024 lists M007" out "周九"
has "but one still bound" out "王五"

# ---- a member who left takes no wish after the day of leaving ----
sql "INSERT INTO org (code, name, kind, parent_id) SELECT '008.011.01', '市教育局第一党支部', 'branch', id FROM org WHERE code = '008.011'"
expect "order" 0 wish order W201 --community C002 --date 2024-06-01
expect "dispatch" 0 wish dispatch W201 --branch 008.011.01 --date 2024-06-02
expect "taken the day after leaving" 2 wish take W201 --member M003 --date 2024-07-01
has "left named" err "member M003 left on 2024-06-30 (transferred_out), before 2024-07-01: a member who left takes no wish"
expect "taken on the day of leaving" 0 wish take W201 --member M003 --date 2024-06-30

# ---- purge ----
expect "evaluate 2023" 0 evaluate --pack jiangsu --year 2023
expect "2023 form" 0 report basic_info --pack jiangsu --year 2023 --format csv
has "2023 lists M007, bound all year" out "周九"
for y in 2023 2024; do
	"$BAODAO" --db "$DB" report unit_stats --pack jiangsu --year $y --format csv >"$T/stats$y.before"
done
grep -q '^淮安市教育局,' "$T/stats2023.before" && ok || notok "2023 form" "no unit row"
grep -q '^淮安市教育局,' "$T/stats2024.before" && ok || notok "2024 form" "no unit row"
same "2023 counts M007, 2024 does not" \
    "$(grep '^淮安市教育局,' "$T/stats2023.before" | cut -d, -f2) $(grep '^淮安市教育局,' "$T/stats2024.before" | cut -d, -f2)" "2 1"
sql "SELECT unit_id, count(*) FROM member GROUP BY unit_id" >"$T/units.before"
"$BAODAO" --db "$DB" runs >"$T/runs.before"
audits=$(sql "SELECT count(*) FROM audit")

expect "purge without retention_years" 2 purge --before 2024
has "refused without config" err "baodao: purge: retention_years is not set in baodao.conf (see baodao.conf(5)); nothing purged"
printf 'retention_years = 1\n' >"$T/r.conf"
year=$(date +%Y)
run_c() { "$BAODAO" --config "$T/r.conf" --db "$DB" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
run_c purge --before "$year"
same "too recent refused" "$rc" 2
has "too recent said" err "baodao: purge: --before $year is too recent: retention_years = 1 keeps the members who left in $((year - 1)) or later; the latest allowed is --before $((year - 1))"
run_c purge --before 2024
same "dry run by default" "$rc" 0
has "lists per unit" out "008.011,deceased,2023,1"
has "and the other" out "008.011,transferred_out,2023,1"
has "dry run counted" err "2 members who left before 2024 would be purged (dry run; --apply to purge)"
run_c purge --before 2024 --dry-run
same "explicit dry run" "$rc" 0
same "dry run changed nothing" "$(sql "SELECT name FROM member WHERE code = 'M007'")" 周九
same "dry run wrote no audit" "$(sql "SELECT count(*) FROM audit")" "$audits"
run_c purge --before 2024 --apply --dry-run
same "--apply with --dry-run refused" "$rc" 2
run_c purge --before 2024 --apply
same "purge applied" "$rc" 0
has "purge said" err "purged the personal data of 2 members who left before 2024"
same "name and code replaced, personal data cleared" \
    "$(sql "SELECT code || '|' || name || '|' || ifnull(phone, '') || '|' || ifnull(address, '') || '|' || ifnull(birth, '') || '|' || purged FROM member WHERE id = (SELECT member_id FROM member_history WHERE file LIKE '%gone.csv')")" \
    "purged-7|已清除||||$today"
same "no trace of the name" "$(sql "SELECT count(*) FROM member WHERE name IN ('周九', '郑十')")" 0
same "left in 2024: kept" "$(sql "SELECT name FROM member WHERE code = 'M003'")" 王五
same "one audit row" "$(sql "SELECT action || ' ' || updated || ' ' || detail FROM audit WHERE id > 0 ORDER BY id DESC LIMIT 1")" "purge 2 before 2024; retention_years 1"
same "one more audit row in all" "$(sql "SELECT count(*) FROM audit")" "$((audits + 1))"
same "members per unit unchanged" "$(sql "SELECT unit_id, count(*) FROM member GROUP BY unit_id")" "$(cat "$T/units.before")"
same "records kept" "$(sql "SELECT count(*) FROM activity")" "$acts"
"$BAODAO" --db "$DB" runs >"$T/runs.after"
same "run summaries unchanged" "$(cat "$T/runs.after")" "$(cat "$T/runs.before")"
for y in 2023 2024; do
	"$BAODAO" --db "$DB" report unit_stats --pack jiangsu --year $y --format csv >"$T/stats$y.after"
	same "stored $y form adds up the same" "$(cat "$T/stats$y.after")" "$(cat "$T/stats$y.before")"
	"$BAODAO" --db "$DB" evaluate --pack jiangsu --year $y >/dev/null
	"$BAODAO" --db "$DB" report unit_stats --pack jiangsu --year $y --format csv >"$T/stats$y.again"
	same "$y evaluated again adds up the same" "$(cat "$T/stats$y.again")" "$(cat "$T/stats$y.before")"
done
expect "explain names the purged member by its new code" 0 explain purged-7 --pack jiangsu --year 2023 --json
lacks "no name in explain" out "周九"
run_c purge --before 2024 --apply
has "purged once" err "purged the personal data of 0 members who left before 2024"
finish
