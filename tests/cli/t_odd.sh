#!/bin/sh
# Odd inputs and concurrent use: only regular files imported, sizes capped,
# strict numbers on the command line, the ledger kept from overflowing,
# init narrowing an existing database to 0600, read-only commands opening
# the database read-only, and writers that wait for one another.
. tests/cli/lib.sh

# hold FILE SQL: a sqlite3 shell on FILE runs SQL and keeps its connection
# (and any transaction SQL began) until unhold; the test waits for it to
# have run SQL through a FIFO, so nothing here depends on timing.
hold() {
	mkfifo "$T/ctl" "$T/sync"
	sqlite3 "$1" <"$T/ctl" >/dev/null 2>"$T/hold.err" &
	holder=$!
	exec 3>"$T/ctl"
	printf '%s\n.system echo ready > %s\n' "$2" "$T/sync" >&3
	read -r _ <"$T/sync"
}
unhold() {
	exec 3>&-
	wait "$holder"
	rm -f "$T/ctl" "$T/sync"
}

load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

# ---- import reads regular files only, and no more than max_import_bytes ----
mkfifo "$T/fifo"
ln -s /dev/zero "$T/zero.csv"
mkdir "$T/dir.csv"
# A FIFO with no writer would block a reader that waits: bounded by timeout.
timeout 20 "$BAODAO" --db "$DB" import members "$T/fifo" >"$T/out" 2>"$T/err"
same "a FIFO is refused, not waited on" "$?" 2
has "a FIFO named" err "fifo: is a FIFO; import reads regular files only"
expect "a symlink to /dev/zero is refused" 2 import members "$T/zero.csv"
has "a device named" err "zero.csv: is a device; import reads regular files only"
expect "a directory is refused with exit 2" 2 import members "$T/dir.csv"
has "a directory named" err "dir.csv: is a directory"
head -c 3000 "$FIX/region/members.csv" >"$T/big.csv"
printf 'max_import_bytes = "1K"\n' >"$T/small.conf"
"$BAODAO" --config "$T/small.conf" --db "$DB" import members "$T/big.csv" >"$T/out" 2>"$T/err"
same "a file over max_import_bytes is refused" "$?" 2
has "the cap named" err "big.csv: larger than 1024 bytes (max_import_bytes in baodao.conf)"
printf 'max_import_bytes = "1"\n' >"$T/bad.conf"
expect "a cap below 1K is a configuration error" 2 --config "$T/bad.conf" validate --pack example --year 2024
has "bad cap named" err "max_import_bytes must be a size from 1K"
printf 'busy_timeout = -1\n' >"$T/bad.conf"
expect "a negative busy_timeout is a configuration error" 2 --config "$T/bad.conf" validate --pack example --year 2024
has "bad busy_timeout named" err "busy_timeout must be 0 to 86400 seconds"

# ---- every cell checked, FILE:ROW:COLUMN, before SQLite sees it ----
long=$(printf 'C%.0s' $(seq 65))
printf 'code,name,kind,parent\n%s,长,unit,\n"U\n2",x,unit,\nU3,"a\033b",unit,\nU4,"two\nlines",unit,\n' \
    "$long" >"$T/orgs.csv"
expect "bad cells refused" 2 import orgs "$T/orgs.csv"
has "a code over 64 characters" err "orgs.csv:2:code: 65 characters, more than the 64 allowed"
lacks "not SQLite's CHECK" err "CHECK constraint"
has "a newline in a key" err "orgs.csv:3:code: control character 0x0A at character 2"
has "an escape in text" err "orgs.csv:4:name: control character 0x1B at character 2"
lacks "a line break in text is kept" err "orgs.csv:5:"
# Long cells are checked eight bytes at a time: the place and the length
# are still counted in characters, not bytes.
han20=$(printf '长%.0s' $(seq 20))
han10000=$(printf '长%.0s' $(seq 10000))
printf 'code,name,kind,parent\nU5,"%s\033",unit,\nU6,%s长,unit,\nU7,%s,unit,\nU8,"abcdefghij\tklmnopqrstuvwxyz",unit,\n' \
    "$han20" "$han10000" "$han10000" >"$T/orgs.csv"
expect "long bad cells refused" 2 import orgs "$T/orgs.csv"
has "an escape after 20 characters" err "orgs.csv:2:name: control character 0x1B at character 21"
has "a name over 10000 characters" err "orgs.csv:3:name: 10001 characters, more than the 10000 allowed"
lacks "10000 characters are allowed" err "orgs.csv:4:"
lacks "a tab in long text is kept" err "orgs.csv:5:"
printf 'id,name,unit\n"M\t9",x,008.001\n' >"$T/members.csv"
expect "a tab in a member id" 2 import members "$T/members.csv"
has "the tab named" err "members.csv:2:id: control character 0x09 at character 2"

# ---- no trailing garbage in any number on the command line ----
expect "a year with trailing text" 2 ledger credit 2024abc 1
has "year refused" err "bad year '2024abc'"
expect "points with trailing text" 2 ledger earn M001 12x --reason x
has "points refused" err "POINTS '12x' is not a whole number"
expect "points past the range" 2 ledger earn M001 9223372036854775807 --reason x
has "range named" err "POINTS '9223372036854775807' is out of range (1 to 1000000000)"
expect "points past long long" 2 ledger earn M001 99999999999999999999 --reason x
expect "points with a plus sign" 2 ledger earn M001 +5 --reason x
expect "credit points with trailing text" 2 ledger credit 2024 1e3
expect "--jobs with trailing text" 2 evaluate --pack example --year 2024 --jobs 2x
has "--jobs refused" err "--jobs '2x' is not a whole number"
expect "--keep with trailing text" 2 runs prune --keep 3x
expect "a run number with trailing text" 2 runs pin 1x
same "nothing written" "$(sql 'SELECT count(*) FROM ledger')" 0

# ---- a balance never overflows ----
sql "INSERT INTO ledger (member_id, date, points, reason) SELECT id, '2024-01-01',
 9223372036854775000, 'old' FROM member WHERE code = 'M001'"
expect "earning past the largest balance is refused" 2 ledger earn M001 1000 --reason x --date 2024-02-01
has "overflow named" err "member M001: 1000 points would take the card past its largest balance"
expect "earning within it is taken" 0 ledger earn M001 7 --reason x --date 2024-02-01

# ---- init narrows an existing database and its -wal/-shm to 0600 ----
O=$T/wide.db
"$BAODAO" --db "$O" init >/dev/null 2>&1
chmod 0666 "$O"
# A reader keeps the -wal and -shm there (SQLite gives them the 0666 of
# the database) while init runs.
hold "$O" "BEGIN; SELECT count(*) FROM member;"
same "the reader's -shm is 0666" "$(stat -c %a "$O-shm")" 666
"$BAODAO" --db "$O" init >"$T/out" 2>"$T/err"
same "init on a 0666 file" "$?" 0
same "the database is 0600" "$(stat -c %a "$O")" 600
same "its -wal is 0600" "$(stat -c %a "$O-wal")" 600
same "its -shm is 0600" "$(stat -c %a "$O-shm")" 600
unhold

# ---- read-only commands in a folder the user cannot write ----
# As root the folder is made unwritable by running the commands as nobody
# (root writes anywhere); as anyone else, by taking away the write bit.
"$BAODAO" --db "$DB" evaluate --pack example --year 2024 --quiet >/dev/null 2>&1
RO=$(mktemp -d /tmp/baodao-ro.XXXXXX)
cp "$DB" "$RO/db"
chmod 0644 "$RO/db"
chmod 0555 "$RO"
as_reader() {
	if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
		(cd "$RO" && setpriv --reuid=65534 --regid=65534 --clear-groups \
		    env HOME="$RO" XDG_CONFIG_HOME="$RO" "$BAODAO" --db db "$@")
	else
		(cd "$RO" && "$BAODAO" --db db "$@")
	fi >"$T/out" 2>"$T/err"
}
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null 2>&1; then
	as_reader runs
	same "runs in an unwritable folder" "$?" 0
	as_reader explain M001 --pack example --year 2024
	same "explain in an unwritable folder" "$?" 0
	has "explain read the run" out "M001"
	as_reader report results --pack example --year 2024
	same "report in an unwritable folder" "$?" 0
	as_reader validate --pack example --year 2024
	same "validate in an unwritable folder (1: findings)" "$?" 1
	as_reader ledger show M001
	same "ledger show in an unwritable folder" "$?" 0
	as_reader pack list
	same "pack list in an unwritable folder" "$?" 0
	as_reader ledger earn M001 1 --reason x
	same "a writing command cannot write there" "$?" 3
	same "the folder was left as it was" "$(ls -A "$RO")" "db"
else
	echo "# read-only folder: skipped (root without setpriv)"
fi
chmod 0755 "$RO"
rm -rf "$RO"

# ---- writers wait for one another, and say who holds the lock ----
printf 'busy_timeout = 0\n' >"$T/nowait.conf"
hold "$DB" "BEGIN IMMEDIATE; INSERT INTO audit (at, actor, action) VALUES ('x', 'x', 'x');"
printf '%s %s baodao evaluate\n' "$holder" "$(date +%s)" >"$DB-writer"
"$BAODAO" --config "$T/nowait.conf" --db "$DB" import members "$FIX/region/members.csv" \
    >"$T/out" 2>"$T/err"
same "a writer that cannot have the lock: exit 3" "$?" 3
has "the holder named" err "database is locked by baodao evaluate (pid $holder, since "
has "the way out named" err "retry later or raise busy_timeout in baodao.conf"
rm -f "$DB-writer"
"$BAODAO" --config "$T/nowait.conf" --db "$DB" evaluate --pack example --year 2024 \
    >"$T/out" 2>"$T/err"
same "an evaluate that cannot have the lock: exit 3" "$?" 3
has "busy, holder unknown" err "database is busy: another program is writing"
unhold
same "it left no failed run" "$(sql "SELECT count(*) FROM run WHERE status = 'failed'")" 0

# An evaluate holds the lock only to take its snapshot and to store the
# run: imports started while its rules run go through at once
# (busy_timeout 0), and the run is of the records as they were when it
# began.  Each import adds a member; those that went through while the
# evaluate was still running and are not in its run came after its
# snapshot, which the old evaluate (the lock held all along) never allowed.
printf 'instruction_limit = 1000000000\n' >"$T/slow.conf"
members=$(sql 'SELECT count(*) FROM member')
"$BAODAO" --config "$T/slow.conf" --db "$DB" evaluate --pack "$FIX/packs/slow" --year 2024 \
    --quiet >"$T/ev.out" 2>"$T/ev.err" &
ev=$!
"$BAODAO" --config "$T/slow.conf" --db "$DB" evaluate --pack "$FIX/packs/slow" --year 2024 \
    --quiet >"$T/ev2.out" 2>"$T/ev2.err" &
ev2=$!
n=0 during=0
while [ "$n" -lt 1000 ] && kill -0 "$ev" 2>/dev/null; do
	n=$((n + 1))
	head -n 1 "$FIX/region/members.csv" >"$T/one.csv"
	sed -n 2p "$FIX/region/members.csv" | sed "s/^M001,/N$n,/" >>"$T/one.csv"
	if "$BAODAO" --config "$T/nowait.conf" --db "$DB" import members "$T/one.csv" \
	    >/dev/null 2>"$T/imp.err" && kill -0 "$ev" 2>/dev/null; then
		during=$((during + 1))
	fi
done
wait "$ev"; rc1=$?
wait "$ev2"; rc2=$?
same "the evaluate succeeded" "$rc1" 0
same "a second evaluate at the same time succeeded" "$rc2" 0
same "neither left a failed run" "$(sql "SELECT count(*) FROM run WHERE status = 'failed'")" 0
same "both stored" "$(sql "SELECT count(*) FROM run WHERE pack = 'slow' AND status = 'finished'")" 2
inrun=$(sql "SELECT members FROM run WHERE pack = 'slow' ORDER BY id LIMIT 1")
after=$((during - (inrun - members)))
if [ "$after" -gt 0 ]; then ok; else
	notok "imports went through during the evaluate" "$during while it ran, $inrun members in its run of $members at start; $(cat "$T/imp.err")"; fi
same "the run's rows are its members" "$(sql "SELECT count(*) FROM run_subject s JOIN run r ON r.id = s.run_id WHERE r.pack = 'slow' AND s.level = 0 GROUP BY r.id ORDER BY r.id LIMIT 1")" "$inrun"

finish
