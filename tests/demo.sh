#!/bin/sh
# make demo: the main job on the bundled sample region (data/region, made
# by tools/gen-region.c, `make region`: 320 members of sixteen 附表2 units
# in six communities, about 6 400 activities).  A fresh database in demo-out/, every pack of rules/
# sealed and installed into it, the region's spreadsheets imported, the
# records checked, the year evaluated with each pack, one member
# explained, each pack's results, forms (md and html) and year summary
# (an html page with charts, and md) written, and the integrity report
# of the records.  The folder is named at the end.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/demo-out
b="$top/baodao --db $out/demo.db"
year=2024
rm -rf "$out"
mkdir -p "$out"
export BAODAO_CONFIG=
$b init
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches member_events; do
	$b import "$k" "$top/data/region/$k.csv"
done
# Install every pack as an administrator would: a copy of each, sealed,
# installed into the demo database's pack store (built, its own tests run,
# all or nothing).  The copies sit side by side, so huaian finds jiangsu.
mkdir -p "$out/packs"
cp -R "$top"/rules/* "$out/packs/"
for dir in "$out"/packs/*/; do
	$b pack seal "$dir" >/dev/null
done
for dir in "$out"/packs/*/; do
	$b pack install "$dir" 2>>"$out/install.log" | tail -n 1
done
$b pack list
for dir in "$out"/packs/*/; do
	pack=$(basename "$dir")
	echo
	echo "== $pack"
	# Exit 1 means some rule raised an error for some member (a finding):
	# the run is stored all the same, and the demo goes on.  The year
	# before too (the region's few records of it), so that the summary
	# shows the change.
	$b evaluate --pack "$pack" --year $((year - 1)) >/dev/null || [ $? -eq 1 ]
	$b evaluate --pack "$pack" --year "$year" || [ $? -eq 1 ]
	for f in csv md json; do
		$b report results --pack "$pack" --year "$year" --format "$f" \
		    -o "$out/$pack-results.$f"
	done
	# Every form the pack declares (the notices' 附件 and 附表), as text
	# and as a printable page.
	for form in $($b reports --pack "$pack" | awk '$1 != "results" && $1 != "summary" \
	    { print $1 }'); do
		for f in md html; do
			$b report "$form" --pack "$pack" --year "$year" --format "$f" \
			    -o "$out/$pack-$form.$f"
		done
	done
	# The year summary: a page with charts, and its tables.
	for f in html md; do
		$b report summary --pack "$pack" --year "$year" --format "$f" \
		    -o "$out/$pack-summary.$f"
	done
	$b explain HA0001 --pack "$pack" --year "$year" --json >"$out/$pack-explain-HA0001.json"
	$b validate --pack "$pack" --as-of "$year-12-31" >"$out/$pack-validate.txt" || [ $? -eq 1 ]
done
# The core's integrity checks of hours, per unit (the generator makes a
# few of each finding), as text and as a printable page.
for f in md html; do
	$b report integrity --year "$year" --format "$f" -o "$out/integrity.$f"
done
echo
$b explain HA0001 --pack jiangsu --year "$year"
echo
echo "demo: reports written to $out"
ls "$out"
