#!/bin/sh
# One emitter: every document baodao writes goes through core/io/emit.c.
# No hand-spliced JSON or hand-quoted CSV is left in core/, json.[ch] are
# gone, a report's --format is resolved by name through the writer (an
# unknown one exits 2 naming the known ones), and the writer's documents
# are what the JSON contract says.
. tests/cli/lib.sh

C=$TOP/core
same "json.c and json.h are gone" "$(ls "$C"/*/json.c "$C"/*/json.h 2>/dev/null)" ""
same "no hand-spliced JSON outside emit.c" \
	"$(grep -rn 'sbuf_add[fs].*\\"\|printf.*{\\"\|fputs.*\\"' "$C" | grep -v '^'"$C"'/io/emit\.c:')" ""
same "no json_* helpers outside emit.c" \
	"$(grep -rnE '(^|[^_a-z])json_(str|num|int|raw)\(' "$C" | grep -v '^'"$C"'/io/emit\.c:')" ""
same "no hand CSV quoting outside emit.c" \
	"$(grep -rn 'strpbrk([^)]*\\"' "$C" | grep -v '^'"$C"'/io/emit\.c:')" ""
same "no hand Markdown rules outside emit.c" \
	"$(grep -rn '|---|' "$C" | grep -v '^'"$C"'/io/emit\.[ch]:')" ""

# --format by name: checked before anything is opened.
expect "unknown format" 2 report results --pack example --year 2024 --format docx
has "unknown format named" err "unknown format 'docx'"
has "known formats listed, the plugins' after the writer's" err "(csv, md, json, html"
expect "text is csv's other name, not a report format" 2 report results --pack example \
    --year 2024 --format text

# The documents: a run of the example pack on the sample region.
load_region || notok "load region" "import failed"
printf 'pack_path = {"%s"}\n' "$TOP/rules" >"$T/p.conf"
"$BAODAO" --db "$DB" --config "$T/p.conf" evaluate --pack example --year 2024 >/dev/null 2>&1
export BAODAO_CONFIG=$T/p.conf
expect "results json" 0 report results --pack example --year 2024 --format json
same "results json: one subject to a line" "$(head -c 2 "$T/out" | od -An -c | tr -d ' ')" '[\n'
same "results json ends" "$(tail -n 1 "$T/out")" "]"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) == 8 and d[0]["member_id"] and "requirements" in d[0]' \
	    "$T/out" && ok || notok "results json parses" "$(head -c 300 "$T/out")"
fi
expect "results md" 0 report results --pack example --year 2024 --format md
same "md header rule" "$(sed -n 2p "$T/out" | cut -c1-8)" "|---|---"
expect "results csv" 0 report results --pack example --year 2024
same "csv header in the notices' words" "$(head -n 1 "$T/out" | cut -d, -f1-4)" "党员编号,姓名,单位,社区"
expect "results csv, --lang en" 0 report results --pack example --year 2024 --lang en
same "csv header in English" "$(head -n 1 "$T/out" | cut -d, -f1-4)" "member_id,name,unit,community"
expect "unknown --lang" 2 report results --pack example --year 2024 --lang fr
expect "explain json" 0 explain M001 --pack example --year 2024 --json
has "explain json keys" out '{"member_id":"M001","name":'
has "explain json facts object" out '"facts":{'
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["member_id"] == "M001"' \
	    "$T/out" && ok || notok "explain json parses" "$(head -c 300 "$T/out")"
fi
finish
