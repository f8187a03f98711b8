#!/bin/sh
# The documents against the program: the README's tour, run literally
# (its CSV files written from the README, every command of its sh blocks
# run in order in an empty folder, with the explain output it shows), and
# baodao(1)'s synopsis and version line against `baodao --help` and
# `baodao --version`.
. tests/cli/lib.sh
case $BAODAO in /*) ;; *) BAODAO=$TOP/$BAODAO ;; esac
README=$TOP/README.md
MAN=$TOP/doc/baodao.1

finish() {
	echo "docs: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# The tour runs with `baodao` on the PATH, as the README says.
mkdir -p "$T/bin" "$T/tour"
ln -s "$BAODAO" "$T/bin/baodao"
PATH=$T/bin:$PATH
export PATH

# From the tour to the layout: each ```csv block into the file named on
# the line `NAME.csv` above it, each line of a ```sh block into cmds.
awk -v dir="$T/tour" -v cmds="$T/cmds" '
/^## A ten-minute tour/ { on = 1 }
/^## When a new notice/ { on = 0 }
!on { next }
/^```/ && block != "" { block = ""; next }
/^```csv$/ { block = "csv"; file = dir "/" name; printf "" > file; next }
/^```sh$/ { block = "sh"; next }
block == "csv" { print > file; next }
block == "sh" && NF { print > cmds; next }
/^`[a-z_]+\.csv`$/ { name = substr($0, 2, length($0) - 2) }
' "$README"

ncsv=$(ls "$T/tour" | grep -c '\.csv$')
same "the tour has its four CSV files" "$ncsv" 4
ncmd=$(wc -l <"$T/cmds")
[ "$ncmd" -ge 10 ] && ok || notok "the tour's commands" "only $ncmd found"

# Run every command in order; the README's /path/to/repo is this tree.
# (The walk-through of a new notice that follows the tour is run by
# t_walkthrough.sh.)
i=0
cd "$T/tour" || exit 3
while IFS= read -r line; do
	i=$((i + 1))
	cmd=$(printf '%s\n' "$line" | sed "s|/path/to/repo|$TOP|g")
	sh -c "$cmd" >"$T/out.$i" 2>"$T/err.$i" </dev/null
	rc=$?
	want=0
	case $cmd in
	*"pack diff "*) [ "$rc" -eq 1 ] && want=1 ;;   # 1: some outcome moves
	esac
	if [ "$rc" -eq "$want" ]; then ok; else
		notok "tour: $line" "exit $rc; stderr: $(head -c 300 "$T/err.$i")"; fi
	case $cmd in
	"baodao explain M0001 --pack example --year 2024")
		cp "$T/out.$i" "$T/explain"
		baodao explain M0001 --pack example --year 2024 --json >"$T/json" ;;
	esac
done <"$T/cmds"
cd "$T" || exit 3

# What the README says the tour leaves behind.
for f in baodao.db results.csv; do
	mode=$(ls -l "$T/tour/$f" 2>/dev/null | cut -c1-10)
	same "$f is mode 0600" "$mode" "-rw-------"
done

# The explain text the README shows is what the program prints, line for
# line ("…" stands for the lines left out).
awk '/^baodao explain M0001/ { seen = 1 } seen && /^```$/ { if (++fence == 3) exit; next }
    fence == 2 && $0 != "  …" { print }' "$README" >"$T/readme-explain"
[ -s "$T/readme-explain" ] && ok || notok "README explain sample" "not found"
[ -s "$T/explain" ] && ok || notok "explain ran" "no output captured"
while IFS= read -r l; do
	if grep -qxF -- "$l" "$T/explain"; then ok; else
		notok "README explain line" "'$l' is not in the output"; fi
done <"$T/readme-explain"

# Every key of the README's explain --json sample is in the real object
# (made when the tour explains M0001, before it installs another pack).
awk '/^```json$/ { on = 1; next } on && /^```$/ { exit } on { print }' "$README" |
	grep -o '"[a-z_]*":' | sort -u >"$T/keys"
[ "$(wc -l <"$T/keys")" -ge 10 ] && ok || notok "README json keys" "too few found"
while IFS= read -r k; do
	if grep -qF -- "$k" "$T/json"; then ok; else
		notok "README json key" "$k is not in explain --json"; fi
done <"$T/keys"

# baodao(1)'s SYNOPSIS, without roff escapes, names every command
# `baodao --help` lists and every subcommand `baodao pack --help` lists.
awk '/^\.SH SYNOPSIS/ { on = 1; next } /^\.SH / { on = 0 } on' "$MAN" |
	sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/^\.[A-Z]* //' >"$T/synopsis"
"$BAODAO" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }' >"$T/cmdlist"
[ "$(wc -l <"$T/cmdlist")" -ge 10 ] && ok || notok "baodao --help" "lists too few commands"
while IFS= read -r c; do
	if grep -q "^baodao $c\( \|$\)" "$T/synopsis"; then ok; else
		notok "synopsis" "baodao(1) SYNOPSIS lacks 'baodao $c'"; fi
done <"$T/cmdlist"
"$BAODAO" pack --help | awk '/^  pack [a-z]/ { print $2 }' >"$T/packlist"
[ "$(wc -l <"$T/packlist")" -ge 10 ] && ok || notok "baodao pack --help" "lists too few"
while IFS= read -r c; do
	if grep -q "^baodao pack $c\( \|$\)" "$T/synopsis"; then ok; else
		notok "synopsis" "baodao(1) SYNOPSIS lacks 'baodao pack $c'"; fi
done <"$T/packlist"

# The version line baodao(1) quotes (schema and Lua API levels) is the
# program's.
version=$("$BAODAO" --version)
if sed 's/\\-/-/g' "$MAN" | grep -qF -- "$version"; then ok; else
	notok "version" "baodao(1) does not quote '$version'"; fi
finish
