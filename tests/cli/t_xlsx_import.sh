#!/bin/sh
# Import from .xlsx workbooks (the xlsx plugin) and the spreadsheet forms
# clerks really have: every kind from a workbook to the same records as
# from CSV, an xlsx LibreOffice wrote, title rows and 序号, dates, long
# numbers, codes that lost their zeros, FILE:SHEET!CELL errors, --sheet,
# Excel's Unicode text (UTF-16, tabs), --errors written back and imported
# again once fixed, and bad workbooks (formulas, error cells, truncated,
# zip bombs, password-protected, over max_sheet_rows) each refused with a
# clear message and nothing written.  The workbooks are made here, by
# tests/cli/mkxlsx.py (zipfile) or by LibreOffice.
. "$(dirname "$0")/lib.sh"
MK="python3 $TOP/tests/cli/mkxlsx.py"

# mk NAME JSON: the workbook $T/NAME.xlsx described by JSON (mkxlsx.py)
mk() {
	printf '%s\n' "$2" >"$T/$1.json"
	$MK "$T/$1.xlsx" "$T/$1.json" || notok "mkxlsx $1" "failed"
}

# repart SRC DST PART EXPR: workbook SRC copied to DST, the bytes d of its
# part PART replaced by the Python expression EXPR of d.
repart() {
	python3 - "$@" <<'EOF' || notok "repart $2" "failed"
import sys, zipfile
src, dst, part, expr = sys.argv[1:5]
s = zipfile.ZipFile(src)
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    for i in s.infolist():
        d = s.read(i.filename)
        z.writestr(i.filename, eval(expr) if i.filename == part else d)
EOF
}

# dump DB: every record table, without the audit of which file was read,
# the times things were done and the folder and type of the file a change
# came from
dump() {
	sqlite3 "$1" .dump | grep -v -e '^INSERT INTO "\{0,1\}audit' -e 'sqlite_sequence' \
	    -e '^INSERT INTO "\{0,1\}schema_migration' |
	    sed -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z/TIME/g' \
	        -e "s#'[^',]*/\([a-z_]*\)\.\(csv\|xlsx\)'#'\1'#g" -e "s#'\([a-z_]*\)\.\(csv\|xlsx\)'#'\1'#g"
}

"$BAODAO" plugins >"$T/out" 2>&1
has "the xlsx plugin is loaded" out "reads xlsx"

# Every kind of the sample region, each CSV made a workbook of strings,
# imports to exactly the records the CSV files give.
load_region || notok "load region" "failed"
mkdir "$T/x"
DB2=$T/db2
"$BAODAO" --db "$DB2" init >/dev/null
for k in orgs members registrations posts claims wishes activities suggestions pairings \
    org_events breaches; do
	$MK --csv "$FIX/region/$k.csv" "$T/x/$k.xlsx"
	"$BAODAO" --db "$DB2" import "$k" "$T/x/$k.xlsx" >"$T/out" 2>"$T/err" ||
	    notok "import $k.xlsx" "$(head -c 300 "$T/err")"
done
dump "$DB" >"$T/csv.dump"
dump "$DB2" >"$T/xlsx.dump"
if cmp -s "$T/csv.dump" "$T/xlsx.dump"; then ok; else
	notok "every kind: xlsx gives the records csv gives" "$(diff "$T/csv.dump" "$T/xlsx.dump" | head -5)"; fi
same "the audit names the workbook" \
    "$(sqlite3 "$DB2" "SELECT count(*) FROM audit WHERE file LIKE '%.xlsx'")" 11
same "with the workbook's own hash" \
    "$(sqlite3 "$DB2" "SELECT file_sha256 FROM audit WHERE file LIKE '%orgs.xlsx'")" \
    "$(sha256sum "$T/x/orgs.xlsx" | cut -d' ' -f1)"
expect "importing the workbook again changes nothing" 0 --db "$DB2" import members "$T/x/members.xlsx"
has "unchanged" out "0 inserted, 0 updated, $(($(wc -l <"$FIX/region/members.csv") - 1)) unchanged"

# An xlsx that LibreOffice wrote from a CSV (numbers, dates and phones
# become numbers there) imports to the same records as the CSV.
cat >"$T/lo.csv" <<'EOF'
code,name,kind,parent,community,phone,secretary,address
HA,淮安市,city,,,,,
HA-F,财政局,unit,HA,,13800000009,,
HA-C1,清安社区,community,HA,,13800000001,刘一,清安路1号
EOF
cat >"$T/lo_act.csv" <<'EOF'
member,date,kind,hours,community,content,place,rating,verifier,recorder,beneficiary,participants,household
LM1,2024-04-06,service,2,HA-C1,清理楼道,3号楼,优,刘一,刘一,居民,,
LM1,2024-05-11,service,1.5,HA-C1,宣传,广场,良,刘一,刘一,居民,,
EOF
cat >"$T/lo_mem.csv" <<'EOF'
id,name,gender,unit,community,phone,birth,joined
LM1,陈一,男,HA-F,HA-C1,13912345678,1980-05-01,2005-07-01
EOF
for f in lo lo_mem lo_act; do
	mkdir -p "$T/lo-out"
	soffice -env:UserInstallation=file:///tmp/lo-$$ --headless --infilter=CSV:44,34,76 \
	    --convert-to xlsx --outdir "$T/lo-out" "$T/$f.csv" >/dev/null 2>&1
done
rm -rf /tmp/lo-$$
"$BAODAO" --db "$T/lo1.db" init >/dev/null
"$BAODAO" --db "$T/lo2.db" init >/dev/null
for p in "orgs lo" "members lo_mem" "activities lo_act"; do
	set -- $p
	"$BAODAO" --db "$T/lo1.db" import "$1" "$T/$2.csv" >/dev/null 2>"$T/err" ||
	    notok "LibreOffice: the csv $2" "$(head -c 300 "$T/err")"
	"$BAODAO" --db "$T/lo2.db" import "$1" "$T/lo-out/$2.xlsx" >/dev/null 2>"$T/err" ||
	    notok "LibreOffice: its xlsx of $2" "$(head -c 300 "$T/err")"
done
same "LibreOffice's xlsx: the records of the csv" "$(dump "$T/lo2.db" | md5sum)" \
    "$(dump "$T/lo1.db" | md5sum)"
same "a phone LibreOffice made a number keeps its digits" \
    "$(sqlite3 "$T/lo2.db" "SELECT phone FROM member")" 13912345678
same "and a date LibreOffice made a date is one again" \
    "$(sqlite3 "$T/lo2.db" "SELECT group_concat(date, ' ') FROM activity")" "2024-04-06 2024-05-11"

# A form as clerks fill it in: the title over the table, the 单位 line,
# a 序号 column, rows of numbers, dates as serials and as text.
mk form '{"sheets": [{"name": "报到", "rows": [
 ["党员报到登记表"],
 ["单位：清安社区", null, null, "2024 年 3 月 5 日"],
 [],
 ["序号", "member", "date", "kind", "hours", "community", "content"],
 [{"n": "1"}, "M001", {"n": "45356", "s": 1}, "service", {"n": "2"}, "C001", "扫雪"],
 [{"n": "2"}, "M002", {"n": "45357", "s": 2}, "service", {"n": "1.5"}, "C001", {"rich": ["义务", "理发"], "ph": "yiwu"}],
 [{"n": "3"}, "M003", "2024/3/8", "service", {"n": "0.5"}, "C002", {"is": "送餐"}],
 [], []]}],
 "numFmts": {"176": "yyyy\"年\"m\"月\"d\"日\""}, "xfs": [0, 14, 176]}'
before=$(sql 'SELECT count(*) FROM activity')
expect "a form with its title rows and 序号 imports" 0 import activities "$T/form.xlsx"
has "three rows" out "form.xlsx: 3 rows: 3 inserted"
same "dates from serials (built-in and custom formats) and text" \
    "$(sql "SELECT group_concat(date, ' ') FROM (SELECT date FROM activity WHERE content IN ('扫雪', '义务理发', '送餐') ORDER BY date)")" \
    "2024-03-05 2024-03-06 2024-03-08"
same "rich text runs joined, phonetic guide left out" \
    "$(sql "SELECT count(*) FROM activity WHERE content = '义务理发'")" 1
same "hours from numbers" "$(sql "SELECT minutes FROM activity WHERE content = '扫雪'")" 120

# The same form as CSV, and as Excel's "Unicode text" (UTF-16, tabs).
printf '党员报到登记表,,,,,,\n单位：清安社区,,,2024 年 3 月 5 日,,,\n序号,member,date,kind,hours,community,content\n1,M001,2024-03-09,service,2,C001,擦窗\n' >"$T/form.csv"
expect "a CSV form with a title and 序号" 0 import activities "$T/form.csv"
has "one row" out "form.csv: 1 rows: 1 inserted"
python3 -c "
import sys
t = '党员报到登记表\r\n序号\tmember\tdate\tkind\thours\tcommunity\tcontent\r\n1\tM001\t2024-03-10\tservice\t2\tC001\t\"修车, 补胎\"\r\n2\tM002\t2024-03-11\tservice\t1\tC001\t送报\r\n'
open(sys.argv[1], 'wb').write(t.encode('utf-16'))" "$T/unicode.txt"
expect "Excel's Unicode text: UTF-16, tab-separated" 0 import activities "$T/unicode.txt"
has "its rows" out "unicode.txt: 2 rows: 2 inserted"
same "a quoted cell with a comma" "$(sql "SELECT count(*) FROM activity WHERE content = '修车, 补胎'")" 1
printf 'member\tdate\tkind\thours\tcommunity\tcontent\nM001\t2024-03-12\tservice\t1\tC001\tx\n' >"$T/tabs.txt"
expect "tab-separated UTF-8 too" 0 import activities "$T/tabs.txt"
same "nothing else imported" "$(sql 'SELECT count(*) FROM activity')" "$((before + 7))"

# Errors name FILE:SHEET!CELL; codes that lost their zeros are named with
# the likely original; all or nothing as from CSV.
mk bad '{"sheets": [{"name": "Sheet1", "rows": [
 ["member", "date", "kind", "hours", "community"],
 ["M001", "2024-13-01", "service", {"n": "2"}, "C001"],
 ["M001", "2024-03-01", "service", {"n": "2"}, {"n": "8.001"}],
 {"r": 6, "c": ["M999", "2024-03-01", "service", {"n": "2"}, "C001"]}]}]}'
before=$(sql 'SELECT count(*) FROM activity')
expect "rows rejected" 2 import activities "$T/bad.xlsx"
has "a bad date at its cell" err "bad.xlsx:Sheet1!B2: bad date '2024-13-01'"
has "zeros Excel dropped" err "bad.xlsx:Sheet1!E3: unknown community '8.001' (Excel may have dropped leading zeros: did you mean 008.001?)"
has "the sheet's row number" err "bad.xlsx:Sheet1!A6: unknown member 'M999'"
has "summary" err "bad.xlsx: 3 rows rejected; nothing imported"
same "nothing written" "$(sql 'SELECT count(*) FROM activity')" "$before"
mk zeros '{"sheets": [{"name": "Sheet1", "rows": [["id", "name", "unit", "community"],
 ["MZ1", "赵一", {"n": "8.001"}, "C001"]]}]}'
expect "a unit code Excel made a number" 2 import members "$T/zeros.xlsx"
has "is named with its zeros back" err "zeros.xlsx:Sheet1!C2: unknown unit or branch '8.001' (Excel may have dropped leading zeros: did you mean 008.001?)"
printf 'member,date,kind,hours,community\nM001,2024-03-01,service,2,8.1\n' >"$T/zeros2.csv"
expect "CSV: a code without its zeros" 2 import activities "$T/zeros2.csv"
has "no hint when no code matches" err "zeros2.csv:2:community: unknown community '8.1'"
lacks "and no false hint" err "did you mean"
mk wrongsheet '{"sheets": [{"name": "说明", "rows": [["见第二页"]]}, {"name": "名单", "rows": [
 ["member", "date", "kind", "hours", "community"], ["M001", "2024-03-02", "service", {"n": "1"}, "C001"]]}]}'
expect "the first sheet is read by default" 2 import activities "$T/wrongsheet.xlsx"
has "and it has no header" err "wrongsheet.xlsx: no header row below the title"
expect "--sheet NAME" 0 import activities "$T/wrongsheet.xlsx" --sheet 名单
has "reads that sheet" out "1 rows: 1 inserted"
expect "--sheet: a sheet that is not there" 2 import activities "$T/wrongsheet.xlsx" --sheet Sheet9
has "names the sheets there" err "wrongsheet.xlsx: no sheet named 'Sheet9' (the workbook has: 说明, 名单)"
expect "--sheet with a CSV file" 2 import activities "$T/form.csv" --sheet x
has "says so" err "form.csv: --sheet reads a workbook; this is a CSV file"

# Long numbers: an 11-digit phone and an ID typed as numbers keep their
# digits; one Excel already stored with lost digits is refused.
mk phones '{"sheets": [{"name": "Sheet1", "rows": [
 ["code", "name", "kind", "parent", "phone"],
 ["XP1", "甲局", "unit", "320800", {"n": "13812345678"}],
 ["XP2", "乙局", "unit", "320800", {"n": "1.3812345679E10"}]]}]}'
expect "phones typed as numbers" 0 import orgs "$T/phones.xlsx"
same "their exact digits" "$(sql "SELECT group_concat(phone, ' ') FROM (SELECT phone FROM org WHERE code IN ('XP1', 'XP2') ORDER BY code)")" \
    "13812345678 13812345679"
mk lost '{"sheets": [{"name": "Sheet1", "rows": [
 ["code", "name", "kind", "parent", "phone"],
 ["XP3", "丙局", "unit", "320800", {"n": "3.20102199001011E+17"}]]}]}'
expect "an ID number that lost its digits" 2 import orgs "$T/lost.xlsx"
has "is refused at its cell" err "lost.xlsx:Sheet1!E2: the number 3.20102199001011E+17 has lost digits: a number cell keeps only 15; type it as text (with a leading ') and import again"

# --errors: the rejected rows written back with a reason; fixed there,
# that file imports.
printf '单位：清安社区\n序号,member,date,kind,hours,community\n1,M001,2024-04-01,service,1,C001\n2,M001,2024-04-31,service,1,C001\n3,M999,2024-04-02,service,1,C001\n' >"$T/back.csv"
before=$(sql 'SELECT count(*) FROM activity')
expect "rejected rows written back" 2 import activities "$T/back.csv" --errors "$T/fix.csv"
has "where they went" err "fix.csv: 2 rejected rows written, with their reasons"
same "the header, the rejected rows and their reasons" "$(cat "$T/fix.csv")" "序号,member,date,kind,hours,community,reason
2,M001,2024-04-31,service,1,C001,date: bad date '2024-04-31'
3,M999,2024-04-02,service,1,C001,member: unknown member 'M999'"
same "mode 0600" "$(stat -c %a "$T/fix.csv")" 600
same "nothing written meanwhile" "$(sql 'SELECT count(*) FROM activity')" "$before"
sed -e 's/2024-04-31/2024-04-30/' -e 's/M999/M002/' "$T/fix.csv" >"$T/fixed.csv"
expect "the fixed file imports (its reason column ignored)" 0 import activities "$T/fixed.csv"
has "both rows" out "fixed.csv: 2 rows: 2 inserted"
expect "imported again: unchanged" 0 import activities "$T/fixed.csv" --errors "$T/fix2.csv"
same "no errors file when nothing is rejected" "$(test -e "$T/fix2.csv" && echo there)" ""
cp "$T/back.csv" "$T/self.csv"
expect "--errors naming the file imported" 2 import activities "$T/self.csv" --errors "$T/self.csv"
has "is refused" err "self.csv: is the file imported; the rejected rows are not written over it"
same "which is left as it was" "$(cmp "$T/back.csv" "$T/self.csv" && echo same)" same
expect "errors from a workbook" 2 import activities "$T/bad.xlsx" --errors "$T/badfix.csv"
same "written back with the sheet's cells" "$(sed -n 2p "$T/badfix.csv")" \
    "M001,2024-13-01,service,2,C001,date: bad date '2024-13-01'"
if "$BAODAO" plugins 2>/dev/null | grep -q 'writes.*xlsx'; then
	expect "written back as xlsx" 2 import activities "$T/bad.xlsx" --errors "$T/badfix.xlsx"
	expect "the workbook written back reads again" 2 import activities "$T/badfix.xlsx"
	has "with its rows" err "bad date '2024-13-01'"
	lacks "and its reason column ignored" err "unknown column"
	has "all three rejected again" err "badfix.xlsx: 3 rows rejected; nothing imported"
	sed -e 's/2024-13-01/2024-03-13/' -e 's/,8\.001/,C001/' -e 's/M999/M003/' \
	    "$T/badfix.csv" | cut -d, -f1-5 >"$T/badfix2.csv"
	$MK --csv "$T/badfix2.csv" "$T/refix.xlsx"
	expect "the xlsx written back, fixed, imports" 0 import activities "$T/refix.xlsx"
else
	expect "--errors FILE.xlsx with no xlsx writer" 2 import activities "$T/bad.xlsx" \
	    --errors "$T/badfix.xlsx"
	has "says to name it .csv" err "badfix.xlsx: writing xlsx needs the xlsx plugin, which is not loaded; name the file .csv"
fi

# Bad workbooks: each refused with one clear line, nothing written.
before=$(sql 'SELECT count(*) FROM org')
mk formula '{"sheets": [{"name": "Sheet1", "rows": [["code", "name", "kind", "parent"],
 ["XF1", "丁局", "unit", {"f": "B1&\"x\"", "v": "320800"}]]}]}'
expect "a formula" 2 import orgs "$T/formula.xlsx"
has "named at its cell" err "formula.xlsx:Sheet1!D2: a formula (=B1&\"x\"): paste the sheet as values and import again"
mk errcell '{"sheets": [{"name": "Sheet1", "rows": [["code", "name", "kind", "parent"],
 ["XF1", {"e": "#REF!"}, "unit", "320800"]]}]}'
expect "an error value" 2 import orgs "$T/errcell.xlsx"
has "named at its cell" err "errcell.xlsx:Sheet1!B2: an error value (#REF!) in the cell"
head -c 600 "$T/x/orgs.xlsx" >"$T/cut.xlsx"
expect "a truncated workbook" 2 import orgs "$T/cut.xlsx"
has "says it was cut short" err "cut.xlsx: the workbook is damaged or was cut short (Not a zip archive); save it again from Excel and import again"
repart "$T/x/orgs.xlsx" "$T/bomb.xlsx" xl/sharedStrings.xml \
    "d.replace(b'</sst>', b'<!--' + b' ' * (20 << 20) + b'--></sst>')"
expect "a zip bomb" 2 import orgs "$T/bomb.xlsx"
has "refused by its ratio" err "bomb.xlsx: xl/sharedStrings.xml packs 2097"
has "before inflating" err "tighter than any spreadsheet (a zip bomb?); not read"
# A cell refused at its start (a reference Excel never writes) that is
# also its own end: the reader stops at it (it once went on to the
# cell's end with no column and hung).
repart "$T/x/orgs.xlsx" "$T/badref.xlsx" xl/worksheets/sheet1.xml \
    "d.replace(b'<row r=\"2\"', b'<row r=\"2\"><c r=\"b2\"/></row><row r=\"3\"', 1)"
timeout 60 "$BAODAO" --db "$DB" import orgs "$T/badref.xlsx" >"$T/out" 2>"$T/err"
same "a bad reference on a self-closed cell: exit 2, no hang" "$?" 2
has "named" err "badref.xlsx:Sheet1: bad cell reference 'b2' in row 2"
printf 'max_import_bytes = "100K"\n' >"$T/small.conf"
expect "a part larger than max_import_bytes" 2 --config "$T/small.conf" import orgs "$T/bomb.xlsx"
has "a part refused by its size" err "bomb.xlsx: xl/sharedStrings.xml inflates to 2097"
has "from the directory" err "bytes, more than 102400 (max_import_bytes in baodao.conf)"
dd if=/dev/zero of="$T/big.xlsx" bs=1024 count=200 2>/dev/null
expect "a file larger than max_import_bytes" 2 --config "$T/small.conf" import orgs "$T/big.xlsx"
has "refused by its size" err "big.xlsx: larger than 102400 bytes (max_import_bytes in baodao.conf)"
python3 -c "
import sys
sys.stdout.buffer.write(bytes.fromhex('d0cf11e0a1b11ae1') + b'\0' * 504 + b'EncryptedPackage')" >"$T/locked.xlsx"
expect "a password-protected workbook" 2 import orgs "$T/locked.xlsx"
has "says so" err "locked.xlsx: a password-protected workbook, or an old Excel 97-2003 file (OLE2, not xlsx): remove the password or save it as .xlsx, and import again"
cp "$T/locked.xlsx" "$T/locked.csv"
expect "an OLE2 file named .csv" 2 import orgs "$T/locked.csv"
has "is not read as CSV" err "locked.csv: a password-protected workbook, or an old Excel 97-2003 file (OLE2), not CSV"
printf 'max_sheet_rows = 5\n' >"$T/rows.conf"
expect "a sheet over max_sheet_rows" 2 --config "$T/rows.conf" import orgs "$T/x/orgs.xlsx"
has "names the key" err "orgs.xlsx:Sheet1: more than 5 rows (max_sheet_rows in baodao.conf)"
printf 'max_sheet_cells = 10\n' >"$T/cells.conf"
expect "a sheet over max_sheet_cells" 2 --config "$T/cells.conf" import orgs "$T/x/orgs.xlsx"
has "names the key" err "orgs.xlsx:Sheet1: more than 10 cells (max_sheet_cells in baodao.conf)"
printf 'max_sheet_rows = 0\n' >"$T/zero.conf"
expect "max_sheet_rows must be positive" 2 --config "$T/zero.conf" import orgs "$T/x/orgs.xlsx"
expect "a missing workbook" 2 import orgs "$T/nope.xlsx"
has "says so" err "nope.xlsx: No such file or directory"
printf 'not a zip' >"$T/fake.xlsx"
expect "text named .xlsx" 2 import orgs "$T/fake.xlsx"
has "not a zip" err "fake.xlsx: not an xlsx workbook (not a zip file)"
same "nothing written by any of them" "$(sql 'SELECT count(*) FROM org')" "$before"

LANG=zh_CN.UTF-8 LC_ALL= "$BAODAO" --db "$DB" import orgs "$T/formula.xlsx" >"$T/out" 2>"$T/err"
has "in Chinese by LANG" err "formula.xlsx:Sheet1!D2: 公式（=B1&\"x\"）：请把工作表“选择性粘贴为数值”后再导入"

# Without the plugin, a workbook is refused saying where plugins were
# looked for.
mkdir "$T/noplugins"
printf 'plugin_path = {"%s"}\n' "$T/noplugins" >"$T/noplug.conf"
expect "no xlsx plugin" 2 --config "$T/noplug.conf" import orgs "$T/phones.xlsx"
has "says why, and where it looked" err "phones.xlsx: reading an xlsx workbook needs the xlsx plugin: no plugin giving xlsx was found in $T/noplugins (see 'baodao plugins')"

# A workbook renamed .csv is still read as one.
cp "$T/phones.xlsx" "$T/renamed.csv"
sql "DELETE FROM org WHERE code IN ('XP1', 'XP2')"
expect "an xlsx renamed .csv" 0 import orgs "$T/renamed.csv"
has "its rows" out "renamed.csv: 2 rows: 2 inserted"
finish
