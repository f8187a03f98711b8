#!/bin/sh
# Replays every seed (corpus/TARGET/) and regression input (regress/TARGET/)
# through its fuzz target built without libFuzzer (replay.c, gcc + ASan):
# `make check` keeps them tested where clang is not installed.  One
# process per input, so a crash names its file; each is bounded in time.
# Usage: replay.sh BUILDDIR (absolute: where replay-TARGET lives).
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=$1
cd "$top" || exit 3     # fuzz_import reads tests/fixtures/region
passed=0 failed=0
for src in "$top"/tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c); t=${t#fuzz_}
	for f in "$top/tests/fuzz/corpus/$t"/* "$top/tests/fuzz/regress/$t"/*; do
		[ -f "$f" ] || continue
		if out=$(timeout 60 "$bin/replay-$t" "$f" 2>&1); then
			passed=$((passed + 1))
		else
			printf '%s\n' "$out" | tail -n 30
			echo "FAIL $t ${f#$top/}"
			failed=$((failed + 1))
		fi
	done
done
echo "fuzz-replay: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
