#!/bin/sh
# The README's walk-through of a new notice ("When a new notice changes
# the policy"), run literally: its sh lines in order, its edits made to
# the files they name, on a database holding the region's records of 2024
# and a member's of 2025, with changji 1.0.0 installed.  Then the outcomes
# it promises: 2024 judged by the old rules, 2025 by the new.
. tests/cli/lib.sh
case $BAODAO in /*) ;; *) BAODAO=$TOP/$BAODAO ;; esac
README=$TOP/README.md

mkdir -p "$T/bin" "$T/w"
ln -s "$BAODAO" "$T/bin/baodao"
PATH=$T/bin:$PATH
export PATH
DB=$T/w/baodao.db
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

# M003 lives in C002 and has 2 signed services there in 2024: 2 more make
# exactly 4 in 2024, and 4 in 2025.
{
	echo "member,date,kind,hours,community,content,place,rating,verifier"
	for d in 2024-09-01 2024-10-01 2025-03-01 2025-04-01 2025-05-01 2025-06-01; do
		echo "M003,$d,service,2,C002,服务,文渠社区,优,陈红"
	done
} >"$T/acts.csv"
baodao --db "$DB" import activities "$T/acts.csv" >/dev/null || notok "setup" "import"
cp -R "$TOP/rules/changji" "$T/c0"
baodao pack seal "$T/c0" >/dev/null && baodao --db "$DB" pack install "$T/c0" >/dev/null ||
	notok "setup" "changji 1.0.0 not installed"

# The section into steps: "sh CMD" per command line; "edit FILE" or
# "append FILE" or "new FILE" followed by its block, ended by "end".
awk '
/^## When a new notice/ { on = 1; next }
on && /^## / { exit }
!on { next }
/^```/ && block { block = 0; if (what != "sh") print "end"; next }
/^```/ { block = 1; if (label == "") what = "sh"; else print what " " file; label = ""; next }
block && what == "sh" && NF { print "sh " $0; next }
block { print "| " $0; next }
/^`changji-2025\/[^`]*`, (changed|at the end|new):$/ {
	label = $0; file = substr($0, 2, index(substr($0, 2), "`") - 1)
	what = $0 ~ /changed:$/ ? "edit" : $0 ~ /new:$/ ? "new" : "append"
}
' "$README" >"$T/steps"
nsh=$(grep -c '^sh ' "$T/steps")
[ "$nsh" -ge 12 ] && ok || notok "walk-through" "only $nsh commands found"
same "walk-through edits" "$(grep -c '^\(edit\|append\|new\) ' "$T/steps")" 5

# edit FILE < block: a top-level "key = value" line replaces the file's
# line of that key; "parameter NAME {" ... "}" puts the block's since
# lines at the end of that parameter's section ("..." is what is there).
edit() {
	awk -v blk="$T/block" '
	BEGIN {
		while ((getline l < blk) > 0) {
			if (l ~ /^parameter /) { split(l, w, " "); p = w[2]; continue }
			if (l ~ /^\t\.\.\./ || l ~ /^}/) continue
			if (l ~ /^\t/) { add[p] = add[p] l "\n"; continue }
			split(l, w, " "); key[w[1]] = l
		}
	}
	/^[a-z_]+ *=/ { split($0, w, " "); if (w[1] in key) { print key[w[1]]; next } }
	/^parameter / { cur = $2 }
	cur != "" && /^}/ { printf "%s", add[cur]; cur = "" }
	{ print }
	' "$1" >"$1.new" && mv "$1.new" "$1"
}

cd "$T/w" || exit 3
i=0 mode=
while IFS= read -r line; do
	case $line in
	"| "*|"|") printf '%s\n' "${line#| }" >>"$T/block"; continue ;;
	end)
		case $mode in
		edit) edit "$file" ;;
		append) cat "$T/block" >>"$file" ;;
		new) cp "$T/block" "$file" ;;
		esac
		mode= ; continue ;;
	edit\ *|append\ *|new\ *)
		mode=${line%% *} file=${line#* }; : >"$T/block"; continue ;;
	esac
	i=$((i + 1))
	cmd=$(printf '%s\n' "${line#sh }" | sed "s|/path/to/repo|$TOP|g; s|^baodao |baodao --db $DB |")
	sh -c "$cmd" >"$T/out.$i" 2>"$T/err.$i" </dev/null
	rc=$?
	want=0
	case $cmd in
	*"pack diff "*"--year 2025") want=1 ;;   # 2025: outcomes move
	esac
	if [ "$rc" -eq "$want" ]; then ok; else
		notok "walk-through: ${line#sh }" "exit $rc; $(head -c 300 "$T/err.$i") $(head -c 300 "$T/out.$i")"; fi
	case $cmd in
	*"pack test "*) cp "$T/out.$i" "$T/packtest" ;;
	*"pack diff "*"--year 2024") cp "$T/out.$i" "$T/diff2024" ;;
	*"pack diff "*"--year 2025") cp "$T/out.$i" "$T/diff2025" ;;
	esac
done <"$T/steps"
cd "$T" || exit 3

# The edits took: the copy is 1.1.0 and holds the new duty.
grep -q '^version  = "1.1.0"' "$T/w/changji-2025/pack.conf" && ok ||
	notok "version edit" "$(grep '^version' "$T/w/changji-2025/pack.conf")"
same "two dated values" "$(grep -c 'since "2025-01-01"' "$T/w/changji-2025/pack.conf")" 3

# The five new cases ran with the old ones.
n0=$(baodao pack test "$TOP/rules/changji" | sed -n 's/^\([0-9]*\) passed, 0 failed$/\1/p')
same "pack test: the new cases too" "$(cat "$T/packtest")" "$((n0 + 5)) passed, 0 failed"
# 2024: only the new duty moves, from - to n/a; no grade.
has2() { if grep -qF -- "$3" "$T/$2"; then ok; else notok "$1" "$2 lacks '$3'"; fi; }
has2 "2024 diff: the new duty" diff2024 "changji.ethnic_unity_member"
has2 "2024 diff: no grade moves" diff2024 "grade moves: none"
has2 "2025 diff: residence services move" diff2025 "changji.residence_services_4"

[ -f "$T/w/author.key" ] && [ -f "$T/w/author.pub" ] && ok ||
	notok "pack keygen" "no author.key or author.pub"

# The installed version is 1.1.0, and each year its own rules.
expect "pack list" 0 pack list
has "1.1.0 installed" out "1.1.0"
expect "explain 2024" 0 explain M003 --pack changji --year 2024 --json
has "2024: 4 services pass" out '"id":"changji.residence_services_4","status":"pass","value":4'
has "2024: no 民族团结 duty" out '"id":"changji.ethnic_unity_member","status":"n/a"'
expect "explain 2025" 0 explain M003 --pack changji --year 2025 --json
has "2025: 4 services fail" out '"id":"changji.residence_services_4","status":"fail","value":4'
has "2025: target 5" out '"target":5'
has "2025: the 民族团结 duty" out '"id":"changji.ethnic_unity_member","status":"fail"'
expect "pack info" 0 pack info "$T/w/changji-2025" --effective
has "好 from 85 in 2025" out "85 from 2025-01-01"

# The Chinese baodao-rules(7) walks through the same revision: each of
# the README's commands and each line of its edits is in it.
sed -e 's/\\-/-/g' "$TOP/doc/zh/baodao-rules.7" >"$T/zh7"
awk '/^sh / { print substr($0, 4); next } /^(edit|append) / { on = 1; next }
    /^new / { on = 0; next } /^end$/ { on = 0; next } on && /^\| ./ { print substr($0, 3) }' \
    "$T/steps" | grep -v '^\t\.\.\.$' >"$T/lines"
[ "$(wc -l <"$T/lines")" -ge 40 ] && ok || notok "README lines" "too few"
while IFS= read -r l; do
	if grep -qxF -- "$l" "$T/zh7"; then ok; else
		notok "baodao-rules.zh" "lacks the README's line '$l'"; fi
done <"$T/lines"
finish
