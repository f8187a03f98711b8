#!/bin/sh
# The audit trail (issue 13 item 4): every import, evaluate, pack install,
# remove and rollback, reveal, wish and ledger step, backup and restore
# leaves an entry; the table refuses UPDATE and DELETE; the hash chain
# finds an entry changed or deleted after the triggers were dropped, and
# names its position.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }

# actions A: the number of entries with action A.
actions() { sql "SELECT count(*) FROM audit WHERE action = '$1'"; }

same "one entry per import" "$(actions import)" 11
expect "evaluate" 0 evaluate --pack example --year 2024
same "evaluate audited" "$(actions evaluate)" 1
same "evaluate names run and pack" "$(sql "SELECT tbl, inserted, detail LIKE 'run 1: pack example 1.0.0 sha256 %, year 2024, as of 2024-12-31' FROM audit WHERE action = 'evaluate'")" "run|11|1"

# install, rollback and remove, each one entry
cp -R "$TOP/rules/example" "$T/v1"
sed -i 's/^effective_to   = .*/effective_to   = "2024-12-31"/' "$T/v1/pack.conf"
cp -R "$TOP/rules/example" "$T/v2"
sed -i 's/^version  = .*/version  = "2.0.0"/; s/^effective_from = .*/effective_from = "2025-01-01"/' \
	"$T/v2/pack.conf"
"$BAODAO" --db "$DB" pack seal "$T/v1" >/dev/null && "$BAODAO" --db "$DB" pack seal "$T/v2" >/dev/null
expect "install v1" 0 pack install "$T/v1"
expect "install v2" 0 pack install "$T/v2"
expect "rollback" 0 pack rollback example
expect "remove" 0 pack remove example --yes
same "installs audited" "$(sql "SELECT group_concat(detail, '; ') FROM audit WHERE action = 'pack install'" | sed 's/ sha256 [0-9a-f]*//g')" \
	"example 1.0.0; example 2.0.0"
same "rollback audited" "$(sql "SELECT detail FROM audit WHERE action = 'pack rollback'")" "example 2.0.0 -> 1.0.0"
same "remove audited" "$(sql "SELECT detail, updated FROM audit WHERE action = 'pack remove'")" "example|2"
expect "a refused remove" 2 pack remove example
same "a refused action leaves no entry" "$(actions 'pack remove')" 1

expect "reveal" 0 report results --pack example --year 2024 --reveal -o "$T/r.csv"
same "reveal audited" "$(actions reveal)" 1
expect "report without --reveal" 0 report results --pack example --year 2024 -o "$T/r.csv"
same "no reveal, no entry" "$(actions reveal)" 1
expect "wish step" 0 wish order W900 --community C001 --date 2024-05-01
same "wish audited" "$(actions wish)" 1
expect "ledger step" 0 ledger earn M001 5 --reason test --date 2024-05-01
same "ledger audited" "$(actions ledger)" 1
expect "backup" 0 backup "$T/b.db"
same "backup audited with the copy's hash" "$(sql "SELECT file, file_sha256 FROM audit WHERE action = 'backup'")" \
	"$T/b.db|$(sha256sum "$T/b.db" | cut -d' ' -f1)"
same "the actor is the user" "$(sql "SELECT DISTINCT actor FROM audit")" "$(id -un)"

# Reading it: every entry, in order; --since; csv and json.
n=$(sql 'SELECT count(*) FROM audit')
expect "audit" 0 audit
same "one line per entry" "$(wc -l <"$T/out")" "$n"
has "an import line" out "import orgs $FIX/region/orgs.csv +9 ~0"
expect "audit --since the future" 0 audit --since 2999-01-01
same "nothing since then" "$(wc -c <"$T/out")" 0
expect "audit --since a bad date" 2 audit --since yesterday
has "bad date named" err "audit: bad date 'yesterday'"
expect "audit csv" 0 audit --format csv
same "csv header" "$(head -1 "$T/out")" "id,at,actor,action,table,file,file_sha256,inserted,updated,detail,prev_hash,hash"
same "csv rows" "$(($(wc -l <"$T/out") - 1))" "$n"
expect "verify" 0 audit --verify
has "intact" out "audit: $n entries, chain intact; head $(sql 'SELECT hash FROM audit ORDER BY id DESC LIMIT 1')"
expect "verify json" 0 audit --verify --format json
has "json intact" out "{\"breaks\":[],\"entries\":$n,\"intact\":true,"

# Append-only: the triggers refuse.
sqlite3 "$DB" "UPDATE audit SET actor = 'mallory' WHERE id = 3" 2>"$T/err"
has "update refused" err "audit is append-only: entries are never changed"
sqlite3 "$DB" "DELETE FROM audit WHERE id = 3" 2>"$T/err"
has "delete refused" err "audit is append-only: entries are never deleted"
same "nothing changed" "$(sql "SELECT count(*) FROM audit WHERE actor = 'mallory'")" 0

# Someone with the file drops them: the chain still tells.
sql "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
expect "check sees the triggers gone" 1 check
has "triggers named" out "audit: the audit's append-only triggers are gone (dropped)"
sql "UPDATE audit SET actor = 'mallory' WHERE id = 3"
expect "a changed entry breaks the chain" 1 audit --verify
same "its position, one line" "$(head -1 "$T/out")" \
	"audit entry 3: changed after it was written (its hash does not match its fields)"
has "summary" out "audit: $n entries, 1 breaks in the chain"
sql "UPDATE audit SET actor = '$(id -un)' WHERE id = 3"
expect "put back, whole again" 0 audit --verify
sql "DELETE FROM audit WHERE id = 5"
expect "a deleted entry breaks the chain" 1 audit --verify
same "deleted, by position" "$(cat "$T/out")" "audit entry 5: missing (deleted)
audit: $((n - 1)) entries, 1 breaks in the chain"
sql "DELETE FROM audit WHERE id IN (7, 8)"
sql "UPDATE audit SET detail = 'nothing to see' WHERE action = 'evaluate'"
expect "several breaks" 1 audit --verify --format json
ev=$(sql "SELECT id FROM audit WHERE action = 'evaluate'")
has "json: the gap" out '{"position":7,"problem":"missing","last":8,'
has "json: the edit" out "{\"position\":$ev,\"problem\":\"modified\",\"last\":$ev,"
has "json: not intact" out '"intact":false'

# Restore from the backup taken before: its entries are whole, and the
# restore is its newest.
expect "restore" 0 restore "$T/b.db"
expect "restored chain whole" 0 audit --verify
same "restore audited" "$(sql "SELECT action, file FROM audit ORDER BY id DESC LIMIT 1")" "restore|$T/b.db"
finish
