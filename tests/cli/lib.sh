# Shared by the CLI tests: a fresh directory and database per test file,
# and checks that count.  Each check prints "not ok - NAME: why" when it
# fails; the file ends with "cli: N passed, N failed".
BAODAO=${BAODAO:-./baodao}
TOP=$(pwd)
FIX=$TOP/tests/fixtures
T=$(mktemp -d /tmp/baodao-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
DB=$T/db
export LANG=C LC_ALL=C BAODAO_CONFIG= XDG_CONFIG_HOME=$T/xdg HOME=$T
cd "$T" || exit 3
pass=0 fail=0

ok() { pass=$((pass + 1)); }
notok() { fail=$((fail + 1)); echo "not ok - $1: $2"; }

# run ARGS...: run baodao on the test database; output in $T/out, $T/err.
run() {
	"$BAODAO" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect NAME CODE ARGS...: the command exits with CODE.
expect() {
	name=$1 code=$2; shift 2
	run "$@"
	if [ "$rc" -eq "$code" ]; then ok; else
		notok "$name" "exit $rc, want $code; stderr: $(head -c 300 "$T/err")"; fi
}

# has NAME FILE TEXT: FILE (out or err) contains TEXT.
has() {
	if grep -qF -- "$3" "$T/$2"; then ok; else
		notok "$1" "$2 lacks '$3'; it has: $(head -c 400 "$T/$2")"; fi
}

# lacks NAME FILE TEXT
lacks() {
	if grep -qF -- "$3" "$T/$2"; then
		notok "$1" "$2 has '$3'"; else ok; fi
}

# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok; else notok "$1" "got '$2', want '$3'"; fi
}

sql() { sqlite3 "$DB" "$1"; }

# load the sample region into the test database
load_region() {
	"$BAODAO" --db "$DB" init >/dev/null || return 1
	for k in orgs members registrations posts claims wishes activities \
	    suggestions pairings org_events breaches; do
		"$BAODAO" --db "$DB" import "$k" "$FIX/region/$k.csv" >/dev/null || return 1
	done
}

finish() {
	echo "cli: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
