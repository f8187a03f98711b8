#!/bin/sh
# Hours that cannot be padded (issue 13 item 3): validate's integrity
# checks, for every pack, each with a record that trips it and one at the
# edge that does not, their exact messages, the limits of baodao.conf, and
# `report integrity` per unit.
. tests/cli/lib.sh

mkdir -p "$T/f" "$T/p"
cat >"$T/p/pack.conf" <<'CONF'
id = "nop"
name = "no checks of its own"
version = "1"
CONF
cat >"$T/p/rules.lua" <<'LUA'
requirement "nop.x" { title = "x", clause = "c", check = function() return true end }
LUA
cat >"$T/f/orgs.csv" <<'CSV'
code,name,kind,parent
X,某市,city,
C1,清安社区,community,X
U1,财政局,unit,X
U2,教育局,unit,X
CSV
cat >"$T/f/members.csv" <<'CSV'
id,name,unit,community,status,status_date
M1,张一,U1,C1,在职,
M2,李二,U1,C1,在职,
M3,王三,U1,C1,在职,
M4,赵四,U2,C1,在职,
M5,钱五,U2,C1,退休,2024-06-30
M6,孙六,U2,C1,在职,
CSV
cat >"$T/f/registrations.csv" <<'CSV'
member,community,date
M1,C1,2024-01-02
M2,C1,2024-01-02
M3,C1,2024-01-02
M4,C1,2024-05-10
M4,C1,2024-08-01
M5,C1,2024-01-02
M6,C1,2024-01-02
CSV
{
	echo "member,date,kind,hours,community,content,place,rating,verifier"
	# M1: 12:00 + 12:01 on 03-02 overlap; 12 + 12 on 03-03 fill the day
	# exactly; one record of 13 hours on 03-10.
	echo "M1,2024-03-02,service,12,C1,夜间值守,社区,良,陈红"
	echo "M1,2024-03-02,public_welfare,12:01,C1,值守交接,社区,良,陈红"
	echo "M1,2024-03-03,service,12,C1,夜间值守,社区,良,陈红"
	echo "M1,2024-03-03,public_welfare,12,C1,值守交接,社区,良,陈红"
	echo "M1,2024-03-10,service,13,C1,全天服务,社区,良,陈红"
	# M2 signed two records, by name and by id; a namesake-free one passes.
	echo "M2,2024-03-05,service,2,C1,代写材料,社区,良,李二"
	echo "M2,2024-03-06,service,2,C1,代写材料,社区,良,M2"
	echo "M2,2024-03-07,service,2,C1,代写材料,社区,良,李三"
	# 王书记 signs 50 records of 04-01 (the default limit) and 51 of 04-02.
	i=1
	while [ $i -le 50 ]; do echo "M3,2024-04-01,service,0:10,C1,登记$i,社区,良,王书记"; i=$((i + 1)); done
	i=1
	while [ $i -le 51 ]; do echo "M3,2024-04-02,service,0:10,C1,登记$i,社区,良,王书记"; i=$((i + 1)); done
	# M4 registered on 05-10: that day passes, the day before does not.
	echo "M4,2024-05-09,service,2,C1,报到前,社区,良,陈红"
	echo "M4,2024-05-10,service,2,C1,报到当天,社区,良,陈红"
	# M5 retired on 06-30: that day passes, the day after does not.
	echo "M5,2024-06-30,service,2,C1,退休当天,社区,良,陈红"
	echo "M5,2024-07-01,service,2,C1,退休次日,社区,良,陈红"
	# M6: the same record twice, once without its community; and one
	# like them but for its hours, which is not a duplicate.
	echo "M6,2024-08-08,lecture,2,C1,政策宣讲,党群服务中心,良,陈红"
	echo "M6,2024-08-08,lecture,2,,政策宣讲,党群服务中心,优,"
	echo "M6,2024-08-09,lecture,2,C1,宣讲,党群服务中心,良,陈红"
	echo "M6,2024-08-09,lecture,3,,宣讲,党群服务中心,良,陈红"
} >"$T/f/activities.csv"

expect "init" 0 init
for k in orgs members registrations activities; do
	expect "import $k" 0 import "$k" "$T/f/$k.csv"
done
id() { sql "SELECT a.id FROM activity a JOIN member m ON m.id = a.member_id WHERE m.code = '$1' AND a.date = '$2' AND a.content = '$3' AND a.community_id IS $4 ORDER BY a.id LIMIT 1"; }
c1=$(sql "SELECT id FROM org WHERE code = 'C1'")
a=$(id M1 2024-03-02 夜间值守 "$c1") b=$(id M1 2024-03-02 值守交接 "$c1")
s1=$(id M2 2024-03-05 代写材料 "$c1") s2=$(id M2 2024-03-06 代写材料 "$c1")
v1=$(id M3 2024-04-02 登记1 "$c1") v51=$(id M3 2024-04-02 登记51 "$c1")
r=$(id M4 2024-05-09 报到前 "$c1") l=$(id M5 2024-07-01 退休次日 "$c1")
d1=$(id M6 2024-08-08 政策宣讲 "$c1") d2=$(id M6 2024-08-08 政策宣讲 NULL)
[ -n "$a" ] && [ -n "$d2" ] && [ "$d2" -gt "$d1" ] && ok || notok "record ids" "a=$a d1=$d1 d2=$d2"

expect "findings exit 1" 1 validate --pack "$T/p" --as-of 2024-12-31
has "overlap" out "activity #$a M1 2024-03-02: hours: 2 records of the day (#$a, #$b) add up to 24:01 hours, more than a day may hold (24:00, max_day_hours): they overlap [check integrity.day_hours; unit U1]"
lacks "exactly 24 hours pass" out "M1 2024-03-03"
lacks "13 hours alone pass under 24" out "M1 2024-03-10"
has "signed by name" out "activity #$s1 M2 2024-03-05: verifier: signed by the member themself: the verifier is '李二' [check integrity.self_verified; unit U1]"
has "signed by id" out "activity #$s2 M2 2024-03-06: verifier: signed by the member themself: the verifier is 'M2' [check integrity.self_verified; unit U1]"
lacks "another verifier passes" out "M2 2024-03-07"
has "51 signatures" out "verifier '王书记' C1 2024-04-02: verifier: '王书记' signed records of C1 on 2024-04-02: 51, more than 50 a day (max_day_verifications): #$v1 to #$v51 [check integrity.verifier_day; community C1]"
lacks "50 signatures pass" out "2024-04-01"
has "before registration" out "activity #$r M4 2024-05-09: date: dated before the member's registration (报到) on 2024-05-10 [check integrity.before_registration; unit U2]"
lacks "on the registration day" out "M4 2024-05-10"
has "after retirement" out "activity #$l M5 2024-07-01: date: dated after the member retired on 2024-06-30 [check integrity.after_leaving; unit U2]"
lacks "on the retirement day" out "M5 2024-06-30"
has "duplicate" out "activity #$d2 M6 2024-08-08: content: the same member, date, kind, hours, content and place as activity #$d1: a duplicate under another id [check integrity.duplicate; unit U2]"
lacks "other hours are not a duplicate" out "2024-08-09"
has "count" out "7 findings"
same "one line each" "$(grep -c 'integrity\.' "$T/out")" 7

# In Chinese.
env -u LC_ALL LANG=zh_CN.UTF-8 "$BAODAO" --db "$DB" validate --pack "$T/p" --as-of 2024-12-31 >"$T/out" 2>"$T/err"
has "zh overlap" out "服务记录 #$a M1 2024-03-02: hours: 当天 2 条记录（#$a、#$b）合计 24:01 小时，超过一天最多的 24:00 小时（max_day_hours）：时间重叠 [检查 integrity.day_hours; 单位 U1]"
has "zh duplicate" out "与记录 #$d1 的党员、日期、类别、时长、内容和地点完全相同：以不同编号重复录入"

# --year: another year's records are not looked at.
expect "another year" 0 validate --pack "$T/p" --year 2023 --as-of 2024-12-31
has "none in 2023" out "no findings"

# The limits of baodao.conf: 12 hours a day finds the full day and the
# one long record; 51 signatures a day pass 04-02.
printf 'max_day_hours = 12\nmax_day_verifications = 51\n' >"$T/lim.conf"
"$BAODAO" --config "$T/lim.conf" --db "$DB" validate --pack "$T/p" --as-of 2024-12-31 >"$T/out" 2>"$T/err"
has "24 hours over 12" out "M1 2024-03-03: hours: 2 records of the day"
has "one record over 12" out "M1 2024-03-10: hours: 13:00 hours in one record, more than a day may hold (12:00, max_day_hours) [check integrity.day_hours; unit U1]"
lacks "51 signatures pass" out "integrity.verifier_day"
printf 'max_day_hours = 25\n' >"$T/bad.conf"
"$BAODAO" --config "$T/bad.conf" --db "$DB" validate --pack "$T/p" >"$T/out" 2>"$T/err"
same "bad limit exit" "$?" 2
has "bad limit" err "bad.conf:1: max_day_hours must be 1 to 24 hours, not 25"

# report integrity: per unit, with each unit's count; no pack, no run.
expect "report" 0 report integrity --year 2024
has "header" out "单位,单位名称,本单位问题数,检查,记录,党员,日期,字段,问题"
has "U1 overlap row" out "U1,财政局,3,integrity.day_hours,$a $b,M1,2024-03-02,hours,当天 2 条记录（#$a、#$b）合计 24:01 小时，超过一天最多的 24:00 小时（max_day_hours）：时间重叠"
has "U1 self row" out "U1,财政局,3,integrity.self_verified,$s1,M2,2024-03-05,verifier,由党员本人认证签字：认证人为 '李二'"
has "U2 duplicate row" out "U2,教育局,3,integrity.duplicate,$d2 $d1,M6,2024-08-08,content,"
has "C1 verifier row" out "C1,清安社区,1,integrity.verifier_day,"
same "rows" "$(wc -l <"$T/out")" 8
same "units in order" "$(sed 1d "$T/out" | cut -d, -f1 | uniq | tr '\n' ' ')" "C1 U1 U2 "
expect "md" 0 report integrity --year 2024 --format md
has "md unit count" out "U2 教育局: 3"
has "md total" out "问题合计: 7"
expect "json" 0 report integrity --format json --lang en
has "json unit" out '{"unit":"U1","name":"财政局","community":false,"count":3,"findings":['
has "json record" out "{\"check\":\"integrity.after_leaving\",\"records\":[$l],\"member\":\"M5\",\"date\":\"2024-07-01\",\"field\":\"date\",\"message\":\"dated after the member retired on 2024-06-30\"}"
has "json total" out '"count":7}'
expect "one unit" 0 report integrity --unit U2 --lang en
has "en header" out "unit,unit_name,unit_findings,check,records,member,date,field,message"
same "U2 only" "$(sed 1d "$T/out" | cut -d, -f1 | sort -u)" "U2"
same "its three" "$(sed 1d "$T/out" | wc -l)" 3
expect "the city takes in all" 0 report integrity --unit X
same "all under X" "$(sed 1d "$T/out" | wc -l)" 7
expect "a year without findings" 0 report integrity --year 2023 --format json
has "none" out '"units":[],"count":0}'
expect "unknown unit" 2 report integrity --unit NOPE
has "unit named" err "unknown org 'NOPE'"
expect "report to a file" 0 report integrity -o "$T/i.csv"
same "file mode" "$(ls -l "$T/i.csv" | cut -c1-10)" "-rw-------"
# A voided record is no longer a finding: the overlap and the duplicate go.
expect "void the second of the day" 0 record void activities "#$b" --reason 重复登记
expect "void the duplicate" 0 record void activities "#$d2" --reason 重复登记
expect "findings left" 1 validate --pack "$T/p" --as-of 2024-12-31
lacks "no overlap once voided" out "integrity.day_hours"
lacks "no duplicate once voided" out "integrity.duplicate"
has "the others stay" out "integrity.self_verified"
env -u LC_ALL LANG=zh_CN.UTF-8 "$BAODAO" report integrity --help >"$T/out" 2>&1
has "help in Chinese" out "按单位列出 validate 的完整性检查"
finish
