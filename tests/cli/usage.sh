#!/usr/bin/env bash
# The command's help, listings and errors, with their exit codes.
set -u
bin=$1
fail() { echo "usage.sh: $*"; exit 1; }
expect() {   # expect CODE PATTERN ARGS...
	local code=$1 pattern=$2; shift 2
	local out rc
	out=$("$bin" "$@" 2>&1); rc=$?
	[ "$rc" -eq "$code" ] || fail "svsmlab $* exited $rc, expected $code: $out"
	grep -q -- "$pattern" <<<"$out" || fail "svsmlab $* did not print '$pattern': $out"
}
expect 0 "usage: svsmlab" help
expect 0 "usage: svsmlab" --help
expect 2 "usage: svsmlab"
expect 2 "unknown command 'frobnicate'" frobnicate
expect 2 "unknown bug 'nonsense'" demo --bug nonsense
expect 2 "unexpected '--frob'" demo --frob
expect 2 "unknown handler 'nosuch'" demo --handler nosuch
expect 0 "no-zero-after-validate" bugs
expect 0 "page-public-to-vmpl" clauses
[ "$("$bin" bugs | grep -cE '^ *[0-9]+  [a-z]')" -eq 11 ] || fail "bugs does not list 11 bugs"
exit 0
