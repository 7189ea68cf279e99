#!/usr/bin/env bash
# The demo: verify passes the correct PVALIDATE handler; with bug 1 it
# reports the RMPADJUST and the clause and proves it; the replay of the
# counterexample shows the guest reading VMPCK0; the file it leaves replays.
set -u
bin=$1
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/cli.sh

TMPDIR=$tmp run 0 demo   # its counterexample goes to $TMPDIR
act() {   # act N: the text of act N, up to the next === line
	awk -v n="$1" '/^=== /{on = index($0, "=== " n ".") == 1; next} on' <<<"$out"
}
correct=$(act 1); buggy=$(act 2)

cases=$(sed -n 's/^guest inputs: \([0-9]*\) cases.*/\1/p' <<<"$correct")
[ -n "$cases" ] && [ "$cases" -gt 0 ] || fail "no case count in: $correct"
grep -q "^verification results:: $cases verified, 0 errors$" <<<"$correct" ||
	fail "correct module: $correct"
# Each line: the act, a pattern its text must match, and what is wrong if not.
while IFS='|' read -r n pattern why; do
	grep -q -- "$pattern" <<<"$(act "$n")" || fail "act $n: $why: $(act "$n")"
done <<'EXPECT'
1|^  verified  pvalidate |no per-case lines
2|^error: precondition not satisfied$|no precondition report
2|^  --> svsm/core/validate\.c:[0-9]|no module call site
2|hal_rmpadjust|the call site is not the RMPADJUST
2|^  ::: clause page-public-to-vmpl$|clause not named
2|^  ::: specs/contracts\.smt2:[0-9]|no specs line
2|= proven counterexample: |not proven
2|^verification results:: 0 verified, 1 errors$|bugged totals
2|= shrunk by replay: [0-9]* -> [0-9]* steps, [0-9]* -> 2 hypervisor moves|not shrunk to the attack's two moves
3|>> the hypervisor assigns the module's secrets page|no hv note
3|hv *rmpupdate *spa=|the replay prints no hypervisor event
3|>> the guest reads "VMPCK0-secret-key-bytes!"|no secret read
3|^result: the replay breaks page-public-to-vmpl|replay result
EXPECT
grep -q "VMPCK0-secret" <<<"$correct$buggy" && fail "the secret shows before the replay: $out"
# Only the moves the attack needs: the secrets page re-bound to the guest's
# GPA, in the guest's ASID, and mapped there; none that leaves it alone.
replay=$(act 3)
grep -q "leaves the secrets page alone" <<<"$replay" && fail "a move the attack does not need: $replay"
[ "$(grep -c "^ *[0-9]* hv " <<<"$replay")" -eq 2 ] || fail "not two hypervisor moves: $replay"
grep -q "hv *rmpupdate *spa=0x1000 gpa=0x20000 flags=assigned,asid=1,4k" <<<"$replay" ||
	fail "the secrets page is not re-bound in the guest's ASID: $replay"

file=$(sed -n 's/^The counterexample is \(.*\) (a \.json beside it):$/\1/p' <<<"$out")
case $file in "$tmp"/svsmlab-demo-*/counterexample.lua) ;; *) fail "file '$file' not in \$TMPDIR" ;; esac
[ -f "$file" ] && [ -f "${file%.lua}.json" ] || fail "no counterexample file"
has "svsmlab explore $file$"
has "svsmlab dot $file -T svg"
expect 0 "the expected violation page-public-to-vmpl fired" run "$file"
exit 0
