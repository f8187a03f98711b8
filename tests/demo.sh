#!/bin/sh
# make demo: the main job on the bundled sample region.  A fresh database
# in demo-out/, the region's spreadsheets imported, the year evaluated with
# the example pack, one member explained, and the results written in every
# format.  The folder is named at the end.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/demo-out
b="$top/baodao --db $out/demo.db"
rm -rf "$out"
mkdir -p "$out"
export BAODAO_CONFIG=
$b init
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches; do
	$b import "$k" "$top/tests/fixtures/region/$k.csv"
done
$b evaluate --pack example --year 2024 || [ $? -eq 1 ]
echo
$b explain M001 --pack example --year 2024
echo
for f in csv md json; do
	$b report results --pack example --year 2024 --format "$f" -o "$out/results.$f"
done
$b explain M001 --pack example --year 2024 --json >"$out/explain-M001.json"
echo "demo: reports written to $out"
ls -l "$out"
