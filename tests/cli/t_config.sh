#!/bin/sh
# Configuration: search order, --config, errors naming file and line.
. tests/cli/lib.sh
printf 'database = "%s"\njobs = 2\n' "$T/conf.db" >"$T/good.conf"
"$BAODAO" --config "$T/good.conf" init >"$T/out" 2>"$T/err"; rc=$?
same "--config database used" "$rc:$(test -f "$T/conf.db" && echo yes)" "0:yes"
printf 'database = "x.db"\nfrobs = 3\n' >"$T/bad.conf"
"$BAODAO" --config "$T/bad.conf" init >"$T/out" 2>"$T/err"; rc=$?
same "unknown key exits 2" "$rc" 2
has "unknown key names file and line" err "bad.conf:2:"
printf 'jobs = 0\n' >"$T/range.conf"
"$BAODAO" --config "$T/range.conf" init >"$T/out" 2>"$T/err"; rc=$?
same "bad value exits 2" "$rc" 2
has "bad value named" err "range.conf:1: jobs must be between 1 and 256"
printf 'memory_limit = "lots"\n' >"$T/mem.conf"
"$BAODAO" --config "$T/mem.conf" init >"$T/out" 2>"$T/err"; rc=$?
has "bad size named" err "memory_limit must be a size"
BAODAO_CONFIG="$T/good.conf" "$BAODAO" init >"$T/out" 2>"$T/err"; rc=$?
same "BAODAO_CONFIG read" "$rc" 0
mkdir -p "$T/xdg/baodao"
printf 'database = "%s"\n' "$T/xdg.db" >"$T/xdg/baodao/baodao.conf"
"$BAODAO" init >"$T/out" 2>"$T/err"
same "XDG config found" "$(test -f "$T/xdg.db" && echo yes)" yes
printf 'database = "%s"\n' "$T/local.db" >"$T/baodao.conf"
"$BAODAO" init >"$T/out" 2>"$T/err"
same "./baodao.conf before XDG" "$(test -f "$T/local.db" && echo yes)" yes
"$BAODAO" --config "$T/missing.conf" init >"$T/out" 2>"$T/err"; rc=$?
same "missing --config exits 2" "$rc" 2
"$BAODAO" --config "$T/bad.conf" init --help >"$T/out" 2>"$T/err"; rc=$?
same "help works with a broken config" "$rc" 0
"$BAODAO" init --db "$T/late.db" >"$T/out" 2>"$T/err"; rc=$?
same "--db after the command" "$rc:$(test -f "$T/late.db" && echo yes)" "0:yes"
"$BAODAO" init --db >"$T/out" 2>"$T/err"; rc=$?
same "--db without a value" "$rc" 2
has "--db without a value named" err "option '--db' needs a value"
"$BAODAO" --version >"$T/out"
has "version" out "baodao 0.1.0"
for c in init import evaluate explain report reports pack; do
	"$BAODAO" "$c" --help >"$T/out" 2>&1; rc=$?
	same "$c --help exits 0" "$rc" 0
	has "$c --help shows usage" out "usage: baodao $c"
done
finish
