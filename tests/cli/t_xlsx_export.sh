#!/bin/sh
# xlsx export (issue 11, items 3 and 5): every report and form of every
# pack, written as xlsx on the sample region, is opened by LibreOffice
# (headless, converted back to csv) and holds exactly baodao's own csv of
# the same report, with the form's title, heading lines and foot lines
# around it; the sheet's XML has the merged title, the frozen header, the
# print titles, A4 landscape where wide, and codes and phone numbers as
# text while counts and scores are numbers.  Also: the format follows
# -o's extension, an extension nothing writes or a format whose plugin is
# missing is an error naming what exists, xlsx is refused on a terminal,
# a csv file has a UTF-8 byte order mark (stdout none), --encoding
# gb18030 writes GB18030, and a failing report leaves no file.
. tests/cli/lib.sh

SOFFICE=$(command -v soffice || command -v libreoffice)
if [ -z "$SOFFICE" ]; then
	if [ -n "${CI:-}" ]; then
		notok "LibreOffice" "not installed on CI (make check-deps installs it)"
	else
		echo "xlsx: LibreOffice is not installed (make check-deps installs it); opening skipped"
	fi
fi
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"

printf 'pack_path = {"%s"}\n' "$TOP/rules" >"$T/p.conf"
export BAODAO_CONFIG=$T/p.conf
expect "the xlsx plugin is loaded" 0 plugins
has "xlsx writes xlsx" out "writes xlsx"

# The sample region of make demo, each pack evaluated.
"$BAODAO" --db "$DB" init >/dev/null
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches member_events; do
	"$BAODAO" --db "$DB" import "$k" "$TOP/data/region/$k.csv" >/dev/null 2>&1 ||
	    notok "import $k" "failed"
done
mkdir -p "$T/x"
for dir in "$TOP"/rules/*/; do
	pack=$(basename "$dir")
	"$BAODAO" --db "$DB" evaluate --pack "$pack" --year 2024 >/dev/null 2>&1
	[ $? -le 1 ] || notok "evaluate $pack" "failed"
	for r in $("$BAODAO" --db "$DB" reports --pack "$pack" | awk '{ print $1 }'); do
		s=$T/x/$pack-$r
		for f in xlsx md; do
			"$BAODAO" --db "$DB" report "$r" --pack "$pack" --year 2024 -o "$s.$f" \
			    2>"$T/err" || notok "report $r --pack $pack -o .$f" "$(cat "$T/err")"
		done
		"$BAODAO" --db "$DB" report "$r" --pack "$pack" --year 2024 --encoding utf-8 \
		    -o "$s.csv" 2>"$T/err" || notok "report $r --pack $pack -o .csv" "$(cat "$T/err")"
	done
done
# The integrity report of the records, too (no pack, no run).
for f in xlsx md; do
	"$BAODAO" --db "$DB" report integrity --year 2024 -o "$T/x/integrity.$f" 2>"$T/err" ||
	    notok "report integrity -o .$f" "$(cat "$T/err")"
done
"$BAODAO" --db "$DB" report integrity --year 2024 --encoding utf-8 -o "$T/x/integrity.csv" \
    2>"$T/err" || notok "report integrity -o .csv" "$(cat "$T/err")"
n=$(ls "$T"/x/*.xlsx | wc -l)
[ "$n" -ge 40 ] && ok || notok "every report written" "only $n xlsx files"

# LibreOffice converts them all back to csv (UTF-8, comma, double quote,
# cells as shown: token 9), every sheet (token 12 = -1) to a file of its
# own, BOOK-SHEET.csv.
if [ -n "$SOFFICE" ]; then
# (A UTF-8 locale: LibreOffice names the files by the sheets' names.)
LC_ALL=C.UTF-8 "$SOFFICE" -env:UserInstallation="file://$T/lo-profile" --headless \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
    --outdir "$T/lo" "$T"/x/*.xlsx >"$T/lo.log" 2>&1

# Each table of baodao's csv (tables apart by an empty line) is a sheet of
# the workbook, in order: [title] [heading lines] header rows [blank foot
# lines], where header and rows are the csv's (less the single quote csv
# puts before a cell that looks like a formula) and title, heading and
# foot lines the md's, each in column A.
python3 - "$T/x" "$T/lo" >"$T/cmp" <<'EOF'
import csv, html, os, re, sys, zipfile
x, lo = sys.argv[1], sys.argv[2]

def rows(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.reader(f))

def unquote(cell):
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ('=', '+', '-', '@', '\t', '\r') else cell

def csv_tables(path):
    """baodao's csv: its tables, apart by empty lines."""
    tables = [[]]
    for r in rows(path):
        if r:
            tables[-1].append([unquote(c) for c in r])
        elif tables[-1]:
            tables.append([])
    return [t for t in tables if t]

def md_tables(path):
    """baodao's md: (title, heading lines, foot lines) of each table."""
    out, cur, state = [], None, 'head'
    for l in open(path, encoding='utf-8').read().split('\n'):
        if l.startswith('# ') or cur is None or (state == 'foot' and l.startswith('| ')):
            cur = [l[2:] if l.startswith('# ') else None, [], []]
            out.append(cur)
            state = 'head'
            if l.startswith('# '):
                continue
        if l.startswith('|'):
            state = 'rows'
        elif l and state == 'head':
            cur[1].append(html.unescape(l))
        elif l:
            state = 'foot'
            cur[2].append(html.unescape(l))
    return out

def sheets(path):
    wb = zipfile.ZipFile(path).read('xl/workbook.xml').decode()
    return [html.unescape(n) for n in re.findall(r'<sheet name="([^"]*)"', wb)]

def compare(want, got, title, heading, foot):
    top = ([html.unescape(title)] if title else []) + heading
    n = len(want[0])
    text = lambda r: r[0] if len(r) and not any(r[1:]) else None
    problems = []
    if [text(r) for r in got[:len(top)]] != top:
        problems.append('title/heading %r, want %r' % ([r[:1] for r in got[:len(top)]], top))
    body = got[len(top):len(top) + len(want)]
    if body != want:
        bad = next((i for i in range(len(want)) if i >= len(body) or body[i] != want[i]), 0)
        problems.append('row %d: %r, want %r' % (len(top) + bad + 1,
            body[bad] if bad < len(body) else None, want[bad]))
    rest = got[len(top) + len(want):]
    want_rest = ([[''] * n] if foot else []) + [[l] + [''] * (n - 1) for l in foot]
    if rest != want_rest:
        problems.append('foot %r, want %r' % (rest[:3], want_rest[:3]))
    return problems

for name in sorted(os.listdir(x)):
    if not name.endswith('.xlsx'):
        continue
    stem = name[:-5]
    try:
        want = csv_tables(os.path.join(x, stem + '.csv'))
        parts = md_tables(os.path.join(x, stem + '.md'))
        names = sheets(os.path.join(x, name))
        problems = [] if len(want) == len(parts) == len(names) else \
            ['%d tables in the csv, %d in the md, %d sheets' % (len(want), len(parts), len(names))]
        for i, sheet in enumerate(names[:len(want)]):
            got = rows(os.path.join(lo, '%s-%s.csv' % (stem, sheet)))
            problems += ['sheet %s: %s' % (sheet, p) for p in compare(want[i], got, *parts[i])]
    except (OSError, IndexError) as e:
        problems = [str(e)]
    print(('FAIL %s: %s' % (stem, '; '.join(problems))) if problems else 'PASS %s' % stem)
EOF
while read -r verdict rest; do
	if [ "$verdict" = PASS ]; then ok; else notok "LibreOffice's csv of the xlsx" "$rest"; fi
done <"$T/cmp"
same "every workbook compared" "$(grep -c '^PASS' "$T/cmp")" "$n"
fi

# The sheet's XML: sheet NAME.xlsx, then checks of python expressions over
# s (the sheet), wb (the workbook) and cells (ref -> ('s', text) for a
# string, inline or shared, or ('n', value) for a number).
sheet() {
	python3 - "$1" "$2" <<'EOF'
import html, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
s = z.read('xl/worksheets/sheet1.xml').decode()
wb = z.read('xl/workbook.xml').decode()
sst = []
if 'xl/sharedStrings.xml' in z.namelist():
    sst = re.findall(r'<si><t[^>]*>(.*?)</t></si>', z.read('xl/sharedStrings.xml').decode(), re.S)
cells = {}
for ref, attrs, body in re.findall(r'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', s):
    t = re.search(r't="(\w+)"', attrs)
    v = re.search(r'<v>(.*?)</v>', body)
    if t and t.group(1) == 'inlineStr':
        cells[ref] = ('s', html.unescape(re.search(r'<t[^>]*>(.*?)</t>', body, re.S).group(1)))
    elif t and t.group(1) == 's':
        cells[ref] = ('s', html.unescape(sst[int(v.group(1))]))
    else:
        cells[ref] = ('n', v.group(1) if v else '')
print('yes' if eval(sys.argv[2]) else 'no: ' + sys.argv[2])
EOF
}
x=$T/x
# huaian's 记录卡: title, one heading line, header on row 3.
same "title merged over the table" "$(sheet "$x/huaian-card.xlsx" "'<mergeCell ref=\"A1:J1\"/>' in s")" yes
same "header frozen under row 3" "$(sheet "$x/huaian-card.xlsx" \
    "re.search(r'<pane ySplit=\"3\" topLeftCell=\"A4\"[^>]*state=\"frozen\"', s)")" yes
same "header repeats on every page" "$(sheet "$x/huaian-card.xlsx" \
    "\"!\$3:\$3</definedName>\" in wb and '_xlnm.Print_Titles' in wb")" yes
same "A4, fitted to the page width" "$(sheet "$x/huaian-card.xlsx" \
    "re.search(r'<pageSetup paperSize=\"9\" fitToHeight=\"0\"', s) and 'fitToPage=\"1\"' in s")" yes
same "a wide form is landscape" "$(sheet "$x/huaian-register.xlsx" "'orientation=\"landscape\"' in s")" yes
same "a narrow form is portrait" "$(sheet "$x/huaian-directory.xlsx" "'orientation=\"portrait\"' in s")" yes
same "hours a number with its decimals" "$(sheet "$x/huaian-card.xlsx" \
    "cells['J4'] == ('n', '41.5') and '0.00' in zipfile.ZipFile(sys.argv[1]).read('xl/styles.xml').decode()")" yes
same "the sheet is named by the title" "$(sheet "$x/huaian-card.xlsx" \
    "'<sheet name=\"在职党员社区服务（活动）记录卡\"' in wb")" yes
same "the summary: a sheet per table" "$(sheet "$x/aksu-summary.xlsx" \
    "re.findall(r'<sheet name=\"([^\"]*)\"', wb)[1:] == ['各单位报到率和认岗率', '2024年各月服务时长']")" yes
# The results: unit codes (008.012) and member ids text, scores and stars numbers.
same "unit code as text" "$(sheet "$x/huaian-results.xlsx" "cells['C2'] == ('s', '008.012')")" yes
same "member id as text" "$(sheet "$x/huaian-results.xlsx" "cells['A2'] == ('s', 'HA0001')")" yes
same "score a number" "$(sheet "$x/huaian-results.xlsx" "cells['E2'] == ('n', '158.5')")" yes
same "stars a number" "$(sheet "$x/huaian-results.xlsx" "cells['G2'] == ('n', '5')")" yes
same "no Number stored as text warnings" "$(sheet "$x/huaian-results.xlsx" \
    "'<ignoredError sqref=\"A1:XFD1048576\" numberStoredAsText=\"1\"/>' in s")" yes
# Phone numbers in the clear (--reveal) stay text, never 1.92E+10.
expect "register with --reveal" 0 report register --pack huaian --year 2024 --reveal \
    -o "$T/reveal.xlsx"
same "a phone number as text" "$(sheet "$T/reveal.xlsx" \
    "[t for k, (t, v) in cells.items() if re.fullmatch(r'M[0-9]+', k) and re.fullmatch(r'1[0-9]{10}', v)] == ['s'] * 280")" yes

# What a cell is, by its text and its column's header: identifiers text
# whatever their digits, long numbers, leading zeros, "-0" and formulas
# text, counts, hours and signed numbers numbers.
mkdir -p "$T/types"
printf 'id = "types"\nname = "t"\nversion = "1"\n' >"$T/types/pack.conf"
cat >"$T/types/rules.lua" <<'LUA'
requirement "types.x" { title = "x", clause = "c", check = function() return true end }
local function k(v) return function() return v end end
form "types" { title = "类型", clause = "c", rows = "member",
  when = function(m) return m.id == "HA0001" end,
  columns = { { "编号", k("20240001") }, { "次数", k("20240001") }, { "电话", k("13812345678") },
    { "长号", k("13812345678") }, { "零", k("0012") }, { "负零", k("-0") },
    { "时长", k("1.50") }, { "负", k("-4") }, { "公式", k("=1+2") }, { "member_id", k("123") },
    { "小数", k("0.1234567") }, { "码", k("8.001") } } }
LUA
"$BAODAO" --db "$DB" evaluate --pack "$T/types" --year 2024 >/dev/null 2>&1
expect "the types form" 0 report types --pack "$T/types" --year 2024 -o "$T/types.xlsx"
same "each cell's type" "$(sheet "$T/types.xlsx" "[(t, float(v) if t == 'n' else v) for t, v in (cells[c + '4'] for c in 'ABCDEFGHIJKL')] == [('s', '20240001'), ('n', 20240001), ('s', '13812345678'), ('s', '13812345678'), ('s', '0012'), ('s', '-0'), ('n', 1.5), ('n', -4), ('s', '=1+2'), ('s', '123'), ('s', '0.1234567'), ('n', 8.001)] and cells['A3'] == ('s', '编号')")" yes

# The same calls give the same bytes; stdout gets the same workbook; no
# temporary file is left behind.
expect "xlsx again" 0 report card --pack huaian --year 2024 -o "$T/again.xlsx"
cmp -s "$T/again.xlsx" "$x/huaian-card.xlsx" && ok || notok "same bytes twice" "they differ"
"$BAODAO" --db "$DB" report card --pack huaian --year 2024 --format xlsx >"$T/stdout.xlsx"
cmp -s "$T/stdout.xlsx" "$x/huaian-card.xlsx" && ok || notok "xlsx through stdout" "differs"
same "no temporary files left" "$(ls "$TMPDIR" | grep -c baodao-xlsx)" 0
same "xlsx file mode 0600" "$(stat -c %a "$x/huaian-card.xlsx")" 600

# The format from -o's extension, in any case; --format over it.
expect "-o .XLSX" 0 report results --pack example --year 2024 -o "$T/r.XLSX"
same "an xlsx by its extension" "$(head -c 2 "$T/r.XLSX")" "PK"
expect "-o .json" 0 report results --pack example --year 2024 -o "$T/r.json"
same "json by its extension" "$(head -c 1 "$T/r.json")" '['
expect "-o .md" 0 report results --pack example --year 2024 -o "$T/r.md"
same "md by its extension" "$(head -c 5 "$T/r.md")" '| 党'
expect "--format over the extension" 0 report results --pack example --year 2024 --format csv \
    -o "$T/r2.json"
same "csv in a .json file" "$(head -n 1 "$T/r2.json" | tail -c +4 | cut -d, -f1)" '党员编号'
expect "-o .txt is text" 0 report results --pack example --year 2024 -o "$T/r.txt"
same "text: a table as csv, no mark" "$(head -c 3 "$T/r.txt")" '党'
expect "-o .pdf" 2 report results --pack example --year 2024 -o "$T/r.pdf"
has "an extension nothing writes" err "report: -o $T/r.pdf: no format writes .pdf files (.txt, .csv, .md, .json, "
has "... among them .xlsx" err ", .xlsx"
has "... says how to write it anyway" err "or name one with --format"
same "no file for a refused extension" "$(ls "$T/r.pdf" 2>/dev/null)" ""
expect "-o .text" 2 report results --pack example --year 2024 -o "$T/r.text"
has "text is .txt" err "no format writes .text files"
expect "--format pdf" 2 report results --pack example --year 2024 --format pdf
has "an unknown format" err "report: unknown format 'pdf' (csv, md, json, "
has "... among them xlsx" err ", xlsx"

# Without the plugin: xlsx says which plugin it needs and why it is missing.
mkdir -p "$T/none"
printf 'pack_path = {"%s"}\nplugin_path = {"%s"}\n' "$TOP/rules" "$T/none" >"$T/bare.conf"
expect "-o .xlsx without the plugin" 2 --config "$T/bare.conf" report results --pack example \
    --year 2024 -o "$T/bare.xlsx"
has "names the plugin" err "report: -o $T/bare.xlsx: xlsx output needs the xlsx plugin: no plugin giving xlsx was found in $T/none (see 'baodao plugins')"
same "nothing written" "$(ls "$T/bare.xlsx" 2>/dev/null)" ""
expect "--format xlsx without the plugin" 2 --config "$T/bare.conf" report results \
    --pack example --year 2024 --format xlsx
has "names the plugin too" err "report: xlsx output needs the xlsx plugin: no plugin giving xlsx"
expect "-o .html without its plugin" 2 --config "$T/bare.conf" report results --pack example \
    --year 2024 -o "$T/bare.html"
has "html names its plugin" err "html output needs the html plugin"

# xlsx on a terminal is refused with the way to write it: -o where the
# command has it, else a redirection (any command's --format xlsx).
on_tty() {
	python3 - "$BAODAO" --db "$DB" "$@" >"$T/tty" 2>&1 <<'EOF'
import os, pty, subprocess, sys
m, s = pty.openpty()
r = subprocess.run(sys.argv[1:], stdout=s, stderr=subprocess.PIPE)
os.close(s)
print(r.returncode)
print(r.stderr.decode().strip())
EOF
}
on_tty report results --pack example --year 2024 --format xlsx
same "xlsx on a terminal: exit 2" "$(head -n 1 "$T/tty")" 2
has "xlsx on a terminal: the hint" tty "report: xlsx is not for a terminal: write it to a file with -o FILE.xlsx"
on_tty report results --pack example --year 2024 --format xlsx -o -
same "-o - is the terminal too" "$(head -n 1 "$T/tty")" 2
on_tty plugins --format xlsx
same "plugins --format xlsx on a terminal: exit 2" "$(head -n 1 "$T/tty")" 2
has "a command without -o: redirect" tty "baodao: xlsx is not for a terminal: redirect it to a file (> FILE.xlsx)"

# csv: a byte order mark in a file, none on stdout, as asked with --encoding.
expect "csv file" 0 report results --pack example --year 2024 -o "$T/bom.csv"
same "a csv file starts with the UTF-8 mark" "$(head -c 3 "$T/bom.csv" | od -An -tx1 | tr -d ' ')" efbbbf
same "then the header" "$(head -n 1 "$T/bom.csv" | tail -c +4 | cut -d, -f1-2)" "党员编号,姓名"
expect "csv on stdout" 0 report results --pack example --year 2024
same "stdout has no mark" "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" e5859a
tail -c +4 "$T/bom.csv" | cmp -s - "$T/out" && ok || notok "the same csv after the mark" "differs"
expect "--encoding utf-8" 0 report results --pack example --year 2024 --encoding utf-8 \
    -o "$T/plain.csv"
tail -c +4 "$T/bom.csv" | cmp -s - "$T/plain.csv" && ok || notok "utf-8: no mark" "differs"
expect "--encoding utf-8-bom on stdout" 0 report results --pack example --year 2024 \
    --encoding UTF-8-BOM
cmp -s "$T/out" "$T/bom.csv" && ok || notok "utf-8-bom on stdout" "differs from the file"
expect "--encoding gb18030" 0 report results --pack example --year 2024 --encoding gb18030 \
    -o "$T/gb.csv"
same "GB18030 bytes" "$(head -c 8 "$T/gb.csv" | od -An -tx1 | tr -d ' ')" "b5b3d4b1b1e0bac5"
python3 -c 'import sys; a = open(sys.argv[1], "rb").read().decode("gb18030"); b = open(sys.argv[2], "rb").read().decode("utf-8"); sys.exit(a != b)' \
    "$T/gb.csv" "$T/plain.csv" && ok || notok "gb18030 is the csv re-encoded" "differs"
expect "md in gb18030" 0 report card --pack example --year 2024 --format md --encoding gb18030
same "md re-encoded" "$(iconv -f GB18030 -t UTF-8 "$T/out" | head -c 2)" "# "
expect "--encoding for json" 2 report results --pack example --year 2024 --format json \
    --encoding gb18030
has "json is UTF-8 only" err "report: --encoding gb18030 is for csv and md output, not json"
expect "--encoding for xlsx" 2 report results --pack example --year 2024 -o "$T/e.xlsx" \
    --encoding utf-8-bom
has "xlsx takes no encoding" err "--encoding utf-8-bom is for csv and md output, not xlsx"
expect "an unknown encoding" 2 report results --pack example --year 2024 --encoding latin1
has "the encodings named" err "report: unknown encoding 'latin1' (utf-8, utf-8-bom, gb18030)"

# A report that fails leaves no file, in xlsx as in gb18030.
expect "no such form, xlsx" 2 report nosuch --pack example --year 2024 -o "$T/fail.xlsx"
same "no xlsx left" "$(ls "$T/fail.xlsx" 2>/dev/null)" ""
expect "no such form, gb18030" 2 report nosuch --pack example --year 2024 --encoding gb18030 \
    -o "$T/fail.csv"
same "no csv left" "$(ls "$T/fail.csv" 2>/dev/null)" ""
# A form whose column fails half-way through the rows: no workbook, and
# no temporary file left in $TMPDIR.
mkdir -p "$T/p"
printf 'id = "f"\nname = "f"\nversion = "1"\n' >"$T/p/pack.conf"
cat >"$T/p/rules.lua" <<'LUA'
requirement "f.x" { title = "x", clause = "c", check = function() return true end }
form "boom" { title = "t", clause = "c", rows = "member",
  columns = { { "x", function(m) if m.id == "HA0200" then error("no") end return 1 end } } }
LUA
"$BAODAO" --db "$DB" evaluate --pack "$T/p" --year 2024 >/dev/null 2>&1
expect "a failing column fails the workbook" 2 report boom --pack "$T/p" --year 2024 \
    -o "$T/boom.xlsx"
has "the failing column named" err "form 'boom': column 'x': member HA0200:"
same "no half-written workbook" "$(ls "$T/boom.xlsx" 2>/dev/null)" ""
same "no temporary file after a failure" "$(ls "$TMPDIR" | grep -c baodao-xlsx)" 0
# No temporary file to be had: the machine's fault (exit 3), no workbook.
TMPDIR=$T/nonexistent
expect "TMPDIR missing" 3 report results --pack example --year 2024 -o "$T/notmp.xlsx"
TMPDIR=$T/tmp
has "TMPDIR named" err "emit: xlsx: cannot make a temporary file in $T/nonexistent: No such file or directory"
same "no workbook without a temporary file" "$(ls "$T/notmp.xlsx" 2>/dev/null)" ""
expect "no run, on stdout in gb18030" 2 report results --pack example --year 2023 \
    --encoding gb18030
same "nothing on stdout" "$(wc -c <"$T/out" | tr -d ' ')" 0
finish
