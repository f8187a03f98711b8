#!/bin/sh
# Interrupts (issue 12 item 4): `kill -9` of evaluate or import at any
# moment leaves the database as it was: intact, the previous finished run
# still the latest, and no row of the interrupted import.  The kill points
# are spread over the work by a fixed list of delays, so the number of
# tries is bounded; where the work finished before the kill, the check
# still holds.
. tests/cli/lib.sh
# A region big enough that evaluate (about a second) and import (a few
# seconds) are still at work when the kills come: tools/gen-region.c,
# which `make check` builds for its region check.
GEN=$TOP/obj/gen-region
if [ ! -x "$GEN" ]; then echo "cli: 0 passed, 1 failed (no $GEN: run make check)"; exit 1; fi
"$GEN" --seed 7 --members 20000 --year 2024 --out "$T/r" >/dev/null
printf 'pack_path = {"%s"}\n' "$TOP/rules" >"$T/packs.conf"
B="$BAODAO --config $T/packs.conf --db $DB"
$B init >/dev/null 2>&1
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches member_events; do
	$B import "$k" "$T/r/$k.csv" >/dev/null 2>&1 || notok "import $k" "exit $?"
done
expect "a first run" 0 --config "$T/packs.conf" evaluate --pack changji --year 2024 --quiet
first=$(sql "SELECT max(id) FROM run WHERE status = 'finished'")
subjects=$(sql "SELECT count(*) FROM run_subject WHERE run_id = $first")
mkdir -p "$T/tmp"
for d in 0.02 0.1 0.2 0.35 0.5 0.65 0.8 1.2; do
	TMPDIR="$T/tmp" $B evaluate --pack changji --year 2024 --quiet >/dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	same "intact after a kill at ${d}s" "$(sql 'PRAGMA integrity_check')" "ok"
	latest=$(sql "SELECT max(id) FROM run WHERE status = 'finished'")
	# Either the run finished before the kill (a whole new run) or the
	# last finished run is still the one before it.
	n=$(sql "SELECT count(*) FROM run_subject WHERE run_id = $latest")
	same "the latest finished run is whole (${d}s)" "$n" "$subjects"
	same "no half-written run (${d}s)" \
	    "$(sql "SELECT count(*) FROM run WHERE status = 'running'")" "0"
	# The run's rows wait in spool files unlinked as they are made.
	same "no temporary file left (${d}s)" "$(ls -A "$T/tmp")" ""
done
# An import killed part-way writes nothing: its rows come all or none.
acts=$(sql 'SELECT count(*) FROM activity')
awk -F, 'NR == 1 { print; next } { $2 = "2025" substr($2, 5); print }' OFS=, \
    "$T/r/activities.csv" >"$T/next.csv"
for d in 0.05 0.2 0.5 0.9 1.4; do
	$B import activities "$T/next.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	same "intact after an import killed at ${d}s" "$(sql 'PRAGMA integrity_check')" "ok"
	n=$(sql 'SELECT count(*) FROM activity')
	if [ "$n" -eq "$acts" ] || [ "$n" -eq $((acts * 2)) ]; then ok; else
		notok "all or none (${d}s)" "$n activities, want $acts or $((acts * 2))"; fi
	[ "$n" -eq "$acts" ] || break   # the import finished: nothing more to kill
done
finish
