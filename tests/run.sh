#!/bin/sh
# The test runner of `make check`: unit tests (plain and under ASan/UBSan),
# the CLI end-to-end tests, the sandbox escape tests (in the unit tests),
# a replay of the fuzz targets' seeds and regression inputs (tests/fuzz/,
# under ASan/UBSan), and a valgrind leak check of a full import + evaluate.  Every suite
# prints "SUITE: N passed, N failed"; this script adds them up and ends
# with the total on a line of its own.
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp -d /tmp/baodao-check.XXXXXX)
trap 'rm -rf "$log"' EXIT
passed=0 failed=0

suite() {   # suite NAME COMMAND...
	name=$1; shift
	"$@" >"$log/$name.out" 2>&1
	rc=$?
	line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log/$name.out" | tail -n 1)
	if [ -z "$line" ]; then
		cat "$log/$name.out"
		echo "$name: 0 passed, 1 failed (no result line; exit $rc)"
		failed=$((failed + 1))
		return
	fi
	p=$(echo "$line" | sed 's/.*: \([0-9]*\) passed.*/\1/')
	f=$(echo "$line" | sed 's/.*passed, \([0-9]*\) failed.*/\1/')
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
		grep -E '^(FAIL|not ok|==[0-9]+==|.*runtime error)' "$log/$name.out" | head -n 40
		[ "$f" -gt 0 ] || f=1
	fi
	echo "$name: $p passed, $f failed"
	passed=$((passed + p)); failed=$((failed + f))
}

cd "$top/tests/unit" || exit 3
suite unit "$top/obj/unit-tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	suite unit-asan "$top/obj-san/unit-tests"
cd "$top" || exit 3
for t in tests/cli/t_*.sh; do
	n=$(basename "$t" .sh); n=${n#t_}
	suite "cli-$n" env BAODAO="$top/baodao" sh "$t"
done
# Every pack's own tests (`baodao pack test` over rules/).  Its closing
# line "N passed, N failed" is renamed for suite(); its exit code is kept.
printf 'pack_path = {"%s"}\n' "$top/rules" >"$log/packs.conf"
suite packs sh -c 'out=$("$1" --config "$2" pack test); rc=$?; printf "%s\n" "$out" |
	sed "s/^\([0-9]* passed, [0-9]* failed\)\$/packs: \1/"; exit $rc' sh "$top/baodao" "$log/packs.conf"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	suite fuzz-replay sh tests/fuzz/replay.sh "$top/obj-san/fuzz"
ASAN_OPTIONS=detect_leaks=1 suite cli-asan env BAODAO="$top/obj-san/baodao" sh tests/cli/t_region.sh
if command -v valgrind >/dev/null 2>&1; then
	suite valgrind sh tests/cli/valgrind.sh "$top/baodao"
else
	echo "valgrind: not installed; leak check skipped"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
