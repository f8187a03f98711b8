#!/bin/sh
# Roles (issue 13 item 6), with real system users: an administrator, a
# clerk (by a group), an auditor and an outsider, a group the database is
# shared through.  Each command runs as one of them (runuser); allowed
# commands work, refused ones name the role they need, an outsider who
# cannot open the database is told whose it is and which group to join,
# and nothing is world-readable.  Creating users needs root (CI runs as
# root); elsewhere the file says it skipped and why.
. tests/cli/lib.sh
if [ "$(id -u)" -ne 0 ]; then
	echo "t_roles: skipped: creating system users and groups needs root (CI runs as root)"
	finish; exit
fi
for c in useradd groupadd userdel groupdel runuser; do
	command -v $c >/dev/null 2>&1 && continue
	echo "t_roles: skipped: $c is not installed"
	finish; exit
done

# Names unique to this run, so parallel runs do not meet.
s=$$
G=bdg$s GC=bdk$s ADM=bda$s CLK=bdc$s AUD=bdu$s OUT=bdo$s
cleanup() {
	for u in $ADM $CLK $AUD $OUT; do userdel "$u" 2>/dev/null; done
	for g in $G $GC; do groupdel "$g" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
groupadd "$G" && groupadd "$GC" || { echo "cli: 0 passed, 1 failed (groupadd)"; exit 1; }
useradd -M -N -s /bin/sh -G "$G" "$ADM" && useradd -M -N -s /bin/sh -G "$G,$GC" "$CLK" &&
	useradd -M -N -s /bin/sh -G "$G" "$AUD" && useradd -M -N -s /bin/sh "$OUT" ||
	{ echo "cli: 0 passed, 1 failed (useradd)"; exit 1; }

# What the users run must be theirs to read: the program, the packs and
# the files imported, copied where they can reach them.
chmod 711 "$T"
mkdir -p "$T/bin" "$T/in" "$T/shared"
cp "$BAODAO" "$T/bin/baodao" && cp -R "$TOP/rules" "$T/rules" &&
	cp "$FIX"/region/*.csv "$T/in/" && chmod -R a+rX "$T/bin" "$T/rules" "$T/in"
# The shared folder as INSTALL sets it up: the group's, setgid.
chgrp "$G" "$T/shared" && chmod 2770 "$T/shared"
SDB=$T/shared/baodao.db
cat >"$T/roles.conf" <<EOF
database = "$SDB"
pack_path = {"$T/rules"}
group = "$G"
role administrator { users = {"$ADM"} }
role clerk { groups = {"$GC"} }
role auditor { users = {"$AUD"} }
reveal_roles = {"administrator"}
EOF
chmod 644 "$T/roles.conf"

# as USER ARGS...: baodao as USER, output in $T/out, $T/err.
as() {
	u=$1; shift
	runuser -u "$u" -- "$T/bin/baodao" --config "$T/roles.conf" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}
# may NAME USER ARGS...: allowed (exit 0).
may() {
	name=$1; shift
	as "$@"
	if [ "$rc" -eq 0 ]; then ok; else notok "$name" "exit $rc; stderr: $(head -c 300 "$T/err")"; fi
}
# refused NAME MESSAGE USER ARGS...: exit 2 with MESSAGE on stderr.
refused() {
	name=$1 msg=$2; shift 2
	as "$@"
	same "$name: exit" "$rc" 2
	same "$name: message" "$(cat "$T/err")" "baodao: $msg"
}
mode() { stat -c '%a %G' "$1"; }

may "the administrator creates the database" "$ADM" init
same "no warning for a setgid folder of the group" "$(cat "$T/err")" ""
same "the database is the group's, 0660" "$(mode "$SDB")" "660 $G"
same "its pack store is the group's, setgid" "$(mode "$SDB.packs")" "2770 $G"
refused "a clerk may not init" "init: needs role administrator (you are clerk: user $CLK)" \
	"$CLK" init

# The clerk imports (clerk is held through the group $GC).
for k in orgs members registrations posts claims wishes activities suggestions pairings \
    org_events breaches; do
	as "$CLK" import "$k" "$T/in/$k.csv"
	[ "$rc" -eq 0 ] || break
done
same "the clerk imports the region" "$rc" 0
refused "a clerk may not evaluate" \
	"evaluate: needs role administrator (you are clerk: user $CLK)" \
	"$CLK" evaluate --pack example --year 2024
may "the administrator evaluates" "$ADM" evaluate --pack example --year 2024
has "the run is stored" out "run 1:"
refused "the auditor may not evaluate" \
	"evaluate: needs role administrator (you are auditor: user $AUD)" \
	"$AUD" evaluate --pack example --year 2024
refused "no role at all" "evaluate: needs role administrator (you have no role: user $OUT)" \
	"$OUT" evaluate --pack example --year 2024
refused "a pack install is the administrator's" \
	"pack install: needs role administrator (you are clerk: user $CLK)" \
	"$CLK" pack install "$T/rules/example"
refused "pack test is policy staff's" \
	"pack test: needs role administrator or policy (you are clerk: user $CLK)" \
	"$CLK" pack test example

# Reading results is anyone's who can open the database; --reveal only
# the roles reveal_roles names.
may "the clerk reads results" "$CLK" report results --pack example --year 2024
refused "the clerk may not reveal" \
	"report --reveal: needs role administrator (you are clerk: user $CLK)" \
	"$CLK" report results --pack example --year 2024 --reveal
may "the administrator reveals" "$ADM" report results --pack example --year 2024 --reveal

# The audit is the auditor's; it names who did what.
refused "the clerk may not read the audit" "audit: needs role auditor (you are clerk: user $CLK)" \
	"$CLK" audit
may "the auditor reads the audit" "$AUD" audit
has "the clerk's import, by name" out "$CLK import orgs"
has "the administrator's evaluate" out "$ADM evaluate run"
has "the reveal" out "$ADM reveal"
may "the auditor verifies the chain" "$AUD" audit --verify
has "intact" out "chain intact"
may "the auditor checks the file" "$AUD" check

# Backups are the administrator's, and readable by the group only.
may "the administrator backs up" "$ADM" backup "$T/shared/copy.db"
same "the copy is 0640, the group's" "$(mode "$T/shared/copy.db")" "640 $G"
refused "the clerk may not restore" "restore: needs role administrator (you are clerk: user $CLK)" \
	"$CLK" restore "$T/shared/copy.db"

# An outsider who may not reach the database is told whose it is.
as "$OUT" explain M001 --pack example --year 2024
same "outsider: exit" "$rc" 3
has "outsider: whose folder, which group" err \
	"permission denied: its folder $T/shared belongs to user root and group $G (mode 2770); ask an administrator to add you to group $G"
lacks "not SQLite's words" err "unable to open database file"

# Nothing the users made is world-readable.
same "nothing world-readable" "$(find "$T/shared" -perm -o=r | wc -l)" 0
same "nothing outside the group" "$(find "$T/shared" ! -group "$G" | wc -l)" 0

# Without roles in baodao.conf everything is allowed: the outsider, in a
# folder of their own, does what an administrator does.
mkdir "$T/own" && chown "$OUT" "$T/own"
printf 'database = "%s/own/db"\npack_path = {"%s/rules"}\n' "$T" "$T" >"$T/own.conf"
chmod 644 "$T/own.conf"
runuser -u "$OUT" -- sh -c "'$T/bin/baodao' --config '$T/own.conf' init &&
	'$T/bin/baodao' --config '$T/own.conf' import orgs '$T/in/orgs.csv' &&
	'$T/bin/baodao' --config '$T/own.conf' audit" >"$T/out" 2>"$T/err"
same "no roles: all allowed" "$?" 0
has "no roles: the user's own audit" out "$OUT import orgs"
same "no group: the database is the owner's alone" "$(stat -c '%a %U' "$T/own/db")" "600 $OUT"

# Another user who may enter the folder but not open the file is told why:
# the database is one user's alone (no group was set up).
runuser -u "$CLK" -- "$T/bin/baodao" --config "$T/own.conf" runs >"$T/out" 2>"$T/err"
same "someone else's database: exit" "$?" 3
same "someone else's database: whose, and what to do" "$(cat "$T/err")" \
	"baodao: $T/own/db: permission denied: the database is user $OUT's alone (mode 0600); to share it, set group in baodao.conf and run 'baodao init' as $OUT (see INSTALL)"
# ... or the group's, which they are not in: join it.
# folder NAME MODE: $T/NAME, the administrator's and the group's, with
# MODE, and $T/NAME.conf, roles.conf with its database there, initialised
# by the administrator (output in $T/out, $T/err, status in $rc).
folder() {
	mkdir "$T/$1" && chown "$ADM:$G" "$T/$1" && chmod "$2" "$T/$1"
	sed "s|$SDB|$T/$1/db|" "$T/roles.conf" >"$T/$1.conf" && chmod 644 "$T/$1.conf"
	runuser -u "$ADM" -- "$T/bin/baodao" --config "$T/$1.conf" init >"$T/out" 2>"$T/err"
	rc=$?
}
folder open 2775
runuser -u "$OUT" -- "$T/bin/baodao" --config "$T/open.conf" runs >"$T/out" 2>"$T/err"
same "the group's database: exit" "$?" 3
same "the group's database: which group to join" "$(cat "$T/err")" \
	"baodao: $T/open/db: permission denied: the database belongs to user $ADM and group $G (mode 0660); ask an administrator to add you to group $G (usermod -aG $G USER), then log in again"

# A folder that is not the group's setgid folder: init warns.
folder plain 0770
same "not setgid: init still works" "$rc" 0
same "not setgid: the warning" "$(cat "$T/err")" \
	"baodao: $T/plain: the folder is not group $G's to write in (setgid); other users of the group will fail to write: chgrp $G $T/plain; chmod 2770 $T/plain (see INSTALL)"

# A group that does not exist is a configuration error.
printf 'database = "%s/x.db"\ngroup = "nosuchgroup%s"\n' "$T" "$s" >"$T/bad.conf"
"$T/bin/baodao" --config "$T/bad.conf" runs >"$T/out" 2>"$T/err"
same "unknown group: exit" "$?" 2
has "unknown group: message" err "baodao.conf: group 'nosuchgroup$s' does not exist"
printf 'role clerks { users = {"x"} }\n' >"$T/bad.conf"
"$T/bin/baodao" --config "$T/bad.conf" runs >"$T/out" 2>"$T/err"
has "unknown role" err "unknown role 'clerks' (the roles are clerk, administrator, policy, auditor)"
finish
