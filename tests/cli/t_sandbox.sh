#!/bin/sh
# A misbehaving pack: every failing or runaway rule is a finding naming
# pack, rule and member; the run goes on and the other rules still count.
. tests/cli/lib.sh
load_region || { echo "cli: 0 passed, 1 failed"; exit 1; }
rm -f /tmp/baodao-pwned
printf 'instruction_limit = 200000\nmemory_limit = "16M"\n' >"$T/lim.conf"
"$BAODAO" --config "$T/lim.conf" --db "$DB" evaluate --pack "$FIX/packs/evil" --year 2024 \
    >"$T/out" 2>"$T/err"
rc=$?
same "findings make exit 1" "$rc" 1
has "runaway loop named" err "pack evil: rule evil.loop: member M002:"
has "runaway loop stopped" err "instruction limit exceeded (200000 instructions)"
has "error named" err "pack evil: rule evil.error: member M003:"
has "error text kept" err "boom for M003"
has "os blocked" err "rule evil.escape: member M004:"
has "os blocked says blocked" err "blocked"
has "memory limit" err "rule evil.memory: member M005: memory limit exceeded"
has "typo fails loudly" err "fact has no field 'servces'"
has "global write refused" err "rule evil.global: member M001:"
same "no file written by os.execute" "$(test -e /tmp/baodao-pwned && echo yes || echo no)" no
same "run finished anyway" "$(sql "SELECT status FROM run WHERE pack = 'evil'")" finished
same "every member evaluated" "$(sql "SELECT members FROM run WHERE pack = 'evil'")" 8
same "findings stored" "$(sql "SELECT count(*) FROM finding WHERE rule = 'evil.loop'")" 1
same "the good rule passed everyone" "$(sql "SELECT count(*) FROM outcome o JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no WHERE q.req = 'evil.fine' AND o.status = 'pass'")" 8
same "a failed rule is n/a, not fail" "$(sql "SELECT o.status FROM outcome o JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no JOIN member m ON m.id = o.subject WHERE q.req = 'evil.error' AND m.code = 'M003'")" n/a

# Under the default limit, members' rules run in unmetered batches
# (sandbox.h): the runaway loop stops its member's batch, the member is
# evaluated again counted, and the finding is the same.
"$BAODAO" --db "$DB" evaluate --pack "$FIX/packs/evil" --year 2024 >"$T/out" 2>"$T/err"
has "default limit: runaway loop named" err "pack evil: rule evil.loop: member M002:"
has "default limit: runaway loop stopped" err "instruction limit exceeded (10000000 instructions)"
has "default limit: error text kept" err "boom for M003"
lacks "a stopped batch is never shown" err "unmetered"
same "nor stored" "$(sql "SELECT count(*) FROM finding WHERE message LIKE '%unmetered%'")" 0
same "one loop finding in the run" "$(sql "SELECT count(*) FROM finding WHERE rule = 'evil.loop' AND run_id = (SELECT max(id) FROM run)")" 1
same "the good rule passed everyone again" "$(sql "SELECT count(*) FROM outcome o JOIN run_requirement q ON q.run_id = o.run_id AND q.no = o.no WHERE q.req = 'evil.fine' AND o.status = 'pass' AND o.run_id = (SELECT max(id) FROM run)")" 8

# Points per requirement add to the score hook's result.
expect "points pack" 0 evaluate --pack "$FIX/packs/points" --year 2024
run explain M001 --pack points --year 2024 --json
has "score = hook 3 + 20 + 5" out '"score":28'
has "points of a passed requirement" out '"id":"points.report","status":"pass"'
has "points shown" out '"points":20'
run explain M008 --pack points --year 2024 --json
has "unregistered gets no report points" out '"score":6'
run explain M001 --pack points --year 2024
has "text shows points" out "+20 points"

# A run that fails half way leaves no results and a 'failed' run row.
before=$(sql 'SELECT count(*) FROM result')
expect "a failing run exits 2" 2 evaluate --pack "$FIX/packs/broken" --year 2024
has "failure names the fact" err "fact 'passed_missing': no member requirement 'broken.nosuch'"
same "no results written" "$(sql 'SELECT count(*) FROM result')" "$before"
same "run recorded as failed" "$(sql "SELECT status FROM run WHERE pack = 'broken'")" failed
same "never marked finished" "$(sql "SELECT count(*) FROM run WHERE pack = 'broken' AND finished IS NOT NULL")" 0

# A run killed half way leaves the database as it was.  One worker: the
# eight members take seconds, well past the kill on a fast machine too.
printf 'instruction_limit = 1000000000\n' >"$T/slow.conf"
runs=$(sql 'SELECT count(*) FROM run')
timeout -s KILL 1 "$BAODAO" --config "$T/slow.conf" --db "$DB" evaluate --pack "$FIX/packs/slow" \
    --year 2024 --jobs 1 >/dev/null 2>&1
same "killed run: exit by signal" "$?" 137
same "killed run left no run row" "$(sql 'SELECT count(*) FROM run')" "$runs"
same "killed run left no results" "$(sql "SELECT count(*) FROM result r JOIN run ON run.id = r.run_id WHERE run.pack = 'slow'")" 0
expect "database still usable" 0 explain M001 --pack evil --year 2024 --json
finish
