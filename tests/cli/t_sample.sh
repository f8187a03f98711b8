#!/bin/sh
# The bundled sample region (data/region, made by tools/gen-region.c)
# imports whole, every kind, as `make demo` imports it: a generator change
# that makes records the workflows refuse (a wish dispatched by a branch
# that does not serve its community, say) fails here, not only in the demo.
. tests/cli/lib.sh
printf 'pack_path = {"%s"}\n' "$TOP/rules" >"$T/packs.conf"
expect "init" 0 init
for k in orgs members registrations posts claims wishes activities suggestions \
    pairings org_events breaches member_events; do
	"$BAODAO" --config "$T/packs.conf" --db "$DB" import "$k" "$TOP/data/region/$k.csv" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 0 ]; then ok; else
		notok "import $k" "exit $rc: $(head -c 400 "$T/err")"; fi
done
same "every member imported" "$(sql 'SELECT count(*) FROM member')" \
	"$(($(wc -l <"$TOP/data/region/members.csv") - 1))"
finish
