#!/bin/sh
# The command layer apart from the library: no include cycles among the
# modules of core/ (shared/tools/include-cycles, when it is beside the
# repository), no argv parsing below core/cli/, and every command's usage
# errors and --help from its one declaration.
. "$(dirname "$0")/lib.sh"

tool=
for t in "$TOP/../shared/tools/include-cycles" "$TOP/../../shared/tools/include-cycles"; do
	[ -x "$t" ] && { tool=$t; break; }
done
if [ -n "$tool" ]; then
	"$tool" "$TOP/core" >"$T/out" 2>"$T/err"; rc=$?
	same "no include cycles" "$rc" 0
	has "cycles counted" out "0 include cycles"
else
	echo "include-cycles: shared/tools not found beside the repository; cycle check skipped"
fi

# argc/argv and usage text live in core/cli/ (and main.c hands argv over);
# the library is every other folder of core/.
lib=$(cd "$TOP/core" && ls -d */ | grep -v '^cli/$' | sed 's|/$||')
same "no argv below the command layer" \
	"$(cd "$TOP/core" && for d in $lib; do grep -lw -e argc -e argv -- "$d"/*.c "$d"/*.h; done)" ""
same "no library module includes the command layer" \
	"$(cd "$TOP/core" && for d in $lib; do grep -lE '#include "(cli|cmd|opt)\.h"' -- "$d"/*.c "$d"/*.h; done)" ""
same "only main.c (and cli.c itself) include cli.h" \
	"$(cd "$TOP/core" && grep -rl '#include "cli\.h"' --include='*.c' --include='*.h' . | sort)" \
	"$(printf './cli/cli.c\n./cli/main.c')"
same "every source file is in a layer's folder" "$(cd "$TOP/core" && ls *.c *.h 2>/dev/null)" ""

# Each folder of core/ includes only headers of the folders below it
# (doc/ARCHITECTURE.md, "The layers"); a module's own files may include
# each other.
layer() {
	case $1 in
	util) echo 1 ;; storage|lua|io) echo 2 ;; records) echo 3 ;; facts|plugin) echo 4 ;;
	pack) echo 5 ;; run) echo 6 ;; output|authoring) echo 7 ;; cli) echo 8 ;; *) echo 0 ;;
	esac
}
upward=""
for src in "$TOP"/core/*/*.[ch]; do
	d=$(basename "$(dirname "$src")")
	for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$src"); do
		hp=$(ls "$TOP"/core/*/"$h" 2>/dev/null | head -n 1)
		[ -n "$hp" ] || continue
		hd=$(basename "$(dirname "$hp")")
		[ "$hd" = "$d" ] && continue
		[ "$(layer "$hd")" -lt "$(layer "$d")" ] || upward="$upward $d/$(basename "$src")->$hd/$h"
	done
done
same "every folder includes only the layers below it" "$upward" ""
same "every folder of core/ has a layer" \
	"$(for d in "$TOP"/core/*/; do n=$(basename "$d"); [ "$(layer "$n")" -gt 0 ] || echo "$n"; done)" ""

# One declaration per command: its usage errors and its --help.
expect "pack install without DIR" 2 pack install
has "uniform usage error" err "baodao: pack install: needs DIR (usage: baodao pack install DIR)"
expect "pack install --help" 0 pack install --help
has "subcommand usage" out "usage: baodao pack install DIR"
lacks "not the group's help" out "pack rollback ID"
expect "pack diff --help" 0 pack diff --help
has "diff options listed" out "--set PARAM=VALUE"
expect "wish take --help" 0 wish take --help
has "wish step usage" out "usage: baodao wish take ID --member ID [--date D]"
expect "ledger credit --help" 0 ledger credit --help
has "ledger subcommand usage" out "usage: baodao ledger credit YEAR POINTS"
expect "evaluate --help lists options" 0 evaluate --help
has "option help line" out "--jobs N"
expect "unknown option named with the usage" 2 pack lint example --fast
has "lint usage" err "pack lint: unknown option '--fast' (usage: baodao pack lint DIR|ID[@VERSION])"
expect "option needs a value" 2 pack diff a b --year
has "value named" err "pack diff: option '--year' needs a value"
expect "required option" 2 wish dispatch W1
has "required named" err "wish dispatch: --branch CODE is required"
finish
