#!/usr/bin/env bash
# The demo: verify passes the correct PVALIDATE handler; with bug 1 it
# reports the RMPADJUST and the clause and proves it; the replay of the
# counterexample shows the guest reading VMPCK0; the file it leaves replays.
set -u
bin=$1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
out=$(TMPDIR=$tmp "$bin" demo 2>&1); rc=$?
fail() { echo "demo.sh: $*"; echo "$out"; exit 1; }
[ "$rc" -eq 0 ] || fail "exit $rc, expected 0"
act() {   # act N: the text of act N, up to the next === line
	awk -v n="$1" '/^=== /{on = index($0, "=== " n ".") == 1; next} on' <<<"$out"
}
correct=$(act 1); buggy=$(act 2); replay=$(act 3)

cases=$(sed -n 's/^guest inputs: \([0-9]*\) cases.*/\1/p' <<<"$correct")
[ -n "$cases" ] && [ "$cases" -gt 0 ] || fail "no case count"
grep -q "^verification results:: $cases verified, 0 errors$" <<<"$correct" || fail "correct module"
grep -q "^  verified  pvalidate " <<<"$correct" || fail "no per-case lines"

grep -q "^error: precondition not satisfied$" <<<"$buggy" || fail "no precondition report"
grep -q "^  --> svsm/core/validate\.c:[0-9]" <<<"$buggy" || fail "no module call site"
grep -q "hal_rmpadjust" <<<"$buggy" || fail "the call site is not the RMPADJUST"
grep -q "^  ::: clause page-public-to-vmpl$" <<<"$buggy" || fail "clause not named"
grep -q "^  ::: specs/contracts\.smt2:[0-9]" <<<"$buggy" || fail "no specs line"
grep -q "= proven counterexample: " <<<"$buggy" || fail "not proven"
grep -q "^verification results:: 0 verified, 1 errors$" <<<"$buggy" || fail "bugged totals"

grep -q ">> the hypervisor assigns the module's secrets page" <<<"$replay" || fail "no hv note"
grep -q "hv *rmpupdate *spa=" <<<"$replay" || fail "the replay prints no hypervisor event"
grep -q '>> the guest reads "VMPCK0-secret-key-bytes!"' <<<"$replay" || fail "no secret read"
grep -q "^result: the replay breaks page-public-to-vmpl" <<<"$replay" || fail "replay result"
grep -q "VMPCK0-secret" <<<"$correct$buggy" && fail "the secret shows before the replay"

file=$(sed -n 's/^The counterexample is \(.*\) (a \.json beside it):$/\1/p' <<<"$out")
case $file in "$tmp"/svsmlab-demo-*/counterexample.lua) ;; *) fail "file '$file' not in \$TMPDIR" ;; esac
[ -f "$file" ] && [ -f "${file%.lua}.json" ] || fail "no counterexample file"
grep -q "svsmlab explore $file$" <<<"$out" || fail "no explore command"
grep -q "svsmlab dot $file -T svg" <<<"$out" || fail "no dot command"
run=$("$bin" run "$file" 2>&1) || fail "svsmlab run $file failed: $run"
grep -q "the expected violation page-public-to-vmpl fired" <<<"$run" || fail "replay: $run"
exit 0
