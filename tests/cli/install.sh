#!/usr/bin/env bash
# `make install` and `make uninstall` under a scratch PREFIX (and DESTDIR);
# the man page they install renders with every command's options, and the
# bash completion offers the commands, options and values of the tables.
set -u
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/cli.sh"
mk() { ${MAKE:-make} --no-print-directory -C "$root" "$@" >"$tmp/make.log" 2>&1 ||
	fail "make $* failed: $(tail -5 "$tmp/make.log")"; }

prefix=$tmp/prefix
mk install PREFIX="$prefix"
for f in bin/svsmlab share/man/man1/svsmlab.1 share/bash-completion/completions/svsmlab; do
	[ -f "$prefix/$f" ] || fail "make install put no $f under PREFIX"
done
[ -x "$prefix/bin/svsmlab" ] || fail "the installed svsmlab is not executable"
"$prefix/bin/svsmlab" --version | grep -q '^svsmlab ' || fail "the installed svsmlab does not run"
mk install DESTDIR="$tmp/dest" PREFIX=/opt/lab
[ -f "$tmp/dest/opt/lab/share/man/man1/svsmlab.1" ] || fail "make install ignored DESTDIR"

# The page: roff from the same tables as --help; groff finds nothing to warn about.
page=$prefix/share/man/man1/svsmlab.1
[ "$(cat "$page")" = "$("$bin" help --man)" ] || fail "the installed page is not svsmlab help --man"
if command -v groff >/dev/null; then
	warnings=$(groff -man -ww -z "$page" 2>&1)
	[ -z "$warnings" ] || fail "groff warns about the page: $warnings"
fi
if command -v man >/dev/null; then
	LC_ALL=C MANWIDTH=100 man -l "$page" 2>"$tmp/man.err" | sed 's/.\x08//g' >"$tmp/man.txt"
	[ -s "$tmp/man.err" ] && fail "man -l: $(cat "$tmp/man.err")"
elif command -v groff >/dev/null; then
	groff -man -Tascii "$page" | sed 's/.\x08//g' >"$tmp/man.txt"
else
	cp "$page" "$tmp/man.txt"   # no formatter: the roff text, hyphens escaped
	sed -i 's/\\-/-/g' "$tmp/man.txt"
fi
grep -q '^SVSMLAB(1)' "$tmp/man.txt" || [ ! -s "$tmp/man.err" ] || fail "no SVSMLAB(1) header"
for c in demo run explore check verify dot bugs clauses help; do
	grep -q "svsmlab $c" "$tmp/man.txt" || fail "the man page has no section for $c"
	for o in $("$bin" "$c" --help | grep -oE -- '^  -[-a-zA-Z]+' | grep -v -- '^  -h$'); do
		grep -qE -- "^ +$o( |$)" "$tmp/man.txt" || fail "the man page lacks $c $o"
	done
done

# The completion: what bash offers after each command line (the last word is completed).
comp=$prefix/share/bash-completion/completions/svsmlab
offers() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _svsmlab
	         printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" svsmlab "$@"
}
has_offer() {   # has_offer WANT WORDS...: completing WORDS offers WANT
	local want=$1; shift
	offers "$@" | grep -qx -- "$want" || fail "completing '$*' does not offer $want: $(offers "$@")"
}
has_offer check ch
has_offer --version --v
has_offer --hv-actions check --hv
has_offer --max-executions check x.lua --max
has_offer pvalidate verify --handler pv
has_offer no-zero-after-validate,vmsa-bit-before-check check --bug no-zero-after-validate,vmsa
has_offer none explore --bug no
has_offer svg dot x.lua -T s
has_offer verify help ver
has_offer --completion help --c
[ -z "$(offers check --depth 1)" ] || fail "a number is completed: $(offers check --depth 1)"
touch "$tmp/scenario.lua"
has_offer "$tmp/scenario.lua" check "$tmp/scen"
# Every option of every command, after its name.
for c in demo run explore check verify dot bugs clauses help; do
	for o in $("$bin" "$c" --help | grep -oE -- '^  -[-a-zA-Z]+' | grep -v -- '^  -h$'); do
		has_offer "$o" "$c" -
	done
done

mk uninstall PREFIX="$prefix"
left=$(find "$prefix" -type f)
[ -z "$left" ] || fail "make uninstall left: $left"
exit 0
