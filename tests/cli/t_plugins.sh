#!/bin/sh
# The plugin host: a plugin that matches the ABI loads and its format
# writes; each way of not matching (descriptor size, plugin API, build
# options, missing symbol, undeclared format, failing init, a name that is
# not NAME.so, a file others may write, a duplicate, not an object at all)
# is refused with its reason while the others keep working.
. "$(dirname "$0")/lib.sh"

CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || CC=gcc
build=$("$BAODAO" --version | sed -n 's/.*build \([^/]*\)\/ptr.*/\1/p')
same "--version names the build options" "$(test -n "$build" && echo y)" y

# plug DIR NAME [FLAGS...]: the fake plugin built as DIR/NAME.so
plug() {
	dir=$1 name=$2; shift 2
	mkdir -p "$dir"
	"$CC" -shared -fPIC -std=c11 -I"$TOP/core/io" -I"$TOP/core/util" \
	    -DBAODAO_BUILD="\"$build\"" -DFAKE_NAME="\"$name\"" "$@" \
	    -o "$dir/$name.so" "$TOP/tests/fixtures/plugins/fake.c" 2>"$T/cc.err" ||
	    notok "build $name" "$(head -c 300 "$T/cc.err")"
	chmod 0755 "$dir/$name.so"
}

conf() {
	printf 'plugin_path = {' >"$T/baodao.conf"
	sep=
	for d in "$@"; do printf '%s"%s"' "$sep" "$d" >>"$T/baodao.conf"; sep=", "; done
	printf '}\n' >>"$T/baodao.conf"
}

# A plugin that matches loads, and its format writes through the writer.
plug "$T/good" fake
conf "$T/good"
expect "a good plugin: exit 0" 0 --config "$T/baodao.conf" plugins
has "listed as loaded" out "fake       0.1      writes fake  a table as FAKE lines (tests)"
has "the directory searched" out "searched: $T/good"
expect "its format writes" 0 --config "$T/baodao.conf" plugins --format fake
has "the back end saw the table" out "FAKE title=baodao plugins"
has "and its row" out "FAKE|fake|0.1||fake|loaded|$T/good/fake.so"
has "and finished the document" out "FAKE rows=1"
expect "json lists it too" 0 --config "$T/baodao.conf" plugins --format json
has "json row" out '"name":"fake","version":"0.1","reads":"","writes":"fake","status":"loaded"'

# Each way of not matching, beside the good one.
mkdir -p "$T/bad"
plug "$T/bad" size -DFAKE_SIZE
plug "$T/bad" api -DFAKE_API=99
plug "$T/bad" build -DFAKE_BUILD='"other/ptr4"'
plug "$T/bad" nosym -DFAKE_NOSYM
plug "$T/bad" undecl -DFAKE_UNDECLARED
plug "$T/bad" failinit -DFAKE_FAILINIT
cp "$T/good/fake.so" "$T/bad/other.so"
cp "$T/good/fake.so" "$T/bad/fake.so"
cp "$T/good/fake.so" "$T/bad/fake.so.1"
cp "$T/good/fake.so" "$T/bad/Fake.so"
head -c 4096 /dev/zero | tr '\0' 'x' >"$T/bad/junk.so"
printf 'a readme\n' >"$T/bad/README"
plug "$T/bad" open
chmod g+w "$T/bad/open.so"
conf "$T/good" "$T/bad"
expect "refusals: exit 1" 1 --config "$T/baodao.conf" plugins
has "the good one still loads" out "fake       0.1      writes fake"
has "descriptor size" out "size       refused: its descriptor is 80 bytes, this baodao's is 72 (built against other headers)"
has "plugin API" out "api        refused: it is built for plugin API 99, this baodao has 1"
has "build options" out "build      refused: it is built with options 'other/ptr4', this baodao with '$build/ptr8'"
has "missing symbol" out "nosym      refused: it has no symbol baodao_plugin"
has "undeclared format" out "undecl     refused: registers the format fake2 that it does not declare"
has "failing init" out "failinit   refused: the fake plugin cannot start"
has "its own name" out "other      refused: it calls itself 'fake', not 'other'"
has "a duplicate" out "fake       refused: a plugin named fake is loaded already, from $T/good/fake.so"
has "not NAME.so" out "fake.so.1  refused: not named NAME.so"
has "upper case" out "Fake.so    refused: not named NAME.so"
has "not an object" out "junk       refused: $T/bad/junk.so: invalid ELF header"
has "writable by others" out "open       refused: $T/bad/open.so may be written by others than its owner"
lacks "other files are not plugins" out "README"
expect "the good format still writes (exit 1: refusals)" 1 --config "$T/baodao.conf" plugins --format fake
has "rows of all" out "FAKE rows=13"

# Plugins are loaded at a command's first need of one: a format or a file
# type no one has registered, or their list; a command that needs none
# (most: evaluate, record, runs) loads none.
plug "$T/says" fake -DFAKE_SAYS
conf "$T/says"
expect "init: exit 0" 0 --config "$T/baodao.conf" init
lacks "init loads no plugin" err "fake: init"
expect "runs: exit 0" 0 --config "$T/baodao.conf" runs
lacks "nor does runs" err "fake: init"
expect "the audit in json: exit 0" 0 --config "$T/baodao.conf" audit --format json
lacks "nor a format of the core's" err "fake: init"
expect "the audit in the plugin's format: exit 0" 0 --config "$T/baodao.conf" audit --format fake
has "its format loads it" err "fake: init"
has "and writes" out "FAKE title="
expect "a format no one gives: exit 2" 2 --config "$T/baodao.conf" audit --format nosuch
has "loads it to look" err "fake: init"
expect "the list: exit 0" 0 --config "$T/baodao.conf" plugins
has "the list loads it" err "fake: init"
same "once" "$(grep -c "fake: init" "$T/err")" 1
run --config "$T/baodao.conf" import members "$T/none.xlsx"
has "a file type loads it" err "fake: init"
printf 'code,name,kind,parent\n' >"$T/orgs.csv"
expect "a CSV import: exit 0" 0 --config "$T/baodao.conf" import orgs "$T/orgs.csv"
lacks "a CSV file is the core's own: no plugin loaded" err "fake: init"

# A folder others may write is not read at all.
mkdir -p "$T/shared"
cp "$T/good/fake.so" "$T/shared/"
chmod 0777 "$T/shared"
conf "$T/shared"
expect "an open folder: exit 1" 1 --config "$T/baodao.conf" plugins
has "the folder refused" out "refused: $T/shared may be written by others than its owner"
lacks "nothing loaded from it" out "writes fake"

# A folder that is not there, or empty: no plugins is no error.
conf "$T/none"
expect "a missing folder: exit 0" 0 --config "$T/baodao.conf" plugins
has "says so" out "no plugins"
mkdir -p "$T/empty"
conf "$T/empty"
expect "an empty folder: exit 0" 0 --config "$T/baodao.conf" plugins
has "says so too" out "no plugins"
finish
