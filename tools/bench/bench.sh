#!/bin/sh
# bench.sh - make bench: baodao against the floors on one synthetic region.
#
# Generates a region of BENCH_MEMBERS members (default 100000, about twenty
# activities each) with tools/gen-region.c into bench-out/N/, then times
# on that one region, each step once, the wall time, CPU time (user and
# system) and peak memory (the largest process the step waited for) as
# /usr/bin/time reports them:
#
#   import      every file with `baodao import`, against sqlite3's own
#               .import of the same files plus the indexes a year pass
#               needs (tools/bench/import.sql);
#   evaluate    each of the five packs (--jobs 1), against the bare SQL
#               aggregate computing that pack's year facts from baodao's
#               own tables (tools/bench/PACK.sql), and the growth of the
#               database file over the run;
#   changji     against tools/bench/changji.py (Python's sqlite3 module,
#               one aggregate query, then the rules in a loop); the two
#               must agree on every member's grade, else MISMATCH and
#               the bench fails;
#   --jobs 2    against --jobs 1 (changji), and changji as an administrator
#               runs it (no --jobs: one worker per processor) against
#               changji.py;
#   a form      of every member (changji's points table);
#   integrity   `report integrity` of the year: validate's core checks of
#               hours over every activity (the generator makes a few of
#               each finding).
#
# and prints one table, with each ratio in wall time and in CPU time (on a
# shared machine the CPU times are the steadier).  The comparisons of
# evaluate (each pack against its SQL, changji against Python, --jobs 2
# against --jobs 1) run BENCH_PAIRS times (default 3), the two sides in
# turn (the floor first in even rounds), and the table gives each side's
# median time and the median of the ratios pair by pair: one slow or
# lucky run on a shared machine then moves nothing.  Import, the form and integrity run once.  A benchmark,
# never a test: the figures depend on the machine and on what else runs
# on it.  Environment: BENCH_MEMBERS, BENCH_SEED (1), BENCH_YEAR (2024),
# BENCH_DIR (bench-out), BENCH_PAIRS (3).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${BENCH_MEMBERS:-100000}
seed=${BENCH_SEED:-1}
year=${BENCH_YEAR:-2024}
pairs=${BENCH_PAIRS:-3}
work=${BENCH_DIR:-$top/bench-out}/$n
region=$work/region
packs="jiangsu huaian fengxiang changji aksu"
kinds="orgs members registrations posts claims wishes activities suggestions pairings
	org_events breaches member_events"
export BAODAO_CONFIG=
export LC_ALL=C.UTF-8

for tool in /usr/bin/time sqlite3 python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench: $tool is needed (apt-get install time sqlite3 python3)" >&2
		exit 3
	fi
done
if [ ! -x "$top/baodao" ] || [ ! -x "$top/obj/gen-region" ]; then
	echo "bench: build first (make bench does)" >&2
	exit 3
fi

rm -rf "$work"
mkdir -p "$work"
printf 'pack_path = {"%s"}\nmax_import_bytes = "64G"\n' "$top/rules" >"$work/baodao.conf"
b="$top/baodao --config $work/baodao.conf --db $work/baodao.db"
: >"$work/times"
failed=0

# run NAME CMD...: run CMD once under /usr/bin/time; its output goes to
# NAME.out and NAME.err, and "NAME EXIT SECONDS PEAK_KB CPU_SECONDS" (user
# and system time) to the times file.
run() {
	name=$1
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" \
	    2>"$work/$name.err"
	rc=$?
	set -- $(tail -n 1 "$work/$name.time")
	t="$1 $2 $(echo "$3 $4" | awk '{ printf "%.2f", $1 + $2 }')"
	echo "$name $rc $t" >>"$work/times"
	printf '  %-22s %8s s %9s KB peak %8s s cpu   exit %s\n' "$name" "$1" "$2" \
	    "${t##* }" "$rc"
	if [ "$rc" -gt 1 ]; then
		echo "bench: $name failed (exit $rc): $(head -n 1 "$work/$name.err")" >&2
		failed=1
	fi
}

# Bytes of baodao's database, its write-ahead log included.
dbsize() {
	s=0
	for f in "$work/baodao.db" "$work/baodao.db-wal"; do
		[ -f "$f" ] && s=$((s + $(stat -c %s "$f")))
	done
	echo "$s"
}

echo "bench: $n members, seed $seed, year $year, in $work"
run gen "$top/obj/gen-region" --seed "$seed" --members "$n" --year "$year" --out "$region"
activities=$(($(wc -l <"$region/activities.csv") - 1))
echo "  region: $n members, $activities activities, $(du -sh "$region" | cut -f1)"

# (a) import: all files, each one baodao import; then sqlite3's .import.
$b init >/dev/null || exit 3
{
	echo "set -e"
	for k in $kinds; do
		echo "$b import $k $region/$k.csv"
	done
} >"$work/import.sh"
run import sh "$work/import.sh"
if [ "$failed" != 0 ]; then
	echo "bench: nothing to evaluate without the import" >&2
	exit 1
fi
run sqlite_import sh -c "cd '$region' && exec sqlite3 '$work/floor.db' <'$top/tools/bench/import.sql'"
echo "  database after import: $(($(dbsize) / 1048576)) MB"

# (b) each pack against its SQL aggregate; (f) the growth of each run
# (the first).  Round R > 1 of a comparison names its steps NAME.R.
# An even round runs the floor first: the side that runs second may find
# the pages the first read still cached.
even() {
	case "$1" in .*[02468]) return 0 ;; esac
	return 1
}
evaluate_packs() {
	for p in $packs; do
		even "$1" && run "sql_$p$1" sqlite3 -readonly "$work/baodao.db" \
		    ".parameter set @year $year" ".read $top/tools/bench/$p.sql"
		before=$(dbsize)
		run "eval_$p$1" $b evaluate --pack "$p" --year "$year" --jobs 1
		[ -z "$1" ] && echo "grow_$p $(($(dbsize) - before))" >>"$work/growth"
		even "$1" || run "sql_$p$1" sqlite3 -readonly "$work/baodao.db" \
		    ".parameter set @year $year" ".read $top/tools/bench/$p.sql"
	done
}
evaluate_packs ""

# (c) changji against Python, and the grades compared.
run py_changji python3 "$top/tools/bench/changji.py" "$work/baodao.db" "$year"
$b report results --pack changji --year "$year" --format csv --lang en -o "$work/changji-results.csv" \
    2>"$work/report.err"
if [ ! -s "$work/changji-results.csv" ] || [ ! -s "$work/py_changji.out" ]; then
	echo "MISMATCH: no grades to compare (see $work/report.err, $work/py_changji.err)"
	mismatch=1
else
	mismatch=$(awk -F, '
		NR == FNR { if (FNR > 1) py[$1] = $3; next }
		FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "grade") g = i; next }
		{ seen++; if (!($1 in py) || py[$1] != $g) { bad++
			if (bad <= 5) printf "MISMATCH %s: baodao %s, python %s\n", $1, $g, py[$1] > "/dev/stderr" } }
		END { if (seen != FNR - 1 || seen == 0) bad++; print bad + 0 }' \
	    "$work/py_changji.out" "$work/changji-results.csv")
fi
if [ "$mismatch" != 0 ]; then
	echo "MISMATCH: baodao and changji.py differ on $mismatch grades"
	failed=1
else
	echo "  changji: baodao and changji.py agree on every grade"
fi

# (d) --jobs 1 against --jobs 2, and changji as an administrator runs it
# (no --jobs: one worker per processor) against Python.
evaluate_jobs() {
	even "$1" && run "jobs2$1" $b evaluate --pack changji --year "$year" --jobs 2
	run "jobs1$1" $b evaluate --pack changji --year "$year" --jobs 1
	even "$1" || run "jobs2$1" $b evaluate --pack changji --year "$year" --jobs 2
	even "$1" && run "py_changji$1" python3 "$top/tools/bench/changji.py" \
	    "$work/baodao.db" "$year"
	run "eval_default$1" $b evaluate --pack changji --year "$year"
	[ -n "$1" ] && ! even "$1" && run "py_changji$1" python3 "$top/tools/bench/changji.py" \
	    "$work/baodao.db" "$year"
	return 0
}
evaluate_jobs ""
r=2
while [ "$r" -le "$pairs" ]; do
	echo "  round $r of $pairs"
	evaluate_packs ".$r"
	evaluate_jobs ".$r"
	r=$((r + 1))
done
# (e) a form of every member.
run form $b report points --pack changji --year "$year" --format csv -o "$work/points.csv"
[ -s "$work/points.csv" ] && echo "  form: $(($(wc -l <"$work/points.csv") - 1)) rows"
run integrity $b report integrity --year "$year" --lang en -o "$work/integrity.csv"
[ -s "$work/integrity.csv" ] && echo "  integrity: $(($(wc -l <"$work/integrity.csv") - 1)) findings"

# The table.
echo
awk -v n="$n" -v acts="$activities" -v cores="$(nproc)" -v packs="$packs" -v pairs="$pairs" '
	FILENAME ~ /growth$/ { grow[$1] = $2; next }
	{
		k = $1; r = 1
		if (k ~ /\.[0-9]+$/) { r = substr(k, index(k, ".") + 1); k = substr(k, 1, index(k, ".") - 1) }
		if (!(k in rc) || $2 > rc[k]) rc[k] = $2
		if (!(k in kb) || $4 > kb[k]) kb[k] = $4
		s[k, r] = $3; c[k, r] = $5
		if (r > nr[k]) nr[k] = r
	}
	# The median of the values v[1..m].
	function median(v, m,    i, j, x) {
		for (i = 2; i <= m; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
		return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
	}
	# The median over the rounds of step k: wall seconds, or CPU when cpu.
	function mv(k, cpu,    v, m, r) {
		m = 0
		for (r = 1; r <= nr[k]; r++) if ((k, r) in s) v[++m] = cpu ? c[k, r] : s[k, r]
		return m ? median(v, m) : 0
	}
	function ms(k) { return mv(k, 0) }
	function mc(k) { return mv(k, 1) }
	# The median of the ratios of a to b, round by round (wall, or CPU when CPU).
	function mr(a, b, cpu,    v, m, r, x, y) {
		m = 0
		for (r = 1; r <= nr[a]; r++) {
			if (!((a, r) in s) || !((b, r) in s)) continue
			x = cpu ? c[a, r] : s[a, r]; y = cpu ? c[b, r] : s[b, r]
			if (y > 0) v[++m] = x / y
		}
		return m ? median(v, m) : -1
	}
	function t(k) { return (k in rc) && rc[k] <= 1 ? sprintf("%8.2f", ms(k)) : "  failed" }
	function cs(k) { return (k in rc) && rc[k] <= 1 ? sprintf("%7.2f", mc(k)) : " failed" }
	function cratio(a, b) { return ok(a) && ok(b) && mr(a, b, 1) >= 0 ? sprintf("%6.2fx", mr(a, b, 1)) : "      -" }
	function mb(k) { return (k in kb) ? sprintf("%7.0f", kb[k] / 1024) : "      -" }
	function ok(k) { return (k in rc) && rc[k] <= 1 && ms(k) > 0 }
	function rate(k) { return ok(k) ? sprintf("%9.0f", n / ms(k)) : "        -" }
	function ratio(a, f) { return ok(a) && ok(f) && mr(a, f, 0) >= 0 ? sprintf("%6.2fx", mr(a, f, 0)) : "      -" }
	function row(label, a, flabel, f) {
		if (f == "")
			printf "%-22s %s %s %s %s |\n", label, t(a), cs(a), rate(a), mb(a)
		else
			printf "%-22s %s %s %s %s | %-21s %s %s %s | %s %s\n", label, t(a), cs(a),
			    rate(a), mb(a), flabel, t(f), cs(f), mb(f), ratio(a, f), cratio(a, f)
	}
	END {
		printf "baodao bench: %d members, %d activities, %d cores (shared: noisy); evaluate: medians of %d rounds\n", n, acts, cores, pairs
		printf "%-22s %8s %7s %9s %7s | %-21s %8s %7s %7s | %7s %7s\n", "step", "time s",
		    "cpu s", "members/s", "peak MB", "floor", "time s", "cpu s", "peak MB", "ratio",
		    "cpu"
		row("generate region", "gen", "", "")
		row("import (12 files)", "import", "sqlite3 .import+index", "sqlite_import")
		np = split(packs, pk, " ")
		for (i = 1; i <= np; i++)
			row("evaluate " pk[i], "eval_" pk[i], "SQL " pk[i] ".sql", "sql_" pk[i])
		row("changji --jobs 1", "eval_changji", "Python changji.py", "py_changji")
		row("changji, jobs default", "eval_default", "Python changji.py", "py_changji")
		row("changji --jobs 2", "jobs2", "changji --jobs 1", "jobs1")
		row("form: points, all", "form", "", "")
		row("report integrity", "integrity", "", "")
		printf "database growth per evaluate:"
		for (i = 1; i <= np; i++) {
			printf " %s %.1f MB;", pk[i], grow["grow_" pk[i]] / 1048576
			sum += grow["grow_" pk[i]]
		}
		printf " mean %.1f MB per 100 000 members\n", sum / np / 1048576 * 100000 / n
	}' "$work/growth" "$work/times"
exit "$failed"
