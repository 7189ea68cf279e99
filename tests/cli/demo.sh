#!/usr/bin/env bash
# The demo: the correct module keeps the secret and no check fires; with
# bug 1 the guest reads VMPCK0 and the report names the grant and the clause.
set -u
bin=$1
out=$("$bin" demo 2>&1); rc=$?
fail() { echo "demo.sh: $*"; echo "$out"; exit 1; }
[ "$rc" -eq 0 ] || fail "exit $rc, expected 0"
correct=${out%%=== with --bug*}
buggy=${out#*=== with --bug}
grep -q "result: the guest read no secret; 0 check(s) fired" <<<"$correct" || fail "correct run"
grep -q "VMPCK0-secret" <<<"$correct" && fail "the correct run shows the secret"
grep -q '"VMPCK0-secret-key-bytes!"' <<<"$buggy" || fail "buggy run did not read the secret"
grep -q "error: precondition not satisfied" <<<"$buggy" || fail "no precondition report"
grep -q "  --> svsm/core/.*\.c:[0-9]" <<<"$buggy" || fail "no module call site"
grep -q "hal_rmpadjust" <<<"$buggy" || fail "the call site is not the RMPADJUST"
grep -q "::: clause page-public-to-vmpl" <<<"$buggy" || fail "clause not named"
exit 0
