#!/bin/sh
# backup, restore and check (issue 13 item 5): a backup is consistent while
# another program writes and while one holds the write lock; a restore
# checks the file (integrity, schema version) before anything changes,
# upgrades an older one, and keeps the database it replaces; check finds
# a planted foreign-key violation.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

# ---- backup ----
expect "check a sound database" 0 check
same "check says so" "$(cat "$T/out")" "check: integrity ok, foreign keys ok"
expect "backup" 0 backup "$T/b.db"
has "backup says its hash" out "backup: $T/b.db ("
same "the copy is the owner's alone" "$(stat -c %a "$T/b.db")" 600
same "the copy is one file" "$(sqlite3 "$T/b.db" 'PRAGMA journal_mode'; ls "$T" | grep -c 'b.db-')" "delete
0"
same "the copy is intact" "$(sqlite3 "$T/b.db" 'PRAGMA integrity_check')" ok
same "the copy has the records" "$(sqlite3 "$T/b.db" 'SELECT count(*) FROM member')" \
	"$(sql 'SELECT count(*) FROM member')"
expect "an existing file is refused" 2 backup "$T/b.db"
has "refusal names --force" err "$T/b.db exists; give --force to overwrite it"
same "no temporary left" "$(ls "$T" | grep -c 'tmp-')" 0
expect "--force overwrites" 0 backup "$T/b.db" --force
expect "never over the database itself" 2 backup "$DB" --force
has "the database itself named" err "$DB is the database itself (or its -wal or -shm); back it up to another file"
expect "the database is still whole" 0 check

# While another program holds the write lock, a backup still copies (from
# a snapshot, without the uncommitted row); only its audit entry waits for
# the lock, as every writer does.
mkfifo "$T/ctl" "$T/sync"
sqlite3 "$DB" <"$T/ctl" >/dev/null 2>&1 &
holder=$!
exec 3>"$T/ctl"
printf 'BEGIN IMMEDIATE;\nINSERT INTO ledger (member_id, date, points, reason) SELECT id, %s, 1, %s FROM member LIMIT 1;\n.system echo ready > %s\n' \
	"'2024-01-01'" "'held'" "$T/sync" >&3
read -r _ <"$T/sync"
timeout 30 "$BAODAO" --db "$DB" backup "$T/held.db" >"$T/out" 2>"$T/err" &
backer=$!
i=0
while [ ! -e "$T/held.db" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
same "copied while the lock is held" "$(test -e "$T/held.db" && echo yes)" yes
printf 'ROLLBACK;\n' >&3
exec 3>&-
wait "$holder"
wait "$backer"
same "the backup ends once the lock is free" "$?" 0
same "the uncommitted row is not in it" "$(sqlite3 "$T/held.db" "SELECT count(*) FROM ledger WHERE reason = 'held'")" 0
same "its audit entry" "$(sql "SELECT count(*) FROM audit WHERE action = 'backup' AND file = '$T/held.db'")" 1

# A writer adding ledger entries (each one transaction with its audit
# entry) while backups are taken: every copy is intact, and in every copy
# the entries and their audit agree, whatever moment it caught.
(
	i=0
	while [ $i -lt 40 ]; do
		"$BAODAO" --db "$DB" ledger earn M001 1 --reason busy --date 2024-06-01 >/dev/null 2>&1
		i=$((i + 1))
	done
) &
writer=$!
n=0 bad=0
while [ $n -lt 6 ]; do
	"$BAODAO" --db "$DB" backup "$T/busy$n.db" >/dev/null 2>"$T/err" || bad=$((bad + 1))
	c="$T/busy$n.db"
	[ "$(sqlite3 "$c" 'PRAGMA integrity_check')" = ok ] || bad=$((bad + 1))
	[ "$(sqlite3 "$c" "SELECT count(*) FROM ledger WHERE reason = 'busy'")" = \
	    "$(sqlite3 "$c" "SELECT count(*) FROM audit WHERE action = 'ledger'")" ] || bad=$((bad + 1))
	n=$((n + 1))
done
wait "$writer"
same "six backups during the writes, each whole" "$bad" 0
same "the writer was not held up" "$(sql "SELECT count(*) FROM ledger WHERE reason = 'busy'")" 40

# ---- restore: refused files change nothing ----
fingerprint() {
	sql "SELECT (SELECT count(*) FROM ledger) || ' ' || (SELECT count(*) FROM audit) || ' ' ||
	    (SELECT max(hash) FROM audit)"
}
before=$(fingerprint)
cp "$T/b.db" "$T/corrupt.db"
# Overwrite the middle of the file (pages of tables and indexes), not the header.
size=$(stat -c %s "$T/corrupt.db")
dd if=/dev/urandom of="$T/corrupt.db" bs=4096 seek=$((size / 4096 / 2)) count=3 conv=notrunc 2>/dev/null
expect "a corrupt file is refused" 2 restore "$T/corrupt.db"
has "named, and nothing changed" err "$T/corrupt.db: fails the integrity check ("
has "nothing changed, said" err "; nothing changed"
same "nothing changed, indeed" "$(fingerprint)" "$before"
same "nothing kept either" "$(ls "$T" | grep -c before-restore)" 0
head -c 8192 /dev/urandom >"$T/noise.db"
expect "not a database" 2 restore "$T/noise.db"
has "not a database named" err "$T/noise.db: not a database baodao can read ("
cp "$T/b.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999"
expect "a newer schema is refused" 2 restore "$T/newer.db"
has "newer named" err "$T/newer.db: schema version 999 is newer than this baodao knows ("
sqlite3 "$T/empty.db" "CREATE TABLE x (a)"
expect "not a baodao database" 2 restore "$T/empty.db"
has "no schema named" err "$T/empty.db: not a baodao database (no schema version); nothing changed"
expect "a missing file" 2 restore "$T/none.db"
same "nothing changed by any of them" "$(fingerprint)" "$before"

# ---- restore: the backup comes back, the database before is kept ----
expect "restore" 0 restore "$T/b.db"
has "restore says where the old one is" out "the database before is kept as $DB.before-restore-"
kept=$(ls "$DB".before-restore-* | head -1)
same "the kept copy is the owner's alone" "$(stat -c %a "$kept")" 600
same "restored: the busy entries are gone" "$(sql "SELECT count(*) FROM ledger WHERE reason = 'busy'")" 0
same "kept: they are there" "$(sqlite3 "$kept" "SELECT count(*) FROM ledger WHERE reason = 'busy'")" 40
same "the restore is audited" "$(sql "SELECT action FROM audit ORDER BY id DESC LIMIT 1")" restore
expect "the restored database checks out" 0 check
expect "and its audit chain" 0 audit --verify
# Two restores in one second keep two databases, never one over the other.
n0=$(ls "$DB".before-restore-* | wc -l)
expect "restore again" 0 restore "$T/b.db"
expect "and again at once" 0 restore "$T/b.db"
same "each kept apart" "$(ls "$DB".before-restore-* | wc -l)" $((n0 + 2))

# ---- restore: an older schema is brought up to date ----
# A database of schema 12 (before the audit chain) with audit rows of the
# old kind, made from the schema's own steps.
old=$T/old.db
for f in "$TOP"/schema/0*.sql; do
	v=$(basename "$f" | sed 's/^0*\([0-9]*\)_.*/\1/')
	[ "$v" -le 12 ] && cat "$f"
done | sqlite3 "$old"
sqlite3 "$old" "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL);
	INSERT INTO schema_migration VALUES (12, '012_run_forced', '2024-01-01');
	INSERT INTO audit (at, actor, action, tbl, inserted) VALUES ('2024-01-01T00:00:00Z', 'old', 'import', 'members', 3);
	INSERT INTO audit (at, actor, action, detail) VALUES ('2024-01-02T00:00:00Z', 'old', 'reveal', 'report results');
	PRAGMA user_version = 12;"
expect "restore an older database" 0 restore "$old"
has "upgraded" out "(schema 12, "
same "at this program's schema" "$(sql 'PRAGMA user_version')" "$("$BAODAO" --version | sed 's/.*(schema \([0-9]*\),.*/\1/')"
same "the old entries joined the chain" "$(sql "SELECT count(*) FROM audit WHERE actor = 'old' AND length(hash) = 64")" 2
expect "the chain of the old entries holds" 0 audit --verify
has "three entries" out "audit: 3 entries, chain intact"

# ---- check ----
sql "PRAGMA foreign_keys = OFF; INSERT INTO finding (run_id, level, subject, pack, rule, message) VALUES (999, 'member', 1, 'p', 'r', 'm');"
expect "check finds a foreign-key violation" 1 check
same "one line per problem" "$(cat "$T/out")" "foreign key: finding row 1 refers to a run that does not exist
check: 1 problems"
expect "check json" 1 check --format json
has "json problem" out '{"check":"foreign key","problem":"finding row 1 refers to a run that does not exist"}'
finish
