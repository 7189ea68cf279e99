#!/usr/bin/env bash
# The fuzzer's findings as regression tests: every trace in fuzz/regress/
# (written by `make fuzz BUG=...`, docs/fuzz.md) still replays onto the
# clause it expects with the bug on, and the same steps on the correct
# module do not show it.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

n=0
for trace in fuzz/regress/*.lua; do
	clause=$(sed -n 's/.*expect = { violation = "\([^"]*\)" }.*/\1/p' "$trace")
	[ -n "$clause" ] || fail "$trace expects no violation"
	grep -q 'bugs = { "' "$trace" || fail "$trace switches no bug on"
	run 0 run "$trace"
	has "the expected violation $clause fired"
	sed 's/bugs = { [^}]* }/bugs = { }/' "$trace" >"$tmp/correct.lua"
	out=$("$bin" run "$tmp/correct.lua" 2>&1) && fail "$trace passes on the correct module: $out"
	grep -q "the expected violation $clause fired" <<<"$out" &&
		fail "$trace shows $clause on the correct module"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no traces in fuzz/regress/"
