#!/bin/sh
# A full init + import (CSV and xlsx) + evaluate + explain + report under
# valgrind: no leak, no invalid access.
BAODAO=$1
. tests/cli/lib.sh
vg() {
	valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	    "$BAODAO" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 99 ]; then notok "valgrind $*" "$(head -c 2000 "$T/err")"; else ok; fi
}
vg init
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches; do
	vg import "$k" "$FIX/region/$k.csv"
done
vg evaluate --pack example --year 2024 --jobs 2
vg explain M001 --pack example --year 2024 --json
vg report results --pack example --year 2024 --format md
vg report roster --pack example --year 2024
vg report units --pack example --year 2024 --format json
vg report wishes --pack example --year 2024
vg validate --pack example --as-of 2024-12-31
vg report integrity --format json
vg explain M001 --pack changji --year 2024
vg runs
vg runs pin 1
vg runs prune --keep 1
vg import activities "$FIX/bad/activities.csv"
vg record amend activities M001/2024-04-06 date=2024-04-07 评价=良 --reason 日期填错
vg record amend activities '#1' hours=25 --reason x
vg record void activities M002/2024-10-05 --reason 重复
vg record history activities '#1' --format json
vg record request activities M001/2024-10-12 --by M001 --reason 时长
vg record resolve 1 accepted --reason 核实 hours=2
vg record requests --format csv
vg explain M001 --pack changji --year 2024 --json
vg evaluate --pack changji --year 2024 --as-recorded 2024-12-31 --jobs 2
vg import activities "$FIX/region/activities.csv"
# Workbooks through the xlsx plugin, and rejected rows written back.
python3 "$TOP/tests/cli/mkxlsx.py" --csv "$FIX/region/suggestions.csv" "$T/s.xlsx"
python3 "$TOP/tests/cli/mkxlsx.py" --csv "$FIX/bad/activities.csv" "$T/bad.xlsx"
vg import suggestions "$T/s.xlsx"
vg import activities "$T/bad.xlsx" --errors "$T/bad-rows.csv"
vg import activities "$FIX/bad/activities.csv" --errors "$T/bad-rows2.csv"
finish
