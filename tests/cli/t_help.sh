#!/bin/sh
# --help in Chinese: under LANG=zh_CN.UTF-8 (no C library locale needed)
# every command's and subcommand's help is translated line by line: no
# line of English prose is left as declared.  LC_ALL and LC_MESSAGES
# choose the language before LANG.
. tests/cli/lib.sh

# The commands of `baodao --help`, and the subcommands their synopses
# name (order|dispatch|...), with pack's from `pack --help`.
"$BAODAO" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/' >"$T/synopses"
: >"$T/cmds"
while read -r c rest; do
	echo "$c" >>"$T/cmds"
	for w in $rest; do
		case $w in *[!a-z\|]*|"|") continue ;; esac
		for s in $(echo "$w" | tr '|' ' '); do echo "$c $s" >>"$T/cmds"; done
	done
done <"$T/synopses"
"$BAODAO" pack --help | awk '/^  pack [a-z]/ { print "pack " $2 }' >>"$T/cmds"
n=$(wc -l <"$T/cmds")
[ "$n" -ge 35 ] && ok || notok "commands and subcommands" "only $n found"

# A line with English words (three letters or more, not an option, a
# command or a placeholder) that is the same in both languages was not
# translated.
while read -r words; do
	# shellcheck disable=SC2086
	LANG=C LC_ALL= "$BAODAO" $words --help >"$T/en" 2>&1
	# shellcheck disable=SC2086
	env -u LC_ALL LANG=zh_CN.UTF-8 "$BAODAO" $words --help >"$T/zh" 2>&1
	if head -1 "$T/zh" | grep -q '^用法：baodao '; then ok; else
		notok "$words --help" "no Chinese usage line: $(head -1 "$T/zh")"; fi
	grep -vx '' "$T/en" | while IFS= read -r l; do
		prose=$(printf '%s\n' "$l" | sed -e 's/--[a-z-]*//g' -e 's/baodao [a-z ]*//' |
		    grep -o '\b[a-z][a-z]\{2,\}\b' | grep -cvx "$(echo $words | tr ' ' '\n' | tail -1)")
		[ "$prose" -gt 0 ] || continue
		if printf '%s\n' "$l" | grep -q '[^ -~]'; then continue; fi   # has Chinese
		grep -qxF -- "$l" "$T/zh" && echo "$words: $l"
	done >>"$T/untranslated"
done <"$T/cmds"
if [ -s "$T/untranslated" ]; then notok "untranslated --help lines" "$(cat "$T/untranslated")"; else ok; fi

# The variables, in their order.
if env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$BAODAO" pack install --help | grep -q 安装; then ok; else
	notok "LANG=zh_CN.UTF-8" "pack install --help is not Chinese"; fi
if env -u LC_ALL LANG=C LC_MESSAGES=zh_CN.UTF-8 "$BAODAO" pack install --help | grep -q 安装; then ok; else
	notok "LC_MESSAGES" "not Chinese"; fi
if env LANG=zh_CN.UTF-8 LC_ALL=C "$BAODAO" pack install --help | grep -q '^usage: '; then ok; else
	notok "LC_ALL=C over LANG" "not English"; fi

# The command line's own errors, in Chinese too.
env LC_ALL=zh_CN.UTF-8 "$BAODAO" frobnicate >"$T/out" 2>"$T/err"
has "unknown command" err "baodao: 未知命令 'frobnicate'（见 'baodao --help'）"
env LC_ALL=zh_CN.UTF-8 "$BAODAO" --frob >"$T/out" 2>"$T/err"
has "unknown global option" err "baodao: 未知选项 '--frob'（见 'baodao --help'）"
env LC_ALL=zh_CN.UTF-8 "$BAODAO" pack list --db >"$T/out" 2>"$T/err"
has "--db without a value" err "baodao: 选项 '--db' 缺少值"
env LC_ALL=zh_CN.UTF-8 "$BAODAO" pack install >"$T/out" 2>"$T/err"
has "a subcommand's usage error" err "pack install：需要 DIR（用法：baodao pack install DIR）"
finish
