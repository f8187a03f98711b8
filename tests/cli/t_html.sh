#!/bin/sh
# The html plugin and the year summary: every report of a pack as one
# self-contained page (escaped, nothing fetched, print CSS), the summary's
# numbers against the records and `report results`, the change from the
# year before only when a run of it exists, and headless Chromium
# rendering each page without a console message.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
b() { "$BAODAO" --db "$DB" "$@"; }

expect "the html plugin is loaded" 0 plugins
has "html listed" out "html"

# A member whose name is markup, quotes and an ampersand.
cat >"$T/hostile.csv" <<'EOF'
id,name,unit,status
M009,"<img src=x onerror=alert(1)>&""x'y",008.011,in_service
EOF
# A year before: one registration and one service record in 2023.
printf 'member,community,date\nM001,C001,2023-05-01\n' >"$T/reg2023.csv"
printf 'member,date,kind,hours,community\nM001,2023-06-03,service,2,C001\n' >"$T/act2023.csv"
b import members "$T/hostile.csv" >/dev/null 2>&1 &&
b import registrations "$T/reg2023.csv" >/dev/null 2>&1 &&
b import activities "$T/act2023.csv" >/dev/null 2>&1 && ok ||
	notok "fixture records" "import failed"
b evaluate --pack example --year 2024 >/dev/null

# ---- the summary's numbers, in md and json ----
expect "summary md" 0 report summary --pack example --year 2024 --format md
has "grade distribution per unit" out "| 008.001 | 淮安市财政局 | 4 | 1 | 3 |"
has "a branch's members count for its unit" out "| 008.011 | 淮安市教育局 | 5 | 0 | 5 |"
has "rates per unit" out "| 008.011 | 淮安市教育局 | 5 | 4 | 2 | 50.0 | 2 | 50.0 | 14.0 |"
has "rates of all units" out "|  | 合计 | 9 | 7 | 5 | 71.4 | 5 | 71.4 | 30.5 |"
has "no target stated" out "规则包未规定目标。"
has "hours of October" out "| 2024-10 | 3 | 9.5 |"
lacks "no change without a run of 2023" out "的变化"
expect "summary json" 0 report summary --pack example --year 2024 --format json
has "no run of the year before" out '"run_year_before":null'
lacks "no change member" out '"change":'

# The distribution is what `report results` says, unit by unit (a
# branch's members under its unit).
b report results --pack example --year 2024 --format csv >"$T/results.csv"
sql "SELECT o.code, coalesce(p.code, o.code) FROM org o LEFT JOIN org p ON p.id = o.parent_id
     AND o.kind = 'branch'" | tr '|' ' ' >"$T/unitmap"
want=$(awk -F, 'NR == FNR { u[$1] = $2; next } FNR > 1 { n[u[$3] " " $6]++ }
    END { for (k in n) print k, n[k] }' FS=' ' "$T/unitmap" FS=, "$T/results.csv" | sort)
b report summary --pack example --year 2024 --format csv >"$T/summary.csv"
got=$(awk -F, '/^单位代码,单位,参评党员,一般,差$/ { on = 1; next } on && $1 == "" { on = 0 }
    on { print $1, "一般", $4; print $1, "差", $5 }' "$T/summary.csv" | awk '$3 > 0' | sort)
same "distribution equals the results' grades" "$got" "$want"

# Reporting rates and hours are the records': bound members in service and
# not exempt, registered on or before the as-of date.
want=$(sql "SELECT printf('%.1f', 100.0 * sum(EXISTS (SELECT 1 FROM registration g
    WHERE g.member_id = m.id AND g.date <= '2024-12-31')) / count(*)) FROM member m
    WHERE m.status = 'in_service' AND m.exempt = 0")
grep -q "^报到率(%),$want\$" "$T/summary.csv" && ok || notok "reporting rate" "want $want"
for mon in 01 03 10 11; do
	want=$(sql "SELECT count(*) || ',' || printf('%.1f', sum(minutes) / 60.0) FROM activity
	    WHERE date LIKE '2024-$mon-%'")
	grep -q "^2024-$mon,$want\$" "$T/summary.csv" && ok ||
		notok "hours of 2024-$mon" "want $want; $(grep "^2024-$mon" "$T/summary.csv")"
done

# ---- the change from the year before ----
b evaluate --pack example --year 2023 >/dev/null
expect "summary with the year before" 0 report summary --pack example --year 2024 --format md
has "the run of 2023 named" out "| 上年评议 | 2 (2023) |"
has "the change table" out "# 2023年至2024年的变化"
has "unit's change" out "| 008.001 | 淮安市财政局 | 33.3 | 100.0 | +66.7 | 0.0 | 100.0 | +100.0 | 2.0 | 16.5 | +14.5 |"
has "hours of the year before per month" out "| 2024-06 | 1 | 2.0 | 2.0 |"
expect "summary of 2023 alone" 0 report summary --pack example --year 2023 --format md
has "2023's rate is the change's base" out "| 008.001 | 淮安市财政局 | 4 | 3 | 1 | 33.3 | 0 | 0.0 | 2.0 |"
lacks "no run of 2022: no change" out "的变化"
expect "summary in English" 0 report summary --pack example --year 2024 --format csv --lang en
has "English headers" out "unit_code,unit,members,bound,registered,reporting_rate,claimed,claim_rate,hours"
expect "unknown org" 2 report summary --pack example --year 2024 --org NOPE
has "unknown org said" err "unknown org 'NOPE'"
expect "no run of 2022" 2 report summary --pack example --year 2022
has "no run said" err "no run of pack example for year 2022"

# ---- html pages ----
expect "summary html" 0 report summary --pack example --year 2024 --format html -o "$T/summary.html"
cp "$T/summary.html" "$T/out"
has "doctype" out "<!DOCTYPE html>"
has "lang zh-CN" out '<html lang="zh-CN">'
has "utf-8" out '<meta charset="utf-8">'
has "CSP forbids fetching" out "default-src 'none'"
has "A4" out "@page{size:A4"
has "landscape when wide" out "@page wide{size:A4 landscape}"
has "header repeated on each page" out "thead{display:table-header-group}"
has "rows not split" out "tr{break-inside:avoid"
has "page title" out "<title>示例规则包（演示用） 2024年度汇总</title>"
same "four charts (distribution, rates, months, change)" "$(grep -c '<svg role="img"' "$T/out")" 4
same "each chart titled and described" "$(grep -c '<desc id="chart' "$T/out")" 4
has "a bar's value in its title" out "<title>淮安市教育局: 报到率(%) 50.0%</title>"
has "the numbers also as a table" out '<td>淮安市教育局</td><td class="n">5</td><td class="n">4</td>'
has "codes are not numbers" out "<td>008.011</td>"

expect "results html" 0 report results --pack example --year 2024 --format html -o "$T/results.html"
cp "$T/results.html" "$T/out"
has "a name escaped" out "<td>&lt;img src=x onerror=alert(1)&gt;&amp;&quot;x&#39;y</td>"
lacks "no markup from a cell" out "<img"
pages="summary results"
for form in $(b reports --pack example | awk '$1 != "results" && $1 != "summary" { print $1 }'); do
	if b report "$form" --pack example --year 2024 --format html -o "$T/$form.html" 2>"$T/err"
	then ok; pages="$pages $form"; else notok "form $form in html" "$(cat "$T/err")"; fi
done
cp "$T/roster.html" "$T/out"
has "a form's title as the page's heading" out "<h1>党员名册（示例）</h1>"
# Every report of every pack is a page (rendered below for two of them).
for p in jiangsu huaian fengxiang changji aksu; do
	b evaluate --pack $p --year 2024 >/dev/null 2>&1
	for r in $(b reports --pack $p | awk '{ print $1 }'); do
		if b report "$r" --pack $p --year 2024 --format html -o "$T/$p-$r.html" 2>"$T/err"
		then ok; all="${all:-} $p-$r"; else notok "$p $r in html" "$(cat "$T/err")"; fi
	done
done
cp "$T/jiangsu-card.html" "$T/out"
has "foot lines (the signature line)" out '<p class="foot">社区党组织认证签字：</p>'
cp "$T/aksu-summary.html" "$T/out"
has "the pack's target drawn" out '<title>目标 100%</title>'
has "the pack's target named" out "目标：100%（规则包参数 unit_target_rate"
pages_all="$pages ${all:-}"
pages="$pages jiangsu-summary jiangsu-card"

# Many units: the rates lie down, a row each; a unit's name that is
# markup is text in the chart as in the table.
awk 'BEGIN { print "code,name,kind,parent"; for (i = 10; i < 42; i++)
    printf "009.%03d,单位%d,unit,320800\n", i, i
    print "009.999,\"<b>x</b>&\"\"\",unit,320800" }' >"$T/units.csv"
awk 'BEGIN { print "id,name,unit"; for (i = 10; i < 42; i++) printf "N%03d,党员%d,009.%03d\n", i, i, i
    print "N999,党员,009.999" }' >"$T/unitmembers.csv"
b import orgs "$T/units.csv" >/dev/null 2>&1 && b import members "$T/unitmembers.csv" >/dev/null 2>&1 &&
	b evaluate --pack example --year 2024 >/dev/null && ok || notok "35 units" "import or evaluate failed"
expect "summary of 35 units" 0 report summary --pack example --year 2024 --format html \
    -o "$T/many.html"
cp "$T/many.html" "$T/out"
lacks "no turned labels: bars lie down" out 'transform="rotate'
has "a unit's name escaped in the chart" out '<text x="190" y="'
has "markup as text in the chart" out '>&lt;b&gt;x&lt;/b&gt;&amp;&quot;</text>'
lacks "no markup from a name" out '<b>x'
pages="$pages many"
pages_all="$pages_all many"

# Nothing in any page reaches outside it.
for p in $pages_all; do
	if grep -nE 'https?:|//|<script|<link|@import|url\(|<(img|iframe|object|embed|audio|video|source)[ >]|<[^>]* (src|href)=' \
	    "$T/$p.html" >"$T/bad"; then
		notok "$p.html is self-contained" "$(head -c 300 "$T/bad")"
	else ok; fi
done

# ---- rendered by headless Chromium ----
render() {   # render PAGE: PNG in $T/PAGE.png, Chromium's log in $T/PAGE.log
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$T/chromium" \
	    --enable-logging=stderr --v=0 --window-size=1280,2000 --screenshot="$T/$1.png" \
	    "file://$T/$1.html" >"$T/$1.log" 2>&1
}
if ! command -v chromium >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		notok "chromium" "not installed on CI (make check-deps installs it)"
	else
		echo "html: chromium is not installed (make check-deps installs it); rendering skipped"
	fi
else
	# The check can fail: a page that fetches an image is reported on the
	# console (the policy blocks it), and a script's error too.
	printf '%s\n' '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy"' \
	    " content=\"default-src 'none'\"></head><body><img src=\"https://example.invalid/x.png\">" \
	    '</body></html>' >"$T/fetches.html"
	render fetches
	grep -q ':CONSOLE' "$T/fetches.log" && ok ||
		notok "a fetching page is seen on the console" "$(grep -v dbus "$T/fetches.log" | head -c 400)"
	# Printed: A4 pages, landscape for the wide tables (rates: 9
	# columns, change: 11), each part of the summary on a page of its own.
	timeout 120 chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$T/chromium" \
	    --no-pdf-header-footer --print-to-pdf="$T/summary.pdf" "file://$T/summary.html" \
	    >"$T/pdf.log" 2>&1
	grep -a -o '/MediaBox \[[^]]*\]' "$T/summary.pdf" | sort | uniq -c |
	    awk '{ print $1, $5 < $6 ? "portrait" : "landscape" }' >"$T/sizes"
	grep -a -o '/MediaBox \[[^]]*\]' "$T/summary.pdf" | sort -u |
	    awk '{ w = $4 < $5 ? $4 : $5; h = $4 < $5 ? $5 : $4;
	        if (w < 594 || w > 596 || h < 841 || h > 843) print }' >"$T/notA4"
	same "printed on A4 only" "$(cat "$T/notA4")" ""
	grep -q landscape "$T/sizes" && grep -q portrait "$T/sizes" && ok ||
		notok "wide parts landscape, the others portrait" "$(cat "$T/sizes")"
	[ "$(awk '{ n += $1 } END { print n }' "$T/sizes")" -ge 5 ] && ok ||
		notok "each part on its own page" "$(cat "$T/sizes")"
	for p in $pages; do
		render "$p"
		if grep ':CONSOLE' "$T/$p.log" >"$T/bad"; then
			notok "$p.html renders without console messages" "$(head -c 400 "$T/bad")"
		elif [ "$(head -c 4 "$T/$p.png" 2>/dev/null | od -An -c | tr -d ' ')" != '211PNG' ]; then
			notok "$p.html renders to a PNG" "$(grep -v dbus "$T/$p.log" | tail -c 400)"
		elif [ "$(stat -c %s "$T/$p.png")" -lt 10000 ]; then
			notok "$p.html renders something" "$(stat -c %s "$T/$p.png") bytes"
		else ok; fi
	done
fi
finish
